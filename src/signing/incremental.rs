//! Signing a finished PDF by appending an incremental update. The original bytes are never
//! touched: the update adds a signature dictionary with a reserved `/Contents` hole and the
//! signature field that points to it, then an xref section and a trailer pointing back to
//! the original. The byte range covers everything but the hole, and the CMS signature over
//! it is written into the hole.
//!
//! Two ways to place the signature: a new field (with a widget on the page that shows the
//! signature box, added to the page's `/Annots` and the AcroForm), optionally creating empty
//! fields for later signers at their boxes; or, when the PDF has an empty field of the
//! signer's name, filling that field: it gains `/V` and an appearance and nothing else
//! changes, so earlier signatures stay valid (see [`super::revisions`]).

use super::appearance;
use super::cms::{build_cades, DigestAlg};
use super::error::SigningError;
use super::fields::{add_annotations, page_id, rect_object, rect_of, widget, Form};
use super::keys::Credentials;
use super::pdf_objects::{pdf_date, text_string, write_dictionary, write_object_at};
use super::pdf_read;
use super::timestamp::{self, TimestampAuthority};
use lopdf::{Dictionary, Object, ObjectId};

/// What the signature dictionary and its field say about the signing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignatureFields {
    /// The field the signature goes into (`/T`): created at `place`, or filled when the PDF
    /// has an empty field of this name. Letters, digits, `-` and `_`.
    pub field: String,
    /// The signer's name (`/Name`).
    pub name: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// How to reach the signer (`/ContactInfo`), e.g. an email address.
    pub contact: Option<String>,
    /// Signing time, seconds since 1970 (`/M`).
    pub signed_at: u64,
    /// Where a new field's widget goes; None for an invisible signature on the first page.
    pub place: Option<WidgetPlace>,
    /// Empty signature fields to create for later signers.
    pub empty_fields: Vec<EmptyField>,
    /// The visible signature as a one-page PDF drawn at the field's place (page
    /// coordinates); None when the page content already shows it.
    pub appearance: Option<Vec<u8>>,
}

/// A visible signature field: page index (from 0) and [x1, y1, x2, y2] in pt.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WidgetPlace {
    pub page: usize,
    pub rect: [f32; 4],
}

/// An empty signature field left for a later signer.
#[derive(Debug, Clone, PartialEq)]
pub struct EmptyField {
    pub name: String,
    pub place: WidgetPlace,
}

/// Width of the `/ByteRange [...]` placeholder; the final numbers are space-padded into it.
const BYTE_RANGE_WIDTH: usize = 60;
/// Room kept for a signature time-stamp token in the hole.
const TIMESTAMP_RESERVE: usize = 16 * 1024;

pub(super) fn pdf_err(message: impl Into<String>) -> SigningError {
    SigningError::Pdf(message.into())
}

/// Where the signature field comes from.
enum Target {
    /// A new field on this page.
    New { page: ObjectId, rect: [f32; 4] },
    /// An empty field of the PDF, filled.
    Fill {
        id: ObjectId,
        dict: Dictionary,
        rect: [f32; 4],
    },
}

/// The bytes of the update being written, with the offsets of its objects.
pub(super) struct Update {
    pub(super) out: Vec<u8>,
    pub(super) offsets: Vec<(u32, u16, usize)>,
}

impl Update {
    pub(super) fn object(&mut self, id: ObjectId, object: &Object) -> Result<(), SigningError> {
        self.offsets.push((id.0, id.1, self.out.len()));
        write_object_at(&mut self.out, id, object).map_err(pdf_err)
    }
}

/// Returns `pdf` with a PAdES signature (SubFilter `ETSI.CAdES.detached`) appended, with a
/// signature time-stamp from `tsa` when given.
pub fn sign_pdf(
    pdf: &[u8],
    fields: &SignatureFields,
    creds: &Credentials,
    tsa: Option<&dyn TimestampAuthority>,
) -> Result<Vec<u8>, SigningError> {
    for name in std::iter::once(&fields.field).chain(fields.empty_fields.iter().map(|f| &f.name)) {
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(pdf_err(format!(
                "'{name}' is not a usable signature field name"
            )));
        }
    }
    let doc = pdf_read::load(pdf).map_err(pdf_err)?;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_err("the trailer has no /Root"))?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| pdf_err("the trailer's /Size is missing or invalid"))?;
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| pdf_err("the catalog cannot be read"))?
        .clone();
    let form = Form::read(&doc, &catalog)?;
    let target = match form.field(&doc, &fields.field) {
        Some((id, dict)) if dict.has(b"V") => {
            return Err(pdf_err(format!(
                "the PDF is already signed in the field '{}' ({} {} R)",
                fields.field, id.0, id.1
            )))
        }
        Some((id, dict)) => {
            let rect =
                rect_of(&dict).ok_or_else(|| pdf_err("the empty signature field has no /Rect"))?;
            Target::Fill { id, dict, rect }
        }
        None => {
            let place = fields.place.unwrap_or_default();
            Target::New {
                page: page_id(&doc, place.page)?,
                rect: place.rect,
            }
        }
    };

    // Size the hole from a dry run over a dummy digest; ECDSA signatures vary by a few bytes.
    let reserve = build_cades(creds, &[0u8; 32], None)?.len()
        + 512
        + if tsa.is_some() { TIMESTAMP_RESERVE } else { 0 };

    let mut up = Update {
        out: pdf.to_vec(),
        offsets: Vec::new(),
    };
    if up.out.last() != Some(&b'\n') {
        up.out.push(b'\n');
    }
    let mut next = size;
    let mut take = || {
        next += 1;
        next - 1
    };
    let sig_num = take();
    let (hole_start, hole_end, range_at) =
        write_signature_dictionary(&mut up, sig_num, fields, reserve);

    // The appearance: the caller's drawing, or an empty form when the page shows the box.
    let rect = match &target {
        Target::New { rect, .. } | Target::Fill { rect, .. } => *rect,
    };
    let look = match &fields.appearance {
        Some(page_pdf) => {
            let a = appearance::from_page(page_pdf, rect, take()).map_err(pdf_err)?;
            for _ in 1..a.objects.len() {
                take();
            }
            for (n, o) in &a.objects {
                up.object((*n, 0), o)?;
            }
            a.form
        }
        None => {
            let n = take();
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"XObject".to_vec()));
            d.set("Subtype", Object::Name(b"Form".to_vec()));
            d.set(
                "BBox",
                rect_object([0.0, 0.0, rect[2] - rect[0], rect[3] - rect[1]]),
            );
            d.set("Resources", Object::Dictionary(Dictionary::new()));
            up.object((n, 0), &Object::Stream(lopdf::Stream::new(d, Vec::new())))?;
            n
        }
    };
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference((look, 0)));

    // The field (widget merged in), and empty fields for later signers.
    let mut new_fields: Vec<(ObjectId, ObjectId)> = Vec::new(); // (field, page)
    match target {
        Target::Fill { id, mut dict, .. } => {
            dict.set("V", Object::Reference((sig_num, 0)));
            dict.set("AP", Object::Dictionary(ap));
            up.object(id, &Object::Dictionary(dict))?;
        }
        Target::New { page, rect } => {
            let id = (take(), 0);
            let mut d = widget(&fields.field, page, rect, 132);
            d.set("V", Object::Reference((sig_num, 0)));
            d.set("AP", Object::Dictionary(ap));
            up.object(id, &Object::Dictionary(d))?;
            new_fields.push((id, page));
        }
    }
    for empty in &fields.empty_fields {
        if form.field(&doc, &empty.name).is_some() {
            continue;
        }
        let page = page_id(&doc, empty.place.page)?;
        let id = (take(), 0);
        up.object(
            id,
            &Object::Dictionary(widget(&empty.name, page, empty.place.rect, 4)),
        )?;
        new_fields.push((id, page));
    }
    if !new_fields.is_empty() {
        form.add_fields(&mut up, &mut take, root, catalog, &new_fields)?;
        add_annotations(&doc, &mut up, &new_fields)?;
    }

    // Cross-reference section and trailer.
    let xref_at = up.out.len();
    up.out
        .extend_from_slice(xref_section(&mut up.offsets).as_bytes());
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(next)));
    trailer.set("Root", Object::Reference(root));
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Prev", Object::Integer(doc.xref_start as i64));
    up.out.extend_from_slice(b"trailer\n");
    write_dictionary(&mut up.out, &trailer).map_err(pdf_err)?;
    up.out
        .extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    let mut out = up.out;

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

    let digest = DigestAlg::Sha256.digest(&[&out[..hole_start], &out[hole_end..]]);
    let stamp = |signature: &[u8]| match tsa {
        Some(tsa) => timestamp::stamp(tsa, signature),
        None => Err(SigningError::Timestamp("no authority".into())),
    };
    let cms = build_cades(creds, &digest, tsa.map(|_| &stamp as super::cms::Stamp<'_>))?;
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

/// Where the PDF's empty signature field `name` is (None: it has no such empty field).
pub fn empty_field_place(pdf: &[u8], name: &str) -> Result<Option<WidgetPlace>, SigningError> {
    let doc = pdf_read::load(pdf).map_err(pdf_err)?;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_err("the trailer has no /Root"))?;
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| pdf_err("the catalog cannot be read"))?;
    let form = Form::read(&doc, catalog)?;
    let Some((_, field)) = form.field(&doc, name).filter(|(_, d)| !d.has(b"V")) else {
        return Ok(None);
    };
    let rect = rect_of(&field).ok_or_else(|| pdf_err("the empty signature field has no /Rect"))?;
    let page_ref = field.get(b"P").and_then(Object::as_reference).ok();
    let page = doc
        .get_pages()
        .into_iter()
        .find(|(_, id)| Some(*id) == page_ref)
        .map_or(0, |(n, _)| n as usize - 1);
    Ok(Some(WidgetPlace { page, rect }))
}

/// Writes the signature dictionary with placeholders; returns the hole (offset of `<`,
/// offset after `>`) and where the byte range placeholder is.
fn write_signature_dictionary(
    up: &mut Update,
    num: u32,
    fields: &SignatureFields,
    reserve: usize,
) -> (usize, usize, usize) {
    up.offsets.push((num, 0, up.out.len()));
    let out = &mut up.out;
    out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
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
    (hole_start, hole_end, range_at)
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
