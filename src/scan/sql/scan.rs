//! The lexical state machine that finds where statements end.
//!
//! Why it exists: a `;` ends a statement only outside strings (`'…'`, MySQL `\'` escapes,
//! PostgreSQL `E'…'`), quoted identifiers (`"…"`, `` `…` ``, `[…]`), comments (`--`, `/* */`,
//! MySQL `#`), PostgreSQL dollar quotes and the `BEGIN … END` bodies of triggers and
//! routines; and the MySQL client's `DELIMITER` command can change it altogether. This
//! scanner walks one decoded piece of input at a time, carrying that state across pieces,
//! and reports where the current statement's delimiter is. It works on bytes: every byte
//! it looks for is ASCII, and UTF-8 continuation bytes never match one. It also notices
//! the signs of a MySQL dump, which turn on backslash escapes.

use super::lexer::{find_byte, is_word_byte};

/// Longest keyword or dollar-quote tag looked at across a piece boundary.
const MAX_WORD: usize = 64;
/// How far back a delimiter may be re-read to see a trailing comment after it.
const MAX_TRAILING: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// Inside a literal closed by `q`; `bs` = backslash escapes; `twice` = `qq` escapes `q`.
    Quote {
        q: u8,
        bs: bool,
        twice: bool,
    },
    Block,
    Dollar,
    Line,
}

/// Result of scanning a piece.
pub(crate) enum Step {
    /// The statement's delimiter is at `at`; scanning resumes at `next`.
    End { at: usize, next: usize },
    /// The piece is used up; the statement (if any) continues in the next one.
    Exhausted,
    /// Deciding needs bytes beyond the piece: keep `piece[at..]` and append more input.
    NeedMore(usize),
}

pub(crate) struct Scanner {
    state: State,
    /// Line where the open string, identifier or comment began.
    pub(crate) state_line: u64,
    tag: String,
    delim: String,
    pub(crate) mysql: bool,
    /// A statement has started (a significant byte was seen).
    pub(crate) in_stmt: bool,
    /// Where the statement's not yet copied text starts in the current piece.
    pub(crate) seg: usize,
    pub(crate) stmt_line: u64,
    head: u8,
    head_done: bool,
    /// The statement is a CREATE TRIGGER/FUNCTION/PROCEDURE: track `BEGIN … END`.
    compound: bool,
    depth: i32,
    prev_end: bool,
    /// Last byte of the previous piece (to see a `.` before a keyword across pieces).
    last: u8,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Scanner {
    pub(crate) fn new() -> Self {
        Scanner {
            state: State::Normal,
            state_line: 0,
            tag: String::new(),
            delim: ";".into(),
            mysql: false,
            in_stmt: false,
            seg: 0,
            stmt_line: 0,
            head: 0,
            head_done: true,
            compound: false,
            depth: 0,
            prev_end: false,
            last: b'\n',
        }
    }

    /// At the end of input: what is left open (message), if anything.
    pub(crate) fn unterminated(&self) -> Option<&'static str> {
        match self.state {
            State::Quote { q: b'\'', .. } => Some("unterminated string literal"),
            State::Quote { .. } => Some("unterminated quoted identifier"),
            State::Block => Some("unterminated /* comment"),
            State::Dollar => Some("unterminated dollar-quoted string"),
            State::Normal | State::Line => None,
        }
    }

    /// Inside an unfinished `BEGIN … END` body.
    pub(crate) fn open_body(&self) -> bool {
        self.compound && self.depth > 0
    }

    /// Forgets any open literal or statement.
    pub(crate) fn reset(&mut self) {
        self.state = State::Normal;
        self.in_stmt = false;
    }

    /// Starts a statement at `i` if none is open.
    fn mark(&mut self, i: usize, line: u64) {
        if !self.in_stmt {
            self.in_stmt = true;
            self.seg = i;
            self.stmt_line = line;
            self.head = 0;
            self.head_done = false;
            self.compound = false;
            self.depth = 0;
            self.prev_end = false;
        }
    }

    /// Tracks the statement's leading keywords and, in triggers and routines, the nesting
    /// of `BEGIN`/`CASE` … `END` (but not `END IF`/`END LOOP`/...).
    fn on_word(&mut self, word: &str, after_dot: bool) {
        if !self.head_done {
            if self.head == 0 {
                self.head_done = !eq(word, "CREATE");
            } else if eq(word, "TRIGGER") || eq(word, "FUNCTION") || eq(word, "PROCEDURE") {
                self.compound = true;
                self.head_done = true;
            }
            self.head = self.head.saturating_add(1);
            self.head_done |= self.head >= 10;
        }
        if self.compound && !after_dot {
            let prev_end = std::mem::replace(&mut self.prev_end, false);
            if eq(word, "BEGIN") || (eq(word, "CASE") && !prev_end) {
                self.depth = self.depth.saturating_add(1);
            } else if eq(word, "END") {
                self.depth = self.depth.saturating_sub(1);
                self.prev_end = true;
            } else if prev_end
                && ["IF", "LOOP", "WHILE", "REPEAT"]
                    .iter()
                    .any(|k| eq(word, k))
            {
                self.depth = self.depth.saturating_add(1);
            }
        }
    }

    /// Scans the piece `s` from `start`. `partial`: more of this line follows the piece.
    pub(crate) fn scan(&mut self, s: &str, start: usize, partial: bool, line: u64) -> Step {
        let b = s.as_bytes();
        let len = b.len();
        let mut i = start;
        while let Some(&c) = b.get(i) {
            let next = match self.state {
                State::Normal => self.normal(s, i, c, partial, line),
                State::Quote { q, bs, twice } => {
                    let hit = if bs {
                        let rest = b.get(i..).unwrap_or(&[]);
                        rest.iter()
                            .position(|&x| x == q || x == b'\\')
                            .map(|r| i + r)
                    } else {
                        find_byte(s, i, q)
                    };
                    match hit {
                        None => Ok(len),
                        // A backslash escape: skip the escaped byte.
                        Some(j) if b.get(j) != Some(&q) => {
                            if j + 1 >= len && partial {
                                Err(Step::NeedMore(j))
                            } else {
                                Ok(j + 2)
                            }
                        }
                        Some(j) => match b.get(j + 1) {
                            Some(&n) if twice && n == q => Ok(j + 2),
                            None if twice && partial => Err(Step::NeedMore(j)),
                            _ => {
                                self.state = State::Normal;
                                Ok(j + 1)
                            }
                        },
                    }
                }
                State::Block => match find_byte(s, i, b'*') {
                    None => Ok(len),
                    Some(j) => match b.get(j + 1) {
                        Some(b'/') => {
                            self.state = State::Normal;
                            Ok(j + 2)
                        }
                        None if partial => Err(Step::NeedMore(j)),
                        _ => Ok(j + 1),
                    },
                },
                State::Dollar => match find_byte(s, i, b'$') {
                    None => Ok(len),
                    Some(j) => {
                        let t = self.tag.as_bytes();
                        if b.get(j..j + t.len()) == Some(t) {
                            self.state = State::Normal;
                            Ok(j + t.len())
                        } else if len - j < t.len() && partial {
                            Err(Step::NeedMore(j))
                        } else {
                            Ok(j + 1)
                        }
                    }
                },
                State::Line => {
                    // The `-- MySQL dump 10.13 …` / `-- MariaDB dump …` header line.
                    let header = line <= 3 && !self.in_stmt && !self.mysql;
                    if header && partial && len - i < MAX_WORD {
                        Err(Step::NeedMore(i))
                    } else {
                        if header {
                            let text = s.get(i..).unwrap_or("").trim_start();
                            self.mysql =
                                text.starts_with("MySQL dump") || text.starts_with("MariaDB dump");
                        }
                        if b.last() == Some(&b'\n') {
                            self.state = State::Normal;
                        }
                        Ok(len)
                    }
                }
            };
            match next {
                Ok(n) => i = n,
                Err(step) => {
                    if let Step::NeedMore(at) = step {
                        self.last = at
                            .checked_sub(1)
                            .and_then(|k| b.get(k).copied())
                            .unwrap_or(self.last);
                    }
                    return step;
                }
            }
        }
        self.last = b.last().copied().unwrap_or(self.last);
        Step::Exhausted
    }

    /// One step in normal (top-level) state at byte `c` = `s[i]`: the next position, or a
    /// [`Step`] to stop with.
    fn normal(
        &mut self,
        s: &str,
        i: usize,
        c: u8,
        partial: bool,
        line: u64,
    ) -> Result<usize, Step> {
        let b = s.as_bytes();
        let len = b.len();
        let d = self.delim.as_bytes();
        if d.first() == Some(&c) {
            if b.get(i..i + d.len()) == Some(d) {
                let next = i + d.len();
                if !self.in_stmt || self.open_body() {
                    return Ok(next);
                }
                // A `-- comment` after the delimiter may be cut off: get the rest of the line.
                if partial
                    && len - i < MAX_TRAILING
                    && trailing_may_follow(b.get(next..).unwrap_or(&[]))
                {
                    return Err(Step::NeedMore(i));
                }
                return Err(Step::End { at: i, next });
            }
            if len - i < d.len() && partial {
                return Err(Step::NeedMore(i));
            }
        }
        let at = |k: usize| b.get(k).copied();
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Ok(i + 1),
            b'-' | b'/' if at(i + 1).is_none() && partial => Err(Step::NeedMore(i)),
            b'-' if at(i + 1) == Some(b'-') => {
                self.state = State::Line;
                Ok(i + 2)
            }
            b'/' if at(i + 1) == Some(b'*') => {
                match at(i + 2) {
                    Some(b'!') => self.mysql = true,
                    None if partial => return Err(Step::NeedMore(i)),
                    _ => {}
                }
                self.state = State::Block;
                self.state_line = line;
                Ok(i + 2)
            }
            // `#` comments (MySQL; elsewhere only before a statement), and psql
            // meta-commands such as `\connect` or `\restrict`: skip the line.
            b'#' if self.mysql || !self.in_stmt => {
                self.state = State::Line;
                Ok(i + 1)
            }
            b'\\' if !self.in_stmt => {
                self.state = State::Line;
                Ok(i + 1)
            }
            b'\'' | b'"' | b'`' | b'[' => {
                self.mark(i, line);
                self.head_done = true;
                self.state_line = line;
                self.mysql |= c == b'`';
                self.state = match c {
                    b'[' => State::Quote {
                        q: b']',
                        bs: false,
                        twice: false,
                    },
                    b'`' => State::Quote {
                        q: c,
                        bs: false,
                        twice: true,
                    },
                    _ => State::Quote {
                        q: c,
                        bs: self.mysql,
                        twice: true,
                    },
                };
                Ok(i + 1)
            }
            b'$' if !self.mysql => {
                let mut j = i + 1;
                let tag_end = match at(j) {
                    Some(b'$') => Some(j),
                    Some(x) if x.is_ascii_alphabetic() || x == b'_' => {
                        while at(j).is_some_and(|y| y.is_ascii_alphanumeric() || y == b'_') {
                            j += 1;
                        }
                        (at(j) == Some(b'$')).then_some(j)
                    }
                    _ => None,
                };
                if tag_end.is_none() && j >= len && partial && j - i <= MAX_WORD {
                    return Err(Step::NeedMore(i));
                }
                self.mark(i, line);
                let Some(e) = tag_end else { return Ok(i + 1) };
                self.tag = s.get(i..=e).unwrap_or("$$").to_string();
                self.state = State::Dollar;
                self.state_line = line;
                Ok(e + 1)
            }
            b'(' => {
                self.mark(i, line);
                self.head_done = true;
                Ok(i + 1)
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let mut j = i + 1;
                while at(j).is_some_and(is_word_byte) {
                    j += 1;
                }
                if j >= len && partial && j - i <= MAX_WORD {
                    return Err(Step::NeedMore(i));
                }
                let word = s.get(i..j).unwrap_or("");
                if !self.in_stmt && eq(word, "DELIMITER") && matches!(at(j), Some(b' ' | b'\t')) {
                    // MySQL client command; it takes the rest of the line.
                    if partial && len - i < MAX_TRAILING {
                        return Err(Step::NeedMore(i));
                    }
                    let d = s
                        .get(j..)
                        .unwrap_or("")
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    if !d.is_empty() && d.len() <= 16 && !d.contains(['\'', '"', '`']) {
                        self.delim = d.to_string();
                    }
                    self.state = State::Line;
                    return Ok(j);
                }
                self.mark(i, line);
                if (word == "E" || word == "e") && at(j) == Some(b'\'') {
                    self.state = State::Quote {
                        q: b'\'',
                        bs: true,
                        twice: true,
                    };
                    self.state_line = line;
                    return Ok(j + 1);
                }
                let after_dot = i.checked_sub(1).map_or(self.last, |k| at(k).unwrap_or(0)) == b'.';
                self.on_word(word, after_dot);
                Ok(j)
            }
            _ => {
                self.mark(i, line);
                Ok(i + 1)
            }
        }
    }
}

/// Could the rest of a cut-off line still turn out to hold a trailing `-- comment`?
fn trailing_may_follow(rest: &[u8]) -> bool {
    let start = rest
        .iter()
        .position(|&c| c != b' ' && c != b'\t')
        .unwrap_or(rest.len());
    matches!(rest.get(start..), Some(b"" | b"-")) || rest.get(start..start + 2) == Some(b"--")
}

/// `-- text` right after a statement's delimiter on the same line.
pub(crate) fn trailing_comment(rest: &str) -> Option<String> {
    let text = rest
        .trim_start_matches([' ', '\t'])
        .strip_prefix("--")?
        .trim();
    (!text.is_empty()).then(|| text.to_string())
}
