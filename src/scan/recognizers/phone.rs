//! Phone numbers, the most common personal identifier in operational data and the easiest to
//! confuse with dates, amounts, versions and ids. A value is a phone number only in one of three
//! explicit shapes:
//! - international: `+` or `00`, country code not starting with 0, 8-15 digits (a `(0)` trunk
//!   prefix after the country code is allowed and not counted);
//! - national: a single leading `0` (trunk prefix), 9-12 digits;
//! - NANP: `(415) 555-0132`, `415-555-0132`, `1-415-555-0132` (10 digits need separators).
//!
//! Separators: one space, or one of `-` `.` `/` with at most one space on each side; one pair of
//! parentheses around a single digit group. Dotted numbers must use dots throughout with groups
//! of 2+ digits, and anything starting like a date is rejected.

/// Digit groups beyond this make a value a list of numbers, not a phone number.
const MAX_GROUPS: usize = 10;

#[derive(Debug, Clone, Copy, Default)]
struct Group {
    /// index of the group's first digit in the digit buffer
    first: usize,
    len: usize,
    in_paren: bool,
    /// separator before the group: b' ', b'-', b'.', b'/', b')' right after a closing
    /// parenthesis, or 0 for none (first group, or right after an opening parenthesis)
    sep: u8,
}

/// A tokenised candidate: digit values and groups.
struct Parsed {
    plus: bool,
    digits: [u8; 32],
    n_digits: usize,
    groups: [Group; MAX_GROUPS],
    n_groups: usize,
}

impl Parsed {
    fn groups(&self) -> &[Group] {
        &self.groups[..self.n_groups]
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..self.n_digits]
    }

    fn group_value(&self, g: Group) -> u32 {
        self.digits[g.first..g.first + g.len]
            .iter()
            .fold(0u32, |a, &d| {
                a.saturating_mul(10).saturating_add(u32::from(d))
            })
    }
}

/// Separator being accumulated between two digit groups.
#[derive(Default)]
struct Sep {
    spaces_before: u8,
    mark: Option<u8>,
    spaces_after: u8,
    open_paren: bool,
    close_paren: bool,
}

fn tokenize(b: &[u8]) -> Option<Parsed> {
    let mut p = Parsed {
        plus: false,
        digits: [0; 32],
        n_digits: 0,
        groups: [Group::default(); MAX_GROUPS],
        n_groups: 0,
    };
    let mut rest = b;
    if let Some((&b'+', r)) = rest.split_first() {
        p.plus = true;
        rest = r;
    }
    let mut sep = Sep::default();
    let mut in_digits = false;
    let mut paren_open = false;
    let mut parens_used = false;
    for &c in rest {
        if c.is_ascii_digit() {
            if !in_digits {
                if p.n_groups == MAX_GROUPS {
                    return None;
                }
                let has_sep = sep.spaces_before + sep.spaces_after > 0 || sep.mark.is_some();
                let ok = if p.n_groups == 0 {
                    !has_sep
                } else {
                    has_sep || sep.open_paren || sep.close_paren
                };
                if !ok {
                    // a separator before the first group, or nothing between two groups
                    return None;
                }
                let mark = match sep.mark {
                    Some(m) => m,
                    None if sep.spaces_before > 0 => b' ',
                    None if sep.close_paren => b')',
                    None => 0,
                };
                p.groups[p.n_groups] = Group {
                    first: p.n_digits,
                    len: 0,
                    in_paren: sep.open_paren,
                    sep: mark,
                };
                p.n_groups += 1;
                sep = Sep::default();
                in_digits = true;
            }
            if p.n_digits == p.digits.len() {
                return None;
            }
            p.digits[p.n_digits] = c - b'0';
            p.n_digits += 1;
            p.groups[p.n_groups - 1].len += 1;
            continue;
        }
        match c {
            b'(' => {
                if paren_open || parens_used {
                    return None;
                }
                paren_open = true;
                sep.open_paren = true;
            }
            b')' => {
                let closes_group = in_digits && p.n_groups > 0 && p.groups[p.n_groups - 1].in_paren;
                if !paren_open || !closes_group {
                    return None;
                }
                paren_open = false;
                parens_used = true;
                sep.close_paren = true;
            }
            b' ' => {
                if sep.open_paren {
                    return None;
                }
                let count = if sep.mark.is_some() {
                    &mut sep.spaces_after
                } else {
                    &mut sep.spaces_before
                };
                *count += 1;
                if *count > 1 {
                    return None;
                }
            }
            b'-' | b'.' | b'/' => {
                if sep.mark.is_some() || sep.open_paren || p.n_groups == 0 {
                    return None;
                }
                sep.mark = Some(c);
            }
            _ => return None,
        }
        in_digits = false;
    }
    if !in_digits || paren_open {
        return None;
    }
    Some(p)
}

/// The first three groups read as a date (d.m.yyyy, yyyy-mm-dd, ...).
fn starts_like_date(p: &Parsed) -> bool {
    let g = p.groups();
    if g.len() < 3 || g[1].sep == b' ' || g[1].sep == 0 || g[2].sep != g[1].sep {
        return false;
    }
    let (a, b, c) = (
        p.group_value(g[0]),
        p.group_value(g[1]),
        p.group_value(g[2]),
    );
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    (g[2].len == 4 && g[0].len <= 2 && g[1].len <= 2 && (day_month(a, b) || day_month(b, a)))
        || (g[0].len == 4 && g[1].len <= 2 && g[2].len <= 2 && day_month(c, b))
}

fn is_international(p: &Parsed) -> bool {
    let d = p.digits();
    let skip = if p.plus {
        0
    } else if d.starts_with(&[0, 0]) {
        2
    } else {
        return false;
    };
    if d.get(skip).is_none_or(|&x| x == 0) {
        return false;
    }
    let trunk = p
        .groups()
        .get(1)
        .is_some_and(|g| g.in_paren && g.len == 1 && p.digits[g.first] == 0);
    let count = d.len().saturating_sub(skip + usize::from(trunk));
    let min = if skip == 2 && p.n_groups == 1 {
        // "0012345678" is more often a zero-padded number than a dialled one
        10
    } else {
        8
    };
    // country code 1 is NANP: always 1 + 10 digits
    let nanp_ok = d.get(skip) != Some(&1) || count == 11;
    (min..=15).contains(&count) && nanp_ok
}

fn is_national(p: &Parsed) -> bool {
    let d = p.digits();
    !p.plus
        && d.first() == Some(&0)
        && d.get(1).is_some_and(|&x| x != 0)
        && (9..=12).contains(&d.len())
}

fn is_nanp(p: &Parsed) -> bool {
    if p.plus {
        return false;
    }
    let mut g = p.groups();
    if g.len() == 4 && g[0].len == 1 && p.digits[g[0].first] == 1 {
        g = &g[1..];
    }
    let [area, exchange, line] = g else {
        return false;
    };
    let separated = |x: &Group| x.sep != 0 || x.in_paren;
    area.len == 3
        && exchange.len == 3
        && line.len == 4
        && separated(exchange)
        && separated(line)
        && p.digits[area.first] >= 2
        && p.digits[exchange.first] >= 2
}

/// A whole (trimmed) value that is a phone number.
pub(crate) fn is_phone(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || b.len() > 32 {
        return false;
    }
    let Some(p) = tokenize(b) else {
        return false;
    };
    let groups = p.groups();
    // Single-digit groups only as country code or area code ("+1 ...", "+33 5 ..", "0 800 .."),
    // a "(0)" trunk or the group after it, or a "-0" extension at the end.
    let lone_digit_ok = |i: usize, g: &Group| {
        g.len > 1
            || i <= 1
            || g.in_paren
            || groups[i - 1].in_paren
            || (i + 1 == groups.len() && g.sep == b'-')
    };
    if !groups.iter().enumerate().all(|(i, g)| lone_digit_ok(i, g)) {
        return false;
    }
    if groups.iter().any(|g| g.sep == b'.') {
        let uniform = groups[1..].iter().all(|g| g.sep == b'.');
        if !uniform || groups.iter().any(|g| g.len < 2) {
            return false;
        }
    }
    if starts_like_date(&p) {
        return false;
    }
    is_international(&p) || is_national(&p) || is_nanp(&p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for v in [
            "+33 (0)5 63 00 13 38",
            "0364624738",
            "(01703) 423667",
            "+49(0)6563 21223",
            "(00786) 66617",
            "+44 20 7946 0958",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "030 1234567",
            "030/1234567",
            "030 / 123 456-78",
            "0511 1234-0",
            "+49 30 1234567",
            "+4917612345678",
            "0049 30 1234567",
            "+49 (0) 30 1234567",
            "(415) 555-0132",
            "415-555-0132",
            "415.555.0132",
            "415 555 0132",
            "(415)555-0132",
            "1-415-555-0132",
            "+1 415 555 0132",
            "+1 (415) 555-0132",
        ] {
            assert!(is_phone(v), "{v}");
        }
    }

    #[test]
    fn not_phones() {
        for v in [
            "4155550132",    // ambiguous bare 10 digits
            "2026-10-08",    // ISO date
            "08.10.2026",    // German date
            "08.10.2026 10", // date then a number
            "08/10/2026 1234",
            "12.50",
            "1.234,56",
            "v1.2.3",
            "1.2.3.4",
            "0.123456789", // decimal
            "0364.624738.5",
            "12345678901", // bare digits not starting with 0
            "00000000000",
            "+0 123 456 789",
            "0012345678",              // zero-padded, not 00 + country code
            "+1 415 555 013",          // NANP needs 10 digits after +1
            "+49 30",                  // too short
            "+49 30 1234567890123456", // too long
            "0364 62",
            "03646247",      // 8 digits national
            "0364624738123", // 13 digits national
            "030  1234567",  // double space
            "030 -- 1234567",
            "(030 1234567", // unbalanced
            "030) 1234567",
            "((030)) 1234567",
            "030 (12) (34) 567",
            "+49 30 12+34567",
            "030 1234567 ",
            "-030 1234567",
            "0364624738x",
            "555-0132",
            "123-45-6789", // SSN shape
            "4111 1111 1111 1111",
            "0 1 2 3 4 5 6 7 8 9 1",
        ] {
            assert!(!is_phone(v), "{v}");
        }
    }
}
