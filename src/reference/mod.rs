//! Legal reference tables, as dated data files embedded in the binary: the EEA member states,
//! the Commission's adequacy decisions (GDPR Art. 45, with scopes and expiry dates), ISO 3166
//! countries with their names and aliases, the international organisations that can be
//! transfer destinations, the supervisory authorities' must lists, dpia's review intervals by
//! residual risk (`review.toml`), and the third-party service catalogue (`services`). Validated at load; a unit test loads them, so a broken edit fails
//! the build's tests. [`places`] parses what people write for a country.

mod place_search;
mod places;

pub mod services;

pub use place_search::PlaceMatch;

use crate::lang::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The pseudo-location of a component whose location is not known yet.
pub const UNKNOWN: &str = "unknown";
/// The pseudo-location of an EU data-residency jurisdiction (inside the EEA).
pub const EU: &str = "EU";

const EEA: (&str, &str) = ("src/reference/eea.toml", include_str!("eea.toml"));
const ADEQUACY: (&str, &str) = ("src/reference/adequacy.toml", include_str!("adequacy.toml"));
const MUST_LISTS: (&str, &str) = (
    "src/reference/must_lists.toml",
    include_str!("must_lists.toml"),
);
const REVIEW: (&str, &str) = ("src/reference/review.toml", include_str!("review.toml"));
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
    pub fr: String,
    /// Other names people write for it (`UK`, `Holland`, `Deutschland`, `Angleterre`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Country {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
            Lang::Fr => &self.fr,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesFile {
    as_of: String,
    source: String,
    country: Vec<Country>,
    #[serde(default)]
    organisation: Vec<Country>,
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
    /// The scope in German.
    #[serde(default)]
    pub scope_de: Option<String>,
    /// The scope in French.
    #[serde(default)]
    pub scope_fr: Option<String>,
    /// The decision covers only certified recipients (the EU-US Data Privacy Framework).
    #[serde(default)]
    pub requires_certification: bool,
    /// The last day the decision applies unless renewed (`YYYY-MM-DD`).
    #[serde(default)]
    pub expires: Option<String>,
    /// A caveat for the DPO (shown in the reference, not in conclusions).
    #[serde(default)]
    pub note: Option<String>,
}

impl Adequacy {
    /// The scope in `lang` (English where the language has none).
    pub fn scope_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.scope_de, &self.scope_fr) {
            (Lang::De, Some(de), _) => Some(de),
            (Lang::Fr, _, Some(fr)) => Some(fr),
            _ => self.scope.as_deref(),
        }
    }

    /// Whether the decision still applies on `date` (`YYYY-MM-DD`; ISO dates compare as text).
    pub fn applies_on(&self, date: &str) -> bool {
        self.expires.as_deref().is_none_or(|e| date <= e)
    }

    /// A decision limited to some recipients that is not a certification scheme: the DPO must
    /// confirm the recipient is within it (Canada's PIPEDA, Japan's APPI, Korea's PIPA).
    pub fn needs_scope_confirmation(&self) -> bool {
        self.scope.is_some() && !self.requires_certification
    }
}

/// A supervisory authority's list of processing that requires a DPIA (Art. 35(4)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MustList {
    pub id: String,
    pub authority: String,
    /// The authority's country (ISO 3166-1), named in the reader's language.
    pub country: String,
    pub title: String,
    pub version: String,
    pub date: String,
    pub sector: String,
    pub source: String,
    pub items: Vec<MustListItem>,
}

/// One item of a must list, by its number in the list and the questionnaire choice for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MustListItem {
    pub number: u32,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MustListsFile {
    #[allow(dead_code)]
    as_of: String,
    list: Vec<MustList>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    #[allow(dead_code)]
    as_of: String,
    #[allow(dead_code)]
    source: String,
    review_intervals: ReviewIntervals,
}

/// Months until the next review of a DPIA, by its residual risk level (`review.toml`):
/// dpia's defaults, changeable per user ([`ReviewIntervals::with_overrides`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewIntervals {
    pub low: u32,
    pub moderate: u32,
    pub high: u32,
    pub very_high: u32,
}

/// The longest review interval accepted, in months.
pub const MAX_REVIEW_MONTHS: u32 = 60;

impl ReviewIntervals {
    /// The months for a level code (`low`, `moderate`, `high`, `very_high`).
    pub fn months(&self, level: &str) -> Option<u32> {
        match level {
            "low" => Some(self.low),
            "moderate" => Some(self.moderate),
            "high" => Some(self.high),
            "very_high" => Some(self.very_high),
            _ => None,
        }
    }

    fn slot(&mut self, level: &str) -> Option<&mut u32> {
        match level {
            "low" => Some(&mut self.low),
            "moderate" => Some(&mut self.moderate),
            "high" => Some(&mut self.high),
            "very_high" | "very-high" => Some(&mut self.very_high),
            _ => None,
        }
    }

    /// These intervals with some replaced, from text such as `high=3,moderate=12` (what
    /// `dpia config set review-months` keeps); an error says what is wrong.
    pub fn with_overrides(mut self, text: &str) -> Result<ReviewIntervals, String> {
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (level, months) = part
                .split_once('=')
                .ok_or_else(|| format!("'{part}' is not LEVEL=MONTHS (e.g. high=6)"))?;
            let months: u32 = months.trim().parse().map_err(|_| {
                format!("'{}' in '{part}' is not a number of months", months.trim())
            })?;
            if !(1..=MAX_REVIEW_MONTHS).contains(&months) {
                return Err(format!(
                    "{months} months in '{part}': a review interval is 1 to {MAX_REVIEW_MONTHS} months"
                ));
            }
            let level = level.trim();
            *self.slot(level).ok_or_else(|| {
                format!("'{level}' is not a risk level (low, moderate, high, very_high)")
            })? = months;
        }
        Ok(self)
    }
}

/// The reference tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub eea: BTreeMap<String, String>,
    pub adequacy: Vec<Adequacy>,
    /// Every ISO 3166-1 alpha-2 country, sorted by code.
    pub countries: Vec<Country>,
    /// International organisations that can receive transfers (dpia's own codes, e.g. `EPO`).
    pub organisations: Vec<Country>,
    /// Supervisory authorities' must lists (Art. 35(4)).
    pub must_lists: Vec<MustList>,
    /// "eea.toml as of …; adequacy.toml as of …", for reports.
    pub as_of: String,
    /// When a DPIA is next reviewed, by residual risk (`review.toml`).
    pub review_intervals: ReviewIntervals,
    /// Every place's names and aliases, folded once at load for [`Reference::parse_place`]
    /// and [`Reference::search_places`].
    places: place_search::PlaceIndex,
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
        line: e.span().map(|s| crate::location::line_at(text, s.start)),
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
        let must_lists: MustListsFile = parse(MUST_LISTS)?;
        let review: ReviewFile = parse(REVIEW)?;
        let invalid = |file: &str, message: String| ReferenceError {
            file: file.to_string(),
            line: None,
            message,
        };
        let r = review.review_intervals;
        if [r.low, r.moderate, r.high, r.very_high]
            .iter()
            .any(|m| !(1..=MAX_REVIEW_MONTHS).contains(m))
        {
            return Err(invalid(
                REVIEW.0,
                format!("a review interval must be 1 to {MAX_REVIEW_MONTHS} months"),
            ));
        }
        if let Some(c) = countries
            .country
            .iter()
            .find(|c| !is_code(&c.code) || c.en.is_empty() || c.de.is_empty() || c.fr.is_empty())
        {
            return Err(invalid(
                COUNTRIES.0,
                format!(
                    "country '{}' needs a two-letter code and English, German and French names",
                    c.code
                ),
            ));
        }
        if let Some(o) = countries
            .organisation
            .iter()
            .find(|o| o.code.len() < 3 || o.en.is_empty() || o.de.is_empty() || o.fr.is_empty())
        {
            return Err(invalid(
                COUNTRIES.0,
                format!(
                    "organisation '{}' needs a code of three or more letters and English, German and French names",
                    o.code
                ),
            ));
        }
        let known = |code: &str| {
            countries.country.iter().any(|c| c.code == code)
                || countries.organisation.iter().any(|o| o.code == code)
        };
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
            if d.expires
                .as_deref()
                .is_some_and(|e| crate::calendar::Date::parse(e).is_none())
            {
                return Err(invalid(
                    ADEQUACY.0,
                    format!("{}: expires is not a date (YYYY-MM-DD)", d.country),
                ));
            }
            if eea.countries.contains_key(&d.country) {
                return Err(invalid(
                    ADEQUACY.0,
                    format!("{} is in the EEA and needs no adequacy decision", d.country),
                ));
            }
        }
        if let Some(l) = must_lists.list.iter().find(|l| !known(&l.country)) {
            return Err(invalid(
                MUST_LISTS.0,
                format!(
                    "{}: country '{}' is not an ISO 3166-1 alpha-2 code",
                    l.id, l.country
                ),
            ));
        }
        let places = place_search::PlaceIndex::new(&countries.country, &countries.organisation);
        Ok(Reference {
            places,
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
            organisations: countries.organisation,
            must_lists: must_lists.list,
            review_intervals: review.review_intervals,
        })
    }

    /// The embedded tables with the user's review intervals (`dpia config set review-months`)
    /// laid over the defaults; `None` keeps the defaults.
    pub fn builtin_with_review(review_months: Option<&str>) -> Result<Reference, ReferenceError> {
        let mut r = Reference::builtin()?;
        if let Some(text) = review_months {
            r.review_intervals =
                r.review_intervals
                    .with_overrides(text)
                    .map_err(|message| ReferenceError {
                        file: "settings: review-months".into(),
                        line: None,
                        message,
                    })?;
        }
        Ok(r)
    }

    /// Whether a location is inside the EEA (`EU` counts: an EU data-residency jurisdiction).
    pub fn is_eea(&self, code: &str) -> bool {
        code == EU || code == "EEA" || self.eea.contains_key(code)
    }

    /// The must list and item a questionnaire choice stands for.
    pub fn must_list_item(&self, value: &str) -> Option<(&MustList, &MustListItem)> {
        self.must_lists
            .iter()
            .find_map(|l| l.items.iter().find(|i| i.value == value).map(|i| (l, i)))
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

    /// A country by its ISO 3166-1 alpha-2 code, or an international organisation by its code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .chain(&self.organisations)
            .find(|c| c.code == code)
    }

    /// A country's name in `lang`.
    pub fn country_name(&self, code: &str, lang: Lang) -> Option<&str> {
        self.country(code).map(|c| c.name(lang))
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
        let gb = r.adequacy("GB").unwrap();
        assert!(gb.applies_on("2031-12-27") && !gb.applies_on("2031-12-28"));
        assert!(r.adequacy("JP").unwrap().needs_scope_confirmation());
        assert!(!r.adequacy("US").unwrap().needs_scope_confirmation());
        assert!(r.adequacy("EPO").is_some());
        assert_eq!(r.country_name("AT", Lang::De), Some("Österreich"));
        assert_eq!(r.country_name("AT", Lang::En), Some("Austria"));
        assert_eq!(r.country_name("AT", Lang::Fr), Some("Autriche"));
        assert_eq!(
            r.adequacy("US").unwrap().scope_in(Lang::Fr),
            Some("organisations certifiées au titre du cadre de protection des données UE-États-Unis (Data Privacy Framework)")
        );
    }

    #[test]
    fn review_intervals_are_shorter_the_higher_the_residual_risk_and_can_be_changed() {
        let r = Reference::builtin().unwrap().review_intervals;
        assert_eq!((r.low, r.moderate, r.high), (24, 12, 6));
        assert!(r.very_high <= r.high);
        let mine = r.with_overrides("high=3, very_high=3").unwrap();
        assert_eq!((mine.high, mine.very_high, mine.moderate), (3, 3, 12));
        for bad in ["high", "high=0", "high=61", "severe=3", "high=soon"] {
            assert!(r.with_overrides(bad).is_err(), "{bad}");
        }
        let e = Reference::builtin_with_review(Some("high=x")).unwrap_err();
        assert!(e.to_string().contains("review-months"), "{e}");
    }
}

#[cfg(test)]
mod must_list_tests {
    use super::*;

    /// Every must-list choice of the built-in questionnaire is an item of a dated list here,
    /// and every item here is offered: the evaluation's reasons cite these lists.
    #[test]
    fn the_questionnaires_must_list_choices_are_the_reference_items() {
        let r = Reference::builtin().unwrap();
        let q = crate::questionnaire::builtin().unwrap();
        let choices: Vec<&str> = q
            .question("screening.national_list")
            .unwrap()
            .choices
            .iter()
            .map(|c| c.value.as_str())
            .filter(|v| *v != "none")
            .collect();
        let items: Vec<&str> = r
            .must_lists
            .iter()
            .flat_map(|l| l.items.iter().map(|i| i.value.as_str()))
            .collect();
        assert_eq!(choices, items);
        for value in choices {
            let (list, item) = r.must_list_item(value).unwrap();
            let label = &q
                .question("screening.national_list")
                .unwrap()
                .choice(value)
                .unwrap()
                .label;
            for (lang, number) in [
                (Lang::En, format!("no. {}:", item.number)),
                (Lang::De, format!("Nr. {}:", item.number)),
                (Lang::Fr, format!("n° {}\u{a0}:", item.number)),
            ] {
                assert!(
                    label.get(lang).contains(&number),
                    "{value} ({lang}): label does not name item {} of {}",
                    item.number,
                    list.id
                );
            }
        }
    }
}
