//! `--full` scans stop doing full work on a column once its verdict is stable. These tests
//! hold that shortcut to its promise: the verdicts equal those of an exhaustive scan (on
//! every fixture tool, with a policy that settles after a handful of values, and on a
//! generated file with the default policy), a health term that first appears late is
//! still found, and the result does not depend on the number of threads.

use crate::util::*;
use dpia::scan::detect::SettlePolicy;
use dpia::scan::{self, Dictionary, ScanInput, ScanOptions, ScanReport};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn verdicts(report: &ScanReport) -> Vec<String> {
    report
        .tables
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| {
                format!(
                    "{}.{} {:?} review={}",
                    t.name, c.name, c.categories, c.needs_review
                )
            })
        })
        .collect()
}

fn full_scan(
    paths: &[PathBuf],
    exhaustive: bool,
    threads: usize,
    settle: SettlePolicy,
) -> ScanReport {
    let dict = Dictionary::builtin().unwrap();
    let mut options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    options.full = true;
    options.exhaustive = exhaustive;
    options.threads = threads;
    options.settle = settle;
    let inputs: Vec<ScanInput> = paths.iter().cloned().map(ScanInput::Path).collect();
    scan::scan(&inputs, &options, &dict, &scan::NoProgress)
}

fn fixture_tools() -> Vec<PathBuf> {
    let root = fixture("");
    let mut tools = Vec::new();
    for group in ["example", "labelled", "held-out", "shared-examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(group)) else {
            continue;
        };
        tools.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("labels.toml").exists()),
        );
    }
    tools.sort();
    tools
}

#[test]
fn settled_verdicts_equal_exhaustive_verdicts_on_every_fixture_tool() {
    // Settle as early as the fixtures allow (a few dozen rows per table), so the shortcut
    // is exercised on every column that has enough values.
    let eager = SettlePolicy {
        first_check: 8,
        settle_min: 16,
        sample_every: 4,
    };
    let tools = fixture_tools();
    assert!(tools.len() >= 10, "{tools:?}");
    let mut settled_columns = 0;
    let mut differences = Vec::new();
    for tool in &tools {
        let exhaustive = full_scan(std::slice::from_ref(tool), true, 1, eager);
        let shortcut = full_scan(std::slice::from_ref(tool), false, 2, eager);
        settled_columns += shortcut
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .filter(|c| c.evidence.iter().any(|e| e.contains("examined fully")))
            .count();
        for (a, b) in verdicts(&exhaustive).iter().zip(verdicts(&shortcut).iter()) {
            if a != b {
                differences.push(format!("exhaustive {a}\n    shortcut {b}"));
            }
        }
    }
    assert!(
        settled_columns >= 50,
        "only {settled_columns} columns settled: the test would not exercise the shortcut"
    );
    assert!(differences.is_empty(), "{}", differences.join("\n  "));
}

/// A CSV of `rows` rows: names, e-mails, free text; the only health mention is at `late`.
fn generated(dir: &Path, rows: usize, late: usize) -> PathBuf {
    const FIRST: [&str; 12] = [
        "Anna", "Lukas", "Marie", "Jan", "Sofia", "Pierre", "Giulia", "Piotr", "Emma", "Noah",
        "Lea", "Mateo",
    ];
    const LAST: [&str; 12] = [
        "Berger", "Schmidt", "Dupont", "Rossi", "Nowak", "Jansen", "Garcia", "Smith", "Weber",
        "Moreau", "Bianchi", "Kowalski",
    ];
    const ITEMS: [&str; 6] = ["heating", "window", "door", "sink", "boiler", "light"];
    let mut text = String::from("id,first_name,last_name,email,note\n");
    for i in 0..rows {
        let (f, l) = (FIRST[i % 12], LAST[(i / 12) % 12]);
        let note = if i == late {
            "I am pregnant and the mould in the bedroom worries me".to_string()
        } else {
            format!(
                "The {} in flat {} has been broken since week {}",
                ITEMS[i % 6],
                i % 997,
                i % 53
            )
        };
        let _ = writeln!(
            text,
            "{i},{f},{l},{}.{}{i}@example.org,{note}",
            f.to_lowercase(),
            l.to_lowercase()
        );
    }
    let path = dir.join("requests.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_late_health_term_is_found_and_threads_do_not_change_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 30_000, 27_183);
    let settle = SettlePolicy::default();
    let one = full_scan(std::slice::from_ref(&path), false, 1, settle);
    let two = full_scan(std::slice::from_ref(&path), false, 2, settle);
    let exhaustive = full_scan(std::slice::from_ref(&path), true, 2, settle);
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
    assert_eq!(verdicts(&one), verdicts(&exhaustive));
    let note = one.tables[0]
        .columns
        .iter()
        .find(|c| c.name == "note")
        .unwrap();
    assert!(
        note.categories.contains(&dpia::scan::Category::Health),
        "{note:?}"
    );
    assert!(
        note.evidence
            .iter()
            .any(|e| e.contains("of 30000 non-empty values examined fully")
                && e.contains("every value searched for Art. 9 terms")),
        "{:?}",
        note.evidence
    );
}

#[test]
fn the_cli_takes_threads_and_exhaustive() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 3_000, 2_999);
    let p = path.to_str().unwrap();
    let one = scan_json_clean(std::slice::from_ref(&path), &["--full", "--threads", "1"]);
    let exhaustive = scan_json_clean(std::slice::from_ref(&path), &["--full", "--exhaustive"]);
    assert_eq!(
        categories(&one, "requests", "note"),
        ["free_text", "health"]
    );
    assert_eq!(
        categories(&exhaustive, "requests", "note"),
        ["free_text", "health"]
    );
    let out = run(&["scan", p, "--exhaustive"]);
    assert_eq!(out.status.code(), Some(2), "--exhaustive needs --full");
}
