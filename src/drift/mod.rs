//! Drift: what a tool does today that its signed DPIA does not cover (GDPR Art. 35(11): review
//! at least when the risk changes). A pure function of two scans, the one recorded with the
//! signed version and a fresh one: new personal data (tables, columns, categories, above all
//! Art. 9), hosting changes (a binding added, a jurisdiction removed), new third parties and
//! embedded hosts, new logging of personal data, new routes without an access check, and what
//! the DPIA relied on that is gone (a deletion the retention answer counted on). Removed data is
//! reported for information. Each item names where it is, why it matters and the question of
//! the questionnaire it affects; [`text`] words it as text or JSON, [`sarif`] as SARIF.
//! [`check`] finds the signed version a tool is checked against (`dpia check`).
//!
//! Things are matched by what they are (table and column names, binding names, the service or
//! host and the route of a flow), never by file paths or line numbers, so a tool scanned from
//! another folder, or code that moved down a file, is not drift.

pub mod check;
pub mod sarif;
pub mod text;

use crate::assessment::Finding;
use crate::scan::code::{Flow, FlowKind};
use crate::scan::{Category, ScanReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How much a drift item matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing (data removed): no review needed.
    Info,
    /// The signed DPIA does not cover it: review.
    Review,
    /// Special-category data, a jurisdiction removed, an unprotected route: review soon.
    High,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::High => "high",
        }
    }
}

/// One thing that drifted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftItem {
    /// What drifted, as a finding (code `drift.*`, worded from the evaluation templates).
    pub finding: Finding,
    pub severity: Severity,
    /// `path` or `path:line` in the tool, where known.
    pub location: Option<String>,
    /// The question of the questionnaire the item affects.
    pub question: String,
}

/// The drift between a signed scan and today's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    pub items: Vec<DriftItem>,
}

impl Drift {
    /// The most severe item, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.items.iter().map(|i| i.severity).max()
    }

    /// Whether an item reaches `threshold`.
    pub fn reaches(&self, threshold: Severity) -> bool {
        self.worst().is_some_and(|w| w >= threshold)
    }
}

fn cats(list: &[Category]) -> Vec<String> {
    list.iter().map(|c| c.as_str().to_string()).collect()
}

fn art9(list: &[Category]) -> bool {
    list.iter().any(|c| c.is_article9())
}

fn severity_for(list: &[Category]) -> Severity {
    if art9(list) {
        Severity::High
    } else {
        Severity::Review
    }
}

/// Compares the scan recorded with the signed DPIA (`signed`) with today's (`now`).
pub fn compare(signed: &ScanReport, now: &ScanReport) -> Drift {
    let mut items = Vec::new();
    data(signed, now, &mut items);
    hosting(signed, now, &mut items);
    flows(signed, now, &mut items);
    Drift { items }
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn data(signed: &ScanReport, now: &ScanReport, items: &mut Vec<DriftItem>) {
    let column = |scan: &ScanReport, table: &str, column: &str| -> Option<Vec<Category>> {
        scan.tables
            .iter()
            .find(|t| same(&t.name, table))
            .and_then(|t| t.columns.iter().find(|c| same(&c.name, column)))
            .map(|c| c.categories.clone())
    };
    // Where a table changed: its first source that is new or changed since the signing
    // (by content, so a tool scanned from another folder is the same), else its first.
    let signed_files: BTreeSet<&str> = signed.inputs.iter().map(|i| i.sha256.as_str()).collect();
    let changed = |s: &&String| {
        now.inputs
            .iter()
            .any(|i| i.path == **s && !signed_files.contains(i.sha256.as_str()))
    };
    for table in &now.tables {
        let location = table
            .sources
            .iter()
            .find(changed)
            .or(table.sources.first())
            .cloned();
        for c in table.columns.iter().filter(|c| !c.categories.is_empty()) {
            let name = format!("{}.{}", table.name, c.name);
            let before = column(signed, &table.name, &c.name).unwrap_or_default();
            let added: Vec<Category> = c
                .categories
                .iter()
                .copied()
                .filter(|k| !before.contains(k))
                .collect();
            if added.is_empty() {
                continue;
            }
            let code = if before.is_empty() {
                "drift.new_column"
            } else {
                "drift.new_category"
            };
            // Where the column is declared, in a changed file first; else where its table is.
            let declared = c
                .declared_at
                .iter()
                .find(|at| changed(&&at.path))
                .or(c.declared_at.first())
                .map(ToString::to_string);
            items.push(DriftItem {
                finding: Finding::new(code)
                    .with("column", name)
                    .with("categories", cats(&added)),
                severity: severity_for(&added),
                location: declared.or_else(|| location.clone()),
                question: if art9(&added) {
                    "necessity.art9_condition".into()
                } else {
                    crate::questionnaire::COLUMN_REVIEW.into()
                },
            });
        }
    }
    for table in &signed.tables {
        for c in table.columns.iter().filter(|c| !c.categories.is_empty()) {
            let after = column(now, &table.name, &c.name).unwrap_or_default();
            let removed: Vec<Category> = c
                .categories
                .iter()
                .copied()
                .filter(|k| !after.contains(k))
                .collect();
            if !removed.is_empty() {
                items.push(DriftItem {
                    finding: Finding::new("drift.removed")
                        .with("column", format!("{}.{}", table.name, c.name))
                        .with("categories", cats(&removed)),
                    severity: Severity::Info,
                    location: None,
                    question: crate::questionnaire::COLUMN_REVIEW.into(),
                });
            }
        }
    }
}

fn hosting(signed: &ScanReport, now: &ScanReport, items: &mut Vec<DriftItem>) {
    let key = |h: &crate::scan::HostingFact| {
        (
            h.component.clone(),
            h.name
                .clone()
                .or_else(|| h.binding.clone())
                .unwrap_or_default(),
        )
    };
    for h in &now.hosting {
        let before = signed.hosting.iter().find(|s| key(s) == key(h));
        let name = key(h).1;
        match before {
            None => items.push(DriftItem {
                finding: Finding::new("drift.new_component")
                    .with("component", h.component.as_str())
                    .with("name", name),
                severity: Severity::Review,
                location: Some(h.source.clone()),
                question: "transfers.components".into(),
            }),
            Some(b) if b.jurisdiction.is_some() && b.jurisdiction != h.jurisdiction => {
                items.push(DriftItem {
                    finding: Finding::new("drift.jurisdiction_changed")
                        .with("component", h.component.as_str())
                        .with("name", name)
                        .with("before", b.jurisdiction.clone().unwrap_or_default())
                        .with(
                            "after",
                            h.jurisdiction
                                .clone()
                                .unwrap_or_else(|| crate::reference::UNKNOWN.to_string()),
                        ),
                    severity: Severity::High,
                    location: Some(h.source.clone()),
                    question: "transfers.components".into(),
                })
            }
            Some(_) => {}
        }
    }
}

/// What identifies a flow across scans: its kind, the service (or target) and the route.
fn flow_key(f: &Flow) -> (FlowKind, String, Option<String>) {
    let who = f
        .service
        .as_ref()
        .map_or_else(|| f.target.to_lowercase(), |s| s.name.to_lowercase());
    (f.kind, who, f.route.clone())
}

fn flows(signed: &ScanReport, now: &ScanReport, items: &mut Vec<DriftItem>) {
    let before: BTreeSet<_> = signed.flows.iter().map(flow_key).collect();
    let before_parties: BTreeSet<String> = signed
        .flows
        .iter()
        .filter(|f| f.kind.is_third_party())
        .map(|f| flow_key(f).1)
        .collect();
    let mut reported_parties = BTreeSet::new();
    for f in &now.flows {
        let key = flow_key(f);
        if before.contains(&key) {
            continue;
        }
        let who = f
            .service
            .as_ref()
            .map_or_else(|| f.target.clone(), |s| s.name.clone());
        let item = |code: &str, severity: Severity, question: &str| DriftItem {
            finding: Finding::new(code)
                .with("target", who.as_str())
                .with("categories", cats(&f.data)),
            severity,
            location: Some(f.source.clone()),
            question: question.to_string(),
        };
        match f.kind {
            k if k.is_third_party() => {
                // One item per new third party, however many calls reach it.
                if before_parties.contains(&key.1) || !reported_parties.insert(key.1.clone()) {
                    continue;
                }
                let code = if k == FlowKind::EmbeddedResource {
                    "drift.new_embedded_host"
                } else {
                    "drift.new_third_party"
                };
                let mut it = item(
                    code,
                    severity_for(&f.data).max(Severity::Review),
                    "transfers.components",
                );
                // An unknown host's country is not known either (the words say so).
                let country = f
                    .service
                    .as_ref()
                    .map_or(crate::reference::UNKNOWN, |s| s.country.as_str());
                it.finding = it.finding.with("location", country);
                items.push(it);
            }
            FlowKind::Log if !f.data.is_empty() => items.push(item(
                "drift.new_log",
                severity_for(&f.data),
                "measures.list",
            )),
            FlowKind::AccessCheck if f.missing => items.push(item(
                "drift.unprotected_route",
                Severity::High,
                "description.access_mode",
            )),
            _ => {}
        }
    }
    // What the DPIA relied on that is gone: a deletion of a table.
    let deletes = |scan: &ScanReport| -> BTreeSet<String> {
        scan.flows
            .iter()
            .filter(|f| f.kind == FlowKind::StorageDelete)
            .map(|f| f.target.to_lowercase())
            .collect()
    };
    let now_deletes = deletes(now);
    for table in deletes(signed).difference(&now_deletes) {
        items.push(DriftItem {
            finding: Finding::new("drift.deletion_gone").with("table", table.as_str()),
            severity: Severity::Review,
            location: None,
            question: "necessity.storage_limitation".into(),
        });
    }
}

/// Every drift code, for the tests that keep them worded (each has its words, `CODE.rule`,
/// the rule's name in SARIF, and `CODE.why`, why it matters).
pub const CODES: &[&str] = &[
    "drift.new_column",
    "drift.new_category",
    "drift.removed",
    "drift.new_component",
    "drift.jurisdiction_changed",
    "drift.new_third_party",
    "drift.new_embedded_host",
    "drift.new_log",
    "drift.unprotected_route",
    "drift.deletion_gone",
];

#[cfg(test)]
mod tests;
