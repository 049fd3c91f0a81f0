//! Finding a place as someone types it: the countries' and organisations' names and aliases
//! are folded once when the tables load ([`PlaceIndex`]), so parsing an answer or narrowing a
//! type-ahead list compares folded strings and never folds the ~250 names again per key press
//! (code review N5). An exact ISO code (or any name [`Reference::parse_place`] accepts) is the
//! first match; then names in the UI language and in English and aliases that start with what
//! was typed; then those that contain it.

use super::{Country, Reference, EU, UNKNOWN};
use crate::scan::text::fold;

/// One place's code and its folded names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoldedPlace {
    code: String,
    en: String,
    de: String,
    aliases: Vec<String>,
}

/// The folded names of every country and international organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct PlaceIndex {
    places: Vec<FoldedPlace>,
}

impl PlaceIndex {
    pub(super) fn new(countries: &[Country], organisations: &[Country]) -> PlaceIndex {
        let places = countries
            .iter()
            .chain(organisations)
            .map(|c| FoldedPlace {
                code: c.code.clone(),
                en: fold(&c.en),
                de: fold(&c.de),
                aliases: c.aliases.iter().map(|a| fold(a)).collect(),
            })
            .collect();
        PlaceIndex { places }
    }

    /// The code of the place whose name or alias is exactly `folded`.
    pub(super) fn exact(&self, folded: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|p| p.en == folded || p.de == folded || p.aliases.iter().any(|a| a == folded))
            .map(|p| p.code.as_str())
    }
}

/// A place offered for what was typed: its code and its name in the UI language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    pub code: String,
    pub name: String,
}

/// How well a place's names fit what was typed (lower is better).
fn rank(place: &FoldedPlace, typed: &str, lang: &str) -> Option<u8> {
    let own = if lang == "de" { &place.de } else { &place.en };
    if own.starts_with(typed) {
        return Some(1);
    }
    if place.en.starts_with(typed)
        || place.de.starts_with(typed)
        || place.aliases.iter().any(|a| a.starts_with(typed))
    {
        return Some(2);
    }
    // Inside a name only from three letters on: "de" would match half the world.
    if typed.len() >= 3
        && (own.contains(typed)
            || place.en.contains(typed)
            || place.aliases.iter().any(|a| a.contains(typed)))
    {
        return Some(3);
    }
    None
}

impl Reference {
    /// A place's name in `lang` (`de`, else English), for codes, organisations, `EU` and
    /// `unknown`; the code itself when dpia does not know it.
    pub fn place_name(&self, code: &str, lang: &str) -> String {
        match code {
            EU if lang == "de" => "Europäische Union (EU)".into(),
            EU => "European Union (EU)".into(),
            UNKNOWN if lang == "de" => "unbekannt".into(),
            UNKNOWN => "unknown".into(),
            _ => self
                .country_name(code, lang)
                .map_or_else(|| code.to_string(), str::to_string),
        }
    }

    /// The places offered for `typed`, best first: what [`Reference::parse_place`] accepts
    /// (an exact code wins: `DE` is Germany, never the Congo), then names in `lang` and English
    /// and aliases starting with it, then those containing it. An empty `typed` offers every
    /// place by name.
    pub fn search_places(&self, typed: &str, lang: &str) -> Vec<PlaceMatch> {
        let offer = |code: &str| PlaceMatch {
            code: code.to_string(),
            name: self.place_name(code, lang),
        };
        let folded = fold(typed);
        let mut out: Vec<PlaceMatch> = Vec::new();
        if let Ok(code) = self.parse_place(typed) {
            out.push(offer(&code));
        }
        // (rank, folded name to sort by, code): nothing is folded again but what was typed.
        let mut ranked: Vec<(u8, String, &str)> = self
            .places
            .places
            .iter()
            .filter(|p| !out.iter().any(|m| m.code == p.code))
            .filter_map(|p| {
                let r = if folded.is_empty() {
                    Some(1)
                } else {
                    rank(p, &folded, lang)
                };
                let key = if lang == "de" { &p.de } else { &p.en };
                r.map(|r| (r, key.clone(), p.code.as_str()))
            })
            .collect();
        for pseudo in [EU, UNKNOWN] {
            let name = fold(&self.place_name(pseudo, lang));
            let fits = folded.is_empty() || name.starts_with(&folded);
            if fits && !out.iter().any(|m| m.code == pseudo) {
                ranked.push((4, name, pseudo));
            }
        }
        ranked.sort();
        out.extend(ranked.into_iter().map(|(_, _, code)| offer(code)));
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::reference::Reference;

    fn codes(r: &Reference, typed: &str, lang: &str) -> Vec<String> {
        r.search_places(typed, lang)
            .into_iter()
            .map(|m| m.code)
            .collect()
    }

    #[test]
    fn an_exact_code_wins_over_names_that_start_with_it() {
        let r = Reference::builtin().unwrap();
        // The walkthrough's S1: DE stored the Congo, SE Serbia, ES put Estonia first.
        for (typed, code) in [
            ("DE", "DE"),
            ("SE", "SE"),
            ("ES", "ES"),
            ("de", "DE"),
            ("us", "US"),
        ] {
            assert_eq!(codes(&r, typed, "en")[0], code, "{typed}");
            assert_eq!(codes(&r, typed, "de")[0], code, "{typed}");
        }
    }

    #[test]
    fn names_match_in_the_ui_language_in_english_and_by_alias() {
        let r = Reference::builtin().unwrap();
        assert_eq!(codes(&r, "germ", "en")[0], "DE");
        assert_eq!(codes(&r, "deutsch", "de")[0], "DE");
        assert_eq!(
            codes(&r, "deutsch", "en")[0],
            "DE",
            "German names work in English too"
        );
        assert_eq!(
            codes(&r, "germany", "de")[0],
            "DE",
            "English names work in German too"
        );
        assert_eq!(codes(&r, "UK", "en")[0], "GB");
        assert_eq!(codes(&r, "vereinigtes k", "de")[0], "GB");
        assert_eq!(codes(&r, "österr", "de")[0], "AT");
        let united = codes(&r, "united", "en");
        assert!(united.contains(&"US".to_string()) && united.contains(&"GB".to_string()));
        assert!(codes(&r, "atlantis", "en").is_empty());
        let m = &r.search_places("DE", "de")[0];
        assert_eq!((m.code.as_str(), m.name.as_str()), ("DE", "Deutschland"));
    }

    #[test]
    fn the_pseudo_places_are_offered_and_named() {
        let r = Reference::builtin().unwrap();
        assert_eq!(codes(&r, "EU", "en")[0], "EU");
        assert_eq!(codes(&r, "unb", "de"), vec!["unknown"]);
        assert_eq!(r.place_name("EU", "de"), "Europäische Union (EU)");
        assert_eq!(r.place_name("XX", "en"), "XX");
        assert!(r.search_places("", "en").len() > 249);
    }
}
