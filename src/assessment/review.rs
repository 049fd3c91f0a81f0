//! When a DPIA is next reviewed (GDPR Art. 35(11)): dpia suggests `signoff.next_review` from
//! the residual risk, the assessment date plus the months the reference table
//! (`src/reference/review.toml`, changeable per user) gives for the highest residual level.
//! While the DPO has not answered the question, the suggestion is pre-filled as a suggested
//! answer (to confirm, like the scan's suggestions) and a note says where it comes from; a
//! given date later than the suggestion is noted too (no issue: the DPO decides, and says
//! why in the answer).

use super::codes;
use super::finding::Finding;
use super::risk::Level;
use crate::calendar::Date;
use crate::questionnaire::{AnswerValue, Answers, Origin};
use crate::reference::ReviewIntervals;

/// The question the suggestion answers.
pub const NEXT_REVIEW: &str = "signoff.next_review";

/// A suggested review date and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedReview {
    pub date: Date,
    pub months: u32,
    pub level: Level,
}

/// The suggestion for a residual risk `level` assessed on `today`, if a level is known.
pub fn suggestion(
    level: Option<Level>,
    today: Date,
    intervals: &ReviewIntervals,
) -> Option<SuggestedReview> {
    let level = level?;
    let months = intervals.months(level.code())?;
    Some(SuggestedReview {
        date: today.plus_months(months),
        months,
        level,
    })
}

/// The note for the evaluation: the suggestion while the question is open, or a given date
/// later than the suggestion.
pub(super) fn note(answers: &Answers, s: Option<&SuggestedReview>) -> Option<Finding> {
    let s = s?;
    let finding = |code: &str| {
        Finding::new(code)
            .with("date", s.date.to_string())
            .with("months", s.months.to_string())
            .with("level", s.level.code())
    };
    match answers.values.get(NEXT_REVIEW) {
        Some(a) if a.origin == Origin::Given => match &a.value {
            AnswerValue::Text(given) if Date::parse(given).is_some_and(|g| g > s.date) => {
                Some(finding(codes::NOTE_REVIEW_LATER).with("given", given.as_str()))
            }
            _ => None,
        },
        _ => Some(finding(codes::NOTE_REVIEW_SUGGESTED)),
    }
}

/// Pre-fills the suggestion as a suggested answer unless the DPO answered (or has a draft);
/// a stale suggestion is replaced or, without a residual level, removed. Whether anything
/// changed.
pub fn prefill(answers: &mut Answers, s: Option<&SuggestedReview>) -> bool {
    let current = answers.values.get(NEXT_REVIEW);
    if current.is_some_and(|a| a.origin != Origin::SuggestedFromScan) {
        return false;
    }
    match s {
        Some(s) => {
            let value = AnswerValue::Text(s.date.to_string());
            if current.is_some_and(|a| a.value == value) {
                return false;
            }
            answers.set(NEXT_REVIEW, value, Origin::SuggestedFromScan);
            true
        }
        None => answers.values.remove(NEXT_REVIEW).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intervals() -> ReviewIntervals {
        crate::reference::Reference::builtin()
            .unwrap()
            .review_intervals
    }

    #[test]
    fn the_higher_the_residual_risk_the_sooner_the_review() {
        let today = Date::parse("2026-11-25").unwrap();
        let at = |level| {
            suggestion(Some(level), today, &intervals())
                .unwrap()
                .date
                .to_string()
        };
        assert_eq!(at(Level::High), "2027-05-25");
        assert_eq!(at(Level::VeryHigh), "2027-05-25");
        assert_eq!(at(Level::Moderate), "2027-11-25");
        assert_eq!(at(Level::Low), "2028-11-25");
        assert_eq!(suggestion(None, today, &intervals()), None);
    }

    #[test]
    fn the_suggestion_never_replaces_the_dpos_answer() {
        let today = Date::parse("2026-11-25").unwrap();
        let high = suggestion(Some(Level::High), today, &intervals());
        let mut answers = Answers::default();
        assert!(prefill(&mut answers, high.as_ref()));
        assert_eq!(
            answers.values[NEXT_REVIEW].origin,
            Origin::SuggestedFromScan
        );
        assert!(
            !prefill(&mut answers, high.as_ref()),
            "nothing changes twice"
        );
        let n = note(&answers, high.as_ref()).unwrap();
        assert!(n.is(codes::NOTE_REVIEW_SUGGESTED));
        answers.set(
            NEXT_REVIEW,
            AnswerValue::Text("2027-11-25".into()),
            Origin::Given,
        );
        assert!(!prefill(&mut answers, high.as_ref()));
        let n = note(&answers, high.as_ref()).unwrap();
        assert!(n.is(codes::NOTE_REVIEW_LATER), "{n:?}");
        assert_eq!(n.param("given").as_deref(), Some("2027-11-25"));
        answers.set(
            NEXT_REVIEW,
            AnswerValue::Text("2027-03-01".into()),
            Origin::Given,
        );
        assert_eq!(note(&answers, high.as_ref()), None, "sooner is fine");
        // Without a residual level, a stale suggestion goes.
        let mut suggested = Answers::default();
        prefill(&mut suggested, high.as_ref());
        assert!(prefill(&mut suggested, None));
        assert!(suggested.values.is_empty());
    }
}
