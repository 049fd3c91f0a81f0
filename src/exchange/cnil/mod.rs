//! The CNIL's PIA tool (LINCnil/pia), the reference DPIA software in France: its JSON export
//! read into an assessment, and an assessment written as a file the tool imports. The format
//! is undocumented by the CNIL; `../shared/reference/cnil-pia-format.md` describes it field
//! by field from the tool's source.
//!
//! - `model`: the file as serde types (lenient where the tool is, errors with the JSON path
//!   where it would break).
//! - `template`: the tool's default template and where each question goes in dpia's
//!   questionnaire, as data (`template.toml`).
//! - [`import`](import::import): a file → answers of the built-in questionnaire plus
//!   imported notes for everything that does not map; all or nothing.
//! - [`export`](export::export): answers (and notes) → a file; an imported assessment
//!   exports back to a file that imports to the same answers and notes.
//! - `dates`: the tool's ISO-8601 dates and the day a user picked.
//!
//! What maps, what becomes a note and what is left out is written in `import` and in the
//! README; legal conclusions (the controller's decision, whether a residual risk is
//! acceptable) are never read from a CNIL file: they stay notes for the DPO to decide in dpia.

mod architecture;
mod dates;
pub mod export;
mod export_custom;
mod export_parts;
mod export_records;
pub mod import;
mod import_parts;
mod import_records;
pub mod model;
pub mod template;

pub use export::{export, export_version, ExportError, ExportInput};
pub use import::{import, Imported};
pub use model::CnilFile;

/// Every note field an import writes (each has words in `templates/exchange.<lang>.toml`).
pub(crate) const NOTE_FIELDS: &[&str] = export_parts::FIELDS;

/// The source name imported notes carry.
pub const SOURCE: &str = "cnil";

/// Largest CNIL file read: exports hold text only (attachments are in the ZIP export), so
/// even a long PIA is a few hundred kilobytes.
pub const MAX_FILE: u64 = 32 << 20;

/// A CNIL file that cannot be imported: where (a JSON path like `$.answers[3].data.gauge`,
/// with the line and column for syntax errors) and why. Nothing is imported then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {path}: {message}")]
pub struct CnilError {
    pub file: String,
    pub path: String,
    pub message: String,
}

/// Reads a CNIL PIA file (`bytes`, named `file` in messages).
pub fn parse(file: &str, bytes: &[u8]) -> Result<CnilFile, CnilError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let fail = |path: String, message: String| CnilError {
        file: file.to_string(),
        path,
        message,
    };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(fail(
            "$".into(),
            "a list of PIAs (the CNIL server's bulk format), not one PIA: export the PIAs one by one from the CNIL tool".into(),
        ));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| fail("$".into(), e.to_string()))?;
    if let Some((path, found)) = misshapen(&value) {
        return Err(fail(path, format!("expected an object, found {found}")));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = json_path(&e.path().to_string());
        let mut message = e.into_inner().to_string();
        if message.starts_with("missing field `pia`") {
            message = format!("{message}: not a CNIL PIA export (its top level has `pia`, `answers`, `measures`, `evaluations` and `comments`)");
        }
        fail(path, message)
    })
}

/// The first place where the file has something else than the object the format has there
/// (serde would read an array as a struct's fields in order, and blame a field).
fn misshapen(v: &serde_json::Value) -> Option<(String, &'static str)> {
    use serde_json::Value;
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let object = |v: &Value, path: String, optional: bool| match v {
        Value::Object(_) => None,
        Value::Null if optional => None,
        other => Some((path, kind(other))),
    };
    if let Some(bad) = object(v, "$".into(), false) {
        return Some(bad);
    }
    if let Some(pia) = v.get("pia") {
        if let Some(bad) = object(pia, "$.pia".into(), false) {
            return Some(bad);
        }
        if let Some(s) = pia.get("structure_data") {
            if let Some(bad) = object(s, "$.pia.structure_data".into(), true) {
                return Some(bad);
            }
        }
    }
    for (list, inner) in [
        ("answers", Some("data")),
        ("measures", None),
        ("evaluations", Some("gauges")),
        ("comments", None),
    ] {
        let Some(Value::Array(items)) = v.get(list) else {
            continue;
        };
        for (n, item) in items.iter().enumerate() {
            let path = format!("$.{list}[{n}]");
            if let Some(bad) = object(item, path.clone(), false) {
                return Some(bad);
            }
            if let Some(x) = inner.and_then(|k| item.get(k).map(|x| (k, x))) {
                if let Some(bad) = object(x.1, format!("{path}.{}", x.0), true) {
                    return Some(bad);
                }
            }
        }
    }
    None
}

/// A CNIL file read and imported, with its SHA-256 (what the record's `imported` event names).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFile {
    pub imported: Imported,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
}

impl ImportedFile {
    /// The detail of the record's `imported` event: format, file and SHA-256.
    pub fn source(&self, file: &str) -> String {
        format!("cnil {file}; SHA-256 {}", self.sha256)
    }
}

/// Reads and imports a CNIL file's bytes (see [`parse`] and [`import`]).
pub fn import_bytes(
    file: &str,
    bytes: &[u8],
    questionnaire: &crate::questionnaire::Questionnaire,
    reference: &crate::reference::Reference,
    lang: crate::lang::Lang,
) -> Result<ImportedFile, CnilError> {
    let sha256 = crate::digest::sha256_hex(bytes);
    let parsed = parse(file, bytes)?;
    let imported = import(file, &parsed, questionnaire, reference, lang)?;
    Ok(ImportedFile { imported, sha256 })
}

/// A serde_path_to_error path (`answers[1].data`, `.` at the top) as a JSON path.
pub(crate) fn json_path(path: &str) -> String {
    if path.is_empty() || path == "." {
        "$".to_string()
    } else {
        format!("$.{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/cnil")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn every_valid_fixture_parses() {
        for name in [
            "full.json",
            "minimal.json",
            "german.json",
            "edge-cases.json",
            "custom-template.json",
            "real/2018-02-21-pia-example.json",
            "real/cypress-pia.json",
        ] {
            parse(name, &fixture(name)).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn malformed_files_name_the_json_path() {
        let e = parse("x.json", &fixture("invalid/no-pia.json")).unwrap_err();
        assert_eq!(e.path, "$");
        assert!(e.message.contains("missing field `pia`"), "{e}");
        let e = parse("x.json", &fixture("invalid/wrong-type.json")).unwrap_err();
        assert_eq!(e.path, "$.answers[1].data.gauge", "{e}");
        assert!(e.message.contains("\"high\""), "{e}");
        let e = parse("x.json", &fixture("invalid/truncated.json")).unwrap_err();
        assert!(e.message.contains("line 3"), "{e}");
        let e = parse("x.json", &fixture("invalid/pia-not-object.json")).unwrap_err();
        assert_eq!(e.path, "$.pia", "{e}");
        let e = parse("x.json", b"[{\"pia\": {}}]").unwrap_err();
        assert!(e.message.contains("one by one"), "{e}");
        let e = parse("x.json", b"{\"pia\": {}} trailing").unwrap_err();
        assert!(e.message.contains("trailing characters"), "{e}");
        let e = parse(
            "x.json",
            b"{\"pia\": {}, \"answers\": [{\"reference_to\": 111, \"data\": \"x\"}]}",
        )
        .unwrap_err();
        assert_eq!(e.path, "$.answers[0].data", "{e}");
        assert!(parse("x.json", b"\xEF\xBB\xBF{\"pia\": {}}").is_ok());
        let e = parse("x.json", b"{\"pia\": {}, \"answers\": [{\"data\": {}}]}").unwrap_err();
        assert_eq!(e.path, "$.answers[0]", "{e}");
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod import_export_tests;

#[cfg(test)]
#[path = "real_tests.rs"]
mod real_tests;
