//! Dates as the CNIL tool writes them: ISO-8601 from JavaScript's `toISOString()`
//! (`2026-12-14T23:00:00.000Z`), parsed with the `time` crate (RFC 3339). A due date picked in
//! a browser is the local midnight of that day, written in UTC: in Paris, 15 December becomes
//! `2026-12-14T23:00:00.000Z`. So a UTC time is read as the day of the nearest midnight,
//! which is the day the user picked for any offset from UTC-11 to UTC+12; a time with its own
//! offset is read as its local day. Exports write dates as midnight UTC, which read back to
//! the same day.

use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// The calendar day (`YYYY-MM-DD`) a CNIL date means, or `None` when it is not a date.
pub fn day(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = crate::calendar::Date::parse(s) {
        return Some(d.to_string());
    }
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    let date: Date = if t.offset() == UtcOffset::UTC {
        t.checked_add(Duration::hours(12))?.date()
    } else {
        t.date()
    };
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

/// A dpia date (`YYYY-MM-DD`) as the CNIL tool writes dates: midnight UTC.
pub fn from_day(day: &str) -> String {
    format!("{day}T00:00:00.000Z")
}

/// A record timestamp (`2026-11-25T10:00:00Z`) as the CNIL tool writes times, with
/// milliseconds.
pub fn from_timestamp(ts: &str) -> String {
    match ts.strip_suffix('Z') {
        Some(rest) if !rest.contains('.') => format!("{rest}.000Z"),
        _ => ts.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picked_day_survives_the_time_zone() {
        assert_eq!(
            day("2026-12-14T23:00:00.000Z").as_deref(),
            Some("2026-12-15")
        );
        assert_eq!(day("2026-12-15T05:00:00Z").as_deref(), Some("2026-12-15"));
        assert_eq!(
            day("2026-12-15T00:00:00.000Z").as_deref(),
            Some("2026-12-15")
        );
        assert_eq!(
            day("2026-09-01T23:30:00+02:00").as_deref(),
            Some("2026-09-01")
        );
        assert_eq!(day("2026-10-01").as_deref(), Some("2026-10-01"));
        assert_eq!(day(&from_day("2027-02-28")).as_deref(), Some("2027-02-28"));
        assert_eq!(day("next week"), None);
        assert_eq!(day("2026-02-30"), None);
    }

    #[test]
    fn timestamps_get_milliseconds() {
        assert_eq!(
            from_timestamp("2026-11-25T10:00:00Z"),
            "2026-11-25T10:00:00.000Z"
        );
    }
}
