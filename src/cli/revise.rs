//! `dpia revise ID [--rescan TOOL]`: starts the successor of a signed assessment
//! (`dpia::session::revise`) and prints its id alone on stdout, like `dpia new`; what was
//! carried over, what drifted and which answers must be confirmed again go to stderr.

use super::assess::Setup;
use super::clock;
use super::error::CliError;
use super::record::{author, open, record_error, session_error, Access, StepArgs};
use clap::Args;
use dpia::scan::ToolSource;
use dpia::session::{revise, Rescan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReviseArgs {
    /// The signed assessment to revise (any unique id prefix).
    id: String,
    /// Scan the tool at these paths for the successor (default: the recorded tool path,
    /// when it exists; else the signed scan is kept).
    #[arg(long, value_name = "TOOL_PATH", num_args = 1..)]
    rescan: Vec<PathBuf>,
    /// Keep the signed scan even when the recorded tool path exists.
    #[arg(long, conflicts_with = "rescan")]
    no_rescan: bool,
    #[command(flatten)]
    step: StepArgs,
}

pub fn run(args: ReviseArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.step.questionnaire.as_ref())?;
    let record = open(dir, Access::Write)?;
    let id = record.resolve(&args.id).map_err(record_error)?;
    let summary = record.summary(&id).map_err(record_error)?;
    let paths: Vec<PathBuf> = if !args.rescan.is_empty() {
        args.rescan.clone()
    } else if args.no_rescan {
        Vec::new()
    } else {
        if let Some(recorded) = ToolSource::recorded_paths(&summary.tool_path) {
            recorded
        } else {
            eprintln!(
                "note: the recorded tool path {} does not exist here: the signed scan is kept \
                 (pass --rescan TOOL to scan the tool)",
                summary.tool_path
            );
            Vec::new()
        }
    };
    let rescan = if paths.is_empty() {
        None
    } else {
        Some(Rescan {
            scan: setup.scan(&paths)?,
            tool_path: ToolSource::Paths(paths.clone()).tool_path(),
        })
    };
    let today = clock::today()?;
    let now = clock::now()?;
    let revision = revise(
        &record,
        &id,
        rescan,
        setup.questionnaire.clone(),
        setup.reference.clone(),
        today,
        &author(args.step.author),
        &now,
    )
    .map_err(session_error)?;
    let words = setup.words(dpia::lang::Lang::En);
    eprintln!(
        "revises {} \"{}\" from its signed version {}; answers carried over",
        id.short(),
        summary.title,
        revision.signed.short()
    );
    if paths.is_empty() {
        eprintln!("scan: the signed one (not scanned again)");
    } else {
        eprintln!(
            "scan: {} ({} drift item(s) since the signed scan)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            revision.drift.items.len()
        );
    }
    for item in &revision.drift.items {
        eprintln!(
            "  [{}] {}",
            item.severity.code(),
            words.finding(&item.finding)
        );
    }
    if !revision.reconfirm.is_empty() {
        eprintln!("to confirm again (kept as drafts until confirmed):");
        for q in &revision.reconfirm {
            eprintln!("  {q}: {}", words.question(q));
        }
    }
    eprintln!(
        "hint: answer with `dpia answer {} --answers FILE`, then sign it; its signature \
         supersedes {}",
        revision.id.short(),
        id.short()
    );
    println!("{}", revision.id.as_str());
    Ok(ExitCode::SUCCESS)
}
