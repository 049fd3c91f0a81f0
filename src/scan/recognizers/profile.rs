//! One pass over a value's bytes that counts character classes, so `recognize` can rule out most
//! recognisers with integer comparisons before any parsing or regex work. This is what keeps the
//! per-cell cost of non-matching values in the tens of nanoseconds.

/// Character-class counts of a trimmed value.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Profile {
    pub len: usize,
    pub digits: usize,
    pub upper: usize,
    pub lower: usize,
    /// bytes >= 0x80 (parts of multi-byte chars)
    pub non_ascii: usize,
    pub space: usize,
    pub dot: usize,
    pub dash: usize,
    pub colon: usize,
    pub at: usize,
    /// any ASCII byte outside letters, digits and ` .-:/@+(),;`
    pub other: usize,
}

impl Profile {
    pub(crate) fn of(s: &str) -> Profile {
        let mut p = Profile {
            len: s.len(),
            ..Profile::default()
        };
        for &c in s.as_bytes() {
            match c {
                b'0'..=b'9' => p.digits += 1,
                b'A'..=b'Z' => p.upper += 1,
                b'a'..=b'z' => p.lower += 1,
                b' ' => p.space += 1,
                b'.' => p.dot += 1,
                b'-' => p.dash += 1,
                b':' => p.colon += 1,
                b'@' => p.at += 1,
                b'/' | b'+' | b'(' | b')' | b',' | b';' => {}
                0x80..=0xff => p.non_ascii += 1,
                _ => p.other += 1,
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_classes() {
        let p = Profile::of("Ab1 .-:@/+()ß#");
        assert_eq!(p.len, 15);
        assert_eq!((p.upper, p.lower, p.digits), (1, 1, 1));
        assert_eq!((p.space, p.dot, p.dash, p.colon, p.at), (1, 1, 1, 1, 1));
        assert_eq!(p.non_ascii, 2);
        assert_eq!(p.other, 1);
    }
}
