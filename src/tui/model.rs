//! The UI state. No I/O here: effects fill it in through messages.

use super::editor::Editor;
use super::input::LineInput;
use dpia::questionnaire::Question;
use dpia::record::{AssessmentId, AssessmentSummary, AuditReport};
use dpia::session::Session;
use std::path::PathBuf;

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

/// The English or the German text.
pub fn tr<'a>(lang: Lang, en: &'a str, de: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::De => de,
    }
}

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// The list of assessments.
#[derive(Debug, Default)]
pub struct Dashboard {
    pub assessments: Vec<AssessmentSummary>,
    /// Index into [`Model::visible`].
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    /// The record could not be opened (locked, damaged); the dashboard says why.
    pub record_error: Option<String>,
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

/// The parts of an open assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Findings,
    Questions,
    Risks,
    Summary,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Findings, Tab::Questions, Tab::Risks, Tab::Summary];
}

/// A form in a popup over the summary tab.
#[derive(Debug)]
pub enum Popup {
    /// Where to write the draft PDF.
    Export { path: LineInput },
    /// An answers file (TOML) to lay over the current answers.
    Import { path: LineInput },
    /// Signing: key and certificate, or a .p12; passphrase; output.
    Sign(SignForm),
    /// A required note for dismissing a finding.
    DismissNote { row: usize, note: LineInput },
    /// Correcting a finding's categories.
    Categories { row: usize, editor: Editor },
}

#[derive(Debug)]
pub struct SignForm {
    /// key.pem, or a .p12 file.
    pub key: LineInput,
    /// cert.pem (empty with a .p12).
    pub cert: LineInput,
    pub passphrase: LineInput,
    pub out: LineInput,
    pub location: LineInput,
    pub focus: usize,
}

impl SignForm {
    pub const FIELDS: usize = 5;

    pub fn field(&mut self, i: usize) -> &mut LineInput {
        match i {
            0 => &mut self.key,
            1 => &mut self.cert,
            2 => &mut self.passphrase,
            3 => &mut self.out,
            _ => &mut self.location,
        }
    }
}

/// An open assessment.
#[derive(Debug)]
pub struct Work {
    pub id: AssessmentId,
    pub title: String,
    pub session: Session,
    pub tab: Tab,
    pub section: usize,
    /// Index into the section's visible questions.
    pub question: usize,
    pub editor: Option<Editor>,
    /// The inline validation message of the question being edited.
    pub invalid: Option<String>,
    pub findings_row: usize,
    /// Lines scrolled in the risks list and the summary.
    pub scroll: u16,
    pub popup: Option<Popup>,
    /// The last signed PDF's verification.
    pub verification: Option<crate::tui::message::Verified>,
    /// Versions written in this session (autosave).
    pub saved: usize,
    pub signed: bool,
}

impl Work {
    /// The visible questions of section `s`.
    pub fn questions(&self, s: usize) -> Vec<&Question> {
        self.session
            .questionnaire
            .sections
            .get(s)
            .map(|sec| {
                sec.questions
                    .iter()
                    .filter(|q| self.session.visible(q))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The question under the cursor.
    pub fn current(&self) -> Option<&Question> {
        self.questions(self.section).get(self.question).copied()
    }

    /// (answered, required) among the visible required questions of section `s`.
    pub fn progress(&self, s: usize) -> (usize, usize) {
        let qs = self.questions(s);
        let required: Vec<_> = qs.iter().filter(|q| q.required).collect();
        let answered = required
            .iter()
            .filter(|q| self.session.answers.get(&q.id).is_some())
            .count();
        (answered, required.len())
    }
}

/// The audit screen: the record's audit and a PDF to verify.
#[derive(Debug, Default)]
pub struct AuditScreen {
    pub report: Option<AuditReport>,
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

#[derive(Debug)]
pub struct Model {
    pub record_dir: PathBuf,
    /// `YYYY-MM-DD`, for overdue reviews.
    pub today: String,
    pub author: String,
    pub lang: Lang,
    pub dashboard: Dashboard,
    pub screen: Screen,
    pub pending: Option<Pending>,
    pub help: bool,
    pub status: Option<Status>,
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
            lang: Lang::En,
            dashboard: Dashboard::default(),
            screen: Screen::Dashboard,
            pending: None,
            help: false,
            status: None,
            colour: true,
            quit: false,
        }
    }

    /// The assessments the filter lets through (case-insensitive, on title, tool, status
    /// and id).
    pub fn visible(&self) -> Vec<&AssessmentSummary> {
        let needle = self.dashboard.filter.to_lowercase();
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

    /// Whether a review date has passed.
    pub fn overdue(&self, a: &AssessmentSummary) -> bool {
        a.review_due
            .as_deref()
            .is_some_and(|d| d < self.today.as_str())
    }

    /// Whether the screen is taking text input (so letters are text, not commands).
    pub fn typing(&self) -> bool {
        match &self.screen {
            Screen::Dashboard => self.dashboard.filtering,
            Screen::New(_) => true,
            Screen::Work(w) => w.editor.is_some() || w.popup.is_some(),
            Screen::Audit(a) => a.editing,
        }
    }

    pub fn info(&mut self, en: &str, de: &str) {
        self.status = Some(Status::Info(tr(self.lang, en, de).to_string()));
    }

    pub fn error(&mut self, message: String) {
        self.status = Some(Status::Error(message));
    }
}
