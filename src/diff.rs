//! What changed between two recorded versions of one assessment (`dpia diff ID V1 V2`): the
//! answers question by question, the findings of the scan (the same comparison `dpia check`
//! makes, see [`crate::drift`]), and the evaluation's conclusions (screening outcome, transfer
//! verdicts, residual risk, Art. 36 status, decision, issues, what is missing). An auditor
//! reads it to see what moved between what was signed and what is recorded now.

use crate::assessment::{art36_code, Evaluation};
use crate::drift::{self, Drift};
use crate::questionnaire::Answers;
use crate::record::Version;
use crate::scan::ScanReport;
use crate::session::{read_recorded, SessionError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One version named in a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionRef {
    pub id: String,
    pub number: u64,
    pub signed: bool,
}

/// An answer added, removed or changed (values as recorded, JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerChange {
    pub question: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A conclusion of the evaluation that differs (`what` is a stable code such as
/// `screening.outcome` or `transfer DE/storage:Cloudflare D1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationChange {
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Everything that differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionDiff {
    pub from: VersionRef,
    pub to: VersionRef,
    pub answers: Vec<AnswerChange>,
    /// Findings of the scan: what `to`'s scan holds that `from`'s does not, and back.
    pub findings: Drift,
    pub evaluation: Vec<EvaluationChange>,
}

impl VersionDiff {
    /// Whether the two versions hold the same answers, findings and conclusions.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.findings.items.is_empty() && self.evaluation.is_empty()
    }
}

/// Compares two recorded versions (normally `from` older than `to`).
pub fn diff(from: &Version, to: &Version) -> Result<VersionDiff, SessionError> {
    let answers = |v: &Version| read_recorded::<Answers>("answers", &v.content.answers, v);
    let scan = |v: &Version| read_recorded::<ScanReport>("scan", &v.content.scan, v);
    let evaluation =
        |v: &Version| read_recorded::<Evaluation>("evaluation", &v.content.evaluation, v);
    Ok(VersionDiff {
        from: reference(from),
        to: reference(to),
        answers: answer_changes(&answers(from)?, &answers(to)?),
        findings: drift::compare(&scan(from)?, &scan(to)?),
        evaluation: evaluation_changes(&evaluation(from)?, &evaluation(to)?),
    })
}

fn reference(v: &Version) -> VersionRef {
    VersionRef {
        id: v.id.as_str().to_string(),
        number: v.number,
        signed: v.signature.is_some(),
    }
}

fn answer_changes(from: &Answers, to: &Answers) -> Vec<AnswerChange> {
    let questions: BTreeSet<&String> = from.values.keys().chain(to.values.keys()).collect();
    questions
        .into_iter()
        .filter_map(|q| {
            let before = from.values.get(q).map(|a| &a.value);
            let after = to.values.get(q).map(|a| &a.value);
            (before != after).then(|| AnswerChange {
                question: q.clone(),
                before: before.and_then(|v| serde_json::to_value(v).ok()),
                after: after.and_then(|v| serde_json::to_value(v).ok()),
            })
        })
        .collect()
}

/// The conclusions of an evaluation as `what → value`, so two can be compared key by key.
fn conclusions(e: &Evaluation) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(
        "screening.outcome".to_string(),
        e.screening.outcome.code().to_string(),
    );
    if let Some(level) = e.overall_residual_risk {
        out.insert("risk.overall_residual".into(), level.code().to_string());
    }
    out.insert(
        "art36.status".into(),
        art36_code(e.art36_status).to_string(),
    );
    if let Some(d) = &e.decision {
        out.insert("signoff.decision".into(), d.clone());
    }
    if let Some(p) = &e.processing_status {
        out.insert("processing.status".into(), p.clone());
    }
    for t in &e.transfers {
        out.insert(
            format!("transfer {} {} {}", t.component, t.role.code(), t.location),
            t.verdict.code().to_string(),
        );
    }
    for r in &e.risks {
        if let Some(level) = r.residual_level.or(r.level) {
            out.insert(
                format!("risk {}", r.id.as_ref().unwrap_or(&r.title)),
                level.code().to_string(),
            );
        }
    }
    for i in &e.issues {
        out.insert(format!("issue {}", finding_key(i)), "open".into());
    }
    out.insert("missing".into(), e.missing.len().to_string());
    out
}

/// A finding's code with its parameters, so two findings of one code stay apart.
fn finding_key(f: &crate::assessment::Finding) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|(k, v)| format!("{k}={}", v.items().join("|")))
        .collect();
    if params.is_empty() {
        f.code.clone()
    } else {
        format!("{}({})", f.code, params.join(", "))
    }
}

fn evaluation_changes(from: &Evaluation, to: &Evaluation) -> Vec<EvaluationChange> {
    let (a, b) = (conclusions(from), conclusions(to));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| EvaluationChange {
            what: k.clone(),
            before: a.get(k).cloned(),
            after: b.get(k).cloned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Answer, AnswerValue, Origin};

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        Answers {
            values: pairs
                .iter()
                .map(|(q, v)| {
                    (
                        q.to_string(),
                        Answer {
                            value: AnswerValue::Text(v.to_string()),
                            origin: Origin::Given,
                        },
                    )
                })
                .collect(),
            ..Answers::default()
        }
    }

    #[test]
    fn answers_added_removed_and_changed_are_listed_once_each() {
        let from = answers(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let to = answers(&[("a", "1"), ("b", "20"), ("d", "4")]);
        let changes = answer_changes(&from, &to);
        let summary: Vec<(&str, bool, bool)> = changes
            .iter()
            .map(|c| (c.question.as_str(), c.before.is_some(), c.after.is_some()))
            .collect();
        assert_eq!(
            summary,
            [("b", true, true), ("c", true, false), ("d", false, true)]
        );
        assert_eq!(changes[0].after, Some(serde_json::json!("20")));
    }
}
