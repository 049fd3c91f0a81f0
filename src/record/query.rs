//! Reading the record: resolving git-like id prefixes (of current version ids, or of ids a
//! rewrite replaced), listing assessments, an assessment's history, single versions with
//! their scan. Which signed assessments are due for review is `super::review`'s.

use super::dates::date_of;
use super::error::RecordError;
use super::model::{
    Assessment, AssessmentId, AssessmentSummary, AssessmentView, ScanId, SignedRef, Version,
    VersionId,
};
use super::rewrite::Rewrite;
use super::stored::StoredVersion;
use super::Record;
use std::collections::HashMap;

/// How many candidates an ambiguity error lists.
const MAX_CANDIDATES: usize = 8;

impl Record {
    /// Checks and normalises a prefix: hex digits only (upper case is accepted and lowered).
    fn prefix(&self, prefix: &str) -> Result<String, RecordError> {
        normalised_prefix(&self.store.path, prefix)
    }

    /// The assessment whose id starts with `prefix`, like git's short ids.
    pub fn resolve(&self, prefix: &str) -> Result<AssessmentId, RecordError> {
        let p = self.prefix(prefix)?;
        let mut found = Vec::new();
        for key in self.store.assessments.scan_prefix(p.as_bytes()).keys() {
            let key = key.map_err(|e| self.store.storage(e))?;
            found.push(String::from_utf8_lossy(&key).into_owned());
            if found.len() > MAX_CANDIDATES {
                break;
            }
        }
        match found.len() {
            0 => Err(RecordError::UnknownAssessment {
                path: self.store.path.clone(),
                prefix: p,
            }),
            1 => Ok(AssessmentId::new(found.remove(0))),
            _ => Err(RecordError::AmbiguousAssessment {
                path: self.store.path.clone(),
                prefix: p,
                candidates: found,
            }),
        }
    }

    /// The version of assessment `id` whose id starts with `prefix`.
    pub fn resolve_version(
        &self,
        id: &AssessmentId,
        prefix: &str,
    ) -> Result<VersionId, RecordError> {
        let p = self.prefix(prefix)?;
        let a = self.store.assessment(id)?;
        let mut found: Vec<VersionId> = self
            .store
            .history(&a)?
            .into_iter()
            .map(|v| v.id)
            .filter(|v| v.as_str().starts_with(&p))
            .collect();
        if found.is_empty() {
            // An id from before a migration or redaction (e.g. named in a signed PDF).
            for (old, _) in self.replaced_versions(id)? {
                if old.as_str().starts_with(&p) {
                    if let Some(now) = self.current_version_id(&old)? {
                        if !found.contains(&now) {
                            found.push(now);
                        }
                    }
                }
            }
        }
        match found.len() {
            0 => Err(RecordError::UnknownVersion {
                path: self.store.path.clone(),
                prefix: p,
            }),
            1 => Ok(found.remove(0)),
            _ => Err(RecordError::AmbiguousVersion {
                path: self.store.path.clone(),
                prefix: p,
                candidates: found
                    .iter()
                    .take(MAX_CANDIDATES)
                    .map(|v| v.to_string())
                    .collect(),
            }),
        }
    }

    /// Every assessment, ordered by id.
    pub fn list(&self) -> Result<Vec<AssessmentSummary>, RecordError> {
        let mut out = Vec::new();
        for item in self.store.assessments.iter() {
            let (key, bytes) = item.map_err(|e| self.store.storage(e))?;
            let a: Assessment = super::codec::parse(&bytes).map_err(|e| {
                self.store.damaged(format!(
                    "stored assessment {} is unreadable ({e})",
                    String::from_utf8_lossy(&key)
                ))
            })?;
            let history = self.store.history(&a)?;
            let Some(head) = history.last() else {
                return Err(self
                    .store
                    .damaged(format!("assessment {} has no versions", a.id)));
            };
            let mut s = summary(a.clone(), head);
            s.changed_after_signing = changed_after_signing(&history);
            out.push(s);
        }
        Ok(out)
    }

    /// One assessment with its whole history, oldest version first, each with its scan.
    pub fn assessment(&self, id: &AssessmentId) -> Result<AssessmentView, RecordError> {
        let a = self.store.assessment(id)?;
        let stored = self.store.history(&a)?;
        let Some(head) = stored.last() else {
            return Err(self
                .store
                .damaged(format!("assessment {id} has no versions")));
        };
        let mut summary = summary(a.clone(), head);
        summary.changed_after_signing = changed_after_signing(&stored);
        let mut scans: HashMap<ScanId, serde_json::Value> = HashMap::new();
        let mut versions = Vec::with_capacity(stored.len());
        for v in stored {
            let scan_id = v.content.scan_sha256.clone();
            let scan = match scans.get(&scan_id) {
                Some(scan) => scan.clone(),
                None => {
                    let scan = self.store.scan(&scan_id)?;
                    scans.insert(scan_id, scan.clone());
                    scan
                }
            };
            versions.push(v.with_scan(scan));
        }
        Ok(AssessmentView {
            summary,
            nonce: a.nonce,
            versions,
        })
    }

    /// One assessment's summary line (status, head, review date), without its history.
    pub fn summary(&self, id: &AssessmentId) -> Result<AssessmentSummary, RecordError> {
        let a = self.store.assessment(id)?;
        let head = self.store.version(&a.head)?;
        Ok(summary(a, &head))
    }

    /// An assessment's current version, with its scan.
    pub fn head(&self, id: &AssessmentId) -> Result<Version, RecordError> {
        let a = self.store.assessment(id)?;
        self.version(&a.head)
    }

    /// One version by its full id, with its scan.
    pub fn version(&self, id: &VersionId) -> Result<Version, RecordError> {
        let v = self.store.version(id)?;
        let scan = self.store.scan(&v.content.scan_sha256)?;
        Ok(v.with_scan(scan))
    }

    /// A stored scan (`crate::scan::ScanReport` as JSON, examples masked).
    pub fn scan(&self, id: &ScanId) -> Result<serde_json::Value, RecordError> {
        self.store.scan(id)
    }

    /// The version stored now that `id` is, or became through migrations and redactions;
    /// `None` when the record never held it.
    pub fn current_version_id(&self, id: &VersionId) -> Result<Option<VersionId>, RecordError> {
        let mut current = id.clone();
        let rewrites: Vec<Rewrite> = self
            .events()?
            .iter()
            .filter_map(Rewrite::from_event)
            .collect();
        for rw in &rewrites {
            if let Some(new) = rw.new_id_of(current.as_str()) {
                current = new.clone();
            }
        }
        let stored = self
            .store
            .versions
            .contains_key(current.as_str().as_bytes());
        Ok(stored
            .map_err(|e| self.store.storage(e))?
            .then_some(current))
    }

    /// Every `[old id, new id]` pair the rewrites of assessment `id` logged, oldest first.
    pub fn replaced_versions(
        &self,
        id: &AssessmentId,
    ) -> Result<Vec<(VersionId, VersionId)>, RecordError> {
        Ok(self
            .events()?
            .iter()
            .filter(|e| e.assessment == *id)
            .filter_map(Rewrite::from_event)
            .flat_map(|rw| rw.versions)
            .collect())
    }
}

/// A prefix checked and normalised: hex digits only (upper case is accepted and lowered).
pub(super) fn normalised_prefix(
    path: &std::path::Path,
    prefix: &str,
) -> Result<String, RecordError> {
    let p = prefix.trim().to_ascii_lowercase();
    if p.is_empty() || p.len() > 64 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(RecordError::InvalidPrefix {
            path: path.to_path_buf(),
            prefix: prefix.to_string(),
        });
    }
    Ok(p)
}

/// The assessment among `ids` whose id starts with `prefix` (normalised), like git.
pub(super) fn resolve_among<'i>(
    path: &std::path::Path,
    prefix: &str,
    ids: impl Iterator<Item = &'i AssessmentId>,
) -> Result<AssessmentId, RecordError> {
    let mut found: Vec<String> = ids
        .filter(|id| id.as_str().starts_with(prefix))
        .take(MAX_CANDIDATES + 1)
        .map(|id| id.to_string())
        .collect();
    match found.len() {
        0 => Err(RecordError::UnknownAssessment {
            path: path.to_path_buf(),
            prefix: prefix.to_string(),
        }),
        1 => Ok(AssessmentId::new(found.remove(0))),
        _ => Err(RecordError::AmbiguousAssessment {
            path: path.to_path_buf(),
            prefix: prefix.to_string(),
            candidates: found,
        }),
    }
}

/// The review date of a head version: its own, or one year after its signature.
fn review_date(head: &StoredVersion) -> Option<String> {
    if let Some(d) = &head.content.review_due {
        return Some(d.clone());
    }
    let signed = head.signature.as_ref()?;
    date_of(&signed.signed_at).map(|d| d.plus_one_year().to_string())
}

/// The last signed version, when the head (the last of `history`) is unsigned and holds other
/// content than it.
fn changed_after_signing(history: &[StoredVersion]) -> Option<SignedRef> {
    let head = history.last()?;
    if head.signature.is_some() {
        return None;
    }
    let signed = history.iter().rev().find(|v| v.signature.is_some())?;
    (signed.content != head.content).then(|| SignedRef {
        version: signed.id.clone(),
        number: signed.number,
        signed_at: signed
            .signature
            .as_ref()
            .map(|s| s.signed_at.clone())
            .unwrap_or_default(),
    })
}

pub(super) fn summary(a: Assessment, head: &StoredVersion) -> AssessmentSummary {
    AssessmentSummary {
        changed_after_signing: None,
        review_due: review_date(head),
        author: head.author.clone(),
        id: a.id,
        title: a.title,
        tool_path: a.tool_path,
        tool_fingerprint: a.tool_fingerprint,
        status: a.status,
        head: a.head,
        versions: a.versions,
        created_at: a.created_at,
        created_by: a.created_by,
        updated_at: a.updated_at,
        predecessor: a.predecessor,
        successor: a.successor,
    }
}
