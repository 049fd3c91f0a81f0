//! `dpia questionnaire lint FILE...` and `dpia questionnaire show`: check questionnaire
//! files (every problem with file and line) and list the questions and their ids, the
//! reference for writing answers files.

use super::error::CliError;
use clap::{Args, Subcommand};
use dpia::questionnaire::{self, QuestionType, Questionnaire};
use dpia::terminal::{escape, escape_lines};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// Check questionnaire files: unknown ids in conditions, duplicate ids, missing
    /// translations, cycles, choices without labels. Exit 1 if any file has a problem.
    Lint {
        /// Questionnaire TOML files (default: the built-in one).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List sections, question ids, types and choices (built-in questionnaire by default).
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A questionnaire file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    questionnaire: Option<PathBuf>,
    /// Language of the texts.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
}

/// Loads the questionnaire named by `--questionnaire`, or the built-in one.
pub fn load(path: Option<&PathBuf>) -> Result<Questionnaire, CliError> {
    let result = match path {
        None => questionnaire::builtin(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                CliError::user(format!("cannot read questionnaire {}", p.display())).caused_by(&e)
            })?;
            questionnaire::load(&p.display().to_string(), &text)
        }
    };
    result.map_err(|e| {
        let mut err = CliError::user(e.to_string());
        for p in &e.problems {
            err = err.cause(p.to_string());
        }
        err.hint(format!(
            "run `dpia questionnaire lint {}` after fixing",
            e.file
        ))
    })
}

pub fn run(command: QuestionnaireCommand) -> Result<ExitCode, CliError> {
    match command {
        QuestionnaireCommand::Lint { files } => lint(&files),
        QuestionnaireCommand::Show(args) => {
            let q = load(args.questionnaire.as_ref())?;
            // A questionnaire file may come from anyone: its texts are escaped.
            print!("{}", escape_lines(&show(&q, args.lang)));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the result of loading one file; returns whether it had problems.
fn report(name: &str, result: Result<Questionnaire, questionnaire::QuestionnaireError>) -> bool {
    match result {
        Ok(q) => {
            let count: usize = q.questions().map(|q| 1 + q.fields.len()).sum();
            println!(
                "{}: ok ({} {}, {} sections, {count} questions and fields)",
                escape(name),
                escape(&q.id),
                escape(&q.version),
                q.sections.len()
            );
            false
        }
        Err(e) => {
            for p in &e.problems {
                eprintln!("{}", escape_lines(&p.to_string()));
            }
            eprintln!("{}: {} problem(s)", escape(name), e.problems.len());
            true
        }
    }
}

fn lint(files: &[PathBuf]) -> Result<ExitCode, CliError> {
    let mut failed = 0;
    if files.is_empty() && report(questionnaire::BUILTIN.0, questionnaire::builtin()) {
        failed += 1;
    }
    if files.is_empty() {
        // The scanner's evidence is worded in every language too (templates/evidence.*.toml).
        let problems = dpia::scan::evidence_words::check_builtin();
        for p in &problems {
            eprintln!("{}", escape_lines(&p.to_string()));
        }
        failed += usize::from(!problems.is_empty());
    }
    for f in files {
        let name = f.display().to_string();
        let bad = match std::fs::read_to_string(f) {
            Ok(text) => report(&name, questionnaire::load(&name, &text)),
            Err(e) => {
                eprintln!("{}: cannot read: {e}", escape(&name));
                true
            }
        };
        failed += usize::from(bad);
    }
    if failed > 0 {
        return Err(CliError::user(format!(
            "{failed} questionnaire file(s) have problems"
        )));
    }
    Ok(ExitCode::SUCCESS)
}

fn show(q: &Questionnaire, lang: dpia::lang::Lang) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{} — {} {}\n", q.title.get(lang), q.id, q.version);
    for s in &q.sections {
        let _ = writeln!(out, "\n[{}] {}", s.id, s.title.get(lang));
        for question in &s.questions {
            line(&mut out, question, lang, "  ");
            for f in &question.fields {
                line(&mut out, f, lang, "      .");
            }
        }
    }
    out
}

fn line(out: &mut String, q: &dpia::questionnaire::Question, lang: dpia::lang::Lang, indent: &str) {
    use std::fmt::Write as _;
    let kind = format!("{:?}", q.kind).to_lowercase();
    let _ = writeln!(
        out,
        "{indent}{} ({kind}{}{}) {}",
        q.id,
        if q.required { "" } else { ", optional" },
        if q.show_if.is_some() {
            ", conditional"
        } else {
            ""
        },
        q.text.get(lang)
    );
    if matches!(
        q.kind,
        QuestionType::SingleChoice | QuestionType::MultiChoice
    ) {
        let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
        let _ = writeln!(out, "{indent}    choices: {}", values.join(", "));
    }
}
