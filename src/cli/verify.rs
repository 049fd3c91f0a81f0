//! `dpia verify FILE|DIR...`: reads the trusted certificates, opens the record once (read
//! only in effect: a missing record is never created), calls `dpia::approval::check_pdf` per
//! file and prints the result, for people or one JSON line per file and a total. The exit
//! code is the worst file's: 0 valid, 4 intact but not verified, 5 indeterminate (the record
//! could not be read), 1 a file could not be read, 3 invalid or not signed.

use super::error::{CliError, Kind};
use super::record::{record_error, Format};
use super::sign::read;
use super::verify_report;
use clap::Args;
use dpia::approval::{check_pdf, RecordSource, Verdict};
use dpia::record::Record;
use dpia::signing::keys;
use dpia::signing::pdf_read::{too_large, MAX_PDF_BYTES};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use x509_cert::Certificate;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Signed PDF reports, or folders holding them (their *.pdf files).
    #[arg(value_name = "FILE.pdf|DIR", required = true)]
    files: Vec<PathBuf>,
    /// Certificates (PEM) a signer must be or chain to; every certificate in the file is
    /// trusted, and the option may be repeated.
    #[arg(long, value_name = "CERTS.pem")]
    trust: Vec<PathBuf>,
    /// human, or json: one line per file and a total line.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// The exit code of one result.
fn exit_code(verdict: Option<Verdict>) -> u8 {
    match verdict {
        None => 1,
        Some(Verdict::Valid) => 0,
        Some(Verdict::Unverified) => 4,
        Some(Verdict::Indeterminate) => 5,
        Some(Verdict::NotSigned | Verdict::Invalid) => 3,
    }
}

/// Worst first: invalid/not signed, unreadable file, indeterminate, not verified, valid.
fn badness(code: u8) -> u8 {
    match code {
        3 => 4,
        1 => 3,
        5 => 2,
        4 => 1,
        _ => 0,
    }
}

/// `dir` is the record folder; `explicit` when it came from --record or DPIA_RECORD_DIR.
pub fn verify(args: VerifyArgs, dir: Option<&Path>, explicit: bool) -> Result<ExitCode, CliError> {
    let anchors = trusted(&args.trust)?;
    let files = expand(&args.files)?;
    let opened = open_record(dir, explicit);
    let mut worst = 0u8;
    let mut counts = [0usize; 6];
    let single = files.len() == 1;
    for (n, file) in files.iter().enumerate() {
        let result = match read_pdf(file) {
            Ok(bytes) => {
                let source = match &opened {
                    Opened::Record(r) => RecordSource::Open(r),
                    Opened::None(why) => RecordSource::None(why.clone()),
                    Opened::Unreadable(why) => RecordSource::Unreadable(why.clone()),
                };
                Ok(check_pdf(&bytes, &anchors, source))
            }
            Err(e) if single => return Err(e),
            Err(e) => Err(e.message),
        };
        let code = exit_code(result.as_ref().ok().map(|c| c.outcome.verdict));
        counts[usize::from(code).min(5)] += 1;
        if badness(code) > badness(worst) {
            worst = code;
        }
        match args.format {
            Format::Json => println!("{}", verify_report::json_line(file, &result, code)),
            Format::Human => {
                if n > 0 {
                    println!();
                }
                match &result {
                    Ok(checked) => verify_report::print_human(file, checked),
                    Err(message) => println!(
                        "file:        {}\nresult:      ERROR: {}",
                        dpia::terminal::escape(&file.display().to_string()),
                        dpia::terminal::escape(message)
                    ),
                }
            }
        }
    }
    if args.format == Format::Json {
        println!(
            "{}",
            json!({"total": files.len(), "valid": counts[0], "unverified": counts[4],
                   "indeterminate": counts[5], "invalid": counts[3], "errors": counts[1],
                   "exit": worst})
        );
    } else if !single {
        println!(
            "\n{} files: {} valid, {} intact but not verified, {} indeterminate, {} invalid or not signed, {} unreadable",
            files.len(), counts[0], counts[4], counts[5], counts[3], counts[1]
        );
    }
    Ok(match worst {
        0 => ExitCode::SUCCESS,
        3 => Kind::Verify.exit_code(),
        code => ExitCode::from(code),
    })
}

/// Every certificate of every `--trust` file.
pub(super) fn trusted(paths: &[PathBuf]) -> Result<Vec<Certificate>, CliError> {
    let mut all = Vec::new();
    for path in paths {
        let pem = String::from_utf8(read(path)?)
            .map_err(|_| CliError::user(format!("{} is not a PEM text file", path.display())))?;
        all.extend(
            keys::certificates_from_pem(&pem, &path.display().to_string())
                .map_err(|e| CliError::user(e.to_string()))?,
        );
    }
    Ok(all)
}

/// Files as given; folders become their `*.pdf` files, sorted.
pub(super) fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = std::fs::read_dir(arg).map_err(|e| {
                CliError::user(format!("cannot read the folder {}", arg.display())).caused_by(&e)
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(CliError::user(format!(
                    "{} holds no PDF files",
                    arg.display()
                )));
            }
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

pub(super) fn read_pdf(path: &Path) -> Result<Vec<u8>, CliError> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_PDF_BYTES {
            return Err(CliError::user(format!(
                "{}: {}",
                path.display(),
                too_large(meta.len())
            )));
        }
    }
    read(path)
}

enum Opened {
    Record(Record),
    None(String),
    Unreadable(String),
}

/// The record, opened only if it exists: a configured record that is missing or cannot be
/// opened is a stated result, never a silent pass (and never created by verify).
fn open_record(dir: Option<&Path>, explicit: bool) -> Opened {
    let Some(dir) = dir else {
        return Opened::None("no record folder is configured".into());
    };
    if !dir.join("dpia-record").exists() {
        let why = format!("there is no dpia record at {}", dir.display());
        return if explicit {
            Opened::Unreadable(why)
        } else {
            Opened::None(why)
        };
    }
    let actor = dpia::record::Actor {
        author: super::record::author(None),
        now: match super::clock::now() {
            Ok(now) => now,
            Err(e) => return Opened::Unreadable(e.message),
        },
    };
    match Record::open_read_only(dir, &std::env::temp_dir(), &actor) {
        Ok(r) => Opened::Record(r),
        Err(e) => Opened::Unreadable(record_error(e).message),
    }
}
