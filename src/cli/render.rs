//! Renders a scan report for people (a table per source table, personal columns first,
//! masked examples) or for programs (the stable JSON document). The report holds masked
//! examples only; the raw ones are there only when the scan kept them for `--show-values`.

use dpia::scan::code::{Flow, FlowKind};
use dpia::scan::{ColumnReport, ScanReport, Severity};
use std::fmt::Write as _;

/// The JSON document; examples are masked unless `show_values`.
pub fn json(report: &ScanReport, show_values: bool) -> serde_json::Result<String> {
    let mut text = if show_values {
        serde_json::to_string_pretty(&report.to_json_revealing_examples()?)?
    } else {
        serde_json::to_string_pretty(report)?
    };
    text.push('\n');
    Ok(text)
}

fn examples(c: &ColumnReport, show_values: bool) -> String {
    match (&c.raw_examples, show_values) {
        (Some(raw), true) => raw.values().join(", "),
        _ => c
            .examples
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The human report.
pub fn human(report: &ScanReport, show_values: bool) -> String {
    let mut out = String::new();
    let columns: usize = report.tables.iter().map(|t| t.columns.len()).sum();
    let personal = report.personal_columns().count();
    let _ = writeln!(
        out,
        "{} table{}, {columns} columns, {personal} with personal data{}",
        report.tables.len(),
        if report.tables.len() == 1 { "" } else { "s" },
        if report
            .personal_columns()
            .any(|(_, c)| c.categories.iter().any(|k| k.is_article9()))
        {
            " (including special-category data, GDPR Art. 9)"
        } else {
            ""
        }
    );
    for table in &report.tables {
        let _ = writeln!(
            out,
            "\n{}  ({} rows examined of {} seen; from {})",
            table.name,
            table.rows_sampled,
            table.rows_seen.max(table.rows_sampled),
            table.sources.join(", ")
        );
        let mut cols: Vec<&ColumnReport> = table.columns.iter().collect();
        cols.sort_by_key(|c| c.categories.is_empty());
        let width = cols
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(28);
        let mut clean = Vec::new();
        for c in cols {
            if c.categories.is_empty() && !c.needs_review {
                clean.push(c.name.as_str());
                continue;
            }
            let cats = if c.categories.is_empty() {
                "needs review".to_string()
            } else {
                c.categories
                    .iter()
                    .zip(&c.category_confidence)
                    .map(|(k, conf)| format!("{k} {conf:.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let marker = if c.categories.iter().any(|k| k.is_article9()) {
                "!"
            } else if c.categories.is_empty() {
                "?"
            } else {
                "*"
            };
            let _ = writeln!(out, "  {marker} {:<width$}  {cats}", c.name);
            let ex = examples(c, show_values);
            if !ex.is_empty() {
                let _ = writeln!(out, "      {:<width$}  e.g. {ex}", "");
            }
            for e in &c.evidence {
                let _ = writeln!(out, "      {:<width$}  - {e}", "");
            }
        }
        if !clean.is_empty() {
            let _ = writeln!(out, "    no personal data found: {}", clean.join(", "));
        }
    }
    if !report.hosting.is_empty() {
        let _ = writeln!(out, "\nhosting");
        for h in &report.hosting {
            let jurisdiction = match &h.jurisdiction {
                Some(j) => format!("jurisdiction {j}"),
                None => "no jurisdiction set: location unknown, to be confirmed".to_string(),
            };
            let hint = h
                .location_hint
                .as_deref()
                .map(|l| format!(", location hint {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<3} {} {}  {jurisdiction}{hint}  ({})",
                h.component,
                h.binding.as_deref().unwrap_or("-"),
                h.name.as_deref().unwrap_or("-"),
                h.source
            );
        }
    }
    flows(report, &mut out);
    if !report.problems.is_empty() {
        let _ = writeln!(out, "\nproblems");
        for p in &report.problems {
            let level = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "  {level}: {p}");
        }
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nskipped {} file(s): {}",
            report.skipped.len(),
            report.skipped.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nlegend: * personal data, ! special-category data (Art. 9), ? needs review; examples are masked (--show-values to show them)"
    );
    out
}

/// Headings of the flow kinds, third parties first.
const FLOW_GROUPS: [(FlowKind, &str); 11] = [
    (FlowKind::AiModel, "AI models"),
    (FlowKind::Email, "e-mail"),
    (FlowKind::ExternalRequest, "requests to other hosts"),
    (
        FlowKind::EmbeddedResource,
        "resources loaded by pages (each sends the visitor's IP address)",
    ),
    (FlowKind::Log, "personal data in logs"),
    (FlowKind::StorageWrite, "database writes"),
    (FlowKind::StorageRead, "database reads"),
    (FlowKind::StorageDelete, "database deletes"),
    (FlowKind::FileUpload, "file uploads"),
    (FlowKind::BrowserStorage, "cookies and browser storage"),
    (FlowKind::AccessCheck, "access checks"),
];

/// The "Data flows" section: grouped by kind, third parties first.
fn flows(report: &ScanReport, out: &mut String) {
    if report.flows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\ndata flows ({} found in the source code)",
        report.flows.len()
    );
    for (kind, heading) in FLOW_GROUPS {
        let group: Vec<&Flow> = report.flows.iter().filter(|f| f.kind == kind).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {heading}");
        for f in group {
            let service = f
                .service
                .as_ref()
                .map(|s| {
                    format!(
                        "  {} ({}, {}, {})",
                        s.name,
                        s.vendor,
                        s.country,
                        s.role.replace('_', " ")
                    )
                })
                .unwrap_or_else(|| {
                    if kind.is_third_party() {
                        "  unknown service".to_string()
                    } else {
                        String::new()
                    }
                });
            let marker = if f.missing { "! missing: " } else { "" };
            let data = if f.data.is_empty() {
                String::new()
            } else {
                format!(
                    "  data: {}",
                    f.data
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let route = f
                .route
                .as_deref()
                .filter(|_| !f.missing)
                .map(|r| format!(" (route {r})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {marker}{}{service}{data}  {}{route}",
                f.target, f.source
            );
            if f.missing {
                let _ = writeln!(out, "        {}", f.evidence);
            }
        }
    }
}
