//! Signing a finished PDF by appending an incremental update: a signature dictionary with
//! a reserved `/Contents` hole, a signature field (widget on the first page), an AcroForm,
//! new revisions of the catalog and that page, an xref section and a trailer pointing back
//! to the original. The original bytes are never touched; the byte range covers everything
//! but the hole, and the CMS signature over it is written into the hole.

use super::cms::build_cades;
use super::error::SigningError;
use super::keys::Credentials;
use super::pdf_objects::{pdf_date, text_string, write_dictionary};
use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};

/// What the signature dictionary says about the signing.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureFields {
    /// The signer's name (`/Name`).
    pub name: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// How to reach the signer (`/ContactInfo`), e.g. an email address.
    pub contact: Option<String>,
    /// Signing time, seconds since 1970 (`/M`).
    pub signed_at: u64,
    /// Where the visible signature is on the page; None for an invisible signature on the
    /// first page.
    pub place: Option<WidgetPlace>,
}

/// A visible signature field: page index (from 0) and [x1, y1, x2, y2] in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WidgetPlace {
    pub page: usize,
    pub rect: [f32; 4],
}

/// Width of the `/ByteRange [...]` placeholder; the final numbers are space-padded into it.
const BYTE_RANGE_WIDTH: usize = 60;

fn pdf_err(message: impl Into<String>) -> SigningError {
    SigningError::Pdf(message.into())
}

/// Returns `pdf` with a PAdES signature (SubFilter `ETSI.CAdES.detached`) appended.
pub fn sign_pdf(
    pdf: &[u8],
    fields: &SignatureFields,
    creds: &Credentials,
) -> Result<Vec<u8>, SigningError> {
    let doc = lopdf::Document::load_mem(pdf)
        .map_err(|e| pdf_err(format!("the PDF cannot be read ({e})")))?;
    let prev = doc.xref_start;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_err("the trailer has no /Root"))?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .map_err(|_| pdf_err("the trailer has no /Size"))?;
    let size = u32::try_from(size).map_err(|_| pdf_err("the trailer's /Size is invalid"))?;
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| pdf_err("the catalog cannot be read"))?
        .clone();
    if catalog.has(b"AcroForm") {
        return Err(pdf_err(
            "the PDF already has a form or a signature; dpia signs the reports it renders",
        ));
    }
    let page_number = fields.place.map_or(1, |p| p.page as u32 + 1);
    let page_id = *doc
        .get_pages()
        .get(&page_number)
        .ok_or_else(|| pdf_err(format!("the PDF has no page {page_number}")))?;
    let mut page = doc
        .get_dictionary(page_id)
        .map_err(|_| pdf_err(format!("page {page_number} cannot be read")))?
        .clone();

    // Size the hole from a dry run over a dummy digest; ECDSA signatures vary by a few bytes.
    let reserve = build_cades(creds, &[0u8; 32])?.len() + 512;

    let mut out = pdf.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, u16, usize)> = Vec::new();
    let (sig_num, field_num, form_num, look_num) = (size, size + 1, size + 2, size + 3);

    // The signature dictionary.
    offsets.push((sig_num, 0, out.len()));
    out.extend_from_slice(format!("{sig_num} 0 obj\n").as_bytes());
    out.extend_from_slice(b"<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n");
    let range_at = out.len();
    out.extend_from_slice(
        format!(
            "{:<width$}\n",
            "/ByteRange [0 0 0 0]",
            width = BYTE_RANGE_WIDTH
        )
        .as_bytes(),
    );
    out.extend_from_slice(b"/Contents ");
    let hole_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', reserve * 2));
    out.push(b'>');
    let hole_end = out.len();
    let mut tail = format!("\n/M ({})", pdf_date(fields.signed_at));
    tail.push_str(&format!(" /Name {}", text_string(&fields.name)));
    for (key, value) in [
        ("Reason", &fields.reason),
        ("Location", &fields.location),
        ("ContactInfo", &fields.contact),
    ] {
        if let Some(v) = value {
            tail.push_str(&format!(" /{key} {}", text_string(v)));
        }
    }
    tail.push_str("\n>>\nendobj\n");
    out.extend_from_slice(tail.as_bytes());

    // The field and its widget (printed, locked) in one object: over the signature box the
    // page draws, with an empty appearance (the page content is the appearance), or
    // invisible on the first page.
    let [x1, y1, x2, y2] = fields.place.map_or([0.0; 4], |p| p.rect);
    offsets.push((field_num, 0, out.len()));
    out.extend_from_slice(
        format!(
            "{field_num} 0 obj\n<</Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V {sig_num} 0 R /F 132 /Rect [{x1:.2} {y1:.2} {x2:.2} {y2:.2}] /P {} {} R /AP <</N {look_num} 0 R>>>>\nendobj\n",
            page_id.0, page_id.1
        )
        .as_bytes(),
    );

    offsets.push((form_num, 0, out.len()));
    out.extend_from_slice(
        format!("{form_num} 0 obj\n<</Fields [{field_num} 0 R] /SigFlags 3>>\nendobj\n").as_bytes(),
    );

    offsets.push((look_num, 0, out.len()));
    out.extend_from_slice(
        format!(
            "{look_num} 0 obj\n<</Type /XObject /Subtype /Form /BBox [0 0 {:.2} {:.2}] /Resources <<>> /Length 0>>\nstream\n\nendstream\nendobj\n",
            x2 - x1,
            y2 - y1
        )
        .as_bytes(),
    );

    // New revisions of the catalog and the page.
    let mut catalog = catalog;
    catalog.set("AcroForm", Object::Reference((form_num, 0)));
    write_revision(&mut out, &mut offsets, root, &catalog)?;
    let field_ref = Object::Reference((field_num, 0));
    match page.get(b"Annots") {
        Err(_) => page.set("Annots", Object::Array(vec![field_ref])),
        Ok(Object::Array(existing)) => {
            let mut annots = existing.clone();
            annots.push(field_ref);
            page.set("Annots", Object::Array(annots));
        }
        Ok(_) => {
            return Err(pdf_err(
                "the page's /Annots is not a direct array; dpia signs the reports it renders",
            ))
        }
    }
    write_revision(&mut out, &mut offsets, page_id, &page)?;

    // Cross-reference section and trailer.
    let xref_at = out.len();
    out.extend_from_slice(xref_section(&mut offsets).as_bytes());
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(size + 4)));
    trailer.set("Root", Object::Reference(root));
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Prev", Object::Integer(prev as i64));
    out.extend_from_slice(b"trailer\n");
    write_dictionary(&mut out, &trailer).map_err(pdf_err)?;
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    // The byte range is part of the signed bytes: fill it in before hashing.
    let len = out.len();
    let range = format!("/ByteRange [0 {hole_start} {hole_end} {}]", len - hole_end);
    if range.len() > BYTE_RANGE_WIDTH {
        return Err(pdf_err(
            "the PDF is too large for the byte range placeholder",
        ));
    }
    let padded = format!("{range:<width$}", width = BYTE_RANGE_WIDTH);
    out[range_at..range_at + BYTE_RANGE_WIDTH].copy_from_slice(padded.as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(&out[..hole_start]);
    hasher.update(&out[hole_end..]);
    let digest = hasher.finalize();
    let cms = build_cades(creds, &digest)?;
    if cms.len() > reserve {
        return Err(pdf_err(format!(
            "the signature ({} bytes) does not fit the reserved {reserve} bytes",
            cms.len()
        )));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[hole_start + 1..hole_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

fn write_revision(
    out: &mut Vec<u8>,
    offsets: &mut Vec<(u32, u16, usize)>,
    id: ObjectId,
    dict: &Dictionary,
) -> Result<(), SigningError> {
    offsets.push((id.0, id.1, out.len()));
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    write_dictionary(out, dict).map_err(pdf_err)?;
    out.extend_from_slice(b"\nendobj\n");
    Ok(())
}

/// `xref` with one subsection per run of consecutive object numbers; every entry exactly
/// 20 bytes.
fn xref_section(offsets: &mut [(u32, u16, usize)]) -> String {
    offsets.sort_unstable();
    let mut s = String::from("xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 == offsets[j - 1].0 + 1 {
            j += 1;
        }
        s.push_str(&format!("{} {}\n", offsets[i].0, j - i));
        for &(_, generation, offset) in &offsets[i..j] {
            s.push_str(&format!("{offset:010} {generation:05} n\r\n"));
        }
        i = j;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_groups_consecutive_objects_with_twenty_byte_entries() {
        let mut offsets = vec![(22, 0, 300), (14, 0, 500), (23, 0, 400), (20, 0, 450)];
        let s = xref_section(&mut offsets);
        assert_eq!(
            s,
            "xref\n14 1\n0000000500 00000 n\r\n20 1\n0000000450 00000 n\r\n22 2\n0000000300 00000 n\r\n0000000400 00000 n\r\n"
        );
    }
}
