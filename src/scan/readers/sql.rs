//! SQL files: DDL, migrations (applied in file-name order by the walker) and data dumps
//! (`wrangler d1 export`, `sqlite3 .dump`, `pg_dump --inserts`, `mysqldump`). The INSERT and
//! COPY rows are sample data.

use super::Sink;
use crate::location::Location;
use crate::scan::model::ProblemCode;
use crate::scan::sql::{ColumnDef, SqlValue, Statement, StatementReader};
use crate::scan::table_model::ColumnSchema;
use std::io::BufRead;

pub fn read(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut reader = StatementReader::new(input);
    let mut ragged_reported = 0u32;
    for item in reader.by_ref() {
        let statement = match item {
            Ok(s) => s,
            Err(e) => {
                sink.error(ProblemCode::SqlSyntax, Some(e.line), e.message);
                continue;
            }
        };
        apply(statement, sink, &mut ragged_reported);
    }
    if reader.latin1_lines() > 0 {
        sink.warning(
            ProblemCode::InvalidUtf8,
            None,
            format!(
                "{} line(s) are not valid UTF-8 and were read as Latin-1",
                reader.latin1_lines()
            ),
        );
    }
}

/// A value's text for detection, cut to 64 KiB like every reader's.
fn value_text(value: &SqlValue) -> Option<&str> {
    match value {
        SqlValue::Null | SqlValue::Blob(_) => None,
        SqlValue::Text(s) | SqlValue::Number(s) | SqlValue::Other(s) => {
            Some(crate::scan::text::truncate_value(s))
        }
    }
}

/// A column of a `CREATE TABLE` or `ALTER TABLE … ADD COLUMN`, declared on its own line.
fn declared(c: ColumnDef, path: &str) -> ColumnSchema {
    ColumnSchema {
        name: c.name,
        data_type: c.data_type,
        comment: c.comment,
        declared_at: vec![Location::new(path, c.line)],
    }
}

fn apply(statement: Statement, sink: &mut Sink<'_>, ragged_reported: &mut u32) {
    match statement {
        Statement::CreateTable { table, columns, .. } => {
            let t = sink.tables.table(&table, sink.path);
            for c in columns {
                t.declare_column(declared(c, sink.path));
            }
            sink.found_something = true;
        }
        Statement::AddColumn { table, column, .. } => {
            sink.tables
                .table(&table, sink.path)
                .declare_column(declared(column, sink.path));
        }
        Statement::RenameColumn {
            table, from, to, ..
        } => {
            let path = sink.path.to_string();
            sink.tables.table(&table, &path).rename_column(&from, &to);
        }
        Statement::DropColumn { table, column, .. } => {
            let path = sink.path.to_string();
            sink.tables.table(&table, &path).drop_column(&column);
        }
        Statement::RenameTable { from, to, .. } => sink.tables.rename(&from, &to),
        Statement::DropTable { table, .. } => sink.tables.drop_table(&table),
        Statement::ColumnComment {
            table,
            column,
            comment,
            ..
        } => {
            let path = sink.path.to_string();
            sink.tables
                .table(&table, &path)
                .declare_column(ColumnSchema {
                    name: column,
                    comment: Some(comment),
                    ..ColumnSchema::default()
                });
        }
        Statement::Insert {
            table,
            columns,
            rows,
            line,
        } => insert(&table, columns, rows, line, sink, ragged_reported),
        Statement::Copy {
            table,
            columns,
            rows,
            line,
        } => insert(&table, Some(columns), rows, line, sink, ragged_reported),
    }
}

fn insert(
    table: &str,
    columns: Option<Vec<String>>,
    rows: Vec<Vec<SqlValue>>,
    line: u64,
    sink: &mut Sink<'_>,
    ragged_reported: &mut u32,
) {
    let indices: Vec<Option<usize>> = match columns {
        Some(names) if !names.is_empty() => sink.columns(table, &names),
        _ => {
            let path = sink.path.to_string();
            let known = sink.tables.table(table, &path).columns.len();
            let width = rows.first().map_or(0, Vec::len);
            if known == 0 && width > 0 {
                sink.warning(ProblemCode::SqlInsertWithoutColumns,
                    Some(line),
                    format!("INSERT INTO {table} without a column list and no CREATE TABLE seen: columns named column1..column{width}"),
                );
                let names: Vec<String> = (1..=width).map(|i| format!("column{i}")).collect();
                sink.columns(table, &names)
            } else {
                (0..known).map(Some).collect()
            }
        }
    };
    for row in rows {
        if row.len() != indices.len() {
            if *ragged_reported < 5 {
                let (have, want) = (row.len(), indices.len());
                sink.warning(
                    ProblemCode::SqlRaggedRow,
                    Some(line),
                    format!("INSERT INTO {table}: row has {have} values for {want} columns"),
                );
            }
            *ragged_reported += 1;
            if indices.is_empty() {
                continue;
            }
        }
        let values: Vec<Option<&str>> = row.iter().map(value_text).collect();
        sink.push_row(table, &indices, &values);
    }
}
