//! Check-digit algorithms shared by the recognisers: Luhn, ISO 7064 MOD 97-10 (IBAN) and
//! MOD 11,10 (German tax ID), ICAO 9303 7-3-1 (German ID card) and plain weighted sums.
//! A verified checksum is what lets the scanner trust a short numeric match: random digit
//! strings pass them only rarely.

/// Luhn (mod 10) over decimal digit values (0..=9); the rightmost digit is the check digit.
pub(crate) fn luhn_valid(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// ISO 7064 MOD 97-10 remainder of an upper-case alphanumeric string (letters count 10..=35),
/// as used by IBAN. `None` for any other byte.
pub(crate) fn mod97(chars: impl IntoIterator<Item = u8>) -> Option<u32> {
    let mut r = 0u32;
    for c in chars {
        r = match c {
            b'0'..=b'9' => (r * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(c - b'A') + 10) % 97,
            _ => return None,
        };
    }
    Some(r)
}

/// ISO 7064 MOD 11,10 check digit over decimal digit values.
pub(crate) fn iso7064_mod11_10(digits: &[u8]) -> u8 {
    let mut product = 10u32;
    for &d in digits {
        let mut sum = (u32::from(d) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    // product is never 0 here, so the check is 1..=10 and 10 maps to 0.
    match 11u32.saturating_sub(product) {
        10 | 11 => 0,
        c => c as u8,
    }
}

/// ICAO 9303 value of one machine-readable-zone character.
fn icao_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// ICAO 9303 check digit (weights 7, 3, 1 repeating) of an MRZ field.
pub(crate) fn icao_check(chars: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, &c) in chars.iter().enumerate() {
        sum += icao_value(c)? * WEIGHTS[i % 3];
    }
    Some((sum % 10) as u8)
}

/// Sum of digit values times weights (pairs beyond the shorter slice are ignored).
pub(crate) fn weighted_sum(digits: &[u8], weights: &[u32]) -> u32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| u32::from(d) * w)
        .sum()
}

/// Decimal digit values of an ASCII digit string; `None` if any byte is not a digit.
pub(crate) fn digit_values<const N: usize>(s: &[u8]) -> Option<[u8; N]> {
    if s.len() != N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, &c) in out.iter_mut().zip(s) {
        if !c.is_ascii_digit() {
            return None;
        }
        *o = c - b'0';
    }
    Some(out)
}

/// True when every element equals the first (also for empty slices).
pub(crate) fn all_same(d: &[u8]) -> bool {
    d.windows(2).all(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<u8> {
        s.bytes().map(|c| c - b'0').collect()
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid(&vals("4111111111111111")));
        assert!(luhn_valid(&vals("79927398713")));
        assert!(!luhn_valid(&vals("4111111111111112")));
        assert!(!luhn_valid(&[]));
    }

    #[test]
    fn mod97_iban() {
        // DE89370400440532013000 rearranged
        assert_eq!(mod97(*b"370400440532013000DE89"), Some(1));
        assert_eq!(
            mod97(*b"370400440532013000DE88").map(|r| r == 1),
            Some(false)
        );
        assert_eq!(mod97(*b"ab"), None);
    }

    #[test]
    fn mod11_10() {
        assert_eq!(iso7064_mod11_10(&vals("8609574271")), 9);
        assert_ne!(iso7064_mod11_10(&vals("8609574272")), 9);
    }

    #[test]
    fn icao() {
        assert_eq!(icao_check(b"T22000129"), Some(3));
        assert_eq!(icao_check(b"L01X00T47"), Some(1));
        assert_eq!(icao_check(b"t"), None);
    }

    #[test]
    fn helpers() {
        assert_eq!(weighted_sum(&[1, 2, 3], &[3, 2, 1]), 10);
        assert_eq!(digit_values::<3>(b"123"), Some([1, 2, 3]));
        assert_eq!(digit_values::<3>(b"12a"), None);
        assert_eq!(digit_values::<3>(b"1234"), None);
        assert!(all_same(&[7, 7, 7]));
        assert!(!all_same(&[7, 7, 1]));
    }
}
