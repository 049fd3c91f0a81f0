//! The signer's credentials: a private key (ECDSA P-256 or RSA) with its certificate chain,
//! leaf first. They come from [`Credentials::generate`] (a new P-256 key and a self-signed
//! document-signing certificate), from PEM files ([`Credentials::from_pem`]: an encrypted
//! PKCS#8 key and a certificate) or from an organisation's PKCS#12 file
//! ([`Credentials::from_p12`]). Ed25519 keys are refused: pdfsig/NSS reject such signatures.

use super::error::SigningError;
use super::oids;
use der::asn1::{Ia5String, OctetString};
use der::pem::LineEnding;
use der::{Decode, Encode, EncodePem};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, PrivateKeyInfoRef};
use sha2::Sha256;
use signature::{Keypair, SignatureEncoding, Signer};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use std::str::FromStr;
use std::time::{Duration, UNIX_EPOCH};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;
use zeroize::Zeroizing;

/// How long a generated certificate is valid.
pub const VALIDITY_YEARS: u64 = 3;
/// The shortest passphrase accepted for a new key file.
pub const MIN_PASSPHRASE: usize = 8;

/// Who a generated certificate names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
}

impl Subject {
    /// The distinguished name (`CN=…,O=…,C=…`), with RFC 4514 escaping.
    fn name(&self) -> Result<Name, SigningError> {
        if self.name.trim().is_empty() {
            return Err(SigningError::Subject("the name is empty".into()));
        }
        let mut dn = format!("CN={}", escape_rdn(self.name.trim()));
        if let Some(org) = self
            .organisation
            .as_deref()
            .filter(|o| !o.trim().is_empty())
        {
            dn.push_str(&format!(",O={}", escape_rdn(org.trim())));
        }
        if let Some(c) = &self.country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(SigningError::Subject(format!(
                    "country '{c}' is not an ISO 3166-1 alpha-2 code such as DE"
                )));
            }
            dn.push_str(&format!(",C={c}"));
        }
        Name::from_str(&dn).map_err(|e| SigningError::Subject(format!("{dn}: {e}")))
    }

    fn email(&self) -> Result<Ia5String, SigningError> {
        let e = self.email.trim();
        let valid = e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !e.contains(char::is_whitespace)
        });
        if !valid {
            return Err(SigningError::Subject(format!(
                "'{e}' is not an email address"
            )));
        }
        Ia5String::new(e).map_err(|_| SigningError::Subject(format!("'{e}' must be plain ASCII")))
    }
}

fn escape_rdn(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        let leading = i == 0 && (c == '#' || c == ' ');
        if leading || matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A self-signed end-entity certificate for document signing.
struct DocumentSigner {
    subject: Name,
    email: Ia5String,
}

impl BuilderProfile for DocumentSigner {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: spki::SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: spki::SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut ext: Vec<Extension> = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        ext.push(ski.to_extension(tbs.subject(), &ext)?);
        let basic = BasicConstraints {
            ca: false,
            path_len_constraint: None,
        };
        ext.push(basic.to_extension(tbs.subject(), &ext)?);
        let usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
        ext.push(usage.to_extension(tbs.subject(), &ext)?);
        let eku = ExtendedKeyUsage(vec![oids::EKU_DOCUMENT_SIGNING, oids::EKU_EMAIL_PROTECTION]);
        ext.push(eku.to_extension(tbs.subject(), &ext)?);
        let san = SubjectAltName(vec![GeneralName::Rfc822Name(self.email.clone())]);
        ext.push(san.to_extension(tbs.subject(), &ext)?);
        Ok(ext)
    }
}

/// The private key behind a signature.
enum Key {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

/// A private key and its certificate chain (leaf first).
pub struct Credentials {
    key: Key,
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("algorithm", &self.algorithm_name())
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// A new ECDSA P-256 key with a self-signed document-signing certificate valid from
    /// `not_before` (seconds since 1970) for [`VALIDITY_YEARS`].
    pub fn generate(subject: &Subject, not_before: u64) -> Result<Credentials, SigningError> {
        use p256::elliptic_curve::Generate;
        let profile = DocumentSigner {
            subject: subject.name()?,
            email: subject.email()?,
        };
        let mut rng = rand::rng();
        let key = p256::ecdsa::SigningKey::generate_from_rng(&mut rng);
        let start = UNIX_EPOCH + Duration::from_secs(not_before);
        let end = start + Duration::from_secs(VALIDITY_YEARS * 365 * 86_400 + 86_400);
        let cert_err = |e: &dyn std::fmt::Display| SigningError::Certificate(e.to_string());
        let validity = Validity::new(
            Time::try_from(start).map_err(|e| cert_err(&e))?,
            Time::try_from(end).map_err(|e| cert_err(&e))?,
        );
        let serial = SerialNumber::generate(&mut rng);
        let spki =
            SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).map_err(|e| cert_err(&e))?;
        let builder =
            CertificateBuilder::new(profile, serial, validity, spki).map_err(|e| cert_err(&e))?;
        let cert = builder
            .build::<_, p256::ecdsa::DerSignature>(&key)
            .map_err(|e| cert_err(&e))?;
        Ok(Credentials {
            key: Key::P256(key),
            chain: vec![cert],
        })
    }

    /// Credentials from a P-256 key and its chain (tests).
    #[cfg(test)]
    pub(crate) fn from_p256(key: p256::ecdsa::SigningKey, chain: Vec<Certificate>) -> Credentials {
        Credentials {
            key: Key::P256(key),
            chain,
        }
    }

    /// The private key as encrypted PKCS#8 PEM (PBES2: scrypt + AES-256-CBC).
    pub fn encrypted_key_pem(&self, passphrase: &str) -> Result<Zeroizing<String>, SigningError> {
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(SigningError::WeakPassphrase {
                min: MIN_PASSPHRASE,
            });
        }
        let encoded = match &self.key {
            Key::P256(k) => k.to_pkcs8_encrypted_pem(passphrase, LineEnding::LF),
            Key::Rsa(k) => k.to_pkcs8_encrypted_pem(passphrase, LineEnding::LF),
        };
        encoded.map_err(|e| SigningError::Certificate(format!("cannot encrypt the key: {e}")))
    }

    /// The chain as PEM `CERTIFICATE` blocks, leaf first.
    pub fn chain_pem(&self) -> Result<String, SigningError> {
        let mut out = String::new();
        for cert in &self.chain {
            out.push_str(&certificate_pem(cert)?);
        }
        Ok(out)
    }

    /// Loads an encrypted (or, when `passphrase` is empty, plain) PKCS#8 key and its
    /// certificate(s); the first certificate must hold the key's public half.
    pub fn from_pem(
        key_pem: &str,
        key_path: &str,
        cert_pem: &str,
        cert_path: &str,
        passphrase: &str,
    ) -> Result<Credentials, SigningError> {
        let bad_key = |message: String| SigningError::Key {
            path: key_path.to_string(),
            message,
        };
        let (label, der) = der::pem::decode_vec(key_pem.as_bytes())
            .map_err(|e| bad_key(format!("not a PEM file ({e})")))?;
        let der = Zeroizing::new(der);
        let plain = match label {
            "ENCRYPTED PRIVATE KEY" => {
                let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der)
                    .map_err(|e| bad_key(format!("not an encrypted PKCS#8 key ({e})")))?;
                let doc = info
                    .decrypt(passphrase)
                    .map_err(|_| SigningError::WrongPassphrase {
                        path: key_path.to_string(),
                    })?;
                Zeroizing::new(doc.as_bytes().to_vec())
            }
            "PRIVATE KEY" => der,
            other => {
                return Err(bad_key(format!(
                    "a PEM '{other}' block; expected 'ENCRYPTED PRIVATE KEY' (PKCS#8)"
                )))
            }
        };
        let key = key_from_pkcs8(&plain, key_path)?;
        let chain = certificates_from_pem(cert_pem, cert_path)?;
        let creds = Credentials { key, chain };
        creds.check_pair(key_path, cert_path)?;
        Ok(creds)
    }

    /// Loads the key and its chain from a PKCS#12 (.p12/.pfx) file.
    pub fn from_p12(
        bytes: &[u8],
        path: &str,
        passphrase: &str,
    ) -> Result<Credentials, SigningError> {
        use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
        let bad = |message: String| SigningError::Key {
            path: path.to_string(),
            message,
        };
        let store = match KeyStore::from_pkcs12(bytes, passphrase, Pkcs12ImportPolicy::Strict) {
            Ok(store) => store,
            Err(e) => {
                let text = e.to_string();
                if text.contains("MAC") {
                    return Err(SigningError::WrongPassphrase {
                        path: path.to_string(),
                    });
                }
                return Err(bad(format!("not a readable PKCS#12 file ({text})")));
            }
        };
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| bad("holds no private key with its certificate".into()))?;
        let key = key_from_pkcs8(chain.key().as_der(), path)?;
        let certs = chain
            .certs()
            .iter()
            .map(|c| {
                Certificate::from_der(c.as_der())
                    .map_err(|e| bad(format!("a certificate in it is not valid X.509 ({e})")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if certs.is_empty() {
            return Err(bad("holds no certificate for its key".into()));
        }
        let creds = Credentials { key, chain: certs };
        creds.check_pair(path, path)?;
        Ok(creds)
    }

    fn check_pair(&self, key_path: &str, cert_path: &str) -> Result<(), SigningError> {
        let public = match &self.key {
            Key::P256(k) => k.verifying_key().to_public_key_der(),
            Key::Rsa(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| SigningError::Certificate(e.to_string()))?;
        let in_cert = self.chain[0]
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|e| SigningError::Certificate(e.to_string()))?;
        if public.as_bytes() != in_cert.as_slice() {
            return Err(SigningError::KeyCertificateMismatch {
                key: key_path.to_string(),
                cert: cert_path.to_string(),
            });
        }
        Ok(())
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.chain[0]
    }

    /// Leaf first, then its issuers as given.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// "ECDSA P-256" or "RSA".
    pub fn algorithm_name(&self) -> &'static str {
        match self.key {
            Key::P256(_) => "ECDSA P-256",
            Key::Rsa(_) => "RSA",
        }
    }

    /// Signs `message` (SHA-256 inside); returns the signature as CMS wants it and its
    /// algorithm identifier.
    pub(crate) fn sign(
        &self,
        message: &[u8],
    ) -> Result<(Vec<u8>, AlgorithmIdentifierOwned), SigningError> {
        match &self.key {
            Key::P256(k) => {
                let sig: p256::ecdsa::DerSignature = k
                    .try_sign(message)
                    .map_err(|e| SigningError::Cms(e.to_string()))?;
                let alg = AlgorithmIdentifierOwned {
                    oid: oids::ECDSA_WITH_SHA256,
                    parameters: None,
                };
                Ok((sig.to_vec(), alg))
            }
            Key::Rsa(k) => {
                let sig = k
                    .try_sign(message)
                    .map_err(|e| SigningError::Cms(e.to_string()))?;
                let alg = AlgorithmIdentifierOwned {
                    oid: oids::SHA256_WITH_RSA,
                    parameters: Some(der::asn1::Null.into()),
                };
                Ok((sig.to_vec(), alg))
            }
        }
    }
}

/// Key material read from files: a PKCS#12 file, or a PEM key with its certificate(s). The
/// shell asks for a passphrase only when [`KeyFiles::needs_passphrase`] says so.
#[derive(Debug)]
pub enum KeyFiles {
    P12 {
        path: String,
        bytes: Zeroizing<Vec<u8>>,
    },
    Pem {
        key_path: String,
        key: Zeroizing<String>,
        cert_path: String,
        cert: String,
    },
}

impl KeyFiles {
    /// Reads `key` (a .p12/.pfx when `cert` is None, else a PEM private key) and `cert`.
    pub fn read(
        key: &std::path::Path,
        cert: Option<&std::path::Path>,
    ) -> Result<KeyFiles, SigningError> {
        let read = |p: &std::path::Path| {
            std::fs::read(p).map_err(|source| SigningError::Read {
                path: p.display().to_string(),
                source,
            })
        };
        let text = |p: &std::path::Path| {
            String::from_utf8(read(p)?).map_err(|_| SigningError::Key {
                path: p.display().to_string(),
                message: "not a PEM text file".into(),
            })
        };
        Ok(match cert {
            None => KeyFiles::P12 {
                path: key.display().to_string(),
                bytes: Zeroizing::new(read(key)?),
            },
            Some(cert) => KeyFiles::Pem {
                key_path: key.display().to_string(),
                key: Zeroizing::new(text(key)?),
                cert_path: cert.display().to_string(),
                cert: text(cert)?,
            },
        })
    }

    /// Whether the key is protected by a passphrase (a .p12 always is, if only by an empty
    /// one).
    pub fn needs_passphrase(&self) -> bool {
        match self {
            KeyFiles::P12 { .. } => true,
            KeyFiles::Pem { key, .. } => key.contains("ENCRYPTED PRIVATE KEY"),
        }
    }

    /// The file that holds the key (for prompts and messages).
    pub fn key_path(&self) -> &str {
        match self {
            KeyFiles::P12 { path, .. } => path,
            KeyFiles::Pem { key_path, .. } => key_path,
        }
    }

    /// The credentials, unlocked with `passphrase`.
    pub fn credentials(&self, passphrase: &str) -> Result<Credentials, SigningError> {
        match self {
            KeyFiles::P12 { path, bytes } => Credentials::from_p12(bytes, path, passphrase),
            KeyFiles::Pem {
                key_path,
                key,
                cert_path,
                cert,
            } => Credentials::from_pem(key, key_path, cert, cert_path, passphrase),
        }
    }
}

/// One certificate as a PEM block.
pub fn certificate_pem(cert: &Certificate) -> Result<String, SigningError> {
    cert.to_pem(LineEnding::LF)
        .map_err(|e| SigningError::Certificate(e.to_string()))
}

/// Every `CERTIFICATE` block of a PEM file, in order.
pub fn certificates_from_pem(pem: &str, path: &str) -> Result<Vec<Certificate>, SigningError> {
    let certs = Certificate::load_pem_chain(pem.as_bytes()).map_err(|e| SigningError::Key {
        path: path.to_string(),
        message: format!("not a PEM certificate file ({e})"),
    })?;
    if certs.is_empty() {
        return Err(SigningError::Key {
            path: path.to_string(),
            message: "holds no certificate".into(),
        });
    }
    Ok(certs)
}

fn key_from_pkcs8(der: &[u8], path: &str) -> Result<Key, SigningError> {
    let bad = |message: String| SigningError::Key {
        path: path.to_string(),
        message,
    };
    let info = PrivateKeyInfoRef::from_der(der)
        .map_err(|e| bad(format!("not a PKCS#8 private key ({e})")))?;
    let oid = info.algorithm.oid;
    if oid == oids::ED25519 || oid == oids::ED448 {
        return Err(SigningError::Ed25519Refused {
            path: path.to_string(),
        });
    }
    if oid == oids::EC_PUBLIC_KEY {
        let key = p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map_err(|_| bad("an EC key on a curve other than P-256; use P-256 or RSA".into()))?;
        return Ok(Key::P256(key));
    }
    if oid == oids::RSA_ENCRYPTION {
        use rsa::traits::PublicKeyParts;
        let key = rsa::PrivateKey::from_pkcs8_der(der)
            .map_err(|e| bad(format!("a damaged RSA key ({e})")))?;
        let bits = key.n().bit_width();
        if bits < super::certs::MIN_RSA_BITS {
            return Err(SigningError::WeakKey {
                path: path.to_string(),
                message: format!(
                    "the RSA key has {bits} bits; signatures need at least {} (validators refuse shorter keys)",
                    super::certs::MIN_RSA_BITS
                ),
            });
        }
        return Ok(Key::Rsa(Box::new(
            rsa::pkcs1v15::SigningKey::<Sha256>::new(key),
        )));
    }
    Err(SigningError::UnsupportedKey {
        path: path.to_string(),
        oid: oid.to_string(),
    })
}

/// An `OctetString` of `bytes` (used by several CMS structures).
pub(crate) fn octets(bytes: &[u8]) -> Result<OctetString, SigningError> {
    OctetString::new(bytes).map_err(|e| SigningError::Cms(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            name: "Łukasz Żółć, DPO".into(),
            email: "dpo@example.org".into(),
            organisation: Some("Hausverwaltung Müller GmbH".into()),
            country: Some("DE".into()),
        }
    }

    #[test]
    fn generated_key_round_trips_through_encrypted_pem() {
        let creds = Credentials::generate(&subject(), 1_780_000_000).expect("generate");
        let key = creds.encrypted_key_pem("correct horse").expect("encrypt");
        assert!(key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let cert = creds.chain_pem().expect("pem");
        let back = Credentials::from_pem(&key, "key.pem", &cert, "cert.pem", "correct horse")
            .expect("load");
        assert_eq!(back.certificate(), creds.certificate());
        let wrong = Credentials::from_pem(&key, "key.pem", &cert, "cert.pem", "wrong horse");
        assert!(matches!(wrong, Err(SigningError::WrongPassphrase { .. })));
    }

    #[test]
    fn certificate_names_subject_with_escaped_comma() {
        let creds = Credentials::generate(&subject(), 1_780_000_000).expect("generate");
        let text = creds.certificate().tbs_certificate().subject().to_string();
        assert!(text.contains("Łukasz Żółć\\, DPO"), "{text}");
        assert!(text.contains("C=DE"), "{text}");
    }

    #[test]
    fn short_passphrase_and_bad_subject_are_refused() {
        let creds = Credentials::generate(&subject(), 1_780_000_000).expect("generate");
        assert!(matches!(
            creds.encrypted_key_pem("short"),
            Err(SigningError::WeakPassphrase { .. })
        ));
        let mut s = subject();
        s.country = Some("Germany".into());
        assert!(matches!(
            Credentials::generate(&s, 0),
            Err(SigningError::Subject(_))
        ));
        s.country = None;
        s.email = "not an address".into();
        assert!(matches!(
            Credentials::generate(&s, 0),
            Err(SigningError::Subject(_))
        ));
    }

    #[test]
    fn key_of_another_certificate_is_refused() {
        let a = Credentials::generate(&subject(), 1_780_000_000).expect("a");
        let b = Credentials::generate(&subject(), 1_780_000_000).expect("b");
        let key = a.encrypted_key_pem("passphrase").expect("key");
        let cert = b.chain_pem().expect("cert");
        let err = Credentials::from_pem(&key, "a.pem", &cert, "b.pem", "passphrase");
        assert!(matches!(
            err,
            Err(SigningError::KeyCertificateMismatch { .. })
        ));
    }
}
