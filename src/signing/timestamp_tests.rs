//! Signature time-stamps against an in-process RFC 3161 authority built here (the
//! integration tests use `openssl ts` behind a local HTTP server): the token is requested,
//! checked and embedded; verification uses its time for the certificate and checks the
//! authority's certificate; a wrong imprint, nonce or EKU is caught.

use super::*;
use crate::signing::test_pki::{issue, Issued, Spec, AT};
use crate::signing::tests::{fields, report};
use crate::signing::{sign_pdf, verify_pdf};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::SetOfVec;
use signature::Signer;
use std::time::Duration;
use x509_cert::attr::Attribute;

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Fault {
    None,
    OtherImprint,
    OtherNonce,
}

pub(crate) struct LocalTsa {
    tsa: Issued,
    time: u64,
    fault: Fault,
}

fn attr(oid: der::oid::ObjectIdentifier, value: Any) -> Attribute {
    let mut values = SetOfVec::new();
    values.insert(value).expect("value");
    Attribute { oid, values }
}

impl TimestampAuthority for LocalTsa {
    fn name(&self) -> String {
        "local test TSA".into()
    }

    fn send(&self, request: &[u8]) -> Result<Vec<u8>, String> {
        let req = TimeStampReq::from_der(request).map_err(|e| e.to_string())?;
        let mut message_imprint = req.message_imprint.clone();
        if self.fault == Fault::OtherImprint {
            message_imprint = imprint(DigestAlg::Sha256, b"something else").expect("imprint");
        }
        let nonce = match self.fault {
            Fault::OtherNonce => Some(int(42).expect("int")),
            _ => req.nonce.clone(),
        };
        let info = TstInfo {
            version: 1,
            policy: der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.2"),
            message_imprint,
            serial_number: int(7).expect("int"),
            gen_time: GeneralizedTime::from_unix_duration(Duration::from_secs(self.time))
                .expect("time"),
            accuracy: None,
            ordering: false,
            nonce,
            tsa: None,
            extensions: None,
        };
        let content = info.to_der().expect("tstinfo");
        let mut attrs = SetOfVec::new();
        attrs
            .insert(attr(
                oids::CONTENT_TYPE,
                Any::encode_from(&oids::TST_INFO).expect("ct"),
            ))
            .expect("attr");
        let digest = OctetString::new(DigestAlg::Sha256.digest(&[&content])).expect("digest");
        attrs
            .insert(attr(
                oids::MESSAGE_DIGEST,
                Any::encode_from(&digest).expect("md"),
            ))
            .expect("attr");
        let sig: p256::ecdsa::DerSignature = self.tsa.key.sign(&attrs.to_der().expect("attrs"));
        let tbs = self.tsa.cert.tbs_certificate();
        let signer = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: tbs.issuer().clone(),
                serial_number: tbs.serial_number().clone(),
            }),
            digest_alg: AlgorithmIdentifierOwned {
                oid: oids::SHA256,
                parameters: None,
            },
            signed_attrs: Some(attrs),
            signature_algorithm: AlgorithmIdentifierOwned {
                oid: oids::ECDSA_WITH_SHA256,
                parameters: None,
            },
            signature: OctetString::new(sig.to_bytes().to_vec()).expect("sig"),
            unsigned_attrs: None,
        };
        let mut certs = SetOfVec::new();
        certs
            .insert(CertificateChoices::Certificate(self.tsa.cert.clone()))
            .expect("cert");
        let mut digests = SetOfVec::new();
        digests
            .insert(AlgorithmIdentifierOwned {
                oid: oids::SHA256,
                parameters: None,
            })
            .expect("alg");
        let mut signers = SetOfVec::new();
        signers.insert(signer).expect("signer");
        let signed = SignedData {
            version: CmsVersion::V3,
            digest_algorithms: digests,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: oids::TST_INFO,
                econtent: Some(
                    Any::encode_from(&OctetString::new(content).expect("c")).expect("any"),
                ),
            },
            certificates: Some(CertificateSet(certs)),
            crls: None,
            signer_infos: SignerInfos(signers),
        };
        let token = ContentInfo {
            content_type: oids::SIGNED_DATA,
            content: Any::encode_from(&signed).expect("sd"),
        };
        TimeStampResp {
            status: PkiStatusInfo {
                status: 0,
                status_string: None,
                fail_info: None,
            },
            time_stamp_token: Some(Any::encode_from(&token).expect("token")),
        }
        .to_der()
        .map_err(|e| e.to_string())
    }
}

pub(crate) fn authority(root: &Issued, eku: bool, time: u64, fault: Fault) -> LocalTsa {
    let mut spec = Spec::signer("ACME Time-Stamping Authority");
    spec.eku = eku.then(|| vec![oids::EKU_TIME_STAMPING]);
    LocalTsa {
        tsa: issue(&spec, Some(root)),
        time,
        fault,
    }
}

#[test]
fn a_time_stamped_signature_carries_the_authoritys_time() {
    let root = issue(&Spec::ca("ACME Root CA"), None);
    let signer = issue(&Spec::signer("Anna Muster"), Some(&root));
    let tsa = authority(&root, true, AT + 5, Fault::None);
    let bytes = sign_pdf(&report(), &fields(), &signer.credentials(&[]), Some(&tsa)).expect("sign");
    let v = verify_pdf(&bytes, std::slice::from_ref(&root.cert));
    assert!(v.is_valid(), "{:?}", v.all_problems());
    let s = &v.signatures[0];
    let ts = s.timestamp.as_ref().expect("time-stamp");
    assert_eq!(ts.time, AT + 5);
    assert_eq!(ts.trusted, Some(true));
    assert!(ts.authority.contains("ACME Time-Stamping Authority"));
    assert!(s.time_is_stamped());
    assert_eq!(s.signing_time(), Some(AT + 5));
}

#[test]
fn certificate_validity_is_judged_at_the_stamped_time_not_the_claim() {
    let root = issue(&Spec::ca("ACME Root CA"), None);
    let mut spec = Spec::signer("Anna Muster");
    spec.until = AT + 3600;
    let signer = issue(&spec, Some(&root));
    // The claim (/M) is inside the validity, the authority's time is a day after expiry.
    let late = authority(&root, true, AT + 86_400, Fault::None);
    let bytes =
        sign_pdf(&report(), &fields(), &signer.credentials(&[]), Some(&late)).expect("sign");
    let v = verify_pdf(&bytes, std::slice::from_ref(&root.cert));
    assert!(
        v.all_problems()
            .iter()
            .any(|p| p.contains("not valid at the signing time")),
        "{:?}",
        v.all_problems()
    );
    // Without a time-stamp the same claim passes: the claim is all there is.
    let bytes = sign_pdf(&report(), &fields(), &signer.credentials(&[]), None).expect("sign");
    assert!(verify_pdf(&bytes, std::slice::from_ref(&root.cert)).is_valid());
}

#[test]
fn a_reply_for_something_else_is_refused_when_signing() {
    let root = issue(&Spec::ca("ACME Root CA"), None);
    let signer = issue(&Spec::signer("Anna Muster"), Some(&root));
    for (fault, expected) in [
        (Fault::OtherImprint, "something else"),
        (Fault::OtherNonce, "nonce"),
    ] {
        let tsa = authority(&root, true, AT, fault);
        let e = sign_pdf(&report(), &fields(), &signer.credentials(&[]), Some(&tsa))
            .expect_err("refused");
        assert!(e.to_string().contains(expected), "{e}");
    }
}

#[test]
fn an_authority_without_time_stamping_eku_or_trust_is_reported() {
    let root = issue(&Spec::ca("ACME Root CA"), None);
    let signer = issue(&Spec::signer("Anna Muster"), Some(&root));
    let no_eku = authority(&root, false, AT, Fault::None);
    let bytes = sign_pdf(
        &report(),
        &fields(),
        &signer.credentials(&[]),
        Some(&no_eku),
    )
    .expect("sign");
    let v = verify_pdf(&bytes, &[]);
    assert!(
        v.all_problems().iter().any(|p| p.contains("timeStamping")),
        "{:?}",
        v.all_problems()
    );
    // A valid authority of another PKI is not trusted by the signer's root alone.
    let other_root = issue(&Spec::ca("Other Root"), None);
    let foreign = authority(&other_root, true, AT, Fault::None);
    let bytes = sign_pdf(
        &report(),
        &fields(),
        &signer.credentials(&[]),
        Some(&foreign),
    )
    .expect("sign");
    let v = verify_pdf(&bytes, std::slice::from_ref(&root.cert));
    let ts = v.signatures[0].timestamp.as_ref().expect("ts");
    assert_eq!(ts.trusted, Some(false));
    assert!(!v.is_valid());
    let both = [root.cert.clone(), other_root.cert.clone()];
    assert!(verify_pdf(&bytes, &both).is_valid());
}
