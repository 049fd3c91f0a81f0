//! Legal reference tables, as dated data files embedded in the binary: the EEA member states
//! and the Commission's adequacy decisions (GDPR Art. 45); the third-party service catalogue
//! (`services`). Validated at load; a unit test
//! loads them, so a broken edit fails the build's tests.

pub mod services;

use serde::Deserialize;
use std::collections::BTreeMap;

const EEA: (&str, &str) = ("src/reference/eea.toml", include_str!("eea.toml"));
const ADEQUACY: (&str, &str) = ("src/reference/adequacy.toml", include_str!("adequacy.toml"));
const COUNTRIES: (&str, &str) = (
    "src/reference/countries.toml",
    include_str!("countries.toml"),
);

/// A country of ISO 3166-1 with its names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub code: String,
    pub en: String,
    pub de: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesFile {
    as_of: String,
    source: String,
    country: Vec<Country>,
}

/// An adequacy decision.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adequacy {
    pub country: String,
    pub name: String,
    pub decision: String,
    pub date: String,
    /// Recipients the decision is limited to (DPF-certified US organisations, PIPEDA in Canada).
    #[serde(default)]
    pub scope: Option<String>,
    /// The decision covers only certified recipients (the EU-US Data Privacy Framework).
    #[serde(default)]
    pub requires_certification: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EeaFile {
    as_of: String,
    source: String,
    countries: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdequacyFile {
    as_of: String,
    source: String,
    decision: Vec<Adequacy>,
}

/// The reference tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub eea: BTreeMap<String, String>,
    pub adequacy: Vec<Adequacy>,
    /// Every ISO 3166-1 alpha-2 country, sorted by code.
    pub countries: Vec<Country>,
    /// "eea.toml as of …; adequacy.toml as of …", for reports.
    pub as_of: String,
}

/// A reference file that does not load.
#[derive(Debug, thiserror::Error)]
#[error("invalid reference table {file}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ReferenceError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

fn parse<T: serde::de::DeserializeOwned>((file, text): (&str, &str)) -> Result<T, ReferenceError> {
    toml::from_str(text).map_err(|e| ReferenceError {
        file: file.to_string(),
        line: e
            .span()
            .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) as u64 + 1),
        message: e.message().to_string(),
    })
}

fn is_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl Reference {
    /// The embedded tables.
    pub fn builtin() -> Result<Reference, ReferenceError> {
        let eea: EeaFile = parse(EEA)?;
        let adequacy: AdequacyFile = parse(ADEQUACY)?;
        let countries: CountriesFile = parse(COUNTRIES)?;
        let invalid = |file: &str, message: String| ReferenceError {
            file: file.to_string(),
            line: None,
            message,
        };
        if let Some(c) = countries
            .country
            .iter()
            .find(|c| !is_code(&c.code) || c.en.is_empty() || c.de.is_empty())
        {
            return Err(invalid(
                COUNTRIES.0,
                format!(
                    "country '{}' needs a two-letter code and English and German names",
                    c.code
                ),
            ));
        }
        let known = |code: &str| countries.country.iter().any(|c| c.code == code);
        if let Some(code) = eea.countries.keys().find(|c| !known(c)) {
            return Err(invalid(
                EEA.0,
                format!("'{code}' is not an ISO 3166-1 alpha-2 code"),
            ));
        }
        for d in &adequacy.decision {
            if !known(&d.country) {
                return Err(invalid(
                    ADEQUACY.0,
                    format!("'{}' is not an ISO 3166-1 alpha-2 code", d.country),
                ));
            }
            if eea.countries.contains_key(&d.country) {
                return Err(invalid(
                    ADEQUACY.0,
                    format!("{} is in the EEA and needs no adequacy decision", d.country),
                ));
            }
        }
        Ok(Reference {
            as_of: format!(
                "EEA list as of {} ({}); adequacy decisions as of {} ({}); countries as of {} ({})",
                eea.as_of,
                eea.source,
                adequacy.as_of,
                adequacy.source,
                countries.as_of,
                countries.source
            ),
            eea: eea.countries,
            adequacy: adequacy.decision,
            countries: countries.country,
        })
    }

    /// Whether a location is inside the EEA (`EU` counts: an EU data-residency jurisdiction).
    pub fn is_eea(&self, code: &str) -> bool {
        code == "EU" || code == "EEA" || self.eea.contains_key(code)
    }

    pub fn adequacy(&self, code: &str) -> Option<&Adequacy> {
        self.adequacy.iter().find(|a| a.country == code)
    }

    /// Whether any recipient in `code` is covered by an adequacy decision, without needing a
    /// certification (the `ADEQUATE` pseudo-country of questionnaire conditions).
    pub fn is_adequate(&self, code: &str) -> bool {
        self.adequacy(code)
            .is_some_and(|a| !a.requires_certification)
    }

    /// A country by its ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// A country's name in `lang` (`de`, else English).
    pub fn country_name(&self, code: &str, lang: &str) -> Option<&str> {
        self.country(code).map(|c| {
            if lang == "de" {
                c.de.as_str()
            } else {
                c.en.as_str()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_hold_what_the_law_says() {
        let r = Reference::builtin().unwrap();
        assert_eq!(r.eea.len(), 30, "27 EU states + IS, LI, NO");
        assert!(r.is_eea("DE") && r.is_eea("NO") && r.is_eea("EU"));
        assert!(!r.is_eea("CH"));
        assert!(r.adequacy("CH").is_some());
        assert!(r
            .adequacy("US")
            .unwrap()
            .scope
            .as_deref()
            .unwrap()
            .contains("Data Privacy Framework"));
        assert!(r.adequacy("CN").is_none());
        assert_eq!(r.countries.len(), 249);
        assert_eq!(r.country_name("AT", "de"), Some("Österreich"));
        assert_eq!(r.country_name("AT", "en"), Some("Austria"));
    }
}
