//! The record commands: `new`, `answer`, `list`, `show` (`history` and `review-due` are in
//! `history.rs`, `audit` and `record export|import|redact` in their own files). Each turns
//! flags into library calls on `dpia::record::Record` and prints the result; the clock and
//! the author are read here, never in the library. Reading commands open the record read-only (a private copy, no lock
//! held, nothing written); only `new` and `record import` create a record.

use super::assess::Setup;
use super::clock;
use super::error::{CliError, Kind};
use clap::Args;
use dpia::assessment::{Evaluation, Words};
use dpia::questionnaire::Answers;
use dpia::record::{
    Actor, AssessmentId, AssessmentSummary, AssessmentView, Notice, Record, RecordError, Status,
    Version,
};
use dpia::session::{Saved, SessionError};
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
    pub(super) author: Option<String>,
    /// A questionnaire file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub(super) questionnaire: Option<PathBuf>,
    /// Accepted for scripts written for earlier versions; the recorded evaluation is codes,
    /// worded when shown (`dpia show --lang`), so this has no effect.
    #[arg(long, hide = true, value_parser = super::lang_parser())]
    lang: Option<dpia::lang::Lang>,
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
    /// Language of the evaluation's words (JSON keeps the codes and adds the words).
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
}

pub(super) fn record_error(e: RecordError) -> CliError {
    let hint = e.hint();
    let kind_verify = matches!(
        e,
        RecordError::ImportRejected { .. } | RecordError::RecordFileRejected { .. }
    );
    let mut err = CliError::user(e.to_string()).caused_by(&e);
    if kind_verify {
        err.kind = Kind::Verify;
    }
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

/// How a command uses the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read only: a private copy, no lock held, nothing written.
    Read,
    /// Write to an existing record.
    Write,
    /// Write, creating the record if the folder is missing or empty (`new`).
    Create,
}

/// Who opens the record and when, for the events a record writes on its own (a migration).
pub(super) fn actor(author_flag: Option<String>) -> Result<Actor, CliError> {
    Ok(Actor {
        author: author(author_flag),
        now: clock::now()?,
    })
}

/// Opens the record folder; notices (a migration, permissions) go to stderr.
pub fn open(dir: &Path, access: Access) -> Result<Record, CliError> {
    let actor = actor(None)?;
    let record = match access {
        Access::Read => Record::open_read_only(dir, &std::env::temp_dir(), &actor),
        Access::Write => Record::open(dir, &actor),
        Access::Create => Record::open_or_create(dir, &actor),
    }
    .map_err(record_error)?;
    print_notices(&record);
    Ok(record)
}

/// What opening the record did or found, on stderr.
pub(super) fn print_notices(record: &Record) {
    for notice in record.notices() {
        match notice {
            Notice::Shortened { .. } | Notice::Exposed { .. } => {
                eprintln!("warning: {notice}")
            }
            _ => eprintln!("note: {notice}"),
        }
    }
}

/// `--read-only` given to a command that writes.
pub(super) fn refuse_read_only(read_only: bool, command: &str) -> Result<(), CliError> {
    if read_only {
        return Err(CliError::usage(format!(
            "dpia {command} writes to the record; --read-only forbids that"
        ))
        .hint(format!("run dpia {command} without --read-only")));
    }
    Ok(())
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
/// The columns the recorded scan found personal data in (or is unsure about), each with its
/// categories and evidence in the words' language.
fn findings_text(scan: &dpia::scan::ScanReport, words: &Words<'_>) -> String {
    let mut out = String::new();
    for table in &scan.tables {
        for c in &table.columns {
            if c.categories.is_empty() && !c.needs_review {
                continue;
            }
            if out.is_empty() {
                let _ = writeln!(
                    out,
                    "\n{}",
                    dpia::scan::evidence_words::phrase_in("heading.findings", words.lang)
                );
            }
            let cats: Vec<String> = c
                .categories
                .iter()
                .map(|k| words.phrase(&format!("category.{}", k.as_str())))
                .collect();
            let _ = writeln!(out, "  {}.{}: {}", table.name, c.name, cats.join(", "));
            for e in dpia::scan::evidence_words::column_evidence(c, words.lang) {
                let _ = writeln!(out, "    - {e}");
            }
        }
    }
    out
}

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
    super::config::author(flag)
}

pub fn new(args: NewArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.step.questionnaire.as_ref())?;
    let report = setup.scan(&args.paths)?;
    let today = clock::today()?;
    let prepared = setup.prepare(report, None, args.answers.as_ref(), today)?;
    let record = open(dir, Access::Create)?;
    let author = author(args.step.author);
    let now = clock::now()?;
    let tool_path = dpia::scan::ToolSource::Paths(args.paths.clone()).tool_path();
    let mut session = setup.session(prepared, today);
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
        SessionError::Answers(ref inner) => {
            let mut err = CliError::user(e.to_string());
            for p in &inner.problems {
                err = err.cause(p.to_string());
            }
            err
        }
        SessionError::Serialise { .. } | SessionError::NoBase => {
            CliError::internal(e.to_string()).caused_by(&e)
        }
    }
}

pub fn answer(args: AnswerArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.step.questionnaire.as_ref())?;
    let record = open(dir, Access::Write)?;
    let (id, view, head) = load_version(&record, &args.id, None)?;
    let earlier: Answers = recorded(&head.content.answers, "answers")?;
    let report = if args.rescan {
        if view.summary.tool_path.starts_with("cnil:") {
            return Err(CliError::user(
                "this assessment was imported from a CNIL PIA file without a tool to rescan",
            )
            .hint("import the file again with --tool PATH to assess a tool's scan with it"));
        }
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
    let today = clock::today()?;
    let prepared = setup.prepare(report, Some(&earlier), Some(&args.answers), today)?;
    let author = author(args.step.author);
    let now = clock::now()?;
    let saved = setup
        .session(prepared, today)
        .with_base(&head)
        .and_then(|mut session| session.save(&record, &id, &author, &now))
        .map_err(session_error)?;
    report_rebase(&saved);
    println!("{}", saved.version.as_str());
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr when the answers were applied on top of a version recorded meanwhile.
fn report_rebase(saved: &Saved) {
    let Some(r) = &saved.rebase else {
        return;
    };
    eprintln!(
        "note: the assessment changed while this command ran (version {} by {}); \
         your answers were applied on top of it",
        r.onto.as_ref().map_or("?", |v| v.short()),
        r.onto_author
    );
    for c in &r.conflicts {
        eprintln!(
            "warning: {} was changed there too: the recorded answer ({}) was kept, yours ({}) \
             was not recorded",
            c.question,
            c.theirs
                .as_ref()
                .map_or("none".to_string(), |v| format!("{v:?}")),
            c.mine
                .as_ref()
                .map_or("none".to_string(), |v| format!("{v:?}")),
        );
    }
    if r.scan_conflict {
        eprintln!("warning: the tool was rescanned there too: the recorded scan was kept");
    }
}

/// One assessment on one line; title, dates and path come from the record (and so from an
/// imported export), so they are escaped for the terminal.
pub(super) fn summary_line(s: &AssessmentSummary) -> String {
    format!(
        "{}  {:<17}  {:<30}  updated {}  review {}  {}",
        s.id.short(),
        s.shown_status(),
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
    let record = open(dir, Access::Read)?;
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

pub(super) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::internal("cannot serialise").caused_by(&e))?;
    println!("{text}");
    Ok(())
}

pub fn show(args: ShowArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir, Access::Read)?;
    let (_, view, version) = load_version(&record, &args.id, args.version.as_deref())?;
    let evaluation = recorded::<Evaluation>(&version.content.evaluation, "evaluation")?;
    let questionnaire = dpia::questionnaire::builtin().ok().filter(|q| {
        q.id == version.content.questionnaire_id
            && q.version == version.content.questionnaire_version
    });
    let reference = dpia::reference::Reference::builtin().ok();
    let words = Words::new(args.lang, questionnaire.as_ref(), reference.as_ref());
    let answers = recorded::<dpia::questionnaire::Answers>(&version.content.answers, "answers")?;
    let notes = match dpia::exchange::notes::NoteWords::shared(args.lang.code()) {
        Some(note_words) => dpia::exchange::notes::by_question(
            &answers.notes,
            questionnaire.as_ref(),
            note_words,
            args.lang,
        ),
        None => Vec::new(),
    };
    if args.format == Format::Json {
        let mut value = serde_json::json!({ "assessment": view.summary, "version": version });
        value["version"]["content"]["evaluation"] = serde_json::to_value(evaluation.worded(&words))
            .map_err(|e| CliError::internal("cannot serialise the evaluation").caused_by(&e))?;
        value["imported_notes"] = serde_json::to_value(&notes)
            .map_err(|e| CliError::internal("cannot serialise the notes").caused_by(&e))?;
        print_json(&value)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let s = &view.summary;
    let _ = writeln!(out, "{}  {}", s.id.as_str(), escape(&s.title));
    let _ = writeln!(
        out,
        "status: {}   tool: {}",
        s.shown_status(),
        escape(&s.tool_path)
    );
    if let Some(signed) = &s.changed_after_signing {
        let _ = writeln!(
            out,
            "changed after signing: version #{} ({}) was signed at {}; the current version is not signed (review it and sign again, GDPR Art. 35(11))",
            signed.number,
            signed.version.short(),
            escape(&signed.signed_at)
        );
    }
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
    if let Some(p) = &s.predecessor {
        let _ = writeln!(out, "revises: {}", p.as_str());
    }
    if let Some(n) = &s.successor {
        let _ = writeln!(out, "revised by: {}", n.as_str());
    }
    if let Some(line) = super::history::chain_line(&record, &s.id)? {
        let _ = writeln!(out, "{line}");
    }
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
        if let Some(cert) = dpia::signing::certs::summarise_pem(&sig.certificate_pem) {
            let _ = writeln!(out, "{}", certificate_line(&cert));
        }
    }
    let _ = writeln!(
        out,
        "review due: {}\n",
        escape(s.review_due.as_deref().unwrap_or("-"))
    );
    out.push_str(&dpia::terminal::escape_lines(
        &dpia::assessment::text::human(&evaluation, &words),
    ));
    if let Ok(scan) = recorded::<dpia::scan::ScanReport>(&version.content.scan, "scan") {
        out.push_str(&dpia::terminal::escape_lines(&findings_text(&scan, &words)));
    }
    if !notes.is_empty() {
        out.push_str(&dpia::terminal::escape_lines(&notes_text(&notes)));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The imported notes under their questions, for people.
fn notes_text(notes: &[dpia::exchange::notes::QuestionNotes]) -> String {
    let count: usize = notes.iter().map(|q| q.groups.len()).sum();
    let mut out = format!(
        "\nimported notes ({count}, kept from the imported file; dpia does not read them):\n"
    );
    for q in notes {
        let _ = match &q.heading {
            Some(h) => writeln!(out, "  {} ({})", q.question, h),
            None => writeln!(out, "  {}", q.question),
        };
        for g in &q.groups {
            let _ = writeln!(out, "    {}", g.label);
            for line in &g.lines {
                for (n, part) in line.lines().enumerate() {
                    let indent = if n == 0 { "      " } else { "        " };
                    let _ = writeln!(out, "{indent}{part}");
                }
            }
        }
    }
    out
}

/// The certificate a signature was made with: subject and fingerprint (the author column is
/// free text; this is who the certificate says signed).
pub(super) fn certificate_line(cert: &dpia::signing::certs::CertificateSummary) -> String {
    format!(
        "certificate: {} (SHA-256 {}; valid {} to {})",
        escape(&cert.subject),
        cert.fingerprint,
        cert.not_before,
        cert.not_after
    )
}
