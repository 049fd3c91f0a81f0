//! The one seam between the terminal UI and the record's API: opening the record for one
//! action (so the CLI can use it between actions), for reading when it cannot be written,
//! and saving the open session. Saving is where "no lost updates" lives: when another writer
//! recorded a version meanwhile, the record refuses a write based on an older version and the
//! session re-applies its own changes on top of the newer one ([`SaveReport::merged`] says
//! what happened; `update` shows it and keeps any answer being typed).
//!
//! The record's optimistic concurrency (writes naming their base version, `Session::save`
//! re-applying on a stale base) and read-only opens are being built on the `record` branch;
//! until they are merged, [`save`] writes after the head as before and [`open_for_reading`]
//! opens for writing. Wiring them is local to this file (see the notes on each function).

use super::chain;
use crate::tui::message::SaveReport;
use crate::tui::model::{Model, Screen};
use dpia::clock::{Clock, Now, Purpose};
use dpia::record::Record;
use std::path::Path;

/// Opens the record in `dir` for writing, creating it when missing.
pub fn open_writable(dir: &Path, _author: &str) -> Result<Record, String> {
    // With the record branch: `Record::open_or_create(dir, &Actor { author, now })`.
    Record::open(dir).map_err(|e| match e.hint() {
        Some(h) => format!("{} ({h})", chain(&e)),
        None => chain(&e),
    })
}

/// Opens the record to look at it: for writing when possible, else read-only (`true`), so a
/// record on a read-only folder or medium can still be listed and read.
pub fn open_for_reading(dir: &Path, author: &str) -> Result<(Record, bool), String> {
    // With the record branch: on `RecordError::ReadOnly` (or a permission error), retry with
    // `Record::open_read_only(dir, &std::env::temp_dir(), &actor)` and return `true`.
    open_writable(dir, author).map(|r| (r, false))
}

/// Saves the open session as the assessment's next version.
pub fn save(model: &Model) -> Result<SaveReport, String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let record = open_writable(&model.record_dir, &model.author)?;
    let now = now(Purpose::Record)?.rfc3339();
    // With the record branch (`Session::save(&mut self)` moves the session's base):
    //   let mut session = work.session.clone();
    //   let saved = session.save(&record, &work.id, &model.author, &now).map_err(..)?;
    //   Ok(SaveReport {
    //       merged: saved.rebase.map(|r| Merged { by: r.onto_author,
    //           reapplied: r.reapplied,
    //           conflicts: r.conflicts.into_iter().map(|c| c.question).collect() }),
    //       session: Some(Box::new(session)),
    //   })
    work.session
        .save(&record, &work.id, &model.author, &now)
        .map_err(|e| chain(&e))?;
    Ok(SaveReport::default())
}

/// One reading of the clock (the library's rules for `DPIA_NOW`).
pub fn now(purpose: Purpose) -> Result<Now, String> {
    Clock::from_env().now(purpose).map_err(|e| e.to_string())
}
