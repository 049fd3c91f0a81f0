//! Renders a scan report for people (a table per source table, personal columns first,
//! masked examples) or for programs (the stable JSON document). The report holds masked
//! examples only; the raw ones are there only when the scan kept them for `--show-values`.
//! Every name, value, path and message in the human report comes from the scanned files, so
//! each goes through `terminal::escape` (JSON needs nothing: serde escapes control characters).

use crate::scan::code::{Flow, FlowKind};
use crate::scan::{ColumnReport, ScanReport, Severity};
use crate::terminal::escape;
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
    let shown = match (&c.raw_examples, show_values) {
        (Some(raw), true) => raw.values().join(", "),
        _ => c
            .examples
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    escape(&shown).into_owned()
}

/// Problems with the same message shown one by one before the rest are counted.
const SAME_PROBLEM_SHOWN: usize = 5;
/// Problem lines in all; the JSON output lists every problem.
const PROBLEM_LINES: usize = 100;
/// Skipped files named before the rest are counted.
const SKIPPED_SHOWN: usize = 20;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The problems, bounded: a flood of inputs with the same problem (100,000 empty files)
/// shows a few and one line counting the rest, and at most [`PROBLEM_LINES`] lines in all.
fn problems(out: &mut String, report: &ScanReport) {
    let mut per_message: Vec<(Severity, &str, usize)> = Vec::new();
    let mut index: std::collections::HashMap<(bool, &str), usize> = Default::default();
    let mut lines = 0;
    let mut unshown = 0;
    for p in &report.problems {
        let key = (p.severity == Severity::Error, p.message.as_str());
        let i = *index.entry(key).or_insert_with(|| {
            per_message.push((p.severity, &p.message, 0));
            per_message.len() - 1
        });
        let seen = &mut per_message[i].2;
        *seen += 1;
        if *seen <= SAME_PROBLEM_SHOWN && lines < PROBLEM_LINES {
            let _ = writeln!(
                out,
                "  {}[{}]: {}",
                level(p.severity),
                p.code,
                escape(&p.to_string())
            );
            lines += 1;
        } else if *seen <= SAME_PROBLEM_SHOWN {
            unshown += 1;
        }
    }
    for (severity, message, seen) in per_message {
        let more = seen.saturating_sub(SAME_PROBLEM_SHOWN);
        if more == 0 {
            continue;
        }
        if lines < PROBLEM_LINES {
            let _ = writeln!(
                out,
                "  {}: … and {more} more input(s) with the same problem: {}",
                level(severity),
                escape(message)
            );
            lines += 1;
        } else {
            unshown += more;
        }
    }
    if unshown > 0 {
        let _ = writeln!(
            out,
            "  … and {unshown} more problem(s): `dpia scan --format json` lists them all"
        );
    }
}

/// The human report.
/// The scan in words for a terminal; the columns' evidence in `lang`.
pub fn human(report: &ScanReport, show_values: bool, lang: crate::lang::Lang) -> String {
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
            escape(&table.name),
            table.rows_sampled,
            table.rows_seen.max(table.rows_sampled),
            escape(&table.sources.join(", "))
        );
        let mut cols: Vec<&ColumnReport> = table.columns.iter().collect();
        cols.sort_by_key(|c| c.categories.is_empty());
        let width = cols
            .iter()
            .map(|c| escape(&c.name).chars().count())
            .max()
            .unwrap_or(0)
            .min(28);
        let mut clean = Vec::new();
        for c in cols {
            let name = escape(&c.name);
            if c.categories.is_empty() && !c.needs_review {
                clean.push(name);
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
            let _ = writeln!(out, "  {marker} {name:<width$}  {cats}");
            if let Some(first) = c.declared_at.first() {
                let more = match c.declared_at.len() - 1 {
                    0 => String::new(),
                    n => format!(" (and {n} more)"),
                };
                let at = escape(&first.to_string()).into_owned();
                let _ = writeln!(out, "      {:<width$}  at {at}{more}", "");
            }
            let ex = examples(c, show_values);
            if !ex.is_empty() {
                let _ = writeln!(out, "      {:<width$}  e.g. {ex}", "");
            }
            for e in crate::scan::evidence_words::column_evidence(c, lang) {
                let _ = writeln!(out, "      {:<width$}  - {}", "", escape(&e));
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
                Some(j) => format!("jurisdiction {}", escape(j)),
                None => "no jurisdiction set: location unknown, to be confirmed".to_string(),
            };
            let hint = h
                .location_hint
                .as_deref()
                .map(|l| format!(", location hint {}", escape(l)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<3} {} {}  {jurisdiction}{hint}  ({})",
                escape(&h.component),
                escape(h.binding.as_deref().unwrap_or("-")),
                escape(h.name.as_deref().unwrap_or("-")),
                escape(&h.source)
            );
        }
    }
    flows(report, &mut out, lang);
    if !report.problems.is_empty() {
        let _ = writeln!(out, "\nproblems");
        problems(&mut out, report);
    }
    if !report.skipped.is_empty() {
        let shown: Vec<&str> = report
            .skipped
            .iter()
            .take(SKIPPED_SHOWN)
            .map(String::as_str)
            .collect();
        let more = report.skipped.len().saturating_sub(SKIPPED_SHOWN);
        let _ = writeln!(
            out,
            "\nskipped {} file(s): {}{}",
            report.skipped.len(),
            escape(&shown.join(", ")),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
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
fn flows(report: &ScanReport, out: &mut String, lang: crate::lang::Lang) {
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
                        escape(&s.name),
                        escape(&s.vendor),
                        escape(&s.country),
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
                .map(|r| format!(" (route {})", escape(r)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {marker}{}{service}{data}  {}{route}",
                escape(&f.target),
                escape(&f.source)
            );
            if f.missing {
                let _ = writeln!(
                    out,
                    "        {}",
                    escape(&crate::scan::evidence_words::flow_evidence(f, lang))
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Category, HostingFact, Problem, TableReport};

    fn hostile_report() -> ScanReport {
        let e = "\u{1b}[9A\u{1b}[J\u{202e}\n";
        ScanReport {
            tables: vec![TableReport {
                name: format!("t{e}"),
                sources: vec![format!("dir{e}/t.csv")],
                rows_sampled: 1,
                rows_seen: 1,
                columns: vec![
                    ColumnReport {
                        name: format!("zz{e}notiz"),
                        data_type: None,
                        categories: vec![Category::Health],
                        confidence: 1.0,
                        evidence: vec![format!("health: value '{e}'")],
                        evidence_items: Vec::new(),
                        category_confidence: vec![1.0],
                        examples: vec![crate::scan::mask::masked(&format!("{e}anna@example.org"))],
                        values_sampled: 1,
                        needs_review: false,
                        raw_examples: None,
                        declared_at: Vec::new(),
                    },
                    ColumnReport {
                        name: format!("clean{e}"),
                        data_type: None,
                        categories: vec![],
                        confidence: 0.0,
                        evidence: vec![],
                        evidence_items: Vec::new(),
                        category_confidence: vec![],
                        examples: vec![],
                        values_sampled: 0,
                        needs_review: false,
                        raw_examples: None,
                        declared_at: Vec::new(),
                    },
                ],
            }],
            hosting: vec![HostingFact {
                component: "d1".into(),
                binding: Some(format!("DB{e}")),
                name: Some(format!("db{e}")),
                jurisdiction: Some(format!("eu{e}")),
                location_hint: Some(format!("weur{e}")),
                source: format!("wrangler{e}.toml:3"),
            }],
            problems: vec![Problem::error(
                crate::scan::ProblemCode::CsvSyntax,
                format!("x{e}.csv"),
                Some(2),
                format!("bad {e}"),
            )],
            inputs: vec![],
            skipped: vec![format!("README{e}.md")],
            ..ScanReport::default()
        }
    }

    #[test]
    fn human_report_escapes_every_input_string() {
        for show_values in [false, true] {
            let text = human(&hostile_report(), show_values, crate::lang::Lang::En);
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| c != '\n' && crate::terminal::is_unsafe(c))
                .collect();
            assert!(raw.is_empty(), "raw control characters {raw:?} in:\n{text}");
            // Every line break is one the renderer made: the embedded ones are escaped.
            assert!(
                text.contains("zz\\u{1b}[9A\\u{1b}[J\\u{202e}\\u{a}notiz"),
                "{text}"
            );
            assert!(
                text.contains("! zz"),
                "the Art. 9 marker line stays: {text}"
            );
        }
    }
}
