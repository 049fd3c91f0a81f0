//! What counts as a file to read (red team M6, L3, L4, L14): FIFOs, devices and link loops
//! are skipped with a problem instead of hanging the scan or reading forever, in folders
//! and as arguments, and `--answers` refuses them; file names that are not UTF-8 are
//! scanned; UTF-16 text with a BOM is decoded; a flood of empty files gives bounded output.

use crate::util::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs a command that must finish: a hang (the bug these tests guard against) fails the
/// test after a minute instead of blocking the suite.
fn finishes(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dpia starts");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("dpia did not finish: it blocked on a FIFO or read a device");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

fn problem<'a>(report: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no problem for {file}: {}", report["problems"]))
}

#[test]
fn a_fifo_in_a_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("data.csv"));
    std::fs::write(dir.path().join("ok.csv"), "email\na@b.de\n").unwrap();
    let mut cmd = dpia();
    cmd.args(["scan", "--format", "json"]).arg(dir.path());
    let out = finishes(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = problem(&report, "data.csv");
    assert_eq!(p["message"], "skipped (not a regular file: a FIFO)");
    assert_eq!(p["severity"], "warning");
    assert_eq!(categories(&report, "ok", "email"), ["email"]);
}

#[test]
fn fifos_devices_and_link_loops_as_arguments_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.csv");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let loop_a = dir.path().join("loop.csv");
    std::os::unix::fs::symlink(dir.path().join("loop2.csv"), &loop_a).unwrap();
    std::os::unix::fs::symlink(&loop_a, dir.path().join("loop2.csv")).unwrap();
    let good = dir.path().join("ok.csv");
    std::fs::write(&good, "email\na@b.de\n").unwrap();
    let mut cmd = dpia();
    cmd.args(["scan", "--format", "json"])
        .args([&fifo, &zero, &loop_a, &good])
        .arg("/dev/urandom");
    let out = finishes(cmd);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a partial scan: {}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (file, kind) in [
        ("fifo.csv", "a FIFO"),
        ("zero.csv", "a character device"),
        ("loop.csv", "a symbolic link loop"),
        ("/dev/urandom", "a character device"),
    ] {
        let p = problem(&report, file);
        assert_eq!(
            p["message"],
            format!("skipped (not a regular file: {kind})"),
            "{file}"
        );
        assert_eq!(p["severity"], "error");
    }
    assert_eq!(categories(&report, "ok", "email"), ["email"]);
}

#[test]
fn answers_from_a_fifo_or_a_device_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.toml");
    mkfifo(&fifo);
    let tool = fixture("example/damage-reports");
    for answers in [fifo.as_path(), Path::new("/dev/zero")] {
        let mut cmd = dpia();
        cmd.arg("assess").arg(&tool).arg("--answers").arg(answers);
        let out = finishes(cmd);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("cannot read answers file {}", answers.display()))
                && err.contains("skipped (not a regular file: a"),
            "{err}"
        );
    }
}

#[test]
fn a_file_name_that_is_not_utf8_is_scanned() {
    // L3: `kunden_\xfcbersicht.csv` (Latin-1) was listed as skipped, a silent false negative.
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"kunden_\xfcbersicht.csv");
    std::fs::write(dir.path().join(name), "email\nanna@example.org\n").unwrap();
    for arg in [dir.path().to_path_buf(), dir.path().join(name)] {
        let report = scan_json_clean(&[arg], &[]);
        assert_eq!(
            categories(&report, "kunden_\u{fffd}bersicht", "email"),
            ["email"]
        );
        assert!(report["skipped"].as_array().unwrap().is_empty());
    }
}

#[test]
fn utf16_csv_with_a_bom_is_decoded() {
    // L4: Excel's "Unicode text" was "binary data, not CSV text".
    let dir = tempfile::tempdir().unwrap();
    let text = "name\temail\r\nJürgen Müller\tjm@example.org\r\nAnna Schmidt\tas@example.org\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    std::fs::write(dir.path().join("le.csv"), le).unwrap();
    std::fs::write(dir.path().join("be.tsv"), be).unwrap();
    let report = scan_json_clean(&[dir.path().to_path_buf()], &["--show-values"]);
    for table in ["le", "be"] {
        assert_eq!(categories(&report, table, "email"), ["email"], "{table}");
    }
    assert!(
        report.to_string().contains("Jürgen Müller"),
        "values decoded: {report}"
    );
}

#[test]
fn a_flood_of_empty_files_gives_a_bounded_report() {
    // L14: 100k empty files gave 100k problem lines; 2,000 show the shape.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..2_000 {
        std::fs::write(dir.path().join(format!("e{i:05}.csv")), "").unwrap();
    }
    std::fs::write(dir.path().join("ok.csv"), "email\na@b.de\n").unwrap();
    let out = run(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a partial scan");
    let text = stdout(&out);
    let problem_lines = text
        .lines()
        .filter(|l| l.contains("empty file: no header row"))
        .count();
    assert!(problem_lines <= 6, "{problem_lines} lines:\n{text}");
    assert!(
        text.contains("and 1995 more input(s) with the same problem: empty file: no header row"),
        "{text}"
    );
    assert!(stderr(&out).lines().count() < 12, "{}", stderr(&out));
    // JSON keeps every problem for programs.
    let report = scan_json(&[dir.path().to_path_buf()], &[]);
    assert_eq!(report["problems"].as_array().unwrap().len(), 2_000);
}
