//! The CMS SignedData inside a PDF signature: [`build_cades`] makes a detached signature in
//! the PAdES baseline form (contentType, messageDigest and signing-certificate-v2 as signed
//! attributes; no signingTime, the PDF's `/M` carries the time; optionally an RFC 3161
//! signature time-stamp as unsigned attribute); [`verify_detached`] checks one against the
//! signed bytes, and [`verify_signed_data`] checks any SignedData (a time-stamp token too).

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
use sha2::Digest;
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

/// A digest algorithm CMS signatures may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    pub fn from_oid(oid: &der::oid::ObjectIdentifier) -> Option<DigestAlg> {
        [DigestAlg::Sha256, DigestAlg::Sha384, DigestAlg::Sha512]
            .into_iter()
            .find(|d| d.oid() == *oid)
    }

    pub fn oid(self) -> der::oid::ObjectIdentifier {
        match self {
            DigestAlg::Sha256 => oids::SHA256,
            DigestAlg::Sha384 => oids::SHA384,
            DigestAlg::Sha512 => oids::SHA512,
        }
    }

    /// "SHA-256", "SHA-384", "SHA-512".
    pub fn name(self) -> &'static str {
        match self {
            DigestAlg::Sha256 => "SHA-256",
            DigestAlg::Sha384 => "SHA-384",
            DigestAlg::Sha512 => "SHA-512",
        }
    }

    /// The digest of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            DigestAlg::Sha256 => run::<sha2::Sha256>(parts),
            DigestAlg::Sha384 => run::<sha2::Sha384>(parts),
            DigestAlg::Sha512 => run::<sha2::Sha512>(parts),
        }
    }

    fn identifier(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned {
            oid: self.oid(),
            parameters: None,
        }
    }
}

fn cms_err(e: impl std::fmt::Display) -> SigningError {
    SigningError::Cms(e.to_string())
}

fn attribute(oid: der::oid::ObjectIdentifier, value: Any) -> Result<Attribute, SigningError> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(cms_err)?;
    Ok(Attribute { oid, values })
}

/// Asks a time-stamping authority for a token over a signature value: gets the signature
/// value, returns the token (a DER ContentInfo).
pub type Stamp<'a> = &'a dyn Fn(&[u8]) -> Result<Vec<u8>, SigningError>;

/// A DER ContentInfo(SignedData) signing `digest` (SHA-256 of the PDF's byte ranges), with
/// a signature time-stamp from `stamp` when given.
pub fn build_cades(
    creds: &Credentials,
    digest: &[u8],
    stamp: Option<Stamp<'_>>,
) -> Result<Vec<u8>, SigningError> {
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
    for (oid, value) in [
        (oids::CONTENT_TYPE, Any::encode_from(&oids::DATA)),
        (oids::MESSAGE_DIGEST, Any::encode_from(&octets(digest)?)),
        (oids::SIGNING_CERTIFICATE_V2, Any::encode_from(&ess)),
    ] {
        attrs
            .insert(attribute(oid, value.map_err(cms_err)?)?)
            .map_err(cms_err)?;
    }
    // What is signed is the attributes as an explicit SET OF (tag 0x31), not the [0] form
    // they take inside SignerInfo.
    let to_sign = attrs.to_der().map_err(cms_err)?;
    let (signature, signature_algorithm) = creds.sign(&to_sign)?;
    let unsigned_attrs = match stamp {
        None => None,
        Some(stamp) => {
            let token = stamp(&signature)?;
            let token = Any::from_der(&token).map_err(cms_err)?;
            let mut set = SetOfVec::new();
            set.insert(attribute(oids::SIGNATURE_TIME_STAMP_TOKEN, token)?)
                .map_err(cms_err)?;
            Some(set)
        }
    };
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: DigestAlg::Sha256.identifier(),
        signed_attrs: Some(attrs),
        signature_algorithm,
        signature: octets(&signature)?,
        unsigned_attrs,
    };
    let mut digests = SetOfVec::new();
    digests
        .insert(DigestAlg::Sha256.identifier())
        .map_err(cms_err)?;
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

/// What a valid CMS signature told us.
#[derive(Debug, Clone)]
pub struct CmsCheck {
    pub signer: Certificate,
    /// Every certificate the signature carries (the signer's included).
    pub certificates: Vec<Certificate>,
    /// Whether a signing-certificate-v2 attribute binds the signer's certificate.
    pub binds_certificate: bool,
    pub digest: DigestAlg,
    /// The signature value (what a signature time-stamp's imprint covers).
    pub signature_value: Vec<u8>,
    /// The RFC 3161 token of an id-aa-signatureTimeStampToken unsigned attribute.
    pub timestamp_token: Option<Vec<u8>>,
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

/// The SignedData of a DER ContentInfo.
pub fn signed_data(der: &[u8]) -> Result<SignedData, String> {
    let info = ContentInfo::from_der(der).map_err(|e| format!("not a CMS structure ({e})"))?;
    if info.content_type != oids::SIGNED_DATA {
        return Err(format!(
            "CMS content {} is not SignedData",
            info.content_type
        ));
    }
    info.content
        .decode_as()
        .map_err(|e| format!("damaged SignedData ({e})"))
}

/// Checks a detached CMS SignedData (padded, from a PDF) over the concatenation of `parts`.
/// The error says why the signature is not valid.
pub fn verify_detached(cms_der: &[u8], parts: &[&[u8]]) -> Result<CmsCheck, String> {
    let signed = signed_data(strip_padding(cms_der)?)?;
    if signed.encap_content_info.econtent.is_some() {
        return Err("the signature embeds its content; a PDF signature must be detached".into());
    }
    verify_signed_data(&signed, oids::DATA, parts)
}

/// Checks `signed` (one signer, signed attributes) over `content` of type `content_type`.
pub fn verify_signed_data(
    signed: &SignedData,
    content_type: der::oid::ObjectIdentifier,
    content: &[&[u8]],
) -> Result<CmsCheck, String> {
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
    let digest = DigestAlg::from_oid(&signer_info.digest_alg.oid).ok_or_else(|| {
        format!(
            "digest algorithm {} is not supported (SHA-256, SHA-384 or SHA-512)",
            signer_info.digest_alg.oid
        )
    })?;
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
    let claimed_type: der::oid::ObjectIdentifier = value(oids::CONTENT_TYPE)
        .ok_or("no contentType attribute")?
        .decode_as()
        .map_err(|e| format!("damaged contentType attribute ({e})"))?;
    if claimed_type != content_type {
        return Err(format!(
            "contentType {claimed_type} is not the expected {content_type}"
        ));
    }
    let claimed: OctetString = value(oids::MESSAGE_DIGEST)
        .ok_or("no messageDigest attribute")?
        .decode_as()
        .map_err(|e| format!("damaged messageDigest attribute ({e})"))?;
    if claimed.as_bytes() != digest.digest(content).as_slice() {
        return Err("digest mismatch: the signed bytes were changed after signing".into());
    }
    let binds_certificate = match value(oids::SIGNING_CERTIFICATE_V2) {
        None => false,
        Some(any) => {
            check_signing_certificate_v2(any, &signer)?;
            true
        }
    };
    let signed_bytes = attrs
        .to_der()
        .map_err(|e| format!("damaged signed attributes ({e})"))?;
    certs::verify_signature(
        signer.tbs_certificate().subject_public_key_info(),
        &signer_info.signature_algorithm,
        digest,
        &signed_bytes,
        signer_info.signature.as_bytes(),
    )?;
    let timestamp_token = signer_info
        .unsigned_attrs
        .iter()
        .flat_map(|set| set.iter())
        .find(|a| a.oid == oids::SIGNATURE_TIME_STAMP_TOKEN)
        .and_then(|a| a.values.iter().next())
        .map(|token| token.to_der())
        .transpose()
        .map_err(|e| format!("damaged signature time-stamp attribute ({e})"))?;
    Ok(CmsCheck {
        signer,
        certificates,
        binds_certificate,
        digest,
        signature_value: signer_info.signature.as_bytes().to_vec(),
        timestamp_token,
    })
}

fn check_signing_certificate_v2(any: &Any, signer: &Certificate) -> Result<(), String> {
    let ess: SigningCertificateV2 = any
        .decode_as()
        .map_err(|e| format!("damaged signing-certificate-v2 attribute ({e})"))?;
    let first = ess
        .certs
        .first()
        .ok_or("empty signing-certificate-v2 attribute")?;
    let alg = first
        .hash_algorithm
        .as_ref()
        .map_or(Some(DigestAlg::Sha256), |a| DigestAlg::from_oid(&a.oid))
        .ok_or("signing-certificate-v2 uses a hash other than SHA-256/384/512")?;
    let der = signer
        .to_der()
        .map_err(|e| format!("unreadable certificate ({e})"))?;
    if first.cert_hash.as_bytes() != alg.digest(&[&der]).as_slice() {
        return Err(
            "signing-certificate-v2 names a different certificate than the signer's".into(),
        );
    }
    Ok(())
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
        let digest = DigestAlg::Sha256.digest(&[b"the signed ", b"bytes"]);
        let mut der = build_cades(&c, &digest, None).expect("build");
        der.extend_from_slice(&[0; 100]);
        let check = verify_detached(&der, &[b"the signed bytes"]).expect("valid");
        assert_eq!(&check.signer, c.certificate());
        assert!(check.binds_certificate);
        assert_eq!(check.digest, DigestAlg::Sha256);
        assert!(check.timestamp_token.is_none());
    }

    #[test]
    fn other_content_or_damaged_signature_is_invalid() {
        let c = creds();
        let digest = DigestAlg::Sha256.digest(&[b"the signed bytes"]);
        let der = build_cades(&c, &digest, None).expect("build");
        let err = verify_detached(&der, &[b"other bytes"]).expect_err("other content");
        assert!(err.contains("digest mismatch"), "{err}");
        let mut damaged = der.clone();
        let last = damaged.len() - 5;
        damaged[last] ^= 0x01;
        assert!(verify_detached(&damaged, &[b"the signed bytes"]).is_err());
    }

    #[test]
    fn digests_of_every_supported_size() {
        assert_eq!(DigestAlg::Sha256.digest(&[b"x"]).len(), 32);
        assert_eq!(DigestAlg::Sha384.digest(&[b"x"]).len(), 48);
        assert_eq!(DigestAlg::Sha512.digest(&[b"x"]).len(), 64);
        assert_eq!(DigestAlg::from_oid(&oids::SHA512), Some(DigestAlg::Sha512));
    }
}
