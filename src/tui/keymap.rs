//! Keys to messages, per mode, as data: the same table drives the help overlay.

use super::message::Message;
use super::model::Model;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One line of the help overlay: keys and what they do (English, German).
pub const DASHBOARD_KEYS: &[(&str, &str, &str)] = &[
    ("↑/k ↓/j", "move", "bewegen"),
    ("Home/End", "first / last", "erste / letzte"),
    (
        "/",
        "filter by title, tool, status or id",
        "filtern nach Titel, Tool, Status oder ID",
    ),
    ("a", "audit the record", "Verzeichnis prüfen (Audit)"),
    ("r", "reload the list", "Liste neu laden"),
    ("L", "language English/Deutsch", "Sprache Englisch/Deutsch"),
    ("?", "this help", "diese Hilfe"),
    ("q", "quit", "beenden"),
];

/// The message for `key` in the model's current mode, if any.
pub fn message(model: &Model, key: KeyEvent) -> Option<Message> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Message::Quit);
    }
    if model.help {
        return match key.code {
            KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') => Some(Message::ToggleHelp),
            _ => None,
        };
    }
    if model.filtering {
        return match key.code {
            KeyCode::Enter => Some(Message::EndFilter { keep: true }),
            KeyCode::Esc => Some(Message::EndFilter { keep: false }),
            KeyCode::Backspace => Some(Message::FilterBackspace),
            KeyCode::Char(c) => Some(Message::FilterChar(c)),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
        KeyCode::Home | KeyCode::Char('g') => Some(Message::Home),
        KeyCode::End | KeyCode::Char('G') => Some(Message::End),
        KeyCode::Char('/') => Some(Message::StartFilter),
        KeyCode::Esc if !model.filter.is_empty() => Some(Message::EndFilter { keep: false }),
        KeyCode::Char('a') => Some(Message::Audit),
        KeyCode::Char('r') => Some(Message::Refresh),
        KeyCode::Char('L') => Some(Message::ToggleLanguage),
        KeyCode::Char('?') => Some(Message::ToggleHelp),
        KeyCode::Char('q') => Some(Message::Quit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn keys_depend_on_the_mode() {
        let mut m = Model::new(PathBuf::from("/x"), "2026-11-25".into());
        assert_eq!(message(&m, key(KeyCode::Char('q'))), Some(Message::Quit));
        m.filtering = true;
        assert_eq!(
            message(&m, key(KeyCode::Char('q'))),
            Some(Message::FilterChar('q'))
        );
        m.filtering = false;
        m.help = true;
        assert_eq!(
            message(&m, key(KeyCode::Char('q'))),
            Some(Message::ToggleHelp)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(message(&m, ctrl_c), Some(Message::Quit));
    }
}
