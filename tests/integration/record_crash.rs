//! Crash safety of the record: a writer process (`examples/record_writer`) is killed with
//! SIGKILL at random moments, and after each kill the record must open, pass the audit and
//! hold every version the writer acknowledged. Also: a record held open by another process
//! is reported as locked.

use dpia::record::{Actor, Record, RecordError};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `target/<profile>/examples/record_writer`, beside this test's `deps/` directory. A plain
/// `cargo test` builds examples; a missing binary fails the test, it is never skipped.
fn writer() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("examples").join("record_writer"))
        .expect("test executable has a target directory");
    assert!(
        path.is_file(),
        "{} is missing: plain `cargo test` builds it, but `cargo test NAME` and \
         `cargo test --test integration` do not (cargo#10268); run `cargo build --examples` \
         (with the same profile) first",
        path.display()
    );
    path
}

fn actor() -> Actor {
    Actor {
        author: "crash test".into(),
        now: "2026-11-25T10:00:00Z".into(),
    }
}

/// xorshift64*: a small seeded generator, so a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
fn acknowledged_versions_survive_sigkill() {
    let writer = writer();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let mut rng = Rng(0x5eed_d91a_2026_1125);
    let mut acked_total: Vec<String> = Vec::new();
    let started = Instant::now();
    for round in 0..24 {
        // Creating a record (database, pointer, marker, each synced) takes ~160 ms in a debug
        // build: the range covers kills during creation and during writes.
        let delay = 5 + rng.below(296);
        let mut child = Command::new(&writer)
            .arg(&dir)
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("record_writer starts");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let lines = reader.join().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(
            stderr.is_empty(),
            "round {round}: the writer failed before the kill ({status}): {stderr}"
        );
        let acked: Vec<String> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("ack ").map(str::to_string))
            .collect();

        let record = Record::open_or_create(&dir, &actor())
            .unwrap_or_else(|e| panic!("round {round} (after {delay} ms): {e}: {e:?}"));
        let report = record.audit();
        assert!(
            report.is_clean(),
            "round {round} (after {delay} ms): audit breaks {:?}",
            report.breaks
        );
        acked_total.extend(acked);
        if let Some(summary) = record.list().unwrap().first() {
            let stored: HashSet<String> = record
                .assessment(&summary.id)
                .unwrap()
                .versions
                .into_iter()
                .map(|v| v.id.to_string())
                .collect();
            for id in &acked_total {
                assert!(
                    stored.contains(id),
                    "round {round} (after {delay} ms): acknowledged version {id} is lost"
                );
            }
        } else {
            assert!(
                acked_total.is_empty(),
                "round {round}: acknowledged assessment lost"
            );
        }
        assert!(report.versions >= acked_total.len());
        drop(record);
    }
    assert!(
        !acked_total.is_empty(),
        "the writer never acknowledged a version"
    );
    eprintln!(
        "{} versions acknowledged over 24 kills in {:?}",
        acked_total.len(),
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_record_held_by_another_process_is_reported_as_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let mut child = Command::new(writer())
        .arg(&dir)
        .arg("hold")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("record_writer starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "open");
    let err = Record::open(&dir, &actor()).unwrap_err();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(matches!(err, RecordError::Locked { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("locked by another dpia process"), "{text}");
    assert!(text.contains(&dir.display().to_string()), "{text}");
    assert!(err
        .hint()
        .unwrap()
        .contains("another dpia process holds the record"));
    Record::open(&dir, &actor()).expect("the lock is released when the holder dies");
}
