//! The evaluation: turns a questionnaire's answers (and the scan) into the conclusions a DPO
//! signs: is a DPIA required and why, the status of every transfer, Art. 28 gaps, risk levels
//! now and after the planned measures, whether Art. 36 consultation is required, issues to
//! act on, and what is still missing before sign-off. A pure function of its inputs (the
//! assessment date is one of them).
//!
//! The evaluation is data: every conclusion is a [`Finding`] (a stable code with
//! parameters), never a sentence. [`Words`] words findings in a language at the edge, so
//! the CLI, the TUI, the report and every export say the same thing in any language without
//! evaluating again. Each rule names its article in the module that holds it: [`screening`],
//! [`transfers`], [`processors`], [`risks`], [`issues`].

pub mod codes;
mod completeness;
mod finding;
mod flows;
mod issues;
mod prepare;
mod processors;
mod read;
pub mod review;
pub mod risk;
mod risks;
mod screening;
#[cfg(test)]
mod tests;
pub mod text;
mod transfers;
pub mod wording;

use crate::calendar::Date;
use crate::questionnaire::answers::{Answers, Context};
use crate::questionnaire::model::Questionnaire;
use crate::reference::Reference;
use crate::scan::ScanReport;
pub use completeness::{counts_as_required, Missing, Progress, SHORT_RECORD_SIGNOFF};
pub use finding::{Finding, Param, LEGACY};
pub use prepare::{check_review_columns, fingerprint, prepare, AnswersFile, Prepared};
pub use processors::ProcessorGap;
use risk::Level;
pub use risks::{Art36Status, RiskResult};
pub use screening::{criteria_from_scan, Outcome, Screening};
use serde::{Deserialize, Serialize};
pub use transfers::{TransferRole, TransferStatus, TransferVerdict};
pub use wording::Words;

/// The version of the evaluation's JSON shape: 2 since findings are codes with parameters.
pub const FORMAT: u32 = 2;

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// [`FORMAT`]; absent (0) in evaluations recorded before findings were codes.
    #[serde(default)]
    pub format: u32,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// The date the evaluation judged against (overdue measures, expired adequacy decisions).
    #[serde(default)]
    pub assessed_on: String,
    pub screening: Screening,
    pub transfers: Vec<TransferStatus>,
    pub processor_gaps: Vec<ProcessorGap>,
    pub risks: Vec<RiskResult>,
    /// The highest risk level after the planned measures (now, where no residual level is given).
    pub overall_residual_risk: Option<Level>,
    pub art36_consultation_required: bool,
    #[serde(default = "undetermined")]
    pub art36_status: Art36Status,
    pub art36_reasons: Vec<Finding>,
    /// The controller's decision (`signoff.decision`), when given.
    #[serde(default)]
    pub decision: Option<String>,
    /// `planned` or `live` (`description.processing_status`), when given.
    #[serde(default)]
    pub processing_status: Option<String>,
    /// Findings that need action whatever else is answered.
    pub issues: Vec<Finding>,
    /// Findings for the record that need no action (a documented acceptance, a hint).
    #[serde(default)]
    pub notes: Vec<Finding>,
    pub progress: Progress,
    pub missing: Vec<Missing>,
    /// The reference tables the evaluation used, with their dates.
    pub reference_as_of: String,
}

fn risks_empty(answers: &Answers) -> bool {
    read::items(answers, "risks.list").is_empty()
}

fn undetermined() -> Art36Status {
    Art36Status::Undetermined
}

/// Evaluates answers against a questionnaire on the date `today`.
pub fn evaluate(
    questionnaire: &Questionnaire,
    answers: &Answers,
    scan: &ScanReport,
    reference: &Reference,
    today: Date,
) -> Evaluation {
    let date = today;
    let today = today.to_string();
    let today = today.as_str();
    let categories = crate::questionnaire::prefill::scan_categories(scan);
    let effective = answers.effective_categories(&categories);
    let ctx = Context {
        scan_categories: &categories,
        reference,
    };
    let (screening, mut issues) = screening::screening(answers, &effective, scan);
    let (progress, mut missing) =
        completeness::completeness(questionnaire, answers, &ctx, screening.outcome);
    let live = read::text(answers, "description.processing_status") == Some("live");
    let transfers = transfers::transfers(answers, reference, today);
    let processor_gaps = processors::gaps(answers);
    let risk_findings = risks::evaluate(answers, today, live);
    let (more, mut notes) = issues::issues(answers, &effective, screening.outcome);
    issues.extend(more);
    issues.extend(transfers::issues(answers, &transfers));
    issues.extend(processors::issues(answers, &processor_gaps, scan));
    issues.extend(risk_findings.issues);
    issues.extend(risks::principles_without_measure(answers));
    issues.extend(flows::issues(scan, answers, reference));
    let (decision_issues, blocks) = risks::decision_issues(answers, risk_findings.art36);
    issues.extend(decision_issues);
    notes.extend(risk_findings.notes);
    for title in &risk_findings.reasons_missing {
        missing.push(Missing {
            question: "risks.list".into(),
            finding: Finding::new(codes::MISSING_RISK_REASON).with("risk", title),
        });
    }
    if blocks {
        missing.push(Missing {
            question: "signoff.art36_consulted".into(),
            finding: Finding::new(codes::MISSING_CONSULTATION),
        });
    }
    let mut art36_reasons = risk_findings.art36_reasons;
    let mut art36 = risk_findings.art36;
    // Art. 36 follows from a DPIA's risk assessment; a screening that concludes no DPIA is
    // needed, with no risk assessed, leaves nothing to consult on.
    if art36 == Art36Status::Undetermined
        && screening.outcome == Outcome::NotRequired
        && risks_empty(answers)
    {
        art36 = Art36Status::NotRequired;
        art36_reasons.clear();
    }
    if art36 == Art36Status::Required {
        art36_reasons.push(Finding::new(if live {
            codes::ART36_STOP_LIVE
        } else {
            codes::ART36_WAIT
        }));
    }
    let risks = risk_findings.risks;
    let overall_residual_risk = risks
        .iter()
        .filter_map(RiskResult::residual_or_inherent)
        .max();
    let next_review = review::suggestion(overall_residual_risk, date, &reference.review_intervals);
    notes.extend(review::note(answers, next_review.as_ref()));
    Evaluation {
        format: FORMAT,
        questionnaire_id: questionnaire.id.clone(),
        questionnaire_version: questionnaire.version.clone(),
        assessed_on: today.to_string(),
        screening,
        transfers,
        processor_gaps,
        overall_residual_risk,
        art36_consultation_required: art36 == Art36Status::Required,
        art36_status: art36,
        art36_reasons,
        decision: read::text(answers, "signoff.decision").map(String::from),
        processing_status: read::text(answers, "description.processing_status").map(String::from),
        risks,
        issues,
        notes,
        progress,
        missing,
        reference_as_of: reference.as_of.clone(),
    }
}

/// Evaluates, pre-filling dpia's suggestion for the next review (from the residual risk, see
/// [`review`]) into `answers` while the DPO has not answered it; what `prepare` and a
/// session use.
pub fn evaluate_suggesting(
    questionnaire: &Questionnaire,
    answers: &mut Answers,
    scan: &ScanReport,
    reference: &Reference,
    today: Date,
) -> Evaluation {
    let evaluation = evaluate(questionnaire, answers, scan, reference, today);
    let next = review::suggestion(
        evaluation.overall_residual_risk,
        today,
        &reference.review_intervals,
    );
    if review::prefill(answers, next.as_ref()) {
        return evaluate(questionnaire, answers, scan, reference, today);
    }
    evaluation
}

impl Evaluation {
    /// Every finding, mutably (to fill in words for output).
    fn findings_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        self.screening
            .reasons
            .iter_mut()
            .chain(self.transfers.iter_mut().map(|t| &mut t.reason))
            .chain(
                self.processor_gaps
                    .iter_mut()
                    .flat_map(|g| g.missing.iter_mut()),
            )
            .chain(self.art36_reasons.iter_mut())
            .chain(self.issues.iter_mut())
            .chain(self.notes.iter_mut())
            .chain(self.missing.iter_mut().map(|m| &mut m.finding))
    }

    /// A copy with every finding's `text` filled in, for output read by people or by scripts
    /// that want the words as well as the codes.
    pub fn worded(&self, words: &Words<'_>) -> Evaluation {
        let mut e = self.clone();
        for f in e.findings_mut() {
            f.text = Some(words.finding(f));
        }
        e
    }
}

/// The stable code of an Art. 36 status (`required`), also the key `art36.status.<code>`.
pub fn art36_code(s: Art36Status) -> &'static str {
    match s {
        Art36Status::Required => "required",
        Art36Status::NotRequired => "not_required",
        Art36Status::Undetermined => "undetermined",
    }
}
