//! Risk levels on the CNIL scales: severity and likelihood, four levels each, combine into
//! low / moderate / high / very high. The zones of this map are dpia's own convention: the
//! CNIL method fixes the scales but not the zones, and whether a residual risk is acceptable
//! stays the DPO's reasoned decision (see `risks.rs` for how the map and the decision lead to
//! GDPR Art. 36).

use serde::{Deserialize, Serialize};

/// A risk level from the 4x4 map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Moderate,
    High,
    VeryHigh,
}

impl Level {
    /// Combines severity and likelihood (1..=4 each); `None` when out of range.
    ///
    /// | severity \ likelihood | 1 | 2 | 3 | 4 |
    /// |---|---|---|---|---|
    /// | 4 maximum | moderate | high | very high | very high |
    /// | 3 significant | moderate | high | high | very high |
    /// | 2 limited | low | moderate | moderate | high |
    /// | 1 negligible | low | low | moderate | moderate |
    pub fn of(severity: i64, likelihood: i64) -> Option<Level> {
        use Level::*;
        const MAP: [[Level; 4]; 4] = [
            [Low, Low, Moderate, Moderate],
            [Low, Moderate, Moderate, High],
            [Moderate, High, High, VeryHigh],
            [Moderate, High, VeryHigh, VeryHigh],
        ];
        let s = usize::try_from(severity.checked_sub(1)?).ok()?;
        let l = usize::try_from(likelihood.checked_sub(1)?).ok()?;
        MAP.get(s)?.get(l).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Moderate => "moderate",
            Level::High => "high",
            Level::VeryHigh => "very high",
        }
    }

    /// The stable code (`very_high`), also the key `level.<code>` of its wording.
    pub fn code(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Moderate => "moderate",
            Level::High => "high",
            Level::VeryHigh => "very_high",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_corners_and_bounds() {
        assert_eq!(Level::of(1, 1), Some(Level::Low));
        assert_eq!(Level::of(4, 4), Some(Level::VeryHigh));
        assert_eq!(Level::of(3, 2), Some(Level::High));
        assert_eq!(Level::of(2, 2), Some(Level::Moderate));
        assert_eq!(Level::of(0, 2), None);
        assert_eq!(Level::of(5, 1), None);
        assert_eq!(Level::of(4, 1), Some(Level::Moderate));
        assert_eq!(Level::VeryHigh.code(), "very_high");
    }
}
