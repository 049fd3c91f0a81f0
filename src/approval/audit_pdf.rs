//! The auditor's summary as a PDF an auditor can file: [`to_document`] lays the summary out
//! for the report renderer in the wording of `templates/audit.<lang>.toml`; [`render`] makes
//! the unsigned PDF; [`render_signed`] signs it (PAdES, the same signing path as a report:
//! a visible box in the field `auditor`, an optional RFC 3161 time-stamp) and checks the
//! result. Its keywords say it is an audit summary (`dpia-audit:`) and which state of the
//! record it describes (`dpia-audit-head:`, the hash of the record's last event), so `dpia
//! verify` tells it apart from an assessment's report.

use super::audit_summary::AuditSummary;
use super::audit_wording::{fill, AuditWords};
use super::{self_check, signature_block, usable_at, ApprovalError};
use crate::lang::Lang;
use crate::report::document::{
    signature_rows, Block, Document, Metadata, SignatureSlot, KEYWORD_AUDIT, KEYWORD_AUDIT_HEAD,
};
use crate::report::{pdf, RenderOptions, Template};
use crate::signing::{certs, WidgetPlace};
use crate::signing::{sign_pdf, Credentials, PdfVerification, SignatureFields, TimestampAuthority};

/// The signature field of the auditor's signature.
pub const AUDITOR_FIELD: &str = "auditor";

/// How and when the auditor signs.
#[derive(Debug, Clone)]
pub struct AuditSignOptions {
    pub lang: Lang,
    /// Why it is signed (default: the wording's `signature_reason`).
    pub reason: Option<String>,
    /// Where it is signed.
    pub location: Option<String>,
    /// Signing time, seconds since 1970 (also the summary's time of making).
    pub signed_at: u64,
    /// The time-stamping authority's name, when a time-stamp is requested.
    pub tsa: Option<String>,
}

/// A signed audit summary, not yet written.
#[derive(Debug, Clone)]
pub struct SignedAudit {
    pub pdf: Vec<u8>,
    pub verification: PdfVerification,
}

fn words(lang: Lang) -> Result<AuditWords, ApprovalError> {
    AuditWords::builtin(lang).map_err(|e| ApprovalError::Wording(e.to_string()))
}

/// The unsigned summary as a PDF in `lang`, made at `generated_at` (RFC 3339 UTC).
pub fn render(s: &AuditSummary, generated_at: &str, lang: Lang) -> Result<Vec<u8>, ApprovalError> {
    let doc = to_document(s, generated_at, &words(lang)?, None);
    let options = RenderOptions {
        created_at: generated_at.to_string(),
        draft: false,
    };
    Ok(pdf::render(&doc, &options)?)
}

/// The summary as a PDF signed by `creds` (time-stamped by `tsa` if given), checked after
/// signing like a signed report.
pub fn render_signed(
    s: &AuditSummary,
    creds: &Credentials,
    options: &AuditSignOptions,
    tsa: Option<&dyn TimestampAuthority>,
) -> Result<SignedAudit, ApprovalError> {
    usable_at(creds, options.signed_at)?;
    let w = words(options.lang)?;
    let template = Template::builtin(options.lang)?;
    let reason = options
        .reason
        .clone()
        .unwrap_or_else(|| w.signature_reason.clone());
    let block = signature_block(
        creds,
        &template,
        options.signed_at,
        options.tsa.as_deref(),
        reason.clone(),
        options.location.clone(),
    );
    let slot = SignatureSlot {
        field: AUDITOR_FIELD.to_string(),
        role: w.role_auditor.clone(),
        block: Some(block),
    };
    let generated_at = crate::clock::Now::at(options.signed_at).rfc3339();
    let doc = to_document(s, &generated_at, &w, Some(signature_rows(&slot, &template)));
    let render = RenderOptions {
        created_at: generated_at,
        draft: false,
    };
    let (unsigned, places) = pdf::render_placed(&doc, &render)?;
    let fields = SignatureFields {
        field: AUDITOR_FIELD.to_string(),
        name: certs::common_name(creds.certificate()),
        reason: Some(reason),
        location: options.location.clone(),
        signed_at: options.signed_at,
        place: places
            .iter()
            .find(|p| p.field == AUDITOR_FIELD)
            .map(|p| WidgetPlace {
                page: p.page,
                rect: p.rect,
            }),
        ..SignatureFields::default()
    };
    let signed = sign_pdf(&unsigned, &fields, creds, tsa)?;
    let verification = self_check(&signed, creds)?;
    Ok(SignedAudit {
        pdf: signed,
        verification,
    })
}

/// The summary as a document for the report renderer, made at `generated_at`; with
/// `signature`, the rows of the auditor's signature box, else a note that it is not signed.
pub fn to_document(
    s: &AuditSummary,
    generated_at: &str,
    w: &AuditWords,
    signature: Option<Vec<(String, String)>>,
) -> Document {
    let counts = fill(
        &w.record_counts,
        &[
            ("assessments", &s.chain.assessments.to_string()),
            ("versions", &s.chain.versions.to_string()),
            ("signed", &s.chain.signed_versions.to_string()),
            ("events", &s.chain.events.to_string()),
        ],
    );
    let chains = if s.chain.is_clean() {
        w.chains_hold.clone()
    } else {
        fill(
            &w.chains_break,
            &[("count", &s.chain.breaks.len().to_string())],
        )
    };
    let mut facts = vec![
        (w.date_of_audit.clone(), s.today.clone()),
        (w.record.clone(), counts),
    ];
    if let Some(head) = &s.record_head {
        facts.push((w.record_head.clone(), head.clone()));
    }
    facts.push((w.chains.clone(), chains));
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            text: w.title.clone(),
        },
        Block::Paragraph(w.intro.clone()),
        Block::KeyValue(facts),
    ];
    if !s.chain.breaks.is_empty() {
        blocks.push(Block::List(
            s.chain.breaks.iter().map(|b| b.to_string()).collect(),
        ));
    }
    blocks.push(Block::Heading {
        level: 2,
        text: w.assessments.clone(),
    });
    if s.assessments.is_empty() {
        blocks.push(Block::Paragraph(w.no_assessments.clone()));
    }
    for a in &s.assessments {
        assessment_blocks(a, w, &mut blocks);
    }
    if !s.pdfs.is_empty() {
        pdf_blocks(s, w, &mut blocks);
    }
    blocks.push(Block::Heading {
        level: 2,
        text: w.auditor_signature.clone(),
    });
    match signature {
        Some(rows) => {
            blocks.push(Block::Paragraph(w.signature_intro.clone()));
            blocks.push(Block::SignatureBox {
                field: AUDITOR_FIELD.to_string(),
                rows,
            });
        }
        None => blocks.push(Block::Paragraph(w.unsigned.clone())),
    }
    let mut keywords = vec![format!("{KEYWORD_AUDIT}{generated_at}")];
    if let Some(head) = &s.record_head {
        keywords.push(format!("{KEYWORD_AUDIT_HEAD}{head}"));
    }
    Document {
        title: w.title.clone(),
        metadata: Metadata {
            title: w.title.clone(),
            author: "dpia".into(),
            subject: fill(
                &w.subject,
                &[
                    ("count", &s.assessments.len().to_string()),
                    ("date", &s.today),
                ],
            ),
            keywords,
            lang: w.language(),
            assessment_id: String::new(),
            version_id: String::new(),
        },
        blocks,
        footer: fill(&w.footer, &[("date", &s.today)]),
        draft_mark: String::new(),
        toc_title: w.toc.clone(),
    }
}

fn assessment_blocks(
    a: &super::audit_summary::AssessmentEntry,
    w: &AuditWords,
    blocks: &mut Vec<Block>,
) {
    blocks.push(Block::Heading {
        level: 3,
        text: a.title.clone(),
    });
    let review = match (&a.review_due, a.review_overdue) {
        (Some(d), true) => fill(&w.overdue, &[("date", d)]),
        (Some(d), false) => d.clone(),
        (None, _) => w.none.clone(),
    };
    let mut rows = vec![
        (w.assessment.clone(), a.id.clone()),
        (w.status.clone(), w.status_word(&a.status)),
        (w.versions.clone(), a.versions.to_string()),
        (w.review_due.clone(), review),
    ];
    if let Some(c) = &a.changed_after_signing {
        rows.push((
            w.changed_after_signing.clone(),
            fill(
                &w.changed_text,
                &[("number", &c.number.to_string()), ("at", &c.signed_at)],
            ),
        ));
    }
    if let Some(d) = &a.drift {
        rows.push((
            w.drift.clone(),
            fill(
                &w.drift_text,
                &[
                    ("at", &d.checked_at),
                    ("items", &d.items.to_string()),
                    ("worst", d.worst.code()),
                ],
            ),
        ));
    }
    if a.signatures.is_empty() {
        rows.push((w.signatures.clone(), w.never_signed.clone()));
    }
    blocks.push(Block::KeyValue(rows));
    if a.signatures.is_empty() {
        return;
    }
    blocks.push(Block::Table {
        headers: vec![
            w.version.clone(),
            w.role.clone(),
            w.signed_at.clone(),
            w.certificate.clone(),
        ],
        rows: a
            .signatures
            .iter()
            .map(|sig| {
                vec![
                    format!("#{}", sig.number),
                    sig.role
                        .as_deref()
                        .map_or_else(|| w.none.clone(), |r| w.role_word(r)),
                    sig.signed_at.clone(),
                    sig.certificate.as_ref().map_or_else(
                        || w.none.clone(),
                        |c| {
                            fill(
                                &w.certificate_text,
                                &[
                                    ("subject", &c.subject),
                                    ("fingerprint", &c.fingerprint),
                                    ("from", &c.not_before),
                                    ("until", &c.not_after),
                                ],
                            )
                        },
                    ),
                ]
            })
            .collect(),
    });
}

fn pdf_blocks(s: &AuditSummary, w: &AuditWords, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: 2,
        text: w.pdfs.clone(),
    });
    blocks.push(Block::Table {
        headers: vec![w.file.clone(), w.result.clone(), w.in_record.clone()],
        rows: s
            .pdfs
            .iter()
            .map(|p| {
                let place = match (p.version, p.newer) {
                    (Some(v), Some(n)) => fill(
                        &w.pdf_superseded,
                        &[("version", &v.to_string()), ("newer", &n.to_string())],
                    ),
                    (Some(v), None) => fill(&w.pdf_current, &[("version", &v.to_string())]),
                    _ => w.pdf_state(&p.state),
                };
                vec![p.file.clone(), w.verdict_word(&p.verdict), place]
            })
            .collect(),
    });
}

#[cfg(test)]
#[path = "audit_pdf_tests.rs"]
mod tests;
