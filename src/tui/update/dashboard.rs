//! The list of assessments: move, filter (a text field: typing, pasting, Esc clears), open,
//! export or sign the selected one, start a new assessment, import a CNIL PIA file (`i`, a
//! path asked in a popup; the new assessment is selected), audit, reload, export the record
//! of processing activities (Art. 30(1)) of them all, quit. A record
//! that can only be read can be looked at, not added to.

use super::findings::moved;
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::model::{CnilImport, Lang, Model, NewField, NewForm, Pending, Screen};
use crate::tui::strings::t;
use crossterm::event::{KeyCode, KeyEvent};

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let count = model.visible().len();
    let d = &mut model.dashboard;
    if let Some(import) = &mut d.import {
        match key.code {
            KeyCode::Esc => d.import = None,
            KeyCode::Enter => {
                let typed = import.path.text.trim();
                if typed.is_empty() {
                    return Vec::new();
                }
                return vec![Effect::ImportCnil(input_path(typed))];
            }
            _ => {
                if import.path.key(key) {
                    import.error = None;
                }
            }
        }
        return Vec::new();
    }
    if d.filtering {
        match key.code {
            KeyCode::Enter => d.filtering = false,
            KeyCode::Esc => {
                d.filtering = false;
                d.filter = LineInput::default();
                d.selected = 0;
            }
            _ => {
                if d.filter.key(key) {
                    d.selected = 0;
                }
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => d.selected = moved(d.selected, -1, count),
        KeyCode::Down | KeyCode::Char('j') => d.selected = moved(d.selected, 1, count),
        KeyCode::PageUp => d.selected = moved(d.selected, -10, count),
        KeyCode::PageDown => d.selected = moved(d.selected, 10, count),
        KeyCode::Home | KeyCode::Char('g') => d.selected = 0,
        KeyCode::End | KeyCode::Char('G') => d.selected = count.saturating_sub(1),
        KeyCode::Char('/') => d.filtering = true,
        KeyCode::Esc if !d.filter.text.is_empty() => {
            d.filter = LineInput::default();
            d.selected = 0;
        }
        KeyCode::Char('q') => model.quit = true,
        KeyCode::Char('r') => return vec![Effect::LoadList],
        KeyCode::Char('R') => {
            let stem = format!("{}-{}", t(model.lang, "ropa.file"), model.today);
            let name = dpia::files::file_name(&stem, ".pdf");
            return vec![Effect::ExportRopa(model.export_dir().join(name))];
        }
        KeyCode::Char('a') => {
            model.screen = Screen::Audit(Box::default());
            return vec![Effect::Audit];
        }
        KeyCode::Char('i') => {
            if d.read_only {
                model.info("status.read_only_record");
                return Vec::new();
            }
            d.import = Some(CnilImport::default());
        }
        KeyCode::Char(c @ ('n' | 'x')) => {
            if d.read_only {
                model.info("status.read_only_record");
                return Vec::new();
            }
            model.screen = Screen::New(new_form(c == 'x', model.lang));
        }
        KeyCode::Enter | KeyCode::Char('o') | KeyCode::Char('e') | KeyCode::Char('s') => {
            let Some(id) = model.selected().map(|a| a.id.clone()) else {
                model.info("status.none_selected");
                return Vec::new();
            };
            model.pending = match key.code {
                KeyCode::Char('e') => Some(Pending::Export),
                KeyCode::Char('s') => Some(Pending::Sign),
                _ => None,
            };
            return vec![Effect::Open(id)];
        }
        _ => {}
    }
    Vec::new()
}

/// A path the user typed for a file to read: `~/` is the home folder; relative paths are
/// from the folder dpia started in, as on the command line.
fn input_path(typed: &str) -> std::path::PathBuf {
    match typed.strip_prefix("~/") {
        Some(rest) => dirs::home_dir().map_or_else(|| typed.into(), |h| h.join(rest)),
        None => typed.into(),
    }
}

fn new_form(example: bool, lang: Lang) -> NewForm {
    NewForm {
        path: LineInput::default(),
        title: if example {
            LineInput::new(t(lang, "new.example_title"))
        } else {
            LineInput::default()
        },
        focus: if example {
            NewField::Title
        } else {
            NewField::Path
        },
        example,
        completions: Vec::new(),
        scanning: None,
        error: None,
    }
}
