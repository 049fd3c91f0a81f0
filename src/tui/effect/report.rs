//! The report: a draft PDF, the signed report (its signature recorded and checked), and the
//! verification of any PDF, as `dpia export`, `dpia sign` and `dpia verify` do. Output paths
//! arrive absolute (`Model::output_path`); a missing export folder is created.

use super::chain;
use super::record_access::{now, open_for_reading, open_writable};
use crate::tui::message::Verified;
use crate::tui::model::{Model, Screen};
use dpia::approval::{self, check_pdf, RecordSource, Role, SignOptions};
use dpia::clock::Purpose;
use dpia::record::{Record, VersionId};
use dpia::signing::KeyFiles;
use std::path::{Path, PathBuf};

/// The open assessment's current version and the report's input for it.
fn head_input(
    model: &Model,
    record: &Record,
) -> Result<(VersionId, dpia::report::ReportInput), String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let view = record.assessment(&work.id).map_err(|e| chain(&e))?;
    let head = record.version(&view.summary.head).map_err(|e| chain(&e))?;
    let input = approval::report_input(&view, &head, model.lang).map_err(|e| chain(&e))?;
    Ok((head.id, input))
}

/// Creates the folder `path` goes into, when it is missing.
fn folder_for(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// Writes a draft of the current version and logs the export in the record, as
/// `dpia export` does.
pub fn export(model: &Model, path: &Path) -> Result<PathBuf, String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let record = open_writable(&model.record_dir, &model.author)?;
    let (version, input) = head_input(model, &record)?;
    let bytes = approval::render_draft(&input, model.lang).map_err(|e| chain(&e))?;
    folder_for(path)?;
    dpia::files::write_atomic(path, &bytes).map_err(|e| chain(&e))?;
    let now = now(Purpose::Record)?.rfc3339();
    let what = format!("pdf draft {}", path.display());
    record
        .record_export(&work.id, &version, &what, &model.author, &now)
        .map_err(|e| chain(&e))?;
    Ok(path.to_path_buf())
}

pub fn sign(
    model: &Model,
    key: &Path,
    cert: Option<&Path>,
    passphrase: &str,
    out: &Path,
    location: Option<String>,
) -> Result<Verified, String> {
    // The passphrase is checked before the record is opened, so no lock is held meanwhile.
    let creds = KeyFiles::read(key, cert)
        .and_then(|files| files.credentials(passphrase))
        .map_err(|e| chain(&e))?;
    let record = open_writable(&model.record_dir, &model.author)?;
    let (head, input) = head_input(model, &record)?;
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    // Sign what the DPO sees: the version this session is based on, still the current one.
    if work.session.base_version() != Some(&head) {
        return Err(format!(
            "the assessment changed since it was opened here (its current version is {}): \
             reopen it, review the changes, then sign",
            head.short()
        ));
    }
    let signing_time = now(Purpose::Signing)?;
    let options = SignOptions {
        lang: model.lang,
        role: Role::Dpo,
        reason: None,
        location,
        signed_at: signing_time.unix,
        tsa: None,
    };
    let signed = approval::render_signed(input, &creds, &options, None).map_err(|e| chain(&e))?;
    folder_for(out)?;
    dpia::files::write_atomic(out, &signed.pdf).map_err(|e| chain(&e))?;
    if let Err(e) = approval::record_signature(&record, &work.id, &head, &signed, &model.author) {
        let _ = std::fs::remove_file(out);
        return Err(chain(&e));
    }
    let checked = check_pdf(&signed.pdf, &[], RecordSource::Open(&record));
    Ok(Verified {
        path: out.to_path_buf(),
        checked,
    })
}

pub fn verify(model: &Model, path: &Path) -> Result<Verified, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let checked = match open_for_reading(&model.record_dir, &model.author) {
        Ok((record, _)) => check_pdf(&bytes, &[], RecordSource::Open(&record)),
        Err(why) => check_pdf(&bytes, &[], RecordSource::Unreadable(why)),
    };
    Ok(Verified {
        path: path.to_path_buf(),
        checked,
    })
}
