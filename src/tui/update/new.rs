//! Starting an assessment: the tool's path (Tab completes), a title, then the scan.

use crate::tui::effect::{Effect, ScanSource};
use crate::tui::model::{Model, NewField, Screen};
use crate::tui::strings::t;
use crossterm::event::{KeyCode, KeyEvent};
use std::path::PathBuf;

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::New(form) = &mut model.screen else {
        return Vec::new();
    };
    if form.scanning.is_some() {
        return Vec::new();
    }
    match (key.code, form.focus) {
        (KeyCode::Esc, _) => {
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        (KeyCode::Tab, NewField::Path) if !form.example => {
            return vec![Effect::Complete(form.path.text.clone())];
        }
        (KeyCode::Up | KeyCode::Down | KeyCode::BackTab, _) if !form.example => {
            form.focus = match form.focus {
                NewField::Path => NewField::Title,
                NewField::Title => NewField::Path,
            }
        }
        (KeyCode::Tab, NewField::Title) if !form.example => form.focus = NewField::Path,
        (KeyCode::Enter, NewField::Path) => {
            form.completions.clear();
            form.focus = NewField::Title;
        }
        (KeyCode::Enter, NewField::Title) => {
            let title = form.title.text.trim().to_string();
            let path = form.path.text.trim().to_string();
            if !form.example && path.is_empty() {
                form.error = Some(t(lang, "new.path_needed").into());
                form.focus = NewField::Path;
            } else if title.is_empty() {
                form.error = Some(t(lang, "new.title_needed").into());
            } else {
                form.error = None;
                form.scanning = Some(Default::default());
                let source = if form.example {
                    ScanSource::Example
                } else {
                    ScanSource::Paths(path.split_whitespace().map(PathBuf::from).collect())
                };
                return vec![Effect::ScanAndCreate { source, title }];
            }
        }
        (_, NewField::Path) => {
            if form.path.key(key) {
                form.completions.clear();
            }
        }
        (_, NewField::Title) => {
            form.title.key(key);
        }
    }
    Vec::new()
}
