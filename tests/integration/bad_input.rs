//! Bad input never panics and never stops a scan: each defective file becomes a problem that
//! names the file (and the line, where there is one), and the good files beside it are
//! still scanned.

use crate::util::*;

/// Scans one invalid fixture next to a good file; returns the problems for the bad one.
fn problems_for(name: &str) -> Vec<serde_json::Value> {
    let bad = fixture(&format!("invalid/{name}"));
    assert!(bad.exists(), "fixture {name} missing");
    let good = fixture("shared-examples/kpi-dashboard/data/sales_reps.csv");
    let report = scan_json(&[bad, good], &[]);
    assert!(
        report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "sales_reps"),
        "the good file must still be scanned"
    );
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"].as_str().unwrap().ends_with(name))
        .cloned()
        .collect()
}

/// A problem of `name` mentions `needle`, has stable code `code` and (if given) `line`.
fn assert_problem(name: &str, line: Option<u64>, code: &str, needle: &str) {
    let problems = problems_for(name);
    assert!(!problems.is_empty(), "{name}: no problem reported");
    let hit = problems.iter().find(|p| {
        p["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains(needle)
    });
    let Some(p) = hit else {
        panic!("{name}: no problem mentions {needle:?}: {problems:?}");
    };
    if let Some(line) = line {
        assert_eq!(p["line"].as_u64(), Some(line), "{name}: {p}");
    }
    assert_eq!(p["code"], code, "{name}: {p}");
}

#[test]
fn truncated_sql_names_the_line_its_cut_statement_began() {
    // `CREATE TABLE customers (` on line 2 is cut off mid-column (tests/fixtures/invalid/README.md).
    let problems = problems_for("sql_truncated.sql");
    assert!(!problems.is_empty(), "no problem reported");
    assert!(
        problems.iter().all(|p| p["line"].as_u64().is_some()),
        "{problems:?}"
    );
    assert_problem(
        "sql_truncated.sql",
        Some(2),
        "sql-syntax",
        "unbalanced parentheses",
    );
}

#[test]
fn unterminated_sql_string_names_its_line() {
    assert_problem(
        "sql_unterminated_string.sql",
        Some(3),
        "sql-syntax",
        "unterminated",
    );
}

#[test]
fn ragged_csv_row_is_a_warning_with_its_line() {
    let problems = problems_for("csv_ragged_row.csv");
    assert!(problems.iter().any(|p| p["severity"] == "warning"
        && p["code"] == "csv-ragged-row"
        && p["line"].as_u64().is_some()
        && p["message"].as_str().unwrap().contains("fields")));
}

#[test]
fn binary_garbage() {
    assert_problem("binary_garbage.csv", Some(1), "binary-data", "binary");
}

#[test]
fn empty_file() {
    assert_problem("empty.csv", None, "empty-input", "empty");
}

#[test]
fn json_array_of_numbers() {
    assert_problem(
        "json_array_of_numbers.json",
        None,
        "json-not-objects",
        "no objects",
    );
}

#[test]
fn truncated_json_names_a_line() {
    let problems = problems_for("json_truncated.json");
    assert!(
        problems.iter().any(|p| p["line"].as_u64().is_some()),
        "{problems:?}"
    );
}

#[test]
fn bad_ndjson_line() {
    assert_problem(
        "ndjson_bad_line.ndjson",
        Some(3),
        "json-syntax",
        "invalid json",
    );
}

#[test]
fn corrupt_sqlite() {
    assert_problem("corrupt.sqlite", None, "sqlite-unreadable", "sqlite");
}

#[test]
fn bad_wrangler_config_names_a_line() {
    let problems = problems_for("wrangler_bad.jsonc");
    assert!(
        problems.iter().any(|p| p["line"].as_u64().is_some()),
        "{problems:?}"
    );
}

#[test]
fn json_schema_with_bad_properties() {
    assert_problem(
        "json_schema_bad_properties.schema.json",
        None,
        "json-schema-shape",
        "properties",
    );
}

#[test]
fn invalid_utf8_is_read_as_latin1_with_a_warning() {
    assert_problem("invalid_utf8.csv", None, "invalid-utf8", "latin-1");
}

#[test]
fn unreadable_file_is_a_problem_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("gone.csv");
    std::os::unix::fs::symlink(dir.path().join("missing-target.csv"), &link).unwrap();
    let out = run(&["scan", "--format", "json", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["problems"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("gone.csv"));
}

#[test]
fn every_invalid_fixture_scans_without_a_panic() {
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let out = dpia().arg("scan").arg(&path).output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{}: exit {code:?}: {}",
            path.display(),
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", path.display());
    }
}

#[test]
fn unterminated_csv_quote_names_the_line_it_opens_on() {
    assert_problem(
        "csv_unterminated_quote.csv",
        Some(3),
        "csv-unterminated-quote",
        "unterminated quote",
    );
}
