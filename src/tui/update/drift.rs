//! The drift list over an open assessment (issue 15): ↑↓ choose an item, Enter goes to the
//! question it affects on the questionnaire tab (the same place `n` finds for a missing
//! answer), Esc closes; `D` opens it again. An item whose question this assessment does not
//! show says so and stays.

use super::questions::locate;
use crate::tui::effect::Effect;
use crate::tui::model::{Model, Popup, Screen, StatusLine, Tab};
use crate::tui::strings::tf;
use crossterm::event::{KeyCode, KeyEvent};

/// A key on the drift list, which is on item `row` (the popup is taken out of the work while
/// the key is handled: it is put back unless the key closes it).
pub fn key(model: &mut Model, row: usize, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let items = match w.drift.as_ref().map(|d| &d.items) {
        Some(Ok(items)) => items.clone(),
        Some(Err(_)) => Vec::new(),
        // Nothing to show.
        None => return Vec::new(),
    };
    let last = items.len().saturating_sub(1);
    let row = match key.code {
        KeyCode::Up | KeyCode::Char('k') => row.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => (row + 1).min(last),
        KeyCode::PageUp => row.saturating_sub(5),
        KeyCode::PageDown => (row + 5).min(last),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => last,
        KeyCode::Enter => {
            let Some(item) = items.get(row) else {
                return Vec::new();
            };
            let words = w.session.words(lang);
            match locate(w, &item.question) {
                Some(place) => {
                    w.tab = Tab::Questions;
                    w.section = place.section;
                    w.question = place.question;
                    w.scroll = 0;
                    model.status = Some(StatusLine::Info(tf(
                        lang,
                        "status.drift_question",
                        &[("what", &words.finding(&item.finding))],
                    )));
                    return Vec::new();
                }
                None => {
                    w.popup = Some(Popup::Drift { row });
                    model.info("status.drift_no_question");
                    return Vec::new();
                }
            }
        }
        _ => row,
    };
    w.popup = Some(Popup::Drift { row });
    Vec::new()
}
