//! SQLite database files (recognised by their magic bytes): the schema from `sqlite_master`
//! and `PRAGMA table_xinfo`, and rows sampled evenly by rowid (every row with `--full`).
//! Opened read-only, so a scan never changes the database.
//!
//! A database file is input like any other and may be crafted: a VIRTUAL generated column
//! runs an expression on every read (`hex(zeroblob(1e9))` needs gigabytes). So only stored
//! columns are read (generated ones are schema-only), values are never loaded above
//! [`MAX_LOADED`] bytes (SQLITE_LIMIT_LENGTH too), the schema is untrusted
//! (SQLITE_DBCONFIG_TRUSTED_SCHEMA off) and every table has a budget of VM instructions
//! proportional to its size, enforced by a progress handler. The budget counts instructions,
//! not seconds, so the same file always gives the same result.

use super::Sink;
use crate::scan::model::ProblemCode;
use crate::scan::table_model::ColumnSchema;
use crate::scan::text::{truncate_value, MAX_VALUE_BYTES};
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Largest value loaded from the database (bytes); larger ones are left out.
const MAX_LOADED: i32 = 16 << 20;
/// VM instructions between two calls of the progress handler.
const OPS_PER_CHECK: i32 = 10_000;
/// Instructions every table may use whatever its size (schema, count, a few rows).
const BASE_OPS: u64 = 50_000_000;
/// Instructions allowed per row and column held (a plain read needs well under ten).
const OPS_PER_CELL: u64 = 100;

pub fn read(path: &Path, sink: &mut Sink<'_>) {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(c) => c,
        Err(e) => {
            sink.error(
                ProblemCode::SqliteUnreadable,
                None,
                format!("cannot open SQLite database: {e}"),
            );
            return;
        }
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
    let _ = conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LOADED);
    let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false);
    let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true);
    let budget = Budget::install(&conn);
    budget.allow(BASE_OPS);
    let tables = match table_names(&conn) {
        Ok(t) => t,
        Err(e) => {
            sink.error(
                ProblemCode::SqliteUnreadable,
                None,
                format!("cannot read the SQLite schema: {e}"),
            );
            return;
        }
    };
    if tables.is_empty() {
        sink.warning(
            ProblemCode::EmptyInput,
            None,
            "the SQLite database has no tables",
        );
    }
    for table in tables {
        budget.allow(BASE_OPS);
        if let Err(e) = read_table(&conn, &table, &budget, sink) {
            let message = if budget.spent() {
                format!("table {table}: reading stopped, over its budget of database instructions (a crafted or unusually expensive table); rows read so far are kept")
            } else {
                format!("table {table}: {e}")
            };
            sink.error(ProblemCode::SqliteTableStopped, None, message);
        }
    }
}

/// VM instructions a statement may still run, shared with the progress handler.
struct Budget(Arc<AtomicU64>);

impl Budget {
    fn install(conn: &Connection) -> Self {
        let checks = Arc::new(AtomicU64::new(0));
        let left = Arc::clone(&checks);
        conn.progress_handler(
            OPS_PER_CHECK,
            Some(move || {
                // true interrupts the statement.
                left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_err()
            }),
        );
        Budget(checks)
    }

    /// Allows `ops` more instructions from now on.
    fn allow(&self, ops: u64) {
        self.0
            .store(ops / OPS_PER_CHECK.unsigned_abs() as u64, Ordering::Relaxed);
    }

    fn spent(&self) -> bool {
        self.0.load(Ordering::Relaxed) == 0
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

/// A column as `PRAGMA table_xinfo` describes it.
struct ColumnInfo {
    name: String,
    data_type: String,
    /// 0 ordinary, 1 hidden (virtual tables), 2 generated VIRTUAL, 3 generated STORED.
    hidden: i64,
}

impl ColumnInfo {
    /// Whether reading the column only reads stored bytes (no expression is evaluated).
    fn stored(&self) -> bool {
        matches!(self.hidden, 0 | 3)
    }

    /// The column's value as read for detection: blobs and oversized values are left out
    /// (decided from the record header, without loading them), text is cut.
    fn select_expression(&self) -> String {
        let c = quote(&self.name);
        format!(
            "CASE WHEN typeof({c}) = 'blob' OR octet_length({c}) > {MAX_LOADED} THEN NULL \
             WHEN typeof({c}) = 'text' THEN substr({c}, 1, {MAX_VALUE_BYTES}) ELSE {c} END"
        )
    }
}

fn column_info(conn: &Connection, table: &str) -> rusqlite::Result<Vec<ColumnInfo>> {
    let mut info = conn.prepare(&format!("PRAGMA table_xinfo({})", quote(table)))?;
    let columns = info.query_map([], |r| {
        Ok(ColumnInfo {
            name: r.get(1)?,
            data_type: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            hidden: r.get(6)?,
        })
    })?;
    columns.collect()
}

fn read_table(
    conn: &Connection,
    table: &str,
    budget: &Budget,
    sink: &mut Sink<'_>,
) -> rusqlite::Result<()> {
    let columns = column_info(conn, table)?;
    let path = sink.path.to_string();
    let t = sink.tables.table(table, &path);
    for c in columns.iter().filter(|c| c.hidden != 1) {
        t.declare_column(ColumnSchema {
            name: c.name.clone(),
            data_type: (!c.data_type.is_empty()).then(|| c.data_type.clone()),
            ..ColumnSchema::default()
        });
    }
    sink.found_something = true;
    let generated = columns.iter().filter(|c| c.hidden == 2).count();
    if generated > 0 {
        sink.warning(ProblemCode::SqliteGeneratedColumns,
            None,
            format!("table {table}: {generated} generated (VIRTUAL) column(s) not read: the database computes them on every read, so only their declaration is scanned"),
        );
    }
    let readable: Vec<&ColumnInfo> = columns.iter().filter(|c| c.stored()).collect();
    if readable.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = readable.iter().map(|c| c.name.clone()).collect();
    let indices = sink.columns(table, &names);
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
            r.get(0)
        })?;
    let cells = u64::try_from(total)
        .unwrap_or(0)
        .saturating_mul(readable.len() as u64 + 1);
    budget.allow(BASE_OPS.saturating_add(cells.saturating_mul(OPS_PER_CELL)));
    let list = readable
        .iter()
        .map(|c| c.select_expression())
        .collect::<Vec<_>>()
        .join(", ");
    let full = sink.tables.full();
    let want = sink.tables.sample_rows() as i64;
    let select = if full || total <= want {
        format!("SELECT {list} FROM {}", quote(table))
    } else {
        // Evenly spread over the table by rowid; tables without rowid fall back below.
        let step = (total + want - 1) / want;
        format!(
            "SELECT {list} FROM {} WHERE rowid % {step} = 0 LIMIT {want}",
            quote(table)
        )
    };
    let mut stmt = match conn.prepare(&select) {
        Ok(s) => s,
        Err(_) => conn.prepare(&format!("SELECT {list} FROM {} LIMIT {want}", quote(table)))?,
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
        let values: Vec<Option<&str>> = values
            .iter()
            .map(|v| v.as_deref().map(truncate_value))
            .collect();
        sink.push_row(table, &indices, &values);
    }
    // Rows not sampled still count as seen.
    let t = sink.tables.table(table, &path);
    if let Ok(total) = u64::try_from(total) {
        t.rows_seen = t.rows_seen.max(total);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::tables::TableSet;
    use crate::scan::{Dictionary, ScanReport, Severity};

    fn scan_db(setup: &str, full: bool) -> (TableSet, ScanReport) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(setup).unwrap();
        drop(conn);
        let dict = Dictionary::builtin().unwrap();
        let mut tables = TableSet::new(300, full);
        let mut report = ScanReport::default();
        let mut code = crate::scan::code::CodeFacts::default();
        let mut sink = Sink {
            path: "t.sqlite",
            tables: &mut tables,
            dict: &dict,
            report: &mut report,
            code: &mut code,
            found_something: false,
            last_table: None,
        };
        read(&path, &mut sink);
        (tables, report)
    }

    #[test]
    fn virtual_generated_columns_are_declared_but_never_evaluated() {
        // The red team's 2.4 GB column: every read would build a 1e9-character string.
        // The generated columns are added after the rows: an INSERT would evaluate them.
        let (tables, report) = scan_db(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT);
             INSERT INTO t (email) VALUES ('a@example.org'), ('B@example.org');
             ALTER TABLE t ADD COLUMN n INT GENERATED ALWAYS AS (length(hex(zeroblob(499999999 + id - id)))) VIRTUAL;",
            true,
        );
        let t = &tables.into_tables()[0];
        let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "email", "n"]);
        assert_eq!(t.rows_seen, 2);
        let warning = report
            .problems
            .iter()
            .find(|p| p.message.contains("generated (VIRTUAL)"))
            .expect("a warning names the skipped column");
        assert_eq!(warning.severity, Severity::Warning);
        assert!(
            warning.message.contains("table t: 1 generated"),
            "{warning}"
        );
        assert!(!report
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error));
    }

    #[test]
    fn stored_generated_columns_are_read() {
        let (tables, report) = scan_db(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT,
               lower_email TEXT GENERATED ALWAYS AS (lower(email)) STORED);
             INSERT INTO t (email) VALUES ('A@example.org');",
            false,
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let t = &tables.into_tables()[0];
        assert_eq!(t.sample[0][2].as_deref(), Some("a@example.org"));
    }

    #[test]
    fn blobs_and_long_text_are_not_loaded_whole() {
        let (tables, report) = scan_db(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, photo BLOB, note TEXT);
             INSERT INTO t (photo, note) VALUES (zeroblob(20000000), printf('%.*c', 200000, 'x'));",
            false,
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let t = &tables.into_tables()[0];
        let row = &t.sample[0];
        assert_eq!(row[1], None, "blobs are not values");
        assert_eq!(row[2].as_ref().map(String::len), Some(MAX_VALUE_BYTES));
    }

    #[test]
    fn the_instruction_budget_stops_a_runaway_table() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x INT); INSERT INTO t VALUES (1);")
            .unwrap();
        let budget = Budget::install(&conn);
        budget.allow(1_000_000);
        // A recursive query of ~10^8 steps runs far past a million instructions.
        let r: rusqlite::Result<i64> = conn.query_row(
            "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000000) SELECT count(*) FROM c",
            [],
            |r| r.get(0),
        );
        assert!(r.is_err());
        assert!(budget.spent());
    }
}
