//! National identifiers written with digits only: German tax ID (Steuer-ID), French NIR (social
//! security number; Corsican 2A/2B departments included), Dutch BSN, Polish PESEL and US SSN.
//! Every one but the SSN has a check digit, verified here, so that arbitrary numbers of the same
//! length are mostly rejected.

use super::checksum::{all_same, digit_values, iso7064_mod11_10, weighted_sum};
use super::profile::Profile;
use super::{IdScheme, ValueKind};
use crate::calendar::days_in_month;

/// Up to 16 digit values collected from digits separated by single spaces.
struct Digits {
    buf: [u8; 16],
    len: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Digits with optional single spaces between them; `None` for anything else.
fn spaced_digits(s: &str) -> Option<Digits> {
    let mut d = Digits {
        buf: [0; 16],
        len: 0,
    };
    let mut prev_space = true;
    for &c in s.as_bytes() {
        if c == b' ' {
            if prev_space {
                return None;
            }
            prev_space = true;
        } else if c.is_ascii_digit() && d.len < d.buf.len() {
            d.buf[d.len] = c - b'0';
            d.len += 1;
            prev_space = false;
        } else {
            return None;
        }
    }
    (!prev_space).then_some(d)
}

/// German Steuerliche Identifikationsnummer: 11 digits, no leading 0; in the first ten exactly
/// one digit occurs twice or three times (three not in a row) and the others at most once;
/// ISO 7064 MOD 11,10 check digit.
pub(crate) fn is_de_tax_id(d: &[u8]) -> bool {
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let body = &d[..10];
    let mut counts = [0u8; 10];
    for &x in body {
        counts[usize::from(x)] += 1;
    }
    let repeated: Vec<usize> = (0..10).filter(|&i| counts[i] > 1).collect();
    let [digit] = repeated[..] else {
        return false;
    };
    match counts[digit] {
        2 => {}
        3 => {
            let in_a_row = body
                .windows(3)
                .any(|w| all_same(w) && usize::from(w[0]) == digit);
            if in_a_row {
                return false;
            }
        }
        _ => return false,
    }
    iso7064_mod11_10(body) == d[10]
}

/// Dutch burgerservicenummer: 9 digits passing the "11-proof" (weights 9..2 and -1), at most
/// one leading zero (heavily zero-padded numbers are row ids, not BSNs).
pub(crate) fn is_nl_bsn(d: &[u8]) -> bool {
    if d.len() != 9 || d.starts_with(&[0, 0]) {
        return false;
    }
    let sum = weighted_sum(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]);
    let check = u32::from(d[8]);
    sum >= check && (sum - check) % 11 == 0
}

/// Polish PESEL: 11 digits, weights 1,3,7,9 repeating, and a valid birth date whose month
/// field encodes the century (+80 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s).
pub(crate) fn is_pl_pesel(d: &[u8]) -> bool {
    if d.len() != 11 {
        return false;
    }
    let sum = weighted_sum(&d[..10], &[1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
    if (10 - sum % 10) % 10 != u32::from(d[10]) {
        return false;
    }
    let two = |i: usize| u32::from(d[i]) * 10 + u32::from(d[i + 1]);
    let (yy, mm, dd) = (two(0), two(2), two(4));
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        81..=92 => (1800, mm - 80),
        _ => return false,
    };
    dd >= 1 && dd <= days_in_month(i32::try_from(century + yy).unwrap_or(0), month)
}

/// French NIR (numéro de sécurité sociale): sex 1/2, year, month (01-12, or 20, 30-42, 50-99
/// for unknown months), department (2A/2B for Corsica), commune, order number and a key
/// `97 - (first 13 digits mod 97)`, where 2A counts as 19 and 2B as 18. Single spaces allowed.
pub(crate) fn is_fr_nir(s: &str) -> bool {
    let mut c = [0u8; 15];
    let mut n = 0;
    for &x in s.as_bytes() {
        if x == b' ' {
            continue;
        }
        if n == c.len() {
            return false;
        }
        c[n] = x.to_ascii_uppercase();
        n += 1;
    }
    if n != 15 || s.contains("  ") {
        return false;
    }
    let corsica = c[5] == b'2' && (c[6] == b'A' || c[6] == b'B');
    let digit_ok = |i: usize| c[i].is_ascii_digit() || (i == 6 && corsica);
    if !(0..15).all(digit_ok) {
        return false;
    }
    let v = |i: usize| u32::from(c[i].wrapping_sub(b'0'));
    let two = |i: usize| v(i) * 10 + v(i + 1);
    let month = two(3);
    let month_ok = matches!(month, 1..=12 | 20 | 30..=42 | 50..=99);
    let dept_ok = corsica || two(5) != 0;
    let order = v(10) * 100 + v(11) * 10 + v(12);
    if !matches!(c[0], b'1' | b'2') || !month_ok || !dept_ok || order == 0 {
        return false;
    }
    let mut number: u64 = 0;
    for i in 0..13 {
        let digit = match (corsica, i) {
            (true, 5) => 1,
            (true, 6) if c[6] == b'A' => 9,
            (true, 6) => 8,
            _ => u64::from(v(i)),
        };
        number = number * 10 + digit;
    }
    let key = 97 - (number % 97) as u32;
    key == two(13)
}

/// US Social Security number `ddd-dd-dddd` (or with spaces): area not 000, 666 or 9xx, group
/// not 00, serial not 0000, and not the famous published examples.
pub(crate) fn is_us_ssn(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 11 {
        return false;
    }
    let sep = b[3];
    if !(sep == b'-' || sep == b' ') || b[6] != sep {
        return false;
    }
    let (Some(area), Some(group), Some(serial)) = (
        digit_values::<3>(&b[..3]),
        digit_values::<2>(&b[4..6]),
        digit_values::<4>(&b[7..]),
    ) else {
        return false;
    };
    let area_n = weighted_sum(&area, &[100, 10, 1]);
    area_n != 0
        && area_n != 666
        && area_n < 900
        && group != [0, 0]
        && serial != [0, 0, 0, 0]
        && s != "078-05-1120"
        && s != "219-09-9999"
}

/// Push every numeric national id kind `v` validates as (several can hold for one value).
pub(crate) fn recognize_numeric_ids(v: &str, p: &Profile, out: &mut Vec<ValueKind>) {
    let mut push = |scheme| out.push(ValueKind::NationalId(scheme));
    if p.digits == 9 && (p.dash == 2 || p.space == 2) && p.len == 11 && is_us_ssn(v) {
        push(IdScheme::UsSsn);
        return;
    }
    if p.dash > 0 || p.dot > 0 || !matches!(p.digits, 9 | 11 | 15) {
        return;
    }
    let Some(d) = spaced_digits(v) else {
        return;
    };
    let d = d.as_slice();
    match d.len() {
        9 if p.space == 0 && is_nl_bsn(d) => push(IdScheme::NlBsn),
        11 => {
            if is_de_tax_id(d) {
                push(IdScheme::DeTaxId);
            }
            if p.space == 0 && is_pl_pesel(d) {
                push(IdScheme::PlPesel);
            }
        }
        15 if is_fr_nir(v) => push(IdScheme::FrNir),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<u8> {
        s.bytes().map(|c| c - b'0').collect()
    }

    /// Append the ISO 7064 check digit to ten digits.
    fn tax_id(body: &str) -> String {
        format!("{body}{}", iso7064_mod11_10(&vals(body)))
    }

    #[test]
    fn de_tax_id() {
        assert!(is_de_tax_id(&vals("86095742719")));
        assert!(is_de_tax_id(&vals(&tax_id("6539271486"))));
        assert!(is_de_tax_id(&vals(&tax_id("1213145678")))); // a digit three times, not in a row
        assert!(!is_de_tax_id(&vals("86095742718"))); // check digit changed
        assert!(!is_de_tax_id(&vals("86095742729"))); // body changed
        assert!(!is_de_tax_id(&vals(&tax_id("0123456789")))); // leading zero
        assert!(!is_de_tax_id(&vals(&tax_id("1234567890")))); // no repeated digit
        assert!(!is_de_tax_id(&vals(&tax_id("1123456679")))); // two repeated digits
        assert!(!is_de_tax_id(&vals(&tax_id("1112345678")))); // three in a row
        assert!(!is_de_tax_id(&vals(&tax_id("1111234567")))); // four times
        assert!(spaced_digits("86 095 742 719").is_some_and(|d| is_de_tax_id(d.as_slice())));
    }

    #[test]
    fn nl_bsn() {
        assert!(is_nl_bsn(&vals("111222333")));
        assert!(is_nl_bsn(&vals("123456782")));
        assert!(!is_nl_bsn(&vals("111222334")));
        assert!(!is_nl_bsn(&vals("000000000")));
        assert!(!is_nl_bsn(&vals("000000012"))); // 11-proof holds, but zero-padded
        assert!(!is_nl_bsn(&vals("11122233")));
    }

    #[test]
    fn pl_pesel() {
        assert!(is_pl_pesel(&vals("44051401359")));
        assert!(is_pl_pesel(&vals("02070803628"))); // 1902-07-08
        assert!(!is_pl_pesel(&vals("44051401358")));
        assert!(!is_pl_pesel(&vals("44131401350"))); // month 13 (check digit fixed)
        assert!(!is_pl_pesel(&vals("44023101353"))); // 31 February
    }

    #[test]
    fn fr_nir() {
        assert!(is_fr_nir("2 55 08 14 168 025 38"));
        assert!(is_fr_nir("255081416802538"));
        assert!(is_fr_nir("1 80 12 2A 004 123 25"));
        assert!(is_fr_nir("1 80 12 2B 004 123 52"));
        assert!(!is_fr_nir("2 55 08 14 168 025 39")); // key
        assert!(!is_fr_nir("2 55 08 14 168 026 38")); // order changed
        assert!(!is_fr_nir("3 55 08 14 168 025 38")); // sex digit
        assert!(!is_fr_nir("2 55 13 14 168 025 38")); // month 13
        assert!(!is_fr_nir("2 55 08 14 168 025 3"));
        assert!(!is_fr_nir("2 55 08 1A 168 025 38"));
        assert!(!is_fr_nir("2  55 08 14 168 025 38"));
    }

    #[test]
    fn us_ssn() {
        assert!(is_us_ssn("123-45-6789"));
        assert!(is_us_ssn("536 22 1234"));
        for v in [
            "000-45-6789",
            "666-45-6789",
            "912-45-6789",
            "123-00-6789",
            "123-45-0000",
            "123-45 6789",
            "123456789",
            "078-05-1120",
            "12a-45-6789",
        ] {
            assert!(!is_us_ssn(v), "{v}");
        }
    }

    #[test]
    fn dispatch() {
        let ids = |v: &str| {
            let mut out = Vec::new();
            recognize_numeric_ids(v, &Profile::of(v), &mut out);
            out
        };
        assert_eq!(
            ids("111222333"),
            vec![ValueKind::NationalId(IdScheme::NlBsn)]
        );
        assert_eq!(
            ids("86095742719"),
            vec![ValueKind::NationalId(IdScheme::DeTaxId)]
        );
        assert_eq!(
            ids("44051401359"),
            vec![ValueKind::NationalId(IdScheme::PlPesel)]
        );
        assert_eq!(
            ids("123-45-6789"),
            vec![ValueKind::NationalId(IdScheme::UsSsn)]
        );
        assert!(ids("12345").is_empty());
        assert!(ids("4111111111111111").is_empty());
    }
}
