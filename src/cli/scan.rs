//! `dpia scan PATH...`: runs the library scan and prints it as a table or JSON. The exit
//! code reports partial failure, as ripgrep does: 1 after the report when any input had an
//! error (warnings alone keep 0), 3 when a `--fail-on` gate finds what it looks for.

use super::clock;
use super::error::{CliError, Kind};
use clap::{Args, ValueEnum};
use dpia::scan::render;
use dpia::scan::{self, Problem, Progress, ScanOptions, ScanReport, Setup, SetupError, ToolSource};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table per source table, personal columns first, masked examples.
    Human,
    /// The stable JSON document described in the README.
    Json,
}

/// What `--fail-on` turns into a failed check (exit 3), for CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any column with special-category data (GDPR Art. 9: health, religion, …).
    Art9,
    /// Any column with personal data.
    Any,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// Rows sampled per table, spread over the whole input.
    #[arg(long, value_name = "N", default_value_t = scan::DEFAULT_SAMPLE_ROWS as u64, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    sample: u64,

    /// Examine every row (streams in constant memory; progress bar on a terminal).
    #[arg(long)]
    full: bool,

    /// Print example values unmasked (they are personal data: handle the output with care).
    #[arg(long)]
    show_values: bool,

    /// Language of the columns' evidence in the human output (the JSON has both the English
    /// `evidence` and the language-neutral `evidence_items`).
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,

    /// Add a dictionary file (same format as the built-in column_names.toml); repeatable.
    #[arg(long, value_name = "FILE")]
    dictionary: Vec<PathBuf>,

    /// Threads a --full scan and the analysis of source code may use (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,

    /// With --full, examine every value fully even once a column's verdict is stable
    /// (slower; the default stops full work on a settled column, keeps counting, examines a
    /// sample and searches every text for Art. 9 terms).
    #[arg(long, requires = "full")]
    exhaustive: bool,

    /// A folder holding the files of an object-storage bucket (an R2/S3 export): image
    /// metadata and document text are read, counts reported as a table named after the
    /// folder; repeatable. Folders named like an R2 bucket of the tool are found without it.
    #[arg(long, value_name = "DIR")]
    objects: Vec<PathBuf>,

    /// Files over this many MiB are sampled in windows unless --full is given.
    #[arg(long, value_name = "MIB", default_value_t = scan::DEFAULT_SIZE_LIMIT >> 20)]
    size_limit: u64,

    /// Exit 3 (after the report) when the scan finds special-category data (art9) or any
    /// personal data (any): a gate for CI.
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
}

/// A dictionary that could not be set up, at the edge.
pub(super) fn setup_error(e: SetupError) -> CliError {
    match &e {
        SetupError::Builtin(_) => CliError::internal(e.to_string()).caused_by(&e),
        SetupError::Read { .. } | SetupError::NotUtf8 { .. } => {
            CliError::user(e.to_string()).caused_by(&e)
        }
        SetupError::Invalid { error, .. } => {
            let mut err = CliError::user(e.to_string());
            for p in &error.problems {
                err = err.cause(p.to_string());
            }
            err.hint("see src/scan/dictionaries/README.md for the format")
        }
    }
}

/// A scan that read nothing, at the edge: the first of its problems say why.
pub(super) fn nothing_scanned(problems: &[Problem], hint: &str) -> CliError {
    let mut err = CliError::user("nothing could be scanned");
    for p in problems.iter().take(5) {
        err = err.cause(p.to_string());
    }
    err.hint(hint)
}

pub fn run(args: ScanArgs) -> Result<ExitCode, CliError> {
    let setup = Setup::with_user_dictionaries(&args.dictionary).map_err(setup_error)?;
    let mut options = ScanOptions::new(clock::today()?);
    options.sample_rows = usize::try_from(args.sample).unwrap_or(usize::MAX);
    options.full = args.full;
    options.keep_raw_examples = args.show_values;
    options.threads = args
        .threads
        .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
    options.exhaustive = args.exhaustive;
    options.size_limit = args.size_limit.saturating_mul(1 << 20);
    options.objects = args.objects.clone();
    let tool = ToolSource::Paths(args.paths.clone());
    let bar = ProgressBar::new(args.full && std::io::stderr().is_terminal());
    let report = setup.scan(&tool, &options, &bar);
    bar.done();
    print_report(&report, args.format, args.show_values, args.lang)?;
    if report.nothing_scanned() {
        return Err(nothing_scanned(
            &report.problems,
            "pass SQL, CSV, JSON, NDJSON, JSON Schema, SQLite or wrangler files, or folders holding them",
        ));
    }
    if let Some(gate) = args.fail_on {
        gate_check(&report, gate)?;
    }
    partial_failure(&report)
}

/// `--fail-on`: a failed check (exit 3) naming the columns that tripped it.
fn gate_check(report: &ScanReport, gate: FailOn) -> Result<(), CliError> {
    let hits: Vec<String> = report
        .personal_columns()
        .filter(|(_, c)| gate == FailOn::Any || c.categories.iter().any(|k| k.is_article9()))
        .map(|(t, c)| format!("{}.{}", t.name, c.name))
        .collect();
    if hits.is_empty() {
        return Ok(());
    }
    let what = match gate {
        FailOn::Art9 => "special-category data (GDPR Art. 9)",
        FailOn::Any => "personal data",
    };
    let mut err = CliError::user(format!("the scan found {what} in {} column(s)", hits.len()));
    err.kind = Kind::Verify;
    for hit in hits.iter().take(5) {
        err = err.cause(hit.clone());
    }
    if hits.len() > 5 {
        err = err.cause(format!("and {} more", hits.len() - 5));
    }
    Err(err.hint(format!(
        "--fail-on {} was given; the report above lists every finding",
        match gate {
            FailOn::Art9 => "art9",
            FailOn::Any => "any",
        }
    )))
}

/// Exit 1 after the report when some input could not be read (completely): the report is
/// partial. Warnings alone (Latin-1 fallback, ragged rows, sampled windows) keep exit 0.
fn partial_failure(report: &ScanReport) -> Result<ExitCode, CliError> {
    let errors: Vec<&scan::Problem> = report
        .problems
        .iter()
        .filter(|p| p.severity == scan::Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let files: std::collections::BTreeSet<&str> = errors.iter().map(|p| p.path.as_str()).collect();
    let mut err = CliError::user(format!(
        "the scan is partial: {} error(s) in {} input(s)",
        errors.len(),
        files.len()
    ));
    for p in errors.iter().take(5) {
        err = err.cause(p.to_string());
    }
    Err(err.hint(
        "the report above covers everything else; fix or remove those inputs for a complete scan",
    ))
}

/// `dpia` with no command: scans the bundled example.
pub fn run_example() -> Result<ExitCode, CliError> {
    let setup = Setup::builtin().map_err(setup_error)?;
    let options = ScanOptions::new(clock::today()?);
    let report = setup.scan(&ToolSource::Example, &options, &scan::NoProgress);
    println!("Scan of the bundled example tool (a property-management damage-report tool, synthetic data).");
    println!("Scan your own tool with `dpia scan PATH`; write the example's files with `dpia example DIR`.\n");
    print_report(&report, Format::Human, false, dpia::lang::Lang::En)?;
    Ok(ExitCode::SUCCESS)
}

fn print_report(
    report: &ScanReport,
    format: Format,
    show_values: bool,
    lang: dpia::lang::Lang,
) -> Result<(), CliError> {
    let text = match format {
        Format::Human => render::human(report, show_values, lang),
        Format::Json => render::json(report, show_values)
            .map_err(|e| CliError::internal("cannot serialise the scan").caused_by(&e))?,
    };
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`dpia scan … | head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    Ok(())
}

/// An indicatif bar on stderr for `--full` scans on a terminal.
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn new(enabled: bool) -> Self {
        ProgressBar(enabled.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }))
    }

    fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressBar {
    fn start_file(&self, path: &str, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(0);
            // A file name may carry escape sequences: the bar draws on the terminal.
            bar.set_message(dpia::terminal::escape(path).into_owned());
        }
    }
    fn advance(&self, done: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(done);
        }
    }
}
