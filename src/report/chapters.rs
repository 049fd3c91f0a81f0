//! The narrative chapters read straight from the answers: the systematic description
//! (Art. 35(7)(a)) and necessity and proportionality (Art. 35(7)(b)) with the CNIL rating
//! of each fundamental principle. Each answered question appears under its report heading:
//! short answers as a key/value list, long texts as a labelled paragraph, groups as tables
//! without their empty columns.

use super::ctx::{heading, notes, paragraphs, table, Ctx};
use super::document::Block;
use crate::questionnaire::model::QuestionType;
use crate::questionnaire::AnswerValue;

/// Every answered question of section `id` except those in `skip`.
pub fn section(b: &mut Vec<Block>, c: &Ctx<'_>, id: &str, skip: &[&str]) {
    let Some(section) = c.q.and_then(|q| q.sections.iter().find(|s| s.id == id)) else {
        return;
    };
    heading(b, 2, section.title.get(c.lang()));
    let mut singles: Vec<(String, String)> = Vec::new();
    let flush = |b: &mut Vec<Block>, singles: &mut Vec<(String, String)>| {
        if !singles.is_empty() {
            b.push(Block::KeyValue(std::mem::take(singles)));
        }
    };
    let mut any = false;
    for q in section
        .questions
        .iter()
        .filter(|q| !skip.contains(&q.id.as_str()))
    {
        let noted = c.input.answers.notes.contains_key(&q.id);
        let value = c.input.answers.get(&q.id);
        let shown = match (q.kind, value) {
            (_, None) => false,
            (QuestionType::Group, Some(AnswerValue::Group(items))) if items.is_empty() => false,
            (QuestionType::Group, Some(AnswerValue::Group(items))) => {
                flush(b, &mut singles);
                heading(b, 3, q.heading(c.lang()));
                let headers = q
                    .fields
                    .iter()
                    .map(|f| f.heading(c.lang()).to_string())
                    .collect();
                let rows = items
                    .iter()
                    .map(|item| {
                        q.fields
                            .iter()
                            .map(|f| c.field(&q.id, item, &f.id).unwrap_or_default())
                            .collect()
                    })
                    .collect();
                table(b, headers, rows);
                true
            }
            (QuestionType::LongText, Some(AnswerValue::Text(text))) if text.trim().is_empty() => {
                false
            }
            (QuestionType::LongText, Some(AnswerValue::Text(text))) => {
                flush(b, &mut singles);
                b.push(Block::Label(q.heading(c.lang()).to_string()));
                paragraphs(b, text);
                true
            }
            (_, Some(_)) => match c.answer(&q.id) {
                Some(a) if !a.trim().is_empty() => {
                    singles.push((q.heading(c.lang()).to_string(), a));
                    true
                }
                _ => false,
            },
        };
        // Notes imported from another tool's file, under the question's heading.
        if noted {
            flush(b, &mut singles);
            if !shown {
                b.push(Block::Label(q.heading(c.lang()).to_string()));
            }
            notes(b, c, &q.id);
        }
        any |= value.is_some() || noted;
    }
    flush(b, &mut singles);
    if !any {
        b.push(Block::Paragraph(c.t.none.clone()));
    }
}

/// The CNIL rating of each fundamental principle: acceptable, or to be improved (with the
/// measures that name it).
pub fn principles(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let id = "necessity.principles_improvement";
    let Some(q) = c.question(id) else {
        return;
    };
    if c.input.answers.get(id).is_none() {
        return;
    }
    let t = c.t;
    let flagged = c.list(id);
    heading(b, 3, &t.principles);
    let measures = c.items("measures.list");
    let rows = q
        .choices
        .iter()
        .filter(|ch| ch.value != "none")
        .map(|ch| {
            let improve = flagged.contains(&ch.value);
            let by: Vec<String> = measures
                .iter()
                .enumerate()
                .filter(|(_, m)| match m.get("principles") {
                    Some(AnswerValue::List(l)) => l.contains(&ch.value),
                    _ => false,
                })
                .map(|(n, _)| format!("M{}", n + 1))
                .collect();
            vec![
                ch.label.get(c.lang()).to_string(),
                if improve {
                    t.to_improve.clone()
                } else {
                    t.acceptable.clone()
                },
                by.join(", "),
            ]
        })
        .collect();
    table(
        b,
        vec![
            t.principle.clone(),
            t.rating.clone(),
            t.measures_short.clone(),
        ],
        rows,
    );
}
