//! Terminal escape injection (red team M1): names, values, answers, titles and authors that
//! carry ESC/OSC/BEL or bidi controls reach the terminal escaped (`\u{1b}`), never raw, in
//! every human output; the findings they tried to hide are still printed.

use crate::util::*;
use std::path::Path;

/// Bytes a terminal would act on: ESC, BEL, CSI (C1, UTF-8 encoded), RLO.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && dpia::terminal::is_unsafe(c))
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in:\n{text}");
}

/// The red team's proof of concept: a column name that moves the cursor up nine lines and
/// erases the screen below, hiding the Art. 9 finding printed before it.
fn poc_csv(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("kunde_email,diagnose,zz\u{1b}[9A\u{1b}[Jnotiz\n");
    for i in 0..50 {
        text.push_str(&format!(
            "anna{i}@example.org,\"Diabetes Typ 2, schwanger seit Mai, Krankschreibung wegen Depression\",ok\n"
        ));
    }
    let path = dir.join("patients.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn scan_poc_column_name_cannot_erase_the_health_finding() {
    let dir = tempfile::tempdir().unwrap();
    let csv = poc_csv(dir.path());
    for extra in [&[][..], &["--show-values"][..]] {
        let out = dpia().arg("scan").arg(&csv).args(extra).output().unwrap();
        assert_no_raw_controls("stdout", &out.stdout);
        assert_no_raw_controls("stderr", &out.stderr);
        let text = stdout(&out);
        assert!(
            text.lines()
                .any(|l| l.contains("! diagnose") && l.contains("health")),
            "the Art. 9 finding is printed:\n{text}"
        );
        assert!(text.contains("zz\\u{1b}[9A\\u{1b}[Jnotiz"), "{text}");
    }
}

#[test]
fn scan_escapes_file_names_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("x\u{1b}]8;;evil\u{7}\u{202e}.csv");
    std::fs::write(&name, "email,note\n\u{1b}[31ma@example.org,\u{9b}2J\n").unwrap();
    for extra in [&[][..], &["--show-values"][..]] {
        let out = dpia()
            .arg("scan")
            .arg(dir.path())
            .args(extra)
            .output()
            .unwrap();
        assert_no_raw_controls("stdout", &out.stdout);
        assert_no_raw_controls("stderr", &out.stderr);
        assert!(stdout(&out).contains("\\u{202e}"), "{}", stdout(&out));
    }
}

#[test]
fn assess_escapes_group_fields_and_answers_errors_escape_ids() {
    let dir = tempfile::tempdir().unwrap();
    let answers = std::fs::read_to_string(fixture("answers/damage-reports.answers.toml"))
        .unwrap()
        .replace(
            "name = \"Cloudflare, Inc.\"",
            "name = \"Cloudflare\\u001b[8m HIDDEN\\u001b]8;;https://evil.example/\\u0007click\"",
        );
    let file = dir.path().join("hostile.toml");
    std::fs::write(&file, answers).unwrap();
    let tool = fixture("example/damage-reports");
    let out = run(&[
        "assess",
        tool.to_str().unwrap(),
        "--answers",
        file.to_str().unwrap(),
    ]);
    assert_no_raw_controls("assess stdout", &out.stdout);
    assert!(
        stdout(&out).contains("Cloudflare\\u{1b}[8m HIDDEN"),
        "the processor is listed, escaped:\n{}",
        stdout(&out)
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "\"screening.\\u001b[2Jx\" = true\n\"signoff.next_review\" = \"2027\\u202e-01-01\"\n",
    )
    .unwrap();
    let out = run(&[
        "assess",
        tool.to_str().unwrap(),
        "--answers",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_no_raw_controls("assess stderr", &out.stderr);
    let err = stderr(&out);
    assert!(err.contains("bad.toml:1: screening.\\u{1b}[2Jx"), "{err}");
}

#[test]
fn record_listings_escape_titles_and_authors() {
    let dir = tempfile::tempdir().unwrap();
    let tool = fixture("example/damage-reports");
    let out = dpia()
        .env("DPIA_NOW", "2026-11-25T10:00:00Z")
        .env("DPIA_AUTHOR", "Eve\u{1b}]0;pwned\u{7}\u{202e}")
        .arg("--record")
        .arg(dir.path())
        .args([
            "new",
            tool.to_str().unwrap(),
            "--title",
            "Damage\u{1b}[2K\u{1b}[1A reports",
        ])
        .output()
        .unwrap();
    let id = ok(&out).trim().to_string();
    for args in [
        vec!["list"],
        vec!["show", &id[..8]],
        vec!["history", &id[..8]],
    ] {
        let out = in_record(dir.path(), &args);
        assert_no_raw_controls(&format!("{args:?} stdout"), &out.stdout);
        assert_no_raw_controls(&format!("{args:?} stderr"), &out.stderr);
        let text = ok(&out);
        assert!(
            text.contains("Damage\\u{1b}[2K") || text.contains("Eve\\u{1b}]0;pwned"),
            "{args:?}: {text}"
        );
    }
}
