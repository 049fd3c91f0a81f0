//! An open assessment: its session, where the DPO is (tab, section, question, rows), the
//! editor or popup in use, the undo steps, and what the views derive from it (findings and
//! flows with their decisions, each section's progress from the evaluation's missing list).

use crate::tui::editor::{Editor, Item};
use crate::tui::input::LineInput;
use dpia::assessment::{counts_as_required, Missing, Progress};
use dpia::drift::DriftItem;
use dpia::questionnaire::{Answer, AnswerValue, Question, COLUMN_REVIEW, FLOW_REVIEW};
use dpia::record::{AssessmentId, LastCheck};
use dpia::scan::code::Flow;
use dpia::session::Session;

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

/// The two lists of the findings review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingsPane {
    Columns,
    Flows,
}

/// What a dismissal note is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteTarget {
    /// A column of the findings review, by its row.
    Column(usize),
    /// A data flow, by its row in [`Work::flow_rows`].
    Flow(usize),
}

/// A question asked before something that cannot be taken back at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Clearing a non-empty answer (`x`).
    Clear { question: String },
}

/// A form in a popup over the assessment.
#[derive(Debug)]
pub enum Popup {
    /// Where to write the draft PDF.
    Export { path: LineInput },
    /// An answers file (TOML) to lay over the current answers.
    Import { path: LineInput },
    /// Signing: key and certificate, or a .p12; passphrase; output.
    Sign(SignForm),
    /// A required note for dismissing a finding or a flow.
    DismissNote { target: NoteTarget, note: LineInput },
    /// Correcting a finding's categories.
    Categories { row: usize, editor: Editor },
    /// A yes/no question before a step.
    Confirm(Confirm),
    /// The selected column's or flow's evidence in full, scrolled by `scroll` rows.
    Detail { scroll: u16 },
    /// The drift the last check found ([`Work::drift`]), on item `row`.
    Drift { row: usize },
}

/// What the last `dpia check` after the signature found, for an assessment opened from the
/// dashboard (issue 15): the record logs only counts and fingerprints, so the items come from
/// the tool scanned again where it was assessed, compared with the signed scan as `dpia
/// check` compares them.
#[derive(Debug, Clone)]
pub struct DriftList {
    /// The check as the record logged it (when, how many items, the worst).
    pub check: LastCheck,
    /// The number of the signed version the tool was compared with.
    pub signed_number: u64,
    /// Each item with what, where, why and the question it affects; or why they cannot be
    /// listed here (the tool is not on this computer, or cannot be read).
    pub items: Result<Vec<DriftItem>, String>,
    /// Today's scan is not the one the check saw: the tool changed again since.
    pub changed_since_check: bool,
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
    /// Submitted: asking "sign as … ? the answers become final" before signing.
    pub confirming: bool,
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

/// One change of the answers this session made, and how to take it back: each question's
/// answer as it was before (`None`: there was none). Every change and every undo is saved as
/// a version of its own, so the record keeps both.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// A strings key naming the change ("answer cleared").
    pub what: &'static str,
    pub before: Vec<(String, Option<Answer>)>,
}

/// A data flow of the scan and the DPO's decision on it, if any.
#[derive(Debug, Clone, Copy)]
pub struct FlowRow<'a> {
    pub flow: &'a Flow,
    pub decision: Option<&'a Item>,
}

/// An open assessment.
#[derive(Debug)]
pub struct Work {
    pub id: AssessmentId,
    pub title: String,
    pub session: Session,
    pub tab: Tab,
    pub pane: FindingsPane,
    pub section: usize,
    /// Index into the section's visible questions.
    pub question: usize,
    pub editor: Option<Editor>,
    /// The inline validation message of the question being edited.
    pub invalid: Option<String>,
    pub findings_row: usize,
    pub flows_row: usize,
    /// Rows scrolled in the question's text, the risks list and the summary.
    pub scroll: u16,
    /// The largest useful `scroll` the last drawing found (the text's rows less the view's):
    /// the view writes it, the keys stop there (like a stateful widget's offset).
    pub scroll_limit: std::cell::Cell<u16>,
    pub popup: Option<Popup>,
    /// The last signed PDF's verification.
    pub verification: Option<crate::tui::message::Verified>,
    /// Versions written in this session (autosave).
    pub saved: usize,
    /// The last save failed: the answers on screen are not in the record yet.
    pub unsaved: bool,
    /// Esc was pressed once with unsaved answers (a second Esc leaves anyway).
    pub leaving: bool,
    pub signed: bool,
    /// The record could only be read: nothing can change.
    pub read_only: bool,
    pub undo: Vec<UndoStep>,
    /// The drift the last check found, when it needs a review (`D` shows it).
    pub drift: Option<DriftList>,
}

impl Work {
    pub fn new(id: AssessmentId, title: String, session: Session, signed: bool) -> Work {
        Work {
            id,
            title,
            session,
            tab: Tab::Findings,
            pane: FindingsPane::Columns,
            section: 0,
            question: 0,
            editor: None,
            invalid: None,
            findings_row: 0,
            flows_row: 0,
            scroll: 0,
            scroll_limit: std::cell::Cell::new(u16::MAX),
            popup: None,
            verification: None,
            saved: 0,
            unsaved: false,
            leaving: false,
            signed,
            read_only: false,
            undo: Vec::new(),
            drift: None,
        }
    }

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

    /// Whether question `id` is shown in some section (its conditions hold).
    pub fn shows_question(&self, id: &str) -> bool {
        let sections = self.session.questionnaire.sections.len();
        (0..sections).any(|s| self.questions(s).iter().any(|q| q.id == id))
    }

    /// The question under the cursor.
    pub fn current(&self) -> Option<&Question> {
        self.questions(self.section).get(self.question).copied()
    }

    /// What the evaluation still misses for question `id` (its own entry and those of its
    /// group items).
    pub fn missing_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Missing> + 'a {
        self.session.evaluation.missing.iter().filter(move |m| {
            m.question == id
                || m.question
                    .strip_prefix(id)
                    .is_some_and(|rest| rest.starts_with('['))
        })
    }

    /// (answered, required) of section `s`, from the evaluation's missing list: the header,
    /// the section ticks, the summary and the sign-off check all read that one list.
    pub fn section_progress(&self, s: usize) -> Progress {
        let outcome = self.session.evaluation.screening.outcome;
        let mut p = Progress {
            answered: 0,
            required: 0,
        };
        for q in self.questions(s) {
            if !counts_as_required(&q.id, q.required, outcome) {
                continue;
            }
            p.required += 1;
            if self.missing_for(&q.id).next().is_none() {
                p.answered += 1;
            }
        }
        p
    }

    /// Items of a group answer (the findings review, the flow decisions), borrowed.
    pub fn items(&self, id: &str) -> &[Item] {
        match self.session.answers.get(id) {
            Some(AnswerValue::Group(items)) => items,
            _ => &[],
        }
    }

    /// The items of the findings review (the column-by-column group).
    pub fn findings(&self) -> &[Item] {
        self.items(COLUMN_REVIEW)
    }

    /// The scan's data flows, each with the DPO's decision.
    pub fn flow_rows(&self) -> Vec<FlowRow<'_>> {
        let decisions = self.items(FLOW_REVIEW);
        self.session
            .scan
            .flows
            .iter()
            .map(|flow| {
                let key = flow.key();
                FlowRow {
                    flow,
                    decision: decisions
                        .iter()
                        .find(|i| i.get("flow") == Some(&AnswerValue::Text(key.clone()))),
                }
            })
            .collect()
    }
}

/// A text answer field of a group item, or "".
pub fn text_of<'a>(item: &'a Item, key: &str) -> &'a str {
    match item.get(key) {
        Some(AnswerValue::Text(s)) => s,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::model::Tab;
    use crate::tui::test_support::{answered_work, work, work_of};

    /// The section ticks add up to the header's count: both come from the missing list.
    #[test]
    fn section_progress_adds_up_to_the_evaluation() {
        for m in [work(Tab::Questions), answered_work(Tab::Questions)] {
            let w = work_of(&m);
            let sections = w.session.questionnaire.sections.len();
            let (answered, required) = (0..sections)
                .map(|s| w.section_progress(s))
                .fold((0, 0), |(a, r), p| (a + p.answered, r + p.required));
            let total = w.session.evaluation.progress;
            assert_eq!((answered, required), (total.answered, total.required));
        }
    }

    /// A section whose questions hold only suggestions from the scan is not ticked.
    #[test]
    fn suggestions_do_not_tick_a_section() {
        let m = work(Tab::Questions);
        let w = work_of(&m);
        let transfers = w
            .session
            .questionnaire
            .sections
            .iter()
            .position(|s| s.id == "transfers")
            .expect("transfers");
        let p = w.section_progress(transfers);
        assert!(p.answered < p.required, "{p:?}");
    }
}
