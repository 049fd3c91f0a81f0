//! Lines of a streamed JSON array. serde_json reads a stream byte by byte and gives no
//! position to a visitor, so the reader between them counts lines, and notes the line of the
//! first `{` read since the last [`LineMarks::mark`]: the line a record of the array starts
//! on, where its new fields are declared (`declared_at`).

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// What the reader saw, shared with the visitor of the array.
#[derive(Debug, Default)]
pub struct LineMarks {
    /// Newlines read so far (the current line is this plus the first line).
    newlines: Cell<u64>,
    first_line: Cell<u64>,
    /// Line of the first `{` since the last mark.
    brace: Cell<Option<u64>>,
}

impl LineMarks {
    /// Marks that `first_line` is the line the reader starts on.
    pub fn starting_at(first_line: u64) -> Rc<LineMarks> {
        let marks = LineMarks::default();
        marks.first_line.set(first_line);
        Rc::new(marks)
    }

    /// Forgets the last `{` seen: call before reading the next record.
    pub fn mark(&self) {
        self.brace.set(None);
    }

    /// The line of the first `{` read since the last mark.
    pub fn record_line(&self) -> Option<u64> {
        self.brace.get()
    }
}

/// Reads through `inner`, counting lines into `marks`.
pub struct LineCounting<'a> {
    pub inner: &'a mut dyn BufRead,
    pub marks: Rc<LineMarks>,
}

impl Read for LineCounting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let marks = &self.marks;
        for &b in buf.get(..n).unwrap_or(&[]) {
            match b {
                b'\n' => marks.newlines.set(marks.newlines.get() + 1),
                b'{' if marks.brace.get().is_none() => marks
                    .brace
                    .set(Some(marks.first_line.get() + marks.newlines.get())),
                _ => {}
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_the_first_brace_after_a_mark() {
        let mut input: &[u8] = b"[\n {\"a\": 1},\n\n {\"b\": {\"c\": 2}}\n]";
        let marks = LineMarks::starting_at(3);
        let mut reader = LineCounting {
            inner: &mut input,
            marks: marks.clone(),
        };
        let mut byte = [0u8; 1];
        let mut seen = Vec::new();
        marks.mark();
        while reader.read(&mut byte).unwrap() == 1 {
            if byte[0] == b'}' {
                seen.push(marks.record_line());
                marks.mark();
            }
        }
        assert_eq!(seen, [Some(4), Some(6), None]);
    }
}
