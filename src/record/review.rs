//! Which signed DPIAs need a review (GDPR Art. 35(11): "at least when there is a change of
//! the risk"), each with its reasons: its review date has passed or falls within the window
//! asked for, and/or the tool drifted (the last `dpia check` after the last signature found
//! drift of severity `review` or `high`, see `super::checks`), and/or its record moved on
//! after the signature (changed after signing). Drift and changes make a review due whatever
//! the date.

use super::checks::LastCheck;
use super::dates::Date;
use super::error::RecordError;
use super::model::{AssessmentSummary, Status, Timestamp};
use super::Record;
use crate::drift::Severity;
use serde::Serialize;

/// A signed assessment due for review, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewDue {
    #[serde(flatten)]
    pub assessment: AssessmentSummary,
    /// The review date has passed.
    pub overdue: bool,
    pub reasons: Vec<ReviewReason>,
}

/// Why a review is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ReviewReason {
    /// The review date (`YYYY-MM-DD`) has passed or falls within the window.
    Date { due: String, overdue: bool },
    /// The last check after the signature found drift that needs a review.
    Drift {
        checked_at: Timestamp,
        worst: Severity,
        items: u64,
    },
    /// The record moved on after the signature: the head holds other, unsigned content.
    ChangedAfterSigning {
        signed_version: u64,
        signed_at: Timestamp,
    },
}

impl Record {
    /// Signed assessments whose review date has passed or falls within `within_days` of
    /// `today` (`YYYY-MM-DD`), or whose tool drifted since the signature, soonest date
    /// first. The review date is the signed version's `review_due`, or one year after its
    /// signing date.
    pub fn review_due(&self, today: &str, within_days: u32) -> Result<Vec<ReviewDue>, RecordError> {
        let today = Date::parse(today).ok_or_else(|| RecordError::InvalidInput {
            path: self.store.path.clone(),
            field: "date",
            message: format!("'{today}' is not a date like 2026-11-25"),
        })?;
        let limit = today.days() + i64::from(within_days);
        let checks = self.last_checks()?;
        let mut due: Vec<(Option<Date>, ReviewDue)> = Vec::new();
        for s in self.list()?.into_iter().filter(|s| {
            s.status == Status::Signed
                || (s.changed_after_signing.is_some()
                    && matches!(s.status, Status::Draft | Status::ReadyForSignoff))
        }) {
            let date = s.review_due.as_deref().and_then(Date::parse);
            let mut reasons = Vec::new();
            let mut overdue = false;
            if let Some(d) = date.filter(|d| d.days() <= limit) {
                overdue = d < today;
                reasons.push(ReviewReason::Date {
                    due: d.to_string(),
                    overdue,
                });
            }
            if let Some(reason) = checks.get(&s.id).and_then(drift_reason) {
                reasons.push(reason);
            }
            // A signed DPIA whose record moved on needs its review now, whatever its date.
            if let Some(c) = &s.changed_after_signing {
                reasons.push(ReviewReason::ChangedAfterSigning {
                    signed_version: c.number,
                    signed_at: c.signed_at.clone(),
                });
            }
            if !reasons.is_empty() {
                let entry = ReviewDue {
                    assessment: s,
                    overdue,
                    reasons,
                };
                due.push((date, entry));
            }
        }
        due.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.assessment.id.cmp(&b.1.assessment.id))
        });
        Ok(due.into_iter().map(|(_, d)| d).collect())
    }
}

fn drift_reason(check: &LastCheck) -> Option<ReviewReason> {
    let worst = check.note.worst.filter(|_| check.note.needs_review())?;
    Some(ReviewReason::Drift {
        checked_at: check.at.clone(),
        worst,
        items: check.note.items,
    })
}
