//! `dpia record export --sign --tsa URL` (issue 18): the export's detached CMS signature
//! carries an RFC 3161 time-stamp from the same local openssl authority the `dpia sign --tsa`
//! tests use; `record import --trust` and `audit --export --trust` check it (its imprint is
//! over the signature, the authority is trusted) and name the trusted time.

use crate::signing::{key_args, keygen, path_str, strs, PASS};
use crate::signing_limits::{openssl_tsa, serve_tsa};
use crate::util::*;

#[test]
#[ignore = "needs openssl, python3: run by .ci/run"]
fn a_time_stamped_export_is_checked_on_import_and_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let keys = tmp.path().join("keys");
    assessed(&dir);
    keygen(&dir, &keys);
    let tsa_dir = tmp.path().join("tsa");
    std::fs::create_dir_all(&tsa_dir).unwrap();
    openssl_tsa(&tsa_dir);
    let (mut server, url) = serve_tsa(&tsa_dir);
    let export = tmp.path().join("export.json");
    // The real clock: the authority's certificate was issued just now.
    let out = dpia()
        .env_remove("DPIA_NOW")
        .env("DPIA_TEST_PASS", PASS)
        .arg("--record")
        .arg(&dir)
        .args(["record", "export", path_str(&export), "--sign"])
        .args(strs(&key_args(&keys)))
        .args(["--passphrase-env", "DPIA_TEST_PASS", "--tsa", &url])
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("time-stamp: ")
            && stderr(&out).contains("Test Time-Stamping Authority"),
        "{}",
        stderr(&out)
    );
    let cert = keys.join("cert.pem");
    let root = tsa_dir.join("tsa-ca.pem");

    // Import trusting the DPO and the authority: the trusted time is named.
    let copy = tmp.path().join("copy");
    let out = dpia()
        .env_remove("DPIA_NOW")
        .arg("--record")
        .arg(&copy)
        .args(["record", "import", path_str(&export)])
        .args(["--trust", path_str(&cert), "--trust", path_str(&root)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("export time-stamp: valid, the signature existed at"),
        "{}",
        stderr(&out)
    );

    // An audit that trusts the DPO but not the authority refuses the export (exit 3).
    let out = dpia()
        .env_remove("DPIA_NOW")
        .args([
            "audit",
            "--export",
            path_str(&export),
            "--trust",
            path_str(&cert),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("time-stamping authority is not trusted"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("TSA-ROOT.pem"), "{}", stderr(&out));
    let out = dpia()
        .env_remove("DPIA_NOW")
        .args(["audit", "--export", path_str(&export)])
        .args(["--trust", path_str(&cert), "--trust", path_str(&root)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("export time-stamp: valid"),
        "{}",
        stderr(&out)
    );

    // A signature file whose time-stamp token was altered is refused.
    let sig_path = tmp.path().join("export.json.sig");
    let text = std::fs::read_to_string(&sig_path).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pem = file["cms"].as_str().unwrap();
    // The last bytes of the CMS are the time-stamp token's own signature value (the token is
    // the SignerInfo's unsigned attribute, its last field): change a base64 letter there.
    let end = pem.find("-----END").unwrap();
    let at = pem[..end]
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphanumeric())
        .map(|(i, _)| i)
        .rev()
        .nth(20)
        .unwrap();
    let mut changed = pem.to_string();
    let letter = if &pem[at..=at] == "A" { "B" } else { "A" };
    changed.replace_range(at..=at, letter);
    let mut forged = file.clone();
    forged["cms"] = changed.into();
    std::fs::write(&sig_path, serde_json::to_string_pretty(&forged).unwrap()).unwrap();
    let out = dpia()
        .env_remove("DPIA_NOW")
        .args(["audit", "--export", path_str(&export)])
        .args(["--trust", path_str(&cert), "--trust", path_str(&root)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("time-stamp"), "{}", stderr(&out));
}
