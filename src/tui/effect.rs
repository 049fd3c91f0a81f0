//! Effects: the only place the UI touches the record, the file system and the clock. Each
//! runs the library call the CLI makes for the same step and turns the result into a
//! message; errors become messages, never panics. The scan runs on its own thread and
//! reports progress through the channel. Opening and saving go through `record_access.rs`,
//! the one seam to the record's API.

mod assessment;
mod cnil;
mod drift;
mod record_access;
mod report;
mod ropa;

use super::message::{Listing, Message};
use super::model::Model;
use dpia::record::AssessmentId;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use zeroize::Zeroizing;

/// What to scan for a new assessment: the library's one scan setup names it.
pub use dpia::scan::ToolSource as ScanSource;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadList,
    Audit,
    Complete(String),
    ScanAndCreate {
        source: ScanSource,
        title: String,
    },
    Open(AssessmentId),
    Save,
    Export(PathBuf),
    /// Writes the record of processing activities (Art. 30(1)) as a PDF to the path.
    ExportRopa(PathBuf),
    ReadAnswers(PathBuf),
    Sign {
        key: PathBuf,
        cert: Option<PathBuf>,
        passphrase: Zeroizing<String>,
        out: PathBuf,
        location: Option<String>,
    },
    Verify(PathBuf),
    /// Writes the model's settings to the settings file.
    SaveSettings,
    /// Starts the successor of the signed assessment (`dpia revise`).
    Revise(AssessmentId),
    /// Creates an assessment from a CNIL PIA file (`dpia import --cnil`).
    ImportCnil(PathBuf),
}

/// Runs `effect`; results come back as messages on `tx` (at once, or later from the scan
/// thread).
pub fn run(model: &Model, effect: Effect, tx: &Sender<Message>) {
    let send = |m: Message| {
        let _ = tx.send(m);
    };
    match effect {
        Effect::LoadList => send(Message::Listed(
            record_access::open_for_reading(&model.record_dir, &model.author).and_then(
                |(record, read_only)| {
                    let checks = record.last_checks().map_err(|e| chain(&e))?;
                    record
                        .list()
                        .map(|assessments| Listing {
                            assessments,
                            read_only,
                            checks,
                        })
                        .map_err(|e| chain(&e))
                },
            ),
        )),
        Effect::Audit => send(Message::Audited(
            record_access::open_for_reading(&model.record_dir, &model.author).and_then(
                |(record, _)| {
                    dpia::approval::audit_summary::summarise(&record, &model.today, &[], &[])
                        .map(Box::new)
                        .map_err(|e| chain(&e))
                },
            ),
        )),
        Effect::Complete(prefix) => send(Message::Completions(complete(&prefix))),
        Effect::ScanAndCreate { source, title } => {
            assessment::scan_and_create(model, source, title, tx)
        }
        Effect::Open(id) => send(Message::Opened(assessment::open(model, &id))),
        Effect::Save => send(Message::Saved(record_access::save(model))),
        Effect::Export(path) => send(Message::Exported(report::export(model, &path))),
        Effect::ExportRopa(path) => send(Message::RopaExported(ropa::export(model, &path))),
        Effect::ReadAnswers(path) => send(Message::ImportRead(
            dpia::files::read_text(&path, dpia::questionnaire::answers::MAX_ANSWERS_FILE)
                .map(|text| (path.display().to_string(), text))
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
        )),
        Effect::Sign {
            key,
            cert,
            passphrase,
            out,
            location,
        } => send(Message::Signed(report::sign(
            model,
            &key,
            cert.as_deref(),
            &passphrase,
            &out,
            location,
        ))),
        Effect::Verify(path) => send(Message::Verified(report::verify(model, &path))),
        Effect::SaveSettings => send(Message::SettingsSaved(save_settings(model))),
        Effect::Revise(id) => send(Message::Revised(assessment::revise(model, &id))),
        Effect::ImportCnil(path) => send(Message::CnilImported(cnil::import(model, &path))),
    }
}

/// An error with its causes on one line.
pub(super) fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

fn save_settings(model: &Model) -> Result<(), String> {
    let Some(path) = &model.settings_path else {
        return Err("no folder for the settings file (set DPIA_CONFIG_DIR)".into());
    };
    model.settings.save(path).map_err(|e| chain(&e))
}

/// Entries of the folder in `prefix` whose names start with its last part; folders end in
/// `/`.
fn complete(prefix: &str) -> Vec<String> {
    let (dir, start) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let read = if dir.is_empty() { "." } else { dir };
    let Ok(entries) = std::fs::read_dir(Path::new(read)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                return None;
            }
            let slash = if e.path().is_dir() { "/" } else { "" };
            Some(format!("{dir}{name}{slash}"))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cnil;
#[cfg(test)]
mod tests_drift;
