//! An audit summary met by `dpia verify` (a PDF `dpia audit --report --format pdf` made):
//! told apart from an assessment's report by its keywords, and matched to the record by the
//! last event it describes, so the verifier learns whether the record still stands as
//! audited.

use super::check::RecordMatch;
use crate::record::Record;
use crate::report::document::{keyword_value, KEYWORD_AUDIT, KEYWORD_AUDIT_HEAD};
use crate::signing::PdfVerification;

/// Whether the PDF says it is an audit summary (`dpia audit --report --format pdf`).
pub fn is_audit_summary(v: &PdfVerification) -> bool {
    keyword_value(&v.keywords, KEYWORD_AUDIT).is_some()
}

/// An audit summary: which of this record's events is the last one it describes.
pub(super) fn audit_summary_match(
    record: &Record,
    verification: &PdfVerification,
    made_at: String,
) -> Result<Vec<RecordMatch>, crate::record::RecordError> {
    let head = keyword_value(&verification.keywords, KEYWORD_AUDIT_HEAD);
    let events = record.events()?;
    let head_seq = head
        .as_ref()
        .and_then(|h| events.iter().find(|e| &e.hash == h))
        .map(|e| e.seq);
    let found = RecordMatch::AuditSummary {
        made_at: made_at.trim().to_string(),
        head,
        head_seq,
        events: events.len() as u64,
    };
    Ok(vec![found; verification.signatures.len()])
}
