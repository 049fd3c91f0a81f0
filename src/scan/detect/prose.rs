//! Reading prose without allocating: folding a text for the Art. 9 lexicon while leaving
//! out surnames (the capitalised words after a known first name), and spotting a person
//! named in a text ("Herr Wagner", "Anna Berger"). Both run on every text value a column
//! examines, into buffers the caller reuses.

use super::super::dictionary::Dictionary;
use super::super::text::fold_into;

/// Name particles that continue a surname ("Ursula von der Leyen").
const PARTICLES: [&str; 16] = [
    "le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da", "del", "dos", "ten",
    "ter", "zu",
];

/// Cue words before a name in prose, in the supported languages.
const NAME_CUES: [&str; 24] = [
    "herr", "herrn", "frau", "mr", "mrs", "ms", "miss", "mme", "madame", "monsieur", "m", "sr",
    "sra", "senor", "senora", "sig", "signor", "signora", "dhr", "mevr", "mevrouw", "pan", "pani",
    "dr",
];

fn starts_uppercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Folds `text` into `out` (cleared first) as [`crate::scan::text::fold`] would, but leaves
/// out the capitalised words after a known first name ("Olivier Gay", "Anna Parkinson"):
/// surnames, not diagnoses or orientations.
pub fn fold_without_surnames(text: &str, dict: &Dictionary, out: &mut String) {
    out.clear();
    let mut in_name = false;
    for token in text.split_whitespace() {
        let capitalised = starts_uppercase(token);
        let mark = out.len();
        if mark > 0 {
            out.push(' ');
        }
        let word_start = out.len();
        fold_into(token, out);
        let folded = out.get(word_start..).unwrap_or("");
        let continues_name = in_name && (capitalised || PARTICLES.contains(&folded));
        let first_name = capitalised && dict.first_names.contains(folded);
        if continues_name || out.len() == word_start {
            out.truncate(mark);
        }
        in_name = first_name || (continues_name && !token.ends_with([',', '.', ':', ';']));
    }
}

/// Whether prose names a person: a known first name followed by a capitalised known
/// surname, or a title/cue word followed by a capitalised word ("Herr Wagner", "Mme
/// Dubois"). `buf` is scratch space.
pub fn names_a_person(text: &str, dict: &Dictionary, buf: &mut String) -> bool {
    let mut words = text
        .split(|c: char| {
            c.is_whitespace() || c == ',' || c == ';' || c == ':' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty());
    let Some(mut a) = words.next() else {
        return false;
    };
    for b in words {
        let pair = (a, b);
        a = b;
        let (a, b) = (pair.0, pair.1.trim_end_matches(['.', '!', '?']));
        let b_capitalised = starts_uppercase(b)
            && b.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && b.chars().count() >= 2;
        if !b_capitalised {
            continue;
        }
        let a_clean = a.trim_end_matches('.');
        if !starts_uppercase(a_clean) {
            continue;
        }
        buf.clear();
        fold_into(a_clean, buf);
        if NAME_CUES.contains(&buf.as_str()) {
            return true;
        }
        if !dict.first_names.contains(buf.as_str()) {
            continue;
        }
        buf.clear();
        fold_into(b, buf);
        if dict.last_names.contains(buf.as_str()) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without_surnames(text: &str) -> String {
        let dict = Dictionary::builtin().unwrap();
        let mut out = String::from("stale");
        fold_without_surnames(text, &dict, &mut out);
        out
    }

    #[test]
    fn names_in_prose_need_a_cue_or_a_full_name() {
        let dict = Dictionary::builtin().unwrap();
        let mut buf = String::new();
        assert!(names_a_person("Bitte Herr Wagner anrufen", &dict, &mut buf));
        assert!(names_a_person("Rückruf an Anna Berger.", &dict, &mut buf));
        assert!(!names_a_person(
            "Die Heizung im Bad bleibt kalt",
            &dict,
            &mut buf
        ));
        assert!(!names_a_person("herr wagner", &dict, &mut buf));
        assert!(!names_a_person("", &dict, &mut buf));
    }

    #[test]
    fn surnames_after_first_names_are_left_out() {
        assert_eq!(
            without_surnames("Tenant Olivier Gay reports a leak"),
            "tenant olivier reports a leak"
        );
        assert_eq!(
            without_surnames("I use a wheelchair since March"),
            "i use a wheelchair since march"
        );
        // A name ends at punctuation; particles continue it.
        assert_eq!(
            without_surnames("Anna von der Gay, asthma -- ok"),
            "anna asthma ok"
        );
        assert_eq!(without_surnames(" -- "), "");
    }
}
