//! Calendar dates. The scanner needs them twice: to recognise date columns (so that they are
//! never mistaken for phone numbers or ids) and to spot dates of birth, which are personal data.
//! Accepted: ISO `yyyy-mm-dd` (optionally with a `T...` or ` hh:mm[:ss]` time part),
//! `yyyy/mm/dd`, `dd.mm.yyyy`, `dd/mm/yyyy` (falling back to US `mm/dd/yyyy` when only that reading
//! is valid) and `dd-mm-yyyy`; day and month may have one digit outside ISO. The date and
//! its month lengths are the one [`crate::calendar`]'s; this module only reads the spellings.

use crate::calendar::Date;

/// Parse a date value into a [`Date`] if it is a valid calendar date in one of the formats
/// above. Years must have four digits (1000-9999).
pub fn parse_date(value: &str) -> Option<Date> {
    let b = value.trim().as_bytes();
    if b.len() < 8 || b.len() > 40 {
        return None;
    }
    let split = b
        .iter()
        .position(|&c| c == b'T' || c == b' ')
        .unwrap_or(b.len());
    let (date, time) = b.split_at(split);
    let (ymd, iso) = parse_date_part(date)?;
    if let Some((&sep, rest)) = time.split_first() {
        if (sep == b'T' && !iso) || !valid_time(rest) {
            return None;
        }
    }
    Some(ymd)
}

/// The date part; the flag tells whether it was ISO `yyyy-mm-dd` (the only form that may be
/// followed by a `T` time part).
fn parse_date_part(b: &[u8]) -> Option<(Date, bool)> {
    let sep = *b.iter().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, b'-' | b'.' | b'/') {
        return None;
    }
    let mut it = b.split(|&c| c == sep);
    let (p1, p2, p3) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (n1, n2, n3) = (number(p1)?, number(p2)?, number(p3)?);
    if p1.len() == 4 {
        if p2.len() > 2 || p3.len() > 2 || (sep == b'-' && (p2.len() != 2 || p3.len() != 2)) {
            return None;
        }
        Some((valid_ymd(n1, n2, n3)?, sep == b'-'))
    } else if p3.len() == 4 && p1.len() <= 2 && p2.len() <= 2 {
        let dmy = valid_ymd(n3, n2, n1);
        let ymd = if dmy.is_none() && sep == b'/' {
            valid_ymd(n3, n1, n2)
        } else {
            dmy
        };
        Some((ymd?, false))
    } else {
        None
    }
}

/// 1-4 ASCII digits as a number.
fn number(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')))
}

fn valid_ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::from_ymd(i32::try_from(y).ok()?, m, d)
}

/// Two ASCII digits at the start of `b`, as a number, and the rest.
fn two_digits(b: &[u8]) -> Option<(u32, &[u8])> {
    match b {
        [a, c, rest @ ..] if a.is_ascii_digit() && c.is_ascii_digit() => {
            Some((u32::from(a - b'0') * 10 + u32::from(c - b'0'), rest))
        }
        _ => None,
    }
}

/// `hh:mm[:ss[.fraction]]` followed by an optional zone (`Z`, `+01:00`, `+0100`, `UTC`).
fn valid_time(t: &[u8]) -> bool {
    let Some((h, rest)) = two_digits(t) else {
        return false;
    };
    let Some((m, mut rest)) = rest.strip_prefix(b":").and_then(two_digits) else {
        return false;
    };
    if h > 23 || m > 59 {
        return false;
    }
    if let Some(r) = rest.strip_prefix(b":") {
        let Some((s, r)) = two_digits(r) else {
            return false;
        };
        if s > 60 {
            return false;
        }
        rest = r;
        if let Some(frac) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return false;
            }
            rest = &frac[n..];
        }
    }
    valid_zone(rest.strip_prefix(b" ").unwrap_or(rest))
}

fn valid_zone(z: &[u8]) -> bool {
    let d = |c: &u8| c.is_ascii_digit();
    match z {
        b"" | b"Z" | b"z" | b"UTC" | b"GMT" => true,
        [b'+' | b'-', rest @ ..] => match rest {
            [a, b] => d(a) && d(b),
            [a, b, c, e] => d(a) && d(b) && d(c) && d(e),
            [a, b, b':', c, e] => d(a) && d(b) && d(c) && d(e),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_dates() {
        let cases = [
            ("2026-10-08", (2026, 10, 8)),
            ("2026-01-03T10:00:00", (2026, 1, 3)),
            ("2026-01-03T10:00:00.123Z", (2026, 1, 3)),
            ("2026-01-03T10:00:00+01:00", (2026, 1, 3)),
            ("2026-01-03 10:00", (2026, 1, 3)),
            ("2026-01-03 10:00:59 UTC", (2026, 1, 3)),
            ("08.10.2026", (2026, 10, 8)),
            ("8.1.1990", (1990, 1, 8)),
            ("08.10.2026 14:30", (2026, 10, 8)),
            ("08/10/2026", (2026, 10, 8)),
            ("12/25/1990", (1990, 12, 25)),
            ("2026/10/08", (2026, 10, 8)),
            ("08-10-2026", (2026, 10, 8)),
            ("2024-02-29", (2024, 2, 29)),
            ("2000-02-29", (2000, 2, 29)),
            (" 1985-12-31 ", (1985, 12, 31)),
        ];
        for (v, want) in cases {
            let (year, month, day) = want;
            assert_eq!(parse_date(v), Some(Date { year, month, day }), "{v}");
        }
    }

    #[test]
    fn invalid_dates() {
        for v in [
            "2026-02-30",
            "2023-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-3",
            "32.01.2026",
            "08.10.26",
            "08.10.2026T10:00",
            "2026-01-03T25:00",
            "2026-01-03T10:60",
            "2026-01-03T10:00:00+1",
            "2026-01-03 foo",
            "0999-01-01",
            "2026.10",
            "12.50",
            "1.2.3.4",
            "20261008",
            "2026-10-08-01",
            "2026/10-08",
            "open",
            "",
        ] {
            assert_eq!(parse_date(v), None, "{v}");
        }
    }
}
