//! Answers in words, for reports and screens: choice values become their labels in the
//! requested language, scales their level names, yes/no questions yes/no. Groups become a
//! header row (the fields' texts) and one row per item.

use super::answers::{AnswerValue, Answers};
use super::model::{Question, QuestionType, Questionnaire, Scale};
use crate::lang::Lang;

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

/// The CNIL level names for a scale value 1–4 (the CNIL's own French words: négligeable,
/// limitée, importante, maximale; severity and likelihood share them).
pub fn scale_label(scale: Scale, value: i64, lang: Lang) -> String {
    let names: [&str; 4] = match (scale, lang) {
        (Scale::Severity | Scale::Likelihood, Lang::En) => {
            ["negligible", "limited", "significant", "maximum"]
        }
        (Scale::Severity | Scale::Likelihood, Lang::De) => {
            ["vernachlässigbar", "begrenzt", "erheblich", "maximal"]
        }
        (Scale::Severity | Scale::Likelihood, Lang::Fr) => {
            ["négligeable", "limitée", "importante", "maximale"]
        }
    };
    usize::try_from(value - 1)
        .ok()
        .and_then(|i| names.get(i))
        .map_or_else(|| value.to_string(), |n| format!("{value} ({n})"))
}

/// One value of `q` in words.
pub fn value_text(q: &Question, value: &AnswerValue, lang: Lang) -> String {
    let label = |v: &str| {
        q.choices
            .iter()
            .find(|c| c.value == v)
            .map_or_else(|| v.to_string(), |c| c.label.get(lang).to_string())
    };
    match value {
        AnswerValue::Bool(b) => match (b, lang) {
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
            (true, Lang::De) => "ja".into(),
            (false, Lang::De) => "nein".into(),
            (true, Lang::Fr) => "oui".into(),
            (false, Lang::Fr) => "non".into(),
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
        AnswerValue::Group(items) => match lang {
            Lang::En => format!("{} item(s)", items.len()),
            Lang::De => format!("{} Eintrag/Einträge", items.len()),
            Lang::Fr => format!("{} élément(s)", items.len()),
        },
    }
}

/// The answered questions of section `id`, in questionnaire order.
pub fn section_text(
    q: &Questionnaire,
    answers: &Answers,
    id: &str,
    lang: Lang,
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
