//! What a verifier is told about a signed PDF: the signatures' own checks
//! ([`crate::signing::verify`]) together with what the record says about each of them, and
//! one verdict. The verdict keeps apart what is easy to confuse:
//!
//! - *intact*: the bytes are the ones the signers signed, and nothing but signatures was
//!   added after a signature;
//! - *signer verified*: each signer's certificate chains to a trusted certificate (`--trust`),
//!   or is the certificate the record holds for exactly this signed file;
//! - *recorded*: the record knows the assessment and this signed file, the version the PDF
//!   shows is in its history with the same content, and whether newer versions exist.
//!
//! A record that is configured but cannot be read gives [`Verdict::Indeterminate`], never a
//! silent pass.

use crate::record::{signature_role, AssessmentView, Record, Version, VersionId};
use crate::report::document::{keyword_value, KEYWORD_ASSESSMENT, KEYWORD_AUDIT, KEYWORD_VERSION};
use crate::signing::{verify_pdf, PdfVerification, SignatureCheck};
use x509_cert::Certificate;

/// What the record says about one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordMatch {
    /// The PDF names no assessment (not a dpia report).
    NotAReport,
    /// An audit summary made by `dpia audit --report --format pdf`: not an assessment, so
    /// the record holds no entry for it; it names the state of the record it describes.
    AuditSummary {
        /// When the summary was made (RFC 3339).
        made_at: String,
        /// The hash of the last event of the record it describes.
        head: Option<String>,
        /// That event's number in this record, when this record holds it.
        head_seq: Option<u64>,
        /// The number of events in this record.
        events: u64,
    },
    /// The assessment it names is not in this record.
    UnknownAssessment { assessment: String },
    /// The record knows the assessment but holds no signature for it (signed outside dpia).
    NotSignedInRecord { assessment: String, title: String },
    /// A signed version with this signed file's hash and certificate is recorded.
    Recorded {
        assessment: String,
        title: String,
        version: String,
        number: u64,
        /// The role the record notes for the signature (`dpo`, `controller`).
        role: Option<String>,
        /// The number of the assessment's current version when its content differs from the
        /// signed one (the signed report is no longer current).
        newer: Option<u64>,
    },
    /// Signed versions exist, none with this signed file's hash.
    HashMismatch {
        assessment: String,
        recorded: Vec<String>,
    },
    /// The recorded signature for this hash names another certificate.
    CertificateMismatch { assessment: String, version: String },
    /// The version the PDF shows is not what the matching signed version holds.
    ContentMismatch {
        assessment: String,
        version: String,
        problem: String,
    },
}

impl RecordMatch {
    /// Whether the record contradicts the PDF.
    pub fn contradicts(&self) -> bool {
        matches!(
            self,
            RecordMatch::HashMismatch { .. }
                | RecordMatch::CertificateMismatch { .. }
                | RecordMatch::ContentMismatch { .. }
        )
    }
}

/// Whether and how the record was consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordCheck {
    /// No record to consult (none configured, or none exists at the default place).
    NotChecked(String),
    /// A record is configured but could not be read: the result cannot be decided.
    Unreadable(String),
    /// One match per signature, in the PDF's order.
    Checked(Vec<RecordMatch>),
}

/// Where the record comes from.
#[derive(Debug)]
pub enum RecordSource<'r> {
    /// No record: why (for the report).
    None(String),
    /// A configured record that could not be opened: why.
    Unreadable(String),
    Open(&'r Record),
}

/// The one-word result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Intact, every signer verified, and the record (if consulted) agrees.
    Valid,
    /// Intact, but a signer is not verified or the record does not know the file.
    Unverified,
    /// A configured record could not be read.
    Indeterminate,
    /// The PDF carries no signature.
    NotSigned,
    /// A signature is broken, the file was changed, or the record contradicts it.
    Invalid,
}

impl Verdict {
    /// The word printed for it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Valid => "VALID",
            Verdict::Unverified => "INTACT, NOT VERIFIED",
            Verdict::Indeterminate => "INDETERMINATE",
            Verdict::NotSigned => "NOT SIGNED",
            Verdict::Invalid => "INVALID",
        }
    }

    /// How bad it is, for the worst of several files: invalid and not signed, then
    /// indeterminate, then not verified, then valid.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::Valid => 0,
            Verdict::Unverified => 1,
            Verdict::Indeterminate => 2,
            Verdict::NotSigned | Verdict::Invalid => 3,
        }
    }
}

/// The verdict and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub verdict: Verdict,
    /// Why it is not valid (or what was not checked); empty for a plain VALID.
    pub reasons: Vec<String>,
}

/// Everything known about one PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verification: PdfVerification,
    pub record: RecordCheck,
    pub outcome: Outcome,
    /// Whether trusted certificates were given.
    pub trust_given: bool,
}

/// Verifies `pdf` against `anchors` and the record.
pub fn check_pdf(pdf: &[u8], anchors: &[Certificate], source: RecordSource<'_>) -> Checked {
    let verification = verify_pdf(pdf, anchors);
    let record = match source {
        RecordSource::None(why) => RecordCheck::NotChecked(why),
        RecordSource::Unreadable(why) => RecordCheck::Unreadable(why),
        RecordSource::Open(_) if !verification.is_signed() => {
            RecordCheck::NotChecked("the PDF is not signed".into())
        }
        RecordSource::Open(record) => match match_record(record, &verification) {
            Ok(matches) => RecordCheck::Checked(matches),
            Err(e) => RecordCheck::Unreadable(e.to_string()),
        },
    };
    let outcome = judge(&verification, &record, !anchors.is_empty());
    Checked {
        verification,
        record,
        outcome,
        trust_given: !anchors.is_empty(),
    }
}

/// The verdict of a verification and a record check.
pub fn judge(v: &PdfVerification, record: &RecordCheck, trust_given: bool) -> Outcome {
    let mut reasons = Vec::new();
    if !v.problems.is_empty() || v.signatures.iter().any(|s| !s.problems.is_empty()) {
        reasons.extend(v.all_problems());
        if let RecordCheck::Checked(m) = record {
            reasons.extend(
                m.iter()
                    .filter(|m| m.contradicts())
                    .map(|_| "the record contradicts this file".to_string()),
            );
        }
        return Outcome {
            verdict: Verdict::Invalid,
            reasons,
        };
    }
    if !v.is_signed() {
        return Outcome {
            verdict: Verdict::NotSigned,
            reasons: vec!["the PDF carries no signature".into()],
        };
    }
    let matches: &[RecordMatch] = match record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    if matches.iter().any(RecordMatch::contradicts) {
        reasons.push("the record contradicts this file".into());
        return Outcome {
            verdict: Verdict::Invalid,
            reasons,
        };
    }
    if let RecordCheck::Unreadable(why) = record {
        return Outcome {
            verdict: Verdict::Indeterminate,
            reasons: vec![format!(
                "the record could not be read, so the file cannot be checked against it: {why}"
            )],
        };
    }
    let mut verdict = Verdict::Valid;
    let audit = super::check_audit::is_audit_summary(v);
    if audit {
        reasons.push(
            "this is an audit summary (dpia audit --report), not an assessment: the record \
             holds no entry for it, and its signature says who audited, not that an assessment \
             was approved"
                .into(),
        );
    }
    for (i, s) in v.signatures.iter().enumerate() {
        let vouched = matches!(matches.get(i), Some(RecordMatch::Recorded { .. }));
        if s.trusted != Some(true) && !vouched {
            verdict = Verdict::Unverified;
            let who = s
                .signer
                .as_ref()
                .map_or("the signer", |s| s.common_name.as_str());
            reasons.push(if trust_given {
                format!("the signer '{who}' is not verified")
            } else if audit {
                format!("the signer '{who}' is not verified: no trusted certificate was given (--trust); the record does not hold audit summaries, so only --trust can verify the auditor")
            } else {
                format!("the signer '{who}' is not verified: no trusted certificate was given (--trust) and the record holds no signature for this file")
            });
        }
        match matches.get(i) {
            Some(RecordMatch::UnknownAssessment { assessment }) => {
                verdict = Verdict::Unverified;
                reasons.push(format!("the record does not know assessment {assessment}"));
            }
            Some(RecordMatch::NotSignedInRecord { assessment, .. }) => {
                verdict = Verdict::Unverified;
                reasons.push(format!("the record holds no signature of assessment {assessment} (signed outside dpia)"));
            }
            _ => {}
        }
    }
    reasons.dedup();
    Outcome { verdict, reasons }
}

/// Looks every signature of the verified PDF up in `record` through the assessment and
/// version the PDF names in its keywords.
pub fn match_record(
    record: &Record,
    verification: &PdfVerification,
) -> Result<Vec<RecordMatch>, crate::record::RecordError> {
    if let Some(made_at) = keyword_value(&verification.keywords, KEYWORD_AUDIT) {
        return super::check_audit::audit_summary_match(record, verification, made_at);
    }
    let Some(assessment) = keyword_value(&verification.keywords, KEYWORD_ASSESSMENT) else {
        return Ok(vec![RecordMatch::NotAReport; verification.signatures.len()]);
    };
    let id = match record.resolve(&assessment) {
        Ok(id) if id.as_str() == assessment => id,
        _ => {
            return Ok(vec![
                RecordMatch::UnknownAssessment { assessment };
                verification.signatures.len()
            ])
        }
    };
    let view = record.assessment(&id)?;
    let events = record.events()?;
    // A PDF rendered before a migration or redaction names the version's old id; the record
    // logged every old → new id in its hash-chained event log.
    let shown = match keyword_value(&verification.keywords, KEYWORD_VERSION) {
        Some(named) => Some(
            record
                .current_version_id(&VersionId::new(named.clone()))?
                .map_or(named, |v| v.as_str().to_string()),
        ),
        None => None,
    };
    Ok(verification
        .signatures
        .iter()
        .map(|s| match_signature(&view, &events, shown.as_deref(), s))
        .collect())
}

fn match_signature(
    view: &AssessmentView,
    events: &[crate::record::Event],
    shown: Option<&str>,
    sig: &SignatureCheck,
) -> RecordMatch {
    let assessment = view.summary.id.as_str().to_string();
    let title = view.summary.title.clone();
    let signed: Vec<&Version> = view
        .versions
        .iter()
        .filter(|v| v.signature.is_some())
        .collect();
    if signed.is_empty() {
        return RecordMatch::NotSignedInRecord { assessment, title };
    }
    let Some(version) = signed.iter().find(|v| {
        v.signature
            .as_ref()
            .is_some_and(|s| s.pdf_sha256 == sig.revision_sha256)
    }) else {
        return RecordMatch::HashMismatch {
            assessment,
            recorded: signed
                .iter()
                .filter_map(|v| v.signature.as_ref().map(|s| s.pdf_sha256.clone()))
                .collect(),
        };
    };
    let recorded_pem = version.signature.as_ref().map(|s| s.certificate_pem.trim());
    let signer_pem = sig.signer.as_ref().map(|s| s.certificate_pem.trim());
    if recorded_pem != signer_pem {
        return RecordMatch::CertificateMismatch {
            assessment,
            version: version.id.as_str().to_string(),
        };
    }
    if let Err(problem) = shows_recorded_content(view, version, shown) {
        return RecordMatch::ContentMismatch {
            assessment,
            version: version.id.as_str().to_string(),
            problem,
        };
    }
    let role = events
        .iter()
        .find(|e| e.version.as_ref() == Some(&version.id))
        .and_then(signature_role)
        .map(str::to_string);
    let newer = view
        .versions
        .last()
        .filter(|head| head.content != version.content)
        .map(|head| head.number);
    RecordMatch::Recorded {
        assessment,
        title,
        version: version.id.as_str().to_string(),
        number: version.number,
        role,
        newer,
    }
}

/// The version the PDF names (`dpia-version:` keyword) must be in the signed version's
/// history and hold the content the signed version records.
fn shows_recorded_content(
    view: &AssessmentView,
    signed: &Version,
    shown: Option<&str>,
) -> Result<(), String> {
    let shown = shown.ok_or("the PDF does not name the version it shows")?;
    let Some(named) = view.versions.iter().find(|v| v.id.as_str() == shown) else {
        return Err(format!(
            "the version the PDF shows ({}) is not in the record's history of the assessment",
            shown.get(..12).unwrap_or(shown)
        ));
    };
    let mut cursor = Some(signed);
    let mut ancestor = false;
    while let Some(v) = cursor {
        if v.id == named.id {
            ancestor = true;
            break;
        }
        cursor = v
            .parent
            .as_ref()
            .and_then(|p| view.versions.iter().find(|x| &x.id == p));
    }
    if !ancestor {
        return Err(format!(
            "the version the PDF shows (#{}) is not an earlier version of the signed version #{}",
            named.number, signed.number
        ));
    }
    if named.content != signed.content {
        return Err(format!(
            "the record's signed version #{} does not hold the content of version #{} that the PDF shows",
            signed.number, named.number
        ));
    }
    Ok(())
}
