//! Answers in words, for reports and screens: choice values become their labels in the
//! requested language, scales their level names, yes/no questions yes/no. Groups become a
//! header row (the fields' texts) and one row per item.

use super::answers::{AnswerValue, Answers};
use super::model::{Question, QuestionType, Questionnaire, Scale};

/// One answered question of a section, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerText {
    Single {
        question: String,
        answer: String,
    },
    Group {
        question: String,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// A section's title and its answered questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    pub id: String,
    pub title: String,
    pub answers: Vec<AnswerText>,
}

/// The CNIL level names for a scale value 1–4.
pub fn scale_label(scale: Scale, value: i64, lang: &str) -> String {
    let de = lang == "de";
    let names: [&str; 4] = match (scale, de) {
        (Scale::Severity, false) => ["negligible", "limited", "significant", "maximum"],
        (Scale::Severity, true) => ["vernachlässigbar", "begrenzt", "erheblich", "maximal"],
        (Scale::Likelihood, false) => ["negligible", "limited", "significant", "maximum"],
        (Scale::Likelihood, true) => ["vernachlässigbar", "begrenzt", "erheblich", "maximal"],
    };
    usize::try_from(value - 1)
        .ok()
        .and_then(|i| names.get(i))
        .map_or_else(|| value.to_string(), |n| format!("{value} ({n})"))
}

/// One value of `q` in words.
pub fn value_text(q: &Question, value: &AnswerValue, lang: &str) -> String {
    let label = |v: &str| {
        q.choices
            .iter()
            .find(|c| c.value == v)
            .map_or_else(|| v.to_string(), |c| c.label.get(lang).to_string())
    };
    match value {
        AnswerValue::Bool(b) => match (b, lang) {
            (true, "de") => "ja".into(),
            (false, "de") => "nein".into(),
            (true, _) => "yes".into(),
            (false, _) => "no".into(),
        },
        AnswerValue::Int(i) => match q.scale {
            Some(scale) => scale_label(scale, *i, lang),
            None => i.to_string(),
        },
        AnswerValue::Text(s) => match q.kind {
            QuestionType::SingleChoice => label(s),
            _ => s.clone(),
        },
        AnswerValue::List(items) => items
            .iter()
            .map(|v| label(v))
            .collect::<Vec<_>>()
            .join(", "),
        AnswerValue::Group(items) => format!("{} item(s)", items.len()),
    }
}

/// The answered questions of section `id`, in questionnaire order.
pub fn section_text(
    q: &Questionnaire,
    answers: &Answers,
    id: &str,
    lang: &str,
) -> Option<SectionText> {
    let section = q.sections.iter().find(|s| s.id == id)?;
    let mut out = Vec::new();
    for question in &section.questions {
        let Some(value) = answers.get(&question.id) else {
            continue;
        };
        let text = question.text.get(lang).to_string();
        match value {
            AnswerValue::Group(items) if !items.is_empty() => {
                let headers = question
                    .fields
                    .iter()
                    .map(|f| f.text.get(lang).to_string())
                    .collect();
                let rows = items
                    .iter()
                    .map(|item| {
                        question
                            .fields
                            .iter()
                            .map(|f| {
                                item.get(&f.id)
                                    .map_or_else(String::new, |v| value_text(f, v, lang))
                            })
                            .collect()
                    })
                    .collect();
                out.push(AnswerText::Group {
                    question: text,
                    headers,
                    rows,
                });
            }
            AnswerValue::Group(_) => {}
            AnswerValue::Text(s) if s.trim().is_empty() => {}
            other => out.push(AnswerText::Single {
                question: text,
                answer: value_text(question, other, lang),
            }),
        }
    }
    Some(SectionText {
        id: section.id.clone(),
        title: section.title.get(lang).to_string(),
        answers: out,
    })
}
