//! One entry of the record of processing activities from an assessment's recorded version:
//! its answers, scan and evaluation read back and put into the record's words.

use super::wording::{fill, RopaWords};
use super::{Activity, Recipient, RopaError, Term, Transfer};
use crate::assessment::{codes, Evaluation, Words};
use crate::questionnaire::{AnswerValue, Answers, Origin, COLUMN_REVIEW, FLOW_REVIEW};
use crate::record::{AssessmentSummary, Version};
use crate::scan::code::FlowKind;
use crate::scan::ScanReport;
use std::collections::BTreeSet;

/// What every entry is worded with.
pub(super) struct Context<'a> {
    pub words: &'a RopaWords,
    pub w: Words<'a>,
}

fn read<T: serde::de::DeserializeOwned>(
    what: &'static str,
    value: &serde_json::Value,
    assessment: &str,
) -> Result<T, RopaError> {
    serde_json::from_value(value.clone()).map_err(|source| RopaError::Recorded {
        what,
        assessment: assessment.to_string(),
        source,
    })
}

/// The DPO's answer to `id` (a suggestion from the scan is not the DPO's statement).
fn given<'a>(answers: &'a Answers, id: &str) -> Option<&'a AnswerValue> {
    answers
        .values
        .get(id)
        .filter(|a| a.origin == Origin::Given)
        .map(|a| &a.value)
}

fn given_text(answers: &Answers, id: &str) -> Option<String> {
    match given(answers, id) {
        Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

fn given_list<'a>(answers: &'a Answers, id: &str) -> &'a [String] {
    match given(answers, id) {
        Some(AnswerValue::List(l)) => l,
        _ => &[],
    }
}

fn given_items<'a>(
    answers: &'a Answers,
    id: &str,
) -> &'a [std::collections::BTreeMap<String, AnswerValue>] {
    match given(answers, id) {
        Some(AnswerValue::Group(items)) => items,
        _ => &[],
    }
}

fn field<'a>(
    item: &'a std::collections::BTreeMap<String, AnswerValue>,
    f: &str,
) -> Option<&'a str> {
    match item.get(f) {
        Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    }
}

/// ` (a, b)` for the parts that are there, empty when none is.
fn details(parts: &[Option<String>]) -> String {
    let parts: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

pub(super) fn activity(
    c: &Context<'_>,
    summary: &AssessmentSummary,
    version: &Version,
) -> Result<Activity, RopaError> {
    let id = summary.id.as_str();
    let answers: Answers = read("answers", &version.content.answers, id)?;
    let scan: ScanReport = read("scan", &version.content.scan, id)?;
    let evaluation: Evaluation = read("evaluation", &version.content.evaluation, id)?;
    // In the order of the question's choices, as the questionnaire lists them.
    let terms = |question: &str, codes: &[String]| -> Vec<Term> {
        let order = |code: &str| {
            c.w.questionnaire
                .and_then(|q| q.question(question))
                .and_then(|q| q.choices.iter().position(|ch| ch.value == code))
                .unwrap_or(usize::MAX)
        };
        let mut codes: Vec<&String> = codes.iter().collect();
        codes.sort_by_key(|code| order(code));
        codes
            .into_iter()
            .map(|code| Term {
                code: code.clone(),
                text: c.w.choice(question, code),
            })
            .collect()
    };
    let (categories, confirmed) = categories(&answers, &scan);
    Ok(Activity {
        name: summary.title.clone(),
        assessment: id.to_string(),
        status: summary.status.as_str().to_string(),
        version: version.number,
        version_id: version.id.to_string(),
        date: version.created_at.chars().take(10).collect(),
        controller: given_text(&answers, "description.controller"),
        controller_contact: given_text(&answers, "description.controller_contact"),
        dpo: given_text(&answers, "description.dpo_contact"),
        purposes: given_text(&answers, "description.purposes"),
        data_subjects: terms(
            "description.data_subjects",
            given_list(&answers, "description.data_subjects"),
        ),
        data_categories: terms("description.data_categories", &categories),
        categories_confirmed: confirmed,
        other_data: given_text(&answers, "description.data_categories_other"),
        recipients: recipients(c, &answers, &scan),
        transfers: transfers(c, &evaluation),
        transfers_assessed: given(&answers, "transfers.components").is_some()
            || given(&answers, "processors.any").is_some(),
        retention: given_text(&answers, "description.retention"),
        security: security(c, &answers),
        noted: super::POINTS
            .iter()
            .filter(|(_, questions)| questions.iter().any(|q| answers.notes.contains_key(*q)))
            .map(|(point, _)| point.to_string())
            .collect(),
    })
}

/// The categories the DPO confirmed (the answer, and the columns kept in the column review),
/// else the scan's, unconfirmed.
fn categories(answers: &Answers, scan: &ScanReport) -> (Vec<String>, bool) {
    let mut confirmed: BTreeSet<String> = given_list(answers, "description.data_categories")
        .iter()
        .cloned()
        .collect();
    let scanned = crate::questionnaire::prefill::scan_categories(scan);
    if given(answers, COLUMN_REVIEW).is_some() {
        confirmed.extend(
            answers
                .effective_categories(&scanned)
                .iter()
                .map(|c| c.as_str().to_string()),
        );
    }
    if !confirmed.is_empty() {
        return (confirmed.into_iter().collect(), true);
    }
    let found: Vec<String> = scanned.iter().map(|c| c.as_str().to_string()).collect();
    (found, false)
}

/// (d): the recipients as answered, the processors, and the third parties the code sends
/// data to (the flows the DPO did not dismiss).
fn recipients(c: &Context<'_>, answers: &Answers, scan: &ScanReport) -> Vec<Recipient> {
    let words = c.words;
    let mut out = Vec::new();
    if let Some(text) = given_text(answers, "description.recipients") {
        out.push(Recipient {
            source: "answer".into(),
            text,
        });
    }
    if !matches!(
        given(answers, "processors.any"),
        Some(AnswerValue::Bool(false))
    ) {
        for item in given_items(answers, "processors.list") {
            let Some(name) = field(item, "name") else {
                continue;
            };
            let extra = details(&[
                field(item, "service").map(str::to_string),
                field(item, "country").map(|code| c.w.country(code)),
            ]);
            out.push(Recipient {
                source: "processor".into(),
                text: fill(&words.processor, &[("name", name), ("details", &extra)]),
            });
        }
    }
    let dismissed: BTreeSet<&str> = given_items(answers, FLOW_REVIEW)
        .iter()
        .filter(|i| field(i, "decision") == Some("dismissed"))
        .filter_map(|i| field(i, "flow"))
        .collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for flow in &scan.flows {
        let sends = matches!(
            flow.kind,
            FlowKind::ExternalRequest
                | FlowKind::EmbeddedResource
                | FlowKind::AiModel
                | FlowKind::Email
        );
        if !sends || dismissed.contains(flow.key().as_str()) {
            continue;
        }
        let (name, role, extra) = match &flow.service {
            Some(s) => {
                let role = match s.role.as_str() {
                    "processor" => &words.role_processor,
                    "independent_controller" => &words.role_controller,
                    _ => &words.role_unknown,
                };
                (
                    s.name.clone(),
                    role,
                    details(&[Some(s.vendor.clone()), Some(c.w.country(&s.country))]),
                )
            }
            None => (flow.target.clone(), &words.role_unknown, String::new()),
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        out.push(Recipient {
            source: "code".into(),
            text: fill(
                &words.third_party,
                &[("name", &name), ("role", role), ("details", &extra)],
            ),
        });
    }
    out
}

/// (e): every place outside the EEA the recorded evaluation judged, with its safeguard (or
/// its gap) in the evaluation's words.
fn transfers(c: &Context<'_>, evaluation: &Evaluation) -> Vec<Transfer> {
    evaluation
        .transfers
        .iter()
        .filter(|t| t.reason.code != codes::TRANSFER_EEA)
        .map(|t| {
            let country = c.w.country(&t.location);
            let role = c.w.phrase(&format!("transfer.role.{}", t.role.code()));
            let safeguard = c.w.finding(&t.reason);
            let text = fill(
                &c.words.transfer,
                &[
                    ("country", &country),
                    ("component", &t.component),
                    ("role", &role),
                    ("safeguard", &safeguard),
                ],
            );
            Transfer {
                component: t.component.clone(),
                country_code: t.location.clone(),
                country,
                verdict: t.verdict.code().to_string(),
                safeguard,
                text,
            }
        })
        .collect()
}

/// (g): the measures, each with its kind, status and due date.
fn security(c: &Context<'_>, answers: &Answers) -> Vec<String> {
    let g = "measures.list";
    given_items(answers, g)
        .iter()
        .filter_map(|item| {
            let measure = field(item, "measure")?;
            let kind = field(item, "kind").map(|k| c.w.choice(&format!("{g}/kind"), k));
            let status = field(item, "status").map(|s| {
                let label = c.w.choice(&format!("{g}/status"), s);
                let label = label.split(':').next().unwrap_or(&label).trim().to_string();
                match field(item, "due").filter(|_| s == "planned") {
                    Some(due) => format!("{label} {}", c.w.date(due)),
                    None => label,
                }
            });
            let extra = details(&[kind, status]);
            Some(fill(
                &c.words.measure,
                &[("measure", measure), ("details", &extra)],
            ))
        })
        .collect()
}
