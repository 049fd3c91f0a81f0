//! The records of a CNIL file `export` writes to annotate the rest: evaluations (of items
//! and questions from notes; of measures with their owner and due date; of the three risks
//! with the residual severity as `x` and likelihood as `y`) and comments (on questions and
//! measures, and the risks the CNIL's three items cannot hold).

use super::dates;
use super::export::ExportInput;
use super::export_custom::{is_custom, is_custom_reference, CustomQuestion};
use super::export_parts::{
    int_of, item_words, items, measure_keys, text_of, MeasureIds, Notes, FIELDS,
};
use super::model::{Comment, Evaluation, Gauges};
use crate::exchange::text::text_to_html;

/// One evaluation record, from notes at `place`/`key` and what the answers say.
struct Verdict {
    status: Option<i64>,
    global_status: Option<i64>,
    comment: String,
    plan: String,
    due: Option<String>,
    person: String,
    gauges: (i64, i64),
}

impl Verdict {
    fn from_notes(notes: &Notes<'_>, place: &str, key: &str) -> Verdict {
        let get = |f: &str| notes.get(place, key, f).unwrap_or("").to_string();
        Verdict {
            status: get("status").parse().ok(),
            global_status: get("global_status").parse().ok(),
            comment: get("evaluation_comment"),
            plan: get("action_plan_comment"),
            due: notes
                .get(place, key, "estimated_implementation_date")
                .map(str::to_string),
            person: get("person_in_charge"),
            gauges: (0, 0),
        }
    }

    fn is_empty(&self) -> bool {
        self.status.unwrap_or(0) == 0
            && self.global_status.unwrap_or(0) == 0
            && self.comment.is_empty()
            && self.plan.is_empty()
            && self.due.is_none()
            && self.person.is_empty()
            && self.gauges == (0, 0)
    }

    fn record(self, n: usize, reference: String, created: &str, updated: &str) -> Evaluation {
        Evaluation {
            id: Some(n as i64 + 1),
            pia_id: Some(1),
            reference_to: reference,
            status: Some(self.status.unwrap_or(0)),
            global_status: Some(self.global_status.unwrap_or(0)),
            evaluation_comment: Some(text_to_html(&self.comment)),
            action_plan_comment: Some(text_to_html(&self.plan)),
            estimated_implementation_date: self.due.as_deref().map(dates::from_day),
            person_in_charge: Some(self.person),
            gauges: Some(Gauges {
                x: self.gauges.0,
                y: self.gauges.1,
            }),
            evaluation_date: None,
            created_at: Some(created.to_string()),
            updated_at: Some(updated.to_string()),
        }
    }
}

/// Whether an evaluation reference names a part of the default template.
fn default_reference(input: &ExportInput<'_>, reference: &str) -> bool {
    let t = input.template;
    t.item(reference).is_some()
        || reference
            .rsplit('.')
            .next()
            .filter(|_| reference.matches('.').count() == 2)
            .and_then(|q| q.parse::<i64>().ok())
            .is_some_and(|q| t.knows(q))
}

/// The evaluations: of items and questions (from notes), measures and risks.
pub(super) fn evaluations(
    input: &ExportInput<'_>,
    notes: &Notes<'_>,
    ids: &MeasureIds,
    custom: &[CustomQuestion],
    created: &str,
    updated: &str,
) -> Vec<Evaluation> {
    let mut out: Vec<(String, Verdict)> = Vec::new();
    for key in notes.keys("evaluation") {
        let written = default_reference(input, key) || is_custom_reference(custom, key);
        if input.template.risk(key).is_none() && written {
            out.push((
                key.to_string(),
                Verdict::from_notes(notes, "evaluation", key),
            ));
        }
    }
    let measures = items(input, "measures.list");
    for (item, key) in measures.iter().zip(measure_keys(measures)) {
        let mut v = Verdict::from_notes(notes, "measure_evaluation", &key);
        v.person = text_of(item, "owner");
        v.due = (text_of(item, "status") == "planned")
            .then(|| text_of(item, "due"))
            .filter(|d| !d.is_empty());
        if let Some(id) = ids.id(&key) {
            out.push((format!("3.1.{id}"), v));
        }
    }
    for key in notes
        .keys("measure_evaluation")
        .into_iter()
        .filter(|k| k.starts_with("id "))
    {
        // A measure id the file had garbled is written back as it was.
        let reference = match ids.id(key) {
            Some(id) => format!("3.1.{id}"),
            None => format!("3.1.{}", key.trim_start_matches("id ")),
        };
        out.push((
            reference,
            Verdict::from_notes(notes, "measure_evaluation", key),
        ));
    }
    let risks = items(input, "risks.list");
    for risk in &input.template.risks {
        let mut v = Verdict::from_notes(notes, "evaluation", &risk.item);
        if let Some(item) = risks.iter().find(|i| text_of(i, "event") == risk.event) {
            let level = |f: &str| int_of(item, f).unwrap_or(0);
            v.gauges = (level("residual_severity"), level("residual_likelihood"));
            // The DPO's decision on the residual risk, where the file had no verdict.
            if v.status.is_none() {
                v.status = match text_of(item, "residual_acceptable").as_str() {
                    "acceptable" => Some(3),
                    "not_acceptable" => Some(1),
                    _ => None,
                };
                if v.status.is_some() && v.global_status.is_none() {
                    v.global_status = Some(2);
                }
            }
            if v.comment.is_empty() {
                v.comment = text_of(item, "residual_reason");
            }
        }
        out.push((risk.item.clone(), v));
    }
    out.into_iter()
        .filter(|(_, v)| !v.is_empty())
        .enumerate()
        .map(|(n, (reference, v))| v.record(n, reference, created, updated))
        .collect()
}

/// The comments: on questions and measures (from notes), the risks the three CNIL items
/// cannot hold, and what a custom CNIL template added that the notes do not place in it (on
/// question 111; questions kept with their template item are written back as themselves).
pub(super) fn comments(
    input: &ExportInput<'_>,
    notes: &Notes<'_>,
    ids: &MeasureIds,
    custom: &[CustomQuestion],
    created: &str,
    updated: &str,
) -> Vec<Comment> {
    let mut out: Vec<(String, bool, String)> = Vec::new();
    // Questions of the default template, and of the custom template the file carries.
    let known = |key: &str| {
        key.parse::<i64>().is_ok_and(|q| input.template.knows(q)) || is_custom(custom, key)
    };
    for key in notes.keys("comment") {
        for text in notes.all_of("comment", key, "description") {
            let target = if known(key) { key } else { "111" };
            let text = if known(key) {
                text.to_string()
            } else {
                format!("({key}) {text}")
            };
            out.push((target.to_string(), false, text));
        }
    }
    for key in notes.keys("measure_comment") {
        if let Some(id) = ids.id(key) {
            for text in notes.all_of("measure_comment", key, "description") {
                out.push((id.to_string(), true, text.to_string()));
            }
        }
    }
    // Answers and evaluations of a custom template's questions: words on question 111.
    for place in ["answer", "evaluation"] {
        for key in notes.keys(place) {
            let unwritten = match place {
                "answer" => !known(key),
                _ => {
                    input.template.risk(key).is_none()
                        && !default_reference(input, key)
                        && !is_custom_reference(custom, key)
                }
            };
            if !unwritten {
                continue;
            }
            let lines: Vec<String> = FIELDS
                .iter()
                .filter_map(|f| notes.get(place, key, f).map(|t| format!("{f}: {t}")))
                .collect();
            out.push((
                "111".into(),
                false,
                format!("({key})\n{}", lines.join("\n")),
            ));
        }
    }
    out.extend(extra_risks(input));
    out.into_iter()
        .enumerate()
        .map(|(n, (reference_to, for_measure, description))| Comment {
            id: Some(n as i64 + 1),
            pia_id: Some(1),
            description: Some(description),
            reference_to,
            for_measure: Some(for_measure),
            created_at: Some(created.to_string()),
            updated_at: Some(updated.to_string()),
        })
        .collect()
}

/// Risks beyond the first of each of the CNIL's three feared events (and risk titles of
/// dpia's own), as comments on the nearest CNIL risk's first question.
fn extra_risks(input: &ExportInput<'_>) -> Vec<(String, bool, String)> {
    let labels: Vec<String> = input
        .questionnaire
        .question("risks.list")
        .and_then(|q| q.field("event"))
        .map(|f| {
            f.choices
                .iter()
                .flat_map(|c| c.label.0.values().cloned())
                .collect()
        })
        .unwrap_or_default();
    let t = input.template;
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items(input, "risks.list") {
        let event = text_of(item, "event");
        let first = t.risks.iter().any(|r| r.event == event) && !seen.contains(&event);
        seen.push(event.clone());
        let title = text_of(item, "title");
        let fields: &[&str] = if first {
            if title.is_empty() || labels.contains(&title) {
                continue;
            }
            &["id", "title"]
        } else {
            &[
                "id",
                "title",
                "event",
                "impacts",
                "threats",
                "sources",
                "severity",
                "likelihood",
                "residual_severity",
                "residual_likelihood",
                "residual_acceptable",
                "residual_reason",
            ]
        };
        // Integrity risks of generated code are nearest to unwanted modification (3.3), the
        // harm of the processing as designed to illegitimate access (3.2).
        let near = match event.as_str() {
            "incorrect_processing" => "unwanted_modification",
            e if t.risks.iter().any(|r| r.event == e) => e,
            _ => "illegitimate_access",
        };
        if let Some(r) = t.risks.iter().find(|r| r.event == near) {
            out.push((
                r.impacts.to_string(),
                false,
                item_words(input, "risks.list", item, fields),
            ));
        }
    }
    out
}
