//! The terminal UI (ratatui + crossterm) as The Elm Architecture: [`model::Model`] is the
//! state, [`keymap`] turns keys into [`message::Message`]s, [`update::update`] is a pure
//! function from (model, message) to effects, [`effect`] runs those effects through the same
//! library calls as the CLI, and [`view`] only draws. This first slice is the dashboard:
//! assessments in the record, filter, audit, language switch and help.

pub mod effect;
pub mod keymap;
pub mod message;
pub mod model;
pub mod update;
pub mod view;

use crossterm::event::{self, Event, KeyEventKind};
use effect::Effect;
use model::Model;
use std::path::Path;
use std::time::Duration;

/// Runs the app on the real terminal until the user quits. The terminal is restored on
/// return and on panic (ratatui's `run` installs the hook).
pub fn run(record_dir: &Path, today: String, colour: bool) -> std::io::Result<()> {
    let mut model = Model::new(record_dir.to_path_buf(), today);
    model.colour = colour;
    effect::run(&mut model, Effect::LoadList);
    ratatui::run(|terminal| -> std::io::Result<()> {
        loop {
            terminal.draw(|frame| view::draw(frame, &model))?;
            if model.quit {
                return Ok(());
            }
            if !event::poll(Duration::from_millis(500))? {
                continue;
            }
            let message = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    keymap::message(&model, key)
                }
                Event::Resize(..) => None,
                _ => None,
            };
            if let Some(message) = message {
                for e in update::update(&mut model, message) {
                    effect::run(&mut model, e);
                }
            }
        }
    })
}
