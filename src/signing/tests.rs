//! Sign-then-verify round trips on a real rendered report, and the tampering a verifier must
//! catch. (pdfsig and pyHanko check the same files in the integration tests.)

use super::cms::{build_cades, DigestAlg};
use super::test_pki::{issue, Spec};
use super::*;
use crate::report::document::{Block, Document, Metadata};
use crate::report::{pdf, RenderOptions};

pub(super) const SIGNED_AT: u64 = 1_795_600_800; // 2026-11-25T10:00:00Z

pub(super) fn creds(name: &str) -> Credentials {
    Credentials::generate(
        &Subject {
            name: name.into(),
            email: "dpo@example.org".into(),
            organisation: Some("Hausverwaltung Müller GmbH".into()),
            country: Some("DE".into()),
        },
        SIGNED_AT - 3600,
    )
    .expect("generate")
}

pub(crate) fn report() -> Vec<u8> {
    let doc = Document {
        title: "DPIA".into(),
        metadata: Metadata {
            title: "DPIA – Schäden".into(),
            author: "DPO".into(),
            subject: "DPIA".into(),
            keywords: vec!["DPIA".into(), "dpia-assessment:abc".into()],
            lang: crate::lang::Lang::De,
            assessment_id: "abc".into(),
            version_id: "def".into(),
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Datenschutz-Folgenabschätzung".into(),
            },
            Block::Paragraph("Prüfung ".repeat(300)),
        ],
        footer: "page {page} of {pages}".into(),
        draft_mark: "DRAFT".into(),
        toc_title: "Inhalt".into(),
    };
    let options = RenderOptions {
        created_at: "2026-11-25T10:00:00Z".into(),
        draft: false,
    };
    pdf::render(&doc, &options).expect("render")
}

pub(crate) fn fields() -> SignatureFields {
    SignatureFields {
        field: "dpo".into(),
        name: "Łukasz Żółć".into(),
        reason: Some("DPIA approved".into()),
        location: Some("Kraków".into()),
        contact: Some("dpo@example.org".into()),
        signed_at: SIGNED_AT,
        place: Some(WidgetPlace {
            page: 0,
            rect: [56.7, 400.0, 538.6, 480.0],
        }),
        ..SignatureFields::default()
    }
}

fn signed(c: &Credentials) -> Vec<u8> {
    sign_pdf(&report(), &fields(), c, None).expect("sign")
}

fn only(v: &PdfVerification) -> &SignatureCheck {
    assert_eq!(v.signatures.len(), 1, "{v:?}");
    &v.signatures[0]
}

#[test]
fn signed_report_verifies_with_its_certificate_as_trust_anchor() {
    let c = creds("Test DPO");
    let bytes = signed(&c);
    let v = verify_pdf(&bytes, &[c.certificate().clone()]);
    assert!(v.is_valid(), "{:?}", v.all_problems());
    let s = only(&v);
    assert!(s.covers_whole_file && s.signature_intact);
    assert_eq!(s.trusted, Some(true));
    assert_eq!(s.claimed_time, Some(SIGNED_AT));
    assert_eq!(s.signing_time(), Some(SIGNED_AT));
    assert!(!s.time_is_stamped());
    assert_eq!(s.field, "dpo");
    assert_eq!(s.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    assert_eq!(s.digest.as_deref(), Some("SHA-256"));
    assert_eq!(s.reason.as_deref(), Some("DPIA approved"));
    assert_eq!(s.location.as_deref(), Some("Kraków"));
    assert_eq!(s.revision_sha256, v.file_sha256);
    let signer = s.signer.as_ref().expect("signer");
    assert_eq!(signer.common_name, "Test DPO");
    assert!(signer.self_signed);
    assert_eq!(signer.fingerprint, certs::fingerprint(c.certificate()));
    assert!(v.keywords.contains(&"dpia-assessment:abc".to_string()));
    assert!(
        bytes.starts_with(&report()),
        "the original bytes must be kept"
    );
}

#[test]
fn without_trusted_certificates_the_signer_is_not_checked() {
    let v = verify_pdf(&signed(&creds("Test DPO")), &[]);
    assert!(v.is_valid(), "{:?}", v.all_problems());
    assert_eq!(only(&v).trusted, None);
}

#[test]
fn a_byte_changed_in_the_signed_range_is_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    let at = bytes.len() / 4;
    bytes[at] ^= 0x01;
    let v = verify_pdf(&bytes, &[]);
    assert!(!v.is_valid());
    assert!(!only(&v).signature_intact);
}

#[test]
fn a_byte_changed_inside_the_signature_is_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    let hole = find(&bytes, b"/Contents <").expect("contents") + 11;
    let at = hole + 600;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let v = verify_pdf(&bytes, &[]);
    assert!(!v.is_valid(), "a changed signature passed");
}

#[test]
fn bytes_appended_after_eof_are_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    bytes.extend_from_slice(b"% appended\n");
    let v = verify_pdf(&bytes, &[]);
    assert!(!v.is_valid());
    let s = only(&v);
    assert!(!s.covers_whole_file);
    assert!(
        s.problems[0].contains("does not cover the whole file"),
        "{:?}",
        s.problems
    );
}

#[test]
fn another_trust_anchor_is_not_trusted() {
    let bytes = signed(&creds("Test DPO"));
    let other = creds("Someone else");
    let v = verify_pdf(&bytes, &[other.certificate().clone()]);
    let s = only(&v);
    assert_eq!(s.trusted, Some(false));
    assert!(s.signature_intact);
    assert!(!v.is_valid());
}

#[test]
fn unsigned_pdf_and_garbage_are_not_valid_and_not_panics() {
    let v = verify_pdf(&report(), &[]);
    assert!(!v.is_signed() && v.problems.is_empty() && !v.is_valid());
    let v = verify_pdf(b"not a pdf at all", &[]);
    assert!(v.problems[0].contains("damaged"), "{:?}", v.problems);
}

#[test]
fn signing_time_outside_the_certificate_is_invalid() {
    let c = creds("Test DPO");
    let mut f = fields();
    f.signed_at = SIGNED_AT + 10 * 365 * 86_400;
    let bytes = sign_pdf(&report(), &f, &c, None).expect("sign");
    let v = verify_pdf(&bytes, &[]);
    let s = only(&v);
    assert!(s.signature_intact);
    assert!(
        s.problems[0].contains("not valid at the signing time"),
        "{:?}",
        s.problems
    );
}

#[test]
fn a_chain_issued_by_a_ca_is_trusted_through_the_signature_certificates() {
    let root = issue(&Spec::ca("ACME Root CA"), None);
    let ca = issue(&Spec::ca("ACME Issuing CA"), Some(&root));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&ca));
    let bytes = sign_pdf(&report(), &fields(), &leaf.credentials(&[&ca]), None).expect("sign");
    let v = verify_pdf(&bytes, std::slice::from_ref(&root.cert));
    assert!(v.is_valid(), "{:?}", v.all_problems());
    assert_eq!(only(&v).trusted, Some(true));
    // H1: a certificate minted by an end entity is refused in the PDF as well.
    let bob = issue(&Spec::signer("Bob Employee"), Some(&root));
    let forged = issue(&Spec::signer("Anna Muster"), Some(&bob));
    let bytes = sign_pdf(&report(), &fields(), &forged.credentials(&[&bob]), None).expect("sign");
    let v = verify_pdf(&bytes, std::slice::from_ref(&root.cert));
    assert_eq!(only(&v).trusted, Some(false));
    assert!(
        v.all_problems().iter().any(|p| p.contains("not a CA")),
        "{:?}",
        v.all_problems()
    );
}

#[test]
fn ed25519_keys_are_refused_with_a_reason() {
    // PKCS#8 wrapping of an Ed25519 private key (RFC 8410 layout).
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(&[7u8; 32]);
    let pem = der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &der).expect("pem");
    let cert = creds("x").chain_pem().expect("cert");
    let err = Credentials::from_pem(&pem, "ed.pem", &cert, "cert.pem", "").expect_err("refused");
    assert!(matches!(err, SigningError::Ed25519Refused { .. }));
    assert!(err.to_string().contains("Ed25519"));
}

#[test]
fn an_rsa_key_under_2048_bits_is_refused_when_loaded() {
    // L7/A61: refused before signing, not an internal error after it.
    use pkcs8::EncodePrivateKey;
    let weak = rsa::PrivateKey::new(&mut rand::rng(), 1024).expect("rsa");
    let pem = weak.to_pkcs8_pem(der::pem::LineEnding::LF).expect("pem");
    let cert = creds("x").chain_pem().expect("cert");
    let err = Credentials::from_pem(&pem, "weak.pem", &cert, "cert.pem", "").expect_err("weak");
    assert!(matches!(err, SigningError::WeakKey { .. }), "{err}");
    assert!(err.to_string().contains("1024 bits"), "{err}");
}

/// M2: a signer-crafted file whose ByteRange gap is a hex string in a content stream, with
/// garbage in the signature dictionary's `/Contents`. The CMS in the gap is genuine.
fn gap_elsewhere(c: &Credentials) -> Vec<u8> {
    let base = report();
    let doc = lopdf::Document::load_mem(&base).expect("load");
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(lopdf::Object::as_i64)
        .expect("size") as u32;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .expect("root");
    let mut out = base.clone();
    let placeholder = format!("<{}>", "0".repeat(8000));
    let content = format!("BT /F1 1 Tf {placeholder} Tj ET");
    let stream_at = out.len();
    out.extend_from_slice(
        format!(
            "{size} 0 obj\n<</Length {}>>\nstream\n{content}\nendstream\nendobj\n",
            content.len()
        )
        .as_bytes(),
    );
    let sig_at = out.len();
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <DEADBEEF> /M (D:20261125100000+00'00')>>\nendobj\n",
            size + 1
        )
        .as_bytes(),
    );
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{size} 2\n{stream_at:010} 00000 n\r\n{sig_at:010} 00000 n\r\ntrailer\n<</Size {} /Root {} {} R /Prev {}>>\nstartxref\n{xref_at}\n%%EOF\n",
            size + 2,
            root.0,
            root.1,
            doc.xref_start
        )
        .as_bytes(),
    );
    let a = find(&out, placeholder.as_bytes()).expect("placeholder");
    let b = a + placeholder.len();
    let range = format!("/ByteRange [0 {a:010} {b:010} {:010}]", out.len() - b);
    let at = find(&out, b"/ByteRange [0 0000000000").expect("range");
    out[at..at + range.len()].copy_from_slice(range.as_bytes());
    let digest = DigestAlg::Sha256.digest(&[&out[..a], &out[b..]]);
    let cms = build_cades(c, &digest, None).expect("cms");
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[a + 1..a + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    out
}

#[test]
fn a_byte_range_gap_that_is_not_the_signatures_contents_is_refused() {
    let c = creds("Anna Muster");
    let bytes = gap_elsewhere(&c);
    let v = verify_pdf(&bytes, &[c.certificate().clone()]);
    assert!(!v.is_valid());
    let problems = v.all_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("not exactly the signature's /Contents")),
        "{problems:?}"
    );
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
