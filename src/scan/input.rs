//! What to scan: walks folders (skipping dependencies, VCS and build output), recognises each
//! file's format by name and magic bytes, and lists what it skipped. Only regular files are
//! read: FIFOs, devices, sockets and link loops are skipped with a problem (an error when the
//! user named them, a warning when a walk met them).

use super::model::{Problem, ScanReport};
use crate::files::{self, OpenError};
use crate::scan::model::ProblemCode;
use std::path::{Path, PathBuf};

/// One thing the user asked to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanInput {
    /// A file or folder on disk.
    Path(PathBuf),
    /// A file held in memory (the bundled example), with the path it is reported under.
    Memory { path: String, bytes: &'static [u8] },
}

/// Formats the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Sql,
    Sqlite,
    Csv,
    Json,
    Ndjson,
    JsonSchema,
    Wrangler,
    /// package.json, shell scripts, Makefiles, CI files: searched for `wrangler d1 create`
    /// (and package.json for SDK dependencies).
    Script,
    /// Source code read for data flows (JS/TS/JSX/TSX, HTML, CSS).
    Code(super::code::Lang),
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Sql => "sql",
            Format::Sqlite => "sqlite",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::JsonSchema => "json-schema",
            Format::Wrangler => "wrangler",
            Format::Script => "script",
            Format::Code(lang) => match lang {
                super::code::Lang::Js => "js",
                super::code::Lang::Jsx => "jsx",
                super::code::Lang::Ts => "ts",
                super::code::Lang::Tsx => "tsx",
                super::code::Lang::Html => "html",
                super::code::Lang::Css => "css",
            },
        }
    }
}

/// Whether an input's format string is a source-code format.
pub fn is_code_format(format: &str) -> bool {
    matches!(format, "js" | "jsx" | "ts" | "tsx" | "html" | "css")
}

impl Format {
    /// Whether the format is source code.
    pub fn is_code(self) -> bool {
        matches!(self, Format::Code(_))
    }
}

/// Where a file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Disk(PathBuf),
    Memory(&'static [u8]),
}

/// A file to read, with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub path: String,
    pub origin: Origin,
    pub format: Format,
}

/// Folder names never descended into.
const SKIP_DIRS: [&str; 14] = [
    "node_modules",
    ".git",
    ".hg",
    ".svn",
    "target",
    "dist",
    "build",
    ".wrangler",
    ".next",
    ".cache",
    "coverage",
    "__pycache__",
    ".venv",
    "vendor",
];

/// Whether a walk skips folders of this name (dependencies, VCS, build output).
pub fn is_skipped_dir(name: &str) -> bool {
    SKIP_DIRS.contains(&name)
}

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// How a `dpia record export` file starts (canonical JSON: keys sorted, no whitespace).
const RECORD_EXPORT_HEAD: &[u8] = b"{\"assessments\":";

/// Expands inputs into files to read, recording skipped files and unreadable paths.
pub fn collect(inputs: &[ScanInput], report: &mut ScanReport) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for input in inputs {
        match input {
            ScanInput::Memory { path, bytes } => {
                match detect_format(Path::new(path), bytes.get(..16).unwrap_or(bytes)) {
                    Some(format) => files.push(SourceFile {
                        path: path.clone(),
                        origin: Origin::Memory(bytes),
                        format,
                    }),
                    None => report.skipped.push(path.clone()),
                }
            }
            ScanInput::Path(path) => walk(path, path, true, &mut files, report),
        }
    }
    // Migrations first, in name order, so that a dump of the final schema (read later)
    // lands on the tables they built rather than the other way round.
    files.sort_by_key(|f| !is_migration(&f.path));
    files
}

/// Whether a file sits in a `migrations` folder (wrangler's `migrations_dir` default).
fn is_migration(path: &str) -> bool {
    path.split(['/', '\\']).rev().skip(1).any(|part| {
        part.eq_ignore_ascii_case("migrations") || part.eq_ignore_ascii_case("migration")
    })
}

/// A path as shown and reported: bytes that are not UTF-8 (a Latin-1 file name such as
/// `kunden_\xFCbersicht.csv`) become U+FFFD; the file itself is still opened by its real
/// name, and human output escapes control characters in it.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn walk(
    root: &Path,
    path: &Path,
    explicit: bool,
    files: &mut Vec<SourceFile>,
    report: &mut ScanReport,
) {
    // Links found while walking are not followed (loops, files outside the tool); a link
    // the user named is.
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && !explicit {
        report
            .skipped
            .push(format!("{} (symbolic link)", display(path)));
        return;
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let e = OpenError::from(e);
            let code = open_problem_code(&e);
            let message = match e {
                OpenError::Io(e) => format!("cannot read: {e}"),
                other => other.to_string(),
            };
            report
                .problems
                .push(Problem::error(code, display(path), None, message));
            return;
        }
    };
    if meta.is_dir() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !explicit && SKIP_DIRS.contains(&name) {
            report.skipped.push(format!("{}/", display(path)));
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(e) => e,
            Err(e) => {
                report.problems.push(Problem::error(
                    ProblemCode::FolderUnreadable,
                    display(path),
                    None,
                    format!("cannot list folder: {e}"),
                ));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        // File-name order: migrations apply in sequence (0001_init.sql before 0002_...).
        children.sort();
        for child in children {
            walk(root, &child, false, files, report);
        }
        return;
    }
    if !meta.is_file() {
        let message = OpenError::NotRegular(files::kind_of(&meta)).to_string();
        report.problems.push(if explicit {
            Problem::error(ProblemCode::NotRegularFile, display(path), None, message)
        } else {
            Problem::warning(ProblemCode::NotRegularFile, display(path), None, message)
        });
        return;
    }
    let head = read_head(path);
    match detect_format(path, &head) {
        // dpia's own record export (`dpia record export`, committed beside the tool for `dpia
        // check --record-file`) is the assessment, not the tool's data.
        Some(Format::Json) if head.starts_with(RECORD_EXPORT_HEAD) => {
            report
                .skipped
                .push(format!("{} (dpia record export)", display(path)));
        }
        Some(format)
            if format.is_code()
                && !explicit
                && super::code::is_test_file(&display(path.strip_prefix(root).unwrap_or(path))) =>
        {
            report.skipped.push(format!("{} (test file)", display(path)));
        }
        Some(format) => files.push(SourceFile {
            path: display(path),
            origin: Origin::Disk(path.to_path_buf()),
            format,
        }),
        None if explicit => report.problems.push(Problem::error(ProblemCode::UnknownFileType,
            display(path),
            None,
            "unrecognised file type (expected .sql, .csv, .tsv, .json, .ndjson, .jsonl, a SQLite database, wrangler.toml/json/jsonc, package.json, or source code: .js .ts .jsx .tsx .html .css)",
        )),
        None => report.skipped.push(display(path)),
    }
}

fn read_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    if let Ok(f) = files::open_regular(path) {
        let _ = f.take(16).read_to_end(&mut head);
    }
    head
}

/// Recognises a format from the file name, and SQLite databases from their magic bytes.
pub fn detect_format(path: &Path, head: &[u8]) -> Option<Format> {
    if head.starts_with(SQLITE_MAGIC) {
        return Some(Format::Sqlite);
    }
    // Lossy: a name that is not UTF-8 still has its extension.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // wrangler.toml / .json / .jsonc, also per-environment variants (wrangler.staging.toml).
    if name.starts_with("wrangler")
        && (name.ends_with(".toml") || name.ends_with(".json") || name.ends_with(".jsonc"))
    {
        return Some(Format::Wrangler);
    }
    if name == "package.json" || name == "makefile" {
        return Some(Format::Script);
    }
    if name.ends_with(".schema.json") {
        return Some(Format::JsonSchema);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "sql" => Some(Format::Sql),
        "csv" | "tsv" => Some(Format::Csv),
        "ndjson" | "jsonl" => Some(Format::Ndjson),
        "json" => Some(Format::Json),
        "sh" | "bash" | "yml" | "yaml" => Some(Format::Script),
        "sqlite" | "sqlite3" | "db" | "db3" => Some(Format::Sqlite),
        _ => super::code::Lang::from_path(&name).map(Format::Code),
    }
}

/// The problem code of a file that could not be opened.
pub(crate) fn open_problem_code(e: &OpenError) -> ProblemCode {
    match e {
        OpenError::NotRegular(_) => ProblemCode::NotRegularFile,
        OpenError::Io(_) => ProblemCode::ReadFailed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_magic() {
        let f = |n: &str| detect_format(Path::new(n), b"");
        assert_eq!(f("migrations/0001_init.sql"), Some(Format::Sql));
        assert_eq!(f("wrangler.jsonc"), Some(Format::Wrangler));
        assert_eq!(f("x/bewerbung.schema.json"), Some(Format::JsonSchema));
        assert_eq!(f("events.ndjson"), Some(Format::Ndjson));
        assert_eq!(f("README.md"), None);
        assert_eq!(
            detect_format(Path::new("data.bin"), b"SQLite format 3\0"),
            Some(Format::Sqlite)
        );
    }

    #[test]
    fn walks_in_name_order_and_skips_dependencies() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
        std::fs::write(dir.path().join("node_modules/x/a.sql"), "").unwrap();
        std::fs::write(dir.path().join("0002_b.sql"), "").unwrap();
        std::fs::write(dir.path().join("0001_a.sql"), "").unwrap();
        std::fs::write(dir.path().join("notes.md"), "").unwrap();
        let mut report = ScanReport::default();
        let files = collect(&[ScanInput::Path(dir.path().to_path_buf())], &mut report);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, ["0001_a.sql", "0002_b.sql"]);
        assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    }

    #[test]
    fn a_dpia_record_export_beside_the_tool_is_not_tool_data() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dpia-record.json"),
            r#"{"assessments":[],"events":[],"format":"dpia-record"}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("tenants.json"), r#"[{"email":"a@b.c"}]"#).unwrap();
        let mut report = ScanReport::default();
        let files = collect(&[ScanInput::Path(dir.path().to_path_buf())], &mut report);
        assert_eq!(files.len(), 1);
        assert!(files[0].path.ends_with("tenants.json"));
        assert!(report.skipped[0].ends_with("dpia-record.json (dpia record export)"));
    }

    #[test]
    fn migrations_are_read_first() {
        assert!(is_migration("tool/migrations/0001_init.sql"));
        assert!(!is_migration("tool/export/d1-export.sql"));
        assert!(!is_migration("migrations.sql"));
    }

    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_are_scanned_and_shown_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"kunden_\xfcbersicht.csv");
        std::fs::write(dir.path().join(name), "email\na@b.de\n").unwrap();
        let mut report = ScanReport::default();
        let files = collect(&[ScanInput::Path(dir.path().to_path_buf())], &mut report);
        assert_eq!(files.len(), 1, "skipped: {:?}", report.skipped);
        assert!(
            files[0].path.ends_with("kunden_\u{fffd}bersicht.csv"),
            "{}",
            files[0].path
        );
        assert_eq!(files[0].format, Format::Csv);
        assert!(matches!(&files[0].origin, Origin::Disk(p) if p.file_name() == Some(name)));
    }

    #[test]
    fn missing_path_is_a_problem() {
        let mut report = ScanReport::default();
        collect(&[ScanInput::Path("/nonexistent/x.csv".into())], &mut report);
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].path.contains("/nonexistent/x.csv"));
    }
}
