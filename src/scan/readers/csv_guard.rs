//! A guard between a CSV file and the CSV parser that bounds what one value and one row can
//! cost, whatever the file holds. The parser keeps a whole record in memory, so a 200 MB
//! quoted field, a 200 MB header without delimiters or a line of 100 million commas used to
//! cost gigabytes. The guard follows the RFC 4180 quoting as the parser will read it and:
//! - passes at most [`MAX_VALUE_BYTES`] of a field (cut at a character boundary; a cut quoted
//!   field is closed again), dropping the rest without holding it;
//! - passes at most [`MAX_FIELDS`] fields and about [`MAX_RECORD_BYTES`] of a record, dropping
//!   the rest of the record up to its (unquoted) line end.
//!
//! It counts what it cut so the reader can say so. Ordinary files pass through unchanged, in
//! runs found with `memchr`.

use crate::scan::tables::MAX_COLUMNS;
use crate::scan::text::MAX_VALUE_BYTES;
use memchr::{memchr, memchr3};
use std::io::{self, Read};

/// Fields of one record passed to the parser: a table takes `MAX_COLUMNS`, one more lets it
/// notice that there were too many.
pub const MAX_FIELDS: usize = MAX_COLUMNS + 1;
/// Bytes of one record passed on (checked at field boundaries, so it may be exceeded by one
/// field of at most `MAX_VALUE_BYTES`).
pub const MAX_RECORD_BYTES: usize = 16 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the first byte of a field.
    FieldStart,
    /// In a field that did not start with a quote (or after a quoted part was closed).
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: an escaped quote (`""`) or the closing one.
    QuoteInQuoted,
}

/// The guard; see the module doc.
pub struct CsvGuard<R> {
    inner: R,
    delimiter: u8,
    state: State,
    field_len: usize,
    /// Fields started in the current record (1 from its first byte).
    fields: usize,
    record_len: usize,
    /// Dropping the rest of an over-long field.
    skip_field: bool,
    /// Dropping the rest of a record with too many fields or bytes.
    skip_record: bool,
    /// Bytes read from `inner`, not yet processed into `ready`.
    input: Vec<u8>,
    /// Processed bytes waiting for the caller, from `ready_at`.
    ready: Vec<u8>,
    ready_at: usize,
    /// Fields cut to `MAX_VALUE_BYTES`.
    pub values_cut: u64,
    /// Records whose fields beyond the limits were dropped.
    pub rows_cut: u64,
}

impl<R: Read> CsvGuard<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        CsvGuard {
            inner,
            delimiter,
            state: State::FieldStart,
            field_len: 0,
            fields: 1,
            record_len: 0,
            skip_field: false,
            skip_record: false,
            input: vec![0; 64 * 1024],
            ready: Vec::with_capacity(64 * 1024),
            ready_at: 0,
            values_cut: 0,
            rows_cut: 0,
        }
    }

    fn emit(&mut self, bytes: &[u8]) {
        if !self.skip_record {
            self.ready.extend_from_slice(bytes);
            self.record_len += bytes.len();
        }
    }

    /// Field content: passed while the field is under the limit, then dropped.
    fn content(&mut self, run: &[u8]) {
        if self.skip_field || self.skip_record {
            return;
        }
        let room = MAX_VALUE_BYTES.saturating_sub(self.field_len);
        if run.len() <= room {
            self.emit(run);
            self.field_len += run.len();
            return;
        }
        let mut cut = room;
        while cut > 0 && run.get(cut).is_some_and(|b| b & 0xC0 == 0x80) {
            cut -= 1;
        }
        self.emit(run.get(..cut).unwrap_or(&[]));
        self.field_len += cut;
        self.skip_field = true;
        self.values_cut += 1;
    }

    fn delimiter_seen(&mut self) {
        if !self.skip_record && (self.fields >= MAX_FIELDS || self.record_len >= MAX_RECORD_BYTES) {
            self.skip_record = true;
            self.rows_cut += 1;
        }
        self.emit(&[self.delimiter]);
        self.fields += 1;
        self.field_len = 0;
        self.skip_field = false;
        self.state = State::FieldStart;
    }

    fn line_end(&mut self, b: u8) {
        self.skip_record = false;
        self.emit(&[b]);
        self.fields = 1;
        self.record_len = 0;
        self.field_len = 0;
        self.skip_field = false;
        self.state = State::FieldStart;
    }

    /// Runs `input` through the state machine into `ready`.
    fn process(&mut self, input: &[u8]) {
        let mut i = 0;
        while let Some(rest) = input.get(i..).filter(|r| !r.is_empty()) {
            match self.state {
                State::FieldStart => match rest[0] {
                    b'"' => {
                        self.emit(b"\"");
                        self.field_len += 1;
                        self.state = State::Quoted;
                        i += 1;
                    }
                    b if b == self.delimiter => {
                        self.delimiter_seen();
                        i += 1;
                    }
                    b @ (b'\n' | b'\r') => {
                        self.line_end(b);
                        i += 1;
                    }
                    _ => self.state = State::Unquoted,
                },
                State::Unquoted => {
                    let n = memchr3(self.delimiter, b'\n', b'\r', rest).unwrap_or(rest.len());
                    self.content(&rest[..n]);
                    i += n;
                    match rest.get(n) {
                        Some(&b) if b == self.delimiter => {
                            self.delimiter_seen();
                            i += 1;
                        }
                        Some(&b) => {
                            self.line_end(b);
                            i += 1;
                        }
                        None => {}
                    }
                }
                State::Quoted => {
                    let n = memchr(b'"', rest).unwrap_or(rest.len());
                    self.content(&rest[..n]);
                    i += n;
                    if n < rest.len() {
                        // Passed at once unless the field is being cut: then only a
                        // closing quote is written, once it is known to be one.
                        if !self.skip_field {
                            self.emit(b"\"");
                            self.field_len += 1;
                        }
                        self.state = State::QuoteInQuoted;
                        i += 1;
                    }
                }
                State::QuoteInQuoted => {
                    if rest[0] == b'"' {
                        // An escaped quote: both halves pass together (even one byte over
                        // the limit), so a cut never leaves half a pair before its close.
                        if !self.skip_field {
                            self.emit(b"\"");
                            self.field_len += 1;
                        }
                        self.state = State::Quoted;
                        i += 1;
                    } else {
                        if self.skip_field {
                            self.emit(b"\"");
                        }
                        // What follows a closing quote belongs to the same field, unquoted.
                        self.state = State::Unquoted;
                    }
                }
            }
        }
    }
}

impl<R: Read> Read for CsvGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.ready_at >= self.ready.len() {
            self.ready.clear();
            self.ready_at = 0;
            let n = self.inner.read(&mut self.input)?;
            if n == 0 {
                return Ok(0);
            }
            let chunk = std::mem::take(&mut self.input);
            self.process(chunk.get(..n).unwrap_or(&[]));
            self.input = chunk;
        }
        let available = self.ready.get(self.ready_at..).unwrap_or(&[]);
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.ready_at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(input: &[u8]) -> (Vec<u8>, u64, u64) {
        let mut g = CsvGuard::new(input, b',');
        let mut out = Vec::new();
        g.read_to_end(&mut out).unwrap();
        (out, g.values_cut, g.rows_cut)
    }

    #[test]
    fn ordinary_csv_passes_unchanged() {
        let text = b"name,note\r\n\"Muller, A.\",\"said \"\"hi\"\"\nthen left\"\nB,x\"y\n";
        assert_eq!(guard(text), (text.to_vec(), 0, 0));
    }

    #[test]
    fn a_long_unquoted_field_is_cut_and_the_row_goes_on() {
        let long = "x".repeat(MAX_VALUE_BYTES + 10);
        let (out, cut, _) = guard(format!("a,{long},b\n1,2,3\n").as_bytes());
        let text = String::from_utf8(out).unwrap();
        let fields: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        assert_eq!(fields[1].len(), MAX_VALUE_BYTES);
        assert_eq!(fields[2], "b");
        assert!(text.ends_with("\n1,2,3\n"));
        assert_eq!(cut, 1);
    }

    #[test]
    fn a_long_quoted_field_is_cut_closed_and_keeps_quotes_balanced() {
        let long = "ä\"\"b, \n".repeat(MAX_VALUE_BYTES / 4);
        let input = format!("h1,h2\n\"{long}\",after\nnext,row\n");
        let (out, cut, _) = guard(input.as_bytes());
        assert_eq!(cut, 1);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows[1][0].len() <= MAX_VALUE_BYTES && rows[1][0].len() > 1000);
        assert_eq!(&rows[1][1], "after");
        assert_eq!(&rows[2][0], "next");
    }

    #[test]
    fn a_record_with_too_many_fields_is_cut_at_the_limit() {
        let commas = ",".repeat(3 * MAX_FIELDS);
        let (out, _, rows) = guard(format!("{commas}\na,b\n").as_bytes());
        let text = String::from_utf8(out).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(first.split(',').count(), MAX_FIELDS);
        assert!(text.ends_with("\na,b\n"));
        assert_eq!(rows, 1);
    }
}
