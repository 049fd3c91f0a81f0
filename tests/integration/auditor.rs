//! The auditor's walkthrough (issue 18): a record of three assessments, two signed and one of
//! those changed after signing, handed over as a signed export with a folder of PDFs and
//! checked later. A rebuilt export with valid hashes is refused by its signature; the summary
//! names every signer, the overdue review and the change after signing; one command verifies
//! the folder and names the tampered file.

use crate::signing::{key_args, keygen, sign_with, strs, PASS};
use crate::util::*;
use std::path::Path;

/// Runs dpia on the record in `dir` on a day long after the signatures.
fn later(dir: &Path, args: &[&str]) -> std::process::Output {
    dpia()
        .env("DPIA_NOW", "2030-01-10T09:00:00Z")
        .env("DPIA_AUTHOR", "Auditor")
        .arg("--record")
        .arg(dir)
        .args(args)
        .output()
        .expect("dpia runs")
}

#[test]
fn the_auditors_walkthrough() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let keys = tmp.path().join("keys");
    let pdfs = tmp.path().join("pdfs");
    std::fs::create_dir_all(&pdfs).unwrap();
    let (signed, _) = assessed(&dir);
    let changed = ok(&in_record(
        &dir,
        &[
            "new",
            fixture("example/damage-reports").to_str().unwrap(),
            "--title",
            "Damage reports, second site",
        ],
    ))
    .trim()
    .to_string();
    let answers = fixture("answers/damage-reports.answers.toml");
    ok(&in_record(
        &dir,
        &[
            "answer",
            &changed[..8],
            "--answers",
            answers.to_str().unwrap(),
        ],
    ));
    let draft = ok(&in_record(
        &dir,
        &[
            "new",
            fixture("example/damage-reports").to_str().unwrap(),
            "--title",
            "Visitor log",
        ],
    ))
    .trim()
    .to_string();
    keygen(&dir, &keys);
    let key = key_args(&keys);
    for (id, name) in [(&signed, "signed.pdf"), (&changed, "changed.pdf")] {
        let out = sign_with(&dir, id, &pdfs.join(name), &strs(&key), "en");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // The second assessment changes after it was signed.
    let more = tmp.path().join("more.toml");
    std::fs::write(
        &more,
        "questionnaire = \"dpia-gdpr\"\n\"description.purposes\" = \"Damage reports, now also from caretakers\"\n",
    )
    .unwrap();
    ok(&in_record(
        &dir,
        &["answer", &changed[..8], "--answers", more.to_str().unwrap()],
    ));
    let list = ok(&in_record(&dir, &["list"]));
    assert!(
        list.lines()
            .any(|l| l.starts_with(&changed[..12]) && l.contains("changed_after_signing")),
        "{list}"
    );
    let due = ok(&in_record(&dir, &["review-due"]));
    assert!(
        due.contains(&format!("CHANGED {}", &changed[..12])),
        "{due}"
    );
    // The folder: two signed reports, a copy, and a tampered copy.
    std::fs::copy(pdfs.join("signed.pdf"), pdfs.join("signed-copy.pdf")).unwrap();
    let mut bytes = std::fs::read(pdfs.join("changed.pdf")).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    std::fs::write(pdfs.join("tampered.pdf"), bytes).unwrap();

    // The signed export.
    let export = tmp.path().join("dpia-record.json");
    let out = dpia()
        .env("DPIA_NOW", "2026-11-25T10:00:00Z")
        .env("DPIA_TEST_PASS", PASS)
        .arg("--record")
        .arg(&dir)
        .args(["record", "export", export.to_str().unwrap(), "--sign"])
        .args(strs(&key))
        .args(["--passphrase-env", "DPIA_TEST_PASS"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cert = keys.join("cert.pem");
    let trust = ["--trust", cert.to_str().unwrap()];
    let out = later(
        &dir,
        &[
            &["audit", "--export", export.to_str().unwrap()][..],
            &trust[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("export signature: valid"),
        "{}",
        stderr(&out)
    );

    // A rebuilt export: every hash valid (dpia itself wrote it after a change), but not the
    // export that was signed. Its old signature file beside it does not let it pass.
    let copy = tmp.path().join("copy");
    ok(&in_record(
        &copy,
        &["record", "import", export.to_str().unwrap()],
    ));
    ok(&in_record(
        &copy,
        &["answer", &signed[..8], "--answers", more.to_str().unwrap()],
    ));
    let rebuilt = tmp.path().join("rebuilt.json");
    ok(&in_record(
        &copy,
        &["record", "export", rebuilt.to_str().unwrap()],
    ));
    std::fs::copy(
        tmp.path().join("dpia-record.json.sig"),
        tmp.path().join("rebuilt.json.sig"),
    )
    .unwrap();
    ok(&later(
        &dir,
        &["audit", "--export", rebuilt.to_str().unwrap()],
    ));
    let out = later(
        &dir,
        &[
            &["audit", "--export", rebuilt.to_str().unwrap()][..],
            &trust[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not the one that was signed"),
        "{}",
        stderr(&out)
    );
    let elsewhere = tmp.path().join("elsewhere");
    let out = later(
        &elsewhere,
        &[
            &["record", "import", rebuilt.to_str().unwrap()][..],
            &trust[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!elsewhere.exists(), "nothing was imported");

    // One summary, as JSON.
    let out = later(
        &dir,
        &[
            &[
                "audit",
                "--report",
                "--format",
                "json",
                "--pdfs",
                pdfs.to_str().unwrap(),
            ][..],
            &trust[..],
        ]
        .concat(),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "the tampered PDF fails the audit"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = |id: &str| {
        summary["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {summary:#}"))
            .clone()
    };
    let a = entry(&signed);
    assert_eq!(a["status"], "signed");
    assert_eq!(a["review_overdue"], true, "{a:#}");
    let signer = &a["signatures"][0];
    assert_eq!(signer["role"], "dpo");
    assert!(
        signer["certificate"]["subject"]
            .as_str()
            .unwrap()
            .contains("CN="),
        "{signer:#}"
    );
    assert_eq!(
        signer["certificate"]["fingerprint"].as_str().unwrap().len(),
        95
    );
    let b = entry(&changed);
    assert_eq!(b["status"], "changed_after_signing");
    assert_eq!(b["changed_after_signing"]["number"], 3);
    // Changed after signing, it still stands on that signature: its review date counts.
    assert_eq!(b["review_overdue"], true, "{b:#}");
    assert_eq!(b["signatures"].as_array().unwrap().len(), 1);
    let c = entry(&draft);
    assert_eq!(c["status"], "draft");
    assert!(c["signatures"].as_array().unwrap().is_empty());
    let states: Vec<(String, String)> = summary["pdfs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let file = p["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            (name, p["state"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        states,
        [
            ("changed.pdf".to_string(), "superseded".to_string()),
            ("signed-copy.pdf".to_string(), "current".to_string()),
            ("signed.pdf".to_string(), "current".to_string()),
            ("tampered.pdf".to_string(), "invalid".to_string()),
        ]
    );

    // The folder verified in one command: exit 3, the tampered one named.
    let out = later(
        &dir,
        &[&["verify", pdfs.to_str().unwrap()][..], &trust[..]].concat(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let text = stdout(&out);
    let tampered_block = text
        .split("\n\n")
        .find(|b| b.contains("tampered.pdf"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(tampered_block.contains("INVALID"), "{tampered_block}");
    assert!(text.contains("4 files"), "{text}");
    // The older signed report says it is no longer current.
    let changed_block = text
        .split("\n\n")
        .find(|b| b.contains("changed.pdf") && !b.contains("tampered"))
        .unwrap();
    assert!(
        changed_block.contains("newer version #4"),
        "{changed_block}"
    );

    // The summary as a PDF an auditor can file.
    let report = tmp.path().join("audit.pdf");
    let out = later(
        &dir,
        &[
            "audit",
            "--report",
            "--format",
            "pdf",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&report).unwrap().starts_with(b"%PDF-"));
}
