//! Files in object storage. The photos and attachments users upload to an R2 (or S3)
//! bucket — damage photos, sick notes, signed forms — are personal data the tables only
//! point to. A folder exported from a bucket (`--objects DIR`, or a folder under a scanned
//! tool named like an R2 bucket of its wrangler configuration) is read file by file: image
//! metadata (EXIF: GPS position, artist or camera owner, serial number, when it was taken)
//! and the text of PDF, DOCX and plain-text files, examined like a free-text column (Art. 9
//! terms, identifiers, names). The bucket becomes a table named after it with one column per
//! finding kind, tied to its R2 binding when the names match. Counts only: no content of a
//! file reaches the report.

mod documents;
mod images;
mod tally;

use crate::scan::model::ProblemCode;
use tally::Tally;

use super::detect::text_findings;
use super::dictionary::Dictionary;
use super::model::{HostingFact, Problem, ScanReport, TableReport};
use super::ScanInput;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Files read per bucket folder, at most.
const MAX_FILES: u64 = 100_000;
/// Folder depth searched for bucket folders under a scanned tool.
const SEARCH_DEPTH: usize = 4;
/// Largest image whose metadata is read (JPEG, PNG, WebP and HEIF are read up to their
/// metadata; a TIFF is read whole, so its cap is lower).
const MAX_IMAGE_BYTES: u64 = 256 << 20;
const MAX_TIFF_BYTES: u64 = 64 << 20;
/// Unreadable files reported one by one before a summary.
const REPORTED: u64 = 5;

/// A folder holding a bucket's objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectFolder {
    /// The bucket: the folder's name.
    pub bucket: String,
    pub path: PathBuf,
    /// The R2 binding of that name in the wrangler configuration, with where it is.
    pub binding: Option<(String, String)>,
}

/// The bucket folders of a scan: those named on the command line, and folders under a
/// scanned tool named like one of its R2 buckets.
pub fn find_folders(
    inputs: &[ScanInput],
    explicit: &[PathBuf],
    hosting: &[HostingFact],
) -> Vec<ObjectFolder> {
    let buckets: Vec<&HostingFact> = hosting
        .iter()
        .filter(|h| h.component == "r2" && h.name.is_some())
        .collect();
    let binding_of = |name: &str| {
        buckets
            .iter()
            .find(|h| {
                h.name
                    .as_deref()
                    .is_some_and(|b| b.eq_ignore_ascii_case(name))
            })
            .map(|h| (h.binding.clone().unwrap_or_default(), h.source.clone()))
    };
    let folder = |path: &Path| {
        let bucket = path.file_name().map_or_else(
            || super::input::display(path),
            |n| n.to_string_lossy().into_owned(),
        );
        ObjectFolder {
            binding: binding_of(&bucket),
            bucket,
            path: path.to_path_buf(),
        }
    };
    let mut found: Vec<ObjectFolder> = explicit.iter().map(|p| folder(p)).collect();
    let names: Vec<&str> = buckets.iter().filter_map(|h| h.name.as_deref()).collect();
    if names.is_empty() {
        return found;
    }
    for input in inputs {
        if let ScanInput::Path(root) = input {
            let mut matches = Vec::new();
            search(root, &names, SEARCH_DEPTH, &mut matches);
            for path in matches {
                if !found.iter().any(|f| f.path == path) {
                    found.push(folder(&path));
                }
            }
        }
    }
    found
}

/// Folders under `dir` (not following links) whose name is one of `names`.
fn search(dir: &Path, names: &[&str], depth: usize, out: &mut Vec<PathBuf>) {
    if depth == 0 || !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if !std::fs::symlink_metadata(&child).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let name = child.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(child);
        } else if !name.starts_with('.') && !super::input::is_skipped_dir(&name) {
            search(&child, names, depth - 1, out);
        }
    }
}

/// What kind of object a file is, from its first bytes and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Pdf,
    Docx,
    Text,
    Other,
}

fn kind_of(head: &[u8], name: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    let is_image = head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"\x89PNG")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || head.get(4..8) == Some(b"ftyp");
    if is_image {
        Kind::Image
    } else if head.starts_with(b"%PDF-") {
        Kind::Pdf
    } else if head.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        Kind::Docx
    } else if [".txt", ".md", ".eml", ".log", ".text"]
        .iter()
        .any(|e| lower.ends_with(e))
        && !head.contains(&0)
    {
        Kind::Text
    } else {
        Kind::Other
    }
}

/// Reads every file of a bucket folder into a table report; problems go to `report`.
pub fn scan_folder(
    folder: &ObjectFolder,
    dict: &Dictionary,
    report: &mut ScanReport,
) -> TableReport {
    let mut tally = Tally::default();
    let mut files = Vec::new();
    list_files(&folder.path, &mut files, report);
    let total = files.len() as u64;
    for path in files
        .into_iter()
        .take(usize::try_from(MAX_FILES).unwrap_or(usize::MAX))
    {
        if let Err(message) = read_object(&path, dict, &mut tally) {
            tally.unreadable += 1;
            if tally.unreadable <= REPORTED {
                let shown = super::input::display(&path);
                report.problems.push(Problem::warning(
                    ProblemCode::ObjectUnreadable,
                    shown,
                    None,
                    message,
                ));
            }
        }
    }
    let shown = super::input::display(&folder.path);
    if tally.unreadable > REPORTED {
        report.problems.push(Problem::warning(
            ProblemCode::ObjectUnreadable,
            shown.clone(),
            None,
            format!("{} files in all could not be read", tally.unreadable),
        ));
    }
    if total > MAX_FILES {
        report.problems.push(Problem::warning(
            ProblemCode::TooManyFiles,
            shown.clone(),
            None,
            format!("{total} files: only the first {MAX_FILES} were read"),
        ));
    }
    let mut sources = vec![shown];
    if let Some((_, source)) = &folder.binding {
        sources.push(source.clone());
    }
    TableReport {
        name: folder.bucket.clone(),
        sources,
        rows_sampled: tally.files,
        rows_seen: total,
        columns: tally.columns(&folder.bucket, folder.binding.as_ref(), dict),
    }
}

/// Every regular file under `dir`, in name order, not following links.
fn list_files(dir: &Path, out: &mut Vec<PathBuf>, report: &mut ScanReport) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.problems.push(Problem::error(
                ProblemCode::FolderUnreadable,
                super::input::display(dir),
                None,
                format!("cannot list the bucket folder: {e}"),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let Ok(meta) = std::fs::symlink_metadata(&child) else {
            continue;
        };
        if meta.is_dir() {
            list_files(&child, out, report);
        } else if meta.is_file() && out.len() as u64 <= MAX_FILES {
            out.push(child);
        }
    }
}

/// Reads one object into the tally; an error says why it could not be read.
fn read_object(path: &Path, dict: &Dictionary, tally: &mut Tally) -> Result<(), String> {
    let file = crate::files::open_regular(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::new(file);
    let mut head = [0u8; 16];
    let n = read_head(&mut reader, &mut head).map_err(|e| format!("cannot read: {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let kind = kind_of(&head[..n], &name);
    std::io::Seek::rewind(&mut reader).map_err(|e| format!("cannot read: {e}"))?;
    tally.files += 1;
    match kind {
        Kind::Image => {
            tally.images += 1;
            let tiff = head.starts_with(b"II*\0") || head.starts_with(b"MM\0*");
            let cap = if tiff {
                MAX_TIFF_BYTES
            } else {
                MAX_IMAGE_BYTES
            };
            if size > cap {
                return Err(format!("image over {} MiB: metadata not read", cap >> 20));
            }
            let facts = images::facts(&mut reader)?;
            tally.gps += u64::from(facts.gps);
            tally.person += u64::from(facts.person);
            tally.serial += u64::from(facts.serial);
            tally.taken_at += u64::from(facts.taken_at);
        }
        Kind::Pdf => {
            tally.pdf += 1;
            if size > documents::MAX_PDF_BYTES {
                return Err(format!(
                    "PDF over {} MiB: not read",
                    documents::MAX_PDF_BYTES >> 20
                ));
            }
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read: {e}"))?;
            tally.add_text(&text_findings(&documents::pdf_text(&bytes)?, dict), dict);
        }
        Kind::Docx => {
            tally.docx += 1;
            tally.add_text(&text_findings(&documents::docx_text(reader)?, dict), dict);
        }
        Kind::Text => {
            tally.text += 1;
            tally.add_text(&text_findings(&documents::plain_text(reader)?, dict), dict);
        }
        Kind::Other => tally.other += 1,
    }
    Ok(())
}

fn read_head(reader: &mut impl Read, head: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match reader.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Reads the bucket folders of a scan into tables of `report`. Files of those folders that
/// the walk listed as skipped are no longer listed: they were read here.
pub fn scan(
    inputs: &[ScanInput],
    explicit: &[PathBuf],
    dict: &Dictionary,
    report: &mut ScanReport,
) {
    for path in explicit {
        if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            report.problems.push(Problem::error(
                ProblemCode::NotAFolder,
                super::input::display(path),
                None,
                "--objects needs a folder (the files of one bucket)",
            ));
        }
    }
    let explicit: Vec<PathBuf> = explicit
        .iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_dir()))
        .cloned()
        .collect();
    for folder in find_folders(inputs, &explicit, &report.hosting) {
        let table = scan_folder(&folder, dict, report);
        let prefix = super::input::display(&folder.path);
        report.skipped.retain(|s| !s.starts_with(&prefix));
        report.tables.push(table);
    }
}
