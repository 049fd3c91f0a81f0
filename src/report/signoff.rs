//! The last chapters: consultation of the data subjects (Art. 35(9)), the DPO's advice and
//! whether it was followed (Art. 35(2)), the controller's decision with its conditions and
//! deadlines, the Art. 36 record (with the statement that processing must wait or stop
//! where consultation is required), approvals and the next review (Art. 35(11)), the
//! signature boxes, and the appendix an auditor needs to reproduce the assessment.

use super::ctx::{heading, key_values, notes, paragraphs, table, Ctx};
use super::document::{signature_rows, Block};
use super::summary::{bullets, copy_line};
use crate::assessment::art36_code;

pub fn signoff(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let title =
        c.q.and_then(|q| q.sections.iter().find(|s| s.id == "signoff"))
            .map_or_else(
                || t.signature.clone(),
                |s| s.title.get(c.lang()).to_string(),
            );
    heading(b, 2, &title);

    heading(b, 3, &t.consultation);
    key_values(b, c.rows(&["signoff.views_sought"]));
    for id in ["signoff.views_summary", "signoff.views_not_sought_reason"] {
        if let Some(text) = c.raw(id) {
            b.push(Block::Label(c.heading(id)));
            paragraphs(b, text);
        }
    }
    notes(b, c, "signoff.views_sought");

    heading(b, 3, &t.dpo_advice);
    if let Some(text) = c.raw("signoff.dpo_advice") {
        paragraphs(b, text);
    } else {
        b.push(Block::Paragraph(t.not_answered.clone()));
    }
    notes(b, c, "signoff.dpo_advice");
    key_values(b, c.rows(&["signoff.dpo_advice_followed"]));
    if let Some(text) = c.raw("signoff.dpo_not_followed_reason") {
        b.push(Block::Label(c.heading("signoff.dpo_not_followed_reason")));
        paragraphs(b, text);
    }

    heading(b, 3, &c.heading("signoff.decision"));
    key_values(
        b,
        c.rows(&[
            "signoff.decision",
            "signoff.measures_approved_by",
            "signoff.residual_risk_accepted_by",
            "signoff.next_review",
        ]),
    );
    notes(b, c, "signoff.decision");
    notes(b, c, "signoff.measures_approved_by");
    let g = "signoff.conditions";
    let conditions = c.items(g);
    if !conditions.is_empty() {
        b.push(Block::Label(c.heading(g)));
        table(
            b,
            vec![
                c.heading(&format!("{g}/condition")),
                c.heading(&format!("{g}/deadline")),
            ],
            conditions
                .iter()
                .map(|i| {
                    vec![
                        c.field(g, i, "condition").unwrap_or_default(),
                        c.field(g, i, "deadline").unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }

    let e = &c.input.evaluation;
    heading(b, 3, &t.art36_record);
    let mut rows = vec![(
        t.art36.clone(),
        c.w.phrase(&format!("art36.status.{}", art36_code(e.art36_status))),
    )];
    rows.extend(c.rows(&[
        "signoff.art36_consulted",
        "signoff.art36_authority",
        "signoff.art36_submitted_on",
        "signoff.art36_reference",
        "signoff.art36_outcome",
        "signoff.art36_advice",
    ]));
    key_values(b, rows);
    if !e.art36_reasons.is_empty() {
        bullets(b, c.w.findings(&e.art36_reasons), c);
    }
}

/// The signature boxes (one per role), or what this copy is.
pub fn signatures(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let i = c.input;
    b.push(Block::PageBreak);
    heading(b, 2, &t.signature);
    if let Some(copy) = &i.signed_copy {
        b.push(Block::Notice(copy_line(c, copy)));
        b.push(Block::Paragraph(t.copy_note.clone()));
        return;
    }
    if i.signatures.is_empty() {
        b.push(Block::Paragraph(t.signature_unsigned.clone()));
        return;
    }
    b.push(Block::Paragraph(t.signature_intro.clone()));
    for slot in &i.signatures {
        b.push(Block::SignatureBox {
            field: slot.field.clone(),
            rows: signature_rows(slot, t),
        });
    }
    b.push(Block::Small(t.signature_note.clone()));
}

pub fn appendix(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let i = c.input;
    let e = &i.evaluation;
    heading(b, 2, &t.appendix);
    heading(b, 3, &t.identity);
    key_values(
        b,
        vec![
            (t.assessment.clone(), i.assessment_id.clone()),
            (t.version_hash.clone(), i.version_id.clone()),
            (
                t.questionnaire.clone(),
                format!("{} {}", i.questionnaire_id, i.questionnaire_version),
            ),
            (t.assessed_on.clone(), c.w.date(&e.assessed_on)),
            (t.reference_as_of.clone(), e.reference_as_of.clone()),
            (
                t.made_with.clone(),
                format!("dpia {}", env!("CARGO_PKG_VERSION")),
            ),
        ],
    );
    heading(b, 3, &t.method);
    b.push(Block::Paragraph(t.method_text.clone()));
    heading(b, 3, &t.inputs);
    if i.scan.inputs.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
        return;
    }
    b.push(Block::Table {
        headers: vec![t.path.clone(), t.sha256.clone()],
        rows: i
            .scan
            .inputs
            .iter()
            .map(|f| {
                let rel = f
                    .path
                    .strip_prefix(i.tool.as_str())
                    .map_or(f.path.as_str(), |p| p.trim_start_matches(['/', '\\']));
                vec![rel.to_string(), f.sha256.clone()]
            })
            .collect(),
    });
}
