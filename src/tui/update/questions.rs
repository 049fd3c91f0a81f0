//! The questionnaire tab: sections and questions, answering (Enter opens the editor, on the
//! draft when there is one), accepting a suggestion or a draft (`c`), clearing (`x`, asked
//! first when there is an answer), the jump to the next missing item (`n`, into a group item's
//! missing field), scrolling the question's text and importing an answers file.

use super::editing::open_editor;
use super::work::{read_only, scroll_by};
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::model::{Confirm, Model, Popup, Screen, StatusLine, Work};
use crate::tui::strings::tf;
use crossterm::event::{KeyCode, KeyEvent};
use dpia::questionnaire::Origin;

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let sections = w.session.questionnaire.sections.len();
    let count = w.questions(w.section).len();
    match key.code {
        KeyCode::Left | KeyCode::Char('h') => {
            w.section = w.section.saturating_sub(1);
            w.question = 0;
            w.scroll = 0;
        }
        KeyCode::Right | KeyCode::Char('l') => {
            w.section = (w.section + 1).min(sections.saturating_sub(1));
            w.question = 0;
            w.scroll = 0;
        }
        KeyCode::Up | KeyCode::Char('k') => {
            w.question = w.question.saturating_sub(1);
            w.scroll = 0;
        }
        KeyCode::Down | KeyCode::Char('j') => {
            w.question = (w.question + 1).min(count.saturating_sub(1));
            w.scroll = 0;
        }
        KeyCode::PageUp => scroll_by(w, -5),
        KeyCode::PageDown => scroll_by(w, 5),
        KeyCode::Char('n') => return next_missing(model),
        KeyCode::Char('i') => {
            if read_only(model) {
                return Vec::new();
            }
            if let Screen::Work(w) = &mut model.screen {
                w.popup = Some(Popup::Import {
                    path: LineInput::new("answers.toml"),
                });
            }
        }
        KeyCode::Enter | KeyCode::Char('c') | KeyCode::Char('x') => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            let Some(q) = w.current().cloned() else {
                return Vec::new();
            };
            match key.code {
                KeyCode::Enter => open_editor(w, &q, model.lang),
                KeyCode::Char('c') => return accept(model, &q.id),
                _ => {
                    if w.session.answers.values.contains_key(&q.id) {
                        w.popup = Some(Popup::Confirm(Confirm::Clear { question: q.id }));
                    }
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// `c`: the scan's suggestion, or a draft, becomes the DPO's answer.
fn accept(model: &mut Model, id: &str) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let origin = w.session.answers.values.get(id).map(|a| a.origin);
    if !matches!(origin, Some(Origin::SuggestedFromScan | Origin::Draft)) {
        model.info("status.nothing_to_accept");
        return Vec::new();
    }
    match super::undo::change(w, "undo.accepted", |s| s.confirm(id)) {
        Ok(_) => {
            w.invalid = None;
            vec![Effect::Save]
        }
        // A draft that is not a valid answer yet: edit it.
        Err(e) => {
            w.invalid = Some(e);
            if let Some(q) = w.current().cloned() {
                open_editor(w, &q, model.lang);
            }
            Vec::new()
        }
    }
}

/// Where a missing item is in the questionnaire.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub section: usize,
    pub question: usize,
    /// For a group field: the item (0-based) and the field.
    inside: Option<(usize, String)>,
    /// The missing item's id (`group[n].field` or the question's).
    id: String,
}

/// Where `missing` (a question id, or `group[n].field`) is shown, if it is.
pub(super) fn locate(w: &Work, missing: &str) -> Option<Place> {
    let (id, inside) = match missing.split_once('[') {
        Some((group, rest)) => {
            let (n, field) = rest.split_once("].")?;
            let n: usize = n.parse().ok()?;
            (group, Some((n.saturating_sub(1), field.to_string())))
        }
        None => (missing, None),
    };
    let sections = w.session.questionnaire.sections.len();
    (0..sections).find_map(|s| {
        w.questions(s)
            .iter()
            .position(|q| q.id == id)
            .map(|i| Place {
                section: s,
                question: i,
                inside: inside.clone(),
                id: missing.to_string(),
            })
    })
}

/// `n`: the next missing item after the cursor (wrapping round), in the evaluation's order;
/// a missing field of a group item opens that item's field.
fn next_missing(model: &mut Model) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let here = (w.section, w.question);
    let places: Vec<Place> = w
        .session
        .evaluation
        .missing
        .iter()
        .filter_map(|m| locate(w, &m.question))
        .collect();
    let next = places
        .iter()
        .find(|p| (p.section, p.question) > here)
        .or_else(|| places.first())
        .cloned();
    let Some(Place {
        section,
        question,
        inside,
        id,
    }) = next
    else {
        model.info("status.nothing_missing");
        return Vec::new();
    };
    w.section = section;
    w.question = question;
    w.scroll = 0;
    let words = w.session.words(lang);
    let what = w
        .session
        .evaluation
        .missing
        .iter()
        .find(|m| m.question == id)
        .map(|m| words.finding(&m.finding))
        .unwrap_or_default();
    let text = tf(lang, "status.next_missing", &[("what", &what)]);
    if let (Some((item, field)), false) = (inside, w.signed || w.read_only) {
        if let Some(q) = w.current().cloned() {
            open_editor(w, &q, lang);
            super::editing::open_group_field(w, &q, item, &field, lang);
        }
    }
    model.status = Some(StatusLine::Info(text));
    Vec::new()
}
