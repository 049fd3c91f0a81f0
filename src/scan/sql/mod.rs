//! Streaming reader for SQL schema files, migrations and data dumps.
//!
//! Why it exists: the tools `dpia` looks at keep their schema and data as SQL — migration
//! files, `wrangler d1 export` (SQLite/Cloudflare D1), `sqlite3 .dump`, `pg_dump` (with
//! `--inserts` or `COPY` blocks) and `mysqldump`. Finding personal data needs the table
//! schemas (column names, types, comments) and the inserted rows, not a query engine. This
//! reader turns any such input into a stream of [`Statement`]s:
//!
//! * it never holds more than the current statement in memory (statements over 64 MiB are
//!   reported and skipped), reads any bytes without panicking, decodes each line as UTF-8
//!   or else Latin-1 ([`StatementReader::latin1_lines`]);
//! * statements it has no use for (queries, indexes, views, triggers, functions, `SET`,
//!   `PRAGMA`, transactions, psql meta-commands) are skipped silently;
//! * a malformed `CREATE TABLE`, `ALTER TABLE` or `INSERT`, or an unterminated string or
//!   comment at the end of the input, yields one [`SqlError`] carrying the line the problem
//!   starts on, and reading carries on with the next statement.
//!
//! Layout: `input.rs` reads and decodes lines, `scan.rs` and `split.rs` cut statements out
//! of them, `lexer.rs` tokenises one statement, `parse.rs` dispatches it to `table.rs`
//! (CREATE TABLE), `alter.rs` (ALTER TABLE), `values.rs` (INSERT, with `expr.rs` for
//! string expressions) or `copy.rs` (COPY).
//!
//! ```
//! use dpia::scan::sql::{Statement, StatementReader};
//! let dump = "CREATE TABLE t (email TEXT);\nINSERT INTO t VALUES ('a@example.org');\n";
//! let mut rows = 0;
//! for item in StatementReader::new(dump.as_bytes()) {
//!     match item {
//!         Ok(Statement::Insert { rows: r, .. }) => rows += r.len(),
//!         Ok(_) => {}
//!         Err(e) => panic!("dump.sql:{}: {}", e.line, e.message),
//!     }
//! }
//! assert_eq!(rows, 1);
//! ```

mod alter;
mod copy;
mod expr;
mod input;
pub(crate) mod lexer;
mod parse;
mod scan;
mod split;
mod table;
mod values;

#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::fmt;
use std::io::BufRead;

/// A column of a table definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Unquoted name in its original case.
    pub name: String,
    /// Type text up to the first constraint keyword, whitespace normalised
    /// (`VARCHAR(255)`, `timestamp with time zone`); `None` when the column is untyped.
    pub data_type: Option<String>,
    /// MySQL `COMMENT '…'`, or a `-- comment` on the same line after the definition.
    pub comment: Option<String>,
    /// 1-based line of the column's name in the input.
    pub line: u64,
}

/// A literal value from a data row.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Null,
    /// A string literal, unescaped. Also simple string expressions dump tools write
    /// (`replace('a\nb','\n',char(10))`, `'a'::text`, `_utf8mb4'x'`).
    Text(String),
    /// A numeric literal as written, with its sign (`-12.5e3`).
    Number(String),
    /// `X'ABCD'`, or MySQL `0xABCD`.
    Blob(Vec<u8>),
    /// Anything else, as source text: `TRUE`, `CURRENT_TIMESTAMP`, `datetime('now')`.
    Other(String),
}

/// A statement of interest. `line` is the 1-based line the statement starts on.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `CREATE TABLE`; `columns` is empty for `CREATE TABLE … AS SELECT`.
    CreateTable {
        table: String,
        columns: Vec<ColumnDef>,
        line: u64,
    },
    AddColumn {
        table: String,
        column: ColumnDef,
        line: u64,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
        line: u64,
    },
    DropColumn {
        table: String,
        column: String,
        line: u64,
    },
    RenameTable {
        from: String,
        to: String,
        line: u64,
    },
    DropTable {
        table: String,
        line: u64,
    },
    /// PostgreSQL `COMMENT ON COLUMN t.c IS '...'`
    ColumnComment {
        table: String,
        column: String,
        comment: String,
        line: u64,
    },
    /// `columns` is `None` when the statement has no column list. Rows keep their own
    /// length even when it differs from the column count.
    Insert {
        table: String,
        columns: Option<Vec<String>>,
        rows: Vec<Vec<SqlValue>>,
        line: u64,
    },
    /// PostgreSQL `COPY t (a, b) FROM stdin;` followed by tab-separated data lines ending with `\.` — emit the rows (`\N` = Null, backslash escapes decoded)
    ///
    /// Non-null fields are [`SqlValue::Text`]. A long block comes as several `Copy`
    /// statements of up to 1000 rows each, all with the `COPY` line.
    Copy {
        table: String,
        columns: Vec<String>,
        rows: Vec<Vec<SqlValue>>,
        line: u64,
    },
}

/// A problem in the input, at the 1-based line where the failing statement (or the
/// unterminated string or comment) starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SqlError {}

/// Rows per `Statement::Copy` and their rough byte budget.
const COPY_BATCH_ROWS: usize = 1000;
const COPY_BATCH_BYTES: usize = 8 << 20;

struct CopyState {
    header: copy::CopyHeader,
    line: u64,
    emitted: bool,
}

/// Streams statements from any reader. Implements Iterator<Item = Result<Statement, SqlError>>.
/// Statements it does not care about (SELECT, CREATE INDEX/VIEW/TRIGGER, PRAGMA, BEGIN/COMMIT, SET, triggers with BEGIN..END bodies, functions with $$ bodies) are skipped silently.
/// After an error it resynchronises at the next statement and continues; an unterminated string/comment at EOF is one error naming the line where it began.
pub struct StatementReader<R: BufRead> {
    split: split::Splitter<R>,
    queue: VecDeque<Result<Statement, SqlError>>,
    copy: Option<CopyState>,
}

impl<R: BufRead> StatementReader<R> {
    pub fn new(reader: R) -> Self {
        StatementReader {
            split: split::Splitter::new(reader),
            queue: VecDeque::new(),
            copy: None,
        }
    }

    /// Number of input lines that were not valid UTF-8 and were decoded as Latin-1 (each byte -> char).
    pub fn latin1_lines(&self) -> u64 {
        self.split.latin1_lines()
    }

    /// 1-based line where reading has got to (for progress and errors).
    pub fn line(&self) -> u64 {
        self.split.line().max(1)
    }

    /// Bytes consumed so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.split.bytes_read()
    }

    /// Test hook: smaller statement cap and read size.
    #[cfg(test)]
    pub(crate) fn with_limits(reader: R, max_statement: usize, chunk: usize) -> Self {
        let mut r = Self::new(reader);
        r.split.set_limits(max_statement, chunk);
        r
    }

    /// Reads the next batch of COPY data rows into the queue.
    fn read_copy(&mut self) {
        let Some(state) = self.copy.as_mut() else {
            return;
        };
        let mut rows = Vec::new();
        let mut bytes = 0;
        let mut errors = Vec::new();
        let mut finished = false;
        while rows.len() < COPY_BATCH_ROWS && bytes < COPY_BATCH_BYTES {
            match self.split.copy_line() {
                split::CopyLine::Data(l) => {
                    bytes += l.len();
                    rows.push(copy::copy_row(l, &state.header.format));
                }
                split::CopyLine::End => {
                    finished = true;
                    break;
                }
                split::CopyLine::Eof => {
                    finished = true;
                    errors.push(SqlError {
                        line: state.line,
                        message: format!(
                            "COPY {}: data not terminated by `\\.` before end of input",
                            state.header.table
                        ),
                    });
                    break;
                }
                split::CopyLine::Error(e) => errors.push(e),
            }
        }
        if !rows.is_empty() || (finished && !state.emitted) {
            state.emitted = true;
            self.queue.push_back(Ok(Statement::Copy {
                table: state.header.table.clone(),
                columns: state.header.columns.clone(),
                rows,
                line: state.line,
            }));
        }
        self.queue.extend(errors.into_iter().map(Err));
        if finished {
            self.copy = None;
        }
    }
}

impl<R: BufRead> Iterator for StatementReader<R> {
    type Item = Result<Statement, SqlError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.copy.is_some() {
                self.read_copy();
                continue;
            }
            match self.split.next_statement() {
                split::Split::Eof => return None,
                split::Split::Error(e) => return Some(Err(e)),
                split::Split::Statement => {
                    let line = self.split.stmt_line();
                    let info = parse::parse(
                        self.split.text(),
                        self.split.trailing(),
                        line,
                        self.split.mysql(),
                        &mut self.queue,
                    );
                    if info.mysql {
                        self.split.set_mysql();
                    }
                    if let Some(header) = info.copy {
                        self.split.begin_copy();
                        self.copy = Some(CopyState {
                            header,
                            line,
                            emitted: false,
                        });
                    }
                }
            }
        }
    }
}
