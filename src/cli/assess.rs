//! `dpia assess TOOL_PATH --answers FILE`: scans the tool, pre-fills answers from the scan,
//! applies the answers file and prints the evaluation, storing nothing.

use super::error::CliError;
use super::{clock, questionnaire as qcli};
use clap::Args;
use dpia::assessment;
use dpia::reference::Reference;
use dpia::scan::{self, ScanOptions, ToolSource};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The tool to assess: files or folders, as for `dpia scan`.
    #[arg(value_name = "TOOL_PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Answers file (TOML: question id = value; groups as arrays of tables).
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// A questionnaire file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    questionnaire: Option<PathBuf>,
    /// Language of the evaluation's words (the JSON keeps codes and adds the words as `text`).
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Human)]
    format: AssessFormat,
}

/// How `dpia assess` prints the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AssessFormat {
    /// The screening, findings and open items as text.
    Human,
    /// The evaluation as JSON: codes and parameters, with their words as `text`.
    Json,
}

/// Loads the questionnaire, reference tables and dictionaries every assessment command needs.
pub struct Setup {
    pub questionnaire: dpia::questionnaire::Questionnaire,
    pub reference: Reference,
    pub scanner: scan::Setup,
}

/// The user's review intervals (`dpia config set review-months`), if set; a settings file
/// that cannot be read is reported by the commands that need it, not here.
fn review_months() -> Option<String> {
    super::config::load().ok().and_then(|s| s.review_months)
}

impl Setup {
    pub fn load(questionnaire: Option<&PathBuf>) -> Result<Setup, CliError> {
        Ok(Setup {
            questionnaire: qcli::load(questionnaire)?,
            reference: Reference::builtin_with_review(review_months().as_deref()).map_err(|e| {
                CliError::user("the reference tables or your review intervals are invalid")
                    .caused_by(&e)
                    .hint("check `dpia config get review-months` (e.g. high=6,moderate=12)")
            })?,
            scanner: scan::Setup::builtin().map_err(super::scan::setup_error)?,
        })
    }

    /// Words for findings in `lang`, with this setup's questionnaire and reference tables.
    pub fn words(&self, lang: dpia::lang::Lang) -> assessment::Words<'_> {
        assessment::Words::new(lang, Some(&self.questionnaire), Some(&self.reference))
    }

    /// Scans the tool; an error when nothing could be read.
    pub fn scan(&self, paths: &[PathBuf]) -> Result<scan::ScanReport, CliError> {
        let options = ScanOptions::new(clock::today()?);
        let tool = ToolSource::Paths(paths.to_vec());
        self.scanner
            .scan_tool(&tool, &options, &scan::NoProgress)
            .map_err(|e| {
                super::scan::nothing_scanned(
                    &e.problems,
                    "pass the tool's folder (schema, data exports, wrangler config)",
                )
            })
    }

    /// An editable session on prepared answers (consumes the setup's tables by cloning).
    pub fn session(
        &self,
        prepared: assessment::Prepared,
        today: dpia::calendar::Date,
    ) -> dpia::session::Session {
        dpia::session::Session::from_prepared(
            prepared,
            self.questionnaire.clone(),
            self.reference.clone(),
            today,
        )
    }

    /// Pre-fills from the scan, applies earlier answers and the answers file, evaluates.
    pub fn prepare(
        &self,
        report: scan::ScanReport,
        earlier: Option<&dpia::questionnaire::Answers>,
        answers: Option<&PathBuf>,
        today: dpia::calendar::Date,
    ) -> Result<assessment::Prepared, CliError> {
        let text = answers
            .map(|path| {
                // Regular files only (a FIFO or /dev/zero is refused), at most 16 MiB.
                dpia::files::read_text(path, dpia::questionnaire::answers::MAX_ANSWERS_FILE)
                    .map_err(|e| {
                        CliError::user(format!("cannot read answers file {}", path.display()))
                            .caused_by(&e)
                    })
            })
            .transpose()?;
        let name = answers.map(|p| p.display().to_string()).unwrap_or_default();
        let file = text
            .as_deref()
            .map(|text| assessment::AnswersFile { name: &name, text });
        assessment::prepare(
            report,
            &self.questionnaire,
            &self.reference,
            earlier,
            file,
            today,
        )
        .map_err(|e| {
            let mut err = CliError::user(e.to_string());
            for p in &e.problems {
                err = err.cause(p.to_string());
            }
            err.hint("`dpia questionnaire show` lists every question id, its type and choices")
        })
    }
}

pub fn run(args: AssessArgs) -> Result<ExitCode, CliError> {
    let setup = Setup::load(args.questionnaire.as_ref())?;
    let report = setup.scan(&args.paths)?;
    let prepared = setup.prepare(report, None, args.answers.as_ref(), clock::today()?)?;
    let words = setup.words(args.lang);
    let text = if args.format == AssessFormat::Json {
        let mut t = serde_json::to_string_pretty(&prepared.evaluation.worded(&words))
            .map_err(|e| CliError::internal("cannot serialise the evaluation").caused_by(&e))?;
        t.push('\n');
        t
    } else {
        // Answers (component and processor names, risk titles) are input: escaped.
        dpia::terminal::escape_lines(&assessment::text::human(&prepared.evaluation, &words))
            .into_owned()
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
