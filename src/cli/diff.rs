//! `dpia diff ID V1 V2`: what changed between two recorded versions, for people (worded in
//! `--lang`, input escaped) or as JSON. Reads the record read-only.

use super::error::CliError;
use super::record::{open, print_json, record_error, Access, Format};
use clap::Args;
use dpia::assessment::Words;
use dpia::diff::{diff, VersionDiff};
use dpia::record::{AssessmentView, Record, Version};
use dpia::terminal::escape;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// The older version: its number (`2` or `#2`) or id prefix.
    from: String,
    /// The newer version: its number or id prefix (default: the current version).
    to: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Language of the worded findings.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
}

pub fn run(args: DiffArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir, Access::Read)?;
    let id = record.resolve(&args.id).map_err(record_error)?;
    let view = record.assessment(&id).map_err(record_error)?;
    let from = version(&record, &view, &args.from)?;
    let to = match &args.to {
        Some(v) => version(&record, &view, v)?,
        None => record.version(&view.summary.head).map_err(record_error)?,
    };
    let changes = diff(&from, &to).map_err(|e| {
        CliError::user("the recorded versions cannot be read")
            .caused_by(&e)
            .hint("run `dpia audit` to check the record")
    })?;
    match args.format {
        Format::Json => print_json(&changes)?,
        Format::Human => print!("{}", human(&view, &changes, args.lang)),
    }
    Ok(ExitCode::SUCCESS)
}

/// A version by number (`3`, `#3`) or by id prefix.
fn version(record: &Record, view: &AssessmentView, which: &str) -> Result<Version, CliError> {
    let number = which.trim().trim_start_matches('#');
    if let Ok(n) = number.parse::<u64>() {
        if let Some(v) = view.versions.iter().find(|v| v.number == n) {
            return Ok(v.clone());
        }
        // `#N` is a number only; digits alone may also be an id prefix, tried below.
        if which.starts_with('#') {
            return Err(CliError::user(format!(
                "assessment {} has no version #{n}",
                view.summary.id.short()
            ))
            .hint(format!(
                "its versions are #1 to #{} (dpia history ID)",
                view.summary.versions
            )));
        }
    }
    let vid = record
        .resolve_version(&view.summary.id, which)
        .map_err(record_error)?;
    record.version(&vid).map_err(record_error)
}

fn human(view: &AssessmentView, d: &VersionDiff, lang: dpia::lang::Lang) -> String {
    use std::fmt::Write as _;
    let questionnaire = dpia::questionnaire::builtin().ok();
    let reference = dpia::reference::Reference::builtin().ok();
    let words = Words::new(lang, questionnaire.as_ref(), reference.as_ref());
    let v = |r: &dpia::diff::VersionRef| {
        format!(
            "#{} ({}{})",
            r.number,
            r.id.get(..12).unwrap_or(&r.id),
            if r.signed { ", signed" } else { "" }
        )
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: version {} → {}",
        view.summary.id.short(),
        escape(&view.summary.title),
        v(&d.from),
        v(&d.to)
    );
    if d.is_empty() {
        let _ = writeln!(out, "no changes in answers, findings or conclusions");
        return out;
    }
    let value = |x: &Option<serde_json::Value>| match x {
        None => "(no answer)".to_string(),
        // Long texts keep their lines, indented under the marker.
        Some(serde_json::Value::String(s)) => {
            dpia::terminal::escape_lines(s).replace('\n', "\n      ")
        }
        Some(other) => escape(&other.to_string()).into_owned(),
    };
    if !d.answers.is_empty() {
        let _ = writeln!(out, "\nanswers ({} changed)", d.answers.len());
        for c in &d.answers {
            let _ = writeln!(
                out,
                "  {} ({})",
                escape(&words.question(&c.question)),
                c.question
            );
            let _ = writeln!(out, "    - {}", value(&c.before));
            let _ = writeln!(out, "    + {}", value(&c.after));
        }
    }
    if !d.findings.items.is_empty() {
        let _ = writeln!(out, "\nfindings of the scan ({})", d.findings.items.len());
        for item in &d.findings.items {
            let _ = writeln!(
                out,
                "  [{}] {}{} (question {})",
                item.severity.code(),
                escape(&words.finding(&item.finding)),
                item.location
                    .as_deref()
                    .map(|l| format!(" at {}", escape(l)))
                    .unwrap_or_default(),
                item.question
            );
        }
    }
    if !d.evaluation.is_empty() {
        let _ = writeln!(out, "\nconclusions ({} changed)", d.evaluation.len());
        for c in &d.evaluation {
            let _ = writeln!(
                out,
                "  {}: {} → {}",
                escape(&c.what),
                c.before.as_deref().map_or("-".into(), escape),
                c.after.as_deref().map_or("-".into(), escape)
            );
        }
    }
    out
}
