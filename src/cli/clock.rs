//! The only place that reads the clock: `DPIA_NOW` (an ISO date `YYYY-MM-DD`, optionally
//! with a time) overrides it so tests and reproducible runs get fixed dates.

use super::error::CliError;

/// Today's date as (year, month, day), from `DPIA_NOW` or the system clock (UTC).
pub fn today() -> Result<(i32, u32, u32), CliError> {
    if let Ok(value) = std::env::var("DPIA_NOW") {
        return parse_date(&value).ok_or_else(|| {
            CliError::usage(format!("DPIA_NOW='{value}' is not a date"))
                .hint("set DPIA_NOW to an ISO date such as 2026-11-25 or 2026-11-25T10:00:00Z")
        });
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Ok(civil_from_days((secs / 86_400) as i64))
}

/// The current time as RFC 3339 UTC (`2026-11-25T10:00:00Z`), from `DPIA_NOW` (a date gives
/// midnight; a date-time is used as given, normalised to `Z`) or the system clock.
pub fn now() -> Result<String, CliError> {
    if let Ok(value) = std::env::var("DPIA_NOW") {
        let (y, m, d) = parse_date(&value).ok_or_else(|| {
            CliError::usage(format!("DPIA_NOW='{value}' is not a date"))
                .hint("set DPIA_NOW to an ISO date such as 2026-11-25 or 2026-11-25T10:00:00Z")
        })?;
        let time = value
            .get(11..19)
            .filter(|t| t.len() == 8 && t.as_bytes().get(2) == Some(&b':'))
            .unwrap_or("00:00:00");
        return Ok(format!("{y:04}-{m:02}-{d:02}T{time}Z"));
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rest = secs % 86_400;
    Ok(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    ))
}

/// The current time as seconds since 1970, from `DPIA_NOW` or the system clock.
pub fn now_unix() -> Result<u64, CliError> {
    let now = now()?;
    let (y, m, d) = parse_date(&now).unwrap_or((1970, 1, 1));
    let part = |r: std::ops::Range<usize>| now.get(r).and_then(|p| p.parse::<u64>().ok());
    let secs = part(11..13).unwrap_or(0) * 3600
        + part(14..16).unwrap_or(0) * 60
        + part(17..19).unwrap_or(0);
    let days = days_from_civil(y, m, d);
    Ok(u64::try_from(days).unwrap_or(0) * 86_400 + secs)
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_date(value: &str) -> Option<(i32, u32, u32)> {
    let date = value.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_782), (2026, 11, 25));
        assert_eq!(parse_date("2026-11-25T10:00:00Z"), Some((2026, 11, 25)));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(days_from_civil(2026, 11, 25), 20_782);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
}
