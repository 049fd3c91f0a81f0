//! One step of an assessment, shared by `dpia assess`, `dpia new`, `dpia answer` and the TUI:
//! scan the tool (or reuse an earlier scan), pre-fill answers from it, lay earlier answers
//! and an answers file on top, and evaluate.

use super::{evaluate, Evaluation};
use crate::questionnaire::answers::{read_answers_file, Context};
use crate::questionnaire::{prefill, Answers, AnswersError, Questionnaire};
use crate::reference::Reference;
use crate::scan::ScanReport;
use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// Pre-fills from `scan`, then applies `earlier` answers (given ones win over suggestions),
/// then the answers file, and evaluates on `today`.
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
            if answer.origin == crate::questionnaire::Origin::Given {
                answers.values.insert(id.clone(), answer.clone());
            }
        }
    }
    if let Some(file) = file {
        answers = read_answers_file(file.name, file.text, questionnaire, &answers, &ctx)?;
    }
    let evaluation = evaluate(questionnaire, &answers, &scan, reference, today);
    Ok(Prepared {
        scan,
        answers,
        evaluation,
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
    let mut sha = Sha256::new();
    for (path, hash) in inputs {
        sha.update(path.as_bytes());
        sha.update([0]);
        sha.update(hash.as_bytes());
        sha.update([b'\n']);
    }
    crate::scan::readers::hex(&sha.finalize())
}
