//! `INSERT … VALUES` statements and their literal values.
//!
//! Why it exists: rows are where a dump's personal data lives and where almost all of a
//! big dump's bytes are, so this is the hot path. Values become [`SqlValue`]s straight
//! from tokens; the common single-token value takes a fast path. Multi-token values go
//! through `expr.rs` (string functions, concatenation, casts) or are kept as source text.

use super::expr::str_expr;
use super::lexer::{slice, Tok, Token};
use super::parse::{ident, kw, kw_any, Cursor, Out};
use super::{SqlValue, Statement};

fn ctx(table: &str, e: impl std::fmt::Display) -> String {
    format!("INSERT INTO {table}: {e}")
}

const UNCLOSED_ROW: &str = "unbalanced parentheses in VALUES (row not closed)";

/// `INSERT`/`REPLACE` after its first keyword.
pub(crate) fn insert(cur: &mut Cursor<'_>, line: u64, out: &mut Out) -> Result<(), String> {
    while cur.peek_kw(&["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"]) || cur.eat_kw("OR") {
        // A modifier, or the word after OR (REPLACE, IGNORE, ...).
        cur.next();
    }
    cur.eat_kw("INTO");
    let table = cur.table_name().ok_or("INSERT: expected a table name")?;
    if cur.eat_kw("AS") {
        cur.next();
    }
    if cur.eat_kw("PARTITION") && cur.eat_punct(b'(') {
        while cur.next().is_some_and(|t| t.tok != Tok::Punct(b')')) {}
    }
    let mut columns = None;
    if cur.eat_punct(b'(') {
        if cur.peek_kw(&["SELECT", "WITH", "VALUES"]) {
            return Ok(());
        }
        columns = Some(column_list(cur).map_err(|e| ctx(&table, e))?);
    }
    if cur.eat_kw("OVERRIDING") {
        cur.next();
        cur.next();
    }
    let Some(t) = cur.next() else {
        return Err(ctx(&table, "missing VALUES"));
    };
    let mut rows = Vec::new();
    if kw_any(&t, &["VALUES", "VALUE"]) {
        let mut width = columns.as_ref().map_or(8, Vec::len);
        loop {
            cur.eat_kw("ROW");
            if !cur.eat_punct(b'(') {
                let found = cur
                    .peek()
                    .cloned()
                    .map_or("end of statement".into(), |t| format!("`{}`", cur.text(&t)));
                return Err(ctx(
                    &table,
                    format!("expected `(` to start a row, found {found}"),
                ));
            }
            let row = row(cur, width).map_err(|e| ctx(&table, e))?;
            width = row.len();
            rows.push(row);
            if !cur.eat_punct(b',') {
                break;
            }
        }
    } else if kw(&t, "SET") {
        // MySQL `INSERT INTO t SET a = 1, b = 'x'`
        let mut names = Vec::new();
        let mut row = Vec::new();
        loop {
            let name = cur
                .next()
                .as_ref()
                .and_then(ident)
                .ok_or_else(|| ctx(&table, "malformed SET list"))?;
            if !cur.eat_punct(b'=') {
                return Err(ctx(&table, "malformed SET list (expected `=`)"));
            }
            row.push(value(cur, true).map_err(|e| ctx(&table, e))?);
            names.push(name);
            if !cur.eat_punct(b',') {
                break;
            }
        }
        columns = Some(names);
        rows.push(row);
    } else if kw_any(
        &t,
        &["SELECT", "WITH", "DEFAULT", "TABLE", "EXEC", "EXECUTE"],
    ) || t.tok == Tok::Punct(b'(')
    {
        return Ok(());
    } else {
        return Err(ctx(
            &table,
            format!("expected VALUES or SELECT, found `{}`", cur.text(&t)),
        ));
    }
    out.push_back(Ok(Statement::Insert {
        table,
        columns,
        rows,
        line,
    }));
    Ok(())
}

/// `a, "b", `c`)` after the opening parenthesis.
fn column_list(cur: &mut Cursor<'_>) -> Result<Vec<String>, String> {
    let mut cols = Vec::new();
    if cur.eat_punct(b')') {
        return Ok(cols);
    }
    loop {
        let t = cur
            .next()
            .ok_or("unbalanced parentheses in the column list")?;
        let mut name =
            ident(&t).ok_or_else(|| format!("unexpected `{}` in the column list", cur.text(&t)))?;
        while cur.eat_punct(b'.') {
            if let Some(n) = cur.next().as_ref().and_then(ident) {
                name = n;
            }
        }
        cols.push(name);
        match cur.next().map(|t| t.tok) {
            Some(Tok::Punct(b',')) => {}
            Some(Tok::Punct(b')')) => return Ok(cols),
            None => return Err("unbalanced parentheses in the column list".into()),
            Some(_) => return Err("malformed column list".into()),
        }
    }
}

/// One row after its opening parenthesis, through the closing one.
fn row(cur: &mut Cursor<'_>, width: usize) -> Result<Vec<SqlValue>, String> {
    let mut vals = Vec::with_capacity(width);
    if cur.eat_punct(b')') {
        return Ok(vals);
    }
    loop {
        vals.push(value(cur, false)?);
        match cur.next().map(|t| t.tok) {
            Some(Tok::Punct(b',')) => {}
            Some(Tok::Punct(b')')) => return Ok(vals),
            _ => return Err(UNCLOSED_ROW.into()),
        }
    }
}

/// Is the next token the end of a value (`,`, `)`, end of input; `ON` after a SET list)?
fn at_value_end(cur: &mut Cursor<'_>, set_form: bool) -> bool {
    match cur.peek() {
        None => true,
        Some(t) => matches!(t.tok, Tok::Punct(b',' | b')')) || (set_form && kw(t, "ON")),
    }
}

/// One value, leaving the `,` or `)` after it unread.
fn value(cur: &mut Cursor<'_>, set_form: bool) -> Result<SqlValue, String> {
    let first = cur.next().ok_or(UNCLOSED_ROW)?;
    if matches!(first.tok, Tok::Punct(b',' | b')')) {
        return Err("missing value in VALUES".into());
    }
    if at_value_end(cur, set_form) {
        return Ok(single(first, cur.src, cur.mysql));
    }
    let mut depth = i32::from(first.tok == Tok::Punct(b'('));
    let mut toks = vec![first];
    while cur.peek().is_some() && !(depth <= 0 && at_value_end(cur, set_form)) {
        let Some(t) = cur.next() else { break };
        match t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            _ => {}
        }
        toks.push(t);
    }
    Ok(eval(&toks, cur.src, cur.mysql))
}

fn source(src: &str, toks: &[Token<'_>]) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => slice(src, a.start, b.end).to_string(),
        _ => String::new(),
    }
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
        })
        .collect()
}

/// A value made of one token.
fn single(t: Token<'_>, src: &str, mysql: bool) -> SqlValue {
    match t.tok {
        Tok::Str(s) => SqlValue::Text(s.into_owned()),
        Tok::Number(n) => {
            let hex = n.strip_prefix("0x").or_else(|| n.strip_prefix("0X"));
            match hex.filter(|_| mysql).and_then(hex_bytes) {
                Some(b) => SqlValue::Blob(b),
                None => SqlValue::Number(n.to_string()),
            }
        }
        Tok::Word(w) if w.eq_ignore_ascii_case("NULL") => SqlValue::Null,
        Tok::Blob(h) => hex_bytes(h).map_or_else(
            || SqlValue::Other(slice(src, t.start, t.end).into()),
            SqlValue::Blob,
        ),
        // MySQL double-quoted string; SQLite also reads an unknown "name" as a string.
        Tok::Quoted(s, b'"') => SqlValue::Text(s.into_owned()),
        _ => SqlValue::Other(slice(src, t.start, t.end).to_string()),
    }
}

/// Parentheses nesting a value may have to be evaluated; a deeper one is kept as its source
/// text. A crafted dump nests 100,000 levels, which cost quadratic time (17 s) and a
/// recursion as deep as the nesting.
const MAX_NESTING: i32 = 64;

/// The deepest parenthesis nesting in `toks`.
fn nesting(toks: &[Token<'_>]) -> i32 {
    let mut depth = 0i32;
    let mut deepest = 0;
    for t in toks {
        match t.tok {
            Tok::Punct(b'(') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Tok::Punct(b')') => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// A value made of several tokens.
fn eval(toks: &[Token<'_>], src: &str, mysql: bool) -> SqlValue {
    if nesting(toks) > MAX_NESTING {
        return SqlValue::Other(source(src, toks));
    }
    eval_nested(toks, src, mysql)
}

/// [`eval`] once the nesting is known to be shallow.
fn eval_nested(toks: &[Token<'_>], src: &str, mysql: bool) -> SqlValue {
    match toks {
        [Token {
            tok: Tok::Punct(b'-'),
            ..
        }, Token {
            tok: Tok::Number(n),
            ..
        }] => {
            return SqlValue::Number(format!("-{n}"));
        }
        [Token {
            tok: Tok::Punct(b'+'),
            ..
        }, Token {
            tok: Tok::Number(n),
            ..
        }] => {
            return SqlValue::Number((*n).to_string());
        }
        [one] => return single(one.clone(), src, mysql),
        _ => {}
    }
    // `(value)`
    if let Some(inner) = parenthesised(toks) {
        return eval_nested(inner, src, mysql);
    }
    // `<value>::type` casts keep the value.
    let mut depth = 0i32;
    for (k, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            Tok::Op("::") if depth == 0 && k > 0 => {
                let inner = eval_nested(toks.get(..k).unwrap_or(&[]), src, mysql);
                if !matches!(inner, SqlValue::Other(_)) {
                    return inner;
                }
                break;
            }
            _ => {}
        }
    }
    let has_string = toks.iter().any(|t| matches!(t.tok, Tok::Str(_)));
    match str_expr(toks, 0) {
        Some((s, end)) if end == toks.len() && has_string => SqlValue::Text(s),
        _ => SqlValue::Other(source(src, toks)),
    }
}

/// The tokens inside `( … )` when one pair of parentheses wraps all of `toks`.
fn parenthesised<'t, 'a>(toks: &'t [Token<'a>]) -> Option<&'t [Token<'a>]> {
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return None;
    };
    if first.tok != Tok::Punct(b'(') || last.tok != Tok::Punct(b')') || toks.len() < 3 {
        return None;
    }
    let mut depth = 0i32;
    for (k, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            _ => {}
        }
        if depth == 0 && k + 1 < toks.len() {
            return None;
        }
    }
    toks.get(1..toks.len() - 1)
}
