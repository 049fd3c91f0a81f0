//! The command line: clap definitions (their doc comments are the help text) and dispatch to
//! one module per subcommand. A thin shell: every result comes from the library.

mod assess;
mod audit;
mod check;
pub(crate) mod clock;
mod config;
mod diff;
mod error;
mod export;
mod export_signature;
mod history;
mod import;
mod passphrase;
mod questionnaire;
mod record;
mod record_admin;
mod revise;
mod ropa;
mod scan;
mod sign;
mod tsa;
mod verify;
mod verify_report;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use dpia::lang::Lang;
use error::CliError;
use std::path::PathBuf;
use std::process::ExitCode;

/// dpia: Data Protection Impact Assessments (GDPR Art. 35) for internal tools.
///
/// Scans a tool's schema and sample data for personal data, evaluates the DPIA questionnaire
/// pre-filled from the scan, keeps every assessment in a tamper-evident local record and
/// exports the report as PDF. Run with no command in a terminal to open the terminal UI (with
/// output redirected: scan the bundled example tool, a property-management damage-report
/// tool). Typical flow: `dpia scan TOOL`, `dpia new TOOL
/// --title T`, `dpia answer ID --answers FILE`, `dpia export ID --pdf OUT.pdf`, `dpia audit`.
#[derive(Debug, Parser)]
#[command(name = "dpia", version)]
pub struct Cli {
    /// Folder of the local assessment record (default: the platform data dir, e.g.
    /// ~/.local/share/dpia).
    #[arg(long, global = true, env = "DPIA_RECORD_DIR", value_name = "DIR")]
    record: Option<PathBuf>,

    /// Open the record read-only: nothing is written (not even the log of an export), no
    /// lock is held, a record on a read-only medium works. Always so for list, show,
    /// history, review-due, audit, verify and record export.
    #[arg(long, global = true)]
    read_only: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Find the personal data in a tool's schema and sample data, column by column.
    ///
    /// Reads SQL DDL and migrations, D1/SQLite dumps, SQLite files, CSV/TSV, JSON, NDJSON,
    /// JSON Schema, wrangler.toml/json/jsonc and package.json scripts. Folders are walked
    /// (node_modules, .git and build output skipped). One bad file never stops the scan.
    Scan(scan::ScanArgs),
    /// Scan a tool, apply an answers file and print the DPIA evaluation (stores nothing).
    ///
    /// Pre-fills answers from the scan (categories found, hosting components), applies the
    /// answers file and prints: screening outcome, transfers, Art. 28 gaps, risk levels,
    /// Art. 36 consultation, and what is missing before sign-off.
    Assess(assess::AssessArgs),
    /// Scan a tool and start an assessment in the record; prints its id alone on stdout.
    New(record::NewArgs),
    /// Add a version with new answers (laid over the current ones).
    Answer(record::AnswerArgs),
    /// Start the successor of a signed assessment; prints its id alone on stdout.
    ///
    /// A new draft assessment whose answers carry over from the signed version, with the
    /// tool scanned again (--rescan, default: the recorded tool path) and every answer the
    /// drift affects marked to confirm again. Its signature supersedes the signed one.
    Revise(revise::ReviseArgs),
    /// List the assessments in the record.
    List(record::ListArgs),
    /// Show an assessment's current (or a given) version and its evaluation.
    Show(record::ShowArgs),
    /// Write an assessment version as a PDF report (a DRAFT until it is signed), or as a
    /// CNIL PIA file (--cnil).
    Export(export::ExportArgs),
    /// Create an assessment from a CNIL PIA file (the CNIL's PIA tool's JSON export); prints
    /// its id alone on stdout.
    ///
    /// Answers that map to the questionnaire become answers; everything else (comments,
    /// evaluations, the PIA's status…) is kept as imported notes beside the nearest question.
    /// The file's SHA-256 is logged in an `imported` event. Nothing is imported from a file
    /// with an error, which names its JSON path.
    Import(import::ImportArgs),
    /// Make an ECDSA P-256 signing key and a self-signed document-signing certificate.
    ///
    /// Writes DIR/key.pem (encrypted PKCS#8, mode 0600; passphrase from a prompt or
    /// --passphrase-env) and DIR/cert.pem. Give cert.pem to whoever checks your signatures.
    Keygen(sign::KeygenArgs),
    /// Sign a complete assessment: render the final report, sign it (PAdES, CAdES detached
    /// SHA-256) and record the signed version with the PDF's hash.
    ///
    /// Refuses an assessment that still has missing answers. Key from --key/--cert (as
    /// written by `dpia keygen`) or an organisation's --p12 file (RSA >= 2048 bits or ECDSA
    /// P-256). The data protection officer and the controller each sign (--role); the second
    /// signs the first's file (--pdf), which keeps the first signature valid. --tsa adds a
    /// trusted RFC 3161 time.
    Sign(sign::SignArgs),
    /// Check signed reports (files or folders): every signature, what changed after it,
    /// certificates (and their chain to --trust), time-stamps, and what the record knows.
    ///
    /// Exit 0 valid; 4 intact but not verified (no trusted certificate for a signer, or the
    /// record does not know the file); 5 indeterminate (the record could not be read); 3
    /// invalid or not signed; 1 a file could not be read. Several files: the worst.
    Verify(verify::VerifyArgs),
    /// What changed between two versions of an assessment: answers, the scan's findings and
    /// the evaluation's conclusions.
    Diff(diff::DiffArgs),
    /// Scan a tool again and compare it with its signed DPIA: what the DPIA does not cover.
    ///
    /// Reports new personal data (Art. 9 above all), hosting changes, new third parties,
    /// logging and unprotected routes, and what the DPIA relied on that is gone, each with
    /// where it is, why it matters and the question it affects. Exit 0 covered; 4 drift that
    /// reaches --fail-on (the DPIA needs a review, Art. 35(11)); 1 error; 3 a --record-file
    /// that does not verify. Logs a `checked` event unless --no-record or --record-file.
    Check(check::CheckArgs),
    /// The record of processing activities (GDPR Art. 30(1)) from the latest version of each
    /// assessment: CSV (one row per activity), JSON or PDF.
    ///
    /// Controller and DPO, purposes, categories of data subjects and of personal data,
    /// recipients (with the processors and the third parties the code sends data to),
    /// third-country transfers with their safeguards, time limits for erasure and security
    /// measures, as the assessments record them. Reads the record without writing.
    Ropa(ropa::RopaArgs),
    /// The event history of one assessment.
    History {
        /// Assessment id (any unique prefix).
        id: String,
    },
    /// Signed assessments whose review date has passed or is near (exit 0 either way).
    ReviewDue(history::ReviewDueArgs),
    /// Check every hash chain and the event log of the record; exit 3 on any break.
    Audit(audit::AuditArgs),
    /// Export or import the whole record (the backup).
    #[command(subcommand)]
    Record(record_admin::RecordCommand),
    /// Check or list questionnaires.
    #[command(subcommand)]
    Questionnaire(questionnaire::QuestionnaireCommand),
    /// Show or change your settings: author, export folder, signing key last used.
    ///
    /// Kept in the platform config folder (~/.config/dpia/settings.toml; DPIA_CONFIG_DIR
    /// overrides the folder). The author names you in every record entry and report
    /// (`--author` and DPIA_AUTHOR override it).
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Open the terminal UI: the whole workflow from the keyboard (`?` lists the keys).
    ///
    /// The record, new assessments with the scan, the findings review, the questionnaire,
    /// risks, summary and sign-off, audit and verification.
    Tui,
    /// Write the bundled example tool's files to a folder, to look at or edit them.
    Example {
        /// Folder to write into (created if missing).
        #[arg(value_name = "DIR")]
        out: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => error::Kind::Usage.exit_code(),
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprint!("{}", e.render());
            e.kind.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let explicit_record = cli.record.is_some();
    let record_dir = record_dir(cli.record);
    let dir = || {
        record_dir.clone().ok_or_else(|| {
            CliError::usage("no folder for the record")
                .hint("pass --record DIR or set DPIA_RECORD_DIR")
        })
    };
    let read_only = cli.read_only;
    match cli.command {
        Some(Command::New(args)) => {
            record::refuse_read_only(read_only, "new")?;
            record::new(args, &dir()?)
        }
        Some(Command::Answer(args)) => {
            record::refuse_read_only(read_only, "answer")?;
            record::answer(args, &dir()?)
        }
        Some(Command::Revise(args)) => {
            record::refuse_read_only(read_only, "revise")?;
            revise::run(args, &dir()?)
        }
        Some(Command::List(args)) => record::list(args, &dir()?),
        Some(Command::Show(args)) => record::show(args, &dir()?),
        Some(Command::Export(args)) => export::run(args, &dir()?, read_only),
        Some(Command::Import(args)) => {
            record::refuse_read_only(read_only, "import")?;
            import::run(args, &dir()?)
        }
        Some(Command::Keygen(args)) => sign::keygen(args),
        Some(Command::Sign(args)) => {
            record::refuse_read_only(read_only, "sign")?;
            sign::sign(args, &dir()?)
        }
        Some(Command::Verify(args)) => verify::verify(args, record_dir.as_deref(), explicit_record),
        Some(Command::Check(args)) => check::run(args, record_dir.as_deref(), read_only),
        Some(Command::Ropa(args)) => ropa::run(args, &dir()?),
        Some(Command::History { id }) => history::history(&id, &dir()?),
        Some(Command::Diff(args)) => diff::run(args, &dir()?),
        Some(Command::ReviewDue(args)) => history::review_due(args, &dir()?),
        Some(Command::Audit(args)) => audit::run(args, &dir),
        Some(Command::Record(command)) => record_admin::record(command, &dir()?, read_only),
        Some(Command::Scan(args)) => scan::run(args),
        Some(Command::Assess(args)) => assess::run(args),
        Some(Command::Questionnaire(command)) => questionnaire::run(command),
        Some(Command::Config(command)) => config::run(command),
        Some(Command::Example { out }) => {
            let written = dpia::example::extract(&out).map_err(|e| {
                CliError::user(format!("cannot write the example to {}", out.display()))
                    .caused_by(&e)
            })?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Tui) => {
            record::refuse_read_only(read_only, "tui")?;
            tui(&dir()?)
        }
        None => {
            use std::io::IsTerminal;
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            match record_dir.as_deref() {
                Some(dir) if terminal => tui(dir),
                _ => scan::run_example(),
            }
        }
    }
}

fn tui(dir: &std::path::Path) -> Result<ExitCode, CliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::usage("dpia tui needs a terminal")
            .hint("run it in a terminal; scripts use the subcommands (dpia list, dpia audit, …)"));
    }
    let today = clock::today()?;
    let lang = match std::env::var("DPIA_LANG") {
        Ok(code) if !code.trim().is_empty() => Lang::parse(&code).map_err(|e| {
            CliError::usage(format!("DPIA_LANG: {e}"))
                .hint("set DPIA_LANG=en, de or fr, or unset it (then: English; L switches)")
        })?,
        _ => Lang::En,
    };
    let settings = config::load()?;
    // DPIA_AUTHOR, else the setting; with neither the UI asks once and keeps the answer.
    let author = std::env::var("DPIA_AUTHOR")
        .ok()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| settings.author().map(str::to_string));
    let start = crate::tui::Start {
        today: today.to_string(),
        author,
        fallback_author: record::author(None),
        settings,
        settings_path: dpia::settings::path_from_env(),
        documents: dpia::settings::documents_dir(),
        colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        lang,
    };
    crate::tui::run(dir, start)
        .map_err(|e| CliError::user("the terminal UI failed").caused_by(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// The `--lang` value parser: the languages dpia speaks, listed in `--help` and in the error
/// for any other value (of the option or of `DPIA_LANG`).
pub(crate) fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(Lang::ALL.map(|l| PossibleValue::new(l.code()).help(l.name())))
        .map(|code| Lang::parse(&code).unwrap_or_default())
}

/// The record folder: `--record`, `DPIA_RECORD_DIR`, or the platform data dir.
fn record_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| dirs::data_dir().map(|d| d.join("dpia")))
}
