//! `dpia keygen`, `dpia sign` and `dpia verify`: read key files and passphrases, call
//! `dpia::approval` and `dpia::signing`, write files, print results. Exit 3 when a PDF does
//! not verify.

use super::clock;
use super::error::{CliError, Kind};
use super::export::{approval_error, write_file};
use super::passphrase;
use super::record::{author, load_version, open, record_error};
use clap::Args;
use dpia::approval::{self, RecordMatch, SignOptions};
use dpia::record::Record;
use dpia::signing::{certs, keys, verify_pdf, Credentials, KeyFiles, PdfVerification, Subject};
use dpia::terminal::escape;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The signer's name, as it will appear in the certificate and the signed report.
    #[arg(long)]
    name: String,
    /// The signer's email address (in the certificate's subjectAltName).
    #[arg(long)]
    email: String,
    /// Organisation (the controller).
    #[arg(long)]
    org: Option<String>,
    /// Country, ISO 3166-1 alpha-2 (DE, FR, …).
    #[arg(long)]
    country: Option<String>,
    /// Folder to write key.pem and cert.pem into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Read the key's passphrase from this environment variable instead of a prompt.
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
    /// Replace key.pem and cert.pem if they exist.
    #[arg(long)]
    force: bool,
}

pub fn keygen(args: KeygenArgs) -> Result<ExitCode, CliError> {
    let key_path = args.out.join("key.pem");
    let cert_path = args.out.join("cert.pem");
    if !args.force {
        for path in [&key_path, &cert_path] {
            if path.exists() {
                return Err(CliError::user(format!("{} exists already", path.display()))
                    .hint("pass --force to replace it, or choose another --out folder"));
            }
        }
    }
    let subject = Subject {
        name: args.name,
        email: args.email,
        organisation: args.org,
        country: args.country.map(|c| c.trim().to_ascii_uppercase()),
    };
    let now = clock::now_unix()?;
    let creds = Credentials::generate(&subject, now).map_err(|e| CliError::usage(e.to_string()))?;
    let pass = passphrase::read(
        args.passphrase_env.as_deref(),
        "Passphrase for the new key: ",
        true,
    )?;
    let key_pem = creds
        .encrypted_key_pem(&pass)
        .map_err(|e| CliError::usage(e.to_string()))?;
    let cert_pem = creds
        .chain_pem()
        .map_err(|e| CliError::internal("cannot encode the certificate").caused_by(&e))?;
    create_private_dir(&args.out)?;
    write_private(&key_path, key_pem.as_bytes())?;
    write_file(&cert_path, cert_pem.as_bytes())?;
    let cert = creds.certificate();
    let (from, until) = certs::validity(cert);
    eprintln!("key:         {} (encrypted, mode 0600)", key_path.display());
    eprintln!("certificate: {}", cert_path.display());
    eprintln!("subject:     {}", certs::subject(cert));
    eprintln!("valid:       {} to {}", certs::iso(from), certs::iso(until));
    eprintln!("SHA-256:     {}", certs::fingerprint(cert));
    Ok(ExitCode::SUCCESS)
}

fn create_private_dir(dir: &Path) -> Result<(), CliError> {
    let err = |e: std::io::Error| {
        CliError::user(format!("cannot create {}", dir.display())).caused_by(&e)
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(err)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).map_err(err)
}

/// Writes a secret file readable by its owner only (0600 from creation on).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let err = |e: std::io::Error| {
        CliError::user(format!("cannot write {}", path.display())).caused_by(&e)
    };
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(err)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(err)
}

/// Where the signing key comes from.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The signer's private key (encrypted PKCS#8 PEM, as `dpia keygen` writes it).
    #[arg(
        long,
        value_name = "KEY.pem",
        requires = "cert",
        conflicts_with = "p12"
    )]
    key: Option<PathBuf>,
    /// The signer's certificate (PEM; issuer certificates may follow it).
    #[arg(long, value_name = "CERT.pem", requires = "key")]
    cert: Option<PathBuf>,
    /// An organisation's PKCS#12 file (.p12/.pfx) with key and chain, RSA or ECDSA P-256.
    #[arg(long, value_name = "FILE.p12", required_unless_present = "key")]
    p12: Option<PathBuf>,
    /// Read the passphrase from this environment variable instead of a prompt.
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
}

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path)
        .map_err(|e| CliError::user(format!("cannot read {}", path.display())).caused_by(&e))
}

/// Loads the credentials the arguments name, asking for the passphrase if needed.
pub fn credentials(args: &KeyArgs) -> Result<Credentials, CliError> {
    let signing = |e: dpia::signing::SigningError| CliError::user(e.to_string()).caused_by(&e);
    let files = match (&args.p12, &args.key, &args.cert) {
        (Some(p12), _, _) => KeyFiles::read(p12, None),
        (None, Some(key), Some(cert)) => KeyFiles::read(key, Some(cert)),
        _ => return Err(CliError::usage("give --key KEY --cert CERT, or --p12 FILE")),
    }
    .map_err(signing)?;
    let pass = if files.needs_passphrase() {
        passphrase::read(
            args.passphrase_env.as_deref(),
            &format!("Passphrase for {}: ", files.key_path()),
            false,
        )?
    } else {
        zeroize::Zeroizing::new(String::new())
    };
    files.credentials(&pass).map_err(signing)
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// Where to write the signed PDF report.
    #[arg(long, value_name = "OUT.pdf")]
    out: PathBuf,
    #[command(flatten)]
    key: KeyArgs,
    /// Why it is signed (shown by PDF viewers; default: approval of the DPIA).
    #[arg(long)]
    reason: Option<String>,
    /// Where it is signed (a city, an office).
    #[arg(long)]
    location: Option<String>,
    /// Language of the report.
    #[arg(long, default_value = "en", value_parser = ["en", "de"])]
    lang: String,
    /// Who signs, for the record (default: DPIA_AUTHOR, then USER).
    #[arg(long)]
    author: Option<String>,
}

pub fn sign(args: SignArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir)?;
    let (id, view, version) = load_version(&record, &args.id, None)?;
    let input = approval::report_input(&view, &version, &args.lang).map_err(approval_error)?;
    // Refused before the passphrase is asked for.
    approval::check_complete(&input).map_err(approval_error)?;
    let creds = credentials(&args.key)?;
    let options = SignOptions {
        lang: args.lang.clone(),
        reason: args.reason.clone(),
        location: args.location.clone(),
        now: clock::now()?,
        now_unix: clock::now_unix()?,
    };
    let signed = approval::render_signed(input, &creds, &options).map_err(approval_error)?;
    write_file(&args.out, &signed.pdf)?;
    let new_version = approval::record_signature(&record, &id, &signed, &author(args.author))
        .map_err(|e| {
            approval_error(e).hint(format!(
                "{} was written but is not recorded as signed",
                args.out.display()
            ))
        })?;
    let cert = creds.certificate();
    eprintln!("signed:      {}", args.out.display());
    eprintln!(
        "signer:      {} ({})",
        certs::common_name(cert),
        creds.algorithm_name()
    );
    eprintln!("certificate: SHA-256 {}", certs::fingerprint(cert));
    eprintln!("PDF SHA-256: {}", signed.verification.file_sha256);
    println!("{}", new_version.as_str());
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The signed PDF report.
    #[arg(value_name = "FILE.pdf")]
    file: PathBuf,
    /// A certificate (PEM) the signer must be, or be issued by.
    #[arg(long, value_name = "CERT.pem")]
    trust: Option<PathBuf>,
}

pub fn verify(args: VerifyArgs, dir: Option<&Path>) -> Result<ExitCode, CliError> {
    let bytes = read(&args.file)?;
    let trust = match &args.trust {
        Some(path) => {
            let pem = String::from_utf8(read(path)?).map_err(|_| {
                CliError::user(format!("{} is not a PEM text file", path.display()))
            })?;
            let certs = keys::certificates_from_pem(&pem, &path.display().to_string())
                .map_err(|e| CliError::user(e.to_string()))?;
            certs.into_iter().next()
        }
        None => None,
    };
    let v = verify_pdf(&bytes, trust.as_ref());
    let record_match = match dir.filter(|d| d.exists()) {
        Some(dir) if v.signature_intact => match Record::open(dir) {
            Ok(record) => Some(approval::match_record(&record, &v).map_err(approval_error)?),
            Err(e) => {
                eprintln!(
                    "note: the record was not checked: {}",
                    record_error(e).message
                );
                None
            }
        },
        _ => None,
    };
    print_verification(&args.file, &v, record_match.as_ref(), trust.is_some());
    let contradicted = record_match.as_ref().is_some_and(RecordMatch::contradicts);
    if v.is_valid() && !contradicted {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(Kind::Verify.exit_code())
    }
}

fn print_verification(
    file: &Path,
    v: &PdfVerification,
    record: Option<&RecordMatch>,
    trust_given: bool,
) {
    println!("file:        {}", file.display());
    println!("SHA-256:     {}", v.file_sha256);
    if let Some(s) = &v.signer {
        // Names, reason, location and the assessment id come from the PDF: escaped.
        println!("signer:      {}", escape(&s.common_name));
        println!("subject:     {}", escape(&s.subject));
        println!("certificate: SHA-256 {}", s.fingerprint);
    }
    if let Some(at) = v.signed_at {
        println!("signed at:   {}", certs::iso(at));
    }
    if let Some(f) = &v.sub_filter {
        println!("type:        {}", escape(f));
    }
    if let Some(r) = &v.reason {
        println!("reason:      {}", escape(r));
    }
    if let Some(l) = &v.location {
        println!("location:    {}", escape(l));
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    println!("intact:      {}", yes_no(v.signature_intact));
    println!("whole file:  {}", yes_no(v.covers_whole_file));
    match v.trusted {
        Some(t) => println!("trusted:     {}", yes_no(t)),
        None if trust_given => {}
        None => println!("trusted:     not checked (pass --trust CERT.pem)"),
    }
    let record = record.map(escaped_match);
    match record.as_ref() {
        Some(RecordMatch::Recorded {
            assessment,
            version,
            number,
        }) => println!("record:      matches signed version #{number} ({version}) of assessment {assessment}"),
        Some(RecordMatch::HashMismatch { assessment, .. }) => println!(
            "record:      MISMATCH: assessment {assessment} has no signed version with this file's hash"
        ),
        Some(RecordMatch::CertificateMismatch { assessment, version }) => println!(
            "record:      MISMATCH: version {version} of assessment {assessment} was signed with another certificate"
        ),
        Some(RecordMatch::NotSignedInRecord { assessment }) => println!(
            "record:      assessment {assessment} has no signature recorded (signed outside dpia)"
        ),
        Some(RecordMatch::UnknownAssessment { assessment }) => {
            println!("record:      assessment {assessment} is not in this record")
        }
        Some(RecordMatch::NotAReport) => println!("record:      not a dpia report"),
        None => {}
    }
    let contradicted = record.as_ref().is_some_and(RecordMatch::contradicts);
    if v.is_valid() && !contradicted {
        println!("result:      VALID");
    } else {
        println!("result:      INVALID");
        for p in &v.problems {
            println!("  - {}", escape(&p.to_string()));
        }
        if contradicted {
            println!("  - the record contradicts this file");
        }
    }
}

/// The record match with the assessment and version ids (read from the PDF) escaped.
fn escaped_match(m: &RecordMatch) -> RecordMatch {
    let e = |s: &String| escape(s).into_owned();
    match m {
        RecordMatch::Recorded {
            assessment,
            version,
            number,
        } => RecordMatch::Recorded {
            assessment: e(assessment),
            version: e(version),
            number: *number,
        },
        RecordMatch::HashMismatch {
            assessment,
            recorded,
        } => RecordMatch::HashMismatch {
            assessment: e(assessment),
            recorded: recorded.clone(),
        },
        RecordMatch::CertificateMismatch {
            assessment,
            version,
        } => RecordMatch::CertificateMismatch {
            assessment: e(assessment),
            version: e(version),
        },
        RecordMatch::NotSignedInRecord { assessment } => RecordMatch::NotSignedInRecord {
            assessment: e(assessment),
        },
        RecordMatch::UnknownAssessment { assessment } => RecordMatch::UnknownAssessment {
            assessment: e(assessment),
        },
        RecordMatch::NotAReport => RecordMatch::NotAReport,
    }
}
