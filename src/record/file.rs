//! Reading a record from a `dpia record export` file without a database: what `dpia check
//! --record-file` reads in CI, where the export is committed beside the tool. The file is
//! checked exactly as an import checks it (every version id, scan id, parent link and the
//! event chain, by `super::verify`) before anything in it is believed; it is held in memory
//! and never written. [`ReadRecord`] is what a sled record and an export file both answer,
//! so the code that only reads (the drift check) takes either.

use super::error::RecordError;
use super::exchange;
use super::model::{AssessmentId, AssessmentSummary, AssessmentView, Event};
use super::open::Actor;
use super::query::{normalised_prefix, resolve_among, summary};
use super::stored::StoredVersion;
use super::verify::Snapshot;
use super::Record;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What reading a record needs, from a database or from an export file.
pub trait ReadRecord {
    /// The folder or file the record is read from (what messages name).
    fn location(&self) -> &Path;
    /// Every assessment, ordered by id.
    fn list(&self) -> Result<Vec<AssessmentSummary>, RecordError>;
    /// The assessment whose id starts with `prefix`.
    fn resolve(&self, prefix: &str) -> Result<AssessmentId, RecordError>;
    /// One assessment with its whole history, each version with its scan.
    fn assessment(&self, id: &AssessmentId) -> Result<AssessmentView, RecordError>;
    /// Every event, in order.
    fn events(&self) -> Result<Vec<Event>, RecordError>;
}

impl ReadRecord for Record {
    fn location(&self) -> &Path {
        self.path()
    }
    fn list(&self) -> Result<Vec<AssessmentSummary>, RecordError> {
        Record::list(self)
    }
    fn resolve(&self, prefix: &str) -> Result<AssessmentId, RecordError> {
        Record::resolve(self, prefix)
    }
    fn assessment(&self, id: &AssessmentId) -> Result<AssessmentView, RecordError> {
        Record::assessment(self, id)
    }
    fn events(&self) -> Result<Vec<Event>, RecordError> {
        Record::events(self)
    }
}

/// A record read from an export file, verified, in memory.
#[derive(Debug)]
pub struct RecordFile {
    path: PathBuf,
    snapshot: Snapshot,
}

impl RecordFile {
    /// Reads the export `json` (from the file `path`) and verifies it; an export of the
    /// previous release is migrated in memory (`actor` names that migration). A file that
    /// does not verify is [`RecordError::RecordFileRejected`].
    pub fn read(path: &Path, json: &str, actor: &Actor) -> Result<RecordFile, RecordError> {
        let input = path.display().to_string();
        let snapshot = exchange::verified(path, &input, json, actor, |first, count| {
            RecordError::RecordFileRejected {
                path: path.to_path_buf(),
                first: Box::new(first),
                count,
            }
        })?;
        Ok(RecordFile {
            path: path.to_path_buf(),
            snapshot,
        })
    }

    fn versions(&self) -> HashMap<&str, &StoredVersion> {
        self.snapshot
            .versions
            .iter()
            .map(|v| (v.id.as_str(), v))
            .collect()
    }

    fn damaged(&self, what: String) -> RecordError {
        RecordError::Damaged {
            path: self.path.clone(),
            what,
        }
    }

    fn scan(&self, id: &str) -> Result<serde_json::Value, RecordError> {
        self.snapshot
            .scans
            .iter()
            .find(|(key, _)| key == id)
            .map(|(_, scan)| scan.clone())
            .ok_or_else(|| self.damaged(format!("scan {id} is missing")))
    }
}

impl ReadRecord for RecordFile {
    fn location(&self) -> &Path {
        &self.path
    }

    fn list(&self) -> Result<Vec<AssessmentSummary>, RecordError> {
        let versions = self.versions();
        let mut out = Vec::with_capacity(self.snapshot.assessments.len());
        for a in &self.snapshot.assessments {
            let head = versions
                .get(a.head.as_str())
                .ok_or_else(|| self.damaged(format!("version {} is missing", a.head)))?;
            out.push(summary(a.clone(), head));
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    fn resolve(&self, prefix: &str) -> Result<AssessmentId, RecordError> {
        let p = normalised_prefix(&self.path, prefix)?;
        resolve_among(
            &self.path,
            &p,
            self.snapshot.assessments.iter().map(|a| &a.id),
        )
    }

    fn assessment(&self, id: &AssessmentId) -> Result<AssessmentView, RecordError> {
        let a = self
            .snapshot
            .assessments
            .iter()
            .find(|a| a.id == *id)
            .ok_or_else(|| RecordError::UnknownAssessment {
                path: self.path.clone(),
                prefix: id.to_string(),
            })?;
        let versions = self.versions();
        let mut history: Vec<&StoredVersion> = Vec::new();
        let mut next = Some(a.head.as_str());
        while let Some(vid) = next {
            if history.len() as u64 >= a.versions {
                return Err(self.damaged(format!(
                    "assessment {} has more versions than its count {}",
                    a.id, a.versions
                )));
            }
            let v = versions
                .get(vid)
                .ok_or_else(|| self.damaged(format!("version {vid} is missing")))?;
            history.push(v);
            next = v.parent.as_ref().map(|p| p.as_str());
        }
        history.reverse();
        let Some(head) = history.last() else {
            return Err(self.damaged(format!("assessment {id} has no versions")));
        };
        let summary = summary(a.clone(), head);
        let mut out = Vec::with_capacity(history.len());
        for v in history {
            let scan = self.scan(v.content.scan_sha256.as_str())?;
            out.push(v.clone().with_scan(scan));
        }
        Ok(AssessmentView {
            summary,
            nonce: a.nonce.clone(),
            versions: out,
        })
    }

    fn events(&self) -> Result<Vec<Event>, RecordError> {
        Ok(self.snapshot.events.clone())
    }
}
