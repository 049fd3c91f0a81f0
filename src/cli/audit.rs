//! `dpia audit`: the record opened read-only and every hash, chain and mapping checked; exit
//! 0 when everything holds and 3 on any break, including damage that stops the record from
//! opening at all (red team M12), so a cron job testing for 3 sees tampering at every level.

use super::clock;
use super::error::{CliError, Kind};
use super::export::{approval_error, write_file};
use super::record::{actor, print_json, record_error, Format};
use super::sign::{credentials, print_signed};
use super::tsa::HttpTsa;
use dpia::approval::audit_pdf::{self, AuditSignOptions};
use dpia::approval::audit_summary::AuditSummary;
use dpia::clock::Purpose;
use dpia::record::{Record, RecordError};
use dpia::signing::TimestampAuthority;
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

/// `--format` of `dpia audit`: `pdf` only with `--report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[arg(long, value_enum, default_value = "human")]
    format: AuditFormat,
    /// Audit a record export instead of the record (with --trust: its signature first).
    #[arg(long, value_name = "FILE.json")]
    export: Option<PathBuf>,
    #[command(flatten)]
    trust: super::export_signature::TrustArgs,
    /// The auditor's summary: every assessment, its signers and certificates, review dates,
    /// changes after signing (and with --pdfs, a folder of PDFs matched to the record).
    #[arg(long)]
    report: bool,
    /// A folder of signed PDFs to verify and match to the record (with --report).
    #[arg(long, value_name = "DIR", requires = "report")]
    pdfs: Option<PathBuf>,
    /// Where `--format pdf` writes the summary.
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    /// Language of the PDF summary.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Signing the PDF summary (--sign with --key/--cert or --p12, as `dpia sign`).
    #[command(flatten)]
    signing: super::sign::SignOutputArgs,
    /// Where the auditor signs (a city, an office), shown in the signature box.
    #[arg(long, requires = "sign")]
    location: Option<String>,
}

pub fn run(
    args: AuditArgs,
    dir: &dyn Fn() -> Result<PathBuf, CliError>,
) -> Result<ExitCode, CliError> {
    let format = match args.format {
        AuditFormat::Human => Format::Human,
        AuditFormat::Json => Format::Json,
        AuditFormat::Pdf if args.report => Format::Human,
        AuditFormat::Pdf => {
            return Err(CliError::usage(
                "--format pdf is for the summary: add --report",
            ))
        }
    };
    if args.format == AuditFormat::Pdf && args.out.is_none() {
        return Err(CliError::usage("--format pdf needs --out FILE.pdf"));
    }
    if args.signing.sign && args.format != AuditFormat::Pdf {
        return Err(CliError::usage(
            "--sign signs the PDF summary: add --report --format pdf --out FILE.pdf",
        ));
    }
    // An export is checked (signature, then hashes) and read through a private copy.
    let (dir, _tmp) = match &args.export {
        None => (dir()?, None),
        Some(file) => {
            let (dir, tmp) = import_export(file, &args, format)?;
            (dir, Some(tmp))
        }
    };
    if args.report {
        return report(&args, &dir);
    }
    audit(format, &dir)
}

/// The auditor's summary, as text, JSON or PDF; exit 3 when the record breaks or a PDF is
/// invalid, unsigned or contradicts the record.
fn report(args: &AuditArgs, dir: &Path) -> Result<ExitCode, CliError> {
    use dpia::approval::audit_summary;
    let record = Record::open_read_only(dir, &std::env::temp_dir(), &actor(None)?)
        .map_err(|e| audit_open_error(e, Format::Human))?;
    let anchors = super::verify::trusted(&args.trust.trust)?;
    let pdfs: Vec<(String, Result<Vec<u8>, String>)> = match &args.pdfs {
        None => Vec::new(),
        // The folder's PDFs as `dpia verify DIR` finds and reads them (with its size cap).
        Some(folder) => super::verify::expand(std::slice::from_ref(folder))?
            .into_iter()
            .map(|p| {
                let bytes = super::verify::read_pdf(&p).map_err(|e| e.message);
                (p.display().to_string(), bytes)
            })
            .collect(),
    };
    let today = clock::today()?.to_string();
    let summary =
        audit_summary::summarise(&record, &today, &pdfs, &anchors).map_err(record_error)?;
    match args.format {
        AuditFormat::Json => print_json(&summary)?,
        AuditFormat::Human => print!(
            "{}",
            dpia::terminal::escape_lines(&audit_summary::to_text(&summary))
        ),
        AuditFormat::Pdf => write_pdf(args, &summary)?,
    }
    if summary.failed() {
        let mut err = CliError::user("the audit found problems: see the summary");
        err.kind = Kind::Verify;
        return Err(err);
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the summary as a PDF in `--lang`, signed when `--sign` is given.
fn write_pdf(args: &AuditArgs, summary: &AuditSummary) -> Result<(), CliError> {
    let out = args.out.as_deref().unwrap_or(Path::new("audit.pdf"));
    if !args.signing.sign {
        let bytes = audit_pdf::render(summary, &clock::now()?, args.lang)
            .map_err(|e| CliError::internal("cannot render the audit summary").caused_by(&e))?;
        write_file(out, &bytes)?;
        eprintln!("wrote {}", out.display());
        return Ok(());
    }
    let tsa = args.signing.tsa.as_deref().map(HttpTsa::new).transpose()?;
    let creds = credentials(&args.signing.key_args())?;
    let signing_time = clock::read(Purpose::Signing)?;
    if signing_time.ignored_override {
        eprintln!(
            "note: DPIA_NOW is ignored for the signing time in a release build; signing at {}",
            signing_time.human()
        );
    }
    let options = AuditSignOptions {
        lang: args.lang,
        reason: None,
        location: args.location.clone(),
        signed_at: signing_time.unix,
        tsa: args.signing.tsa.clone(),
    };
    let tsa_ref = tsa.as_ref().map(|t| t as &dyn TimestampAuthority);
    let signed =
        audit_pdf::render_signed(summary, &creds, &options, tsa_ref).map_err(approval_error)?;
    write_file(out, &signed.pdf)?;
    print_signed(out, "audit summary", &creds, &signed.verification);
    Ok(())
}

/// Reads an export for an audit: its signature (with --trust) before anything else, then
/// every hash and chain, by importing it into a private temporary record (returned with the
/// folder that holds it).
fn import_export(
    file: &Path,
    args: &AuditArgs,
    format: Format,
) -> Result<(PathBuf, tempfile::TempDir), CliError> {
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
        .map_err(|e| audit_open_error(e, format))?;
    drop(record);
    Ok((dir, tmp))
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
