//! Tokeniser for the text of one complete SQL statement.
//!
//! Why it exists: the splitter (`split.rs`) only finds where statements end; the parser
//! needs real tokens — identifiers with their quoting removed, decoded string literals,
//! numbers, punctuation — together with their byte offsets, so that it can recover source
//! text (column types, unusual values) and tell whether a `-- comment` sits on the same line
//! as a column definition. Tokens borrow from the statement text and only allocate when a
//! literal contains escapes. Tokens are produced on demand, so a statement the parser skips
//! after two keywords costs two tokens.

use std::borrow::Cow;

/// One token. Offsets live in [`Token`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    /// Bare identifier or keyword (`users`, `NOT`, `varchar`).
    Word(&'a str),
    /// Quoted identifier `"x"`, `` `x` `` or `[x]`, unquoted; the byte is the opening quote.
    /// (In MySQL mode `"x"` is a string; the parser decides by position.)
    Quoted(Cow<'a, str>, u8),
    /// String literal, decoded: `'..'`, `E'..'`, `N'..'`, `$tag$..$tag$`.
    Str(Cow<'a, str>),
    /// The hex digits of a blob literal `X'..'`.
    Blob(&'a str),
    /// Unsigned numeric literal (`12`, `1.5e3`, `.5`, `0x1F`).
    Number(&'a str),
    /// Two-byte operator: `::`, `||`, `<=`, `>=`, `<>`, `!=`.
    Op(&'a str),
    /// Any other single ASCII byte: `(`, `)`, `,`, `.`, `=`, `-`, ...
    Punct(u8),
    /// Text of a `-- ...` (or MySQL `# ...`) comment, trimmed, without the marker.
    Comment(&'a str),
    /// Kept verbatim: `$1`, `B'0101'`.
    Other(&'a str),
}

/// A token and the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token<'a> {
    pub tok: Tok<'a>,
    pub start: usize,
    pub end: usize,
}

/// How backslashes inside a quoted literal behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escapes {
    /// Standard SQL: a backslash is an ordinary character.
    None,
    /// MySQL strings: `\n`, `\t`, `\0`, `\Z`, `\\`, `\'`, ...
    MySql,
    /// PostgreSQL `E'..'` strings: also octal, `\x` hex and `\u` escapes.
    Pg,
}

/// Bytes that continue an identifier. Non-ASCII bytes count, so `straße` is one word.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// `src[a..b]`, or `""` when the range is not valid (never panics).
pub(crate) fn slice(src: &str, a: usize, b: usize) -> &str {
    src.get(a..b).unwrap_or("")
}

/// Position of the ASCII byte `needle` in `s` at or after `from`. Uses `str::find`, which
/// searches a word at a time, when `from` is a character boundary (it nearly always is).
pub(crate) fn find_byte(s: &str, from: usize, needle: u8) -> Option<usize> {
    match s.get(from..) {
        Some(rest) => rest.find(char::from(needle)).map(|r| from + r),
        None => s
            .as_bytes()
            .get(from..)?
            .iter()
            .position(|&c| c == needle)
            .map(|r| from + r),
    }
}

/// Produces tokens from one statement's text.
pub(crate) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    mysql: bool,
}

impl<'a> Lexer<'a> {
    /// `mysql` turns on backslash escapes in strings and `#` comments.
    pub(crate) fn new(src: &'a str, mysql: bool) -> Self {
        Lexer { src, pos: 0, mysql }
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.src.as_bytes().get(i).copied()
    }

    /// The next token, `Ok(None)` at the end, or a message for an unterminated literal.
    pub(crate) fn next_token(&mut self) -> Result<Option<Token<'a>>, String> {
        let bytes = self.src.as_bytes();
        loop {
            while bytes.get(self.pos).is_some_and(|b| b.is_ascii_whitespace()) {
                self.pos += 1;
            }
            let start = self.pos;
            let Some(b) = self.byte(start) else {
                return Ok(None);
            };
            let next = self.byte(start + 1);
            let tok = match b {
                b'-' if next == Some(b'-') => self.line_comment(start + 2),
                b'#' if self.mysql => self.line_comment(start + 1),
                b'/' if next == Some(b'*') => {
                    match find(bytes, start + 2, b"*/") {
                        Some(e) => self.pos = e + 2,
                        None => return Err("unterminated /* comment".into()),
                    }
                    continue;
                }
                b'\'' => {
                    let esc = if self.mysql {
                        Escapes::MySql
                    } else {
                        Escapes::None
                    };
                    Tok::Str(self.quoted(start, b'\'', esc)?)
                }
                b'"' => {
                    let esc = if self.mysql {
                        Escapes::MySql
                    } else {
                        Escapes::None
                    };
                    Tok::Quoted(self.quoted(start, b'"', esc)?, b'"')
                }
                b'`' => Tok::Quoted(self.quoted(start, b'`', Escapes::None)?, b'`'),
                b'[' => {
                    let e = find(bytes, start + 1, b"]").ok_or("unterminated [identifier]")?;
                    self.pos = e + 1;
                    Tok::Quoted(Cow::Borrowed(slice(self.src, start + 1, e)), b'[')
                }
                b'$' if !self.mysql => self.dollar(start)?,
                b'0'..=b'9' => self.number(start),
                b'.' if next.is_some_and(|c| c.is_ascii_digit()) => self.number(start),
                _ if is_word_byte(b) => self.word(start)?,
                b':' if next == Some(b':') => self.op(start),
                b'|' if next == Some(b'|') => self.op(start),
                b'<' | b'>' | b'!' if next == Some(b'=') => self.op(start),
                b'<' if next == Some(b'>') => self.op(start),
                _ => {
                    self.pos = start + 1;
                    Tok::Punct(b)
                }
            };
            return Ok(Some(Token {
                tok,
                start,
                end: self.pos,
            }));
        }
    }

    fn op(&mut self, start: usize) -> Tok<'a> {
        self.pos = start + 2;
        Tok::Op(slice(self.src, start, start + 2))
    }

    fn line_comment(&mut self, text_start: usize) -> Tok<'a> {
        let end = find(self.src.as_bytes(), text_start, b"\n").unwrap_or(self.src.len());
        self.pos = end;
        Tok::Comment(slice(self.src, text_start, end).trim())
    }

    fn word(&mut self, start: usize) -> Result<Tok<'a>, String> {
        let bytes = self.src.as_bytes();
        let mut end = start + 1;
        while bytes.get(end).copied().is_some_and(is_word_byte) {
            end += 1;
        }
        let w = slice(self.src, start, end);
        if end == start + 1 && self.byte(end) == Some(b'\'') {
            // One-letter prefix glued to a string literal.
            match w {
                "x" | "X" => {
                    let close = find(bytes, end + 1, b"'").ok_or("unterminated blob literal")?;
                    self.pos = close + 1;
                    return Ok(Tok::Blob(slice(self.src, end + 1, close)));
                }
                "e" | "E" => return Ok(Tok::Str(self.quoted(end, b'\'', Escapes::Pg)?)),
                "n" | "N" => {
                    let esc = if self.mysql {
                        Escapes::MySql
                    } else {
                        Escapes::None
                    };
                    return Ok(Tok::Str(self.quoted(end, b'\'', esc)?));
                }
                "b" | "B" => {
                    self.quoted(end, b'\'', Escapes::None)?;
                    return Ok(Tok::Other(slice(self.src, start, self.pos)));
                }
                _ => {}
            }
        }
        self.pos = end;
        Ok(Tok::Word(w))
    }

    fn number(&mut self, start: usize) -> Tok<'a> {
        let bytes = self.src.as_bytes();
        let digits = |mut i: usize, hex: bool| {
            while bytes
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()))
            {
                i += 1;
            }
            i
        };
        let mut i = start;
        let hex_prefix = matches!(bytes.get(start..start + 2), Some(b"0x" | b"0X"));
        if hex_prefix && bytes.get(start + 2).is_some_and(|c| c.is_ascii_hexdigit()) {
            i = digits(start + 2, true);
        } else {
            i = digits(i, false);
            if bytes.get(i) == Some(&b'.') {
                i = digits(i + 1, false);
            }
            if matches!(bytes.get(i), Some(b'e' | b'E')) {
                let j = if matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
                    i + 2
                } else {
                    i + 1
                };
                if bytes.get(j).is_some_and(|c| c.is_ascii_digit()) {
                    i = digits(j, false);
                }
            }
        }
        self.pos = i;
        Tok::Number(slice(self.src, start, i))
    }

    /// `$tag$ ... $tag$` (PostgreSQL), or a `$1` parameter.
    fn dollar(&mut self, start: usize) -> Result<Tok<'a>, String> {
        let bytes = self.src.as_bytes();
        let mut j = start + 1;
        let tag_ok = match bytes.get(j) {
            Some(b'$') => true,
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                while bytes
                    .get(j)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    j += 1;
                }
                bytes.get(j) == Some(&b'$')
            }
            _ => false,
        };
        if !tag_ok {
            let mut end = start + 1;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            self.pos = end;
            return Ok(Tok::Other(slice(self.src, start, end)));
        }
        let tag = slice(self.src, start, j + 1);
        let body = j + 1;
        let close = find(bytes, body, tag.as_bytes()).ok_or("unterminated dollar-quoted string")?;
        self.pos = close + tag.len();
        Ok(Tok::Str(Cow::Borrowed(slice(self.src, body, close))))
    }

    /// A literal opened by the quote byte at `open`; a doubled quote stands for itself.
    fn quoted(&mut self, open: usize, q: u8, esc: Escapes) -> Result<Cow<'a, str>, String> {
        let src = self.src;
        let bytes = src.as_bytes();
        let start = open + 1;
        let mut i = start;
        let mut seg = start;
        let mut owned: Option<String> = None;
        loop {
            let hit = if esc == Escapes::None {
                find_byte(src, i, q)
            } else {
                let rest = bytes.get(i..).unwrap_or(&[]);
                rest.iter()
                    .position(|&c| c == q || c == b'\\')
                    .map(|r| i + r)
            };
            let Some(j) = hit else {
                return Err(match q {
                    b'\'' => "unterminated string literal".into(),
                    _ => "unterminated quoted identifier".into(),
                });
            };
            if bytes.get(j) == Some(&q) {
                if bytes.get(j + 1) == Some(&q) {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(slice(src, seg, j + 1));
                    i = j + 2;
                    seg = i;
                    continue;
                }
                self.pos = j + 1;
                return Ok(match owned {
                    None => Cow::Borrowed(slice(src, start, j)),
                    Some(mut o) => {
                        o.push_str(slice(src, seg, j));
                        Cow::Owned(o)
                    }
                });
            }
            // A backslash escape.
            let o = owned.get_or_insert_with(String::new);
            o.push_str(slice(src, seg, j));
            let used = unescape(src.get(j + 1..).unwrap_or(""), esc, o);
            i = j + 1 + used;
            seg = i;
        }
    }
}

/// Position of `needle` in `hay` at or after `from`.
pub(crate) fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let rest = hay.get(from..)?;
    let mut k = 0;
    while let Some(r) = rest.get(k..)?.iter().position(|&c| c == first) {
        let at = k + r;
        if rest.get(at..at + needle.len()) == Some(needle) {
            return Some(from + at);
        }
        k = at + 1;
    }
    None
}

/// Decodes the escape after a backslash into `out`; returns how many bytes of `rest` it used.
fn unescape(rest: &str, esc: Escapes, out: &mut String) -> usize {
    let mut chars = rest.chars();
    let Some(c) = chars.next() else {
        out.push('\\');
        return 0;
    };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        '0' if esc == Escapes::MySql => Some('\0'),
        'Z' if esc == Escapes::MySql => Some('\u{1a}'),
        'f' if esc == Escapes::Pg => Some('\u{c}'),
        _ => None,
    };
    if let Some(s) = simple {
        out.push(s);
        return 1;
    }
    if esc == Escapes::MySql && (c == '%' || c == '_') {
        // MySQL keeps the backslash of \% and \_ (they are LIKE escapes).
        out.push('\\');
        out.push(c);
        return 1;
    }
    if esc == Escapes::Pg {
        let (radix, skip, max) = match c {
            '0'..='7' => (8, 0, 3),
            'x' => (16, 1, 2),
            'u' => (16, 1, 4),
            'U' => (16, 1, 8),
            _ => (0, 0, 0),
        };
        if radix != 0 {
            let digits: String = rest
                .chars()
                .skip(skip)
                .take(max)
                .take_while(|d| d.is_digit(radix))
                .collect();
            if let Some(ch) = u32::from_str_radix(&digits, radix)
                .ok()
                .and_then(char::from_u32)
            {
                out.push(ch);
                return skip + digits.len();
            }
        }
    }
    out.push(c);
    c.len_utf8()
}
