//! The report as our own page-independent model: headings, paragraphs, tables and key/value
//! lists in reading order. `Document::build` decides *what* the report says (from the
//! evaluation, the scan and the answers, in the template's language); a renderer such as
//! [`super::pdf`] decides only how it looks. Example values are always masked here.

use super::ctx::Ctx;
use super::template::Template;
use super::{chapters, inventory, risks, screening, signoff, summary, transfers};
use crate::assessment::{Evaluation, Words};
use crate::questionnaire::Answers;
use crate::record::Status;
use crate::scan::ScanReport;

/// Everything the report is built from; the CLI reads it from the record.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub assessment_id: String,
    pub title: String,
    /// The version's status as recorded (the copy being signed is [`Status::Signed`]).
    pub status: Status,
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
    /// The signature boxes of the sign-off page, one per signing role, in order; empty for a
    /// draft.
    pub signatures: Vec<SignatureSlot>,
    /// The number the record gives the signed version once this rendering is signed (what
    /// `dpia verify` reports); `None` for an export.
    pub record_number: Option<u64>,
    /// Set when this export is a copy of a version that was signed: no DRAFT mark, and the
    /// copy says whose signature the original carries.
    pub signed_copy: Option<SignedCopy>,
}

/// What an export of a signed version is a copy of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCopy {
    /// The signed version's number in the record.
    pub number: u64,
    /// SHA-256 of the signed PDF the record holds.
    pub pdf_sha256: String,
    pub signers: Vec<Signer>,
}

/// Who signed, in which role, when (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    pub role: String,
    pub date: String,
}

/// One signature box: a role's signature field, signed in this rendering or left empty for
/// a later signer (whose signature draws the box then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureSlot {
    /// The PDF signature field's name (`dpo`, `controller`).
    pub field: String,
    /// The role in words, in the report's language.
    pub role: String,
    /// The signature shown; None while the role has not signed.
    pub block: Option<SignatureBlock>,
}

/// The visible signature block of a signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    pub signer: String,
    pub subject: String,
    /// The signing time and where it comes from, in words.
    pub signed_at: String,
    /// What kind of electronic signature this is (eIDAS), in words.
    pub kind: String,
    /// SHA-256 fingerprint of the signer's certificate.
    pub fingerprint: String,
    pub reason: String,
    pub location: Option<String>,
}

/// The lines every signature box has room for, so a later signer's block fits the box the
/// first rendering left empty.
pub const SIGNATURE_BOX_LINES: usize = 12;

/// Keyword prefixes that tie a report PDF to its assessment and version.
pub const KEYWORD_ASSESSMENT: &str = "dpia-assessment:";
pub const KEYWORD_VERSION: &str = "dpia-version:";
/// Keyword prefixes of an audit summary (`dpia audit --report --format pdf`): when it was
/// made, and the hash of the last event of the record it describes.
pub const KEYWORD_AUDIT: &str = "dpia-audit:";
pub const KEYWORD_AUDIT_HEAD: &str = "dpia-audit-head:";

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
    /// The risk levels' words (low, moderate, high, very high) for the colour legend.
    pub level_names: [String; 4],
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
    /// The document's language: `/Lang` and the hyphenation patterns.
    pub lang: crate::lang::Lang,
    pub assessment_id: String,
    pub version_id: String,
}

/// One block of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 is the document title, 2 a section, 3 a sub-section.
    Heading {
        level: u8,
        text: String,
    },
    /// The assessment's title under the document title on the cover.
    Subtitle(String),
    Paragraph(String),
    /// A bold run-in label for the paragraphs that follow (not in the contents).
    Label(String),
    /// Bulleted items with a hanging indent.
    List(Vec<String>),
    /// Small grey text: sources, notes on method.
    Small(String),
    /// A framed statement (what a copy of a signed version is).
    Notice(String),
    /// The table of contents: every section heading with its page.
    Toc,
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    KeyValue(Vec<(String, String)>),
    RiskMap(Box<RiskMap>),
    /// The visible signature of the field `field`: key/value rows in a frame of at least
    /// [`SIGNATURE_BOX_LINES`] lines; the signature field is placed on it.
    SignatureBox {
        field: String,
        rows: Vec<(String, String)>,
    },
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
    /// The heading of the table of contents (its own bookmark).
    pub toc_title: String,
}

impl Document {
    /// Builds the report from its input in the template's language.
    pub fn build(input: &ReportInput, t: &Template) -> Document {
        let short: String = input.assessment_id.chars().take(8).collect();
        let questionnaire = crate::questionnaire::builtin()
            .ok()
            .filter(|q| q.id == input.questionnaire_id && q.version == input.questionnaire_version);
        let reference = crate::reference::Reference::builtin().ok();
        let c = Ctx {
            t,
            w: Words::new(t.lang, questionnaire.as_ref(), reference.as_ref()),
            q: questionnaire.as_ref(),
            input,
        };
        let mut b = Vec::new();
        summary::cover(&mut b, &c);
        summary::summary(&mut b, &c);
        screening::screening(&mut b, &c);
        chapters::section(&mut b, &c, "description", &[]);
        inventory::personal_data(&mut b, &c);
        inventory::data_flows(&mut b, &c);
        chapters::section(
            &mut b,
            &c,
            "necessity",
            &["necessity.principles_improvement"],
        );
        chapters::principles(&mut b, &c);
        transfers::transfers(&mut b, &c);
        transfers::processors(&mut b, &c);
        risks::risks(&mut b, &c);
        risks::measures(&mut b, &c);
        signoff::signoff(&mut b, &c);
        signoff::signatures(&mut b, &c);
        signoff::appendix(&mut b, &c);
        strip_tool_path(&mut b, &input.tool);
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
                lang: t.lang,
                assessment_id: input.assessment_id.clone(),
                version_id: input.version_id.clone(),
            },
            blocks: b,
            footer: t.footer.replace("{id}", &short),
            draft_mark: t.draft.clone(),
            toc_title: t.contents.clone(),
        }
    }
}

/// Paths in findings and flows are as the scan saw them (absolute on the scanning
/// machine); the report shows them relative to the tool's folder.
fn strip_tool_path(blocks: &mut [Block], tool: &str) {
    let root = tool.trim_end_matches(['/', '\\']);
    if root.is_empty() {
        return;
    }
    let prefix = format!("{root}/");
    let fix = |s: &mut String| {
        if s.contains(&prefix) {
            *s = s.replace(&prefix, "");
        }
    };
    for b in blocks {
        match b {
            Block::Paragraph(s) | Block::Small(s) | Block::Notice(s) | Block::Label(s) => fix(s),
            Block::List(items) => items.iter_mut().for_each(fix),
            Block::KeyValue(rows) => rows.iter_mut().for_each(|(_, v)| fix(v)),
            Block::Table { rows, .. } => rows.iter_mut().flatten().for_each(fix),
            _ => {}
        }
    }
}

/// The rows of a signature box: the signer's, or the role awaiting its signature.
pub fn signature_rows(slot: &SignatureSlot, t: &Template) -> Vec<(String, String)> {
    let Some(s) = &slot.block else {
        return vec![(t.role.clone(), format!("{} ({})", slot.role, t.awaiting))];
    };
    let mut rows = vec![
        (t.role.clone(), slot.role.clone()),
        (t.signer.clone(), s.signer.clone()),
        (t.certificate.clone(), s.subject.clone()),
        (t.signed_at.clone(), s.signed_at.clone()),
        (t.fingerprint.clone(), s.fingerprint.clone()),
        (t.signature_kind.clone(), s.kind.clone()),
        (t.reason.clone(), s.reason.clone()),
    ];
    if let Some(location) = &s.location {
        rows.push((t.location.clone(), location.clone()));
    }
    rows
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
