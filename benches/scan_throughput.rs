//! Throughput and memory of `dpia scan --full` on a generated CSV (mixed personal and
//! non-personal columns). Run with `cargo bench`; prints MB/s, rows/s and peak memory for
//! several file sizes, each scanned in a fresh child process so peaks do not mix.
//!
//! `cargo bench -- ROWS` runs a single size.

use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use std::io::{BufWriter, Write};
use std::time::Instant;

const FIRST: [&str; 8] = [
    "Anna", "Lukas", "Marie", "Jan", "Sofia", "Pierre", "Giulia", "Piotr",
];
const LAST: [&str; 8] = [
    "Müller", "Schmidt", "Dupont", "Rossi", "Nowak", "de Vries", "García", "Smith",
];
const NOTES: [&str; 6] = [
    "Heizung im Bad bleibt kalt.",
    "Fenster klemmt seit gestern, bitte prüfen.",
    "Schimmel im Schlafzimmer, ich habe Asthma.",
    "Water leaking under the kitchen sink since Monday.",
    "Call back on 0364624738 after 5pm.",
    "Keine Beanstandung.",
];

fn generate(path: &std::path::Path, rows: u64) -> std::io::Result<u64> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "id,first_name,last_name,email,phone,iban,city,status,amount_eur,created_at,ip,note"
    )?;
    let mut x: u64 = 42;
    for i in 0..rows {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (x >> 33) as usize;
        writeln!(
            w,
            "{i},{},{},user{}@example.org,+49 30 {:07},DE89370400440532013000,Berlin,{},{}.{:02},2026-{:02}-{:02}T10:00:00,10.{}.{}.{},\"{}\"",
            FIRST[r % 8],
            LAST[(r / 8) % 8],
            r % 100_000,
            r % 10_000_000,
            ["open", "closed", "pending"][r % 3],
            r % 5000,
            r % 100,
            1 + r % 12,
            1 + r % 28,
            r % 256,
            (r / 256) % 256,
            (r / 65536) % 256,
            NOTES[r % 6],
        )?;
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn measure(rows: u64) {
    let dir = std::env::temp_dir().join(format!("dpia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("reports.csv");
    let bytes = generate(&path, rows).expect("generate CSV");
    let dict = Dictionary::builtin().expect("dictionaries");
    let mut options = ScanOptions::new((2026, 11, 25));
    options.full = true;
    let start = Instant::now();
    let report = scan::scan(
        &[ScanInput::Path(path.clone())],
        &options,
        &dict,
        &scan::NoProgress,
    );
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    let personal = report.personal_columns().count();
    println!(
        "rows {rows:>9}  size {:>7.1} MB  time {secs:>6.2} s  {:>6.1} MB/s  {:>9.0} rows/s  peak RSS {:>6.1} MB  personal columns {personal}/12",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        rows as f64 / secs,
        peak_rss_kib() as f64 / 1024.0,
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let Some(rows) = args.first().and_then(|a| a.parse::<u64>().ok()) {
        measure(rows);
        return;
    }
    println!("dpia scan --full on a generated 12-column CSV (one core):");
    let exe = std::env::current_exe().expect("own path");
    for rows in [100_000u64, 250_000, 1_000_000] {
        let status = std::process::Command::new(&exe)
            .arg(rows.to_string())
            .status()
            .expect("child runs");
        assert!(status.success(), "bench child failed for {rows} rows");
    }
}
