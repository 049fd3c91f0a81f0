//! The audit screen: run the audit again, verify a PDF by its path.

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
        _ => {}
    }
    Vec::new()
}
