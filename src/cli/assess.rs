//! `dpia assess TOOL_PATH --answers FILE`: scans the tool, pre-fills answers from the scan,
//! applies the answers file and prints the evaluation, storing nothing.

use super::error::CliError;
use super::{clock, questionnaire as qcli};
use clap::Args;
use dpia::assessment::{self, Evaluation, Outcome, TransferVerdict};
use dpia::reference::Reference;
use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use dpia::terminal::escape;
use std::fmt::Write as _;
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
    /// Language of question texts in the output.
    #[arg(long, default_value = "en", value_parser = ["en", "de"])]
    lang: String,
    /// Output format.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    format: String,
}

/// Loads the questionnaire, reference tables and dictionaries every assessment command needs.
pub struct Setup {
    pub questionnaire: dpia::questionnaire::Questionnaire,
    pub reference: Reference,
    pub dict: Dictionary,
}

impl Setup {
    pub fn load(questionnaire: Option<&PathBuf>) -> Result<Setup, CliError> {
        Ok(Setup {
            questionnaire: qcli::load(questionnaire)?,
            reference: Reference::builtin().map_err(|e| {
                CliError::internal("the built-in reference tables are invalid").caused_by(&e)
            })?,
            dict: Dictionary::builtin().map_err(|e| {
                CliError::internal("the built-in dictionaries are invalid").cause(e.to_string())
            })?,
        })
    }

    /// Scans the tool; an error when nothing could be read.
    pub fn scan(&self, paths: &[PathBuf]) -> Result<scan::ScanReport, CliError> {
        let options = ScanOptions::new(clock::today()?);
        let inputs: Vec<ScanInput> = paths.iter().cloned().map(ScanInput::Path).collect();
        let report = scan::scan(&inputs, &options, &self.dict, &scan::NoProgress);
        if report.nothing_scanned() {
            let mut err = CliError::user("nothing could be scanned");
            for p in report.problems.iter().take(5) {
                err = err.cause(p.to_string());
            }
            return Err(err.hint("pass the tool's folder (schema, data exports, wrangler config)"));
        }
        Ok(report)
    }

    /// An editable session on prepared answers (consumes the setup's tables by cloning).
    pub fn session(&self, prepared: assessment::Prepared, lang: &str) -> dpia::session::Session {
        dpia::session::Session::from_prepared(
            prepared,
            self.questionnaire.clone(),
            self.reference.clone(),
            lang,
        )
    }

    /// Pre-fills from the scan, applies earlier answers and the answers file, evaluates.
    pub fn prepare(
        &self,
        report: scan::ScanReport,
        earlier: Option<&dpia::questionnaire::Answers>,
        answers: Option<&PathBuf>,
        lang: &str,
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
            lang,
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
    let prepared = setup.prepare(report, None, args.answers.as_ref(), &args.lang)?;
    let evaluation = prepared.evaluation;
    let text = if args.format == "json" {
        let mut t = serde_json::to_string_pretty(&evaluation)
            .map_err(|e| CliError::internal("cannot serialise the evaluation").caused_by(&e))?;
        t.push('\n');
        t
    } else {
        human(&evaluation)
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The evaluation for people. Answers (component and processor names, risk titles) and the
/// wording built from them are input, so every string is escaped for the terminal.
pub fn human(e: &Evaluation) -> String {
    let mut out = String::new();
    let outcome = match e.screening.outcome {
        Outcome::Required => "DPIA required",
        Outcome::Recommended => "DPIA recommended",
        Outcome::NotRequired => "DPIA not required",
        Outcome::Undetermined => "screening not complete",
    };
    let _ = writeln!(
        out,
        "Evaluation against {} {}\n",
        escape(&e.questionnaire_id),
        escape(&e.questionnaire_version)
    );
    let _ = writeln!(out, "screening: {outcome}");
    for r in &e.screening.reasons {
        let _ = writeln!(out, "  - {}", escape(r));
    }
    if !e.transfers.is_empty() {
        let _ = writeln!(out, "\ntransfers (GDPR Chapter V)");
        for t in &e.transfers {
            let verdict = match t.verdict {
                TransferVerdict::Lawful => "lawful",
                TransferVerdict::LawfulWithSafeguards => "lawful with safeguards",
                TransferVerdict::NeedsTool => "NEEDS A TRANSFER TOOL",
                TransferVerdict::Unknown => "UNKNOWN",
            };
            let place = match &t.location_name {
                Some(name) => format!("{} {name}", t.location),
                None => t.location.clone(),
            };
            let _ = writeln!(
                out,
                "  {} [{}]: {verdict} — {}",
                escape(&t.component),
                escape(&place),
                escape(&t.reason)
            );
        }
    }
    if !e.processor_gaps.is_empty() {
        let _ = writeln!(out, "\nprocessors (GDPR Art. 28)");
        for g in &e.processor_gaps {
            let _ = writeln!(out, "  {}:", escape(&g.processor));
            for m in &g.missing {
                let _ = writeln!(out, "    - {}", escape(m));
            }
        }
    }
    if !e.risks.is_empty() {
        let _ = writeln!(
            out,
            "\nrisks (severity x likelihood, before -> after measures)"
        );
        for r in &e.risks {
            let level = |l: Option<assessment::risk::Level>| l.map_or("?", |l| l.as_str());
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                escape(&r.title),
                level(r.level),
                level(r.residual_level)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nArt. 36 prior consultation: {}",
        if e.art36_consultation_required {
            "REQUIRED"
        } else {
            "not required"
        }
    );
    for r in &e.art36_reasons {
        let _ = writeln!(out, "  - {}", escape(r));
    }
    if !e.issues.is_empty() {
        let _ = writeln!(out, "\nissues");
        for i in &e.issues {
            let _ = writeln!(out, "  - {}", escape(i));
        }
    }
    let _ = writeln!(
        out,
        "\nprogress: {} of {} required questions answered",
        e.progress.answered, e.progress.required
    );
    if e.missing.is_empty() {
        let _ = writeln!(out, "nothing missing: ready for sign-off");
    } else {
        let _ = writeln!(out, "missing before sign-off ({}):", e.missing.len());
        for m in &e.missing {
            let _ = writeln!(out, "  - {}: {}", escape(&m.question), escape(&m.message));
        }
    }
    out
}
