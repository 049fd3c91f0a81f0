//! `dpia export ID --pdf OUT.pdf`: renders an assessment version as a PDF report (a DRAFT,
//! or a copy of the signed report for a signed version), writes it and records an `exported` event. The clock, the author
//! and the file system are read here; the report itself comes from `dpia::report`.
//! `dpia export ID --cnil OUT.json` writes the version as a CNIL PIA file instead
//! (`dpia::exchange::cnil`), logged the same way.

use super::clock;
use super::error::CliError;
use super::record::{author, load_version, open, record_error, Access};
use clap::Args;
use dpia::approval::{self, ApprovalError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("output").required(true).args(["pdf", "cnil"])))]
pub struct ExportArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// Where to write the PDF report.
    #[arg(long, value_name = "OUT.pdf")]
    pdf: Option<PathBuf>,
    /// Write a CNIL PIA file (JSON the CNIL's PIA tool imports) instead of a PDF.
    #[arg(long, value_name = "OUT.json")]
    cnil: Option<PathBuf>,
    /// Language of the report's headings and labels (for --cnil: of the answers the CNIL
    /// template has no field for, written in words).
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
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
    let pdf = match (args.pdf, args.cnil) {
        (Some(pdf), _) => pdf,
        (None, Some(out)) => {
            let json = dpia::exchange::cnil::export_version(&view, &version, args.lang)
                .map_err(|e| CliError::user(e.to_string()).caused_by(&e))?;
            let now = clock::now()?;
            write_file(&out, json.as_bytes())?;
            let what = format!("cnil {}", out.display());
            return logged(&record, &id, &version.id, &out, &what, args.author, &now);
        }
        (None, None) => return Err(CliError::usage("give --pdf OUT.pdf or --cnil OUT.json")),
    };
    let mut input = approval::report_input(&view, &version, args.lang).map_err(approval_error)?;
    if version.signature.is_some() {
        let events: Vec<_> = record
            .events()
            .map_err(record_error)?
            .into_iter()
            .filter(|e| e.assessment == id)
            .collect();
        let template = dpia::report::Template::builtin(args.lang)
            .map_err(|e| approval_error(ApprovalError::Template(e)))?;
        input.signed_copy = approval::signed_copy(&view, &version, &events, &template);
    }
    let bytes = approval::render_draft(&input, args.lang).map_err(approval_error)?;
    let now = clock::now()?;
    write_file(&pdf, &bytes)?;
    let kind = if input.signed_copy.is_some() {
        "copy of signed version"
    } else {
        "draft"
    };
    let what = format!("pdf {kind} {}", pdf.display());
    logged(&record, &id, &version.id, &pdf, &what, args.author, &now)
}

/// Logs an export written to `path` (unless the record is open read-only) and names the file.
fn logged(
    record: &dpia::record::Record,
    id: &dpia::record::AssessmentId,
    version: &dpia::record::VersionId,
    path: &Path,
    what: &str,
    author_flag: Option<String>,
    now: &str,
) -> Result<ExitCode, CliError> {
    if record.is_read_only() {
        eprintln!(
            "{} (not logged: the record is open read-only)",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    record
        .record_export(id, version, what, &author(author_flag), &now.to_string())
        .map_err(record_error)?;
    eprintln!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `path` atomically ([`dpia::files::write_atomic`]).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    dpia::files::write_atomic(path, bytes)
        .map_err(|e| CliError::user(e.to_string()).caused_by(&e.source))
}

/// An approval failure at the edge: incomplete assessments list what is missing.
pub(super) fn approval_error(e: ApprovalError) -> CliError {
    match e {
        ApprovalError::Record(e) => record_error(e),
        ApprovalError::Incomplete { ref missing } => {
            let mut err = CliError::user(e.to_string());
            let questionnaire = dpia::questionnaire::builtin().ok();
            let reference = dpia::reference::Reference::builtin().ok();
            let words = dpia::assessment::Words::new(
                dpia::lang::Lang::En,
                questionnaire.as_ref(),
                reference.as_ref(),
            );
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
        ApprovalError::NotCountersignable(_) => CliError::user(e.to_string()),
        ApprovalError::Template(_)
        | ApprovalError::Questionnaire(_)
        | ApprovalError::Render(_)
        | ApprovalError::SelfCheck(_)
        | ApprovalError::Wording(_) => CliError::internal(e.to_string()).caused_by(&e),
    }
}
