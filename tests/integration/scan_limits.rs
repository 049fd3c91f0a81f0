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
