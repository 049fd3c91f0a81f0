//! The one place dpia reads the time, for every shell. An action (a `dpia sign`, a TUI save)
//! reads the clock once into a [`Now`] and passes that value down, so the signing time in the
//! PDF, the time in the record and the certificate check all name the same instant.
//!
//! `DPIA_NOW` fixes the clock for tests and reproducible runs, but only beside the explicit
//! test switch `DPIA_TEST_CLOCK=1`; set alone it is an error rather than a silent backdating.
//! A signing time is never taken from `DPIA_NOW` in a release build: there [`Purpose::Signing`]
//! reads the system clock and [`Now::ignored_override`] says that the override was ignored.
//!
//! This module and [`crate::files`] are the library's sanctioned doors to the environment:
//! everything else receives times as arguments.

use crate::calendar::{format_utc, Date};
use thiserror::Error;

/// The variable that fixes the clock (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`).
pub const OVERRIDE_VAR: &str = "DPIA_NOW";
/// The switch that must be `1` for [`OVERRIDE_VAR`] to be honoured.
pub const SWITCH_VAR: &str = "DPIA_TEST_CLOCK";

/// Why the clock could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ClockError {
    #[error("DPIA_NOW='{value}' is not a date such as 2026-11-25 or 2026-11-25T10:00:00Z")]
    BadOverride { value: String },
    #[error("DPIA_NOW is set, but it is only honoured together with DPIA_TEST_CLOCK=1")]
    OverrideWithoutSwitch,
}

/// What the time is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Dates of scans, record events and exports: the override applies.
    Record,
    /// The signing time of a signature: the override applies only in debug (test) builds.
    Signing,
}

/// One reading of the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Now {
    /// Seconds since 1970, UTC.
    pub unix: u64,
    /// True when the time came from `DPIA_NOW`.
    pub overridden: bool,
    /// True when `DPIA_NOW` was set but not used (a signing time in a release build).
    pub ignored_override: bool,
}

impl Now {
    /// A fixed instant (tests, benchmarks).
    pub fn at(unix: u64) -> Now {
        Now {
            unix,
            overridden: false,
            ignored_override: false,
        }
    }

    /// RFC 3339 UTC, `2026-11-25T10:00:00Z`.
    pub fn rfc3339(&self) -> String {
        let rest = self.unix % 86_400;
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        )
    }

    /// The civil date (UTC).
    pub fn date(&self) -> Date {
        Date::from_days((self.unix / 86_400) as i64)
    }

    /// `YYYY-MM-DD`.
    pub fn day(&self) -> String {
        self.date().to_string()
    }

    /// `YYYY-MM-DD HH:MM:SS UTC`, for people.
    pub fn human(&self) -> String {
        format_utc(self.unix)
    }
}

/// The clock settings read from the environment once per process.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clock {
    /// The value of `DPIA_NOW`, if set.
    pub override_value: Option<String>,
    /// Whether `DPIA_TEST_CLOCK=1` is set.
    pub test_switch: bool,
}

impl Clock {
    /// Reads `DPIA_NOW` and `DPIA_TEST_CLOCK`.
    pub fn from_env() -> Clock {
        Clock {
            override_value: std::env::var(OVERRIDE_VAR).ok(),
            test_switch: std::env::var(SWITCH_VAR).is_ok_and(|v| v == "1"),
        }
    }

    /// Reads the clock once for `purpose`.
    pub fn now(&self, purpose: Purpose) -> Result<Now, ClockError> {
        self.resolve(purpose, system_seconds(), cfg!(debug_assertions))
    }

    /// The time for `purpose` given the system time and whether this is a debug build: the
    /// rules of the module doc, as a pure function.
    pub fn resolve(&self, purpose: Purpose, system: u64, debug: bool) -> Result<Now, ClockError> {
        let Some(value) = self.override_value.as_deref() else {
            return Ok(Now::at(system));
        };
        if !self.test_switch {
            return Err(ClockError::OverrideWithoutSwitch);
        }
        let fixed = parse_override(value).ok_or_else(|| ClockError::BadOverride {
            value: value.to_string(),
        })?;
        if purpose == Purpose::Signing && !debug {
            return Ok(Now {
                unix: system,
                overridden: false,
                ignored_override: true,
            });
        }
        Ok(Now {
            unix: fixed,
            overridden: true,
            ignored_override: false,
        })
    }
}

fn system_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Seconds since 1970 of `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM:SS` (`Z` optional).
fn parse_override(value: &str) -> Option<u64> {
    let date = Date::parse(value.get(..10)?)?;
    let mut secs = date.days().checked_mul(86_400)?;
    if let Some(time) = value.get(10..).filter(|t| !t.is_empty()) {
        let time = time.strip_prefix(['T', ' '])?;
        let time = time.strip_suffix('Z').unwrap_or(time);
        let mut hms = time.split(':');
        let h: i64 = hms.next()?.parse().ok()?;
        let mi: i64 = hms.next()?.parse().ok()?;
        let s: i64 = hms.next().map_or(Some(0), |s| s.parse().ok())?;
        if h > 23 || mi > 59 || s > 60 {
            return None;
        }
        secs += h * 3600 + mi * 60 + s;
    }
    u64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(value: Option<&str>, switch: bool) -> Clock {
        Clock {
            override_value: value.map(str::to_string),
            test_switch: switch,
        }
    }

    const SYSTEM: u64 = 1_800_000_000;

    #[test]
    fn override_needs_the_test_switch() {
        let c = clock(Some("2026-11-25"), false);
        assert_eq!(
            c.resolve(Purpose::Record, SYSTEM, true),
            Err(ClockError::OverrideWithoutSwitch)
        );
        let c = clock(Some("2026-11-25T10:00:00Z"), true);
        let now = c.resolve(Purpose::Record, SYSTEM, false).expect("now");
        assert_eq!(now.rfc3339(), "2026-11-25T10:00:00Z");
        assert!(now.overridden);
        assert_eq!(now.day(), "2026-11-25");
    }

    #[test]
    fn signing_time_ignores_the_override_in_release_builds() {
        let c = clock(Some("2020-06-01"), true);
        let release = c.resolve(Purpose::Signing, SYSTEM, false).expect("now");
        assert_eq!(release.unix, SYSTEM);
        assert!(release.ignored_override && !release.overridden);
        let debug = c.resolve(Purpose::Signing, SYSTEM, true).expect("now");
        assert_eq!(debug.rfc3339(), "2020-06-01T00:00:00Z");
    }

    #[test]
    fn no_override_is_the_system_clock_and_bad_values_are_errors() {
        assert_eq!(
            clock(None, true)
                .resolve(Purpose::Signing, SYSTEM, false)
                .expect("now"),
            Now::at(SYSTEM)
        );
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-02-31",
            "2026-11-25T25:00:00Z",
            "2026-11-25x",
        ] {
            assert!(
                matches!(
                    clock(Some(bad), true).resolve(Purpose::Record, SYSTEM, true),
                    Err(ClockError::BadOverride { .. })
                ),
                "{bad}"
            );
        }
    }
}
