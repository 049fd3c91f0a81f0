//! Turns the text of one statement into zero or more [`Statement`]s.
//!
//! Why it exists: only a few statement kinds matter for finding personal data — table
//! definitions, schema changes, column comments and data rows. Everything else is skipped
//! after looking at its first keywords. This file holds the dispatcher, the token cursor
//! the statement parsers share, and the two small statements (DROP TABLE, COMMENT ON
//! COLUMN). CREATE TABLE is in `table.rs`, ALTER TABLE in `alter.rs`, INSERT in
//! `values.rs` and COPY in `copy.rs`.

use super::copy::{copy_header, CopyHeader};
use super::lexer::{slice, Lexer, Tok, Token};
use super::{alter, table, values};
use super::{SqlError, Statement};
use std::collections::VecDeque;

pub(crate) type Out = VecDeque<Result<Statement, SqlError>>;

/// What the reader must know besides the statements.
#[derive(Debug, Default)]
pub(crate) struct Info {
    /// The statement showed MySQL syntax (`ENGINE=`, `AUTO_INCREMENT`).
    pub mysql: bool,
    /// A `COPY … FROM stdin` header: data lines follow.
    pub copy: Option<CopyHeader>,
}

/// Parses one statement, pushing results (statements or errors) onto `out`.
pub(crate) fn parse(
    text: &str,
    trailing: Option<&str>,
    line: u64,
    mysql: bool,
    out: &mut Out,
) -> Info {
    let mut info = Info::default();
    let mut cur = Cursor::new(text, mysql);
    let Some(Token {
        tok: Tok::Word(first),
        ..
    }) = cur.next()
    else {
        return info;
    };
    let is = |k: &str| first.eq_ignore_ascii_case(k);
    let result = if is("INSERT") || is("REPLACE") {
        values::insert(&mut cur, line, out)
    } else if is("CREATE") {
        table::create(&mut cur, line, out, &mut info)
    } else if is("ALTER") {
        alter::alter(&mut cur, line, trailing, out)
    } else if is("DROP") {
        drop_table(&mut cur, line, out);
        Ok(())
    } else if is("COMMENT") {
        comment_on(&mut cur, line, out);
        Ok(())
    } else if is("COPY") {
        info.copy = copy_header(&mut cur);
        Ok(())
    } else {
        Ok(())
    };
    if let Err(message) = result {
        let message = match cur.lex_error.take() {
            Some(e) => format!("{e} ({message})"),
            None => message,
        };
        out.push_back(Err(SqlError { line, message }));
    }
    info
}

/// Streams significant tokens of a statement, with one token of look-ahead.
pub(crate) struct Cursor<'a> {
    lx: Lexer<'a>,
    peeked: Option<Token<'a>>,
    pub(crate) src: &'a str,
    pub(crate) mysql: bool,
    lex_error: Option<String>,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(src: &'a str, mysql: bool) -> Self {
        Cursor {
            lx: Lexer::new(src, mysql),
            peeked: None,
            src,
            mysql,
            lex_error: None,
        }
    }

    /// Next token including comments.
    pub(crate) fn raw(&mut self) -> Option<Token<'a>> {
        if let Some(t) = self.peeked.take() {
            return Some(t);
        }
        if self.lex_error.is_some() {
            return None;
        }
        match self.lx.next_token() {
            Ok(t) => t,
            Err(e) => {
                self.lex_error = Some(e);
                None
            }
        }
    }

    pub(crate) fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let t = self.raw()?;
            if !matches!(t.tok, Tok::Comment(_)) {
                return Some(t);
            }
        }
    }

    pub(crate) fn peek(&mut self) -> Option<&Token<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.next();
        }
        self.peeked.as_ref()
    }

    pub(crate) fn peek_kw(&mut self, kws: &[&str]) -> bool {
        self.peek().is_some_and(|t| kw_any(t, kws))
    }

    pub(crate) fn eat_kw(&mut self, k: &str) -> bool {
        let hit = self.peek_kw(&[k]);
        if hit {
            self.peeked = None;
        }
        hit
    }

    pub(crate) fn eat_punct(&mut self, p: u8) -> bool {
        let hit = self.peek().is_some_and(|t| t.tok == Tok::Punct(p));
        if hit {
            self.peeked = None;
        }
        hit
    }

    /// `a`, `s.a`, `"s"."a"`, `` `db`.`a` `` → every part.
    pub(crate) fn name_parts(&mut self) -> Option<Vec<String>> {
        let first = self.peek().and_then(ident)?;
        self.peeked = None;
        let mut parts = vec![first];
        while self.eat_punct(b'.') {
            match self.peek().and_then(ident) {
                Some(p) => {
                    self.peeked = None;
                    parts.push(p);
                }
                None => break,
            }
        }
        Some(parts)
    }

    /// A possibly qualified name; only the last part is kept.
    pub(crate) fn table_name(&mut self) -> Option<String> {
        self.name_parts()?.pop()
    }

    /// All remaining tokens, comments included.
    pub(crate) fn rest(&mut self) -> Vec<Token<'a>> {
        std::iter::from_fn(|| self.raw()).collect()
    }

    /// Source text of a token, for messages.
    pub(crate) fn text(&self, t: &Token<'_>) -> String {
        slice(self.src, t.start, t.end).chars().take(40).collect()
    }
}

pub(crate) fn kw(t: &Token<'_>, k: &str) -> bool {
    matches!(t.tok, Tok::Word(w) if w.eq_ignore_ascii_case(k))
}

pub(crate) fn kw_any(t: &Token<'_>, ks: &[&str]) -> bool {
    matches!(t.tok, Tok::Word(w) if ks.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// The identifier a token names, unquoted (string literals are accepted, as SQLite does).
pub(crate) fn ident(t: &Token<'_>) -> Option<String> {
    match &t.tok {
        Tok::Word(w) => Some((*w).to_string()),
        Tok::Quoted(s, _) | Tok::Str(s) => Some(s.to_string()),
        _ => None,
    }
}

fn drop_table(cur: &mut Cursor<'_>, line: u64, out: &mut Out) {
    if !cur.eat_kw("TABLE") {
        return;
    }
    if cur.eat_kw("IF") {
        cur.eat_kw("EXISTS");
    }
    while let Some(table) = cur.table_name() {
        out.push_back(Ok(Statement::DropTable { table, line }));
        if !cur.eat_punct(b',') {
            break;
        }
    }
}

/// PostgreSQL `COMMENT ON COLUMN [schema.]table.column IS '...'`.
fn comment_on(cur: &mut Cursor<'_>, line: u64, out: &mut Out) {
    if !(cur.eat_kw("ON") && cur.eat_kw("COLUMN")) {
        return;
    }
    let parts = cur.name_parts().unwrap_or_default();
    let [.., table, column] = parts.as_slice() else {
        return;
    };
    if !cur.eat_kw("IS") {
        return;
    }
    if let Some(Token {
        tok: Tok::Str(comment),
        ..
    }) = cur.next()
    {
        out.push_back(Ok(Statement::ColumnComment {
            table: table.clone(),
            column: column.clone(),
            comment: comment.into_owned(),
            line,
        }));
    }
}
