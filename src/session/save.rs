//! Saving a session as record versions without losing anyone's work. Every save names the
//! version the session was based on; when the record refuses it because another writer (the
//! CLI beside the TUI, a second TUI) recorded a version meanwhile, the session reads that
//! version and re-applies its own pending changes on top: an answer this session changed is
//! kept unless the other writer changed the same question to something else, which is a
//! conflict (the recorded answer stays, and both are reported); the same for a rescan.
//! Then it saves again, based on the version it read.

use super::{read_recorded, Session, SessionError};
use crate::assessment::fingerprint;
use crate::questionnaire::{prefill, AnswerValue, Answers};
use crate::record::{
    AssessmentId, NewAssessment, Record, RecordError, Status, Timestamp, Version, VersionId,
};
use crate::scan::ScanReport;
use std::collections::BTreeSet;

/// How often a save is re-applied on a newer version before it gives up (another writer
/// would have to record a version between every read and write).
const MAX_REBASES: usize = 8;

/// The recorded version a session is based on, as recorded.
#[derive(Debug, Clone)]
pub(super) struct Base {
    version: VersionId,
    answers: Answers,
    scan: ScanReport,
}

impl Base {
    pub(super) fn of(version: &Version) -> Result<Base, SessionError> {
        Ok(Base {
            version: version.id.clone(),
            answers: read_recorded("answers", &version.content.answers, version)?,
            scan: read_recorded("scan", &version.content.scan, version)?,
        })
    }
}

/// What [`Session::save`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub version: VersionId,
    /// Set when the assessment had moved on and this session's changes were re-applied on
    /// top of what another writer recorded.
    pub rebase: Option<Rebase>,
}

/// This session's changes re-applied on a version another writer recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rebase {
    /// The other writer's version (the last one, if it happened more than once) and author.
    pub onto: Option<VersionId>,
    pub onto_author: String,
    /// Questions whose answers from this session were applied on top of it.
    pub reapplied: Vec<String>,
    /// Questions both changed differently: the recorded answer was kept.
    pub conflicts: Vec<AnswerConflict>,
    /// Both rescanned the tool differently: the recorded scan was kept.
    pub scan_conflict: bool,
}

/// A question this session and another writer both changed, to different answers.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerConflict {
    pub question: String,
    /// This session's answer (not recorded), `None` when it removed the answer.
    pub mine: Option<AnswerValue>,
    /// The recorded answer, kept.
    pub theirs: Option<AnswerValue>,
}

impl Session {
    /// Makes `version` (as recorded) this session's base: what its next save comes after and
    /// what its own changes are measured against (e.g. `dpia answer`, which lays an answers
    /// file over the current version).
    pub fn with_base(mut self, version: &Version) -> Result<Session, SessionError> {
        self.base = Some(Base::of(version)?);
        Ok(self)
    }

    /// The recorded version this session is based on.
    pub fn base_version(&self) -> Option<&VersionId> {
        self.base.as_ref().map(|b| &b.version)
    }

    /// Starts an assessment of the tool at `tool_path` in `record` with this session as its
    /// first version, which becomes its base.
    pub fn create(
        &mut self,
        record: &Record,
        title: &str,
        tool_path: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<AssessmentId, SessionError> {
        let new = NewAssessment {
            title: title.to_string(),
            tool_path: tool_path.to_string(),
            tool_fingerprint: fingerprint(&self.scan),
            nonce: String::new(),
        };
        let (id, first) = record.create(new, self.content()?, author, now)?;
        self.base = Some(self.as_base(first.clone()));
        self.settle_status(record, &id, &first, author, now)?;
        Ok(id)
    }

    /// Like [`Session::create`], for an assessment imported from another tool's file: the
    /// record logs an `imported` event with `source` (format, file, SHA-256), and `nonce`
    /// (the file's SHA-256) enters the assessment's id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_imported(
        &mut self,
        record: &Record,
        title: &str,
        tool_path: &str,
        source: &str,
        nonce: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<AssessmentId, SessionError> {
        let new = NewAssessment {
            title: title.to_string(),
            tool_path: tool_path.to_string(),
            tool_fingerprint: fingerprint(&self.scan),
            nonce: nonce.to_string(),
        };
        let (id, first) = record.create_imported(new, self.content()?, source, author, now)?;
        self.base = Some(self.as_base(first.clone()));
        self.settle_status(record, &id, &first, author, now)?;
        Ok(id)
    }

    /// Records this session as the assessment's next version, after its base; when another
    /// writer recorded a version meanwhile, re-applies this session's changes on top of it
    /// (see the module doc) and says so in [`Saved::rebase`]. The saved version becomes the
    /// base.
    pub fn save(
        &mut self,
        record: &Record,
        id: &AssessmentId,
        author: &str,
        now: &Timestamp,
    ) -> Result<Saved, SessionError> {
        let mut rebase: Option<Rebase> = None;
        for _ in 0..=MAX_REBASES {
            let base = self.base.as_ref().ok_or(SessionError::NoBase)?;
            match record.add_version(id, &base.version, self.content()?, author, now) {
                Ok(version) => {
                    self.base = Some(self.as_base(version.clone()));
                    self.settle_status(record, id, &version, author, now)?;
                    return Ok(Saved { version, rebase });
                }
                Err(RecordError::StaleBase { .. }) => {
                    let head = record.head(id)?;
                    self.rebase_onto(&head, rebase.get_or_insert_with(Rebase::default))?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        let head = record.head(id)?;
        Err(RecordError::StaleBase {
            path: record.path().to_path_buf(),
            assessment: id.to_string(),
            base: self
                .base_version()
                .map(|v| v.to_string())
                .unwrap_or_default(),
            head: head.id.to_string(),
        }
        .into())
    }

    /// This session's answers and scan as the base recorded as `version`.
    pub(super) fn as_base(&self, version: VersionId) -> Base {
        Base {
            version,
            answers: self.answers.clone(),
            scan: self.scan.clone(),
        }
    }

    /// Moves this session onto `head`: its answers become the head's with this session's own
    /// changes (against the base) applied where they do not conflict.
    fn rebase_onto(&mut self, head: &Version, rebase: &mut Rebase) -> Result<(), SessionError> {
        let theirs = Base::of(head)?;
        let base = self.base.take().ok_or(SessionError::NoBase)?;
        let keys: BTreeSet<&String> = base
            .answers
            .values
            .keys()
            .chain(self.answers.values.keys())
            .chain(theirs.answers.values.keys())
            .collect();
        let mut merged = theirs.answers.clone();
        for q in keys {
            let (before, mine, recorded) = (
                base.answers.values.get(q),
                self.answers.values.get(q),
                theirs.answers.values.get(q),
            );
            if mine == before {
                continue;
            }
            if recorded != before && recorded != mine {
                rebase.conflicts.retain(|c| c.question != *q);
                rebase.conflicts.push(AnswerConflict {
                    question: q.clone(),
                    mine: mine.map(|a| a.value.clone()),
                    theirs: recorded.map(|a| a.value.clone()),
                });
                continue;
            }
            match mine {
                Some(answer) => merged.values.insert(q.clone(), answer.clone()),
                None => merged.values.remove(q),
            };
            if !rebase.reapplied.contains(q) {
                rebase.reapplied.push(q.clone());
            }
        }
        let scan = if self.scan == base.scan || theirs.scan == self.scan {
            theirs.scan.clone()
        } else if theirs.scan == base.scan {
            self.scan.clone()
        } else {
            rebase.scan_conflict = true;
            theirs.scan.clone()
        };
        self.categories = prefill::scan_categories(&scan);
        self.scan = scan;
        self.answers = merged;
        self.reevaluate();
        rebase.onto = Some(head.id.clone());
        rebase.onto_author = head.author.clone();
        self.base = Some(theirs);
        Ok(())
    }

    /// Draft while anything is missing, ready for sign-off when nothing is. A newer version
    /// recorded meanwhile settles its own status, so a stale base is not an error here.
    pub(super) fn settle_status(
        &self,
        record: &Record,
        id: &AssessmentId,
        version: &VersionId,
        author: &str,
        now: &Timestamp,
    ) -> Result<(), SessionError> {
        let current = record.summary(id)?.status;
        let wanted = if self.evaluation.missing.is_empty() {
            Status::ReadyForSignoff
        } else {
            Status::Draft
        };
        if current != wanted && matches!(current, Status::Draft | Status::ReadyForSignoff) {
            match record.set_status(id, version, wanted, author, now) {
                Ok(()) | Err(RecordError::StaleBase { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
