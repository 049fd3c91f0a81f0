//! One transaction over the record's trees, with the domain operations the writers need:
//! reading and storing assessments, versions (never overwriting one) and scans (stored once
//! by their hash) and appending to the hash-chained event log. Closures run here may be retried by sled, so they only
//! compute; any error aborts the whole transaction.

use super::canonical::{event_hash, to_canonical};
use super::error::RecordError;
use super::model::{Assessment, AssessmentId, Event, EventKind, Status, VersionId};
use super::store::{EventHead, KEY_EVENT_HEAD};
use super::stored::{ScanBlob, StoredVersion};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use std::path::{Path, PathBuf};

/// What a transaction closure returns.
pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<RecordError>>;

/// The trees inside one transaction, with the record's domain operations.
pub(crate) struct Txn<'a> {
    pub(super) path: &'a Path,
    pub(super) meta: &'a TransactionalTree,
    pub(super) assessments: &'a TransactionalTree,
    pub(super) versions: &'a TransactionalTree,
    pub(super) scans: &'a TransactionalTree,
    pub(super) events: &'a TransactionalTree,
}

/// An event to append; sequence number, previous hash and hash are filled in.
pub(crate) struct EventDraft<'x> {
    pub kind: EventKind,
    pub assessment: &'x AssessmentId,
    pub version: Option<&'x VersionId>,
    pub status: Status,
    pub author: &'x str,
    pub at: &'x str,
    pub detail: Option<&'x str>,
}

impl Txn<'_> {
    /// Aborts the transaction with `error`.
    pub(crate) fn abort<T>(&self, error: RecordError) -> TxResult<T> {
        Err(ConflictableTransactionError::Abort(error))
    }

    fn path(&self) -> PathBuf {
        self.path.to_path_buf()
    }

    fn get<T: DeserializeOwned>(
        &self,
        tree: &TransactionalTree,
        what: &str,
        key: &[u8],
    ) -> TxResult<Option<T>> {
        match tree.get(key)? {
            None => Ok(None),
            Some(bytes) => match super::codec::parse(&bytes) {
                Ok(v) => Ok(Some(v)),
                Err(e) => self.abort(RecordError::Damaged {
                    path: self.path(),
                    what: format!(
                        "stored {what} {} is unreadable ({e})",
                        String::from_utf8_lossy(key)
                    ),
                }),
            },
        }
    }

    fn put<T: Serialize>(&self, tree: &TransactionalTree, key: &[u8], value: &T) -> TxResult<()> {
        match to_canonical(value) {
            Ok(json) => {
                tree.insert(key, super::codec::encode(&json))?;
                Ok(())
            }
            Err(source) => self.abort(RecordError::Serialise {
                path: self.path(),
                source,
            }),
        }
    }

    pub(crate) fn put_raw_meta(&self, key: &[u8], value: &[u8]) -> TxResult<()> {
        self.meta.insert(key, value)?;
        Ok(())
    }

    pub(crate) fn find_assessment(&self, id: &AssessmentId) -> TxResult<Option<Assessment>> {
        self.get(self.assessments, "assessment", id.as_str().as_bytes())
    }

    pub(crate) fn assessment(&self, id: &AssessmentId) -> TxResult<Assessment> {
        match self.find_assessment(id)? {
            Some(a) => Ok(a),
            None => self.abort(RecordError::UnknownAssessment {
                path: self.path(),
                prefix: id.to_string(),
            }),
        }
    }

    pub(crate) fn put_assessment(&self, a: &Assessment) -> TxResult<()> {
        self.put(self.assessments, a.id.as_str().as_bytes(), a)
    }

    pub(crate) fn version(&self, id: &VersionId) -> TxResult<StoredVersion> {
        match self.get(self.versions, "version", id.as_str().as_bytes())? {
            Some(v) => Ok(v),
            None => self.abort(RecordError::UnknownVersion {
                path: self.path(),
                prefix: id.to_string(),
            }),
        }
    }

    /// Stores a scan unless it is stored already (same id, same bytes: it is content-addressed).
    pub(crate) fn put_scan(&self, scan: &ScanBlob) -> TxResult<()> {
        let key = scan.id.as_str().as_bytes();
        match self.scans.get(key)? {
            Some(old)
                if super::codec::decode(&old).ok().as_deref()
                    == Some(scan.canonical.as_bytes()) =>
            {
                Ok(())
            }
            Some(_) => self.abort(RecordError::Damaged {
                path: self.path(),
                what: format!("stored scan {} does not match its id", scan.id),
            }),
            None => {
                self.scans
                    .insert(key, super::codec::encode(&scan.canonical))?;
                Ok(())
            }
        }
    }

    /// Stores a new version; an existing id is never overwritten.
    pub(crate) fn insert_version(&self, v: &StoredVersion) -> TxResult<()> {
        if self.versions.get(v.id.as_str().as_bytes())?.is_some() {
            return self.abort(RecordError::Damaged {
                path: self.path(),
                what: format!("version {} already exists", v.id),
            });
        }
        self.put(self.versions, v.id.as_str().as_bytes(), v)
    }

    /// Appends an event after the current head of the log and moves the head.
    pub(crate) fn append_event(&self, draft: EventDraft<'_>) -> TxResult<Event> {
        let head: Option<EventHead> = self.get(self.meta, "event head", KEY_EVENT_HEAD)?;
        let mut event = Event {
            seq: head.as_ref().map_or(1, |h| h.seq + 1),
            hash: String::new(),
            prev: head.map(|h| h.hash),
            kind: draft.kind,
            assessment: draft.assessment.clone(),
            version: draft.version.cloned(),
            status: draft.status,
            author: draft.author.to_string(),
            at: draft.at.to_string(),
            detail: draft.detail.map(str::to_string),
        };
        event.hash = match event_hash(&event) {
            Ok(h) => h,
            Err(source) => {
                return self.abort(RecordError::Serialise {
                    path: self.path(),
                    source,
                })
            }
        };
        self.put_event(&event)?;
        Ok(event)
    }

    /// Stores `event` as is and makes it the head of the log (import writes through this).
    pub(crate) fn put_event(&self, event: &Event) -> TxResult<()> {
        self.put(self.events, &event.seq.to_be_bytes(), event)?;
        let head = EventHead {
            seq: event.seq,
            hash: event.hash.clone(),
        };
        self.put(self.meta, KEY_EVENT_HEAD, &head)
    }

    /// Stores an imported or rewritten version as is.
    pub(crate) fn put_version(&self, v: &StoredVersion) -> TxResult<()> {
        self.put(self.versions, v.id.as_str().as_bytes(), v)
    }
}
