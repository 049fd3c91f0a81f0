//! Signing and verifying the DPIA report as a PDF, one file per concern:
//! - [`keys`]: the signer's key and certificate (a generated ECDSA P-256 pair, PEM files, or
//!   an organisation's PKCS#12); weak keys are refused when loaded.
//! - [`cms`]: the CMS SignedData (CAdES: detached, signing-certificate-v2; SHA-256 when
//!   signing, SHA-256/384/512 when verifying).
//! - [`timestamp`]: RFC 3161 signature time-stamps (PAdES B-T).
//! - [`certs`]: questions about one certificate; [`path`]: RFC 5280 path validation to the
//!   trusted certificates.
//! - [`incremental`]: appending a signature to a PDF as an incremental update (a new field,
//!   or filling the empty field a first signer left for a second); [`appearance`]: the
//!   visible signature of a second signer as a form XObject.
//! - [`pdf_read`]: reading untrusted PDFs within bounds; [`revisions`]: what may change
//!   after a signature (only further signatures); [`verify`]: checking every signature.
//!
//! Pure RustCrypto; no clock reads, no printing, no network: times come in as arguments and
//! a time-stamping authority is reached through the [`timestamp::TimestampAuthority`] the
//! shell provides.

pub mod appearance;
pub mod certs;
pub mod cms;
mod error;
mod fields;
pub mod incremental;
pub mod keys;
mod oids;
pub mod path;
pub mod pdf_objects;
pub mod pdf_read;
pub mod revisions;
pub mod timestamp;
pub mod verify;

pub use error::SigningError;
pub use incremental::{sign_pdf, EmptyField, SignatureFields, WidgetPlace};
pub use keys::{Credentials, KeyFiles, Subject};
pub use timestamp::TimestampAuthority;
pub use verify::{verify_pdf, PdfVerification, SignatureCheck};

#[cfg(test)]
mod path_tests;
#[cfg(test)]
pub(crate) mod test_pki;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_multi;
