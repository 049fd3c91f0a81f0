//! The tamper-evident local record of DPIAs, kept in a sled database.
//!
//! An assessment ([`Assessment`]) has a history of immutable, content-addressed versions
//! ([`Version`]): each version's id is the SHA-256 of its canonical serialisation including
//! its parent's id, like a git commit, so changing any stored byte of a version, or of an
//! earlier one, shows. An append-only event log ([`Event`]) is hash-chained the same way
//! across the whole record. Nothing is overwritten or deleted: a correction is a new version,
//! a status change is an event. [`Record::audit`] recomputes every hash and link.
//!
//! - `model`: the stored and returned types.
//! - `canonical`: the canonical JSON form and the hash inputs (documented there).
//! - `store`: the sled layout (documented there), opening, and transaction + flush commits.
//! - `txn`: the domain operations inside one transaction (versions, heads, the event log).
//! - `ops`: the write operations (create, add a version, sign, change status, note exports).
//! - `query`: prefix resolution, listing, history, review dates.
//! - `verify`: the pure chain check shared by the audit and the import.
//! - `audit`: reading everything sled holds for that check, bad bytes becoming breaks.
//! - `exchange`: the whole record as one canonical JSON document, and rebuilding from it.
//!
//! Invariants: every logical change is one multi-tree transaction followed by `flush()`, and
//! reports success only after the flush; time, authors and ids are arguments (the record never
//! reads the clock or the environment); it never prints and never panics on input or on
//! damaged stored bytes (sled's open-time panics are caught and become errors).

mod audit;
mod canonical;
mod dates;
mod error;
mod exchange;
mod model;
mod ops;
mod query;
mod store;
mod txn;
mod verify;

#[cfg(test)]
mod tests;

pub use error::RecordError;
pub use model::{
    Assessment, AssessmentId, AssessmentSummary, AssessmentView, AuditReport, Break, Event,
    EventKind, NewAssessment, Signature, Status, Timestamp, Version, VersionContent, VersionId,
};
pub use ops::{signature_role, SIGNATURE_ROLE_PREFIX};
pub use store::SCHEMA_VERSION;

use std::path::Path;
use store::Store;

/// An open record. Holds sled's exclusive lock on the directory until dropped, so one
/// dpia process at a time works on a record.
pub struct Record {
    store: Store,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("path", &self.store.path)
            .finish_non_exhaustive()
    }
}

impl Record {
    /// Opens the record in `dir`, creating the directory (mode 0700) and an empty record if
    /// missing.
    ///
    /// Errors: [`RecordError::Locked`] when another process (or another `Record` in this one)
    /// has it open, [`RecordError::NewerSchema`] when a newer dpia wrote it,
    /// [`RecordError::Damaged`] when sled reports (or panics on) corruption.
    pub fn open(dir: &Path) -> Result<Record, RecordError> {
        Ok(Record {
            store: Store::open(dir)?,
        })
    }

    /// The record's directory.
    pub fn path(&self) -> &Path {
        &self.store.path
    }

    /// Every event, in order.
    pub fn events(&self) -> Result<Vec<Event>, RecordError> {
        let mut out = Vec::new();
        for item in self.store.events.iter() {
            let (key, bytes) = item.map_err(|e| self.store.storage(e))?;
            let event: Event = serde_json::from_slice(&bytes).map_err(|e| {
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
        audit::audit(&self.store)
    }
}
