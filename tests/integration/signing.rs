//! `dpia keygen`, `sign` and `verify` on the bundled example, and the external validators
//! (pdfsig, pyHanko, qpdf, pdftotext, openssl for .p12 files) on the same signed reports.

use crate::util::{assessed, fixture, in_record, ok, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const PASS: &str = "correct horse battery";

pub(crate) fn keygen(dir: &Path, keys: &Path) {
    let out = crate::util::dpia()
        .env("DPIA_TEST_PASS", PASS)
        .env("DPIA_NOW", "2026-11-25T09:00:00Z")
        .arg("--record")
        .arg(dir)
        .args([
            "keygen",
            "--name",
            "Łukasz Żółć (DPO)",
            "--email",
            "dpo@example.org",
            "--org",
            "Hausverwaltung Müller GmbH",
            "--country",
            "de",
            "--passphrase-env",
            "DPIA_TEST_PASS",
            "--out",
        ])
        .arg(keys)
        .output()
        .expect("dpia runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

pub(crate) fn sign_with(dir: &Path, id: &str, out: &Path, key_args: &[&str], lang: &str) -> Output {
    sign_at(dir, id, out, key_args, lang, Some("2026-11-25T10:00:00Z"))
}

/// Signs at `now` (None: the real clock, for certificates openssl issued just now).
pub(crate) fn sign_at(
    dir: &Path,
    id: &str,
    out: &Path,
    key_args: &[&str],
    lang: &str,
    now: Option<&str>,
) -> Output {
    let mut cmd = crate::util::dpia();
    match now {
        Some(now) => cmd.env("DPIA_NOW", now),
        None => cmd.env_remove("DPIA_NOW"),
    };
    cmd.env("DPIA_TEST_PASS", PASS)
        .env("DPIA_AUTHOR", "Test DPO")
        .arg("--record")
        .arg(dir)
        .args(["sign", &id[..8], "--lang", lang, "--location", "Köln"])
        .args(key_args)
        .args(["--passphrase-env", "DPIA_TEST_PASS", "--out"])
        .arg(out)
        .output()
        .expect("dpia runs")
}

pub(crate) fn key_args(keys: &Path) -> Vec<String> {
    vec![
        "--key".into(),
        keys.join("key.pem").display().to_string(),
        "--cert".into(),
        keys.join("cert.pem").display().to_string(),
    ]
}

pub(crate) fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A signed report of the bundled example in a fresh record; returns (tmp, record, pdf, keys).
pub(crate) fn signed_example(lang: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let keys = tmp.path().join("keys");
    let (id, _) = assessed(&dir);
    keygen(&dir, &keys);
    let pdf = tmp.path().join("signed.pdf");
    let out = sign_with(&dir, &id, &pdf, &strs(&key_args(&keys)), lang);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (tmp, dir, pdf, keys)
}

pub(crate) fn verify(dir: &Path, pdf: &Path, trust: Option<&Path>) -> Output {
    let mut cmd = crate::util::dpia();
    cmd.arg("--record").arg(dir).arg("verify").arg(pdf);
    if let Some(t) = trust {
        cmd.arg("--trust").arg(t);
    }
    cmd.output().expect("dpia runs")
}

/// Tampered copies: a byte flipped in the signed range, a hex digit changed inside the
/// signature, bytes appended after %%EOF.
pub(crate) fn tampered(pdf: &Path) -> Vec<(&'static str, PathBuf)> {
    let bytes = std::fs::read(pdf).expect("read");
    let hole = find(&bytes, b"/Contents <").expect("contents") + b"/Contents <".len();
    let mut in_range = bytes.clone();
    in_range[bytes.len() / 3] ^= 0x01;
    // A hex digit inside the signature value itself, which ends the CMS structure (the
    // hole is padded with zeros after it).
    let end = hole
        + bytes[hole..]
            .iter()
            .position(|&b| b == b'>')
            .expect("end of hole");
    let last = bytes[hole..end]
        .iter()
        .rposition(|&b| b != b'0')
        .expect("signature");
    let mut in_signature = bytes.clone();
    let at = hole + last - 20;
    in_signature[at] = if in_signature[at] == b'A' { b'B' } else { b'A' };
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"% appended after signing\n");
    let dir = pdf.parent().expect("dir");
    [
        ("range", in_range),
        ("signature", in_signature),
        ("appended", appended),
    ]
    .into_iter()
    .map(|(name, b)| {
        let path = dir.join(format!("tampered-{name}.pdf"));
        std::fs::write(&path, b).expect("write");
        (name, path)
    })
    .collect()
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn keygen_sign_verify_and_audit_round_trip() {
    let (_tmp, dir, pdf, keys) = signed_example("en");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("key.pem"))
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "key.pem must be private");
    }
    let key = std::fs::read_to_string(keys.join("key.pem")).expect("key");
    assert!(key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let out = verify(&dir, &pdf, Some(&keys.join("cert.pem")));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains("result:      VALID"), "{text}");
    assert!(text.contains("trusted:     yes"), "{text}");
    assert!(text.contains("matches signed version #3"), "{text}");
    assert!(text.contains("signer:      Łukasz Żółć (DPO)"), "{text}");
    ok(&in_record(&dir, &["audit"]));
    let list = ok(&in_record(&dir, &["list"]));
    assert!(list.contains("signed"), "{list}");
}

#[test]
fn verify_exits_3_for_every_kind_of_tampering() {
    let (_tmp, dir, pdf, keys) = signed_example("en");
    for (name, path) in tampered(&pdf) {
        let out = verify(&dir, &path, Some(&keys.join("cert.pem")));
        assert_eq!(out.status.code(), Some(3), "{name}: {}", stdout(&out));
        assert!(stdout(&out).contains("INVALID"), "{name}: {}", stdout(&out));
    }
    let out = verify(&dir, &tampered(&pdf)[2].1, None);
    assert!(
        stdout(&out).contains("does not cover the whole file"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn verify_names_an_untrusted_signer_and_an_unsigned_file() {
    let (tmp, dir, pdf, _keys) = signed_example("en");
    let other = tmp.path().join("other");
    keygen(&dir, &other);
    let out = verify(&dir, &pdf, Some(&other.join("cert.pem")));
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("trusted:     no"), "{}", stdout(&out));
    let draft = tmp.path().join("draft.pdf");
    let (id, _) = assessed(&tmp.path().join("second"));
    ok(&in_record(
        &tmp.path().join("second"),
        &["export", &id[..8], "--pdf", draft.to_str().expect("utf-8")],
    ));
    let out = verify(&dir, &draft, None);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("the PDF is not signed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn sign_refuses_an_incomplete_assessment_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let keys = tmp.path().join("keys");
    let tool = fixture("example/damage-reports");
    let id = ok(&in_record(
        &dir,
        &[
            "new",
            tool.to_str().expect("utf-8"),
            "--title",
            "Damage reports",
        ],
    ));
    keygen(&dir, &keys);
    let pdf = tmp.path().join("signed.pdf");
    let out = sign_with(&dir, id.trim(), &pdf, &strs(&key_args(&keys)), "en");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("not complete"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
    assert!(!pdf.exists());
}

#[test]
fn wrong_passphrase_and_mismatched_key_are_clear_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let keys = tmp.path().join("keys");
    let other = tmp.path().join("other");
    keygen(&dir, &keys);
    keygen(&dir, &other);
    let pdf = tmp.path().join("signed.pdf");
    let out = crate::util::dpia()
        .env("DPIA_TEST_PASS", "not the passphrase")
        .arg("--record")
        .arg(&dir)
        .args([
            "sign",
            &id[..8],
            "--passphrase-env",
            "DPIA_TEST_PASS",
            "--out",
        ])
        .arg(&pdf)
        .args(strs(&key_args(&keys)))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("wrong passphrase"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("key.pem"), "{}", stderr(&out));
    let mixed = [
        "--key".to_string(),
        keys.join("key.pem").display().to_string(),
        "--cert".to_string(),
        other.join("cert.pem").display().to_string(),
    ];
    let out = sign_with(&dir, &id, &pdf, &strs(&mixed), "en");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("does not belong to the certificate"),
        "{}",
        stderr(&out)
    );
    assert!(!pdf.exists());
    // keygen refuses to overwrite an existing key.
    let out = crate::util::dpia()
        .env("DPIA_TEST_PASS", PASS)
        .args(["keygen", "--name", "X", "--email", "x@example.org"])
        .args(["--passphrase-env", "DPIA_TEST_PASS", "--out"])
        .arg(&keys)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
}

// ---- external validators ---------------------------------------------------------------

pub(crate) fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test ({e}); .ci/run installs it"))
}

pub(crate) fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub(crate) fn pdfsig(pdf: &Path) -> String {
    stdout(&tool("pdfsig", &[path_str(pdf)]))
}

/// The Python that has pyHanko: `DPIA_PYHANKO_PYTHON` (set by .ci/run), else `python3`.
pub(crate) fn pyhanko(pdf: &Path, trust: &Path) -> String {
    pyhanko_trusting(pdf, &[trust])
}

/// pyHanko's verdict on every signature of `pdf`, with each of `trust` as a trust root.
pub(crate) fn pyhanko_trusting(pdf: &Path, trust: &[&Path]) -> String {
    let python = std::env::var("DPIA_PYHANKO_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = r#"
import sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.keys import load_cert_from_pemder
from pyhanko_certvalidator import ValidationContext
vc = ValidationContext(trust_roots=[load_cert_from_pemder(p) for p in sys.argv[2:]], allow_fetching=False)
with open(sys.argv[1], "rb") as f:
    sigs = PdfFileReader(f, strict=False).embedded_signatures
    for sig in sigs:
        st = validate_pdf_signature(sig, vc)
        print(f"intact={st.intact} valid={st.valid} trusted={st.trusted} coverage={st.coverage.name}")
"#;
    let mut args = vec!["-c", script, path_str(pdf)];
    args.extend(trust.iter().map(|t| path_str(t)));
    let out = tool(&python, &args);
    assert!(
        out.status.success() || !stderr(&out).contains("ModuleNotFoundError"),
        "pyHanko is needed (set DPIA_PYHANKO_PYTHON): {}",
        stderr(&out)
    );
    format!("{}{}", stdout(&out), stderr(&out))
}

fn assert_accepted_by_validators(pdf: &Path, trust: &Path) {
    let sig = pdfsig(pdf);
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
    assert!(sig.contains("Total document signed"), "pdfsig: {sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "pdfsig: {sig}");
    let hanko = pyhanko(pdf, trust);
    assert!(
        hanko.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"),
        "pyHanko: {hanko}"
    );
    let qpdf = tool("qpdf", &["--check", path_str(pdf)]);
    assert!(qpdf.status.success(), "qpdf: {}", stdout(&qpdf));
}

fn assert_tampering_rejected(dir: &Path, pdf: &Path, trust: &Path) {
    for (name, path) in tampered(pdf) {
        let out = verify(dir, &path, Some(trust));
        assert_eq!(out.status.code(), Some(3), "dpia verify, {name}");
        if name == "appended" {
            assert!(
                !pdfsig(&path).contains("Total document signed"),
                "pdfsig, {name}"
            );
            continue;
        }
        let sig = pdfsig(&path);
        assert!(
            !sig.contains("Signature is Valid."),
            "pdfsig accepted {name}: {sig}"
        );
        let hanko = pyhanko(&path, trust);
        // A changed range breaks `intact`, a changed signature value breaks `valid`.
        assert!(
            hanko.contains("intact=") && !hanko.contains("intact=True valid=True"),
            "pyHanko accepted {name}: {hanko}"
        );
    }
}

#[test]
#[ignore = "needs pdfsig, pyHanko, qpdf, pdftotext: run by .ci/run"]
fn self_signed_report_passes_pdfsig_pyhanko_qpdf() {
    let (_tmp, dir, pdf, keys) = signed_example("de");
    let cert = keys.join("cert.pem");
    assert_accepted_by_validators(&pdf, &cert);
    let text = stdout(&tool("pdftotext", &[path_str(&pdf), "-"]));
    for heading in [
        "Datenschutz-Folgenabschätzung",
        "Risikomatrix (Schwere × Eintrittswahrscheinlichkeit)",
        "Signaturen",
        "Łukasz Żółć (DPO)",
    ] {
        assert!(
            text.contains(heading),
            "missing '{heading}' in the PDF text"
        );
    }
    assert!(!text.contains("ENTWURF"), "a signed report is not a draft");
    assert_tampering_rejected(&dir, &pdf, &cert);
}

/// A CA and a leaf key in a .p12 made by openssl (`kind` is "rsa" or "ec").
fn openssl_p12(dir: &Path, kind: &str) -> (PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .expect("openssl is needed for this test; .ci/run installs it");
        assert!(out.status.success(), "openssl {args:?}: {}", stderr(&out));
    };
    let newkey = if kind == "rsa" {
        vec!["-newkey", "rsa:2048"]
    } else {
        vec!["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    };
    let mut ca = vec!["req", "-x509", "-nodes", "-days", "3650"];
    ca.extend(["-newkey", "rsa:3072"]);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-subj",
        "/CN=Test CA/O=Beispiel GmbH",
    ]);
    ca.extend(["-addext", "basicConstraints=critical,CA:TRUE"]);
    ca.extend(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    run(&ca);
    let mut csr = vec!["req", "-new", "-nodes"];
    csr.extend(newkey);
    csr.extend([
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=Anna Muster (DPO)",
    ]);
    run(&csr);
    std::fs::write(
        dir.join("leaf.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n",
    )
    .expect("ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "365",
        "-extfile",
        "leaf.ext",
        "-out",
        "leaf.pem",
    ]);
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        "leaf.key",
        "-in",
        "leaf.pem",
        "-certfile",
        "ca.pem",
        "-name",
        "dpo",
        "-passout",
        &format!("pass:{PASS}"),
        "-out",
        "dpo.p12",
    ]);
    (dir.join("dpo.p12"), dir.join("ca.pem"))
}

#[test]
#[ignore = "needs openssl, pdfsig, pyHanko, qpdf: run by .ci/run"]
fn organisation_p12_rsa_and_ec_sign_valid_reports() {
    for kind in ["rsa", "ec"] {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("record");
        let (id, _) = assessed(&dir);
        let (p12, ca) = openssl_p12(tmp.path(), kind);
        let pdf = tmp.path().join("signed.pdf");
        let out = sign_at(&dir, &id, &pdf, &["--p12", path_str(&p12)], "en", None);
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", stderr(&out));
        let v = verify(&dir, &pdf, Some(&ca));
        assert_eq!(v.status.code(), Some(0), "{kind}: {}", stdout(&v));
        assert!(stdout(&v).contains("Anna Muster (DPO)"), "{}", stdout(&v));
        assert_accepted_by_validators(&pdf, &ca);
        assert_tampering_rejected(&dir, &pdf, &ca);
    }
}

#[test]
#[ignore = "needs pyHanko, openssl: run by .ci/run"]
fn verify_accepts_a_report_signed_by_pyhanko_and_catches_its_tampering() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let draft = tmp.path().join("draft.pdf");
    ok(&in_record(
        &dir,
        &["export", &id[..8], "--pdf", path_str(&draft)],
    ));
    let status = Command::new("openssl")
        .current_dir(tmp.path())
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem",
        ])
        .args(["-days", "30", "-subj", "/CN=Other Signer"])
        .args(["-addext", "keyUsage=digitalSignature,nonRepudiation"])
        .output()
        .expect("openssl is needed for this test; .ci/run installs it");
    assert!(status.status.success(), "{}", stderr(&status));
    let python = std::env::var("DPIA_PYHANKO_PYTHON").unwrap_or_else(|_| "python3".into());
    let signed = tmp.path().join("by-pyhanko.pdf");
    let out = Command::new(&python)
        .current_dir(tmp.path())
        .args([
            "-m", "pyhanko", "sign", "addsig", "--field", "Sig1", "pemder",
        ])
        .args(["--key", "k.pem", "--cert", "c.pem", "--no-pass"])
        .arg(&draft)
        .arg(&signed)
        .output()
        .expect("pyHanko runs");
    assert!(
        out.status.success(),
        "pyHanko could not sign: {}",
        stderr(&out)
    );
    // Intact and trusted, but the record holds no signature of the assessment: exit 4.
    let v = verify(&dir, &signed, Some(&tmp.path().join("c.pem")));
    assert_eq!(v.status.code(), Some(4), "{}", stdout(&v));
    for expected in [
        "signer:      Other Signer",
        "trusted:     yes",
        "signed outside dpia",
        "result:      INTACT, NOT VERIFIED",
    ] {
        assert!(stdout(&v).contains(expected), "{expected}: {}", stdout(&v));
    }
    // Without a record, --trust alone makes it valid.
    let v = crate::util::dpia()
        .arg("verify")
        .arg(&signed)
        .arg("--trust")
        .arg(tmp.path().join("c.pem"))
        .env("HOME", tmp.path())
        .env("XDG_DATA_HOME", tmp.path().join("nowhere"))
        .output()
        .expect("runs");
    assert_eq!(v.status.code(), Some(0), "{}", stdout(&v));
    for (name, path) in tampered(&signed) {
        let v = verify(&dir, &path, Some(&tmp.path().join("c.pem")));
        assert_eq!(v.status.code(), Some(3), "{name}: {}", stdout(&v));
    }
    // Once dpia has recorded the signed report, another signed PDF of the same assessment
    // contradicts the record.
    let keys = tmp.path().join("keys");
    keygen(&dir, &keys);
    let ours = tmp.path().join("ours.pdf");
    let out = sign_with(&dir, &id, &ours, &strs(&key_args(&keys)), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = verify(&dir, &signed, Some(&tmp.path().join("c.pem")));
    assert_eq!(v.status.code(), Some(3), "{}", stdout(&v));
    assert!(stdout(&v).contains("MISMATCH"), "{}", stdout(&v));
}

#[test]
fn bad_key_files_certificates_and_pdfs_get_clear_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let run = |args: &[&str]| {
        crate::util::dpia()
            .env("DPIA_TEST_PASS", PASS)
            .arg("--record")
            .arg(&dir)
            .args(args)
            .output()
            .expect("dpia runs")
    };
    // keygen: a bad address and a bad country are usage errors naming the value.
    let keys = tmp.path().join("keys");
    let k = path_str(&keys);
    let out = run(&[
        "keygen",
        "--name",
        "A",
        "--email",
        "not-an-address",
        "--out",
        k,
        "--passphrase-env",
        "DPIA_TEST_PASS",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("'not-an-address' is not an email address"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "keygen",
        "--name",
        "A",
        "--email",
        "a@example.org",
        "--country",
        "Germany",
        "--out",
        k,
        "--passphrase-env",
        "DPIA_TEST_PASS",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("'GERMANY' is not an ISO 3166-1 alpha-2 code"),
        "{}",
        stderr(&out)
    );
    assert!(
        !keys.join("key.pem").exists(),
        "nothing is written on a refused keygen"
    );
    // sign: a missing key file, a key that is not PEM, a .p12 that is not PKCS#12.
    let pdf = tmp.path().join("signed.pdf");
    let missing = tmp.path().join("missing.pem");
    let out = run(&[
        "sign",
        &id[..8],
        "--out",
        path_str(&pdf),
        "--key",
        path_str(&missing),
        "--cert",
        path_str(&missing),
        "--passphrase-env",
        "DPIA_TEST_PASS",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read") && stderr(&out).contains("missing.pem"),
        "{}",
        stderr(&out)
    );
    let garbage = tmp.path().join("garbage.pem");
    std::fs::write(&garbage, "this is not a key\n").expect("write");
    let out = run(&[
        "sign",
        &id[..8],
        "--out",
        path_str(&pdf),
        "--key",
        path_str(&garbage),
        "--cert",
        path_str(&garbage),
        "--passphrase-env",
        "DPIA_TEST_PASS",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("garbage.pem") && stderr(&out).contains("not a PEM file"),
        "{}",
        stderr(&out)
    );
    let p12 = tmp.path().join("org.p12");
    std::fs::write(&p12, [0x30, 0x03, 0x02, 0x01, 0x03, 0xff, 0x00]).expect("write");
    let out = run(&[
        "sign",
        &id[..8],
        "--out",
        path_str(&pdf),
        "--p12",
        path_str(&p12),
        "--passphrase-env",
        "DPIA_TEST_PASS",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("org.p12"), "{}", stderr(&out));
    assert!(!pdf.exists(), "no PDF is written when signing fails");
    // verify: a file that is not a PDF, a missing file, a --trust that is not a certificate.
    let out = run(&["verify", path_str(&garbage)]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("the PDF structure is damaged"),
        "{}",
        stdout(&out)
    );
    let out = run(&["verify", path_str(&missing)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read") && stderr(&out).contains("missing.pem"),
        "{}",
        stderr(&out)
    );
    let out = run(&["verify", path_str(&garbage), "--trust", path_str(&garbage)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("garbage.pem: not a PEM certificate file"),
        "{}",
        stderr(&out)
    );
}
