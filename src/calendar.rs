//! Calendar arithmetic without a date crate: days since 1970-01-01 to and from a civil date
//! (Howard Hinnant's algorithms), and RFC 3339 UTC timestamps to seconds. One copy for the
//! record's review dates, the PDF dates, certificate validity and the CLI's clock, and the
//! one calendar [`Date`] type (`YYYY-MM-DD`, checked that the day exists).

/// Days since 1970-01-01 of the civil date `y-m-d` (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let m = i64::from(m);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds since 1970 of exactly `YYYY-MM-DDTHH:MM:SSZ` (a day that exists).
pub fn unix_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let date = Date::parse(s.get(..10)?)?;
    let num = |r: std::ops::Range<usize>| digits(s.get(r)?).map(i64::from);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(date.days() * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// `YYYY-MM-DD HH:MM:SS UTC` for seconds since 1970.
pub fn format_utc(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rest = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date, if the day exists (`2026-02-31` does not).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The date of a day count since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month,
            day,
        }
    }

    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&s[0..4])? as i32;
        Date::from_ymd(year, digits(&s[5..7])?, digits(&s[8..10])?)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The same day `months` later; a day the month does not have becomes its last day
    /// (31 August + 6 months is 28 or 29 February).
    pub fn plus_months(self, months: u32) -> Date {
        let index = i64::from(self.month - 1) + i64::from(months);
        let year = self.year + (index / 12) as i32;
        let month = (index % 12) as u32 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The same day one year later; 29 February becomes 28 February.
    pub fn plus_one_year(self) -> Date {
        let year = self.year + 1;
        Date {
            year,
            month: self.month,
            day: self.day.min(days_in_month(year, self.month)),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub(crate) fn digits(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Days in a month of the proleptic Gregorian calendar; 0 for a month that is not 1-12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_days_that_exist_are_dates() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2026, 13), 0);
        assert_eq!(days_in_month(2026, 0), 0);
        for bad in [
            "2026-02-31",
            "2026-04-31",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::from_ymd(2026, 2, 29), None);
        let d = Date::from_ymd(2024, 2, 29).unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(unix_seconds("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(unix_seconds("2026-02-31T10:00:00Z"), None);
        assert_eq!(unix_seconds("2026-02-28T10:00+00Z"), None);
    }

    #[test]
    fn months_are_added_keeping_the_day_where_the_month_has_it() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2026-11-25").plus_months(6), d("2027-05-25"));
        assert_eq!(d("2026-11-25").plus_months(24), d("2028-11-25"));
        assert_eq!(d("2026-08-31").plus_months(6), d("2027-02-28"));
        assert_eq!(d("2027-08-31").plus_months(6), d("2028-02-29"));
        assert_eq!(
            d("2026-01-15").plus_months(12),
            d("2026-01-15").plus_one_year()
        );
    }

    #[test]
    fn days_round_trip_across_eras_and_leap_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 11, 25), 20_782);
        assert_eq!(civil_from_days(20_782), (2026, 11, 25));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn timestamps() {
        assert_eq!(unix_seconds("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(unix_seconds("2026-11-25T10:00:00Z"), Some(1_795_600_800));
        assert_eq!(unix_seconds("2026-11-25T10:00:00"), None);
        assert_eq!(unix_seconds("2026-13-25T10:00:00Z"), None);
        assert_eq!(format_utc(1_795_600_800), "2026-11-25 10:00:00 UTC");
    }
}
