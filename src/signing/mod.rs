//! Signing and verifying the DPIA report as a PDF: [`keys`] makes and loads the signer's key
//! and certificate (a generated ECDSA P-256 pair, PEM files, or an organisation's PKCS#12),
//! [`cms`] builds and checks the CMS SignedData (CAdES: detached SHA-256 with a
//! signing-certificate-v2 attribute), [`certs`] answers questions about certificates,
//! [`incremental`] appends the signature to a finished PDF as an incremental update, and
//! [`verify`] checks a signed PDF the way a validator does. Pure RustCrypto; no clock reads,
//! no printing: times come in as arguments.

pub mod certs;
pub mod cms;
mod error;
pub mod incremental;
pub mod keys;
mod oids;
pub mod pdf_objects;
pub mod verify;

pub use error::SigningError;
pub use incremental::{sign_pdf, SignatureFields, WidgetPlace};
pub use keys::{Credentials, KeyFiles, Subject};
pub use verify::{verify_pdf, PdfVerification};

#[cfg(test)]
mod tests;
