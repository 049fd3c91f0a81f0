//! Detection: from a table's columns, context and sampled (or streamed) values to a verdict
//! per column. `stats` gathers evidence value by value, `names` reads column names, and
//! `decide` weighs it all.

mod actors;
mod decide;
mod facts;
mod names;
mod prose;
mod settle;
mod stats;

pub use actors::actor_term;
pub use decide::{decide, ColumnInput, REPORT_THRESHOLD};
pub use names::{match_column, table_context, NameMatch, TableContext};
pub use settle::{fit_columns, ColumnStream, SettlePolicy, StreamContext};
pub use stats::{ColumnStats, SAMPLE_EVERY};

use super::dictionary::Dictionary;
use super::model::{ColumnReport, TableReport};
use super::tables::Table;

/// Turns an assembled table into its report.
pub fn detect_table(table: Table, dict: &Dictionary, reference_year: i32) -> TableReport {
    let width = table.columns.len();
    let (stats, rows_sampled) = match table.full_stats {
        Some(stats) => (stats, table.rows_seen),
        None => {
            let mut stats = vec![ColumnStats::for_width(width); width];
            for row in &table.sample {
                for (s, value) in stats.iter_mut().zip(row) {
                    if let Some(value) = value {
                        s.observe(value, dict);
                    }
                }
            }
            (stats, table.sample.len() as u64)
        }
    };
    let columns: Vec<ColumnReport> = table
        .columns
        .iter()
        .zip(stats.iter())
        .map(|(schema, stats)| {
            decide(
                &ColumnInput {
                    table: &table.name,
                    schema,
                    stats,
                    reference_year,
                },
                dict,
            )
        })
        .collect();
    let mut columns: Vec<ColumnReport> = columns;
    lift_json_fields(&mut columns);
    TableReport {
        name: table.name,
        sources: table.sources,
        rows_sampled,
        rows_seen: table.rows_seen,
        columns,
    }
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
                parent
                    .evidence
                    .push(format!("{k}: holds JSON whose field '{child}' is {k}"));
            }
        }
    }
}
