//! `dpia audit`: the record opened read-only and every hash, chain and mapping checked; exit
//! 0 when everything holds and 3 on any break, including damage that stops the record from
//! opening at all (red team M12), so a cron job testing for 3 sees tampering at every level.

use super::error::{CliError, Kind};
use super::record::{actor, print_json, record_error, Format};
use dpia::record::{Record, RecordError};
use std::path::Path;
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
            println!("BREAK {b}");
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
