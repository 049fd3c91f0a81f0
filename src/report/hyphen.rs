//! Where a word may be broken at the end of a line: Knuth–Liang hyphenation with the TeX
//! patterns for US English, German (1996 spelling) and French, embedded by the `hyphenation`
//! crate, plus the natural break points of identifiers and paths (after `-`, `/`, `.`,
//! `_`), which take no added hyphen. Words that are neither (hashes) have no break point;
//! the wrapper breaks those by character as a last resort.

use crate::lang::Lang;
use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::LazyLock;

static EN: LazyLock<Option<Standard>> =
    LazyLock::new(|| Standard::from_embedded(Language::EnglishUS).ok());
static DE: LazyLock<Option<Standard>> =
    LazyLock::new(|| Standard::from_embedded(Language::German1996).ok());
static FR: LazyLock<Option<Standard>> =
    LazyLock::new(|| Standard::from_embedded(Language::French).ok());

/// The patterns of a language.
pub fn dictionary(lang: Lang) -> Option<&'static Standard> {
    match lang {
        Lang::En => EN.as_ref(),
        Lang::De => DE.as_ref(),
        Lang::Fr => FR.as_ref(),
    }
}

/// A place a word may be broken: the byte index the second part starts at, and whether a
/// hyphen must be added to the first part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub at: usize,
    pub hyphen: bool,
}

/// Every break point of `word`, in order.
pub fn breaks(dict: Option<&Standard>, word: &str) -> Vec<Break> {
    let mut out: Vec<Break> = Vec::new();
    // Natural breaks of compounds, identifiers and paths.
    for (i, ch) in word.char_indices() {
        let after = i + ch.len_utf8();
        if matches!(ch, '-' | '/' | '.' | '_' | '\u{2013}')
            && after < word.len()
            && i > 0
            && word[after..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            out.push(Break {
                at: after,
                hyphen: false,
            });
        }
    }
    // Pattern breaks in each alphabetic run of five letters or more (not in e-mail
    // addresses and URLs, which break only at their separators).
    let address = word.contains('@') || word.contains("://") || word.starts_with("www.");
    if let Some(dict) = dict.filter(|_| !address) {
        let mut start = None;
        let mut runs = Vec::new();
        for (i, ch) in word
            .char_indices()
            .chain(std::iter::once((word.len(), ' ')))
        {
            match (ch.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    runs.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        for (s, e) in runs {
            let run = &word[s..e];
            if run.chars().count() < 5 {
                continue;
            }
            for at in dict.hyphenate(run).breaks {
                out.push(Break {
                    at: s + at,
                    hyphen: true,
                });
            }
        }
    }
    out.sort_by_key(|b| b.at);
    out.dedup_by_key(|b| b.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lang: Lang, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        let mut last = 0;
        for b in breaks(dictionary(lang), word) {
            parts.push(word[last..b.at].to_string());
            last = b.at;
        }
        parts.push(word[last..].to_string());
        parts
    }

    #[test]
    fn german_and_english_words_break_at_syllables() {
        let de = split(Lang::De, "Verantwortlich");
        assert!(de.len() > 2, "{de:?}");
        assert_eq!(de.concat(), "Verantwortlich");
        assert!(!de.iter().any(|p| p == "h"), "{de:?}");
        let en = split(Lang::En, "hyphenation");
        assert_eq!(en, ["hy", "phen", "a", "tion"]);
    }

    #[test]
    fn french_words_break_at_french_syllables() {
        // French patterns, not English ones: "responsabilité" is never cut as an English word.
        let fr = split(Lang::Fr, "responsabilité");
        assert_eq!(fr.concat(), "responsabilité");
        assert!(fr.len() > 2, "{fr:?}");
        assert!(fr.iter().all(|p| p.chars().count() >= 2), "{fr:?}");
        assert_ne!(fr, split(Lang::En, "responsabilité"));
        let t = split(Lang::Fr, "traitement");
        assert_eq!(t, ["trai", "te", "ment"]);
    }

    #[test]
    fn identifiers_break_after_separators_without_a_hyphen() {
        let b = breaks(None, "tenants.geburtsdatum");
        assert_eq!(
            b,
            [Break {
                at: 8,
                hyphen: false
            }]
        );
        assert!(breaks(dictionary(Lang::En), "ab12cd34ef").is_empty());
    }
}
