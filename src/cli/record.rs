//! The record commands: `new`, `answer`, `list`, `show`, `history`, `review-due`, `audit`
//! and `record export|import`. Each turns flags into library calls on `dpia::record::Record`
//! and prints the result; the clock and the author are read here, never in the library.

use super::assess::{human as evaluation_text, Setup};
use super::clock;
use super::error::{CliError, Kind};
use clap::{Args, Subcommand};
use dpia::assessment::Evaluation;
use dpia::questionnaire::Answers;
use dpia::record::{
    AssessmentId, AssessmentSummary, AssessmentView, Record, RecordError, Status, Version,
};
use dpia::session::SessionError;
use dpia::terminal::escape;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output format of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The tool to assess: files or folders, as for `dpia scan`.
    #[arg(value_name = "TOOL_PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Title of the assessment.
    #[arg(long)]
    title: String,
    /// Answers file to apply to the first version.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    #[command(flatten)]
    step: StepArgs,
}

/// Options every command that writes a version takes.
#[derive(Debug, Args)]
pub struct StepArgs {
    /// Who writes this version (default: DPIA_AUTHOR, then USER).
    #[arg(long)]
    author: Option<String>,
    /// A questionnaire file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    questionnaire: Option<PathBuf>,
    /// Language of the recorded evaluation's wording.
    #[arg(long, default_value = "en", value_parser = ["en", "de"])]
    lang: String,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// Answers file; its answers are laid over the current version's.
    #[arg(long, value_name = "FILE")]
    answers: PathBuf,
    /// Scan the tool again (at its recorded path) instead of reusing the recorded scan.
    #[arg(long)]
    rescan: bool,
    #[command(flatten)]
    step: StepArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only assessments with this status (draft, ready_for_signoff, signed, superseded, withdrawn).
    #[arg(long)]
    status: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// A version (any unique prefix of its id) instead of the current one.
    #[arg(long)]
    version: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, Args)]
pub struct ReviewDueArgs {
    /// Window ahead of today, e.g. 30d (days).
    #[arg(long, default_value = "30d")]
    within: String,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Write the whole record (assessments, versions, events) as one JSON document: the backup.
    Export {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
    /// Rebuild a record from an exported JSON document, verifying every hash first.
    Import {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
}

pub(super) fn record_error(e: RecordError) -> CliError {
    let hint = e.hint();
    let err = CliError::user(e.to_string());
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

/// Opens the record folder.
pub fn open(dir: &Path) -> Result<Record, CliError> {
    Record::open(dir).map_err(record_error)
}

/// An assessment (any unique id prefix) and one of its versions: the current one, or the
/// one a version prefix names.
pub(super) fn load_version(
    record: &Record,
    id: &str,
    version: Option<&str>,
) -> Result<(AssessmentId, AssessmentView, Version), CliError> {
    let id = record.resolve(id).map_err(record_error)?;
    let view = record.assessment(&id).map_err(record_error)?;
    let version_id = match version {
        Some(prefix) => record.resolve_version(&id, prefix).map_err(record_error)?,
        None => view.summary.head.clone(),
    };
    let version = record.version(&version_id).map_err(record_error)?;
    Ok((id, view, version))
}

/// Reads one part of a recorded version (the scan, the answers, the evaluation).
pub(super) fn recorded<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    what: &str,
) -> Result<T, CliError> {
    serde_json::from_value(value.clone()).map_err(|e| {
        CliError::user(format!("the recorded {what} cannot be read"))
            .caused_by(&e)
            .hint("run `dpia audit` to check the record")
    })
}

pub(super) fn author(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("DPIA_AUTHOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

pub fn new(args: NewArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.step.questionnaire.as_ref())?;
    let report = setup.scan(&args.paths)?;
    let prepared = setup.prepare(report, None, args.answers.as_ref(), &args.step.lang)?;
    let record = open(dir)?;
    let author = author(args.step.author);
    let now = clock::now()?;
    let tool_path = args
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let session = setup.session(prepared, &args.step.lang);
    let id = session
        .create(&record, &args.title, &tool_path, &author, &now)
        .map_err(session_error)?;
    println!("{}", id.as_str());
    Ok(ExitCode::SUCCESS)
}

/// A session failure at the edge.
pub(super) fn session_error(e: SessionError) -> CliError {
    match e {
        SessionError::Record(e) => record_error(e),
        SessionError::Recorded { .. } => CliError::user(e.to_string())
            .caused_by(&e)
            .hint("run `dpia audit` to check the record"),
        SessionError::Serialise { .. } => CliError::internal(e.to_string()).caused_by(&e),
    }
}

pub fn answer(args: AnswerArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.step.questionnaire.as_ref())?;
    let record = open(dir)?;
    let (id, view, head) = load_version(&record, &args.id, None)?;
    let earlier: Answers = recorded(&head.content.answers, "answers")?;
    let report = if args.rescan {
        let paths: Vec<PathBuf> = view
            .summary
            .tool_path
            .split(' ')
            .map(PathBuf::from)
            .collect();
        setup.scan(&paths)?
    } else {
        recorded(&head.content.scan, "scan").map_err(|e| e.hint("or answer with --rescan"))?
    };
    let prepared = setup.prepare(report, Some(&earlier), Some(&args.answers), &args.step.lang)?;
    let author = author(args.step.author);
    let now = clock::now()?;
    let version = setup
        .session(prepared, &args.step.lang)
        .save(&record, &id, &author, &now)
        .map_err(session_error)?;
    println!("{}", version.as_str());
    Ok(ExitCode::SUCCESS)
}

/// One assessment on one line; title, dates and path come from the record (and so from an
/// imported export), so they are escaped for the terminal.
fn summary_line(s: &AssessmentSummary) -> String {
    format!(
        "{}  {:<17}  {:<30}  updated {}  review {}  {}",
        s.id.short(),
        s.status.as_str(),
        escape(&s.title),
        escape(&s.updated_at),
        escape(s.review_due.as_deref().unwrap_or("-")),
        escape(&s.tool_path)
    )
}

pub fn list(args: ListArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let status = args
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                CliError::usage(format!("unknown status '{s}'"))
                    .hint("draft, ready_for_signoff, signed, superseded, withdrawn")
            })
        })
        .transpose()?;
    let record = open(dir)?;
    let all: Vec<AssessmentSummary> = record
        .list()
        .map_err(record_error)?
        .into_iter()
        .filter(|s| status.is_none_or(|st| s.status == st))
        .collect();
    match args.format {
        Format::Json => print_json(&all)?,
        Format::Human if all.is_empty() => println!("no assessments in {}", dir.display()),
        Format::Human => {
            for s in &all {
                println!("{}", summary_line(s));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::internal("cannot serialise").caused_by(&e))?;
    println!("{text}");
    Ok(())
}

pub fn show(args: ShowArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir)?;
    let (_, view, version) = load_version(&record, &args.id, args.version.as_deref())?;
    if args.format == Format::Json {
        print_json(&serde_json::json!({ "assessment": view.summary, "version": version }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let s = &view.summary;
    let _ = writeln!(out, "{}  {}", s.id.as_str(), escape(&s.title));
    let _ = writeln!(out, "status: {}   tool: {}", s.status, escape(&s.tool_path));
    let _ = writeln!(
        out,
        "created {} by {}   versions: {}",
        escape(&s.created_at),
        escape(&s.created_by),
        s.versions
    );
    let _ = writeln!(
        out,
        "version {} (#{}) by {} at {}{}",
        version.id.as_str(),
        version.number,
        escape(&version.author),
        escape(&version.created_at),
        if version.id == s.head {
            ", current"
        } else {
            ""
        }
    );
    let c = &version.content;
    let _ = writeln!(
        out,
        "questionnaire: {} {}",
        escape(&c.questionnaire_id),
        escape(&c.questionnaire_version)
    );
    if let Some(sig) = &version.signature {
        let _ = writeln!(
            out,
            "signed at {}; PDF SHA-256 {}",
            escape(&sig.signed_at),
            escape(&sig.pdf_sha256)
        );
    }
    let _ = writeln!(
        out,
        "review due: {}\n",
        escape(s.review_due.as_deref().unwrap_or("-"))
    );
    out.push_str(&evaluation_text(&recorded::<Evaluation>(
        &c.evaluation,
        "evaluation",
    )?));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

pub fn history(id: &str, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir)?;
    let id = record.resolve(id).map_err(record_error)?;
    let events = record.events().map_err(record_error)?;
    for e in events.iter().filter(|e| e.assessment == id) {
        println!(
            "{}  {:<15} {:<17} {}  {}{}",
            escape(&e.at),
            serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            e.status.as_str(),
            e.version.as_ref().map_or("-", |v| v.short()),
            escape(&e.author),
            e.detail
                .as_deref()
                .map(|d| format!("  ({})", escape(d)))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn review_due(args: ReviewDueArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let days: u32 = args.within.trim_end_matches('d').parse().map_err(|_| {
        CliError::usage(format!(
            "--within '{}' is not a number of days like 30d",
            args.within
        ))
    })?;
    let (y, m, d) = clock::today()?;
    let today = format!("{y:04}-{m:02}-{d:02}");
    let record = open(dir)?;
    let due = record.review_due(&today, days).map_err(record_error)?;
    match args.format {
        Format::Json => print_json(&due)?,
        Format::Human if due.is_empty() => {
            println!("no signed assessment is due for review within {days} days of {today}")
        }
        Format::Human => {
            for s in &due {
                let overdue = s.review_due.as_deref().is_some_and(|r| r < today.as_str());
                println!(
                    "{}{}",
                    if overdue { "OVERDUE " } else { "due     " },
                    summary_line(s)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn audit(format: Format, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir)?;
    let report = record.audit();
    if format == Format::Json {
        print_json(&report)?;
    } else {
        println!(
            "audited {} assessments, {} versions ({} signed), {} events",
            report.assessments, report.versions, report.signed_versions, report.events
        );
        for b in &report.breaks {
            println!("BREAK {}", escape(&b.to_string()));
        }
    }
    if report.is_clean() {
        if format == Format::Human {
            println!("every hash and chain holds");
        }
        Ok(ExitCode::SUCCESS)
    } else {
        Err(CliError {
            kind: Kind::Verify,
            message: format!(
                "the record at {} has {} break(s)",
                dir.display(),
                report.breaks.len()
            ),
            causes: report
                .breaks
                .iter()
                .take(5)
                .map(|b| b.to_string())
                .collect(),
            hints: vec![
                "restore from a `dpia record export` backup, or investigate who changed the files"
                    .into(),
            ],
        })
    }
}

pub fn record(command: RecordCommand, dir: &Path) -> Result<ExitCode, CliError> {
    match command {
        RecordCommand::Export { file } => {
            let record = open(dir)?;
            let json = record.export_json().map_err(record_error)?;
            std::fs::write(&file, json).map_err(|e| {
                CliError::user(format!("cannot write {}", file.display())).caused_by(&e)
            })?;
            eprintln!(
                "exported the record at {} to {}",
                dir.display(),
                file.display()
            );
        }
        RecordCommand::Import { file } => {
            let json = std::fs::read_to_string(&file).map_err(|e| {
                CliError::user(format!("cannot read {}", file.display())).caused_by(&e)
            })?;
            Record::import_json(dir, &json).map_err(record_error)?;
            eprintln!("imported {} into {}", file.display(), dir.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
