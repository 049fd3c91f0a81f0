//! The terminal UI (ratatui + crossterm) as The Elm Architecture: [`model::Model`] is the
//! state; keys, pastes (bracketed paste: text, never keys) and the mouse wheel arrive as
//! [`message::Message`]s; [`update::update`] is a pure function from (model, message) to
//! effects; [`effect`] runs those effects through the same library calls as the CLI and
//! answers with messages; [`view`] only draws; [`keymap`] documents every screen's keys for
//! the help overlay; [`strings`] holds every word in every language. The scan runs on a
//! thread and reports progress through the same message channel. [`run_loop`] is generic
//! over the backend and the event source, so a test can drive it without a terminal.

pub mod editor;
pub mod effect;
pub mod input;
pub mod keymap;
pub mod message;
pub mod model;
pub mod strings;
#[cfg(test)]
mod test_support;
pub mod update;
pub mod view;

use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use effect::Effect;
use message::Message;
use model::{AuthorPrompt, Lang, Model};
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

/// What the shell hands the UI at start.
pub struct Start {
    pub today: String,
    /// `DPIA_AUTHOR`, else the `author` setting; `None` asks once.
    pub author: Option<String>,
    /// Shown until the user says who is working (`USER`, else "unknown").
    pub fallback_author: String,
    pub settings: dpia::settings::Settings,
    pub settings_path: Option<PathBuf>,
    pub documents: Option<PathBuf>,
    pub colour: bool,
    pub lang: Lang,
}

/// The model a run starts from.
pub fn start_model(record_dir: &Path, start: Start) -> Model {
    let mut model = Model::new(record_dir.to_path_buf(), start.today);
    match start.author {
        Some(a) => model.author = a,
        None => {
            model.author = start.fallback_author;
            model.author_prompt = Some(AuthorPrompt::default());
        }
    }
    model.settings = start.settings;
    model.settings_path = start.settings_path;
    model.documents = start.documents;
    model.colour = start.colour;
    model.lang = start.lang;
    model
}

/// Terminal events as messages: a key press (not its release), a paste, a wheel notch.
pub fn message_of(event: Event) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
        Event::Paste(text) => Some(Message::Paste(text)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Message::Scroll(1)),
            MouseEventKind::ScrollUp => Some(Message::Scroll(-1)),
            _ => None,
        },
        _ => None,
    }
}

/// Runs the app on the real terminal until the user quits. The terminal is restored on
/// return and on panic (ratatui's hook; ours turns bracketed paste and the mouse off).
pub fn run(record_dir: &Path, start: Start) -> std::io::Result<()> {
    strings::strings().map_err(std::io::Error::other)?;
    let mut model = start_model(record_dir, start);
    let (tx, rx) = mpsc::channel::<Message>();
    effect::run(&model, Effect::LoadList, &tx);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            event::DisableMouseCapture,
            event::DisableBracketedPaste
        );
        hook(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = crossterm::execute!(
        std::io::stdout(),
        event::EnableBracketedPaste,
        event::EnableMouseCapture
    )
    .and_then(|()| {
        run_loop(&mut terminal, &mut model, &tx, &rx, || {
            if event::poll(Duration::from_millis(100))? {
                event::read().map(Some)
            } else {
                Ok(None)
            }
        })
    });
    let _ = crossterm::execute!(
        std::io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste
    );
    ratatui::restore();
    result
}

/// The loop: apply every message the effects produced, draw, wait for the next event.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    tx: &Sender<Message>,
    rx: &Receiver<Message>,
    mut next_event: impl FnMut() -> std::io::Result<Option<Event>>,
) -> std::io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    loop {
        while let Ok(message) = rx.try_recv() {
            for e in update::update(model, message) {
                effect::run(model, e, tx);
            }
        }
        terminal
            .draw(|frame| view::draw(frame, model))
            .map_err(std::io::Error::other)?;
        if model.quit {
            return Ok(());
        }
        let Some(event) = next_event()? else {
            continue;
        };
        if let Some(message) = message_of(event) {
            for e in update::update(model, message) {
                effect::run(model, e, tx);
            }
        }
    }
}
