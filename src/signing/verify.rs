//! Verifying a signed PDF as a validator does, signature by signature: each signature's byte
//! range must leave out exactly that signature dictionary's `/Contents` (located through the
//! cross-reference table) and span a whole revision; the last one must span the whole file
//! (nothing appended), earlier ones may be followed only by further signatures
//! ([`super::revisions`]). The CMS must match the signed bytes; the signer's certificate must
//! be usable at the signing time (the time-stamp's time when there is a valid one, else the
//! signer's claimed `/M`), and, given trusted certificates, chain to one of them
//! ([`super::path`]). Problems are listed per signature; none anywhere means intact.

use super::certs;
use super::cms::verify_detached;
use super::keys::certificate_pem;
use super::path::{self, Usage};
use super::pdf_objects::{decode_text, parse_pdf_date};
use super::pdf_read::{self, contents_span, decode_hex, info_keywords, is_revision_end};
use super::revisions::later_changes;
use super::timestamp::{check_token, TimestampCheck};
use lopdf::{Dictionary, Document, Object, ObjectId};
use x509_cert::Certificate;

/// Who signed, as the certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub common_name: String,
    pub subject: String,
    /// SHA-256 of the certificate, colon-separated hex.
    pub fingerprint: String,
    pub certificate_pem: String,
    /// Whether the certificate is self-signed (issuer = subject).
    pub self_signed: bool,
}

/// One signature of a PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The signature field's name (`/T`), e.g. `dpo` or `controller` in a dpia report.
    pub field: String,
    pub signer: Option<Signer>,
    /// The signing time the signer claims (`/M`), seconds since 1970.
    pub claimed_time: Option<u64>,
    /// The RFC 3161 signature time-stamp, if the signature has one.
    pub timestamp: Option<TimestampCheck>,
    pub sub_filter: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// "SHA-256", "SHA-384" or "SHA-512".
    pub digest: Option<String>,
    /// Which revision of the file it signs (1 = the first signature's).
    pub revision: usize,
    /// The signed revision is bytes `0..revision_end` of the file.
    pub revision_end: usize,
    /// SHA-256 of those bytes: the file as this signer produced it.
    pub revision_sha256: String,
    /// The byte range spans the whole file.
    pub covers_whole_file: bool,
    /// Changes after this signature that are not further signatures.
    pub later_changes: Vec<String>,
    /// The CMS signature matches the signed bytes and the signer's key.
    pub signature_intact: bool,
    /// Whether the signer chains to a trusted certificate (None: none given).
    pub trusted: Option<bool>,
    /// Why this signature is not valid; empty when it is.
    pub problems: Vec<String>,
}

impl SignatureCheck {
    /// The signing time to rely on: the time-stamp's when it is valid, else the claim.
    pub fn signing_time(&self) -> Option<u64> {
        match &self.timestamp {
            Some(ts) if ts.problems.is_empty() => Some(ts.time),
            _ => self.claimed_time,
        }
    }

    /// Whether the signing time comes from a valid time-stamp rather than the signer.
    pub fn time_is_stamped(&self) -> bool {
        self.timestamp
            .as_ref()
            .is_some_and(|t| t.problems.is_empty())
    }
}

/// The outcome of checking a PDF's signatures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfVerification {
    /// SHA-256 of the whole file, lower-case hex.
    pub file_sha256: String,
    /// The document's Info keywords (the report names its assessment and version there).
    pub keywords: Vec<String>,
    /// Every signature, in the order they were made.
    pub signatures: Vec<SignatureCheck>,
    /// Problems of the file as a whole (unreadable, damaged).
    pub problems: Vec<String>,
}

impl PdfVerification {
    /// Whether the file holds at least one signature.
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty()
    }

    /// Readable, signed, and no signature has a problem.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
            && self.is_signed()
            && self.signatures.iter().all(|s| s.problems.is_empty())
    }

    /// Every problem, each signature's prefixed with its field name when there are several.
    pub fn all_problems(&self) -> Vec<String> {
        let mut out = self.problems.clone();
        let several = self.signatures.len() > 1;
        for s in &self.signatures {
            for p in &s.problems {
                out.push(if several {
                    format!("signature '{}': {p}", s.field)
                } else {
                    p.clone()
                });
            }
        }
        out
    }

    /// The signature made last (the one that must cover the whole file).
    pub fn last(&self) -> Option<&SignatureCheck> {
        self.signatures.last()
    }
}

/// Checks every signature of `pdf`; `anchors` (possibly empty) are the trusted certificates
/// the signers must be, or chain to.
pub fn verify_pdf(pdf: &[u8], anchors: &[Certificate]) -> PdfVerification {
    let mut v = PdfVerification {
        file_sha256: crate::digest::sha256_hex(pdf),
        ..PdfVerification::default()
    };
    let doc = match pdf_read::load(pdf) {
        Ok(doc) => doc,
        Err(e) => {
            v.problems.push(e);
            return v;
        }
    };
    v.keywords = info_keywords(&doc);
    let mut found: Vec<(ObjectId, &Dictionary, Result<Range, String>)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| Some((*id, o.as_dict().ok()?)))
        .filter(|(_, d)| d.has(b"ByteRange") && d.has(b"Contents"))
        .map(|(id, d)| (id, d, byte_range(d, pdf.len())))
        .collect();
    found.sort_by_key(|(id, _, r)| (r.as_ref().map_or(usize::MAX, |r| r.end), *id));
    // A signature dictionary of an earlier revision that a later one replaced is no longer
    // among the objects; its bytes still are.
    let in_bytes = pdf
        .windows(b"/ByteRange".len())
        .filter(|w| *w == b"/ByteRange")
        .count();
    if in_bytes > found.len() {
        v.problems.push(format!(
            "the file holds {in_bytes} signature dictionaries but its current revision shows {}: a signature was removed or replaced by a later change",
            found.len()
        ));
    }
    let last = found.len();
    for (i, (id, sig, range)) in found.into_iter().enumerate() {
        let mut check = SignatureCheck {
            field: field_name(&doc, id),
            revision: i + 1,
            ..SignatureCheck::default()
        };
        describe(&mut check, sig);
        match range {
            Ok(range) => {
                check_one(&mut check, pdf, &doc, id, range, anchors, i + 1 == last);
            }
            Err(problem) => check.problems.push(problem),
        }
        v.signatures.push(check);
    }
    v
}

/// A signature's byte range: `0..hole_start` and `hole_end..end`.
#[derive(Debug, Clone, Copy)]
struct Range {
    hole_start: usize,
    hole_end: usize,
    end: usize,
}

fn describe(check: &mut SignatureCheck, sig: &Dictionary) {
    let text = |key: &[u8]| sig.get(key).and_then(Object::as_str).ok().map(decode_text);
    check.sub_filter = sig
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned());
    check.reason = text(b"Reason");
    check.location = text(b"Location");
    check.claimed_time = text(b"M").as_deref().and_then(parse_pdf_date);
}

fn check_one(
    check: &mut SignatureCheck,
    pdf: &[u8],
    doc: &Document,
    id: ObjectId,
    range: Range,
    anchors: &[Certificate],
    is_last: bool,
) {
    if !matches!(
        check.sub_filter.as_deref(),
        Some("ETSI.CAdES.detached" | "adbe.pkcs7.detached")
    ) {
        check.problems.push(format!(
            "unsupported signature type {}",
            check.sub_filter.as_deref().unwrap_or("(none)")
        ));
        return;
    }
    let revision = &pdf[..range.end];
    check.revision_end = range.end;
    check.revision_sha256 = crate::digest::sha256_hex(revision);
    check.covers_whole_file = range.end == pdf.len();
    if is_last && !check.covers_whole_file {
        check.problems.push(format!(
            "the signature does not cover the whole file: it signs bytes 0..{} and {}..{}, the file has {} bytes (something was appended or cut)",
            range.hole_start, range.hole_end, range.end, pdf.len()
        ));
        return;
    }
    if !is_last && !is_revision_end(pdf, range.end) {
        check.problems.push(
            "the signature's byte range does not end where a revision of the file ends".into(),
        );
        return;
    }
    // The document as this signer signed it.
    let signed_doc;
    let at_revision = if check.covers_whole_file {
        doc
    } else {
        match pdf_read::load(revision) {
            Ok(d) => {
                signed_doc = d;
                &signed_doc
            }
            Err(e) => {
                check
                    .problems
                    .push(format!("the signed revision cannot be read: {e}"));
                return;
            }
        }
    };
    if let Err(problem) = gap_is_contents(revision, at_revision, id, range) {
        check.problems.push(problem);
        return;
    }
    let Some(cms) = decode_hex(&pdf[range.hole_start + 1..range.hole_end - 1]) else {
        check
            .problems
            .push("the signature hole does not hold hex digits".into());
        return;
    };
    let cms_check = match verify_detached(
        &cms,
        &[&pdf[..range.hole_start], &pdf[range.hole_end..range.end]],
    ) {
        Ok(c) => c,
        Err(problem) => {
            check
                .problems
                .push(format!("the signature is invalid: {problem}"));
            return;
        }
    };
    check.signature_intact = true;
    check.digest = Some(cms_check.digest.name().to_string());
    let signer = &cms_check.signer;
    check.signer = Some(Signer {
        common_name: certs::common_name(signer),
        subject: certs::subject(signer),
        fingerprint: certs::fingerprint(signer),
        certificate_pem: certificate_pem(signer).unwrap_or_default(),
        self_signed: signer.tbs_certificate().issuer() == signer.tbs_certificate().subject(),
    });
    if check.sub_filter.as_deref() == Some("ETSI.CAdES.detached") && !cms_check.binds_certificate {
        check.problems.push(
            "the CAdES signature lacks the signing-certificate-v2 attribute that binds the certificate"
                .into(),
        );
    }
    if let Some(token) = &cms_check.timestamp_token {
        match check_token(token, &cms_check.signature_value, anchors) {
            Ok(ts) => {
                check.problems.extend(ts.problems.iter().cloned());
                check.timestamp = Some(ts);
            }
            Err(problem) => check
                .problems
                .push(format!("the signature time-stamp is invalid: {problem}")),
        }
    }
    match check.signing_time() {
        Some(at) => {
            if let Err(problem) = certs::usable_for_signing(signer, at) {
                check.problems.push(problem.to_string());
            }
            if !anchors.is_empty() {
                match path::validate(
                    signer,
                    &cms_check.certificates,
                    anchors,
                    at,
                    Usage::DocumentSigning,
                ) {
                    Ok(_) => check.trusted = Some(true),
                    Err(problem) => {
                        check.trusted = Some(false);
                        check.problems.push(problem);
                    }
                }
            }
        }
        None => check
            .problems
            .push("the signature has no readable signing time (/M)".into()),
    }
    if !is_last {
        check.later_changes = later_changes(at_revision, doc);
        for change in &check.later_changes {
            check.problems.push(format!(
                "after this signature, {change} (only further signatures may follow)"
            ));
        }
    }
}

/// Checks that the unsigned gap is exactly this dictionary's `/Contents` value and that its
/// bytes are the value lopdf parsed.
fn gap_is_contents(
    revision: &[u8],
    doc: &Document,
    id: ObjectId,
    range: Range,
) -> Result<(), String> {
    let wrong = "the unsigned gap of /ByteRange is not exactly the signature's /Contents";
    let (start, end) = contents_span(revision, doc, id).map_err(|e| format!("{wrong}: {e}"))?;
    if (start, end) != (range.hole_start, range.hole_end) {
        return Err(format!(
            "{wrong}: the gap is bytes {}..{}, /Contents is at {start}..{end}",
            range.hole_start, range.hole_end
        ));
    }
    let parsed = doc
        .get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"Contents").ok())
        .and_then(|c| c.as_str().ok());
    let in_gap = decode_hex(&revision[start + 1..end - 1]);
    if parsed.is_none() || parsed != in_gap.as_deref() {
        return Err(format!("{wrong}: their bytes differ"));
    }
    Ok(())
}

/// The byte range after checking its shape: starts at 0, two ranges around a `<…>` hole,
/// within the file.
fn byte_range(sig: &Dictionary, file_len: usize) -> Result<Range, String> {
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
    let end = b.checked_add(c).filter(|&e| e <= file_len && a < b);
    let Some(end) = end else {
        return Err(format!(
            "the signature does not cover the whole file: it signs bytes 0..{a} and {b}..{}, the file has {file_len} bytes (something was appended or cut)",
            b.saturating_add(c)
        ));
    };
    Ok(Range {
        hole_start: a,
        hole_end: b,
        end,
    })
}

/// The name of the signature field whose value is the signature dictionary `sig`.
fn field_name(doc: &Document, sig: ObjectId) -> String {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"V").and_then(Object::as_reference).ok() == Some(sig))
        .and_then(|d| d.get(b"T").and_then(Object::as_str).ok())
        .map(decode_text)
        .unwrap_or_else(|| format!("signature {}", sig.0))
}
