//! Detection: from a table's columns, context and sampled (or streamed) values to a verdict
//! per column. `stats` gathers evidence value by value, `names` reads column names, and
//! `decide` weighs it all.
//!
//! Detection judges columns; it knows nothing of how tables are assembled from their sources
//! (`tables`, which calls it). Both share the column's shape from `table_model`.

mod actors;
mod decide;
mod facts;
mod names;
mod prose;
mod settle;
mod stats;

pub use actors::actor_term;
pub use decide::{decide, kind_category, ColumnInput, REPORT_THRESHOLD};
pub use names::{match_column, table_context, NameMatch, TableContext};
pub use settle::{fit_columns, ColumnStream, SettlePolicy, StreamContext};
pub use stats::{ColumnStats, SAMPLE_EVERY};

use super::dictionary::Dictionary;
use super::model::ColumnReport;
use super::table_model::ColumnSchema;

/// The statistics of `width` columns over sampled rows (each aligned with the columns).
pub fn sample_stats(
    sample: &[Vec<Option<String>>],
    width: usize,
    dict: &Dictionary,
) -> Vec<ColumnStats> {
    let mut stats = vec![ColumnStats::for_width(width); width];
    for row in sample {
        for (s, value) in stats.iter_mut().zip(row) {
            if let Some(value) = value {
                s.observe(value, dict);
            }
        }
    }
    stats
}

/// The verdict on every column of table `table`, from its schema and statistics (aligned).
pub fn detect_columns(
    table: &str,
    columns: &[ColumnSchema],
    stats: &[ColumnStats],
    dict: &Dictionary,
    reference_year: i32,
) -> Vec<ColumnReport> {
    let mut reports: Vec<ColumnReport> = columns
        .iter()
        .zip(stats)
        .map(|(schema, stats)| {
            decide(
                &ColumnInput {
                    table,
                    schema,
                    stats,
                    reference_year,
                },
                dict,
            )
        })
        .collect();
    lift_json_fields(&mut reports);
    reports
}

/// A column holding JSON objects (`meta` = `{"ip": …}`) also carries what its expanded
/// fields (`meta.ip`) hold: the DPO assesses the column the tool stores.
fn lift_json_fields(columns: &mut [ColumnReport]) {
    for i in 0..columns.len() {
        let prefix = format!("{}.", columns[i].name);
        let mut lifted: Vec<(super::Category, f64, String)> = Vec::new();
        for child in columns.iter().filter(|c| c.name.starts_with(&prefix)) {
            for (k, conf) in child.categories.iter().zip(&child.category_confidence) {
                if !lifted.iter().any(|(l, _, _)| l == k) {
                    lifted.push((*k, *conf, child.name.clone()));
                }
            }
        }
        let parent = &mut columns[i];
        for (k, conf, child) in lifted {
            if !parent.categories.contains(&k) {
                parent.categories.push(k);
                parent.category_confidence.push(conf);
                parent.confidence = parent.confidence.max(conf);
                let e = crate::scan::evidence::Evidence::for_category(
                    k,
                    crate::scan::evidence::Evidence::new("json.field")
                        .with("field", child)
                        .with("category", k),
                );
                parent
                    .evidence
                    .extend(crate::scan::evidence_words::english(std::slice::from_ref(
                        &e,
                    )));
                parent.evidence_items.push(e);
            }
        }
    }
}

/// What the text of a document holds (an uploaded PDF, DOCX or text file; see `objects`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextFindings {
    /// Human-written text (several words, not an identifier).
    pub prose: bool,
    /// Art. 9 topics mentioned, as indices into the lexicon's topics.
    pub topics: Vec<usize>,
    /// Identifiers in the text (e-mail addresses, phone numbers, IBANs...).
    pub identifiers: Vec<super::recognizers::ValueKind>,
    /// A person is named ("Herr Wagner", "Anna Berger").
    pub names_a_person: bool,
}

/// Text examined per document: the first 1 MiB, in pieces of at most the value limit.
const DOCUMENT_TEXT_BYTES: usize = 1 << 20;

/// Examines a document's text as the scanner examines a free-text value, piece by piece.
pub fn text_findings(text: &str, dict: &Dictionary) -> TextFindings {
    let mut found = TextFindings::default();
    let mut facts = facts::ValueFacts::default();
    let mut rest = text;
    let mut examined = 0;
    while !rest.is_empty() && examined < DOCUMENT_TEXT_BYTES {
        let piece = super::text::truncate_value(rest);
        // Cut at the last whitespace, so that no word is split (unless there is none).
        let cut = if piece.len() < rest.len() {
            piece
                .rfind(char::is_whitespace)
                .filter(|&i| i > 0)
                .map_or(piece, |i| &piece[..i])
        } else {
            piece
        };
        rest = &rest[cut.len()..];
        examined += cut.len();
        let value = cut.trim();
        if value.is_empty() {
            continue;
        }
        facts.compute(value, dict);
        found.prose |= facts.prose;
        found.names_a_person |= facts.embedded_name;
        for hit in &facts.topics {
            if !found.topics.contains(&hit.topic) {
                found.topics.push(hit.topic);
            }
        }
        for kind in facts.embedded.iter().chain(&facts.kinds) {
            if !found.identifiers.contains(kind) {
                found.identifiers.push(*kind);
            }
        }
    }
    found
}
