//! Reading answers the way the evaluation needs them: a yes/no, a choice, a list, a text, the
//! items of a group and their fields. A missing or differently typed answer reads as `None`
//! (or empty), so the evaluation decides what "not answered" means in each place.

use crate::questionnaire::answers::{AnswerValue, Answers};
use std::collections::BTreeMap;

/// One item of a group answer.
pub type Item = BTreeMap<String, AnswerValue>;

pub fn yes(answers: &Answers, id: &str) -> Option<bool> {
    match answers.get(id) {
        Some(AnswerValue::Bool(b)) => Some(*b),
        _ => None,
    }
}

pub fn list<'a>(answers: &'a Answers, id: &str) -> Option<&'a [String]> {
    match answers.get(id) {
        Some(AnswerValue::List(l)) => Some(l),
        _ => None,
    }
}

/// Whether the list answer `id` holds `value`.
pub fn has(answers: &Answers, id: &str, value: &str) -> bool {
    list(answers, id).is_some_and(|l| l.iter().any(|v| v == value))
}

pub fn text<'a>(answers: &'a Answers, id: &str) -> Option<&'a str> {
    match answers.get(id) {
        Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

pub fn items<'a>(answers: &'a Answers, id: &str) -> &'a [Item] {
    match answers.get(id) {
        Some(AnswerValue::Group(items)) => items,
        _ => &[],
    }
}

pub fn field<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

pub fn field_int(item: &Item, name: &str) -> Option<i64> {
    match item.get(name) {
        Some(AnswerValue::Int(i)) => Some(*i),
        _ => None,
    }
}

pub fn field_flag(item: &Item, name: &str) -> Option<bool> {
    match item.get(name) {
        Some(AnswerValue::Bool(b)) => Some(*b),
        _ => None,
    }
}

pub fn field_list<'a>(item: &'a Item, name: &str) -> &'a [String] {
    match item.get(name) {
        Some(AnswerValue::List(l)) => l,
        _ => &[],
    }
}

/// Whether the data subjects include employees or job applicants (the employment context of
/// GDPR Art. 88, § 26 BDSG and the DPF's HR data).
pub fn employment(answers: &Answers) -> bool {
    has(answers, "description.data_subjects", "employees")
        || has(answers, "description.data_subjects", "applicants")
}
