//! Importing a CNIL PIA file from the dashboard (issue 16), as `dpia import --cnil FILE`
//! without `--tool` does: the file read with the library's size cap, mapped by
//! `dpia::exchange::cnil::import_bytes` (the risk titles in the UI's language), and created in
//! one step with an `imported` event naming the file's SHA-256. A malformed file is an error
//! naming the JSON path, and nothing is written.

use super::assessment::reference;
use super::chain;
use super::record_access::{now, open_writable};
use crate::tui::model::Model;
use dpia::clock::Purpose;
use dpia::exchange::cnil;
use dpia::record::AssessmentId;
use dpia::session::Session;
use std::path::Path;

/// Imports the CNIL file at `path` as a new assessment: its id and title.
pub fn import(model: &Model, path: &Path) -> Result<(AssessmentId, String), String> {
    let name = path.display().to_string();
    let text = dpia::files::read_text(path, cnil::MAX_FILE)
        .map_err(|e| format!("cannot read {name}: {}", chain(&e)))?;
    let questionnaire = dpia::questionnaire::builtin().map_err(|e| chain(&e))?;
    let reference = reference(model)?;
    let file = cnil::import_bytes(
        &name,
        text.as_bytes(),
        &questionnaire,
        &reference,
        model.lang,
    )
    .map_err(|e| format!("cannot import {name}: {}: {}", e.path, e.message))?;
    let title = file
        .imported
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "CNIL PIA".into());
    let clock = now(Purpose::Record)?;
    let today = clock.date();
    let mut session = Session::start_with(
        dpia::scan::ScanReport::default(),
        file.imported.answers.clone(),
        questionnaire,
        reference,
        today,
    );
    let record = open_writable(&model.record_dir, &model.author)?;
    let id = session
        .create_imported(
            &record,
            &title,
            &format!("cnil:{name}"),
            &file.source(&name),
            &file.sha256,
            &model.author,
            &clock.rfc3339(),
        )
        .map_err(|e| chain(&e))?;
    Ok((id, title))
}
