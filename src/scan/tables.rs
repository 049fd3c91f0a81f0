//! Merges what every source says about a table (DDL, migrations, dumps, CSV, JSON) into one
//! table, and samples its rows: a reservoir spread over the whole input (not only the head),
//! or every row in `--full` mode, fed to the column detectors as they stream past (see
//! `stream` for how those spread over the cores).
//!
//! Tables and columns are found by name through hash maps (lowercased keys), so a file with
//! tens of thousands of tables or columns costs linear time; a table holds at most
//! [`MAX_COLUMNS`] columns, further ones are counted and reported. The maps keep the
//! standard library's randomly keyed hasher: names come from the input, and a fixed hash
//! would let a crafted file put every name in one bucket.

use super::detect::{self, ColumnStats};
use super::dictionary::Dictionary;
use super::model::TableReport;
use super::stream::{StreamSettings, TableStream};
use super::table_model::{ColumnSchema, VisitRow, MAX_COLUMNS};
use crate::location::Location;
use std::collections::HashMap;

/// One table being assembled.
#[derive(Debug)]
pub struct Table {
    pub name: String,
    pub sources: Vec<String>,
    pub columns: Vec<ColumnSchema>,
    /// Sampled rows, aligned with `columns` (a row is only as long as its last value; shorter
    /// rows are padded with `None` on read); empty in full mode, where the stream sees every
    /// row instead.
    pub sample: Vec<Vec<Option<String>>>,
    pub rows_seen: u64,
    /// Per-column statistics of a full-mode table, once its stream is finished.
    pub full_stats: Option<Vec<ColumnStats>>,
    /// Whether examining some rows failed (a worker thread died); the verdicts miss them.
    pub stream_failed: bool,
    /// Column names refused because the table already had [`MAX_COLUMNS`], and the source
    /// that first named one.
    pub columns_refused: u64,
    pub refused_in: Option<String>,
    /// Full mode: the columns examining every row as it streams past.
    stream: Option<TableStream>,
    /// Lowercased column name → position in `columns`.
    by_name: HashMap<String, usize>,
    /// Scratch space for lowercasing a name before a lookup (no allocation per lookup).
    key: String,
    rng: SplitMix,
}

/// Every table of a scan, keyed by case-insensitive name, in first-seen order.
#[derive(Debug)]
pub struct TableSet {
    /// Dropped tables leave a `None`, so positions in `by_name` stay valid.
    tables: Vec<Option<Table>>,
    /// Lowercased table name → position in `tables`.
    by_name: HashMap<String, usize>,
    sample_rows: usize,
    /// Full mode: how tables stream (`None` in sample mode).
    stream: Option<StreamSettings>,
    /// Bumped whenever a name may lead to another table (drop, rename), so positions
    /// remembered by name expire.
    generation: u64,
}

impl TableSet {
    /// Sample mode, or (`full`) every row examined fully on this thread.
    pub fn new(sample_rows: usize, full: bool) -> Self {
        let stream = full.then_some(StreamSettings {
            policy: None,
            reference_year: 0,
            parallel: None,
        });
        TableSet {
            tables: Vec::new(),
            by_name: HashMap::new(),
            sample_rows: sample_rows.max(1),
            stream,
            generation: 0,
        }
    }

    /// Full mode, streaming as `settings` say.
    pub fn streaming(settings: StreamSettings) -> Self {
        TableSet {
            tables: Vec::new(),
            by_name: HashMap::new(),
            sample_rows: 1,
            stream: Some(settings),
            generation: 0,
        }
    }

    /// Changes whenever a name may lead to another table (drop, rename).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The position of the table called `name` (case-insensitive), created if new, with
    /// `source` recorded; the name leads there until [`Self::generation`] changes.
    pub fn position(&mut self, name: &str, source: &str) -> usize {
        let key = name.to_ascii_lowercase();
        let index = match self.by_name.get(&key) {
            Some(&i) => i,
            None => {
                let stream = self.stream.as_ref().map(TableStream::new);
                self.tables.push(Some(Table::new(name, stream)));
                let i = self.tables.len() - 1;
                self.by_name.insert(key, i);
                i
            }
        };
        let stream = &self.stream;
        // A slot in `by_name` always holds a table (dropping removes the name first).
        let table = self.tables[index]
            .get_or_insert_with(|| Table::new(name, stream.as_ref().map(TableStream::new)));
        // A table's sources are few (the files that mention it): a linear check is fine.
        if !table.sources.iter().any(|s| s == source) {
            table.sources.push(source.to_string());
        }
        index
    }

    /// The table at `position` (from [`Self::position`]), unless it was dropped.
    pub fn at(&mut self, position: usize) -> Option<&mut Table> {
        self.tables.get_mut(position).and_then(Option::as_mut)
    }

    /// The table called `name` (case-insensitive), created if new, with `source` recorded.
    pub fn table(&mut self, name: &str, source: &str) -> &mut Table {
        let index = self.position(name, source);
        let stream = &self.stream;
        self.tables[index]
            .get_or_insert_with(|| Table::new(name, stream.as_ref().map(TableStream::new)))
    }

    /// Whether a table of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(&name.to_ascii_lowercase())
    }

    /// Renames a table (ALTER TABLE … RENAME TO). Renaming onto an existing table's name
    /// leaves that table where it is (the first of a name wins, as before).
    pub fn rename(&mut self, from: &str, to: &str) {
        self.generation += 1;
        let Some(i) = self.by_name.remove(&from.to_ascii_lowercase()) else {
            return;
        };
        if let Some(Some(t)) = self.tables.get_mut(i) {
            t.name = to.to_string();
        }
        self.by_name.entry(to.to_ascii_lowercase()).or_insert(i);
    }

    /// Drops a table (DROP TABLE).
    pub fn drop_table(&mut self, name: &str) {
        self.generation += 1;
        if let Some(i) = self.by_name.remove(&name.to_ascii_lowercase()) {
            if let Some(slot) = self.tables.get_mut(i) {
                *slot = None;
            }
        }
    }

    pub fn sample_rows(&self) -> usize {
        self.sample_rows
    }

    /// Whether every row is examined (`--full`).
    pub fn full(&self) -> bool {
        self.stream.is_some()
    }

    /// The tables, each full-mode stream finished into `full_stats`.
    pub fn into_tables(self) -> Vec<Table> {
        let mut tables: Vec<Table> = self.tables.into_iter().flatten().collect();
        for t in &mut tables {
            if let Some(mut stream) = t.stream.take() {
                let mut stats: Vec<ColumnStats> = std::mem::take(&mut *stream.columns())
                    .into_iter()
                    .map(|c| c.stats)
                    .collect();
                stats.resize_with(t.columns.len(), ColumnStats::default);
                t.stream_failed = stream.failed();
                t.full_stats = Some(stats);
            }
        }
        tables
    }
}

impl Table {
    fn new(name: &str, stream: Option<TableStream>) -> Table {
        Table {
            name: name.to_string(),
            sources: Vec::new(),
            columns: Vec::new(),
            sample: Vec::new(),
            rows_seen: 0,
            full_stats: None,
            stream_failed: false,
            columns_refused: 0,
            refused_in: None,
            stream,
            by_name: HashMap::new(),
            key: String::new(),
            rng: SplitMix::seeded(name),
        }
    }

    /// The table's report: a verdict on every column from the statistics of its sample, or of
    /// every row in full mode.
    pub fn into_report(self, dict: &Dictionary, reference_year: i32) -> TableReport {
        let (stats, rows_sampled) = match self.full_stats {
            Some(stats) => (stats, self.rows_seen),
            None => (
                detect::sample_stats(&self.sample, self.columns.len(), dict),
                self.sample.len() as u64,
            ),
        };
        let columns =
            detect::detect_columns(&self.name, &self.columns, &stats, dict, reference_year);
        TableReport {
            name: self.name,
            sources: self.sources,
            rows_sampled,
            rows_seen: self.rows_seen,
            columns,
        }
    }

    /// Index of a column (case-insensitive), adding it if unknown; `None` when the table is
    /// full ([`MAX_COLUMNS`]), which is counted in `columns_refused`.
    pub fn column_index(&mut self, name: &str) -> Option<usize> {
        if let Some(i) = self.find_column(name) {
            return Some(i);
        }
        if self.columns.len() >= MAX_COLUMNS {
            self.columns_refused += 1;
            if self.refused_in.is_none() {
                self.refused_in = self.sources.last().cloned();
            }
            return None;
        }
        self.columns.push(ColumnSchema::named(name));
        let i = self.columns.len() - 1;
        self.by_name.insert(name.to_ascii_lowercase(), i);
        Some(i)
    }

    /// The position of a column (case-insensitive).
    pub fn find_column(&mut self, name: &str) -> Option<usize> {
        self.key.clear();
        self.key
            .extend(name.chars().map(|c| c.to_ascii_lowercase()));
        self.by_name.get(self.key.as_str()).copied()
    }

    /// Rebuilds the name map after positions changed (a column dropped or merged); the
    /// first column of a name wins.
    fn reindex(&mut self) {
        self.by_name.clear();
        for (i, c) in self.columns.iter().enumerate() {
            self.by_name.entry(c.name.to_ascii_lowercase()).or_insert(i);
        }
    }

    /// Adds or updates a column from a schema; a type or comment already known is kept
    /// unless the new source gives one; the new source's places are added to the known ones.
    pub fn declare_column(&mut self, column: ColumnSchema) {
        let Some(i) = self.column_index(&column.name) else {
            return;
        };
        let existing = &mut self.columns[i];
        if column.data_type.is_some() {
            existing.data_type = column.data_type;
        }
        if column.comment.is_some() {
            existing.comment = column.comment;
        }
        for at in column.declared_at {
            existing.declared(at);
        }
    }

    /// Notes that the column at `index` is declared at `at` (a CSV header, a JSON record).
    pub fn declared_at(&mut self, index: usize, at: Location) {
        if let Some(column) = self.columns.get_mut(index) {
            column.declared(at);
        }
    }

    /// Renames a column (ALTER TABLE … RENAME COLUMN). When a column of the new name already
    /// exists (a dump read before the migrations that led to it), the two are merged: sampled
    /// values of the old column fill the gaps of the new one, and the old column goes.
    pub fn rename_column(&mut self, from: &str, to: &str) {
        let Some(i) = self.find_column(from) else {
            return;
        };
        match self.find_column(to) {
            Some(j) if j != i => {
                for row in &mut self.sample {
                    let Some(Some(v)) = row.get(i).cloned() else {
                        continue;
                    };
                    if row.len() <= j {
                        row.resize(j + 1, None);
                    }
                    if row[j].is_none() {
                        row[j] = Some(v);
                    }
                }
                if self.columns[j].data_type.is_none() {
                    self.columns[j].data_type = self.columns[i].data_type.clone();
                }
                for at in std::mem::take(&mut self.columns[i].declared_at) {
                    self.columns[j].declared(at);
                }
                self.drop_column(from);
            }
            _ => {
                self.by_name.remove(&from.to_ascii_lowercase());
                self.by_name.insert(to.to_ascii_lowercase(), i);
                self.columns[i].name = to.to_string();
            }
        }
    }

    pub fn drop_column(&mut self, name: &str) {
        if let Some(i) = self.find_column(name) {
            self.columns.remove(i);
            for row in &mut self.sample {
                if i < row.len() {
                    row.remove(i);
                }
            }
            if let Some(stream) = &mut self.stream {
                let mut columns = stream.columns();
                if i < columns.len() {
                    columns.remove(i);
                }
            }
            self.reindex();
        }
    }

    /// Offers one row (values aligned with `columns`) to the sample; in full mode feeds every
    /// value to the column statistics instead. Values are copied only when a row is kept.
    pub fn push_row(&mut self, row: &[Option<&str>], sample_rows: usize, dict: &Dictionary) {
        self.push_values(
            &|f| {
                for (i, v) in row.iter().enumerate() {
                    if let Some(v) = v {
                        f(i, v);
                    }
                }
            },
            sample_rows,
            dict,
        );
    }

    /// Offers one row given as a visitor: `visit` calls its argument with (column index,
    /// value) for every value of the row. Nothing is allocated unless the row is sampled; a
    /// kept row is only as long as its last value, so a row of a wide table costs what it
    /// holds.
    pub fn push_values(&mut self, visit: &VisitRow<'_>, sample_rows: usize, dict: &Dictionary) {
        self.rows_seen += 1;
        if let Some(stream) = &mut self.stream {
            stream.push_row(&self.name, &self.columns, dict, visit);
            return;
        }
        let slot = if self.sample.len() < sample_rows {
            self.sample.push(Vec::new());
            self.sample.len() - 1
        } else {
            // Reservoir sampling (Algorithm R): every row seen so far is equally likely kept.
            let j = self.rng.below(self.rows_seen);
            match usize::try_from(j).ok().filter(|&j| j < self.sample.len()) {
                Some(j) => j,
                None => return,
            }
        };
        let width = self.columns.len();
        let Some(kept) = self.sample.get_mut(slot) else {
            return;
        };
        kept.clear();
        visit(&mut |i, v| {
            if i >= width {
                return;
            }
            if kept.len() <= i {
                kept.resize(i + 1, None);
            }
            kept[i] = Some(v.to_string());
        });
        kept.shrink_to(kept.len().max(16));
    }
}

/// A tiny deterministic generator (SplitMix64), seeded by the table name, so the same input
/// always yields the same sample.
#[derive(Debug, Clone)]
struct SplitMix(u64);

impl SplitMix {
    fn seeded(name: &str) -> Self {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for b in name.to_ascii_lowercase().bytes() {
            seed = (seed ^ u64::from(b)).wrapping_mul(0x1000_0000_01B3);
        }
        SplitMix(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_tables_case_insensitively_and_keeps_sources() {
        let mut set = TableSet::new(10, false);
        set.table("Tenants", "a.sql").column_index("vorname");
        set.table("tenants", "b.csv").column_index("VORNAME");
        assert!(set.contains("TENANTS"));
        let tables = set.into_tables();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].sources, ["a.sql", "b.csv"]);
        assert_eq!(tables[0].columns.len(), 1);
    }

    #[test]
    fn tables_are_found_renamed_and_dropped_by_name() {
        let mut set = TableSet::new(10, false);
        for i in 0..50_000 {
            set.table(&format!("t{i}"), "many.sql");
        }
        set.rename("T7", "seven");
        set.drop_table("t8");
        set.drop_table("no_such_table");
        assert!(set.contains("SEVEN") && !set.contains("t7") && !set.contains("t8"));
        set.table("seven", "later.sql");
        let tables = set.into_tables();
        assert_eq!(tables.len(), 49_999);
        assert_eq!(tables[7].name, "seven");
        assert_eq!(tables[7].sources, ["many.sql", "later.sql"]);
    }

    #[test]
    fn a_table_holds_at_most_max_columns() {
        let mut set = TableSet::new(10, true);
        let t = set.table("wide", "wide.csv");
        for i in 0..MAX_COLUMNS + 25 {
            let index = t.column_index(&format!("col{i}"));
            assert_eq!(index.is_some(), i < MAX_COLUMNS);
        }
        assert_eq!(
            t.column_index("COL42"),
            Some(42),
            "known columns are still found"
        );
        assert_eq!(t.columns.len(), MAX_COLUMNS);
        assert_eq!(t.columns_refused, 25);
        assert_eq!(t.refused_in.as_deref(), Some("wide.csv"));
        t.drop_column("col0");
        assert_eq!(t.find_column("col1"), Some(0), "positions follow a drop");
        let tables = set.into_tables();
        let stats = tables[0].full_stats.as_ref().map(Vec::len);
        assert_eq!(
            stats,
            Some(MAX_COLUMNS - 1),
            "one statistics slot per column"
        );
    }

    #[test]
    fn a_sampled_row_of_a_wide_table_costs_what_it_holds() {
        let dict = Dictionary::builtin().unwrap();
        let mut set = TableSet::new(10, false);
        let t = set.table("wide", "wide.json");
        for i in 0..5_000 {
            t.column_index(&format!("c{i}"));
        }
        t.push_values(&|f| f(3, "x"), 10, &dict);
        t.push_values(&|f| f(9_999, "beyond the table"), 10, &dict);
        assert_eq!(t.sample[0], [None, None, None, Some("x".to_string())]);
        assert!(
            t.sample[1].is_empty(),
            "a value past the columns is ignored"
        );
    }

    #[test]
    fn renaming_onto_an_existing_column_merges_them() {
        let dict = Dictionary::builtin().unwrap();
        let mut set = TableSet::new(10, false);
        let t = set.table("reports", "dump.sql");
        t.column_index("beschreibung");
        t.push_row(&[Some("Heizung kalt")], 10, &dict);
        t.column_index("description");
        t.rename_column("description", "beschreibung");
        assert_eq!(t.columns.len(), 1);
        assert_eq!(t.sample[0], [Some("Heizung kalt".to_string())]);
    }

    #[test]
    fn reservoir_spreads_over_the_whole_input() {
        let dict = Dictionary::builtin().unwrap();
        let mut set = TableSet::new(50, false);
        let t = set.table("t", "t.csv");
        t.column_index("n");
        for i in 0..10_000 {
            t.push_row(&[Some(&i.to_string())], 50, &dict);
        }
        assert_eq!(t.sample.len(), 50);
        let late = t
            .sample
            .iter()
            .filter(|r| r[0].as_deref().and_then(|v| v.parse::<u32>().ok()) > Some(5_000))
            .count();
        assert!(
            late > 10,
            "sample should include rows from the second half, got {late}"
        );
    }
}
