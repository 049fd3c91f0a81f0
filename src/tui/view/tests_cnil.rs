//! Importing a CNIL PIA file from the dashboard (issue 16), drawn into a TestBackend: `i`
//! asks for the path in a popup, Enter asks for the import, a failed import shows its error
//! (with the JSON path) in the popup and nothing changes, a successful one closes it and the
//! reloaded list selects the new assessment. English and French, 80x24 and 120x40.

use super::tests::{key, screen};
use crate::tui::effect::Effect;
use crate::tui::message::{Listing, Message};
use crate::tui::model::Lang;
use crate::tui::test_support::{dashboard, summary};
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::record::Status;
use std::path::PathBuf;

fn typed(m: &mut crate::tui::model::Model, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(update(
            m,
            Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        ));
    }
    effects
}

#[test]
fn i_asks_for_the_path_and_enter_imports_it() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('i'));
    let s = screen(&m, 80, 24);
    assert!(s.contains("Import a CNIL PIA file"), "{s}");
    // Letters are text now, not commands (q does not quit).
    assert!(typed(&mut m, "pia/quarterly.json").is_empty());
    assert!(!m.quit);
    assert!(screen(&m, 120, 40).contains("pia/quarterly.json"));
    let effects = update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![Effect::ImportCnil(PathBuf::from("pia/quarterly.json"))]
    );
}

#[test]
fn an_error_is_shown_with_its_json_path_and_the_popup_stays() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('i'));
    typed(&mut m, "bad.json");
    update(
        &mut m,
        Message::CnilImported(Err(
            "cannot import bad.json: $.answers[1].data.gauge: expected a whole number, found \"high\""
                .into(),
        )),
    );
    let s = screen(&m, 120, 40);
    assert!(s.contains("$.answers[1].data.gauge"), "{s}");
    assert!(s.contains("Nothing was imported."), "{s}");
    assert!(m.dashboard.import.is_some());
    m.lang = Lang::Fr;
    let s = screen(&m, 80, 24);
    assert!(s.contains("Rien n'a été importé."), "{s}");
    // Esc closes it; the list is as it was.
    key(&mut m, KeyCode::Esc);
    assert!(m.dashboard.import.is_none());
    assert_eq!(m.dashboard.assessments.len(), 3);
}

#[test]
fn the_imported_assessment_is_selected_once_the_list_is_reloaded() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('i'));
    typed(&mut m, "full.json");
    let new = summary(9, "Expense refunds tool", Status::Draft, None);
    let effects = update(
        &mut m,
        Message::CnilImported(Ok((new.id.clone(), new.title.clone()))),
    );
    assert_eq!(effects, vec![Effect::LoadList]);
    assert!(m.dashboard.import.is_none());
    let mut assessments = m.dashboard.assessments.clone();
    assessments.insert(1, new.clone());
    update(
        &mut m,
        Message::Listed(Ok(Listing {
            assessments,
            read_only: false,
            checks: Default::default(),
        })),
    );
    assert_eq!(m.selected().map(|a| a.id.clone()), Some(new.id));
    let s = screen(&m, 120, 40);
    assert!(s.contains("▶ draft"), "{s}");
    assert!(
        s.contains("imported from the CNIL file: Expense refunds tool"),
        "{s}"
    );
}

#[test]
fn a_read_only_record_refuses_the_import() {
    let mut m = dashboard();
    m.dashboard.read_only = true;
    key(&mut m, KeyCode::Char('i'));
    assert!(m.dashboard.import.is_none());
}
