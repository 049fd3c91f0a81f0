//! `dpia export ID --pdf OUT.pdf`: renders an assessment version as a PDF report (a DRAFT
//! until signing exists), writes it and records an `exported` event. The clock, the author
//! and the file system are read here; the report itself comes from `dpia::report`.

use super::clock;
use super::error::CliError;
use super::record::{author, load_version, open, record_error, Access};
use clap::Args;
use dpia::approval::{self, ApprovalError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// Where to write the PDF report.
    #[arg(long, value_name = "OUT.pdf")]
    pdf: PathBuf,
    /// Language of the report's headings and labels.
    #[arg(long, default_value = "en", value_parser = ["en", "de"])]
    lang: String,
    /// A version (any unique prefix of its id) instead of the current one.
    #[arg(long)]
    version: Option<String>,
    /// Who exports (default: DPIA_AUTHOR, then USER).
    #[arg(long)]
    author: Option<String>,
}

pub fn run(args: ExportArgs, dir: &Path, read_only: bool) -> Result<ExitCode, CliError> {
    let record = open(
        dir,
        if read_only {
            Access::Read
        } else {
            Access::Write
        },
    )?;
    let (id, view, version) = load_version(&record, &args.id, args.version.as_deref())?;
    let input = approval::report_input(&view, &version, &args.lang).map_err(approval_error)?;
    let bytes = approval::render_draft(&input, &args.lang).map_err(approval_error)?;
    let now = clock::now()?;
    write_file(&args.pdf, &bytes)?;
    if record.is_read_only() {
        eprintln!(
            "{} (not logged: the record is open read-only)",
            args.pdf.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let what = format!("pdf draft {}", args.pdf.display());
    record
        .record_export(&id, &version.id, &what, &author(args.author), &now)
        .map_err(record_error)?;
    eprintln!("{}", args.pdf.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so a failed write
/// never leaves half a PDF behind.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let err = |e: std::io::Error| {
        CliError::user(format!("cannot write {}", path.display())).caused_by(&e)
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.dpia-tmp"));
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// An approval failure at the edge: incomplete assessments list what is missing.
pub(super) fn approval_error(e: ApprovalError) -> CliError {
    match e {
        ApprovalError::Record(e) => record_error(e),
        ApprovalError::Incomplete { ref missing } => {
            let mut err = CliError::user(e.to_string());
            let questionnaire = dpia::questionnaire::builtin().ok();
            let reference = dpia::reference::Reference::builtin().ok();
            let words =
                dpia::assessment::Words::new("en", questionnaire.as_ref(), reference.as_ref());
            for m in missing.iter().take(12) {
                err = err.hint(format!("{}: {}", m.question, words.finding(&m.finding)));
            }
            if missing.len() > 12 {
                err = err.hint(format!(
                    "… and {} more (see `dpia show ID`)",
                    missing.len() - 12
                ));
            }
            err.hint("answer them with `dpia answer ID --answers FILE`, then sign again")
        }
        ApprovalError::Recorded(e) => super::record::session_error(e),
        ApprovalError::Signing(ref inner) => CliError::user(inner.to_string()),
        ApprovalError::Template(_)
        | ApprovalError::Questionnaire(_)
        | ApprovalError::Render(_)
        | ApprovalError::SelfCheck(_) => CliError::internal(e.to_string()).caused_by(&e),
    }
}
