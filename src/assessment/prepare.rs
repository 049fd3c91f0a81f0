//! One step of an assessment, shared by `dpia assess`, `dpia new`, `dpia answer` and the TUI:
//! scan the tool (or reuse an earlier scan), pre-fill answers from it, lay earlier answers
//! and an answers file on top, and evaluate.

use super::{evaluate_suggesting, Evaluation};
use crate::questionnaire::answers::{read_answers_file, AnswerProblem, Context};
use crate::questionnaire::{prefill, Answers, AnswersError, Questionnaire, COLUMN_REVIEW};
use crate::reference::Reference;
use crate::scan::ScanReport;
use serde::Serialize;

/// An answers file to apply: its name (for messages) and text.
pub struct AnswersFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The scan, the answers and their evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prepared {
    pub scan: ScanReport,
    pub answers: Answers,
    pub evaluation: Evaluation,
}

/// Pre-fills from `scan`, then applies `earlier` answers (given ones and drafts win over
/// suggestions), then the answers file, and evaluates on `today` (suggesting the next review
/// from the residual risk while it is not answered).
pub fn prepare(
    scan: ScanReport,
    questionnaire: &Questionnaire,
    reference: &Reference,
    earlier: Option<&Answers>,
    file: Option<AnswersFile<'_>>,
    today: crate::calendar::Date,
) -> Result<Prepared, AnswersError> {
    let categories = prefill::scan_categories(&scan);
    let ctx = Context {
        scan_categories: &categories,
        reference,
    };
    let mut answers = prefill::prefill(questionnaire, &scan);
    if let Some(earlier) = earlier {
        for (id, answer) in &earlier.values {
            use crate::questionnaire::Origin;
            // Drafts stay drafts: a rescan or an answers file does not drop them.
            if matches!(answer.origin, Origin::Given | Origin::Draft) {
                answers.values.insert(id.clone(), answer.clone());
            }
        }
        // Imported notes stay with the assessment whatever is rescanned or answered.
        answers.notes = earlier.notes.clone();
    }
    if let Some(file) = file {
        let read = read_answers_file(file.name, file.text, questionnaire, &answers, &ctx)?;
        check_review_columns(file.name, file.text, &answers, &read, &scan)?;
        answers = read;
    }
    let evaluation = evaluate_suggesting(questionnaire, &mut answers, &scan, reference, today);
    Ok(Prepared {
        scan,
        answers,
        evaluation,
    })
}

/// Refuses an answers file whose column review (`description.columns`) names columns this
/// tool's scan does not have: an answers file of another tool would otherwise replace the
/// findings with columns that do not exist here (the walkthrough signed such a report).
/// `before` is what the answers were before the file was read, `after` what it gave.
pub fn check_review_columns(
    file: &str,
    text: &str,
    before: &Answers,
    after: &Answers,
    scan: &ScanReport,
) -> Result<(), AnswersError> {
    let Some(crate::questionnaire::AnswerValue::Group(items)) = after.get(COLUMN_REVIEW) else {
        return Ok(());
    };
    if before.values.get(COLUMN_REVIEW) == after.values.get(COLUMN_REVIEW) {
        return Ok(());
    }
    let known = |name: &str| {
        scan.tables.iter().any(|t| {
            name.strip_prefix(t.name.as_str())
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|c| t.columns.iter().any(|col| col.name == c))
        })
    };
    let foreign: Vec<String> = items
        .iter()
        .filter_map(|item| match item.get("column") {
            Some(crate::questionnaire::AnswerValue::Text(name)) if !known(name) => {
                Some(format!("'{name}'"))
            }
            _ => None,
        })
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| l.contains(COLUMN_REVIEW))
        .map(|i| i as u64 + 1);
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    let more = foreign.len().saturating_sub(shown.len());
    Err(AnswersError {
        file: file.to_string(),
        problems: vec![AnswerProblem {
            file: file.to_string(),
            line,
            question: Some(COLUMN_REVIEW.to_string()),
            message: format!(
                "the scan of this tool has no column {}{}: is this answers file for another tool? (other personal data goes in description.data_categories_other)",
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        }],
    })
}

/// A fingerprint of the scanned inputs: SHA-256 over each input's path and SHA-256, in path
/// order, so the same files give the same fingerprint wherever the scan runs.
pub fn fingerprint(scan: &ScanReport) -> String {
    let mut inputs: Vec<(&str, &str)> = scan
        .inputs
        .iter()
        .map(|i| (i.path.as_str(), i.sha256.as_str()))
        .collect();
    inputs.sort();
    let mut sha = crate::digest::Sha256Hasher::new();
    for (path, hash) in inputs {
        sha.update(path.as_bytes());
        sha.update([0]);
        sha.update(hash.as_bytes());
        sha.update([b'\n']);
    }
    sha.finish_hex()
}
