//! The validated questionnaire: sections of questions with stable ids, texts per language,
//! types, conditions and pre-fill sources. Built only by `load`, so every value here has
//! passed the lint.

use crate::lang::Lang;
use crate::scan::Category;
use serde::Serialize;
use std::collections::BTreeMap;

/// A text in several languages (`en`, `de`, `fr`), keyed by language code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Texts(pub BTreeMap<String, String>);

impl Texts {
    /// The text in `lang`, else English, else any.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }
}

/// The kinds of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    YesNo,
    SingleChoice,
    MultiChoice,
    Text,
    LongText,
    Date,
    Country,
    /// A list of countries: ISO codes, or names in English or German and common aliases
    /// (`UK`, `Deutschland`), stored as ISO codes.
    CountryList,
    Scale,
    Group,
}

impl QuestionType {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "yes_no" => Self::YesNo,
            "single_choice" => Self::SingleChoice,
            "multi_choice" => Self::MultiChoice,
            "text" => Self::Text,
            "long_text" => Self::LongText,
            "date" => Self::Date,
            "country" => Self::Country,
            "country_list" => Self::CountryList,
            "scale" => Self::Scale,
            "group" => Self::Group,
            _ => return None,
        })
    }
}

/// The two CNIL scales, four levels each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Severity,
    Likelihood,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: Texts,
    /// A choice that cannot be combined with others in a multi choice (`none`).
    pub exclusive: bool,
}

/// Where a pre-filled answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    /// The categories the scan found.
    ScanCategories,
    /// One group item per hosting fact (wrangler bindings).
    ScanHosting,
    /// Whether health or special-category data was found.
    ScanSpecialCategories,
    /// Whether free text was found.
    ScanFreeText,
    /// One group item per column with personal data or marked for review: `column` and
    /// `categories` (empty for a column the scan could not decide on).
    ScanColumns,
    /// The WP248 criteria the scan points to (sensitive data found, an AI component).
    ScanWp248Criteria,
    /// Hosting facts plus one item per third-party service or host the code sends data to.
    ScanTransfers,
    /// One item per processor-role service the code calls (`name`, `service`, `country`).
    ScanProcessors,
    /// The recipients the code sends data to, as text.
    ScanRecipients,
    /// A hint when the code never deletes from tables holding personal data.
    ScanRetention,
    /// The groups of data subjects the scan points to: children, when birth dates give ages
    /// under 16 (GDPR Art. 8; WP248 criterion 7).
    ScanDataSubjects,
}

impl Prefill {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "scan.categories" => Self::ScanCategories,
            "scan.hosting" => Self::ScanHosting,
            "scan.special_categories" => Self::ScanSpecialCategories,
            "scan.free_text" => Self::ScanFreeText,
            "scan.columns" => Self::ScanColumns,
            "scan.wp248_criteria" => Self::ScanWp248Criteria,
            "scan.transfers" => Self::ScanTransfers,
            "scan.processors" => Self::ScanProcessors,
            "scan.recipients" => Self::ScanRecipients,
            "scan.retention" => Self::ScanRetention,
            "scan.data_subjects" => Self::ScanDataSubjects,
            _ => return None,
        })
    }
}

/// A test on one answer. On a list answer (multi choice, country list), `in` holds when any
/// element is in the set and `not_in` when any element is outside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    Equals(Literal),
    NotEquals(Literal),
    In(Vec<String>),
    NotIn(Vec<String>),
    Contains(String),
    Answered(bool),
}

/// A literal in a condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Text(String),
}

/// When a question is shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// A test on another question's answer (full id).
    Question {
        id: String,
        test: Test,
    },
    /// A test on a sibling field inside the same group item (local id).
    Field {
        id: String,
        test: Test,
    },
    /// The scan found any of these categories.
    Scan(Vec<Category>),
    Any(Vec<Condition>),
    All(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// Question ids (full) this condition reads.
    pub fn question_refs(&self, out: &mut Vec<String>) {
        match self {
            Condition::Question { id, .. } => out.push(id.clone()),
            Condition::Any(list) | Condition::All(list) => {
                for c in list {
                    c.question_refs(out);
                }
            }
            Condition::Not(c) => c.question_refs(out),
            Condition::Field { .. } | Condition::Scan(_) => {}
        }
    }
}

/// One question (or one field of a group, whose `id` is then local).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub required: bool,
    pub text: Texts,
    /// The short heading the report prints instead of the question (`report.en`,
    /// `report.de`); the question's text where there is none.
    pub report: Option<Texts>,
    pub help: Option<Texts>,
    pub legal: Option<String>,
    pub show_if: Option<Condition>,
    pub prefill: Option<Prefill>,
    pub choices: Vec<Choice>,
    pub scale: Option<Scale>,
    /// Sub-questions of a group, with local ids.
    pub fields: Vec<Question>,
    /// Line of the question in its file.
    pub line: u64,
}

impl Question {
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.value == value)
    }

    pub fn field(&self, id: &str) -> Option<&Question> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The report's heading for this question in `lang`: its `report` text, else its text.
    pub fn heading(&self, lang: Lang) -> &str {
        self.report
            .as_ref()
            .map_or_else(|| self.text.get(lang), |r| r.get(lang))
    }
}

/// A section of questions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Texts,
    pub intro: Option<Texts>,
    pub questions: Vec<Question>,
}

/// A whole questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub languages: Vec<String>,
    pub title: Texts,
    pub sections: Vec<Section>,
    /// The file it was loaded from (for messages).
    pub source: String,
}

impl Questionnaire {
    /// Every top-level question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }
}
