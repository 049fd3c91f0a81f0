//! The record of processing activities the controller keeps under GDPR Art. 30(1), drawn up
//! from the latest version of each assessment in the dpia record: one [`Activity`] per
//! assessment, with (a) the controller, its contact and the DPO, (b) the purposes, (c) the
//! categories of data subjects and of personal data (those the DPO confirmed; the scan's when
//! none are confirmed yet, marked so), (d) the recipients (as answered, the processors, and
//! the third parties the tool's code sends data to), (e) the transfers to third countries
//! with their safeguards as the recorded evaluation judged them, (f) the time limits for
//! erasure and (g) the security measures (Art. 32(1)).
//!
//! Everything is read from what the versions record, worded in one language
//! (`templates/ropa.<lang>.toml`, the questionnaire's labels, the evaluation's wording);
//! nothing is evaluated anew. Renderers: [`csv`] (one row per activity, Art. 30(1) letters in
//! the headers), JSON (serde), [`pdf`] (through the report renderer).

mod activity;
pub mod csv;
pub mod pdf;
pub mod wording;

pub use wording::RopaWords;

use crate::record::{Record, RecordError, Status};
use serde::Serialize;

/// The record of processing activities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ropa {
    /// The language it is worded in.
    pub lang: String,
    /// Only assessments with this status are listed, when set.
    pub status_filter: Option<String>,
    pub activities: Vec<Activity>,
}

/// One processing activity: an assessment's latest version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// The assessment's title.
    pub name: String,
    pub assessment: String,
    /// The assessment's status (`draft`, `signed`…).
    pub status: String,
    pub version: u64,
    pub version_id: String,
    /// The day the version was written (`YYYY-MM-DD`).
    pub date: String,
    /// (a)
    pub controller: Option<String>,
    pub controller_contact: Option<String>,
    pub dpo: Option<String>,
    /// (b)
    pub purposes: Option<String>,
    /// (c)
    pub data_subjects: Vec<Term>,
    pub data_categories: Vec<Term>,
    /// Whether the DPO confirmed the categories; if not, they are the scan's.
    pub categories_confirmed: bool,
    pub other_data: Option<String>,
    /// (d)
    pub recipients: Vec<Recipient>,
    /// (e)
    pub transfers: Vec<Transfer>,
    /// Whether the assessment answered where the data go (components or processors): if not,
    /// no transfer listed does not mean there is none.
    pub transfers_assessed: bool,
    /// (f)
    pub retention: Option<String>,
    /// (g)
    pub security: Vec<String>,
    /// The points (`controller`, `purposes`…, as in [`POINTS`]) the DPO has not answered
    /// but for which the assessment holds notes imported from another tool's file: the
    /// record says so instead of only "not answered".
    pub noted: Vec<String>,
}

/// The points of Art. 30(1) an entry has, in the order of the headers from the controller
/// on, with the questions each is read from.
pub const POINTS: &[(&str, &[&str])] = &[
    ("controller", &["description.controller"]),
    ("controller_contact", &["description.controller_contact"]),
    ("dpo", &["description.dpo_contact"]),
    ("purposes", &["description.purposes"]),
    ("data_subjects", &["description.data_subjects"]),
    (
        "data_categories",
        &["description.data_categories", "description.columns"],
    ),
    (
        "recipients",
        &[
            "description.recipients",
            "processors.any",
            "processors.list",
        ],
    ),
    ("transfers", &["transfers.components", "processors.any"]),
    ("retention", &["description.retention"]),
    ("security", &["measures.list"]),
];

impl Activity {
    /// The entry's cells in the order of [`RopaWords::headers`], in words: lists one item a
    /// line, "not answered" where the assessment does not say.
    pub fn cells(&self, w: &RopaWords) -> Vec<String> {
        // "not answered", and where the assessment holds imported notes for the point, so.
        let unanswered = |point: &str| {
            if self.noted.iter().any(|p| p == point) {
                format!("{} ({})", w.not_answered, w.see_notes)
            } else {
                w.not_answered.clone()
            }
        };
        let or_not =
            |v: &Option<String>, point: &str| v.clone().unwrap_or_else(|| unanswered(point));
        let lines = |items: Vec<String>, empty: String| {
            if items.is_empty() {
                empty
            } else {
                items.join("\n")
            }
        };
        let texts = |terms: &[Term]| terms.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        let mut categories = texts(&self.data_categories).join(", ");
        if !self.categories_confirmed && !categories.is_empty() {
            categories = wording::fill(&w.unconfirmed, &[("categories", &categories)]);
        }
        let mut category_lines: Vec<String> = Vec::new();
        if !categories.is_empty() {
            category_lines.push(categories);
        }
        if let Some(other) = &self.other_data {
            category_lines.push(wording::fill(&w.other_data, &[("text", other)]));
        }
        let transfers_empty = if self.transfers_assessed {
            w.none.clone()
        } else {
            unanswered("transfers")
        };
        vec![
            self.name.clone(),
            self.assessment.clone(),
            w.status_word(&self.status),
            self.version.to_string(),
            self.date.clone(),
            or_not(&self.controller, "controller"),
            or_not(&self.controller_contact, "controller_contact"),
            or_not(&self.dpo, "dpo"),
            or_not(&self.purposes, "purposes"),
            lines(texts(&self.data_subjects), unanswered("data_subjects")),
            lines(category_lines, unanswered("data_categories")),
            lines(
                self.recipients.iter().map(|r| r.text.clone()).collect(),
                unanswered("recipients"),
            ),
            lines(
                self.transfers.iter().map(|t| t.text.clone()).collect(),
                transfers_empty,
            ),
            or_not(&self.retention, "retention"),
            lines(self.security.clone(), unanswered("security")),
        ]
    }
}

/// A choice (a category, a group of data subjects): its stable code and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub code: String,
    pub text: String,
}

/// A recipient or category of recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    /// Where it is known from: `answer` (the DPO's description), `processor` (the processors
    /// answered), `code` (a third party the tool's code sends data to).
    pub source: String,
    pub text: String,
}

/// A place outside the EEA the data go to, as the recorded evaluation judged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub component: String,
    /// ISO code (or `unknown`).
    pub country_code: String,
    pub country: String,
    /// The evaluation's verdict code (`lawful`, `lawful_with_safeguards`, `needs_tool`…).
    pub verdict: String,
    /// The safeguard or the gap, in the evaluation's words.
    pub safeguard: String,
    /// The whole entry in words.
    pub text: String,
}

/// Why the record of processing activities could not be drawn up.
#[derive(Debug, thiserror::Error)]
pub enum RopaError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("the recorded {what} of assessment {assessment} cannot be read")]
    Recorded {
        what: &'static str,
        assessment: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{0}")]
    Wording(crate::location::FileProblem),
    #[error("the built-in tables are invalid: {0}")]
    Builtin(String),
}

/// The record of processing activities of every assessment in `record` (those with
/// `status` only, when given; otherwise all but withdrawn and superseded ones, which no
/// longer describe processing that takes place), worded in `lang`, ordered by title.
pub fn from_record(
    record: &Record,
    status: Option<Status>,
    lang: crate::lang::Lang,
) -> Result<Ropa, RopaError> {
    let words = RopaWords::builtin(lang.code()).map_err(RopaError::Wording)?;
    let questionnaire =
        crate::questionnaire::builtin().map_err(|e| RopaError::Builtin(e.to_string()))?;
    let reference =
        crate::reference::Reference::builtin().map_err(|e| RopaError::Builtin(e.to_string()))?;
    let mut summaries = record.list()?;
    summaries.retain(|s| match status {
        Some(wanted) => s.status == wanted,
        None => !s.status.is_terminal(),
    });
    summaries.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
    let context = activity::Context {
        words: &words,
        w: crate::assessment::Words::new(lang, Some(&questionnaire), Some(&reference)),
    };
    let mut activities = Vec::new();
    for summary in &summaries {
        let head = record.head(&summary.id)?;
        activities.push(activity::activity(&context, summary, &head)?);
    }
    Ok(Ropa {
        lang: lang.code().to_string(),
        status_filter: status.map(|s| s.as_str().to_string()),
        activities,
    })
}

/// The record as JSON text.
pub fn to_json(ropa: &Ropa) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(ropa)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests;
