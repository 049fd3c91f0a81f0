//! The results of `dpia check` in the record. Each check of a tool against a signed version
//! is a `checked` event naming that version, whose detail is a [`CheckNote`] as canonical
//! JSON: whether the signed DPIA still covers the tool, the worst drift found, how many
//! items, the threshold the check used and fingerprints of the signed scan and today's. The
//! event changes neither the head nor the status; the review cycle (`review-due`, the
//! dashboard) reads the last one after the last signature ([`last_checks`]).

use super::canonical::to_canonical;
use super::error::RecordError;
use super::model::{AssessmentId, Event, EventKind, Timestamp, VersionId};
use super::txn::EventDraft;
use super::Record;
use crate::drift::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a check found, as a `checked` event's detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckNote {
    /// Whether drift reached `fail_on`.
    pub result: CheckResult,
    /// The threshold the check used (`--fail-on`).
    pub fail_on: Severity,
    /// The most severe item, if any drifted.
    pub worst: Option<Severity>,
    /// How many items drifted (any severity).
    pub items: u64,
    /// Fingerprint of the scan recorded with the signed version (see
    /// `crate::drift::check::fingerprint`).
    pub signed_scan: String,
    /// Fingerprint of today's scan.
    pub scan: String,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    /// The signed DPIA still covers the tool (nothing reached the threshold).
    Covered,
    /// Drift reached the threshold: the DPIA needs a review (Art. 35(11)).
    Drift,
}

impl CheckResult {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Covered => "covered",
            CheckResult::Drift => "drift",
        }
    }
}

impl CheckNote {
    /// Whether what was found needs a review, whatever threshold the check used: an item of
    /// severity `review` or `high`.
    pub fn needs_review(&self) -> bool {
        self.worst.is_some_and(|w| w >= Severity::Review)
    }

    /// The note a `checked` event holds, if it holds a readable one.
    pub fn of(event: &Event) -> Option<CheckNote> {
        if event.kind != EventKind::Checked {
            return None;
        }
        serde_json::from_str(event.detail.as_deref()?).ok()
    }
}

impl std::fmt::Display for CheckNote {
    /// `drift (fail on review): 3 item(s), worst high; signed scan 1a2b3c4d5e6f, scan 7a8b…`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = |s: &str| s.get(..12).unwrap_or(s).to_string();
        write!(
            f,
            "{} (fail on {}): {} item(s)",
            self.result.as_str(),
            self.fail_on.code(),
            self.items
        )?;
        if let Some(w) = self.worst {
            write!(f, ", worst {}", w.code())?;
        }
        write!(
            f,
            "; signed scan {}, scan {}",
            short(&self.signed_scan),
            short(&self.scan)
        )
    }
}

/// The last check of an assessment after its last signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastCheck {
    pub at: Timestamp,
    /// The signed version the tool was compared with.
    pub version: Option<VersionId>,
    pub note: CheckNote,
}

/// For each assessment, its last `checked` event after its last `signed` event (a check
/// before the signature it was compared with says nothing about the signed DPIA any more).
pub fn last_checks(events: &[Event]) -> BTreeMap<AssessmentId, LastCheck> {
    let mut out: BTreeMap<AssessmentId, LastCheck> = BTreeMap::new();
    for e in events {
        match e.kind {
            EventKind::Signed => {
                out.remove(&e.assessment);
            }
            EventKind::Checked => {
                if let Some(note) = CheckNote::of(e) {
                    let check = LastCheck {
                        at: e.at.clone(),
                        version: e.version.clone(),
                        note,
                    };
                    out.insert(e.assessment.clone(), check);
                }
            }
            _ => {}
        }
    }
    out
}

impl Record {
    /// Logs a check of assessment `id`'s tool against its signed version `version`.
    pub fn record_check(
        &self,
        id: &AssessmentId,
        version: &VersionId,
        note: &CheckNote,
        author: &str,
        now: &Timestamp,
    ) -> Result<(), RecordError> {
        self.check_common(author, now)?;
        let detail = to_canonical(note).map_err(|source| RecordError::Serialise {
            path: self.store.path.clone(),
            source,
        })?;
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
            if v.signature.is_none() {
                return tx.abort(self.invalid(
                    "checked version",
                    format!("version {} is not signed", version.short()),
                ));
            }
            tx.append_event(EventDraft {
                kind: EventKind::Checked,
                assessment: id,
                version: Some(version),
                status: a.status,
                author,
                at: now,
                detail: Some(&detail),
            })?;
            Ok(())
        })
    }

    /// For each assessment, the last check after its last signature.
    pub fn last_checks(&self) -> Result<BTreeMap<AssessmentId, LastCheck>, RecordError> {
        Ok(last_checks(&self.events()?))
    }
}
