//! Evaluates the string expressions dump tools write instead of plain literals.
//!
//! Why it exists: a value is not always a literal. `sqlite3 .dump` writes strings with
//! control characters as `replace('a\nb','\n',char(10))` (or `unistr(...)` in newer
//! versions), hand-written seeds use `'a' || 'b'`, and PostgreSQL adds casts such as
//! `'x'::text` or `CAST('x' AS text)`. Personal data hides in those strings, so they are
//! evaluated to the text they stand for; anything else is left to the caller as source text.

use super::lexer::{Tok, Token};
use super::parse::kw;

fn is_tok(t: Option<&Token<'_>>, want: &Tok<'_>) -> bool {
    t.is_some_and(|t| &t.tok == want)
}

/// `term ('||' term)*` where every term evaluates to text.
pub(crate) fn str_expr(toks: &[Token<'_>], i: usize) -> Option<(String, usize)> {
    let (mut s, mut i) = str_term(toks, i)?;
    while is_tok(toks.get(i), &Tok::Op("||")) {
        let (t, j) = str_term(toks, i + 1)?;
        s.push_str(&t);
        i = j;
    }
    Some((s, i))
}

fn str_term(toks: &[Token<'_>], i: usize) -> Option<(String, usize)> {
    let t = toks.get(i)?;
    let (s, mut i) = match &t.tok {
        Tok::Str(s) => (s.to_string(), i + 1),
        Tok::Number(n) => ((*n).to_string(), i + 1),
        Tok::Punct(b'(') => {
            let (s, j) = str_expr(toks, i + 1)?;
            is_tok(toks.get(j), &Tok::Punct(b')')).then_some((s, j + 1))?
        }
        // MySQL charset introducer: _utf8mb4'text', _binary 'x'
        Tok::Word(w)
            if w.starts_with('_')
                && matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::Str(_))) =>
        {
            str_term(toks, i + 1)?
        }
        Tok::Word(f) if is_tok(toks.get(i + 1), &Tok::Punct(b'(')) => call(f, toks, i + 2)?,
        _ => return None,
    };
    while is_tok(toks.get(i), &Tok::Op("::")) {
        i = skip_type(toks, i + 1);
    }
    Some((s, i))
}

/// Skips a type name after `::` or `AS`: words, quoted names, `(..)`, `[]`, `.`.
fn skip_type(toks: &[Token<'_>], mut i: usize) -> usize {
    let mut depth = 0i32;
    while let Some(t) = toks.get(i) {
        match t.tok {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            Tok::Word(_) | Tok::Quoted(..) | Tok::Punct(b'.' | b'[' | b']') => {}
            _ => break,
        }
        i += 1;
    }
    i
}

/// Evaluates the string functions dump tools use; `i` is just past the `(`.
fn call(f: &str, toks: &[Token<'_>], mut i: usize) -> Option<(String, usize)> {
    let mut args = Vec::new();
    if is_tok(toks.get(i), &Tok::Punct(b')')) {
        i += 1;
    } else {
        loop {
            let (a, mut j) = str_expr(toks, i)?;
            args.push(a);
            if f.eq_ignore_ascii_case("cast") && toks.get(j).is_some_and(|t| kw(t, "AS")) {
                j = skip_type(toks, j + 1);
            }
            match toks.get(j).map(|t| &t.tok) {
                Some(Tok::Punct(b',')) => i = j + 1,
                Some(Tok::Punct(b')')) => {
                    i = j + 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    let name = f.to_ascii_lowercase();
    let s = match (name.as_str(), args.as_slice()) {
        ("replace", [a, from, _]) if from.is_empty() => a.clone(),
        ("replace", [a, from, to]) => a.replace(from.as_str(), to),
        ("char", codes) => codes
            .iter()
            .map(|c| c.trim().parse().ok().and_then(char::from_u32))
            .collect::<Option<String>>()?,
        ("unistr", [a]) => unistr(a),
        ("concat", parts) => parts.concat(),
        ("cast", [a]) => a.clone(),
        _ => return None,
    };
    Some((s, i))
}

/// SQLite `unistr()`: `\XXXX`, `\uXXXX`, `\+XXXXXX`, `\UXXXXXXXX`, `\\`.
fn unistr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('\\') {
        out.push_str(rest.get(..k).unwrap_or(""));
        let after = rest.get(k + 1..).unwrap_or("");
        let (skip, digits) = match after.as_bytes().first() {
            Some(b'\\') => {
                out.push('\\');
                rest = after.get(1..).unwrap_or("");
                continue;
            }
            Some(b'u') => (1, 4),
            Some(b'+') => (1, 6),
            Some(b'U') => (1, 8),
            _ => (0, 4),
        };
        let code = after
            .get(skip..skip + digits)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = after.get(skip + digits..).unwrap_or("");
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
