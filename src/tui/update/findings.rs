//! The findings review: the scan's columns (confirm, correct the categories, dismiss with a
//! note, needed / pseudonymise / drop, confirm all undecided) and the code's data flows
//! (confirm, dismiss with a note), `f` switching between them. Every decision is an answer
//! (the column review group, the flow decisions group), undoable with `u`.

use super::undo;
use super::work::read_only;
use crate::tui::editor::{EditContext, Editor, Item};
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::model::{text_of, FindingsPane, Model, NoteTarget, Popup, Screen, StatusLine};
use crate::tui::strings::tf;
use crossterm::event::{KeyCode, KeyEvent};
use dpia::questionnaire::{AnswerValue, COLUMN_REVIEW, FLOW_REVIEW};

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.to_string())
}

/// Moves a list cursor by `delta` within `len` rows.
pub fn moved(at: usize, delta: i64, len: usize) -> usize {
    (at as i64 + delta).clamp(0, len.saturating_sub(1) as i64) as usize
}

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    if key.code == KeyCode::Enter {
        w.popup = Some(Popup::Detail { scroll: 0 });
        return Vec::new();
    }
    if key.code == KeyCode::Char('f') {
        w.pane = match w.pane {
            FindingsPane::Columns => FindingsPane::Flows,
            FindingsPane::Flows => FindingsPane::Columns,
        };
        return Vec::new();
    }
    match w.pane {
        FindingsPane::Columns => columns_key(model, key),
        FindingsPane::Flows => flows_key(model, key),
    }
}

fn columns_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let len = w.findings().len();
    let row = w.findings_row.min(len.saturating_sub(1));
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => w.findings_row = moved(row, -1, len),
        KeyCode::Down | KeyCode::Char('j') => w.findings_row = moved(row, 1, len),
        KeyCode::PageUp => w.findings_row = moved(row, -10, len),
        KeyCode::PageDown => w.findings_row = moved(row, 10, len),
        KeyCode::Home => w.findings_row = 0,
        KeyCode::End => w.findings_row = len.saturating_sub(1),
        KeyCode::Char(c @ ('c' | 'd' | 'e' | 'm' | 'A')) if len > 0 => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            let mut items = w.findings().to_vec();
            match c {
                'c' => {
                    let item = &mut items[row];
                    item.insert("decision".into(), text("confirmed"));
                    item.remove("note");
                    item.entry("minimisation".into())
                        .or_insert_with(|| text("needed"));
                    w.findings_row = moved(row, 1, len);
                    return set_group(model, COLUMN_REVIEW, items, "undo.finding");
                }
                'A' => {
                    let mut n = 0;
                    for item in items.iter_mut().filter(|i| !i.contains_key("decision")) {
                        item.insert("decision".into(), text("confirmed"));
                        item.entry("minimisation".into())
                            .or_insert_with(|| text("needed"));
                        n += 1;
                    }
                    let effects = set_group(model, COLUMN_REVIEW, items, "undo.confirm_all");
                    let lang = model.lang;
                    model.status = Some(StatusLine::Info(tf(
                        lang,
                        "status.confirmed_all",
                        &[("n", &n)],
                    )));
                    return effects;
                }
                'm' => {
                    if text_of(&items[row], "decision") == "dismissed" {
                        model.info("status.dismissed_no_minimisation");
                        return Vec::new();
                    }
                    let next = match text_of(&items[row], "minimisation") {
                        "needed" => "pseudonymise",
                        "pseudonymise" => "drop",
                        _ => "needed",
                    };
                    items[row].insert("minimisation".into(), text(next));
                    let undecided = !items[row].contains_key("decision");
                    items[row]
                        .entry("decision".into())
                        .or_insert_with(|| text("confirmed"));
                    let effects = set_group(model, COLUMN_REVIEW, items, "undo.finding");
                    if undecided {
                        model.info("status.minimisation_confirms");
                    }
                    return effects;
                }
                'd' => {
                    let note = text_of(&items[row], "note").to_string();
                    w.popup = Some(Popup::DismissNote {
                        target: NoteTarget::Column(row),
                        note: LineInput::new(&note),
                    });
                }
                _ => {
                    let Some(field) = w
                        .session
                        .question(COLUMN_REVIEW)
                        .and_then(|q| q.field("categories"))
                    else {
                        return Vec::new();
                    };
                    let visible =
                        |f: &dpia::questionnaire::Question, i: &Item| w.session.field_visible(f, i);
                    let ctx = EditContext {
                        reference: &w.session.reference,
                        lang: model.lang,
                        field_visible: &visible,
                    };
                    let editor = Editor::open(field, items[row].get("categories"), &ctx);
                    w.popup = Some(Popup::Categories { row, editor });
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

fn flows_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let len = w.session.scan.flows.len();
    let row = w.flows_row.min(len.saturating_sub(1));
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => w.flows_row = moved(row, -1, len),
        KeyCode::Down | KeyCode::Char('j') => w.flows_row = moved(row, 1, len),
        KeyCode::PageUp => w.flows_row = moved(row, -10, len),
        KeyCode::PageDown => w.flows_row = moved(row, 10, len),
        KeyCode::Home => w.flows_row = 0,
        KeyCode::End => w.flows_row = len.saturating_sub(1),
        KeyCode::Char('c') if len > 0 => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            w.flows_row = moved(row, 1, len);
            return decide_flow(model, row, "confirmed", None);
        }
        KeyCode::Char('d') if len > 0 => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            let note = w
                .flow_rows()
                .get(row)
                .and_then(|r| r.decision)
                .map_or(String::new(), |d| text_of(d, "note").to_string());
            w.popup = Some(Popup::DismissNote {
                target: NoteTarget::Flow(row),
                note: LineInput::new(&note),
            });
        }
        _ => {}
    }
    Vec::new()
}

/// Records the decision on flow `row` (one item per decided flow, keyed by the flow).
pub fn decide_flow(
    model: &mut Model,
    row: usize,
    decision: &str,
    note: Option<String>,
) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(key) = w.session.scan.flows.get(row).map(|f| f.key()) else {
        return Vec::new();
    };
    let mut items = w.items(FLOW_REVIEW).to_vec();
    let mut item = Item::new();
    item.insert("flow".into(), text(&key));
    item.insert("decision".into(), text(decision));
    if let Some(note) = note {
        item.insert("note".into(), text(&note));
    }
    match items.iter_mut().find(|i| text_of(i, "flow") == key) {
        Some(existing) => *existing = item,
        None => items.push(item),
    }
    set_group(model, FLOW_REVIEW, items, "undo.flow")
}

/// Sets a group answer as the DPO's, undoable as `what`; saved when it changed.
pub fn set_group(model: &mut Model, id: &str, items: Vec<Item>, what: &'static str) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    match undo::change(w, what, |s| s.set(id, AnswerValue::Group(items))) {
        Ok(true) => vec![Effect::Save],
        Ok(false) => Vec::new(),
        Err(e) => {
            model.error(e);
            Vec::new()
        }
    }
}
