//! Why signing or loading a key failed; each variant names the file or the step.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SigningError {
    #[error("{path}: {message}")]
    Key { path: String, message: String },
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: wrong passphrase or damaged key file")]
    WrongPassphrase { path: String },
    #[error("{path}: Ed25519 keys cannot sign PDF reports (pdfsig/NSS and Adobe reject them); use an RSA or ECDSA P-256 key")]
    Ed25519Refused { path: String },
    #[error("{path}: unsupported key algorithm {oid}; use an RSA or ECDSA P-256 key")]
    UnsupportedKey { path: String, oid: String },
    #[error("{key}: this key does not belong to the certificate in {cert}")]
    KeyCertificateMismatch { key: String, cert: String },
    #[error("invalid certificate subject: {0}")]
    Subject(String),
    #[error("cannot build the certificate: {0}")]
    Certificate(String),
    #[error("the passphrase must have at least {min} characters")]
    WeakPassphrase { min: usize },
    #[error("this certificate cannot sign now: {0}")]
    CertificateNotUsable(String),
    #[error("cannot build the CMS signature: {0}")]
    Cms(String),
    #[error("cannot sign this PDF: {0}")]
    Pdf(String),
    #[error("{path}: {message}")]
    WeakKey { path: String, message: String },
    #[error("the time-stamping authority failed: {0}")]
    Timestamp(String),
}
