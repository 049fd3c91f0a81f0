//! Tests of the export signature: trust, rebuilt exports, bad signature files, and time-stamps
//! from the in-process RFC 3161 authority of the signing tests.

use super::*;
use crate::signing::Subject;

const EXPORT: &str = r#"{"assessments":[{"id":"a"}],"events":[{"hash":"h1"},{"hash":"h2"}],"format":"dpia-record","scans":{},"schema_version":2,"versions":[{},{}]}"#;

fn creds(name: &str) -> Credentials {
    let subject = Subject {
        name: name.into(),
        email: "dpo@example.org".into(),
        organisation: None,
        country: None,
    };
    Credentials::generate(&subject, 1_790_000_000).unwrap()
}

fn signed(c: &Credentials) -> String {
    let m = metadata_of(EXPORT.as_bytes(), "2026-11-25T10:00:00Z", "Anna").unwrap();
    assert_eq!((m.assessments, m.versions, m.events), (1, 2, 2));
    assert_eq!(m.record_head.as_deref(), Some("h2"));
    sign_export(m, c, None).unwrap().text
}

#[test]
fn a_signed_export_verifies_with_the_signers_certificate_only() {
    let dpo = creds("Dr. Jonas Berger");
    let sig = signed(&dpo);
    let ok = verify_export(EXPORT.as_bytes(), &sig, &[dpo.certificate().clone()]).unwrap();
    assert_eq!(ok.metadata.exported_by, "Anna");
    assert!(ok.trusted_by.contains("Jonas Berger"), "{}", ok.trusted_by);
    let other = creds("Mallory");
    assert!(matches!(
        verify_export(EXPORT.as_bytes(), &sig, &[other.certificate().clone()]),
        Err(ExportSignatureError::Untrusted(_))
    ));
}

#[test]
fn a_rebuilt_export_or_edited_metadata_is_refused() {
    let dpo = creds("Dr. Jonas Berger");
    let anchors = [dpo.certificate().clone()];
    let sig = signed(&dpo);
    // The export changed (a version dropped), hashes recomputed or not: refused.
    let rebuilt = EXPORT.replace(r#"[{},{}]"#, "[{}]");
    assert!(matches!(
        verify_export(rebuilt.as_bytes(), &sig, &anchors),
        Err(ExportSignatureError::WrongExport { .. })
    ));
    // The metadata edited to match the rebuilt export: the CMS no longer holds.
    let mut file: ExportSignature = serde_json::from_str(&sig).unwrap();
    file.metadata.export_sha256 = sha256_hex(rebuilt.as_bytes());
    file.metadata.versions = 1;
    let forged = serde_json::to_string(&file).unwrap();
    assert!(matches!(
        verify_export(rebuilt.as_bytes(), &forged, &anchors),
        Err(ExportSignatureError::Invalid(_))
    ));
}

#[test]
fn a_signature_file_that_is_not_one_is_a_clear_error() {
    let dpo = creds("Dr. Jonas Berger");
    let anchors = [dpo.certificate().clone()];
    for (text, says) in [
        ("not json", "not a dpia export signature"),
        ("{\"format\": \"x\"}", "not a dpia export signature"),
    ] {
        let e = verify_export(EXPORT.as_bytes(), text, &anchors).unwrap_err();
        assert!(matches!(e, ExportSignatureError::Unreadable(_)), "{e}");
        assert!(e.to_string().contains(says), "{e}");
    }
    let mut file: ExportSignature = serde_json::from_str(&signed(&dpo)).unwrap();
    file.cms = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into();
    let e = verify_export(
        EXPORT.as_bytes(),
        &serde_json::to_string(&file).unwrap(),
        &anchors,
    )
    .unwrap_err();
    assert!(matches!(e, ExportSignatureError::Unreadable(_)), "{e}");
}

mod time_stamped {
    use super::*;
    use crate::signing::test_pki::{issue, Spec, AT};
    use crate::signing::timestamp::tests::{authority, Fault};
    use der::{Decode, Encode};

    fn metadata() -> ExportMetadata {
        metadata_of(EXPORT.as_bytes(), "2026-11-25T10:00:00Z", "Anna").unwrap()
    }

    #[test]
    fn a_time_stamped_export_signature_names_the_trusted_time_and_authority() {
        let root = issue(&Spec::ca("ACME Root CA"), None);
        let dpo = issue(&Spec::signer("Dr. Jonas Berger"), Some(&root)).credentials(&[]);
        let tsa = authority(&root, true, AT + 5, Fault::None);
        let signed = sign_export(metadata(), &dpo, Some(&tsa)).unwrap();
        let made = signed.timestamp.clone().expect("a time-stamp");
        assert!(
            made.authority.contains("ACME Time-Stamping Authority"),
            "{made:?}"
        );
        let ok = verify_export(
            EXPORT.as_bytes(),
            &signed.text,
            std::slice::from_ref(&root.cert),
        )
        .unwrap();
        assert_eq!(ok.timestamp, Some(made.clone()));
        assert_eq!(made.time, crate::clock::Now::at(AT + 5).rfc3339());
        // Without --tsa there is none.
        let plain = sign_export(metadata(), &dpo, None).unwrap();
        assert_eq!(plain.timestamp, None);
        let ok = verify_export(
            EXPORT.as_bytes(),
            &plain.text,
            std::slice::from_ref(&root.cert),
        )
        .unwrap();
        assert_eq!(ok.timestamp, None);
    }

    #[test]
    fn an_authority_outside_the_trusted_certificates_is_refused() {
        let root = issue(&Spec::ca("ACME Root CA"), None);
        let dpo = issue(&Spec::signer("Dr. Jonas Berger"), Some(&root)).credentials(&[]);
        let other = issue(&Spec::ca("Other Root"), None);
        let tsa = authority(&other, true, AT, Fault::None);
        let signed = sign_export(metadata(), &dpo, Some(&tsa)).unwrap();
        let e = verify_export(
            EXPORT.as_bytes(),
            &signed.text,
            std::slice::from_ref(&root.cert),
        )
        .unwrap_err();
        assert!(matches!(e, ExportSignatureError::Timestamp(_)), "{e}");
        assert!(e.to_string().contains("not trusted"), "{e}");
        let both = [root.cert.clone(), other.cert.clone()];
        assert!(verify_export(EXPORT.as_bytes(), &signed.text, &both).is_ok());
        // A reply over something else is refused when signing.
        let wrong = authority(&root, true, AT, Fault::OtherImprint);
        assert!(sign_export(metadata(), &dpo, Some(&wrong)).is_err());
    }

    /// The signature file `into` with the time-stamp token of the signature file `from`.
    fn with_token_of(from: &str, into: &str) -> String {
        let parse = |text: &str| -> (ExportSignature, cms::signed_data::SignedData) {
            let file: ExportSignature = serde_json::from_str(text).unwrap();
            let (_, der) = der::pem::decode_vec(file.cms.as_bytes()).unwrap();
            let sd = crate::signing::cms::signed_data(&der).unwrap();
            (file, sd)
        };
        let (_, donor) = parse(from);
        let (mut file, mut target) = parse(into);
        let token = donor.signer_infos.0.as_slice()[0].unsigned_attrs.clone();
        let mut signer = target.signer_infos.0.as_slice()[0].clone();
        signer.unsigned_attrs = token;
        let mut set = der::asn1::SetOfVec::new();
        set.insert(signer).unwrap();
        target.signer_infos = cms::signed_data::SignerInfos(set);
        let info = cms::content_info::ContentInfo {
            content_type: der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2"),
            content: der::Any::encode_from(&target).unwrap(),
        };
        let der = info.to_der().unwrap();
        assert!(cms::content_info::ContentInfo::from_der(&der).is_ok());
        file.cms = der::pem::encode_string("CMS", der::pem::LineEnding::LF, &der).unwrap();
        serde_json::to_string(&file).unwrap()
    }

    #[test]
    fn a_time_stamp_taken_from_another_signature_is_refused() {
        let root = issue(&Spec::ca("ACME Root CA"), None);
        let dpo = issue(&Spec::signer("Dr. Jonas Berger"), Some(&root)).credentials(&[]);
        let tsa = authority(&root, true, AT + 5, Fault::None);
        // The token of a signature over other metadata (a later export): another imprint.
        let other = metadata_of(EXPORT.as_bytes(), "2026-11-26T10:00:00Z", "Anna").unwrap();
        let first = sign_export(other, &dpo, Some(&tsa)).unwrap();
        let plain = sign_export(metadata(), &dpo, None).unwrap();
        let forged = with_token_of(&first.text, &plain.text);
        let anchors = [root.cert.clone()];
        assert!(verify_export(EXPORT.as_bytes(), &plain.text, &anchors).is_ok());
        let e = verify_export(EXPORT.as_bytes(), &forged, &anchors).unwrap_err();
        assert!(matches!(e, ExportSignatureError::Timestamp(_)), "{e}");
        assert!(e.to_string().contains("something else"), "{e}");
    }
}
