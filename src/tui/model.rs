//! The UI state. No I/O here: effects fill it in through messages. The open assessment's
//! state and what the views derive from it are in `model/work.rs`.

mod work;

pub use super::strings::Lang;
pub use work::{
    text_of, Confirm, DriftList, FindingsPane, FlowRow, NoteTarget, Popup, SignForm, Tab, UndoStep,
    Work,
};

use super::input::LineInput;
use super::strings::t;
use dpia::approval::audit_summary::AuditSummary;
use dpia::record::{AssessmentId, AssessmentSummary, LastCheck, Status};
use dpia::settings::Settings;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusLine {
    Info(String),
    Error(String),
}

/// The list of assessments.
#[derive(Debug, Default)]
pub struct Dashboard {
    pub assessments: Vec<AssessmentSummary>,
    /// Index into [`Model::visible`].
    pub selected: usize,
    pub filter: LineInput,
    pub filtering: bool,
    /// The record could not be opened (locked, damaged); the dashboard says why.
    pub record_error: Option<String>,
    /// The record could only be read (a read-only folder or medium): it can be looked at,
    /// not changed.
    pub read_only: bool,
    /// Each assessment's last drift check after its last signature (`dpia check`).
    pub checks: BTreeMap<AssessmentId, LastCheck>,
    /// Asking for a CNIL PIA file to import (`i`).
    pub import: Option<CnilImport>,
    /// The assessment to select once the list is loaded again (one just imported).
    pub select: Option<AssessmentId>,
}

/// The path of a CNIL PIA file (JSON) to import, and why the last try failed.
#[derive(Debug, Default)]
pub struct CnilImport {
    pub path: LineInput,
    pub error: Option<String>,
}

/// Which field of the new-assessment form has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    Path,
    Title,
}

/// Scan progress as the scanning thread reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanProgress {
    pub file: String,
    pub done: u64,
    pub total: u64,
    pub files: usize,
}

/// Starting an assessment: which tool, which title, then the scan.
#[derive(Debug)]
pub struct NewForm {
    pub path: LineInput,
    pub title: LineInput,
    pub focus: NewField,
    /// Assess the bundled example tool instead of a path.
    pub example: bool,
    /// Completions of the path typed so far (Tab cycles through them).
    pub completions: Vec<String>,
    pub scanning: Option<ScanProgress>,
    pub error: Option<String>,
}

/// The audit screen: the auditor's summary of the record (`dpia audit --report`) and a PDF
/// to verify.
#[derive(Debug, Default)]
pub struct AuditScreen {
    pub report: Option<AuditSummary>,
    /// Rows scrolled in the summary.
    pub scroll: u16,
    /// The largest useful `scroll` the last drawing found.
    pub scroll_limit: std::cell::Cell<u16>,
    pub path: LineInput,
    pub editing: bool,
    pub verification: Option<crate::tui::message::Verified>,
}

/// What to do once an assessment opened from the dashboard is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Export,
    Sign,
}

#[derive(Debug)]
pub enum Screen {
    Dashboard,
    New(NewForm),
    Work(Box<Work>),
    Audit(Box<AuditScreen>),
}

/// Asked once when no author is configured: who is working, for the record.
#[derive(Debug, Default)]
pub struct AuthorPrompt {
    pub name: LineInput,
}

#[derive(Debug)]
pub struct Model {
    pub record_dir: PathBuf,
    /// `YYYY-MM-DD`, for overdue reviews.
    pub today: String,
    pub author: String,
    /// The user's settings, and the file they are kept in (none when the platform has no
    /// config folder: then nothing is remembered).
    pub settings: Settings,
    pub settings_path: Option<PathBuf>,
    /// The user's documents folder, where exports go unless the settings say otherwise.
    pub documents: Option<PathBuf>,
    pub lang: Lang,
    pub dashboard: Dashboard,
    pub screen: Screen,
    pub pending: Option<Pending>,
    /// Asking who is working (no author configured).
    pub author_prompt: Option<AuthorPrompt>,
    pub help: bool,
    /// Rows scrolled in the help overlay.
    pub help_scroll: u16,
    pub status: Option<StatusLine>,
    /// False when NO_COLOR is set: the view then uses only bold and reverse video.
    pub colour: bool,
    pub quit: bool,
}

impl Model {
    pub fn new(record_dir: PathBuf, today: String) -> Model {
        Model {
            record_dir,
            today,
            author: "unknown".into(),
            settings: Settings::default(),
            settings_path: None,
            documents: None,
            lang: Lang::En,
            dashboard: Dashboard::default(),
            screen: Screen::Dashboard,
            pending: None,
            author_prompt: None,
            help: false,
            help_scroll: 0,
            status: None,
            colour: true,
            quit: false,
        }
    }

    /// The assessments the filter lets through (case-insensitive, on title, tool, status
    /// and id).
    pub fn visible(&self) -> Vec<&AssessmentSummary> {
        let needle = self.dashboard.filter.text.to_lowercase();
        self.dashboard
            .assessments
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

    /// The selected assessment on the dashboard.
    pub fn selected(&self) -> Option<&AssessmentSummary> {
        self.visible().get(self.dashboard.selected).copied()
    }

    /// The worst drift the last check found, when it needs a review of an assessment that
    /// still stands (a superseded or withdrawn one is history).
    pub fn drift(&self, a: &AssessmentSummary) -> Option<dpia::drift::Severity> {
        if matches!(a.status, Status::Superseded | Status::Withdrawn) {
            return None;
        }
        let check = self.dashboard.checks.get(&a.id)?;
        check.note.worst.filter(|_| check.note.needs_review())
    }

    /// Whether a review date has passed.
    pub fn overdue(&self, a: &AssessmentSummary) -> bool {
        a.review_due
            .as_deref()
            .is_some_and(|d| d < self.today.as_str())
    }

    /// Whether the screen is taking text input (so letters are text, not commands).
    pub fn typing(&self) -> bool {
        if self.author_prompt.is_some() {
            return true;
        }
        match &self.screen {
            Screen::Dashboard => self.dashboard.filtering || self.dashboard.import.is_some(),
            Screen::New(_) => true,
            Screen::Work(w) => w.editor.is_some() || w.popup.is_some(),
            Screen::Audit(a) => a.editing,
        }
    }

    /// The folder exports and signed PDFs go to: the `export-dir` setting, the documents
    /// folder, or the record's `exports/`.
    pub fn export_dir(&self) -> PathBuf {
        self.settings
            .export_dir(self.documents.as_deref(), &self.record_dir)
    }

    /// A path the user typed for an output file: as typed when absolute, else in the export
    /// folder (never the folder the terminal happened to start in).
    pub fn output_path(&self, typed: &str) -> PathBuf {
        let typed = typed.trim();
        let expanded = match typed.strip_prefix("~/") {
            Some(rest) => dirs::home_dir().map_or_else(|| PathBuf::from(typed), |h| h.join(rest)),
            None => PathBuf::from(typed),
        };
        if expanded.is_absolute() {
            expanded
        } else {
            self.export_dir().join(expanded)
        }
    }

    pub fn info(&mut self, key: &'static str) {
        self.status = Some(StatusLine::Info(t(self.lang, key).to_string()));
    }

    pub fn error(&mut self, message: String) {
        self.status = Some(StatusLine::Error(message));
    }
}
