//! Text decoding and normalisation shared by the readers and the detectors: UTF-8 with or
//! without BOM and a Latin-1 fallback, accent folding, and splitting identifiers into words.

use std::borrow::Cow;

/// Bytes of one value (a CSV field, a JSON string, a header name) kept for detection. A
/// recogniser needs a few hundred at most; a prose column is judged on its first 64 KiB. Keeps
/// memory bounded when a crafted file holds a single value of hundreds of megabytes.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// The first [`MAX_VALUE_BYTES`] of a value, cut at a character boundary.
pub fn truncate_value(value: &str) -> &str {
    if value.len() <= MAX_VALUE_BYTES {
        return value;
    }
    let mut end = MAX_VALUE_BYTES;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value.get(..end).unwrap_or("")
}

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Not valid UTF-8: every byte was read as a Latin-1 character.
    Latin1,
}

/// Decodes bytes as UTF-8 (dropping a BOM) or, failing that, as Latin-1.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    let bytes = strip_bom(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
        Err(_) => (
            Cow::Owned(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Latin1,
        ),
    }
}

/// Drops a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// What one non-ASCII character folds to.
enum Folded {
    /// An ASCII spelling (`ä` → `a`, `ß` → `ss`).
    Ascii(&'static str),
    /// A letter or digit with no ASCII form, kept (lowercased).
    Keep(char),
    /// Anything else: a word separator.
    Separator,
}

/// Folds one non-ASCII character.
fn fold_non_ascii(c: char) -> Folded {
    let folded = match c {
        'ä' | 'Ä' | 'à' | 'À' | 'á' | 'Á' | 'â' | 'Â' | 'ã' | 'Ã' | 'å' | 'Å' | 'ą' | 'Ą' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => "c",
        'è' | 'È' | 'é' | 'É' | 'ê' | 'Ê' | 'ë' | 'Ë' | 'ę' | 'Ę' | 'ě' | 'Ě' => "e",
        'ì' | 'Ì' | 'í' | 'Í' | 'î' | 'Î' | 'ï' | 'Ï' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' | 'Ň' => "n",
        'ò' | 'Ò' | 'ó' | 'Ó' | 'ô' | 'Ô' | 'õ' | 'Õ' | 'ö' | 'Ö' | 'ø' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ß' | 'ẞ' => "ss",
        'ś' | 'Ś' | 'š' | 'Š' => "s",
        'ù' | 'Ù' | 'ú' | 'Ú' | 'û' | 'Û' | 'ü' | 'Ü' | 'ů' | 'Ů' => "u",
        'ý' | 'Ý' | 'ÿ' => "y",
        'ż' | 'Ż' | 'ź' | 'Ź' | 'ž' | 'Ž' => "z",
        'ř' | 'Ř' => "r",
        'đ' | 'Đ' | 'ď' | 'Ď' => "d",
        'ť' | 'Ť' => "t",
        _ if c.is_alphanumeric() => return Folded::Keep(c),
        _ => return Folded::Separator,
    };
    Folded::Ascii(folded)
}

/// Lowercases, folds accents to ASCII and turns every run of other characters into one space.
/// `"Größe / Übergabe"` becomes `"grosse ubergabe"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` (as [`fold`] returns it) to `out` without allocating
/// beyond `out`'s growth: the scanner folds every text it examines into one reused buffer.
/// Nothing is added for a text without letters or digits; the caller separates two
/// appended texts.
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut gap = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits is copied at once, then lowercased.
            let run = bytes.get(i..).map_or(0, |r| {
                r.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
            });
            if gap && out.len() > start {
                out.push(' ');
            }
            gap = false;
            let from = out.len();
            out.push_str(s.get(i..i + run).unwrap_or(""));
            if let Some(word) = out.get_mut(from..) {
                word.make_ascii_lowercase();
            }
            i += run;
            continue;
        }
        if b.is_ascii() {
            i += 1;
            gap = true;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let folded = fold_non_ascii(c);
        if matches!(folded, Folded::Separator) {
            gap = true;
            continue;
        }
        if gap && out.len() > start {
            out.push(' ');
        }
        gap = false;
        match folded {
            Folded::Ascii(a) => out.push_str(a),
            Folded::Keep(k) => out.extend(k.to_lowercase()),
            Folded::Separator => {}
        }
    }
}

/// Words of a text split at whitespace, as [`fold_bytes_into`] counts them on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordCount {
    /// Whitespace-separated words.
    pub words: usize,
    /// Of those, the words holding two letters or more.
    pub wordy: usize,
}

/// [`fold_into`] for byte-level matchers: appends the same folded text, as bytes, to
/// `out`, and counts the text's words (split at whitespace, as `split_whitespace` does)
/// in the same pass. Runs of ASCII letters and digits are copied at once; the scanner runs
/// it on every text it screens.
pub fn fold_bytes_into(s: &str, out: &mut Vec<u8>) -> WordCount {
    let start = out.len();
    let bytes = s.as_bytes();
    let mut count = WordCount::default();
    // Folding rarely makes a text longer (`ß` → `ss` and `æ` → `ae` are two bytes for two).
    out.reserve(s.len() + 2);
    let (mut gap, mut in_word, mut letters) = (false, false, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        // ASCII: runs of letters and digits are copied and lowercased at once.
        while let Some(&b) = bytes.get(i) {
            if b >= 0x80 {
                break;
            }
            if b.is_ascii_alphanumeric() {
                let rest = bytes.get(i..).unwrap_or(&[]);
                let run = rest
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let chunk = rest.get(..run).unwrap_or(&[]);
                if gap && out.len() > start {
                    out.push(b' ');
                }
                gap = false;
                let from = out.len();
                out.extend_from_slice(chunk);
                if let Some(word) = out.get_mut(from..) {
                    word.make_ascii_lowercase();
                }
                count.words += usize::from(!in_word);
                in_word = true;
                if letters < 2 {
                    letters += chunk.iter().filter(|c| c.is_ascii_alphabetic()).count();
                }
                i += run;
                continue;
            }
            i += 1;
            gap = true;
            if matches!(b, 9..=13 | b' ') {
                count.wordy += usize::from(in_word && letters >= 2);
                in_word = false;
                letters = 0;
            } else {
                count.words += usize::from(!in_word);
                in_word = true;
            }
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let folded = fold_non_ascii(c);
        // An ASCII spelling is a letter's; a separator is no letter (it may be whitespace).
        let (space, letter) = match folded {
            Folded::Ascii(_) => (false, true),
            Folded::Keep(k) => (false, k.is_alphabetic()),
            Folded::Separator => (c.is_whitespace(), false),
        };
        if space {
            count.wordy += usize::from(in_word && letters >= 2);
            in_word = false;
            letters = 0;
        } else {
            count.words += usize::from(!in_word);
            in_word = true;
            letters += usize::from(letter);
        }
        if matches!(folded, Folded::Separator) {
            gap = true;
            continue;
        }
        if gap && out.len() > start {
            out.push(b' ');
        }
        gap = false;
        let mut buf = [0u8; 4];
        match folded {
            Folded::Ascii(a) => out.extend_from_slice(a.as_bytes()),
            Folded::Keep(k) => {
                for l in k.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            }
            Folded::Separator => {}
        }
    }
    count.wordy += usize::from(in_word && letters >= 2);
    count
}

/// Splits an identifier into folded words: snake_case, kebab-case, dotted paths, camelCase,
/// PascalCase, and digit runs. `"customerEMailAddress2"` gives `["customer", "e", "mail",
/// "address", "2"]`; `"geb.datum"` gives `["geb", "datum"]`.
pub fn identifier_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut current, &mut words);
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_alphabetic() && c.is_numeric())
                || (prev.is_numeric() && c.is_alphabetic())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                flush(&mut current, &mut words);
            }
        }
        current.push(c);
    }
    flush(&mut current, &mut words);
    words
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        let folded = fold(current);
        words.extend(
            folded
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from),
        );
        current.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(fold("Größe / Übergabe"), "grosse ubergabe");
        assert_eq!(fold("Prénom"), "prenom");
        assert_eq!(fold("Miejscowość"), "miejscowosc");
        assert_eq!(fold("  "), "");
    }

    #[test]
    fn fold_into_appends_and_collapses_separators() {
        let mut buf = String::from("x");
        fold_into("  Äpfel --  und   Birnen! ", &mut buf);
        assert_eq!(buf, "xapfel und birnen");
        let mut empty = String::new();
        fold_into(" -- ", &mut empty);
        assert_eq!(empty, "");
        for s in [
            "Größe / Übergabe",
            "ΑΒΓ δ",
            "a\u{0}b",
            "Ⅻ ǅ",
            " x ",
            "ß-ẞ",
            "Can't U-Bahn: 3x a1 Umständen,Ref 67545.",
            "\u{a0}ab cd\u{2003}ef é1 x-y  ",
            "É ü1 9 ",
        ] {
            let mut b = String::new();
            fold_into(s, &mut b);
            let reference: String = {
                let mut raw = String::new();
                for c in s.chars() {
                    if c.is_ascii_alphanumeric() {
                        raw.push(c.to_ascii_lowercase());
                    } else if c.is_ascii() {
                        raw.push(' ');
                    } else {
                        match fold_non_ascii(c) {
                            Folded::Ascii(a) => raw.push_str(a),
                            Folded::Keep(k) => raw.extend(k.to_lowercase()),
                            Folded::Separator => raw.push(' '),
                        }
                    }
                }
                raw.split_whitespace().collect::<Vec<_>>().join(" ")
            };
            assert_eq!(b, reference, "{s:?}");
            let mut bytes = b"x".to_vec();
            let count = fold_bytes_into(s, &mut bytes);
            assert_eq!(&bytes[1..], reference.as_bytes(), "{s:?}");
            let words = s.split_whitespace();
            let wordy = words
                .clone()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count();
            assert_eq!((count.words, count.wordy), (words.count(), wordy), "{s:?}");
        }
    }

    #[test]
    fn splits_identifiers() {
        assert_eq!(
            identifier_words("customerEMailAddress2"),
            ["customer", "e", "mail", "address", "2"]
        );
        assert_eq!(identifier_words("first_name"), ["first", "name"]);
        assert_eq!(identifier_words("HTTPRequestIP"), ["http", "request", "ip"]);
        assert_eq!(identifier_words("address.street"), ["address", "street"]);
        assert_eq!(identifier_words("Straße"), ["strasse"]);
        assert_eq!(identifier_words("user-ID"), ["user", "id"]);
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        assert_eq!(truncate_value("short"), "short");
        let long = "ä".repeat(MAX_VALUE_BYTES);
        let cut = truncate_value(&long);
        assert_eq!(cut.len(), MAX_VALUE_BYTES);
        let odd = format!("x{long}");
        assert_eq!(truncate_value(&odd).len(), MAX_VALUE_BYTES - 1);
    }

    #[test]
    fn decodes_bom_and_latin1() {
        let (s, e) = decode(b"\xEF\xBB\xBFa;b");
        assert_eq!((s.as_ref(), e), ("a;b", Encoding::Utf8));
        let (s, e) = decode(b"M\xFCller");
        assert_eq!((s.as_ref(), e), ("Müller", Encoding::Latin1));
    }
}
