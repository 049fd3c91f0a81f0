//! Per-column statistics gathered value by value: which recognisers matched, how many values
//! look like dates of birth, names, prose, Art. 9 terms. Constant memory whatever the number
//! of rows, so `--full` can stream a file of any size through it.

use super::super::dictionary::Dictionary;
use super::super::recognizers::{self, ValueKind};
use super::super::text::fold;
use std::collections::{BTreeMap, HashSet};

/// Distinct values tracked exactly before the count is treated as "many".
const DISTINCT_CAP: usize = 4096;
/// Example values kept for the report (masked on output).
const EXAMPLES: usize = 3;
/// Longest value treated as a short (non-prose) value.
const SHORT_VALUE_WORDS: usize = 4;

/// What the values of one column looked like.
#[derive(Debug, Clone, Default)]
pub struct ColumnStats {
    pub non_empty: u64,
    /// Whole-value recogniser matches.
    pub kinds: BTreeMap<ValueKind, u64>,
    /// Phone numbers written with `+`, spaces, dashes or brackets (not bare digit runs).
    pub formatted_phones: u64,
    /// Years of values that parsed as calendar dates.
    pub date_years: BTreeMap<i32, u64>,
    /// Short values containing a known first name.
    pub first_name_values: u64,
    /// Short values containing a known last name.
    pub last_name_values: u64,
    /// Short values holding both a known first name and a known last name.
    pub full_name_values: u64,
    /// Short values with 2-4 capitalised words ("Anna Müller").
    pub capitalised_values: u64,
    /// Values that look like a street address (letters and a house number).
    pub street_like: u64,
    /// Values of at least four words or 30 characters with spaces: prose.
    pub prose_values: u64,
    pub total_words: u64,
    pub total_chars: u64,
    /// Lexicon topic index -> values mentioning it, with up to three terms seen.
    pub topic_values: BTreeMap<usize, (u64, Vec<String>)>,
    /// Categorical group index -> values equal to one of its values.
    pub categorical_values: BTreeMap<usize, u64>,
    /// Identifiers embedded in prose: kind -> values containing one.
    pub embedded: BTreeMap<ValueKind, u64>,
    /// Prose values naming a person ("Herr Wagner", "Anna Berger").
    pub embedded_names: u64,
    /// Values that parse as JSON objects or arrays.
    pub json_values: u64,
    /// Browser user-agent strings (`Mozilla/5.0 (…)`): online identifiers.
    pub user_agents: u64,
    distinct: HashSet<u64>,
    distinct_overflow: bool,
    pub examples: Vec<String>,
}

impl ColumnStats {
    /// Examines one value.
    pub fn observe(&mut self, raw: &str, dict: &Dictionary) {
        let value = raw.trim();
        if value.is_empty() {
            return;
        }
        self.non_empty += 1;
        self.track_distinct(value);
        if self.examples.len() < EXAMPLES && !self.examples.iter().any(|e| e == value) {
            self.examples.push(value.chars().take(80).collect());
        }
        self.total_chars += value.chars().count() as u64;
        let words = value.split_whitespace().count();
        self.total_words += words as u64;

        for kind in recognizers::recognize(value) {
            *self.kinds.entry(kind).or_insert(0) += 1;
            if kind == ValueKind::Phone && value.bytes().any(|b| !b.is_ascii_digit()) {
                self.formatted_phones += 1;
            }
        }
        if value.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            if let Some((year, _, _)) = recognizers::parse_date(value) {
                *self.date_years.entry(year).or_insert(0) += 1;
            }
        }
        if (value.starts_with('{') && value.ends_with('}'))
            || (value.starts_with('[') && value.ends_with(']'))
        {
            self.json_values += 1;
            return;
        }
        if !value.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
            return;
        }
        if is_user_agent(value) {
            self.user_agents += 1;
            return;
        }
        let folded = fold(&blood_group_spelling(value));
        let folded_words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let is_prose = words >= 4 || (words >= 2 && value.len() >= 30);
        if is_prose {
            self.prose_values += 1;
            self.observe_prose(value, dict);
        } else if words <= SHORT_VALUE_WORDS {
            self.observe_short(value, &folded_words, dict);
            for (i, group) in dict.categorical.iter().enumerate() {
                if group.values.contains(folded.as_str()) {
                    *self.categorical_values.entry(i).or_insert(0) += 1;
                }
            }
        }
        for (topic, term) in dict.lexicon.matches(&folded_words) {
            let entry = self.topic_values.entry(topic).or_insert((0, Vec::new()));
            entry.0 += 1;
            if entry.1.len() < 3 && !entry.1.contains(&term) {
                entry.1.push(term);
            }
        }
    }

    fn observe_short(&mut self, value: &str, folded_words: &[&str], dict: &Dictionary) {
        let first = folded_words.iter().any(|w| dict.first_names.contains(*w));
        let last = folded_words.iter().any(|w| dict.last_names.contains(*w));
        self.first_name_values += u64::from(first);
        self.last_name_values += u64::from(last);
        self.full_name_values += u64::from(first && last && folded_words.len() >= 2);
        let words: Vec<&str> = value.split_whitespace().collect();
        if (1..=4).contains(&words.len())
            && words.iter().all(|w| {
                let mut chars = w.chars();
                chars.next().is_some_and(char::is_uppercase)
                    && chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
            })
        {
            self.capitalised_values += 1;
        }
        let has_digit = value.bytes().any(|b| b.is_ascii_digit());
        let letters = value.chars().filter(|c| c.is_alphabetic()).count();
        if has_digit
            && letters >= 4
            && words.len() >= 2
            && !value.contains('@')
            && !value.contains("://")
        {
            self.street_like += 1;
        }
    }

    fn observe_prose(&mut self, value: &str, dict: &Dictionary) {
        let mut seen = Vec::new();
        for m in recognizers::find_in_text(value) {
            if !seen.contains(&m.kind) {
                seen.push(m.kind);
                *self.embedded.entry(m.kind).or_insert(0) += 1;
            }
        }
        if names_a_person(value, dict) {
            self.embedded_names += 1;
        }
    }

    fn track_distinct(&mut self, value: &str) {
        if self.distinct_overflow {
            return;
        }
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        value.hash(&mut h);
        self.distinct.insert(h.finish());
        if self.distinct.len() >= DISTINCT_CAP {
            self.distinct_overflow = true;
            self.distinct = HashSet::new();
        }
    }

    /// Distinct values seen (a lower bound once past the tracking cap).
    pub fn distinct(&self) -> u64 {
        if self.distinct_overflow {
            DISTINCT_CAP as u64
        } else {
            self.distinct.len() as u64
        }
    }

    /// Share of non-empty values for which `count` holds.
    pub fn share(&self, count: u64) -> f64 {
        if self.non_empty == 0 {
            0.0
        } else {
            count as f64 / self.non_empty as f64
        }
    }

    pub fn kind_count(&self, kind: ValueKind) -> u64 {
        self.kinds.get(&kind).copied().unwrap_or(0)
    }

    /// Values matching any kind `pred` accepts (a value counts once per kind it matched).
    pub fn kinds_where(&self, pred: impl Fn(ValueKind) -> bool) -> u64 {
        self.kinds
            .iter()
            .filter(|(k, _)| pred(**k))
            .map(|(_, n)| *n)
            .sum()
    }

    pub fn mean_words(&self) -> f64 {
        if self.non_empty == 0 {
            0.0
        } else {
            self.total_words as f64 / self.non_empty as f64
        }
    }

    /// Merges statistics of another sample of the same column.
    pub fn dates_total(&self) -> u64 {
        self.date_years.values().sum()
    }
}

/// Browser and client user-agent strings: `Mozilla/5.0 (X11; …) Gecko/…`, `curl/8.4.0`.
fn is_user_agent(value: &str) -> bool {
    const PRODUCTS: [&str; 6] = [
        "Mozilla/",
        "Opera/",
        "curl/",
        "Dalvik/",
        "okhttp/",
        "PostmanRuntime/",
    ];
    PRODUCTS.iter().any(|p| value.starts_with(p))
}

/// "A+" → "a pos", "0-" → "0 neg": blood groups survive folding.
fn blood_group_spelling(value: &str) -> std::borrow::Cow<'_, str> {
    if value.len() <= 6 && (value.ends_with('+') || value.ends_with('-')) {
        let (body, sign) = value.split_at(value.len() - 1);
        let word = if sign == "+" { "pos" } else { "neg" };
        std::borrow::Cow::Owned(format!("{body} {word}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Cue words before a name in prose, in the supported languages.
const NAME_CUES: [&str; 24] = [
    "herr", "herrn", "frau", "mr", "mrs", "ms", "miss", "mme", "madame", "monsieur", "m", "sr",
    "sra", "senor", "senora", "sig", "signor", "signora", "dhr", "mevr", "mevrouw", "pan", "pani",
    "dr",
];

/// Whether prose names a person: a known first name followed by a capitalised word, or a
/// title/cue word followed by a capitalised word ("Herr Wagner", "Mme Dubois").
fn names_a_person(text: &str, dict: &Dictionary) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace() || c == ',' || c == ';' || c == ':' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|pair| {
        let (a, b) = (pair[0], pair[1].trim_end_matches(['.', '!', '?']));
        let b_capitalised = b.chars().next().is_some_and(char::is_uppercase)
            && b.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && b.chars().count() >= 2;
        if !b_capitalised {
            return false;
        }
        let a_clean = a.trim_end_matches('.');
        let a_folded = fold(a_clean);
        let a_capitalised = a_clean.chars().next().is_some_and(char::is_uppercase);
        (NAME_CUES.contains(&a_folded.as_str()) && a_capitalised)
            || (a_capitalised
                && dict.first_names.contains(a_folded.as_str())
                && dict.last_names.contains(fold(b).as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(values: &[&str]) -> ColumnStats {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for v in values {
            s.observe(v, &dict);
        }
        s
    }

    #[test]
    fn counts_recognised_kinds_and_ignores_empty() {
        let s = stats(&["a@example.org", "", "  ", "b@example.com", "none"]);
        assert_eq!(s.non_empty, 3);
        assert_eq!(s.kind_count(ValueKind::Email), 2);
    }

    #[test]
    fn finds_health_terms_and_embedded_phone_in_prose() {
        let s = stats(&[
            "Schimmel an der Außenwand, ich bin schwanger und mache mir Sorgen.",
            "Steckdose im Flur sprüht Funken. Bitte dringend, Telefon +49(0)5074 95288.",
        ]);
        assert_eq!(s.prose_values, 2);
        assert_eq!(s.embedded.get(&ValueKind::Phone), Some(&1));
        assert!(!s.topic_values.is_empty());
    }

    #[test]
    fn names_in_prose_need_a_cue_or_a_full_name() {
        let dict = Dictionary::builtin().unwrap();
        assert!(names_a_person("Bitte Herr Wagner anrufen", &dict));
        assert!(!names_a_person("Die Heizung im Bad bleibt kalt", &dict));
    }

    #[test]
    fn distinct_count_is_bounded() {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for i in 0..10_000 {
            s.observe(&i.to_string(), &dict);
        }
        assert_eq!(s.distinct(), DISTINCT_CAP as u64);
        assert!(s.examples.len() <= EXAMPLES);
    }
}
