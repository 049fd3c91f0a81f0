//! The stored form of a version (schema 2): the content names its scan by SHA-256 instead of
//! holding it, so a scan that many versions share is stored once (in the `scans` tree) and
//! a version costs only its answers and evaluation. This is what the `versions` tree holds,
//! what a version id is the hash of, and what `export_json` writes; [`super::Version`] is the
//! same with the scan read back.

use super::canonical::to_canonical;
use super::model::{
    AssessmentId, ScanId, Signature, Status, Timestamp, Version, VersionContent, VersionId,
};
use crate::digest::sha256_hex;
use serde::{Deserialize, Serialize};

/// A version's content as stored: the scan by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredContent {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// SHA-256 of the scan's canonical JSON: its key in the `scans` tree.
    pub scan_sha256: ScanId,
    pub answers: serde_json::Value,
    pub evaluation: serde_json::Value,
    pub review_due: Option<String>,
}

/// A version as stored (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredVersion {
    pub id: VersionId,
    pub assessment: AssessmentId,
    pub number: u64,
    pub parent: Option<VersionId>,
    pub status: Status,
    pub author: String,
    pub created_at: Timestamp,
    pub content: StoredContent,
    pub signature: Option<Signature>,
}

impl StoredVersion {
    /// The version as callers see it, with `scan` (read from the scans tree) in its content.
    pub(crate) fn with_scan(self, scan: serde_json::Value) -> Version {
        let c = self.content;
        Version {
            id: self.id,
            assessment: self.assessment,
            number: self.number,
            parent: self.parent,
            status: self.status,
            author: self.author,
            created_at: self.created_at,
            content: VersionContent {
                questionnaire_id: c.questionnaire_id,
                questionnaire_version: c.questionnaire_version,
                scan,
                answers: c.answers,
                evaluation: c.evaluation,
                review_due: c.review_due,
            },
            signature: self.signature,
            scan_sha256: c.scan_sha256,
        }
    }
}

/// A scan ready to store: masked, in canonical form, with its id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScanBlob {
    pub id: ScanId,
    pub canonical: String,
}

impl ScanBlob {
    /// Masks the scan's examples (a no-op for a `ScanReport`, whose examples are masked by
    /// type) and computes its canonical form and id.
    pub(crate) fn new(mut scan: serde_json::Value) -> Result<ScanBlob, serde_json::Error> {
        crate::scan::mask::mask_scan_json(&mut scan);
        let canonical = to_canonical(&scan)?;
        Ok(ScanBlob {
            id: ScanId::new(sha256_hex(canonical.as_bytes())),
            canonical,
        })
    }
}

/// Splits caller content into the stored content and the scan to store beside it.
pub(crate) fn split(
    content: VersionContent,
) -> Result<(StoredContent, ScanBlob), serde_json::Error> {
    let blob = ScanBlob::new(content.scan)?;
    let stored = StoredContent {
        questionnaire_id: content.questionnaire_id,
        questionnaire_version: content.questionnaire_version,
        scan_sha256: blob.id.clone(),
        answers: content.answers,
        evaluation: content.evaluation,
        review_due: content.review_due,
    };
    Ok((stored, blob))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_masked_and_named_by_its_canonical_hash() {
        let raw = serde_json::json!({"tables": [{"columns": [
            {"name": "email", "examples": ["anna@example.org"]}]}]});
        let blob = ScanBlob::new(raw).unwrap();
        assert_eq!(
            blob.canonical,
            r#"{"tables":[{"columns":[{"examples":["****@example.org"],"name":"email"}]}]}"#
        );
        assert_eq!(blob.id.as_str(), sha256_hex(blob.canonical.as_bytes()));
        let again = ScanBlob::new(serde_json::from_str(&blob.canonical).unwrap()).unwrap();
        assert_eq!(again, blob, "storing a stored scan gives the same id");
    }
}
