//! PostgreSQL `COPY … FROM stdin` blocks: the header and the data lines.
//!
//! Why it exists: `pg_dump` writes table data as a `COPY t (a, b) FROM stdin;` statement
//! followed by raw tab-separated lines up to `\\.`, not as SQL. The header names the table
//! and columns; each data line is split and unescaped here (`\\N` is NULL). The splitter
//! hands over the lines one at a time, so a block of any size streams.

use super::lexer::Tok;
use super::parse::{ident, kw, Cursor};
use super::SqlValue;

#[derive(Debug, Clone)]
pub(crate) struct CopyHeader {
    pub table: String,
    pub columns: Vec<String>,
    pub format: CopyFormat,
}

/// `COPY t (a, b) FROM stdin [WITH (FORMAT csv, DELIMITER ',', NULL '')]`.
pub(crate) fn copy_header(cur: &mut Cursor<'_>) -> Option<CopyHeader> {
    let table = cur.table_name()?;
    let mut columns = Vec::new();
    if cur.eat_punct(b'(') {
        loop {
            let t = cur.next()?;
            match (&t.tok, ident(&t)) {
                (Tok::Punct(b')'), _) => break,
                (Tok::Punct(b','), _) => {}
                (_, Some(c)) => columns.push(c),
                _ => return None,
            }
        }
    }
    if !(cur.eat_kw("FROM") && cur.eat_kw("STDIN")) {
        return None;
    }
    let rest = cur.rest();
    let mut format = CopyFormat::default();
    let mut null = None;
    let string_after = |i: usize| {
        let j = if rest.get(i).is_some_and(|t| kw(t, "AS")) {
            i + 1
        } else {
            i
        };
        match rest.get(j).map(|t| &t.tok) {
            Some(Tok::Str(s)) => Some(s.to_string()),
            _ => None,
        }
    };
    for (i, t) in rest.iter().enumerate() {
        if kw(t, "CSV") || (kw(t, "FORMAT") && rest.get(i + 1).is_some_and(|n| kw(n, "CSV"))) {
            format.csv = true;
        } else if kw(t, "DELIMITER") {
            if let Some(d) = string_after(i + 1).and_then(|s| s.chars().next()) {
                format.delim = d;
            }
        } else if kw(t, "NULL") {
            null = string_after(i + 1).or(null);
        }
    }
    if format.csv && format.delim == '\t' && !rest.iter().any(|t| kw(t, "DELIMITER")) {
        format.delim = ',';
    }
    format.null = null.unwrap_or_else(|| {
        if format.csv {
            String::new()
        } else {
            "\\N".into()
        }
    });
    Some(CopyHeader {
        table,
        columns,
        format,
    })
}

/// How the data lines of a `COPY … FROM stdin` are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopyFormat {
    pub csv: bool,
    pub delim: char,
    pub null: String,
}

impl Default for CopyFormat {
    fn default() -> Self {
        CopyFormat {
            csv: false,
            delim: '\t',
            null: "\\N".into(),
        }
    }
}

/// One data line of a COPY block. Every non-null field is text (COPY has no types).
pub(crate) fn copy_row(line: &str, f: &CopyFormat) -> Vec<SqlValue> {
    if f.csv {
        return csv_row(line, f);
    }
    line.split(f.delim)
        .map(|field| {
            if field == f.null {
                SqlValue::Null
            } else if field.contains('\\') {
                SqlValue::Text(copy_unescape(field))
            } else {
                SqlValue::Text(field.to_string())
            }
        })
        .collect()
}

/// COPY text format escapes: `\b \f \n \r \t \v \\`, octal `\NNN`, hex `\xHH`.
fn copy_unescape(field: &str) -> String {
    let b = field.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else { break };
        i += 1;
        let (radix, max, start) = match e {
            b'0'..=b'7' => (8, 3, i - 1),
            b'x' if b.get(i).is_some_and(u8::is_ascii_hexdigit) => (16, 2, i),
            _ => (0, 0, i),
        };
        if radix != 0 {
            let mut end = start;
            while end < start + max && b.get(end).is_some_and(|d| char::from(*d).is_digit(radix)) {
                end += 1;
            }
            let digits = std::str::from_utf8(b.get(start..end).unwrap_or(&[])).unwrap_or("0");
            out.push(u32::from_str_radix(digits, radix).map_or(0, |v| (v & 0xFF) as u8));
            i = end;
            continue;
        }
        out.push(match e {
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            other => other,
        });
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One line of `COPY … WITH (FORMAT csv)` data (quoted fields may not span lines).
fn csv_row(line: &str, f: &CopyFormat) -> Vec<SqlValue> {
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = line.chars().peekable();
    let finish = |field: &mut String, was_quoted: bool, row: &mut Vec<SqlValue>| {
        let text = std::mem::take(field);
        row.push(if !was_quoted && text == f.null {
            SqlValue::Null
        } else {
            SqlValue::Text(text)
        });
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' {
            quoted = true;
            was_quoted = true;
        } else if c == f.delim {
            finish(&mut field, was_quoted, &mut row);
            was_quoted = false;
        } else {
            field.push(c);
        }
    }
    finish(&mut field, was_quoted, &mut row);
    row
}
