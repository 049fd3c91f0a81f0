//! Answers: values per question id, each either given by the DPO or suggested by the scan;
//! the answers-file reader (`--answers FILE`), which validates every value against its
//! question and reports unknown ids, wrong types and answers to hidden questions with the
//! file, line and question id; and visibility of questions given the answers so far.

use super::model::{Condition, Literal, Question, QuestionType, Questionnaire, Test};
use crate::reference::{Reference, UNKNOWN};
use crate::scan::Category;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// One answer's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
    Group(Vec<BTreeMap<String, AnswerValue>>),
}

impl AnswerValue {
    /// The value as an answers file holds it in TOML (what [`convert`] checks), so an answer
    /// set in code goes through the same validation as one read from a file.
    pub fn to_toml(&self) -> toml::Value {
        match self {
            AnswerValue::Bool(b) => toml::Value::Boolean(*b),
            AnswerValue::Int(i) => toml::Value::Integer(*i),
            AnswerValue::Text(s) => toml::Value::String(s.clone()),
            AnswerValue::List(items) => {
                toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
            }
            AnswerValue::Group(items) => toml::Value::Array(
                items
                    .iter()
                    .map(|item| {
                        toml::Value::Table(
                            item.iter().map(|(k, v)| (k.clone(), v.to_toml())).collect(),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// Who gave an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The DPO (an answers file, the TUI).
    Given,
    /// Pre-filled from the scan, not yet confirmed.
    SuggestedFromScan,
    /// Typed in the terminal UI and kept when it quit mid-answer (Ctrl-C), not yet confirmed:
    /// no answer at all until the DPO confirms it ([`Answers::get`], the conditions, the
    /// evaluation and the report ignore it; sign-off waits for it).
    Draft,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub value: AnswerValue,
    pub origin: Origin,
}

/// All answers of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub values: BTreeMap<String, Answer>,
    /// Notes imported from another tool's file, per question id (see [`ImportedNote`]).
    /// Left out when empty, so versions without notes serialise (and hash) as before.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, Vec<ImportedNote>>,
}

/// Something an imported file said that has no place among the answers (a comment, an
/// evaluator's verdict, a text the questionnaire has no question for), kept beside the
/// question it is nearest to, so that nothing is lost. Notes are not answers: the evaluation
/// never reads them; the terminal UI and the report show them with their question, and an
/// export to the same format writes each back where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedNote {
    /// The format it came from (`cnil`).
    pub source: String,
    /// The kind of record it was in (`pia`, `answer`, `comment`, `evaluation`, `measure`…).
    pub place: String,
    /// Which record: a question id, an evaluation reference, a measure's title; empty for
    /// a record the file has once (`pia`).
    pub key: String,
    /// The field of that record (`text`, `status`, `action_plan_comment`…).
    pub field: String,
    /// The value: plain text, or a code the shells put into words.
    pub text: String,
}

/// What conditions can look at besides the answers.
pub struct Context<'a> {
    pub scan_categories: &'a BTreeSet<Category>,
    pub reference: &'a Reference,
}

impl Answers {
    /// The answer to `id`: given or suggested; a draft is not an answer.
    pub fn get(&self, id: &str) -> Option<&AnswerValue> {
        self.values
            .get(id)
            .filter(|a| a.origin != Origin::Draft)
            .map(|a| &a.value)
    }

    /// The draft kept for `id`, if there is one.
    pub fn draft(&self, id: &str) -> Option<&AnswerValue> {
        self.values
            .get(id)
            .filter(|a| a.origin == Origin::Draft)
            .map(|a| &a.value)
    }

    pub fn set(&mut self, id: &str, value: AnswerValue, origin: Origin) {
        self.values.insert(id.to_string(), Answer { value, origin });
    }

    /// The categories processed: the scan's, or, once the DPO has reviewed the columns
    /// (`description.columns` given), those of the columns not dismissed.
    pub fn effective_categories(&self, scanned: &BTreeSet<Category>) -> BTreeSet<Category> {
        let Some(Answer {
            value: AnswerValue::Group(items),
            origin: Origin::Given,
        }) = self.values.get(super::COLUMN_REVIEW)
        else {
            return scanned.clone();
        };
        items
            .iter()
            .filter(|i| i.get("decision") != Some(&AnswerValue::Text("dismissed".into())))
            .filter_map(|i| match i.get("categories") {
                Some(AnswerValue::List(l)) => Some(l),
                _ => None,
            })
            .flatten()
            .filter_map(|c| Category::parse(c))
            .collect()
    }

    /// Whether a top-level question is shown, given the answers and the scan.
    pub fn visible(&self, q: &Question, ctx: &Context<'_>) -> bool {
        q.show_if.as_ref().is_none_or(|c| self.holds(c, None, ctx))
    }

    /// Whether a group field is shown for one item of its group.
    pub fn field_visible(
        &self,
        field: &Question,
        item: &BTreeMap<String, AnswerValue>,
        ctx: &Context<'_>,
    ) -> bool {
        field
            .show_if
            .as_ref()
            .is_none_or(|c| self.holds(c, Some(item), ctx))
    }

    fn holds(
        &self,
        c: &Condition,
        item: Option<&BTreeMap<String, AnswerValue>>,
        ctx: &Context<'_>,
    ) -> bool {
        match c {
            Condition::Question { id, test } => test_holds(self.get(id), test, ctx),
            Condition::Field { id, test } => test_holds(item.and_then(|i| i.get(id)), test, ctx),
            Condition::Scan(cats) => {
                let found = self.effective_categories(ctx.scan_categories);
                cats.iter().any(|k| found.contains(k))
            }
            Condition::Any(list) => list.iter().any(|c| self.holds(c, item, ctx)),
            Condition::All(list) => list.iter().all(|c| self.holds(c, item, ctx)),
            Condition::Not(c) => !self.holds(c, item, ctx),
        }
    }
}

fn in_set(value: &str, set: &[String], reference: &Reference) -> bool {
    set.iter().any(|s| match s.as_str() {
        "EEA" => reference.is_eea(value),
        "ADEQUATE" => reference.is_adequate(value),
        other => other == value,
    })
}

fn test_holds(value: Option<&AnswerValue>, test: &Test, ctx: &Context<'_>) -> bool {
    let equals = |l: &Literal| match (value, l) {
        (Some(AnswerValue::Bool(a)), Literal::Bool(b)) => a == b,
        (Some(AnswerValue::Int(a)), Literal::Int(b)) => a == b,
        (Some(AnswerValue::Text(a)), Literal::Text(b)) => a == b,
        _ => false,
    };
    match test {
        Test::Equals(l) => equals(l),
        Test::NotEquals(l) => value.is_some() && !equals(l),
        // An unknown location decides nothing yet: follow-up questions wait for it. On a list,
        // `in` holds when any element is in the set, `not_in` when any element is outside it.
        Test::In(set) => match value {
            Some(AnswerValue::Text(v)) if v != UNKNOWN => in_set(v, set, ctx.reference),
            Some(AnswerValue::List(l)) => l
                .iter()
                .any(|v| v != UNKNOWN && in_set(v, set, ctx.reference)),
            _ => false,
        },
        Test::NotIn(set) => match value {
            Some(AnswerValue::Text(v)) if v != UNKNOWN => !in_set(v, set, ctx.reference),
            Some(AnswerValue::List(l)) => l
                .iter()
                .any(|v| v != UNKNOWN && !in_set(v, set, ctx.reference)),
            _ => false,
        },
        Test::Contains(s) => matches!(value, Some(AnswerValue::List(l)) if l.contains(s)),
        Test::Answered(b) => value.is_some() == *b,
    }
}

/// Longest text answer, in bytes (UTF-8). A DPIA's longest answers are a few pages; a text
/// of megabytes would make a report of thousands of pages (and gigabytes to render it).
pub const MAX_TEXT_ANSWER: usize = 100 * 1024;
/// Largest answers file read.
pub const MAX_ANSWERS_FILE: u64 = 16 << 20;

/// One problem in an answers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    pub file: String,
    pub line: Option<u64>,
    pub question: Option<String>,
    pub message: String,
}

impl std::fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(q) = &self.question {
            write!(f, ": {q}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An answers file that cannot be applied.
#[derive(Debug, thiserror::Error)]
#[error("invalid answers file {file} ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
pub struct AnswersError {
    pub file: String,
    pub problems: Vec<AnswerProblem>,
}

/// Converts and validates one value for a question (countries against the ISO 3166 table).
pub fn convert(
    q: &Question,
    v: &toml::Value,
    reference: &Reference,
) -> Result<AnswerValue, String> {
    use toml::Value as V;
    let choice = |s: &str| -> Result<(), String> {
        if q.choice(s).is_some() {
            Ok(())
        } else {
            Err(format!(
                "'{s}' is not a choice (expected one of: {})",
                q.choices
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    };
    match (q.kind, v) {
        (QuestionType::YesNo, V::Boolean(b)) => Ok(AnswerValue::Bool(*b)),
        (QuestionType::SingleChoice, V::String(s)) => {
            choice(s).map(|_| AnswerValue::Text(s.clone()))
        }
        (QuestionType::MultiChoice, V::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for i in items {
                let s = i.as_str().ok_or("expected a list of choice values")?;
                choice(s)?;
                if !out.iter().any(|o| o == s) {
                    out.push(s.to_string());
                }
            }
            if out.len() > 1 {
                if let Some(c) = out.iter().filter_map(|v| q.choice(v)).find(|c| c.exclusive) {
                    return Err(format!(
                        "'{}' cannot be combined with other choices",
                        c.value
                    ));
                }
            }
            Ok(AnswerValue::List(out))
        }
        (QuestionType::Text | QuestionType::LongText, V::String(s))
            if s.len() > MAX_TEXT_ANSWER =>
        {
            Err(format!(
                "the text is {} KB long; an answer holds at most {} KB",
                s.len().div_ceil(1024),
                MAX_TEXT_ANSWER / 1024
            ))
        }
        (QuestionType::Text | QuestionType::LongText, V::String(s)) if !s.trim().is_empty() => {
            Ok(AnswerValue::Text(s.clone()))
        }
        (QuestionType::Text | QuestionType::LongText, V::String(_)) => {
            Err("the text is empty".into())
        }
        (QuestionType::Date, V::String(s)) => {
            if crate::calendar::Date::parse(s).is_some() {
                Ok(AnswerValue::Text(s.clone()))
            } else {
                Err(format!("'{s}' is not a date (YYYY-MM-DD)"))
            }
        }
        (QuestionType::Date, V::Datetime(d)) => Ok(AnswerValue::Text(d.to_string())),
        (QuestionType::Country, V::String(s)) => reference.parse_place(s).map(AnswerValue::Text),
        (QuestionType::CountryList, V::String(s)) => {
            reference.parse_places(s).map(AnswerValue::List)
        }
        (QuestionType::CountryList, V::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for i in items {
                let s = i.as_str().ok_or("expected a list of countries")?;
                let code = reference.parse_place(s)?;
                if !out.contains(&code) {
                    out.push(code);
                }
            }
            Ok(AnswerValue::List(out))
        }
        (QuestionType::Scale, V::Integer(i)) if (1..=4).contains(i) => Ok(AnswerValue::Int(*i)),
        (QuestionType::Scale, _) => Err("expected a level from 1 to 4".into()),
        (QuestionType::Group, V::Array(items)) => {
            let mut out = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let table = item
                    .as_table()
                    .ok_or_else(|| format!("item {} is not a table", n + 1))?;
                let mut converted = BTreeMap::new();
                for (key, value) in table {
                    let field = q
                        .field(key)
                        .ok_or_else(|| format!("item {}: unknown field '{key}'", n + 1))?;
                    let value = convert(field, value, reference)
                        .map_err(|e| format!("item {}, field {key}: {e}", n + 1))?;
                    converted.insert(key.clone(), value);
                }
                out.push(converted);
            }
            Ok(AnswerValue::Group(out))
        }
        (kind, _) => Err(format!("expected {}", expected(kind))),
    }
}

fn expected(kind: QuestionType) -> &'static str {
    match kind {
        QuestionType::YesNo => "true or false",
        QuestionType::SingleChoice => "one choice value as a string",
        QuestionType::MultiChoice => "a list of choice values",
        QuestionType::Text | QuestionType::LongText => "a string",
        QuestionType::Date => "a date \"YYYY-MM-DD\"",
        QuestionType::Country => "a country code string",
        QuestionType::CountryList => "a list of countries (\"DE, IE\" or [\"DE\", \"IE\"])",
        QuestionType::Scale => "a level from 1 to 4",
        QuestionType::Group => "an array of tables ([[\"id\"]] entries)",
    }
}

/// Reads an answers file on top of `base` (pre-filled suggestions): every value is checked
/// against its question; answers to questions hidden by their conditions are refused.
pub fn read_answers_file(
    file: &str,
    text: &str,
    questionnaire: &Questionnaire,
    base: &Answers,
    ctx: &Context<'_>,
) -> Result<Answers, AnswersError> {
    let line_of = |span: std::ops::Range<usize>| {
        text.get(..span.start)
            .map_or(0, |t| t.matches('\n').count()) as u64
            + 1
    };
    let fail = |problems: Vec<AnswerProblem>| AnswersError {
        file: file.to_string(),
        problems,
    };
    let raw: BTreeMap<String, Spanned<toml::Value>> = toml::from_str(text).map_err(|e| {
        fail(vec![AnswerProblem {
            file: file.to_string(),
            line: e.span().map(line_of),
            question: None,
            message: e.message().to_string(),
        }])
    })?;
    let mut problems = Vec::new();
    let mut answers = base.clone();
    let mut lines = BTreeMap::new();
    for (key, value) in &raw {
        let line = Some(line_of(value.span()));
        if key == "questionnaire" {
            if value.get_ref().as_str() != Some(questionnaire.id.as_str()) {
                problems.push(AnswerProblem {
                    file: file.to_string(),
                    line,
                    question: None,
                    message: format!(
                        "answers are for questionnaire {}, not '{}'",
                        value.get_ref(),
                        questionnaire.id
                    ),
                });
            }
            continue;
        }
        let Some(q) = questionnaire.question(key) else {
            problems.push(AnswerProblem {
                file: file.to_string(),
                line,
                question: Some(key.clone()),
                message: "unknown question id".into(),
            });
            continue;
        };
        match convert(q, value.get_ref(), ctx.reference) {
            Ok(v) => {
                answers.set(key, v, super::answers::Origin::Given);
                lines.insert(key.clone(), line);
            }
            Err(message) => problems.push(AnswerProblem {
                file: file.to_string(),
                line,
                question: Some(key.clone()),
                message,
            }),
        }
    }
    // Visibility is judged on the final answers, so order in the file does not matter.
    for (key, line) in &lines {
        let Some(q) = questionnaire.question(key) else {
            continue;
        };
        if !answers.visible(q, ctx) {
            problems.push(AnswerProblem {
                file: file.to_string(),
                line: *line,
                question: Some(key.clone()),
                message: "answers a question that is hidden by its condition (show_if)".into(),
            });
            continue;
        }
        if let Some(AnswerValue::Group(items)) = answers.get(key) {
            for (n, item) in items.iter().enumerate() {
                for field_id in item.keys() {
                    if let Some(field) = q.field(field_id) {
                        if !answers.field_visible(field, item, ctx) {
                            problems.push(AnswerProblem {
                                file: file.to_string(),
                                line: *line,
                                question: Some(key.clone()),
                                message: format!("item {}: field {field_id} is hidden by its condition (show_if)", n + 1),
                            });
                        }
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(fail(problems))
    }
}
