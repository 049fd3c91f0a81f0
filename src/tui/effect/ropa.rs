//! The record of processing activities (GDPR Art. 30(1)) as a PDF, as `dpia ropa --format
//! pdf` writes it: from the record opened for reading, in the UI's language, into the export
//! folder (created when missing).

use super::chain;
use super::record_access::{now, open_for_reading};
use crate::tui::model::Model;
use dpia::clock::Purpose;
use dpia::ropa::{self, RopaWords};
use std::path::{Path, PathBuf};

/// Writes the record to `path`; returns the path and how many activities it lists.
pub fn export(model: &Model, path: &Path) -> Result<(PathBuf, usize), String> {
    let lang = model.lang.code();
    let (record, _) = open_for_reading(&model.record_dir, &model.author)?;
    let words = RopaWords::builtin(lang)
        .or_else(|_| RopaWords::builtin("en"))
        .map_err(|e| e.to_string())?;
    let record_of = ropa::from_record(&record, None, words.language()).map_err(|e| chain(&e))?;
    let created_at = now(Purpose::Record)?.rfc3339();
    let bytes = ropa::pdf::to_pdf(&record_of, &words, &created_at).map_err(|e| chain(&e))?;
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    dpia::files::write_atomic(path, &bytes).map_err(|e| chain(&e))?;
    Ok((path.to_path_buf(), record_of.activities.len()))
}
