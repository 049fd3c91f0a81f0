//! The tamper-evident local record of DPIAs, kept in a sled database.
//!
//! An assessment ([`Assessment`]) has a history of immutable, content-addressed versions
//! ([`Version`]): each version's id is the SHA-256 of its canonical serialisation including
//! its parent's id, like a git commit, so changing any stored byte of a version, or of an
//! earlier one, shows. A version names its scan by the scan's SHA-256; each distinct scan is
//! stored once, with its example values masked. An append-only event log ([`Event`]) is
//! hash-chained the same way across the whole record. Nothing is overwritten: a correction is
//! a new version, a status change is an event. The only rewrites are a schema migration and a
//! redaction (an erasure request): both replace an assessment's versions by a new chain and
//! log an event that maps every old version id to its new one, so [`Record::audit`], which
//! recomputes every hash and link, still proves continuity with the old chain.
//!
//! Every write names the version it was based on and is refused with
//! [`RecordError::StaleBase`] when the assessment has moved on (optimistic concurrency,
//! checked inside the transaction).
//!
//! - `model`: the stored and returned types; `stored`: a version's stored form (scan by id).
//! - `canonical`: the canonical JSON form and the hash inputs (documented there); `codec`:
//!   how that JSON is kept in sled (compressed above a kilobyte).
//! - `folder`: the record's folder (layout documented there), its lock, permissions, and the
//!   copy a read-only open works on.
//! - `store`: the sled layout (documented there), opening a database, transaction + flush.
//! - `open`: opening a record for writing, creating one, or read-only; migrating on open.
//! - `txn`: the domain operations inside one transaction (versions, scans, heads, the log).
//! - `ops`: the write operations (create, add a version, sign, change status, note exports).
//! - `query`: prefix resolution, listing, history, single versions; `review`: which signed
//!   assessments are due for review (dates, drift).
//! - `verify`: the pure chain check shared by the audit and the import; `replay`: the event
//!   log replayed through rewrites.
//! - `audit`: reading everything sled holds for that check, bad bytes becoming breaks.
//! - `exchange`: the whole record as one canonical JSON document, and rebuilding from it;
//!   `file`: reading such a document, verified, without a database ([`RecordFile`]), and
//!   [`ReadRecord`], what it and a database both answer.
//! - `checks`: the `checked` events `dpia check` logs and the last one per assessment.
//! - `lineage`: revising a signed assessment (a successor linked both ways, the predecessor
//!   superseded by the successor's signature) and the chain of revisions.
//! - `legacy`: schema 1 as it was stored; `migrate`: schema 1 → 2.
//! - `rewrite`: re-chaining versions and logging the mapping, and writing a fresh database;
//!   `redact`: removing a value or an answer from every version.
//!
//! Invariants: every logical change is one multi-tree transaction followed by `flush()`, and
//! reports success only after the flush; time, authors and ids are arguments (the record never
//! reads the clock or the environment); it never prints and never panics on input or on
//! damaged stored bytes (sled's open-time panics are caught and become errors).

mod audit;
mod canonical;
mod checks;
mod codec;
mod dates;
mod error;
mod exchange;
mod file;
mod folder;
mod legacy;
mod lineage;
mod migrate;
mod model;
mod open;
mod ops;
mod query;
mod redact;
mod replay;
mod review;
mod rewrite;
mod store;
mod stored;
mod txn;
mod verify;

#[cfg(test)]
mod tests;

pub use checks::{last_checks, CheckNote, CheckResult, LastCheck};
pub use error::RecordError;
pub use file::{ReadRecord, RecordFile};
pub use model::{
    linked, Assessment, AssessmentId, AssessmentSummary, AssessmentView, AuditReport, Break, Event,
    EventKind, NewAssessment, ScanId, Signature, SignedRef, Status, Timestamp, Version,
    VersionContent, VersionId, PREDECESSOR_PREFIX, SUCCESSOR_PREFIX, SUPERSEDED_BY_PREFIX,
};
pub use open::{Actor, Notice};
pub use ops::{signature_role, SIGNATURE_ROLE_PREFIX};
pub use redact::{Redaction, RedactionReport};
pub use review::{ReviewDue, ReviewReason};
pub use rewrite::Rewrite;
pub use store::SCHEMA_VERSION;

use store::Store;

/// An open record. A writable one holds the record's lock until dropped, so one dpia process
/// at a time writes to a record; a read-only one works on a private copy and holds nothing.
pub struct Record {
    /// Dropped first: sled flushes and lets go of its files.
    store: Store,
    read_only: bool,
    notices: Vec<Notice>,
    _lock: Option<folder::Lock>,
    /// The copy a read-only record works on, removed when it is dropped.
    _scratch: Option<folder::Scratch>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("path", &self.store.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

impl Record {
    /// The record's directory.
    pub fn path(&self) -> &std::path::Path {
        &self.store.path
    }

    /// Whether the record was opened read-only (writes are refused with
    /// [`RecordError::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// What opening the record did or found that the user should know (a migration, folder
    /// permissions tightened or too open).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Every event, in order.
    pub fn events(&self) -> Result<Vec<Event>, RecordError> {
        let mut out = Vec::new();
        for item in self.store.events.iter() {
            let (key, bytes) = item.map_err(|e| self.store.storage(e))?;
            let event: Event = codec::parse(&bytes).map_err(|e| {
                self.store
                    .damaged(format!("stored event {key:02x?} is unreadable ({e})"))
            })?;
            out.push(event);
        }
        Ok(out)
    }

    /// Walks every chain and the event log, recomputing every hash and link.
    /// Never fails: unreadable storage and undeserialisable bytes are reported as breaks.
    pub fn audit(&self) -> AuditReport {
        let mut report = audit::audit(&self.store);
        for notice in &self.notices {
            if let Notice::Shortened { what } = notice {
                report
                    .breaks
                    .insert(0, verify::brk(None, None, None, what.clone()));
            }
        }
        report
    }

    /// Refuses a write on a read-only record.
    fn writable(&self) -> Result<(), RecordError> {
        if self.read_only {
            return Err(RecordError::ReadOnly {
                path: self.store.path.clone(),
            });
        }
        Ok(())
    }
}
