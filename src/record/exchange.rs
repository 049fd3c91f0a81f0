//! The whole record as one canonical JSON document, and rebuilding a record from it.
//!
//! The document is `{"assessments":[…],"events":[…],"format":"dpia-record","scans":{…},
//! "schema_version":2,"versions":[…]}` in the canonical form of [`super::canonical`]:
//! assessments ordered by id, versions (stored form, naming their scan) by assessment id
//! then number, scans by id, events by sequence number, each exactly as stored. The import
//! checks every hash and link with the same check as the audit before it writes anything,
//! writes everything in one transaction, and keeps the event log as it was, so export →
//! import → export gives the same bytes. An export written by the previous release (schema
//! 1, scans inside the versions) is checked as such and migrated as a schema 1 record is on
//! open, with its `migrated` events.

use super::canonical::to_canonical;
use super::error::RecordError;
use super::legacy::{self, LegacySnapshot, LegacyVersion};
use super::model::{Assessment, Break, Event};
use super::open::Actor;
use super::store::{FORMAT, LEGACY_SCHEMA, SCHEMA_VERSION};
use super::stored::StoredVersion;
use super::verify::{check, Snapshot};
use super::{migrate, rewrite, Record};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The export document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    schema_version: u64,
    assessments: Vec<Assessment>,
    versions: Vec<StoredVersion>,
    scans: BTreeMap<String, serde_json::Value>,
    events: Vec<Event>,
}

/// An export written by the previous release.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyDocument {
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "schema_version")]
    _schema_version: u64,
    assessments: Vec<Assessment>,
    versions: Vec<LegacyVersion>,
    events: Vec<Event>,
}

/// What every export starts with, read before the rest.
#[derive(Debug, Deserialize)]
struct Header {
    format: String,
    schema_version: u64,
}

impl Record {
    /// The whole record (schema version, assessments, versions, scans, events) as one
    /// canonical JSON document. Stored values are exported as they are, even if the audit
    /// finds breaks (so a damaged record can still be saved); values that cannot be read at
    /// all are an error.
    pub fn export_json(&self) -> Result<String, RecordError> {
        let snapshot = self.store.snapshot()?;
        let mut versions = snapshot.versions;
        versions.sort_by(|a, b| {
            (&a.assessment, a.number, &a.id).cmp(&(&b.assessment, b.number, &b.id))
        });
        let doc = Document {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            assessments: snapshot.assessments,
            versions,
            scans: snapshot.scans.into_iter().collect(),
            events: snapshot.events,
        };
        to_canonical(&doc).map_err(|source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        })
    }

    /// Builds a new record in `dir` (which must be missing or empty) from an export read from
    /// `input` (named in errors), after checking every version id, scan, parent link and the
    /// event chain. Nothing is written when a check fails: the error names the first break
    /// (e.g. the version whose content changed). A leading UTF-8 byte order mark is ignored.
    pub fn import_json(
        dir: &Path,
        input: &str,
        json: &str,
        actor: &Actor,
    ) -> Result<Record, RecordError> {
        let snapshot = verified(dir, input, json, actor, |first, count| {
            RecordError::ImportRejected {
                path: dir.to_path_buf(),
                first,
                count,
            }
        })?;
        let path = dir.to_path_buf();
        match std::fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(RecordError::NotEmpty { path });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(RecordError::Directory { path, source }),
        }
        let record = Record::open_or_create(dir, actor)?;
        rewrite::write_all(&record.store, &snapshot)?;
        Ok(record)
    }
}

/// Reads an export (`input` names it in errors; `path` is what errors say the record is) and
/// checks every hash and link as the audit does; an export of the previous release is
/// migrated in memory. `rejected` turns the first break and the number of breaks into the
/// caller's error. Writes nothing.
pub(crate) fn verified(
    path: &Path,
    input: &str,
    json: &str,
    actor: &Actor,
    rejected: impl Fn(Break, usize) -> RecordError,
) -> Result<Snapshot, RecordError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let invalid = |source| RecordError::ImportJson {
        path: path.to_path_buf(),
        input: input.to_string(),
        source,
    };
    let header: Header = serde_json::from_str(json).map_err(invalid)?;
    if header.format != FORMAT {
        return Err(RecordError::InvalidInput {
            path: path.to_path_buf(),
            field: "export format",
            message: format!("'{}' is not '{FORMAT}'", header.format),
        });
    }
    let refuse = |breaks: Vec<Break>| match breaks.first() {
        None => Ok(()),
        Some(first) => Err(rejected(first.clone(), breaks.len())),
    };
    match header.schema_version {
        SCHEMA_VERSION => {
            let doc: Document = serde_json::from_str(json).map_err(invalid)?;
            let snapshot = Snapshot {
                assessments: doc.assessments,
                versions: doc.versions,
                scans: doc.scans.into_iter().collect(),
                events: doc.events,
            };
            refuse(check(&snapshot))?;
            Ok(snapshot)
        }
        LEGACY_SCHEMA => {
            let doc: LegacyDocument = serde_json::from_str(json).map_err(invalid)?;
            let old = LegacySnapshot {
                assessments: doc.assessments,
                versions: doc.versions,
                events: doc.events,
            };
            refuse(legacy::check(&old))?;
            Ok(migrate::checked(path, old, actor)?.0)
        }
        found if found > SCHEMA_VERSION => Err(RecordError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        }),
        found => Err(RecordError::InvalidInput {
            path: path.to_path_buf(),
            field: "export schema version",
            message: format!("{found} is not a schema version dpia ever wrote"),
        }),
    }
}
