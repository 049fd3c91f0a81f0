//! The one seam between the terminal UI and the record's API: opening the record for one
//! action (so the CLI can use it between actions), for reading when it cannot be written,
//! and saving the open session. Saving is where "no lost updates" lives: when another writer
//! recorded a version meanwhile, the record refuses a write based on an older version and the
//! session re-applies its own changes on top of the newer one ([`SaveReport::merged`] says
//! what happened; `update` shows it and keeps any answer being typed).

use super::chain;
use crate::tui::message::{Merged, SaveReport};
use crate::tui::model::{Model, Screen};
use dpia::clock::{Clock, Now, Purpose};
use dpia::record::{Actor, Record};
use std::path::Path;

/// Opens the record in `dir` for writing, creating it when missing.
pub fn open_writable(dir: &Path, author: &str) -> Result<Record, String> {
    Record::open_or_create(dir, &actor(author)?).map_err(|e| message(&e))
}

/// Opens the record to look at it: for writing when possible, else read-only (`true`), so a
/// record on a read-only folder or medium, or one another process holds, can still be
/// listed and read.
pub fn open_for_reading(dir: &Path, author: &str) -> Result<(Record, bool), String> {
    match open_writable(dir, author) {
        Ok(record) => Ok((record, false)),
        Err(writable) => Record::open_read_only(dir, &std::env::temp_dir(), &actor(author)?)
            .map(|r| (r, true))
            .map_err(|e| format!("{writable}; read-only: {}", message(&e))),
    }
}

/// Who opens the record and when (the author of a migration it may run on opening).
fn actor(author: &str) -> Result<Actor, String> {
    Ok(Actor {
        author: author.to_string(),
        now: now(Purpose::Record)?.rfc3339(),
    })
}

fn message(e: &dpia::record::RecordError) -> String {
    match e.hint() {
        Some(h) => format!("{} ({h})", chain(e)),
        None => chain(e),
    }
}

/// Saves the open session as the assessment's next version.
pub fn save(model: &Model) -> Result<SaveReport, String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let record = open_writable(&model.record_dir, &model.author)?;
    let now = now(Purpose::Record)?.rfc3339();
    let mut session = work.session.clone();
    let saved = session
        .save(&record, &work.id, &model.author, &now)
        .map_err(|e| chain(&e))?;
    Ok(SaveReport {
        merged: saved.rebase.map(|r| Merged {
            by: r.onto_author,
            reapplied: r.reapplied,
            conflicts: r.conflicts.into_iter().map(|c| c.question).collect(),
        }),
        session: Some(Box::new(session)),
    })
}

/// One reading of the clock (the library's rules for `DPIA_NOW`).
pub fn now(purpose: Purpose) -> Result<Now, String> {
    Clock::from_env().now(purpose).map_err(|e| e.to_string())
}
