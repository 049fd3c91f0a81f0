//! The parts of a CNIL file `export` writes from groups and notes: the three risks' answers,
//! the measures (with the ids evaluations and comments refer to), evaluations and comments.

use super::export::{paragraphs, ExportInput};
use super::model::Measure;
use super::SOURCE;
use crate::exchange::text::text_to_html;
use crate::questionnaire::{AnswerValue, Answers, ImportedNote};
use std::collections::BTreeMap;

pub(super) type Item = BTreeMap<String, AnswerValue>;

/// Every note field an import writes, in the order notes are kept and shown.
pub(crate) const FIELDS: &[&str] = &[
    "text",
    "list",
    "gauge",
    "title",
    "item",
    "content",
    "description",
    "status",
    "global_status",
    "evaluation_comment",
    "action_plan_comment",
    "estimated_implementation_date",
    "person_in_charge",
    "category",
    "structure_name",
    "structure_sector_name",
    "author_name",
    "evaluator_name",
    "validator_name",
    "dpos_names",
    "dpo_opinion",
    "dpo_status",
    "concerned_people_searched_opinion",
    "concerned_people_searched_content",
    "people_names",
    "concerned_people_status",
    "concerned_people_opinion",
    "rejection_reason",
    "applied_adjustments",
];

/// The CNIL notes of an assessment, in the order they are kept.
pub(super) struct Notes<'a> {
    all: Vec<&'a ImportedNote>,
}

impl<'a> Notes<'a> {
    pub fn of(answers: &'a Answers) -> Notes<'a> {
        Notes {
            all: answers
                .notes
                .values()
                .flatten()
                .filter(|n| n.source == SOURCE)
                .collect(),
        }
    }

    fn matching(&self, place: &str, key: &str, field: &str) -> Vec<&'a str> {
        self.all
            .iter()
            .filter(|n| n.place == place && n.key == key && n.field == field)
            .map(|n| n.text.as_str())
            .collect()
    }

    pub fn get(&self, place: &str, key: &str, field: &str) -> Option<&'a str> {
        self.matching(place, key, field).into_iter().next()
    }

    pub fn lines(&self, place: &str, key: &str, field: &str) -> Option<Vec<String>> {
        self.get(place, key, field)
            .map(|t| t.lines().map(str::to_string).collect())
    }

    pub fn gauge(&self, key: &str) -> Option<i64> {
        self.get("answer", key, "gauge")
            .and_then(|g| g.parse().ok())
    }

    /// The keys of `place`, in order, once each.
    pub fn keys(&self, place: &str) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self.all.iter().filter(|n| n.place == place) {
            if !out.contains(&n.key.as_str()) {
                out.push(&n.key);
            }
        }
        out
    }

    pub fn all_of(&self, place: &str, key: &str, field: &str) -> Vec<&'a str> {
        self.matching(place, key, field)
    }
}

pub(super) fn text_of(item: &Item, field: &str) -> String {
    match item.get(field) {
        Some(AnswerValue::Text(t)) => t.trim().to_string(),
        _ => String::new(),
    }
}

pub(super) fn int_of(item: &Item, field: &str) -> Option<i64> {
    match item.get(field) {
        Some(AnswerValue::Int(i)) => Some(*i),
        _ => None,
    }
}

pub(super) fn items<'a>(input: &'a ExportInput<'_>, id: &str) -> &'a [Item] {
    match input.given(id) {
        Some(AnswerValue::Group(items)) => items,
        _ => &[],
    }
}

/// The fields of a group item in words, one `Heading: value` line each.
pub(super) fn item_words(
    input: &ExportInput<'_>,
    group: &str,
    item: &Item,
    fields: &[&str],
) -> String {
    let Some(q) = input.questionnaire.question(group) else {
        return String::new();
    };
    fields
        .iter()
        .filter_map(|f| {
            let field = q.field(f)?;
            let v = item.get(*f)?;
            let words = crate::questionnaire::display::value_text(field, v, input.lang);
            (!words.trim().is_empty())
                .then(|| format!("{}: {}", field.heading(input.lang), words.trim()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One answer to write: question id, text, list, gauge.
pub(super) struct Part {
    pub id: i64,
    pub text: String,
    pub list: Option<Vec<String>>,
    pub gauge: Option<i64>,
}

/// The answers of the three risks.
pub(super) fn risk_answers(input: &ExportInput<'_>, notes: &Notes<'_>) -> Vec<Part> {
    let risks = items(input, "risks.list");
    let measures = items(input, "measures.list");
    let mut out = Vec::new();
    for risk in &input.template.risks {
        let item = risks.iter().find(|i| text_of(i, "event") == risk.event);
        let rid = item.map(|i| text_of(i, "id")).unwrap_or_default();
        let text = |id: i64| {
            notes
                .get("answer", &id.to_string(), "text")
                .unwrap_or("")
                .to_string()
        };
        let listed = |id: i64, field: &str| {
            let mut list: Vec<String> = item
                .map(|i| text_of(i, field))
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            list.extend(
                notes
                    .lines("answer", &id.to_string(), "list")
                    .unwrap_or_default(),
            );
            Some(list)
        };
        for (id, field) in [
            (risk.impacts, "impacts"),
            (risk.threats, "threats"),
            (risk.sources, "sources"),
        ] {
            out.push(Part {
                id,
                text: text(id),
                list: listed(id, field),
                gauge: notes.gauge(&id.to_string()),
            });
        }
        let mut linked: Vec<String> = Vec::new();
        if !rid.is_empty() {
            for m in measures {
                let title = text_of(m, "measure");
                let links = text_of(m, "risks");
                if !title.is_empty()
                    && links.split(',').any(|r| r.trim() == rid)
                    && !linked.contains(&title)
                {
                    linked.push(title);
                }
            }
        }
        linked.extend(
            notes
                .lines("answer", &risk.measures.to_string(), "list")
                .unwrap_or_default(),
        );
        out.push(Part {
            id: risk.measures,
            text: text(risk.measures),
            list: Some(linked),
            gauge: notes.gauge(&risk.measures.to_string()),
        });
        for (id, field) in [(risk.severity, "severity"), (risk.likelihood, "likelihood")] {
            let gauge = item.and_then(|i| int_of(i, field));
            out.push(Part {
                id,
                text: text(id),
                list: notes.lines("answer", &id.to_string(), "list"),
                gauge,
            });
        }
    }
    out
}

/// A measure's note key, as the import gives it: its title, or `#n` when it has none or an
/// earlier measure has the same.
pub(super) fn measure_keys(measures: &[Item]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    let mut keys = Vec::new();
    for (n, m) in measures.iter().enumerate() {
        let title = text_of(m, "measure");
        keys.push(if title.is_empty() || titles.contains(&title) {
            format!("#{}", n + 1)
        } else {
            title.clone()
        });
        titles.push(title);
    }
    keys
}

/// The CNIL id each measure is written with, by its note key; measures a file referred to
/// by ids it did not have (`id N`) keep those, and the written ids start above them.
pub(super) struct MeasureIds {
    keys: Vec<(String, i64)>,
}

impl MeasureIds {
    pub fn id(&self, key: &str) -> Option<i64> {
        if let Some(n) = key.strip_prefix("id ").and_then(|n| n.parse().ok()) {
            return Some(n);
        }
        self.keys.iter().find(|(k, _)| k == key).map(|(_, id)| *id)
    }
}

/// The measures and the ids they are written with.
pub(super) fn measures(
    input: &ExportInput<'_>,
    notes: &Notes<'_>,
    created: &str,
    updated: &str,
) -> (Vec<Measure>, MeasureIds) {
    let list = items(input, "measures.list");
    let stale = ["measure_comment", "measure_evaluation"]
        .iter()
        .flat_map(|p| notes.keys(p))
        .filter_map(|k| k.strip_prefix("id ").and_then(|n| n.parse::<i64>().ok()))
        .max()
        .unwrap_or(0)
        .max(0);
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for (n, (item, key)) in list.iter().zip(measure_keys(list)).enumerate() {
        let id = stale + n as i64 + 1;
        let extra = item_words(input, "measures.list", item, &["kind", "principles"]);
        let content = paragraphs([
            notes.get("measure", &key, "content").unwrap_or(""),
            extra.as_str(),
        ]);
        out.push(Measure {
            id: Some(id),
            pia_id: Some(1),
            title: Some(text_of(item, "measure")),
            content: Some(text_to_html(&content)),
            // What the CNIL tool gives a measure added by hand (`measures.service.ts`).
            placeholder: Some("measures.default_placeholder".into()),
            created_at: Some(created.to_string()),
            updated_at: Some(updated.to_string()),
        });
        keys.push((key, id));
    }
    (out, MeasureIds { keys })
}
