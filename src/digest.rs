//! SHA-256 and lowercase hex, the one place dpia computes them: the record's hashes and ids,
//! the fingerprints of scanned files and of a tool, the hash of a signed PDF or export, the
//! drift check's SARIF fingerprints. It sits apart from every user of it, so that the record
//! or the signing code does not depend on a scan reader (or the reverse) for a hash.
//!
//! Signatures pick their digest algorithm from the certificate (`signing::cms::DigestAlg`,
//! SHA-256/384/512); that is a choice of algorithm, not this module's fixed SHA-256.

use sha2::{Digest, Sha256};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    ::hex::encode(bytes)
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// True for exactly 64 lowercase hex digits (what [`sha256_hex`] returns).
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// SHA-256 over bytes given piece by piece (a file read in chunks, fields of a fingerprint).
#[derive(Debug, Clone, Default)]
pub struct Sha256Hasher(Sha256);

impl Sha256Hasher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next piece.
    pub fn update(&mut self, bytes: impl AsRef<[u8]>) {
        self.0.update(bytes.as_ref());
    }

    /// The hash of everything fed.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }

    /// The hash of everything fed, as 64 lowercase hex digits.
    pub fn finish_hex(self) -> String {
        hex(&self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_inputs() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(sha256_hex(b""), empty);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut pieces = Sha256Hasher::new();
        pieces.update(b"a");
        pieces.update("bc");
        assert_eq!(pieces.finish(), sha256(b"abc"), "pieces hash as the whole");
        assert!(is_sha256_hex(empty));
        assert!(!is_sha256_hex(&empty.to_uppercase()));
        assert!(!is_sha256_hex(&empty[1..]));
        assert_eq!(hex(&[0, 0x0f, 0xab]), "000fab");
    }
}
