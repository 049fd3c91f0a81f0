//! Text input state: a one-line input and a multi-line text area, edited by keys and by
//! pastes (a paste is text, never keys: a one-line input joins pasted lines, and says so).
//! Pure: no drawing, no I/O; the cursor is a char index.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A one-line text input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
    /// Show bullets instead of the text (passphrases).
    pub secret: bool,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
            secret: false,
        }
    }

    pub fn secret() -> LineInput {
        LineInput {
            secret: true,
            ..LineInput::default()
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing key; returns whether it was one.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }

    /// The text as shown (bullets for a secret).
    pub fn shown(&self) -> String {
        if self.secret {
            "•".repeat(self.text.chars().count())
        } else {
            self.text.clone()
        }
    }

    /// Replaces the text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = text.chars().count();
    }

    /// Inserts pasted text at the cursor. A one-line input takes one line: pasted lines are
    /// joined with `joiner` (empty ones dropped); returns whether that happened, so the UI
    /// can say so.
    pub fn paste(&mut self, text: &str, joiner: &str) -> bool {
        let cleaned = clean(text);
        let lines: Vec<&str> = cleaned
            .split('\n')
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>();
        let joined = lines.len() > 1;
        let line = if joined {
            lines
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(joiner)
        } else {
            lines.first().map_or(String::new(), |l| l.to_string())
        };
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &line);
        self.cursor += line.chars().count();
        joined
    }
}

/// Pasted text with Windows and old Mac line ends made `\n`, tabs made spaces and other
/// control characters dropped.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A multi-line text area: Enter breaks the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextArea {
    pub lines: Vec<String>,
    pub row: usize,
    pub col: usize,
}

impl TextArea {
    pub fn new(text: &str) -> TextArea {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_string).collect()
        };
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        TextArea { lines, row, col }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Inserts pasted text at the cursor, line breaks and all.
    pub fn paste(&mut self, text: &str) {
        let text = clean(text);
        let mut parts = text.split('\n');
        let first = parts.next().unwrap_or("");
        let at = Self::byte(&self.lines[self.row], self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines[self.row].push_str(first);
        self.col += first.chars().count();
        for part in parts {
            self.row += 1;
            self.lines.insert(self.row, part.to_string());
            self.col = part.chars().count();
        }
        self.lines[self.row].push_str(&rest);
    }

    fn byte(line: &str, col: usize) -> usize {
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    pub fn key(&mut self, key: KeyEvent) -> bool {
        let len = |s: &String| s.chars().count();
        match key.code {
            KeyCode::Enter => {
                let at = Self::byte(&self.lines[self.row], self.col);
                let rest = self.lines[self.row].split_off(at);
                self.lines.insert(self.row + 1, rest);
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                let at = Self::byte(&self.lines[self.row], self.col);
                self.lines[self.row].insert(at, c);
                self.col += 1;
            }
            KeyCode::Backspace => {
                if self.col > 0 {
                    let at = Self::byte(&self.lines[self.row], self.col - 1);
                    self.lines[self.row].remove(at);
                    self.col -= 1;
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = len(&self.lines[self.row]);
                    self.lines[self.row].push_str(&line);
                }
            }
            KeyCode::Left => {
                if self.col > 0 {
                    self.col -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = len(&self.lines[self.row]);
                }
            }
            KeyCode::Right => {
                if self.col < len(&self.lines[self.row]) {
                    self.col += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(len(&self.lines[self.row]));
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(len(&self.lines[self.row]));
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = len(&self.lines[self.row]),
            KeyCode::Up | KeyCode::Down => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn line_input_edits_in_the_middle_with_umlauts() {
        let mut i = LineInput::new("Mülr");
        i.key(k(KeyCode::Left));
        i.key(k(KeyCode::Char('l')));
        assert_eq!(i.text, "Müllr");
        i.key(k(KeyCode::End));
        i.key(k(KeyCode::Backspace));
        i.key(k(KeyCode::Char('e')));
        i.key(k(KeyCode::Char('r')));
        assert_eq!(i.text, "Müller");
        let mut s = LineInput::secret();
        s.key(k(KeyCode::Char('x')));
        assert_eq!(s.shown(), "•");
    }

    #[test]
    fn text_area_breaks_and_joins_lines() {
        let mut t = TextArea::new("ab");
        t.key(k(KeyCode::Left));
        t.key(k(KeyCode::Enter));
        assert_eq!(t.text(), "a\nb");
        t.key(k(KeyCode::Backspace));
        assert_eq!(t.text(), "ab");
        t.key(k(KeyCode::End));
        t.key(k(KeyCode::Enter));
        t.key(k(KeyCode::Char('ß')));
        assert_eq!(t.text(), "ab\nß");
    }

    #[test]
    fn a_paste_is_text_never_keys() {
        let mut i = LineInput::new("Dr. ");
        assert!(!i.paste("Anna", " "));
        assert_eq!(i.text, "Dr. Anna");
        // Several lines in a one-line field are joined, and the caller is told.
        let mut i = LineInput::default();
        assert!(i.paste("Dr. X\r\nsecond line: call me at x1234\n\n", " "));
        assert_eq!(i.text, "Dr. X second line: call me at x1234");
        assert_eq!(i.cursor, i.text.chars().count());
        let mut t = TextArea::new("ab");
        t.key(k(KeyCode::Left));
        t.paste("1\n2\tx\n3");
        assert_eq!(t.text(), "a1\n2 x\n3b");
        assert_eq!((t.row, t.col), (2, 1));
    }
}
