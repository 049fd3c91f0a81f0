//! NDJSON / JSON Lines: one JSON object per line, each a row (flattened as `json` does), read
//! line by line with a cap on a line's length, bad lines reported with their number.

use super::json::push_object;
use super::json_value;
use super::{table_name_from_path, Sink};
use crate::scan::model::ProblemCode;
use serde_json::Value;
use std::io::BufRead;

/// Longest NDJSON line read; a longer one is skipped without being held in memory.
const MAX_LINE_BYTES: usize = 16 << 20;
/// Bad NDJSON lines reported one by one before a summary.
const BAD_LINES_REPORTED: u64 = 5;

/// Reads one line (up to and with its `\n`) into `buf`, holding at most `cap` bytes of it:
/// `None` at the end of the input, `Some(true)` when the line was longer and the rest of it
/// was read past without being kept.
fn read_line_capped(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    let mut seen = 0usize;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok((seen > 0).then_some(seen > cap));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(chunk.get(..take.min(room)).unwrap_or(&[]));
        seen += take;
        input.consume(take);
        if done {
            return Ok(Some(seen > cap));
        }
    }
}

/// Reads NDJSON: one JSON object per line; bad lines are reported with their number.
pub fn read_ndjson(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let table = table_name_from_path(sink.path);
    let mut line_no = 0u64;
    let mut bad = 0u64;
    let mut rows = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match read_line_capped(input, &mut buf, MAX_LINE_BYTES) {
            Ok(None) => break,
            Ok(Some(false)) => {}
            Ok(Some(true)) => {
                line_no += 1;
                bad += 1;
                sink.error(
                    ProblemCode::LineTooLong,
                    Some(line_no),
                    format!("line is longer than {} MiB: skipped", MAX_LINE_BYTES >> 20),
                );
                continue;
            }
            Err(e) => {
                sink.error(
                    ProblemCode::ReadFailed,
                    Some(line_no + 1),
                    format!("cannot read: {e}"),
                );
                break;
            }
        }
        line_no += 1;
        let bytes = if line_no == 1 {
            crate::scan::text::strip_bom(&buf)
        } else {
            &buf[..]
        };
        let (text, _) = crate::scan::text::decode(bytes);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match json_value::from_str(text) {
            Ok(v @ Value::Object(_)) => {
                push_object(&table, &v, Some(line_no), sink);
                rows += 1;
            }
            Ok(_) => {
                bad += 1;
                if bad <= BAD_LINES_REPORTED {
                    sink.warning(
                        ProblemCode::JsonNotObjects,
                        Some(line_no),
                        "line is JSON but not an object; skipped",
                    );
                }
            }
            Err(e) => {
                bad += 1;
                if bad <= BAD_LINES_REPORTED {
                    sink.error(
                        ProblemCode::JsonSyntax,
                        Some(line_no),
                        format!("invalid JSON: {e}"),
                    );
                }
            }
        }
    }
    if bad > BAD_LINES_REPORTED {
        sink.error(
            ProblemCode::JsonSyntax,
            None,
            format!("{bad} lines in all could not be read"),
        );
    }
    if rows == 0 && bad == 0 {
        sink.error(ProblemCode::EmptyInput, None, "empty file: no JSON lines");
    }
}
