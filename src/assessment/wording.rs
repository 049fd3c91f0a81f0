//! Words for findings: the templates in `templates/evaluation.<lang>.toml` (embedded, checked
//! by tests to hold the same codes and placeholders in every language), filled with a
//! finding's parameters. This is the only place the evaluation becomes language.
//!
//! A placeholder is `{name}` (the parameter as it is; a list joined with ", ") or
//! `{name|kind}`, which shows the parameter the reader's way:
//!
//! | kind | parameter | shown as |
//! |---|---|---|
//! | `country` | ISO code(s), `EU`, `unknown` | the country names in the language |
//! | `level` | `low`, `moderate`, `high`, `very_high` | the level's word |
//! | `date` | `YYYY-MM-DD` | `19 December 2025`, `19.12.2025`, `1er décembre 2025` |
//! | `question` | a question id, or `group[n].field` | the question's text |
//! | `choice:ID` | choice value(s) of question `ID` (`group/field` for a field) | their labels |
//! | `category` | category key(s) of the scan | their names |
//! | `scope` | the country of an adequacy decision | the decision's scope |
//! | `phrase:PREFIX` | value(s) | the phrase `PREFIX.value` of the templates |
//!
//! A parameter that holds findings is worded as those findings (joined with "; ", in French
//! " ; " with a no-break space).
//!
//! An unknown code or kind never panics: the code (or the raw parameter) is shown instead,
//! and tests keep that from happening with the built-in wording.

use super::finding::{Finding, Param, LEGACY};
use crate::lang::Lang;
use crate::questionnaire::model::{Question, Questionnaire};
use crate::reference::Reference;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The languages the evaluation is worded in: every one dpia speaks.
pub const LANGUAGES: &[Lang] = &Lang::ALL;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    version: u32,
    text: BTreeMap<String, String>,
}

fn parse(text: &str) -> BTreeMap<String, String> {
    toml::from_str::<File>(text)
        .map(|f| f.text)
        .unwrap_or_default()
}

static EN: LazyLock<BTreeMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../templates/evaluation.en.toml")));
static DE: LazyLock<BTreeMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../templates/evaluation.de.toml")));
static FR: LazyLock<BTreeMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../templates/evaluation.fr.toml")));

/// The wording table of a language.
pub(crate) fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
    }
}

/// Words findings in one language, with what the placeholders need: the questionnaire (for
/// question texts and choice labels) and the reference tables (for country names).
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub lang: Lang,
    pub questionnaire: Option<&'a Questionnaire>,
    pub reference: Option<&'a Reference>,
}

impl<'a> Words<'a> {
    pub fn new(
        lang: Lang,
        questionnaire: Option<&'a Questionnaire>,
        reference: Option<&'a Reference>,
    ) -> Words<'a> {
        Words {
            lang,
            questionnaire,
            reference,
        }
    }

    /// The template for `key` in this language (English as a fallback), or `None`.
    pub fn template(&self, key: &str) -> Option<&'static str> {
        table(self.lang)
            .get(key)
            .or_else(|| EN.get(key))
            .map(String::as_str)
    }

    /// A fixed phrase by key (a level, a verdict, a label); the key itself when unknown.
    pub fn phrase(&self, key: &str) -> String {
        self.template(key).unwrap_or(key).to_string()
    }

    /// The finding in words.
    pub fn finding(&self, f: &Finding) -> String {
        if f.code == LEGACY {
            return f.param("text").unwrap_or_default();
        }
        match self.template(&f.code) {
            Some(t) => self.fill(t, &f.params),
            None => f.code.clone(),
        }
    }

    /// Every finding in words.
    pub fn findings(&self, fs: &[Finding]) -> Vec<String> {
        fs.iter().map(|f| self.finding(f)).collect()
    }

    /// What separates the items of a list of sentences: `; `, in French ` ; ` with a
    /// no-break space.
    pub fn list_separator(&self) -> String {
        format!("{} ", self.phrase("punct.semicolon"))
    }

    /// A risk level's word (`low`, `moderate`, `high`, `very_high`).
    pub fn level(&self, level: super::risk::Level) -> String {
        self.phrase(&format!("level.{}", level.code()))
    }

    fn fill(&self, template: &str, params: &BTreeMap<String, Param>) -> String {
        crate::placeholders::fill(template, |name, kind| {
            params.get(name).map(|p| self.show(p, kind))
        })
    }

    fn show(&self, p: &Param, kind: &str) -> String {
        match p {
            Param::Finding(f) => return self.finding(f),
            Param::Findings(fs) => return self.findings(fs).join(&self.list_separator()),
            _ => {}
        }
        let items = p.items();
        let (kind, arg) = kind.split_once(':').unwrap_or((kind, ""));
        let shown: Vec<String> = match kind {
            "country" => items.iter().map(|c| self.country(c)).collect(),
            "level" => items
                .iter()
                .map(|l| self.phrase(&format!("level.{l}")))
                .collect(),
            "date" => items.iter().map(|d| self.date(d)).collect(),
            "question" => items.iter().map(|q| self.question(q)).collect(),
            "choice" => items.iter().map(|v| self.choice(arg, v)).collect(),
            "scope" => items
                .iter()
                .map(|c| {
                    self.reference
                        .and_then(|r| r.adequacy(c))
                        .and_then(|a| a.scope_in(self.lang))
                        .unwrap_or(c)
                        .to_string()
                })
                .collect(),
            "category" => items
                .iter()
                .map(|c| self.phrase(&format!("category.{c}")))
                .collect(),
            "phrase" => items
                .iter()
                .map(|v| self.phrase(&format!("{arg}.{v}")))
                .collect(),
            _ => items,
        };
        shown.join(", ")
    }

    /// A country's name in this language; `EU` and `unknown` in words.
    pub fn country(&self, code: &str) -> String {
        match code {
            crate::reference::EU => self.phrase("place.eu"),
            crate::reference::UNKNOWN | "" => self.phrase("place.unknown"),
            _ => self
                .reference
                .and_then(|r| r.country_name(code, self.lang))
                .map_or_else(|| code.to_string(), |n| format!("{n} ({code})")),
        }
    }

    /// A date `YYYY-MM-DD` in this language's style; anything else as it is.
    pub fn date(&self, iso: &str) -> String {
        let Some(d) = crate::calendar::Date::parse(iso) else {
            return iso.to_string();
        };
        let month = || self.phrase(&format!("month.{}", d.month));
        match self.lang {
            Lang::De => format!("{:02}.{:02}.{}", d.day, d.month, d.year),
            // French writes the first of a month as an ordinal: 1er décembre 2025.
            Lang::Fr if d.day == 1 => format!("1er {} {}", month(), d.year),
            Lang::En | Lang::Fr => format!("{} {} {}", d.day, month(), d.year),
        }
    }

    fn lookup(&self, id: &str) -> Option<&'a Question> {
        let q = self.questionnaire?;
        match id.split_once('/') {
            Some((group, field)) => q.question(group)?.field(field),
            None => q.question(id),
        }
    }

    /// A question's text for an id, or for `group[n].field` ("field text (group text, entry n)").
    pub fn question(&self, id: &str) -> String {
        if let Some((group, rest)) = id.split_once('[') {
            if let Some((n, field)) = rest.split_once("].") {
                if let Some(f) = self.lookup(&format!("{group}/{field}")) {
                    let group_text = self
                        .lookup(group)
                        .map_or(group.to_string(), |g| g.text.get(self.lang).to_string());
                    let entry = self.phrase("word.entry");
                    return format!("{} ({group_text}, {entry} {n})", f.text.get(self.lang));
                }
            }
        }
        self.lookup(id)
            .map_or_else(|| id.to_string(), |q| q.text.get(self.lang).to_string())
    }

    /// A choice's label, for question `id` (`group/field` for a group field).
    pub fn choice(&self, id: &str, value: &str) -> String {
        self.lookup(id)
            .and_then(|q| q.choice(value))
            .map_or_else(|| value.to_string(), |c| c.label.get(self.lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(t: &str) -> Vec<String> {
        let mut p: Vec<String> = t
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        p.sort();
        p
    }

    #[test]
    fn every_language_holds_the_same_codes_and_placeholders() {
        assert!(EN.len() > 40, "templates/evaluation.en.toml does not parse");
        for lang in LANGUAGES {
            let t = table(*lang);
            let en: Vec<_> = EN.keys().collect();
            let other: Vec<_> = t.keys().collect();
            assert_eq!(en, other, "templates/evaluation.{lang}.toml");
            for (key, en_text) in EN.iter() {
                assert_eq!(
                    placeholders(en_text),
                    placeholders(&t[key]),
                    "{lang}: {key}"
                );
            }
        }
    }

    #[test]
    fn french_wording_keeps_french_typography() {
        for (key, text) in table(Lang::Fr) {
            if let Some(at) = crate::lang::french_spacing_fault(text) {
                panic!("templates/evaluation.fr.toml: {key}: a breakable space in {at:?}");
            }
        }
    }

    #[test]
    fn every_code_the_evaluation_produces_has_words() {
        for code in super::super::codes::ALL {
            for lang in LANGUAGES {
                assert!(
                    table(*lang).contains_key(*code),
                    "{lang}: no wording for {code}"
                );
            }
        }
        let mut sorted = super::super::codes::ALL.to_vec();
        sorted.sort();
        let before = sorted.len();
        sorted.dedup();
        assert_eq!(before, sorted.len(), "codes are unique");
    }

    #[test]
    fn fills_placeholders_the_readers_way() {
        let r = Reference::builtin().unwrap();
        let de = Words::new(Lang::De, None, Some(&r));
        let f = Finding::new("transfer.eea").with("location", "AT");
        assert_eq!(
            de.finding(&f),
            "Österreich (AT) liegt im EWR: keine Übermittlung (Art. 44 DSGVO)"
        );
        assert_eq!(de.date("2025-12-19"), "19.12.2025");
        let en = Words::new(Lang::En, None, Some(&r));
        assert_eq!(en.date("2025-12-19"), "19 December 2025");
        assert_eq!(en.finding(&Finding::new("no.such.code")), "no.such.code");
        let legacy: Finding = serde_json::from_str(r#""an old sentence""#).unwrap();
        assert_eq!(en.finding(&legacy), "an old sentence");
        let fr = Words::new(Lang::Fr, None, Some(&r));
        assert_eq!(fr.date("2025-12-01"), "1er décembre 2025");
        assert_eq!(fr.date("2026-02-19"), "19 février 2026");
        assert_eq!(
            fr.finding(&Finding::new("transfer.eea").with("location", "AT")),
            "Autriche (AT)\u{a0}: dans l'EEE, pas de transfert (art. 44 RGPD)"
        );
    }
}
