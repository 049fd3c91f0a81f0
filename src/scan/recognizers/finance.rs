//! Bank identifiers: IBAN (ISO 13616: per-country length and MOD 97-10) and payment card
//! numbers (issuer prefix, length, Luhn). Both are checksummed, so the scanner may trust them
//! even when only a few cells of a column match. Shared by `recognize` (whole values) and
//! `find_in_text` (embedded in prose).

use super::checksum::{all_same, luhn_valid, mod97};

/// Maximum IBAN length allowed by ISO 13616 (the longest in the table below is 33).
const IBAN_MAX: usize = 34;

/// IBAN length for a country code: every SEPA country plus the other registry members commonly
/// seen in European data.
fn iban_length(a: u8, b: u8) -> Option<usize> {
    let len = match &[a, b] {
        b"NO" => 15,
        b"BE" => 16,
        b"DK" | b"FI" | b"FO" | b"GL" | b"NL" | b"SD" | b"FK" => 18,
        b"MK" | b"SI" => 19,
        b"AT" | b"BA" | b"EE" | b"KZ" | b"LT" | b"LU" | b"XK" | b"MN" => 20,
        b"CH" | b"HR" | b"LI" | b"LV" => 21,
        b"BG" | b"BH" | b"CR" | b"DE" | b"GB" | b"GE" | b"IE" | b"ME" | b"RS" | b"VA" => 22,
        b"AE" | b"GI" | b"IL" | b"IQ" | b"TL" | b"OM" | b"SO" => 23,
        b"AD" | b"CZ" | b"ES" | b"MD" | b"PK" | b"RO" | b"SA" | b"SE" | b"SK" | b"TN" | b"VG" => 24,
        b"PT" | b"ST" | b"LY" => 25,
        b"IS" | b"TR" => 26,
        b"FR" | b"GR" | b"IT" | b"MC" | b"MR" | b"SM" | b"BI" | b"DJ" => 27,
        b"AL" | b"AZ" | b"BY" | b"CY" | b"DO" | b"GT" | b"HU" | b"LB" | b"PL" | b"SV" | b"NI" => 28,
        b"BR" | b"EG" | b"PS" | b"QA" | b"UA" => 29,
        b"JO" | b"KW" | b"MU" | b"YE" => 30,
        b"MT" | b"SC" => 31,
        b"LC" => 32,
        b"RU" => 33,
        _ => return None,
    };
    Some(len)
}

/// If an upper-case IBAN starts at `b[i]`, the byte offset where it ends. Accepts the compact
/// electronic form and the print form with one space after every 4 characters; the next byte
/// must not continue a word. Used on text and (after upper-casing) on whole values.
pub(crate) fn iban_at(b: &[u8], i: usize) -> Option<usize> {
    let a = *b.get(i)?;
    let c = *b.get(i + 1)?;
    if !a.is_ascii_uppercase() || !c.is_ascii_uppercase() {
        return None;
    }
    let len = iban_length(a, c)?;
    let mut buf = [0u8; IBAN_MAX];
    let mut n = 0;
    let mut j = i;
    let mut spaced = false;
    while n < len {
        if n > 0 && n % 4 == 0 {
            let space = b.get(j) == Some(&b' ');
            if n == 4 {
                spaced = space;
            } else if space != spaced {
                return None;
            }
            if space {
                j += 1;
            }
        }
        let ch = *b.get(j)?;
        let ok = if n < 2 {
            true
        } else if n < 4 {
            ch.is_ascii_digit()
        } else {
            ch.is_ascii_uppercase() || ch.is_ascii_digit()
        };
        if !ok {
            return None;
        }
        buf[n] = ch;
        n += 1;
        j += 1;
    }
    if b.get(j).is_some_and(|&x| x.is_ascii_alphanumeric()) {
        return None;
    }
    let rearranged = buf[4..len].iter().chain(&buf[..4]).copied();
    (mod97(rearranged)? == 1).then_some(j)
}

/// A whole value that is an IBAN (either case; compact or grouped by 4 with single spaces).
pub(crate) fn is_iban(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 15 || b.len() > IBAN_MAX + IBAN_MAX / 4 {
        return false;
    }
    let mut up = [0u8; IBAN_MAX + IBAN_MAX / 4];
    for (o, &c) in up.iter_mut().zip(b) {
        *o = c.to_ascii_uppercase();
    }
    iban_at(&up[..b.len()], 0) == Some(b.len())
}

/// Issuer prefix and length rules (ISO/IEC 7812 ranges of the major networks). 13-digit numbers
/// are accepted only when written in groups: bare 13-digit strings are mostly EAN-13 barcodes.
fn issuer_accepts(d: &[u8], grouped: bool) -> bool {
    let len = d.len();
    let num = |k: usize| d.iter().take(k).fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (p2, p3, p4) = (num(2), num(3), num(4));
    let long = (16..=19).contains(&len);
    match d.first() {
        Some(4) => len == 16 || len == 19 || (len == 13 && grouped),
        Some(3) => {
            ((p2 == 34 || p2 == 37) && len == 15)
                || (((300..=305).contains(&p3) || p2 == 36) && (14..=19).contains(&len))
                || (p2 == 38 && long)
                || ((3528..=3589).contains(&p4) && long)
        }
        Some(2) => (2221..=2720).contains(&p4) && len == 16,
        // Mastercard 51-55; Maestro 50 and 56-69 (taken only at 16-19 digits); Discover
        // 6011/644-649/65; UnionPay 62.
        Some(5) => ((51..=55).contains(&p2) && len == 16) || ((p2 == 50 || p2 >= 56) && long),
        Some(6) => long,
        _ => false,
    }
}

/// Issuer, length, Luhn and plausibility check on decimal digit values.
pub(crate) fn card_digits_valid(d: &[u8], grouped: bool) -> bool {
    (13..=19).contains(&d.len()) && !all_same(d) && issuer_accepts(d, grouped) && luhn_valid(d)
}

/// A whole value that is a payment card number: 13-19 digits, optionally in groups (first and
/// middle groups 4-6 digits) separated consistently by single spaces or dashes.
pub(crate) fn is_card(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 13 || b.len() > 24 {
        return false;
    }
    let mut digits = [0u8; 19];
    let mut n = 0;
    let mut sep: Option<u8> = None;
    let mut group_len = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                if n == digits.len() {
                    return false;
                }
                digits[n] = c - b'0';
                n += 1;
                group_len += 1;
            }
            b' ' | b'-' => {
                if !(4..=6).contains(&group_len) || *sep.get_or_insert(c) != c {
                    return false;
                }
                group_len = 0;
            }
            _ => return false,
        }
    }
    if group_len == 0 || (sep.is_some() && group_len > 6) {
        return false;
    }
    card_digits_valid(&digits[..n], sep.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_valid() {
        for v in [
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32",
            "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
            "ES9121000418450200051332",
            "IT60X0542811101000000123456",
            "AT611904300234573201",
            "BE68539007547034",
            "CH9300762011623852957",
            "PL61109010140000071219812874",
            "NO9386011117947",
            "de89370400440532013000",
        ] {
            assert!(is_iban(v), "{v}");
        }
    }

    #[test]
    fn ibans_invalid() {
        for v in [
            "DE89370400440532013001",     // one digit changed
            "DE88370400440532013000",     // check digits changed
            "DE8937040044053201300",      // too short
            "DE893704004405320130000",    // too long
            "XX89370400440532013000",     // unknown country
            "DE89 37040044 0532 0130 00", // irregular grouping
            "DE89  3704 0044 0532 0130 00",
            "DE8937040044053201300O",
            "2026-10-08",
            "open sesame open",
        ] {
            assert!(!is_iban(v), "{v}");
        }
    }

    #[test]
    fn iban_in_text_boundaries() {
        let t = b"IBAN DE89 3704 0044 0532 0130 00 bitte";
        assert_eq!(iban_at(t, 5), Some(32));
        assert_eq!(iban_at(b"DE89370400440532013000X", 0), None);
        assert_eq!(iban_at(b"DE", 0), None);
        assert_eq!(iban_at(b"DE89", 0), None);
    }

    #[test]
    fn cards_valid() {
        for v in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5555555555554444",
            "2223003122003222",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "30569309025904",
            "36227206271667",
            "6200000000000005",
            "5019717010103742",
            "4222 2222 2222 2",
        ] {
            assert!(is_card(v), "{v}");
        }
    }

    #[test]
    fn cards_invalid() {
        for v in [
            "4111111111111112",       // Luhn
            "4111 1111 1111 1112",    // Luhn
            "4222222222222",          // bare 13 digits (EAN-13 shape)
            "0000000000000000",       // all same / no issuer
            "1234567812345670",       // issuer 1
            "9111111111111111",       // issuer 9
            "4111 1111-1111 1111",    // mixed separators
            "4111  1111 1111 1111",   // double space
            "41111 11 1111 1111 1",   // group too short
            "4111111111111111111111", // too long
            "378282246310005 ",       // trailing separator (untrimmed)
        ] {
            assert!(!is_card(v), "{v}");
        }
        assert!(!card_digits_valid(&[4; 16], false));
    }
}
