//! The record's nouns: assessments, their content-addressed versions and the hash-chained
//! event log, as plain serde types. Assessments and events are exactly what is stored (one
//! JSON document per sled value) and what `export_json` writes, so unknown fields are refused
//! on reading: a field added behind dpia's back is tampering, not data. A [`Version`] is
//! returned with its scan read back from the scans it points at (stored once each, see
//! `stored`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An RFC 3339 UTC time such as `2026-11-25T10:00:00Z`, always passed in by the caller.
pub type Timestamp = String;

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a full id; the record hands these out, callers resolve prefixes.
            pub(crate) fn new(hex: String) -> $name {
                $name(hex)
            }

            /// The 64 lowercase hex digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The first 12 hex digits, for display.
            pub fn short(&self) -> &str {
                self.0.get(..12).unwrap_or(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

hex_id!(
    /// An assessment's id: SHA-256 of its canonical identity (see [`super::canonical`]).
    AssessmentId
);
hex_id!(
    /// A version's id: SHA-256 of its canonical serialisation without the id, with the parent id.
    VersionId
);
hex_id!(
    /// A stored scan's id: SHA-256 of the scan's canonical JSON.
    ScanId
);

/// Where an assessment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    ReadyForSignoff,
    Signed,
    Superseded,
    Withdrawn,
}

impl Status {
    /// The stable string stored on disk.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::ReadyForSignoff => "ready_for_signoff",
            Status::Signed => "signed",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// Parses the stable string; `None` for anything else.
    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Draft,
            Status::ReadyForSignoff,
            Status::Signed,
            Status::Superseded,
            Status::Withdrawn,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// Withdrawn and superseded assessments take no new versions or status changes.
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Superseded | Status::Withdrawn)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the caller supplies to start an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    pub title: String,
    pub tool_path: String,
    /// A fingerprint of the scanned inputs (e.g. a SHA-256 over them).
    pub tool_fingerprint: String,
    /// Usually empty. The assessment id is a hash of title, tool, fingerprint, author, creation
    /// time and this nonce, so a caller that wants two otherwise identical assessments passes
    /// different nonces.
    pub nonce: String,
}

/// The content of one version, as the questionnaire and evaluation produced it. The scan is
/// stored once per distinct scan (by its SHA-256) with its examples masked: a scan handed in
/// with raw examples is masked on the way in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionContent {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// The scan report (`crate::scan::ScanReport` as JSON).
    pub scan: serde_json::Value,
    pub answers: serde_json::Value,
    pub evaluation: serde_json::Value,
    /// When the DPIA must be reviewed (`YYYY-MM-DD`); one year after signing when absent.
    pub review_due: Option<String>,
}

/// The signature facts a signed version carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// SHA-256 of the signed PDF, 64 lowercase hex digits.
    pub pdf_sha256: String,
    /// The signer's certificate, one PEM `CERTIFICATE` block.
    pub certificate_pem: String,
    pub signed_at: Timestamp,
}

/// One immutable version of an assessment; a correction is a new version. Its id is the hash
/// of the stored form, where the scan is `scan_sha256` (see `super::canonical`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    pub id: VersionId,
    pub assessment: AssessmentId,
    /// 1 for the first version, parent's number + 1 after that.
    pub number: u64,
    pub parent: Option<VersionId>,
    /// The assessment's status this version was written with (draft, or signed).
    pub status: Status,
    pub author: String,
    pub created_at: Timestamp,
    pub content: VersionContent,
    pub signature: Option<Signature>,
    /// The id of the stored scan `content.scan` was read from.
    pub scan_sha256: ScanId,
}

/// An assessment's identity and head state. Identity fields (with `predecessor`) are covered
/// by the id; the head state (head, versions, status, updated_at, successor) is an index the
/// audit re-derives from the log. `predecessor` and `successor` are left out when empty, so
/// an assessment that was never revised is stored (and hashed) as before they existed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub id: AssessmentId,
    pub title: String,
    pub tool_path: String,
    pub tool_fingerprint: String,
    pub nonce: String,
    pub created_at: Timestamp,
    pub created_by: String,
    pub head: VersionId,
    pub versions: u64,
    pub status: Status,
    /// Time of the last event that changed the head or the status (exports do not).
    pub updated_at: Timestamp,
    /// The signed assessment this one revises (`dpia revise`): part of its identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<AssessmentId>,
    /// The assessment that revises this one, once started (its `revised` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<AssessmentId>,
}

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Answered,
    Exported,
    Signed,
    Superseded,
    Withdrawn,
    /// The assessment was created from another tool's file (a CNIL PIA export); the detail
    /// names the format, the file and its SHA-256. Logged right after `created`, in the same
    /// transaction. (A whole-record `import_json` keeps the log exactly as exported.)
    Imported,
    /// Moved to ready_for_signoff, or back to draft.
    StatusChanged,
    /// The assessment's versions were rewritten into a new chain by a schema migration; the
    /// detail maps every old version id to its new one (see `super::rewrite`).
    Migrated,
    /// The assessment's versions were rewritten into a new chain with a value or answer
    /// removed (an erasure request); the detail maps old ids to new ones.
    Redacted,
    /// The tool was scanned again and compared with the scan of a signed version (`dpia
    /// check`); the event names that version, and its detail is the result as canonical JSON
    /// ([`super::CheckNote`]). Neither the head nor the status changes.
    Checked,
    /// A successor of this signed assessment was started (`dpia revise`); the detail is
    /// `successor ID`, the event names the signed version it starts from. Neither the head
    /// nor the status changes; the successor's signature supersedes this assessment.
    Revised,
}

impl EventKind {
    /// Kinds that add a version to the assessment's history.
    pub fn adds_version(self) -> bool {
        matches!(
            self,
            EventKind::Created | EventKind::Answered | EventKind::Signed
        )
    }

    /// Kinds that replace the assessment's versions by a new chain.
    pub fn rewrites(self) -> bool {
        matches!(self, EventKind::Migrated | EventKind::Redacted)
    }
}

/// One entry of the append-only, hash-chained event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 1, 2, 3… without gaps.
    pub seq: u64,
    /// SHA-256 of the canonical event without this field (so covering `prev`).
    pub hash: String,
    /// The previous event's hash; `None` only for event 1.
    pub prev: Option<String>,
    pub kind: EventKind,
    pub assessment: AssessmentId,
    /// The version the event is about (the new one, the exported one, or the head).
    pub version: Option<VersionId>,
    /// The assessment's status after the event.
    pub status: Status,
    pub author: String,
    pub at: Timestamp,
    /// What was exported, for `exported`; the rewrite (canonical JSON) for `migrated` and
    /// `redacted`; the result (canonical JSON) for `checked`; `successor ID` for `revised`;
    /// `predecessor ID` for the `created` event of a successor; `by ID` for `superseded` when
    /// a successor's signature superseded the assessment.
    pub detail: Option<String>,
}

/// How a `revised` event's detail names the successor.
pub const SUCCESSOR_PREFIX: &str = "successor ";
/// How the `created` event of a successor names the assessment it revises.
pub const PREDECESSOR_PREFIX: &str = "predecessor ";
/// How the `superseded` event a successor's signature wrote names the successor.
pub const SUPERSEDED_BY_PREFIX: &str = "by ";

/// The assessment an event's detail names after `prefix` (`successor ID`, `predecessor ID`).
pub fn linked(event: &Event, prefix: &str) -> Option<AssessmentId> {
    let id = event.detail.as_deref()?.strip_prefix(prefix)?;
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| AssessmentId::new(id.to_string()))
}

/// One line of `dpia list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentSummary {
    pub id: AssessmentId,
    pub title: String,
    pub tool_path: String,
    pub tool_fingerprint: String,
    pub status: Status,
    pub head: VersionId,
    pub versions: u64,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
    /// Author of the head version.
    pub author: String,
    /// The head's review date, or one year after signing for a signed head without one.
    pub review_due: Option<String>,
    /// The assessment this one revises, and the one that revises it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<AssessmentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<AssessmentId>,
    /// Set when an earlier version was signed and the head holds other content: the signed
    /// DPIA no longer describes what is recorded (derived from the chain, never stored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_after_signing: Option<SignedRef>,
}

/// The last signed version before an unsigned, changed head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedRef {
    pub version: VersionId,
    pub number: u64,
    pub signed_at: Timestamp,
}

impl AssessmentSummary {
    /// The status as people read it: `changed_after_signing` for a signed DPIA whose record
    /// moved on (status draft or ready for sign-off), else the stored status.
    pub fn shown_status(&self) -> &'static str {
        match (&self.changed_after_signing, self.status) {
            (Some(_), Status::Draft | Status::ReadyForSignoff) => "changed_after_signing",
            _ => self.status.as_str(),
        }
    }
}

/// An assessment with its whole history, oldest version first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentView {
    pub summary: AssessmentSummary,
    pub nonce: String,
    pub versions: Vec<Version>,
}

/// One thing the audit found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub assessment: Option<String>,
    pub version: Option<String>,
    /// The event's sequence number, when the break is in the log.
    pub event: Option<u64>,
    pub what: String,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = &self.assessment {
            write!(f, "assessment {a}: ")?;
        }
        if let Some(v) = &self.version {
            write!(f, "version {v}: ")?;
        }
        if let Some(e) = self.event {
            write!(f, "event {e}: ")?;
        }
        f.write_str(&self.what)
    }
}

/// The audit's result: every break found, and what was checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AuditReport {
    pub breaks: Vec<Break>,
    pub assessments: usize,
    pub versions: usize,
    pub signed_versions: usize,
    pub events: usize,
    /// Distinct scans stored.
    pub scans: usize,
}

impl AuditReport {
    /// True when nothing is broken.
    pub fn is_clean(&self) -> bool {
        self.breaks.is_empty()
    }
}
