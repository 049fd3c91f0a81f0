//! `dpia check TOOL`: scans the tool as `dpia scan` does, compares it with the scan of its
//! signed DPIA (`dpia::drift::check`) and prints what the DPIA does not cover, as text, JSON
//! or SARIF. Exit 0 when covered, 4 when drift reaches `--fail-on`. Logs a `checked` event
//! in the record unless `--no-record`, `--read-only` or `--record-file` (a `dpia record
//! export` file, verified first and never written: the CI case).

use super::assess::Setup;
use super::clock;
use super::error::CliError;
use super::record::{actor, author, open, record_error, Access};
use clap::{Args, ValueEnum};
use dpia::drift::check::{self as drift_check, CheckError, Tool};
use dpia::drift::{sarif, text, Severity};
use dpia::record::{AssessmentSummary, ReadRecord, RecordFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exit code of drift that needs a review.
pub const EXIT_DRIFT: u8 = 4;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The tool: files or folders, as for `dpia scan`.
    #[arg(value_name = "TOOL_PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The assessment to check against (any unique id prefix); default: the signed
    /// assessment whose recorded tool path (else title) matches the tool.
    #[arg(long, value_name = "ID")]
    against: Option<String>,
    /// Output format; SARIF 2.1.0 is what code-hosting platforms show inline.
    #[arg(long, value_enum, default_value = "human")]
    format: CheckFormat,
    /// The severity that makes the check fail with exit 4 (info, review, high).
    #[arg(long, value_enum, default_value = "review")]
    fail_on: FailOn,
    /// Do not log the check in the record.
    #[arg(long)]
    no_record: bool,
    /// Read the record from this `dpia record export` file instead of the record folder;
    /// its hashes are verified first and it is never written.
    #[arg(long, value_name = "EXPORT.json")]
    record_file: Option<PathBuf>,
    /// Language of the words.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Who checks, for the record's `checked` event (default: DPIA_AUTHOR, the setting, USER).
    #[arg(long)]
    author: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Info,
    Review,
    High,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Info => Severity::Info,
            FailOn::Review => Severity::Review,
            FailOn::High => Severity::High,
        }
    }
}

/// Where the record is read from.
enum Source {
    Folder(dpia::record::Record),
    File(RecordFile),
}

impl Source {
    fn reader(&self) -> &dyn ReadRecord {
        match self {
            Source::Folder(r) => r,
            Source::File(f) => f,
        }
    }
}

pub fn run(args: CheckArgs, dir: Option<&Path>, read_only: bool) -> Result<ExitCode, CliError> {
    let setup = Setup::load(None)?;
    let today = setup.scan(&args.paths)?;
    let log = !(args.no_record || read_only || args.record_file.is_some());
    let source = match &args.record_file {
        Some(path) => Source::File(read_file(path)?),
        None => {
            let dir = dir.ok_or_else(|| {
                CliError::usage("no folder for the record").hint(
                    "pass --record DIR, set DPIA_RECORD_DIR, or give --record-file EXPORT.json",
                )
            })?;
            Source::Folder(open(dir, if log { Access::Write } else { Access::Read })?)
        }
    };
    let given: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let absolute: Vec<String> = args
        .paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| p.display().to_string())
        .collect();
    let tool = Tool::new(&given, absolute);
    let against = drift_check::find_against(source.reader(), args.against.as_deref(), &tool)
        .map_err(check_error)?;
    // Places relative to the working folder: a check at a repository's root names files as
    // the repository does (what SARIF viewers need).
    let roots: Vec<String> = std::env::current_dir()
        .ok()
        .into_iter()
        .map(|d| d.display().to_string())
        .collect();
    let report = drift_check::check(&against, &today, &roots).map_err(check_error)?;
    let fail_on = Severity::from(args.fail_on);
    let mut recorded = false;
    if let (true, Source::Folder(record)) = (log, &source) {
        let now = clock::now()?;
        record
            .record_check(
                &report.assessment,
                &report.signed_version,
                &report.note(fail_on),
                &author(args.author.clone()),
                &now,
            )
            .map_err(record_error)?;
        recorded = true;
    }
    let words = setup.words(args.lang);
    match args.format {
        CheckFormat::Human => {
            print!("{}", text::human(&report, &tool.given, fail_on, &words));
            if recorded {
                eprintln!("note: logged as a `checked` event in the record");
            }
        }
        CheckFormat::Json => {
            super::record::print_json(&text::json(&report, &tool.given, fail_on, recorded, &words))?
        }
        CheckFormat::Sarif => super::record::print_json(&sarif::log(
            &report.drift,
            &words,
            env!("CARGO_PKG_VERSION"),
        ))?,
    }
    Ok(if report.needs_review(fail_on) {
        ExitCode::from(EXIT_DRIFT)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads and verifies a record export.
fn read_file(path: &Path) -> Result<RecordFile, CliError> {
    let json = std::fs::read_to_string(path).map_err(|e| {
        CliError::user(format!("cannot read the record export {}", path.display()))
            .caused_by(&e)
            .hint("write it with `dpia record export FILE`")
    })?;
    RecordFile::read(path, &json, &actor(None)?).map_err(record_error)
}

fn candidates_hint(candidates: &[AssessmentSummary]) -> String {
    if candidates.is_empty() {
        return "the record holds no signed assessment: sign one first (dpia sign)".into();
    }
    let lines: Vec<String> = candidates
        .iter()
        .map(|c| {
            format!(
                "{}  {}  \"{}\"  ({})",
                c.id.short(),
                c.status,
                c.title,
                c.tool_path
            )
        })
        .collect();
    format!(
        "pass --against ID; signed assessments:\n  {}",
        lines.join("\n  ")
    )
}

fn check_error(e: CheckError) -> CliError {
    match e {
        CheckError::Record(inner) => record_error(inner),
        CheckError::NoMatch { ref candidates, .. }
        | CheckError::Ambiguous { ref candidates, .. } => {
            CliError::user(e.to_string()).hint(candidates_hint(candidates))
        }
        CheckError::NotSigned { .. } => CliError::user(e.to_string())
            .hint("check against a signed assessment (dpia list --status signed)"),
        CheckError::Recorded { .. } => CliError::user(e.to_string())
            .caused_by(&e)
            .hint("run `dpia audit` to check the record"),
    }
}
