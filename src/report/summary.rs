//! The first pages: the cover (what was assessed, by whom, which version and in which
//! state), the table of contents, and the executive summary a manager reads instead of the
//! rest: the screening outcome, the processing status, the decision, the overall residual
//! risk, Art. 36, and the open items.

use super::ctx::{heading, key_values, Ctx};
use super::document::Block;
use crate::assessment::{art36_code, Art36Status, Evaluation};
use crate::record::Status;

/// The tool's folder name, never the scanning machine's absolute path.
fn tool_name(path: &str) -> String {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// The status of the version in words.
fn status(c: &Ctx<'_>) -> String {
    let t = c.t;
    match c.input.status {
        Status::Draft => t.status_draft.clone(),
        Status::ReadyForSignoff => t.status_ready.clone(),
        Status::Signed => t.status_signed.clone(),
        Status::Superseded => t.status_superseded.clone(),
        Status::Withdrawn => t.status_withdrawn.clone(),
    }
}

/// The processing status: planned, or live since a date.
pub fn processing(c: &Ctx<'_>) -> Option<String> {
    let status = c.raw("description.processing_status")?;
    Some(match (status, c.raw("description.live_since")) {
        ("live", Some(since)) => c.t.live_since.replace("{date}", &c.w.date(since)),
        _ => c
            .answer("description.processing_status")
            .unwrap_or_default(),
    })
}

/// The version line: the recorded number the reader can match with `dpia verify`.
fn version(c: &Ctx<'_>) -> String {
    let i = c.input;
    let short: String = i.version_id.chars().take(12).collect();
    match i.record_number {
        Some(n) if n != i.version_number => {
            c.t.version_signed
                .replace("{n}", &n.to_string())
                .replace("{content}", &i.version_number.to_string())
                .replace("{hash}", &short)
        }
        _ => format!("{} ({short}…)", i.version_number),
    }
}

pub fn cover(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let i = c.input;
    heading(b, 1, &t.title);
    b.push(Block::Subtitle(i.title.clone()));
    let dash = || "–".to_string();
    let mut rows = vec![
        (
            t.controller.clone(),
            c.raw("description.controller")
                .map_or_else(dash, String::from),
        ),
        (t.tool.clone(), tool_name(&i.tool)),
        (
            t.assessment.clone(),
            format!("{}…", i.assessment_id.chars().take(16).collect::<String>()),
        ),
        (t.version.clone(), version(c)),
        (t.status.clone(), status(c)),
        (
            t.date.clone(),
            c.w.date(i.created_at.get(..10).unwrap_or(&i.created_at)),
        ),
        (t.author.clone(), i.author.clone()),
        (
            t.dpo.clone(),
            c.raw("description.dpo_contact")
                .map_or_else(dash, String::from),
        ),
    ];
    if let Some(p) = processing(c) {
        rows.push((c.heading("description.processing_status"), p));
    }
    if let Some(d) = c.answer("signoff.decision") {
        rows.push((c.heading("signoff.decision"), d));
    }
    b.push(Block::KeyValue(rows));
    if let Some(copy) = &i.signed_copy {
        b.push(Block::Notice(copy_line(c, copy)));
    }
    b.push(Block::Small(t.cover_note.clone()));
    b.push(Block::PageBreak);
    heading(b, 2, &t.contents);
    b.push(Block::Toc);
    b.push(Block::PageBreak);
}

/// "Copy of the signed version N, signed on … by …".
pub fn copy_line(c: &Ctx<'_>, copy: &super::document::SignedCopy) -> String {
    let by: Vec<String> = copy
        .signers
        .iter()
        .map(|s| {
            c.t.copy_signer
                .replace("{date}", &c.w.date(s.date.get(..10).unwrap_or(&s.date)))
                .replace("{name}", &s.name)
                .replace("{role}", &s.role)
        })
        .collect();
    c.t.copy_of_signed
        .replace("{n}", &copy.number.to_string())
        .replace("{signers}", &by.join(&c.w.list_separator()))
        .replace("{sha256}", &copy.pdf_sha256)
}

fn level(e: Option<crate::assessment::risk::Level>, c: &Ctx<'_>) -> String {
    e.map_or_else(|| c.t.not_assessed.clone(), |l| c.w.level(l))
}

/// Bullets (or "none").
pub fn bullets(b: &mut Vec<Block>, items: Vec<String>, c: &Ctx<'_>) {
    if items.is_empty() {
        b.push(Block::Paragraph(c.t.none.clone()));
    } else {
        b.push(Block::List(items));
    }
}

pub fn summary(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let e: &Evaluation = &c.input.evaluation;
    let w = &c.w;
    heading(b, 2, &t.summary);
    let mut rows = vec![(
        t.screening.clone(),
        w.phrase(&format!("outcome.{}", e.screening.outcome.code())),
    )];
    if let Some(p) = processing(c) {
        rows.push((c.heading("description.processing_status"), p));
    }
    let special: Vec<String> = c
        .input
        .scan
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .flat_map(|col| &col.categories)
        .filter(|cat| cat.is_article9())
        .map(|cat| c.category(cat.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !special.is_empty() {
        rows.push((t.special_found.clone(), special.join(", ")));
    }
    let third: std::collections::BTreeSet<String> = e
        .transfers
        .iter()
        .filter(|x| {
            x.location != crate::reference::EU
                && x.location != crate::reference::UNKNOWN
                && !w.reference.is_some_and(|r| r.is_eea(&x.location))
        })
        .map(|x| w.country(&x.location))
        .collect();
    if !third.is_empty() {
        rows.push((
            t.third_countries.clone(),
            third.into_iter().collect::<Vec<_>>().join(", "),
        ));
    }
    rows.push((t.overall_risk.clone(), level(e.overall_residual_risk, c)));
    let planned = c
        .items("measures.list")
        .iter()
        .filter(|m| c.field_raw(m, "status") == Some("planned"))
        .count();
    if planned > 0 && e.overall_residual_risk.is_some() {
        rows.push((
            String::new(),
            t.residual_assumes.replace("{n}", &planned.to_string()),
        ));
    }
    let now = e.risks.iter().filter_map(|r| r.level).max();
    if now.is_some() {
        rows.push((t.risk_now.clone(), level(now, c)));
    }
    rows.push((
        t.art36.clone(),
        w.phrase(&format!("art36.status.{}", art36_code(e.art36_status))),
    ));
    if let Some(d) = c.answer("signoff.decision") {
        rows.push((c.heading("signoff.decision"), d));
    }
    key_values(b, rows);
    heading(b, 3, &t.reasons);
    bullets(b, w.findings(&e.screening.reasons), c);
    if e.art36_status != Art36Status::NotRequired || !e.art36_reasons.is_empty() {
        heading(b, 3, &t.art36);
        bullets(b, w.findings(&e.art36_reasons), c);
    }
    let open: Vec<String> = e
        .missing
        .iter()
        .map(|m| w.finding(&m.finding))
        .chain(w.findings(&e.issues))
        .collect();
    heading(b, 3, &t.open_items);
    bullets(b, open, c);
    if !e.notes.is_empty() {
        heading(b, 3, &t.notes);
        bullets(b, w.findings(&e.notes), c);
    }
}
