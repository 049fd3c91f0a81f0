//! The reasons behind a column's verdict as data: a stable code (`name.matches`) and its
//! arguments (`{"column": "email", "term": "email", "lang": "en"}`), as the evaluation's
//! findings are (`crate::assessment::finding`). The scanner produces evidence and never words
//! it; `evidence_words` words the same evidence in English, German or French from
//! `templates/evidence.<lang>.toml`, so a stored scan reads in the report's language in the
//! PDF, `dpia show`, the scan's output and the TUI.
//!
//! Codes are stable: JSON consumers (`evidence_items` in the scan JSON) and the wording
//! templates depend on them. Every code the scanner can produce is in [`CODES`] with its
//! arguments, and has wording in every language (checked when the wording is loaded and by
//! `dpia questionnaire lint`).

use crate::scan::model::Category;
use crate::scan::recognizers::ValueKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One reason behind a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub code: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Arg>,
}

/// One argument: a whole number (a count, a year, a share in percent), a decimal number, a
/// text (a name, a code, a term), a list of texts, or evidence nested in it. How it is shown
/// (a share as `12 %`, a category code as its name) is decided by the wording template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Int(i64),
    Num(f64),
    Text(String),
    List(Vec<String>),
    Item(Box<Evidence>),
    Items(Vec<Evidence>),
}

// Numbers in evidence are finite (shares, means, confidences): equality is total, so flows,
// which are compared whole, can hold evidence.
impl Eq for Arg {}
impl Eq for Evidence {}

impl From<i64> for Arg {
    fn from(i: i64) -> Arg {
        Arg::Int(i)
    }
}
impl From<u64> for Arg {
    fn from(i: u64) -> Arg {
        Arg::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}
impl From<i32> for Arg {
    fn from(i: i32) -> Arg {
        Arg::Int(i64::from(i))
    }
}
impl From<f64> for Arg {
    fn from(x: f64) -> Arg {
        Arg::Num(x)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<Vec<String>> for Arg {
    fn from(l: Vec<String>) -> Arg {
        Arg::List(l)
    }
}
impl From<Category> for Arg {
    fn from(c: Category) -> Arg {
        Arg::Text(c.as_str().to_string())
    }
}
impl From<ValueKind> for Arg {
    fn from(k: ValueKind) -> Arg {
        Arg::Text(k.code().to_string())
    }
}
impl From<Evidence> for Arg {
    fn from(e: Evidence) -> Arg {
        Arg::Item(Box::new(e))
    }
}
impl From<Vec<Evidence>> for Arg {
    fn from(es: Vec<Evidence>) -> Arg {
        Arg::Items(es)
    }
}

impl Evidence {
    /// Evidence `code` without arguments (add them with [`Evidence::with`]).
    pub fn new(code: &str) -> Evidence {
        Evidence {
            code: code.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// The same evidence with argument `name` set.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Evidence {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// Several reasons read as one (`a; b`).
    pub fn joined(items: Vec<Evidence>) -> Evidence {
        Evidence::new("joined").with("items", items)
    }

    /// A reason given for a category (`email: …`).
    pub fn for_category(category: Category, signal: Evidence) -> Evidence {
        Evidence::new("for_category")
            .with("category", category)
            .with("signal", signal)
    }

    /// The codes used in this evidence and everything nested in it.
    pub fn codes(&self) -> Vec<&str> {
        let mut out = vec![self.code.as_str()];
        for a in self.args.values() {
            match a {
                Arg::Item(e) => out.extend(e.codes()),
                Arg::Items(es) => out.extend(es.iter().flat_map(Evidence::codes)),
                _ => {}
            }
        }
        out
    }
}

/// A share in [0,1] as a whole percent, rounded as `{:.0}` rounds.
pub fn percent(share: f64) -> Arg {
    Arg::Int((share * 100.0).round_ties_even() as i64)
}

/// Every code the scanner produces, with the names of its arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("joined", &["items"]),
    ("for_category", &["category", "signal"]),
    ("only", &["what"]),
    (
        "review.not_reported",
        &["category", "confidence", "signals"],
    ),
    ("sample.settled", &["n", "non_empty", "settled", "every"]),
    (
        "sample.settled_screened",
        &["n", "non_empty", "settled", "every"],
    ),
    ("sample.examined", &["n"]),
    ("sample.none", &[]),
    ("name.matches", &["column", "term", "lang"]),
    ("name.contains", &["column", "term", "lang"]),
    ("name.rejected", &["category", "term", "why"]),
    ("name.unconfirmed", &["column", "category", "term"]),
    ("table.things", &[]),
    ("table.people", &[]),
    ("values.none", &[]),
    ("values.technical", &["share"]),
    ("values.technical_not", &["share", "category"]),
    ("values.known_names", &["share"]),
    ("values.addresses", &["share"]),
    ("values.prose", &["share"]),
    ("values.prose_words", &["share", "words"]),
    ("values.coordinates", &["share"]),
    ("values.bare_digits", &["share"]),
    ("values.ip_things", &["share"]),
    ("values.kind", &["count", "n", "share", "kind"]),
    ("values.user_agents", &["share"]),
    ("values.categorical", &["count", "n", "topic"]),
    ("values.contradicts", &["share", "n", "what"]),
    ("schema.email", &[]),
    ("schema.ip", &[]),
    ("schema.uri", &[]),
    ("dates.plausible_ages", &["share"]),
    ("dates.children", &["share", "age"]),
    ("dates.implausible", &["share"]),
    ("dates.birth_range", &["min", "max"]),
    ("texts.contain", &["count", "n", "kind"]),
    ("texts.names", &["count", "n"]),
    ("topic.name_like", &["count", "n", "terms", "topic"]),
    ("topic.mention", &["count", "n", "topic", "terms"]),
    ("topic.rare_article9", &["count", "n", "topic", "terms"]),
    ("json.field", &["field", "category"]),
    ("actor.named", &["column", "term", "lang"]),
    ("actor.too_few", &["named"]),
    ("actor.service_accounts", &["named", "share"]),
    ("actor.handles", &["share", "known"]),
    ("actor.neither", &["named"]),
    (
        "objects.files",
        &["files", "images", "pdf", "docx", "text", "other"],
    ),
    (
        "objects.files_unread",
        &["files", "images", "pdf", "docx", "text", "other", "unread"],
    ),
    ("objects.bucket_bound", &["bucket", "binding", "source"]),
    ("objects.bucket_unbound", &["bucket"]),
    ("images.gps", &["count", "n"]),
    ("images.person", &["count", "n"]),
    ("images.serial", &["count", "n"]),
    ("images.taken_at", &["count", "n"]),
    ("documents.text", &["count", "n"]),
    ("documents.topics", &["count", "n", "topics"]),
    ("documents.identifiers", &["count", "n", "kinds"]),
    ("documents.person", &["count", "n"]),
    ("flow.code", &["code"]),
    ("flow.unknown_host", &["evidence"]),
    ("flow.stylesheet", &["url"]),
    ("flow.package_unused", &["section", "name", "version"]),
    ("flow.unprotected_route", &["method", "route", "served"]),
];

/// The kinds `values.contradicts` names (`what`).
pub const CONTRADICTED: &[&str] = &["email", "ip", "phone"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_reads_back_as_written() {
        let e = Evidence::for_category(
            Category::Email,
            Evidence::joined(vec![
                Evidence::new("name.matches")
                    .with("column", "email")
                    .with("term", "email")
                    .with("lang", "en"),
                Evidence::new("values.prose_words")
                    .with("share", percent(0.125))
                    .with("words", 4.5),
                Evidence::new("topic.mention").with("terms", vec!["x".to_string()]),
            ]),
        );
        let json = serde_json::to_string(&e).unwrap();
        let back: Evidence = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(
            e.codes(),
            vec![
                "for_category",
                "joined",
                "name.matches",
                "values.prose_words",
                "topic.mention"
            ]
        );
    }

    #[test]
    fn percent_rounds_as_the_english_text_did() {
        for share in [0.0, 0.125, 0.005, 0.015, 0.335, 0.5, 0.999, 1.0] {
            assert_eq!(
                percent(share),
                Arg::Int(format!("{:.0}", share * 100.0).parse().unwrap()),
                "{share}"
            );
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, _) in CODES {
            assert!(seen.insert(code), "{code}");
        }
    }
}
