//! The pure state transition: a message changes the model and may ask for effects. Keys are
//! dispatched by screen and mode (the author prompt, the help overlay, a popup, an editor,
//! plain navigation), one file per screen; pastes and the mouse wheel go to what has the
//! focus (`events.rs`); effect results are applied in `results.rs`. The key tables in
//! [`super::keymap`] document the same keys for the help overlay.

mod audit;
mod dashboard;
mod drift;
mod editing;
mod events;
mod findings;
mod new;
mod popup;
mod questions;
mod results;
mod summary;
mod undo;
mod work;

use super::effect::Effect;
use super::message::Message;
use super::model::{Model, Screen};
use super::strings::t;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn update(model: &mut Model, message: Message) -> Vec<Effect> {
    match message {
        Message::Key(key) => key_pressed(model, key),
        Message::Paste(text) => events::paste(model, &text),
        Message::Scroll(delta) => {
            events::scroll(model, delta);
            Vec::new()
        }
        other => results::apply(model, other),
    }
}

fn key_pressed(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        model.quit = true;
        // What is being typed is kept as a draft: no answer until it is confirmed.
        return editing::keep_draft(model);
    }
    if model.author_prompt.is_some() {
        return author_key(model, key);
    }
    if model.help {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                model.help_scroll = model.help_scroll.saturating_sub(1)
            }
            KeyCode::Down | KeyCode::Char('j') => {
                model.help_scroll = model.help_scroll.saturating_add(1).min(200)
            }
            KeyCode::PageUp => model.help_scroll = model.help_scroll.saturating_sub(10),
            KeyCode::PageDown => model.help_scroll = model.help_scroll.saturating_add(10).min(200),
            _ => model.help = false,
        }
        return Vec::new();
    }
    if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !model.typing()) {
        model.help = true;
        model.help_scroll = 0;
        return Vec::new();
    }
    if key.code == KeyCode::F(2) || (key.code == KeyCode::Char('L') && !model.typing()) {
        model.lang = model.lang.next();
        // A message in the other language would stay on screen: drop it.
        model.status = None;
        return Vec::new();
    }
    match &mut model.screen {
        Screen::Dashboard => dashboard::key(model, key),
        Screen::New(_) => new::key(model, key),
        Screen::Work(_) => work::key(model, key),
        Screen::Audit(_) => audit::key(model, key),
    }
}

/// The one-time question of who is working: Enter keeps the name in the settings, Esc
/// works without (asked again next time).
fn author_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(prompt) = &mut model.author_prompt else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => model.author_prompt = None,
        KeyCode::Enter => {
            let name = prompt.name.text.trim().to_string();
            if name.is_empty() {
                model.info("status.author_empty");
                return Vec::new();
            }
            model.author_prompt = None;
            model.author = name.clone();
            model.settings.author = Some(name);
            model.status = Some(super::model::StatusLine::Info(format!(
                "{} {}",
                t(model.lang, "status.author_saved"),
                model.author
            )));
            return vec![Effect::SaveSettings];
        }
        _ => {
            prompt.name.key(key);
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_editing;
#[cfg(test)]
mod tests_keymap;
