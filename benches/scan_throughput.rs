//! Throughput and memory of `dpia scan --full`, and the time of the default sampled scan of
//! every fixture tool. Run with `cargo bench`. Prints MB/s, rows/s and peak RSS for one
//! thread and for every core, on realistic data (mostly distinct values; see `data/mod.rs`)
//! and on the old repeated-value data; each scan runs in a fresh child process so that
//! peaks do not mix. The machine's other load is not controlled: repeat runs, or count
//! instructions with `perf stat`, when the CPU is shared.
//!
//! - `cargo bench -- realistic 1000000 [THREADS]`: one measurement (THREADS 0 = every core);
//!   the data sets are `realistic`, `repeated` and `wide` (500 columns, for memory).
//! - `cargo bench -- --write realistic 1000000 FILE`: only write the data (to time the CLI).
//! - `cargo bench -- --fixtures`: only the sampled scans of the fixture tools.

mod data;
mod proc_stats;

use dpia::scan::{self, Dictionary, ScanInput, ScanOptions, ScanReport};
use proc_stats::{cpu_seconds, peak_rss_kib};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Row counts measured by a plain `cargo bench`.
const SIZES: [u64; 2] = [100_000, 1_000_000];
/// Timed repetitions of each sampled fixture scan (the best is printed).
const FIXTURE_RUNS: usize = 5;

fn dictionary() -> Dictionary {
    Dictionary::builtin().expect("dictionaries")
}

/// Writes the data set `kind` (`realistic` or `repeated`) with `rows` rows to `path`.
fn write(kind: &str, rows: u64, path: &Path) -> u64 {
    let mut w = BufWriter::new(std::fs::File::create(path).expect("create data file"));
    match kind {
        "realistic" => {
            let dict = dictionary();
            let pools = data::Pools::new(dict.first_names.iter(), dict.last_names.iter());
            data::write_realistic(&mut w, rows, &pools).expect("write data");
        }
        "repeated" => data::write_repeated(&mut w, rows).expect("write data"),
        "wide" => data::write_wide(&mut w, rows).expect("write data"),
        other => panic!("unknown data set {other} (realistic, repeated or wide)"),
    }
    drop(w);
    std::fs::metadata(path).expect("data file").len()
}

/// A full scan's report, wall-clock seconds and CPU seconds.
fn full_scan(path: &Path, threads: usize, exhaustive: bool) -> (ScanReport, f64, f64) {
    let dict = dictionary();
    let mut options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    options.full = true;
    options.threads = threads;
    options.exhaustive = exhaustive;
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let report = scan::scan(
        &[ScanInput::Path(path.to_path_buf())],
        &options,
        &dict,
        &scan::NoProgress,
    );
    (report, start.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

/// The child: scans `path` once and prints one line of figures.
fn measure(kind: &str, rows: u64, threads: usize, path: &Path) {
    let bytes = std::fs::metadata(path).expect("data file").len();
    let (report, secs, cpu) = full_scan(path, threads, false);
    let personal = report.personal_columns().count();
    let columns: usize = report.tables.iter().map(|t| t.columns.len()).sum();
    let (examined, values) = examined_share(&report);
    let threads_label = if threads == 0 {
        "all".to_string()
    } else {
        threads.to_string()
    };
    // On a shared machine the wall clock includes time the scan waited for a core; the CPU
    // time does not (MB per CPU second is what one uncontended core would do).
    println!(
        "{kind:<9} rows {rows:>9}  size {:>6.1} MB  threads {threads_label:>3}  time {secs:>6.2} s  {:>6.1} MB/s  {:>9.0} rows/s  CPU {cpu:>6.2} s ({:>6.1} MB per CPU s)  load {:.1}  peak RSS {:>5.1} MB  personal columns {personal}/{columns}  values fully examined {:.1}%",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        rows as f64 / secs,
        bytes as f64 / 1e6 / cpu.max(1e-9),
        load_average(),
        peak_rss_kib() as f64 / 1024.0,
        100.0 * examined as f64 / values.max(1) as f64,
    );
}

/// The one-minute load average (how many processes wanted a core), or 0 if unknown.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0.0)
}

/// Values examined fully and values seen, over every column, from the evidence line a
/// `--full` scan writes ("N of M non-empty values examined fully; …").
fn examined_share(report: &ScanReport) -> (u64, u64) {
    let mut examined = 0;
    let mut values = 0;
    for c in report.tables.iter().flat_map(|t| &t.columns) {
        values += c.values_sampled;
        let fully = c.evidence.iter().find_map(|e| {
            let (n, rest) = e.split_once(" of ")?;
            rest.contains("values examined fully")
                .then(|| n.parse::<u64>().ok())
                .flatten()
        });
        examined += fully.unwrap_or(c.values_sampled);
    }
    (examined, values)
}

/// Verdicts (categories and review flags per column) of a report.
fn verdicts(report: &ScanReport) -> Vec<String> {
    report
        .tables
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| {
                format!(
                    "{}.{} {:?} review={}",
                    t.name, c.name, c.categories, c.needs_review
                )
            })
        })
        .collect()
}

/// Compares the shortcut scan with an exhaustive one on the same file.
fn compare_with_exhaustive(path: &Path) {
    let (fast, fast_secs, _) = full_scan(path, 0, false);
    let (slow, slow_secs, _) = full_scan(path, 0, true);
    let (a, b) = (verdicts(&fast), verdicts(&slow));
    let same = a == b;
    println!(
        "verdicts of the shortcut scan ({fast_secs:.2} s) and an exhaustive scan ({slow_secs:.2} s) of {}: {}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        if same { "identical" } else { "DIFFERENT" }
    );
    if !same {
        for (x, y) in a.iter().zip(&b) {
            if x != y {
                println!("  shortcut: {x}\n  exhaustive: {y}");
            }
        }
    }
}

/// Times the default sampled scan (300 rows per table) of every fixture tool.
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut tools: Vec<PathBuf> = Vec::new();
    for group in ["example", "labelled", "held-out", "shared-examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(group)) else {
            continue;
        };
        tools.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir()),
        );
    }
    tools.sort();
    let dict = dictionary();
    let options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    println!(
        "\ndefault sampled scan of each fixture tool (best of {FIXTURE_RUNS}; target < 100 ms):"
    );
    for tool in tools {
        let mut best = f64::MAX;
        for _ in 0..FIXTURE_RUNS {
            let start = Instant::now();
            let report = scan::scan(
                &[ScanInput::Path(tool.clone())],
                &options,
                &dict,
                &scan::NoProgress,
            );
            best = best.min(start.elapsed().as_secs_f64());
            assert!(!report.nothing_scanned());
        }
        let name = tool
            .strip_prefix(&root)
            .unwrap_or(&tool)
            .display()
            .to_string();
        println!("  {name:<40} {:>7.1} ms", best * 1e3);
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let exe = std::env::current_exe().expect("own path");
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--write", kind, rows, file] => {
            let rows = rows.parse().expect("row count");
            let bytes = write(kind, rows, Path::new(file));
            println!("wrote {file}: {rows} rows, {:.1} MB", bytes as f64 / 1e6);
        }
        ["--child", kind, rows, threads, file] => measure(
            kind,
            rows.parse().expect("row count"),
            threads.parse().expect("thread count"),
            Path::new(file),
        ),
        ["--fixtures"] => fixtures(),
        [kind, rows, rest @ ..] => {
            let rows: u64 = rows.parse().expect("row count");
            let threads: usize = rest.first().map_or(0, |t| t.parse().expect("thread count"));
            let dir = tempfile_dir();
            let path = dir.join(format!("{kind}.csv"));
            write(kind, rows, &path);
            child(&exe, kind, rows, threads, &path);
            let _ = std::fs::remove_dir_all(&dir);
        }
        _ => {
            println!(
                "dpia scan --full on generated 12-column CSVs ({} cores available):",
                std::thread::available_parallelism().map_or(1, |n| n.get())
            );
            let dir = tempfile_dir();
            for kind in ["realistic", "repeated"] {
                for rows in SIZES {
                    let path = dir.join(format!("{kind}-{rows}.csv"));
                    write(kind, rows, &path);
                    for threads in [1, 0] {
                        child(&exe, kind, rows, threads, &path);
                    }
                    if kind == "realistic" && rows == SIZES[0] {
                        compare_with_exhaustive(&path);
                    }
                    let _ = std::fs::remove_file(&path);
                }
            }
            // Memory of a wide table: 500 columns of distinct short codes.
            let rows = 10_000;
            let path = dir.join("wide.csv");
            write("wide", rows, &path);
            for threads in [1, 0] {
                child(&exe, "wide", rows, threads, &path);
            }
            let _ = std::fs::remove_dir_all(&dir);
            fixtures();
        }
    }
}

fn child(exe: &Path, kind: &str, rows: u64, threads: usize, path: &Path) {
    let status = std::process::Command::new(exe)
        .args(["--child", kind, &rows.to_string(), &threads.to_string()])
        .arg(path)
        .status()
        .expect("bench child runs");
    assert!(status.success(), "bench child failed for {kind} {rows}");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dpia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
