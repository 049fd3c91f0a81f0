//! Approving an assessment: the steps between a recorded version and a signed PDF, shared by
//! the CLI and the TUI. [`report_input`] rebuilds the report's input from a recorded
//! version (re-worded in the report's language); [`render_signed`] refuses an incomplete
//! assessment, renders the final report with one signature box per role (the signer's
//! filled, the others left for later), signs it and checks the result; [`countersign`] adds
//! a second role's signature to the recorded signed report without touching the signed
//! revision; [`record_signature`] stores each signed PDF's hash in the record once the file
//! is written. [`check`] tells a verifier what the signatures and the record say together.
//!
//! Which evaluation is the truth for a recorded version (code review S7): the one recorded
//! with it. `show`, `export`, `sign`, the TUI's report and sign-off all render the recorded
//! evaluation, what the DPO saw and signed, never a re-evaluation with today's reference
//! tables or rules; only its wording (in any language) is done now, from the codes it holds.
//! A re-evaluation happens only when a session edits the assessment, and then it is recorded
//! as the next version's evaluation.

pub mod audit_pdf;
pub mod audit_summary;
pub mod audit_wording;
pub mod check;
pub mod check_audit;
mod copy;
pub mod export_signature;
pub mod roles;
mod signature_parts;

pub use check::{check_pdf, Checked, Outcome, RecordCheck, RecordMatch, RecordSource, Verdict};
pub use copy::signed_copy;
pub use roles::{Role, ROLES};
pub(crate) use signature_parts::{self_check, signature_block, usable_at};

use crate::assessment::{Evaluation, Missing};
use crate::lang::Lang;
use crate::questionnaire::Answers;
use crate::record::{
    AssessmentId, AssessmentView, Record, RecordError, Signature, Status, Version, VersionId,
};
use crate::report::document::{signature_rows, SignatureBlock, SignatureSlot};
use crate::report::{pdf, Document, RenderOptions, ReportInput, Template};
use crate::scan::ScanReport;
use crate::session::{read_recorded, SessionError};
use crate::signing::{
    certs, keys, sign_pdf, verify_pdf, Credentials, EmptyField, PdfVerification, SignatureFields,
    TimestampAuthority, WidgetPlace,
};
use thiserror::Error;

/// Why a report could not be produced or signed.
#[derive(Debug, Error)]
pub enum ApprovalError {
    #[error(transparent)]
    Recorded(#[from] SessionError),
    #[error("the assessment is not complete: {} item(s) still missing", .missing.len())]
    Incomplete { missing: Vec<Missing> },
    #[error("the built-in report template is broken")]
    Template(#[from] crate::report::TemplateError),
    #[error("cannot render the PDF")]
    Render(#[from] crate::report::RenderError),
    #[error("cannot sign the PDF")]
    Signing(#[from] crate::signing::SigningError),
    #[error("the signed PDF failed its own verification: {0}")]
    SelfCheck(String),
    #[error("cannot add a signature to this PDF: {0}")]
    NotCountersignable(String),
    #[error("the built-in questionnaire is broken")]
    Questionnaire(#[from] crate::questionnaire::QuestionnaireError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("the built-in wording is broken: {0}")]
    Wording(String),
}

/// The report's input for `version` of `view`, its narrative worded in `lang`. The
/// evaluation is the one recorded with the version: what was assessed (and signed) is what
/// the report shows, in any language, whatever reference tables or rules dpia has today.
pub fn report_input(
    view: &AssessmentView,
    version: &Version,
    lang: Lang,
) -> Result<ReportInput, ApprovalError> {
    let c = &version.content;
    let scan: ScanReport = read_recorded("scan", &c.scan, version)?;
    let answers: Answers = read_recorded("answers", &c.answers, version)?;
    let evaluation: Evaluation = read_recorded("evaluation", &c.evaluation, version)?;
    let _ = lang;
    Ok(ReportInput {
        assessment_id: view.summary.id.as_str().to_string(),
        title: view.summary.title.clone(),
        status: version.status,
        tool: view.summary.tool_path.clone(),
        version_id: version.id.as_str().to_string(),
        version_number: version.number,
        author: version.author.clone(),
        created_at: version.created_at.clone(),
        questionnaire_id: c.questionnaire_id.clone(),
        questionnaire_version: c.questionnaire_version.clone(),
        evaluation,
        scan,
        answers,
        signatures: Vec::new(),
        record_number: None,
        signed_copy: None,
    })
}

/// An unsigned export of the report: a draft (DRAFT on every page), or, for a signed
/// version (`input.signed_copy`), a copy of the signed report that says so.
pub fn render_draft(input: &ReportInput, lang: Lang) -> Result<Vec<u8>, ApprovalError> {
    let template = Template::builtin(lang)?;
    let document = Document::build(input, &template);
    let options = RenderOptions {
        created_at: input.created_at.clone(),
        draft: input.signed_copy.is_none(),
    };
    Ok(pdf::render(&document, &options)?)
}

/// How and when to sign.
#[derive(Debug, Clone)]
pub struct SignOptions {
    pub lang: Lang,
    pub role: Role,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Signing time, seconds since 1970 (read once for the whole signing).
    pub signed_at: u64,
    /// The time-stamping authority's name, when a time-stamp is requested (for the wording
    /// of the signature box).
    pub tsa: Option<String>,
}

impl SignOptions {
    /// The signing time as RFC 3339 UTC (the record's form).
    pub fn signed_at_rfc3339(&self) -> String {
        crate::clock::Now::at(self.signed_at).rfc3339()
    }
}

/// A signed report, not yet written or recorded.
#[derive(Debug, Clone)]
pub struct SignedReport {
    pub pdf: Vec<u8>,
    pub verification: PdfVerification,
    pub certificate_pem: String,
    /// RFC 3339 UTC.
    pub signed_at: String,
    pub role: Role,
}

/// Refuses an assessment whose evaluation still lists missing answers.
pub fn check_complete(input: &ReportInput) -> Result<(), ApprovalError> {
    if input.evaluation.missing.is_empty() {
        Ok(())
    } else {
        Err(ApprovalError::Incomplete {
            missing: input.evaluation.missing.clone(),
        })
    }
}

/// The signature block of `creds`'s signer in `options`' words.
fn block(creds: &Credentials, options: &SignOptions, t: &Template) -> SignatureBlock {
    let reason = options
        .reason
        .clone()
        .unwrap_or_else(|| t.signature_reason.clone());
    signature_block(
        creds,
        t,
        options.signed_at,
        options.tsa.as_deref(),
        reason,
        options.location.clone(),
    )
}

/// Refuses credentials that may not sign at the signing time.
fn usable_now(creds: &Credentials, options: &SignOptions) -> Result<(), ApprovalError> {
    usable_at(creds, options.signed_at)
}

fn fields_for(
    creds: &Credentials,
    options: &SignOptions,
    block: &SignatureBlock,
) -> SignatureFields {
    SignatureFields {
        field: options.role.field().to_string(),
        name: certs::common_name(creds.certificate()),
        reason: Some(block.reason.clone()),
        location: options.location.clone(),
        contact: None,
        signed_at: options.signed_at,
        ..SignatureFields::default()
    }
}

/// Renders the final report of `input` (which must have nothing missing) with a box per
/// role, `options.role`'s filled, signs it with `creds` (time-stamped by `tsa` if given) and
/// verifies the result against the signer's own certificate.
pub fn render_signed(
    mut input: ReportInput,
    creds: &Credentials,
    options: &SignOptions,
    tsa: Option<&dyn TimestampAuthority>,
) -> Result<SignedReport, ApprovalError> {
    check_complete(&input)?;
    let template = Template::builtin(options.lang)?;
    usable_now(creds, options)?;
    let block = block(creds, options, &template);
    input.status = Status::Signed;
    // The record stores the signature as the next version: the number `dpia verify` shows.
    input.record_number = Some(input.version_number + 1);
    input.signatures = ROLES
        .into_iter()
        .map(|role| SignatureSlot {
            field: role.field().to_string(),
            role: role.label(&template),
            block: (role == options.role).then(|| block.clone()),
        })
        .collect();
    let document = Document::build(&input, &template);
    let render = RenderOptions {
        created_at: options.signed_at_rfc3339(),
        draft: false,
    };
    let (unsigned, places) = pdf::render_placed(&document, &render)?;
    let mut fields = fields_for(creds, options, &block);
    for place in places {
        let widget = WidgetPlace {
            page: place.page,
            rect: place.rect,
        };
        if place.field == options.role.field() {
            fields.place = Some(widget);
        } else {
            fields.empty_fields.push(EmptyField {
                name: place.field,
                place: widget,
            });
        }
    }
    let signed = sign_pdf(&unsigned, &fields, creds, tsa)?;
    finish(signed, creds, options)
}

/// Adds `options.role`'s signature to `signed_pdf`, the assessment's recorded signed report
/// (the version `head` of `view`, whose signature is this file's): the empty field the first
/// signer left for this role is filled, with the signer's block as its appearance.
pub fn countersign(
    view: &AssessmentView,
    head: &Version,
    signed_pdf: &[u8],
    creds: &Credentials,
    options: &SignOptions,
    tsa: Option<&dyn TimestampAuthority>,
) -> Result<SignedReport, ApprovalError> {
    let refuse = |m: String| ApprovalError::NotCountersignable(m);
    let before = verify_pdf(signed_pdf, &[]);
    if !before.is_valid() {
        return Err(refuse(format!(
            "its signatures do not verify: {}",
            before.all_problems().join("; ")
        )));
    }
    let named = crate::report::document::keyword_value(
        &before.keywords,
        crate::report::document::KEYWORD_ASSESSMENT,
    );
    if named.as_deref() != Some(view.summary.id.as_str()) {
        return Err(refuse(format!(
            "it is not a report of assessment {}",
            view.summary.id.short()
        )));
    }
    let recorded = head.signature.as_ref().map(|s| s.pdf_sha256.as_str());
    if recorded != Some(before.file_sha256.as_str()) {
        return Err(refuse(
            "it is not the signed report the record holds as the assessment's current version (sign the file the last signer wrote)".into(),
        ));
    }
    if before
        .signatures
        .iter()
        .any(|s| s.field == options.role.field())
    {
        return Err(refuse(format!(
            "it is already signed by the {}",
            options.role
        )));
    }
    let template = Template::builtin(options.lang)?;
    usable_now(creds, options)?;
    let block = block(creds, options, &template);
    let place = crate::signing::incremental::empty_field_place(signed_pdf, options.role.field())?
        .ok_or_else(|| {
        refuse(format!(
            "it has no empty signature field for the {}",
            options.role
        ))
    })?;
    let slot = SignatureSlot {
        field: options.role.field().to_string(),
        role: options.role.label(&template),
        block: Some(block.clone()),
    };
    let look = pdf::render_signature_box(
        &signature_rows(&slot, &template),
        place.rect,
        &options.signed_at_rfc3339(),
    )?;
    let mut fields = fields_for(creds, options, &block);
    fields.appearance = Some(look);
    let signed = sign_pdf(signed_pdf, &fields, creds, tsa)?;
    finish(signed, creds, options)
}

/// Verifies a freshly signed PDF (every signature intact, the new one by `creds`).
fn finish(
    signed: Vec<u8>,
    creds: &Credentials,
    options: &SignOptions,
) -> Result<SignedReport, ApprovalError> {
    let verification = self_check(&signed, creds)?;
    Ok(SignedReport {
        pdf: signed,
        verification,
        certificate_pem: keys::certificate_pem(creds.certificate())?,
        signed_at: options.signed_at_rfc3339(),
        role: options.role,
    })
}

/// Records `signed` (written to disk by the caller first) as a signed version of `base`, the
/// version the report was rendered from (a second role's signature is recorded as a further
/// signed version of the same content); refused with [`RecordError::StaleBase`] when the
/// assessment has a newer version by then (the PDF would sign content that is no longer
/// current).
pub fn record_signature(
    record: &Record,
    id: &AssessmentId,
    base: &VersionId,
    signed: &SignedReport,
    author: &str,
) -> Result<VersionId, ApprovalError> {
    let signature = Signature {
        pdf_sha256: signed.verification.file_sha256.clone(),
        certificate_pem: signed.certificate_pem.clone(),
        signed_at: signed.signed_at.clone(),
    };
    Ok(record.sign_as(
        id,
        base,
        signature,
        signed.role.field(),
        author,
        &signed.signed_at,
    )?)
}
