//! The records of a CNIL file that annotate the rest: evaluations (of a measure: its owner
//! and due date; of a risk: the residual severity and likelihood; of anything else: notes)
//! and comments, read into the import's [`State`].

use super::dates;
use super::import::{Builder, Slot};
use super::import_parts::{level, State, MEASURES, RISKS};
use super::model::{CnilFile, Evaluation};
use super::CnilError;
use crate::exchange::text::field_text;
use crate::questionnaire::AnswerValue;

impl State {
    /// Every evaluation: of a measure, a risk, an item or a question.
    pub fn evaluations(&mut self, b: &mut Builder<'_>, cnil: &CnilFile) -> Result<(), CnilError> {
        for (n, e) in cnil.evaluations.iter().enumerate() {
            let path = |rest: &str| format!("$.evaluations[{n}].{rest}");
            let reference = e.reference_to.trim().to_string();
            let due = match e.estimated_implementation_date.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(d) => Some(dates::day(d).ok_or_else(|| {
                    b.error(
                        path("estimated_implementation_date"),
                        format!("'{d}' is not an ISO-8601 date"),
                    )
                })?),
            };
            if let Some(named) = reference.strip_prefix("3.1.") {
                // The CNIL tool itself writes evaluations whose measure id is garbled
                // (`3.1.[object Object]`, in its own test PIA) and imports them as they are:
                // such a verdict is kept as a note on the measures, under the id it names.
                let Ok(mid) = named.trim().parse::<i64>() else {
                    eval_notes(
                        b,
                        MEASURES,
                        "measure_evaluation",
                        &format!("id {named}"),
                        e,
                        due.as_deref(),
                        true,
                    );
                    continue;
                };
                let key = self.measure_key(mid);
                let person = field_text(e.person_in_charge.as_deref().unwrap_or(""));
                let mapped = match self
                    .measure_by_id(mid)
                    .and_then(|i| self.measures.get_mut(i))
                {
                    Some(m) => {
                        if !person.is_empty() {
                            m.item.insert(
                                "owner".into(),
                                AnswerValue::Text(person.replace('\n', " ")),
                            );
                        }
                        if let Some(d) = &due {
                            m.item
                                .insert("status".into(), AnswerValue::Text("planned".into()));
                            m.item.insert("due".into(), AnswerValue::Text(d.clone()));
                        }
                        true
                    }
                    None => false,
                };
                eval_notes(
                    b,
                    MEASURES,
                    "measure_evaluation",
                    &key,
                    e,
                    due.as_deref(),
                    !mapped,
                );
                continue;
            }
            if let Some(r) = b.template.risks.iter().position(|r| r.item == reference) {
                let g = e.gauges.unwrap_or_default();
                let x = level(b, Some(g.x), path("gauges.x"))?;
                let y = level(b, Some(g.y), path("gauges.y"))?;
                if let Some(d) = self.risks.get_mut(r) {
                    d.residual = (x, y);
                }
                eval_notes(b, RISKS, "evaluation", &reference, e, due.as_deref(), true);
                continue;
            }
            let under = if let Some(item) = b.template.item(&reference) {
                Some(item.notes.clone())
            } else if self.custom.values().any(|c| c.item == reference) {
                Some(self.item_notes(b, &reference))
            } else {
                reference
                    .rsplit('.')
                    .next()
                    .filter(|_| reference.matches('.').count() == 2)
                    .and_then(|q| q.parse::<i64>().ok())
                    .and_then(|q| self.notes_of(b, q))
            };
            let Some(under) = under else {
                return Err(b.error(
                    path("reference_to"),
                    format!(
                        "'{reference}' is not an item, question or measure of the CNIL template"
                    ),
                ));
            };
            eval_notes(b, &under, "evaluation", &reference, e, due.as_deref(), true);
        }
        Ok(())
    }

    /// Every comment: on a question, or on a measure.
    pub fn comments(&mut self, b: &mut Builder<'_>, cnil: &CnilFile) -> Result<(), CnilError> {
        for (n, c) in cnil.comments.iter().enumerate() {
            let path = format!("$.comments[{n}].reference_to");
            let reference = c.reference_to.trim();
            let id: i64 = reference.parse().map_err(|_| {
                b.error(
                    path.clone(),
                    format!("'{reference}' is not a question or measure id"),
                )
            })?;
            let text = field_text(c.description.as_deref().unwrap_or(""));
            if c.for_measure == Some(true) {
                let key = self.measure_key(id);
                b.note(
                    MEASURES,
                    Slot::new("measure_comment", key, "description"),
                    &text,
                );
                continue;
            }
            let under = self
                .notes_of(b, id)
                .ok_or_else(|| self.unknown_question(b, id, path.clone()))?;
            b.note(
                &under,
                Slot::new("comment", id.to_string(), "description"),
                &text,
            );
        }
        Ok(())
    }
}

/// An evaluation's verdict, comments and (when not mapped) action plan as notes.
fn eval_notes(
    b: &mut Builder<'_>,
    under: &str,
    place: &'static str,
    key: &str,
    e: &Evaluation,
    due: Option<&str>,
    plan: bool,
) {
    let slot = |field: &'static str| Slot::new(place, key.to_string(), field);
    let code = |v: Option<i64>| {
        v.filter(|s| *s != 0)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    b.note(under, slot("status"), &code(e.status));
    b.note(under, slot("global_status"), &code(e.global_status));
    let text = |s: &Option<String>| field_text(s.as_deref().unwrap_or(""));
    b.note(
        under,
        slot("evaluation_comment"),
        &text(&e.evaluation_comment),
    );
    b.note(
        under,
        slot("action_plan_comment"),
        &text(&e.action_plan_comment),
    );
    if plan {
        b.note(
            under,
            slot("estimated_implementation_date"),
            due.unwrap_or(""),
        );
        b.note(under, slot("person_in_charge"), &text(&e.person_in_charge));
    }
}
