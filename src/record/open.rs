//! Opening a record: for writing (an existing record, or creating one), or read-only.
//!
//! A writable open takes the record's lock (`super::folder`), migrates a schema 1 record into
//! a new database (logging a `migrated` event per assessment), removes leftovers of an
//! interrupted rewrite and makes the folder private (0700, files 0600), noting it when it was
//! not. Only [`Record::open_or_create`] and the import create a record: a missing folder, an
//! empty one or one holding other files is an error for every other open, never a new empty
//! record that an audit would call clean.
//!
//! A read-only open (sled cannot open a database read-only) takes the shared lock, copies the
//! database into a private temporary folder, lets go of the lock and works on the copy: it
//! never writes to the record, needs no write access to it (a read-only medium works) and
//! does not block a writer for longer than the copy. A schema 1 record is migrated in the
//! copy only.

use super::error::RecordError;
use super::folder::{self, Layout};
use super::model::Timestamp;
use super::store::{Store, LEGACY_SCHEMA, SCHEMA_VERSION};
use super::{migrate, rewrite, Record};
use std::fmt;
use std::path::Path;

/// Who opens the record and when: the author and time of the events a record writes on its
/// own when opened (the migration of an older record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub author: String,
    pub now: Timestamp,
}

/// Something opening the record did or found that the user should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A record written by an older dpia was migrated (on disk, or only in the read-only copy).
    Migrated {
        from: u64,
        to: u64,
        assessments: usize,
        versions: usize,
        masked: usize,
        in_copy: bool,
    },
    /// The folder was open to other users (mode shown) and was made private.
    Tightened { mode: u32 },
    /// The folder is open to other users; a read-only open leaves it so.
    Exposed { mode: u32 },
    /// The database holds less than was written (a read-only open still reads it; the
    /// audit reports it as a break, and a writable open refuses it).
    Shortened { what: String },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Migrated {
                from,
                to,
                assessments,
                versions,
                masked,
                in_copy,
            } => write!(
                f,
                "{} record schema {from} to {to}: {assessments} assessment(s), {versions} \
                 version(s) rewritten with {masked} example value(s) masked; a `migrated` \
                 event maps each old version id to its new one",
                if *in_copy {
                    "read a copy migrated from"
                } else {
                    "migrated the"
                }
            ),
            Notice::Tightened { mode } => write!(
                f,
                "the record folder was open to other users (mode {mode:o}); it is now private \
                 (0700, files 0600)"
            ),
            Notice::Shortened { what } => f.write_str(what),
            Notice::Exposed { mode } => write!(
                f,
                "the record folder is open to other users (mode {mode:o}); it holds personal \
                 data: make it private (chmod -R go-rwx)"
            ),
        }
    }
}

impl Record {
    /// Opens the existing record in `dir` for writing.
    ///
    /// Errors: [`RecordError::NotFound`] or [`RecordError::NotARecord`] when `dir` holds no
    /// record, [`RecordError::Locked`] when another process (or another `Record` in this one)
    /// has it open, [`RecordError::NewerSchema`] when a newer dpia wrote it,
    /// [`RecordError::Damaged`] when sled reports (or panics on) corruption,
    /// [`RecordError::RewriteRefused`] when an older record to migrate has breaks.
    pub fn open(dir: &Path, actor: &Actor) -> Result<Record, RecordError> {
        open_writable(dir, actor, false)
    }

    /// Opens the record in `dir` for writing, creating the folder (mode 0700) and an empty
    /// record when `dir` is missing or empty.
    pub fn open_or_create(dir: &Path, actor: &Actor) -> Result<Record, RecordError> {
        open_writable(dir, actor, true)
    }

    /// Opens the record in `dir` read-only: a private copy in a new temporary folder inside
    /// `scratch`, removed when the record is dropped. Writes are refused.
    pub fn open_read_only(
        dir: &Path,
        scratch: &Path,
        actor: &Actor,
    ) -> Result<Record, RecordError> {
        let layout = usable(dir, folder::inspect(dir)?, false)?;
        let lock = folder::lock_shared(dir, &folder::reader_lock_file(dir, &layout))?;
        let layout = usable(dir, folder::inspect(dir)?, false)?;
        let temp = folder::Scratch::new(
            tempfile::Builder::new()
                .prefix("dpia-read-only-")
                .tempdir_in(scratch)
                .map_err(|source| RecordError::Directory {
                    path: scratch.to_path_buf(),
                    source,
                })?,
        );
        let copy = temp.path().join("copy");
        let sled_file = match &layout {
            Layout::Store(name) => dir.join(name).join("db"),
            _ => dir.join("db"),
        };
        // sled's own lock: its I/O threads can outlive a writer's lock on the record.
        let sled_lock = folder::lock_shared(dir, &sled_file)?;
        folder::copy_database(dir, &layout, &copy)?;
        let head = folder::read_head(dir)?;
        drop(sled_lock);
        drop(lock);
        let mut notices = Vec::new();
        let store = match layout {
            Layout::Legacy => {
                let legacy = Store::open(dir, &copy)?;
                expect_legacy(&legacy)?;
                let target = rewrite::fresh_store(dir, &temp.path().join("migrated"))?;
                let done = migrate::migrate(&legacy, &target, actor)?;
                notices.push(migrated(done, true));
                target
            }
            _ => {
                let store = Store::open(dir, &copy)?;
                expect_current(&store)?;
                if let Err(e) = store.check_head(head.as_deref()) {
                    // Readable still, so the audit can say what else is wrong.
                    notices.push(Notice::Shortened {
                        what: e.to_string(),
                    });
                }
                store
            }
        };
        if let Some(mode) = folder::exposed_mode(dir) {
            notices.push(Notice::Exposed { mode });
        }
        Ok(Record {
            store,
            read_only: true,
            notices,
            _lock: None,
            _scratch: Some(temp),
        })
    }
}

/// Turns the layouts no open can use into errors.
fn usable(dir: &Path, layout: Layout, create: bool) -> Result<Layout, RecordError> {
    let path = dir.to_path_buf();
    match layout {
        Layout::Missing if !create => Err(RecordError::NotFound { path }),
        Layout::Empty if !create => Err(RecordError::NotARecord { path }),
        Layout::Foreign => Err(RecordError::NotARecord { path }),
        Layout::Gutted => Err(RecordError::Damaged {
            path,
            what: "its database files are missing although a record was created here".into(),
        }),
        layout => Ok(layout),
    }
}

fn open_writable(dir: &Path, actor: &Actor, create: bool) -> Result<Record, RecordError> {
    if usable(dir, folder::inspect(dir)?, create)? == Layout::Missing {
        folder::create_dir(dir)?;
    }
    let lock = folder::lock_exclusive(dir)?;
    let mut notices = Vec::new();
    let mut store = match usable(dir, folder::inspect(dir)?, create)? {
        Layout::Legacy => {
            let (store, done) = migrate_in_place(dir, actor)?;
            notices.push(migrated(done, false));
            store
        }
        Layout::Store(name) => {
            let store = Store::open(dir, &dir.join(&name))?;
            expect_current(&store)?;
            store.check_head(folder::read_head(dir)?.as_deref())?;
            folder::remove_leftovers(dir, &name)?;
            if !dir.join(folder::MARKER).exists() {
                folder::write_marker(dir)?;
            }
            store
        }
        _ => {
            let name = folder::next_store(None);
            let store = rewrite::fresh_store(dir, &dir.join(&name))?;
            finish_new_store(dir, &name)?;
            store
        }
    };
    if let Some(mode) = folder::tighten(dir)? {
        notices.push(Notice::Tightened { mode });
    }
    store.head_file_in = Some(dir.to_path_buf());
    Ok(Record {
        store,
        read_only: false,
        notices,
        _lock: Some(lock),
        _scratch: None,
    })
}

/// Migrates the schema 1 record in `dir` (whose lock the caller holds): reads a copy of its
/// database (so a failed or interrupted migration leaves it untouched), writes `store-1`,
/// and only then makes that the database in use and removes the old files.
fn migrate_in_place(dir: &Path, actor: &Actor) -> Result<(Store, migrate::Migrated), RecordError> {
    let source = dir.join(folder::MIGRATING);
    let name = folder::next_store(None);
    let result = (|| {
        folder::remove(&source).map_err(|e| folder::dir_error(dir, e))?;
        {
            // Older dpia releases lock the database file itself.
            let _sled = folder::lock_shared(dir, &dir.join("db"))?;
            folder::copy_database(dir, &Layout::Legacy, &source)?;
        }
        let legacy = Store::open(dir, &source)?;
        expect_legacy(&legacy)?;
        let target = rewrite::fresh_store(dir, &dir.join(&name))?;
        let done = migrate::migrate(&legacy, &target, actor)?;
        Ok((target, done))
    })();
    let _ = folder::remove(&source);
    match result {
        Ok((target, done)) => {
            finish_new_store(dir, &name)?;
            target.copy_head(dir)?;
            Ok((target, done))
        }
        Err(e) => {
            let _ = folder::remove(&dir.join(&name));
            Err(e)
        }
    }
}

/// Makes a new, complete database the one in use: pointer, leftovers, marker.
pub(crate) fn finish_new_store(dir: &Path, name: &str) -> Result<(), RecordError> {
    folder::set_current(dir, name)?;
    folder::remove_leftovers(dir, name)?;
    folder::write_marker(dir)
}

fn migrated(done: migrate::Migrated, in_copy: bool) -> Notice {
    Notice::Migrated {
        from: LEGACY_SCHEMA,
        to: SCHEMA_VERSION,
        assessments: done.assessments,
        versions: done.versions,
        masked: done.masked,
        in_copy,
    }
}

/// A database in the schema 1 layout must hold schema 1.
fn expect_legacy(store: &Store) -> Result<(), RecordError> {
    match store.schema()? {
        Some(LEGACY_SCHEMA) => Ok(()),
        None => Err(store.damaged(
            "its database holds no record although one was created here (the storage engine \
             found nothing it could read)"
                .into(),
        )),
        Some(v) => Err(store.damaged(format!(
            "its database in the schema {LEGACY_SCHEMA} place holds schema {v}"
        ))),
    }
}

/// The database `current` names must hold the current schema.
fn expect_current(store: &Store) -> Result<(), RecordError> {
    match store.schema()? {
        Some(SCHEMA_VERSION) => Ok(()),
        None => Err(store.damaged(
            "its database holds no record although one was created here (the storage engine \
             found nothing it could read)"
                .into(),
        )),
        Some(v) => Err(store.damaged(format!(
            "its schema {SCHEMA_VERSION} database holds schema {v}"
        ))),
    }
}
