//! Identifiers embedded in free text (comments, ticket descriptions, notes): e-mail addresses,
//! IBANs, payment cards, IPv4 addresses and phone numbers. Free text is where personal data
//! hides in tools that have no "email" column. Candidates are found with cheap byte scans (a
//! regex only for e-mail) and then validated with the same checks as whole values, plus
//! boundary rules so that dates, amounts, versions and numbers glued to words are not reported.

use regex::Regex;
use std::sync::LazyLock;

use super::finance::{iban_at, is_card};
use super::network::{is_email, is_ipv4};
use super::phone::is_phone;
use super::ValueKind;

/// One identifier embedded in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub kind: ValueKind,
    /// byte offset of the first byte (a char boundary)
    pub start: usize,
    /// byte offset one past the last byte (a char boundary)
    pub end: usize,
}

/// E-mail candidates; validated afterwards with [`is_email`].
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});

/// Phone candidates longer than this (in bytes) are not tried.
const MAX_PHONE_SPAN: usize = 32;

/// Digit groups in one card candidate run.
const MAX_CARD_GROUPS: usize = 8;

/// A byte that continues a word: ASCII letter, digit, `_`, or part of a non-ASCII char.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Nothing glued after a numeric match at `e`: no word byte, and no `.`/`,` followed by a digit
/// (a decimal part or a longer dotted number).
fn clean_end(b: &[u8], e: usize) -> bool {
    match b.get(e) {
        None => true,
        Some(&c) if is_word_byte(c) => false,
        Some(b'.' | b',') => !b.get(e + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

/// Matches found so far, kept sorted and non-overlapping.
struct Found(Vec<TextMatch>);

impl Found {
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|m| m.start < end);
        i > 0 && self.0[i - 1].end > start
    }

    /// Add the matches of one scanner (which never overlap each other), dropping any that
    /// overlap a match of an earlier, higher-priority scanner.
    fn merge(&mut self, new: Vec<TextMatch>) {
        let keep: Vec<TextMatch> = new
            .into_iter()
            .filter(|m| !self.overlaps(m.start, m.end))
            .collect();
        self.0.extend(keep);
        self.0.sort_by_key(|m| m.start);
    }
}

/// Find identifiers embedded in free text. Offsets are byte offsets on char boundaries; the
/// result is sorted by start and non-overlapping (priority e-mail > IBAN > card > IPv4 > phone).
pub fn find_in_text(text: &str) -> Vec<TextMatch> {
    let b = text.as_bytes();
    let mut has_at = false;
    let mut digits = 0usize;
    for &c in b {
        if c == b'@' {
            has_at = true;
        } else if c.is_ascii_digit() {
            digits += 1;
        }
    }
    if !has_at && digits < 7 {
        return Vec::new();
    }
    let mut found = Found(Vec::new());
    if has_at {
        found.merge(emails(text));
    }
    if digits >= 7 {
        found.merge(ibans(b));
        found.merge(cards(text));
        found.merge(ipv4s(text));
        found.merge(phones(text));
    }
    found.0
}

fn emails(text: &str) -> Vec<TextMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for m in EMAIL.find_iter(text) {
        // leading dots and apostrophes are sentence punctuation or quotes, not the address
        let lead = b[m.start()..m.end()]
            .iter()
            .take_while(|&&c| c == b'.' || c == b'\'')
            .count();
        let start = m.start() + lead;
        let end = m.end();
        let glued = b
            .get(end)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
        if !glued && text.get(start..end).is_some_and(is_email) {
            out.push(TextMatch {
                kind: ValueKind::Email,
                start,
                end,
            });
        }
    }
    out
}

fn ibans(b: &[u8]) -> Vec<TextMatch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let starts_here = b[i].is_ascii_uppercase()
            && (i == 0 || !is_word_byte(b[i - 1]))
            && b[i + 2].is_ascii_digit();
        if starts_here {
            if let Some(end) = iban_at(b, i) {
                out.push(TextMatch {
                    kind: ValueKind::Iban,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Runs of digit groups separated by single spaces or dashes; within a run, the longest
/// group-aligned span that is a valid card number wins.
fn cards(text: &str) -> Vec<TextMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && is_word_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let mut groups = [(0usize, 0usize); MAX_CARD_GROUPS];
        let mut n = 0;
        let mut j = i;
        while n < MAX_CARD_GROUPS {
            let s = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            groups[n] = (s, j);
            n += 1;
            let continues = matches!(b.get(j), Some(b' ' | b'-'))
                && b.get(j + 1).is_some_and(u8::is_ascii_digit);
            if !continues {
                break;
            }
            j += 1;
        }
        let run_end = groups[n - 1].1;
        let mut a = 0;
        'starts: while a < n {
            for z in (a..n).rev() {
                let (s, e) = (groups[a].0, groups[z].1);
                let glued_end = z + 1 == n && !clean_end(b, e);
                if e - s <= 23 && !glued_end && text.get(s..e).is_some_and(is_card) {
                    out.push(TextMatch {
                        kind: ValueKind::PaymentCard,
                        start: s,
                        end: e,
                    });
                    a = z + 1;
                    continue 'starts;
                }
            }
            a += 1;
        }
        i = run_end.max(i + 1);
    }
    out
}

fn ipv4s(text: &str) -> Vec<TextMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let fresh =
            b[i].is_ascii_digit() && (i == 0 || !(is_word_byte(b[i - 1]) || b[i - 1] == b'.'));
        if !fresh {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') && j - i < 16 {
            j += 1;
        }
        while j > i && b[j - 1] == b'.' {
            j -= 1;
        }
        if clean_end(b, j) && text.get(i..j).is_some_and(is_ipv4) {
            out.push(TextMatch {
                kind: ValueKind::Ipv4,
                start: i,
                end: j,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn is_phone_byte(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b'+' | b'(' | b')' | b' ' | b'.' | b'-' | b'/')
}

/// Runs of digits and phone punctuation not glued to a word; within a run, candidate spans
/// start at the run start or after a space/parenthesis and end before a space/parenthesis or
/// at the run end, and the longest valid span from the leftmost start wins.
fn phones(text: &str) -> Vec<TextMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_digit() || c == b'+' || c == b'(') {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let mut streak = 0;
        while j < b.len() && is_phone_byte(b[j]) {
            if b[j].is_ascii_digit() {
                streak = 0;
            } else {
                streak += 1;
                if streak > 3 {
                    break;
                }
            }
            j += 1;
        }
        let mut end = j;
        while end > start && !b[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let glued_start = start > 0 && is_word_byte(b[start - 1]);
        if !glued_start && end > start {
            phones_in_run(text, start, end, &mut out);
        }
        i = j.max(i + 1);
    }
    out
}

fn phones_in_run(text: &str, start: usize, end: usize, out: &mut Vec<TextMatch>) {
    let b = text.as_bytes();
    let starts: Vec<usize> = (start..end)
        .filter(|&k| {
            let c = b[k];
            let after = k == start || b[k - 1] == b' ' || (b[k - 1] == b'(' && c.is_ascii_digit());
            after && (c.is_ascii_digit() || c == b'+' || c == b'(')
        })
        .collect();
    let ends: Vec<usize> = (start + 1..=end)
        .filter(|&e| b[e - 1].is_ascii_digit() && (e == end || matches!(b[e], b' ' | b')')))
        .collect();
    let mut next_free = start;
    for &k in &starts {
        if k < next_free {
            continue;
        }
        let limit = ends.partition_point(|&e| e <= k + MAX_PHONE_SPAN);
        for &e in ends[..limit].iter().rev() {
            if e <= k {
                break;
            }
            if (e < end || clean_end(b, e)) && text.get(k..e).is_some_and(is_phone) {
                out.push(TextMatch {
                    kind: ValueKind::Phone,
                    start: k,
                    end: e,
                });
                next_free = e;
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(ValueKind, &str)> {
        find_in_text(t)
            .into_iter()
            .map(|m| (m.kind, &t[m.start..m.end]))
            .collect()
    }

    #[test]
    fn required_examples() {
        let t = "Steckdose im Flur sprüht Funken. Bitte dringend, Telefon +49(0)5074 95288.";
        assert_eq!(kinds(t), vec![(ValueKind::Phone, "+49(0)5074 95288")]);
        assert!(
            find_in_text("Schimmel seit 08.10.2026, Kosten 1.234,56 EUR, Wohnung 3.5").is_empty()
        );
        let t = "Mail an anna.m@example.org bitte";
        assert_eq!(
            find_in_text(t),
            vec![TextMatch {
                kind: ValueKind::Email,
                start: 8,
                end: 26
            }]
        );
    }

    #[test]
    fn phones_in_prose() {
        for (t, want) in [
            ("call back on 0364624738", "0364624738"),
            ("Tel.: +33 (0)5 63 00 13 38, merci", "+33 (0)5 63 00 13 38"),
            ("Rückruf (01703) 423667 bitte", "(01703) 423667"),
            ("am 08.10.2026 0364624738 angerufen", "0364624738"),
            ("(Tel 030 1234567)", "030 1234567"),
            ("(0364624738)", "0364624738"),
            ("US office (415) 555-0132.", "(415) 555-0132"),
            ("Tel.0364624738", "0364624738"),
        ] {
            assert_eq!(kinds(t), vec![(ValueKind::Phone, want)], "{t}");
        }
    }

    #[test]
    fn no_false_phones() {
        for t in [
            "Termin 2026-10-08 um 10:00, Rechnung 1.234,56 EUR",
            "Version v1.2.3 und 12.50 EUR, Haus 12, Baujahr 1987",
            "Zahlen 2024 2025 2026 2027",
            "ID12 0364624738",
            "Artikel 0364624738abc",
            "Betrag 0364624738,50",
            "08.10.2026 10 Personen",
        ] {
            assert!(kinds(t).is_empty(), "{t}: {:?}", kinds(t));
        }
    }

    #[test]
    fn ibans_cards_ips() {
        let t = "IBAN DE89 3704 0044 0532 0130 00, alt GB82WEST12345698765432.";
        assert_eq!(
            kinds(t),
            vec![
                (ValueKind::Iban, "DE89 3704 0044 0532 0130 00"),
                (ValueKind::Iban, "GB82WEST12345698765432"),
            ]
        );
        assert!(kinds("IBAN DE89 3704 0044 0532 0130 01 falsch").is_empty());
        let t = "Karte 4111 1111 1111 1111 und 5555-5555-5555-4444, ablauf 12/28";
        assert_eq!(
            kinds(t),
            vec![
                (ValueKind::PaymentCard, "4111 1111 1111 1111"),
                (ValueKind::PaymentCard, "5555-5555-5555-4444"),
            ]
        );
        assert_eq!(
            kinds("card 4111111111111111 2026"),
            vec![(ValueKind::PaymentCard, "4111111111111111")]
        );
        assert!(kinds("card 4111111111111112 2026").is_empty());
        assert_eq!(
            kinds("login von 192.168.1.20: ok 1234567"),
            vec![(ValueKind::Ipv4, "192.168.1.20")]
        );
        assert!(kinds("version 1.2.3.4.5 build 1234567").is_empty());
        assert!(kinds("v10.0.0.1 build 1234567").is_empty());
    }

    #[test]
    fn emails_in_prose() {
        assert_eq!(
            kinds("Kontakt: müller@example.de, oder x@y.z"),
            vec![(ValueKind::Email, "müller@example.de")]
        );
        assert_eq!(
            kinds("...anna@example.org."),
            vec![(ValueKind::Email, "anna@example.org")]
        );
        assert!(kinds("logo icon@2x.png and user@localhost").is_empty());
        assert_eq!(
            kinds("write to 'o'brien@example.ie'"),
            vec![(ValueKind::Email, "o'brien@example.ie")]
        );
        let t = "mail 0364624738@example.org";
        assert_eq!(kinds(t), vec![(ValueKind::Email, "0364624738@example.org")]);
    }

    #[test]
    fn prefilter_and_odd_input() {
        assert!(find_in_text("").is_empty());
        assert!(find_in_text("Haus 12, Wohnung 3.5").is_empty());
        let long = "0364624738 ".repeat(20_000);
        assert_eq!(find_in_text(&long).len(), 20_000);
        let noisy = "1 2 3 4 5 6 7 8 9 0 ".repeat(5_000);
        let _ = find_in_text(&noisy);
        for t in [
            "ßßß@ü.de",
            "😀0364624738😀",
            "@@@@1234567",
            "+(((((((1234567",
            "é.é.1.2.3.4.5.6.7",
        ] {
            for m in find_in_text(t) {
                assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
            }
        }
    }
}
