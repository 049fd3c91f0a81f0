//! The detection data: column-name dictionaries, table-context words, first and last name
//! lists, and the Art. 9 lexicons. Shipped as TOML under `src/scan/dictionaries/`, embedded
//! in the binary, validated at load (every problem named with file and line); a user adds
//! entries with `--dictionary FILE` in the same format.

use super::fasthash::FastSet;
pub use super::lexicon::{Lexicon, Topic, TopicHit};
use super::model::Category;
use super::text::fold;
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// The embedded data files, by the name errors use for them.
const BUILTIN: [(&str, &str); 4] = [
    (
        "src/scan/dictionaries/column_names.toml",
        include_str!("dictionaries/column_names.toml"),
    ),
    (
        "src/scan/dictionaries/first_names.toml",
        include_str!("dictionaries/first_names.toml"),
    ),
    (
        "src/scan/dictionaries/last_names.toml",
        include_str!("dictionaries/last_names.toml"),
    ),
    (
        "src/scan/dictionaries/special_categories.toml",
        include_str!("dictionaries/special_categories.toml"),
    ),
];

/// The languages every `terms` table must cover.
pub const LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "it", "nl", "pl"];

/// One problem in a dictionary file.
pub type DictionaryProblem = crate::location::FileProblem;

/// Every problem found while loading dictionaries (loading reports all, not only the first).
#[derive(Debug, thiserror::Error)]
#[error("invalid dictionary data ({} problem{}): {}", .problems.len(), if .problems.len() == 1 { "" } else { "s" }, .problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
pub struct DictionaryError {
    pub problems: Vec<DictionaryProblem>,
}

/// A column-name term: a sequence of folded words.
#[derive(Debug, Clone, PartialEq)]
pub struct NameTerm {
    pub category: Category,
    pub confidence: f64,
    pub ambiguous: bool,
    pub words: Vec<String>,
    /// The words joined without spaces, for names written without separators (`firstname`).
    pub joined: String,
    pub lang: String,
}

/// Categorical values that reveal Art. 9 data in short-valued columns.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoricalGroup {
    pub category: Category,
    pub topic: String,
    /// Column-name terms (folded, space-joined) that enable the values; empty = always.
    pub column_terms: Vec<String>,
    pub values: FastSet<String>,
}

/// All detection data, validated.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub name_terms: Vec<NameTerm>,
    /// Words that veto ambiguous or weak name matches of a category.
    pub excludes: HashMap<Category, FastSet<String>>,
    pub person_tables: FastSet<String>,
    pub thing_tables: FastSet<String>,
    pub first_names: FastSet<String>,
    pub last_names: FastSet<String>,
    /// Surnames of several words written as one (`devries`, `vandenberg`), as usernames
    /// write them; derived from `last_names`.
    pub joined_last_names: FastSet<String>,
    pub lexicon: Lexicon,
    pub categorical: Vec<CategoricalGroup>,
    /// Column-name terms of user references (`created by`, `owner`, `organizador`): the
    /// values decide what such a column holds (see `detect::actors`).
    pub actor_terms: Vec<NameTerm>,
    /// Words that drop a user-reference match (`owner_team`).
    pub actor_veto: FastSet<String>,
    /// Words marking a value of a user-reference column as no person (`system`, `team`).
    pub non_person_actors: FastSet<String>,
    /// Where each loaded file came from and its declared source and licence.
    pub provenance: Vec<(String, String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: Spanned<u32>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    licence: Option<String>,
    #[serde(default)]
    entry: Vec<RawEntry>,
    #[serde(default)]
    exclude: Vec<RawExclude>,
    #[serde(default)]
    person_tables: Option<RawTerms>,
    #[serde(default)]
    thing_tables: Option<RawTerms>,
    #[serde(default)]
    names: Option<Spanned<HashMap<String, Vec<String>>>>,
    #[serde(default)]
    actor_columns: Option<RawActors>,
    #[serde(default)]
    non_person_actors: Option<RawTerms>,
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    categorical: Vec<RawCategorical>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    category: Spanned<String>,
    confidence: Spanned<f64>,
    #[serde(default)]
    ambiguous: bool,
    terms: Spanned<HashMap<String, Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclude {
    category: Spanned<String>,
    words: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    terms: Spanned<HashMap<String, Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActors {
    terms: Spanned<HashMap<String, Vec<String>>>,
    #[serde(default)]
    veto: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    category: Spanned<String>,
    topic: Spanned<String>,
    terms: Spanned<HashMap<String, Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategorical {
    category: Spanned<String>,
    topic: Spanned<String>,
    #[serde(default)]
    column_terms: Vec<String>,
    values: Spanned<Vec<String>>,
}

/// Collects problems for one file, turning byte spans into lines.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<DictionaryProblem>,
    require_all_languages: bool,
}

impl Checker<'_> {
    fn line_of(&self, span: std::ops::Range<usize>) -> u64 {
        let end = span.start.min(self.text.len());
        let newlines = self
            .text
            .as_bytes()
            .get(..end)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        newlines as u64 + 1
    }

    fn problem(&mut self, span: std::ops::Range<usize>, message: String) {
        let line = Some(self.line_of(span));
        self.problems.push(DictionaryProblem {
            file: self.file.to_string(),
            line,
            message,
        });
    }

    fn category(&mut self, c: &Spanned<String>) -> Option<Category> {
        let parsed = Category::parse(c.get_ref());
        if parsed.is_none() {
            self.problem(
                c.span(),
                format!(
                    "unknown category '{}' (expected one of: {})",
                    c.get_ref(),
                    Category::ALL.map(|c| c.as_str()).join(", ")
                ),
            );
        }
        parsed
    }

    /// Checks a term is normalised; `allow_prefix` permits one trailing `*`.
    fn term(&mut self, span: std::ops::Range<usize>, term: &str, allow_prefix: bool) -> bool {
        let body = if allow_prefix {
            term.strip_suffix('*').unwrap_or(term)
        } else {
            term
        };
        let normalised = fold(body) == body && !body.is_empty();
        if !normalised {
            self.problem(
                span,
                format!(
                    "term '{term}' is not normalised (lowercase ASCII words separated by one space{})",
                    if allow_prefix { ", optional trailing '*'" } else { "" }
                ),
            );
            return false;
        }
        if allow_prefix && term.ends_with('*') && body.chars().count() < 3 {
            self.problem(
                span,
                format!("prefix term '{term}' is shorter than 3 letters"),
            );
            return false;
        }
        true
    }

    /// The normalised one-word terms of `list`; a problem for every other.
    fn single_words(&mut self, span: std::ops::Range<usize>, list: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for word in list {
            if !self.term(span.clone(), word, false) {
                continue;
            }
            if word.contains(' ') {
                self.problem(span.clone(), format!("'{word}' must be one word"));
                continue;
            }
            out.push(word.clone());
        }
        out
    }

    fn terms_table(
        &mut self,
        terms: &Spanned<HashMap<String, Vec<String>>>,
        allow_prefix: bool,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let span = terms.span();
        if self.require_all_languages {
            for lang in LANGUAGES {
                if !terms.get_ref().contains_key(lang) {
                    self.problem(span.clone(), format!("terms for language '{lang}' missing"));
                }
            }
        }
        let mut langs: Vec<_> = terms.get_ref().iter().collect();
        langs.sort_by(|a, b| a.0.cmp(b.0));
        for (lang, list) in langs {
            if !LANGUAGES.contains(&lang.as_str()) {
                self.problem(
                    span.clone(),
                    format!(
                        "unknown language '{lang}' (expected one of: {})",
                        LANGUAGES.join(", ")
                    ),
                );
                continue;
            }
            for term in list {
                if self.term(span.clone(), term, allow_prefix) {
                    out.push((lang.clone(), term.clone()));
                }
            }
        }
        out
    }
}

impl Dictionary {
    /// The dictionaries shipped in the binary.
    pub fn builtin() -> Result<Dictionary, DictionaryError> {
        let mut dict = Dictionary::default();
        let mut problems = Vec::new();
        for (file, text) in BUILTIN {
            problems.extend(dict.add_file(file, text, true));
        }
        if problems.is_empty() {
            Ok(dict)
        } else {
            Err(DictionaryError { problems })
        }
    }

    /// Adds a user dictionary (same format; languages may be a subset). Nothing is added
    /// when the file has problems.
    pub fn add_user_file(&mut self, file: &str, text: &str) -> Result<(), DictionaryError> {
        let mut candidate = self.clone();
        let problems = candidate.add_file(file, text, false);
        if problems.is_empty() {
            *self = candidate;
            Ok(())
        } else {
            Err(DictionaryError { problems })
        }
    }

    fn add_file(&mut self, file: &str, text: &str, builtin: bool) -> Vec<DictionaryProblem> {
        let mut check = Checker {
            file,
            text,
            problems: Vec::new(),
            require_all_languages: builtin,
        };
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map(|s| check.line_of(s));
                return vec![DictionaryProblem {
                    file: file.to_string(),
                    line,
                    message: e.message().to_string(),
                }];
            }
        };
        if *raw.version.get_ref() != 1 {
            check.problem(
                raw.version.span(),
                format!(
                    "unsupported dictionary version {} (this dpia reads version 1)",
                    raw.version.get_ref()
                ),
            );
        }
        let _ = raw.description;
        self.provenance.push((
            file.to_string(),
            raw.source.clone().unwrap_or_default(),
            raw.licence.clone().unwrap_or_default(),
        ));
        for entry in &raw.entry {
            let category = check.category(&entry.category);
            let confidence = *entry.confidence.get_ref();
            if !(0.0..=1.0).contains(&confidence) {
                check.problem(
                    entry.confidence.span(),
                    format!("confidence {confidence} is outside 0..1"),
                );
            }
            let terms = check.terms_table(&entry.terms, false);
            if let Some(category) = category {
                for (lang, term) in terms {
                    let words: Vec<String> = term.split(' ').map(String::from).collect();
                    self.name_terms.push(NameTerm {
                        category,
                        confidence: confidence.clamp(0.0, 1.0),
                        ambiguous: entry.ambiguous,
                        joined: words.concat(),
                        words,
                        lang,
                    });
                }
            }
        }
        for exclude in &raw.exclude {
            let category = check.category(&exclude.category);
            let span = exclude.words.span();
            let words: Vec<String> = exclude
                .words
                .get_ref()
                .iter()
                .filter(|w| check.term(span.clone(), w, false))
                .cloned()
                .collect();
            if let Some(category) = category {
                self.excludes.entry(category).or_default().extend(words);
            }
        }
        if let Some(t) = &raw.person_tables {
            let terms = check.terms_table(&t.terms, false);
            self.person_tables.extend(terms.into_iter().map(|(_, t)| t));
        }
        if let Some(t) = &raw.thing_tables {
            let terms = check.terms_table(&t.terms, false);
            self.thing_tables.extend(terms.into_iter().map(|(_, t)| t));
        }
        if let Some(actors) = &raw.actor_columns {
            for (lang, term) in check.terms_table(&actors.terms, false) {
                let words: Vec<String> = term.split(' ').map(String::from).collect();
                self.actor_terms.push(NameTerm {
                    category: Category::PersonName,
                    confidence: 0.5,
                    ambiguous: true,
                    joined: words.concat(),
                    words,
                    lang,
                });
            }
            if let Some(veto) = &actors.veto {
                let words = check.single_words(veto.span(), veto.get_ref());
                self.actor_veto.extend(words);
            }
        }
        if let Some(t) = &raw.non_person_actors {
            let span = t.terms.span();
            let terms: Vec<String> = check
                .terms_table(&t.terms, false)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            let words = check.single_words(span, &terms);
            self.non_person_actors.extend(words);
        }
        if let Some(names) = &raw.names {
            let target = if file.contains("first_names") {
                &mut self.first_names
            } else {
                &mut self.last_names
            };
            let found = check.terms_table(names, false);
            let surnames = !file.contains("first_names");
            target.extend(found.into_iter().map(|(_, n)| n));
            if surnames {
                let joined = self.last_names.iter().filter(|n| n.contains(' '));
                let joined: Vec<String> = joined.map(|n| n.replace(' ', "")).collect();
                self.joined_last_names.extend(joined);
            }
        }
        for group in &raw.group {
            let category = check.category(&group.category);
            if let Some(c) = category {
                if !c.is_article9() {
                    check.problem(
                        group.category.span(),
                        format!(
                            "lexicon group category must be health or special_category, not '{c}'"
                        ),
                    );
                }
            }
            let terms = check.terms_table(&group.terms, true);
            if self
                .lexicon
                .topics
                .iter()
                .any(|t| &t.topic == group.topic.get_ref())
            {
                check.problem(
                    group.topic.span(),
                    format!("duplicate topic '{}'", group.topic.get_ref()),
                );
            }
            if let Some(category) = category {
                let index = self.lexicon.topics.len();
                self.lexicon.topics.push(Topic {
                    category,
                    topic: group.topic.get_ref().clone(),
                });
                for (_, term) in terms {
                    self.lexicon.insert(&term, index);
                }
            }
        }

        for cat in &raw.categorical {
            let category = check.category(&cat.category);
            let span = cat.values.span();
            let values: FastSet<String> = cat
                .values
                .get_ref()
                .iter()
                .filter(|v| check.term(span.clone(), v, false))
                .cloned()
                .collect();
            let column_terms: Vec<String> = cat
                .column_terms
                .iter()
                .filter(|v| check.term(cat.topic.span(), v, false))
                .cloned()
                .collect();
            if let Some(category) = category {
                self.categorical.push(CategoricalGroup {
                    category,
                    topic: cat.topic.get_ref().clone(),
                    column_terms,
                    values,
                });
            }
        }
        if !raw.group.is_empty() || raw.names.is_some() {
            if let Err(message) = self.lexicon.compile(&self.first_names) {
                check.problem(0..0, message);
            }
        }
        check.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load_and_cover_every_language() {
        let dict = Dictionary::builtin().unwrap();
        for lang in LANGUAGES {
            assert!(
                dict.name_terms.iter().any(|t| t.lang == lang),
                "no column-name terms for {lang}"
            );
        }
        assert!(dict.first_names.len() > 1000);
        assert!(dict.last_names.len() > 1000);
        assert!(dict.first_names.contains("irene"));
        assert!(!dict.lexicon.topics.is_empty());
    }

    #[test]
    fn lexicon_matches_words_prefixes_and_phrases() {
        let dict = Dictionary::builtin().unwrap();
        let text = fold("Ich bin schwanger und sitze im Rollstuhl");
        let words: Vec<&str> = text.split(' ').collect();
        let topics: Vec<String> = dict
            .lexicon
            .matches(&words)
            .into_iter()
            .map(|(t, _)| dict.lexicon.topics[t].topic.clone())
            .collect();
        assert!(topics.contains(&"pregnancy".to_string()), "{topics:?}");
        assert!(topics.contains(&"disability".to_string()), "{topics:?}");
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "version = 1\n\n[[entry]]\ncategory = \"passport\"\nconfidence = 0.9\nterms.en = [\"Pass Nr\"]\n";
        let mut dict = Dictionary::default();
        let err = dict.add_user_file("my.toml", text).unwrap_err();
        let lines: Vec<_> = err.problems.iter().map(|p| p.line).collect();
        assert_eq!(err.problems.len(), 2, "{err}");
        assert_eq!(lines, [Some(4), Some(6)]);
        assert!(err
            .to_string()
            .contains("my.toml:4: unknown category 'passport'"));
        assert!(err.to_string().contains("not normalised"));
    }

    #[test]
    fn syntax_error_names_line() {
        let mut dict = Dictionary::default();
        let err = dict
            .add_user_file("bad.toml", "version = 1\n[[entry]\n")
            .unwrap_err();
        assert_eq!(err.problems[0].line, Some(2), "{err}");
    }

    #[test]
    fn user_reference_data_loads_and_non_person_words_are_single_words() {
        let dict = Dictionary::builtin().unwrap();
        for lang in LANGUAGES {
            assert!(
                dict.actor_terms.iter().any(|t| t.lang == lang),
                "no user-reference terms for {lang}"
            );
        }
        assert!(dict.non_person_actors.contains("cron") && dict.actor_veto.contains("team"));
        assert!(dict.joined_last_names.contains("devries"));
        let text = "version = 1\n[non_person_actors]\nterms.en = [\"ci bot\"]\n";
        let err = Dictionary::default()
            .add_user_file("mine.toml", text)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("mine.toml:3: 'ci bot' must be one word"),
            "{err}"
        );
    }

    #[test]
    fn user_file_adds_terms() {
        let mut dict = Dictionary::builtin().unwrap();
        let before = dict.name_terms.len();
        dict.add_user_file(
            "mine.toml",
            "version = 1\n[[entry]]\ncategory = \"national_id\"\nconfidence = 0.9\nterms.de = [\"mitgliedsnummer\"]\n",
        )
        .unwrap();
        assert_eq!(dict.name_terms.len(), before + 1);
    }
}
