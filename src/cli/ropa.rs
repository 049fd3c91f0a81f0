//! `dpia ropa`: the record of processing activities (GDPR Art. 30(1)) from the latest version
//! of each assessment, as CSV, JSON or PDF, to stdout or `--out FILE`. Reads the record
//! read-only; the clock (the date the record is drawn up) is read here, the record itself
//! comes from `dpia::ropa`.

use super::clock;
use super::error::CliError;
use super::export::write_file;
use super::record::{open, record_error, Access};
use clap::Args;
use dpia::record::Status;
use dpia::ropa::{self, RopaError, RopaWords};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RopaFormat {
    Csv,
    Json,
    Pdf,
}

#[derive(Debug, Args)]
pub struct RopaArgs {
    /// csv (one row per processing activity, Art. 30(1) letters in the headers), json or pdf.
    #[arg(long, value_enum, default_value = "csv")]
    format: RopaFormat,
    /// Language of the headers, labels and answers' labels.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Only assessments with this status (e.g. signed); default: all but withdrawn and
    /// superseded ones.
    #[arg(long)]
    status: Option<String>,
    /// Write to this file instead of stdout (required for pdf).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn ropa_error(e: RopaError) -> CliError {
    match e {
        RopaError::Record(e) => record_error(e),
        RopaError::Recorded { .. } => CliError::user(e.to_string())
            .caused_by(&e)
            .hint("run `dpia audit` to check the record"),
        RopaError::Wording(_) | RopaError::Builtin(_) => {
            CliError::internal(e.to_string()).caused_by(&e)
        }
    }
}

pub fn run(args: RopaArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let status = args
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                CliError::usage(format!("'{s}' is not a status"))
                    .hint("use draft, ready_for_signoff, signed, superseded or withdrawn")
            })
        })
        .transpose()?;
    if args.format == RopaFormat::Pdf && args.out.is_none() {
        return Err(CliError::usage("a PDF needs --out FILE"));
    }
    let words =
        RopaWords::builtin(args.lang.code()).map_err(|e| ropa_error(RopaError::Wording(e)))?;
    let record = open(dir, Access::Read)?;
    let record_of = ropa::from_record(&record, status, args.lang).map_err(ropa_error)?;
    let bytes = match args.format {
        RopaFormat::Csv => ropa::csv::to_csv(&record_of, &words)
            .map_err(|e| CliError::internal("cannot write the CSV").caused_by(&e))?
            .into_bytes(),
        RopaFormat::Json => ropa::to_json(&record_of)
            .map_err(|e| CliError::internal("cannot write the JSON").caused_by(&e))?
            .into_bytes(),
        RopaFormat::Pdf => ropa::pdf::to_pdf(&record_of, &words, &clock::now()?)
            .map_err(|e| CliError::internal("cannot render the PDF").caused_by(&e))?,
    };
    match &args.out {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!(
                "{} ({} processing activities)",
                path.display(),
                record_of.activities.len()
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| CliError::user("cannot write to stdout").caused_by(&e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
