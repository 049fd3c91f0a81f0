//! The CNIL PIA tool's JSON file as serde types: one object with the keys `pia`, `answers`,
//! `measures`, `evaluations` and `comments` (../shared/reference/cnil-pia-format.md §1-7).
//! Reading is as lenient as the CNIL tool where it does no harm: unknown keys are ignored
//! (its own exports carry stale internal keys), ids and status codes may be numbers or
//! numeric strings (it calls `parseInt`), a missing or `null` list is empty. Anything else of
//! the wrong type is an error that names its JSON path. Writing puts every key the tool reads,
//! with `null` where there is nothing.

use serde::{Deserialize, Deserializer, Serialize};

/// A whole CNIL PIA file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CnilFile {
    pub pia: Pia,
    #[serde(default, deserialize_with = "list")]
    pub answers: Vec<Answer>,
    #[serde(default, deserialize_with = "list")]
    pub measures: Vec<Measure>,
    #[serde(default, deserialize_with = "list")]
    pub evaluations: Vec<Evaluation>,
    #[serde(default, deserialize_with = "list")]
    pub comments: Vec<Comment>,
}

/// The `pia` object: the assessment's own fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pia {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// 0 doing, 1 refused, 2 simple validation, 3 signed validation, 4 archived.
    #[serde(default, deserialize_with = "int")]
    pub status: Option<i64>,
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub evaluator_name: Option<String>,
    #[serde(default)]
    pub validator_name: Option<String>,
    /// Server mode: the users and their roles (author, evaluator, validator, guest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pias: Option<Vec<UserPia>>,
    #[serde(default)]
    pub dpos_names: Option<String>,
    /// 0 the processing should not be implemented, 1 it could be.
    #[serde(default, deserialize_with = "int")]
    pub dpo_status: Option<i64>,
    #[serde(default)]
    pub dpo_opinion: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub concerned_people_searched_opinion: Option<bool>,
    /// Why the data subjects' views were not sought.
    #[serde(default)]
    pub concerned_people_searched_content: Option<String>,
    #[serde(default)]
    pub people_names: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub concerned_people_status: Option<i64>,
    #[serde(default)]
    pub concerned_people_opinion: Option<String>,
    #[serde(default)]
    pub rejection_reason: Option<String>,
    #[serde(default)]
    pub applied_adjustments: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub structure_id: Option<i64>,
    #[serde(default)]
    pub structure_name: Option<String>,
    #[serde(default)]
    pub structure_sector_name: Option<String>,
    /// A full copy of a custom template; only its question ids and titles are read.
    #[serde(default)]
    pub structure_data: Option<Structure>,
    #[serde(default, deserialize_with = "number")]
    pub progress: Option<f64>,
    #[serde(default, deserialize_with = "int")]
    pub is_example: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub is_archive: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// One user's role on the PIA (server mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPia {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub user: Option<User>,
}

/// A user of the CNIL server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    #[serde(default)]
    pub firstname: Option<String>,
    #[serde(default)]
    pub lastname: Option<String>,
}

/// A template (the CNIL tool's `pia_architecture.json` shape): the ids, titles and answer
/// types are read; every other key (`short_help`, `is_measure`, `cartography`,
/// `link_knowledge_base`…) is kept in `rest` and written back as it was, because the CNIL
/// tool draws a PIA that carries a template from that template alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    #[serde(default, deserialize_with = "list")]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    /// An i18n key of the CNIL tool (`sections.1.title`) or a custom template's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub items: Vec<StructureItem>,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructureItem {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `item`, `question` or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_mode: Option<String>,
    /// None in the measures item (3.1) and the items of section 4, as in the CNIL template.
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub questions: Vec<StructureQuestion>,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructureQuestion {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    /// The question's text, or an i18n key for the default template's questions.
    #[serde(default)]
    pub title: Option<String>,
    /// `text`, `list` or `gauge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_type: Option<String>,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// One answer: `reference_to` is the question id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub pia_id: Option<i64>,
    #[serde(deserialize_with = "required_int")]
    pub reference_to: i64,
    #[serde(default)]
    pub data: AnswerData,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An answer's value: text (HTML), a gauge 0-4 (0 not rated) or a list of tags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerData {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub gauge: Option<i64>,
    #[serde(default)]
    pub list: Option<Vec<String>>,
}

/// A planned or existing measure (item 3.1); evaluations refer to it by id, answers 324,
/// 334 and 344 by title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub pia_id: Option<i64>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub placeholder: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An evaluator's verdict on an item, a question or a measure, with an action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub pia_id: Option<i64>,
    /// `1.1`, `2.1.212`, `3.1.<measure id>`, `3.2`…
    #[serde(deserialize_with = "required_text")]
    pub reference_to: String,
    /// 0 pending, 1 to correct, 2 improvable, 3 acceptable.
    #[serde(default, deserialize_with = "int")]
    pub status: Option<i64>,
    /// 0 none, 1 started, 2 completed.
    #[serde(default, deserialize_with = "int")]
    pub global_status: Option<i64>,
    #[serde(default)]
    pub evaluation_comment: Option<String>,
    #[serde(default)]
    pub action_plan_comment: Option<String>,
    #[serde(default)]
    pub estimated_implementation_date: Option<String>,
    #[serde(default)]
    pub person_in_charge: Option<String>,
    /// Severity (`x`) and likelihood (`y`) after the action plan, for items 3.2-3.4.
    #[serde(default)]
    pub gauges: Option<Gauges>,
    #[serde(default)]
    pub evaluation_date: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An evaluation's re-rating: `x` severity, `y` likelihood, 0-4 (0 not rated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Gauges {
    #[serde(default, deserialize_with = "int0")]
    pub x: i64,
    #[serde(default, deserialize_with = "int0")]
    pub y: i64,
}

/// A comment on a question (its id) or a measure (its id, `for_measure`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    #[serde(default, deserialize_with = "int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub pia_id: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    /// Written as a number, as the CNIL tool compares it with question and measure ids.
    #[serde(deserialize_with = "required_text", serialize_with = "number_if_whole")]
    pub reference_to: String,
    #[serde(default, deserialize_with = "flag")]
    pub for_measure: Option<bool>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A number, a string holding one, or `null`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

fn loose_int<E: serde::de::Error>(v: Loose) -> Result<i64, E> {
    match v {
        Loose::Int(i) => Ok(i),
        Loose::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(f as i64),
        Loose::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| E::custom(format!("expected a whole number, found \"{s}\""))),
        Loose::Bool(b) => Ok(i64::from(b)),
        Loose::Float(f) => Err(E::custom(format!("expected a whole number, found {f}"))),
    }
}

/// An optional whole number (`3`, `"3"`, `3.0`, `true` as 1, `null`).
fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Loose>::deserialize(d)?.map(loose_int).transpose()
}

fn int0<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(int(d)?.unwrap_or(0))
}

fn required_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    loose_int(Loose::deserialize(d)?)
}

/// A reference that may be written as a number or a string.
fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Loose::deserialize(d)? {
        Loose::Int(i) => Ok(i.to_string()),
        Loose::Text(s) => Ok(s),
        _ => Err(serde::de::Error::custom("expected a number or a string")),
    }
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<Loose>::deserialize(d)? {
        Some(Loose::Int(i)) => Some(i as f64),
        Some(Loose::Float(f)) => Some(f),
        Some(Loose::Text(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `true`/`false`, 0/1 or `null`.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<Loose>::deserialize(d)? {
        None => Ok(None),
        Some(Loose::Bool(b)) => Ok(Some(b)),
        Some(Loose::Int(0)) => Ok(Some(false)),
        Some(Loose::Int(1)) => Ok(Some(true)),
        Some(Loose::Text(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
        Some(_) => Err(serde::de::Error::custom("expected true, false or null")),
    }
}

fn number_if_whole<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    match v.parse::<i64>() {
        Ok(i) => s.serialize_i64(i),
        Err(_) => s.serialize_str(v),
    }
}

/// A list, where `null` or a missing key is empty.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
