//! `dpia verify FILE|DIR...`: reads the trusted certificates, opens the record once (read
//! only in effect: a missing record is never created), calls `dpia::approval::check_pdf` per
//! file and prints the result, for people or one JSON line per file and a total. The exit
//! code is the worst file's: 0 valid, 4 intact but not verified, 5 indeterminate (the record
//! could not be read), 1 a file could not be read, 3 invalid or not signed.

use super::error::{CliError, Kind};
use super::record::{record_error, Format};
use super::sign::read;
use clap::Args;
use dpia::approval::{check_pdf, Checked, RecordCheck, RecordMatch, RecordSource, Verdict};
use dpia::record::Record;
use dpia::signing::pdf_read::{too_large, MAX_PDF_BYTES};
use dpia::signing::{certs, keys, SignatureCheck};
use serde_json::{json, Value};
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
            Format::Json => println!("{}", json_line(file, &result, code)),
            Format::Human => {
                if n > 0 {
                    println!();
                }
                match &result {
                    Ok(checked) => print_human(file, checked),
                    Err(message) => println!(
                        "file:        {}\nresult:      ERROR: {message}",
                        file.display()
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
fn trusted(paths: &[PathBuf]) -> Result<Vec<Certificate>, CliError> {
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
fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
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

fn read_pdf(path: &Path) -> Result<Vec<u8>, CliError> {
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
    match Record::open(dir) {
        Ok(r) => Opened::Record(r),
        Err(e) => Opened::Unreadable(record_error(e).message),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn print_human(file: &Path, c: &Checked) {
    let v = &c.verification;
    println!("file:        {}", file.display());
    println!("SHA-256:     {}", v.file_sha256);
    let matches: &[RecordMatch] = match &c.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    if let Some(RecordMatch::Recorded {
        title, assessment, ..
    }) = matches.first()
    {
        println!(
            "assessment:  {title} ({})",
            &assessment[..assessment.len().min(12)]
        );
    }
    if !v.is_signed() && v.problems.is_empty() {
        println!("signed:      no (the PDF is not signed)");
    }
    let several = v.signatures.len() > 1;
    for (i, s) in v.signatures.iter().enumerate() {
        let indent = if several {
            println!(
                "signature {} of {} (field {}):",
                i + 1,
                v.signatures.len(),
                s.field
            );
            "  "
        } else {
            ""
        };
        print_signature(indent, s, c.trust_given, v.signatures.len());
        print_record(indent, matches.get(i), &c.record);
    }
    println!("result:      {}", c.outcome.verdict.label());
    for r in &c.outcome.reasons {
        println!("  - {r}");
    }
}

fn print_signature(indent: &str, s: &SignatureCheck, trust_given: bool, count: usize) {
    let line = |label: &str, value: String| println!("{indent}{label:<13}{value}");
    if let Some(signer) = &s.signer {
        line("signer:", signer.common_name.clone());
        line("subject:", signer.subject.clone());
        line("certificate:", format!("SHA-256 {}", signer.fingerprint));
    }
    if let Some(at) = s.claimed_time {
        let source = match &s.timestamp {
            Some(ts) if ts.problems.is_empty() => format!(
                "time-stamped {} by {}{}",
                certs::iso(ts.time),
                ts.authority,
                match ts.trusted {
                    Some(true) => ", authority trusted",
                    Some(false) => ", authority NOT trusted",
                    None => ", authority not checked",
                }
            ),
            Some(_) => "the time-stamp is not valid; the time is the signer's claim".into(),
            None => "the signer's claim: no trusted time-stamp".into(),
        };
        line("signed at:", format!("{} ({source})", certs::iso(at)));
    }
    if let Some(f) = &s.sub_filter {
        let digest = s
            .digest
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        line("type:", format!("{f}{digest}"));
    }
    if let Some(r) = &s.reason {
        line("reason:", r.clone());
    }
    if let Some(l) = &s.location {
        line("location:", l.clone());
    }
    if s.revision_end > 0 {
        let later = if s.covers_whole_file {
            "the whole file".to_string()
        } else if s.later_changes.is_empty() {
            format!("bytes 0..{}; later only further signatures", s.revision_end)
        } else {
            format!(
                "bytes 0..{}; later changes that are not signatures",
                s.revision_end
            )
        };
        line(
            "covers:",
            format!("revision {} of {count}: {later}", s.revision),
        );
    }
    line("intact:", yes_no(s.signature_intact).into());
    line("whole file:", yes_no(s.covers_whole_file).into());
    match s.trusted {
        Some(t) => line("trusted:", yes_no(t).into()),
        None if trust_given => {}
        None => line("trusted:", "not checked (pass --trust CERT.pem)".into()),
    }
}

fn print_record(indent: &str, m: Option<&RecordMatch>, record: &RecordCheck) {
    let line = |value: String| println!("{indent}{:<13}{value}", "record:");
    match (m, record) {
        (_, RecordCheck::NotChecked(why)) => line(format!("not checked ({why})")),
        (_, RecordCheck::Unreadable(why)) => line(format!("UNREADABLE: {why}")),
        (
            Some(RecordMatch::Recorded {
                version,
                number,
                role,
                newer,
                ..
            }),
            _,
        ) => {
            let role = role
                .as_deref()
                .map(|r| format!(" as {r}"))
                .unwrap_or_default();
            let current = match newer {
                None => "current".to_string(),
                Some(n) => format!("no longer current: newer version #{n}"),
            };
            line(format!(
                "matches signed version #{number} ({}){role}; {current}",
                &version[..version.len().min(12)]
            ));
        }
        (Some(RecordMatch::HashMismatch { assessment, .. }), _) => line(format!(
            "MISMATCH: assessment {} has no signed version with this file's hash",
            short(assessment)
        )),
        (
            Some(RecordMatch::CertificateMismatch {
                assessment,
                version,
            }),
            _,
        ) => line(format!(
            "MISMATCH: version {} of assessment {} was signed with another certificate",
            short(version),
            short(assessment)
        )),
        (Some(RecordMatch::ContentMismatch { problem, .. }), _) => {
            line(format!("MISMATCH: {problem}"))
        }
        (Some(RecordMatch::NotSignedInRecord { assessment, .. }), _) => line(format!(
            "assessment {} has no signature recorded (signed outside dpia)",
            short(assessment)
        )),
        (Some(RecordMatch::UnknownAssessment { assessment }), _) => line(format!(
            "assessment {} is not in this record",
            short(assessment)
        )),
        (Some(RecordMatch::NotAReport), _) => line("not a dpia report".into()),
        (None, _) => {}
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

fn json_line(file: &Path, result: &Result<Checked, String>, code: u8) -> Value {
    let c = match result {
        Err(message) => {
            return json!({"file": file.display().to_string(), "result": "error",
                          "error": message, "exit": code})
        }
        Ok(c) => c,
    };
    let matches: &[RecordMatch] = match &c.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    let record_state = match &c.record {
        RecordCheck::NotChecked(why) => json!({"checked": false, "why": why}),
        RecordCheck::Unreadable(why) => json!({"checked": false, "unreadable": why}),
        RecordCheck::Checked(_) => json!({"checked": true}),
    };
    let signatures: Vec<Value> = c
        .verification
        .signatures
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "field": s.field,
                "signer": s.signer.as_ref().map(|x| &x.common_name),
                "subject": s.signer.as_ref().map(|x| &x.subject),
                "fingerprint": s.signer.as_ref().map(|x| &x.fingerprint),
                "signed_at": s.claimed_time.map(certs::iso),
                "timestamp": s.timestamp.as_ref().map(|t| json!({
                    "time": certs::iso(t.time), "authority": t.authority,
                    "trusted": t.trusted, "valid": t.problems.is_empty()})),
                "revision": s.revision,
                "revision_end": s.revision_end,
                "revision_sha256": s.revision_sha256,
                "covers_whole_file": s.covers_whole_file,
                "later_changes": s.later_changes,
                "intact": s.signature_intact,
                "trusted": s.trusted,
                "digest": s.digest,
                "record": matches.get(i).map(match_json),
                "problems": s.problems,
            })
        })
        .collect();
    json!({
        "file": file.display().to_string(),
        "sha256": c.verification.file_sha256,
        "result": match c.outcome.verdict {
            Verdict::Valid => "valid",
            Verdict::Unverified => "unverified",
            Verdict::Indeterminate => "indeterminate",
            Verdict::NotSigned => "not_signed",
            Verdict::Invalid => "invalid",
        },
        "exit": code,
        "reasons": c.outcome.reasons,
        "record": record_state,
        "signatures": signatures,
        "problems": c.verification.problems,
    })
}

fn match_json(m: &RecordMatch) -> Value {
    match m {
        RecordMatch::NotAReport => json!({"match": "not_a_report"}),
        RecordMatch::UnknownAssessment { assessment } => {
            json!({"match": "unknown_assessment", "assessment": assessment})
        }
        RecordMatch::NotSignedInRecord { assessment, .. } => {
            json!({"match": "not_signed_in_record", "assessment": assessment})
        }
        RecordMatch::Recorded {
            assessment,
            title,
            version,
            number,
            role,
            newer,
        } => json!({
            "match": "recorded", "assessment": assessment, "title": title, "version": version,
            "number": number, "role": role, "current": newer.is_none(), "newer_version": newer}),
        RecordMatch::HashMismatch { assessment, .. } => {
            json!({"match": "hash_mismatch", "assessment": assessment})
        }
        RecordMatch::CertificateMismatch {
            assessment,
            version,
        } => {
            json!({"match": "certificate_mismatch", "assessment": assessment, "version": version})
        }
        RecordMatch::ContentMismatch {
            assessment,
            version,
            problem,
        } => json!({
            "match": "content_mismatch", "assessment": assessment, "version": version,
            "problem": problem}),
    }
}
