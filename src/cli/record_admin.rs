//! The `dpia record` subcommands: `export` (the backup), `import` (rebuilding a record from
//! one, the only other command besides `new` that creates a record) and `redact` (an erasure
//! request). Flags to library calls; the clock and the author are read here.

use super::clock;
use super::error::CliError;
use super::record::{actor, author, open, record_error, refuse_read_only, Access};
use clap::Subcommand;
use dpia::record::{Record, Redaction};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Write the whole record (assessments, versions, events) as one JSON document: the backup.
    Export {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
        #[command(flatten)]
        signing: super::sign::SignOutputArgs,
        /// Who exports (default: DPIA_AUTHOR, then USER), named in a signed export.
        #[arg(long)]
        author: Option<String>,
    },
    /// Rebuild a record from an exported JSON document, verifying every hash first (and with
    /// --trust, the export's signature before anything else).
    Import {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
        #[command(flatten)]
        trust: super::export_signature::TrustArgs,
    },
    /// Remove a value or an answer from every version (an erasure request, GDPR Art. 17).
    ///
    /// The versions that held it are rewritten into a new chain and a `redacted` event per
    /// assessment maps old version ids to new ones, so `dpia audit` still proves continuity.
    /// Exports and PDFs made before are copies that still hold it.
    #[command(group = clap::ArgGroup::new("what").required(true).args(["value", "answer"]))]
    #[command(group = clap::ArgGroup::new("scope").required(true).args(["id", "all"]))]
    Redact {
        /// Assessment id (any unique prefix).
        id: Option<String>,
        /// Every assessment in the record.
        #[arg(long)]
        all: bool,
        /// Text to replace by [redacted] wherever it occurs (answers, evaluation, scans).
        #[arg(long)]
        value: Option<String>,
        /// Question id whose answer is removed.
        #[arg(long, value_name = "QUESTION_ID")]
        answer: Option<String>,
        /// Why (e.g. "erasure request of 2027-01-10"), logged with the redaction.
        #[arg(long)]
        reason: String,
        /// Who redacts (default: DPIA_AUTHOR, then USER).
        #[arg(long)]
        author: Option<String>,
    },
}

pub fn record(command: RecordCommand, dir: &Path, read_only: bool) -> Result<ExitCode, CliError> {
    match command {
        RecordCommand::Export {
            file,
            signing,
            author: who,
        } => {
            let record = open(dir, Access::Read)?;
            let json = record.export_json().map_err(record_error)?;
            drop(record);
            std::fs::write(&file, &json).map_err(|e| {
                CliError::user(format!("cannot write {}", file.display())).caused_by(&e)
            })?;
            eprintln!(
                "exported the record at {} to {}",
                dir.display(),
                file.display()
            );
            if signing.sign {
                let sig =
                    super::export_signature::sign(&file, json.as_bytes(), signing, &author(who))?;
                eprintln!("signed: {}", sig.display());
            }
        }
        RecordCommand::Import { file, trust } => {
            refuse_read_only(read_only, "record import")?;
            let bytes = std::fs::read(&file).map_err(|e| {
                CliError::user(format!("cannot read {}", file.display())).caused_by(&e)
            })?;
            super::export_signature::check(&file, &bytes, &trust)?;
            let json = String::from_utf8(bytes).map_err(|e| {
                CliError::user(format!("{} is not UTF-8 text", file.display()))
                    .caused_by(&e)
                    .hint("import a file written by `dpia record export`, unchanged")
            })?;
            let name = file.display().to_string();
            let record =
                Record::import_json(dir, &name, &json, &actor(None)?).map_err(record_error)?;
            super::record::print_notices(&record);
            eprintln!("imported {} into {}", file.display(), dir.display());
        }
        RecordCommand::Redact {
            id,
            all: _,
            value,
            answer,
            reason,
            author: who,
        } => {
            refuse_read_only(read_only, "record redact")?;
            let what = match (value, answer) {
                (Some(v), _) => Redaction::Value(v),
                (None, Some(q)) => Redaction::Answer(q),
                (None, None) => return Err(CliError::usage("give --value or --answer")),
            };
            let mut record = open(dir, Access::Write)?;
            let only = id
                .map(|prefix| record.resolve(&prefix))
                .transpose()
                .map_err(record_error)?;
            let now = clock::now()?;
            let report = record
                .redact(only.as_ref(), &what, &reason, &author(who), &now)
                .map_err(record_error)?;
            if report.assessments.is_empty() {
                eprintln!("nothing to redact: no version holds it");
                return Ok(ExitCode::SUCCESS);
            }
            let versions: usize = report.assessments.iter().map(|(_, n)| n).sum();
            eprintln!(
                "redacted {} occurrence(s) in {versions} version(s) of {} assessment(s); \
                 each has a `redacted` event mapping its old version ids to the new ones",
                report.occurrences,
                report.assessments.len()
            );
            if !report.old_database_removed {
                eprintln!(
                    "warning: the old database files could not be deleted yet; the next dpia \
                     command that writes to the record deletes them"
                );
            }
            eprintln!("note: backups (`dpia record export`) and PDFs made before still hold it");
        }
    }
    Ok(ExitCode::SUCCESS)
}
