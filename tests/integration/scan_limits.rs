//! Crafted inputs that used to exhaust memory or time (red team H3, M4, M5, M11, L14), each
//! generated here small but of the shape that triggered the finding. The scan must end with
//! a clear problem naming the file (or a bounded report), never an abort or a hang; timing is
//! left to the benchmarks.

use crate::util::*;
use std::path::Path;

fn problems_of<'a>(report: &'a serde_json::Value, file: &str) -> Vec<&'a serde_json::Value> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"].as_str().unwrap().ends_with(file))
        .collect()
}

fn message_with<'a>(problems: &[&'a serde_json::Value], needle: &str) -> &'a serde_json::Value {
    problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no problem says {needle:?}: {problems:?}"))
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn json_schema_ref_bomb_is_expanded_once() {
    // H3: 161 bytes, six properties referring to the root; 6 GB and SIGABRT before.
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<String> = (0..6)
        .map(|i| format!(r##""p{i}":{{"$ref":"#"}}"##))
        .collect();
    let bomb = write(
        dir.path(),
        "x.schema.json",
        &format!(
            r#"{{"type":"object","properties":{{{}}}}}"#,
            props.join(",")
        ),
    );
    let report = scan_json_clean(&[bomb], &[]);
    let warning = message_with(&problems_of(&report, "x.schema.json"), "recursive $ref");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(report["tables"][0]["columns"].as_array().unwrap().len(), 36);
}

#[test]
fn json_schema_defs_bomb_is_expanded_once() {
    // H3, the $defs variant: eight properties referring to their own definition.
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<String> = (0..8)
        .map(|i| format!(r##""p{i}":{{"$ref":"#/$defs/n"}}"##))
        .collect();
    let bomb = write(
        dir.path(),
        "defs.schema.json",
        &format!(
            r##"{{"$ref":"#/$defs/n","$defs":{{"n":{{"type":"object","properties":{{{}}}}}}}}}"##,
            props.join(",")
        ),
    );
    let report = scan_json_clean(&[bomb], &[]);
    message_with(&problems_of(&report, "defs.schema.json"), "recursive $ref");
}

#[test]
fn sqlite_generated_columns_are_not_evaluated() {
    // M5: a VIRTUAL column that builds a 10^9-character string per row (2.4 GB before) and a
    // CPU-heavy one over 1,000 rows (a hang before).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT);")
        .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..1000 {
        tx.execute(
            "INSERT INTO t (email) VALUES (?1)",
            [format!("u{i}@example.org")],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    // Added after the rows, so that making the file costs nothing (an INSERT evaluates them).
    conn.execute_batch(
        "ALTER TABLE t ADD COLUMN big INT GENERATED ALWAYS AS (length(hex(zeroblob(499999999 + id - id)))) VIRTUAL;
         ALTER TABLE t ADD COLUMN cpu INT GENERATED ALWAYS AS (length(hex(zeroblob(100000000 + id - id)))) VIRTUAL;",
    )
    .unwrap();
    drop(conn);
    for extra in [&[][..], &["--full"][..]] {
        let report = scan_json_clean(std::slice::from_ref(&path), extra);
        let warning = message_with(&problems_of(&report, "gen.sqlite"), "generated (VIRTUAL)");
        assert_eq!(warning["severity"], "warning");
        assert_eq!(categories(&report, "t", "email"), ["email"]);
        let names: Vec<&str> = report["tables"][0]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"big") && names.contains(&"cpu"),
            "{names:?}"
        );
    }
}

#[test]
fn a_text_answer_over_100_kb_is_an_error_naming_file_and_line() {
    // M11: a 10 MB text answer made a PDF of 6,821 pages and 711 MB of memory.
    let dir = tempfile::tempdir().unwrap();
    let text = "word ".repeat(25_000);
    let answers = write(
        dir.path(),
        "long.toml",
        &format!("questionnaire = \"dpia-gdpr\"\n\"description.purposes\" = \"{text}\"\n"),
    );
    let tool = fixture("example/damage-reports");
    let out = run(&[
        "assess",
        tool.to_str().unwrap(),
        "--answers",
        answers.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("long.toml:2: description.purposes: the text is 123 KB long; an answer holds at most 100 KB"),
        "{err}"
    );
}

#[test]
fn a_header_of_a_million_commas_is_capped_at_the_column_limit() {
    // M4, the red team's reproduction: `print(','*1000000); print(1)`, a 1 MB file that ran
    // past 60 s (quadratic in columns) before.
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "h.csv",
        &format!("{}\n1\n", ",".repeat(1_000_000)),
    );
    let report = scan_json(&[csv], &[]);
    let problems = problems_of(&report, "h.csv");
    let error = message_with(&problems, "has more than 10000 columns");
    assert_eq!(error["severity"], "error");
    message_with(&problems, "have more than 10001 fields");
    let columns = report["tables"][0]["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 10_000);
}

/// The longest example value reported for `column` of the only table.
fn longest_example(report: &serde_json::Value, column: &str) -> usize {
    let columns = report["tables"][0]["columns"].as_array().unwrap();
    let c = columns
        .iter()
        .find(|c| c["name"] == column)
        .unwrap_or_else(|| panic!("no column {column}: {columns:?}"));
    c["examples"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e.as_str().unwrap().len())
        .max()
        .unwrap_or(0)
}

#[test]
fn single_huge_values_are_cut_to_64_kib_for_detection() {
    // M11: one value of hundreds of megabytes (here 2 MB of the same shape) used to cost
    // three to eight times its size; it is cut in the reader and the cut is reported.
    let dir = tempfile::tempdir().unwrap();
    let big = "Diabetes und Krankschreibung, ".repeat(70_000);
    let quoted = write(
        dir.path(),
        "quoted.csv",
        &format!("id,note\n1,\"{big}\"\n2,kurz\n"),
    );
    let header = write(
        dir.path(),
        "header.csv",
        &format!("{}\nx\n", "n".repeat(2 << 20)),
    );
    let ndjson = write(
        dir.path(),
        "events.ndjson",
        &format!("{{\"id\":1,\"note\":\"{big}\"}}\n{{\"id\":2,\"note\":\"kurz\"}}\n"),
    );
    let json = write(
        dir.path(),
        "notes.json",
        &format!("[{{\"id\":1,\"note\":\"{big}\"}},{{\"id\":2,\"note\":\"kurz\"}}]"),
    );
    let cap = 64 * 1024;
    let r = scan_json_clean(&[quoted], &["--show-values"]);
    message_with(
        &problems_of(&r, "quoted.csv"),
        "longer than 64 KiB were cut",
    );
    assert!((1..=cap).contains(&longest_example(&r, "note")));
    assert_eq!(
        r["tables"][0]["rows_seen"], 2,
        "the row after the cut field is read"
    );
    let r = scan_json_clean(&[header], &[]);
    message_with(
        &problems_of(&r, "header.csv"),
        "longer than 64 KiB were cut",
    );
    let name = r["tables"][0]["columns"][0]["name"].as_str().unwrap();
    assert_eq!(name.len(), cap);
    for (path, file) in [(ndjson, "events.ndjson"), (json, "notes.json")] {
        let r = scan_json_clean(&[path], &["--show-values"]);
        assert!((1..=cap).contains(&longest_example(&r, "note")), "{file}");
        assert_eq!(r["tables"][0]["rows_seen"], 2, "{file}");
    }
}

#[test]
fn an_ndjson_line_over_16_mib_is_skipped_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"note\":\"{}\"}}", "x".repeat(17 << 20));
    let ndjson = write(
        dir.path(),
        "big.ndjson",
        &format!("{{\"email\":\"a@example.org\"}}\n{long}\n{{\"email\":\"b@example.org\"}}\n"),
    );
    let r = scan_json(&[ndjson], &[]);
    let p = message_with(
        &problems_of(&r, "big.ndjson"),
        "longer than 16 MiB: skipped",
    );
    assert_eq!(p["line"], 2);
    assert_eq!(r["tables"][0]["rows_seen"], 2);
}
