//! Certificate path validation (RFC 5280 §6) from a signer's certificate to one of the
//! trusted certificates, at the time of signing.
//!
//! The work is done by `rustls-webpki` (the path builder rustls uses; it takes the time and an
//! extended-key-usage policy as arguments, so it is not tied to TLS): every certificate that
//! issues another must be a CA (basicConstraints cA) within its pathLenConstraint, every
//! certificate in the path must be valid at the given time, unknown critical extensions are
//! refused and the EKU policy applies to every certificate that carries the extension.
//! What webpki 0.103 leaves out is added here: keyCertSign on every issuing certificate that
//! has a keyUsage extension, and RSA keys shorter than 2048 bits anywhere in the path.
//! Signatures are checked with the same RustCrypto code as the rest of dpia (adapters below).
//!
//! A signer's certificate that is itself one of the trusted certificates is trusted as it
//! is (pyHanko and Adobe do the same), even when it says cA=true, as `openssl req -x509`
//! certificates do.

use super::certs;
use super::oids;
use der::Encode;
use rustls_pki_types::{
    alg_id, AlgorithmIdentifier, CertificateDer, InvalidSignature, SignatureVerificationAlgorithm,
    UnixTime,
};
use std::cell::RefCell;
use std::time::Duration;
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeId, KeyPurposeIdIter};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::Certificate;

/// What the end certificate is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Signing documents: no EKU, or one of document signing (Microsoft), Adobe Authentic
    /// Documents, emailProtection or anyExtendedKeyUsage, as Adobe and pyHanko accept.
    DocumentSigning,
    /// An RFC 3161 time-stamping authority: EKU id-kp-timeStamping required.
    TimeStamping,
}

impl Usage {
    fn accepted(self) -> &'static [der::oid::ObjectIdentifier] {
        const SIGNING: [der::oid::ObjectIdentifier; 4] = [
            oids::EKU_DOCUMENT_SIGNING,
            oids::EKU_ADOBE_AUTHENTIC_DOCUMENTS,
            oids::EKU_EMAIL_PROTECTION,
            oids::EKU_ANY,
        ];
        const STAMPING: [der::oid::ObjectIdentifier; 1] = [oids::EKU_TIME_STAMPING];
        match self {
            Usage::DocumentSigning => &SIGNING,
            Usage::TimeStamping => &STAMPING,
        }
    }

    /// Compares encoded OID values (webpki's own decoding of multi-byte arcs is not used).
    fn accepts(self, id: &KeyPurposeId<'_>) -> bool {
        self.accepted()
            .iter()
            .any(|oid| KeyPurposeId::new(oid.as_bytes()) == *id)
    }

    fn missing(self) -> &'static str {
        match self {
            Usage::DocumentSigning => {
                "its extended key usage allows neither document signing nor e-mail protection"
            }
            Usage::TimeStamping => "its extended key usage does not include timeStamping",
        }
    }
}

// webpki asks for the Context variants, whose fields it keeps to itself.
#[allow(deprecated)]
impl ExtendedKeyUsageValidator for Usage {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let mut any = false;
        for id in iter {
            any = true;
            if self.accepts(&id?) {
                return Ok(());
            }
        }
        // No extension: not restricted (RFC 5280 4.2.1.12); a time-stamping authority's own
        // certificate must still name timeStamping, which `timestamp` checks on its own.
        if any {
            Err(webpki::Error::RequiredEkuNotFound)
        } else {
            Ok(())
        }
    }
}

/// The trusted certificate a valid path ends at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Subject of the trusted certificate.
    pub anchor: String,
    /// Number of intermediate CA certificates between the signer and the anchor.
    pub intermediates: usize,
}

/// Validates the path from `leaf` through any of `intermediates` to one of `anchors`, with
/// every certificate valid at `at` (seconds since 1970); the error says why not.
pub fn validate(
    leaf: &Certificate,
    intermediates: &[Certificate],
    anchors: &[Certificate],
    at: u64,
    usage: Usage,
) -> Result<Anchored, String> {
    if anchors.is_empty() {
        return Err("no trusted certificate was given".into());
    }
    certs::key_strength(leaf).map_err(|e| format!("the signer's certificate: {e}"))?;
    if anchors.iter().any(|a| a == leaf) {
        return Ok(Anchored {
            anchor: certs::subject(leaf),
            intermediates: 0,
        });
    }
    let der = |c: &Certificate| {
        c.to_der()
            .map(CertificateDer::from)
            .map_err(|e| format!("a certificate cannot be encoded ({e})"))
    };
    let leaf_der = der(leaf)?;
    let anchor_ders: Vec<CertificateDer<'static>> = anchors
        .iter()
        .filter(|a| certs::key_strength(a).is_ok())
        .map(der)
        .collect::<Result<_, _>>()?;
    let trust_anchors = anchor_ders
        .iter()
        .map(webpki::anchor_from_trusted_cert)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("a trusted certificate cannot be used ({e:?})"))?;
    if trust_anchors.is_empty() {
        return Err("every trusted certificate has an RSA key shorter than 2048 bits".into());
    }
    let others: Vec<CertificateDer<'static>> = intermediates
        .iter()
        .filter(|c| *c != leaf)
        .map(der)
        .collect::<Result<_, _>>()?;
    let end_entity = EndEntityCert::try_from(&leaf_der).map_err(|e| {
        format!(
            "the signer's certificate cannot be read ({})",
            explain(&e, leaf, intermediates)
        )
    })?;
    let time = UnixTime::since_unix_epoch(Duration::from_secs(at));
    let refused: RefCell<Option<String>> = RefCell::new(None);
    let issuers_may_sign = |path: &webpki::VerifiedPath<'_>| {
        for cert in path.intermediate_certificates() {
            let parsed = certs::from_der(cert.der().as_ref());
            let reason = match parsed {
                Err(e) => Some(e),
                Ok(c) => issuer_problem(&c),
            };
            if let Some(reason) = reason {
                *refused.borrow_mut() = Some(reason);
                return Err(webpki::Error::EndEntityUsedAsCa);
            }
        }
        Ok(())
    };
    let path = end_entity.verify_for_usage(
        ALGORITHMS,
        &trust_anchors,
        &others,
        time,
        usage,
        None,
        Some(&issuers_may_sign),
    );
    match path {
        Ok(path) => Ok(Anchored {
            anchor: anchor_subject(anchors, path.anchor().subject.as_ref()),
            intermediates: path.intermediate_certificates().count(),
        }),
        Err(e) => Err(match refused.into_inner() {
            Some(reason) => reason,
            None => explain_usage(&e, leaf, intermediates, usage),
        }),
    }
}

/// Why an intermediate certificate may not issue certificates, beyond what webpki checks.
fn issuer_problem(cert: &Certificate) -> Option<String> {
    let name = certs::common_name(cert);
    if let Err(e) = certs::key_strength(cert) {
        return Some(format!("the issuing certificate '{name}': {e}"));
    }
    match cert.tbs_certificate().get_extension::<KeyUsage>() {
        Err(e) => Some(format!(
            "the issuing certificate '{name}' has an unreadable key usage ({e})"
        )),
        Ok(Some((_, KeyUsage(flags)))) if !flags.contains(KeyUsages::KeyCertSign) => Some(format!(
            "the issuing certificate '{name}' is not allowed to sign certificates (its key usage lacks keyCertSign)"
        )),
        Ok(_) => None,
    }
}

fn anchor_subject(anchors: &[Certificate], subject_der: &[u8]) -> String {
    anchors
        .iter()
        .find(|a| {
            a.tbs_certificate()
                .subject()
                .to_der()
                .is_ok_and(|d| d.ends_with(subject_der))
        })
        .map_or_else(|| "a trusted certificate".to_string(), certs::subject)
}

#[allow(deprecated)]
fn explain_usage(
    e: &webpki::Error,
    leaf: &Certificate,
    intermediates: &[Certificate],
    usage: Usage,
) -> String {
    match e {
        webpki::Error::RequiredEkuNotFound
        | webpki::Error::RequiredEkuNotFoundContext(_)
        | webpki::Error::EmptyEkuExtension => {
            format!(
                "a certificate in the chain cannot be used: {}",
                usage.missing()
            )
        }
        other => explain(other, leaf, intermediates),
    }
}

/// webpki's verdict in words; an expiry names the certificate by its notAfter.
#[allow(deprecated)]
fn explain(e: &webpki::Error, leaf: &Certificate, intermediates: &[Certificate]) -> String {
    use webpki::Error as E;
    let named_by = |secs: u64| {
        std::iter::once(leaf)
            .chain(intermediates)
            .find(|c| {
                let (from, until) = certs::validity(c);
                from == secs || until == secs
            })
            .map_or_else(
                || "a certificate in the chain".to_string(),
                |c| format!("the certificate '{}'", certs::common_name(c)),
            )
    };
    match e {
        E::CertExpired { not_after, .. } => {
            let secs = not_after.as_secs();
            format!(
                "{} had expired at the signing time (valid until {})",
                named_by(secs),
                certs::iso(secs)
            )
        }
        E::CertNotValidYet { not_before, .. } => {
            let secs = not_before.as_secs();
            format!(
                "{} was not yet valid at the signing time (valid from {})",
                named_by(secs),
                certs::iso(secs)
            )
        }
        E::EndEntityUsedAsCa => {
            "a certificate that issued another one in the chain is not a CA (its basicConstraints do not say cA=true)".into()
        }
        E::CaUsedAsEndEntity => {
            "the signer's certificate is a CA certificate (cA=true), not a signer's".into()
        }
        E::PathLenConstraintViolated => {
            "the chain is longer than a CA's pathLenConstraint allows".into()
        }
        E::UnsupportedCriticalExtension => {
            "a certificate in the chain has a critical extension dpia does not know".into()
        }
        E::UnknownIssuer => {
            "the signer's certificate does not chain to a trusted certificate".into()
        }
        E::InvalidSignatureForPublicKey => {
            "a certificate's signature does not match its issuer's key".into()
        }
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a certificate in the chain is signed with an algorithm dpia does not accept (RSA of 2048 bits or more, ECDSA P-256)".into()
        }
        E::UnsupportedCertVersion => "a certificate in the chain is not X.509 version 3".into(),
        E::InvalidCertValidity => "a certificate's validity period ends before it starts".into(),
        E::MaximumPathDepthExceeded | E::MaximumPathBuildCallsExceeded => {
            "the certificate chain is too long".into()
        }
        other => format!("the certificate chain is not valid ({other:?})"),
    }
}

/// The signature algorithms accepted in certificate chains.
static ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    &EcdsaP256Sha256,
    &Rsa {
        signature: alg_id::RSA_PKCS1_SHA256,
        hash: Hash::Sha256,
    },
    &Rsa {
        signature: alg_id::RSA_PKCS1_SHA384,
        hash: Hash::Sha384,
    },
    &Rsa {
        signature: alg_id::RSA_PKCS1_SHA512,
        hash: Hash::Sha512,
    },
];

#[derive(Debug)]
struct EcdsaP256Sha256;

impl SignatureVerificationAlgorithm for EcdsaP256Sha256 {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        use signature::Verifier;
        let key =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).map_err(|_| InvalidSignature)?;
        let sig = p256::ecdsa::DerSignature::from_bytes(signature).map_err(|_| InvalidSignature)?;
        key.verify(message, &sig).map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ECDSA_P256
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ECDSA_SHA256
    }
}

#[derive(Debug, Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Debug)]
struct Rsa {
    signature: AlgorithmIdentifier,
    hash: Hash,
}

impl SignatureVerificationAlgorithm for Rsa {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        use rsa::pkcs1::DecodeRsaPublicKey;
        use rsa::traits::PublicKeyParts;
        use signature::Verifier;
        let key = rsa::PublicKey::from_pkcs1_der(public_key).map_err(|_| InvalidSignature)?;
        if key.n().bit_width() < certs::MIN_RSA_BITS {
            return Err(InvalidSignature);
        }
        let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| InvalidSignature)?;
        let ok = match self.hash {
            Hash::Sha256 => {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig)
            }
            Hash::Sha384 => {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig)
            }
            Hash::Sha512 => {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig)
            }
        };
        ok.map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_ENCRYPTION
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}
