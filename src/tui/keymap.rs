//! The keys of every screen, as data: the label shown, the key codes (a test sends each one
//! and checks that it does something), and the strings key of what it does. The help overlay
//! (`?`) and the hint bar are drawn from these tables; `update` implements them.

use super::editor::Editor;
use super::model::{FindingsPane, Model, Screen, Tab};
use crossterm::event::KeyCode;
use crossterm::event::KeyCode::{
    BackTab, Char, Delete, Down, End, Enter, Esc, Home, Insert, Left, PageDown, PageUp, Right,
    Tab as TabKey, Up, F,
};

/// One line of the help: keys and what they do.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// As shown (`Ctrl`, `Space` and `PgUp` are worded per language).
    pub keys: &'static str,
    /// The keys themselves, for the test that each does something.
    #[cfg_attr(not(test), allow(dead_code))]
    pub codes: &'static [KeyCode],
    /// The strings key of what the keys do.
    pub what: &'static str,
}

const fn b(keys: &'static str, codes: &'static [KeyCode], what: &'static str) -> Binding {
    Binding { keys, codes, what }
}

pub const GLOBAL: &[Binding] = &[
    b("? / F1", &[Char('?'), F(1)], "key.help"),
    b("L / F2", &[Char('L'), F(2)], "key.language"),
    b("Ctrl-C", &[], "key.quit_now"),
];

pub const DASHBOARD: &[Binding] = &[
    b("↑↓ j k", &[Down, Up, Char('j'), Char('k')], "key.move"),
    b("Enter", &[Enter], "key.open"),
    b("n", &[Char('n')], "key.new"),
    b("x", &[Char('x')], "key.example"),
    b("e", &[Char('e')], "key.export"),
    b("s", &[Char('s')], "key.sign"),
    b("a", &[Char('a')], "key.audit"),
    b("R", &[Char('R')], "key.ropa"),
    b("i", &[Char('i')], "key.import_cnil"),
    b("/", &[Char('/')], "key.filter"),
    b("r", &[Char('r')], "key.reload"),
    b("q", &[Char('q')], "key.quit"),
];

pub const NEW: &[Binding] = &[
    b("Tab", &[], "key.complete"),
    b("↑↓", &[Down, Up], "key.path_title"),
    b("Enter", &[Enter], "key.new_enter"),
    b("Esc", &[Esc], "key.back"),
];

pub const NEW_EXAMPLE: &[Binding] = &[
    b("Enter", &[Enter], "key.new_enter"),
    b("Esc", &[Esc], "key.back"),
];

pub const WORK: &[Binding] = &[
    // The test starts on tab 3, where `3` rightly does nothing.
    b(
        "Tab 1-4",
        &[TabKey, BackTab, Char('1'), Char('2'), Char('4')],
        "key.tabs",
    ),
    b("u", &[], "key.undo"),
    b("D", &[Char('D')], "key.drift"),
    b("Esc", &[Esc], "key.back_saved"),
];

pub const FINDINGS: &[Binding] = &[
    b(
        "↑↓ j k",
        &[Down, Up, Char('j'), Char('k')],
        "key.choose_column",
    ),
    b("Enter", &[Enter], "key.detail"),
    b("c", &[Char('c')], "key.confirm_finding"),
    b("d", &[Char('d')], "key.dismiss"),
    b("e", &[Char('e')], "key.categories"),
    b("m", &[Char('m')], "key.minimisation"),
    b("A", &[Char('A')], "key.confirm_all"),
    b("f", &[Char('f')], "key.flows"),
];

pub const FLOWS: &[Binding] = &[
    b(
        "↑↓ j k",
        &[Down, Up, Char('j'), Char('k')],
        "key.choose_flow",
    ),
    b("Enter", &[Enter], "key.detail"),
    b("c", &[Char('c')], "key.confirm_flow"),
    b("d", &[Char('d')], "key.dismiss_flow"),
    b("f", &[Char('f')], "key.columns"),
];

pub const QUESTIONS: &[Binding] = &[
    b("↑↓ j k", &[Down, Up, Char('j'), Char('k')], "key.question"),
    b(
        "←→ h l",
        &[Right, Left, Char('l'), Char('h')],
        "key.section",
    ),
    b("Enter", &[Enter], "key.answer"),
    b("c", &[Char('c')], "key.accept"),
    b("n", &[Char('n')], "key.next_missing"),
    b("x", &[Char('x')], "key.clear"),
    b("PgUp PgDn", &[PageDown, PageUp], "key.scroll_text"),
    b("i", &[Char('i')], "key.import"),
];

pub const EDIT_LINE: &[Binding] = &[
    b("Enter", &[Enter], "key.save"),
    b("Ctrl-U", &[], "key.clear_line"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_DATE: &[Binding] = &[
    b("Enter", &[Enter], "key.save_date"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_LONG: &[Binding] = &[
    b("Ctrl-S / Alt-Enter", &[], "key.save_long"),
    b("Enter", &[Enter], "key.new_line"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_CHOICE: &[Binding] = &[
    b("↑↓", &[Down, Up], "key.move"),
    b("Enter", &[Enter], "key.save"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_MULTI: &[Binding] = &[
    b("↑↓", &[Down, Up], "key.move"),
    b("Space", &[Char(' ')], "key.tick"),
    b("Enter", &[Enter], "key.save"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_YES_NO: &[Binding] = &[
    b("y / n", &[Char('y'), Char('n')], "key.yes_no"),
    b("←→ Enter", &[Left, Enter], "key.toggle_save"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_SCALE: &[Binding] = &[
    b("1-4", &[Char('1'), Char('4')], "key.level"),
    b("←→ Enter", &[Right, Enter], "key.toggle_save"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_COUNTRY: &[Binding] = &[
    b("↑↓", &[Down, Up], "key.choose_country"),
    b("Enter", &[Enter], "key.save_country"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_PLACES: &[Binding] = &[
    b("Enter", &[Enter], "key.save_places"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const EDIT_GROUP: &[Binding] = &[
    b("a", &[Char('a'), Insert], "key.group_add"),
    b("Enter", &[Enter], "key.group_edit"),
    b("d", &[Char('d'), Delete], "key.group_delete"),
    b("s", &[Char('s')], "key.group_save"),
    b("Esc", &[Esc], "key.group_close"),
];

pub const RISKS: &[Binding] = &[b(
    "↑↓ PgUp PgDn",
    &[Down, PageDown, Home, End],
    "key.scroll",
)];

pub const SUMMARY: &[Binding] = &[
    b("e", &[Char('e')], "key.export"),
    b("s", &[Char('s')], "key.sign_report"),
    b("v", &[], "key.verify_again"),
    b("r", &[Char('r')], "key.revise"),
    b("↑↓ PgUp PgDn", &[Down, PageDown], "key.scroll"),
];

pub const AUDIT: &[Binding] = &[
    b("a / r", &[Char('a'), Char('r')], "key.audit_again"),
    b("v", &[Char('v')], "key.verify_pdf"),
    b("↑↓ PgUp PgDn", &[Down, PageDown, End], "key.scroll_summary"),
    b("Esc", &[Esc], "key.back"),
];

pub const DRIFT: &[Binding] = &[
    b(
        "↑↓ j k",
        &[Down, Up, Char('j'), Char('k')],
        "key.drift_item",
    ),
    b("Enter", &[Enter], "key.drift_jump"),
    b("Esc", &[Esc], "key.drift_close"),
];

pub const IMPORT_CNIL: &[Binding] = &[
    b("Enter", &[Enter], "key.import_cnil_enter"),
    b("Esc", &[Esc], "key.cancel"),
];

pub const POPUP: &[Binding] = &[
    b("Tab ↑↓", &[], "key.fields"),
    b("Enter", &[], "key.popup_enter"),
    b("Esc", &[], "key.cancel"),
];

/// The key table of an editor, by its kind (a group's field shows the field's keys).
pub fn editing(editor: &Editor, date: bool) -> &'static [Binding] {
    match editor {
        Editor::YesNo { .. } => EDIT_YES_NO,
        Editor::Single { .. } => EDIT_CHOICE,
        Editor::Multi { .. } => EDIT_MULTI,
        Editor::Line(_) if date => EDIT_DATE,
        Editor::Line(_) => EDIT_LINE,
        Editor::Long(_) => EDIT_LONG,
        Editor::Country { .. } => EDIT_COUNTRY,
        Editor::Places { .. } => EDIT_PLACES,
        Editor::Scale { .. } => EDIT_SCALE,
        Editor::Group(g) => match &g.field {
            Some((_, _, field)) => editing(field, date),
            None => EDIT_GROUP,
        },
    }
}

/// The key tables that apply now, most specific first.
pub fn current(model: &Model) -> Vec<&'static [Binding]> {
    let mut out: Vec<&'static [Binding]> = match &model.screen {
        _ if model.author_prompt.is_some() => vec![POPUP],
        Screen::Dashboard if model.dashboard.import.is_some() => vec![IMPORT_CNIL],
        Screen::Dashboard => vec![DASHBOARD],
        Screen::New(f) if f.example => vec![NEW_EXAMPLE],
        Screen::New(_) => vec![NEW],
        Screen::Audit(_) => vec![AUDIT],
        Screen::Work(w) if matches!(w.popup, Some(super::model::Popup::Drift { .. })) => {
            vec![DRIFT]
        }
        Screen::Work(w) if w.popup.is_some() => vec![POPUP],
        Screen::Work(w) => match (&w.editor, w.current()) {
            (Some(editor), q) => {
                let date = q.is_some_and(|q| q.kind == dpia::questionnaire::QuestionType::Date);
                vec![editing(editor, date)]
            }
            (None, _) => vec![
                match (w.tab, w.pane) {
                    (Tab::Findings, FindingsPane::Columns) => FINDINGS,
                    (Tab::Findings, FindingsPane::Flows) => FLOWS,
                    (Tab::Questions, _) => QUESTIONS,
                    (Tab::Risks, _) => RISKS,
                    (Tab::Summary, _) => SUMMARY,
                },
                WORK,
            ],
        },
    };
    out.push(GLOBAL);
    out
}
