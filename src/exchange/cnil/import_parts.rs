//! The parts of a CNIL file `import` reads record by record: answers (text questions, the
//! three risks' lists and gauges, questions of a custom template), evaluations, comments and
//! measures, collected in a [`State`] and finished into the `risks.list` and `measures.list`
//! groups once every record that links them has been read.

use super::import::{text_target, Builder, Slot};
use super::model::{AnswerData, CnilFile};
use super::template::{Risk, Target};
use super::CnilError;
use crate::exchange::text::field_text;
use crate::questionnaire::AnswerValue;
use std::collections::BTreeMap;

pub(super) type Item = BTreeMap<String, AnswerValue>;

pub(super) const MEASURES: &str = "measures.list";
pub(super) const RISKS: &str = "risks.list";

/// A question a custom template adds: its item (`1.1`) and text.
pub(super) struct Custom {
    pub(super) item: String,
    title: String,
}

/// One measure being read: its note key (title, or `#n` when it has none or shares it),
/// title, CNIL id, the group item and the risks that list it.
pub(super) struct Measure {
    pub(super) key: String,
    title: String,
    pub(super) id: Option<i64>,
    pub(super) item: Item,
    risks: Vec<String>,
}

/// What one risk item's records say.
#[derive(Default)]
pub(super) struct RiskData {
    impacts: Vec<String>,
    threats: Vec<String>,
    sources: Vec<String>,
    measures: Vec<String>,
    severity: Option<i64>,
    likelihood: Option<i64>,
    pub(super) residual: (Option<i64>, Option<i64>),
}

impl RiskData {
    fn any(&self) -> bool {
        !(self.impacts.is_empty()
            && self.threats.is_empty()
            && self.sources.is_empty()
            && self.measures.is_empty())
            || self.severity.is_some()
            || self.likelihood.is_some()
            || self.residual != (None, None)
    }
}

/// Everything read so far that ends up in a group answer.
pub(super) struct State {
    pub(super) custom: BTreeMap<i64, Custom>,
    pub(super) measures: Vec<Measure>,
    pub(super) risks: Vec<RiskData>,
}

/// A 1-4 level from a 0-4 gauge (0 is "not rated"), or an error for anything else.
pub(super) fn level(
    b: &Builder<'_>,
    gauge: Option<i64>,
    path: String,
) -> Result<Option<i64>, CnilError> {
    match gauge {
        None | Some(0) => Ok(None),
        Some(g @ 1..=4) => Ok(Some(g)),
        Some(g) => Err(b.error(path, format!("{g} is not a gauge level (0 not rated, 1-4)"))),
    }
}

/// Tags as dpia keeps them: trimmed, without empty ones or repeats.
fn tags(list: &Option<Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in list.iter().flatten() {
        let t = field_text(t).replace('\n', " ").trim().to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

impl State {
    /// Reads the custom template's questions and the measures.
    pub fn new(b: &mut Builder<'_>, cnil: &CnilFile) -> State {
        let mut custom = BTreeMap::new();
        for section in cnil.pia.structure_data.iter().flat_map(|s| &s.sections) {
            for item in &section.items {
                for q in &item.questions {
                    let (Some(s), Some(i), Some(id)) = (section.id, item.id, q.id) else {
                        continue;
                    };
                    let title = field_text(q.title.as_deref().unwrap_or(""));
                    custom.insert(
                        id,
                        Custom {
                            item: format!("{s}.{i}"),
                            title,
                        },
                    );
                }
            }
        }
        let mut measures: Vec<Measure> = Vec::new();
        for (n, m) in cnil.measures.iter().enumerate() {
            let title = field_text(m.title.as_deref().unwrap_or(""))
                .replace('\n', " ")
                .trim()
                .to_string();
            let shared = measures.iter().any(|o| o.title == title);
            let key = if title.is_empty() || shared {
                format!("#{}", n + 1)
            } else {
                title.clone()
            };
            let mut item = Item::new();
            if !title.is_empty() {
                item.insert("measure".into(), AnswerValue::Text(title.clone()));
            }
            let content = field_text(m.content.as_deref().unwrap_or(""));
            b.note(
                MEASURES,
                Slot::new("measure", key.clone(), "content"),
                &content,
            );
            measures.push(Measure {
                key,
                title,
                id: m.id,
                item,
                risks: Vec::new(),
            });
        }
        let risks = b
            .template
            .risks
            .iter()
            .map(|_| RiskData::default())
            .collect();
        State {
            custom,
            measures,
            risks,
        }
    }

    /// The dpia question notes about CNIL question `id` go under, if the file knows `id`.
    pub(super) fn notes_of(&self, b: &Builder<'_>, id: i64) -> Option<String> {
        if let Some(n) = b.template.notes_of(id) {
            return Some(n.to_string());
        }
        self.custom.get(&id).map(|c| self.item_notes(b, &c.item))
    }

    pub(super) fn item_notes(&self, b: &Builder<'_>, item: &str) -> String {
        b.template
            .item(item)
            .map_or("description.purposes", |i| i.notes.as_str())
            .to_string()
    }

    pub(super) fn unknown_question(&self, b: &Builder<'_>, id: i64, path: String) -> CnilError {
        let custom = if self.custom.is_empty() {
            ""
        } else {
            " or of this file's own template"
        };
        b.error(
            path,
            format!("unknown question {id}: not a question of the CNIL default template{custom}"),
        )
    }

    pub(super) fn measure_by_id(&self, id: i64) -> Option<usize> {
        self.measures.iter().position(|m| m.id == Some(id))
    }

    /// The note key of the measure a record names by its CNIL id.
    pub(super) fn measure_key(&self, id: i64) -> String {
        self.measure_by_id(id)
            .and_then(|i| self.measures.get(i))
            .map_or_else(|| format!("id {id}"), |m| m.key.clone())
    }

    /// Text, list and gauge of an answer that are not mapped, as notes.
    fn leftovers(b: &mut Builder<'_>, under: &str, id: i64, data: &AnswerData, text: bool) {
        let key = id.to_string();
        if text {
            let t = field_text(data.text.as_deref().unwrap_or(""));
            b.note(under, Slot::new("answer", key.clone(), "text"), &t);
        }
        b.note(
            under,
            Slot::new("answer", key.clone(), "list"),
            &tags(&data.list).join("\n"),
        );
        if let Some(g) = data.gauge.filter(|g| *g != 0) {
            b.note(under, Slot::new("answer", key, "gauge"), &g.to_string());
        }
    }

    /// Every answer: text questions, risk questions, custom questions.
    pub fn answers(&mut self, b: &mut Builder<'_>, cnil: &CnilFile) -> Result<(), CnilError> {
        for (n, a) in cnil.answers.iter().enumerate() {
            let id = a.reference_to;
            let path = |rest: &str| format!("$.answers[{n}].{rest}");
            let gauge = level(b, a.data.gauge, path("data.gauge"))?;
            if let Some(target) = text_target(b.template, id).cloned() {
                let text = field_text(a.data.text.as_deref().unwrap_or(""));
                let slot = Slot::new("answer", id.to_string(), "text");
                let data = AnswerData {
                    text: None,
                    ..a.data.clone()
                };
                match target {
                    Target::Answer(q) => {
                        if !text.is_empty() {
                            b.answer(&q, AnswerValue::Text(text), slot, &q, &path("data.text"))?;
                        }
                        State::leftovers(b, &q, id, &data, false);
                    }
                    Target::Notes(under) => {
                        b.note(&under, slot, &text);
                        State::leftovers(b, &under, id, &data, false);
                    }
                }
            } else if let Some(r) = b
                .template
                .risks
                .iter()
                .position(|r| r.questions().contains(&id))
            {
                self.risk_answer(b, r, id, &a.data, gauge);
            } else if let Some(c) = self.custom.get(&id) {
                let under = self.item_notes(b, &c.item);
                let title = c.title.clone();
                let before = b.notes_len(&under);
                State::leftovers(b, &under, id, &a.data, true);
                if b.notes_len(&under) > before {
                    b.note(&under, Slot::new("answer", id.to_string(), "title"), &title);
                    // Where the question sits in the file's template, so an export can write
                    // the question back (see `export_parts::custom_questions`).
                    let item = c.item.clone();
                    b.note(&under, Slot::new("answer", id.to_string(), "item"), &item);
                }
            } else {
                return Err(self.unknown_question(b, id, path("reference_to")));
            }
        }
        Ok(())
    }

    fn risk_answer(
        &mut self,
        b: &mut Builder<'_>,
        r: usize,
        id: i64,
        data: &AnswerData,
        gauge: Option<i64>,
    ) {
        let Some(risk) = b.template.risks.get(r).cloned() else {
            return;
        };
        let Some(d) = self.risks.get_mut(r) else {
            return;
        };
        let list = match id {
            _ if id == risk.impacts => Some(&mut d.impacts),
            _ if id == risk.threats => Some(&mut d.threats),
            _ if id == risk.sources => Some(&mut d.sources),
            _ if id == risk.measures => Some(&mut d.measures),
            _ => None,
        };
        let mut extra = data.clone();
        if let Some(list) = list {
            for t in tags(&data.list) {
                if !list.contains(&t) {
                    list.push(t);
                }
            }
            extra.list = None;
        } else {
            let level = if id == risk.severity {
                &mut d.severity
            } else {
                &mut d.likelihood
            };
            extra.gauge = None;
            if let Some(g) = gauge {
                if level.is_none() {
                    *level = Some(g);
                } else {
                    extra.gauge = Some(g);
                }
            }
        }
        State::leftovers(b, RISKS, id, &extra, true);
    }

    /// The risks and measures as group answers, linked by the measures each risk lists.
    pub fn finish(self, b: &mut Builder<'_>) -> Result<(), CnilError> {
        let State {
            mut measures,
            risks,
            ..
        } = self;
        let labels = b
            .questionnaire
            .question(RISKS)
            .and_then(|q| q.field("event"))
            .map(|f| f.choices.clone())
            .unwrap_or_default();
        let mut items = Vec::new();
        let template_risks: Vec<Risk> = b.template.risks.clone();
        for (risk, d) in template_risks.iter().zip(&risks) {
            if !d.any() {
                continue;
            }
            let rid = format!("R{}", items.len() + 1);
            let mut item = Item::new();
            let text = |s: &str| AnswerValue::Text(s.to_string());
            item.insert("id".into(), text(&rid));
            let title = labels
                .iter()
                .find(|c| c.value == risk.event)
                .map_or(risk.event.clone(), |c| c.label.get(b.lang).to_string());
            item.insert("title".into(), text(&title));
            item.insert("event".into(), text(&risk.event));
            for (field, list) in [
                ("impacts", &d.impacts),
                ("threats", &d.threats),
                ("sources", &d.sources),
            ] {
                if !list.is_empty() {
                    item.insert(field.into(), text(&list.join("\n")));
                }
            }
            let levels = [
                ("severity", d.severity),
                ("likelihood", d.likelihood),
                ("residual_severity", d.residual.0),
                ("residual_likelihood", d.residual.1),
            ];
            for (field, l) in levels {
                if let Some(l) = l {
                    item.insert(field.into(), AnswerValue::Int(l));
                }
            }
            let mut unlinked = Vec::new();
            for title in &d.measures {
                match measures.iter_mut().find(|m| &m.title == title) {
                    Some(m) => m.risks.push(rid.clone()),
                    None => unlinked.push(title.clone()),
                }
            }
            let slot = Slot::new("answer", risk.measures.to_string(), "list");
            b.note(RISKS, slot, &unlinked.join("\n"));
            items.push(item);
        }
        if !items.is_empty() {
            let slot = Slot::new("answer", "", "list");
            b.answer(RISKS, AnswerValue::Group(items), slot, RISKS, "$.answers")?;
        }
        let items: Vec<Item> = measures
            .into_iter()
            .map(|mut m| {
                if !m.risks.is_empty() {
                    m.item
                        .insert("risks".into(), AnswerValue::Text(m.risks.join(", ")));
                }
                m.item
            })
            .collect();
        if !items.is_empty() {
            let slot = Slot::new("measure", "", "title");
            b.answer(
                MEASURES,
                AnswerValue::Group(items),
                slot,
                MEASURES,
                "$.measures",
            )?;
        }
        Ok(())
    }
}
