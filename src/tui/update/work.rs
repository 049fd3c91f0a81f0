//! An open assessment: popups and editors take the keys first; then the tab keys, undo, the
//! drift list (`D`), Esc back to the list (trying once more to save what is not saved yet), and each tab's own.

use super::{editing, findings, popup, questions, summary, undo};
use crate::tui::effect::Effect;
use crate::tui::model::{Model, Popup, Screen, Tab, Work};
use crossterm::event::{KeyCode, KeyEvent};

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    if w.popup.is_some() {
        return popup::key(model, key);
    }
    if w.editor.is_some() {
        return editing::key(model, key);
    }
    match key.code {
        KeyCode::Esc => {
            // Answers that could not be saved are tried once more before leaving; a second
            // Esc leaves anyway.
            if w.unsaved && !w.leaving {
                w.leaving = true;
                model.info("status.unsaved_leave");
                return vec![Effect::Save];
            }
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        KeyCode::Tab => switch(w, 1),
        KeyCode::BackTab => switch(w, Tab::ALL.len() - 1),
        KeyCode::Char(c @ '1'..='4') => {
            w.tab = Tab::ALL[usize::from(c as u8 - b'1')];
            w.scroll = 0;
        }
        KeyCode::Char('D') => {
            if w.drift.is_some() {
                w.popup = Some(Popup::Drift { row: 0 });
            } else {
                model.info("status.no_drift");
            }
        }
        KeyCode::Char('u') if w.tab != Tab::Summary => {
            if read_only(model) {
                return Vec::new();
            }
            return undo::undo(model);
        }
        _ => {
            return match w.tab {
                Tab::Findings => findings::key(model, key),
                Tab::Questions => questions::key(model, key),
                Tab::Risks => {
                    scroll_key(w, key);
                    Vec::new()
                }
                Tab::Summary => {
                    scroll_key(w, key);
                    summary::key(model, key)
                }
            }
        }
    }
    Vec::new()
}

fn switch(w: &mut Work, by: usize) {
    let i = Tab::ALL.iter().position(|t| *t == w.tab).unwrap_or(0);
    w.tab = Tab::ALL[(i + by) % Tab::ALL.len()];
    w.scroll = 0;
}

/// ↑↓ PgUp PgDn Home End scroll a text view, within what the last drawing showed.
pub fn scroll_key(w: &mut Work, key: KeyEvent) {
    let by: i32 = match key.code {
        KeyCode::Up | KeyCode::Char('k') => -1,
        KeyCode::Down | KeyCode::Char('j') => 1,
        KeyCode::PageUp => -10,
        KeyCode::PageDown => 10,
        KeyCode::Home => i32::from(u16::MIN) - i32::from(u16::MAX),
        KeyCode::End => i32::from(u16::MAX),
        _ => return,
    };
    scroll_by(w, by);
}

/// Moves a text view's offset by `by` rows, between the top and the last drawing's limit.
pub fn scroll_by(w: &mut Work, by: i32) {
    let limit = i32::from(w.scroll_limit.get());
    w.scroll = (i32::from(w.scroll) + by).clamp(0, limit) as u16;
}

/// Refuses changes to a signed assessment or to a record that can only be read, with a
/// message.
pub fn read_only(model: &mut Model) -> bool {
    let (signed, record) = match &model.screen {
        Screen::Work(w) => (w.signed, w.read_only),
        _ => (false, false),
    };
    if record {
        model.info("status.read_only_record");
    } else if signed {
        model.info("status.signed_final");
    }
    signed || record
}
