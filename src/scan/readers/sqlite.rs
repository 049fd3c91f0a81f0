//! SQLite database files (recognised by their magic bytes): the schema from `sqlite_master`
//! and `PRAGMA table_info`, and rows sampled evenly by rowid (every row with `--full`). Opened
//! read-only, so a scan never changes the database.

use super::Sink;
use crate::scan::tables::ColumnSchema;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

pub fn read(path: &Path, sink: &mut Sink<'_>) {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(c) => c,
        Err(e) => {
            sink.error(None, format!("cannot open SQLite database: {e}"));
            return;
        }
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
    let tables = match table_names(&conn) {
        Ok(t) => t,
        Err(e) => {
            sink.error(None, format!("cannot read the SQLite schema: {e}"));
            return;
        }
    };
    if tables.is_empty() {
        sink.warning(None, "the SQLite database has no tables");
    }
    for table in tables {
        if let Err(e) = read_table(&conn, &table, sink) {
            sink.error(None, format!("table {table}: {e}"));
        }
    }
}

fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY rowid",
    )?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names.collect()
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn read_table(conn: &Connection, table: &str, sink: &mut Sink<'_>) -> rusqlite::Result<()> {
    let mut info = conn.prepare(&format!("PRAGMA table_info({})", quote(table)))?;
    let columns: Vec<(String, String)> = info
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let path = sink.path.to_string();
    let t = sink.tables.table(table, &path);
    for (name, ty) in &columns {
        t.declare_column(ColumnSchema {
            name: name.clone(),
            data_type: (!ty.is_empty()).then(|| ty.clone()),
            comment: None,
        });
    }
    sink.found_something = true;
    let names: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
    let indices = sink.columns(table, &names);
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
            r.get(0)
        })?;
    let full = sink.tables.full();
    let want = sink.tables.sample_rows() as i64;
    let select = if full || total <= want {
        format!("SELECT * FROM {}", quote(table))
    } else {
        // Evenly spread over the table by rowid; tables without rowid fall back below.
        let step = (total + want - 1) / want;
        format!(
            "SELECT * FROM {} WHERE rowid % {step} = 0 LIMIT {want}",
            quote(table)
        )
    };
    let mut stmt = match conn.prepare(&select) {
        Ok(s) => s,
        Err(_) => conn.prepare(&format!("SELECT * FROM {} LIMIT {want}", quote(table)))?,
    };
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i)? {
                ValueRef::Null | ValueRef::Blob(_) => None,
                ValueRef::Integer(n) => Some(n.to_string()),
                ValueRef::Real(x) => Some(x.to_string()),
                ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            });
        }
        let values: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
        sink.push_row(table, &indices, &values);
    }
    // Rows not sampled still count as seen.
    let t = sink.tables.table(table, &path);
    if let Ok(total) = u64::try_from(total) {
        t.rows_seen = t.rows_seen.max(total);
    }
    Ok(())
}
