//! How a `--full` scan spreads a table's columns over the cores. The reader (the calling
//! thread) parses rows into a [`Batch`], a flat buffer of the row's text; a full batch goes
//! to a worker pool where every column examines its values in file order, one task per
//! column taking the batches in turn, while the reader fills the next batch. A column does
//! not wait for the others: a free-text column, the costliest, runs on while the cheap
//! columns are already a few batches further. Each column sees its values in the same
//! order whatever the number of threads, so the verdicts do not depend on it. Memory stays
//! flat: at most [`MAX_IN_FLIGHT`] batches per table wait, and one fills.
//!
//! With one thread, rows are examined as they are read, without batches.

use super::detect::{fit_columns, ColumnStream, SettlePolicy, StreamContext};
use super::dictionary::Dictionary;
use super::table_model::{ColumnSchema, VisitRow};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

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

/// A table whose batches are examined on the pool: each column takes the batches in
/// order, on its own, so a cheap column does not wait for a costly one (a free-text
/// column) and the reader goes on filling while up to [`MAX_IN_FLIGHT`] batches wait.
#[derive(Debug)]
pub struct Pipeline {
    parallel: Arc<Parallel>,
    policy: Option<SettlePolicy>,
    reference_year: i32,
    /// One per column while rows stream; emptied into `at_rest` by [`TableStream::columns`].
    slots: Vec<Arc<ColumnSlot>>,
    /// The columns between [`TableStream::columns`] and the next batch.
    at_rest: Vec<ColumnStream>,
    filling: Batch,
    /// Batches handed to the columns, oldest first.
    in_flight: VecDeque<Arc<Batch>>,
    spare: Vec<Batch>,
    progress: Arc<Progress>,
    /// Set when a worker task failed (its batch is lost).
    pub failed: bool,
}

/// At most this many batches of a table wait for examination at once (memory stays flat).
const MAX_IN_FLIGHT: usize = 4;

/// Tells the reader that a column finished a batch.
#[derive(Debug, Default)]
struct Progress {
    lock: Mutex<()>,
    done: Condvar,
    failed: AtomicBool,
}

/// One column of a pipelined table, and the work waiting for it.
#[derive(Debug)]
struct ColumnSlot {
    index: usize,
    state: Mutex<SlotState>,
}

#[derive(Debug)]
struct SlotState {
    /// `None` while a task examines it.
    stream: Option<ColumnStream>,
    queue: VecDeque<Work>,
    /// Whether a task is taking this column's queue.
    scheduled: bool,
}

#[derive(Debug)]
enum Work {
    /// The table doubled in width: the column's memory budget shrinks.
    Width(usize),
    Batch(Arc<Batch>),
}

impl TableStream {
    pub fn new(settings: &StreamSettings) -> TableStream {
        match &settings.parallel {
            None => TableStream::Inline {
                columns: Vec::new(),
                policy: settings.policy,
                reference_year: settings.reference_year,
            },
            Some(parallel) => TableStream::Pipelined(Box::new(Pipeline::new(
                parallel,
                settings.policy,
                settings.reference_year,
            ))),
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
            TableStream::Inline { columns, .. } => columns,
            TableStream::Pipelined(p) => {
                p.drain();
                &mut p.at_rest
            }
        }
    }

    /// Whether a worker task failed (the table's statistics miss a batch).
    pub fn failed(&self) -> bool {
        matches!(self, TableStream::Pipelined(p) if p.failed)
    }
}

/// The columns of a stream, borrowed once everything pushed is examined.
pub type ColumnsGuard<'a> = &'a mut Vec<ColumnStream>;

impl Pipeline {
    fn new(parallel: &Arc<Parallel>, policy: Option<SettlePolicy>, reference_year: i32) -> Self {
        Pipeline {
            parallel: Arc::clone(parallel),
            policy,
            reference_year,
            slots: Vec::new(),
            at_rest: Vec::new(),
            filling: Batch::default(),
            in_flight: VecDeque::new(),
            spare: Vec::new(),
            progress: Arc::default(),
            failed: false,
        }
    }

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

    /// Hands the filling batch to its columns, after making room among the batches in flight.
    fn send(&mut self) {
        if self.filling.rows == 0 {
            return;
        }
        while self.in_flight.len() >= MAX_IN_FLIGHT {
            self.wait_oldest();
        }
        let next = self.spare.pop().unwrap_or_default();
        let batch = Arc::new(std::mem::replace(&mut self.filling, next));
        self.fit_slots(batch.width);
        for slot in self.slots.iter().take(batch.width) {
            self.enqueue(slot, Work::Batch(Arc::clone(&batch)));
        }
        self.in_flight.push_back(batch);
    }

    /// Makes a slot for every column of a batch `width` wide, as [`fit_columns`] does.
    fn fit_slots(&mut self, width: usize) {
        if !self.at_rest.is_empty() || self.slots.is_empty() {
            let mut columns = std::mem::take(&mut self.at_rest);
            fit_columns(&mut columns, width, self.policy);
            self.slots = columns
                .into_iter()
                .enumerate()
                .map(|(index, stream)| {
                    Arc::new(ColumnSlot {
                        index,
                        state: Mutex::new(SlotState {
                            stream: Some(stream),
                            queue: VecDeque::new(),
                            scheduled: false,
                        }),
                    })
                })
                .collect();
            return;
        }
        let old = self.slots.len();
        if old >= width {
            return;
        }
        if width >= 2 * old {
            for slot in self.slots.clone() {
                self.enqueue(&slot, Work::Width(width));
            }
        }
        for index in old..width {
            self.slots.push(Arc::new(ColumnSlot {
                index,
                state: Mutex::new(SlotState {
                    stream: Some(ColumnStream::new(self.policy, width)),
                    queue: VecDeque::new(),
                    scheduled: false,
                }),
            }));
        }
    }

    /// Queues work for a column, starting a task for it when none is running.
    fn enqueue(&self, slot: &Arc<ColumnSlot>, work: Work) {
        let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.queue.push_back(work);
        if !state.scheduled {
            state.scheduled = true;
            drop(state);
            let slot = Arc::clone(slot);
            let parallel = Arc::clone(&self.parallel);
            let progress = Arc::clone(&self.progress);
            let reference_year = self.reference_year;
            self.parallel.pool.spawn(move || {
                run_column(&slot, &parallel, &progress, reference_year);
            });
        }
    }

    /// Waits until every column is done with the oldest batch; keeps its buffers.
    fn wait_oldest(&mut self) {
        let Some(mut oldest) = self.in_flight.pop_front() else {
            return;
        };
        let mut guard = self
            .progress
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            match Arc::try_unwrap(oldest) {
                Ok(mut batch) => {
                    batch.clear();
                    self.spare.push(batch);
                    break;
                }
                Err(shared) => {
                    if self.progress.failed.load(Ordering::Acquire) {
                        // A task failed: its column keeps no more references it will drop.
                        self.failed = true;
                        drop(shared);
                        break;
                    }
                    oldest = shared;
                    guard = self
                        .progress
                        .done
                        .wait(guard)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
        drop(guard);
    }

    /// Examines everything pushed so far and brings the columns to rest.
    fn drain(&mut self) {
        self.send();
        while !self.in_flight.is_empty() {
            self.wait_oldest();
        }
        if self.progress.failed.load(Ordering::Acquire) {
            self.failed = true;
        }
        if self.slots.is_empty() {
            return;
        }
        // Every batch is released, and a task puts its column back before releasing one,
        // so every column is at rest (a failed column's stream is lost with its batch).
        let slots = std::mem::take(&mut self.slots);
        self.at_rest = slots
            .iter()
            .map(|slot| {
                let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
                state.stream.take().unwrap_or_else(|| {
                    self.failed = true;
                    ColumnStream::new(self.policy, slots.len())
                })
            })
            .collect();
    }
}

/// A column's task: takes its queued work in order until none is left.
fn run_column(slot: &ColumnSlot, parallel: &Parallel, progress: &Progress, reference_year: i32) {
    loop {
        let (work, mut stream) = {
            let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(work) = state.queue.pop_front() else {
                state.scheduled = false;
                return;
            };
            let Some(stream) = state.stream.take() else {
                // The column failed before: its work is released unexamined.
                state.queue.clear();
                state.scheduled = false;
                drop(state);
                drop(work);
                notify(progress);
                return;
            };
            (work, stream)
        };
        let examined = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match &work {
                Work::Width(width) => stream.set_width(*width),
                Work::Batch(batch) => {
                    examine(batch, slot.index, &mut stream, parallel, reference_year)
                }
            }
            stream
        }));
        match examined {
            Ok(stream) => {
                let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
                state.stream = Some(stream);
            }
            Err(_) => {
                // The column's statistics are lost; the table is marked as failed and the
                // column's later batches are released unexamined.
                progress.failed.store(true, Ordering::Release);
                let mut state = slot.state.lock().unwrap_or_else(PoisonError::into_inner);
                state.queue.clear();
                state.scheduled = false;
                drop(state);
                drop(work);
                notify(progress);
                return;
            }
        }
        drop(work);
        notify(progress);
    }
}

fn notify(progress: &Progress) {
    let _guard = progress.lock.lock().unwrap_or_else(PoisonError::into_inner);
    progress.done.notify_all();
}

/// Examines one column's values of a batch, in row order.
fn examine(
    batch: &Batch,
    column: usize,
    stream: &mut ColumnStream,
    parallel: &Parallel,
    reference_year: i32,
) {
    let ctx = StreamContext {
        table: &batch.table,
        schema: batch.schema.get(column),
        reference_year,
        dict: &parallel.dict,
    };
    for row in 0..batch.rows {
        if let Some(value) = batch.cell(row, column) {
            stream.observe(value, &ctx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(names: &[&str]) -> Vec<ColumnSchema> {
        names.iter().map(|n| ColumnSchema::named(*n)).collect()
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
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(x.stats.non_empty, y.stats.non_empty);
            assert_eq!(x.stats.examined, y.stats.examined);
            assert_eq!(x.stats.settled_at, y.stats.settled_at);
            assert_eq!(x.stats.topic_values, y.stats.topic_values);
            assert_eq!(x.stats.kinds, y.stats.kinds);
        }
        assert_eq!(a[1].stats.non_empty, 6_666);
        assert!(a[0].stats.settled_at.is_some());
        assert_eq!(
            a[1].stats.topic_values.values().next().map(|v| v.0),
            Some(13)
        );
        assert!(!pipelined.failed());
    }

    /// Rows that widen the table mid-stream (a JSON field appearing late, the table more
    /// than doubling) give the same statistics pipelined as inline, with the columns
    /// brought to rest and streamed on again in between.
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
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(x.stats.non_empty, y.stats.non_empty);
            assert_eq!(x.stats.examined, y.stats.examined);
            assert_eq!(x.stats.settled_at, y.stats.settled_at);
            assert_eq!(x.stats.topic_values, y.stats.topic_values);
            assert_eq!(x.stats.kinds, y.stats.kinds);
        }
        assert_eq!(b[4].stats.non_empty, 11_000);
        assert!(!pipelined.failed());
    }
}
