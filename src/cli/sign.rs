//! `dpia keygen` and `dpia sign`: read key files and passphrases, call `dpia::approval` and
//! `dpia::signing`, write files, print results. `dpia verify` is in `verify.rs`.

use super::clock;
use super::error::CliError;
use super::export::{approval_error, write_file};
use super::passphrase;
use super::record::{author, load_version, open, Access};
use super::tsa::HttpTsa;
use clap::{Args, ValueEnum};
use dpia::approval::{self, Role, SignOptions};
use dpia::clock::Purpose;
use dpia::signing::{certs, Credentials, KeyFiles, Subject, TimestampAuthority};
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
    let now = clock::read(Purpose::Signing)?;
    let creds =
        Credentials::generate(&subject, now.unix).map_err(|e| CliError::usage(e.to_string()))?;
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
    if args.force {
        let _ = std::fs::remove_file(&key_path);
    }
    dpia::files::write_private(&key_path, key_pem.as_bytes())
        .map_err(|e| CliError::user(e.to_string()).caused_by(&e.source))?;
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

/// `--sign` and its key options, for what a command writes besides a report: a record
/// export (`dpia record export --sign`, a detached CMS signature) and the auditor's summary
/// (`dpia audit --report --format pdf --sign`, a PAdES signature). The key options are those
/// of `dpia sign`, and the credentials are read the same way ([`credentials`]).
#[derive(Debug, Args)]
pub struct SignOutputArgs {
    /// Sign what is written: a record export gets a detached CMS signature in FILE.sig (so a
    /// copy with recomputed hashes cannot pass as it), the audit summary PDF a PAdES
    /// signature (so the auditor can file it).
    #[arg(long)]
    pub sign: bool,
    /// The signer's private key (encrypted PKCS#8 PEM, as `dpia keygen` writes it).
    #[arg(long, value_name = "KEY.pem", requires = "sign")]
    pub key: Option<PathBuf>,
    /// The signer's certificate (PEM; issuer certificates may follow it).
    #[arg(long, value_name = "CERT.pem", requires = "sign")]
    pub cert: Option<PathBuf>,
    /// An organisation's PKCS#12 file (.p12/.pfx) with key and chain.
    #[arg(long, value_name = "FILE.p12", requires = "sign")]
    pub p12: Option<PathBuf>,
    /// Read the passphrase from this environment variable instead of a prompt.
    #[arg(long, value_name = "VAR", requires = "sign")]
    pub passphrase_env: Option<String>,
    /// Add a trusted time (RFC 3161 time-stamp) from this authority (http://).
    #[arg(long, value_name = "URL", requires = "sign")]
    pub tsa: Option<String>,
}

impl SignOutputArgs {
    /// The key options as `dpia sign` takes them.
    pub fn key_args(&self) -> KeyArgs {
        KeyArgs {
            key: self.key.clone(),
            cert: self.cert.clone(),
            p12: self.p12.clone(),
            passphrase_env: self.passphrase_env.clone(),
        }
    }
}

pub(super) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path)
        .map_err(|e| CliError::user(format!("cannot read {}", path.display())).caused_by(&e))
}

/// Loads the credentials the arguments name, asking for the passphrase if needed.
pub fn credentials(args: &KeyArgs) -> Result<Credentials, CliError> {
    let signing = |e: dpia::signing::SigningError| {
        let err = CliError::user(e.to_string());
        match std::error::Error::source(&e) {
            Some(cause) => err.caused_by(cause),
            None => err,
        }
    };
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
    /// Where to write the signed PDF report (never left behind when signing fails).
    #[arg(long, value_name = "OUT.pdf")]
    out: PathBuf,
    #[command(flatten)]
    key: KeyArgs,
    /// The signer's role: the data protection officer or the controller. Each has its own
    /// signature box in the report.
    #[arg(long, value_enum, default_value = "dpo")]
    role: RoleArg,
    /// Add this signature to the signed report another role wrote (the record's current
    /// signed version), instead of rendering the report anew.
    #[arg(long, value_name = "SIGNED.pdf")]
    pdf: Option<PathBuf>,
    /// Add a trusted time (RFC 3161 time-stamp, PAdES B-T) from this authority (http://).
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// Why it is signed (shown by PDF viewers; default: approval of the DPIA).
    #[arg(long)]
    reason: Option<String>,
    /// Where it is signed (a city, an office).
    #[arg(long)]
    location: Option<String>,
    /// Language of the report.
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Who signs, for the record (default: DPIA_AUTHOR, then USER).
    #[arg(long)]
    author: Option<String>,
}

/// `--role`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Dpo,
    Controller,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Dpo => Role::Dpo,
            RoleArg::Controller => Role::Controller,
        }
    }
}

pub fn sign(args: SignArgs, dir: &Path) -> Result<ExitCode, CliError> {
    // Read-only while the passphrase is asked for: no lock is held meanwhile. The signature
    // is recorded against the version read, and refused if another one was recorded since.
    let reading = open(dir, Access::Read)?;
    let (id, view, version) = load_version(&reading, &args.id, None)?;
    drop(reading);
    let first = match &args.pdf {
        Some(_) => None,
        None => {
            let input =
                approval::report_input(&view, &version, args.lang).map_err(approval_error)?;
            // Refused before the passphrase is asked for.
            approval::check_complete(&input).map_err(approval_error)?;
            if version.signature.is_some() {
                return Err(CliError::user(format!(
                    "assessment {} is signed already (version #{})",
                    id.short(),
                    version.number
                ))
                .hint("a second role signs the signed report: dpia sign ID --role controller --pdf SIGNED.pdf --out FINAL.pdf")
                .hint("to sign changed content, record the changes first (dpia answer)"));
            }
            Some(input)
        }
    };
    let signed_pdf = match &args.pdf {
        Some(path) => Some(read(path)?),
        None => None,
    };
    let tsa = args.tsa.as_deref().map(HttpTsa::new).transpose()?;
    let creds = credentials(&args.key)?;
    let signing_time = clock::read(Purpose::Signing)?;
    if signing_time.ignored_override {
        eprintln!(
            "note: DPIA_NOW is ignored for the signing time in a release build; signing at {}",
            signing_time.human()
        );
    }
    let options = SignOptions {
        lang: args.lang,
        role: args.role.into(),
        reason: args.reason.clone(),
        location: args.location.clone(),
        signed_at: signing_time.unix,
        tsa: args.tsa.clone(),
    };
    let tsa_ref = tsa.as_ref().map(|t| t as &dyn TimestampAuthority);
    let signed = match (first, signed_pdf) {
        (_, Some(pdf)) => approval::countersign(&view, &version, &pdf, &creds, &options, tsa_ref),
        (Some(input), None) => approval::render_signed(input, &creds, &options, tsa_ref),
        (None, None) => return Err(CliError::internal("nothing to sign")),
    }
    .map_err(approval_error)?;
    write_file(&args.out, &signed.pdf)?;
    let record = open(dir, Access::Write)?;
    let new_version = match approval::record_signature(
        &record,
        &id,
        &version.id,
        &signed,
        &author(args.author),
    ) {
        Ok(v) => v,
        Err(e) => {
            // A signed PDF the record does not hold would verify as a contradiction: remove it.
            let _ = std::fs::remove_file(&args.out);
            return Err(approval_error(e).hint(format!(
                "{} was not kept because the signature could not be recorded",
                args.out.display()
            )));
        }
    };
    let what = format!("as {}", options.role);
    print_signed(&args.out, &what, &creds, &signed.verification);
    println!("{}", new_version.as_str());
    Ok(ExitCode::SUCCESS)
}

/// What was signed, by whom, with which certificate and time-stamp, and the file's hash: the
/// lines `dpia sign` and `dpia audit --sign` print on stderr.
pub(super) fn print_signed(
    out: &Path,
    what: &str,
    creds: &Credentials,
    verification: &dpia::signing::PdfVerification,
) {
    let cert = creds.certificate();
    eprintln!("signed:      {} ({what})", out.display());
    eprintln!(
        "signer:      {} ({})",
        certs::common_name(cert),
        creds.algorithm_name()
    );
    eprintln!("certificate: SHA-256 {}", certs::fingerprint(cert));
    if let Some(ts) = verification.last().and_then(|s| s.timestamp.as_ref()) {
        eprintln!("time-stamp:  {} by {}", certs::iso(ts.time), ts.authority);
    }
    eprintln!("PDF SHA-256: {}", verification.file_sha256);
}
