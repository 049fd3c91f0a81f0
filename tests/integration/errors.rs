//! What users read when something goes wrong: stderr of the main error paths as reviewed insta
//! snapshots (temporary paths replaced by `[TMP]`), so a doubled message, a lost cause or a
//! missing hint shows up as a diff. Each also checks the exit code.

use crate::util::{dpia, fixture};
use std::path::Path;

fn stderr_of(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = dpia()
        .env("DPIA_NOW", "2026-12-05")
        .env("DPIA_AUTHOR", "Test DPO")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--record", &dir.join("record").display().to_string()])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr)
        .unwrap()
        .replace(&dir.display().to_string(), "[TMP]");
    (out.status.code(), text)
}

#[test]
fn scan_of_a_missing_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = stderr_of(tmp.path(), &["scan", "no/such/tool"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn assess_with_a_bad_answers_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("answers.toml");
    std::fs::write(
        &file,
        "questionnaire = \"dpia-gdpr\"\n\"screening.art35_3a\" = \"maybe\"\n\"transfers.components\" = [{ component = \"db\", storage_location = \"DE\", access_locations = \"UK, Narnia\" }]\n",
    )
    .unwrap();
    let tool = fixture("legal/hr-absence");
    let (code, err) = stderr_of(
        tmp.path(),
        &[
            "assess",
            tool.to_str().unwrap(),
            "--answers",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn answer_an_unknown_assessment() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _) = stderr_of(
        tmp.path(),
        &["new", "tests/fixtures/legal/hr-absence", "--title", "HR"],
    );
    assert_eq!(code, Some(0));
    let (code, err) = stderr_of(
        tmp.path(),
        &[
            "answer",
            "ffffffff",
            "--answers",
            "tests/fixtures/answers/damage-reports.answers.toml",
        ],
    );
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn export_of_an_incomplete_assessment_names_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dpia()
        .env("DPIA_NOW", "2026-12-05")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--record", &tmp.path().join("record").display().to_string()])
        .args(["new", "tests/fixtures/legal/hr-absence", "--title", "HR"])
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap();
    let keys = tmp.path().join("keys");
    let (code, err) = stderr_of(
        tmp.path(),
        &[
            "sign",
            &id.trim()[..12],
            "--out",
            &tmp.path().join("signed.pdf").display().to_string(),
            "--key",
            &keys.join("key.pem").display().to_string(),
            "--cert",
            &keys.join("cert.pem").display().to_string(),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("not answered: "), "{err}");
    assert!(!tmp.path().join("signed.pdf").exists());
}
