//! What people write for a place, turned into the code dpia judges: an ISO 3166-1 alpha-2 code
//! (`DE`), a country's English, German or French name (`Germany`, `Deutschland`,
//! `Allemagne`), a common alias
//! (`UK`, `EL`, `USA`, `Holland`), an international organisation (`EPO`), or the pseudo-places
//! `EU` and `unknown`. Anything else is refused with a message naming it: a country answer is
//! never split into words or guessed (GDPR Chapter V turns on the exact country). The same
//! parser serves answers files, the TUI and the evaluation.

use super::{Reference, EU, UNKNOWN};
use crate::scan::text::fold;

impl Reference {
    /// One place: its code, or why it is not one.
    pub fn parse_place(&self, input: &str) -> Result<String, String> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err("the country is empty".into());
        }
        if raw.eq_ignore_ascii_case(UNKNOWN) {
            return Ok(UNKNOWN.to_string());
        }
        if raw == EU
            || raw.eq_ignore_ascii_case("european union")
            || raw.eq_ignore_ascii_case("UE")
            || fold(raw) == "union europeenne"
        {
            return Ok(EU.to_string());
        }
        // An exact code wins over names: `DE` is Germany, never a name starting with "de".
        let upper = raw.to_ascii_uppercase();
        if raw.len() <= 3
            && raw.bytes().all(|b| b.is_ascii_alphabetic())
            && self.country(&upper).is_some()
        {
            return Ok(upper);
        }
        // The names were folded once when the tables loaded.
        let wanted = fold(raw);
        // Then without an article: "the Netherlands", "les Pays-Bas", "l'Inde".
        let bare = ["the ", "les ", "le ", "la ", "l "]
            .iter()
            .find_map(|article| wanted.strip_prefix(article));
        match self
            .places
            .exact(&wanted)
            .or_else(|| bare.and_then(|b| self.places.exact(b)))
        {
            Some(code) => Ok(code.to_string()),
            None => Err(format!(
                "'{raw}' is not a country dpia knows: write an ISO 3166-1 code (DE, US), a country's English, German or French name, EU or unknown"
            )),
        }
    }

    /// A list of places separated by commas, semicolons or new lines, each parsed with
    /// [`Reference::parse_place`]; duplicates are dropped, every unknown entry is named.
    pub fn parse_places(&self, input: &str) -> Result<Vec<String>, String> {
        let mut codes: Vec<String> = Vec::new();
        let mut bad = Vec::new();
        for part in input
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match self.parse_place(part) {
                Ok(code) if !codes.contains(&code) => codes.push(code),
                Ok(_) => {}
                Err(_) => bad.push(format!("'{part}'")),
            }
        }
        if !bad.is_empty() {
            return Err(format!(
                "not a country dpia knows: {} (write ISO 3166-1 codes such as DE, US, or country names, separated by commas)",
                bad.join(", ")
            ));
        }
        Ok(codes)
    }
}

#[cfg(test)]
mod tests {
    use crate::reference::Reference;

    #[test]
    fn codes_names_and_aliases_in_english_and_german() {
        let r = Reference::builtin().unwrap();
        for (input, code) in [
            ("DE", "DE"),
            ("de", "DE"),
            ("Germany", "DE"),
            ("Deutschland", "DE"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("Großbritannien", "GB"),
            ("EL", "GR"),
            ("USA", "US"),
            ("United States", "US"),
            ("the Netherlands", "NL"),
            ("Schweiz", "CH"),
            ("Österreich", "AT"),
            ("oesterreich", "AT"),
            ("SE", "SE"),
            ("EPO", "EPO"),
            ("European Patent Organisation", "EPO"),
            ("EU", "EU"),
            ("unknown", "unknown"),
            ("Allemagne", "DE"),
            ("États-Unis", "US"),
            ("etats unis", "US"),
            ("Royaume-Uni", "GB"),
            ("les Pays-Bas", "NL"),
            ("Suisse", "CH"),
            ("Union européenne", "EU"),
            ("UE", "EU"),
            ("Office européen des brevets", "EPO"),
        ] {
            assert_eq!(r.parse_place(input).as_deref(), Ok(code), "{input}");
        }
        assert!(r.parse_place("Atlantis").is_err());
        assert!(r.parse_place("").is_err());
    }

    #[test]
    fn a_list_is_split_on_separators_never_on_spaces() {
        let r = Reference::builtin().unwrap();
        assert_eq!(
            r.parse_places("UK, Germany; United States\nIN, DE")
                .unwrap(),
            vec!["GB", "DE", "US", "IN"]
        );
        let err = r.parse_places("DE, Narnia, Mordor").unwrap_err();
        assert!(
            err.contains("'Narnia'") && err.contains("'Mordor'"),
            "{err}"
        );
    }
}
