//! The sled side of the record: opening the database safely (0700 directory, lock and
//! corruption errors, open-time panics caught, schema version checked), the trees, and the
//! one way anything is written: a multi-tree transaction followed by `flush()`.
//!
//! Layout (all values are canonical JSON unless said otherwise):
//! - `meta`: `format` → `dpia-record` (text), `schema_version` → decimal text,
//!   `event_head` → `{"hash":…,"seq":…}` of the last event;
//! - `assessments`: assessment id (hex text) → [`Assessment`];
//! - `versions`: version id (hex text) → [`Version`];
//! - `events`: sequence number (big-endian u64, from 1) → [`Event`].
//!
//! Beside sled's files, a `dpia-record` marker file is written once the record is initialised:
//! sled reads a wholly unreadable log as an empty database, and the marker turns that into a
//! "damaged" error instead of a silently empty record.

use super::error::RecordError;
use super::model::{Assessment, AssessmentId, Version, VersionId};
use super::txn::{TxResult, Txn};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::TransactionError;
use sled::{Transactional, Tree};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// The newest on-disk schema this dpia reads and the one it writes.
pub const SCHEMA_VERSION: u64 = 1;
pub(crate) const FORMAT: &str = "dpia-record";
pub(crate) const KEY_FORMAT: &[u8] = b"format";
pub(crate) const KEY_SCHEMA: &[u8] = b"schema_version";
pub(crate) const KEY_EVENT_HEAD: &[u8] = b"event_head";
/// A file beside sled's, written once the record is initialised.
const MARKER: &str = "dpia-record";

/// Where the event log ends, kept in `meta` so a truncated log is detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventHead {
    pub seq: u64,
    pub hash: String,
}

/// The open database and its trees.
pub(crate) struct Store {
    pub path: PathBuf,
    pub db: sled::Db,
    pub meta: Tree,
    pub assessments: Tree,
    pub versions: Tree,
    pub events: Tree,
}

impl Store {
    /// Opens (creating if missing) the record at `dir`.
    pub(crate) fn open(dir: &Path) -> Result<Store, RecordError> {
        let path = dir.to_path_buf();
        create_dir(dir)?;
        let db = match open_db(dir) {
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
        let store = Store {
            meta: tree("meta")?,
            assessments: tree("assessments")?,
            versions: tree("versions")?,
            events: tree("events")?,
            db,
            path,
        };
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<(), RecordError> {
        let stored = self.meta.get(KEY_SCHEMA).map_err(|e| self.storage(e))?;
        let Some(bytes) = stored else {
            let empty = self.assessments.is_empty()
                && self.versions.is_empty()
                && self.events.is_empty()
                && self.meta.is_empty();
            if self.path.join(MARKER).exists() {
                return Err(self.damaged(
                    "its database holds no record although one was created here (the storage \
                     engine found nothing it could read)"
                        .to_string(),
                ));
            }
            if !empty {
                return Err(self.damaged("it holds data but no schema version".to_string()));
            }
            self.commit(|tx| {
                tx.put_raw_meta(KEY_FORMAT, FORMAT.as_bytes())?;
                tx.put_raw_meta(KEY_SCHEMA, SCHEMA_VERSION.to_string().as_bytes())
            })?;
            return self.write_marker();
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
        if !self.path.join(MARKER).exists() {
            self.write_marker()?;
        }
        Ok(())
    }

    /// Writes the marker that says a record was initialised here (after the schema version
    /// was flushed), so a database that later reads as empty is reported, not reused.
    fn write_marker(&self) -> Result<(), RecordError> {
        let text = format!("{FORMAT} schema {SCHEMA_VERSION}\n");
        std::fs::write(self.path.join(MARKER), text).map_err(|source| RecordError::Directory {
            path: self.path.clone(),
            source,
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
        let trees = (&self.meta, &self.assessments, &self.versions, &self.events);
        let result = trees.transaction(|(meta, assessments, versions, events)| {
            f(&Txn {
                path: &self.path,
                meta,
                assessments,
                versions,
                events,
            })
        });
        let value = match result {
            Ok(value) => value,
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.storage(e)),
        };
        self.db.flush().map_err(|e| self.storage(e))?;
        Ok(value)
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
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| self.damaged(format!("stored {what} {key} is unreadable ({e})"))),
        }
    }

    pub(crate) fn assessment(&self, id: &AssessmentId) -> Result<Assessment, RecordError> {
        self.get_json(&self.assessments, "assessment", id.as_str())?
            .ok_or_else(|| RecordError::UnknownAssessment {
                path: self.path.clone(),
                prefix: id.to_string(),
            })
    }

    pub(crate) fn version(&self, id: &VersionId) -> Result<Version, RecordError> {
        self.get_json(&self.versions, "version", id.as_str())?
            .ok_or_else(|| RecordError::UnknownVersion {
                path: self.path.clone(),
                prefix: id.to_string(),
            })
    }

    /// The assessment's versions, oldest first, following parent links from the head.
    pub(crate) fn history(&self, a: &Assessment) -> Result<Vec<Version>, RecordError> {
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

/// How often, and how long apart, a held lock is retried: sled finishes writes on its own
/// I/O threads, which keep the lock for a moment after a `Record` in this process is dropped.
const LOCK_RETRIES: u32 = 25;
const LOCK_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Opens sled, catching its open-time panics, retrying briefly while the lock is held.
fn open_db(dir: &Path) -> std::thread::Result<sled::Result<sled::Db>> {
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

fn create_dir(dir: &Path) -> Result<(), RecordError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|source| RecordError::Directory {
            path: dir.to_path_buf(),
            source,
        })
}

fn open_error(path: PathBuf, source: sled::Error) -> RecordError {
    match &source {
        e if is_lock_error(e) => RecordError::Locked { path, source },
        sled::Error::Corruption { .. } | sled::Error::ReportableBug(_) => RecordError::Damaged {
            path,
            what: source.to_string(),
        },
        _ => RecordError::Open { path, source },
    }
}
