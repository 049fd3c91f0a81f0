//! The one place example values are masked, so that reports show the shape of the data, never
//! the data: `Anna Müller` → `A*** M*****`, `anna@example.org` → `****@example.org`, digits →
//! `*`.
//!
//! A scan report holds its examples as [`MaskedExample`]s, which only [`masked`] makes (reading
//! one back from JSON masks it again), so anything that stores, serialises or renders a report
//! (the record, `show --format json`, exports, the PDF, the TUI) gets masked values by
//! construction. Raw values exist only as [`RawExamples`], which cannot be serialised and are
//! kept only when a scan asks for them (`dpia scan --show-values`). Masking is idempotent:
//! masking a masked value gives it back unchanged, which is what lets stored values be
//! checked (`is_masked`) and re-read safely.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Longest masked example shown, in characters.
const MAX_CHARS: usize = 40;
/// What an e-mail's local part becomes.
const LOCAL: &str = "****@";

/// One masked example value. Serialises as a plain string; deserialising masks the string
/// again, so a report read from anywhere holds only masked values.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct MaskedExample(String);

impl MaskedExample {
    /// The masked text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MaskedExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MaskedExample {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(masked(&text))
    }
}

/// Raw example values as the scanner saw them. Deliberately not serialisable and not shown
/// by `Debug`: they reach the screen only through `dpia scan --show-values`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawExamples(Vec<String>);

impl RawExamples {
    pub(crate) fn new(values: Vec<String>) -> RawExamples {
        RawExamples(values)
    }

    /// The raw values (personal data: show them only when the user asked to).
    pub fn values(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Debug for RawExamples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawExamples({} values)", self.0.len())
    }
}

/// Masks one value into the only form a report holds.
pub fn masked(value: &str) -> MaskedExample {
    MaskedExample(mask(value))
}

/// Masks every value.
pub fn masked_all(values: &[String]) -> Vec<MaskedExample> {
    values.iter().map(|v| masked(v)).collect()
}

/// Masks one value.
pub fn mask(value: &str) -> String {
    let value = value.trim();
    if let Some(domain) = email_domain(value) {
        return format!("{LOCAL}{domain}");
    }
    let mut out = String::with_capacity(value.len());
    let mut at_word_start = true;
    for c in value.chars() {
        if c.is_alphabetic() {
            out.push(if at_word_start { c } else { '*' });
            at_word_start = false;
        } else if c.is_numeric() {
            out.push('*');
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    truncate(&out)
}

/// Whether `value` is already in masked form (masking it changes nothing).
pub fn is_masked(value: &str) -> bool {
    mask(value) == value
}

/// The domain of an e-mail address short enough to show whole; `None` for anything else
/// (a domain that would need cutting, or one holding mask characters, is masked like text,
/// which keeps masking idempotent).
fn email_domain(value: &str) -> Option<&str> {
    let (local, domain) = value.split_once('@')?;
    let plausible = !local.is_empty()
        && !local.contains(' ')
        && domain.contains('.')
        && !domain.contains([' ', '*', '…'])
        && LOCAL.len() + domain.chars().count() <= MAX_CHARS;
    plausible.then_some(domain)
}

fn truncate(s: &str) -> String {
    if s.chars().count() > MAX_CHARS {
        let mut t: String = s.chars().take(MAX_CHARS).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

/// Masks the examples of a scan report held as JSON (`tables[].columns[].examples[]`), as a
/// record written before masking was a property of the report stores them. Returns how many
/// values changed.
pub fn mask_scan_json(scan: &mut serde_json::Value) -> usize {
    let mut changed = 0;
    for example in examples_mut(scan) {
        if let serde_json::Value::String(text) = example {
            let m = mask(text);
            if m != *text {
                *text = m;
                changed += 1;
            }
        }
    }
    changed
}

/// How many examples of a scan report held as JSON are not masked (or not strings).
pub fn unmasked_in_scan_json(scan: &serde_json::Value) -> usize {
    scan.get("tables")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("columns").and_then(|c| c.as_array()))
        .flatten()
        .filter_map(|c| c.get("examples").and_then(|e| e.as_array()))
        .flatten()
        .filter(|e| e.as_str().is_none_or(|s| !is_masked(s)))
        .count()
}

fn examples_mut(scan: &mut serde_json::Value) -> impl Iterator<Item = &mut serde_json::Value> {
    scan.get_mut("tables")
        .and_then(|t| t.as_array_mut())
        .into_iter()
        .flatten()
        .filter_map(|t| t.get_mut("columns").and_then(|c| c.as_array_mut()))
        .flatten()
        .filter_map(|c| c.get_mut("examples").and_then(|e| e.as_array_mut()))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_names_emails_and_numbers() {
        assert_eq!(mask("Anna Müller"), "A*** M*****");
        assert_eq!(mask("anna.mueller@example.org"), "****@example.org");
        assert_eq!(mask("+49(0)6563 21223"), "+**(*)**** *****");
        assert_eq!(
            mask("DE89370400440532013000"),
            "D***********************"[..22].to_string()
        );
        assert!(mask(&"x".repeat(100)).ends_with('…'));
        assert_eq!(mask(""), "");
    }

    #[test]
    fn an_address_with_a_long_domain_is_masked_like_text() {
        let long = format!("anna@{}.example.org", "sub".repeat(20));
        let m = mask(&long);
        assert!(m.starts_with("a***@s"), "{m}");
        assert!(m.ends_with('…'));
    }

    /// Masking twice gives what masking once gave: stored values can be checked and re-read.
    #[test]
    fn masking_is_idempotent() {
        let parts = [
            "anna",
            "Müller",
            "@",
            ".",
            " ",
            "42",
            "x",
            "*",
            "…",
            "-",
            "de",
            "ß",
            "١٢",
            "@ex.de",
            "\t",
            "DE89 3704",
        ];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for n in [1, 7] {
                        let value = format!("{a}{b}{c}").repeat(n);
                        let once = mask(&value);
                        assert_eq!(mask(&once), once, "masking {value:?} twice");
                        assert!(is_masked(&once));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000);
        let long = format!("annamaria@{}.example.org", "x".repeat(36));
        assert_eq!(mask(&mask(&long)), mask(&long));
    }

    #[test]
    fn a_masked_example_read_from_json_is_masked_again() {
        let e: MaskedExample = serde_json::from_str("\"anna@example.org\"").unwrap();
        assert_eq!(e.as_str(), "****@example.org");
        let kept: MaskedExample = serde_json::from_str("\"A*** M*****\"").unwrap();
        assert_eq!(kept.as_str(), "A*** M*****");
        assert_eq!(serde_json::to_string(&kept).unwrap(), "\"A*** M*****\"");
    }

    #[test]
    fn raw_examples_do_not_show_in_debug_output() {
        let raw = RawExamples::new(vec!["anna@example.org".into()]);
        assert_eq!(format!("{raw:?}"), "RawExamples(1 values)");
    }

    #[test]
    fn scan_json_examples_are_masked_in_place() {
        let mut scan = serde_json::json!({"tables": [{"name": "t", "columns": [
            {"name": "email", "examples": ["anna@example.org", "****@example.org"]},
            {"name": "id"}
        ]}], "problems": []});
        assert_eq!(unmasked_in_scan_json(&scan), 1);
        assert_eq!(mask_scan_json(&mut scan), 1);
        assert_eq!(
            scan["tables"][0]["columns"][0]["examples"],
            serde_json::json!(["****@example.org", "****@example.org"])
        );
        assert_eq!(unmasked_in_scan_json(&scan), 0);
        assert_eq!(mask_scan_json(&mut serde_json::json!({"tables": 3})), 0);
    }
}
