//! Findings read from the answers: transfer status per component (Chapter V), Art. 28 gaps
//! per processor, risk levels per risk, and issues such as special-category data without an
//! Art. 9(2) condition.

use super::risk::Level;
use crate::questionnaire::answers::{AnswerValue, Answers};
use crate::reference::Reference;
use crate::scan::Category;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

type Item = BTreeMap<String, AnswerValue>;

fn items<'a>(answers: &'a Answers, id: &str) -> &'a [Item] {
    match answers.get(id) {
        Some(AnswerValue::Group(items)) => items,
        _ => &[],
    }
}

fn text<'a>(item: &'a Item, field: &str) -> Option<&'a str> {
    match item.get(field) {
        Some(AnswerValue::Text(s)) => Some(s),
        _ => None,
    }
}

fn int(item: &Item, field: &str) -> Option<i64> {
    match item.get(field) {
        Some(AnswerValue::Int(i)) => Some(*i),
        _ => None,
    }
}

fn flag(item: &Item, field: &str) -> Option<bool> {
    match item.get(field) {
        Some(AnswerValue::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// Whether a transfer is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferVerdict {
    /// Inside the EEA, or covered by an adequacy decision.
    Lawful,
    /// A third country with an Art. 46/47 safeguard and a transfer impact assessment, or an
    /// Art. 49 derogation.
    LawfulWithSafeguards,
    /// A third country without a transfer tool (or without the TIA it needs).
    NeedsTool,
    /// The location is not known yet.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferStatus {
    pub component: String,
    pub location: String,
    /// The location's name in the evaluation's language, where it is a country.
    pub location_name: Option<String>,
    pub verdict: TransferVerdict,
    pub reason: String,
}

/// Judges one location of one component.
fn judge(item: &Item, location: &str, reference: &Reference) -> (TransferVerdict, String) {
    if location.is_empty() || location.eq_ignore_ascii_case("unknown") {
        return (
            TransferVerdict::Unknown,
            "storage location unknown: confirm it with the provider (no jurisdiction configured)"
                .into(),
        );
    }
    if reference.is_eea(location) {
        return (
            TransferVerdict::Lawful,
            format!("{location} is in the EEA: no transfer (GDPR Art. 44)"),
        );
    }
    if let Some(a) = reference.adequacy(location) {
        match &a.scope {
            Some(scope) if a.requires_certification => {
                if flag(item, "dpf_certified") == Some(true) {
                    return (
                        TransferVerdict::Lawful,
                        format!(
                            "recipient certified: {scope} (adequacy decision of {}, GDPR Art. 45)",
                            a.date
                        ),
                    );
                }
            }
            scope => {
                return (
                    TransferVerdict::Lawful,
                    format!(
                        "adequacy decision for {} of {}{} (GDPR Art. 45)",
                        a.name,
                        a.date,
                        scope
                            .as_ref()
                            .map(|s| format!(", limited to {s}"))
                            .unwrap_or_default()
                    ),
                );
            }
        }
    }
    let tool = text(item, "transfer_tool");
    let tia = flag(item, "tia_done") == Some(true);
    match tool {
        Some("art49_derogation") => (
            TransferVerdict::LawfulWithSafeguards,
            "Art. 49 derogation: only for occasional transfers (GDPR Art. 49; EDPB Guidelines 2/2018)".into(),
        ),
        Some(t) if t != "none" && tia => (
            TransferVerdict::LawfulWithSafeguards,
            format!("{t} with a transfer impact assessment (GDPR Art. 46; SCC clause 14; Schrems II)"),
        ),
        Some(t) if t != "none" => (
            TransferVerdict::NeedsTool,
            format!("{t} chosen for {location} but no transfer impact assessment (SCC clause 14; EDPB Recommendations 01/2020)"),
        ),
        _ => (
            TransferVerdict::NeedsTool,
            format!("transfer to {location} without adequacy or a transfer tool (GDPR Art. 44-49)"),
        ),
    }
}

/// One status per component location (storage and each remote-access country).
pub fn transfers(answers: &Answers, reference: &Reference, lang: &str) -> Vec<TransferStatus> {
    let name = |code: &str| reference.country_name(code, lang).map(String::from);
    let mut out = Vec::new();
    for (n, item) in items(answers, "transfers.components").iter().enumerate() {
        let component = text(item, "component")
            .map(String::from)
            .unwrap_or_else(|| format!("component {}", n + 1));
        let storage = text(item, "storage_location").unwrap_or("unknown");
        let (verdict, reason) = judge(item, storage, reference);
        out.push(TransferStatus {
            component: component.clone(),
            location: storage.to_string(),
            location_name: name(storage),
            verdict,
            reason: format!("storage: {reason}"),
        });
        for access in text(item, "access_locations")
            .unwrap_or("")
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let code = access.to_ascii_uppercase();
            if code == storage {
                continue;
            }
            let (verdict, reason) = judge(item, &code, reference);
            let reason = if reference.is_eea(&code) {
                format!("remote access or support: {reason}")
            } else {
                format!("remote access or support: {reason} (access from a third country is a transfer, EDPB Guidelines 05/2021)")
            };
            out.push(TransferStatus {
                component: component.clone(),
                location_name: name(&code),
                location: code,
                verdict,
                reason,
            });
        }
    }
    out
}

/// What a processor's contract lacks (GDPR Art. 28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessorGap {
    pub processor: String,
    pub missing: Vec<String>,
}

const ART28_3: [(&str, &str); 8] = [
    (
        "a",
        "processing only on documented instructions (Art. 28(3)(a))",
    ),
    ("b", "confidentiality of staff (Art. 28(3)(b))"),
    ("c", "security measures under Art. 32 (Art. 28(3)(c))"),
    ("d", "conditions for sub-processors (Art. 28(3)(d))"),
    (
        "e",
        "assistance with data subjects' requests (Art. 28(3)(e))",
    ),
    (
        "f",
        "assistance with Art. 32-36 obligations (Art. 28(3)(f))",
    ),
    ("g", "deletion or return of data at the end (Art. 28(3)(g))"),
    (
        "h",
        "information and audits to demonstrate compliance (Art. 28(3)(h))",
    ),
];

pub fn processor_gaps(answers: &Answers) -> Vec<ProcessorGap> {
    let mut out = Vec::new();
    for (n, item) in items(answers, "processors.list").iter().enumerate() {
        let processor = text(item, "name")
            .map(String::from)
            .unwrap_or_else(|| format!("processor {}", n + 1));
        let mut missing = Vec::new();
        match flag(item, "contract") {
            Some(false) => {
                missing.push("no written processing agreement (Art. 28(3), 28(9))".to_string())
            }
            None => {
                missing.push("whether a processing agreement exists is not answered".to_string())
            }
            Some(true) => {
                let covered: BTreeSet<&str> = match item.get("art28_3") {
                    Some(AnswerValue::List(l)) => l.iter().map(String::as_str).collect(),
                    _ => BTreeSet::new(),
                };
                for (letter, what) in ART28_3 {
                    if !covered.contains(letter) {
                        missing.push(format!("contract lacks {what}"));
                    }
                }
            }
        }
        if text(item, "subprocessors") == Some("none") {
            missing.push("no authorisation for sub-processors (Art. 28(2))".to_string());
        }
        if !missing.is_empty() {
            out.push(ProcessorGap { processor, missing });
        }
    }
    out
}

/// One risk before and after measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskResult {
    pub title: String,
    pub event: Option<String>,
    pub severity: Option<i64>,
    pub likelihood: Option<i64>,
    pub level: Option<Level>,
    pub residual_severity: Option<i64>,
    pub residual_likelihood: Option<i64>,
    pub residual_level: Option<Level>,
}

impl RiskResult {
    /// The level after measures, or before where no residual level is given.
    pub fn residual_or_inherent(&self) -> Option<Level> {
        self.residual_level.or(self.level)
    }
}

pub fn risks(answers: &Answers) -> Vec<RiskResult> {
    items(answers, "risks.list")
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let (s, l) = (int(item, "severity"), int(item, "likelihood"));
            let (rs, rl) = (
                int(item, "residual_severity"),
                int(item, "residual_likelihood"),
            );
            RiskResult {
                title: text(item, "title")
                    .map(String::from)
                    .unwrap_or_else(|| format!("risk {}", n + 1)),
                event: text(item, "event").map(String::from),
                severity: s,
                likelihood: l,
                level: s.zip(l).and_then(|(s, l)| Level::of(s, l)),
                residual_severity: rs,
                residual_likelihood: rl,
                residual_level: rs.zip(rl).and_then(|(s, l)| Level::of(s, l)),
            }
        })
        .collect()
}

/// Issues that stand whatever else is answered.
pub fn issues(answers: &Answers, scanned: &BTreeSet<Category>) -> Vec<String> {
    let mut out = Vec::new();
    let declared: BTreeSet<&str> = match answers.get("description.data_categories") {
        Some(AnswerValue::List(l)) => l.iter().map(String::as_str).collect(),
        _ => BTreeSet::new(),
    };
    let special = scanned.iter().any(|c| c.is_article9())
        || declared.contains("health")
        || declared.contains("special_category");
    if special {
        match answers.get("necessity.art9_condition") {
            Some(AnswerValue::Text(c)) if c == "none_identified" => out.push(
                "special-category data without an Art. 9(2) condition: processing is prohibited (GDPR Art. 9(1))".into(),
            ),
            None => out.push("special-category data found: an Art. 9(2) condition must be named (GDPR Art. 9)".into()),
            _ => {}
        }
    }
    for c in scanned {
        if !declared.is_empty() && !declared.contains(c.as_str()) {
            out.push(format!(
                "the scan found {c} data, which the description of processing does not list (Art. 35(7)(a))"
            ));
        }
    }
    if answers.get("description.ai_generated") == Some(&AnswerValue::Bool(true))
        && answers.get("description.code_reviewed") == Some(&AnswerValue::Bool(false))
    {
        out.push("AI-generated code has not been reviewed: calculations and filters may process data incorrectly (Art. 5(1)(d), 32(1)(d))".into());
    }
    out
}

/// Minimisation decisions per column: columns to drop or pseudonymise (GDPR Art. 5(1)(c),
/// Art. 25(1)), and dismissed findings with the DPO's reason.
pub fn column_decisions(answers: &Answers) -> Vec<String> {
    let mut out = Vec::new();
    for item in items(answers, crate::questionnaire::COLUMN_REVIEW) {
        let column = text(item, "column").unwrap_or("(column)");
        match text(item, "minimisation") {
            Some("drop") => out.push(format!(
                "{column}: not needed for the purpose: drop it (GDPR Art. 5(1)(c))"
            )),
            Some("pseudonymise") => out.push(format!(
                "{column}: pseudonymise or reduce it (GDPR Art. 5(1)(c), 25(1))"
            )),
            _ => {}
        }
    }
    out
}
