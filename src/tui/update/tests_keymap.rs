//! The key tables the help shows are the keys `update` implements: every key of every table,
//! sent to a model on its screen, changes the model or asks for an effect (code review S5).

use super::*;
use crate::tui::editor::{Editor, GroupEditor};
use crate::tui::keymap::{self, Binding};
use crate::tui::model::{AuditScreen, FindingsPane, Lang, Tab};
use crate::tui::test_support::{answered_work, dashboard, work, work_of_mut};
use dpia::questionnaire::{AnswerValue, QuestionType};

/// The answered example with the editor of the first shown question of `kind` open.
fn editing(kind: QuestionType, cursor: usize) -> Model {
    let mut m = answered_work(Tab::Questions);
    let w = work_of_mut(&mut m);
    let sections = w.session.questionnaire.sections.len();
    let (s, i) = (0..sections)
        .find_map(|s| {
            w.questions(s)
                .iter()
                .position(|q| q.kind == kind)
                .map(|i| (s, i))
        })
        .unwrap_or_else(|| panic!("no {kind:?} question shown"));
    w.section = s;
    w.question = i;
    let q = w.current().cloned().expect("question");
    // Start from no answer, so Enter has something to check.
    w.session.clear(&q.id);
    let editor =
        super::editing::with_context(&w.session, Lang::En, |ctx| Editor::open(&q, None, ctx));
    w.editor = Some(match editor {
        Editor::Single { .. } => Editor::Single { cursor },
        Editor::Multi { chosen, .. } => Editor::Multi { cursor, chosen },
        Editor::Country {
            input,
            matches,
            refused,
            ..
        } => Editor::Country {
            input,
            cursor,
            matches,
            refused,
        },
        other => other,
    });
    m
}

/// The answered example with the risks group open, on its list or in a scale field.
fn group(scale: bool) -> Model {
    let mut m = answered_work(Tab::Questions);
    let w = work_of_mut(&mut m);
    let sections = w.session.questionnaire.sections.len();
    let (s, i) = (0..sections)
        .find_map(|s| {
            w.questions(s)
                .iter()
                .position(|q| q.id == "risks.list")
                .map(|i| (s, i))
        })
        .expect("risks");
    w.section = s;
    w.question = i;
    let q = w.current().cloned().expect("question");
    let Some(AnswerValue::Group(items)) = w.session.answers.get("risks.list").cloned() else {
        panic!("no risks")
    };
    let mut g = GroupEditor::new(items);
    g.cursor = 1;
    if scale {
        let f = q
            .fields
            .iter()
            .position(|f| f.id == "severity")
            .expect("severity");
        g.field = Some((0, f, Box::new(Editor::Scale { value: 2 })));
    }
    w.editor = Some(Editor::Group(g));
    m
}

/// A screen's name, its key table, and a model on it.
type Screen = (&'static str, &'static [Binding], fn() -> Model);

fn screens() -> Vec<Screen> {
    vec![
        ("global", keymap::GLOBAL, dashboard),
        ("dashboard", keymap::DASHBOARD, || {
            let mut m = dashboard();
            m.dashboard.selected = 1;
            m
        }),
        ("new", keymap::NEW, || {
            let mut m = dashboard();
            super::tests::key(&mut m, KeyCode::Char('n'));
            m
        }),
        ("new example", keymap::NEW_EXAMPLE, || {
            let mut m = dashboard();
            super::tests::key(&mut m, KeyCode::Char('x'));
            m
        }),
        ("import cnil", keymap::IMPORT_CNIL, || {
            let mut m = dashboard();
            m.dashboard.import = Some(crate::tui::model::CnilImport {
                path: crate::tui::input::LineInput::new("pia.json"),
                error: None,
            });
            m
        }),
        ("work", keymap::WORK, || work(Tab::Risks)),
        ("drift", keymap::DRIFT, || {
            let mut m = work(Tab::Risks);
            let w = work_of_mut(&mut m);
            let mut list = crate::tui::view::tests_drift::drift();
            if let Ok(items) = &mut list.items {
                items.push(items[0].clone());
            }
            w.drift = Some(list);
            w.popup = Some(crate::tui::model::Popup::Drift { row: 1 });
            m
        }),
        ("findings", keymap::FINDINGS, || {
            let mut m = work(Tab::Findings);
            work_of_mut(&mut m).findings_row = 2;
            m
        }),
        ("flows", keymap::FLOWS, || {
            let mut m = work(Tab::Findings);
            let w = work_of_mut(&mut m);
            w.pane = FindingsPane::Flows;
            w.flows_row = 2;
            m
        }),
        ("questions", keymap::QUESTIONS, || {
            let mut m = answered_work(Tab::Questions);
            let w = work_of_mut(&mut m);
            w.section = 1;
            w.question = 1;
            w.scroll = 2;
            m
        }),
        ("risks", keymap::RISKS, || {
            let mut m = answered_work(Tab::Risks);
            work_of_mut(&mut m).scroll = 2;
            m
        }),
        ("summary", keymap::SUMMARY, || answered_work(Tab::Summary)),
        ("audit", keymap::AUDIT, || {
            let mut m = dashboard();
            let a = AuditScreen::default();
            // As the view leaves it with a summary taller than the screen.
            a.scroll_limit.set(5);
            m.screen = crate::tui::model::Screen::Audit(Box::new(a));
            m
        }),
        ("yes/no", keymap::EDIT_YES_NO, || {
            editing(QuestionType::YesNo, 0)
        }),
        ("choice", keymap::EDIT_CHOICE, || {
            editing(QuestionType::SingleChoice, 1)
        }),
        ("multi", keymap::EDIT_MULTI, || {
            editing(QuestionType::MultiChoice, 1)
        }),
        ("line", keymap::EDIT_LINE, || editing(QuestionType::Text, 0)),
        ("date", keymap::EDIT_DATE, || editing(QuestionType::Date, 0)),
        ("long", keymap::EDIT_LONG, || {
            editing(QuestionType::LongText, 0)
        }),
        ("country", keymap::EDIT_COUNTRY, || {
            editing(QuestionType::Country, 1)
        }),
        ("group", keymap::EDIT_GROUP, || group(false)),
        ("scale", keymap::EDIT_SCALE, || group(true)),
    ]
}

#[test]
fn every_key_the_help_lists_does_something() {
    let mut idle = Vec::new();
    let mut sent = 0;
    for (name, table, make) in screens() {
        for binding in table {
            for code in binding.codes {
                let mut m = make();
                let before = format!("{m:?}");
                let effects = update(
                    &mut m,
                    Message::Key(KeyEvent::new(*code, KeyModifiers::NONE)),
                );
                sent += 1;
                if effects.is_empty() && format!("{m:?}") == before {
                    idle.push(format!("{name}: {} ({code:?}) did nothing", binding.keys));
                }
            }
        }
    }
    assert!(sent > 80, "{sent} keys sent");
    assert!(idle.is_empty(), "{}", idle.join("\n"));
}

/// The hint bar and the help come from the same tables as the editor in use: a country
/// editor shows the country keys, not the group's.
#[test]
fn the_tables_follow_the_editor_in_use() {
    let whats = |t: &[Binding]| t.iter().map(|b| b.what).collect::<Vec<_>>();
    let m = editing(QuestionType::Country, 0);
    assert_eq!(whats(keymap::current(&m)[0]), whats(keymap::EDIT_COUNTRY));
    let m = group(true);
    assert_eq!(whats(keymap::current(&m)[0]), whats(keymap::EDIT_SCALE));
    let m = group(false);
    assert_eq!(whats(keymap::current(&m)[0]), whats(keymap::EDIT_GROUP));
}
