//! CSV and TSV files: delimiter sniffing (`,` `;` tab `|`), RFC 4180 quoting with embedded
//! newlines, UTF-8 with or without BOM and a Latin-1 fallback; ragged rows are reported, not
//! fatal. The file stem names the table.

use super::csv_guard::{CsvGuard, MAX_FIELDS};
use super::{table_name_from_path, Sink};
use crate::scan::model::ProblemCode;
use crate::scan::table_model::RowValues;
use crate::scan::text::MAX_VALUE_BYTES;
use crate::scan::text::{decode, strip_bom, Encoding};
use std::io::{BufRead, Read};

/// Bytes examined to sniff the delimiter and spot binary data.
const SNIFF_BYTES: usize = 64 * 1024;
/// Bytes the CSV parser reads at a time.
const READ_BUFFER: usize = 256 * 1024;
/// Ragged rows reported individually before a summary.
const RAGGED_REPORTED: u64 = 5;

pub fn read(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = input.take(SNIFF_BYTES as u64).read_to_end(&mut head) {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    if head.is_empty() {
        sink.error(ProblemCode::EmptyInput, None, "empty file: no header row");
        return;
    }
    if looks_binary(&head) {
        sink.error(
            ProblemCode::BinaryData,
            Some(1),
            "binary data, not CSV text",
        );
        return;
    }
    let head = strip_bom(&head).to_vec();
    let delimiter = sniff_delimiter(&head);
    let chained = QuoteCounter {
        inner: CsvGuard::new(std::io::Cursor::new(head).chain(input), delimiter),
        quotes: 0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .buffer_capacity(READ_BUFFER)
        .flexible(true)
        .has_headers(false)
        .from_reader(chained);
    let table = table_name_from_path(sink.path);
    let mut record = csv::ByteRecord::new();
    let mut latin1 = 0u64;
    let mut decode_field = |bytes: &[u8]| -> String {
        let (text, enc) = decode(bytes);
        if enc == Encoding::Latin1 {
            latin1 += 1;
        }
        text.into_owned()
    };
    let mut latin1_values = 0u64;
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            sink.error(ProblemCode::CsvNoHeader, Some(1), "no header row");
            return;
        }
        Err(e) => {
            sink.error(
                ProblemCode::CsvNoHeader,
                Some(1),
                format!("cannot read the header row: {e}"),
            );
            return;
        }
    }
    let header_line = record.position().map_or(1, |p| p.line());
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, field) in record.iter().enumerate() {
        let mut name = decode_field(field).trim().to_string();
        if name.is_empty() {
            name = format!("column{}", i + 1);
        }
        if seen.contains(&name) {
            name = format!("{name}_{}", i + 1);
        }
        seen.insert(name.clone());
        names.push(name);
    }
    let indices = sink.columns_declared_at(&table, &names, header_line);
    let width = names.len();
    let mut ragged = 0u64;
    let mut last_start_line = 1u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                sink.error(ProblemCode::CsvSyntax, line, format!("CSV error: {e}"));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue; // blank line
        }
        if record.len() != width {
            ragged += 1;
            if ragged <= RAGGED_REPORTED {
                sink.warning(ProblemCode::CsvRaggedRow,
                    Some(line),
                    format!(
                        "row has {} fields, the header has {width}; extra fields ignored, missing ones empty",
                        record.len()
                    ),
                );
            }
        }
        last_start_line = line;
        // A row of valid UTF-8 (nearly all) is read in place; only Latin-1 fields are copied.
        match std::str::from_utf8(record.as_slice()) {
            Ok(text) => {
                let row = Utf8Row {
                    text,
                    record: &record,
                    width,
                };
                sink.push_row(&table, &indices, &row);
            }
            Err(_) => {
                let decoded: Vec<Option<std::borrow::Cow<'_, str>>> = record
                    .iter()
                    .take(width)
                    .map(|f| {
                        (!f.is_empty()).then(|| {
                            let (text, enc) = decode(f);
                            latin1_values += u64::from(enc == Encoding::Latin1);
                            text
                        })
                    })
                    .collect();
                let values: Vec<Option<&str>> = decoded.iter().map(|v| v.as_deref()).collect();
                sink.push_row(&table, &indices, &values);
            }
        }
    }
    if ragged > RAGGED_REPORTED {
        sink.warning(
            ProblemCode::CsvRaggedRow,
            None,
            format!("{ragged} rows in all have a different number of fields than the header"),
        );
    }
    let guard = &reader.get_ref().inner;
    if guard.values_cut > 0 {
        sink.warning(
            ProblemCode::ValueTruncated,
            None,
            format!(
                "{} value(s) longer than {} KiB were cut to that length for detection",
                guard.values_cut,
                MAX_VALUE_BYTES >> 10
            ),
        );
    }
    if guard.rows_cut > 0 {
        sink.warning(ProblemCode::CsvRowTooLarge,
            None,
            format!(
                "{} row(s) have more than {MAX_FIELDS} fields or 16 MiB: the rest of each was ignored",
                guard.rows_cut
            ),
        );
    }
    if reader.get_ref().quotes % 2 == 1 {
        sink.error(
            ProblemCode::CsvUnterminatedQuote,
            Some(last_start_line),
            "unterminated quote: the last row starts here and runs to the end of the file",
        );
    }
    let latin1 = latin1 + latin1_values;
    if latin1 > 0 {
        sink.warning(
            ProblemCode::InvalidUtf8,
            None,
            format!("not valid UTF-8: {latin1} field(s) read as Latin-1"),
        );
    }
}

/// A CSV row whose bytes are valid UTF-8: fields are slices of the row's text.
struct Utf8Row<'a> {
    text: &'a str,
    record: &'a csv::ByteRecord,
    width: usize,
}

impl RowValues for Utf8Row<'_> {
    fn value(&self, position: usize) -> Option<&str> {
        if position >= self.width {
            return None;
        }
        let range = self.record.range(position)?;
        // Field boundaries sit next to ASCII delimiters, so they are char boundaries.
        self.text.get(range).filter(|v| !v.is_empty())
    }

    fn len(&self) -> usize {
        self.record.len().min(self.width)
    }
}

/// Counts `"` bytes as they stream past: an odd total means a quote never closed.
struct QuoteCounter<R> {
    inner: R,
    quotes: u64,
}

impl<R: Read> Read for QuoteCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.quotes += buf
            .get(..n)
            .map_or(0, |b| memchr::memchr_iter(b'"', b).count()) as u64;
        Ok(n)
    }
}

/// Binary data: NUL bytes or many control characters.
fn looks_binary(head: &[u8]) -> bool {
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    head.contains(&0) || control * 20 > head.len()
}

/// Picks the delimiter whose count per line is most consistent (and non-zero) over the first
/// lines, counting only outside quotes.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut best = (b',', 0.0f64);
    for &d in &candidates {
        let mut counts: Vec<usize> = Vec::new();
        let mut in_quotes = false;
        let mut count = 0usize;
        for &b in head {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    counts.push(count);
                    count = 0;
                    if counts.len() >= 30 {
                        break;
                    }
                }
                _ if b == d && !in_quotes => count += 1,
                _ => {}
            }
        }
        if count > 0 {
            counts.push(count);
        }
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let consistent =
            counts.iter().filter(|&&c| c == first).count() as f64 / counts.len() as f64;
        let score = consistent * (1.0 + (first as f64).ln());
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter(b"name,note\n\"x\",\"a; b; c\"\n"), b',');
        assert_eq!(sniff_delimiter(b"single\nvalue\n"), b',');
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"\x00\x01\x02abc"));
        assert!(!looks_binary(b"a,b\n1,2\n"));
    }
}
