//! Verifying a signed PDF as a validator does: find the signature dictionary, check that its
//! byte range covers the whole file except exactly the signature hole (nothing appended,
//! nothing outside the signature), check the CMS signature against the digest of those
//! bytes, the signer's certificate at the signing time, and, given a trust anchor, the
//! chain up to it. The result lists every problem found; none means valid.

use super::certs;
use super::cms::verify_detached;
use super::keys::certificate_pem;
use super::pdf_objects::{decode_text, parse_pdf_date};
use lopdf::{Dictionary, Object};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// Who signed, as the certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub common_name: String,
    pub subject: String,
    /// SHA-256 of the certificate, colon-separated hex.
    pub fingerprint: String,
    pub certificate_pem: String,
}

/// The outcome of checking a PDF's signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfVerification {
    /// SHA-256 of the whole file, lower-case hex.
    pub file_sha256: String,
    pub signer: Option<Signer>,
    /// Signing time from `/M`, seconds since 1970.
    pub signed_at: Option<u64>,
    pub sub_filter: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// The byte range spans the whole file apart from the signature hole.
    pub covers_whole_file: bool,
    /// The CMS signature matches the signed bytes and the signer's key.
    pub signature_intact: bool,
    /// Whether the signer chains to the given trust anchor (None: no anchor given).
    pub trusted: Option<bool>,
    /// The document's Info keywords (the report names its assessment and version there).
    pub keywords: Vec<String>,
    /// Why the PDF is not valid; empty when it is.
    pub problems: Vec<String>,
}

impl PdfVerification {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the signature of `pdf`; `trust` is a certificate the signer must be or chain to.
pub fn verify_pdf(pdf: &[u8], trust: Option<&Certificate>) -> PdfVerification {
    let mut v = PdfVerification {
        file_sha256: crate::scan::readers::hex(&Sha256::digest(pdf)),
        ..PdfVerification::default()
    };
    let doc = match lopdf::Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => {
            v.problems
                .push(format!("the PDF structure is damaged ({e})"));
            return v;
        }
    };
    v.keywords = info_keywords(&doc);
    let sigs: Vec<&Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"ByteRange") && d.has(b"Contents"))
        .collect();
    let sig = match sigs.as_slice() {
        [] => {
            v.problems.push("the PDF is not signed".into());
            return v;
        }
        [one] => *one,
        _ => {
            v.problems.push(format!(
                "the PDF has {} signatures; dpia reports carry exactly one",
                sigs.len()
            ));
            return v;
        }
    };
    let text = |key: &[u8]| sig.get(key).and_then(Object::as_str).ok().map(decode_text);
    v.sub_filter = sig
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned());
    v.reason = text(b"Reason");
    v.location = text(b"Location");
    v.signed_at = text(b"M").as_deref().and_then(parse_pdf_date);
    if !matches!(
        v.sub_filter.as_deref(),
        Some("ETSI.CAdES.detached" | "adbe.pkcs7.detached")
    ) {
        v.problems.push(format!(
            "unsupported signature type {}",
            v.sub_filter.as_deref().unwrap_or("(none)")
        ));
        return v;
    }
    let hole = match byte_range(sig, pdf) {
        Ok(hole) => hole,
        Err(problem) => {
            v.problems.push(problem);
            return v;
        }
    };
    v.covers_whole_file = true;
    let Some(cms) = decode_hex(&pdf[hole.0 + 1..hole.1 - 1]) else {
        v.problems
            .push("the signature hole does not hold hex digits".into());
        return v;
    };
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..hole.0]);
    hasher.update(&pdf[hole.1..]);
    let digest = hasher.finalize();
    let check = match verify_detached(&cms, &digest) {
        Ok(check) => check,
        Err(problem) => {
            v.problems
                .push(format!("the signature is invalid: {problem}"));
            return v;
        }
    };
    v.signature_intact = true;
    v.signer = Some(Signer {
        common_name: certs::common_name(&check.signer),
        subject: certs::subject(&check.signer),
        fingerprint: certs::fingerprint(&check.signer),
        certificate_pem: certificate_pem(&check.signer).unwrap_or_default(),
    });
    if v.sub_filter.as_deref() == Some("ETSI.CAdES.detached") && !check.binds_certificate {
        v.problems.push(
            "the CAdES signature lacks the signing-certificate-v2 attribute that binds the certificate"
                .into(),
        );
    }
    match v.signed_at {
        Some(at) => {
            if let Err(problem) = certs::usable_for_signing(&check.signer, at) {
                v.problems.push(problem);
            }
        }
        None => v
            .problems
            .push("the signature has no readable signing time (/M)".into()),
    }
    if let Some(anchor) = trust {
        match certs::chains_to(&check.signer, &check.certificates, anchor) {
            Ok(()) => v.trusted = Some(true),
            Err(problem) => {
                v.trusted = Some(false);
                v.problems.push(problem);
            }
        }
    }
    v
}

/// The signature hole `(start of '<', end after '>')` after checking that `/ByteRange`
/// covers the whole file except exactly that hole.
fn byte_range(sig: &Dictionary, pdf: &[u8]) -> Result<(usize, usize), String> {
    let numbers: Vec<usize> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| "the signature's /ByteRange is not an array".to_string())?
        .iter()
        .map(|o| o.as_i64().ok().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<Vec<_>>>()
        .ok_or("the signature's /ByteRange holds a value that is not a count")?;
    let [0, a, b, c] = numbers[..] else {
        return Err(format!(
            "the signature's /ByteRange {numbers:?} does not start at byte 0 with two ranges"
        ));
    };
    if a >= b || b.checked_add(c) != Some(pdf.len()) {
        return Err(format!(
            "the signature does not cover the whole file: it signs bytes 0..{a} and {b}..{}, the file has {} bytes (something was appended or cut)",
            b.saturating_add(c),
            pdf.len()
        ));
    }
    if pdf.get(a) != Some(&b'<') || pdf.get(b - 1) != Some(&b'>') {
        return Err(
            "the unsigned gap of /ByteRange is not exactly the /Contents hex string".into(),
        );
    }
    Ok((a, b))
}

fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

fn info_keywords(doc: &lopdf::Document) -> Vec<String> {
    let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
    else {
        return Vec::new();
    };
    info.get(b"Keywords")
        .and_then(Object::as_str)
        .map(decode_text)
        .map(|k| {
            k.split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}
