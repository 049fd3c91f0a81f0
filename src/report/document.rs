//! The report as our own page-independent model: headings, paragraphs, tables and key/value
//! lists in reading order. `Document::build` decides *what* the report says (from the
//! evaluation, the scan and the answers, in the template's language); a renderer such as
//! [`super::pdf`] decides only how it looks. Example values are always masked here.

use super::template::Template;
use crate::assessment::risk::Level;
use crate::assessment::{Evaluation, Outcome, TransferVerdict};
use crate::questionnaire::{AnswerValue, Answers};
use crate::scan::mask::mask;
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
        let mut b = Vec::new();
        cover(&mut b, input, t);
        summary(&mut b, &input.evaluation, t);
        personal_data(&mut b, &input.scan, t);
        transfers(&mut b, &input.evaluation, t);
        processors(&mut b, &input.evaluation, t);
        risks(&mut b, &input.evaluation, t);
        appendix(&mut b, input, t);
        Document {
            title: format!("{} – {}", t.title, input.title),
            metadata: Metadata {
                title: format!("{} – {}", t.title, input.title),
                author: input.author.clone(),
                subject: t.subject.clone(),
                keywords: t
                    .keywords
                    .split(',')
                    .map(|k| k.trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
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

fn outcome(o: Outcome, t: &Template) -> &str {
    match o {
        Outcome::Required => &t.outcome_required,
        Outcome::Recommended => &t.outcome_recommended,
        Outcome::NotRequired => &t.outcome_not_required,
        Outcome::Undetermined => &t.outcome_undetermined,
    }
}

fn level(l: Option<Level>, t: &Template) -> String {
    match l {
        Some(Level::Low) => t.level_low.clone(),
        Some(Level::Moderate) => t.level_moderate.clone(),
        Some(Level::High) => t.level_high.clone(),
        Some(Level::VeryHigh) => t.level_very_high.clone(),
        None => t.not_assessed.clone(),
    }
}

fn summary(b: &mut Vec<Block>, e: &Evaluation, t: &Template) {
    heading(b, 2, &t.summary);
    let art36 = if e.art36_consultation_required {
        &t.yes
    } else {
        &t.no
    };
    b.push(Block::KeyValue(vec![
        (
            t.screening.clone(),
            outcome(e.screening.outcome, t).to_string(),
        ),
        (t.overall_risk.clone(), level(e.overall_residual_risk, t)),
        (t.art36.clone(), art36.clone()),
    ]));
    list(b, &t.reasons, &e.screening.reasons, t);
    if e.art36_consultation_required {
        list(b, &t.art36, &e.art36_reasons, t);
    }
    let open: Vec<String> = e
        .missing
        .iter()
        .map(|m| format!("{}: {}", m.question, m.message))
        .chain(e.issues.iter().cloned())
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
                        .map(|v| mask(v))
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

fn verdict(v: TransferVerdict, t: &Template) -> String {
    match v {
        TransferVerdict::Lawful => t.verdict_lawful.clone(),
        TransferVerdict::LawfulWithSafeguards => t.verdict_safeguards.clone(),
        TransferVerdict::NeedsTool => t.verdict_needs_tool.clone(),
        TransferVerdict::Unknown => t.verdict_unknown.clone(),
    }
}

fn transfers(b: &mut Vec<Block>, e: &Evaluation, t: &Template) {
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
                let location = match &x.location_name {
                    Some(name) => format!("{name} ({})", x.location),
                    None => x.location.clone(),
                };
                vec![
                    x.component.clone(),
                    location,
                    verdict(x.verdict, t),
                    x.reason.clone(),
                ]
            })
            .collect(),
    });
}

fn processors(b: &mut Vec<Block>, e: &Evaluation, t: &Template) {
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
            .map(|g| vec![g.processor.clone(), g.missing.join("; ")])
            .collect(),
    });
}

fn risks(b: &mut Vec<Block>, e: &Evaluation, t: &Template) {
    heading(b, 2, &t.risks);
    if e.risks.is_empty() {
        b.push(Block::Paragraph(t.risks_none.clone()));
        return;
    }
    b.push(Block::Table {
        headers: vec![t.risk.clone(), t.before.clone(), t.after.clone()],
        rows: e
            .risks
            .iter()
            .map(|r| {
                vec![
                    r.title.clone(),
                    level(r.level, t),
                    level(r.residual_level, t),
                ]
            })
            .collect(),
    });
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
