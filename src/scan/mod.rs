//! The scanner: reads an internal tool's schema and sample data (SQL DDL and migrations, D1
//! and SQLite dumps, SQLite files, CSV, JSON/NDJSON, JSON Schema, wrangler configuration) and
//! reports, column by column, which personal data it holds, with evidence and confidence.
//!
//! It also reads the tool's source (JS/TS, HTML, CSS, package.json) for data flows
//! (`code`): third parties, logs, D1 statements, uploads, browser storage, access checks.
//!
//! One bad file never stops a scan: it becomes a [`Problem`] with path and line.

pub mod code;
pub mod detect;
pub mod dictionary;
pub mod evidence;
pub mod evidence_words;
pub mod fasthash;
pub mod input;
pub mod lexicon;
pub mod mask;
pub mod model;
pub mod objects;
pub mod problem;
pub mod readers;
pub mod recognizers;
pub mod render;
pub mod selfcheck;
pub mod setup;
pub mod sql;
pub mod stream;
pub mod table_model;
pub mod tables;
pub mod text;

pub use dictionary::{Dictionary, DictionaryError};
pub use input::ScanInput;
pub use model::{
    Category, ColumnReport, HostingFact, InputFile, Problem, ProblemCode, ScanReport, Severity,
    TableReport,
};
pub use setup::{NothingScanned, Setup, SetupError, ToolSource};

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
    /// The scan's date, for plausible ages; the caller reads the clock.
    pub reference_date: crate::calendar::Date,
    /// Keep each column's raw example values beside the masked ones (`dpia scan
    /// --show-values`). They are never serialised; without this they are dropped at once.
    pub keep_raw_examples: bool,
    /// Threads a `--full` scan and the analysis of source code may use; 0 means one per core.
    pub threads: usize,
    /// In `--full` mode, examine every value fully even once a column's verdict is stable
    /// (slower; for comparing with the shortcut).
    pub exhaustive: bool,
    /// In `--full` mode, when a column's verdict counts as stable and how much is examined
    /// after that.
    pub settle: detect::SettlePolicy,
    /// Folders holding the files of an object-storage bucket (`--objects DIR`); folders
    /// under a scanned tool named like one of its R2 buckets are found without it.
    pub objects: Vec<std::path::PathBuf>,
}

impl ScanOptions {
    /// Options with defaults for everything but the date.
    pub fn new(reference_date: crate::calendar::Date) -> Self {
        ScanOptions {
            sample_rows: DEFAULT_SAMPLE_ROWS,
            full: false,
            size_limit: DEFAULT_SIZE_LIMIT,
            reference_date,
            keep_raw_examples: false,
            threads: 0,
            exhaustive: false,
            settle: detect::SettlePolicy::default(),
            objects: Vec::new(),
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
    let mut code = code::CodeFacts::new(options.threads);
    let files = input::collect(inputs, &mut report);
    for file in files {
        readers::read_file(
            &file,
            options,
            dict,
            &mut tables,
            &mut code,
            &mut report,
            progress,
        );
    }
    code.finish_reading(&mut report.problems);
    let year = options.reference_date.year;
    let tables = tables.into_tables();
    report.problems.extend(column_cap_problems(&tables));
    for t in tables.iter().filter(|t| t.stream_failed) {
        report.problems.push(Problem::error(ProblemCode::Internal,
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
        .map(|t| t.into_report(dict, year))
        .collect();
    code::finish(code, &mut report, dict);
    objects::scan(inputs, &options.objects, dict, &mut report);
    if !options.keep_raw_examples {
        for column in report.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
            column.raw_examples = None;
        }
    }
    report
}

/// An error for every table that was offered more than [`table_model::MAX_COLUMNS`] columns,
/// naming the file that first went over.
fn column_cap_problems(tables: &[tables::Table]) -> Vec<Problem> {
    tables
        .iter()
        .filter(|t| t.columns_refused > 0)
        .map(|t| {
            let path = t.refused_in.as_ref().or(t.sources.first());
            Problem::error(
                ProblemCode::TooManyColumns,
                path.map_or(t.name.as_str(), String::as_str),
                None,
                format!(
                    "table {} has more than {} columns: {} further column name(s) ignored",
                    t.name,
                    table_model::MAX_COLUMNS,
                    t.columns_refused
                ),
            )
        })
        .collect()
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
                    ProblemCode::SingleThread,
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
        reference_year: options.reference_date.year,
        parallel,
    })
}

impl ScanReport {
    /// Whether nothing at all could be scanned (every input failed or none was found).
    pub fn nothing_scanned(&self) -> bool {
        self.tables.is_empty()
            && self.hosting.is_empty()
            && self.flows.is_empty()
            && !self.inputs.iter().any(|i| input::is_code_format(&i.format))
    }

    /// Whether a column of birth dates gives children's ages (its evidence says so: GDPR
    /// Art. 8; vulnerable data subjects, WP248 criterion 7).
    pub fn holds_childrens_data(&self) -> bool {
        self.childrens_data_columns().next().is_some()
    }

    /// The columns of birth dates giving children's ages, as `table.column`.
    pub fn childrens_data_columns(&self) -> impl Iterator<Item = String> + '_ {
        self.personal_columns()
            .filter(|(_, c)| {
                c.categories.contains(&Category::DateOfBirth)
                    && c.evidence_items
                        .iter()
                        .any(|e| e.codes().contains(&"dates.children"))
            })
            .map(|(t, c)| format!("{}.{}", t.name, c.name))
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

    /// The report as JSON with each column's raw examples in place of the masked ones, where
    /// the scan kept them (`dpia scan --format json --show-values`, never stored). The shape
    /// is the report's own: examples stay an array of strings.
    pub fn to_json_revealing_examples(&self) -> serde_json::Result<serde_json::Value> {
        let mut value = serde_json::to_value(self)?;
        let tables = value.get_mut("tables").and_then(|t| t.as_array_mut());
        for (table, json) in self.tables.iter().zip(tables.into_iter().flatten()) {
            let columns = json.get_mut("columns").and_then(|c| c.as_array_mut());
            for (column, json) in table.columns.iter().zip(columns.into_iter().flatten()) {
                if let (Some(raw), Some(obj)) = (&column.raw_examples, json.as_object_mut()) {
                    if !raw.values().is_empty() {
                        obj.insert("examples".into(), serde_json::json!(raw.values()));
                    }
                }
            }
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(keep_raw: bool) -> ScanReport {
        let dict = Dictionary::builtin().unwrap();
        let tool = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/example/damage-reports");
        let mut options = ScanOptions::new(crate::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        });
        options.keep_raw_examples = keep_raw;
        scan(&[ScanInput::Path(tool)], &options, &dict, &NoProgress)
    }

    fn email_column(r: &ScanReport) -> &ColumnReport {
        r.personal_columns()
            .map(|(_, c)| c)
            .find(|c| c.categories.contains(&Category::Email) && !c.examples.is_empty())
            .expect("the example has e-mail addresses")
    }

    #[test]
    fn raw_examples_are_dropped_unless_kept_and_never_serialised() {
        let report = example(false);
        assert!(report
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .all(|c| c.raw_examples.is_none()));
        let json = serde_json::to_string(&report).unwrap();
        let kept = example(true);
        let raw = email_column(&kept).raw_examples.as_ref().unwrap().values()[0].clone();
        assert!(!raw.starts_with("****"), "{raw}");
        assert!(!json.contains(&raw), "a raw value was serialised");
        assert_eq!(serde_json::to_string(&kept).unwrap(), json);
        let revealed = kept.to_json_revealing_examples().unwrap().to_string();
        assert!(revealed.contains(&raw));
        let back: ScanReport = serde_json::from_str(&revealed).unwrap();
        assert_eq!(back, report, "reading raw values back masks them");
    }
}

#[cfg(test)]
mod cap_tests {
    use super::input::Format;
    use super::*;

    /// Reads in-memory files into tables (no detection) and returns the cap problems.
    fn read(files: Vec<(&str, String, Format)>) -> (Vec<tables::Table>, Vec<Problem>) {
        let files: Vec<(&str, &str, Format)> =
            files.iter().map(|(p, t, f)| (*p, t.as_str(), *f)).collect();
        let (tables, _) = readers::test_support::read_in_memory(&files);
        let problems = column_cap_problems(&tables);
        (tables, problems)
    }

    #[test]
    fn too_many_columns_from_alters_or_json_keys_are_one_problem_naming_the_file() {
        // The red team's C31 (100k ALTER TABLE ADD COLUMN) and C22 (one object, 1M keys),
        // cut down but over the cap.
        let mut alters = String::from("CREATE TABLE t (id INT);\n");
        for i in 0..table_model::MAX_COLUMNS + 100 {
            alters.push_str(&format!("ALTER TABLE t ADD COLUMN c{i} TEXT;\n"));
        }
        let keys: Vec<String> = (0..table_model::MAX_COLUMNS + 50)
            .map(|i| format!("\"k{i}\":{i}"))
            .collect();
        let (tables, problems) = read(vec![
            ("alters.sql", alters, Format::Sql),
            ("keys.json", format!("{{{}}}", keys.join(",")), Format::Json),
        ]);
        assert_eq!(tables.len(), 2);
        assert!(tables
            .iter()
            .all(|t| t.columns.len() == table_model::MAX_COLUMNS));
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "alters.sql: table t has more than 10000 columns: 101 further column name(s) ignored",
                "keys.json: table keys has more than 10000 columns: 1 further column name(s) ignored",
            ]
        );
    }
}
