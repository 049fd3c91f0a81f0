//! Helpers shared by the integration tests: running the binary with a fixed clock, fixture
//! paths, and JSON scans.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The scan date every test uses.
pub const NOW: &str = "2026-11-25";

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The binary with the test clock, no record folder from the environment and no settings
/// file (a folder that does not exist), so the user's own settings never leak into a test.
pub fn dpia() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dpia"));
    cmd.env("DPIA_NOW", NOW)
        .env("DPIA_TEST_CLOCK", "1")
        .env("DPIA_CONFIG_DIR", NO_SETTINGS)
        .env_remove("DPIA_RECORD_DIR")
        .env_remove("DPIA_LANG");
    cmd
}

/// A settings folder that never exists.
pub const NO_SETTINGS: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/dpia-no-settings");

pub fn run(args: &[&str]) -> Output {
    dpia().args(args).output().expect("dpia runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `dpia scan --format json` on paths and parses the result. The exit code must say
/// what the report says: 1 when a problem is an error (a partial scan), 0 otherwise.
pub fn scan_json(paths: &[PathBuf], extra: &[&str]) -> serde_json::Value {
    let mut cmd = dpia();
    cmd.arg("scan").arg("--format").arg("json").args(extra);
    for p in paths {
        cmd.arg(p);
    }
    let out = cmd.output().expect("dpia runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON on stdout ({e}); stderr: {}", stderr(&out)));
    let partial = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .any(|p| p["severity"] == "error");
    assert_eq!(
        out.status.code(),
        Some(i32::from(partial)),
        "exit code of a scan {} errors; stderr: {}",
        if partial { "with" } else { "without" },
        stderr(&out)
    );
    report
}

/// Like [`scan_json`], for inputs that must scan cleanly: no error-severity problem, exit 0.
pub fn scan_json_clean(paths: &[PathBuf], extra: &[&str]) -> serde_json::Value {
    let report = scan_json(paths, extra);
    let errors: Vec<_> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:?}");
    report
}

/// The categories reported for table.column.
pub fn categories(report: &serde_json::Value, table: &str, column: &str) -> Vec<String> {
    let t = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"].as_str().unwrap().eq_ignore_ascii_case(table))
        .unwrap_or_else(|| panic!("no table {table}"));
    let c = t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == column)
        .unwrap_or_else(|| panic!("no column {table}.{column}"));
    c["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Runs dpia on the record in `dir` with a fixed clock and author.
pub fn in_record(dir: &Path, args: &[&str]) -> Output {
    dpia()
        .env("DPIA_NOW", "2026-11-25T10:00:00Z")
        .env("DPIA_AUTHOR", "Test DPO")
        .arg("--record")
        .arg(dir)
        .args(args)
        .output()
        .expect("dpia runs")
}

/// Stdout of a run that must have succeeded.
pub fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(out));
    stdout(out)
}

/// The folder of the sled database the record in `dir` uses (its `current` pointer), for
/// tests that change stored bytes the way an attacker with file access would.
pub fn record_db(dir: &Path) -> PathBuf {
    let name = std::fs::read_to_string(dir.join("current")).expect("a record folder");
    dir.join(name.trim())
}

/// The JSON text of a value as the record keeps it in sled (zlib-compressed above a
/// kilobyte, plain below).
pub fn stored_text(bytes: &[u8]) -> String {
    use std::io::Read;
    if bytes.first() == Some(&b'{') {
        return String::from_utf8(bytes.to_vec()).unwrap();
    }
    let mut out = String::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// The bytes the record would keep for JSON text.
pub fn stored_bytes(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

/// Creates an assessment of the bundled example in the record at `dir` and answers it with
/// the example's answers file; returns the assessment id and the new version id.
pub fn assessed(dir: &Path) -> (String, String) {
    let tool = fixture("example/damage-reports");
    let id = ok(&in_record(
        dir,
        &["new", tool.to_str().unwrap(), "--title", "Damage reports"],
    ));
    let id = id.trim().to_string();
    let answers = fixture("answers/damage-reports.answers.toml");
    let version = ok(&in_record(
        dir,
        &["answer", &id[..8], "--answers", answers.to_str().unwrap()],
    ));
    (id, version.trim().to_string())
}

/// Copies a folder with everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
