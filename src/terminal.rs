//! Terminal safety: text that came from input (column and file names, answers, titles,
//! signer names, error messages echoing them) is shown with its control characters made
//! visible, so a crafted name cannot move the cursor, erase lines, open a hyperlink or reorder
//! the text around it.
//!
//! Escaped as `\u{1b}` (Rust's escape form, readable and unambiguous about the code point):
//! C0 controls (U+0000 to U+001F, including tab, CR and newline), DEL (U+007F), C1 controls
//! (U+0080 to U+009F, which some terminals take as CSI/OSC introducers), the bidirectional
//! embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), the directional
//! marks U+200E, U+200F and U+061C, and the line and paragraph separators U+2028, U+2029.
//! JSON output needs none of this: serde escapes control characters itself.

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// One line of input-derived text, every unsafe character (newlines too) escaped as
/// `\u{…}`. Borrows when nothing needs escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_keeping(text, false)
}

/// Like [`escape`], but newlines stay newlines: for a block of several lines that is printed
/// as a whole (an error cause that carries a snippet, an assembled report).
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_keeping(text, true)
}

fn escape_keeping(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cursor_movement_and_erase() {
        assert_eq!(
            escape("zz\u{1b}[9A\u{1b}[Jnotiz"),
            "zz\\u{1b}[9A\\u{1b}[Jnotiz"
        );
    }

    #[test]
    fn escapes_osc_hyperlinks_bel_and_c1() {
        let osc = "Cloudflare\u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7}";
        let shown = escape(osc);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert!(shown.contains("\\u{1b}]8;;https://evil.example/\\u{7}"));
        assert_eq!(escape("a\u{9b}2J"), "a\\u{9b}2J");
        assert_eq!(escape("del\u{7f}"), "del\\u{7f}");
    }

    #[test]
    fn escapes_bidi_controls_and_marks() {
        assert_eq!(escape("abc\u{202e}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(escape("a\u{200e}b\u{200f}"), "a\\u{200e}b\\u{200f}");
    }

    #[test]
    fn newlines_are_escaped_in_a_line_and_kept_in_a_block() {
        assert_eq!(escape("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(escape_lines("a\nb\u{1b}c\r"), "a\nb\\u{1b}c\\u{d}");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in [
            "kunde_email",
            "Größe / Übergabe",
            "名前",
            "C:\\Users\\x",
            "",
        ] {
            assert!(matches!(escape(s), Cow::Borrowed(b) if b == s));
        }
    }
}
