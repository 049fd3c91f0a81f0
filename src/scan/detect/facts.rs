//! What one value says, computed once per distinct value (columns repeat values: statuses,
//! cities, first names), so that `--full` pays the recognisers only for new values. A pure
//! function of the value and the dictionary.

use super::super::dictionary::Dictionary;
use super::super::recognizers::{self, ValueKind};
use super::super::text::fold;

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
    pub prose: bool,
    /// Identifiers found inside prose.
    pub embedded: Vec<ValueKind>,
    pub embedded_name: bool,
    /// Lexicon topics mentioned, with the term that matched.
    pub topics: Vec<(usize, String)>,
    /// Categorical groups the whole value belongs to.
    pub categorical: Vec<usize>,
}

impl ValueFacts {
    /// Examines one trimmed, non-empty value.
    pub fn of(value: &str, dict: &Dictionary) -> ValueFacts {
        let mut f = ValueFacts {
            chars: u32::try_from(value.chars().count()).unwrap_or(u32::MAX),
            ..ValueFacts::default()
        };
        let words = value.split_whitespace().count();
        f.words = u32::try_from(words).unwrap_or(u32::MAX);
        f.kinds = recognizers::recognize(value);
        f.formatted_phone =
            f.kinds.contains(&ValueKind::Phone) && value.bytes().any(|b| !b.is_ascii_digit());
        if value.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            f.date_year = recognizers::parse_date(value).map(|(y, _, _)| y);
        }
        if (value.starts_with('{') && value.ends_with('}'))
            || (value.starts_with('[') && value.ends_with(']'))
        {
            f.json = true;
            return f;
        }
        if !value.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
            return f;
        }
        if is_user_agent(value) {
            f.user_agent = true;
            return f;
        }
        // A value a recogniser explained (an e-mail, an IBAN, a URL) is not a name or prose.
        let recognised = !f.kinds.is_empty();
        if recognised
            && f.kinds
                .iter()
                .any(|k| !matches!(k, ValueKind::Postcode | ValueKind::VehiclePlate))
        {
            return f;
        }
        // A name may carry a role: "M. Thomas Petit (kinésithérapeute)", "Anna Berger, Technik".
        let name_part = value.split(['(', ',', ';']).next().unwrap_or(value).trim();
        if name_part.split_whitespace().count() <= SHORT_VALUE_WORDS {
            f.short_value(name_part, dict);
        }
        // Prose: several words, at least two of them real words (not the number groups of an
        // IBAN or a phone number), and not a value a recogniser already explained.
        let wordy = value
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count()
            >= 2;
        f.prose = !recognised && wordy && (words >= 4 || (words >= 2 && value.len() >= 30));
        let folded = fold(&blood_group_spelling(value));
        if f.prose {
            for m in recognizers::find_in_text(value) {
                if !f.embedded.contains(&m.kind) {
                    f.embedded.push(m.kind);
                }
            }
            f.embedded_name = names_a_person(value, dict);
        } else if words <= SHORT_VALUE_WORDS {
            for (i, group) in dict.categorical.iter().enumerate() {
                if group.values.contains(folded.as_str()) {
                    f.categorical.push(i);
                }
            }
        }
        if f.prose {
            let words = prose_words_without_surnames(value, dict);
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            f.topics = dict.lexicon.matches(&refs);
        } else {
            let folded_words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            f.topics = dict.lexicon.matches(&folded_words);
        }
        f
    }

    fn short_value(&mut self, value: &str, dict: &Dictionary) {
        let folded = fold(value);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let first = words.iter().any(|w| dict.first_names.contains(*w));
        let last = words.iter().any(|w| dict.last_names.contains(*w));
        self.any_name = first || last;
        self.full_name = first && last && words.len() >= 2;
        self.company = words.iter().any(|w| LEGAL_FORMS.contains(w));
        let raw: Vec<&str> = value.split_whitespace().collect();
        self.capitalised = (1..=SHORT_VALUE_WORDS).contains(&raw.len())
            && raw.iter().all(|w| {
                let mut chars = w.chars();
                chars.next().is_some_and(char::is_uppercase)
                    && chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
            });
        let has_digit = value.bytes().any(|b| b.is_ascii_digit());
        let letters = value.chars().filter(|c| c.is_alphabetic()).count();
        self.street_like = has_digit
            && letters >= 4
            && raw.len() >= 2
            && !value.contains('@')
            && !value.contains("://");
    }
}

/// Folded words of prose, leaving out the capitalised word after a known first name
/// ("Olivier Gay", "Anna Parkinson"): a surname, not a diagnosis or an orientation.
fn prose_words_without_surnames(text: &str, dict: &Dictionary) -> Vec<String> {
    const PARTICLES: [&str; 16] = [
        "le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da", "del", "dos", "ten",
        "ter", "zu",
    ];
    let mut out = Vec::new();
    let mut in_name = false;
    for token in text.split_whitespace() {
        let capitalised = token.chars().next().is_some_and(char::is_uppercase);
        let folded = fold(token);
        let continues_name = in_name && (capitalised || PARTICLES.contains(&folded.as_str()));
        if !continues_name {
            out.extend(
                folded
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(String::from),
            );
        }
        let first_name = capitalised && dict.first_names.contains(folded.as_str());
        in_name = first_name || (continues_name && !token.ends_with([',', '.', ':', ';']));
    }
    out
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

    #[test]
    fn names_in_prose_need_a_cue_or_a_full_name() {
        let dict = Dictionary::builtin().unwrap();
        assert!(names_a_person("Bitte Herr Wagner anrufen", &dict));
        assert!(!names_a_person("Die Heizung im Bad bleibt kalt", &dict));
    }

    #[test]
    fn surnames_after_first_names_are_not_lexicon_hits() {
        let dict = Dictionary::builtin().unwrap();
        let words = prose_words_without_surnames("Tenant Olivier Gay reports a leak", &dict);
        assert!(!words.contains(&"gay".to_string()), "{words:?}");
        let words = prose_words_without_surnames("I use a wheelchair since March", &dict);
        assert!(words.contains(&"wheelchair".to_string()));
    }

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
}
