//! Findings read from the answers: transfer status per component (Chapter V), Art. 28 gaps
//! per processor, risk levels per risk, and issues such as special-category data without an
//! Art. 9(2) condition.

use super::messages::text as msg;
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
fn judge(
    item: &Item,
    location: &str,
    reference: &Reference,
    lang: &str,
) -> (TransferVerdict, String) {
    let t = |key: &str, args: &[(&str, &str)]| msg(lang, key, args);
    if location.is_empty() || location.eq_ignore_ascii_case("unknown") {
        return (TransferVerdict::Unknown, t("transfer_unknown", &[]));
    }
    if reference.is_eea(location) {
        return (
            TransferVerdict::Lawful,
            t("transfer_eea", &[("location", location)]),
        );
    }
    if let Some(a) = reference.adequacy(location) {
        let name = reference.country_name(location, lang).unwrap_or(&a.name);
        match &a.scope {
            Some(scope) if a.requires_certification => {
                if flag(item, "dpf_certified") == Some(true) {
                    return (
                        TransferVerdict::Lawful,
                        t("transfer_certified", &[("scope", scope), ("date", &a.date)]),
                    );
                }
            }
            Some(scope) => {
                return (
                    TransferVerdict::Lawful,
                    t(
                        "transfer_adequacy_scoped",
                        &[("name", name), ("date", &a.date), ("scope", scope)],
                    ),
                );
            }
            None => {
                return (
                    TransferVerdict::Lawful,
                    t("transfer_adequacy", &[("name", name), ("date", &a.date)]),
                );
            }
        }
    }
    let tool = text(item, "transfer_tool");
    let tia = flag(item, "tia_done") == Some(true);
    match tool {
        Some("art49_derogation") => (
            TransferVerdict::LawfulWithSafeguards,
            t("transfer_art49", &[]),
        ),
        Some(tool) if tool != "none" && tia => (
            TransferVerdict::LawfulWithSafeguards,
            t("transfer_tool_with_tia", &[("tool", tool)]),
        ),
        Some(tool) if tool != "none" => (
            TransferVerdict::NeedsTool,
            t(
                "transfer_tool_without_tia",
                &[("tool", tool), ("location", location)],
            ),
        ),
        _ => (
            TransferVerdict::NeedsTool,
            t("transfer_no_tool", &[("location", location)]),
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
            .unwrap_or_else(|| msg(lang, "component_n", &[("n", &(n + 1).to_string())]));
        let storage = text(item, "storage_location").unwrap_or("unknown");
        let (verdict, reason) = judge(item, storage, reference, lang);
        out.push(TransferStatus {
            component: component.clone(),
            location: storage.to_string(),
            location_name: name(storage),
            verdict,
            reason: msg(lang, "transfer_storage", &[("reason", &reason)]),
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
            let (verdict, reason) = judge(item, &code, reference, lang);
            let key = if reference.is_eea(&code) {
                "transfer_access"
            } else {
                "transfer_access_third"
            };
            out.push(TransferStatus {
                component: component.clone(),
                location_name: name(&code),
                reason: msg(lang, key, &[("reason", &reason)]),
                location: code,
                verdict,
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

/// The Art. 28(3) items a contract must cover.
const ART28_3: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

pub fn processor_gaps(answers: &Answers, lang: &str) -> Vec<ProcessorGap> {
    let mut out = Vec::new();
    for (n, item) in items(answers, "processors.list").iter().enumerate() {
        let processor = text(item, "name")
            .map(String::from)
            .unwrap_or_else(|| msg(lang, "processor_n", &[("n", &(n + 1).to_string())]));
        let mut missing = Vec::new();
        match flag(item, "contract") {
            Some(false) => missing.push(msg(lang, "processor_no_contract", &[])),
            None => missing.push(msg(lang, "processor_contract_unanswered", &[])),
            Some(true) => {
                let covered: BTreeSet<&str> = match item.get("art28_3") {
                    Some(AnswerValue::List(l)) => l.iter().map(String::as_str).collect(),
                    _ => BTreeSet::new(),
                };
                for letter in ART28_3 {
                    if !covered.contains(letter) {
                        let what = msg(lang, &format!("art28_{letter}"), &[]);
                        missing.push(msg(lang, "processor_contract_lacks", &[("item", &what)]));
                    }
                }
            }
        }
        if text(item, "subprocessors") == Some("none") {
            missing.push(msg(lang, "processor_no_subprocessor_authorisation", &[]));
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

pub fn risks(answers: &Answers, lang: &str) -> Vec<RiskResult> {
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
                    .unwrap_or_else(|| msg(lang, "risk_n", &[("n", &(n + 1).to_string())])),
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
pub fn issues(answers: &Answers, scanned: &BTreeSet<Category>, lang: &str) -> Vec<String> {
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
            Some(AnswerValue::Text(c)) if c == "none_identified" => {
                out.push(msg(lang, "issue_art9_none", &[]))
            }
            None => out.push(msg(lang, "issue_art9_missing", &[])),
            _ => {}
        }
    }
    for c in scanned {
        if !declared.is_empty() && !declared.contains(c.as_str()) {
            out.push(msg(
                lang,
                "issue_undeclared_category",
                &[("category", c.as_str())],
            ));
        }
    }
    if answers.get("description.ai_generated") == Some(&AnswerValue::Bool(true))
        && answers.get("description.code_reviewed") == Some(&AnswerValue::Bool(false))
    {
        out.push(msg(lang, "issue_unreviewed_code", &[]));
    }
    out
}

/// Minimisation decisions per column: columns to drop or pseudonymise (GDPR Art. 5(1)(c),
/// Art. 25(1)), and dismissed findings with the DPO's reason.
pub fn column_decisions(answers: &Answers, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in items(answers, crate::questionnaire::COLUMN_REVIEW) {
        let column = text(item, "column").unwrap_or("(column)");
        match text(item, "minimisation") {
            Some("drop") => out.push(msg(lang, "issue_column_drop", &[("column", column)])),
            Some("pseudonymise") => out.push(msg(
                lang,
                "issue_column_pseudonymise",
                &[("column", column)],
            )),
            _ => {}
        }
    }
    out
}
