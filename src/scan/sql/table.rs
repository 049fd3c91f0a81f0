//! `CREATE TABLE`: column definitions, their types and comments.
//!
//! Why it exists: the schema tells which columns may hold personal data — by name, by type
//! and by the comments developers leave (`COMMENT 'Vorname'`, `email TEXT, -- login`).
//! Column lists mix columns with table constraints and MySQL index lines, nest parentheses
//! in types and CHECK expressions, and differ between dialects; this file sorts that out.
//! It also provides the element splitting and column parsing `alter.rs` reuses.

use super::lexer::{slice, Tok, Token};
use super::parse::{ident, kw, kw_any, Cursor, Info, Out};
use super::{ColumnDef, Statement};

/// Tokens inside a parenthesised group whose `(` was just consumed, comments included.
pub(crate) fn group<'a>(cur: &mut Cursor<'a>) -> Result<Vec<Token<'a>>, String> {
    let mut depth = 1usize;
    let mut body = Vec::new();
    loop {
        let Some(t) = cur.raw() else {
            return Err("unbalanced parentheses (missing `)`)".into());
        };
        match t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => {
                depth -= 1;
                if depth == 0 {
                    return Ok(body);
                }
            }
            _ => {}
        }
        body.push(t);
    }
}

/// One comma-separated part of a column list or ALTER TABLE: its significant tokens and
/// a `-- comment` written on the same line after it.
pub(crate) struct Element<'a> {
    pub(crate) sig: Vec<Token<'a>>,
    pub(crate) comment: Option<String>,
}

/// The line of byte `offset` of a statement's text that starts on line `first`.
pub(crate) fn line_in(src: &str, first: u64, offset: usize) -> u64 {
    first
        + src
            .get(..offset)
            .map_or(0, |s| memchr::memchr_iter(b'\n', s.as_bytes()).count()) as u64
}

fn same_line(src: &str, a: usize, b: usize) -> bool {
    src.get(a..b).is_some_and(|s| !s.contains('\n'))
}

/// Splits on commas outside parentheses and attaches same-line comments.
pub(crate) fn split_elements<'a>(toks: &[Token<'a>], src: &str) -> Vec<Element<'a>> {
    let mut out: Vec<Element<'a>> = Vec::new();
    let mut cur = Element {
        sig: Vec::new(),
        comment: None,
    };
    let mut depth = 0i32;
    let mut prev_end: Option<usize> = None;
    for t in toks {
        match &t.tok {
            Tok::Comment(text) if !text.is_empty() => {
                let (owner, end) = match cur.sig.last().map(|l| l.end) {
                    Some(end) => (Some(&mut cur), Some(end)),
                    None => (out.last_mut(), prev_end),
                };
                if let (Some(owner), Some(end)) = (owner, end) {
                    if owner.comment.is_none() && same_line(src, end, t.start) {
                        owner.comment = Some((*text).to_string());
                    }
                }
            }
            Tok::Comment(_) => {}
            Tok::Punct(b',') if depth == 0 => {
                prev_end = cur.sig.last().map(|l| l.end);
                out.push(std::mem::replace(
                    &mut cur,
                    Element {
                        sig: Vec::new(),
                        comment: None,
                    },
                ));
            }
            tok => {
                match tok {
                    Tok::Punct(b'(') => depth += 1,
                    Tok::Punct(b')') => depth -= 1,
                    _ => {}
                }
                cur.sig.push(t.clone());
            }
        }
    }
    if !cur.sig.is_empty() {
        out.push(cur);
    }
    out
}

/// Source text of `toks`, one space wherever the source had a gap.
pub(crate) fn join_tokens(src: &str, toks: &[Token<'_>]) -> Option<String> {
    let mut out = String::new();
    let mut prev_end: Option<usize> = None;
    for t in toks {
        if prev_end.is_some_and(|e| t.start > e) {
            out.push(' ');
        }
        out.push_str(slice(src, t.start, t.end));
        prev_end = Some(t.end);
    }
    (!out.is_empty()).then_some(out)
}

/// Keywords that end a column's type and start its constraints.
const TYPE_END: &[&str] = &[
    "NOT",
    "NULL",
    "PRIMARY",
    "REFERENCES",
    "DEFAULT",
    "CHECK",
    "UNIQUE",
    "COLLATE",
    "GENERATED",
    "AS",
    "CONSTRAINT",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "COMMENT",
    "ON",
    "IDENTITY",
    "CHARSET",
    "FIRST",
    "AFTER",
    "INVISIBLE",
    "VISIBLE",
    "COLUMN_FORMAT",
    "STORAGE",
    "SRID",
];

pub(crate) fn is_table_constraint(sig: &[Token<'_>]) -> bool {
    let Some(first) = sig.first() else {
        return false;
    };
    if kw_any(
        first,
        &[
            "CONSTRAINT",
            "PRIMARY",
            "FOREIGN",
            "CHECK",
            "EXCLUDE",
            "UNIQUE",
            "FULLTEXT",
            "SPATIAL",
            "LIKE",
        ],
    ) {
        return true;
    }
    if kw(first, "PERIOD") {
        return sig.get(1).is_some_and(|t| kw(t, "FOR"));
    }
    if !kw_any(first, &["INDEX", "KEY"]) {
        return false;
    }
    // MySQL `KEY idx (a)` versus a column named `key VARCHAR(10)`.
    let tok = |i: usize| sig.get(i).map(|t| &t.tok);
    match tok(1) {
        Some(Tok::Punct(b'(')) => true,
        Some(Tok::Word(w)) if w.eq_ignore_ascii_case("USING") => true,
        Some(Tok::Word(_) | Tok::Quoted(..)) => match tok(2) {
            Some(Tok::Punct(b'(')) => !matches!(tok(3), Some(Tok::Number(_))),
            Some(Tok::Word(w)) => w.eq_ignore_ascii_case("USING"),
            _ => false,
        },
        _ => false,
    }
}

/// A column definition, `Ok(None)` for a table constraint; `line` is the line the
/// statement (`src`) starts on.
pub(crate) fn column_def(
    sig: &[Token<'_>],
    src: &str,
    line: u64,
    comment: Option<String>,
) -> Result<Option<ColumnDef>, String> {
    let Some(first) = sig.first() else {
        return Ok(None);
    };
    if is_table_constraint(sig) {
        return Ok(None);
    }
    let name = ident(first).ok_or_else(|| {
        format!(
            "expected a column name, found `{}`",
            slice(src, first.start, first.end)
        )
    })?;
    let mut depth = 0i32;
    let mut end = 1;
    for (k, t) in sig.iter().enumerate().skip(1) {
        match &t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            Tok::Word(w) if depth == 0 => {
                let charset = k > 1
                    && w.eq_ignore_ascii_case("CHARACTER")
                    && sig.get(k + 1).is_some_and(|n| kw(n, "SET"));
                if charset || TYPE_END.iter().any(|e| w.eq_ignore_ascii_case(e)) {
                    break;
                }
            }
            _ => {}
        }
        end = k + 1;
    }
    let data_type = join_tokens(src, sig.get(1..end).unwrap_or(&[]));
    let mut comment = comment;
    for pair in sig.get(end..).unwrap_or(&[]).windows(2) {
        if let [c, Token {
            tok: Tok::Str(s), ..
        }] = pair
        {
            if kw(c, "COMMENT") {
                comment = Some(s.to_string());
            }
        }
    }
    Ok(Some(ColumnDef {
        name,
        data_type,
        comment,
        line: line_in(src, line, first.start),
    }))
}

fn mysql_words(toks: &[Token<'_>]) -> bool {
    toks.iter()
        .any(|t| kw_any(t, &["ENGINE", "AUTO_INCREMENT"]))
}

pub(crate) fn create(
    cur: &mut Cursor<'_>,
    line: u64,
    out: &mut Out,
    info: &mut Info,
) -> Result<(), String> {
    let mut is_virtual = false;
    loop {
        if cur.peek_kw(&[
            "OR",
            "REPLACE",
            "GLOBAL",
            "LOCAL",
            "TEMP",
            "TEMPORARY",
            "UNLOGGED",
        ]) {
            cur.next();
        } else if cur.eat_kw("VIRTUAL") {
            is_virtual = true;
        } else {
            break;
        }
    }
    if !cur.eat_kw("TABLE") {
        return Ok(());
    }
    if cur.eat_kw("IF") {
        cur.eat_kw("NOT");
        cur.eat_kw("EXISTS");
    }
    let table = cur
        .table_name()
        .ok_or("CREATE TABLE: expected a table name")?;
    let mut columns = Vec::new();
    if is_virtual {
        // `CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter')`
        if cur.eat_kw("USING") && cur.next().is_some() && cur.eat_punct(b'(') {
            let body = group(cur).map_err(|e| format!("CREATE VIRTUAL TABLE {table}: {e}"))?;
            for el in split_elements(&body, cur.src) {
                if el.sig.iter().any(|t| t.tok == Tok::Punct(b'=')) {
                    continue;
                }
                if let Some(first) = el.sig.first() {
                    let Some(name) = ident(first) else {
                        continue;
                    };
                    let data_type = join_tokens(cur.src, el.sig.get(1..).unwrap_or(&[]));
                    columns.push(ColumnDef {
                        name,
                        data_type,
                        comment: el.comment,
                        line: line_in(cur.src, line, first.start),
                    });
                }
            }
        }
    } else if cur.eat_punct(b'(') {
        let body = group(cur).map_err(|e| format!("CREATE TABLE {table}: {e}"))?;
        info.mysql |= mysql_words(&body);
        for el in split_elements(&body, cur.src) {
            let col = column_def(&el.sig, cur.src, line, el.comment)
                .map_err(|e| format!("CREATE TABLE {table}: {e}"))?;
            columns.extend(col);
        }
        info.mysql |= mysql_words(&cur.rest());
    } else if !cur.peek_kw(&["AS", "PARTITION", "OF", "LIKE", "CLONE"]) {
        return Err(match cur.peek().cloned() {
            None => format!("CREATE TABLE {table}: missing column list"),
            Some(t) => format!(
                "CREATE TABLE {table}: expected `(` or AS after the table name, found `{}`",
                cur.text(&t)
            ),
        });
    }
    out.push_back(Ok(Statement::CreateTable {
        table,
        columns,
        line,
    }));
    Ok(())
}
