//! Where readers put what they find: [`Sink`] hands rows and columns to the table set
//! (remembering the table rows went to last), notes where columns are declared, and turns
//! bad input into a located, coded [`Problem`].

use super::json;
use crate::location::Location;
use crate::scan::code::CodeFacts;
use crate::scan::dictionary::Dictionary;
use crate::scan::model::{Problem, ProblemCode, ScanReport};
use crate::scan::table_model::RowValues;
use crate::scan::tables::TableSet;

/// Where readers put what they find.
pub struct Sink<'a> {
    pub path: &'a str,
    pub tables: &'a mut TableSet,
    pub dict: &'a Dictionary,
    pub report: &'a mut ScanReport,
    /// Facts of source files, resolved once the tables are classified.
    pub code: &'a mut CodeFacts,
    /// Set once the reader produced a table, a column or a hosting fact.
    pub found_something: bool,
    /// The table rows went to last: (name, position, table-set generation).
    pub(super) last_table: Option<(String, usize, u64)>,
}

impl Sink<'_> {
    pub fn error(&mut self, code: ProblemCode, line: Option<u64>, message: impl Into<String>) {
        self.report
            .problems
            .push(Problem::error(code, self.path, line, message));
    }

    pub fn warning(&mut self, code: ProblemCode, line: Option<u64>, message: impl Into<String>) {
        self.report
            .problems
            .push(Problem::warning(code, self.path, line, message));
    }

    /// Pushes one row given as values for `indices` (column positions of the table; `None`
    /// for a column the table had no room for). A value holding a JSON object is also
    /// flattened into `column.key` columns. Allocates nothing for a row without JSON objects
    /// that is not sampled; a sampled row is only as wide as the highest position it fills,
    /// so a row of a wide table costs what it holds, not the table's width.
    pub fn push_row<R: RowValues + ?Sized>(
        &mut self,
        table: &str,
        indices: &[Option<usize>],
        values: &R,
    ) {
        let sample_rows = self.tables.sample_rows();
        let position = self.table_position(table);
        let Some(t) = self.tables.at(position) else {
            return;
        };
        self.found_something = true;
        let holds_object = (0..values.len()).any(|k| {
            values
                .value(k)
                .is_some_and(|v| v.trim_start().starts_with('{') && v.trim().ends_with('}'))
        });
        if !holds_object {
            t.push_values(
                &|f| {
                    for (k, i) in indices.iter().enumerate() {
                        if let (Some(i), Some(v)) = (i, values.value(k)) {
                            f(*i, v);
                        }
                    }
                },
                sample_rows,
                self.dict,
            );
            return;
        }
        let mut nested = Vec::new();
        for (k, &i) in indices.iter().enumerate() {
            let (Some(i), Some(text)) = (i, values.value(k).map(str::trim)) else {
                continue;
            };
            if text.starts_with('{') && text.ends_with('}') {
                if let Ok(object @ serde_json::Value::Object(_)) = serde_json::from_str(text) {
                    if let Some(column) = t.columns.get(i) {
                        json::flatten(&column.name.clone(), &object, &mut nested);
                    }
                }
            }
        }
        let nested: Vec<(usize, Option<String>)> = nested
            .into_iter()
            .filter_map(|(name, v)| t.column_index(&name).map(|i| (i, v)))
            .collect();
        t.push_values(
            &|f| {
                for (k, i) in indices.iter().enumerate() {
                    if let (Some(i), Some(v)) = (i, values.value(k)) {
                        f(*i, v);
                    }
                }
                for (i, v) in &nested {
                    if let Some(v) = v {
                        f(*i, v);
                    }
                }
            },
            sample_rows,
            self.dict,
        );
    }

    /// The position of `table` in the table set, remembered from row to row.
    fn table_position(&mut self, table: &str) -> usize {
        let generation = self.tables.generation();
        if let Some((name, position, seen)) = &self.last_table {
            if *seen == generation && name == table {
                return *position;
            }
        }
        let position = self.tables.position(table, self.path);
        self.last_table = Some((table.to_string(), position, generation));
        position
    }

    /// Column positions for `names` in `table`, adding unknown columns (`None` once the
    /// table is full; the table counts those for a problem at the end of the scan).
    pub fn columns(&mut self, table: &str, names: &[String]) -> Vec<Option<usize>> {
        let t = self.tables.table(table, self.path);
        self.found_something = true;
        names.iter().map(|n| t.column_index(n)).collect()
    }

    /// [`Self::columns`] of a header on `line` of this file: each column is declared there.
    pub fn columns_declared_at(
        &mut self,
        table: &str,
        names: &[String],
        line: u64,
    ) -> Vec<Option<usize>> {
        self.placed_columns(table, names, line, false)
    }

    /// [`Self::columns`] of a data record on `line` of this file: a column no source placed
    /// yet (no schema, no header, no earlier record) is declared there.
    pub fn columns_first_seen_at(
        &mut self,
        table: &str,
        names: &[String],
        line: u64,
    ) -> Vec<Option<usize>> {
        self.placed_columns(table, names, line, true)
    }

    fn placed_columns(
        &mut self,
        table: &str,
        names: &[String],
        line: u64,
        only_unplaced: bool,
    ) -> Vec<Option<usize>> {
        let t = self.tables.table(table, self.path);
        self.found_something = true;
        let mut indices = Vec::with_capacity(names.len());
        for name in names {
            let index = t.column_index(name);
            if let Some(i) = index {
                if !only_unplaced || t.columns.get(i).is_some_and(|c| c.declared_at.is_empty()) {
                    t.declared_at(i, Location::new(self.path, line));
                }
            }
            indices.push(index);
        }
        indices
    }
}
