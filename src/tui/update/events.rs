//! Pastes and the mouse wheel, sent to what has the focus. A paste is text, never keys: it
//! goes into the text field being edited (one-line fields join its lines and say so) and is
//! refused with a message anywhere else. The wheel moves the cursor of a list or scrolls a
//! text.

use super::editing;
use super::findings::moved;
use super::work::scroll_by;
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::model::{FindingsPane, Model, NewField, Popup, Screen, Tab};

pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    if model.help {
        return Vec::new();
    }
    if let Some(prompt) = &mut model.author_prompt {
        let joined = prompt.name.paste(text, " ");
        note(model, joined);
        return Vec::new();
    }
    if matches!(&model.screen, Screen::Work(w) if w.popup.is_none() && w.editor.is_some()) {
        editing::paste(model, text);
        return Vec::new();
    }
    let joined = match &mut model.screen {
        Screen::Dashboard if model.dashboard.import.is_some() => {
            model.dashboard.import.as_mut().map(|i| {
                i.error = None;
                i.path.paste(text, "")
            })
        }
        Screen::Dashboard if model.dashboard.filtering => {
            let joined = model.dashboard.filter.paste(text, " ");
            model.dashboard.selected = 0;
            Some(joined)
        }
        Screen::New(form) if form.scanning.is_none() => Some(match form.focus {
            NewField::Path if !form.example => {
                form.completions.clear();
                form.path.paste(text, " ")
            }
            _ => form.title.paste(text, " "),
        }),
        Screen::Audit(a) if a.editing => Some(a.path.paste(text, " ")),
        Screen::Work(w) => w
            .popup
            .as_mut()
            .and_then(popup_input)
            .map(|input| input.paste(text, " ")),
        _ => None,
    };
    match joined {
        Some(joined) => note(model, joined),
        None => model.info("status.paste_nowhere"),
    }
    Vec::new()
}

fn note(model: &mut Model, joined: bool) {
    if joined {
        model.info("status.paste_joined");
    }
}

/// The text field of a popup that has the focus, if it has one.
fn popup_input(popup: &mut Popup) -> Option<&mut LineInput> {
    match popup {
        Popup::Export { path } | Popup::Import { path } => Some(path),
        Popup::DismissNote { note, .. } => Some(note),
        Popup::Sign(form) if !form.confirming => {
            let i = form.focus;
            Some(form.field(i))
        }
        Popup::Sign(_)
        | Popup::Categories { .. }
        | Popup::Confirm(_)
        | Popup::Detail { .. }
        | Popup::Drift { .. } => None,
    }
}

/// The mouse wheel: `delta` rows down (positive) or up.
pub fn scroll(model: &mut Model, delta: i16) {
    if model.help || model.author_prompt.is_some() {
        return;
    }
    let count = model.visible().len();
    match &mut model.screen {
        Screen::Dashboard => {
            let d = &mut model.dashboard;
            d.selected = moved(d.selected, i64::from(delta), count);
        }
        Screen::Work(w) => {
            if let Some(Popup::Categories { editor, .. }) = &mut w.popup {
                if let Some(field) = w
                    .session
                    .question(dpia::questionnaire::COLUMN_REVIEW)
                    .and_then(|q| q.field("categories"))
                {
                    editor.scroll(field, delta);
                }
                return;
            }
            if let Some(Popup::Detail { scroll }) = &mut w.popup {
                *scroll = (i32::from(*scroll) + i32::from(delta) * 3).clamp(0, 500) as u16;
                return;
            }
            if let (Some(Popup::Drift { row }), Some(Ok(items))) =
                (&mut w.popup, w.drift.as_ref().map(|d| &d.items))
            {
                *row = moved(*row, i64::from(delta), items.len());
                return;
            }
            if w.popup.is_some() {
                return;
            }
            let current = w.current().cloned();
            if let (Some(editor), Some(q)) = (&mut w.editor, current) {
                editor.scroll(&q, delta);
                return;
            }
            match (w.tab, w.pane) {
                (Tab::Findings, FindingsPane::Columns) => {
                    let len = w.findings().len();
                    w.findings_row = moved(w.findings_row, i64::from(delta), len);
                }
                (Tab::Findings, FindingsPane::Flows) => {
                    let len = w.session.scan.flows.len();
                    w.flows_row = moved(w.flows_row, i64::from(delta), len);
                }
                _ => scroll_by(w, i32::from(delta)),
            }
        }
        Screen::Audit(a) => {
            a.scroll = (i32::from(a.scroll) + i32::from(delta))
                .clamp(0, i32::from(a.scroll_limit.get())) as u16;
        }
        Screen::New(_) => {}
    }
}
