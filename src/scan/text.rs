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

/// Folds one character to lowercase ASCII where a sensible folding exists; letters with no
/// ASCII form are kept lowercase; everything else that is not alphanumeric becomes a space.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return;
    }
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
        _ if c.is_alphanumeric() => {
            out.extend(c.to_lowercase());
            return;
        }
        _ => " ",
    };
    out.push_str(folded);
}

/// Lowercases, folds accents to ASCII and turns every run of other characters into one space.
/// `"Größe / Übergabe"` becomes `"grosse ubergabe"`.
pub fn fold(s: &str) -> String {
    let mut raw = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut raw);
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
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
