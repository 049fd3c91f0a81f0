//! The record of processing activities' wording per language, `templates/ropa.<lang>.toml`:
//! headers with the letters of Art. 30(1), labels and phrases. Embedded, and checked when
//! loaded (every key present, none unknown, with the file and line of a parse error).

use crate::location::FileProblem;
use serde::Deserialize;

const FILES: &[(&str, &str, &str)] = &[
    (
        "en",
        "templates/ropa.en.toml",
        include_str!("../../templates/ropa.en.toml"),
    ),
    (
        "de",
        "templates/ropa.de.toml",
        include_str!("../../templates/ropa.de.toml"),
    ),
    (
        "fr",
        "templates/ropa.fr.toml",
        include_str!("../../templates/ropa.fr.toml"),
    ),
];

/// The languages the record can be written in.
pub const LANGUAGES: &[&str] = &["en", "de", "fr"];

/// The wording of one language; field names are the TOML keys, every one required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RopaWords {
    pub lang: String,
    pub title: String,
    pub subject: String,
    pub intro: String,
    pub footer: String,
    pub drawn_up: String,
    pub only_status: String,
    pub empty: String,
    pub overview: String,
    pub number: String,
    /// The controller's column in the overview table (short).
    pub controller_short: String,
    pub activity: String,
    pub assessment: String,
    pub status: String,
    pub version: String,
    pub date: String,
    pub controller: String,
    pub controller_contact: String,
    pub dpo: String,
    pub purposes: String,
    pub data_subjects: String,
    pub data_categories: String,
    pub recipients: String,
    pub transfers: String,
    pub retention: String,
    pub security: String,
    pub not_answered: String,
    /// Added to "not answered" where the assessment holds imported notes for the point.
    pub see_notes: String,
    pub none: String,
    pub unconfirmed: String,
    pub other_data: String,
    pub processor: String,
    pub third_party: String,
    pub role_processor: String,
    pub role_controller: String,
    pub role_unknown: String,
    pub transfer: String,
    pub measure: String,
    pub status_draft: String,
    pub status_ready_for_signoff: String,
    pub status_signed: String,
    pub status_superseded: String,
    pub status_withdrawn: String,
}

impl RopaWords {
    /// The language of this wording (its `lang` key, checked when loaded; English for a
    /// wording built by hand with another code).
    pub fn language(&self) -> crate::lang::Lang {
        crate::lang::Lang::parse(&self.lang).unwrap_or(crate::lang::Lang::En)
    }

    /// The wording in `lang`.
    pub fn builtin(lang: &str) -> Result<RopaWords, FileProblem> {
        let Some((_, file, text)) = FILES.iter().find(|(l, _, _)| *l == lang) else {
            return Err(FileProblem {
                file: format!("templates/ropa.{lang}.toml"),
                line: None,
                message: format!(
                    "no wording for the record of processing activities in '{lang}' (known: {})",
                    LANGUAGES.join(", ")
                ),
            });
        };
        RopaWords::parse(file, text)
    }

    /// Parses and checks a wording file.
    pub fn parse(file: &str, text: &str) -> Result<RopaWords, FileProblem> {
        toml::from_str(text).map_err(|e| FileProblem::toml(file, text, &e))
    }

    /// An assessment status (`signed`) in words.
    pub fn status_word(&self, status: &str) -> String {
        match status {
            "draft" => &self.status_draft,
            "ready_for_signoff" => &self.status_ready_for_signoff,
            "signed" => &self.status_signed,
            "superseded" => &self.status_superseded,
            "withdrawn" => &self.status_withdrawn,
            other => other,
        }
        .to_string()
    }

    /// The column headers of the record, in order (the CSV's first row).
    pub fn headers(&self) -> Vec<&str> {
        vec![
            &self.activity,
            &self.assessment,
            &self.status,
            &self.version,
            &self.date,
            &self.controller,
            &self.controller_contact,
            &self.dpo,
            &self.purposes,
            &self.data_subjects,
            &self.data_categories,
            &self.recipients,
            &self.transfers,
            &self.retention,
            &self.security,
        ]
    }
}

/// Fills `{name}` placeholders (one helper for every wording file).
pub use crate::report::template::fill;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_loads_and_names_the_letters_of_art_30() {
        for lang in LANGUAGES {
            let w = RopaWords::builtin(lang).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&w.lang, lang);
            let headers = w.headers().join("|");
            for letter in ["a", "b", "c", "d", "e", "f", "g"] {
                let mark = match *lang {
                    "de" => format!("lit. {letter}"),
                    "fr" => format!("30.1.{letter}"),
                    _ => format!("30(1)({letter})"),
                };
                assert!(headers.contains(&mark), "{lang}: {letter}");
            }
        }
        assert!(RopaWords::builtin("xx").is_err());
        let e = RopaWords::parse("r.toml", "lang = \"en\"\nbogus = 1\n").unwrap_err();
        assert!(e.to_string().starts_with("r.toml:"), "{e}");
    }
}
