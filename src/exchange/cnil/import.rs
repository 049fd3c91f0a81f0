//! A CNIL PIA file → answers to the built-in questionnaire, plus imported notes for all that
//! does not map. All or nothing: a file that cannot be read whole is an error naming its JSON
//! path, and nothing is imported.
//!
//! What maps (`template.toml` has the question-by-question table):
//! - answers of sections 1-2 to the description and necessity questions they match (111
//!   purposes, 113 codes of conduct, 212 lawful basis, 213 minimisation, 214 accuracy, 215
//!   retention); the other questions' texts are notes under the nearest question;
//! - the three risks (3.2-3.4) to `risks.list` items R1… with their feared event, impacts,
//!   threats and sources (the tags, one per line), severity and likelihood (gauges 1-4; 0 is
//!   "not rated"), and the evaluation's re-rating after the action plan as the residual
//!   severity (`x`) and likelihood (`y`);
//! - measures to `measures.list` items (title; the risks whose answers 324/334/344 list
//!   it; an action plan's person in charge as owner and its date as due date, the measure
//!   then being planned); their descriptions are notes;
//! - `dpos_names` to the DPO's contact, `dpo_opinion` to the DPO's advice, whether the
//!   data subjects' views were sought, their views or why they were not sought, and the
//!   validator's name as who approved the measures when the PIA is validated (status 2, 3).
//!
//! Notes: comments, evaluations, the PIA's status, category, author and evaluator, the DPO's
//! and data subjects' verdicts, refusal reasons, texts of questions without a match and of
//! questions a custom template adds. Not read: ids, creation and update times, lock
//! versions, progress, the knowledge-base key of a measure (`placeholder`): they describe the
//! CNIL tool's database, not the assessment. The PIA's status and the evaluators' verdicts
//! never become the controller's decision or the DPO's acceptance of a residual risk: those
//! are legal conclusions the DPO makes in dpia.

use super::import_parts::State;
use super::model::{CnilFile, Pia};
use super::template::{Target, Template};
use super::{CnilError, SOURCE};
use crate::exchange::text::field_text;
use crate::questionnaire::answers::{convert, Context};
use crate::questionnaire::{AnswerValue, Answers, ImportedNote, Origin, Questionnaire};
use crate::reference::Reference;
use crate::scan::Category;
use std::collections::{BTreeMap, BTreeSet};

/// What a CNIL file says, as dpia answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The PIA's name, if it has one (the assessment's title unless another is given).
    pub name: Option<String>,
    /// Given answers and imported notes, each answer checked against its question.
    pub answers: Answers,
}

/// Where a value came from in the file: what it becomes as a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slot {
    pub place: &'static str,
    pub key: String,
    pub field: &'static str,
}

impl Slot {
    pub fn new(place: &'static str, key: impl Into<String>, field: &'static str) -> Slot {
        Slot {
            place,
            key: key.into(),
            field,
        }
    }
}

/// Answers and notes being collected, with the slot each answer came from (so an answer the
/// questionnaire hides becomes a note again).
pub(super) struct Builder<'a> {
    pub file: &'a str,
    pub questionnaire: &'a Questionnaire,
    pub reference: &'a Reference,
    pub template: &'a Template,
    pub lang: crate::lang::Lang,
    answers: Answers,
    slots: BTreeMap<String, (Slot, String)>,
}

impl Builder<'_> {
    pub fn error(&self, path: String, message: String) -> CnilError {
        CnilError {
            file: self.file.to_string(),
            path,
            message,
        }
    }

    /// Keeps `text` as a note under dpia question `under` (nothing when it is empty).
    pub fn note(&mut self, under: &str, slot: Slot, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.answers
            .notes
            .entry(under.to_string())
            .or_default()
            .push(ImportedNote {
                source: SOURCE.to_string(),
                place: slot.place.to_string(),
                key: slot.key,
                field: slot.field.to_string(),
                text: text.to_string(),
            });
    }

    /// How many notes `under` holds.
    pub fn notes_len(&self, under: &str) -> usize {
        self.answers.notes.get(under).map_or(0, Vec::len)
    }

    /// Sets the answer to `id`, checked as an answers file is checked; a second value for
    /// the same question is kept as a note.
    pub fn answer(
        &mut self,
        id: &str,
        value: AnswerValue,
        slot: Slot,
        notes: &str,
        path: &str,
    ) -> Result<(), CnilError> {
        let Some(q) = self.questionnaire.question(id) else {
            return Err(self.error(path.into(), format!("dpia has no question '{id}'")));
        };
        if self.answers.values.contains_key(id) {
            let text = crate::questionnaire::display::value_text(q, &value, self.lang);
            self.note(notes, slot, &text);
            return Ok(());
        }
        let checked = convert(q, &value.to_toml(), self.reference)
            .map_err(|message| self.error(path.into(), message))?;
        self.answers.set(id, checked, Origin::Given);
        self.slots.insert(id.to_string(), (slot, notes.to_string()));
        Ok(())
    }

    /// Text answers the questionnaire does not show with the other answers become notes.
    fn settle_visibility(&mut self) {
        let categories: BTreeSet<Category> = BTreeSet::new();
        let ctx = Context {
            scan_categories: &categories,
            reference: self.reference,
        };
        let hidden: Vec<String> = self
            .answers
            .values
            .keys()
            .filter(|id| {
                self.questionnaire
                    .question(id)
                    .is_some_and(|q| !self.answers.visible(q, &ctx))
            })
            .cloned()
            .collect();
        for id in hidden {
            let (Some(answer), Some((slot, notes))) =
                (self.answers.values.remove(&id), self.slots.remove(&id))
            else {
                continue;
            };
            if let AnswerValue::Text(text) = answer.value {
                self.note(&notes, slot, &text);
            }
        }
    }
}

/// Imports a parsed CNIL file (named `file` in errors) into answers to `questionnaire`;
/// risk titles are the feared events' labels in `lang`.
pub fn import(
    file: &str,
    cnil: &CnilFile,
    questionnaire: &Questionnaire,
    reference: &Reference,
    lang: crate::lang::Lang,
) -> Result<Imported, CnilError> {
    let template = Template::builtin(questionnaire).map_err(|problems| CnilError {
        file: file.to_string(),
        path: "$".into(),
        message: format!(
            "the CNIL mapping does not fit this questionnaire: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ),
    })?;
    let mut b = Builder {
        file,
        questionnaire,
        reference,
        template: &template,
        lang,
        answers: Answers::default(),
        slots: BTreeMap::new(),
    };
    let mut state = State::new(&mut b, cnil);
    pia_fields(&mut b, &cnil.pia)?;
    state.answers(&mut b, cnil)?;
    state.evaluations(&mut b, cnil)?;
    state.comments(&mut b, cnil)?;
    state.finish(&mut b)?;
    b.settle_visibility();
    let mut answers = b.answers;
    // Notes are held to the size of an answer: a note of megabytes would make a report of
    // thousands of pages.
    let limit = crate::questionnaire::answers::MAX_TEXT_ANSWER;
    if let Some(n) = answers
        .notes
        .values()
        .flatten()
        .find(|n| n.text.len() > limit)
    {
        return Err(CnilError {
            file: file.to_string(),
            path: "$".into(),
            message: format!(
                "the text of {} {} ({}) is {} KB long; dpia keeps at most {} KB",
                n.place,
                n.key,
                n.field,
                n.text.len().div_ceil(1024),
                limit / 1024
            ),
        });
    }
    for notes in answers.notes.values_mut() {
        notes.sort_by_key(order);
    }
    let name = cnil
        .pia
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Ok(Imported { name, answers })
}

/// Notes in an order that does not depend on the order of the file's records (so a file
/// and its re-export import to equal notes); equal places keep the file's order.
fn order(n: &ImportedNote) -> (usize, String, usize) {
    const PLACES: &[&str] = &[
        "pia",
        "answer",
        "measure",
        "measure_evaluation",
        "measure_comment",
        "evaluation",
        "comment",
    ];
    let place = PLACES.iter().position(|p| *p == n.place).unwrap_or(99);
    let field = super::export_parts::FIELDS
        .iter()
        .position(|f| *f == n.field)
        .unwrap_or(99);
    (place, n.key.clone(), field)
}

/// The names in role `role` (server mode), as "First Last, …".
fn role_names(pia: &Pia, role: &str) -> String {
    pia.user_pias
        .iter()
        .flatten()
        .filter(|u| u.role.as_deref() == Some(role))
        .filter_map(|u| u.user.as_ref())
        .map(|u| {
            format!(
                "{} {}",
                u.firstname.as_deref().unwrap_or(""),
                u.lastname.as_deref().unwrap_or("")
            )
            .trim()
            .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `pia` object's fields.
fn pia_fields(b: &mut Builder<'_>, pia: &Pia) -> Result<(), CnilError> {
    let text = |s: &Option<String>| field_text(s.as_deref().unwrap_or(""));
    let pia_slot = |field: &'static str| Slot::new("pia", "", field);
    let path = |field: &str| format!("$.pia.{field}");
    b.note(
        "description.purposes",
        pia_slot("category"),
        &text(&pia.category),
    );
    b.note(
        "description.purposes",
        pia_slot("structure_name"),
        &text(&pia.structure_name),
    );
    b.note(
        "description.purposes",
        pia_slot("structure_sector_name"),
        &text(&pia.structure_sector_name),
    );
    let status = pia.status.unwrap_or(0);
    if status != 0 {
        b.note("signoff.decision", pia_slot("status"), &status.to_string());
    }
    let name = |given: &Option<String>, role: &str| {
        let given = text(given);
        if given.is_empty() {
            role_names(pia, role)
        } else {
            given
        }
    };
    let approvals = "signoff.measures_approved_by";
    b.note(
        approvals,
        pia_slot("author_name"),
        &name(&pia.author_name, "author"),
    );
    b.note(
        approvals,
        pia_slot("evaluator_name"),
        &name(&pia.evaluator_name, "evaluator"),
    );
    let validator = name(&pia.validator_name, "validator");
    // Only a validated PIA (simple or signed validation) says the validator approved it.
    if matches!(status, 2 | 3) && !validator.is_empty() {
        let slot = pia_slot("validator_name");
        b.answer(
            approvals,
            AnswerValue::Text(validator),
            slot,
            approvals,
            &path("validator_name"),
        )?;
    } else {
        b.note(approvals, pia_slot("validator_name"), &validator);
    }
    let set_text = |b: &mut Builder<'_>,
                    field: &'static str,
                    value: &Option<String>,
                    id: &str,
                    notes: &str| {
        let t = text(value);
        if t.is_empty() {
            return Ok(());
        }
        b.answer(
            id,
            AnswerValue::Text(t),
            pia_slot(field),
            notes,
            &path(field),
        )
    };
    set_text(
        b,
        "dpos_names",
        &pia.dpos_names,
        "description.dpo_contact",
        "description.dpo_contact",
    )?;
    set_text(
        b,
        "dpo_opinion",
        &pia.dpo_opinion,
        "signoff.dpo_advice",
        "signoff.dpo_advice",
    )?;
    if let Some(s) = pia.dpo_status {
        b.note("signoff.dpo_advice", pia_slot("dpo_status"), &s.to_string());
    }
    let views = "signoff.views_sought";
    if let Some(sought) = pia.concerned_people_searched_opinion {
        let slot = pia_slot("concerned_people_searched_opinion");
        b.answer(
            views,
            AnswerValue::Bool(sought),
            slot,
            views,
            &path("concerned_people_searched_opinion"),
        )?;
    }
    set_text(
        b,
        "concerned_people_searched_content",
        &pia.concerned_people_searched_content,
        "signoff.views_not_sought_reason",
        views,
    )?;
    set_text(
        b,
        "concerned_people_opinion",
        &pia.concerned_people_opinion,
        "signoff.views_summary",
        views,
    )?;
    b.note(views, pia_slot("people_names"), &text(&pia.people_names));
    if let Some(s) = pia.concerned_people_status {
        b.note(views, pia_slot("concerned_people_status"), &s.to_string());
    }
    b.note(
        "signoff.decision",
        pia_slot("rejection_reason"),
        &text(&pia.rejection_reason),
    );
    b.note(
        "signoff.decision",
        pia_slot("applied_adjustments"),
        &text(&pia.applied_adjustments),
    );
    Ok(())
}

/// Where a default text question's answer goes (for `import_parts`).
pub(super) fn text_target(template: &Template, id: i64) -> Option<&Target> {
    template.question(id).map(|q| &q.target)
}
