//! Merges what every source says about a table (DDL, migrations, dumps, CSV, JSON) into one
//! table, and samples its rows: a reservoir spread over the whole input (not only the head),
//! or every row in `--full` mode, fed to the column detectors as they stream past.
//!
//! Tables and columns are found by name through hash maps (lowercased keys), so a file with
//! tens of thousands of tables or columns costs linear time; a table holds at most
//! [`MAX_COLUMNS`] columns, further ones are counted and reported.

use super::detect::ColumnStats;
use super::dictionary::Dictionary;
use std::collections::HashMap;

/// Columns one table may hold. Real schemas stay far below (SQLite allows 2,000 by default,
/// PostgreSQL 1,600); a crafted header or JSON document can name millions.
pub const MAX_COLUMNS: usize = 10_000;

/// A column as the sources describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSchema {
    pub name: String,
    pub data_type: Option<String>,
    pub comment: Option<String>,
}

/// One table being assembled.
#[derive(Debug)]
pub struct Table {
    pub name: String,
    pub sources: Vec<String>,
    pub columns: Vec<ColumnSchema>,
    /// Sampled rows, aligned with `columns` (shorter rows are padded with `None` on read);
    /// empty in full mode, where `full_stats` sees every row instead.
    pub sample: Vec<Vec<Option<String>>>,
    pub rows_seen: u64,
    /// Per-column statistics, only used in full mode (every row observed as it streams).
    pub full_stats: Option<Vec<ColumnStats>>,
    /// Column names refused because the table already had [`MAX_COLUMNS`], and the source
    /// that first named one.
    pub columns_refused: u64,
    pub refused_in: Option<String>,
    /// Lowercased column name → position in `columns`.
    by_name: HashMap<String, usize>,
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
    full: bool,
}

impl TableSet {
    pub fn new(sample_rows: usize, full: bool) -> Self {
        TableSet {
            tables: Vec::new(),
            by_name: HashMap::new(),
            sample_rows: sample_rows.max(1),
            full,
        }
    }

    /// The table called `name` (case-insensitive), created if new, with `source` recorded.
    pub fn table(&mut self, name: &str, source: &str) -> &mut Table {
        let key = name.to_ascii_lowercase();
        let index = match self.by_name.get(&key) {
            Some(&i) => i,
            None => {
                self.tables.push(Some(Table::new(name, self.full)));
                let i = self.tables.len() - 1;
                self.by_name.insert(key, i);
                i
            }
        };
        // A slot in `by_name` always holds a table (dropping removes the name first).
        let full = self.full;
        let table = self.tables[index].get_or_insert_with(|| Table::new(name, full));
        // A table's sources are few (the files that mention it): a linear check is fine.
        if !table.sources.iter().any(|s| s == source) {
            table.sources.push(source.to_string());
        }
        table
    }

    /// Whether a table of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(&name.to_ascii_lowercase())
    }

    /// Renames a table (ALTER TABLE … RENAME TO). Renaming onto an existing table's name
    /// leaves that table where it is (the first of a name wins, as before).
    pub fn rename(&mut self, from: &str, to: &str) {
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
        self.full
    }

    pub fn into_tables(self) -> Vec<Table> {
        self.tables.into_iter().flatten().collect()
    }
}

impl Table {
    fn new(name: &str, full: bool) -> Table {
        Table {
            name: name.to_string(),
            sources: Vec::new(),
            columns: Vec::new(),
            sample: Vec::new(),
            rows_seen: 0,
            full_stats: full.then(Vec::new),
            columns_refused: 0,
            refused_in: None,
            by_name: HashMap::new(),
            rng: SplitMix::seeded(name),
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
        self.columns.push(ColumnSchema {
            name: name.to_string(),
            data_type: None,
            comment: None,
        });
        if let Some(stats) = &mut self.full_stats {
            stats.push(ColumnStats::default());
        }
        let i = self.columns.len() - 1;
        self.by_name.insert(name.to_ascii_lowercase(), i);
        Some(i)
    }

    pub fn find_column(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }

    /// Rebuilds the name map after positions changed (a column dropped or merged).
    fn reindex(&mut self) {
        self.by_name.clear();
        for (i, c) in self.columns.iter().enumerate() {
            self.by_name.entry(c.name.to_ascii_lowercase()).or_insert(i);
        }
    }

    /// Adds or updates a column from a schema; a type or comment already known is kept
    /// unless the new source gives one.
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
                    if let (Some(None), Some(v)) = (row.get(j).cloned(), row.get(i).cloned()) {
                        row[j] = v;
                    }
                }
                if self.columns[j].data_type.is_none() {
                    self.columns[j].data_type = self.columns[i].data_type.clone();
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
            self.reindex();
            for row in &mut self.sample {
                if i < row.len() {
                    row.remove(i);
                }
            }
            if let Some(stats) = &mut self.full_stats {
                if i < stats.len() {
                    stats.remove(i);
                }
            }
        }
    }

    /// Offers one row (values aligned with `columns`) to the sample; in full mode feeds every
    /// value to the column statistics instead. Values are copied only when a row is kept.
    pub fn push_row(&mut self, row: &[Option<&str>], sample_rows: usize, dict: &Dictionary) {
        self.rows_seen += 1;
        if let Some(stats) = &mut self.full_stats {
            for (stat, value) in stats.iter_mut().zip(row.iter()) {
                if let Some(v) = value {
                    stat.observe(v, dict);
                }
            }
            return;
        }
        let owned = || row.iter().map(|v| v.map(str::to_string)).collect();
        if self.sample.len() < sample_rows {
            self.sample.push(owned());
        } else {
            // Reservoir sampling (Algorithm R): every row seen so far is equally likely kept.
            let j = self.rng.below(self.rows_seen);
            if let Some(slot) = usize::try_from(j).ok().and_then(|j| self.sample.get_mut(j)) {
                *slot = owned();
            }
        }
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
        assert_eq!(t.full_stats.as_ref().map(Vec::len), Some(MAX_COLUMNS));
        assert_eq!(t.columns_refused, 25);
        assert_eq!(t.refused_in.as_deref(), Some("wide.csv"));
        t.drop_column("col0");
        assert_eq!(t.find_column("col1"), Some(0), "positions follow a drop");
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
