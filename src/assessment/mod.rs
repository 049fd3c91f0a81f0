//! The evaluation: turns a questionnaire's answers (and the scan) into conclusions a DPO
//! signs: is a DPIA required and why, the status of every transfer, Art. 28 gaps, risk
//! levels before and after measures, whether Art. 36 consultation is required, and what is
//! still missing before the DPIA can be signed. A pure function of its inputs.

mod findings;
mod messages;
mod prepare;
pub mod risk;
#[cfg(test)]
mod tests;

use crate::questionnaire::answers::{AnswerValue, Answers, Context, Origin};
use crate::questionnaire::model::{QuestionType, Questionnaire};
use crate::reference::Reference;
use crate::scan::ScanReport;
pub use findings::{ProcessorGap, RiskResult, TransferStatus, TransferVerdict};
use messages::text as msg;
pub use prepare::{fingerprint, prepare, AnswersFile, Prepared};
use risk::Level;
use serde::{Deserialize, Serialize};

/// The screening outcome (GDPR Art. 35(1), (3); WP248 III.B.a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Required,
    Recommended,
    NotRequired,
    /// The screening questions are not answered yet.
    Undetermined,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
}

/// Something still missing before sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    pub question: String,
    pub message: String,
}

/// Answered versus required visible questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answered: usize,
    pub required: usize,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub screening: Screening,
    pub transfers: Vec<TransferStatus>,
    pub processor_gaps: Vec<ProcessorGap>,
    pub risks: Vec<RiskResult>,
    /// The highest risk level after measures (before, where no residual level is given).
    pub overall_residual_risk: Option<Level>,
    pub art36_consultation_required: bool,
    pub art36_reasons: Vec<String>,
    /// Findings that need action whatever else is answered (e.g. no Art. 9(2) condition).
    pub issues: Vec<String>,
    pub progress: Progress,
    pub missing: Vec<Missing>,
    /// The reference tables the evaluation used, with their dates.
    pub reference_as_of: String,
}

/// Evaluates answers against a questionnaire.
pub fn evaluate(
    questionnaire: &Questionnaire,
    answers: &Answers,
    scan: &ScanReport,
    reference: &Reference,
    lang: &str,
) -> Evaluation {
    let categories = crate::questionnaire::prefill::scan_categories(scan);
    let ctx = Context {
        scan_categories: &categories,
        reference,
    };
    let (progress, missing) = completeness(questionnaire, answers, &ctx, lang);
    let transfers = findings::transfers(answers, reference, lang);
    let processor_gaps = findings::processor_gaps(answers, lang);
    let risks = findings::risks(answers, lang);
    let overall_residual_risk = risks
        .iter()
        .filter_map(RiskResult::residual_or_inherent)
        .max();
    let mut art36_reasons: Vec<String> = risks
        .iter()
        .filter(|r| {
            r.residual_or_inherent()
                .is_some_and(Level::requires_consultation)
        })
        .map(|r| {
            let level = r
                .residual_or_inherent()
                .map_or_else(|| "?".to_string(), |l| msg(lang, l.key(), &[]));
            msg(
                lang,
                "art36_reason",
                &[("title", &r.title), ("level", &level)],
            )
        })
        .collect();
    art36_reasons.dedup();
    let mut issues = findings::issues(answers, &answers.effective_categories(&categories), lang);
    issues.extend(findings::column_decisions(answers, lang));
    for t in &transfers {
        if t.verdict == TransferVerdict::NeedsTool {
            issues.push(msg(
                lang,
                "issue_transfer",
                &[("component", &t.component), ("reason", &t.reason)],
            ));
        }
    }
    for g in &processor_gaps {
        issues.push(msg(
            lang,
            "issue_processor",
            &[("processor", &g.processor), ("gaps", &g.missing.join("; "))],
        ));
    }
    Evaluation {
        questionnaire_id: questionnaire.id.clone(),
        questionnaire_version: questionnaire.version.clone(),
        screening: screening(answers, lang),
        transfers,
        processor_gaps,
        art36_consultation_required: !art36_reasons.is_empty(),
        art36_reasons,
        overall_residual_risk,
        risks,
        issues,
        progress,
        missing,
        reference_as_of: reference.as_of.clone(),
    }
}

fn yes(answers: &Answers, id: &str) -> Option<bool> {
    match answers.get(id) {
        Some(AnswerValue::Bool(b)) => Some(*b),
        _ => None,
    }
}

fn list<'a>(answers: &'a Answers, id: &str) -> Option<&'a [String]> {
    match answers.get(id) {
        Some(AnswerValue::List(l)) => Some(l),
        _ => None,
    }
}

/// Art. 35(3) cases and national must-list items make a DPIA mandatory; two or more WP248
/// criteria make it required in most cases; one makes it advisable.
fn screening(answers: &Answers, lang: &str) -> Screening {
    let mut reasons = Vec::new();
    let cases = [
        ("screening.art35_3a", "screening_35_3a"),
        ("screening.art35_3b", "screening_35_3b"),
        ("screening.art35_3c", "screening_35_3c"),
    ];
    let mut mandatory = false;
    let mut unanswered = false;
    for (id, key) in cases {
        match yes(answers, id) {
            Some(true) => {
                mandatory = true;
                let why = msg(lang, key, &[]);
                reasons.push(msg(lang, "screening_yes", &[("why", &why)]));
            }
            Some(false) => {}
            None => unanswered = true,
        }
    }
    if let Some(items) = list(answers, "screening.national_list") {
        for item in items.iter().filter(|i| *i != "none") {
            mandatory = true;
            reasons.push(msg(lang, "screening_must_list", &[("item", item)]));
        }
    }
    let criteria = list(answers, "screening.wp248_criteria");
    let count = criteria.map_or(0, <[String]>::len);
    if let Some(c) = criteria {
        if !c.is_empty() {
            reasons.push(msg(
                lang,
                "screening_criteria",
                &[("count", &count.to_string()), ("list", &c.join(", "))],
            ));
        }
    } else {
        unanswered = true;
    }
    let outcome = if mandatory || count >= 2 {
        Outcome::Required
    } else if unanswered {
        Outcome::Undetermined
    } else if count == 1 {
        reasons.push(msg(lang, "screening_one", &[]));
        Outcome::Recommended
    } else {
        reasons.push(msg(lang, "screening_none", &[]));
        Outcome::NotRequired
    };
    Screening { outcome, reasons }
}

/// Visible required questions: answered, confirmed, and (for groups) complete per item.
fn completeness(
    questionnaire: &Questionnaire,
    answers: &Answers,
    ctx: &Context<'_>,
    lang: &str,
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
        if q.required {
            progress.required += 1;
        }
        let Some(answer) = answers.values.get(&q.id) else {
            if q.required {
                missing.push(Missing {
                    question: q.id.clone(),
                    message: msg(
                        lang,
                        "missing_unanswered",
                        &[("question", q.text.get(lang))],
                    ),
                });
            }
            continue;
        };
        if q.required {
            progress.answered += 1;
        }
        if answer.origin == Origin::SuggestedFromScan {
            missing.push(Missing {
                question: q.id.clone(),
                message: msg(lang, "missing_suggested", &[("question", q.text.get(lang))]),
            });
        }
        if q.kind == QuestionType::Group {
            if let AnswerValue::Group(items) = &answer.value {
                if q.required && items.is_empty() {
                    missing.push(Missing {
                        question: q.id.clone(),
                        message: msg(lang, "missing_entries", &[("question", q.text.get(lang))]),
                    });
                }
                for (n, item) in items.iter().enumerate() {
                    for field in &q.fields {
                        if field.required
                            && !item.contains_key(&field.id)
                            && answers.field_visible(field, item, ctx)
                        {
                            missing.push(Missing {
                                question: format!("{}[{}].{}", q.id, n + 1, field.id),
                                message: msg(
                                    lang,
                                    "missing_unanswered",
                                    &[("question", field.text.get(lang))],
                                ),
                            });
                        }
                    }
                }
            }
        }
    }
    (progress, missing)
}
