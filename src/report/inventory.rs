//! What the scan found, for the auditor who must see what was judged and on what evidence:
//! per table the sources, rows examined, each column with personal data (categories in
//! words with their confidence, every piece of evidence, masked examples, "needs review"),
//! the columns judged free of personal data; the hosting facts with their source; and the
//! data flows read from the code (third parties, logging, storage, uploads, browser
//! storage, access checks). Example values are always masked here.

use super::ctx::{heading, table, Ctx};
use super::document::Block;
use crate::scan::code::flows::{self, Flow, FlowKind};

fn percent(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

/// A column's evidence in the report's language; a scan recorded before evidence was data
/// has English strings only. Either way a leading category key (`health: …`, which the
/// English words keep for the scan JSON) is shown as the category's name.
fn column_evidence(c: &Ctx<'_>, col: &crate::scan::ColumnReport) -> Vec<String> {
    crate::scan::evidence_words::column_evidence(col, c.lang())
        .iter()
        .map(|e| evidence(c, e))
        .collect()
}

/// A piece of evidence with its leading category key (`health: …`) in words.
fn evidence(c: &Ctx<'_>, e: &str) -> String {
    match e.split_once(": ") {
        Some((key, rest)) if crate::scan::Category::parse(key).is_some() => {
            format!("{}: {rest}", c.category(key))
        }
        _ => e.to_string(),
    }
}

pub fn personal_data(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let scan = &c.input.scan;
    heading(b, 2, &t.data);
    b.push(Block::Paragraph(t.data_intro.clone()));
    let mut any = false;
    for table in &scan.tables {
        heading(b, 3, &format!("{} {}", t.table, table.name));
        let mut facts = vec![(
            t.rows_examined.clone(),
            t.rows_of
                .replace("{sampled}", &table.rows_sampled.to_string())
                .replace("{seen}", &table.rows_seen.to_string()),
        )];
        if !table.sources.is_empty() {
            facts.push((t.sources.clone(), table.sources.join(", ")));
        }
        let clean: Vec<&str> = table
            .columns
            .iter()
            .filter(|col| col.categories.is_empty() && !col.needs_review)
            .map(|col| col.name.as_str())
            .collect();
        if !clean.is_empty() {
            facts.push((t.columns_clean.clone(), clean.join(", ")));
        }
        b.push(Block::KeyValue(facts));
        let rows: Vec<Vec<String>> = table
            .columns
            .iter()
            .filter(|col| !col.categories.is_empty() || col.needs_review)
            .map(|col| {
                let cats: Vec<String> = col
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, cat)| {
                        let conf = col
                            .category_confidence
                            .get(i)
                            .copied()
                            .unwrap_or(col.confidence);
                        format!("{} ({})", c.category(cat.as_str()), percent(conf))
                    })
                    .collect();
                let mut name = col.name.clone();
                if col.needs_review {
                    name = format!("{name} ({})", t.needs_review);
                }
                vec![
                    name,
                    cats.join("\n"),
                    column_evidence(c, col).join("\n"),
                    col.examples
                        .iter()
                        .map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect();
        if rows.is_empty() {
            b.push(Block::Paragraph(t.table_clean.clone()));
            continue;
        }
        any = true;
        b.push(Block::Table {
            headers: vec![
                t.column.clone(),
                t.categories.clone(),
                t.evidence.clone(),
                t.examples.clone(),
            ],
            rows,
        });
    }
    if !any {
        b.push(Block::Paragraph(t.data_none.clone()));
    }
    heading(b, 3, &t.hosting_facts);
    if scan.hosting.is_empty() {
        b.push(Block::Paragraph(t.hosting_none.clone()));
    } else {
        table(
            b,
            vec![
                t.component.clone(),
                t.name.clone(),
                t.jurisdiction.clone(),
                t.source.clone(),
            ],
            scan.hosting
                .iter()
                .map(|h| {
                    let name = match (&h.name, &h.binding) {
                        (Some(n), Some(bd)) => format!("{n} ({bd})"),
                        (Some(n), None) => n.clone(),
                        (None, Some(bd)) => bd.clone(),
                        (None, None) => String::new(),
                    };
                    let place = match (&h.jurisdiction, &h.location_hint) {
                        (Some(j), _) => j.clone(),
                        (None, Some(hint)) => format!("{} ({hint})", t.hint),
                        (None, None) => t.not_configured.clone(),
                    };
                    vec![h.component.to_uppercase(), name, place, h.source.clone()]
                })
                .collect(),
        );
    }
}

fn data_words(c: &Ctx<'_>, f: &Flow) -> String {
    f.data
        .iter()
        .map(|cat| c.category(cat.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The data flows chapter: third parties first, then what the code does inside the tool.
pub fn data_flows(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let scan = &c.input.scan;
    heading(b, 2, &t.flows);
    if scan.flows.is_empty() {
        b.push(Block::Paragraph(t.flows_none.clone()));
        return;
    }
    b.push(Block::Paragraph(t.flows_intro.clone()));
    heading(b, 3, &t.third_parties);
    let groups = flows::third_parties(scan);
    if groups.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
    } else {
        let rows = groups
            .iter()
            .map(|(name, list)| {
                let service = list.iter().find_map(|f| f.service.as_ref());
                let role = service.map_or_else(
                    || t.unknown_service.clone(),
                    |s| match s.role.as_str() {
                        "processor" => t.svc_processor.clone(),
                        "independent_controller" => t.svc_controller.clone(),
                        other => other.to_string(),
                    },
                );
                let country = service.map_or_else(String::new, |s| c.w.country(&s.country));
                let mut data: Vec<String> = list
                    .iter()
                    .flat_map(|f| &f.data)
                    .map(|cat| c.category(cat.as_str()))
                    .collect();
                data.sort();
                data.dedup();
                let mut places: Vec<&str> = list.iter().map(|f| f.source.as_str()).collect();
                places.dedup();
                vec![
                    name.clone(),
                    role,
                    country,
                    if data.is_empty() {
                        t.no_personal_data.clone()
                    } else {
                        data.join(", ")
                    },
                    places.join("\n"),
                ]
            })
            .collect();
        b.push(Block::Table {
            headers: vec![
                t.service.clone(),
                t.role.clone(),
                t.country.clone(),
                t.data_sent.clone(),
                t.where_in_code.clone(),
            ],
            rows,
        });
    }
    heading(b, 3, &t.code_findings);
    let mut items = Vec::new();
    for f in flows::logged_personal_data(scan) {
        items.push(
            t.flow_log
                .replace("{data}", &data_words(c, f))
                .replace("{at}", &f.source),
        );
    }
    for f in flows::unprotected_routes(scan) {
        let route = f.route.clone().unwrap_or_else(|| f.target.clone());
        items.push(
            t.flow_unprotected
                .replace("{route}", &route)
                .replace("{data}", &data_words(c, f))
                .replace("{at}", &f.source),
        );
    }
    for f in scan
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::AccessCheck && !f.missing)
    {
        items.push(
            t.flow_access
                .replace("{target}", &f.target)
                .replace("{at}", &f.source),
        );
    }
    for f in scan.flows.iter().filter(|f| f.kind == FlowKind::FileUpload) {
        items.push(
            t.flow_upload
                .replace("{target}", &f.target)
                .replace("{at}", &f.source),
        );
    }
    for f in scan
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::BrowserStorage)
    {
        items.push(
            t.flow_browser
                .replace("{target}", &f.target)
                .replace("{data}", &data_words(c, f))
                .replace("{at}", &f.source),
        );
    }
    let mut writes: Vec<&str> = scan
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::StorageWrite)
        .map(|f| f.target.as_str())
        .collect();
    writes.sort_unstable();
    writes.dedup();
    if !writes.is_empty() {
        items.push(t.flow_writes.replace("{tables}", &writes.join(", ")));
    }
    let never = flows::tables_without_delete(scan);
    if !never.is_empty() {
        items.push(t.flow_no_delete.replace("{tables}", &never.join(", ")));
    }
    super::summary::bullets(b, items, c);
}
