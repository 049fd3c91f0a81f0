//! Questions about X.509 certificates that signing and verification ask: fingerprint, common
//! name, validity at a time, key usage, whether a signature was made by a certificate's key,
//! and whether a certificate chains up to a trusted one.

use super::oids;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::Certificate;

/// SHA-256 of the certificate's DER, as colon-separated upper-case hex pairs.
pub fn fingerprint(cert: &Certificate) -> String {
    let der = cert.to_der().unwrap_or_default();
    Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// SHA-256 of the certificate's DER.
pub fn sha256(cert: &Certificate) -> Vec<u8> {
    Sha256::digest(cert.to_der().unwrap_or_default()).to_vec()
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

/// Seconds since 1970 of notBefore and notAfter.
pub fn validity(cert: &Certificate) -> (u64, u64) {
    let v = cert.tbs_certificate().validity();
    (
        v.not_before.to_unix_duration().as_secs(),
        v.not_after.to_unix_duration().as_secs(),
    )
}

/// Why the certificate may not sign documents at `at` (seconds since 1970), if it may not.
pub fn usable_for_signing(cert: &Certificate, at: u64) -> Result<(), String> {
    let (from, until) = validity(cert);
    if at < from || at > until {
        return Err(format!(
            "the certificate was not valid at the signing time (valid {} to {})",
            iso(from),
            iso(until)
        ));
    }
    let usage = cert
        .tbs_certificate()
        .get_extension::<KeyUsage>()
        .map_err(|e| format!("the certificate's key usage is unreadable ({e})"))?;
    if let Some((_, KeyUsage(flags))) = usage {
        if !flags.contains(KeyUsages::DigitalSignature)
            && !flags.contains(KeyUsages::NonRepudiation)
        {
            return Err(
                "the certificate's key usage allows neither digitalSignature nor nonRepudiation"
                    .into(),
            );
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS UTC` for seconds since 1970.
pub fn iso(secs: u64) -> String {
    crate::calendar::format_utc(secs)
}

/// Checks that `signature` over `message` was made with the key in `spki` using `algorithm`
/// (ECDSA P-256 or RSA PKCS#1 v1.5, SHA-256/384/512).
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use signature::Verifier;
    let spki_der = spki
        .to_der()
        .map_err(|e| format!("unreadable public key ({e})"))?;
    let key_oid = spki.algorithm.oid;
    let alg = algorithm.oid;
    if key_oid == oids::EC_PUBLIC_KEY {
        if alg != oids::ECDSA_WITH_SHA256 && alg != oids::EC_PUBLIC_KEY {
            return Err(format!("unsupported ECDSA signature algorithm {alg}"));
        }
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der).map_err(|_| {
            "the EC key is not on curve P-256 (only P-256 is supported)".to_string()
        })?;
        let sig = p256::ecdsa::DerSignature::from_bytes(signature)
            .map_err(|_| "the ECDSA signature is malformed".to_string())?;
        return key
            .verify(message, &sig)
            .map_err(|_| "the signature does not match the signer's key".to_string());
    }
    if key_oid == oids::RSA_ENCRYPTION {
        let key = rsa::PublicKey::from_public_key_der(&spki_der)
            .map_err(|e| format!("unreadable RSA key ({e})"))?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature)
            .map_err(|_| "the RSA signature is malformed".to_string())?;
        let bad = |_| "the signature does not match the signer's key".to_string();
        return if alg == oids::SHA256_WITH_RSA || alg == oids::RSA_ENCRYPTION {
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(message, &sig)
                .map_err(bad)
        } else if alg == oids::SHA384_WITH_RSA {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key)
                .verify(message, &sig)
                .map_err(bad)
        } else if alg == oids::SHA512_WITH_RSA {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key)
                .verify(message, &sig)
                .map_err(bad)
        } else {
            Err(format!("unsupported RSA signature algorithm {alg}"))
        };
    }
    Err(format!("unsupported key algorithm {key_oid}"))
}

/// Checks `cert`'s own signature with `issuer`'s key.
fn issued_by(cert: &Certificate, issuer: &Certificate) -> Result<(), String> {
    let tbs = cert
        .tbs_certificate()
        .to_der()
        .map_err(|e| format!("unreadable certificate ({e})"))?;
    let sig = cert
        .signature()
        .as_bytes()
        .ok_or("the certificate's signature is not whole bytes")?;
    verify_signature(
        issuer.tbs_certificate().subject_public_key_info(),
        cert.signature_algorithm(),
        &tbs,
        sig,
    )
}

/// Whether `leaf` is `anchor` or chains up to it through `intermediates`, each link checked
/// cryptographically.
pub fn chains_to(
    leaf: &Certificate,
    intermediates: &[Certificate],
    anchor: &Certificate,
) -> Result<(), String> {
    let mut current = leaf.clone();
    for _ in 0..8 {
        if current == *anchor {
            return Ok(());
        }
        let issuer_name = current.tbs_certificate().issuer();
        if anchor.tbs_certificate().subject() == issuer_name {
            return issued_by(&current, anchor)
                .map_err(|e| format!("the trusted certificate did not issue the signer's: {e}"));
        }
        let next = intermediates
            .iter()
            .find(|c| c.tbs_certificate().subject() == issuer_name && **c != current)
            .ok_or("the signer's certificate does not chain to the trusted certificate")?;
        issued_by(&current, next)?;
        current = next.clone();
    }
    Err("the certificate chain is too long".into())
}

/// Parses one DER certificate.
pub fn from_der(der: &[u8]) -> Result<Certificate, String> {
    Certificate::from_der(der).map_err(|e| format!("not an X.509 certificate ({e})"))
}
