//! What one value says. Computed into a [`ValueFacts`] the column reuses, so examining a
//! value allocates nothing once the buffers have grown; columns that repeat values cache the
//! facts of each distinct short value (see `stats`). A pure function of the value and the
//! dictionary.

use super::super::dictionary::{Dictionary, TopicHit};
use super::super::recognizers::{self, ValueKind};
use super::super::text::fold_into;
use super::actors::{handle_shape, is_non_person, HandleShape};
use super::prose::{fold_without_surnames, names_a_person};

/// Longest value treated as a short (non-prose) value, in words.
const SHORT_VALUE_WORDS: usize = 4;

/// The facts one value contributes to its column's statistics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueFacts {
    pub chars: u32,
    pub words: u32,
    /// Whole-value recogniser matches.
    pub kinds: Vec<ValueKind>,
    /// A phone number written with `+`, spaces, dashes or brackets.
    pub formatted_phone: bool,
    /// The year, when the value is a calendar date.
    pub date_year: Option<i32>,
    pub json: bool,
    pub user_agent: bool,
    pub any_name: bool,
    pub full_name: bool,
    pub company: bool,
    pub capitalised: bool,
    pub street_like: bool,
    /// A one-token value shaped like a username (not set for service accounts and teams).
    pub handle: HandleShape,
    /// A short value naming a service account or a team.
    pub non_person: bool,
    pub prose: bool,
    /// Identifiers found inside prose.
    pub embedded: Vec<ValueKind>,
    pub embedded_name: bool,
    /// Lexicon topics mentioned; each term is `folded[start..end]`.
    pub topics: Vec<TopicHit>,
    /// The folded text the lexicon was matched against.
    pub folded: String,
    /// Categorical groups the whole value belongs to.
    pub categorical: Vec<usize>,
    /// Scratch space for name checks.
    scratch: String,
}

/// How much of a value to examine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    Everything,
    /// Only what decides the Art. 9 topics (the same topics `Everything` finds).
    Topics,
}

impl ValueFacts {
    /// Examines one trimmed, non-empty value (allocating; the scanner uses [`Self::compute`]).
    #[cfg(test)]
    pub fn of(value: &str, dict: &Dictionary) -> ValueFacts {
        let mut f = ValueFacts::default();
        f.compute(value, dict);
        f
    }

    /// The term of a topic hit.
    pub fn term(&self, hit: &TopicHit) -> &str {
        self.folded.get(hit.start..hit.end).unwrap_or("")
    }

    /// Examines one trimmed, non-empty value, reusing this value's buffers.
    pub fn compute(&mut self, value: &str, dict: &Dictionary) {
        self.examine(value, dict, Depth::Everything);
    }

    /// Counts only the words of a value and whether it is prose: exactly the `words` and
    /// `prose` [`Self::compute`] finds. Other fields are left cleared.
    #[cfg(test)]
    pub fn compute_shape(&mut self, value: &str) {
        let (words, wordy) = word_shape(value);
        self.compute_shape_counted(value, words, wordy);
    }

    /// [`Self::compute_shape`] with the value's words already counted (`words` separated by
    /// whitespace, `wordy` of them with two letters or more).
    pub fn compute_shape_counted(&mut self, value: &str, words: usize, wordy: usize) {
        self.reset();
        self.words = u32::try_from(words).unwrap_or(u32::MAX);
        if !is_prose_shape(value, words, wordy) {
            return;
        }
        let json = (value.starts_with('{') && value.ends_with('}'))
            || (value.starts_with('[') && value.ends_with(']'));
        if json || is_user_agent(value) {
            return;
        }
        // Prose has spaces; the recognisers that accept spaces all need a digit, '@' or ':'.
        if value
            .bytes()
            .any(|b| b.is_ascii_digit() || b == b'@' || b == b':')
        {
            recognizers::recognize_into(value, &mut self.kinds);
        }
        self.prose = self.kinds.is_empty();
        self.kinds.clear();
    }

    /// Finds only the Art. 9 topics of a value: exactly the `topics` [`Self::compute`]
    /// finds, at a fraction of the cost. Other fields are left cleared.
    pub fn compute_topics(&mut self, value: &str, dict: &Dictionary) {
        self.examine(value, dict, Depth::Topics);
    }

    /// Drops buffers a long value grew past `keep` bytes, so that a column does not hold
    /// on to the memory of its longest value.
    pub fn give_back_buffers(&mut self, keep: usize) {
        if self.folded.capacity() > keep {
            self.folded = String::new();
        }
        if self.scratch.capacity() > keep {
            self.scratch = String::new();
        }
    }

    fn reset(&mut self) {
        self.chars = 0;
        self.words = 0;
        self.kinds.clear();
        self.formatted_phone = false;
        self.date_year = None;
        self.json = false;
        self.user_agent = false;
        self.any_name = false;
        self.full_name = false;
        self.company = false;
        self.capitalised = false;
        self.street_like = false;
        self.handle = HandleShape::default();
        self.non_person = false;
        self.prose = false;
        self.embedded.clear();
        self.embedded_name = false;
        self.topics.clear();
        self.folded.clear();
        self.categorical.clear();
    }

    fn examine(&mut self, value: &str, dict: &Dictionary, depth: Depth) {
        self.reset();
        let everything = depth == Depth::Everything;
        let (words, wordy) = word_shape(value);
        if everything {
            self.chars = u32::try_from(value.chars().count()).unwrap_or(u32::MAX);
            self.words = u32::try_from(words).unwrap_or(u32::MAX);
        }
        recognizers::recognize_into(value, &mut self.kinds);
        if everything {
            self.formatted_phone = self.kinds.contains(&ValueKind::Phone)
                && value.bytes().any(|b| !b.is_ascii_digit());
            if value.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                self.date_year = recognizers::parse_date(value).map(|d| d.year);
            }
        }
        if (value.starts_with('{') && value.ends_with('}'))
            || (value.starts_with('[') && value.ends_with(']'))
        {
            self.json = everything;
            return;
        }
        if !value.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
            return;
        }
        if is_user_agent(value) {
            self.user_agent = everything;
            return;
        }
        // A value a recogniser explained (an e-mail, an IBAN, a URL) is not a name or prose.
        let recognised = !self.kinds.is_empty();
        if recognised
            && self
                .kinds
                .iter()
                .any(|k| !matches!(k, ValueKind::Postcode | ValueKind::VehiclePlate))
        {
            return;
        }
        if everything {
            // A name may carry a role: "M. Thomas Petit (kinésithérapeute)", "Anna Berger, Technik".
            let name_part = value.split(['(', ',', ';']).next().unwrap_or(value).trim();
            if name_part.split_whitespace().count() <= SHORT_VALUE_WORDS {
                self.short_value(name_part, dict);
            }
        }
        let prose = !recognised && is_prose_shape(value, words, wordy);
        if prose {
            if everything {
                self.prose = true;
                for m in recognizers::find_in_text(value) {
                    if !self.embedded.contains(&m.kind) {
                        self.embedded.push(m.kind);
                    }
                }
                self.embedded_name = names_a_person(value, dict, &mut self.scratch);
            }
            fold_without_surnames(value, dict, &mut self.folded);
        } else {
            fold_blood_group_spelling(value, &mut self.folded);
            if everything && words <= SHORT_VALUE_WORDS {
                for (i, group) in dict.categorical.iter().enumerate() {
                    if group.values.contains(self.folded.as_str()) {
                        self.categorical.push(i);
                    }
                }
            }
        }
        dict.lexicon.find(&self.folded, &mut self.topics);
    }

    fn short_value(&mut self, value: &str, dict: &Dictionary) {
        self.scratch.clear();
        fold_into(value, &mut self.scratch);
        let mut word_count = 0;
        let (mut first, mut last) = (false, false);
        for w in self.scratch.split(' ').filter(|w| !w.is_empty()) {
            word_count += 1;
            first |= dict.first_names.contains(w);
            last |= dict.last_names.contains(w);
            self.company |= LEGAL_FORMS.contains(&w);
        }
        self.any_name = first || last;
        self.full_name = first && last && word_count >= 2;
        self.non_person = is_non_person(&self.scratch, dict);
        let raw_count = value.split_whitespace().count();
        if raw_count == 1 && !self.non_person {
            self.handle = handle_shape(value, dict, &mut self.scratch);
        }
        self.capitalised = (1..=SHORT_VALUE_WORDS).contains(&raw_count)
            && value.split_whitespace().all(|w| {
                let mut chars = w.chars();
                chars.next().is_some_and(char::is_uppercase)
                    && chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
            });
        let has_digit = value.bytes().any(|b| b.is_ascii_digit());
        let letters = value.chars().filter(|c| c.is_alphabetic()).count();
        self.street_like = has_digit
            && letters >= 4
            && raw_count >= 2
            && !value.contains('@')
            && !value.contains("://");
    }
}

/// Words of a value (split at whitespace) and how many of them hold two letters or more,
/// in one pass.
fn word_shape(value: &str) -> (usize, usize) {
    let (mut words, mut wordy, mut letters) = (0usize, 0usize, 0usize);
    let mut in_word = false;
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, letter) = if b < 0x80 {
            i += 1;
            // char::is_whitespace on ASCII: tab, line feed, vertical tab, form feed, CR, space.
            (matches!(b, 9..=13 | b' '), b.is_ascii_alphabetic())
        } else {
            let Some(c) = value.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            (c.is_whitespace(), c.is_alphabetic())
        };
        if space {
            wordy += usize::from(in_word && letters >= 2);
            in_word = false;
            letters = 0;
        } else {
            words += usize::from(!in_word);
            in_word = true;
            letters += usize::from(letter);
        }
    }
    wordy += usize::from(in_word && letters >= 2);
    (words, wordy)
}

/// Prose: several words, at least two of them real words (not the number groups of an IBAN
/// or a phone number). The caller rules out values a recogniser explained.
fn is_prose_shape(value: &str, words: usize, wordy: usize) -> bool {
    wordy >= 2 && (words >= 4 || (words >= 2 && value.len() >= 30))
}

/// Legal-form words that mark a company name in the supported languages (folded).
const LEGAL_FORMS: [&str; 30] = [
    "gmbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug", "ev", "mbh", "ltd", "limited", "inc", "llc",
    "plc", "corp", "sarl", "sas", "sa", "eurl", "sl", "slu", "srl", "spa", "snc", "bv", "nv",
    "vof", "sp", "zoo", "co",
];

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

/// Folds `value` into `out` (cleared), spelling blood groups so they survive folding:
/// "A+" → "a pos", "0-" → "0 neg".
fn fold_blood_group_spelling(value: &str, out: &mut String) {
    out.clear();
    if value.len() <= 6 && (value.ends_with('+') || value.ends_with('-')) {
        let (body, sign) = value.split_at(value.len() - 1);
        fold_into(body, out);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(if sign == "+" { "pos" } else { "neg" });
    } else {
        fold_into(value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_values_are_not_prose_or_names() {
        let dict = Dictionary::builtin().unwrap();
        let iban = ValueFacts::of("DE15 3704 0044 9613 1618 01", &dict);
        assert_eq!(iban.kinds, [ValueKind::Iban]);
        assert!(!iban.prose);
        let name = ValueFacts::of("M. Thomas Petit (kinésithérapeute)", &dict);
        assert!(name.any_name && name.capitalised);
        let company = ValueFacts::of("Krebs Ebert GmbH", &dict);
        assert!(company.company);
    }

    #[test]
    fn word_shape_counts_like_split_whitespace() {
        for v in [
            "",
            " a  bc\tdef\n",
            "Ça  va très bien",
            "x1 y2 zz",
            "\u{a0}ab cd\u{2003}ef",
        ] {
            let words = v.split_whitespace().count();
            let wordy = v
                .split_whitespace()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count();
            assert_eq!(word_shape(v), (words, wordy), "{v:?}");
        }
    }

    #[test]
    fn blood_groups_survive_folding() {
        let mut out = String::from("x");
        fold_blood_group_spelling("AB+", &mut out);
        assert_eq!(out, "ab pos");
        fold_blood_group_spelling("0-", &mut out);
        assert_eq!(out, "0 neg");
        fold_blood_group_spelling("+", &mut out);
        assert_eq!(out, "pos");
    }

    #[test]
    fn reused_facts_equal_fresh_facts() {
        let dict = Dictionary::builtin().unwrap();
        let values = [
            "Ich bin schwanger, bitte Herr Wagner anrufen: +49 30 1234567",
            "anna@example.org",
            "halal",
            "A+",
            "Olivier Gay reports a leak in the kitchen",
            "{\"a\": 1}",
            "Mozilla/5.0 (X11; Linux x86_64)",
            "Hauptstraße 12",
            "2026-10-08",
        ];
        let mut reused = ValueFacts::default();
        for v in values.iter().chain(values.iter().rev()) {
            reused.compute(v, &dict);
            let fresh = ValueFacts::of(v, &dict);
            assert_eq!(
                (
                    &reused.kinds,
                    reused.prose,
                    &reused.topics,
                    &reused.categorical
                ),
                (&fresh.kinds, fresh.prose, &fresh.topics, &fresh.categorical),
                "{v}"
            );
            assert_eq!(
                (reused.any_name, reused.street_like, reused.embedded_name),
                (fresh.any_name, fresh.street_like, fresh.embedded_name),
                "{v}"
            );
        }
    }

    #[test]
    fn topics_only_finds_the_same_topics() {
        let dict = Dictionary::builtin().unwrap();
        let mut full = ValueFacts::default();
        let mut light = ValueFacts::default();
        for v in [
            "Ich bin schwanger und sitze im Rollstuhl",
            "Tenant Olivier Gay reports a leak",
            "asthma",
            "coeliac",
            "A+",
            "anna@example.org asthma",
            "Heizung kalt",
            "{\"note\": \"asthma attack in the night\"}",
            "12 34 56 78 90",
            "Mozilla/5.0 (X11; Linux x86_64) Gecko",
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "https://example.org is down since Monday",
            "Anruf: Termin am 08.10.2026 um 10:00 verschoben",
            "Ça marche très bien, merci beaucoup",
        ] {
            full.compute(v, &dict);
            let mut shape = ValueFacts::default();
            shape.compute_shape(v);
            assert_eq!((shape.words, shape.prose), (full.words, full.prose), "{v}");
            light.compute_topics(v, &dict);
            let terms = |f: &ValueFacts| -> Vec<(usize, String)> {
                f.topics
                    .iter()
                    .map(|h| (h.topic, f.term(h).to_string()))
                    .collect()
            };
            assert_eq!(terms(&full), terms(&light), "{v}");
        }
    }
}
