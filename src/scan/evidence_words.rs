//! The scanner's evidence in words: `templates/evidence.<lang>.toml` (embedded), filled with
//! an evidence item's arguments. The only place evidence becomes language; the English words
//! are also the scan JSON's `evidence` strings.
//!
//! A placeholder is `{name}` (the argument as it is; nested evidence in words, several joined
//! with `format.join`) or `{name|kind}`: `pct` a whole percent, `num1`/`num2` a decimal
//! number, `quoted` a list joined with `format.quoted`, `phrase:PREFIX` each item as the
//! phrase `PREFIX.item`, joined with ", ".
//!
//! [`check`] validates every file (each code of [`CODES`] worded, only its arguments used,
//! every phrase an argument can need present), naming file and line; the shipped files are
//! checked by a test and by `dpia questionnaire lint`. Rendering never panics: an unknown
//! code or phrase shows the code.

use super::evidence::{Arg, Evidence, CODES, CONTRADICTED};
use super::model::{Category, ColumnReport};
use super::recognizers::ValueKind;
use crate::lang::Lang;
use crate::location::FileProblem;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use toml::Spanned;

/// The wording files: language, name, text.
const FILES: [(Lang, &str, &str); 3] = [
    (
        Lang::En,
        "templates/evidence.en.toml",
        include_str!("../../templates/evidence.en.toml"),
    ),
    (
        Lang::De,
        "templates/evidence.de.toml",
        include_str!("../../templates/evidence.de.toml"),
    ),
    (
        Lang::Fr,
        "templates/evidence.fr.toml",
        include_str!("../../templates/evidence.fr.toml"),
    ),
];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)]
    version: u32,
    text: BTreeMap<Spanned<String>, Spanned<String>>,
    phrase: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// One language's wording.
#[derive(Debug, Default)]
struct Table {
    text: BTreeMap<String, String>,
    phrase: BTreeMap<String, String>,
}

fn load(text: &str) -> Table {
    toml::from_str::<RawFile>(text)
        .map(|raw| Table {
            text: raw
                .text
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v.into_inner()))
                .collect(),
            phrase: raw
                .phrase
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v.into_inner()))
                .collect(),
        })
        .unwrap_or_default()
}

static TABLES: LazyLock<[Table; 3]> = LazyLock::new(|| FILES.map(|(_, _, text)| load(text)));

fn table(lang: Lang) -> &'static Table {
    let [en, de, fr] = &*TABLES;
    match lang {
        Lang::En => en,
        Lang::De => de,
        Lang::Fr => fr,
    }
}

/// The evidence `e` in `lang`.
pub fn words(e: &Evidence, lang: Lang) -> String {
    let t = table(lang);
    match t.text.get(&e.code) {
        Some(template) => fill(t, template, &e.args, lang),
        None => e.code.clone(),
    }
}

/// A column's evidence in `lang`: its evidence items worded, or, for a scan recorded before
/// evidence was data (English strings only), its strings as they are.
pub fn column_evidence(c: &ColumnReport, lang: Lang) -> Vec<String> {
    if c.evidence_items.is_empty() {
        c.evidence.clone()
    } else {
        c.evidence_items.iter().map(|e| words(e, lang)).collect()
    }
}

/// A data flow's evidence in `lang` (the code itself, or a sentence about it); for a scan
/// recorded before evidence was data, its English string.
pub fn flow_evidence(f: &super::code::flows::Flow, lang: Lang) -> String {
    match &f.evidence_item {
        Some(e) => words(e, lang),
        None => f.evidence.clone(),
    }
}

/// Evidence items and their English words (the scan JSON's `evidence` strings).
pub fn english(items: &[Evidence]) -> Vec<String> {
    items.iter().map(|e| words(e, Lang::En)).collect()
}

/// A phrase of the evidence wording (`heading.findings`) in `lang`; the key when unknown.
pub fn phrase_in(key: &str, lang: Lang) -> String {
    phrase(table(lang), key)
}

fn phrase(t: &Table, key: &str) -> String {
    t.phrase
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

fn fill(t: &Table, template: &str, args: &BTreeMap<String, Arg>, lang: Lang) -> String {
    crate::placeholders::fill(template, |name, kind| {
        args.get(name).map(|a| show(t, a, kind, lang))
    })
}

fn show(t: &Table, a: &Arg, kind: &str, lang: Lang) -> String {
    let items: Vec<String> = match a {
        Arg::Item(e) => return words(e, lang),
        Arg::Items(es) => {
            let parts: Vec<String> = es.iter().map(|e| words(e, lang)).collect();
            return parts.join(&phrase(t, "format.join"));
        }
        Arg::Int(i) => vec![i.to_string()],
        Arg::Num(x) => vec![x.to_string()],
        Arg::Text(s) => vec![s.clone()],
        Arg::List(l) => l.clone(),
    };
    let (kind, prefix) = kind.split_once(':').unwrap_or((kind, ""));
    let decimal = |places: usize| match a {
        Arg::Num(x) => format!("{x:.places$}").replace('.', &phrase(t, "format.decimal")),
        _ => items.join(", "),
    };
    match kind {
        "pct" => phrase(t, "format.percent").replace("{}", &items.join(", ")),
        "num1" => decimal(1),
        "num2" => decimal(2),
        "quoted" => items.join(&phrase(t, "format.quoted")),
        "phrase" => items
            .iter()
            .map(|i| phrase(t, &format!("{prefix}.{i}")))
            .collect::<Vec<_>>()
            .join(", "),
        _ => items.join(", "),
    }
}

/// The phrases every language must have: formats, and one per category, value kind,
/// contradicted kind and Art. 9 topic (`topics`, from the dictionary).
fn needed_phrases(topics: &[String]) -> Vec<String> {
    let mut out: Vec<String> = [
        "format.join",
        "format.percent",
        "format.decimal",
        "format.quoted",
        "heading.findings",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.extend(
        Category::ALL
            .iter()
            .map(|c| format!("category.{}", c.as_str())),
    );
    for k in ValueKind::ALL {
        out.push(format!("kind.{}", k.code()));
        out.push(format!("a_kind.{}", k.code()));
    }
    out.extend(CONTRADICTED.iter().map(|w| format!("what.{w}")));
    out.extend(topics.iter().map(|t| format!("topic.{t}")));
    out
}

/// Checks a wording file: it parses, words every code with only that code's arguments, and
/// has every phrase the arguments can need (`topics`: the dictionary's Art. 9 topics).
pub fn check_file(file: &str, text: &str, topics: &[String]) -> Vec<FileProblem> {
    let line = |span: std::ops::Range<usize>| Some(crate::location::line_at(text, span.start));
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return vec![FileProblem::toml(file, text, &e)],
    };
    let mut problems = Vec::new();
    let mut fail = |line: Option<u64>, message: String| {
        problems.push(FileProblem {
            file: file.to_string(),
            line,
            message,
        })
    };
    let codes: BTreeMap<&str, &[&str]> = CODES.iter().copied().collect();
    for (key, template) in &raw.text {
        let Some(args) = codes.get(key.get_ref().as_str()) else {
            fail(
                line(key.span()),
                format!("unknown evidence code '{}'", key.get_ref()),
            );
            continue;
        };
        for spec in placeholders(template.get_ref()) {
            let (name, kind) = spec.split_once('|').unwrap_or((&spec, ""));
            if !args.contains(&name) {
                fail(
                    line(template.span()),
                    format!("'{}' has no argument '{name}'", key.get_ref()),
                );
            }
            let known = matches!(kind, "" | "pct" | "num1" | "num2" | "quoted")
                || kind.starts_with("phrase:");
            if !known {
                fail(
                    line(template.span()),
                    format!("'{}': unknown placeholder kind '{kind}'", key.get_ref()),
                );
            }
        }
    }
    let worded: Vec<&str> = raw.text.keys().map(|k| k.get_ref().as_str()).collect();
    for (code, _) in CODES {
        if !worded.contains(code) {
            fail(None, format!("no words for evidence code '{code}'"));
        }
    }
    let phrases: Vec<&str> = raw.phrase.keys().map(|k| k.get_ref().as_str()).collect();
    let needed = needed_phrases(topics);
    for key in raw.phrase.keys() {
        if !needed.contains(key.get_ref()) {
            fail(
                line(key.span()),
                format!("unknown phrase '{}'", key.get_ref()),
            );
        }
    }
    for need in &needed {
        if !phrases.contains(&need.as_str()) {
            fail(None, format!("no phrase '{need}'"));
        }
    }
    problems
}

/// Checks the shipped wording files against the dictionary's topics.
pub fn check(topics: &[String]) -> Vec<FileProblem> {
    FILES
        .iter()
        .flat_map(|(_, file, text)| check_file(file, text, topics))
        .collect()
}

/// Checks the shipped wording files against the built-in dictionary's Art. 9 topics (what
/// `dpia questionnaire lint` runs).
pub fn check_builtin() -> Vec<FileProblem> {
    match super::dictionary::Dictionary::builtin() {
        Ok(dict) => check(&topics_of(&dict)),
        Err(e) => vec![FileProblem {
            file: "src/scan/dictionaries".into(),
            line: None,
            message: format!("the built-in dictionary does not load: {e}"),
        }],
    }
}

/// The topics evidence can name: the Art. 9 lexicon's and the categorical groups'.
pub(crate) fn topics_of(dict: &super::dictionary::Dictionary) -> Vec<String> {
    let mut topics: Vec<String> = dict
        .lexicon
        .topics
        .iter()
        .map(|t| t.topic.clone())
        .collect();
    topics.extend(dict.categorical.iter().map(|g| g.topic.clone()));
    topics.sort();
    topics.dedup();
    topics
}

/// The placeholders of a template (`name` or `name|kind`).
fn placeholders(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(p, _)| p.to_string()))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
#[path = "evidence_words_tests.rs"]
mod tests;
