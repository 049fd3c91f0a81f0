//! Sign-then-verify round trips on a real rendered report, and the tampering a verifier must
//! catch. (pdfsig and pyHanko check the same files in the integration tests.)

use super::*;
use crate::report::document::{Block, Document, Metadata};
use crate::report::{pdf, RenderOptions};

const SIGNED_AT: u64 = 1_795_600_800; // 2026-11-25T10:00:00Z

fn creds(name: &str) -> Credentials {
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

fn report() -> Vec<u8> {
    let doc = Document {
        title: "DPIA".into(),
        metadata: Metadata {
            title: "DPIA – Schäden".into(),
            author: "DPO".into(),
            subject: "DPIA".into(),
            keywords: vec!["DPIA".into(), "dpia-assessment:abc".into()],
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
    };
    let options = RenderOptions {
        created_at: "2026-11-25T10:00:00Z".into(),
        draft: false,
    };
    pdf::render(&doc, &options).expect("render")
}

fn fields() -> SignatureFields {
    SignatureFields {
        name: "Łukasz Żółć".into(),
        reason: Some("DPIA approved".into()),
        location: Some("Kraków".into()),
        contact: Some("dpo@example.org".into()),
        signed_at: SIGNED_AT,
        place: Some(WidgetPlace {
            page: 0,
            rect: [56.7, 400.0, 538.6, 480.0],
        }),
    }
}

fn signed(c: &Credentials) -> Vec<u8> {
    sign_pdf(&report(), &fields(), c).expect("sign")
}

#[test]
fn signed_report_verifies_with_its_certificate_as_trust_anchor() {
    let c = creds("Test DPO");
    let bytes = signed(&c);
    let v = verify_pdf(&bytes, Some(c.certificate()));
    assert!(v.is_valid(), "{:?}", v.problems);
    assert!(v.covers_whole_file && v.signature_intact);
    assert_eq!(v.trusted, Some(true));
    assert_eq!(v.signed_at, Some(SIGNED_AT));
    assert_eq!(v.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    assert_eq!(v.reason.as_deref(), Some("DPIA approved"));
    assert_eq!(v.location.as_deref(), Some("Kraków"));
    let signer = v.signer.expect("signer");
    assert_eq!(signer.common_name, "Test DPO");
    assert_eq!(signer.fingerprint, certs::fingerprint(c.certificate()));
    assert!(v.keywords.contains(&"dpia-assessment:abc".to_string()));
    assert!(
        bytes.starts_with(&report()),
        "the original bytes must be kept"
    );
}

#[test]
fn a_byte_changed_in_the_signed_range_is_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    // Inside the first range, in the page content far from any structure.
    let at = bytes.len() / 4;
    bytes[at] ^= 0x01;
    let v = verify_pdf(&bytes, None);
    assert!(!v.is_valid());
    assert!(!v.signature_intact);
}

#[test]
fn a_byte_changed_inside_the_signature_is_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    let hole = find(&bytes, b"/Contents <").expect("contents") + 11;
    // Flip a hex digit well inside the CMS (its signature value is near the end of the DER,
    // but any change to the CMS must be caught).
    let at = hole + 600;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let v = verify_pdf(&bytes, None);
    assert!(!v.is_valid(), "a changed signature passed");
}

#[test]
fn bytes_appended_after_eof_are_caught() {
    let mut bytes = signed(&creds("Test DPO"));
    bytes.extend_from_slice(b"% appended\n");
    let v = verify_pdf(&bytes, None);
    assert!(!v.is_valid());
    assert!(!v.covers_whole_file);
    assert!(
        v.problems[0].contains("does not cover the whole file"),
        "{:?}",
        v.problems
    );
}

#[test]
fn another_trust_anchor_is_not_trusted() {
    let bytes = signed(&creds("Test DPO"));
    let other = creds("Someone else");
    let v = verify_pdf(&bytes, Some(other.certificate()));
    assert_eq!(v.trusted, Some(false));
    assert!(v.signature_intact);
    assert!(!v.is_valid());
}

#[test]
fn unsigned_pdf_and_garbage_are_invalid_not_panics() {
    let v = verify_pdf(&report(), None);
    assert_eq!(v.problems, vec!["the PDF is not signed".to_string()]);
    let v = verify_pdf(b"not a pdf at all", None);
    assert!(v.problems[0].contains("damaged"), "{:?}", v.problems);
}

#[test]
fn signing_time_outside_the_certificate_is_invalid() {
    let c = creds("Test DPO");
    let mut f = fields();
    f.signed_at = SIGNED_AT + 10 * 365 * 86_400;
    let bytes = sign_pdf(&report(), &f, &c).expect("sign");
    let v = verify_pdf(&bytes, None);
    assert!(v.signature_intact);
    assert!(
        v.problems[0].contains("not valid at the signing time"),
        "{:?}",
        v.problems
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

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
