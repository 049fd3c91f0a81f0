//! An assessment being worked on: the questionnaire, the scan, the answers and their
//! evaluation, kept consistent. The TUI sets one answer at a time ([`Session::set`] validates
//! it like an answers file would and re-evaluates); `dpia new` and `dpia answer` build one from
//! a scan or a recorded version. [`Session::create`] and [`Session::save`] write it to the
//! record as a version and settle the status (draft while anything is missing, ready for
//! sign-off when nothing is). A session remembers the recorded version it was read from (its
//! base); when another writer recorded a version meanwhile, `save` re-applies this session's
//! own changes on top of it and says what happened (`save`). [`revise`] starts the successor
//! of a signed assessment.

pub mod revise;
mod save;
pub use revise::{revise, Rescan, Revision};
pub use save::{AnswerConflict, Rebase, Saved};

use crate::assessment::{evaluate_suggesting, Evaluation, Prepared};
use crate::calendar::Date;
use crate::questionnaire::answers::{convert, read_answers_file, Context};
use crate::questionnaire::{
    prefill, AnswerValue, Answers, AnswersError, Origin, Question, Questionnaire,
};
use crate::record::{RecordError, Version, VersionContent};
use crate::reference::Reference;
use crate::scan::{Category, ScanReport};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// Why a session could not be loaded or saved.
#[derive(Debug, Error)]
pub enum SessionError {
    #[error("the recorded {what} of version {version} cannot be read")]
    Recorded {
        what: &'static str,
        version: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot serialise the {what} for the record")]
    Serialise {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("this session was not read from the record, so it has no version to save after")]
    NoBase,
    #[error("the answers carried over do not fit the questionnaire")]
    Answers(#[source] Box<AnswersError>),
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// Why an answer was refused; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerError {
    #[error("unknown question '{0}'")]
    UnknownQuestion(String),
    #[error("question '{0}' has no suggested answer")]
    NoSuggestion(String),
    /// The value does not fit the question (type, choices, countries, dates, group fields).
    #[error("{reason}")]
    Invalid { question: String, reason: String },
}

/// Questionnaire, scan, answers and evaluation of one assessment.
#[derive(Debug, Clone)]
pub struct Session {
    pub questionnaire: Questionnaire,
    pub reference: Reference,
    pub scan: ScanReport,
    pub answers: Answers,
    pub evaluation: Evaluation,
    /// The date the evaluation judges against (overdue measures, expired decisions).
    pub today: Date,
    categories: BTreeSet<Category>,
    /// The recorded version this session was read from or last saved as.
    base: Option<save::Base>,
}

impl Session {
    /// A session from prepared parts (see [`crate::assessment::prepare`]).
    pub fn from_prepared(
        prepared: Prepared,
        questionnaire: Questionnaire,
        reference: Reference,
        today: Date,
    ) -> Session {
        let categories = prefill::scan_categories(&prepared.scan);
        Session {
            questionnaire,
            reference,
            scan: prepared.scan,
            answers: prepared.answers,
            evaluation: prepared.evaluation,
            today,
            categories,
            base: None,
        }
    }

    /// A new session on `scan`: answers pre-filled from it, then evaluated.
    pub fn start(
        scan: ScanReport,
        questionnaire: Questionnaire,
        reference: Reference,
        today: Date,
    ) -> Session {
        let answers = prefill::prefill(&questionnaire, &scan);
        Session::evaluated(scan, answers, questionnaire, reference, today)
    }

    /// A new session on `scan` with `given` answers (and their imported notes) laid over the
    /// scan's suggestions: an assessment imported from another tool's file.
    pub fn start_with(
        scan: ScanReport,
        given: Answers,
        questionnaire: Questionnaire,
        reference: Reference,
        today: Date,
    ) -> Session {
        let mut answers = prefill::prefill(&questionnaire, &scan);
        answers.values.extend(given.values);
        answers.notes = given.notes;
        Session::evaluated(scan, answers, questionnaire, reference, today)
    }

    /// The session a recorded version holds (its scan and answers, re-evaluated).
    pub fn from_version(
        version: &Version,
        questionnaire: Questionnaire,
        reference: Reference,
        today: Date,
    ) -> Result<Session, SessionError> {
        let scan: ScanReport = read_recorded("scan", &version.content.scan, version)?;
        let answers: Answers = read_recorded("answers", &version.content.answers, version)?;
        let mut session = Session::evaluated(scan, answers, questionnaire, reference, today);
        session.base = Some(save::Base::of(version)?);
        Ok(session)
    }

    fn evaluated(
        scan: ScanReport,
        mut answers: Answers,
        questionnaire: Questionnaire,
        reference: Reference,
        today: Date,
    ) -> Session {
        let evaluation =
            evaluate_suggesting(&questionnaire, &mut answers, &scan, &reference, today);
        let prepared = Prepared {
            scan,
            answers,
            evaluation,
        };
        Session::from_prepared(prepared, questionnaire, reference, today)
    }

    fn context(&self) -> Context<'_> {
        Context {
            scan_categories: &self.categories,
            reference: &self.reference,
        }
    }

    /// Words for the evaluation's findings in `lang`.
    pub fn words(&self, lang: crate::lang::Lang) -> crate::assessment::Words<'_> {
        crate::assessment::Words::new(lang, Some(&self.questionnaire), Some(&self.reference))
    }

    /// Whether `q` is shown with the current answers.
    pub fn visible(&self, q: &Question) -> bool {
        self.answers.visible(q, &self.context())
    }

    /// Whether group field `field` is shown for `item`.
    pub fn field_visible(&self, field: &Question, item: &BTreeMap<String, AnswerValue>) -> bool {
        self.answers.field_visible(field, item, &self.context())
    }

    /// The top-level question `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questionnaire.questions().find(|q| q.id == id)
    }

    /// Sets the DPO's answer to question `id` after checking it as an answers file would
    /// (type, choices, countries, dates, group fields); the evaluation follows.
    pub fn set(&mut self, id: &str, value: AnswerValue) -> Result<(), AnswerError> {
        let q = self
            .question(id)
            .ok_or_else(|| AnswerError::UnknownQuestion(id.to_string()))?;
        let checked = convert(q, &value.to_toml(), &self.reference).map_err(|reason| {
            AnswerError::Invalid {
                question: id.to_string(),
                reason,
            }
        })?;
        self.answers.set(id, checked, Origin::Given);
        self.reevaluate();
        Ok(())
    }

    /// Accepts a suggestion from the scan, or a draft, as the DPO's own answer (checked as
    /// [`Session::set`] checks it).
    pub fn confirm(&mut self, id: &str) -> Result<(), AnswerError> {
        let value = self
            .answers
            .values
            .get(id)
            .map(|a| a.value.clone())
            .ok_or_else(|| AnswerError::NoSuggestion(id.to_string()))?;
        self.set(id, value)
    }

    /// Keeps `value` for question `id` as a draft: what was typed when the terminal UI quit
    /// mid-answer. It replaces the answer and is no answer until confirmed
    /// ([`crate::questionnaire::Origin::Draft`]), so it is never signed unseen.
    pub fn set_draft(&mut self, id: &str, value: AnswerValue) -> Result<(), AnswerError> {
        if self.question(id).is_none() {
            return Err(AnswerError::UnknownQuestion(id.to_string()));
        }
        self.answers.set(id, value, Origin::Draft);
        self.reevaluate();
        Ok(())
    }

    /// Puts answers back as they were (undo): each `(id, answer)` pair is restored as it was
    /// recorded, with its origin; `None` removes the answer.
    pub fn restore(&mut self, answers: Vec<(String, Option<crate::questionnaire::Answer>)>) {
        for (id, answer) in answers {
            match answer {
                Some(a) => {
                    self.answers.values.insert(id, a);
                }
                None => {
                    self.answers.values.remove(&id);
                }
            }
        }
        self.reevaluate();
    }

    /// Lays an answers file (TOML, as for `dpia answer`) over the current answers; every value
    /// is checked as `dpia answer` checks it, and nothing changes when any is wrong.
    /// A file whose column review names columns this scan does not have (another tool's
    /// answers) is refused.
    pub fn apply_answers_file(&mut self, name: &str, text: &str) -> Result<(), AnswersError> {
        let answers = read_answers_file(
            name,
            text,
            &self.questionnaire,
            &self.answers,
            &self.context(),
        )?;
        crate::assessment::check_review_columns(name, text, &self.answers, &answers, &self.scan)?;
        self.answers = answers;
        self.reevaluate();
        Ok(())
    }

    /// Removes the answer to `id`.
    pub fn clear(&mut self, id: &str) {
        self.answers.values.remove(id);
        self.reevaluate();
    }

    /// Evaluates again (suggesting the next review from the residual risk while the DPO has
    /// not answered it).
    pub(crate) fn reevaluate(&mut self) {
        self.evaluation = evaluate_suggesting(
            &self.questionnaire,
            &mut self.answers,
            &self.scan,
            &self.reference,
            self.today,
        );
    }

    /// What a version records.
    pub fn content(&self) -> Result<VersionContent, SessionError> {
        let json = |what: &'static str, value: serde_json::Result<serde_json::Value>| {
            value.map_err(|source| SessionError::Serialise { what, source })
        };
        let review_due = match self.answers.get("signoff.next_review") {
            Some(AnswerValue::Text(d)) => Some(d.clone()),
            _ => None,
        };
        Ok(VersionContent {
            questionnaire_id: self.questionnaire.id.clone(),
            questionnaire_version: self.questionnaire.version.clone(),
            scan: json("scan", serde_json::to_value(&self.scan))?,
            answers: json("answers", serde_json::to_value(&self.answers))?,
            evaluation: json("evaluation", serde_json::to_value(&self.evaluation))?,
            review_due,
        })
    }
}

/// One part of a recorded version (scan, answers, evaluation), read back.
pub(crate) fn read_recorded<T: serde::de::DeserializeOwned>(
    what: &'static str,
    value: &serde_json::Value,
    version: &Version,
) -> Result<T, SessionError> {
    serde_json::from_value(value.clone()).map_err(|source| SessionError::Recorded {
        what,
        version: version.id.as_str().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan, Dictionary, NoProgress, ScanInput, ScanOptions};

    fn session() -> Session {
        let dict = Dictionary::builtin().unwrap();
        let tool = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/example/damage-reports");
        let report = scan(
            &[ScanInput::Path(tool)],
            &ScanOptions::new(crate::calendar::Date {
                year: 2026,
                month: 11,
                day: 25,
            }),
            &dict,
            &NoProgress,
        );
        Session::start(
            report,
            crate::questionnaire::builtin().unwrap(),
            Reference::builtin().unwrap(),
            crate::calendar::Date::parse("2026-11-25").unwrap(),
        )
    }

    #[test]
    fn set_validates_like_an_answers_file() {
        let mut s = session();
        let before = s.evaluation.progress.answered;
        s.set(
            "description.controller",
            AnswerValue::Text("Beispiel GmbH".into()),
        )
        .unwrap();
        assert_eq!(s.evaluation.progress.answered, before + 1);
        let err = s
            .set("description.controller", AnswerValue::Text("  ".into()))
            .unwrap_err();
        assert!(
            matches!(&err, AnswerError::Invalid { question, reason }
                if question == "description.controller" && reason.contains("empty")),
            "{err}"
        );
        let err = s.set("nope", AnswerValue::Bool(true)).unwrap_err();
        assert_eq!(err, AnswerError::UnknownQuestion("nope".into()));
        assert_eq!(err.to_string(), "unknown question 'nope'");
    }

    #[test]
    fn suggestions_can_be_confirmed_and_answers_cleared() {
        let mut s = session();
        let suggested = s
            .answers
            .values
            .iter()
            .find(|(_, a)| a.origin == Origin::SuggestedFromScan)
            .map(|(id, _)| id.clone())
            .expect("the example pre-fills something");
        s.confirm(&suggested).unwrap();
        assert_eq!(s.answers.values[&suggested].origin, Origin::Given);
        s.clear(&suggested);
        assert!(s.answers.get(&suggested).is_none());
    }

    #[test]
    fn a_draft_is_no_answer_until_confirmed() {
        let mut s = session();
        let before = s.evaluation.progress.answered;
        s.set_draft(
            "description.purposes",
            AnswerValue::Text("Tenants report dam".into()),
        )
        .unwrap();
        assert_eq!(s.answers.get("description.purposes"), None);
        assert_eq!(s.evaluation.progress.answered, before);
        assert!(s
            .evaluation
            .missing
            .iter()
            .any(|m| m.question == "description.purposes" && m.finding.is("missing.draft")));
        s.confirm("description.purposes").unwrap();
        assert_eq!(s.evaluation.progress.answered, before + 1);
        assert_eq!(
            s.answers.values["description.purposes"].origin,
            Origin::Given
        );
    }

    #[test]
    fn restore_puts_answers_back_with_their_origin() {
        let mut s = session();
        let (id, suggested) = s
            .answers
            .values
            .iter()
            .find(|(_, a)| a.origin == Origin::SuggestedFromScan)
            .map(|(id, a)| (id.clone(), a.clone()))
            .unwrap();
        s.clear(&id);
        s.set("description.controller", AnswerValue::Text("X GmbH".into()))
            .unwrap();
        s.restore(vec![
            (id.clone(), Some(suggested.clone())),
            ("description.controller".into(), None),
        ]);
        assert_eq!(s.answers.values.get(&id), Some(&suggested));
        assert!(s.answers.get("description.controller").is_none());
    }

    #[test]
    fn another_tools_column_review_is_refused_and_changes_nothing() {
        let mut s = session();
        let before = s.answers.clone();
        let text = "questionnaire = \"dpia-gdpr\"\n\n[[\"description.columns\"]]\ncolumn = \"absences.note\"\ncategories = [\"health\"]\ndecision = \"confirmed\"\nminimisation = \"needed\"\n";
        let e = s.apply_answers_file("hr.toml", text).unwrap_err();
        let problem = e.problems[0].to_string();
        assert!(problem.contains("hr.toml:3"), "{problem}");
        assert!(problem.contains("'absences.note'"), "{problem}");
        assert_eq!(s.answers, before);
        // A column this scan has is fine.
        let ok = text.replace("absences.note", "tenants.email");
        s.apply_answers_file("mine.toml", &ok).unwrap();
    }
}
