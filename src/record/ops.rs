//! The write operations. Each one validates its input, then makes one logical change (new
//! version, its scan if not stored yet, its event, the assessment's new head state) in one
//! transaction followed by a flush, so after a crash either all of it is there or none of it.
//!
//! Every write that changes an assessment names the version it was based on (`base`); inside
//! the transaction, a base that is no longer the head is refused with
//! [`RecordError::StaleBase`], so two writers never silently overwrite each other.
//!
//! Status rules: new versions and signatures go to draft or ready_for_signoff assessments
//! (a new version after signing is also allowed: it is a correction and makes the assessment
//! draft again); withdrawn and superseded are final. `set_status` moves between draft and
//! ready_for_signoff, or to withdrawn or superseded; `signed` is reached only through `sign`.

use super::canonical::{check_certificate_pem, version_hash};
use super::dates::{is_timestamp, Date};
use super::error::RecordError;
use super::model::{
    Assessment, AssessmentId, EventKind, NewAssessment, Signature, Status, Timestamp,
    VersionContent, VersionId,
};
use super::stored::{split, ScanBlob, StoredContent, StoredVersion};
use super::txn::{EventDraft, TxResult, Txn};
use super::Record;

impl Record {
    pub(super) fn invalid(&self, field: &'static str, message: String) -> RecordError {
        RecordError::InvalidInput {
            path: self.store.path.clone(),
            field,
            message,
        }
    }

    pub(super) fn check_common(&self, author: &str, now: &str) -> Result<(), RecordError> {
        self.writable()?;
        if author.trim().is_empty() {
            return Err(self.invalid("author", "the author is empty".into()));
        }
        if !is_timestamp(now) {
            return Err(self.invalid(
                "timestamp",
                format!("'{now}' is not an RFC 3339 UTC time like 2026-11-25T10:00:00Z"),
            ));
        }
        Ok(())
    }

    /// Checks content and splits it into its stored form and the (masked) scan.
    pub(super) fn check_content(
        &self,
        content: VersionContent,
    ) -> Result<(StoredContent, ScanBlob), RecordError> {
        if let Some(d) = &content.review_due {
            if Date::parse(d).is_none() {
                return Err(self.invalid(
                    "review date",
                    format!("'{d}' is not a date like 2027-11-25"),
                ));
            }
        }
        split(content).map_err(|source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        })
    }

    fn check_signature(&self, s: &Signature) -> Result<(), RecordError> {
        if !crate::digest::is_sha256_hex(&s.pdf_sha256) {
            return Err(self.invalid(
                "PDF SHA-256",
                format!("'{}' is not 64 lowercase hex digits", s.pdf_sha256),
            ));
        }
        check_certificate_pem(&s.certificate_pem)
            .map_err(|message| self.invalid("certificate", message))?;
        if !is_timestamp(&s.signed_at) {
            return Err(self.invalid(
                "signing time",
                format!("'{}' is not an RFC 3339 UTC time", s.signed_at),
            ));
        }
        Ok(())
    }

    /// Starts an assessment with its first version; returns both ids.
    ///
    /// The assessment id is SHA-256 of the canonical `{created_at, created_by, nonce, title,
    /// tool_fingerprint, tool_path}`, so the same inputs give the same id, and creating it a
    /// second time fails with [`RecordError::AssessmentExists`].
    pub fn create(
        &self,
        new: NewAssessment,
        first: VersionContent,
        author: &str,
        now: &Timestamp,
    ) -> Result<(AssessmentId, VersionId), RecordError> {
        self.create_linked(new, first, author, now, None, None)
    }

    /// Starts an assessment imported from another tool's file, like [`Record::create`], and
    /// logs an `imported` event whose detail says what was imported (`source`, e.g. `cnil
    /// FILE; SHA-256 HEX`) in the same transaction: the record never holds half an import.
    pub fn create_imported(
        &self,
        new: NewAssessment,
        first: VersionContent,
        source: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<(AssessmentId, VersionId), RecordError> {
        if source.trim().is_empty() {
            return Err(self.invalid("import source", "the source is empty".into()));
        }
        self.create_linked(new, first, author, now, None, Some(source))
    }

    /// Adds a version with new content (answers, scan, evaluation) after the head, which
    /// must still be `base`.
    pub fn add_version(
        &self,
        id: &AssessmentId,
        base: &VersionId,
        content: VersionContent,
        author: &str,
        now: &Timestamp,
    ) -> Result<VersionId, RecordError> {
        self.check_common(author, now)?;
        let (content, scan) = self.check_content(content)?;
        self.store.commit(|tx| {
            tx.put_scan(&scan)?;
            let draft = NewHead {
                id,
                base,
                content: content.clone(),
                signature: None,
                status: Status::Draft,
                kind: EventKind::Answered,
                author,
                now,
                detail: None,
            };
            self.append_version(tx, draft)
        })
    }

    /// Records a signature of `base`, which must still be the head: a new version with its
    /// content plus `signature`; the assessment becomes signed, and the assessment it revises
    /// (if any) superseded, in the same transaction.
    pub fn sign(
        &self,
        id: &AssessmentId,
        base: &VersionId,
        signature: Signature,
        author: &str,
        now: &Timestamp,
    ) -> Result<VersionId, RecordError> {
        self.check_common(author, now)?;
        self.check_signature(&signature)?;
        self.store.commit(|tx| {
            let a = tx.assessment(id)?;
            if !matches!(a.status, Status::Draft | Status::ReadyForSignoff) {
                return tx.abort(self.transition(id, a.status, Status::Signed));
            }
            let head = tx.version(&a.head)?;
            let draft = NewHead {
                id,
                base,
                content: head.content,
                signature: Some(signature.clone()),
                status: Status::Signed,
                kind: EventKind::Signed,
                author,
                now,
                detail: None,
            };
            let version = self.append_version(tx, draft)?;
            self.supersede_predecessor(tx, &a, author, now)?;
            Ok(version)
        })
    }

    /// Records a signature given in `role` (e.g. `dpo`, `controller`; noted as the signed
    /// event's detail `role ROLE; PDF SHA-256 HASH`). The first signature of a content makes the assessment
    /// signed (and its predecessor superseded), like [`Record::sign`] (and `base` must still be the head); a signature on an already signed head (a second role
    /// countersigning the same signed report) adds a further signed version of the same
    /// content. Errors when the head is signed and unsigned changes are pending, or the
    /// assessment is withdrawn or superseded.
    pub fn sign_as(
        &self,
        id: &AssessmentId,
        base: &VersionId,
        signature: Signature,
        role: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<VersionId, RecordError> {
        self.check_common(author, now)?;
        self.check_signature(&signature)?;
        if role.is_empty() || !role.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(self.invalid("role", format!("'{role}' is not a role name")));
        }
        let detail = format!(
            "{SIGNATURE_ROLE_PREFIX}{role}; PDF SHA-256 {}",
            signature.pdf_sha256
        );
        self.store.commit(|tx| {
            let a = tx.assessment(id)?;
            let head = tx.version(&a.head)?;
            let countersigns = a.status == Status::Signed && head.signature.is_some();
            if !countersigns && !matches!(a.status, Status::Draft | Status::ReadyForSignoff) {
                return tx.abort(self.transition(id, a.status, Status::Signed));
            }
            let draft = NewHead {
                id,
                base,
                content: head.content,
                signature: Some(signature.clone()),
                status: Status::Signed,
                kind: EventKind::Signed,
                author,
                now,
                detail: Some(&detail),
            };
            let version = self.append_version(tx, draft)?;
            if !countersigns {
                self.supersede_predecessor(tx, &a, author, now)?;
            }
            Ok(version)
        })
    }

    /// Moves the assessment to `to` (draft, ready_for_signoff, superseded or withdrawn) and
    /// logs it; its head must still be `base`.
    pub fn set_status(
        &self,
        id: &AssessmentId,
        base: &VersionId,
        to: Status,
        author: &str,
        now: &Timestamp,
    ) -> Result<(), RecordError> {
        self.check_common(author, now)?;
        self.store.commit(|tx| {
            let mut a = tx.assessment(id)?;
            self.check_base(tx, &a, base)?;
            let allowed = match to {
                Status::Draft => a.status == Status::ReadyForSignoff,
                Status::ReadyForSignoff => a.status == Status::Draft,
                Status::Withdrawn | Status::Superseded => !a.status.is_terminal(),
                Status::Signed => false,
            };
            if !allowed {
                return tx.abort(self.transition(id, a.status, to));
            }
            let kind = match to {
                Status::Withdrawn => EventKind::Withdrawn,
                Status::Superseded => EventKind::Superseded,
                _ => EventKind::StatusChanged,
            };
            a.status = to;
            a.updated_at = now.clone();
            tx.put_assessment(&a)?;
            tx.append_event(EventDraft {
                kind,
                assessment: id,
                version: Some(&a.head),
                status: to,
                author,
                at: now,
                detail: None,
            })?;
            Ok(())
        })
    }

    /// Logs that `version` of the assessment was exported (`what`: e.g. "pdf report.pdf").
    pub fn record_export(
        &self,
        id: &AssessmentId,
        version: &VersionId,
        what: &str,
        author: &str,
        now: &Timestamp,
    ) -> Result<(), RecordError> {
        self.check_common(author, now)?;
        self.store.commit(|tx| {
            let a = tx.assessment(id)?;
            let v = tx.version(version)?;
            if v.assessment != *id {
                return tx.abort(RecordError::ForeignVersion {
                    path: self.store.path.clone(),
                    assessment: id.to_string(),
                    version: version.to_string(),
                });
            }
            tx.append_event(EventDraft {
                kind: EventKind::Exported,
                assessment: id,
                version: Some(version),
                status: a.status,
                author,
                at: now,
                detail: Some(what),
            })?;
            Ok(())
        })
    }

    pub(super) fn transition(&self, id: &AssessmentId, from: Status, to: Status) -> RecordError {
        RecordError::InvalidTransition {
            path: self.store.path.clone(),
            assessment: id.to_string(),
            from,
            to,
        }
    }

    /// Inside a transaction: refuses a write based on a version that is no longer the head.
    pub(super) fn check_base(
        &self,
        tx: &Txn<'_>,
        a: &Assessment,
        base: &VersionId,
    ) -> TxResult<()> {
        if a.head == *base {
            return Ok(());
        }
        tx.abort(RecordError::StaleBase {
            path: self.store.path.clone(),
            assessment: a.id.to_string(),
            base: base.to_string(),
            head: a.head.to_string(),
        })
    }

    /// Inside a transaction: writes a version after the head, its event and the new head.
    fn append_version(&self, tx: &Txn<'_>, new: NewHead<'_>) -> TxResult<VersionId> {
        let mut a = tx.assessment(new.id)?;
        if a.status.is_terminal() {
            return tx.abort(self.transition(new.id, a.status, new.status));
        }
        self.check_base(tx, &a, new.base)?;
        let head = tx.version(&a.head)?;
        let mut version = StoredVersion {
            id: VersionId::new(String::new()),
            assessment: new.id.clone(),
            number: head.number.saturating_add(1),
            parent: Some(head.id),
            status: new.status,
            author: new.author.to_string(),
            created_at: new.now.clone(),
            content: new.content,
            signature: new.signature,
        };
        version.id = match version_hash(&version) {
            Ok(h) => VersionId::new(h),
            Err(source) => {
                return tx.abort(RecordError::Serialise {
                    path: self.store.path.clone(),
                    source,
                })
            }
        };
        tx.insert_version(&version)?;
        a.head = version.id.clone();
        a.versions = a.versions.saturating_add(1);
        a.status = new.status;
        a.updated_at = new.now.clone();
        tx.put_assessment(&a)?;
        tx.append_event(EventDraft {
            kind: new.kind,
            assessment: new.id,
            version: Some(&version.id),
            status: new.status,
            author: new.author,
            at: new.now,
            detail: new.detail,
        })?;
        Ok(version.id)
    }
}

/// A version to append after the head (which must be `base`), and how to log it.
struct NewHead<'x> {
    id: &'x AssessmentId,
    base: &'x VersionId,
    content: StoredContent,
    signature: Option<Signature>,
    status: Status,
    kind: EventKind,
    author: &'x str,
    now: &'x Timestamp,
    detail: Option<&'x str>,
}

/// How a signed event's detail names the signer's role: `role dpo; PDF SHA-256 …`.
pub const SIGNATURE_ROLE_PREFIX: &str = "role ";

/// The role a signed event names, if any (events of older records name none).
pub fn signature_role(event: &super::model::Event) -> Option<&str> {
    if event.kind != EventKind::Signed {
        return None;
    }
    let rest = event
        .detail
        .as_deref()?
        .strip_prefix(SIGNATURE_ROLE_PREFIX)?;
    rest.split(';').next().map(str::trim)
}
