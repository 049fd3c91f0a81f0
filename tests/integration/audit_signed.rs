//! The auditor's summary as a signed PDF (issue 18): `dpia audit --report --format pdf
//! --sign` signs it with the key options of `dpia sign`; `dpia verify` says it is an audit
//! summary (not an assessment, not "missing from the record") and which state of the record
//! it describes; pdfsig and pyHanko accept it; `--tsa` time-stamps it.

use crate::signing::{key_args, path_str, pdfsig, pyhanko_trusting, signed_example, tool};
use crate::signing::{strs, PASS};
use crate::signing_limits::{openssl_tsa, serve_tsa};
use crate::util::*;
use std::path::Path;

/// `dpia audit --report --format pdf --out OUT --sign` on the record in `dir`, as the auditor
/// on 2026-12-05, with `extra` arguments.
fn signed_audit(dir: &Path, keys: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    dpia()
        .env("DPIA_NOW", "2026-12-05T09:00:00Z")
        .env("DPIA_TEST_PASS", PASS)
        .arg("--record")
        .arg(dir)
        .args(["audit", "--report", "--format", "pdf", "--out"])
        .arg(out)
        .arg("--sign")
        .args(strs(&key_args(keys)))
        .args(["--passphrase-env", "DPIA_TEST_PASS"])
        .args(extra)
        .output()
        .expect("dpia runs")
}

fn verify(dir: &Path, pdf: &Path, extra: &[&str]) -> std::process::Output {
    dpia()
        .arg("--record")
        .arg(dir)
        .arg("verify")
        .arg(pdf)
        .args(extra)
        .output()
        .expect("dpia runs")
}

#[test]
fn a_signed_audit_summary_verifies_as_an_audit_summary_not_as_an_assessment() {
    let (tmp, dir, report, keys) = signed_example("en");
    let cert = keys.join("cert.pem");
    let folder = tmp.path().join("pdfs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&report, folder.join("report.pdf")).unwrap();
    let audit = tmp.path().join("audit.pdf");
    let out = signed_audit(
        &dir,
        &keys,
        &audit,
        &[
            "--pdfs",
            path_str(&folder),
            "--lang",
            "de",
            "--location",
            "Köln",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("signed:"), "{}", stderr(&out));

    // Trusted: valid, and said to be an audit summary of this record as it stands.
    let out = verify(&dir, &audit, &["--trust", path_str(&cert)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("document:    an audit summary made 2026-12-05T09:00:00Z"),
        "{text}"
    );
    assert!(
        text.contains("an audit summary of this record as it stands"),
        "{text}"
    );
    assert!(text.contains("not an assessment"), "{text}");
    assert!(!text.contains("not in this record"), "{text}");
    assert!(!text.contains("matches signed version"), "{text}");
    assert!(!text.contains("not a dpia report"), "{text}");

    // Untrusted: intact but not verified, with the reason, never "not in the record".
    let out = verify(&dir, &audit, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(
        text.contains("only --trust can verify the auditor"),
        "{text}"
    );

    // JSON says what the document is.
    let out = verify(
        &dir,
        &audit,
        &["--trust", path_str(&cert), "--format", "json"],
    );
    let first: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["document"], "audit_summary", "{first}");
    assert_eq!(first["result"], "valid", "{first}");
    assert_eq!(first["signatures"][0]["record"]["match"], "audit_summary");
    assert_eq!(first["signatures"][0]["field"], "auditor", "{first}");
    assert_eq!(
        first["signatures"][0]["record"]["head_event"],
        first["signatures"][0]["record"]["events"]
    );
    // The assessment's own report is still reported as one.
    let out = verify(&dir, &report, &["--format", "json"]);
    let line: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(line["document"], "assessment_report", "{line}");

    // A later change to the record: the summary describes an earlier state.
    ok(&in_record(
        &dir,
        &[
            "new",
            fixture("example/damage-reports").to_str().unwrap(),
            "--title",
            "Later",
        ],
    ));
    let text = stdout(&verify(&dir, &audit, &["--trust", path_str(&cert)]));
    assert!(text.contains("event(s) were recorded since"), "{text}");

    // In a folder audited with --report, the summary is itself recognised.
    std::fs::copy(&audit, folder.join("audit.pdf")).unwrap();
    let out = dpia()
        .arg("--record")
        .arg(&dir)
        .args([
            "audit",
            "--report",
            "--format",
            "json",
            "--pdfs",
            path_str(&folder),
        ])
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let states: Vec<&str> = summary["pdfs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["audit_summary", "current"], "{summary}");
    assert!(summary["record_head"]
        .as_str()
        .is_some_and(|h| h.len() == 64));

    // A byte changed in the signed summary is caught.
    let mut tampered = std::fs::read(&audit).unwrap();
    let at = tampered.len() / 3;
    tampered[at] ^= 1;
    let bad = tmp.path().join("tampered-audit.pdf");
    std::fs::write(&bad, tampered).unwrap();
    assert_eq!(
        verify(&dir, &bad, &["--trust", path_str(&cert)])
            .status
            .code(),
        Some(3)
    );
}

#[test]
fn sign_needs_the_pdf_summary_and_an_unsigned_pdf_says_how_to_sign_it() {
    let (tmp, dir, _report, keys) = signed_example("en");
    let out = dpia()
        .env("DPIA_TEST_PASS", PASS)
        .arg("--record")
        .arg(&dir)
        .args(["audit", "--report", "--sign"])
        .args(strs(&key_args(&keys)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--format pdf"), "{}", stderr(&out));
    let plain = tmp.path().join("plain.pdf");
    let out = dpia()
        .arg("--record")
        .arg(&dir)
        .args([
            "audit", "--report", "--format", "pdf", "--lang", "fr", "--out",
        ])
        .arg(&plain)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = verify(&dir, &plain, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("an audit summary made"),
        "{}",
        stdout(&out)
    );
    // In a folder of PDFs it is named for what it is and does not fail the audit (an unsigned
    // DPIA report would).
    let folder = tmp.path().join("pdfs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&plain, folder.join("plain.pdf")).unwrap();
    let out = dpia()
        .arg("--record")
        .arg(&dir)
        .args([
            "audit",
            "--report",
            "--format",
            "json",
            "--pdfs",
            path_str(&folder),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["pdfs"][0]["state"], "audit_summary", "{summary}");
    assert_eq!(summary["pdfs"][0]["verdict"], "NOT SIGNED", "{summary}");
}

#[test]
#[ignore = "needs pdfsig, pyHanko, pdftotext: run by .ci/run"]
fn a_signed_audit_summary_passes_pdfsig_and_pyhanko_in_german() {
    let (tmp, dir, _report, keys) = signed_example("de");
    let audit = tmp.path().join("audit.pdf");
    let out = signed_audit(&dir, &keys, &audit, &["--lang", "de"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sig = pdfsig(&audit);
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
    assert!(sig.contains("Total document signed"), "pdfsig: {sig}");
    let hanko = pyhanko_trusting(&audit, &[&keys.join("cert.pem")]);
    assert!(
        hanko.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"),
        "pyHanko: {hanko}"
    );
    let text = stdout(&tool("pdftotext", &[path_str(&audit), "-"]));
    for words in [
        "Prüfung des DSFA-Verzeichnisses",
        "Signatur des Prüfers",
        "Łukasz Żółć (DPO)",
        "Damage reports",
    ] {
        assert!(text.contains(words), "missing '{words}' in: {text}");
    }
}

#[test]
#[ignore = "needs openssl, python3, pyHanko: run by .ci/run"]
fn a_time_stamped_audit_summary_names_its_authority() {
    let (tmp, dir, _report, keys) = signed_example("en");
    let tsa_dir = tmp.path().join("tsa");
    std::fs::create_dir_all(&tsa_dir).unwrap();
    openssl_tsa(&tsa_dir);
    let (mut server, url) = serve_tsa(&tsa_dir);
    let audit = tmp.path().join("audit.pdf");
    // The real clock: the authority's certificate was issued just now.
    let out = dpia()
        .env_remove("DPIA_NOW")
        .env("DPIA_TEST_PASS", PASS)
        .arg("--record")
        .arg(&dir)
        .args(["audit", "--report", "--format", "pdf", "--out"])
        .arg(&audit)
        .arg("--sign")
        .args(strs(&key_args(&keys)))
        .args(["--passphrase-env", "DPIA_TEST_PASS", "--tsa", &url])
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("time-stamp:"), "{}", stderr(&out));
    let cert = keys.join("cert.pem");
    let root = tsa_dir.join("tsa-ca.pem");
    let out = verify(
        &dir,
        &audit,
        &["--trust", path_str(&cert), "--trust", path_str(&root)],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Test Time-Stamping Authority"), "{text}");
    assert!(text.contains("authority trusted"), "{text}");
    let hanko = pyhanko_trusting(&audit, &[&cert, &root]);
    assert!(
        hanko.contains("intact=True valid=True trusted=True"),
        "pyHanko: {hanko}"
    );
}
