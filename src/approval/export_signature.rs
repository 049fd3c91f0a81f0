//! A record export that cannot be rebuilt without the key (`dpia record export --sign`,
//! `record import --trust`, `audit --export FILE --trust`). Hashes alone do not protect an
//! export: whoever can edit it can recompute them (the auditor's walkthrough did, with a
//! 54-line script). So the export's SHA-256 and what it holds (the log head, counts, who
//! exported it and when, the dpia version) go into a small metadata document, and that is
//! signed with a detached CMS signature by the DPO's key. The signature file sits beside the
//! export (`EXPORT.json.sig`, JSON with the metadata and the CMS in PEM), so the export stays
//! byte for byte what `dpia record import` reads.
//!
//! Checking it: the CMS signature is valid over the canonical metadata, the export's bytes
//! have the SHA-256 the metadata names, its head and counts are what the metadata says, and
//! the signer's certificate chains to one of the trusted certificates at the time of the
//! export: the time of the signature's RFC 3161 time-stamp when it has one (`--tsa`, checked
//! like a PDF signature's: its imprint is over this signature value, the authority's
//! signature, timeStamping EKU and chain to a trusted certificate), else the time the
//! metadata claims.

use crate::digest::sha256_hex;
use crate::signing::certs::{self, CertificateSummary};
use crate::signing::cms::{build_cades, verify_detached, DigestAlg, Stamp};
use crate::signing::path::{self, Usage};
use crate::signing::timestamp::{self, check_token, TimestampAuthority};
use crate::signing::{Credentials, SigningError};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use x509_cert::Certificate;

/// The `format` of a signature file.
pub const SIGNATURE_FORMAT: &str = "dpia-record-export-signature";

/// What the DPO signs about an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportMetadata {
    /// SHA-256 of the export file's bytes.
    pub export_sha256: String,
    /// RFC 3339 time and author of the export.
    pub exported_at: String,
    pub exported_by: String,
    /// The hash of the last event in the export's log (the record's head).
    pub record_head: Option<String>,
    pub assessments: u64,
    pub versions: u64,
    pub events: u64,
    /// The dpia release that wrote the export.
    pub dpia_version: String,
}

/// The signature file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSignature {
    pub format: String,
    pub metadata: ExportMetadata,
    /// DER ContentInfo(SignedData), detached over the canonical metadata, as PEM (`CMS`).
    pub cms: String,
}

/// Why an export's signature does not hold.
#[derive(Debug, Error)]
pub enum ExportSignatureError {
    #[error("the signature file is not a dpia export signature: {0}")]
    Unreadable(String),
    #[error("the export is not the one that was signed: its SHA-256 is {actual}, the signature names {signed}")]
    WrongExport { signed: String, actual: String },
    #[error("the export does not hold what the signature names: {0}")]
    Contents(String),
    #[error("the signature is not valid: {0}")]
    Invalid(String),
    #[error("the signer is not trusted: {0}")]
    Untrusted(String),
    #[error("the signature's time-stamp does not hold: {0}")]
    Timestamp(String),
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// A valid time-stamp of an export's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportTimestamp {
    /// The time stamped (RFC 3339 UTC): the signature existed then.
    pub time: String,
    /// The time-stamping authority (its certificate's subject).
    pub authority: String,
}

/// A signature file just made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedExport {
    /// The signature file's text (pretty JSON, newline-ended).
    pub text: String,
    pub timestamp: Option<ExportTimestamp>,
}

/// What a valid, trusted export signature says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedExport {
    pub metadata: ExportMetadata,
    /// The signature's trusted time, when it was time-stamped.
    pub timestamp: Option<ExportTimestamp>,
    pub signer: Option<CertificateSummary>,
    /// The trusted certificate the signer's chain ends at.
    pub trusted_by: String,
}

/// The metadata of `export` (the exact bytes written), read from the export itself.
pub fn metadata_of(
    export: &[u8],
    exported_at: &str,
    exported_by: &str,
) -> Result<ExportMetadata, ExportSignatureError> {
    let counts = Counts::of(export)?;
    Ok(ExportMetadata {
        export_sha256: sha256_hex(export),
        exported_at: exported_at.to_string(),
        exported_by: exported_by.to_string(),
        record_head: counts.head,
        assessments: counts.assessments,
        versions: counts.versions,
        events: counts.events,
        dpia_version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// Signs `metadata` with `creds`, with a signature time-stamp from `tsa` when given; the
/// signature is checked again (and its time-stamp read) before it is returned.
pub fn sign_export(
    metadata: ExportMetadata,
    creds: &Credentials,
    tsa: Option<&dyn TimestampAuthority>,
) -> Result<SignedExport, ExportSignatureError> {
    let signed = canonical(&metadata)?;
    let digest = DigestAlg::Sha256.digest(&[signed.as_bytes()]);
    let stamp = |signature: &[u8]| match tsa {
        Some(tsa) => timestamp::stamp(tsa, signature),
        None => Err(SigningError::Timestamp("no authority".into())),
    };
    let der = build_cades(creds, &digest, tsa.map(|_| &stamp as Stamp<'_>))?;
    let check =
        verify_detached(&der, &[signed.as_bytes()]).map_err(ExportSignatureError::Invalid)?;
    // The authority is not judged here (no trusted certificates): only that its token is
    // over this signature and well signed; the checker's --trust decides the rest.
    let timestamp = stamped(&check, &[])?;
    let cms = der::pem::encode_string("CMS", der::pem::LineEnding::LF, &der)
        .map_err(|e| ExportSignatureError::Unreadable(e.to_string()))?;
    let file = ExportSignature {
        format: SIGNATURE_FORMAT.to_string(),
        metadata,
        cms,
    };
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| ExportSignatureError::Unreadable(e.to_string()))?;
    text.push('\n');
    Ok(SignedExport {
        text,
        timestamp: timestamp.map(|(_, t)| t),
    })
}

/// The signature's time-stamp, checked: its imprint is over this signature value, the token
/// is validly signed by an authority with the timeStamping EKU, and (with `anchors`) that
/// authority chains to a trusted certificate. Returns the stamped time (seconds) too.
fn stamped(
    check: &crate::signing::cms::CmsCheck,
    anchors: &[Certificate],
) -> Result<Option<(u64, ExportTimestamp)>, ExportSignatureError> {
    let Some(token) = &check.timestamp_token else {
        return Ok(None);
    };
    let ts = check_token(token, &check.signature_value, anchors)
        .map_err(ExportSignatureError::Timestamp)?;
    if !ts.problems.is_empty() {
        return Err(ExportSignatureError::Timestamp(ts.problems.join("; ")));
    }
    Ok(Some((
        ts.time,
        ExportTimestamp {
            time: crate::clock::Now::at(ts.time).rfc3339(),
            authority: ts.authority,
        },
    )))
}

/// Checks `signature` (the signature file's text) against `export` and `anchors`.
pub fn verify_export(
    export: &[u8],
    signature: &str,
    anchors: &[Certificate],
) -> Result<VerifiedExport, ExportSignatureError> {
    let file: ExportSignature = serde_json::from_str(signature)
        .map_err(|e| ExportSignatureError::Unreadable(e.to_string()))?;
    if file.format != SIGNATURE_FORMAT {
        return Err(ExportSignatureError::Unreadable(format!(
            "format '{}', expected '{SIGNATURE_FORMAT}'",
            file.format
        )));
    }
    let (label, der) = der::pem::decode_vec(file.cms.as_bytes())
        .map_err(|e| ExportSignatureError::Unreadable(format!("the CMS is not PEM ({e})")))?;
    if label != "CMS" {
        return Err(ExportSignatureError::Unreadable(format!(
            "the PEM block is '{label}', expected 'CMS'"
        )));
    }
    let signed = canonical(&file.metadata)?;
    let check =
        verify_detached(&der, &[signed.as_bytes()]).map_err(ExportSignatureError::Invalid)?;
    let timestamp = stamped(&check, anchors)?;
    let actual = sha256_hex(export);
    if actual != file.metadata.export_sha256 {
        return Err(ExportSignatureError::WrongExport {
            signed: file.metadata.export_sha256.clone(),
            actual,
        });
    }
    let counts = Counts::of(export)?;
    let m = &file.metadata;
    if (
        counts.head.as_ref(),
        counts.assessments,
        counts.versions,
        counts.events,
    ) != (m.record_head.as_ref(), m.assessments, m.versions, m.events)
    {
        return Err(ExportSignatureError::Contents(format!(
            "{} assessments, {} versions, {} events, head {}; signed: {}, {}, {}, {}",
            counts.assessments,
            counts.versions,
            counts.events,
            counts.head.as_deref().unwrap_or("-"),
            m.assessments,
            m.versions,
            m.events,
            m.record_head.as_deref().unwrap_or("-")
        )));
    }
    let claimed = crate::calendar::unix_seconds(&m.exported_at)
        .and_then(|s| u64::try_from(s).ok())
        .ok_or_else(|| {
            ExportSignatureError::Contents(format!("exported_at '{}'", m.exported_at))
        })?;
    // The certificate is judged at the trusted time when there is one, as for a PDF.
    let at = timestamp.as_ref().map_or(claimed, |(t, _)| *t);
    let intermediates: Vec<Certificate> = check
        .certificates
        .iter()
        .filter(|c| **c != check.signer)
        .cloned()
        .collect();
    let anchored = path::validate(
        &check.signer,
        &intermediates,
        anchors,
        at,
        Usage::DocumentSigning,
    )
    .map_err(ExportSignatureError::Untrusted)?;
    let pem = crate::signing::keys::certificate_pem(&check.signer)?;
    Ok(VerifiedExport {
        metadata: file.metadata,
        timestamp: timestamp.map(|(_, t)| t),
        signer: certs::summarise_pem(&pem),
        trusted_by: anchored.anchor,
    })
}

/// The metadata as signed: canonical JSON (sorted keys, no spaces).
fn canonical(m: &ExportMetadata) -> Result<String, ExportSignatureError> {
    let value =
        serde_json::to_value(m).map_err(|e| ExportSignatureError::Unreadable(e.to_string()))?;
    // serde_json's map is ordered by key: compact output is canonical for this flat object.
    serde_json::to_string(&value).map_err(|e| ExportSignatureError::Unreadable(e.to_string()))
}

/// What an export holds, counted from its JSON.
struct Counts {
    head: Option<String>,
    assessments: u64,
    versions: u64,
    events: u64,
}

impl Counts {
    fn of(export: &[u8]) -> Result<Counts, ExportSignatureError> {
        #[derive(Deserialize)]
        struct Shape {
            assessments: Vec<serde::de::IgnoredAny>,
            versions: Vec<serde::de::IgnoredAny>,
            events: Vec<EventHash>,
        }
        #[derive(Deserialize)]
        struct EventHash {
            hash: String,
        }
        let text = std::str::from_utf8(export)
            .map_err(|_| ExportSignatureError::Contents("the export is not UTF-8".into()))?;
        let shape: Shape = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
            .map_err(|e| {
                ExportSignatureError::Contents(format!("not a dpia record export ({e})"))
            })?;
        Ok(Counts {
            head: shape.events.last().map(|e| e.hash.clone()),
            assessments: shape.assessments.len() as u64,
            versions: shape.versions.len() as u64,
            events: shape.events.len() as u64,
        })
    }
}

#[cfg(test)]
#[path = "export_signature_tests.rs"]
mod tests;
