//! Questions about X.509 certificates that signing and verification ask: fingerprint, common
//! name, validity at a time, key usage, extended key usage, critical extensions, key strength
//! and whether a signature was made by a certificate's key. Whether a certificate chains up
//! to a trusted one is [`super::path`]'s question.

use super::cms::DigestAlg;
use super::oids;
use der::{Decode, Encode};
use sha2::Sha256;
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::Certificate;

/// SHA-256 of the certificate's DER, as colon-separated upper-case hex pairs.
pub fn fingerprint(cert: &Certificate) -> String {
    let der = cert.to_der().unwrap_or_default();
    crate::digest::sha256(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// SHA-256 of the certificate's DER.
pub fn sha256(cert: &Certificate) -> Vec<u8> {
    crate::digest::sha256(&cert.to_der().unwrap_or_default()).to_vec()
}

/// The subject's common name, or the whole subject when it has none.
pub fn common_name(cert: &Certificate) -> String {
    let subject = cert.tbs_certificate().subject();
    for rdn in subject.iter_rdn() {
        for atv in rdn.iter() {
            if atv.oid == super::oids::COMMON_NAME {
                if let Ok(s) = atv.value.decode_as::<der::asn1::Utf8StringRef>() {
                    return s.as_str().to_string();
                }
                if let Ok(s) = atv.value.decode_as::<der::asn1::PrintableStringRef>() {
                    return s.as_str().to_string();
                }
            }
        }
    }
    subject.to_string()
}

/// The subject as an RFC 4514 string.
pub fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate().subject().to_string()
}

/// Who a recorded signature's certificate names, for people and JSON: what `history`, `show`
/// and the audit summary print beside the free-text author.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CertificateSummary {
    pub common_name: String,
    pub subject: String,
    /// SHA-256 of the DER, colon-separated hex pairs.
    pub fingerprint: String,
    /// Validity, `YYYY-MM-DD HH:MM:SS UTC`.
    pub not_before: String,
    pub not_after: String,
}

/// The first certificate of a PEM text, summarised; `None` when the text holds none.
pub fn summarise_pem(pem: &str) -> Option<CertificateSummary> {
    let cert = Certificate::load_pem_chain(pem.as_bytes())
        .ok()?
        .into_iter()
        .next()?;
    let (from, to) = validity(&cert);
    Some(CertificateSummary {
        common_name: common_name(&cert),
        subject: subject(&cert),
        fingerprint: fingerprint(&cert),
        not_before: crate::calendar::format_utc(from),
        not_after: crate::calendar::format_utc(to),
    })
}

/// Seconds since 1970 of notBefore and notAfter.
pub fn validity(cert: &Certificate) -> (u64, u64) {
    let v = cert.tbs_certificate().validity();
    (
        v.not_before.to_unix_duration().as_secs(),
        v.not_after.to_unix_duration().as_secs(),
    )
}

/// The shortest RSA modulus accepted anywhere (signer, chain, time-stamping authority).
pub const MIN_RSA_BITS: u32 = 2048;

/// Why the certificate's key is too weak or of a kind dpia does not accept, if it is.
pub fn key_strength(cert: &Certificate) -> Result<(), String> {
    use rsa::traits::PublicKeyParts;
    let spki = cert.tbs_certificate().subject_public_key_info();
    let oid = spki.algorithm.oid;
    if oid == oids::RSA_ENCRYPTION {
        let der = spki
            .to_der()
            .map_err(|e| format!("its public key is unreadable ({e})"))?;
        let key = rsa::PublicKey::from_public_key_der(&der)
            .map_err(|e| format!("its RSA key is unreadable ({e})"))?;
        let bits = key.n().bit_width();
        if bits < MIN_RSA_BITS {
            return Err(format!(
                "its RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"
            ));
        }
        return Ok(());
    }
    if oid == oids::EC_PUBLIC_KEY {
        return Ok(());
    }
    Err(format!("its key algorithm {oid} is not RSA or ECDSA"))
}

/// Why the certificate's extended key usage does not allow signing documents, if it does not
/// (no EKU, document signing, Adobe, emailProtection and anyExtendedKeyUsage are accepted).
pub fn document_signing_eku(cert: &Certificate) -> Result<(), String> {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    let eku = cert
        .tbs_certificate()
        .get_extension::<ExtendedKeyUsage>()
        .map_err(|e| format!("the certificate's extended key usage is unreadable ({e})"))?;
    let Some((_, ExtendedKeyUsage(purposes))) = eku else {
        return Ok(());
    };
    let accepted = [
        oids::EKU_DOCUMENT_SIGNING,
        oids::EKU_ADOBE_AUTHENTIC_DOCUMENTS,
        oids::EKU_EMAIL_PROTECTION,
        oids::EKU_ANY,
    ];
    if purposes.iter().any(|p| accepted.contains(p)) {
        return Ok(());
    }
    let named: Vec<String> = purposes.iter().map(ToString::to_string).collect();
    Err(format!(
        "the certificate's extended key usage ({}) allows neither document signing nor e-mail protection",
        named.join(", ")
    ))
}

/// Why the certificate has a critical extension dpia does not understand, if it has one.
pub fn critical_extensions(cert: &Certificate) -> Result<(), String> {
    for ext in cert.tbs_certificate().extensions().into_iter().flatten() {
        if ext.critical && !oids::KNOWN_CRITICAL.contains(&ext.extn_id) {
            return Err(format!(
                "the certificate has a critical extension dpia does not know ({})",
                ext.extn_id
            ));
        }
    }
    Ok(())
}

/// Why a certificate may not sign at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotUsable {
    /// The time lies outside the certificate's validity (seconds since 1970).
    NotValidAt { from: u64, until: u64 },
    /// Key strength, key usage, extended key usage or a critical extension, at any time.
    Refused(String),
}

impl NotUsable {
    /// The reason for a signature about to be made: "not valid now".
    pub fn for_signing_now(&self) -> String {
        match self {
            NotUsable::NotValidAt { from, until } => format!(
                "the certificate is not valid now (valid {} to {})",
                iso(*from),
                iso(*until)
            ),
            NotUsable::Refused(why) => why.clone(),
        }
    }
}

impl std::fmt::Display for NotUsable {
    /// The reason for a signature being verified: "not valid at the signing time".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotUsable::NotValidAt { from, until } => write!(
                f,
                "the certificate was not valid at the signing time (valid {} to {})",
                iso(*from),
                iso(*until)
            ),
            NotUsable::Refused(why) => f.write_str(why),
        }
    }
}

/// Everything about the signer's own certificate at `at`: validity, key usage, extended key
/// usage, critical extensions and key strength.
pub fn usable_for_signing(cert: &Certificate, at: u64) -> Result<(), NotUsable> {
    key_strength(cert)
        .map_err(|e| format!("the signer's certificate cannot be used: {e}"))
        .and_then(|()| document_signing_eku(cert))
        .and_then(|()| critical_extensions(cert))
        .map_err(NotUsable::Refused)?;
    valid_with_key_usage(cert, at)
}

/// Why the certificate may not sign at `at` (seconds since 1970): validity and key usage.
fn valid_with_key_usage(cert: &Certificate, at: u64) -> Result<(), NotUsable> {
    let (from, until) = validity(cert);
    if at < from || at > until {
        return Err(NotUsable::NotValidAt { from, until });
    }
    let usage = cert
        .tbs_certificate()
        .get_extension::<KeyUsage>()
        .map_err(|e| {
            NotUsable::Refused(format!("the certificate's key usage is unreadable ({e})"))
        })?;
    if let Some((_, KeyUsage(flags))) = usage {
        if !flags.contains(KeyUsages::DigitalSignature)
            && !flags.contains(KeyUsages::NonRepudiation)
        {
            return Err(NotUsable::Refused(
                "the certificate's key usage allows neither digitalSignature nor nonRepudiation"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS UTC` for seconds since 1970.
pub fn iso(secs: u64) -> String {
    crate::calendar::format_utc(secs)
}

/// Checks that `signature` over `message` was made with the key in `spki` using `algorithm`
/// (ECDSA P-256 or RSA PKCS#1 v1.5, SHA-256/384/512); `digest` is the hash when the algorithm
/// names only the key type (rsaEncryption, id-ecPublicKey), as some signers write it.
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    digest: DigestAlg,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let spki_der = spki
        .to_der()
        .map_err(|e| format!("unreadable public key ({e})"))?;
    let key_oid = spki.algorithm.oid;
    let alg = algorithm.oid;
    let bad = |_| "the signature does not match the signer's key".to_string();
    if key_oid == oids::EC_PUBLIC_KEY {
        use signature::hazmat::PrehashVerifier;
        let hash = match alg {
            a if a == oids::ECDSA_WITH_SHA256 => DigestAlg::Sha256,
            a if a == oids::ECDSA_WITH_SHA384 => DigestAlg::Sha384,
            a if a == oids::ECDSA_WITH_SHA512 => DigestAlg::Sha512,
            a if a == oids::EC_PUBLIC_KEY => digest,
            other => return Err(format!("unsupported ECDSA signature algorithm {other}")),
        };
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der).map_err(|_| {
            "the EC key is not on curve P-256 (only P-256 is supported)".to_string()
        })?;
        let sig = p256::ecdsa::DerSignature::from_bytes(signature)
            .map_err(|_| "the ECDSA signature is malformed".to_string())?;
        let sig = p256::ecdsa::Signature::try_from(sig)
            .map_err(|_| "the ECDSA signature is malformed".to_string())?;
        return key
            .verify_prehash(&hash.digest(&[message]), &sig)
            .map_err(bad);
    }
    if key_oid == oids::RSA_ENCRYPTION {
        use signature::Verifier;
        let key = rsa::PublicKey::from_public_key_der(&spki_der)
            .map_err(|e| format!("unreadable RSA key ({e})"))?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature)
            .map_err(|_| "the RSA signature is malformed".to_string())?;
        let hash = match alg {
            a if a == oids::SHA256_WITH_RSA => DigestAlg::Sha256,
            a if a == oids::SHA384_WITH_RSA => DigestAlg::Sha384,
            a if a == oids::SHA512_WITH_RSA => DigestAlg::Sha512,
            a if a == oids::RSA_ENCRYPTION => digest,
            other => return Err(format!("unsupported RSA signature algorithm {other}")),
        };
        return match hash {
            DigestAlg::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(message, &sig)
                .map_err(bad),
            DigestAlg::Sha384 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key)
                .verify(message, &sig)
                .map_err(bad),
            DigestAlg::Sha512 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key)
                .verify(message, &sig)
                .map_err(bad),
        };
    }
    Err(format!("unsupported key algorithm {key_oid}"))
}

/// Parses one DER certificate.
pub fn from_der(der: &[u8]) -> Result<Certificate, String> {
    Certificate::from_der(der).map_err(|e| format!("not an X.509 certificate ({e})"))
}
