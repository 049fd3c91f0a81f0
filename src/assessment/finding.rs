//! A conclusion of the evaluation as data: a stable code (`transfer.needs_tool`) and its
//! parameters (`{"country": "IN", "component": "…"}`). The evaluation produces findings and
//! never words them; every shell and output words the same finding in any supported language
//! through [`super::wording::Words`], so a recorded evaluation reads the same in English,
//! German or French, in the CLI, the TUI and the report, without evaluating again.
//!
//! Codes are stable: JSON consumers and the wording templates depend on them. Every code the
//! evaluation can produce is listed in [`super::codes::ALL`] and has wording in every language
//! (a test checks both).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One parameter of a finding: a number, a text (a code, an id, a date or free text), a list
/// of texts, or findings nested in it (the reason of a transfer issue, the gaps of a
/// processor). How a parameter is shown (a country code as the country's name, a date in the
/// language's style) is decided by the wording template, not here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Param {
    Int(i64),
    Text(String),
    List(Vec<String>),
    Finding(Box<Finding>),
    Findings(Vec<Finding>),
}

impl Param {
    /// The parameter as a list of texts (a single text is a list of one; nested findings give
    /// their codes).
    pub fn items(&self) -> Vec<String> {
        match self {
            Param::Int(i) => vec![i.to_string()],
            Param::Text(t) => vec![t.clone()],
            Param::List(l) => l.clone(),
            Param::Finding(f) => vec![f.code.clone()],
            Param::Findings(fs) => fs.iter().map(|f| f.code.clone()).collect(),
        }
    }
}

impl From<Finding> for Param {
    fn from(f: Finding) -> Self {
        Param::Finding(Box::new(f))
    }
}
impl From<Vec<Finding>> for Param {
    fn from(fs: Vec<Finding>) -> Self {
        Param::Findings(fs)
    }
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Text(s.to_string())
    }
}
impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Text(s)
    }
}
impl From<&String> for Param {
    fn from(s: &String) -> Self {
        Param::Text(s.clone())
    }
}
impl From<i64> for Param {
    fn from(i: i64) -> Self {
        Param::Int(i)
    }
}
impl From<usize> for Param {
    fn from(i: usize) -> Self {
        Param::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}
impl From<Vec<String>> for Param {
    fn from(l: Vec<String>) -> Self {
        Param::List(l)
    }
}
impl From<&[String]> for Param {
    fn from(l: &[String]) -> Self {
        Param::List(l.to_vec())
    }
}

/// A finding: what the evaluation concluded, as a code with parameters.
///
/// Serialised as `{"code": "…", "params": {…}}`; output made for people or for scripts that
/// want the words adds `"text"` (see [`super::Evaluation::worded`]). A finding recorded by
/// dpia before codes existed was a sentence; it reads back as the code [`LEGACY`] with the
/// sentence as its `text` parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Param>,
    /// The finding in words; filled only for output, never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The code of a finding recorded as a sentence by an earlier dpia.
pub const LEGACY: &str = "legacy.text";

impl Finding {
    pub fn new(code: &str) -> Finding {
        Finding {
            code: code.to_string(),
            params: BTreeMap::new(),
            text: None,
        }
    }

    /// Adds a parameter.
    pub fn with(mut self, name: &str, value: impl Into<Param>) -> Finding {
        self.params.insert(name.to_string(), value.into());
        self
    }

    /// A parameter as text (a list joined with ", ").
    pub fn param(&self, name: &str) -> Option<String> {
        self.params.get(name).map(|p| p.items().join(", "))
    }

    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Coded {
            code: String,
            #[serde(default)]
            params: BTreeMap<String, Param>,
            #[serde(default)]
            text: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Coded(Coded),
            Sentence(String),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Coded(c) => Finding {
                code: c.code,
                params: c.params,
                text: c.text,
            },
            Stored::Sentence(s) => Finding::new(LEGACY).with("text", s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_code_and_params_and_reads_sentences_of_earlier_records() {
        let f = Finding::new("transfer.no_tool")
            .with("location", "IN")
            .with("count", 2_i64)
            .with("list", vec!["a".to_string(), "b".to_string()]);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"code":"transfer.no_tool","params":{"count":2,"list":["a","b"],"location":"IN"}}"#
        );
        let back: Finding = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let nested = Finding::new("issue.transfer").with("reason", f.clone());
        let back: Finding = serde_json::from_str(&serde_json::to_string(&nested).unwrap()).unwrap();
        assert_eq!(back, nested);
        let old: Finding = serde_json::from_str(r#""storage: IN is in the EEA""#).unwrap();
        assert_eq!(old.code, LEGACY);
        assert_eq!(
            old.param("text").as_deref(),
            Some("storage: IN is in the EEA")
        );
    }
}
