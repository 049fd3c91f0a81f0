//! The terminal UI (ratatui + crossterm) as The Elm Architecture: [`model::Model`] is the
//! state, keys arrive as [`message::Message::Key`], [`update::update`] is a pure function
//! from (model, message) to effects, [`effect`] runs those effects through the same library
//! calls as the CLI and answers with messages, [`view`] only draws, and [`keymap`] documents
//! every screen's keys for the help overlay. The scan runs on a thread and reports progress
//! through the same message channel.

pub mod editor;
pub mod effect;
pub mod input;
pub mod keymap;
pub mod message;
pub mod model;
#[cfg(test)]
mod test_support;
pub mod update;
pub mod view;

use crossterm::event::{self, Event, KeyEventKind};
use effect::Effect;
use message::Message;
use model::Model;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Settings the shell reads from the environment.
pub struct Settings {
    pub today: String,
    pub author: String,
    pub colour: bool,
    pub lang: model::Lang,
}

/// Runs the app on the real terminal until the user quits. The terminal is restored on
/// return and on panic (ratatui's `run` installs the hook).
pub fn run(record_dir: &Path, settings: Settings) -> std::io::Result<()> {
    let mut model = Model::new(record_dir.to_path_buf(), settings.today);
    model.author = settings.author;
    model.colour = settings.colour;
    model.lang = settings.lang;
    let (tx, rx) = mpsc::channel::<Message>();
    effect::run(&model, Effect::LoadList, &tx);
    ratatui::run(|terminal| -> std::io::Result<()> {
        loop {
            // Apply every message the effects (and the scan thread) produced.
            while let Ok(message) = rx.try_recv() {
                for e in update::update(&mut model, message) {
                    effect::run(&model, e, &tx);
                }
            }
            terminal.draw(|frame| view::draw(frame, &model))?;
            if model.quit {
                return Ok(());
            }
            if !event::poll(Duration::from_millis(100))? {
                continue;
            }
            if let Event::Key(key) = event::read()? {
                if key.kind != KeyEventKind::Release {
                    for e in update::update(&mut model, Message::Key(key)) {
                        effect::run(&model, e, &tx);
                    }
                }
            }
        }
    })
}
