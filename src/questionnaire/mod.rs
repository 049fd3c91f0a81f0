//! The DPIA questionnaire: data under `questionnaires/` (embedded `dpia.toml`, or any file
//! with `--questionnaire`), loaded and linted with file and line in every problem, the
//! answers (given or suggested from the scan), visibility of conditional questions, and
//! pre-filling from a scan.

pub mod answers;
pub mod display;
pub mod engine;
pub mod legal;
pub mod load;
pub mod model;
pub mod prefill;
mod prefill_flows;

pub use answers::{Answer, AnswerValue, Answers, AnswersError, Context, ImportedNote, Origin};
pub use load::{load, LintProblem, QuestionnaireError};
pub use model::{Question, QuestionType, Questionnaire, Section};

/// The group where the DPO confirms, changes or dismisses the scan's findings per column.
/// Its items (fields `column`, `categories`, `decision`, `minimisation`) decide which
/// categories count as processed once the DPO has answered it.
pub const COLUMN_REVIEW: &str = "description.columns";

/// The group holding the DPO's decisions on the code's data flows (fields `flow`, the flow's
/// [`crate::scan::code::Flow::key`], `decision`, `note`); undecided flows have no item.
pub const FLOW_REVIEW: &str = "description.flows";

/// The shipped questionnaire's file name and text.
pub const BUILTIN: (&str, &str) = (
    "questionnaires/dpia.toml",
    include_str!("../../questionnaires/dpia.toml"),
);

/// The shipped DPIA questionnaire.
pub fn builtin() -> Result<Questionnaire, QuestionnaireError> {
    load(BUILTIN.0, BUILTIN.1)
}
