//! The audit screen: scroll the auditor's summary, run it again, verify a PDF by its path.

use crate::tui::effect::Effect;
use crate::tui::model::{Model, Screen};
use crossterm::event::{KeyCode, KeyEvent};
use std::path::PathBuf;

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Audit(a) = &mut model.screen else {
        return Vec::new();
    };
    if a.editing {
        match key.code {
            KeyCode::Esc => a.editing = false,
            KeyCode::Enter => {
                a.editing = false;
                return vec![Effect::Verify(PathBuf::from(a.path.text.trim()))];
            }
            _ => {
                a.path.key(key);
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        KeyCode::Char('a') | KeyCode::Char('r') => return vec![Effect::Audit],
        KeyCode::Char('v') => a.editing = true,
        KeyCode::Up | KeyCode::Char('k') => a.scroll = a.scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            a.scroll = a.scroll.saturating_add(1).min(a.scroll_limit.get())
        }
        KeyCode::PageUp => a.scroll = a.scroll.saturating_sub(10),
        KeyCode::PageDown => a.scroll = a.scroll.saturating_add(10).min(a.scroll_limit.get()),
        KeyCode::Home => a.scroll = 0,
        KeyCode::End => a.scroll = a.scroll_limit.get(),
        _ => {}
    }
    Vec::new()
}
