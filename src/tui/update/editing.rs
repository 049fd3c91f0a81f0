//! Answering a question: opening its editor (on the draft when there is one), passing keys
//! and pastes to it with what editing needs from the session, checking what it submits
//! (inline message, the editor stays open), moving on to the next question, and keeping what
//! is being typed as a draft when the UI is quit with Ctrl-C.

use super::undo;
use crate::tui::editor::{EditContext, Editor, Item, Outcome, Pasted};
use crate::tui::effect::Effect;
use crate::tui::model::{Lang, Model, Screen, Work};
use crossterm::event::KeyEvent;
use dpia::questionnaire::Question;
use dpia::session::Session;

/// Runs `f` with the editing context of `session` in `lang`.
pub fn with_context<R>(session: &Session, lang: Lang, f: impl FnOnce(&EditContext) -> R) -> R {
    let visible = |q: &Question, item: &Item| session.field_visible(q, item);
    let ctx = EditContext {
        reference: &session.reference,
        lang,
        field_visible: &visible,
    };
    f(&ctx)
}

/// Opens the editor of `q` on its draft, else its answer.
pub fn open_editor(w: &mut Work, q: &Question, lang: Lang) {
    let current = w.session.answers.values.get(&q.id).map(|a| a.value.clone());
    let editor = with_context(&w.session, lang, |ctx| {
        Editor::open(q, current.as_ref(), ctx)
    });
    w.editor = Some(editor);
}

/// In an open group editor, opens field `field` of item `item` (0-based).
pub fn open_group_field(w: &mut Work, q: &Question, item: usize, field: &str, lang: Lang) {
    let Some(Editor::Group(mut g)) = w.editor.take() else {
        return;
    };
    with_context(&w.session, lang, |ctx| g.open_field(q, item, field, ctx));
    w.editor = Some(Editor::Group(g));
}

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(q) = w.current().cloned() else {
        w.editor = None;
        return Vec::new();
    };
    let Some(mut editor) = w.editor.take() else {
        return Vec::new();
    };
    let outcome = with_context(&w.session, lang, |ctx| editor.key(&q, key, ctx));
    match outcome {
        Outcome::Continue => w.editor = Some(editor),
        Outcome::Cancel => w.invalid = None,
        Outcome::Submit(value) => match undo::change(w, "undo.answer", |s| s.set(&q.id, value)) {
            Ok(_) => {
                w.invalid = None;
                // On to the next question (the list may have changed with the answer).
                let ids: Vec<String> = w
                    .questions(w.section)
                    .iter()
                    .map(|q| q.id.clone())
                    .collect();
                if let Some(i) = ids.iter().position(|id| *id == q.id) {
                    w.question = (i + 1).min(ids.len().saturating_sub(1));
                    w.scroll = 0;
                }
                return vec![Effect::Save];
            }
            Err(e) => {
                w.invalid = Some(e);
                w.editor = Some(editor);
            }
        },
    }
    Vec::new()
}

/// Ctrl-C: what is being typed in the open editor is kept as a draft (no answer until
/// confirmed) and saved; nothing when nothing was typed or it equals the answer.
pub fn keep_draft(model: &mut Model) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    if w.signed || w.read_only {
        return Vec::new();
    }
    let (Some(editor), Some(q)) = (w.editor.take(), w.current().cloned()) else {
        return Vec::new();
    };
    if !editor.typed() {
        return Vec::new();
    }
    let Some(value) = editor.value(&q) else {
        return Vec::new();
    };
    if w.session.answers.get(&q.id) == Some(&value) {
        return Vec::new();
    }
    match w.session.set_draft(&q.id, value) {
        Ok(()) => vec![Effect::Save],
        Err(_) => Vec::new(),
    }
}

/// A paste into the open editor (text, never keys); the status says when lines were joined
/// or when this editor takes no text.
pub fn paste(model: &mut Model, text: &str) {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return;
    };
    let Some(mut editor) = w.editor.take() else {
        return;
    };
    let pasted = with_context(&w.session, lang, |ctx| editor.paste(text, ctx));
    w.editor = Some(editor);
    match pasted {
        Pasted::Taken => {}
        Pasted::Joined => model.info("status.paste_joined"),
        Pasted::Refused => model.info("status.paste_refused"),
    }
}
