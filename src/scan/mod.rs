//! The scanner: reads an internal tool's schema and sample data (SQL DDL and migrations, D1
//! and SQLite dumps, SQLite files, CSV, JSON/NDJSON, JSON Schema, wrangler configuration) and
//! reports, column by column, which personal data it holds, with evidence and confidence.
//!
//! One bad file never stops a scan: it becomes a [`Problem`] with path and line.

pub mod detect;
pub mod dictionary;
pub mod fasthash;
pub mod input;
pub mod lexicon;
pub mod mask;
pub mod model;
pub mod readers;
pub mod recognizers;
pub mod sql;
pub mod stream;
pub mod tables;
pub mod text;

pub use dictionary::{Dictionary, DictionaryError};
pub use input::ScanInput;
pub use model::{
    Category, ColumnReport, HostingFact, InputFile, Problem, ScanReport, Severity, TableReport,
};

use tables::TableSet;

/// Default rows sampled per table.
pub const DEFAULT_SAMPLE_ROWS: usize = 300;
/// Default size above which a file is sampled in windows rather than read whole.
pub const DEFAULT_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// How to scan.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanOptions {
    /// Rows kept per table (reservoir over the whole input).
    pub sample_rows: usize,
    /// Examine every row (streaming, constant memory) instead of a sample.
    pub full: bool,
    /// Files larger than this are read in evenly spread windows (sample mode only).
    pub size_limit: u64,
    /// The scan's date (year, month, day), for plausible ages; the caller reads the clock.
    pub reference_date: (i32, u32, u32),
    /// Threads a `--full` scan may use; 0 means one per core.
    pub threads: usize,
    /// In `--full` mode, examine every value fully even once a column's verdict is stable
    /// (slower; for comparing with the shortcut).
    pub exhaustive: bool,
    /// In `--full` mode, when a column's verdict counts as stable and how much is examined
    /// after that.
    pub settle: detect::SettlePolicy,
}

impl ScanOptions {
    /// Options with defaults for everything but the date.
    pub fn new(reference_date: (i32, u32, u32)) -> Self {
        ScanOptions {
            sample_rows: DEFAULT_SAMPLE_ROWS,
            full: false,
            size_limit: DEFAULT_SIZE_LIMIT,
            reference_date,
            threads: 0,
            exhaustive: false,
            settle: detect::SettlePolicy::default(),
        }
    }
}

/// Receives progress while files are read (the CLI draws a bar; tests ignore it).
pub trait Progress {
    /// A file of `total` bytes starts.
    fn start_file(&self, _path: &str, _total: u64) {}
    /// `done` bytes of the current file have been read.
    fn advance(&self, _done: u64) {}
    /// The current file is finished.
    fn finish_file(&self) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Scans every input and returns the merged report.
pub fn scan(
    inputs: &[ScanInput],
    options: &ScanOptions,
    dict: &Dictionary,
    progress: &dyn Progress,
) -> ScanReport {
    let mut report = ScanReport::default();
    let mut tables = table_set(options, dict, &mut report);
    let files = input::collect(inputs, &mut report);
    for file in files {
        readers::read_file(&file, options, dict, &mut tables, &mut report, progress);
    }
    let year = options.reference_date.0;
    let tables = tables.into_tables();
    for t in tables.iter().filter(|t| t.stream_failed) {
        report.problems.push(Problem::error(
            t.sources.first().map_or("", String::as_str),
            None,
            format!(
                "internal error: some rows of table {} could not be examined; its verdicts may miss them",
                t.name
            ),
        ));
    }
    report.tables = tables
        .into_iter()
        .map(|t| detect::detect_table(t, dict, year))
        .collect();
    report
}

/// The tables of a scan: sampled, or streamed (`--full`) on as many threads as asked.
fn table_set(options: &ScanOptions, dict: &Dictionary, report: &mut ScanReport) -> TableSet {
    if !options.full {
        return TableSet::new(options.sample_rows, false);
    }
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let parallel = if threads > 1 {
        match stream::Parallel::new(threads, dict.clone()) {
            Ok(p) => Some(std::sync::Arc::new(p)),
            Err(message) => {
                report.problems.push(Problem::warning(
                    "",
                    None,
                    format!("{message}; scanning on one thread"),
                ));
                None
            }
        }
    } else {
        None
    };
    TableSet::streaming(stream::StreamSettings {
        policy: (!options.exhaustive).then_some(options.settle),
        reference_year: options.reference_date.0,
        parallel,
    })
}

impl ScanReport {
    /// Whether nothing at all could be scanned (every input failed or none was found).
    pub fn nothing_scanned(&self) -> bool {
        self.tables.is_empty() && self.hosting.is_empty()
    }

    /// Columns with at least one category, as (table, column).
    pub fn personal_columns(&self) -> impl Iterator<Item = (&TableReport, &ColumnReport)> {
        self.tables.iter().flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| !c.categories.is_empty())
                .map(move |c| (t, c))
        })
    }
}
