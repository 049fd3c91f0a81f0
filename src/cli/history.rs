//! The record over time: `dpia history` (the events of one assessment, after the chain of
//! revisions it belongs to) and `dpia review-due` (signed assessments due for review, by
//! date, because their tool drifted or because they changed after signing). Both read the record read-only.

use super::clock;
use super::error::CliError;
use super::record::{
    certificate_line, open, print_json, record_error, summary_line, Access, Format,
};
use clap::Args;
use dpia::record::{AssessmentId, EventKind, Record, ReviewReason};
use dpia::terminal::escape;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReviewDueArgs {
    /// Window ahead of today, e.g. 30d (days).
    #[arg(long, default_value = "30d")]
    within: String,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// The chain of revisions an assessment is part of, one line (`A superseded → B signed`),
/// when there is one.
pub(super) fn chain_line(record: &Record, id: &AssessmentId) -> Result<Option<String>, CliError> {
    let chain = record.chain(id).map_err(record_error)?;
    if chain.len() < 2 {
        return Ok(None);
    }
    let parts: Vec<String> = chain
        .iter()
        .map(|s| {
            let mark = if s.id == *id { "*" } else { "" };
            format!("{mark}{} {}", s.id.short(), s.status)
        })
        .collect();
    Ok(Some(format!("revisions: {}", parts.join(" → "))))
}

pub fn history(id: &str, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir, Access::Read)?;
    let id = record.resolve(id).map_err(record_error)?;
    if let Some(line) = chain_line(&record, &id)? {
        println!("{line}");
    }
    let events = record.events().map_err(record_error)?;
    let view = record.assessment(&id).map_err(record_error)?;
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
            dpia::record::CheckNote::of(e)
                .map(|note| note.to_string())
                .or_else(|| e.detail.clone())
                .map(|d| format!("  ({})", escape(&d)))
                .unwrap_or_default()
        );
        let signature = (e.kind == EventKind::Signed)
            .then(|| {
                view.versions
                    .iter()
                    .find(|v| Some(&v.id) == e.version.as_ref())
            })
            .flatten()
            .and_then(|v| v.signature.as_ref());
        if let Some(cert) =
            signature.and_then(|s| dpia::signing::certs::summarise_pem(&s.certificate_pem))
        {
            println!("{:>22}{}", "", certificate_line(&cert));
        }
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
    let today = clock::today()?.to_string();
    let record = open(dir, Access::Read)?;
    let due = record.review_due(&today, days).map_err(record_error)?;
    match args.format {
        Format::Json => print_json(&due)?,
        Format::Human if due.is_empty() => {
            println!("no signed assessment is due for review within {days} days of {today}")
        }
        Format::Human => {
            for d in &due {
                let dated = d
                    .reasons
                    .iter()
                    .any(|r| matches!(r, ReviewReason::Date { .. }));
                let changed = d.assessment.changed_after_signing.is_some();
                let label = match (changed, d.overdue, dated) {
                    (true, _, _) => "CHANGED ",
                    (false, true, _) => "OVERDUE ",
                    (false, false, true) => "due     ",
                    (false, false, false) => "DRIFT   ",
                };
                println!("{label}{}", summary_line(&d.assessment));
                for r in &d.reasons {
                    match r {
                        ReviewReason::Drift {
                            checked_at,
                            worst,
                            items,
                        } => println!(
                            "        drift: the check of {checked_at} found {items} item(s) the \
                             signed DPIA does not cover, worst {} (dpia check; Art. 35(11))",
                            worst.code()
                        ),
                        ReviewReason::ChangedAfterSigning {
                            signed_version,
                            signed_at,
                        } => println!(
                            "        changed after signing: version #{signed_version} was signed at \
                             {signed_at}; the current version is not signed (Art. 35(11))"
                        ),
                        ReviewReason::Date { .. } => {}
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
