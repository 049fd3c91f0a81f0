//! One reader per input format. Each turns a file into table schemas, rows and hosting facts
//! pushed into a [`Sink`]; every failure becomes a problem naming the file and the line.
//! This module opens files, fingerprints them (SHA-256 of the bytes read: every byte, or only
//! the windows of a file over the size limit), reports progress and reads files over the size
//! limit in evenly spread windows.

mod code;
mod csv;
mod csv_guard;
#[cfg(test)]
mod declared_tests;
mod json;
mod json_lines;
mod json_schema;
mod json_value;
mod ndjson;
mod sink;
mod sql;
mod sqlite;
#[cfg(test)]
pub(crate) mod test_support;
mod wrangler;

use super::dictionary::Dictionary;
use super::input::{Format, Origin, SourceFile};
use super::model::{InputFile, Problem, ScanReport};
use super::tables::TableSet;
use super::{Progress, ScanOptions};
use crate::digest::Sha256Hasher;
use crate::scan::model::ProblemCode;
pub use sink::Sink;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

/// Number of windows a file over the size limit is read in.
const WINDOWS: u64 = 8;
/// Progress is reported every this many bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// Table name for a data file: the file stem (`patients.json` → `patients`).
pub fn table_name_from_path(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.split_once('.').map(|(s, _)| s).unwrap_or(name);
    if stem.is_empty() {
        name.to_string()
    } else {
        stem.to_string()
    }
}

/// Wraps a reader: hashes every byte and reports progress.
struct Tracked<'p, R> {
    inner: R,
    sha: Sha256Hasher,
    done: u64,
    next_report: u64,
    progress: &'p dyn Progress,
}

impl<R: Read> Read for Tracked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(chunk) = buf.get(..n) {
            self.sha.update(chunk);
        }
        self.done += n as u64;
        if self.done >= self.next_report {
            self.progress.advance(self.done);
            self.next_report = self.done + PROGRESS_STEP;
        }
        Ok(n)
    }
}

/// Reads one file into the tables, recording its fingerprint and any problems.
pub fn read_file(
    file: &SourceFile,
    options: &ScanOptions,
    dict: &Dictionary,
    tables: &mut TableSet,
    code: &mut crate::scan::code::CodeFacts,
    report: &mut ScanReport,
    progress: &dyn Progress,
) {
    let (reader, size, sampled): (Box<dyn Read>, u64, bool) = match &file.origin {
        Origin::Memory(bytes) => (Box::new(*bytes), bytes.len() as u64, false),
        Origin::Disk(path) => match crate::files::open_regular(path) {
            Ok(f) => {
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                let windowed = !options.full
                    && size > options.size_limit
                    && matches!(file.format, Format::Csv | Format::Ndjson);
                if windowed {
                    report.problems.push(Problem::warning(ProblemCode::FileSampled,
                        &file.path,
                        None,
                        format!(
                            "file is {} MB, over the {} MB limit: sampled in {WINDOWS} windows spread over the file (use --full to read every row)",
                            size >> 20,
                            options.size_limit >> 20
                        ),
                    ));
                    (
                        Box::new(Windowed::new(f, size, options.size_limit)),
                        size,
                        true,
                    )
                } else {
                    (Box::new(f), size, false)
                }
            }
            Err(e) => {
                report.problems.push(Problem::error(
                    crate::scan::input::open_problem_code(&e),
                    &file.path,
                    None,
                    e.to_string(),
                ));
                return;
            }
        },
    };
    progress.start_file(&file.path, size);
    // The buffer is zeroed on first use (the fingerprinting reader has no `read_buf`), so a
    // small file gets a buffer its size rather than 256 KiB: thousands of small source files
    // spent more time clearing buffers than hashing.
    let capacity = usize::try_from(size)
        .unwrap_or(usize::MAX)
        .saturating_add(1)
        .clamp(8 * 1024, 256 * 1024);
    let mut tracked = BufReader::with_capacity(
        capacity,
        Tracked {
            inner: reader,
            sha: Sha256Hasher::new(),
            done: 0,
            next_report: PROGRESS_STEP,
            progress,
        },
    );
    let mut sink = Sink {
        path: &file.path,
        tables,
        dict,
        report,
        code,
        found_something: false,
        last_table: None,
    };
    // UTF-16 text with a byte-order mark (Excel's "Unicode text", Windows tools) is decoded
    // to UTF-8 before the reader sees it; everything else passes as it is.
    let head = tracked.fill_buf().map(|b| b.get(..2).unwrap_or(b).to_vec());
    let utf16 =
        file.format != Format::Sqlite && matches!(head.as_deref(), Ok(b"\xFF\xFE" | b"\xFE\xFF"));
    if utf16 {
        let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .strip_bom(true)
            .build(&mut tracked);
        dispatch(file, &mut BufReader::new(decoder), &mut sink);
    } else {
        dispatch(file, &mut tracked, &mut sink);
    }
    // Fingerprint the whole file even when the reader stopped early.
    let _ = io::copy(&mut tracked, &mut io::sink());
    let Tracked { sha, done, .. } = tracked.into_inner();
    progress.finish_file();
    report.inputs.push(InputFile {
        path: file.path.clone(),
        format: file.format.as_str().to_string(),
        sha256: sha.finish_hex(),
        bytes: done,
        sampled,
    });
}

fn is_package_json(path: &str) -> bool {
    path.rsplit(['/', '\\'])
        .next()
        .is_some_and(|n| n.eq_ignore_ascii_case("package.json"))
}

/// Hands the input to the reader for the file's format.
fn dispatch(file: &SourceFile, input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    match file.format {
        Format::Sql => sql::read(input, sink),
        Format::Csv => csv::read(input, sink),
        Format::Json => json::read_json(input, sink),
        Format::Ndjson => ndjson::read_ndjson(input, sink),
        Format::JsonSchema => json_schema::read(input, sink),
        Format::Wrangler => wrangler::read_config(input, sink),
        Format::Script if is_package_json(&file.path) => code::read_package(input, sink),
        Format::Script => wrangler::read_script(input, sink),
        Format::Code(lang) => code::read(input, lang, sink),
        Format::Sqlite => match &file.origin {
            Origin::Disk(path) => sqlite::read(path, sink),
            Origin::Memory(_) => sink.error(
                ProblemCode::SqliteUnreadable,
                None,
                "SQLite databases can only be read from disk",
            ),
        },
    }
}

/// Reads a large file in evenly spread windows, each starting at a line boundary (except the
/// first, which starts at byte 0 so a CSV header is kept) and ending after a newline.
struct Windowed<F> {
    file: BufReader<F>,
    starts: Vec<u64>,
    window: u64,
    current: usize,
    left: u64,
    started: bool,
}

impl<F: Read + Seek> Windowed<F> {
    fn new(file: F, size: u64, limit: u64) -> Self {
        let window = (limit / WINDOWS).max(1);
        let stride = size / WINDOWS;
        Windowed {
            file: BufReader::new(file),
            starts: (0..WINDOWS).map(|i| i * stride).collect(),
            window,
            current: 0,
            left: window,
            started: false,
        }
    }

    fn open_window(&mut self) -> io::Result<bool> {
        let Some(&start) = self.starts.get(self.current) else {
            return Ok(false);
        };
        self.file.seek(SeekFrom::Start(start))?;
        if start > 0 {
            // Skip the partial line the window starts in, without keeping it (a file may be
            // one line of hundreds of megabytes).
            loop {
                let available = self.file.fill_buf()?;
                if available.is_empty() {
                    break;
                }
                if let Some(i) = memchr::memchr(b'\n', available) {
                    self.file.consume(i + 1);
                    break;
                }
                let n = available.len();
                self.file.consume(n);
            }
        }
        self.left = self.window;
        self.started = true;
        Ok(true)
    }
}

impl<F: Read + Seek> Read for Windowed<F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.started && !self.open_window()? {
                return Ok(0);
            }
            if self.left > 0 {
                let max = buf
                    .len()
                    .min(usize::try_from(self.left).unwrap_or(usize::MAX));
                let n = self.file.read(buf.get_mut(..max).unwrap_or(&mut []))?;
                if n > 0 {
                    self.left -= n as u64;
                    return Ok(n);
                }
            } else {
                // Finish the line the window ends in, a buffer at a time.
                let available = self.file.fill_buf()?;
                if !available.is_empty() {
                    let newline = memchr::memchr(b'\n', available);
                    let n = newline.map_or(available.len(), |i| i + 1).min(buf.len());
                    if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
                        dst.copy_from_slice(src);
                    }
                    self.file.consume(n);
                    if newline == Some(n - 1) {
                        self.current += 1;
                        self.started = false;
                    }
                    return Ok(n);
                }
            }
            // End of file or window: next window.
            self.current += 1;
            self.started = false;
            if self.current >= self.starts.len() {
                return Ok(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_from_paths() {
        assert_eq!(table_name_from_path("data/patients.json"), "patients");
        assert_eq!(table_name_from_path("x/bewerbung.schema.json"), "bewerbung");
        assert_eq!(table_name_from_path("events.ndjson"), "events");
    }

    #[test]
    fn a_file_of_one_long_line_is_read_once_through_its_windows() {
        let text = vec![b'x'; 1 << 20];
        let mut w = Windowed::new(io::Cursor::new(text.clone()), text.len() as u64, 8 * 1024);
        let mut out = Vec::new();
        w.read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn windows_cover_the_whole_file_in_whole_lines() {
        let text: String = (0..10_000).map(|i| format!("{i},value{i}\n")).collect();
        let size = text.len() as u64;
        let mut w = Windowed::new(io::Cursor::new(text.into_bytes()), size, 8 * 200);
        let mut out = String::new();
        w.read_to_string(&mut out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0] == "0,value0");
        assert!(lines.iter().all(|l| l.split(',').count() == 2), "{lines:?}");
        let last: u32 = lines
            .last()
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(last > 8_000, "last window should reach the end, got {last}");
        assert!(lines.len() < 1_000);
    }
}
