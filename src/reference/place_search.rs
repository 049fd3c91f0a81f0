//! Finding a place as someone types it: the countries' and organisations' names and aliases
//! are folded once when the tables load ([`PlaceIndex`]), so parsing an answer or narrowing a
//! type-ahead list compares folded strings and never folds the ~250 names again per key press
//! (code review N5). An exact ISO code (or any name [`Reference::parse_place`] accepts) is the
//! first match; then names in the UI language, in English and the other languages and
//! aliases that start with what was typed; then those that contain it.

use super::{Country, Reference, EU, UNKNOWN};
use crate::lang::Lang;
use crate::scan::text::fold;

/// One place's code and its folded names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoldedPlace {
    code: String,
    en: String,
    de: String,
    fr: String,
    aliases: Vec<String>,
}

impl FoldedPlace {
    /// The folded name in `lang`.
    fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
            Lang::Fr => &self.fr,
        }
    }

    /// Every folded name and alias.
    fn names(&self) -> impl Iterator<Item = &str> {
        [self.en.as_str(), self.de.as_str(), self.fr.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
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
                fr: fold(&c.fr),
                aliases: c.aliases.iter().map(|a| fold(a)).collect(),
            })
            .collect();
        PlaceIndex { places }
    }

    /// The code of the place whose name or alias is exactly `folded`.
    pub(super) fn exact(&self, folded: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|p| p.names().any(|n| n == folded))
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
fn rank(place: &FoldedPlace, typed: &str, lang: Lang) -> Option<u8> {
    let own = place.name(lang);
    if own.starts_with(typed) {
        return Some(1);
    }
    if place.names().any(|n| n.starts_with(typed)) {
        return Some(2);
    }
    // Inside a name only from three letters on: "de" would match half the world. Only the
    // UI language's name, English and the aliases: a German or French name containing what
    // was typed in English rarely means that country.
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
    /// A place's name in `lang`, for codes, organisations, `EU` and `unknown`; the code
    /// itself when dpia does not know it.
    pub fn place_name(&self, code: &str, lang: Lang) -> String {
        match (code, lang) {
            (EU, Lang::En) => "European Union (EU)".into(),
            (EU, Lang::De) => "Europäische Union (EU)".into(),
            // The code stays EU (what is stored and typed); French readers know it as the UE.
            (EU, Lang::Fr) => "Union européenne".into(),
            (UNKNOWN, Lang::En) => "unknown".into(),
            (UNKNOWN, Lang::De) => "unbekannt".into(),
            (UNKNOWN, Lang::Fr) => "inconnu".into(),
            _ => self
                .country_name(code, lang)
                .map_or_else(|| code.to_string(), str::to_string),
        }
    }

    /// The places offered for `typed`, best first: what [`Reference::parse_place`] accepts
    /// (an exact code wins: `DE` is Germany, never the Congo), then names in `lang` and English
    /// and aliases starting with it, then those containing it. An empty `typed` offers every
    /// place by name.
    pub fn search_places(&self, typed: &str, lang: Lang) -> Vec<PlaceMatch> {
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
                r.map(|r| (r, p.name(lang).to_string(), p.code.as_str()))
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
    use crate::lang::Lang;
    use crate::reference::Reference;

    fn codes(r: &Reference, typed: &str, lang: Lang) -> Vec<String> {
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
            assert_eq!(codes(&r, typed, Lang::En)[0], code, "{typed}");
            assert_eq!(codes(&r, typed, Lang::De)[0], code, "{typed}");
        }
    }

    #[test]
    fn names_match_in_the_ui_language_in_english_and_by_alias() {
        let r = Reference::builtin().unwrap();
        assert_eq!(codes(&r, "germ", Lang::En)[0], "DE");
        assert_eq!(codes(&r, "deutsch", Lang::De)[0], "DE");
        assert_eq!(
            codes(&r, "deutsch", Lang::En)[0],
            "DE",
            "German names work in English too"
        );
        assert_eq!(
            codes(&r, "germany", Lang::De)[0],
            "DE",
            "English names work in German too"
        );
        assert_eq!(codes(&r, "UK", Lang::En)[0], "GB");
        assert_eq!(codes(&r, "vereinigtes k", Lang::De)[0], "GB");
        assert_eq!(codes(&r, "österr", Lang::De)[0], "AT");
        let united = codes(&r, "united", Lang::En);
        assert!(united.contains(&"US".to_string()) && united.contains(&"GB".to_string()));
        assert!(codes(&r, "atlantis", Lang::En).is_empty());
        let m = &r.search_places("DE", Lang::De)[0];
        assert_eq!((m.code.as_str(), m.name.as_str()), ("DE", "Deutschland"));
    }

    /// A name or alias in any language stands for one place only, so a French name can never
    /// turn into another country's code.
    #[test]
    fn no_name_or_alias_names_two_places() {
        let r = Reference::builtin().unwrap();
        let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
        for p in &r.places.places {
            for n in p.names() {
                if let Some(other) = seen.insert(n, &p.code) {
                    assert_eq!(other, p.code, "'{n}' names {other} and {}", p.code);
                }
            }
        }
    }

    #[test]
    fn french_names_match_and_are_shown_in_french() {
        let r = Reference::builtin().unwrap();
        assert_eq!(codes(&r, "allem", Lang::Fr)[0], "DE");
        assert_eq!(codes(&r, "etats-u", Lang::Fr)[0], "US");
        assert_eq!(codes(&r, "royaume", Lang::Fr)[0], "GB");
        assert_eq!(
            codes(&r, "germany", Lang::Fr)[0],
            "DE",
            "English names work in French"
        );
        let m = &r.search_places("DE", Lang::Fr)[0];
        assert_eq!((m.code.as_str(), m.name.as_str()), ("DE", "Allemagne"));
        // An exact code still wins: DE is Germany, not "Danemark" or "Dominique".
        assert_eq!(codes(&r, "de", Lang::Fr)[0], "DE");
    }

    #[test]
    fn the_pseudo_places_are_offered_and_named() {
        let r = Reference::builtin().unwrap();
        assert_eq!(codes(&r, "EU", Lang::En)[0], "EU");
        assert_eq!(codes(&r, "unb", Lang::De), vec!["unknown"]);
        assert_eq!(r.place_name("EU", Lang::De), "Europäische Union (EU)");
        assert_eq!(r.place_name("EU", Lang::Fr), "Union européenne");
        assert_eq!(codes(&r, "inconnu", Lang::Fr), vec!["unknown"]);
        assert_eq!(r.place_name("XX", Lang::En), "XX");
        assert!(r.search_places("", Lang::En).len() > 249);
    }
}
