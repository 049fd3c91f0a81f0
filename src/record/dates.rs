//! Checking the timestamps and dates callers pass in, and the little calendar arithmetic the
//! review dates need (a day count for comparisons, one year after signing). Kept here so the
//! record needs no date crate and never reads the clock.

pub(crate) use crate::calendar::{digits, Date};

/// True for an RFC 3339 UTC timestamp `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let (Some(date), Some(rest)) = (s.get(..10), s.get(10..)) else {
        return false;
    };
    if Date::parse(date).is_none() {
        return false;
    }
    let Some(time) = rest.strip_prefix('T').and_then(|r| r.strip_suffix('Z')) else {
        return false;
    };
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (time, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return false;
    };
    let field = |p: &str, max: u32| p.len() == 2 && digits(p).is_some_and(|v| v <= max);
    field(h, 23) && field(m, 59) && field(sec, 60)
}

/// The date part of a timestamp that [`is_timestamp`] accepted.
pub(crate) fn date_of(timestamp: &str) -> Option<Date> {
    timestamp.get(..10).and_then(Date::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_count() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-011").is_none());
        let leap = Date::parse("2024-02-29").unwrap().plus_one_year();
        assert_eq!(leap.to_string(), "2025-02-28");
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert!(is_timestamp("2026-11-25T10:00:00Z"));
        assert!(is_timestamp("2026-11-25T10:00:00.123Z"));
        assert!(!is_timestamp("2026-11-25T10:00:00+01:00"));
        assert!(!is_timestamp("2026-11-25 10:00:00Z"));
        assert!(!is_timestamp("2026-11-25T24:00:00Z"));
        assert!(!is_timestamp("2026-11-25T10:00:00.Z"));
        assert!(!is_timestamp("é"));
    }
}
