//! The languages dpia speaks, as one type (code review S12): the CLI's `--lang` and
//! `DPIA_LANG`, the terminal UI's `L` key, the questionnaire's texts, the evaluation's and the
//! report's wording all take a [`Lang`], never a bare string. A language is a variant here
//! plus its column in every wording file (`templates/*.<code>.toml`, the questionnaire's
//! `text.<code>`, `src/tui/strings.toml`); the loaders and tests refuse a file that lacks one.

use std::fmt;
use std::str::FromStr;

/// A language dpia words its questionnaire, evaluation, report and screens in.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the fallback for any text a language lacks.
    #[default]
    En,
    /// German.
    De,
    /// French, in the CNIL's terminology.
    Fr,
}

/// A language code dpia does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{code}': dpia speaks {}", Lang::list())]
pub struct UnknownLang {
    pub code: String,
}

impl Lang {
    /// Every language, in the order the `L` key cycles through them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::De, Lang::Fr];

    /// The ISO 639-1 code (`en`, `de`, `fr`): the key in wording files and the PDF's `/Lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself (`English`, `Deutsch`, `Français`).
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
        }
    }

    /// The language of a code; case and surrounding blanks do not matter, and a region
    /// (`fr-FR`, `de_AT`) is ignored.
    pub fn parse(code: &str) -> Result<Lang, UnknownLang> {
        let trimmed = code.trim();
        let base = trimmed
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == base)
            .ok_or_else(|| UnknownLang {
                code: trimmed.to_string(),
            })
    }

    /// The next language (the terminal UI's `L` key), back to the first after the last.
    pub fn next(self) -> Lang {
        let i = Lang::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Lang::ALL[(i + 1) % Lang::ALL.len()]
    }

    /// The supported languages for messages: `en (English), de (Deutsch), fr (Français)`.
    pub fn list() -> String {
        Lang::ALL
            .iter()
            .map(|l| format!("{} ({})", l.code(), l.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The first place a French text puts a breakable space where French typography wants a
/// no-break one (U+00A0 before `:` `;` `?` `!` `»`, after `«`), with a little context; the
/// tests run it over every French wording file so the typography stays one.
pub fn french_spacing_fault(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().find_map(|(i, pair)| {
        let fault = matches!(pair, [' ', ':' | ';' | '?' | '!' | '»'] | ['«', ' ']);
        fault.then(|| {
            let from = i.saturating_sub(20);
            let to = (i + 20).min(chars.len());
            chars[from..to].iter().collect()
        })
    })
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Ok(lang));
            assert_eq!(lang.to_string(), lang.code());
        }
        assert_eq!(Lang::parse(" FR "), Ok(Lang::Fr));
        assert_eq!(Lang::parse("fr-FR"), Ok(Lang::Fr));
        assert_eq!(Lang::parse("de_AT.UTF-8"), Ok(Lang::De));
        assert_eq!(Lang::default(), Lang::En);
    }

    #[test]
    fn an_unknown_code_names_the_supported_ones() {
        let e = Lang::parse("it").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown language 'it': dpia speaks en (English), de (Deutsch), fr (Français)"
        );
        assert!(Lang::parse("").is_err());
        assert!("english".parse::<Lang>().is_err());
    }

    #[test]
    fn french_spacing_faults_are_found() {
        assert_eq!(
            french_spacing_fault("Résultat\u{a0}: requise ; «\u{a0}oui\u{a0}»"),
            Some("Résultat\u{a0}: requise ; «\u{a0}oui\u{a0}»".into())
        );
        assert_eq!(
            french_spacing_fault("« oui\u{a0}»").as_deref(),
            Some("« oui\u{a0}»")
        );
        assert_eq!(french_spacing_fault("a\u{a0}: b\u{a0}? c https://x"), None);
    }

    #[test]
    fn next_cycles_through_every_language() {
        assert_eq!(Lang::En.next(), Lang::De);
        assert_eq!(Lang::De.next(), Lang::Fr);
        assert_eq!(Lang::Fr.next(), Lang::En);
    }
}
