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

use crate::scan::table_model::MAX_COLUMNS;
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
    /// The range of the chunk being processed that passes as it is, not yet in `ready`.
    span: (usize, usize),
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
            span: (0, 0),
            ready_at: 0,
            values_cut: 0,
            rows_cut: 0,
        }
    }

    /// Passes `input[a..b]`. Consecutive ranges are copied as one span, so ordinary input
    /// costs one copy per chunk rather than one per field.
    fn pass(&mut self, input: &[u8], a: usize, b: usize) {
        if self.skip_record || a == b {
            return;
        }
        if self.span.1 != a {
            self.flush(input);
            self.span.0 = a;
        }
        self.span.1 = b;
        self.record_len += b - a;
    }

    /// Writes a byte that is not at its place in the input (a closing quote after a cut).
    fn write(&mut self, input: &[u8], byte: u8) {
        if !self.skip_record {
            self.flush(input);
            self.ready.push(byte);
            self.record_len += 1;
        }
    }

    fn flush(&mut self, input: &[u8]) {
        let (a, b) = self.span;
        self.ready
            .extend_from_slice(input.get(a..b).unwrap_or_default());
        self.span = (b, b);
    }

    /// Field content `input[a..b]`: passed while the field is under the limit, then dropped.
    fn content(&mut self, input: &[u8], a: usize, b: usize) {
        if self.skip_field {
            return;
        }
        let room = MAX_VALUE_BYTES.saturating_sub(self.field_len);
        if b - a <= room {
            self.pass(input, a, b);
            self.field_len += b - a;
            return;
        }
        let mut cut = a + room;
        while cut > a && input.get(cut).is_some_and(|c| c & 0xC0 == 0x80) {
            cut -= 1;
        }
        self.pass(input, a, cut);
        self.field_len += cut - a;
        self.skip_field = true;
        self.values_cut += 1;
    }

    /// The delimiter at `input[at]`, outside quotes.
    fn delimiter_seen(&mut self, input: &[u8], at: usize) {
        if !self.skip_record && (self.fields >= MAX_FIELDS || self.record_len >= MAX_RECORD_BYTES) {
            self.skip_record = true;
            self.rows_cut += 1;
        }
        self.pass(input, at, at + 1);
        self.fields += 1;
        self.field_len = 0;
        self.skip_field = false;
        self.state = State::FieldStart;
    }

    /// The line end at `input[at]`, outside quotes.
    fn line_end(&mut self, input: &[u8], at: usize) {
        self.skip_record = false;
        self.pass(input, at, at + 1);
        self.fields = 1;
        self.record_len = 0;
        self.field_len = 0;
        self.skip_field = false;
        self.state = State::FieldStart;
    }

    /// Runs `input` through the state machine into `ready`.
    fn process(&mut self, input: &[u8]) {
        self.span = (0, 0);
        let mut i = 0;
        while let Some(&first) = input.get(i) {
            let rest = input.get(i..).unwrap_or_default();
            match self.state {
                State::FieldStart => match first {
                    b'"' => {
                        self.pass(input, i, i + 1);
                        self.field_len += 1;
                        self.state = State::Quoted;
                        i += 1;
                    }
                    b if b == self.delimiter => {
                        self.delimiter_seen(input, i);
                        i += 1;
                    }
                    b'\n' | b'\r' => {
                        self.line_end(input, i);
                        i += 1;
                    }
                    _ => self.state = State::Unquoted,
                },
                State::Unquoted => {
                    let n = memchr3(self.delimiter, b'\n', b'\r', rest).unwrap_or(rest.len());
                    self.content(input, i, i + n);
                    i += n;
                    match input.get(i) {
                        Some(&b) if b == self.delimiter => {
                            self.delimiter_seen(input, i);
                            i += 1;
                        }
                        Some(_) => {
                            self.line_end(input, i);
                            i += 1;
                        }
                        None => {}
                    }
                }
                State::Quoted => {
                    let n = memchr(b'"', rest).unwrap_or(rest.len());
                    self.content(input, i, i + n);
                    i += n;
                    if i < input.len() {
                        // Passed at once unless the field is being cut: then only a
                        // closing quote is written, once it is known to be one.
                        if !self.skip_field {
                            self.pass(input, i, i + 1);
                            self.field_len += 1;
                        }
                        self.state = State::QuoteInQuoted;
                        i += 1;
                    }
                }
                State::QuoteInQuoted => {
                    if first == b'"' {
                        // An escaped quote: both halves pass together (even one byte over
                        // the limit), so a cut never leaves half a pair before its close.
                        if !self.skip_field {
                            self.pass(input, i, i + 1);
                            self.field_len += 1;
                        }
                        self.state = State::Quoted;
                        i += 1;
                    } else {
                        if self.skip_field {
                            self.write(input, b'"');
                        }
                        // What follows a closing quote belongs to the same field, unquoted.
                        self.state = State::Unquoted;
                    }
                }
            }
        }
        self.flush(input);
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
        let mut g = CsvGuard::new(Trickle(input, 0), b',');
        let mut out = Vec::new();
        g.read_to_end(&mut out).unwrap();
        (out, g.values_cut, g.rows_cut)
    }

    /// Hands out its bytes a few at a time, so state crosses chunk boundaries everywhere.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = self.1 % 7 + 1;
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn input_under_the_limits_passes_byte_for_byte_in_any_chunking() {
        let seed = "name;email;note\r\n\"M\u{fc}ller, J\";jm@example.org;\"said \"\"hi\"\"\nthen\"x\r\nA;\"\";\n".as_bytes();
        let mut mutator = crate::scan::selfcheck::Mutator::new(7);
        for _ in 0..2_000 {
            let input = mutator.mutate(seed);
            let mut g = CsvGuard::new(Trickle(&input, 0), b';');
            let mut out = Vec::new();
            g.read_to_end(&mut out).unwrap();
            assert_eq!(out, input, "{:?}", String::from_utf8_lossy(&input));
        }
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
