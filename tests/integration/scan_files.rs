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
