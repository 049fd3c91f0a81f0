//! The CLI's door to [`dpia::clock`]: one reading per action, its errors as usage errors with
//! a hint. The rules (`DPIA_NOW` only beside `DPIA_TEST_CLOCK=1`, never for a signing time in
//! a release build) live in the library.

use super::error::CliError;
use dpia::clock::{Clock, ClockError, Now, Purpose};

/// Reads the clock once for `purpose`.
pub fn read(purpose: Purpose) -> Result<Now, CliError> {
    Clock::from_env().now(purpose).map_err(clock_error)
}

/// Today's date, UTC.
pub fn today() -> Result<dpia::calendar::Date, CliError> {
    Ok(read(Purpose::Record)?.date())
}

/// The current time as RFC 3339 UTC (`2026-11-25T10:00:00Z`).
pub fn now() -> Result<String, CliError> {
    Ok(read(Purpose::Record)?.rfc3339())
}

pub fn clock_error(e: ClockError) -> CliError {
    let hint = match e {
        ClockError::OverrideWithoutSwitch => {
            "unset DPIA_NOW, or set DPIA_TEST_CLOCK=1 beside it for a test or a reproducible run"
        }
        ClockError::BadOverride { .. } => {
            "set DPIA_NOW to an ISO date such as 2026-11-25 or 2026-11-25T10:00:00Z"
        }
    };
    CliError::usage(e.to_string()).hint(hint)
}
