//! A check's result for people (`dpia check`, plain text) and programs (`--format json`), in
//! the words of one language: each item with what drifted, where, why it matters and the
//! question it affects, then the result. SARIF is in [`super::sarif`].

use super::check::CheckReport;
use super::{DriftItem, Severity};
use crate::assessment::Words;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The words of a severity (`info`, `review`, `high`).
fn severity(w: &Words<'_>, s: Severity) -> String {
    w.phrase(&format!("drift.severity.{}", s.code()))
}

/// Why `item` matters, in words.
pub fn why(w: &Words<'_>, item: &DriftItem) -> String {
    w.phrase(&format!("{}.why", item.finding.code))
}

/// The check as text: a header naming the tool and the signed version, each item, the result.
pub fn human(report: &CheckReport, tool: &str, fail_on: Severity, w: &Words<'_>) -> String {
    let mut out = String::new();
    let signed_at = report
        .signed_at
        .as_deref()
        .map(|t| format!(" {}", w.date(t.get(..10).unwrap_or(t))))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{tool}: {} \"{}\" ({}, #{}{signed_at})",
        w.phrase("frame.drift_against"),
        report.title,
        report.assessment.short(),
        report.signed_number,
    );
    let items = &report.drift.items;
    match report.drift.worst() {
        None => {
            let _ = writeln!(out, "{}", w.phrase("frame.drift_none"));
        }
        Some(worst) => {
            let head = w
                .phrase("frame.drift_items")
                .replace("{n}", &items.len().to_string())
                .replace("{worst}", &severity(w, worst));
            let _ = writeln!(out, "{head}");
        }
    }
    let label = |key: &str| w.phrase(key);
    let width = [
        "frame.drift_where",
        "frame.drift_why",
        "frame.drift_question",
    ]
    .iter()
    .map(|k| label(k).chars().count() + 1)
    .max()
    .unwrap_or(8);
    let label = |key: &str| format!("{}:", w.phrase(key));
    for item in items {
        let _ = writeln!(
            out,
            "\n[{}] {}",
            severity(w, item.severity),
            w.finding(&item.finding)
        );
        if let Some(location) = &item.location {
            let _ = writeln!(out, "    {:width$}  {location}", label("frame.drift_where"));
        }
        let _ = writeln!(
            out,
            "    {:width$}  {}",
            label("frame.drift_why"),
            why(w, item)
        );
        let _ = writeln!(
            out,
            "    {:width$}  {}: {}",
            label("frame.drift_question"),
            item.question,
            w.question(&item.question)
        );
    }
    let key = if report.needs_review(fail_on) {
        "frame.drift_result_drift"
    } else {
        "frame.drift_result_covered"
    };
    let _ = writeln!(
        out,
        "\n{}",
        w.phrase(key).replace("{fail_on}", &severity(w, fail_on))
    );
    out
}

/// The check as JSON (`"format": 1`): the tool, the signed version, the result, the
/// fingerprints and each item with its code, parameters, words, location, question and why.
pub fn json(
    report: &CheckReport,
    tool: &str,
    fail_on: Severity,
    recorded: bool,
    w: &Words<'_>,
) -> Value {
    let items: Vec<Value> = report
        .drift
        .items
        .iter()
        .map(|item| {
            json!({
                "code": item.finding.code,
                "params": item.finding.params,
                "text": w.finding(&item.finding),
                "severity": item.severity,
                "location": item.location,
                "question": item.question,
                "question_text": w.question(&item.question),
                "why": why(w, item),
            })
        })
        .collect();
    json!({
        "format": 1,
        "tool": tool,
        "assessment": {
            "id": report.assessment,
            "title": report.title,
            "status": report.status,
        },
        "signed_version": {
            "id": report.signed_version,
            "number": report.signed_number,
            "signed_at": report.signed_at,
        },
        "result": report.note(fail_on).result,
        "fail_on": fail_on,
        "worst": report.drift.worst(),
        "fingerprints": { "signed_scan": report.signed_scan, "scan": report.scan },
        "recorded": recorded,
        "items": items,
    })
}
