//! Certificates for the unit tests, made with x509-cert's own builder: CAs, intermediates and
//! leaves with exactly the extensions a test needs (or lacks), P-256 keys throughout unless a
//! test brings its own public key.

use super::keys::Credentials;
use super::oids;
use der::asn1::OctetString;
use p256::elliptic_curve::Generate;
use std::str::FromStr;
use std::time::{Duration, UNIX_EPOCH};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

/// 2026-01-01T00:00:00Z and 2029-01-01T00:00:00Z: the default validity.
pub const FROM: u64 = 1_767_225_600;
pub const UNTIL: u64 = 1_861_920_000;
/// A signing time inside the default validity (2026-11-25T10:00:00Z).
pub const AT: u64 = 1_795_600_800;

/// What a certificate says.
#[derive(Debug, Clone)]
pub struct Spec {
    pub cn: String,
    /// basicConstraints: None leaves the extension out.
    pub ca: Option<bool>,
    pub path_len: Option<u8>,
    pub key_usage: Option<KeyUsage>,
    pub eku: Option<Vec<der::oid::ObjectIdentifier>>,
    pub from: u64,
    pub until: u64,
    /// Adds a critical extension nobody knows.
    pub unknown_critical: bool,
}

impl Spec {
    /// A CA that may sign certificates.
    pub fn ca(cn: &str) -> Spec {
        Spec {
            cn: cn.into(),
            ca: Some(true),
            path_len: None,
            key_usage: Some(KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)),
            eku: None,
            from: FROM,
            until: UNTIL,
            unknown_critical: false,
        }
    }

    /// A document signer.
    pub fn signer(cn: &str) -> Spec {
        Spec {
            cn: cn.into(),
            ca: Some(false),
            path_len: None,
            key_usage: Some(KeyUsage(
                KeyUsages::DigitalSignature | KeyUsages::NonRepudiation,
            )),
            eku: Some(vec![oids::EKU_DOCUMENT_SIGNING]),
            from: FROM,
            until: UNTIL,
            unknown_critical: false,
        }
    }
}

/// A certificate and its key.
pub struct Issued {
    pub cert: Certificate,
    pub key: p256::ecdsa::SigningKey,
}

impl Issued {
    /// Credentials signing with this key, the chain leaf first.
    pub fn credentials(&self, issuers: &[&Issued]) -> Credentials {
        let mut chain = vec![self.cert.clone()];
        chain.extend(issuers.iter().map(|i| i.cert.clone()));
        Credentials::from_p256(self.key.clone(), chain)
    }
}

struct Profile {
    spec: Spec,
    subject: Name,
    issuer: Name,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        _spk: spki::SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: spki::SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut ext: Vec<Extension> = Vec::new();
        if let Some(ca) = self.spec.ca {
            let bc = BasicConstraints {
                ca,
                path_len_constraint: self.spec.path_len,
            };
            ext.push(bc.to_extension(tbs.subject(), &ext)?);
        }
        if let Some(ku) = self.spec.key_usage {
            ext.push(ku.to_extension(tbs.subject(), &ext)?);
        }
        if let Some(eku) = &self.spec.eku {
            ext.push(ExtendedKeyUsage(eku.clone()).to_extension(tbs.subject(), &ext)?);
        }
        if self.spec.unknown_critical {
            ext.push(Extension {
                extn_id: der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1"),
                critical: true,
                extn_value: OctetString::new(vec![5u8, 0])?,
            });
        }
        Ok(ext)
    }
}

/// Issues `spec` for a new P-256 key, signed by `issuer` (self-signed when None).
pub fn issue(spec: &Spec, issuer: Option<&Issued>) -> Issued {
    let key = p256::ecdsa::SigningKey::generate_from_rng(&mut rand::rng());
    let spki = spki::SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).expect("spki");
    let cert = match issuer {
        Some(i) => issue_for(spec, spki, Some(&i.cert), &i.key),
        None => issue_for(spec, spki, None, &key),
    };
    Issued { cert, key }
}

/// Issues `spec` for any public key `spki`, signed with `issuer_key` (self-signed when
/// `issuer` is None).
pub fn issue_for(
    spec: &Spec,
    spki: spki::SubjectPublicKeyInfoOwned,
    issuer: Option<&Certificate>,
    issuer_key: &p256::ecdsa::SigningKey,
) -> Certificate {
    let subject = Name::from_str(&format!("CN={}", spec.cn)).expect("name");
    let issuer_name = match issuer {
        None => subject.clone(),
        Some(c) => c.tbs_certificate().subject().clone(),
    };
    let validity = Validity::new(
        Time::try_from(UNIX_EPOCH + Duration::from_secs(spec.from)).expect("from"),
        Time::try_from(UNIX_EPOCH + Duration::from_secs(spec.until)).expect("until"),
    );
    let profile = Profile {
        spec: spec.clone(),
        subject,
        issuer: issuer_name,
    };
    let serial = SerialNumber::generate(&mut rand::rng());
    CertificateBuilder::new(profile, serial, validity, spki)
        .expect("builder")
        .build::<_, p256::ecdsa::DerSignature>(issuer_key)
        .expect("build")
}
