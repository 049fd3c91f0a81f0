//! Two signatures on one report (issue 13): the first signer leaves an empty field, the
//! second fills it with a visible appearance; the first signature stays valid and covers its
//! revision, and any change other than a further signature is reported against it.

use super::tests::{creds, fields, find, report, SIGNED_AT};
use super::*;

const CONTROLLER_BOX: [f32; 4] = [56.7, 200.0, 538.6, 380.0];

fn first(c: &Credentials) -> Vec<u8> {
    let mut f = fields();
    f.empty_fields = vec![EmptyField {
        name: "controller".into(),
        place: WidgetPlace {
            page: 0,
            rect: CONTROLLER_BOX,
        },
    }];
    sign_pdf(&report(), &f, c, None).expect("first signature")
}

fn second(pdf: &[u8], c: &Credentials) -> Vec<u8> {
    let place = incremental::empty_field_place(pdf, "controller")
        .expect("read")
        .expect("empty field");
    assert_eq!(place.rect, CONTROLLER_BOX);
    let rows = vec![
        ("Role".to_string(), "Controller".to_string()),
        ("Signed by".to_string(), "Thomas Beispiel".to_string()),
    ];
    let look = crate::report::render_signature_box(&rows, place.rect, "2026-11-26T09:00:00Z")
        .expect("appearance");
    let f = SignatureFields {
        field: "controller".into(),
        name: "Thomas Beispiel".into(),
        signed_at: SIGNED_AT + 86_400,
        appearance: Some(look),
        ..SignatureFields::default()
    };
    sign_pdf(pdf, &f, c, None).expect("second signature")
}

#[test]
fn the_second_signature_fills_the_empty_field_and_keeps_the_first_valid() {
    let (dpo, controller) = (creds("Anna Muster"), creds("Thomas Beispiel"));
    let one = first(&dpo);
    let two = second(&one, &controller);
    assert!(
        two.starts_with(&one),
        "the first signed revision is kept byte for byte"
    );
    let anchors = [dpo.certificate().clone(), controller.certificate().clone()];
    let v = verify_pdf(&two, &anchors);
    assert!(v.is_valid(), "{:?}", v.all_problems());
    assert_eq!(v.signatures.len(), 2);
    let (a, b) = (&v.signatures[0], &v.signatures[1]);
    assert_eq!((a.field.as_str(), b.field.as_str()), ("dpo", "controller"));
    assert_eq!((a.revision, b.revision), (1, 2));
    assert!(!a.covers_whole_file && b.covers_whole_file);
    assert_eq!(a.revision_end, one.len());
    assert_eq!(a.revision_sha256, verify_pdf(&one, &[]).file_sha256);
    assert!(a.later_changes.is_empty(), "{:?}", a.later_changes);
    assert_eq!(a.trusted, Some(true));
    assert_eq!(b.trusted, Some(true));
    assert_eq!(
        b.signer.as_ref().map(|s| s.common_name.as_str()),
        Some("Thomas Beispiel")
    );
    // The appearance carries its own font, so the controller's block is real text.
    let text = String::from_utf8_lossy(&two[one.len()..]);
    assert!(
        text.contains("/FontFile2"),
        "the appearance embeds its font"
    );
}

#[test]
fn a_field_is_signed_once() {
    let c = creds("Anna Muster");
    let one = first(&c);
    let err = sign_pdf(&one, &fields(), &c, None).expect_err("signed twice");
    assert!(
        err.to_string()
            .contains("already signed in the field 'dpo'"),
        "{err}"
    );
}

/// Appends an incremental update that rewrites object `id` with `body`.
fn rewrite(pdf: &[u8], id: u32, body: &str) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("load");
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(lopdf::Object::as_i64)
        .expect("size");
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .expect("root");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("info");
    let mut out = pdf.to_vec();
    let at = out.len();
    out.extend_from_slice(format!("{id} 0 obj\n{body}\nendobj\n").as_bytes());
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{id} 1\n{at:010} 00000 n\r\ntrailer\n<</Size {size} /Root {} 0 R /Info {} 0 R /Prev {}>>\nstartxref\n{xref}\n%%EOF\n",
            root.0, info.0, doc.xref_start
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_change_between_signatures_is_reported_against_the_first() {
    // Someone changes the Info keywords after the first signature, then signs again: the
    // second signature covers everything, but the first signer never approved the change.
    let (dpo, other) = (creds("Anna Muster"), creds("Mallory"));
    let one = first(&dpo);
    let doc = lopdf::Document::load_mem(&one).expect("load");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("info");
    let changed = rewrite(
        &one,
        info.0,
        "<</Title (Nothing to see) /Keywords (dpia-assessment:other)>>",
    );
    let two = second(&changed, &other);
    let v = verify_pdf(&two, &[]);
    assert!(!v.is_valid());
    let first = &v.signatures[0];
    assert!(
        first.signature_intact,
        "the first signature itself is intact"
    );
    assert!(
        first
            .later_changes
            .iter()
            .any(|c| c.contains("document information")),
        "{:?}",
        first.later_changes
    );
    assert!(
        v.signatures[1].problems.is_empty(),
        "{:?}",
        v.signatures[1].problems
    );
}

#[test]
fn an_update_that_is_not_a_signature_after_the_last_signature_is_caught() {
    // ISA (A15): new content after signing, with its own xref and trailer.
    let one = first(&creds("Anna Muster"));
    let doc = lopdf::Document::load_mem(&one).expect("load");
    let page = *doc.get_pages().get(&1).expect("page");
    let page_dict = doc.get_dictionary(page).expect("page dict").clone();
    let mut body = Vec::new();
    let mut d = page_dict;
    d.set("Rotate", lopdf::Object::Integer(180));
    pdf_objects::write_dictionary(&mut body, &d).expect("write");
    let changed = rewrite(&one, page.0, &String::from_utf8_lossy(&body));
    let v = verify_pdf(&changed, &[]);
    assert!(!v.is_valid());
    assert!(
        v.all_problems()
            .iter()
            .any(|p| p.contains("does not cover the whole file")),
        "{:?}",
        v.all_problems()
    );
    assert!(find(&changed, b"/Rotate 180").is_some());
}

#[test]
fn a_signature_replaced_by_a_later_revision_is_caught() {
    // The first signature's dictionary is overwritten, then someone signs the whole file:
    // the current revision shows one signature, the bytes hold two.
    let one = first(&creds("Anna Muster"));
    let doc = lopdf::Document::load_mem(&one).expect("load");
    let (sig_id, _) = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"ByteRange")))
        .expect("signature dictionary");
    let gone = rewrite(&one, sig_id.0, "<</Type /Annot /Subtype /Text>>");
    let two = second(&gone, &creds("Mallory"));
    let v = verify_pdf(&two, &[]);
    assert!(!v.is_valid());
    assert!(
        v.problems.iter().any(|p| p.contains("removed or replaced")),
        "{:?}",
        v.all_problems()
    );
}
