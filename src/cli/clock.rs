//! The only place that reads the clock: `DPIA_NOW` (an ISO date `YYYY-MM-DD`, optionally
//! with a time) overrides it so tests and reproducible runs get fixed dates.

use super::error::CliError;
use dpia::calendar::{self, civil_from_days};

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
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    Ok((y as i32, m, d))
}

/// Today as a calendar date (see [`today`]).
pub fn today_date() -> Result<calendar::Date, CliError> {
    let (year, month, day) = today()?;
    Ok(calendar::Date { year, month, day })
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
    calendar::unix_seconds(&now)
        .and_then(|s| u64::try_from(s).ok())
        .ok_or_else(|| {
            CliError::usage(format!("DPIA_NOW gives '{now}', which is not a time"))
                .hint("set DPIA_NOW to an ISO date such as 2026-11-25 or 2026-11-25T10:00:00Z")
        })
}

fn parse_date(value: &str) -> Option<(i32, u32, u32)> {
    let date = value.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_dpia_now() {
        assert_eq!(parse_date("2026-11-25T10:00:00Z"), Some((2026, 11, 25)));
        assert_eq!(parse_date("yesterday"), None);
    }
}
