//! The scan's result types: what `dpia scan --format json` prints and what the
//! questionnaire pre-fills from. Plain serde types, so every renderer is a function of them.
//! Example values are [`MaskedExample`]s: a report cannot hold a raw value in anything it
//! serialises (see [`super::mask`]).

pub use super::mask::{MaskedExample, RawExamples};
pub use super::problem::{Problem, ProblemCode, Severity};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of personal data. The strings are the stable vocabulary of the JSON output and
/// of the questionnaire's `show_if` conditions; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    PersonName,
    Email,
    Phone,
    PostalAddress,
    DateOfBirth,
    NationalId,
    BankAccount,
    PaymentCard,
    IpAddress,
    Geolocation,
    OnlineIdentifier,
    FreeText,
    Health,
    SpecialCategory,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 14] = [
        Category::PersonName,
        Category::Email,
        Category::Phone,
        Category::PostalAddress,
        Category::DateOfBirth,
        Category::NationalId,
        Category::BankAccount,
        Category::PaymentCard,
        Category::IpAddress,
        Category::Geolocation,
        Category::OnlineIdentifier,
        Category::FreeText,
        Category::Health,
        Category::SpecialCategory,
    ];

    /// The stable string used in JSON and in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PersonName => "person_name",
            Category::Email => "email",
            Category::Phone => "phone",
            Category::PostalAddress => "postal_address",
            Category::DateOfBirth => "date_of_birth",
            Category::NationalId => "national_id",
            Category::BankAccount => "bank_account",
            Category::PaymentCard => "payment_card",
            Category::IpAddress => "ip_address",
            Category::Geolocation => "geolocation",
            Category::OnlineIdentifier => "online_identifier",
            Category::FreeText => "free_text",
            Category::Health => "health",
            Category::SpecialCategory => "special_category",
        }
    }

    /// Parses the stable string; `None` for anything else.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the category is special-category data under GDPR Art. 9(1).
    pub fn is_article9(self) -> bool {
        matches!(self, Category::Health | Category::SpecialCategory)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The whole result of one scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Tables found, merged across sources, in the order first seen.
    pub tables: Vec<TableReport>,
    /// Hosting facts from wrangler configuration and scripts.
    pub hosting: Vec<HostingFact>,
    /// Every problem met on the way; one bad file never stops the scan.
    pub problems: Vec<Problem>,
    /// Files that were scanned, with their SHA-256, so an assessment can fingerprint its inputs.
    #[serde(default)]
    pub inputs: Vec<InputFile>,
    /// Files and folders skipped while walking (dependencies, VCS, build output, unknown types).
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Data flows read from the tool's source code (JS/TS, HTML, CSS, package.json).
    #[serde(default)]
    pub flows: Vec<super::code::Flow>,
}

/// One file that took part in the scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    pub path: String,
    /// What the file was read as (`sql`, `csv`, `sqlite`, ...).
    pub format: String,
    /// Lowercase hex SHA-256 of the file's bytes (of the bytes read, when sampled).
    pub sha256: String,
    pub bytes: u64,
    /// Whether only windows of the file were read (a file over the size limit without
    /// `--full`): then `sha256` and `bytes` are those of the windows, not of the whole file.
    /// Left out of the JSON when false, so a scan recorded before reads and writes back
    /// unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sampled: bool,
}

/// One table (or CSV/JSON collection) and its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableReport {
    pub name: String,
    /// Paths of every source that described or held rows of this table.
    pub sources: Vec<String>,
    /// Rows whose values were examined.
    pub rows_sampled: u64,
    /// Rows seen in all sources (at least `rows_sampled`).
    #[serde(default)]
    pub rows_seen: u64,
    pub columns: Vec<ColumnReport>,
}

/// The verdict on one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub name: String,
    /// Declared type where a schema gives one (`TEXT`, `VARCHAR(255)`, `string/email`).
    #[serde(rename = "type")]
    pub data_type: Option<String>,
    /// Categories of personal data found; empty means none.
    pub categories: Vec<Category>,
    /// Confidence in [0,1] of the strongest category (0 when none).
    pub confidence: f64,
    /// Human-readable reasons, one per signal, in English (the words of `evidence_items`;
    /// a scan recorded before evidence was data has only these).
    pub evidence: Vec<String>,
    /// The same reasons as data (code and arguments), worded in any language by
    /// [`super::evidence_words`]; empty in scans recorded before evidence was data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_items: Vec<super::evidence::Evidence>,
    /// Per-category confidence, same order as `categories`.
    #[serde(default)]
    pub category_confidence: Vec<f64>,
    /// Up to three example values, masked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<MaskedExample>,
    /// The same examples raw, only when the scan was asked to keep them
    /// ([`super::ScanOptions::keep_raw_examples`], `dpia scan --show-values`); never
    /// serialised, so never stored.
    #[serde(skip)]
    pub raw_examples: Option<RawExamples>,
    /// Non-empty values examined.
    #[serde(default)]
    pub values_sampled: u64,
    /// Whether the name alone is ambiguous and the DPO should look (e.g. `name` in an unknown table).
    #[serde(default)]
    pub needs_review: bool,
    /// Where the sources declare the column, as `path:line` (see
    /// [`ColumnSchema::declared_at`](super::table_model::ColumnSchema::declared_at)); empty
    /// when no line applies (SQLite files, a scan recorded before dpia kept places), and
    /// then left out of the JSON, so a scan recorded before reads and writes back unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared_at: Vec<crate::location::Location>,
}

/// Where a component of the tool stores data, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostingFact {
    /// `d1` or `r2`.
    pub component: String,
    pub binding: Option<String>,
    /// Database or bucket name.
    pub name: Option<String>,
    /// `eu`, `fedramp`... as configured; `None` when absent (location unknown).
    pub jurisdiction: Option<String>,
    /// Location hint (`weur`, `eeur`, `wnam`...) where one is given.
    pub location_hint: Option<String>,
    /// File (and line, as `path:line`) the fact comes from.
    pub source: String,
}
