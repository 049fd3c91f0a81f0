//! Everything that can happen in the UI, as data.

use dpia::record::{AssessmentSummary, AuditReport};

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Up,
    Down,
    Home,
    End,
    /// Start typing a filter (`/`).
    StartFilter,
    FilterChar(char),
    FilterBackspace,
    /// Leave filter typing (Enter keeps the filter, Esc clears it).
    EndFilter {
        keep: bool,
    },
    ToggleHelp,
    ToggleLanguage,
    Refresh,
    Audit,
    Quit,
    /// Results of effects.
    Listed(Result<Vec<AssessmentSummary>, String>),
    Audited(Result<AuditReport, String>),
}
