//! The CMS SignedData inside a PDF signature: [`build_cades`] makes a detached SHA-256
//! signature in the PAdES baseline form (contentType, messageDigest and
//! signing-certificate-v2 as signed attributes; no signingTime, the PDF's `/M` carries the
//! time); [`verify_detached`] checks one against the digest of the signed bytes.

use super::certs;
use super::error::SigningError;
use super::keys::{octets, Credentials};
use super::oids;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }`
#[derive(Debug, Clone, der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`
#[derive(Debug, Clone, der::Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Debug, Clone, der::Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

fn cms_err(e: impl std::fmt::Display) -> SigningError {
    SigningError::Cms(e.to_string())
}

fn attribute(oid: der::oid::ObjectIdentifier, value: Any) -> Result<Attribute, SigningError> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(cms_err)?;
    Ok(Attribute { oid, values })
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: oids::SHA256,
        parameters: None,
    }
}

/// A DER ContentInfo(SignedData) signing `digest` (SHA-256 of the PDF's byte ranges).
pub fn build_cades(creds: &Credentials, digest: &[u8]) -> Result<Vec<u8>, SigningError> {
    let leaf = creds.certificate();
    let tbs = leaf.tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: octets(&certs::sha256(leaf))?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
        policies: None,
    };
    let mut attrs: SetOfVec<Attribute> = SetOfVec::new();
    attrs
        .insert(attribute(
            oids::CONTENT_TYPE,
            Any::encode_from(&oids::DATA).map_err(cms_err)?,
        )?)
        .map_err(cms_err)?;
    attrs
        .insert(attribute(
            oids::MESSAGE_DIGEST,
            Any::encode_from(&octets(digest)?).map_err(cms_err)?,
        )?)
        .map_err(cms_err)?;
    attrs
        .insert(attribute(
            oids::SIGNING_CERTIFICATE_V2,
            Any::encode_from(&ess).map_err(cms_err)?,
        )?)
        .map_err(cms_err)?;
    // What is signed is the attributes as an explicit SET OF (tag 0x31), not the [0] form
    // they take inside SignerInfo.
    let to_sign = attrs.to_der().map_err(cms_err)?;
    let (signature, signature_algorithm) = creds.sign(&to_sign)?;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256_alg(),
        signed_attrs: Some(attrs),
        signature_algorithm,
        signature: octets(&signature)?,
        unsigned_attrs: None,
    };
    let mut digests = SetOfVec::new();
    digests.insert(sha256_alg()).map_err(cms_err)?;
    let mut cert_set = SetOfVec::new();
    for cert in creds.chain() {
        cert_set
            .insert(CertificateChoices::Certificate(cert.clone()))
            .map_err(cms_err)?;
    }
    let mut signers = SetOfVec::new();
    signers.insert(signer).map_err(cms_err)?;
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: oids::DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(cert_set)),
        crls: None,
        signer_infos: SignerInfos(signers),
    };
    ContentInfo {
        content_type: oids::SIGNED_DATA,
        content: Any::encode_from(&signed).map_err(cms_err)?,
    }
    .to_der()
    .map_err(cms_err)
}

/// What a valid detached CMS signature told us.
#[derive(Debug, Clone)]
pub struct CmsCheck {
    pub signer: Certificate,
    /// Every certificate the signature carries (the signer's included).
    pub certificates: Vec<Certificate>,
    /// Whether a signing-certificate-v2 attribute binds the signer's certificate.
    pub binds_certificate: bool,
}

/// The DER value at the start of `bytes`, without trailing padding (PDF signatures reserve
/// more room than the CMS needs and pad with zeros).
pub fn strip_padding(bytes: &[u8]) -> Result<&[u8], String> {
    let mut reader = der::SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let header =
        der::Header::decode(&mut reader).map_err(|e| format!("the signature is not DER ({e})"))?;
    let header_len = usize::try_from(u32::from(header.encoded_len().map_err(|e| e.to_string())?))
        .map_err(|e| e.to_string())?;
    let body = usize::try_from(u32::from(header.length())).map_err(|e| e.to_string())?;
    bytes
        .get(..header_len + body)
        .ok_or_else(|| "the signature is cut short".to_string())
}

/// Checks a detached CMS SignedData against `digest`, the SHA-256 of the signed content.
/// The error says why the signature is not valid.
pub fn verify_detached(cms_der: &[u8], digest: &[u8]) -> Result<CmsCheck, String> {
    let der = strip_padding(cms_der)?;
    let info = ContentInfo::from_der(der).map_err(|e| format!("not a CMS structure ({e})"))?;
    if info.content_type != oids::SIGNED_DATA {
        return Err(format!(
            "CMS content {} is not SignedData",
            info.content_type
        ));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("damaged SignedData ({e})"))?;
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let mut signers = signed.signer_infos.0.iter();
    let signer_info = match (signers.next(), signers.next()) {
        (Some(s), None) => s,
        (None, _) => return Err("the signature has no signer".into()),
        (Some(_), Some(_)) => return Err("the signature has more than one signer".into()),
    };
    if signer_info.digest_alg.oid != oids::SHA256 {
        return Err(format!(
            "digest algorithm {} is not supported (SHA-256 only)",
            signer_info.digest_alg.oid
        ));
    }
    let signer = find_signer(&signer_info.sid, &certificates)?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("the signature has no signed attributes")?;
    let value = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let content_type = value(oids::CONTENT_TYPE).ok_or("no contentType attribute")?;
    let content_type: der::oid::ObjectIdentifier = content_type
        .decode_as()
        .map_err(|e| format!("damaged contentType attribute ({e})"))?;
    if content_type != oids::DATA {
        return Err(format!("contentType {content_type} is not id-data"));
    }
    let claimed: OctetString = value(oids::MESSAGE_DIGEST)
        .ok_or("no messageDigest attribute")?
        .decode_as()
        .map_err(|e| format!("damaged messageDigest attribute ({e})"))?;
    if claimed.as_bytes() != digest {
        return Err("digest mismatch: the signed bytes were changed after signing".into());
    }
    let binds_certificate = match value(oids::SIGNING_CERTIFICATE_V2) {
        None => false,
        Some(any) => {
            let ess: SigningCertificateV2 = any
                .decode_as()
                .map_err(|e| format!("damaged signing-certificate-v2 attribute ({e})"))?;
            let first = ess
                .certs
                .first()
                .ok_or("empty signing-certificate-v2 attribute")?;
            if first
                .hash_algorithm
                .as_ref()
                .is_some_and(|a| a.oid != oids::SHA256)
            {
                return Err("signing-certificate-v2 uses a hash other than SHA-256".into());
            }
            if first.cert_hash.as_bytes() != certs::sha256(&signer).as_slice() {
                return Err(
                    "signing-certificate-v2 names a different certificate than the signer's".into(),
                );
            }
            true
        }
    };
    let signed_bytes = attrs
        .to_der()
        .map_err(|e| format!("damaged signed attributes ({e})"))?;
    certs::verify_signature(
        signer.tbs_certificate().subject_public_key_info(),
        &signer_info.signature_algorithm,
        &signed_bytes,
        signer_info.signature.as_bytes(),
    )?;
    Ok(CmsCheck {
        signer,
        certificates,
        binds_certificate,
    })
}

fn find_signer(
    sid: &SignerIdentifier,
    certificates: &[Certificate],
) -> Result<Certificate, String> {
    use x509_cert::ext::pkix::SubjectKeyIdentifier;
    let found = certificates.iter().find(|c| {
        let tbs = c.tbs_certificate();
        match sid {
            SignerIdentifier::IssuerAndSerialNumber(iasn) => {
                tbs.issuer() == &iasn.issuer && tbs.serial_number() == &iasn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(
                tbs.get_extension::<SubjectKeyIdentifier>(),
                Ok(Some((_, own))) if own == *ski
            ),
        }
    });
    found
        .cloned()
        .ok_or_else(|| "the signer's certificate is not in the signature".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::keys::Subject;
    use sha2::{Digest, Sha256};

    fn creds() -> Credentials {
        Credentials::generate(
            &Subject {
                name: "Test DPO".into(),
                email: "dpo@example.org".into(),
                organisation: None,
                country: None,
            },
            1_780_000_000,
        )
        .expect("generate")
    }

    #[test]
    fn signature_verifies_and_binds_the_certificate() {
        let c = creds();
        let digest = Sha256::digest(b"the signed bytes");
        let mut der = build_cades(&c, &digest).expect("build");
        der.extend_from_slice(&[0; 100]);
        let check = verify_detached(&der, &digest).expect("valid");
        assert_eq!(&check.signer, c.certificate());
        assert!(check.binds_certificate);
    }

    #[test]
    fn other_content_or_damaged_signature_is_invalid() {
        let c = creds();
        let digest = Sha256::digest(b"the signed bytes");
        let der = build_cades(&c, &digest).expect("build");
        let other = Sha256::digest(b"other bytes");
        let err = verify_detached(&der, &other).expect_err("other content");
        assert!(err.contains("digest mismatch"), "{err}");
        let mut damaged = der.clone();
        let last = damaged.len() - 5;
        damaged[last] ^= 0x01;
        assert!(verify_detached(&damaged, &digest).is_err());
    }
}
