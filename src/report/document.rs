//! The report as our own page-independent model: headings, paragraphs, tables and key/value
//! lists in reading order. `Document::build` decides *what* the report says (from the
//! evaluation, the scan and the answers, in the template's language); a renderer such as
//! [`super::pdf`] decides only how it looks. Example values are always masked here.

use super::template::Template;
use crate::assessment::risk::Level;
use crate::assessment::{Evaluation, Words};
use crate::questionnaire::display::{AnswerText, SectionText};
use crate::questionnaire::{AnswerValue, Answers};
use crate::scan::ScanReport;

/// Longest evidence text shown per column, in characters.
const EVIDENCE_CHARS: usize = 90;

/// Everything the report is built from; the CLI reads it from the record.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub assessment_id: String,
    pub title: String,
    pub status: String,
    pub tool: String,
    pub version_id: String,
    pub version_number: u64,
    pub author: String,
    /// When the version was written (RFC 3339).
    pub created_at: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub evaluation: Evaluation,
    pub scan: ScanReport,
    pub answers: Answers,
    /// The answered questions of the narrative sections (description, necessity, measures,
    /// sign-off), in words, in the report's language.
    pub sections: Vec<SectionText>,
    /// The signature shown on the sign-off page; None for a draft.
    pub signature: Option<SignatureBlock>,
}

/// The visible signature block of a signed report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    pub signer: String,
    pub subject: String,
    /// `YYYY-MM-DD HH:MM:SS UTC`.
    pub signed_at: String,
    /// SHA-256 fingerprint of the signer's certificate.
    pub fingerprint: String,
    pub reason: String,
    pub location: Option<String>,
}

/// Keyword prefixes that tie a report PDF to its assessment and version.
pub const KEYWORD_ASSESSMENT: &str = "dpia-assessment:";
pub const KEYWORD_VERSION: &str = "dpia-version:";

/// The value after `prefix` in the first keyword that has it.
pub fn keyword_value(keywords: &[String], prefix: &str) -> Option<String> {
    keywords
        .iter()
        .find_map(|k| k.strip_prefix(prefix))
        .map(str::to_string)
}

/// A point of the risk map: a risk's (severity, likelihood) before and after measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskPoint {
    /// Short label drawn in the grid (`R1`).
    pub label: String,
    pub before: Option<(u8, u8)>,
    pub after: Option<(u8, u8)>,
}

/// The 4x4 severity x likelihood grid with each risk before and after measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskMap {
    pub severity: String,
    pub likelihood: String,
    /// Level names 1–4 for both axes.
    pub levels: [String; 4],
    pub before: String,
    pub after: String,
    pub points: Vec<RiskPoint>,
}

/// Document metadata (the PDF Info dictionary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

/// One block of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 is the document title, 2 a section, 3 a sub-section.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    KeyValue(Vec<(String, String)>),
    RiskMap(RiskMap),
    /// The visible signature: key/value rows in a frame; the signature field is placed on it.
    SignatureBox(Vec<(String, String)>),
    PageBreak,
}

/// The whole report, ready for a renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
    /// The footer of every page, with `{page}` and `{pages}` still to fill in.
    pub footer: String,
    /// The mark on every page of an unsigned export.
    pub draft_mark: String,
}

impl Document {
    /// Builds the report from its input in the template's language.
    pub fn build(input: &ReportInput, t: &Template) -> Document {
        let short: String = input.assessment_id.chars().take(8).collect();
        let questionnaire = crate::questionnaire::builtin()
            .ok()
            .filter(|q| q.id == input.questionnaire_id && q.version == input.questionnaire_version);
        let reference = crate::reference::Reference::builtin().ok();
        let words = Words::new(&t.lang, questionnaire.as_ref(), reference.as_ref());
        let mut b = Vec::new();
        cover(&mut b, input, t);
        summary(&mut b, &input.evaluation, t, &words);
        narrative(&mut b, input, "description", t);
        personal_data(&mut b, &input.scan, t);
        narrative(&mut b, input, "necessity", t);
        transfers(&mut b, &input.evaluation, t, &words);
        processors(&mut b, &input.evaluation, t, &words);
        risks(&mut b, &input.evaluation, t, &words);
        narrative(&mut b, input, "measures", t);
        signoff(&mut b, input, t);
        appendix(&mut b, input, t);
        let mut keywords: Vec<String> = t
            .keywords
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        keywords.push(format!("{KEYWORD_ASSESSMENT}{}", input.assessment_id));
        keywords.push(format!("{KEYWORD_VERSION}{}", input.version_id));
        Document {
            title: format!("{} – {}", t.title, input.title),
            metadata: Metadata {
                title: format!("{} – {}", t.title, input.title),
                author: input.author.clone(),
                subject: t.subject.clone(),
                keywords,
            },
            blocks: b,
            footer: t.footer.replace("{id}", &short),
            draft_mark: t.draft.clone(),
        }
    }
}

fn text(answers: &Answers, id: &str) -> Option<String> {
    match answers.get(id) {
        Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn heading(b: &mut Vec<Block>, level: u8, text: &str) {
    b.push(Block::Heading {
        level,
        text: text.to_string(),
    });
}

fn cover(b: &mut Vec<Block>, input: &ReportInput, t: &Template) {
    heading(b, 1, &t.title);
    b.push(Block::Paragraph(input.title.clone()));
    let dash = || "–".to_string();
    b.push(Block::KeyValue(vec![
        (t.tool.clone(), input.tool.clone()),
        (
            t.controller.clone(),
            text(&input.answers, "description.controller").unwrap_or_else(dash),
        ),
        (t.assessment.clone(), input.assessment_id.clone()),
        (
            t.version.clone(),
            format!("#{} ({})", input.version_number, input.version_id),
        ),
        (t.status.clone(), input.status.clone()),
        (
            t.date.clone(),
            input
                .created_at
                .get(..10)
                .unwrap_or(&input.created_at)
                .into(),
        ),
        (t.author.clone(), input.author.clone()),
        (
            t.dpo.clone(),
            text(&input.answers, "description.dpo_contact").unwrap_or_else(dash),
        ),
    ]));
    if let Some(purposes) = text(&input.answers, "description.purposes") {
        heading(b, 3, &t.purposes);
        for line in purposes.lines().filter(|l| !l.trim().is_empty()) {
            b.push(Block::Paragraph(line.trim().to_string()));
        }
    }
    b.push(Block::PageBreak);
}

fn level(l: Option<Level>, t: &Template, w: &Words<'_>) -> String {
    l.map_or_else(|| t.not_assessed.clone(), |l| w.level(l))
}

fn summary(b: &mut Vec<Block>, e: &Evaluation, t: &Template, w: &Words<'_>) {
    heading(b, 2, &t.summary);
    b.push(Block::KeyValue(vec![
        (
            t.screening.clone(),
            w.phrase(&format!("outcome.{}", e.screening.outcome.code())),
        ),
        (t.overall_risk.clone(), level(e.overall_residual_risk, t, w)),
        (
            t.art36.clone(),
            w.phrase(&format!(
                "art36.status.{}",
                crate::assessment::art36_code(e.art36_status)
            )),
        ),
    ]));
    list(b, &t.reasons, &w.findings(&e.screening.reasons), t);
    if !e.art36_reasons.is_empty() {
        list(b, &t.art36, &w.findings(&e.art36_reasons), t);
    }
    let open: Vec<String> = e
        .missing
        .iter()
        .map(|m| w.finding(&m.finding))
        .chain(w.findings(&e.issues))
        .collect();
    list(b, &t.open_items, &open, t);
}

/// A sub-heading and one paragraph per item (or "none").
fn list(b: &mut Vec<Block>, title: &str, items: &[String], t: &Template) {
    heading(b, 3, title);
    if items.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
    }
    for item in items {
        b.push(Block::Paragraph(format!("• {item}")));
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    } else {
        s.to_string()
    }
}

fn personal_data(b: &mut Vec<Block>, scan: &ScanReport, t: &Template) {
    heading(b, 2, &t.data);
    let mut any = false;
    for table in &scan.tables {
        let rows: Vec<Vec<String>> = table
            .columns
            .iter()
            .filter(|c| !c.categories.is_empty())
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.categories
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    format!("{:.0} %", c.confidence * 100.0),
                    shorten(&c.evidence.join("; "), EVIDENCE_CHARS),
                    c.examples
                        .iter()
                        .map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        any = true;
        heading(b, 3, &format!("{} {}", t.table, table.name));
        b.push(Block::Table {
            headers: vec![
                t.column.clone(),
                t.categories.clone(),
                t.confidence.clone(),
                t.evidence.clone(),
                t.examples.clone(),
            ],
            rows,
        });
    }
    if !any {
        b.push(Block::Paragraph(t.data_none.clone()));
    }
}

fn transfers(b: &mut Vec<Block>, e: &Evaluation, t: &Template, w: &Words<'_>) {
    heading(b, 2, &t.transfers);
    if e.transfers.is_empty() {
        b.push(Block::Paragraph(t.transfers_none.clone()));
        return;
    }
    b.push(Block::Table {
        headers: vec![
            t.component.clone(),
            t.location.clone(),
            t.verdict.clone(),
            t.reason.clone(),
        ],
        rows: e
            .transfers
            .iter()
            .map(|x| {
                vec![
                    x.component.clone(),
                    w.country(&x.location),
                    w.phrase(&format!("verdict.{}", x.verdict.code())),
                    format!(
                        "{}: {}",
                        w.phrase(&format!("transfer.role.{}", x.role.code())),
                        w.finding(&x.reason)
                    ),
                ]
            })
            .collect(),
    });
}

fn processors(b: &mut Vec<Block>, e: &Evaluation, t: &Template, w: &Words<'_>) {
    heading(b, 2, &t.processors);
    if e.processor_gaps.is_empty() {
        b.push(Block::Paragraph(t.processors_none.clone()));
        return;
    }
    b.push(Block::Table {
        headers: vec![t.processor.clone(), t.missing.clone()],
        rows: e
            .processor_gaps
            .iter()
            .map(|g| vec![g.processor.clone(), w.findings(&g.missing).join("; ")])
            .collect(),
    });
}

fn risks(b: &mut Vec<Block>, e: &Evaluation, t: &Template, w: &Words<'_>) {
    heading(b, 2, &t.risks);
    if e.risks.is_empty() {
        b.push(Block::Paragraph(t.risks_none.clone()));
        return;
    }
    let pair = |s: Option<i64>, l: Option<i64>| match (s, l) {
        (Some(s), Some(l)) if (1..=4).contains(&s) && (1..=4).contains(&l) => {
            Some((s as u8, l as u8))
        }
        _ => None,
    };
    b.push(Block::Table {
        headers: vec![
            "#".into(),
            t.risk.clone(),
            t.before.clone(),
            t.after.clone(),
        ],
        rows: e
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    format!("R{}", i + 1),
                    r.title.clone(),
                    level(r.level, t, w),
                    level(r.residual_level, t, w),
                ]
            })
            .collect(),
    });
    heading(b, 3, &t.risk_map);
    b.push(Block::RiskMap(RiskMap {
        severity: t.map_severity.clone(),
        likelihood: t.map_likelihood.clone(),
        levels: [
            t.scale_1.clone(),
            t.scale_2.clone(),
            t.scale_3.clone(),
            t.scale_4.clone(),
        ],
        before: t.map_before.clone(),
        after: t.map_after.clone(),
        points: e
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| RiskPoint {
                label: format!("R{}", i + 1),
                before: pair(r.severity, r.likelihood),
                after: pair(r.residual_severity, r.residual_likelihood),
            })
            .collect(),
    }));
}

/// A questionnaire section's answers in words: one key/value list for the single answers,
/// one table per group.
fn narrative(b: &mut Vec<Block>, input: &ReportInput, id: &str, t: &Template) {
    let Some(section) = input.sections.iter().find(|s| s.id == id) else {
        return;
    };
    heading(b, 2, &section.title);
    if section.answers.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
        return;
    }
    let mut singles = Vec::new();
    for answer in &section.answers {
        match answer {
            AnswerText::Single { question, answer } => {
                singles.push((question.clone(), answer.clone()));
            }
            AnswerText::Group {
                question,
                headers,
                rows,
            } => {
                if !singles.is_empty() {
                    b.push(Block::KeyValue(std::mem::take(&mut singles)));
                }
                heading(b, 3, question);
                b.push(Block::Table {
                    headers: headers.clone(),
                    rows: rows.clone(),
                });
            }
        }
    }
    if !singles.is_empty() {
        b.push(Block::KeyValue(singles));
    }
}

/// Consultation, DPO advice and approvals from the questionnaire, then the signature.
fn signoff(b: &mut Vec<Block>, input: &ReportInput, t: &Template) {
    b.push(Block::PageBreak);
    if input.sections.iter().any(|s| s.id == "signoff") {
        narrative(b, input, "signoff", t);
    } else {
        heading(b, 2, &t.signature);
    }
    heading(b, 3, &t.signature);
    match &input.signature {
        None => b.push(Block::Paragraph(t.signature_unsigned.clone())),
        Some(s) => {
            let mut rows = vec![
                (t.signer.clone(), s.signer.clone()),
                (t.certificate.clone(), s.subject.clone()),
                (t.signed_at.clone(), s.signed_at.clone()),
                (t.fingerprint.clone(), s.fingerprint.clone()),
                (t.reason.clone(), s.reason.clone()),
            ];
            if let Some(location) = &s.location {
                rows.push((t.location.clone(), location.clone()));
            }
            b.push(Block::SignatureBox(rows));
            b.push(Block::Paragraph(t.signature_note.clone()));
        }
    }
}

fn appendix(b: &mut Vec<Block>, input: &ReportInput, t: &Template) {
    b.push(Block::PageBreak);
    heading(b, 2, &t.appendix);
    b.push(Block::KeyValue(vec![
        (
            t.questionnaire.clone(),
            format!("{} {}", input.questionnaire_id, input.questionnaire_version),
        ),
        (t.version_hash.clone(), input.version_id.clone()),
    ]));
    heading(b, 3, &t.inputs);
    if input.scan.inputs.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
        return;
    }
    b.push(Block::Table {
        headers: vec![t.path.clone(), t.sha256.clone()],
        rows: input
            .scan
            .inputs
            .iter()
            .map(|i| vec![i.path.clone(), i.sha256.clone()])
            .collect(),
    });
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
