//! Vehicle registration plates. A plate identifies the keeper through the registry, so fleet,
//! parking and access-control tools hold personal data without any name column. Only the
//! separator-bearing shapes are accepted (German, French SIV, UK current, Dutch sidecodes,
//! Italian, Spanish), upper case only, so ordinary words and codes don't match.

use regex::Regex;
use std::sync::LazyLock;

/// Letters used on Dutch plates since 1951 sidecodes (no vowels, no C, M, Q, W, Y).
const NL: &str = "[BDFGHJKLNPRSTVXZ]";

static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    let dutch = [
        "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
        "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
    ]
    .iter()
    .map(|code| {
        code.chars()
            .map(|c| match c {
                'L' => NL.to_string(),
                'D' => "[0-9]".to_string(),
                other => other.to_string(),
            })
            .collect::<String>()
    })
    .collect::<Vec<_>>()
    .join("|");
    let pattern = format!(
        "^(?:{de}|{fr}|{uk}|{it}|{es}|{dutch})$",
        // German: district 1-3 letters, 1-2 letters, 1-4 digits, E (electric) / H (historic)
        de = "[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[- ]?[1-9][0-9]{0,3}[EH]?",
        // French SIV: AB-123-CD (no I, O, U; 000 unused), dashes or spaces
        fr = "[A-HJ-NP-TV-Z]{2}-(?:00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})-[A-HJ-NP-TV-Z]{2}",
        // UK since 2001: AB12 CDE, age identifier 02-29 / 51-79
        uk = "[A-HJ-PR-Y]{2}(?:0[2-9]|[12][0-9]|5[1-9]|[67][0-9]) [A-HJ-PR-Z]{3}",
        // Italian (and French with spaces): AB 123 CD
        it = "[A-HJ-NP-TV-Z]{2} [0-9]{3} [A-HJ-NP-TV-Z]{2}",
        // Spanish since 2000: 1234 BCD (consonants only)
        es = "[0-9]{4}[ -][BCDFGHJKLMNPRSTVWXYZ]{3}",
    );
    Regex::new(&pattern).expect("valid regex")
});

/// A whole value shaped like one of the supported registration plates.
pub(crate) fn is_vehicle_plate(s: &str) -> bool {
    let alnum = s.chars().filter(|c| c.is_alphanumeric()).count();
    (5..=8).contains(&alnum) && PLATE.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates() {
        for v in [
            "B-AB 1234",
            "M AB 123E",
            "HH-X 99",
            "MÜ-AB 123",
            "TÖL-X 1H",
            "AB-123-CD",
            "AB 123 CD",
            "AB12 CDE",
            "12-BDF-3",
            "BD-123-F",
            "GB-12-34",
            "1234 BCD",
            "1234-BCD",
        ] {
            assert!(is_vehicle_plate(v), "{v}");
        }
    }

    #[test]
    fn not_plates() {
        for v in [
            "AB1234",
            "hello world",
            "B-AB 01234",
            "B-AB 12345",
            "ABCD-AB 12",
            "AB-000-CD",
            "AI-123-CD",
            "AB12CDE",
            "AB99 CDE",
            "12-34-56",
            "12-AEI-3",
            "1234 AEI",
            "2026-10-08",
            "b-ab 1234",
            "v1.2.3",
        ] {
            assert!(!is_vehicle_plate(v), "{v}");
        }
    }
}
