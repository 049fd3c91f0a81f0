//! The record's folder on disk: which files make a record, the lock every dpia process takes
//! on it, the pointer to the database in use (so a rewrite can replace the whole database at
//! once), private permissions, and copying a consistent snapshot for read-only use.
//!
//! Layout (schema 2; while a schema 1 record is migrated, its database is copied to
//! `migrating/` first):
//! - `dpia-record`: marker, written last when a record is created (`dpia-record schema 2`);
//! - `lock`: an empty file; a writer holds `flock(LOCK_EX)` on it while its `Record` lives,
//!   a reader holds `flock(LOCK_SH)` while it copies the database;
//! - `current`: the name of the database folder in use (`store-1`), replaced atomically
//!   (write `current.tmp`, fsync, rename, fsync the folder);
//! - `store-N/`: the sled database (trees in `super::store`);
//! - `head`: the log head (`{"hash":…,"seq":…}`) copied after every commit, replaced
//!   atomically like `current`: sled reads damaged files as a shorter log without an error,
//!   and a database that comes back shorter than this head is reported as damaged.
//!
//! A schema 1 record (dpia before content-addressed scans) is a sled database directly in
//! the folder, beside the marker; it is migrated into `store-1` on the first writable open
//! and its files are then removed. Folders `store-N` that `current` does not name are
//! leftovers of an interrupted rewrite and are removed on a writable open.

use super::error::RecordError;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) const MARKER: &str = "dpia-record";
const LOCK: &str = "lock";
const CURRENT: &str = "current";
const CURRENT_TMP: &str = "current.tmp";
const HEAD: &str = "head";
const HEAD_TMP: &str = "head.tmp";
const STORE_PREFIX: &str = "store-";
/// Where a schema 1 database is copied to be migrated.
pub(crate) const MIGRATING: &str = "migrating";
/// sled's files in a schema 1 record (besides `snap.*`).
const LEGACY_FILES: [&str; 3] = ["db", "conf", "blobs"];

/// How often, and how long apart, a held lock is retried: another dpia process usually holds
/// a record only for one command or one TUI action, and sled's I/O threads keep their lock a
/// moment after a record is closed.
const LOCK_RETRIES: u32 = 100;
const LOCK_RETRY_PAUSE: Duration = Duration::from_millis(20);

/// What a folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Layout {
    /// No such folder.
    Missing,
    /// A folder with nothing of a record in it (empty, or the leftovers of a creation that
    /// never finished).
    Empty,
    /// A folder holding other files: not a dpia record.
    Foreign,
    /// The marker without a database: the database files were removed.
    Gutted,
    /// Schema 1: sled's files directly in the folder.
    Legacy,
    /// The database folder `current` names.
    Store(String),
}

pub(crate) fn dir_error(path: &Path, source: std::io::Error) -> RecordError {
    RecordError::Directory {
        path: path.to_path_buf(),
        source,
    }
}

/// Looks at what `dir` holds.
pub(crate) fn inspect(dir: &Path) -> Result<Layout, RecordError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Layout::Missing),
        Err(e) => return Err(dir_error(dir, e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| dir_error(dir, e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    if names.iter().any(|n| n == CURRENT) {
        let text = std::fs::read_to_string(dir.join(CURRENT)).map_err(|e| dir_error(dir, e))?;
        let name = text.trim();
        let valid = name
            .strip_prefix(STORE_PREFIX)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !valid || !dir.join(name).is_dir() {
            return Err(RecordError::Damaged {
                path: dir.to_path_buf(),
                what: format!("its pointer file names '{name}', which is not a database here"),
            });
        }
        return Ok(Layout::Store(name.to_string()));
    }
    if names.iter().any(|n| n == "db") {
        return Ok(Layout::Legacy);
    }
    let ours =
        |n: &String| n == LOCK || n == CURRENT_TMP || n == MIGRATING || n.starts_with(STORE_PREFIX);
    if names.iter().all(ours) {
        return Ok(Layout::Empty);
    }
    if names.iter().any(|n| n == MARKER) && names.iter().all(|n| ours(n) || n == MARKER) {
        return Ok(Layout::Gutted);
    }
    Ok(Layout::Foreign)
}

/// A held lock on the record (released when dropped, or when the process dies).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// Takes the writer's exclusive lock, creating the lock file if needed.
pub(crate) fn lock_exclusive(dir: &Path) -> Result<Lock, RecordError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let path = dir.join(LOCK);
    let file = options.open(&path).map_err(|e| dir_error(dir, e))?;
    retry_lock(dir, file, fs2::FileExt::try_lock_exclusive)
}

/// Takes a reader's shared lock: on the lock file, or on a schema 1 record's database file
/// (the lock its writers take), opening it read-only so a read-only medium works.
pub(crate) fn lock_shared(dir: &Path, file: &Path) -> Result<Lock, RecordError> {
    let handle = File::open(file).map_err(|e| dir_error(dir, e))?;
    retry_lock(dir, handle, fs2::FileExt::try_lock_shared)
}

/// The file a reader locks in `dir` for `layout`.
pub(crate) fn reader_lock_file(dir: &Path, layout: &Layout) -> PathBuf {
    match layout {
        Layout::Legacy if !dir.join(LOCK).exists() => dir.join("db"),
        _ => dir.join(LOCK),
    }
}

fn retry_lock(
    dir: &Path,
    file: File,
    try_lock: impl Fn(&File) -> std::io::Result<()>,
) -> Result<Lock, RecordError> {
    let mut attempt = 0;
    loop {
        match try_lock(&file) {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(e) if is_contended(&e) && attempt < LOCK_RETRIES => {
                attempt += 1;
                std::thread::sleep(LOCK_RETRY_PAUSE);
            }
            Err(e) if is_contended(&e) => {
                return Err(RecordError::Locked {
                    path: dir.to_path_buf(),
                    source: e,
                })
            }
            Err(e) => return Err(dir_error(dir, e)),
        }
    }
}

fn is_contended(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock
        || e.raw_os_error() == fs2::lock_contended_error().raw_os_error()
}

/// Creates `dir` (and its parents) with mode 0700.
pub(crate) fn create_dir(dir: &Path) -> Result<(), RecordError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| dir_error(dir, e))
}

/// The folder for a new database, after `current` (if any): `store-1`, `store-2`, …
pub(crate) fn next_store(current: Option<&str>) -> String {
    let n = current
        .and_then(|c| c.strip_prefix(STORE_PREFIX))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    format!("{STORE_PREFIX}{}", n.saturating_add(1))
}

/// Makes `name` the database in use: written beside, synced, renamed over `current`.
pub(crate) fn set_current(dir: &Path, name: &str) -> Result<(), RecordError> {
    write_synced(dir, CURRENT_TMP, &format!("{name}\n"))?;
    std::fs::rename(dir.join(CURRENT_TMP), dir.join(CURRENT)).map_err(|e| dir_error(dir, e))?;
    sync_dir(dir)
}

/// Replaces the `head` file with `text` (written beside, synced, renamed).
pub(crate) fn write_head(dir: &Path, text: &str) -> Result<(), RecordError> {
    write_synced(dir, HEAD_TMP, text)?;
    std::fs::rename(dir.join(HEAD_TMP), dir.join(HEAD)).map_err(|e| dir_error(dir, e))
}

/// The `head` file's text, if there is one.
pub(crate) fn read_head(dir: &Path) -> Result<Option<String>, RecordError> {
    match std::fs::read_to_string(dir.join(HEAD)) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(dir_error(dir, e)),
    }
}

/// Writes the marker that says a record was created here.
pub(crate) fn write_marker(dir: &Path) -> Result<(), RecordError> {
    let text = format!("{MARKER} schema {}\n", super::store::SCHEMA_VERSION);
    write_synced(dir, MARKER, &text)
}

fn write_synced(dir: &Path, name: &str, text: &str) -> Result<(), RecordError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(dir.join(name))
        .map_err(|e| dir_error(dir, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| dir_error(dir, e))
}

fn sync_dir(dir: &Path) -> Result<(), RecordError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| dir_error(dir, e))
}

/// Removes what a writable open finds left over: database folders other than `keep`, a
/// half-written pointer, and (once a schema 2 database is in use) a migrated schema 1
/// record's sled files.
pub(crate) fn remove_leftovers(dir: &Path, keep: &str) -> Result<(), RecordError> {
    let entries = std::fs::read_dir(dir).map_err(|e| dir_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| dir_error(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale_store = name.starts_with(STORE_PREFIX) && name != keep;
        let legacy = LEGACY_FILES.contains(&name.as_str()) || name.starts_with("snap.");
        let tmp = name == CURRENT_TMP || name == HEAD_TMP || name == MIGRATING;
        if stale_store || legacy || tmp {
            remove(&entry.path()).map_err(|e| dir_error(dir, e))?;
        }
    }
    Ok(())
}

/// Removes a file or a folder with everything in it.
pub(crate) fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Copies the database of `layout` in `dir` into `to` (a new folder): every file of a
/// `store-N` folder, or a schema 1 record's sled files. The caller holds the shared lock.
pub(crate) fn copy_database(dir: &Path, layout: &Layout, to: &Path) -> Result<(), RecordError> {
    create_dir(to)?;
    let (from, only_sled) = match layout {
        Layout::Store(name) => (dir.join(name), false),
        _ => (dir.to_path_buf(), true),
    };
    let entries = std::fs::read_dir(&from).map_err(|e| dir_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| dir_error(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let sled = LEGACY_FILES.contains(&name.as_str()) || name.starts_with("snap.");
        if only_sled && !sled {
            continue;
        }
        copy_tree(&entry.path(), &to.join(&name)).map_err(|e| dir_error(dir, e))?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else if meta.is_file() {
        std::fs::copy(from, to)?;
    }
    Ok(())
}

/// The folder's mode when others may read or enter it (Unix); `None` when it is private.
pub(crate) fn exposed_mode(dir: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Makes the folder 0700 and everything in it 0700 (folders) or 0600 (files). Returns the
/// folder's previous mode when it was open to others.
pub(crate) fn tighten(dir: &Path) -> Result<Option<u32>, RecordError> {
    let was = exposed_mode(dir);
    #[cfg(unix)]
    tighten_tree(dir).map_err(|e| dir_error(dir, e))?;
    Ok(was)
}

#[cfg(unix)]
fn tighten_tree(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path)?;
    let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
    if (meta.is_dir() || meta.is_file()) && meta.permissions().mode() & 0o777 != wanted {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
    }
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)? {
            tighten_tree(&entry?.path())?;
        }
    }
    Ok(())
}

/// The private copy a read-only record works on: removed when dropped (after the record's
/// database, whose I/O threads may still hold its files for a moment, so removal is retried).
#[derive(Debug)]
pub(crate) struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    pub(crate) fn new(dir: tempfile::TempDir) -> Scratch {
        Scratch(Some(dir))
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.as_ref().map_or(Path::new(""), |d| d.path())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let Some(dir) = self.0.take() else {
            return;
        };
        let path = dir.keep();
        for _ in 0..50 {
            if remove(&path).is_ok() && !path.exists() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}
