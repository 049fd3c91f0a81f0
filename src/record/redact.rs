//! Redaction: meeting an erasure request (GDPR Art. 17) in a record that is otherwise never
//! rewritten. A value (every occurrence in every string of the answers, the evaluation and
//! the scans) or a whole answer is removed from every version of one assessment or of all;
//! the versions that held it are re-chained and each rewritten assessment gets a `redacted`
//! event mapping old version ids to new ones (`super::rewrite`), which names what was removed
//! but never the value. The record is then written into a fresh database that replaces the
//! old one, whose files are deleted, so the value leaves the disk (backups, exported JSON and
//! PDFs are copies the DPO must handle separately). Signed versions keep their signature
//! facts: the signed PDF still holds the value.

use super::error::RecordError;
use super::folder;
use super::model::{AssessmentId, Timestamp, VersionId};
use super::open::Actor;
use super::rewrite::{self, RewriteKind};
use super::store::Store;
use super::stored::{ScanBlob, StoredVersion};
use super::verify::{check, Snapshot};
use super::Record;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What replaces a redacted value.
pub const REDACTED: &str = "[redacted]";
/// The shortest value accepted, so a slip cannot wreck every text in the record.
const MIN_VALUE_CHARS: usize = 4;

/// What to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redaction {
    /// Every occurrence of this text, in answers, evaluation and scans, becomes `[redacted]`.
    Value(String),
    /// The answer to this question id is removed from every version.
    Answer(String),
}

/// What a redaction did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RedactionReport {
    /// Each rewritten assessment with the number of its versions that held the value.
    pub assessments: Vec<(AssessmentId, usize)>,
    /// Occurrences removed (for [`Redaction::Answer`]: the answer and its imported notes).
    pub occurrences: usize,
    /// Whether the old database's files were deleted (if not, the next writable open does).
    pub old_database_removed: bool,
}

impl Redaction {
    fn describe(&self, occurrences: usize) -> String {
        match self {
            Redaction::Value(_) => format!("a value ({occurrences} occurrence(s))"),
            Redaction::Answer(id) => format!("the answer to {id}"),
        }
    }

    /// Applies the redaction to one version's content; returns the occurrences removed.
    fn apply(&self, v: &mut StoredVersion, scan: &mut Value) -> usize {
        match self {
            Redaction::Value(text) => {
                replace(&mut v.content.answers, text)
                    + replace(&mut v.content.evaluation, text)
                    + replace(scan, text)
            }
            Redaction::Answer(id) => {
                let answers = &mut v.content.answers;
                let removed = answers
                    .get_mut("values")
                    .and_then(Value::as_object_mut)
                    .and_then(|values| values.remove(id))
                    .map_or(0, |_| 1);
                // The notes imported for that question go with it.
                let notes = answers.get_mut("notes").and_then(Value::as_object_mut);
                let noted = notes.and_then(|n| n.remove(id)).map_or(0, |_| 1);
                if answers
                    .get("notes")
                    .and_then(Value::as_object)
                    .is_some_and(serde_json::Map::is_empty)
                {
                    if let Some(a) = answers.as_object_mut() {
                        a.remove("notes");
                    }
                }
                removed + noted
            }
        }
    }
}

/// Replaces every occurrence of `needle` in the strings of `value`; returns how many.
fn replace(value: &mut Value, needle: &str) -> usize {
    match value {
        Value::String(s) => {
            let n = s.matches(needle).count();
            if n > 0 {
                *s = s.replace(needle, REDACTED);
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(|v| replace(v, needle)).sum(),
        Value::Object(map) => map.values_mut().map(|v| replace(v, needle)).sum(),
        _ => 0,
    }
}

impl Record {
    /// Removes `what` from every version of assessment `only` (or of every assessment),
    /// logging a `redacted` event with `reason` per rewritten assessment, and replaces the
    /// database. A record with audit breaks is refused ([`RecordError::RewriteRefused`]).
    pub fn redact(
        &mut self,
        only: Option<&AssessmentId>,
        what: &Redaction,
        reason: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<RedactionReport, RecordError> {
        self.check_common(author, now)?;
        match what {
            Redaction::Value(v) if v.trim().chars().count() < MIN_VALUE_CHARS => {
                return Err(self.invalid(
                    "value to redact",
                    format!("give at least {MIN_VALUE_CHARS} characters"),
                ))
            }
            Redaction::Answer(id) if id.trim().is_empty() => {
                return Err(self.invalid("question id", "the question id is empty".into()))
            }
            _ => {}
        }
        if reason.trim().is_empty() {
            return Err(self.invalid("reason", "say why (e.g. the erasure request)".into()));
        }
        let mut snapshot = self.store.snapshot()?;
        let breaks = check(&snapshot);
        if let Some(first) = breaks.first() {
            return Err(RecordError::RewriteRefused {
                path: self.store.path.clone(),
                rewrite: "redacted".into(),
                first: Box::new(first.clone()),
                count: breaks.len(),
                breaks,
            });
        }
        let serialise = |source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        };
        let mut scans: BTreeMap<String, Value> = snapshot.scans.drain(..).collect();
        let by_id: HashMap<VersionId, StoredVersion> = snapshot
            .versions
            .drain(..)
            .map(|v| (v.id.clone(), v))
            .collect();
        let mut report = RedactionReport::default();
        let mut rewritten = Vec::new();
        for a in &snapshot.assessments {
            let chain = history(&by_id, &a.head);
            let in_scope = only.is_none_or(|id| *id == a.id);
            let mut changed = 0;
            let mut versions = Vec::with_capacity(chain.len());
            for v in chain {
                let mut v = v.clone();
                let mut scan = scans.get(v.content.scan_sha256.as_str()).cloned();
                let n = match (&mut scan, in_scope) {
                    (Some(scan), true) => what.apply(&mut v, scan),
                    _ => 0,
                };
                if n > 0 {
                    if let Some(scan) = scan {
                        let blob = ScanBlob::new(scan.clone()).map_err(serialise)?;
                        v.content.scan_sha256 = blob.id.clone();
                        scans.insert(blob.id.to_string(), scan);
                    }
                    changed += 1;
                    report.occurrences += n;
                }
                versions.push(v);
            }
            if changed > 0 {
                let (new, pairs) = rewrite::rechain(versions).map_err(serialise)?;
                snapshot.versions.extend(new);
                rewritten.push((a.clone(), pairs));
                report.assessments.push((a.id.clone(), changed));
            } else {
                snapshot.versions.extend(versions);
            }
        }
        if rewritten.is_empty() {
            return Ok(report);
        }
        let used: HashSet<&str> = snapshot
            .versions
            .iter()
            .map(|v| v.content.scan_sha256.as_str())
            .collect();
        snapshot.scans = scans
            .iter()
            .filter(|(id, _)| used.contains(id.as_str()))
            .map(|(id, scan)| (id.clone(), scan.clone()))
            .collect();
        let why = format!(
            "erasure: {}; removed {}",
            reason.trim(),
            what.describe(report.occurrences)
        );
        let actor = Actor {
            author: author.to_string(),
            now: now.clone(),
        };
        rewrite::log(
            &mut snapshot,
            rewritten,
            RewriteKind::Redaction,
            &why,
            &actor,
        )
        .map_err(serialise)?;
        rewrite::check_result(&self.store.path, &snapshot)?;
        report.old_database_removed = self.replace_database(&snapshot)?;
        Ok(report)
    }

    /// Writes `snapshot` into a fresh database, makes it the one in use and deletes the old
    /// one; returns whether the old files could be deleted at once.
    fn replace_database(&mut self, snapshot: &Snapshot) -> Result<bool, RecordError> {
        let dir = self.store.path.clone();
        let old_dir = self.store.db_dir.clone();
        let current = old_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let name = folder::next_store(current.as_deref());
        let mut fresh: Store = rewrite::fresh_store(&dir, &dir.join(&name))?;
        rewrite::write_all(&fresh, snapshot)?;
        folder::set_current(&dir, &name)?;
        fresh.copy_head(&dir)?;
        fresh.head_file_in = Some(dir.clone());
        drop(std::mem::replace(&mut self.store, fresh));
        // sled's threads may hold the old files a moment longer.
        for _ in 0..50 {
            if folder::remove(&old_dir).is_ok() && !old_dir.exists() {
                return Ok(true);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Ok(false)
    }
}

/// The versions from the first to `head`, following parent links.
fn history<'v>(
    by_id: &'v HashMap<VersionId, StoredVersion>,
    head: &VersionId,
) -> Vec<&'v StoredVersion> {
    let mut chain = Vec::new();
    let mut next = Some(head);
    while let Some(v) = next.and_then(|id| by_id.get(id)) {
        chain.push(v);
        next = v.parent.as_ref();
    }
    chain.reverse();
    chain
}
