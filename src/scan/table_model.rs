//! The shapes a table's data takes between the readers, the table assembly (`tables`), the
//! full-mode streams (`stream`) and detection (`detect`): a column as the sources describe
//! it, and a row as readers hand it over. They live apart from `tables` so that `detect`,
//! which judges a column, does not depend on how tables are assembled: `tables` calls
//! `detect`, never the reverse.

/// Columns one table may hold. Real schemas stay far below (SQLite allows 2,000 by default,
/// PostgreSQL 1,600); a crafted header or JSON document can name millions.
pub const MAX_COLUMNS: usize = 10_000;

use crate::location::Location;

/// Places kept per column: a column named in more files than this (a header repeated in
/// thousands of CSV files) keeps the first ones.
pub const MAX_DECLARED_AT: usize = 8;

/// A column as the sources describe it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnSchema {
    pub name: String,
    pub data_type: Option<String>,
    pub comment: Option<String>,
    /// Where sources declare the column, first first: the line of its definition in a SQL
    /// `CREATE TABLE`/`ALTER TABLE ADD COLUMN`, a CSV header, the first JSON record holding
    /// the field. Empty where no line applies (SQLite files).
    pub declared_at: Vec<Location>,
}

impl ColumnSchema {
    /// A column with a name only.
    pub fn named(name: impl Into<String>) -> Self {
        ColumnSchema {
            name: name.into(),
            ..ColumnSchema::default()
        }
    }

    /// Adds a place, unless known or [`MAX_DECLARED_AT`] are kept.
    pub fn declared(&mut self, at: Location) {
        if self.declared_at.len() < MAX_DECLARED_AT && !self.declared_at.contains(&at) {
            self.declared_at.push(at);
        }
    }
}

/// A row as a visitor: called with a callback, it calls the callback with (column index,
/// value) for every value of the row. Lets readers hand rows over without building them.
pub type VisitRow<'a> = dyn Fn(&mut dyn FnMut(usize, &str)) + 'a;

/// A row handed to a table: values by position, each for the column `indices[position]`.
pub trait RowValues {
    /// The value at `position`, if there is one and it is not NULL.
    fn value(&self, position: usize) -> Option<&str>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RowValues for [Option<&str>] {
    fn value(&self, position: usize) -> Option<&str> {
        self.get(position).copied().flatten()
    }
    fn len(&self) -> usize {
        <[Option<&str>]>::len(self)
    }
}

impl RowValues for Vec<Option<&str>> {
    fn value(&self, position: usize) -> Option<&str> {
        self.get(position).copied().flatten()
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}
