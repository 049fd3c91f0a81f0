//! Approving an assessment: the steps between a recorded version and a signed PDF, shared by
//! the CLI and the TUI. [`report_input`] rebuilds the report's input from a recorded
//! version (re-worded in the report's language), [`render_signed`] refuses an incomplete
//! assessment, renders the final report with its visible signature block, signs it and
//! checks the result, [`record_signature`] stores the signed PDF's hash in the record once
//! the file is written, and [`match_record`] tells a verifier what the record knows about a
//! signed PDF.
//!
//! Which evaluation is the truth for a recorded version (code review S7): the one recorded
//! with it. `show`, `export`, `sign`, the TUI's report and sign-off all render the recorded
//! evaluation, what the DPO saw and signed, never a re-evaluation with today's reference
//! tables or rules; only its wording (in any language) is done now, from the codes it holds.
//! A re-evaluation happens only when a session edits the assessment, and then it is recorded
//! as the next version's evaluation. The built-in questionnaire is needed only for the
//! narrative sections; a recorded version of another questionnaire version gets none, and a
//! built-in questionnaire that does not load is an error, not a silently thinner report.

use crate::assessment::{Evaluation, Missing};
use crate::questionnaire::display::section_text;
use crate::questionnaire::Answers;
use crate::record::{
    AssessmentId, AssessmentView, Record, RecordError, Signature, Version, VersionId,
};
use crate::report::document::SignatureBlock;
use crate::report::{pdf, Document, RenderOptions, ReportInput, Template};
use crate::scan::ScanReport;
use crate::session::{read_recorded, SessionError};
use crate::signing::{
    certs, keys, sign_pdf, verify_pdf, Credentials, PdfVerification, SignatureFields, SigningError,
    WidgetPlace,
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
    #[error("the built-in questionnaire is broken")]
    Questionnaire(#[from] crate::questionnaire::QuestionnaireError),
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// The report's input for `version` of `view`, its narrative worded in `lang`. The
/// evaluation is the one recorded with the version: what was assessed (and signed) is what
/// the report shows, in any language, whatever reference tables or rules dpia has today.
pub fn report_input(
    view: &AssessmentView,
    version: &Version,
    lang: &str,
) -> Result<ReportInput, ApprovalError> {
    let c = &version.content;
    let scan: ScanReport = read_recorded("scan", &c.scan, version)?;
    let answers: Answers = read_recorded("answers", &c.answers, version)?;
    let evaluation: Evaluation = read_recorded("evaluation", &c.evaluation, version)?;
    let questionnaire = Some(crate::questionnaire::builtin()?)
        .filter(|q| q.id == c.questionnaire_id && q.version == c.questionnaire_version);
    let sections = questionnaire
        .iter()
        .flat_map(|q| {
            ["description", "necessity", "measures", "signoff"]
                .into_iter()
                .filter_map(|id| section_text(q, &answers, id, lang))
        })
        .collect();
    Ok(ReportInput {
        assessment_id: view.summary.id.as_str().to_string(),
        title: view.summary.title.clone(),
        status: version.status.as_str().to_string(),
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
        sections,
        signature: None,
    })
}

/// An unsigned draft of the report (DRAFT on every page).
pub fn render_draft(input: &ReportInput, lang: &str) -> Result<Vec<u8>, ApprovalError> {
    let template = Template::builtin(lang)?;
    let document = Document::build(input, &template);
    let options = RenderOptions {
        created_at: input.created_at.clone(),
        draft: true,
    };
    Ok(pdf::render(&document, &options)?)
}

/// How and when to sign.
#[derive(Debug, Clone)]
pub struct SignOptions {
    pub lang: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Signing time, RFC 3339 UTC.
    pub now: String,
    /// Signing time, seconds since 1970 (the same instant).
    pub now_unix: u64,
}

/// A signed report, not yet written or recorded.
#[derive(Debug, Clone)]
pub struct SignedReport {
    pub pdf: Vec<u8>,
    pub verification: PdfVerification,
    pub certificate_pem: String,
    pub signed_at: String,
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

/// Renders the final report of `input` (which must have nothing missing) with a visible
/// signature block, signs it with `creds` and verifies the result against the signer's own
/// certificate.
pub fn render_signed(
    mut input: ReportInput,
    creds: &Credentials,
    options: &SignOptions,
) -> Result<SignedReport, ApprovalError> {
    check_complete(&input)?;
    let template = Template::builtin(&options.lang)?;
    let cert = creds.certificate();
    certs::usable_for_signing(cert, options.now_unix).map_err(|why| {
        SigningError::CertificateNotUsable(why.replace("at the signing time", "now"))
    })?;
    let signer = certs::common_name(cert);
    let reason = options
        .reason
        .clone()
        .unwrap_or_else(|| template.signature_reason.clone());
    input.status = "signed".into();
    input.signature = Some(SignatureBlock {
        signer: signer.clone(),
        subject: certs::subject(cert),
        signed_at: certs::iso(options.now_unix),
        fingerprint: certs::fingerprint(cert),
        reason: reason.clone(),
        location: options.location.clone(),
    });
    let document = Document::build(&input, &template);
    let render = RenderOptions {
        created_at: options.now.clone(),
        draft: false,
    };
    let (unsigned, place) = pdf::render_placed(&document, &render)?;
    let fields = SignatureFields {
        name: signer,
        reason: Some(reason),
        location: options.location.clone(),
        contact: None,
        signed_at: options.now_unix,
        place: place.map(|p| WidgetPlace {
            page: p.page,
            rect: p.rect,
        }),
    };
    let signed = sign_pdf(&unsigned, &fields, creds)?;
    let verification = verify_pdf(&signed, Some(cert));
    if !verification.is_valid() {
        return Err(ApprovalError::SelfCheck(verification.problems.join("; ")));
    }
    Ok(SignedReport {
        pdf: signed,
        verification,
        certificate_pem: keys::certificate_pem(cert)?,
        signed_at: options.now.clone(),
    })
}

/// Records `signed` (written to disk by the caller first) as a signed version of `base`, the
/// version the report was rendered from; refused with [`RecordError::StaleBase`] when the
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
    Ok(record.sign(id, base, signature, author, &signed.signed_at)?)
}

/// What the record says about a signed PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordMatch {
    /// The PDF names no assessment (not a dpia report).
    NotAReport,
    /// The assessment it names is not in this record (signed elsewhere).
    UnknownAssessment { assessment: String },
    /// A signed version with this exact hash and certificate is recorded.
    Recorded {
        assessment: String,
        version: String,
        number: u64,
    },
    /// The record knows the assessment but has recorded no signature for it (the PDF was
    /// signed outside dpia, e.g. an exported draft signed with another tool).
    NotSignedInRecord { assessment: String },
    /// The record holds signed versions of the assessment, none with this file's hash: the
    /// file is not the report that was signed.
    HashMismatch {
        assessment: String,
        recorded: Vec<String>,
    },
    /// The recorded signature for this hash names another certificate.
    CertificateMismatch { assessment: String, version: String },
}

impl RecordMatch {
    /// Whether the record contradicts the PDF.
    pub fn contradicts(&self) -> bool {
        matches!(
            self,
            RecordMatch::HashMismatch { .. } | RecordMatch::CertificateMismatch { .. }
        )
    }
}

/// Looks the verified PDF up in `record` through the assessment id in its keywords.
pub fn match_record(
    record: &Record,
    verification: &PdfVerification,
) -> Result<RecordMatch, ApprovalError> {
    let Some(assessment) = crate::report::document::keyword_value(
        &verification.keywords,
        crate::report::document::KEYWORD_ASSESSMENT,
    ) else {
        return Ok(RecordMatch::NotAReport);
    };
    let id = match record.resolve(&assessment) {
        Ok(id) if id.as_str() == assessment => id,
        _ => return Ok(RecordMatch::UnknownAssessment { assessment }),
    };
    let view = record.assessment(&id)?;
    let signed: Vec<&Version> = view
        .versions
        .iter()
        .filter(|v| v.signature.is_some())
        .collect();
    let found = signed.iter().find(|v| {
        v.signature
            .as_ref()
            .is_some_and(|s| s.pdf_sha256 == verification.file_sha256)
    });
    if signed.is_empty() {
        return Ok(RecordMatch::NotSignedInRecord { assessment });
    }
    let Some(version) = found else {
        return Ok(RecordMatch::HashMismatch {
            assessment,
            recorded: signed
                .iter()
                .filter_map(|v| v.signature.as_ref().map(|s| s.pdf_sha256.clone()))
                .collect(),
        });
    };
    let recorded_pem = version
        .signature
        .as_ref()
        .map(|s| s.certificate_pem.trim().to_string());
    let signer_pem = verification
        .signer
        .as_ref()
        .map(|s| s.certificate_pem.trim().to_string());
    if recorded_pem != signer_pem {
        return Ok(RecordMatch::CertificateMismatch {
            assessment,
            version: version.id.as_str().to_string(),
        });
    }
    Ok(RecordMatch::Recorded {
        assessment,
        version: version.id.as_str().to_string(),
        number: version.number,
    })
}
