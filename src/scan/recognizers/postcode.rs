//! Postcode shapes (DE/FR/IT/ES 5 digits, NL `1234 AB`, UK `SW1A 1AA`, PL `12-345`). A postcode
//! is part of a postal address; on its own it is weak evidence (any 5-digit number matches), so
//! the caller only counts it together with column context. 4-digit codes (AT/CH/BE/DK) are
//! deliberately not recognised: they are indistinguishable from years and counts.

use regex::Regex;
use std::sync::LazyLock;

/// UK postcode (Royal Mail format rules for outward and inward codes), space optional.
static UK_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?",
        r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])",
        r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
    ))
    .expect("valid regex")
});

/// Dutch postcode: 4 digits not starting with 0, optional space, two letters except SA SD SS.
fn is_nl(b: &[u8]) -> bool {
    let (digits, letters) = match b.len() {
        6 => (&b[..4], &b[4..]),
        7 if b[4] == b' ' => (&b[..4], &b[5..]),
        _ => return false,
    };
    digits[0] != b'0'
        && digits.iter().all(u8::is_ascii_digit)
        && letters.iter().all(u8::is_ascii_uppercase)
        && !matches!(letters, b"SA" | b"SD" | b"SS")
}

/// A whole value shaped like a postcode of one of the supported countries.
pub(crate) fn is_postcode(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        5 if b.iter().all(u8::is_ascii_digit) => b != b"00000",
        6 if b[2] == b'-' => {
            b[..2].iter().all(u8::is_ascii_digit) && b[3..].iter().all(u8::is_ascii_digit)
        }
        5..=8 => is_nl(b) || UK_POSTCODE.is_match(s),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        for v in [
            "10115", "75008", "00184", "28013", "1012 AB", "1012AB", "SW1A 1AA", "SW1A1AA",
            "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "GIR 0AA", "00-950",
        ] {
            assert!(is_postcode(v), "{v}");
        }
    }

    #[test]
    fn not_postcodes() {
        for v in [
            "1234", "123456", "00000", "0123 AB", "1012 SS", "1012 ab", "QW1A 1AA", "SW1A 1AI",
            "12-34", "12-3456", "1-2345", "AB12 CDE", "open", "12.50",
        ] {
            assert!(!is_postcode(v), "{v}");
        }
    }
}
