//! Schema 1, as dpia wrote it before scans were stored once: each version held its whole
//! scan, raw example values included, in `content.scan`, and its id was the hash of that
//! form. Read only to be checked and migrated (`super::migrate`); nothing writes it.

use super::canonical::{to_canonical, version_hash};
use super::error::RecordError;
use super::model::{
    Assessment, AssessmentId, Break, Event, ScanId, Signature, Status, Timestamp, VersionId,
};
use super::store::Store;
use super::stored::{StoredContent, StoredVersion};
use super::verify::{check_with, Rules, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A schema 1 version's content: the scan itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LegacyContent {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub scan: serde_json::Value,
    pub answers: serde_json::Value,
    pub evaluation: serde_json::Value,
    pub review_due: Option<String>,
}

/// A schema 1 version, exactly as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LegacyVersion {
    pub id: VersionId,
    pub assessment: AssessmentId,
    pub number: u64,
    pub parent: Option<VersionId>,
    pub status: Status,
    pub author: String,
    pub created_at: Timestamp,
    pub content: LegacyContent,
    pub signature: Option<Signature>,
}

impl LegacyVersion {
    /// The schema 2 form with the same id and links, naming the scan by `scan`.
    pub(crate) fn stored(&self, scan: ScanId) -> StoredVersion {
        let c = &self.content;
        StoredVersion {
            id: self.id.clone(),
            assessment: self.assessment.clone(),
            number: self.number,
            parent: self.parent.clone(),
            status: self.status,
            author: self.author.clone(),
            created_at: self.created_at.clone(),
            content: StoredContent {
                questionnaire_id: c.questionnaire_id.clone(),
                questionnaire_version: c.questionnaire_version.clone(),
                scan_sha256: scan,
                answers: c.answers.clone(),
                evaluation: c.evaluation.clone(),
                review_due: c.review_due.clone(),
            },
            signature: self.signature.clone(),
        }
    }
}

/// Everything a schema 1 record holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct LegacySnapshot {
    pub assessments: Vec<Assessment>,
    pub versions: Vec<LegacyVersion>,
    pub events: Vec<Event>,
}

/// Reads a schema 1 database; unreadable values are an error (the record is damaged).
pub(crate) fn read(store: &Store) -> Result<LegacySnapshot, RecordError> {
    Ok(LegacySnapshot {
        assessments: store.read_all(&store.assessments, "assessment")?,
        versions: store.read_all(&store.versions, "version")?,
        events: store.read_all(&store.events, "event")?,
    })
}

/// The scan's id in schema 2 terms, before masking (used only for the check of schema 1).
fn raw_scan_id(scan: &serde_json::Value) -> Result<ScanId, serde_json::Error> {
    Ok(ScanId::new(crate::digest::sha256_hex(
        to_canonical(scan)?.as_bytes(),
    )))
}

/// The schema 1 chain check: version ids over the schema 1 form, scans as they were.
pub(crate) fn check(s: &LegacySnapshot) -> Vec<Break> {
    let mut ids = HashMap::new();
    let mut scans = BTreeMap::new();
    let mut versions = Vec::with_capacity(s.versions.len());
    let mut unserialisable = Vec::new();
    for v in &s.versions {
        if let Ok(h) = version_hash(v) {
            ids.insert(v.id.to_string(), h);
        }
        match raw_scan_id(&v.content.scan) {
            Ok(scan) => {
                scans.insert(scan.to_string(), v.content.scan.clone());
                versions.push(v.stored(scan));
            }
            Err(e) => unserialisable.push(super::verify::brk(
                Some(v.assessment.as_str()),
                Some(v.id.as_str()),
                None,
                format!("its scan cannot be serialised ({e})"),
            )),
        }
    }
    let snapshot = Snapshot {
        assessments: s.assessments.clone(),
        versions,
        scans: scans.into_iter().collect(),
        events: s.events.clone(),
    };
    let rules = Rules {
        ids: Some(&ids),
        masked_scans: false,
    };
    let mut breaks = check_with(&snapshot, rules);
    breaks.extend(unserialisable);
    breaks
}
