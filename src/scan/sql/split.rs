//! Streaming statement splitter.
//!
//! Why it exists: dumps can be many gigabytes, so statements are cut out of the input one
//! at a time and only the current statement is held in memory. This ties the line reader
//! (`input.rs`) to the lexical scanner (`scan.rs`): it feeds pieces of input to the scanner,
//! copies the statement's text out of them, caps its size, reports what is left open at the
//! end of the input, and serves the raw data lines of a PostgreSQL `COPY … FROM stdin`.

use super::input::Input;
use super::scan::{trailing_comment, Scanner, Step};
use super::SqlError;
use std::io::BufRead;

/// Longest statement kept; longer ones are reported and skipped.
pub(crate) const MAX_STATEMENT_BYTES: usize = 64 << 20;

/// Outcome of [`Splitter::next_statement`].
pub(crate) enum Split {
    /// A statement is available from [`Splitter::text`].
    Statement,
    Error(SqlError),
    Eof,
}

/// Outcome of [`Splitter::copy_line`].
pub(crate) enum CopyLine<'s> {
    Data(&'s str),
    /// The `\.` terminator.
    End,
    Eof,
    Error(SqlError),
}

pub(crate) struct Splitter<R> {
    input: Input<R>,
    /// Scan position in `input.buf`.
    pos: usize,
    scan: Scanner,
    stmt: String,
    too_long: bool,
    trailing: Option<String>,
    copy_buf: String,
    max_stmt: usize,
    /// The end of the input has been dealt with; only `Eof` follows.
    finished: bool,
}

fn err(line: u64, message: impl Into<String>) -> SqlError {
    SqlError {
        line: line.max(1),
        message: message.into(),
    }
}

const TOO_LONG: &str = "statement too long (over 64 MiB), skipped";

impl<R: BufRead> Splitter<R> {
    pub(crate) fn new(reader: R) -> Self {
        Splitter {
            input: Input::new(reader),
            pos: 0,
            scan: Scanner::new(),
            stmt: String::new(),
            too_long: false,
            trailing: None,
            copy_buf: String::new(),
            max_stmt: MAX_STATEMENT_BYTES,
            finished: false,
        }
    }

    /// Test hook: a smaller statement cap and read size.
    #[cfg(test)]
    pub(crate) fn set_limits(&mut self, max_statement: usize, chunk: usize) {
        self.max_stmt = max_statement;
        self.input.chunk = chunk;
    }

    pub(crate) fn line(&self) -> u64 {
        self.input.line()
    }
    pub(crate) fn bytes_read(&self) -> u64 {
        self.input.bytes_read()
    }
    pub(crate) fn latin1_lines(&self) -> u64 {
        self.input.latin1_lines()
    }
    /// The input has shown MySQL syntax (backslash escapes apply).
    pub(crate) fn mysql(&self) -> bool {
        self.scan.mysql
    }
    pub(crate) fn set_mysql(&mut self) {
        self.scan.mysql = true;
    }
    /// Text of the last statement returned (without its delimiter).
    pub(crate) fn text(&self) -> &str {
        &self.stmt
    }
    /// Line the last statement started on.
    pub(crate) fn stmt_line(&self) -> u64 {
        self.scan.stmt_line.max(1)
    }
    /// A `-- comment` following the last statement's delimiter on the same line.
    pub(crate) fn trailing(&self) -> Option<&str> {
        self.trailing.as_deref()
    }

    /// Finds the next statement.
    pub(crate) fn next_statement(&mut self) -> Split {
        self.stmt.clear();
        if self.stmt.capacity() > 4 * super::input::CHUNK_BYTES {
            self.stmt = String::new();
        }
        self.trailing = None;
        if self.finished {
            return Split::Eof;
        }
        loop {
            let step = self.scan.scan(
                &self.input.buf,
                self.pos,
                self.input.partial,
                self.input.line(),
            );
            match step {
                Step::End { at, next } => {
                    self.flush(at);
                    self.pos = next;
                    self.scan.in_stmt = false;
                    self.trailing = trailing_comment(self.input.buf.get(next..).unwrap_or(""));
                    if std::mem::replace(&mut self.too_long, false) {
                        return Split::Error(err(self.scan.stmt_line, TOO_LONG));
                    }
                    return Split::Statement;
                }
                Step::Exhausted => {
                    let len = self.input.buf.len();
                    self.pos = len;
                    self.flush(len);
                    match self.load(len) {
                        Ok(true) => {}
                        Ok(false) => return self.at_eof(),
                        Err(e) => return e,
                    }
                }
                Step::NeedMore(at) => {
                    self.flush(at);
                    self.pos = at;
                    match self.load(at) {
                        Ok(true) => {}
                        // Nothing more: decide with what there is.
                        Ok(false) => self.input.partial = false,
                        Err(e) => return e,
                    }
                }
            }
        }
    }

    /// Loads more input keeping `buf[carry..]`; positions restart at 0.
    fn load(&mut self, carry: usize) -> Result<bool, Split> {
        match self.input.load(carry) {
            Ok(true) => {
                self.pos = 0;
                self.scan.seg = 0;
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(e) => {
                self.scan.reset();
                self.finished = true;
                Err(Split::Error(err(
                    self.input.line(),
                    format!("read error: {e}"),
                )))
            }
        }
    }

    fn at_eof(&mut self) -> Split {
        self.finished = true;
        let open = self.scan.unterminated();
        let was_in = self.scan.in_stmt;
        let open_body = self.scan.open_body();
        self.scan.reset();
        let too_long = std::mem::replace(&mut self.too_long, false);
        let stmt_line = self.scan.stmt_line;
        if let Some(what) = open {
            let began = self.scan.state_line;
            let mut msg = format!("{what} at end of input (began on line {})", began.max(1));
            if was_in && stmt_line != began {
                msg.push_str(&format!(
                    " in the statement starting on line {}",
                    stmt_line.max(1)
                ));
            }
            return Split::Error(err(began, msg));
        }
        if !was_in {
            Split::Eof
        } else if too_long {
            Split::Error(err(stmt_line, TOO_LONG))
        } else if open_body {
            Split::Error(err(
                stmt_line,
                "unterminated BEGIN ... END body at end of input",
            ))
        } else {
            Split::Statement
        }
    }

    /// Appends the pending part of the current piece to the statement.
    fn flush(&mut self, end: usize) {
        if self.scan.in_stmt && !self.too_long {
            self.stmt
                .push_str(self.input.buf.get(self.scan.seg..end).unwrap_or(""));
            if self.stmt.len() > self.max_stmt {
                self.too_long = true;
                self.stmt = String::new();
            }
        }
        self.scan.seg = end;
    }

    /// Switches to reading `COPY … FROM stdin` data: the rest of the current line is dropped.
    pub(crate) fn begin_copy(&mut self) {
        self.scan.reset();
        self.pos = self.input.buf.len();
        while self.input.partial {
            match self.load(self.input.buf.len()) {
                Ok(true) => self.pos = self.input.buf.len(),
                _ => break,
            }
        }
        self.input.partial = false;
    }

    /// The next raw line of `COPY` data (line ending removed).
    pub(crate) fn copy_line(&mut self) -> CopyLine<'_> {
        match self.load(self.input.buf.len()) {
            Ok(true) => {}
            Ok(false) => return CopyLine::Eof,
            Err(Split::Error(e)) => return CopyLine::Error(e),
            Err(_) => return CopyLine::Eof,
        }
        self.pos = self.input.buf.len();
        let line = self.input.line();
        let data = if self.input.partial {
            // A line longer than one piece: gather it.
            let mut gathered = std::mem::take(&mut self.copy_buf);
            gathered.clear();
            gathered.push_str(&self.input.buf);
            let mut too_long = false;
            while self.input.partial && matches!(self.load(self.input.buf.len()), Ok(true)) {
                self.pos = self.input.buf.len();
                if !too_long {
                    gathered.push_str(&self.input.buf);
                    too_long = gathered.len() > self.max_stmt;
                    if too_long {
                        gathered = String::new();
                    }
                }
            }
            self.copy_buf = gathered;
            if too_long {
                return CopyLine::Error(err(
                    line,
                    "COPY data line too long (over 64 MiB), skipped",
                ));
            }
            self.copy_buf.as_str()
        } else {
            self.input.buf.as_str()
        };
        let data = data.strip_suffix('\n').unwrap_or(data);
        let data = data.strip_suffix('\r').unwrap_or(data);
        if data == "\\." {
            CopyLine::End
        } else {
            CopyLine::Data(data)
        }
    }
}
