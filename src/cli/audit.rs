//! `dpia audit`: the record opened read-only and every hash, chain and mapping checked; exit
//! 0 when everything holds and 3 on any break, including damage that stops the record from
//! opening at all (red team M12), so a cron job testing for 3 sees tampering at every level.

use super::error::{CliError, Kind};
use super::record::{actor, print_json, record_error, Format};
use dpia::record::{Record, RecordError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// An audit that cannot open the record: damage at the storage level, or an older record
/// whose breaks stop its migration, fails the verification (exit 3) like a break does, with
/// the same JSON shape; a missing record or a lock is an ordinary error.
fn audit_open_error(e: RecordError, format: Format) -> CliError {
    let breaks: Vec<dpia::record::Break> = match &e {
        RecordError::RewriteRefused { breaks, .. } => breaks.clone(),
        RecordError::Damaged { .. } | RecordError::Storage { .. } | RecordError::Open { .. } => {
            vec![dpia::record::Break {
                assessment: None,
                version: None,
                event: None,
                what: CliError::user(e.to_string())
                    .caused_by(&e)
                    .causes
                    .join(": "),
            }]
        }
        _ => return record_error(e),
    };
    if format == Format::Json {
        let report = dpia::record::AuditReport {
            breaks: breaks.clone(),
            ..Default::default()
        };
        if let Err(err) = print_json(&report) {
            return err;
        }
    }
    let mut err = CliError::user(e.to_string()).caused_by(&e);
    err.kind = Kind::Verify;
    err.causes
        .extend(breaks.iter().skip(1).take(5).map(|b| b.to_string()));
    err.hint(
        "restore the record from a `dpia record export` backup, or investigate who changed \
         its files",
    )
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Audit a record export instead of the record (with --trust: its signature first).
    #[arg(long, value_name = "FILE.json")]
    export: Option<PathBuf>,
    #[command(flatten)]
    trust: super::export_signature::TrustArgs,
}

pub fn run(
    args: AuditArgs,
    dir: &dyn Fn() -> Result<PathBuf, CliError>,
) -> Result<ExitCode, CliError> {
    match &args.export {
        None => audit(args.format, &dir()?),
        Some(file) => audit_export(file, &args),
    }
}

/// Audits an export: its signature (with --trust) before anything else, then every hash and
/// chain, by importing it into a private temporary record.
fn audit_export(file: &Path, args: &AuditArgs) -> Result<ExitCode, CliError> {
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::user(format!("cannot read {}", file.display())).caused_by(&e))?;
    super::export_signature::check(file, &bytes, &args.trust)?;
    let json = String::from_utf8(bytes).map_err(|e| {
        CliError::user(format!("{} is not UTF-8 text", file.display())).caused_by(&e)
    })?;
    let tmp = tempfile::Builder::new()
        .prefix("dpia-audit-")
        .tempdir()
        .map_err(|e| CliError::internal("cannot make a temporary folder").caused_by(&e))?;
    let dir = tmp.path().join("record");
    let record = Record::import_json(&dir, &file.display().to_string(), &json, &actor(None)?)
        .map_err(|e| audit_open_error(e, args.format))?;
    drop(record);
    audit(args.format, &dir)
}

pub fn audit(format: Format, dir: &Path) -> Result<ExitCode, CliError> {
    let record = Record::open_read_only(dir, &std::env::temp_dir(), &actor(None)?)
        .map_err(|e| audit_open_error(e, format))?;
    super::record::print_notices(&record);
    let report = record.audit();
    if format == Format::Json {
        print_json(&report)?;
    } else {
        println!(
            "audited {} assessments, {} versions ({} signed), {} events",
            report.assessments, report.versions, report.signed_versions, report.events
        );
        for b in &report.breaks {
            println!("BREAK {}", dpia::terminal::escape(&b.to_string()));
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
