//! Legal reference tables, as dated data files embedded in the binary: the EEA member states
//! and the Commission's adequacy decisions (GDPR Art. 45). Validated at load; a unit test
//! loads them, so a broken edit fails the build's tests.

use serde::Deserialize;
use std::collections::BTreeMap;

const EEA: (&str, &str) = ("src/reference/eea.toml", include_str!("eea.toml"));
const ADEQUACY: (&str, &str) = ("src/reference/adequacy.toml", include_str!("adequacy.toml"));

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
        let invalid = |file: &str, message: String| ReferenceError {
            file: file.to_string(),
            line: None,
            message,
        };
        if let Some(code) = eea.countries.keys().find(|c| !is_code(c)) {
            return Err(invalid(
                EEA.0,
                format!("'{code}' is not an ISO 3166-1 alpha-2 code"),
            ));
        }
        for d in &adequacy.decision {
            if !is_code(&d.country) {
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
                "EEA list as of {} ({}); adequacy decisions as of {} ({})",
                eea.as_of, eea.source, adequacy.as_of, adequacy.source
            ),
            eea: eea.countries,
            adequacy: adequacy.decision,
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

    /// A country's name where the tables know it.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.eea
            .get(code)
            .map(String::as_str)
            .or_else(|| self.adequacy(code).map(|a| a.name.as_str()))
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
    }
}
