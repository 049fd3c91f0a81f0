//! Rewriting versions: the shared machinery of a schema migration and a redaction. The
//! versions of an assessment, with their content changed, are re-chained (new parent links,
//! new ids, numbers, authors, times and signatures kept); one event per rewritten assessment
//! is appended to the log (which itself is never rewritten) with a [`Rewrite`] detail that
//! maps every old version id to its new one, names the assessment's old and new heads and
//! the log's head before the rewrite. The result is checked like an import, then written into
//! a fresh database that replaces the old one whole, so the old bytes leave the disk with it.

use super::canonical::{to_canonical, version_hash};
use super::error::RecordError;
use super::folder;
use super::model::{Assessment, Event, EventKind, VersionId};
use super::open::Actor;
use super::store::Store;
use super::stored::{ScanBlob, StoredVersion};
use super::verify::{check, Snapshot};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Why versions were rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RewriteKind {
    Migration,
    Redaction,
}

/// A log position: an event's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    pub seq: u64,
    pub hash: String,
}

/// The detail of a `migrated` or `redacted` event (canonical JSON in [`Event::detail`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rewrite {
    pub kind: RewriteKind,
    /// What changed and why (for a migration: from which schema; for a redaction: the
    /// reason given and what was removed, never the removed value).
    pub reason: String,
    /// The last event of the log before the rewrite.
    pub log_head: LogHead,
    /// The assessment's head version before and after.
    pub old_head: VersionId,
    pub new_head: VersionId,
    /// Every version of the assessment, oldest first, as `[old id, new id]`.
    pub versions: Vec<(VersionId, VersionId)>,
}

impl Rewrite {
    /// The rewrite a `migrated` or `redacted` event records.
    pub fn from_event(e: &Event) -> Option<Rewrite> {
        if !e.kind.rewrites() {
            return None;
        }
        serde_json::from_str(e.detail.as_deref()?).ok()
    }

    /// The new id of `old`, if this rewrite replaced it.
    pub fn new_id_of(&self, old: &str) -> Option<&VersionId> {
        self.versions
            .iter()
            .find(|(o, _)| o.as_str() == old)
            .map(|(_, n)| n)
    }
}

/// `[old id, new id]` of every version of one assessment, oldest first.
pub(crate) type IdPairs = Vec<(VersionId, VersionId)>;

/// Re-chains versions (oldest first, content already changed, old ids and parents) into a
/// new chain; returns the new versions and the `[old, new]` pairs.
pub(crate) fn rechain(
    versions: Vec<StoredVersion>,
) -> Result<(Vec<StoredVersion>, IdPairs), serde_json::Error> {
    let mut out = Vec::with_capacity(versions.len());
    let mut pairs = Vec::with_capacity(versions.len());
    let mut parent: Option<VersionId> = None;
    for mut v in versions {
        let old = v.id.clone();
        v.parent = parent.clone();
        v.id = VersionId::new(version_hash(&v)?);
        pairs.push((old, v.id.clone()));
        parent = Some(v.id.clone());
        out.push(v);
    }
    Ok((out, pairs))
}

/// Appends one rewrite event per `(assessment, pairs)` to `snapshot.events`, chained after
/// the last event, and moves each assessment's head to its new chain.
pub(crate) fn log(
    snapshot: &mut Snapshot,
    rewritten: Vec<(Assessment, IdPairs)>,
    kind: RewriteKind,
    reason: &str,
    actor: &Actor,
) -> Result<(), serde_json::Error> {
    let Some(last) = snapshot.events.last() else {
        return Ok(());
    };
    let log_head = LogHead {
        seq: last.seq,
        hash: last.hash.clone(),
    };
    for (a, pairs) in rewritten {
        let Some((old_head, new_head)) = pairs.last() else {
            continue;
        };
        let rewrite = Rewrite {
            kind,
            reason: reason.to_string(),
            log_head: log_head.clone(),
            old_head: old_head.clone(),
            new_head: new_head.clone(),
            versions: pairs.clone(),
        };
        let prev = snapshot.events.last().map(|e| (e.seq, e.hash.clone()));
        let mut event = Event {
            seq: prev.as_ref().map_or(1, |p| p.0 + 1),
            hash: String::new(),
            prev: prev.map(|p| p.1),
            kind: match kind {
                RewriteKind::Migration => EventKind::Migrated,
                RewriteKind::Redaction => EventKind::Redacted,
            },
            assessment: a.id.clone(),
            version: Some(new_head.clone()),
            status: a.status,
            author: actor.author.clone(),
            at: actor.now.clone(),
            detail: Some(to_canonical(&rewrite)?),
        };
        event.hash = super::canonical::event_hash(&event)?;
        snapshot.events.push(event);
        if let Some(stored) = snapshot.assessments.iter_mut().find(|s| s.id == a.id) {
            stored.head = new_head.clone();
        }
    }
    Ok(())
}

/// Checks a rewritten snapshot like an import; a break here is dpia's bug, never written.
pub(crate) fn check_result(path: &Path, snapshot: &Snapshot) -> Result<(), RecordError> {
    match check(snapshot).into_iter().next() {
        None => Ok(()),
        Some(first) => Err(RecordError::Damaged {
            path: path.to_path_buf(),
            what: format!("rewriting it would leave a break ({first}); nothing was changed"),
        }),
    }
}

/// Writes a whole snapshot into an empty database in one transaction.
pub(crate) fn write_all(target: &Store, snapshot: &Snapshot) -> Result<(), RecordError> {
    let serialise = |source| RecordError::Serialise {
        path: target.path.clone(),
        source,
    };
    let scans = snapshot
        .scans
        .iter()
        .map(|(_, scan)| ScanBlob::new(scan.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(serialise)?;
    target.commit(|tx| {
        for a in &snapshot.assessments {
            tx.put_assessment(a)?;
        }
        for v in &snapshot.versions {
            tx.put_version(v)?;
        }
        for scan in &scans {
            tx.put_scan(scan)?;
        }
        for e in &snapshot.events {
            tx.put_event(e)?;
        }
        Ok(())
    })
}

/// A fresh, initialised database folder `name` in the record at `dir` (a leftover of that
/// name is removed first).
pub(crate) fn fresh_store(dir: &Path, db_dir: &Path) -> Result<Store, RecordError> {
    folder::remove(db_dir).map_err(|source| RecordError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    folder::create_dir(db_dir)?;
    let store = Store::open(dir, db_dir)?;
    store.initialise()?;
    Ok(store)
}
