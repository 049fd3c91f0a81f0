//! The auditor's one summary (`dpia audit --report`): the record's chain audit, then every
//! assessment with its status, versions, who signed which version when with which
//! certificate (subject, fingerprint, validity), the review date and whether it is overdue,
//! whether it changed after signing, whether the tool drifted (the last `dpia check` after the
//! last signature found drift that needs a review); and with a folder of PDFs, each verified and matched to
//! its assessment and version (current, superseded by a newer version, not in the record,
//! invalid). Built from the record and the files only; the CLI prints it as text or JSON and
//! renders it as a PDF with the report renderer ([`super::audit_pdf`]).

use super::check::{check_pdf, RecordCheck, RecordMatch, RecordSource, Verdict};
use crate::drift::Severity;
use crate::record::{
    last_checks, signature_role, AuditReport, EventKind, Record, RecordError, SignedRef, Status,
};
use crate::signing::certs::{summarise_pem, CertificateSummary};
use serde::Serialize;
use x509_cert::Certificate;

/// One signature of a version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureEntry {
    pub version: String,
    pub number: u64,
    /// `dpo`, `controller`, or none for signatures recorded before roles.
    pub role: Option<String>,
    pub signed_at: String,
    /// The free-text author of the signing event.
    pub recorded_by: String,
    pub certificate: Option<CertificateSummary>,
    pub pdf_sha256: String,
}

/// One assessment as the auditor sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentEntry {
    pub id: String,
    pub title: String,
    /// The status as people read it (`changed_after_signing` for a signed DPIA whose record
    /// moved on).
    pub status: String,
    pub versions: u64,
    pub current_version: String,
    pub review_due: Option<String>,
    pub review_overdue: bool,
    pub changed_after_signing: Option<SignedRef>,
    /// The tool drifted: the last check after the last signature found drift that needs a
    /// review (as `review-due` and the dashboard count it).
    pub drift: Option<DriftEntry>,
    pub signatures: Vec<SignatureEntry>,
}

/// What the last check after the signature found, when it needs a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftEntry {
    pub checked_at: String,
    pub worst: Severity,
    pub items: u64,
}

/// One PDF of the folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdfEntry {
    pub file: String,
    /// `VALID`, `INTACT, NOT VERIFIED`, `NOT SIGNED`, `INVALID`, …
    pub verdict: String,
    /// `current`, `superseded`, `not_in_record`, `contradicts_record`, `not_a_report`,
    /// `audit_summary` (a summary like this one, not an assessment), `unsigned`, `invalid` or
    /// `unreadable`.
    pub state: String,
    pub assessment: Option<String>,
    pub version: Option<u64>,
    /// The assessment's current version number, when the PDF is no longer current.
    pub newer: Option<u64>,
    pub reasons: Vec<String>,
}

/// The whole summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditSummary {
    /// The day the summary judged review dates against.
    pub today: String,
    pub chain: AuditReport,
    /// The hash of the record's last event (its head), which a signed summary names so a
    /// verifier can tell which state of the record it describes.
    pub record_head: Option<String>,
    pub assessments: Vec<AssessmentEntry>,
    pub pdfs: Vec<PdfEntry>,
}

impl AuditSummary {
    /// Whether anything fails the audit: a break in the record, or a PDF that is invalid,
    /// unsigned or contradicts the record.
    pub fn failed(&self) -> bool {
        !self.chain.is_clean()
            || self.pdfs.iter().any(|p| {
                matches!(
                    p.state.as_str(),
                    "invalid" | "unsigned" | "contradicts_record" | "unreadable"
                )
            })
    }
}

/// Builds the summary of `record` on `today` (`YYYY-MM-DD`), with `pdfs` (name, bytes or the
/// error reading it) checked against `anchors` and the record.
pub fn summarise(
    record: &Record,
    today: &str,
    pdfs: &[(String, Result<Vec<u8>, String>)],
    anchors: &[Certificate],
) -> Result<AuditSummary, RecordError> {
    let chain = record.audit();
    let events = record.events()?;
    let checks = last_checks(&events);
    let mut assessments = Vec::new();
    for s in record.list()? {
        let view = record.assessment(&s.id)?;
        let signatures = view
            .versions
            .iter()
            .filter_map(|v| {
                let sig = v.signature.as_ref()?;
                let event = events
                    .iter()
                    .find(|e| e.kind == EventKind::Signed && e.version.as_ref() == Some(&v.id));
                Some(SignatureEntry {
                    version: v.id.as_str().to_string(),
                    number: v.number,
                    role: event.and_then(signature_role).map(str::to_string),
                    signed_at: sig.signed_at.clone(),
                    recorded_by: event.map_or_else(|| v.author.clone(), |e| e.author.clone()),
                    certificate: summarise_pem(&sig.certificate_pem),
                    pdf_sha256: sig.pdf_sha256.clone(),
                })
            })
            .collect();
        // A signed DPIA must be reviewed by its date (Art. 35(11)); one changed since it was
        // signed still stands on that signature until it is signed again, so its date counts too.
        let reviewed_on_signature =
            s.status == Status::Signed || s.shown_status() == "changed_after_signing";
        // A superseded or withdrawn assessment is history: its drift is its successor's.
        let drift = checks
            .get(&s.id)
            .filter(|c| c.note.needs_review() && !s.status.is_terminal())
            .and_then(|c| {
                Some(DriftEntry {
                    checked_at: c.at.clone(),
                    worst: c.note.worst?,
                    items: c.note.items,
                })
            });
        let review_overdue =
            reviewed_on_signature && s.review_due.as_deref().is_some_and(|d| d < today);
        assessments.push(AssessmentEntry {
            id: s.id.as_str().to_string(),
            title: s.title.clone(),
            status: s.shown_status().to_string(),
            versions: s.versions,
            current_version: s.head.as_str().to_string(),
            review_due: s.review_due.clone(),
            review_overdue,
            changed_after_signing: s.changed_after_signing.clone(),
            drift,
            signatures,
        });
    }
    let pdfs = pdfs
        .iter()
        .map(|(file, bytes)| match bytes {
            Ok(bytes) => pdf_entry(file, bytes, record, anchors),
            Err(why) => PdfEntry {
                file: file.clone(),
                verdict: "ERROR".into(),
                state: "unreadable".into(),
                assessment: None,
                version: None,
                newer: None,
                reasons: vec![why.clone()],
            },
        })
        .collect();
    Ok(AuditSummary {
        today: today.to_string(),
        chain,
        record_head: events.last().map(|e| e.hash.clone()),
        assessments,
        pdfs,
    })
}

fn pdf_entry(file: &str, bytes: &[u8], record: &Record, anchors: &[Certificate]) -> PdfEntry {
    let checked = check_pdf(bytes, anchors, RecordSource::Open(record));
    let verdict = checked.outcome.verdict;
    let matches: &[RecordMatch] = match &checked.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    let contradicted = matches.iter().any(RecordMatch::contradicts);
    let (mut state, mut assessment, mut version, mut newer) = ("invalid", None, None, None);
    if let Some(m) = matches.last() {
        match m {
            RecordMatch::Recorded {
                assessment: a,
                number,
                newer: n,
                ..
            } => {
                state = if n.is_some() { "superseded" } else { "current" };
                assessment = Some(a.clone());
                version = Some(*number);
                newer = *n;
            }
            RecordMatch::UnknownAssessment { assessment: a } => {
                state = "not_in_record";
                assessment = Some(a.clone());
            }
            RecordMatch::NotSignedInRecord { assessment: a, .. } => {
                state = "not_in_record";
                assessment = Some(a.clone());
            }
            RecordMatch::NotAReport => state = "not_a_report",
            RecordMatch::AuditSummary { .. } => state = "audit_summary",
            RecordMatch::HashMismatch { assessment: a, .. }
            | RecordMatch::CertificateMismatch { assessment: a, .. }
            | RecordMatch::ContentMismatch { assessment: a, .. } => {
                state = "contradicts_record";
                assessment = Some(a.clone());
            }
        }
    }
    if contradicted {
        state = "contradicts_record";
    }
    // A broken signature is the first thing to say about a file; the record's disagreement
    // follows from it.
    let broken = checked.verification.is_signed()
        && (!checked.verification.problems.is_empty()
            || checked
                .verification
                .signatures
                .iter()
                .any(|s| !s.problems.is_empty()));
    // An unsigned audit summary (an earlier `audit --report --format pdf`) is not a DPIA
    // report that should have been signed: it is named, not failed.
    let audit = super::check_audit::is_audit_summary(&checked.verification);
    match verdict {
        Verdict::NotSigned if audit => state = "audit_summary",
        Verdict::NotSigned => state = "unsigned",
        Verdict::Invalid if broken || !contradicted => state = "invalid",
        _ => {}
    }
    PdfEntry {
        file: file.to_string(),
        verdict: verdict.label().to_string(),
        state: state.to_string(),
        assessment,
        version,
        newer,
        reasons: checked.outcome.reasons.clone(),
    }
}

/// The summary as lines of text for people (input escaped by the caller's terminal pass).
pub fn to_text(s: &AuditSummary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let c = &s.chain;
    let _ = writeln!(
        out,
        "record: {} assessments, {} versions ({} signed), {} events: {}",
        c.assessments,
        c.versions,
        c.signed_versions,
        c.events,
        if c.is_clean() {
            "every hash and chain holds".to_string()
        } else {
            format!("{} BREAK(S)", c.breaks.len())
        }
    );
    for b in &c.breaks {
        let _ = writeln!(out, "  BREAK {b}");
    }
    for a in &s.assessments {
        let _ = writeln!(
            out,
            "\n{} {}\n  status: {}   versions: {}   review due: {}{}",
            a.id.get(..12).unwrap_or(&a.id),
            a.title,
            a.status,
            a.versions,
            a.review_due.as_deref().unwrap_or("-"),
            if a.review_overdue { " (OVERDUE)" } else { "" }
        );
        if let Some(c) = &a.changed_after_signing {
            let _ = writeln!(
                out,
                "  CHANGED AFTER SIGNING: version #{} was signed at {}; the current version is not signed",
                c.number, c.signed_at
            );
        }
        if let Some(d) = &a.drift {
            let _ = writeln!(
                out,
                "  DRIFT: the check at {} found {} item(s), worst {}: the DPIA needs a review",
                d.checked_at,
                d.items,
                d.worst.code()
            );
        }
        if a.signatures.is_empty() {
            let _ = writeln!(out, "  not signed");
        }
        for sig in &a.signatures {
            let _ = writeln!(
                out,
                "  signed #{} as {} at {} (recorded by {})",
                sig.number,
                sig.role.as_deref().unwrap_or("signer"),
                sig.signed_at,
                sig.recorded_by
            );
            if let Some(cert) = &sig.certificate {
                let _ = writeln!(
                    out,
                    "    certificate {} SHA-256 {} valid {} to {}",
                    cert.subject, cert.fingerprint, cert.not_before, cert.not_after
                );
            }
        }
    }
    if !s.pdfs.is_empty() {
        let _ = writeln!(out, "\nPDFs ({})", s.pdfs.len());
        for p in &s.pdfs {
            let place = match (&p.assessment, p.version) {
                (Some(a), Some(v)) => {
                    format!(" assessment {} version #{v}", a.get(..12).unwrap_or(a))
                }
                (Some(a), None) => format!(" assessment {}", a.get(..12).unwrap_or(a)),
                _ => String::new(),
            };
            let newer = p
                .newer
                .map(|n| format!(" (the current version is #{n})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}: {} — {}{place}{newer}",
                p.file,
                p.verdict,
                p.state.replace('_', " ")
            );
            for r in &p.reasons {
                let _ = writeln!(out, "    - {r}");
            }
        }
    }
    out
}
