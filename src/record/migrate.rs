//! Schema 1 → 2: every version is rewritten with its scan's examples masked and the scan
//! stored once by its SHA-256, re-chained, and each assessment gets a `migrated` event mapping
//! its old version ids to the new ones (`super::rewrite`). Signatures are kept as they were:
//! a signed version still names the signed PDF's SHA-256 and certificate, and a PDF signed
//! before the migration (whose keywords name the old version id) is related to the new
//! version through the mapping. A schema 1 record with any break is not migrated: rewriting
//! it would launder the break into a clean new chain.

use super::error::RecordError;
use super::legacy::{self, LegacySnapshot, LegacyVersion};
use super::model::Break;
use super::open::Actor;
use super::rewrite::{self, RewriteKind};
use super::store::{Store, LEGACY_SCHEMA, SCHEMA_VERSION};
use super::stored::ScanBlob;
use super::verify::Snapshot;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What a migration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Migrated {
    pub assessments: usize,
    pub versions: usize,
    /// Example values masked (over the distinct scans).
    pub masked: usize,
    /// Distinct scans stored.
    pub scans: usize,
}

/// Why the migration events say it happened.
pub(crate) const REASON: &str =
    "schema 1 to 2: example values masked, each distinct scan stored once by its SHA-256";

/// Reads the schema 1 database `legacy`, checks it, and writes the migrated record into the
/// empty, initialised database `target`.
pub(crate) fn migrate(
    legacy: &Store,
    target: &Store,
    actor: &Actor,
) -> Result<Migrated, RecordError> {
    let old = legacy::read(legacy)?;
    let (snapshot, done) = checked(&legacy.path, old, actor)?;
    rewrite::write_all(target, &snapshot)?;
    Ok(done)
}

/// Checks a schema 1 snapshot and converts it, checking the result too.
pub(crate) fn checked(
    path: &Path,
    old: LegacySnapshot,
    actor: &Actor,
) -> Result<(Snapshot, Migrated), RecordError> {
    let breaks = legacy::check(&old);
    if !breaks.is_empty() {
        return Err(refused(path, breaks));
    }
    let (snapshot, done) = convert(old, actor).map_err(|source| RecordError::Serialise {
        path: path.to_path_buf(),
        source,
    })?;
    rewrite::check_result(path, &snapshot)?;
    Ok((snapshot, done))
}

fn refused(path: &Path, breaks: Vec<Break>) -> RecordError {
    RecordError::RewriteRefused {
        path: path.to_path_buf(),
        rewrite: format!("migrated from schema {LEGACY_SCHEMA} to {SCHEMA_VERSION}"),
        first: Box::new(breaks[0].clone()),
        count: breaks.len(),
        breaks,
    }
}

/// The schema 2 snapshot of a checked schema 1 snapshot, with the migration events.
fn convert(old: LegacySnapshot, actor: &Actor) -> Result<(Snapshot, Migrated), serde_json::Error> {
    let by_id: HashMap<&str, &LegacyVersion> =
        old.versions.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut scans: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    let mut done = Migrated {
        assessments: old.assessments.len(),
        versions: old.versions.len(),
        ..Migrated::default()
    };
    let mut versions = Vec::with_capacity(old.versions.len());
    let mut rewritten = Vec::with_capacity(old.assessments.len());
    for a in &old.assessments {
        let mut chain = Vec::new();
        let mut next = Some(a.head.as_str());
        while let Some(v) = next.and_then(|id| by_id.get(id)) {
            chain.push(*v);
            next = v.parent.as_ref().map(|p| p.as_str());
        }
        chain.reverse();
        let mut stored = Vec::with_capacity(chain.len());
        for v in chain {
            let mut scan = v.content.scan.clone();
            let masked = crate::scan::mask::mask_scan_json(&mut scan);
            let blob = ScanBlob::new(scan.clone())?;
            if !scans.contains_key(blob.id.as_str()) {
                done.masked += masked;
                scans.insert(blob.id.to_string(), scan);
            }
            stored.push(v.stored(blob.id));
        }
        let (new, pairs) = rewrite::rechain(stored)?;
        versions.extend(new);
        rewritten.push((a.clone(), pairs));
    }
    done.scans = scans.len();
    let mut snapshot = Snapshot {
        assessments: old.assessments,
        versions,
        scans: scans.into_iter().collect(),
        events: old.events,
    };
    rewrite::log(
        &mut snapshot,
        rewritten,
        RewriteKind::Migration,
        REASON,
        actor,
    )?;
    Ok((snapshot, done))
}
