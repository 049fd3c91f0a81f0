//! Speed of `dpia check` on the example (issue 15: under 300 ms), as CI runs it: the release
//! binary started on a copy of the example tool whose DPIA is signed, reading the record from
//! a committed `dpia record export` (verified first) and printing SARIF. Measured over several
//! runs (median and worst): the unchanged tool (exit 0), the tool with the three changes of
//! the integration test (exit 4), the same read from the record folder instead of a file,
//! and the library alone (scan, read and verify the export, find the assessment, compare).
//!
//! Run with `cargo bench --bench check`; prints the figures.

use dpia::drift::check::{check, find_against, Tool};
use dpia::record::{Actor, Record, RecordFile, Signature};
use dpia::reference::Reference;
use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use dpia::session::Session;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 15;
const NOW: &str = "2026-11-25T10:00:00Z";
const TARGET_MS: u128 = 300;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// The integration test's three changes: health data, a third party, no EU jurisdiction.
fn drift(tool: &Path) {
    std::fs::write(
        tool.join("migrations/0004_diagnosis.sql"),
        "ALTER TABLE damage_reports ADD COLUMN diagnosis TEXT;\n\
         INSERT INTO damage_reports (id, tenant_id, reported_at, category, beschreibung, status, diagnosis) \
         VALUES (900, 3, '2026-11-19T09:00:00', 'mould', 'Schimmel im Schlafzimmer.', 'open', \
         'Die Mieterin hat Asthma, ein ärztliches Attest liegt vor.');\n",
    )
    .expect("migration");
    edit(
        &tool.join("src/index.ts"),
        "  const summary = await summarise(env, body.beschreibung);\n",
        "  const summary = await summarise(env, body.beschreibung);\n  \
         await fetch(\"https://api.claims-broker.example/v1/claims\", { method: \"POST\", \
         body: JSON.stringify({ email: tenant.email, text: body.beschreibung }) });\n",
    );
    edit(
        &tool.join("wrangler.jsonc"),
        "      \"jurisdiction\": \"eu\", // data stays in the EU\n",
        "",
    );
    edit(&tool.join("package.json"), " --jurisdiction eu", "");
}

/// A record holding the example's DPIA, signed; returns its folder.
fn signed_record(tmp: &Path, tool: &Path) -> PathBuf {
    let dir = tmp.join("record");
    let actor = Actor {
        author: "Bench".into(),
        now: NOW.into(),
    };
    let record = Record::open_or_create(&dir, &actor).expect("record");
    let report = scan::scan(
        &[ScanInput::Path(tool.to_path_buf())],
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &Dictionary::builtin().expect("dictionary"),
        &scan::NoProgress,
    );
    let mut session = Session::start(
        report,
        dpia::questionnaire::builtin().expect("questionnaire"),
        Reference::builtin().expect("reference"),
        dpia::calendar::Date::parse("2026-11-25").expect("date"),
    );
    session
        .apply_answers_file(
            "damage-reports.answers.toml",
            include_str!("../tests/fixtures/answers/damage-reports.answers.toml"),
        )
        .expect("answers");
    let id = session
        .create(
            &record,
            "Damage reports",
            &tool.display().to_string(),
            "Bench",
            &NOW.to_string(),
        )
        .expect("create");
    let head = record.summary(&id).expect("summary").head;
    let signature = Signature {
        pdf_sha256: "ab".repeat(32),
        certificate_pem: include_str!("../tests/fixtures/signing/dpo-cert.pem").into(),
        signed_at: NOW.into(),
    };
    record
        .sign(&id, &head, signature, "Bench", &NOW.to_string())
        .expect("sign");
    std::fs::write(
        tool.join("dpia-record.json"),
        record.export_json().expect("export"),
    )
    .expect("write export");
    dir
}

fn timed(mut f: impl FnMut()) -> Vec<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        f();
        times.push(start.elapsed());
    }
    times.sort();
    times
}

fn report(name: &str, times: &[Duration]) {
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "{name:<46} median {:>6.1} ms   worst {:>6.1} ms   target < {TARGET_MS} ms  {}",
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        if median.as_millis() < TARGET_MS {
            "ok"
        } else {
            "MISSED"
        }
    );
}

/// Runs the release binary; the exit code must be `expected`.
fn run(args: &[&str], cwd: &Path, expected: i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dpia"))
        .current_dir(cwd)
        .env_remove("DPIA_RECORD_DIR")
        .env("DPIA_CONFIG_DIR", cwd.join("no-settings"))
        .env("DPIA_AUTHOR", "CI")
        .args(args)
        .output()
        .expect("dpia runs");
    assert_eq!(
        out.status.code(),
        Some(expected),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main() {
    let tmp = tempfile::tempdir().expect("tmp");
    let tool = tmp.path().join("damage-reports");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example/damage-reports"),
        &tool,
    );
    let record = signed_record(tmp.path(), &tool);
    let record_arg = record.display().to_string();
    let ci = [
        "check",
        ".",
        "--record-file",
        "dpia-record.json",
        "--format",
        "sarif",
    ];
    let files: usize = std::fs::read_dir(&tool).map(|d| d.count()).unwrap_or(0);
    println!(
        "dpia check of the example ({files} entries at the top, {} KB record export), {RUNS} runs",
        std::fs::metadata(tool.join("dpia-record.json"))
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    report(
        "binary, --record-file, SARIF, unchanged (0)",
        &timed(|| run(&ci, &tool, 0)),
    );
    report(
        "binary, record folder, --no-record (0)",
        &timed(|| {
            run(
                &["--record", &record_arg, "check", ".", "--no-record"],
                &tool,
                0,
            )
        }),
    );
    drift(&tool);
    report(
        "binary, --record-file, SARIF, three changes (4)",
        &timed(|| run(&ci, &tool, 4)),
    );
    let json = std::fs::read_to_string(tool.join("dpia-record.json")).expect("export");
    let dict = Dictionary::builtin().expect("dictionary");
    let actor = Actor {
        author: "Bench".into(),
        now: NOW.into(),
    };
    let given = [tool.display().to_string()];
    report(
        "library: scan, verify export, find, compare",
        &timed(|| {
            let today = scan::scan(
                &[ScanInput::Path(tool.clone())],
                &ScanOptions::new(dpia::calendar::Date {
                    year: 2026,
                    month: 11,
                    day: 25,
                }),
                &dict,
                &scan::NoProgress,
            );
            let file =
                RecordFile::read(Path::new("dpia-record.json"), &json, &actor).expect("read");
            let against =
                find_against(&file, None, &Tool::new(&given, Vec::new())).expect("assessment");
            let result = check(&against, &today, &given).expect("check");
            assert_eq!(result.drift.items.len(), 3);
        }),
    );
}
