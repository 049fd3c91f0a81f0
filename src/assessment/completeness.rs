//! What is still missing before sign-off: every visible required question unanswered, every
//! suggestion from the scan and every draft not yet confirmed, every empty required group and every required
//! field of a group item. One function serves the CLI, the TUI's progress and the sign-off
//! check, so they never disagree.
//!
//! A screening that concludes "not required" is a record of its own (WP248 expects the
//! threshold reasoning to be documented): then only the screening, the description and the
//! sign-off questions of [`SHORT_RECORD_SIGNOFF`] are required.

use super::codes as c;
use super::finding::Finding;
use super::screening::Outcome;
use crate::questionnaire::answers::{AnswerValue, Answers, Context, Origin};
use crate::questionnaire::model::{QuestionType, Questionnaire};
use serde::{Deserialize, Serialize};

/// Something still missing before sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// The question id, or `group[n].field` for a field of a group item.
    pub question: String,
    #[serde(alias = "message")]
    pub finding: Finding,
}

/// Answered versus required visible questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answered: usize,
    pub required: usize,
}

/// The sign-off questions a "not required" screening record still needs.
pub const SHORT_RECORD_SIGNOFF: &[&str] = &[
    "signoff.dpo_advice",
    "signoff.dpo_advice_followed",
    "signoff.dpo_not_followed_reason",
    "signoff.decision",
    "signoff.next_review",
];

/// Whether question `id` (marked `required` in the questionnaire) counts as required for an
/// assessment whose screening concluded `outcome`: a "not required" screening needs only the
/// short record. The TUI's section ticks use this with [`completeness`]'s missing list.
pub fn counts_as_required(id: &str, required: bool, outcome: Outcome) -> bool {
    required && (outcome != Outcome::NotRequired || in_short_record(id))
}

fn in_short_record(id: &str) -> bool {
    id.starts_with("screening.")
        || id.starts_with("description.")
        || SHORT_RECORD_SIGNOFF.contains(&id)
}

/// Progress and missing items.
pub fn completeness(
    questionnaire: &Questionnaire,
    answers: &Answers,
    ctx: &Context<'_>,
    outcome: Outcome,
) -> (Progress, Vec<Missing>) {
    let mut missing = Vec::new();
    let mut progress = Progress {
        answered: 0,
        required: 0,
    };
    for q in questionnaire.questions() {
        if !answers.visible(q, ctx) {
            continue;
        }
        let required = counts_as_required(&q.id, q.required, outcome);
        let item = |code: &str, question: String| Missing {
            finding: Finding::new(code).with("question", question.clone()),
            question,
        };
        let Some(answer) = answers.values.get(&q.id) else {
            if required {
                progress.required += 1;
                missing.push(item(c::MISSING_UNANSWERED, q.id.clone()));
            }
            continue;
        };
        // A suggestion from the scan is not an answer until the DPO confirms it.
        if answer.origin == Origin::SuggestedFromScan {
            if required {
                progress.required += 1;
            }
            let code = if q.id == super::review::NEXT_REVIEW {
                c::MISSING_REVIEW_SUGGESTED
            } else {
                c::MISSING_SUGGESTED
            };
            missing.push(item(code, q.id.clone()));
            continue;
        }
        // Nor is a draft kept when the terminal UI quit mid-answer.
        if answer.origin == Origin::Draft {
            if required {
                progress.required += 1;
            }
            missing.push(item(c::MISSING_DRAFT, q.id.clone()));
            continue;
        }
        let mut complete = true;
        if q.kind == QuestionType::Group {
            if let AnswerValue::Group(items) = &answer.value {
                if required && items.is_empty() {
                    complete = false;
                    missing.push(item(c::MISSING_ENTRIES, q.id.clone()));
                }
                for (n, entry) in items.iter().enumerate() {
                    for field in &q.fields {
                        if field.required
                            && !entry.contains_key(&field.id)
                            && answers.field_visible(field, entry, ctx)
                        {
                            complete = false;
                            missing.push(item(
                                c::MISSING_UNANSWERED,
                                format!("{}[{}].{}", q.id, n + 1, field.id),
                            ));
                        }
                    }
                }
            }
        }
        if required {
            progress.required += 1;
            if complete {
                progress.answered += 1;
            }
        }
    }
    (progress, missing)
}
