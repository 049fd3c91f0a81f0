//! Drift as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), so code-hosting
//! platforms show it inline: one rule per drift code (its name in the chosen language, and
//! why it matters as its help), one
//! result per item with `level` from the severity (`high` → error, `review` → warning,
//! `info` → note), the item's words as the message, its file and line as the location, and a
//! stable partial fingerprint (code + what drifted) so platforms track it across runs.

use super::{Drift, Severity};
use crate::assessment::Words;
use serde_json::{json, Value};

/// The SARIF log for `drift`; `tool_version` names the dpia version.
pub fn log(drift: &Drift, words: &Words<'_>, tool_version: &str) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for item in &drift.items {
        let id = item.finding.code.clone();
        let index = match rule_ids.iter().position(|r| *r == id) {
            Some(i) => i,
            None => {
                rule_ids.push(id.clone());
                rules.push(json!({
                    "id": id,
                    "name": id.replace(['.', '_'], " "),
                    "shortDescription": { "text": words.phrase(&format!("{id}.rule")) },
                    "help": { "text": super::text::why(words, item) },
                    "helpUri": "https://gdpr-info.eu/art-35-gdpr/",
                }));
                rule_ids.len() - 1
            }
        };
        let level = match item.severity {
            Severity::High => "error",
            Severity::Review => "warning",
            Severity::Info => "note",
        };
        let mut result = json!({
            "ruleId": id,
            "ruleIndex": index,
            "level": level,
            "message": { "text": words.finding(&item.finding) },
            "properties": { "question": item.question, "severity": item.severity.code() },
            "partialFingerprints": { "dpiaDrift/v1": fingerprint(item) },
        });
        if let Some(location) = &item.location {
            // One place, or several joined with "; " (a fact several files state).
            let places: Vec<Value> = location
                .split("; ")
                .map(|place| {
                    let (path, line) = match place.rsplit_once(':') {
                        Some((p, l)) if l.parse::<u64>().is_ok() => (p, l.parse::<u64>().ok()),
                        _ => (place, None),
                    };
                    let mut physical = json!({ "artifactLocation": { "uri": path } });
                    if let Some(line) = line.filter(|l| *l > 0) {
                        physical["region"] = json!({ "startLine": line });
                    }
                    json!({ "physicalLocation": physical })
                })
                .collect();
            result["locations"] = Value::Array(places);
        }
        results.push(result);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dpia",
                "version": tool_version,
                "informationUri": "https://gdpr-info.eu/art-35-gdpr/",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// A fingerprint of what drifted (code and parameters), independent of line numbers.
fn fingerprint(item: &super::DriftItem) -> String {
    let mut sha = crate::digest::Sha256Hasher::new();
    sha.update(item.finding.code.as_bytes());
    for (k, v) in &item.finding.params {
        sha.update(k.as_bytes());
        sha.update(v.items().join(",").as_bytes());
    }
    crate::digest::hex(&sha.finish()[..16])
}
