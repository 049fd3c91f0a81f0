//! The whole record as one canonical JSON document, and rebuilding a record from it.
//!
//! The document is `{"assessments":[…],"events":[…],"format":"dpia-record",
//! "schema_version":1,"versions":[…]}` in the canonical form of [`super::canonical`]:
//! assessments ordered by id, versions by assessment id then number, events by sequence
//! number, each exactly as stored. The import checks every hash and link with the same check
//! as the audit before it writes anything, writes everything in one transaction, and keeps
//! the event log as it was, so export → import → export gives the same bytes.

use super::canonical::to_canonical;
use super::error::RecordError;
use super::model::{Assessment, Event, Version};
use super::store::{FORMAT, SCHEMA_VERSION};
use super::verify::{check, Snapshot};
use super::Record;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The export document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    schema_version: u64,
    assessments: Vec<Assessment>,
    versions: Vec<Version>,
    events: Vec<Event>,
}

impl Record {
    fn read_all<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        what: &str,
    ) -> Result<Vec<T>, RecordError> {
        let mut out = Vec::new();
        for item in tree.iter() {
            let (key, bytes) = item.map_err(|e| self.store.storage(e))?;
            let value = serde_json::from_slice(&bytes).map_err(|e| {
                self.store.damaged(format!(
                    "stored {what} {} is unreadable ({e})",
                    String::from_utf8_lossy(&key)
                ))
            })?;
            out.push(value);
        }
        Ok(out)
    }

    /// The whole record (schema version, assessments, versions, events) as one canonical JSON
    /// document. Stored values are exported as they are, even if the audit finds breaks (so
    /// a damaged record can still be saved); values that cannot be read at all are an error.
    pub fn export_json(&self) -> Result<String, RecordError> {
        let assessments: Vec<Assessment> = self.read_all(&self.store.assessments, "assessment")?;
        let mut versions: Vec<Version> = self.read_all(&self.store.versions, "version")?;
        versions.sort_by(|a, b| {
            (&a.assessment, a.number, &a.id).cmp(&(&b.assessment, b.number, &b.id))
        });
        let events: Vec<Event> = self.read_all(&self.store.events, "event")?;
        let doc = Document {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            assessments,
            versions,
            events,
        };
        to_canonical(&doc).map_err(|source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        })
    }

    /// Builds a new record in `dir` (which must be missing or empty) from an export, after
    /// checking every version id, parent link and the event chain. Nothing is written when a
    /// check fails: the error names the first break (e.g. the version whose content changed).
    pub fn import_json(dir: &Path, json: &str) -> Result<Record, RecordError> {
        let path = dir.to_path_buf();
        let doc: Document =
            serde_json::from_str(json).map_err(|source| RecordError::ImportJson {
                path: path.clone(),
                source,
            })?;
        if doc.format != FORMAT {
            return Err(RecordError::InvalidInput {
                path,
                field: "export format",
                message: format!("'{}' is not '{FORMAT}'", doc.format),
            });
        }
        if doc.schema_version > SCHEMA_VERSION {
            return Err(RecordError::NewerSchema {
                path,
                found: doc.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        let snapshot = Snapshot {
            assessments: doc.assessments,
            versions: doc.versions,
            events: doc.events,
        };
        let breaks = check(&snapshot);
        if let Some(first) = breaks.first() {
            return Err(RecordError::ImportRejected {
                path,
                first: first.clone(),
                count: breaks.len(),
            });
        }
        match std::fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(RecordError::NotEmpty { path });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(RecordError::Directory { path, source }),
        }
        let record = Record::open(dir)?;
        record.store.commit(|tx| {
            for a in &snapshot.assessments {
                tx.put_assessment(a)?;
            }
            for v in &snapshot.versions {
                tx.put_version(v)?;
            }
            for e in &snapshot.events {
                tx.put_event(e)?;
            }
            Ok(())
        })?;
        Ok(record)
    }
}
