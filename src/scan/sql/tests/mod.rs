//! Tests: dump formats end to end (`dialects.rs`), schema statements (`ddl.rs`), errors
//! and robustness (`robustness.rs`), and the tokeniser (`lexer.rs`). Every input read with
//! `read` is also re-read in tiny pieces, to check that cutting long lines into chunks
//! never changes the result.

mod ddl;
mod dialects;
mod lexer;
mod robustness;

use super::*;

pub(super) type Items = Vec<Result<Statement, SqlError>>;

pub(super) fn read_with(input: &[u8], chunk: usize) -> Items {
    let items: Items = StatementReader::with_limits(input, split::MAX_STATEMENT_BYTES, chunk)
        .take(1_000_000)
        .collect();
    assert!(items.len() < 1_000_000, "the reader does not stop");
    items
}

/// Reads `input`, checking that small read pieces give the same result.
pub(super) fn read(input: &str) -> Items {
    read_bytes(input.as_bytes())
}

pub(super) fn read_bytes(input: &[u8]) -> Items {
    let whole = read_with(input, input::CHUNK_BYTES);
    for chunk in [4, 5, 7, 13, 64] {
        assert_eq!(
            read_with(input, chunk),
            whole,
            "chunk size {chunk} changed the result"
        );
    }
    whole
}

/// The statements, every column's line set to 0: these tests compare names, types and
/// comments (built with [`col`]); `column_lines` checks the lines.
pub(super) fn ok(items: Items) -> Vec<Statement> {
    items
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("unexpected error {e}")))
        .map(|mut s| {
            match &mut s {
                Statement::CreateTable { columns, .. } => {
                    columns.iter_mut().for_each(|c| c.line = 0)
                }
                Statement::AddColumn { column, .. } => column.line = 0,
                _ => {}
            }
            s
        })
        .collect()
}

#[test]
fn column_lines() {
    let sql = "-- schema\n\nCREATE TABLE t (\n  id INT,\n  -- who\n  email TEXT, name\n  TEXT\n);\n\
               ALTER TABLE t ADD COLUMN\n phone TEXT;\nCREATE VIRTUAL TABLE f USING fts5(\ntitle,\n body);\n";
    let lines: Vec<(String, u64)> = read(sql)
        .into_iter()
        .flat_map(|r| match r.unwrap() {
            Statement::CreateTable { columns, .. } => columns,
            Statement::AddColumn { column, .. } => vec![column],
            _ => Vec::new(),
        })
        .map(|c| (c.name, c.line))
        .collect();
    let want = [
        ("id", 4),
        ("email", 6),
        ("name", 6),
        ("phone", 10),
        ("title", 12),
        ("body", 13),
    ];
    let want: Vec<(String, u64)> = want.iter().map(|(n, l)| (n.to_string(), *l)).collect();
    assert_eq!(lines, want);
}

pub(super) fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}
pub(super) fn num(s: &str) -> SqlValue {
    SqlValue::Number(s.into())
}
pub(super) fn col(name: &str, ty: Option<&str>, comment: Option<&str>) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        data_type: ty.map(Into::into),
        comment: comment.map(Into::into),
        line: 0,
    }
}
pub(super) fn columns(s: &Statement) -> &[ColumnDef] {
    match s {
        Statement::CreateTable { columns, .. } => columns,
        other => panic!("not a CREATE TABLE: {other:?}"),
    }
}
pub(super) fn rows(s: &Statement) -> &[Vec<SqlValue>] {
    match s {
        Statement::Insert { rows, .. } | Statement::Copy { rows, .. } => rows,
        other => panic!("not rows: {other:?}"),
    }
}

pub(super) const D1: &str = r#"PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE IF NOT EXISTS tenants (
  id INTEGER PRIMARY KEY,
  property_id INTEGER NOT NULL REFERENCES properties(id),
  vorname TEXT NOT NULL,
  email TEXT,
  einzug DATE
);
ALTER TABLE damage_reports ADD COLUMN photo_key TEXT;
INSERT INTO "tenants" ("id","property_id","vorname","email","einzug") VALUES(1,1,'Irene','anatoli75@example.org','2020-04-14');
INSERT INTO "tenants" ("id","property_id","vorname","email","einzug") VALUES(2,6,'O''Brien',NULL,'2015-01-15');
"#;
