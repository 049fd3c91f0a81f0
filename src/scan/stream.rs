//! How a `--full` scan spreads a table's columns over the cores. The reader (the calling
//! thread) parses rows into a [`Batch`], a flat buffer of the row's text; a full batch goes
//! to a worker pool where every column examines its values in file order, one column per
//! task, while the reader fills the next batch. Each column sees its values in the same
//! order whatever the number of threads, so the verdicts do not depend on it. Memory stays
//! flat: at most two batches per table exist, one filling and one being examined.
//!
//! With one thread, rows are examined as they are read, without batches.

use super::detect::{fit_columns, ColumnStream, SettlePolicy, StreamContext};
use super::dictionary::Dictionary;
use super::table_model::{ColumnSchema, VisitRow};
use rayon::prelude::*;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};

/// A batch is sent for examination once it holds this many rows...
const BATCH_ROWS: usize = 4096;
/// ...or this many bytes of text...
const BATCH_BYTES: usize = 512 * 1024;
/// ...or this many cells (rows × columns), so rows of a very wide table (up to
/// `MAX_COLUMNS`) do not make a batch of hundreds of megabytes.
const BATCH_CELLS: usize = 1 << 18;
/// Marks an empty cell in a batch.
const EMPTY: (u32, u32) = (u32::MAX, 0);

/// What every streamed table shares: the settling policy, the scan's year and, when more
/// than one thread is used, the pool and a dictionary the pool's threads can own.
#[derive(Debug)]
pub struct StreamSettings {
    pub policy: Option<SettlePolicy>,
    pub reference_year: i32,
    pub parallel: Option<Arc<Parallel>>,
}

/// The worker pool of a multi-threaded `--full` scan.
#[derive(Debug)]
pub struct Parallel {
    pool: rayon::ThreadPool,
    dict: Arc<Dictionary>,
}

impl Parallel {
    /// A pool of `threads` threads (at least two), examining with `dict`.
    pub fn new(threads: usize, dict: Dictionary) -> Result<Parallel, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(2))
            .thread_name(|i| format!("dpia-scan-{i}"))
            .build()
            .map_err(|e| format!("cannot start the scan's worker threads: {e}"))?;
        Ok(Parallel {
            pool,
            dict: Arc::new(dict),
        })
    }
}

/// Rows of one table waiting to be examined: every cell's text in one buffer.
#[derive(Debug, Default)]
struct Batch {
    text: String,
    /// `width` cells per row: (start, length) in `text`, or [`EMPTY`].
    cells: Vec<(u32, u32)>,
    width: usize,
    rows: usize,
    table: Arc<str>,
    schema: Arc<[ColumnSchema]>,
}

impl Batch {
    fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.rows = 0;
    }

    fn is_full(&self) -> bool {
        self.rows >= BATCH_ROWS || self.text.len() >= BATCH_BYTES || self.cells.len() >= BATCH_CELLS
    }

    fn cell(&self, row: usize, column: usize) -> Option<&str> {
        let (start, len) = *self.cells.get(row * self.width + column)?;
        if (start, len) == EMPTY {
            return None;
        }
        let start = start as usize;
        self.text.get(start..start + len as usize)
    }
}

/// The columns of one streamed table.
#[derive(Debug)]
pub enum TableStream {
    /// One thread: columns examined as rows arrive.
    Inline {
        columns: Vec<ColumnStream>,
        policy: Option<SettlePolicy>,
        reference_year: i32,
    },
    /// Several threads: rows batched, batches examined on the pool.
    Pipelined(Box<Pipeline>),
}

/// A table whose batches are examined on the pool, one batch at a time, in order.
#[derive(Debug)]
pub struct Pipeline {
    parallel: Arc<Parallel>,
    policy: Option<SettlePolicy>,
    reference_year: i32,
    columns: Arc<Mutex<Vec<ColumnStream>>>,
    filling: Batch,
    /// Hands back the batch being examined (for reuse) when it is done.
    in_flight: Option<Receiver<Batch>>,
    spare: Option<Batch>,
    /// Set when a worker task failed (its batch is lost).
    pub failed: bool,
}

impl TableStream {
    pub fn new(settings: &StreamSettings) -> TableStream {
        match &settings.parallel {
            None => TableStream::Inline {
                columns: Vec::new(),
                policy: settings.policy,
                reference_year: settings.reference_year,
            },
            Some(parallel) => TableStream::Pipelined(Box::new(Pipeline {
                parallel: Arc::clone(parallel),
                policy: settings.policy,
                reference_year: settings.reference_year,
                columns: Arc::new(Mutex::new(Vec::new())),
                filling: Batch::default(),
                in_flight: None,
                spare: None,
                failed: false,
            })),
        }
    }

    /// Observes one row: `visit` calls its argument with (column index, value) for every
    /// non-empty value. `schema` and `table` describe the table now.
    pub fn push_row(
        &mut self,
        table: &str,
        schema: &[ColumnSchema],
        dict: &Dictionary,
        visit: &VisitRow<'_>,
    ) {
        match self {
            TableStream::Inline {
                columns,
                policy,
                reference_year,
            } => {
                fit_columns(columns, schema.len(), *policy);
                visit(&mut |i, value| {
                    if let Some(column) = columns.get_mut(i) {
                        let ctx = StreamContext {
                            table,
                            schema: schema.get(i),
                            reference_year: *reference_year,
                            dict,
                        };
                        column.observe(value, &ctx);
                    }
                });
            }
            TableStream::Pipelined(p) => p.push_row(table, schema, visit),
        }
    }

    /// Waits for the examination of everything pushed so far and returns the columns
    /// (the stream goes on afterwards; structural changes happen between the two).
    pub fn columns(&mut self) -> ColumnsGuard<'_> {
        match self {
            TableStream::Inline { columns, .. } => ColumnsGuard::Inline(columns),
            TableStream::Pipelined(p) => {
                p.drain();
                ColumnsGuard::Shared(p.columns.lock().unwrap_or_else(PoisonError::into_inner))
            }
        }
    }

    /// Whether a worker task failed (the table's statistics miss a batch).
    pub fn failed(&self) -> bool {
        matches!(self, TableStream::Pipelined(p) if p.failed)
    }
}

/// The columns of a stream, borrowed once everything pushed is examined.
pub enum ColumnsGuard<'a> {
    Inline(&'a mut Vec<ColumnStream>),
    Shared(std::sync::MutexGuard<'a, Vec<ColumnStream>>),
}

impl std::ops::Deref for ColumnsGuard<'_> {
    type Target = Vec<ColumnStream>;
    fn deref(&self) -> &Vec<ColumnStream> {
        match self {
            ColumnsGuard::Inline(c) => c,
            ColumnsGuard::Shared(c) => c,
        }
    }
}

impl std::ops::DerefMut for ColumnsGuard<'_> {
    fn deref_mut(&mut self) -> &mut Vec<ColumnStream> {
        match self {
            ColumnsGuard::Inline(c) => c,
            ColumnsGuard::Shared(c) => c,
        }
    }
}

impl Pipeline {
    fn push_row(&mut self, table: &str, schema: &[ColumnSchema], visit: &VisitRow<'_>) {
        let batch = &mut self.filling;
        if batch.rows == 0 {
            // Each batch carries the table's schema as it is when the batch starts.
            batch.width = schema.len();
            if &*batch.table != table {
                batch.table = Arc::from(table);
            }
            if &*batch.schema != schema {
                batch.schema = Arc::from(schema);
            }
        } else if schema.len() != batch.width {
            // A column appeared mid-batch (a new JSON field): examine what is there first.
            self.send();
            return self.push_row(table, schema, visit);
        }
        let base = batch.cells.len();
        batch.cells.resize(base + batch.width, EMPTY);
        visit(&mut |i, value| {
            let start = batch.text.len();
            if let (Ok(start), Ok(len), Some(slot)) = (
                u32::try_from(start),
                u32::try_from(value.len()),
                batch.cells.get_mut(base + i),
            ) {
                batch.text.push_str(value);
                *slot = (start, len);
            }
        });
        batch.rows += 1;
        if batch.is_full() || batch.text.len() > u32::MAX as usize / 2 {
            self.send();
        }
    }

    /// Sends the filling batch to the pool (after the previous one is done).
    fn send(&mut self) {
        if self.filling.rows == 0 {
            return;
        }
        self.wait();
        let next = self.spare.take().unwrap_or_default();
        let batch = std::mem::replace(&mut self.filling, next);
        let (done, back) = mpsc::channel();
        let columns = Arc::clone(&self.columns);
        let parallel = Arc::clone(&self.parallel);
        let (policy, reference_year) = (self.policy, self.reference_year);
        self.in_flight = Some(back);
        self.parallel.pool.spawn(move || {
            let mut batch = batch;
            examine(&batch, &columns, &parallel, policy, reference_year);
            batch.clear();
            let _ = done.send(batch);
        });
    }

    /// Waits for the batch being examined, keeping its buffers for the next one.
    fn wait(&mut self) {
        if let Some(back) = self.in_flight.take() {
            match back.recv() {
                Ok(batch) => self.spare = Some(batch),
                Err(_) => self.failed = true,
            }
        }
    }

    /// Examines everything pushed so far.
    fn drain(&mut self) {
        self.send();
        self.wait();
    }
}

/// Examines one batch: each column's values in row order, columns in parallel.
fn examine(
    batch: &Batch,
    columns: &Mutex<Vec<ColumnStream>>,
    parallel: &Parallel,
    policy: Option<SettlePolicy>,
    reference_year: i32,
) {
    let mut columns = columns.lock().unwrap_or_else(PoisonError::into_inner);
    fit_columns(&mut columns, batch.width, policy);
    let dict: &Dictionary = &parallel.dict;
    columns
        .par_iter_mut()
        .take(batch.width)
        .enumerate()
        .for_each(|(i, column)| {
            let ctx = StreamContext {
                table: &batch.table,
                schema: batch.schema.get(i),
                reference_year,
                dict,
            };
            for row in 0..batch.rows {
                if let Some(value) = batch.cell(row, i) {
                    column.observe(value, &ctx);
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(names: &[&str]) -> Vec<ColumnSchema> {
        names.iter().map(|n| ColumnSchema::named(*n)).collect()
    }

    /// Every column's statistics are the same in `a` and `b`.
    fn assert_same_statistics(a: &[ColumnStream], b: &[ColumnStream]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x.stats.non_empty, y.stats.non_empty);
            assert_eq!(x.stats.examined, y.stats.examined);
            assert_eq!(x.stats.settled_at, y.stats.settled_at);
            assert_eq!(x.stats.topic_values, y.stats.topic_values);
            assert_eq!(x.stats.kinds, y.stats.kinds);
        }
    }

    fn feed(stream: &mut TableStream, dict: &Dictionary, rows: usize) {
        let cols = schema(&["email", "note"]);
        for i in 0..rows {
            let mail = format!("user{i}@example.org");
            let note = if i % 500 == 7 {
                "Ich bin schwanger, bitte schnell".to_string()
            } else {
                format!("Fenster {i} klemmt seit gestern Abend")
            };
            stream.push_row("t", &cols, dict, &|f| {
                f(0, &mail);
                if i % 3 != 0 {
                    f(1, &note);
                }
            });
        }
    }

    #[test]
    fn pipelined_columns_equal_inline_columns() {
        let dict = Dictionary::builtin().unwrap();
        let policy = Some(SettlePolicy {
            first_check: 64,
            settle_min: 128,
            sample_every: 16,
        });
        let inline_settings = StreamSettings {
            policy,
            reference_year: 2026,
            parallel: None,
        };
        let parallel_settings = StreamSettings {
            policy,
            reference_year: 2026,
            parallel: Some(Arc::new(Parallel::new(2, dict.clone()).unwrap())),
        };
        let mut inline = TableStream::new(&inline_settings);
        let mut pipelined = TableStream::new(&parallel_settings);
        feed(&mut inline, &dict, 10_000);
        feed(&mut pipelined, &dict, 10_000);
        let a = inline.columns();
        let b = pipelined.columns();
        assert_eq!(a.len(), 2);
        assert_same_statistics(&a, &b);
        assert_eq!(a[1].stats.non_empty, 6_666);
        assert!(a[0].stats.settled_at.is_some());
        assert_eq!(
            a[1].stats.topic_values.values().next().map(|v| v.0),
            Some(13)
        );
        drop(b);
        assert!(!pipelined.failed());
    }

    /// Rows that widen the table mid-stream (a JSON field appearing late, the table more
    /// than doubling) give the same statistics pipelined as inline, with the columns
    /// borrowed (as a structural change does) and streamed on again in between.
    #[test]
    fn a_table_widening_mid_stream_pipelined_equals_inline() {
        let dict = Dictionary::builtin().unwrap();
        let policy = Some(SettlePolicy {
            first_check: 64,
            settle_min: 128,
            sample_every: 16,
        });
        let narrow = schema(&["email", "note"]);
        let wide = schema(&["email", "note", "phone", "city", "diagnosis"]);
        let feed = |stream: &mut TableStream| {
            for i in 0..20_000usize {
                let mail = format!("user{i}@example.org");
                let phone = format!("+49 30 {:07}", i * 7919 % 10_000_000);
                let diagnosis = if i % 97 == 0 {
                    "Diabetes Typ 2"
                } else {
                    "keine"
                };
                let cols = if i < 9_000 { &narrow } else { &wide };
                stream.push_row("t", cols, &dict, &|f| {
                    f(0, &mail);
                    f(1, "Fenster klemmt");
                    if i >= 9_000 {
                        f(2, &phone);
                        f(3, "Berlin");
                        f(4, diagnosis);
                    }
                });
                if i == 12_000 {
                    // A structural pause (a dropped column, say): the columns come to rest.
                    assert_eq!(stream.columns().len(), 5);
                }
            }
        };
        let mut inline = TableStream::new(&StreamSettings {
            policy,
            reference_year: 2026,
            parallel: None,
        });
        let mut pipelined = TableStream::new(&StreamSettings {
            policy,
            reference_year: 2026,
            parallel: Some(Arc::new(Parallel::new(2, dict.clone()).unwrap())),
        });
        feed(&mut inline);
        feed(&mut pipelined);
        let a = inline.columns();
        let b = pipelined.columns();
        assert_eq!((a.len(), b.len()), (5, 5));
        assert_same_statistics(&a, &b);
        assert_eq!(b[4].stats.non_empty, 11_000);
        drop(b);
        assert!(!pipelined.failed());
    }
}
