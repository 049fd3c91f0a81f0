//! Geographic coordinates. Precise locations are personal data (GDPR art. 4(1) names
//! "location data"), so a column of 4+-decimal numbers in latitude/longitude range, or a
//! "lat, lon" pair in one cell, is reported. Single numbers are weak evidence on their own;
//! the caller weighs them with the column name. Comparisons use integers, never floats.

use super::ValueKind;

/// A decimal number split into what the range checks need.
#[derive(Debug, Clone, Copy)]
struct Coord {
    int: u32,
    frac_nonzero: bool,
}

impl Coord {
    /// |value| <= max
    fn within(self, max: u32) -> bool {
        self.int < max || (self.int == max && !self.frac_nonzero)
    }

    fn is_zero(self) -> bool {
        self.int == 0 && !self.frac_nonzero
    }
}

/// Minimum decimal places for a number to count as a coordinate (about 11 m at the equator).
const MIN_DECIMALS: usize = 4;

/// `[+-]d{1,3}.d{4,15}` without leading zeros in the integer part.
fn parse_coord(b: &[u8]) -> Option<Coord> {
    let b = match b.first() {
        Some(b'-' | b'+') => &b[1..],
        _ => b,
    };
    let dot = b.iter().position(|&c| c == b'.')?;
    let (ip, fp) = (&b[..dot], &b[dot + 1..]);
    if ip.is_empty()
        || ip.len() > 3
        || (ip.len() > 1 && ip[0] == b'0')
        || !ip.iter().all(u8::is_ascii_digit)
        || fp.len() < MIN_DECIMALS
        || fp.len() > 15
        || !fp.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    Some(Coord {
        int: ip.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')),
        frac_nonzero: fp.iter().any(|&c| c != b'0'),
    })
}

fn trim_spaces(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c != b' ').map_or(start, |e| e + 1);
    b.get(start..end).unwrap_or(&[])
}

/// Push `LatLonPair`, or `Latitude` and/or `Longitude`, for a value of digits, dots, signs and
/// at most one `,`/`;` separator (optionally wrapped in parentheses).
pub(crate) fn recognize_geo(v: &str, out: &mut Vec<ValueKind>) {
    let mut b = v.as_bytes();
    if let [b'(' | b'[', inner @ .., b')' | b']'] = b {
        b = trim_spaces(inner);
    }
    let mut parts = b.split(|&c| c == b',' || c == b';');
    let (Some(first), second, None) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    match second {
        Some(second) => {
            let (Some(lat), Some(lon)) = (
                parse_coord(trim_spaces(first)),
                parse_coord(trim_spaces(second)),
            ) else {
                return;
            };
            if lat.within(90) && lon.within(180) && !(lat.is_zero() && lon.is_zero()) {
                out.push(ValueKind::LatLonPair);
            }
        }
        None => {
            let Some(c) = parse_coord(first) else {
                return;
            };
            if c.is_zero() {
                return;
            }
            if c.within(90) {
                out.push(ValueKind::Latitude);
            }
            if c.within(180) {
                out.push(ValueKind::Longitude);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(v: &str) -> Vec<ValueKind> {
        let mut out = Vec::new();
        recognize_geo(v, &mut out);
        out
    }

    #[test]
    fn pairs() {
        for v in [
            "48.8566, 2.3522",
            "48.8566;2.3522",
            "-33.8688,151.2093",
            "(52.5200, 13.4050)",
            "90.0000, -180.0000",
        ] {
            assert_eq!(geo(v), vec![ValueKind::LatLonPair], "{v}");
        }
        for v in [
            "91.0000, 2.3522",
            "48.8566, 181.0000",
            "48.85, 2.35",
            "0.0000, 0.0000",
            "48.8566, 2.3522, 1.0000",
            "48.8566,",
            "1.234,56",
        ] {
            assert!(geo(v).is_empty(), "{v}");
        }
    }

    #[test]
    fn singles() {
        assert_eq!(
            geo("48.8566"),
            vec![ValueKind::Latitude, ValueKind::Longitude]
        );
        assert_eq!(
            geo("-90.0000"),
            vec![ValueKind::Latitude, ValueKind::Longitude]
        );
        assert_eq!(geo("-90.0001"), vec![ValueKind::Longitude]);
        assert_eq!(geo("179.99999"), vec![ValueKind::Longitude]);
        for v in [
            "180.0001",
            "12.50",
            "12.345",
            "007.1234",
            "1234.5678",
            "0.0000",
            "1.2.3456",
            ".12345",
        ] {
            assert!(geo(v).is_empty(), "{v}");
        }
    }
}
