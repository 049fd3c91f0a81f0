//! The sled side of the record: opening a database safely (corruption errors, open-time
//! panics caught, the schema version read), the trees, and the one way anything is written:
//! a multi-tree transaction followed by `flush()`. Where the database lives, and who may open
//! it, is `super::folder`'s job.
//!
//! Layout of schema 2 (all values are canonical JSON unless said otherwise, kept as
//! `super::codec` says: zlib-compressed when over a kilobyte):
//! - `meta`: `format` → `dpia-record` (text), `schema_version` → decimal text,
//!   `event_head` → `{"hash":…,"seq":…}` of the last event;
//! - `assessments`: assessment id (hex text) → [`Assessment`];
//! - `versions`: version id (hex text) → `StoredVersion` (its content names its scan);
//! - `scans`: scan id (hex text, SHA-256 of the value) → the scan report, examples masked;
//! - `events`: sequence number (big-endian u64, from 1) → [`Event`].
//!
//! Additions to schema 2 made before its release (no version bump, nothing to migrate): the
//! event kind `checked` (a drift check against a signed version, its result as canonical JSON
//! in the detail, see `super::checks`); the event kind `revised` and the assessment fields
//! `predecessor` (part of the identity) and `successor`, left out when empty so records
//! without revisions keep their bytes and ids (see `super::lineage`).
//!
//! Schema 1 had no `scans` tree and held each version's scan inside the version (see
//! `super::legacy`); it is read only to be migrated.

use super::error::RecordError;
use super::model::{Assessment, AssessmentId, ScanId, VersionId};
use super::stored::StoredVersion;
use super::txn::{TxResult, Txn};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::TransactionError;
use sled::{Transactional, Tree};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// The newest on-disk schema this dpia reads and the one it writes.
pub const SCHEMA_VERSION: u64 = 2;
/// The schema written by dpia before content-addressed scans, migrated on open.
pub(crate) const LEGACY_SCHEMA: u64 = 1;
pub(crate) const FORMAT: &str = "dpia-record";
pub(crate) const KEY_FORMAT: &[u8] = b"format";
pub(crate) const KEY_SCHEMA: &[u8] = b"schema_version";
pub(crate) const KEY_EVENT_HEAD: &[u8] = b"event_head";

/// Where the event log ends, kept in `meta` so a truncated log is detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventHead {
    pub seq: u64,
    pub hash: String,
}

/// An open database and its trees.
pub(crate) struct Store {
    /// The record's folder (what messages name).
    pub path: PathBuf,
    /// The folder sled's files are in.
    pub db_dir: PathBuf,
    pub db: sled::Db,
    pub meta: Tree,
    pub assessments: Tree,
    pub versions: Tree,
    pub scans: Tree,
    pub events: Tree,
    /// Where the log head is copied after every commit (`super::folder`'s `head` file), for a
    /// writable record's database in use; `None` for copies and databases being built.
    pub head_file_in: Option<PathBuf>,
}

impl Store {
    /// Opens the sled database in `db_dir` of the record at `path`.
    pub(crate) fn open(path: &Path, db_dir: &Path) -> Result<Store, RecordError> {
        let path = path.to_path_buf();
        let db = match open_db(db_dir) {
            Ok(Ok(db)) => db,
            Ok(Err(e)) => return Err(open_error(path, e)),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown failure".to_string());
                return Err(RecordError::Damaged {
                    path,
                    what: format!("the storage engine failed while opening it: {message}"),
                });
            }
        };
        let tree = |name: &str| db.open_tree(name).map_err(|e| open_error(path.clone(), e));
        Ok(Store {
            meta: tree("meta")?,
            assessments: tree("assessments")?,
            versions: tree("versions")?,
            scans: tree("scans")?,
            events: tree("events")?,
            db,
            db_dir: db_dir.to_path_buf(),
            path,
            head_file_in: None,
        })
    }

    /// Whether nothing at all is stored.
    pub(crate) fn is_empty(&self) -> bool {
        self.meta.is_empty()
            && self.assessments.is_empty()
            && self.versions.is_empty()
            && self.scans.is_empty()
            && self.events.is_empty()
    }

    /// The stored schema version: `None` for an empty database, an error when it is newer
    /// than this dpia or missing beside data.
    pub(crate) fn schema(&self) -> Result<Option<u64>, RecordError> {
        let Some(bytes) = self.meta.get(KEY_SCHEMA).map_err(|e| self.storage(e))? else {
            if self.is_empty() {
                return Ok(None);
            }
            return Err(self.damaged("it holds data but no schema version".to_string()));
        };
        let found = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|&v| v > 0)
            .ok_or_else(|| self.damaged("its schema version is not a positive number".into()))?;
        if found > SCHEMA_VERSION {
            return Err(RecordError::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Some(found))
    }

    /// Writes the format and schema version into an empty database.
    pub(crate) fn initialise(&self) -> Result<(), RecordError> {
        self.commit(|tx| {
            tx.put_raw_meta(KEY_FORMAT, FORMAT.as_bytes())?;
            tx.put_raw_meta(KEY_SCHEMA, SCHEMA_VERSION.to_string().as_bytes())
        })
    }

    pub(crate) fn storage(&self, source: sled::Error) -> RecordError {
        RecordError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn damaged(&self, what: String) -> RecordError {
        RecordError::Damaged {
            path: self.path.clone(),
            what,
        }
    }

    /// Runs `f` as one transaction over all trees, then flushes; success only after the flush.
    /// `f` may run more than once (sled retries on conflict), so it must only compute.
    pub(crate) fn commit<T>(&self, f: impl Fn(&Txn<'_>) -> TxResult<T>) -> Result<T, RecordError> {
        let trees = (
            &self.meta,
            &self.assessments,
            &self.versions,
            &self.scans,
            &self.events,
        );
        let result = trees.transaction(|(meta, assessments, versions, scans, events)| {
            f(&Txn {
                path: &self.path,
                meta,
                assessments,
                versions,
                scans,
                events,
            })
        });
        let value = match result {
            Ok(value) => value,
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.storage(e)),
        };
        self.db.flush().map_err(|e| self.storage(e))?;
        if let Some(dir) = &self.head_file_in {
            self.copy_head(dir)?;
        }
        Ok(value)
    }

    /// The stored log head, as stored (canonical JSON), if any event was written.
    pub(crate) fn event_head(&self) -> Result<Option<EventHead>, RecordError> {
        match self.meta.get(KEY_EVENT_HEAD).map_err(|e| self.storage(e))? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| self.damaged(format!("its log head is unreadable ({e})"))),
        }
    }

    /// Copies the log head into the record folder's `head` file (after a flush), so a
    /// database that later comes back shorter is detected on open.
    pub(crate) fn copy_head(&self, dir: &Path) -> Result<(), RecordError> {
        if let Some(head) = self.event_head()? {
            let text =
                super::canonical::to_canonical(&head).map_err(|source| RecordError::Serialise {
                    path: self.path.clone(),
                    source,
                })?;
            super::folder::write_head(dir, &text)?;
        }
        Ok(())
    }

    /// Checks the database against the `head` file of the record folder: a database whose
    /// log ends before the head recorded there, or holds another event at that place, lost
    /// events (damaged files sled read as a shorter log, or an older copy put back).
    pub(crate) fn check_head(&self, recorded: Option<&str>) -> Result<(), RecordError> {
        let Some(text) = recorded else {
            return Ok(());
        };
        let recorded: EventHead = serde_json::from_str(text)
            .map_err(|e| self.damaged(format!("its head file is unreadable ({e})")))?;
        let seq = self.event_head()?.map_or(0, |h| h.seq);
        if seq < recorded.seq {
            return Err(self.damaged(format!(
                "its database ends at event {seq} but event {} was written (the storage \
                 engine read damaged files as a shorter log, or an older copy was put back)",
                recorded.seq
            )));
        }
        let stored = self
            .events
            .get(recorded.seq.to_be_bytes())
            .map_err(|e| self.storage(e))?
            .and_then(|bytes| super::codec::parse::<super::model::Event>(&bytes).ok());
        if stored.is_none_or(|e| e.hash != recorded.hash) {
            return Err(self.damaged(format!(
                "its event {} is not the one written (the log was replaced)",
                recorded.seq
            )));
        }
        Ok(())
    }

    /// Reads and parses one stored JSON value.
    fn get_json<T: DeserializeOwned>(
        &self,
        tree: &Tree,
        what: &str,
        key: &str,
    ) -> Result<Option<T>, RecordError> {
        match tree.get(key.as_bytes()).map_err(|e| self.storage(e))? {
            None => Ok(None),
            Some(bytes) => super::codec::parse(&bytes)
                .map(Some)
                .map_err(|e| self.damaged(format!("stored {what} {key} is unreadable ({e})"))),
        }
    }

    /// Every value of `tree`, parsed; an unreadable one is an error (the record is damaged).
    pub(crate) fn read_all<T: DeserializeOwned>(
        &self,
        tree: &Tree,
        what: &str,
    ) -> Result<Vec<T>, RecordError> {
        let mut out = Vec::new();
        for item in tree.iter() {
            let (key, bytes) = item.map_err(|e| self.storage(e))?;
            let value = super::codec::parse(&bytes).map_err(|e| {
                self.damaged(format!(
                    "stored {what} {} is unreadable ({e})",
                    String::from_utf8_lossy(&key)
                ))
            })?;
            out.push(value);
        }
        Ok(out)
    }

    /// Everything the database holds (schema 2), parsed; an unreadable value is an error.
    pub(crate) fn snapshot(&self) -> Result<super::verify::Snapshot, RecordError> {
        let mut scans = Vec::new();
        for item in self.scans.iter() {
            let (key, bytes) = item.map_err(|e| self.storage(e))?;
            let key = String::from_utf8_lossy(&key).into_owned();
            let value = super::codec::parse(&bytes)
                .map_err(|e| self.damaged(format!("stored scan {key} is unreadable ({e})")))?;
            scans.push((key, value));
        }
        Ok(super::verify::Snapshot {
            assessments: self.read_all(&self.assessments, "assessment")?,
            versions: self.read_all(&self.versions, "version")?,
            scans,
            events: self.read_all(&self.events, "event")?,
        })
    }

    pub(crate) fn assessment(&self, id: &AssessmentId) -> Result<Assessment, RecordError> {
        self.get_json(&self.assessments, "assessment", id.as_str())?
            .ok_or_else(|| RecordError::UnknownAssessment {
                path: self.path.clone(),
                prefix: id.to_string(),
            })
    }

    pub(crate) fn version(&self, id: &VersionId) -> Result<StoredVersion, RecordError> {
        self.get_json(&self.versions, "version", id.as_str())?
            .ok_or_else(|| RecordError::UnknownVersion {
                path: self.path.clone(),
                prefix: id.to_string(),
            })
    }

    /// A stored scan, as JSON.
    pub(crate) fn scan(&self, id: &ScanId) -> Result<serde_json::Value, RecordError> {
        self.get_json(&self.scans, "scan", id.as_str())?
            .ok_or_else(|| self.damaged(format!("scan {id} is missing")))
    }

    /// The assessment's versions, oldest first, following parent links from the head.
    pub(crate) fn history(&self, a: &Assessment) -> Result<Vec<StoredVersion>, RecordError> {
        let mut out = Vec::new();
        let mut next = Some(a.head.clone());
        while let Some(id) = next {
            if out.len() as u64 >= a.versions {
                return Err(self.damaged(format!(
                    "assessment {} has more versions than its count {}",
                    a.id, a.versions
                )));
            }
            let v = self.version(&id)?;
            next = v.parent.clone();
            out.push(v);
        }
        out.reverse();
        Ok(out)
    }
}

/// How often, and how long apart, sled's own lock is retried: sled finishes writes on its own
/// I/O threads, which keep the lock for a moment after a `Record` in this process is dropped
/// (the record's lock file is already free then).
const LOCK_RETRIES: u32 = 100;
const LOCK_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Opens sled, catching its open-time panics, retrying briefly while the lock is held.
pub(super) fn open_db(dir: &Path) -> std::thread::Result<sled::Result<sled::Db>> {
    let mut attempt = 0;
    loop {
        let config = sled::Config::new().path(dir);
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| config.open()));
        match &result {
            Ok(Err(e)) if is_lock_error(e) && attempt < LOCK_RETRIES => {
                attempt += 1;
                std::thread::sleep(LOCK_RETRY_PAUSE);
            }
            _ => return result,
        }
    }
}

fn is_lock_error(e: &sled::Error) -> bool {
    matches!(e, sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock
        || io.to_string().contains("could not acquire lock"))
}

fn open_error(path: PathBuf, source: sled::Error) -> RecordError {
    match &source {
        sled::Error::Io(io) if is_lock_error(&source) => RecordError::Locked {
            path,
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        sled::Error::Corruption { .. } | sled::Error::ReportableBug(_) => RecordError::Damaged {
            path,
            what: source.to_string(),
        },
        _ => RecordError::Open { path, source },
    }
}
