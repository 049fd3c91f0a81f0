//! One test per path-validation rule (security review H1, L7, L8), each on a chain built for
//! it: a CA path that holds, and the paths pyHanko refuses.

use super::certs;
use super::oids;
use super::path::{validate, Usage};
use super::test_pki::{issue, issue_for, Issued, Spec, AT};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

fn root() -> Issued {
    issue(&Spec::ca("ACME Root CA"), None)
}

fn check(leaf: &Issued, chain: &[&Issued], anchors: &[&Issued]) -> Result<usize, String> {
    let intermediates: Vec<_> = chain.iter().map(|i| i.cert.clone()).collect();
    let anchors: Vec<_> = anchors.iter().map(|i| i.cert.clone()).collect();
    validate(
        &leaf.cert,
        &intermediates,
        &anchors,
        AT,
        Usage::DocumentSigning,
    )
    .map(|a| a.intermediates)
}

#[test]
fn a_leaf_issued_through_a_ca_is_trusted() {
    let root = root();
    let ca = issue(&Spec::ca("ACME Issuing CA"), Some(&root));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&ca));
    assert_eq!(check(&leaf, &[&ca], &[&root]), Ok(1));
    let direct = issue(&Spec::signer("Anna Muster"), Some(&root));
    assert_eq!(check(&direct, &[], &[&root]), Ok(0));
}

#[test]
fn a_chain_through_an_end_entity_is_refused() {
    // H1/A43: Bob, an ordinary signer of the organisation's CA, mints "Anna Muster".
    let root = root();
    let bob = issue(&Spec::signer("Bob Employee"), Some(&root));
    let forged = issue(&Spec::signer("Anna Muster"), Some(&bob));
    let e = check(&forged, &[&bob], &[&root]).expect_err("refused");
    assert!(e.contains("is not a CA"), "{e}");
}

#[test]
fn an_intermediate_without_basic_constraints_is_refused() {
    // A44.
    let root = root();
    let mut spec = Spec::ca("No Constraints");
    spec.ca = None;
    spec.key_usage = Some(KeyUsage(KeyUsages::DigitalSignature.into()));
    let mid = issue(&spec, Some(&root));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&mid));
    let e = check(&leaf, &[&mid], &[&root]).expect_err("refused");
    assert!(e.contains("is not a CA"), "{e}");
}

#[test]
fn an_intermediate_ca_without_key_cert_sign_is_refused() {
    let root = root();
    let mut spec = Spec::ca("CRL Signer Only");
    spec.key_usage = Some(KeyUsage(KeyUsages::CRLSign.into()));
    let mid = issue(&spec, Some(&root));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&mid));
    let e = check(&leaf, &[&mid], &[&root]).expect_err("refused");
    assert!(
        e.contains("keyCertSign") && e.contains("CRL Signer Only"),
        "{e}"
    );
}

#[test]
fn an_expired_intermediate_is_refused_and_named() {
    // A45: the intermediate expired in 2021; the signature is from 2026.
    let root = root();
    let mut spec = Spec::ca("Old Issuing CA");
    spec.from = 1_577_836_800; // 2020-01-01
    spec.until = 1_609_459_200; // 2021-01-01
    let mid = issue(&spec, Some(&root));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&mid));
    let e = check(&leaf, &[&mid], &[&root]).expect_err("refused");
    assert!(e.contains("Old Issuing CA") && e.contains("expired"), "{e}");
}

#[test]
fn a_path_longer_than_path_len_allows_is_refused() {
    // A46: root → CA (pathLen 0) → sub-CA → leaf.
    let root = root();
    let mut spec = Spec::ca("Policy CA");
    spec.path_len = Some(0);
    let policy = issue(&spec, Some(&root));
    let sub = issue(&Spec::ca("Sub CA"), Some(&policy));
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&sub));
    let e = check(&leaf, &[&sub, &policy], &[&root]).expect_err("refused");
    assert!(e.contains("pathLenConstraint"), "{e}");
}

#[test]
fn a_leaf_for_servers_only_is_refused_with_or_without_a_chain() {
    // L7/A55: extendedKeyUsage serverAuth only.
    let root = root();
    let mut spec = Spec::signer("Web Server");
    spec.eku = Some(vec![der::oid::ObjectIdentifier::new_unwrap(
        "1.3.6.1.5.5.7.3.1",
    )]);
    let leaf = issue(&spec, Some(&root));
    let e = check(&leaf, &[], &[&root]).expect_err("refused");
    assert!(e.contains("extended key usage"), "{e}");
    let e = certs::usable_for_signing(&leaf.cert, AT)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("1.3.6.1.5.5.7.3.1"), "{e}");
}

#[test]
fn accepted_extended_key_usages_and_none() {
    let root = root();
    for eku in [
        None,
        Some(vec![oids::EKU_DOCUMENT_SIGNING]),
        Some(vec![oids::EKU_ADOBE_AUTHENTIC_DOCUMENTS]),
        Some(vec![oids::EKU_EMAIL_PROTECTION]),
        Some(vec![oids::EKU_ANY]),
    ] {
        let mut spec = Spec::signer("Anna Muster");
        spec.eku = eku.clone();
        let leaf = issue(&spec, Some(&root));
        assert_eq!(check(&leaf, &[], &[&root]), Ok(0), "{eku:?}");
        assert_eq!(certs::usable_for_signing(&leaf.cert, AT), Ok(()), "{eku:?}");
    }
}

#[test]
fn an_unknown_critical_extension_is_refused() {
    // L7/A59.
    let root = root();
    let mut spec = Spec::signer("Anna Muster");
    spec.unknown_critical = true;
    let leaf = issue(&spec, Some(&root));
    let e = check(&leaf, &[], &[&root]).expect_err("refused");
    assert!(e.contains("critical extension"), "{e}");
    let e = certs::usable_for_signing(&leaf.cert, AT)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("critical extension"), "{e}");
}

#[test]
fn every_certificate_of_a_trust_bundle_is_an_anchor() {
    // L8/A62: [unrelated, root] trusts a leaf of root.
    let root = root();
    let unrelated = issue(&Spec::ca("Unrelated CA"), None);
    let leaf = issue(&Spec::signer("Anna Muster"), Some(&root));
    assert_eq!(check(&leaf, &[], &[&unrelated, &root]), Ok(0));
    let e = check(&leaf, &[], &[&unrelated]).expect_err("refused");
    assert!(e.contains("does not chain"), "{e}");
}

#[test]
fn a_self_signed_leaf_given_as_trusted_is_trusted_even_with_ca_true() {
    // `openssl req -x509` certificates say cA=true.
    let mut spec = Spec::signer("Other Signer");
    spec.ca = Some(true);
    let own = issue(&spec, None);
    assert_eq!(check(&own, &[], &[&own]), Ok(0));
}

#[test]
fn a_signer_certificate_expired_at_the_signing_time_is_refused() {
    let root = root();
    let mut spec = Spec::signer("Anna Muster");
    spec.until = AT - 86_400;
    let leaf = issue(&spec, Some(&root));
    let e = check(&leaf, &[], &[&root]).expect_err("refused");
    assert!(e.contains("Anna Muster") && e.contains("expired"), "{e}");
}

#[test]
fn rsa_keys_under_2048_bits_are_refused() {
    // L7/A57 and A61.
    use rsa::traits::PublicKeyParts as _;
    let root = root();
    let weak = rsa::PrivateKey::new(&mut rand::rng(), 1024).expect("rsa");
    let public = rsa::PublicKey::from(&weak);
    assert_eq!(public.n().bit_width(), 1024);
    let spki = spki::SubjectPublicKeyInfoOwned::from_key(&public).expect("spki");
    let cert = issue_for(&Spec::signer("Weak Key"), spki, Some(&root.cert), &root.key);
    let e = certs::key_strength(&cert).expect_err("weak");
    assert!(e.contains("1024 bits") && e.contains("2048"), "{e}");
    let e = validate(
        &cert,
        &[],
        std::slice::from_ref(&root.cert),
        AT,
        Usage::DocumentSigning,
    )
    .expect_err("weak");
    assert!(e.contains("1024 bits"), "{e}");
}

#[test]
fn time_stamping_needs_its_extended_key_usage() {
    let root = root();
    let mut spec = Spec::signer("ACME TSA");
    spec.eku = Some(vec![oids::EKU_TIME_STAMPING]);
    let tsa = issue(&spec, Some(&root));
    let anchors = [root.cert.clone()];
    assert!(validate(&tsa.cert, &[], &anchors, AT, Usage::TimeStamping).is_ok());
    let signer = issue(&Spec::signer("Anna Muster"), Some(&root));
    let e = validate(&signer.cert, &[], &anchors, AT, Usage::TimeStamping).expect_err("not a TSA");
    assert!(e.contains("timeStamping"), "{e}");
}

#[test]
fn an_expired_certificate_is_worded_for_the_signing_time_or_for_now() {
    // The validity reason is data (certs::NotUsable), worded by whoever asks: verify speaks
    // of the signing time, signing of now (no rewording of one message into the other).
    let why = certs::NotUsable::NotValidAt {
        from: 0,
        until: 86_400,
    };
    let verified = why.to_string();
    assert!(
        verified.contains("not valid at the signing time"),
        "{verified}"
    );
    assert!(verified.contains("1970-01-02"), "{verified}");
    let now = why.for_signing_now();
    assert!(
        now.starts_with("the certificate is not valid now (valid 1970-01-01"),
        "{now}"
    );
    let refused = certs::NotUsable::Refused("its key algorithm 1.2.3 is not RSA or ECDSA".into());
    assert_eq!(refused.to_string(), refused.for_signing_now());
}
