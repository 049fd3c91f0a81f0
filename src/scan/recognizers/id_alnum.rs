//! National identifiers that mix letters and digits: German ID card (Personalausweis) number,
//! Italian codice fiscale, Spanish DNI and NIE, UK National Insurance number (and the Corsican
//! form of the French NIR, dispatched to `id_numeric`). All but the NINO carry a check
//! character, verified here.

use super::checksum::icao_check;
use super::id_numeric::is_fr_nir;
use super::profile::Profile;
use super::{IdScheme, ValueKind};

/// Characters of a German ID card serial (no vowels, no B D Q S).
const DE_ID_CHARS: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";

/// German Personalausweis document number (since 2010): 9 characters from [`DE_ID_CHARS`],
/// starting with a letter, plus an ICAO 9303 7-3-1 check digit. At least three digits are
/// required among the first nine, so that consonant-only words don't qualify.
pub(crate) fn is_de_id_card(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10
        || !b[0].is_ascii_uppercase()
        || !b[..9].iter().all(|c| DE_ID_CHARS.contains(c))
    {
        return false;
    }
    let digits = b[1..9].iter().filter(|c| c.is_ascii_digit()).count();
    digits >= 3 && b[9].is_ascii_digit() && icao_check(&b[..9]) == Some(b[9] - b'0')
}

/// Omocodia letters replace digits 0-9 in a codice fiscale when two people collide.
const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";
/// Month letters of a codice fiscale, January to December.
const CF_MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Odd-position values (1-based) for 0-9 and A-Z.
const CF_ODD_DIGITS: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const CF_ODD_LETTERS: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Digit value of a codice fiscale character in a digit position (digit or omocodia letter).
fn cf_digit(c: u8) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(u32::from(c - b'0'));
    }
    OMOCODIA
        .iter()
        .position(|&o| o == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// Italian codice fiscale: 6 letters, year, month letter, day (01-31, +40 for women), a
/// cadastral code letter + 3 digits, and a check letter; digit places may hold omocodia letters.
pub(crate) fn is_it_cf(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 16 {
        return false;
    }
    let mut c = [0u8; 16];
    for (o, &x) in c.iter_mut().zip(b) {
        *o = x.to_ascii_uppercase();
    }
    const DIGIT_PLACES: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
    let letters_ok = [0, 1, 2, 3, 4, 5, 8, 11, 15]
        .iter()
        .all(|&i| c[i].is_ascii_uppercase());
    if !letters_ok
        || !CF_MONTHS.contains(&c[8])
        || !DIGIT_PLACES.iter().all(|&i| cf_digit(c[i]).is_some())
    {
        return false;
    }
    let day = cf_digit(c[9]).unwrap_or(99) * 10 + cf_digit(c[10]).unwrap_or(99);
    if !matches!(day, 1..=31 | 41..=71) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &x) in c[..15].iter().enumerate() {
        let (digit, letter) = if x.is_ascii_digit() {
            (usize::from(x - b'0'), None)
        } else {
            (0, Some(usize::from(x - b'A')))
        };
        sum += if i % 2 == 0 {
            letter.map_or(CF_ODD_DIGITS[digit], |l| CF_ODD_LETTERS[l])
        } else {
            letter.map_or(digit as u32, |l| l as u32)
        };
    }
    u32::from(c[15] - b'A') == sum % 26
}

/// Check letters of the Spanish DNI/NIE, indexed by number mod 23.
const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter, prefix counting 0/1/2);
/// an optional `-` or space before the letter.
pub(crate) fn es_id(s: &str) -> Option<IdScheme> {
    let (&letter, rest) = s.as_bytes().split_last()?;
    let body = rest
        .strip_suffix(b"-")
        .or_else(|| rest.strip_suffix(b" "))
        .unwrap_or(rest);
    let (scheme, prefix, digits) = match body.split_first()? {
        (b'X', d) => (IdScheme::EsNie, 0, d),
        (b'Y', d) => (IdScheme::EsNie, 1, d),
        (b'Z', d) => (IdScheme::EsNie, 2, d),
        _ => (IdScheme::EsDni, 0, body),
    };
    let want = if scheme == IdScheme::EsNie { 7 } else { 8 };
    if digits.len() != want || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(prefix, |a: u32, &c| a * 10 + u32::from(c - b'0'));
    let expected = DNI_LETTERS[(n % 23) as usize];
    (letter.to_ascii_uppercase() == expected).then_some(scheme)
}

/// UK National Insurance number: two prefix letters (first not D F I Q U V, second not
/// D F I O Q U V, not BG GB NK KN TN NT ZZ), six digits, suffix A-D; single spaces allowed.
pub(crate) fn is_uk_nino(s: &str) -> bool {
    let mut c = [0u8; 9];
    let mut n = 0;
    let mut prev_space = true;
    for &x in s.as_bytes() {
        if x == b' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
            continue;
        }
        if n == c.len() {
            return false;
        }
        c[n] = x;
        n += 1;
        prev_space = false;
    }
    if n != 9 || prev_space {
        return false;
    }
    let (a, b) = (c[0], c[1]);
    a.is_ascii_uppercase()
        && b.is_ascii_uppercase()
        && !b"DFIQUV".contains(&a)
        && !b"DFIOQUV".contains(&b)
        && ![*b"BG", *b"GB", *b"NK", *b"KN", *b"TN", *b"NT", *b"ZZ"].contains(&[a, b])
        && c[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&c[8])
}

/// Push every alphanumeric national id kind `v` validates as.
pub(crate) fn recognize_alnum_ids(v: &str, p: &Profile, out: &mut Vec<ValueKind>) {
    let letters = p.upper + p.lower;
    if p.dot > 0 || p.dash > 1 {
        return;
    }
    let es = || ((9..=10).contains(&p.len) && (1..=2).contains(&letters)).then(|| es_id(v));
    let de = || (p.len == 10 && p.space == 0 && is_de_id_card(v)).then_some(IdScheme::DeIdCard);
    let it = || {
        (p.len == 16 && p.space == 0 && letters >= 9 && is_it_cf(v))
            .then_some(IdScheme::ItCodiceFiscale)
    };
    let uk =
        || ((9..=13).contains(&p.len) && letters == 3 && is_uk_nino(v)).then_some(IdScheme::UkNino);
    let fr = || (letters == 1 && p.digits == 14 && is_fr_nir(v)).then_some(IdScheme::FrNir);
    let scheme = es()
        .flatten()
        .or_else(de)
        .or_else(it)
        .or_else(uk)
        .or_else(fr);
    if let Some(scheme) = scheme {
        out.push(ValueKind::NationalId(scheme));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_id_card() {
        assert!(is_de_id_card("T220001293"));
        assert!(is_de_id_card("L01X00T471"));
        assert!(!is_de_id_card("T220001294")); // check digit
        assert!(!is_de_id_card("T220001203")); // body changed
        assert!(!is_de_id_card("A220001293")); // A is not in the alphabet
        assert!(!is_de_id_card("2200012934")); // must start with a letter
        assert!(!is_de_id_card("TZZZZZZZZ3")); // too few digits
        assert!(!is_de_id_card("t220001293"));
    }

    /// Compute the check letter for a 15-character codice fiscale prefix.
    fn with_cf_check(body: &str) -> String {
        for last in b'A'..=b'Z' {
            let candidate = format!("{body}{}", last as char);
            if is_it_cf(&candidate) {
                return candidate;
            }
        }
        String::new()
    }

    #[test]
    fn it_cf() {
        assert!(is_it_cf("RSSMRA85T10A562S"));
        assert!(is_it_cf("rssmra85t10a562s"));
        assert_eq!(with_cf_check("RSSMRA85T10A562"), "RSSMRA85T10A562S");
        assert_eq!(with_cf_check("RSSMRA85T10A56N"), "RSSMRA85T10A56NH"); // omocodia
        assert!(is_it_cf(&with_cf_check("RSSMRAURTMLARSN"))); // fully omocodic
        assert!(is_it_cf(&with_cf_check("BNCLRA90A50F205"))); // woman, day 10+40
        assert!(!is_it_cf("RSSMRA85T10A562T")); // check letter
        assert!(!is_it_cf("RSSMRA85T10A563S")); // digit changed
        assert!(with_cf_check("RSSMRA85F10A562").is_empty()); // F is not a month letter
        assert!(with_cf_check("RSSMRA85T32A562").is_empty()); // day 32
        assert!(with_cf_check("RSSMR185T10A562").is_empty()); // digit in a letter place
        assert!(!is_it_cf("RSSMRA85T10A562"));
    }

    #[test]
    fn es_ids() {
        assert_eq!(es_id("12345678Z"), Some(IdScheme::EsDni));
        assert_eq!(es_id("12345678-Z"), Some(IdScheme::EsDni));
        assert_eq!(es_id("12345678z"), Some(IdScheme::EsDni));
        assert_eq!(es_id("X1234567L"), Some(IdScheme::EsNie));
        assert_eq!(es_id("Y1234567X"), Some(IdScheme::EsNie));
        assert_eq!(es_id("12345678A"), None);
        assert_eq!(es_id("12345679Z"), None);
        assert_eq!(es_id("X1234567A"), None);
        assert_eq!(es_id("1234567Z"), None);
        assert_eq!(es_id("W1234567L"), None);
        assert_eq!(es_id(""), None);
    }

    #[test]
    fn uk_nino() {
        for v in ["AB123456C", "AB 12 34 56 C", "JG103759A"] {
            assert!(is_uk_nino(v), "{v}");
        }
        for v in [
            "QQ123456C",
            "DA123456C",
            "AO123456C",
            "GB123456A",
            "ZZ123456A",
            "AB123456E",
            "AB12345C",
            "AB1234567C",
            "ab123456c",
            "AB  123456C",
            "AB123456C ",
        ] {
            assert!(!is_uk_nino(v), "{v}");
        }
    }

    #[test]
    fn dispatch() {
        let ids = |v: &str| {
            let mut out = Vec::new();
            recognize_alnum_ids(v, &Profile::of(v), &mut out);
            out
        };
        let id = |s| vec![ValueKind::NationalId(s)];
        assert_eq!(ids("12345678Z"), id(IdScheme::EsDni));
        assert_eq!(ids("X1234567L"), id(IdScheme::EsNie));
        assert_eq!(ids("T220001293"), id(IdScheme::DeIdCard));
        assert_eq!(ids("RSSMRA85T10A562S"), id(IdScheme::ItCodiceFiscale));
        assert_eq!(ids("AB 12 34 56 C"), id(IdScheme::UkNino));
        assert_eq!(ids("1 80 12 2A 004 123 25"), id(IdScheme::FrNir));
        assert!(ids("HELLO WORLD").is_empty());
    }
}
