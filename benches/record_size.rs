//! Size and speed of the record on realistic work: the bundled example answered one question
//! per version, as the terminal UI saves (the TUI walkthrough measured 8.4 MB for 92 such
//! versions with the schema 1 record). Run with `cargo bench --bench record_size`; prints the
//! bytes on disk per version, the export's size, the time of a save, of a writable and a
//! read-only open (the read-only one copies the database), of the audit, and of migrating
//! the previous release's record (`tests/fixtures/record-v1`).
//!
//! `cargo bench --bench record_size -- N` saves N versions instead of 92.

use dpia::record::{Actor, Record};
use dpia::reference::Reference;
use dpia::scan::{self, Dictionary, NoProgress, ScanInput, ScanOptions};
use dpia::session::Session;
use std::path::{Path, PathBuf};
use std::time::Instant;

const NOW: &str = "2026-11-25T10:00:00Z";

fn actor() -> Actor {
    Actor {
        author: "bench".into(),
        now: NOW.into(),
    }
}

/// Bytes of every file under `dir`.
fn disk_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        disk_bytes(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let versions: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(92);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("record");
    let today = dpia::calendar::Date::parse("2026-11-25").ok_or("date")?;
    let dict = Dictionary::builtin()?;
    let report = scan::scan(
        &[ScanInput::Path(
            root.join("tests/fixtures/example/damage-reports"),
        )],
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dict,
        &NoProgress,
    );
    let mut session = Session::start(
        report,
        dpia::questionnaire::builtin()?,
        Reference::builtin()?,
        today,
    );
    let answers =
        std::fs::read_to_string(root.join("tests/fixtures/answers/damage-reports.answers.toml"))?;
    session.apply_answers_file("answers.toml", &answers)?;
    let id = {
        let record = Record::open_or_create(&dir, &actor())?;
        session.create(&record, "Damage reports", "example", "bench", &NOW.into())?
    };
    let start = Instant::now();
    for i in 2..=versions {
        let value = dpia::questionnaire::AnswerValue::Text(format!("Beispiel GmbH, revision {i}"));
        session.set("description.controller", value)?;
        // As the TUI saves: the record opened for the action and closed again.
        let record = Record::open(&dir, &actor())?;
        session.save(&record, &id, "bench", &NOW.into())?;
    }
    let save_ms = ms(start) / f64::from(versions.saturating_sub(1).max(1));
    let bytes = disk_bytes(&dir);
    let start = Instant::now();
    let record = Record::open(&dir, &actor())?;
    let open_ms = ms(start);
    let export = record.export_json()?;
    drop(record);
    let start = Instant::now();
    let read_only = Record::open_read_only(&dir, tmp.path(), &actor())?;
    let read_only_ms = ms(start);
    let start = Instant::now();
    let audit = read_only.audit();
    let audit_ms = ms(start);
    assert!(audit.is_clean(), "{:?}", audit.breaks);
    println!("record of {versions} versions (the example, one answer changed per version)");
    println!(
        "  on disk        {:>9.2} MB  {:>6.1} KB per version",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / f64::from(versions)
    );
    println!(
        "  export (JSON)  {:>9.2} MB  {:>6.1} KB per version, {} scan(s)",
        export.len() as f64 / 1e6,
        export.len() as f64 / 1e3 / f64::from(versions),
        audit.scans
    );
    println!("  save (open, write, flush, close)      {save_ms:>7.1} ms");
    println!("  open for writing                      {open_ms:>7.1} ms");
    println!("  open read-only (copy of the database) {read_only_ms:>7.1} ms");
    println!("  audit                                 {audit_ms:>7.1} ms");

    let old = tmp.path().join("record-v1");
    copy_tree(&root.join("tests/fixtures/record-v1/record"), &old)?;
    let before = disk_bytes(&old);
    let start = Instant::now();
    let migrated = Record::open(&old, &actor())?;
    let migrate_ms = ms(start);
    let done = migrated.audit();
    drop(migrated);
    println!(
        "migration of the previous release's record ({} versions): {migrate_ms:.1} ms, \
         {:.2} MB -> {:.2} MB on disk",
        done.versions,
        before as f64 / 1e6,
        disk_bytes(&old) as f64 / 1e6
    );
    Ok(())
}
