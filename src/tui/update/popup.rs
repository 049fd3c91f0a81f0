//! The popups over an assessment: export and import paths, the sign form (and the question
//! before signing), dismissal notes for columns and flows, the categories of a column, the
//! question before clearing an answer, and the drift list (`drift.rs`).

use super::editing::with_context;
use super::findings::{decide_flow, set_group};
use super::undo;
use crate::tui::editor::Outcome;
use crate::tui::effect::Effect;
use crate::tui::model::{Confirm, Model, NoteTarget, Popup, Screen, SignForm};
use crate::tui::strings::t;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::questionnaire::{AnswerValue, COLUMN_REVIEW};
use std::path::PathBuf;
use zeroize::Zeroizing;

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.to_string())
}

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(mut popup) = w.popup.take() else {
        return Vec::new();
    };
    // Esc closes a popup (the categories editor and a confirming sign form handle it).
    let own_esc = matches!(&popup, Popup::Categories { .. })
        || matches!(&popup, Popup::Sign(f) if f.confirming);
    if key.code == KeyCode::Esc && !own_esc {
        return Vec::new();
    }
    match &mut popup {
        Popup::Export { path } => {
            if key.code == KeyCode::Enter {
                let out = model.output_path(&path.text);
                if let Screen::Work(w) = &mut model.screen {
                    w.popup = Some(popup);
                }
                return vec![Effect::Export(out)];
            }
            path.key(key);
        }
        Popup::Import { path } => {
            if key.code == KeyCode::Enter {
                let effect = Effect::ReadAnswers(PathBuf::from(path.text.trim()));
                w.popup = Some(popup);
                return vec![effect];
            }
            path.key(key);
        }
        Popup::Sign(form) => {
            if form.confirming {
                return match key.code {
                    KeyCode::Char('y' | 'j' | 'o') | KeyCode::Enter => {
                        let effect = sign_effect(model, form);
                        if let Screen::Work(w) = &mut model.screen {
                            w.popup = Some(popup);
                        }
                        vec![effect]
                    }
                    _ => {
                        form.confirming = false;
                        if let Screen::Work(w) = &mut model.screen {
                            w.popup = Some(popup);
                        }
                        Vec::new()
                    }
                };
            }
            let submit = (key.code == KeyCode::Enter && form.focus == SignForm::FIELDS - 1)
                || (key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('s'));
            if submit {
                form.confirming = true;
            } else {
                match key.code {
                    KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                        form.focus = (form.focus + 1) % SignForm::FIELDS
                    }
                    KeyCode::BackTab | KeyCode::Up => {
                        form.focus = (form.focus + SignForm::FIELDS - 1) % SignForm::FIELDS
                    }
                    _ => {
                        let i = form.focus;
                        form.field(i).key(key);
                    }
                }
            }
        }
        Popup::DismissNote { target, note } => {
            if key.code == KeyCode::Enter {
                let text_note = note.text.trim().to_string();
                if text_note.is_empty() {
                    w.invalid = Some(t(lang, "invalid.note_required").into());
                    w.popup = Some(popup);
                    return Vec::new();
                }
                w.invalid = None;
                return match *target {
                    NoteTarget::Column(row) => {
                        let mut items = w.findings().to_vec();
                        if let Some(item) = items.get_mut(row) {
                            item.insert("decision".into(), text("dismissed"));
                            item.insert("note".into(), AnswerValue::Text(text_note));
                            item.remove("minimisation");
                        }
                        // On to the next column, as confirming does.
                        w.findings_row = (row + 1).min(items.len().saturating_sub(1));
                        set_group(model, COLUMN_REVIEW, items, "undo.finding")
                    }
                    NoteTarget::Flow(row) => {
                        w.flows_row = (row + 1).min(w.session.scan.flows.len().saturating_sub(1));
                        decide_flow(model, row, "dismissed", Some(text_note))
                    }
                };
            }
            note.key(key);
        }
        Popup::Categories { row, editor } => {
            let Some(field) = w
                .session
                .question(COLUMN_REVIEW)
                .and_then(|q| q.field("categories"))
                .cloned()
            else {
                return Vec::new();
            };
            let outcome = with_context(&w.session, lang, |ctx| editor.key(&field, key, ctx));
            match outcome {
                Outcome::Continue => {}
                Outcome::Cancel => return Vec::new(),
                Outcome::Submit(value) => {
                    let mut items = w.findings().to_vec();
                    if let Some(item) = items.get_mut(*row) {
                        item.insert("categories".into(), value);
                        item.insert("decision".into(), text("changed"));
                        item.remove("note");
                        item.entry("minimisation".into())
                            .or_insert_with(|| text("needed"));
                    }
                    return set_group(model, COLUMN_REVIEW, items, "undo.finding");
                }
            }
        }
        Popup::Detail { scroll } => {
            // ↑↓ PgUp PgDn scroll the text; any other key closes it.
            *scroll = match key.code {
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1).min(500),
                KeyCode::PageUp => scroll.saturating_sub(10),
                KeyCode::PageDown => scroll.saturating_add(10).min(500),
                _ => return Vec::new(),
            };
        }
        Popup::Drift { row } => return super::drift::key(model, *row, key),
        Popup::Confirm(Confirm::Clear { question }) => {
            if matches!(key.code, KeyCode::Char('y' | 'j' | 'o')) {
                let id = question.clone();
                return match undo::change(w, "undo.cleared", |s| {
                    s.clear(&id);
                    Ok::<(), String>(())
                }) {
                    Ok(_) => {
                        model.info("status.cleared");
                        vec![Effect::Save]
                    }
                    Err(e) => {
                        model.error(e);
                        Vec::new()
                    }
                };
            }
            // Any other key keeps the answer.
            return Vec::new();
        }
    }
    if let Screen::Work(w) = &mut model.screen {
        w.popup = Some(popup);
    }
    Vec::new()
}

/// The sign effect from a filled-in form: a .p12 needs no certificate; relative output
/// paths go to the export folder.
fn sign_effect(model: &Model, form: &SignForm) -> Effect {
    let key = form.key.text.trim();
    let is_p12 = key.ends_with(".p12") || key.ends_with(".pfx");
    let cert = (!is_p12).then(|| PathBuf::from(form.cert.text.trim()));
    let location = Some(form.location.text.trim().to_string()).filter(|l| !l.is_empty());
    Effect::Sign {
        key: PathBuf::from(key),
        cert,
        passphrase: Zeroizing::new(form.passphrase.text.clone()),
        out: model.output_path(&form.out.text),
        location,
    }
}
