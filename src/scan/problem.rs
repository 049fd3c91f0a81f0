//! What could not be read, where, and how bad: a scan's [`Problem`]s. Each carries a stable
//! kebab-case [`ProblemCode`] (`csv-ragged-row`, `sql-syntax`...) beside its words, so a
//! program (CI, SARIF, a dashboard) can tell problems apart without reading English; codes
//! are never renamed (the list is snapshotted, as cargo-deny does with its diagnostics).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Something that could not be read, with the place it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What kind of problem; `unclassified` in a scan recorded before problems had codes.
    #[serde(default)]
    pub code: ProblemCode,
    pub path: String,
    /// 1-based line, where one applies.
    pub line: Option<u64>,
    pub message: String,
    /// `error` stops a file (or a statement); `warning` is informational (Latin-1 fallback, ragged row).
    #[serde(default = "default_severity")]
    pub severity: Severity,
}

fn default_severity() -> Severity {
    Severity::Error
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Problem {
    pub fn error(
        code: ProblemCode,
        path: impl Into<String>,
        line: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            code,
            path: path.into(),
            line,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(
        code: ProblemCode,
        path: impl Into<String>,
        line: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, path, line, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::location::write_at(f, &self.path, self.line, &self.message)
    }
}

/// The closed list of problem codes, each with its stable string and what it means.
macro_rules! problem_codes {
    ($($variant:ident = $code:literal: $meaning:literal,)*) => {
        /// The kind of a [`Problem`]. Strings are stable: never rename one (add a new one).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub enum ProblemCode {
            $($variant,)*
            /// A problem recorded before codes existed, or a code this dpia does not know.
            #[default]
            Unclassified,
        }

        impl ProblemCode {
            /// Every code a scan reports (not [`ProblemCode::Unclassified`]).
            pub const ALL: &[ProblemCode] = &[$(ProblemCode::$variant,)*];

            /// The stable kebab-case string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $code,)*
                    ProblemCode::Unclassified => "unclassified",
                }
            }

            /// What the code means, in a sentence (README, `--help`-style listings).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $meaning,)*
                    ProblemCode::Unclassified => "a problem recorded without a code",
                }
            }
        }
    };
}

problem_codes! {
    ReadFailed = "read-failed": "the file could not be read (permissions, I/O error)",
    NotRegularFile = "not-a-regular-file": "a FIFO, device, socket or link loop: never read",
    FolderUnreadable = "folder-unreadable": "a folder could not be listed",
    UnknownFileType = "unknown-file-type": "a file named on the command line is of no format dpia reads",
    FileTooLarge = "file-too-large": "over a size limit for its format: not read, or not analysed",
    FileSampled = "file-sampled": "over --size-limit: read in windows spread over the file",
    InvalidUtf8 = "invalid-utf8": "text that is not UTF-8, read as Latin-1",
    BinaryData = "binary-data": "binary bytes where text was expected",
    EmptyInput = "empty-input": "a file (or database, schema, configuration) that holds nothing to scan",
    ValueTruncated = "value-truncated": "values longer than 64 KiB cut to that length for detection",
    TooManyColumns = "too-many-columns": "a table offered more than 10,000 columns; the rest ignored",
    SqlSyntax = "sql-syntax": "a SQL statement that could not be read; reading went on after it",
    SqlInsertWithoutColumns = "sql-insert-without-columns": "INSERT without a column list into a table never created: columns numbered",
    SqlRaggedRow = "sql-ragged-row": "an INSERT row with more or fewer values than columns",
    CsvNoHeader = "csv-no-header": "a CSV file without a readable header row",
    CsvSyntax = "csv-syntax": "a CSV record that could not be read; reading the file stops there",
    CsvRaggedRow = "csv-ragged-row": "a CSV row with more or fewer fields than the header",
    CsvRowTooLarge = "csv-row-too-large": "a CSV row over 10,001 fields or 16 MiB; the rest of it ignored",
    CsvUnterminatedQuote = "csv-unterminated-quote": "a quote opened and never closed: the last row runs to the end",
    JsonSyntax = "json-syntax": "JSON (or an NDJSON line) that does not parse",
    JsonNotObjects = "json-not-objects": "JSON values that are not objects, where rows were expected",
    LineTooLong = "line-too-long": "an NDJSON line over 16 MiB, skipped",
    JsonSchemaShape = "json-schema-shape": "a JSON Schema not shaped as one (not an object, properties not a map)",
    JsonSchemaTooLarge = "json-schema-too-large": "a JSON Schema whose $ref expansion went over its budget",
    JsonSchemaRecursiveRef = "json-schema-recursive-ref": "a $ref back into a schema being expanded, not followed again",
    SqliteUnreadable = "sqlite-unreadable": "a SQLite database that could not be opened or whose schema could not be read",
    SqliteTableStopped = "sqlite-table-stopped": "reading a SQLite table failed or went over its instruction budget",
    SqliteGeneratedColumns = "sqlite-generated-columns": "VIRTUAL generated columns of SQLite, declared but not read",
    TomlSyntax = "toml-syntax": "a wrangler.toml that does not parse",
    WranglerNoBindings = "wrangler-no-bindings": "a wrangler configuration without D1, R2, KV or AI bindings",
    CodeSyntax = "code-syntax": "JS/TS source with a syntax error",
    CodeTooDeep = "code-too-deep": "source nested too deeply to analyse",
    CodeNotAnalysed = "code-not-analysed": "source the analysis failed on",
    ObjectUnreadable = "object-unreadable": "a file of a bucket export that could not be read",
    TooManyFiles = "too-many-files": "a bucket folder over 100,000 files: the first ones read",
    NotAFolder = "not-a-folder": "--objects names something that is not a folder",
    BuiltinDataInvalid = "builtin-data-invalid": "dpia's own built-in data failed to load (a bug)",
    Internal = "internal": "rows the scanner failed to examine (a bug); the verdicts may miss them",
    SingleThread = "single-thread": "the worker threads could not start; scanned on one",
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProblemCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProblemCode {
    /// A code this dpia does not know (written by a newer one) reads as `unclassified`.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(ProblemCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ProblemCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s} is not kebab-case"
            );
            assert!(!code.meaning().is_empty());
        }
        assert!(!seen.contains("unclassified"));
        let listing: Vec<String> = ProblemCode::ALL
            .iter()
            .map(|c| format!("{}: {}", c.as_str(), c.meaning()))
            .collect();
        insta::assert_debug_snapshot!(listing);
    }

    #[test]
    fn code_in_json_and_back() {
        let p = Problem::warning(
            ProblemCode::CsvRaggedRow,
            "x.csv",
            Some(7),
            "row has 3 fields",
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["code"], "csv-ragged-row");
        assert_eq!(json["severity"], "warning");
        assert_eq!(serde_json::from_value::<Problem>(json).unwrap(), p);
        let recorded = serde_json::json!({"path": "x.csv", "line": 7, "message": "m"});
        let old: Problem = serde_json::from_value(recorded).unwrap();
        assert_eq!(
            (old.code, old.severity),
            (ProblemCode::Unclassified, Severity::Error)
        );
        let newer = serde_json::json!({"code": "from-the-future", "path": "x", "line": null, "message": "m"});
        let newer: Problem = serde_json::from_value(newer).unwrap();
        assert_eq!(newer.code, ProblemCode::Unclassified);
    }
}
