//! Reads the input one line at a time and decodes it.
//!
//! Why it exists: dumps are arbitrary bytes of unknown encoding and size. This keeps the
//! byte-level concerns out of the splitter: lines are read with `read_until(b'\n')` but never
//! more than one chunk (1 MiB) at a time, so a file without newlines cannot be loaded whole;
//! chunks are cut on UTF-8 character boundaries; each piece is decoded as UTF-8 or, failing
//! that, as Latin-1 (counted per line); a UTF-8 byte-order mark at the start is dropped; and
//! line numbers and byte counts are kept for error messages and progress bars.

use std::io::BufRead;

/// Longest piece of a line read at once.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

pub(crate) struct Input<R> {
    reader: R,
    raw: Vec<u8>,
    /// Current decoded piece: a line, a piece of a long line, or a carried-over tail plus the
    /// next piece. Holds a newline only as its last byte.
    pub(crate) buf: String,
    /// `buf` stops in the middle of a line and more of that line follows.
    pub(crate) partial: bool,
    line: u64,
    bytes: u64,
    latin1: u64,
    latin1_line: u64,
    started: bool,
    eof: bool,
    pub(crate) chunk: usize,
}

impl<R: BufRead> Input<R> {
    pub(crate) fn new(reader: R) -> Self {
        Input {
            reader,
            raw: Vec::new(),
            buf: String::new(),
            partial: false,
            line: 0,
            bytes: 0,
            latin1: 0,
            latin1_line: 0,
            started: false,
            eof: false,
            chunk: CHUNK_BYTES,
        }
    }

    /// 1-based number of the line `buf` belongs to (0 before the first read).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes
    }

    pub(crate) fn latin1_lines(&self) -> u64 {
        self.latin1
    }

    /// Replaces `buf` with `buf[carry..]` followed by the next piece of input. Returns
    /// `Ok(false)`, leaving `buf` alone, at the end of the input (and after a read error).
    pub(crate) fn load(&mut self, carry: usize) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut raw = std::mem::take(&mut self.raw);
        raw.clear();
        let limit = self.chunk.max(4) as u64;
        let n = match std::io::Read::take(&mut self.reader, limit).read_until(b'\n', &mut raw) {
            Ok(n) => n,
            Err(e) => {
                self.eof = true;
                return Err(e);
            }
        };
        if n == 0 {
            self.eof = true;
            self.raw = raw;
            return Ok(false);
        }
        let newline = raw.last() == Some(&b'\n');
        self.partial = !newline && n as u64 >= limit;
        if self.partial {
            // Do not cut a UTF-8 sequence in two.
            for _ in 0..3 {
                match self.reader.fill_buf().ok().and_then(|b| b.first().copied()) {
                    Some(c) if c & 0xC0 == 0x80 => {
                        raw.push(c);
                        self.reader.consume(1);
                    }
                    _ => break,
                }
            }
        }
        self.bytes += raw.len() as u64;
        if self.line == 0 || self.buf.ends_with('\n') {
            self.line += 1;
        }
        if !self.started {
            self.started = true;
            if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
                raw.drain(..3);
            }
        }
        let text = match String::from_utf8(raw) {
            Ok(s) => s,
            Err(e) => {
                if self.latin1_line != self.line {
                    self.latin1 += 1;
                    self.latin1_line = self.line;
                }
                e.into_bytes().iter().map(|&c| char::from(c)).collect()
            }
        };
        let old = match self.buf.get(carry..) {
            Some(tail) if !tail.is_empty() => {
                let mut joined = String::with_capacity(tail.len() + text.len());
                joined.push_str(tail);
                joined.push_str(&text);
                std::mem::replace(&mut self.buf, joined)
            }
            _ => std::mem::replace(&mut self.buf, text),
        };
        // Reuse the old line's allocation for the next read.
        self.raw = old.into_bytes();
        Ok(true)
    }
}
