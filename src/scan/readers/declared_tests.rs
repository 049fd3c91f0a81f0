//! Tests: where each reader says a column is declared (`ColumnSchema::declared_at`), and the
//! code of the problems it reports.

use crate::scan::input::Format;
use crate::scan::{Problem, ProblemCode};

/// (table, column, places as `path:line`) of every column read.
type Places = Vec<(String, String, Vec<String>)>;

/// Reads in-memory files into tables: every column's places, and the problems.
fn read(files: &[(&str, &str, Format)]) -> (Places, Vec<Problem>) {
    let (tables, report) = super::test_support::read_in_memory(files);
    let places = tables
        .into_iter()
        .flat_map(|t| {
            let table = t.name.clone();
            t.columns.into_iter().map(move |c| {
                let at = c.declared_at.iter().map(ToString::to_string).collect();
                (table.clone(), c.name, at)
            })
        })
        .collect();
    (places, report.problems)
}

fn at<'a>(places: &'a [(String, String, Vec<String>)], column: &str) -> &'a [String] {
    &places
        .iter()
        .find(|(_, c, _)| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {places:?}"))
        .2
}

#[test]
fn sql_columns_are_declared_on_their_own_line_and_data_files_add_theirs() {
    let schema = "CREATE TABLE patients (\n  id INT,\n  email TEXT,\n  diagnose TEXT\n);\n\
                  ALTER TABLE patients ADD COLUMN phone TEXT;\n";
    let csv = "\u{feff}id,email,allergy\n1,a@example.org,nuts\n";
    let (places, problems) = read(&[
        ("migrations/0001.sql", schema, Format::Sql),
        ("export/patients.csv", csv, Format::Csv),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        at(&places, "email"),
        ["migrations/0001.sql:3", "export/patients.csv:1"]
    );
    assert_eq!(at(&places, "diagnose"), ["migrations/0001.sql:4"]);
    assert_eq!(at(&places, "phone"), ["migrations/0001.sql:6"]);
    assert_eq!(at(&places, "allergy"), ["export/patients.csv:1"]);
}

#[test]
fn a_json_field_is_declared_by_the_first_record_holding_it() {
    let array = "\n[\n  {\"id\": 1},\n  {\"id\": 2,\n   \"email\": \"a@example.org\"},\n  {\"email\": \"b@example.org\", \"address\": {\"city\": \"Graz\"}}\n]\n";
    let (places, _) = read(&[("users.json", array, Format::Json)]);
    assert_eq!(at(&places, "id"), ["users.json:3"]);
    assert_eq!(
        at(&places, "email"),
        ["users.json:4"],
        "the record starts on line 4"
    );
    assert_eq!(at(&places, "address.city"), ["users.json:6"]);
    let lines = "{\"id\": 1}\n\n{\"id\": 2, \"note\": \"x\"}\n";
    let (places, _) = read(&[("events.ndjson", lines, Format::Ndjson)]);
    assert_eq!(at(&places, "id"), ["events.ndjson:1"]);
    assert_eq!(at(&places, "note"), ["events.ndjson:3"]);
}

#[test]
fn problems_carry_their_code() {
    let (_, problems) = read(&[
        ("bad.sql", "CREATE TABLE t (a INT;\n", Format::Sql),
        ("ragged.csv", "a,b\n1,2,3\n", Format::Csv),
        ("bad.json", "[{\"a\": 1},", Format::Json),
        ("empty.csv", "", Format::Csv),
    ]);
    let codes: Vec<(&str, ProblemCode)> =
        problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
    for expected in [
        ("bad.sql", ProblemCode::SqlSyntax),
        ("ragged.csv", ProblemCode::CsvRaggedRow),
        ("bad.json", ProblemCode::JsonSyntax),
        ("empty.csv", ProblemCode::EmptyInput),
    ] {
        assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
    }
}
