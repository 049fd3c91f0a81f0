//! The UI state. No I/O here: effects fill it in through messages.

use dpia::record::{AssessmentSummary, AuditReport};
use std::path::PathBuf;

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

#[derive(Debug)]
pub struct Model {
    pub record_dir: PathBuf,
    /// `YYYY-MM-DD`, for overdue reviews.
    pub today: String,
    pub lang: Lang,
    pub assessments: Vec<AssessmentSummary>,
    /// Index into [`Model::visible`].
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub help: bool,
    pub audit: Option<AuditReport>,
    pub status: Option<Status>,
    /// The record could not be opened (locked, damaged); the dashboard says why.
    pub record_error: Option<String>,
    /// False when NO_COLOR is set: the view then uses only bold and reverse video.
    pub colour: bool,
    pub quit: bool,
}

impl Model {
    pub fn new(record_dir: PathBuf, today: String) -> Model {
        Model {
            record_dir,
            today,
            lang: Lang::En,
            assessments: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            help: false,
            audit: None,
            status: None,
            record_error: None,
            colour: true,
            quit: false,
        }
    }

    /// The assessments the filter lets through (case-insensitive, on title, tool, status
    /// and id).
    pub fn visible(&self) -> Vec<&AssessmentSummary> {
        let needle = self.filter.to_lowercase();
        self.assessments
            .iter()
            .filter(|a| {
                needle.is_empty()
                    || a.title.to_lowercase().contains(&needle)
                    || a.tool_path.to_lowercase().contains(&needle)
                    || a.status.as_str().contains(&needle)
                    || a.id.as_str().starts_with(&needle)
            })
            .collect()
    }

    /// Whether a review date has passed.
    pub fn overdue(&self, a: &AssessmentSummary) -> bool {
        a.review_due
            .as_deref()
            .is_some_and(|d| d < self.today.as_str())
    }
}
