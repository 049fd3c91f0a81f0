//! What every chapter of the report needs to put answers into words: the template, the
//! evaluation's [`Words`], the questionnaire (report headings, choice labels) and the
//! answers. Dates come out in the language's style, countries by name, choices by label, so
//! no raw id reaches the page.

use super::document::{Block, ReportInput};
use super::template::Template;
use crate::assessment::Words;
use crate::lang::Lang;
use crate::questionnaire::display::value_text;
use crate::questionnaire::model::{Question, QuestionType, Questionnaire};
use crate::questionnaire::AnswerValue;
use std::collections::BTreeMap;

/// One item of a group answer.
pub type Item = BTreeMap<String, AnswerValue>;

/// The wording context of one report.
pub struct Ctx<'a> {
    pub t: &'a Template,
    pub w: Words<'a>,
    pub q: Option<&'a Questionnaire>,
    pub input: &'a ReportInput,
}

impl<'a> Ctx<'a> {
    pub fn lang(&self) -> Lang {
        self.t.lang
    }

    /// The question `id`, or the field `group/field`.
    pub fn question(&self, id: &str) -> Option<&'a Question> {
        let q = self.q?;
        match id.split_once('/') {
            Some((group, field)) => q.question(group)?.field(field),
            None => q.question(id),
        }
    }

    /// The report heading of a question or field (`group/field`).
    pub fn heading(&self, id: &str) -> String {
        self.question(id).map_or_else(
            || id.rsplit(['.', '/']).next().unwrap_or(id).to_string(),
            |q| q.heading(self.lang()).to_string(),
        )
    }

    /// A value of question (or field) `id` in words.
    pub fn value(&self, id: &str, value: &AnswerValue) -> String {
        let Some(q) = self.question(id) else {
            return match value {
                AnswerValue::Bool(b) => self.yes_no(*b),
                AnswerValue::Int(i) => i.to_string(),
                AnswerValue::Text(s) => s.clone(),
                AnswerValue::List(l) => l.join(", "),
                AnswerValue::Group(g) => g.len().to_string(),
            };
        };
        match (q.kind, value) {
            (QuestionType::Date, AnswerValue::Text(s)) => self.w.date(s),
            (QuestionType::Country, AnswerValue::Text(s)) => self.w.country(s),
            (QuestionType::CountryList, AnswerValue::List(l)) => l
                .iter()
                .map(|c| self.w.country(c))
                .collect::<Vec<_>>()
                .join(", "),
            (QuestionType::CountryList, AnswerValue::Text(s)) => s
                .split(',')
                .map(|c| self.w.country(c.trim()))
                .collect::<Vec<_>>()
                .join(", "),
            (_, AnswerValue::Bool(b)) => self.yes_no(*b),
            _ => value_text(q, value, self.lang()),
        }
    }

    pub fn yes_no(&self, b: bool) -> String {
        if b { &self.t.yes } else { &self.t.no }.clone()
    }

    /// The answer to question `id` in words, when answered (empty texts count as not).
    pub fn answer(&self, id: &str) -> Option<String> {
        let v = self.input.answers.get(id)?;
        if matches!(v, AnswerValue::Text(s) if s.trim().is_empty()) {
            return None;
        }
        Some(self.value(id, v))
    }

    /// The raw text answer of `id`.
    pub fn raw(&self, id: &str) -> Option<&'a str> {
        match self.input.answers.get(id) {
            Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    pub fn flag(&self, id: &str) -> Option<bool> {
        match self.input.answers.get(id) {
            Some(AnswerValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    pub fn list(&self, id: &str) -> &'a [String] {
        match self.input.answers.get(id) {
            Some(AnswerValue::List(l)) => l,
            _ => &[],
        }
    }

    /// The items of group `id`.
    pub fn items(&self, id: &str) -> &'a [Item] {
        match self.input.answers.get(id) {
            Some(AnswerValue::Group(items)) => items,
            _ => &[],
        }
    }

    /// Field `field` of a group item in words, when answered.
    pub fn field(&self, group: &str, item: &Item, field: &str) -> Option<String> {
        let v = item.get(field)?;
        match v {
            AnswerValue::Text(s) if s.trim().is_empty() => None,
            AnswerValue::List(l) if l.is_empty() => None,
            _ => Some(self.value(&format!("{group}/{field}"), v)),
        }
    }

    /// Raw text of a group item's field.
    pub fn field_raw<'i>(&self, item: &'i Item, field: &str) -> Option<&'i str> {
        match item.get(field) {
            Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// Key/value rows (report heading, answer) of the answered questions among `ids`.
    pub fn rows(&self, ids: &[&str]) -> Vec<(String, String)> {
        ids.iter()
            .filter_map(|id| self.answer(id).map(|a| (self.heading(id), a)))
            .collect()
    }

    /// Key/value rows of an item's answered fields among `fields`.
    pub fn item_rows(&self, group: &str, item: &Item, fields: &[&str]) -> Vec<(String, String)> {
        fields
            .iter()
            .filter_map(|f| {
                self.field(group, item, f)
                    .map(|a| (self.heading(&format!("{group}/{f}")), a))
            })
            .collect()
    }

    /// A category key (`health`) in words.
    pub fn category(&self, key: &str) -> String {
        self.w.phrase(&format!("category.{key}"))
    }
}

/// Pushes a heading.
pub fn heading(b: &mut Vec<Block>, level: u8, text: &str) {
    b.push(Block::Heading {
        level,
        text: text.to_string(),
    });
}

/// The notes imported for question `id` (from another tool's file), under a small heading:
/// where each came from as a label, its fields as paragraphs.
pub fn notes(b: &mut Vec<Block>, c: &Ctx<'_>, id: &str) {
    let Some(notes) = c.input.answers.notes.get(id).filter(|n| !n.is_empty()) else {
        return;
    };
    let Some(words) = crate::exchange::notes::NoteWords::shared(c.lang().code()) else {
        return;
    };
    b.push(Block::Small(words.heading.clone()));
    for group in words.groups(notes) {
        b.push(Block::Label(group.label));
        for line in &group.lines {
            paragraphs(b, line);
        }
    }
}

/// Pushes key/value rows unless there are none.
pub fn key_values(b: &mut Vec<Block>, rows: Vec<(String, String)>) {
    if !rows.is_empty() {
        b.push(Block::KeyValue(rows));
    }
}

/// A multi-line answer as paragraphs (one per non-empty line).
pub fn paragraphs(b: &mut Vec<Block>, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        b.push(Block::Paragraph(line.to_string()));
    }
}

/// A table without the columns that are empty in every row.
pub fn table(b: &mut Vec<Block>, headers: Vec<String>, rows: Vec<Vec<String>>) {
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| {
            rows.iter()
                .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
        .collect();
    if rows.is_empty() || keep.is_empty() {
        return;
    }
    let pick = |r: &Vec<String>| {
        keep.iter()
            .map(|&i| r.get(i).cloned().unwrap_or_default())
            .collect()
    };
    b.push(Block::Table {
        headers: pick(&headers),
        rows: rows.iter().map(pick).collect(),
    });
}
