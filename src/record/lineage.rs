//! Revising a signed assessment: a successor is a new assessment whose identity names the
//! signed assessment it revises (its `predecessor`), started in one transaction with its
//! first version, its `created` event (detail `predecessor ID`) and a `revised` event on the
//! predecessor (detail `successor ID`, naming the signed version it starts from) that sets
//! the predecessor's `successor`. When the successor is signed for the first time, the
//! predecessor becomes `superseded` in the same transaction as that signature (a
//! `superseded` event, detail `by ID`). The links go both ways, so `history` and `show`
//! print the chain ([`Record::chain`]).
//!
//! Rules: only a signed assessment is revised, from its current (signed) head; one that
//! already has a successor is not revised again unless that successor was withdrawn.

use super::canonical::{assessment_id, version_hash, Identity};
use super::error::RecordError;
use super::model::{
    Assessment, AssessmentId, AssessmentSummary, EventKind, NewAssessment, Status, Timestamp,
    VersionContent, VersionId, PREDECESSOR_PREFIX, SUCCESSOR_PREFIX, SUPERSEDED_BY_PREFIX,
};
use super::stored::StoredVersion;
use super::txn::{EventDraft, TxResult, Txn};
use super::Record;

/// The predecessor a new assessment revises, and the signed version it starts from (which
/// must still be the predecessor's head).
pub(super) struct Revises<'x> {
    pub id: &'x AssessmentId,
    pub base: &'x VersionId,
}

impl Record {
    /// Starts the successor of the signed assessment `predecessor` (whose head must still be
    /// `base`) with `first` as its first version; returns the successor's id and version.
    pub fn revise(
        &self,
        predecessor: &AssessmentId,
        base: &VersionId,
        new: NewAssessment,
        first: VersionContent,
        author: &str,
        now: &Timestamp,
    ) -> Result<(AssessmentId, VersionId), RecordError> {
        let revises = Revises {
            id: predecessor,
            base,
        };
        self.create_linked(new, first, author, now, Some(revises), None)
    }

    /// Creates an assessment, the successor of `revises` when given (see the module doc).
    pub(super) fn create_linked(
        &self,
        new: NewAssessment,
        first: VersionContent,
        author: &str,
        now: &Timestamp,
        revises: Option<Revises<'_>>,
        imported: Option<&str>,
    ) -> Result<(AssessmentId, VersionId), RecordError> {
        self.check_common(author, now)?;
        let (first, scan) = self.check_content(first)?;
        if new.title.trim().is_empty() {
            return Err(self.invalid("title", "the title is empty".into()));
        }
        let predecessor = revises.as_ref().map(|r| r.id.clone());
        let identity = Identity {
            title: &new.title,
            tool_path: &new.tool_path,
            tool_fingerprint: &new.tool_fingerprint,
            nonce: &new.nonce,
            created_at: now,
            created_by: author,
            predecessor: predecessor.as_ref().map(|p| p.as_str()),
        };
        let serialise = |source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        };
        let id = AssessmentId::new(assessment_id(&identity).map_err(serialise)?);
        let mut version = StoredVersion {
            id: VersionId::new(String::new()),
            assessment: id.clone(),
            number: 1,
            parent: None,
            status: Status::Draft,
            author: author.to_string(),
            created_at: now.clone(),
            content: first,
            signature: None,
        };
        version.id = VersionId::new(version_hash(&version).map_err(serialise)?);
        let assessment = Assessment {
            id: id.clone(),
            title: new.title,
            tool_path: new.tool_path,
            tool_fingerprint: new.tool_fingerprint,
            nonce: new.nonce,
            created_at: now.clone(),
            created_by: author.to_string(),
            head: version.id.clone(),
            versions: 1,
            status: Status::Draft,
            updated_at: now.clone(),
            predecessor,
            successor: None,
        };
        let created_detail = revises
            .as_ref()
            .map(|r| format!("{PREDECESSOR_PREFIX}{}", r.id));
        let revised_detail = format!("{SUCCESSOR_PREFIX}{id}");
        self.store.commit(|tx| {
            let predecessor = match &revises {
                Some(r) => Some(self.revisable(tx, r)?),
                None => None,
            };
            if tx.find_assessment(&id)?.is_some() {
                return tx.abort(RecordError::AssessmentExists {
                    path: self.store.path.clone(),
                    id: id.to_string(),
                });
            }
            tx.put_scan(&scan)?;
            tx.insert_version(&version)?;
            tx.put_assessment(&assessment)?;
            tx.append_event(EventDraft {
                kind: EventKind::Created,
                assessment: &id,
                version: Some(&version.id),
                status: Status::Draft,
                author,
                at: now,
                detail: created_detail.as_deref(),
            })?;
            if let Some(source) = imported {
                tx.append_event(EventDraft {
                    kind: EventKind::Imported,
                    assessment: &id,
                    version: Some(&version.id),
                    status: Status::Draft,
                    author,
                    at: now,
                    detail: Some(source),
                })?;
            }
            if let Some(mut p) = predecessor {
                p.successor = Some(id.clone());
                tx.put_assessment(&p)?;
                tx.append_event(EventDraft {
                    kind: EventKind::Revised,
                    assessment: &p.id,
                    version: Some(&p.head),
                    status: p.status,
                    author,
                    at: now,
                    detail: Some(&revised_detail),
                })?;
            }
            Ok(())
        })?;
        Ok((id, version.id))
    }

    /// Inside a transaction: the predecessor, if it may be revised from `r.base`.
    fn revisable(&self, tx: &Txn<'_>, r: &Revises<'_>) -> TxResult<Assessment> {
        let p = tx.assessment(r.id)?;
        if p.status != Status::Signed {
            return tx.abort(self.invalid(
                "assessment to revise",
                format!(
                    "assessment {} is {}; only a signed assessment is revised (a draft is \
                     answered, not revised)",
                    p.id.short(),
                    p.status
                ),
            ));
        }
        self.check_base(tx, &p, r.base)?;
        if let Some(s) = &p.successor {
            let successor = tx.assessment(s)?;
            if successor.status != Status::Withdrawn {
                return tx.abort(self.invalid(
                    "assessment to revise",
                    format!(
                        "assessment {} is revised already by {} ({}); work on that one, or \
                         withdraw it first",
                        p.id.short(),
                        s.short(),
                        successor.status
                    ),
                ));
            }
        }
        Ok(p)
    }

    /// Inside a signature's transaction: the predecessor of `signed` (the assessment as it
    /// was before the signature) becomes superseded, unless it already is (or was withdrawn).
    pub(super) fn supersede_predecessor(
        &self,
        tx: &Txn<'_>,
        signed: &Assessment,
        author: &str,
        now: &Timestamp,
    ) -> TxResult<()> {
        let Some(pid) = &signed.predecessor else {
            return Ok(());
        };
        let mut p = tx.assessment(pid)?;
        if p.status.is_terminal() {
            return Ok(());
        }
        p.status = Status::Superseded;
        p.updated_at = now.clone();
        tx.put_assessment(&p)?;
        let detail = format!("{SUPERSEDED_BY_PREFIX}{}", signed.id);
        tx.append_event(EventDraft {
            kind: EventKind::Superseded,
            assessment: pid,
            version: Some(&p.head),
            status: Status::Superseded,
            author,
            at: now,
            detail: Some(&detail),
        })?;
        Ok(())
    }

    /// The chain of revisions `id` is part of, oldest first: its predecessors, itself and its
    /// successors.
    pub fn chain(&self, id: &AssessmentId) -> Result<Vec<AssessmentSummary>, RecordError> {
        let start = self.summary(id)?;
        let mut before = Vec::new();
        let mut next = start.predecessor.clone();
        while let Some(p) = next {
            if before.len() > 1000 {
                break;
            }
            let s = self.summary(&p)?;
            next = s.predecessor.clone();
            before.push(s);
        }
        before.reverse();
        let mut after = Vec::new();
        let mut next = start.successor.clone();
        while let Some(n) = next {
            if after.len() > 1000 {
                break;
            }
            let s = self.summary(&n)?;
            next = s.successor.clone();
            after.push(s);
        }
        before.push(start);
        before.extend(after);
        Ok(before)
    }
}
