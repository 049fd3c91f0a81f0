//! The signature of a record export, for `dpia record export --sign`, `dpia record import
//! --trust` and `dpia audit --export FILE --trust`: the signature file sits beside the export
//! (`FILE.sig` unless `--signature` names another) and is checked before anything else.

use super::clock;
use super::error::{CliError, Kind};
use super::sign::{credentials, SignOutputArgs};
use super::tsa::HttpTsa;
use dpia::approval::export_signature::{self, VerifiedExport};
use dpia::signing::TimestampAuthority;
use std::path::{Path, PathBuf};

/// Options that check a signed export.
#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    /// A certificate (PEM) the export's signer must be, or chain to; repeatable. With it, an
    /// export without a valid signature is refused.
    #[arg(long, value_name = "CERT.pem")]
    pub trust: Vec<PathBuf>,
    /// The signature file (default: the export's path with `.sig` appended).
    #[arg(long, value_name = "FILE.sig")]
    pub signature: Option<PathBuf>,
}

/// Where the signature of `export` is.
pub fn signature_path(export: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(
        || {
            let mut name = export.as_os_str().to_owned();
            name.push(".sig");
            PathBuf::from(name)
        },
        Path::to_path_buf,
    )
}

/// Signs the export just written to `file` (its exact bytes), writing `FILE.sig`.
pub fn sign(
    file: &Path,
    bytes: &[u8],
    args: SignOutputArgs,
    author: &str,
) -> Result<PathBuf, CliError> {
    let tsa = args.tsa.as_deref().map(HttpTsa::new).transpose()?;
    let creds = credentials(&args.key_args())?;
    let metadata = export_signature::metadata_of(bytes, &clock::now()?, author)
        .map_err(|e| CliError::internal("cannot describe the export").caused_by(&e))?;
    let tsa_ref = tsa.as_ref().map(|t| t as &dyn TimestampAuthority);
    let signed = export_signature::sign_export(metadata, &creds, tsa_ref)
        .map_err(|e| CliError::user("cannot sign the export").caused_by(&e))?;
    if let Some(ts) = &signed.timestamp {
        eprintln!(
            "time-stamp: {} by {}",
            ts.time,
            dpia::terminal::escape(&ts.authority)
        );
    }
    let path = signature_path(file, None);
    dpia::files::write_atomic(&path, signed.text.as_bytes())
        .map_err(|e| CliError::user(format!("cannot write {}", path.display())).caused_by(&e))?;
    Ok(path)
}

/// Checks the export's signature against `--trust`; `None` when no `--trust` was given (a
/// signature file found beside it is then mentioned, not checked).
pub fn check(
    file: &Path,
    bytes: &[u8],
    args: &TrustArgs,
) -> Result<Option<VerifiedExport>, CliError> {
    let path = signature_path(file, args.signature.as_deref());
    if args.trust.is_empty() {
        if path.exists() {
            eprintln!(
                "note: {} was not checked: pass --trust CERT.pem to check who signed the export",
                path.display()
            );
        }
        return Ok(None);
    }
    let anchors = super::verify::trusted(&args.trust)?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CliError::user(format!(
            "cannot read the export's signature {}",
            path.display()
        ))
        .caused_by(&e)
        .hint("an export checked with --trust needs the FILE.sig `dpia record export --sign` wrote")
    })?;
    match export_signature::verify_export(bytes, &text, &anchors) {
        Ok(v) => {
            eprintln!(
                "export signature: valid, signed by {} ({}), trusted through {}; exported {} by {}",
                dpia::terminal::escape(v.signer.as_ref().map_or("?", |s| s.subject.as_str())),
                v.signer.as_ref().map_or("?", |s| s.fingerprint.as_str()),
                dpia::terminal::escape(&v.trusted_by),
                dpia::terminal::escape(&v.metadata.exported_at),
                dpia::terminal::escape(&v.metadata.exported_by)
            );
            match &v.timestamp {
                Some(ts) => eprintln!(
                    "export time-stamp: valid, the signature existed at {} (time-stamped by {}, trusted)",
                    ts.time,
                    dpia::terminal::escape(&ts.authority)
                ),
                None => eprintln!(
                    "export time-stamp: none; the export time is the signer's own claim"
                ),
            }
            Ok(Some(v))
        }
        Err(e) => {
            let timestamp = matches!(e, export_signature::ExportSignatureError::Timestamp(_));
            let mut err = CliError::user(format!(
                "the export {} does not carry a valid trusted signature",
                file.display()
            ))
            .caused_by(&e);
            if timestamp {
                err = err.hint(
                    "its time-stamp is checked against --trust too: add the time-stamping authority's root certificate (--trust TSA-ROOT.pem)",
                );
            }
            let mut err = err.hint(
                "nothing was read from it; ask the DPO for the signed export and its .sig file",
            );
            err.kind = Kind::Verify;
            Err(err)
        }
    }
}
