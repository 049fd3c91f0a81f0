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
//! the signer's certificate chains to one of the trusted certificates (at the time of the
//! export, as the metadata says; the signature carries no trusted time).

use crate::signing::certs::{self, CertificateSummary};
use crate::signing::cms::{build_cades, verify_detached, DigestAlg};
use crate::signing::path::{self, Usage};
use crate::signing::{Credentials, SigningError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// What a valid, trusted export signature says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedExport {
    pub metadata: ExportMetadata,
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

/// Signs `metadata` with `creds`: the signature file's text (pretty JSON, newline-ended).
pub fn sign_export(
    metadata: ExportMetadata,
    creds: &Credentials,
) -> Result<String, ExportSignatureError> {
    let digest = DigestAlg::Sha256.digest(&[canonical(&metadata)?.as_bytes()]);
    let der = build_cades(creds, &digest, None)?;
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
    Ok(text)
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
    let at = crate::calendar::unix_seconds(&m.exported_at)
        .and_then(|s| u64::try_from(s).ok())
        .ok_or_else(|| {
            ExportSignatureError::Contents(format!("exported_at '{}'", m.exported_at))
        })?;
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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
mod tests {
    use super::*;
    use crate::signing::Subject;

    const EXPORT: &str = r#"{"assessments":[{"id":"a"}],"events":[{"hash":"h1"},{"hash":"h2"}],"format":"dpia-record","scans":{},"schema_version":2,"versions":[{},{}]}"#;

    fn creds(name: &str) -> Credentials {
        let subject = Subject {
            name: name.into(),
            email: "dpo@example.org".into(),
            organisation: None,
            country: None,
        };
        Credentials::generate(&subject, 1_790_000_000).unwrap()
    }

    fn signed(c: &Credentials) -> String {
        let m = metadata_of(EXPORT.as_bytes(), "2026-11-25T10:00:00Z", "Anna").unwrap();
        assert_eq!((m.assessments, m.versions, m.events), (1, 2, 2));
        assert_eq!(m.record_head.as_deref(), Some("h2"));
        sign_export(m, c).unwrap()
    }

    #[test]
    fn a_signed_export_verifies_with_the_signers_certificate_only() {
        let dpo = creds("Dr. Jonas Berger");
        let sig = signed(&dpo);
        let ok = verify_export(EXPORT.as_bytes(), &sig, &[dpo.certificate().clone()]).unwrap();
        assert_eq!(ok.metadata.exported_by, "Anna");
        assert!(ok.trusted_by.contains("Jonas Berger"), "{}", ok.trusted_by);
        let other = creds("Mallory");
        assert!(matches!(
            verify_export(EXPORT.as_bytes(), &sig, &[other.certificate().clone()]),
            Err(ExportSignatureError::Untrusted(_))
        ));
    }

    #[test]
    fn a_rebuilt_export_or_edited_metadata_is_refused() {
        let dpo = creds("Dr. Jonas Berger");
        let anchors = [dpo.certificate().clone()];
        let sig = signed(&dpo);
        // The export changed (a version dropped), hashes recomputed or not: refused.
        let rebuilt = EXPORT.replace(r#"[{},{}]"#, "[{}]");
        assert!(matches!(
            verify_export(rebuilt.as_bytes(), &sig, &anchors),
            Err(ExportSignatureError::WrongExport { .. })
        ));
        // The metadata edited to match the rebuilt export: the CMS no longer holds.
        let mut file: ExportSignature = serde_json::from_str(&sig).unwrap();
        file.metadata.export_sha256 = sha256_hex(rebuilt.as_bytes());
        file.metadata.versions = 1;
        let forged = serde_json::to_string(&file).unwrap();
        assert!(matches!(
            verify_export(rebuilt.as_bytes(), &forged, &anchors),
            Err(ExportSignatureError::Invalid(_))
        ));
    }

    #[test]
    fn a_signature_file_that_is_not_one_is_a_clear_error() {
        let dpo = creds("Dr. Jonas Berger");
        let anchors = [dpo.certificate().clone()];
        for (text, says) in [
            ("not json", "not a dpia export signature"),
            ("{\"format\": \"x\"}", "not a dpia export signature"),
        ] {
            let e = verify_export(EXPORT.as_bytes(), text, &anchors).unwrap_err();
            assert!(matches!(e, ExportSignatureError::Unreadable(_)), "{e}");
            assert!(e.to_string().contains(says), "{e}");
        }
        let mut file: ExportSignature = serde_json::from_str(&signed(&dpo)).unwrap();
        file.cms = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into();
        let e = verify_export(
            EXPORT.as_bytes(),
            &serde_json::to_string(&file).unwrap(),
            &anchors,
        )
        .unwrap_err();
        assert!(matches!(e, ExportSignatureError::Unreadable(_)), "{e}");
    }
}
