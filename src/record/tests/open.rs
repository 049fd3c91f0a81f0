//! Opening: what creates a record and what does not (M7), folder and file modes (L6), locks,
//! schema versions, damaged databases, and read-only opens that write nothing.

use super::*;
use crate::record::{Notice, RecordError};

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file and folder under `dir`, with its mode.
#[cfg(unix)]
fn modes(dir: &Path) -> Vec<(PathBuf, u32)> {
    let mut out = vec![(dir.to_path_buf(), mode(dir))];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(modes(&path));
        } else {
            out.push((path.clone(), mode(&path)));
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn the_record_folder_and_files_are_private() {
    let (_tmp, dir) = temp();
    let nested = dir.join("nested");
    let r = open(&nested);
    r.create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    drop(r);
    drop(open(&nested));
    assert_eq!(mode(&dir), 0o700);
    for (path, m) in modes(&nested) {
        let wanted = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(m, wanted, "{}", path.display());
    }
}

#[cfg(unix)]
#[test]
fn an_open_folder_is_tightened_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = temp();
    drop(open(&dir));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = db_dir(&dir).join("db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let ro = Record::open_read_only(&dir, &std::env::temp_dir(), &actor()).unwrap();
    assert_eq!(ro.notices(), &[Notice::Exposed { mode: 0o755 }]);
    drop(ro);
    assert_eq!(mode(&dir), 0o755, "a read-only open changes nothing");
    let r = open(&dir);
    assert_eq!(r.notices(), &[Notice::Tightened { mode: 0o755 }]);
    assert!(r.notices()[0].to_string().contains("755"));
    assert_eq!((mode(&dir), mode(&db)), (0o700, 0o600));
    drop(r);
    assert!(open(&dir).notices().is_empty());
}

#[test]
fn only_a_creating_open_makes_a_record() {
    let (tmp, dir) = temp();
    let err = Record::open(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::NotFound { .. }), "{err:?}");
    assert!(err.hint().unwrap().contains("dpia new"));
    let err = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err();
    assert!(matches!(err, RecordError::NotFound { .. }), "{err:?}");
    assert!(!dir.exists(), "nothing was created");
    std::fs::create_dir(&dir).unwrap();
    let err = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err();
    assert!(matches!(err, RecordError::NotARecord { .. }), "{err:?}");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    for err in [
        Record::open(&dir, &actor()).unwrap_err(),
        Record::open_or_create(&dir, &actor()).unwrap_err(),
        Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err(),
    ] {
        assert!(matches!(err, RecordError::NotARecord { .. }), "{err:?}");
        assert!(err.to_string().contains("is not a dpia record"), "{err}");
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "nothing added");
}

#[test]
fn a_second_writer_in_the_same_process_reports_the_lock() {
    let (tmp, dir) = temp();
    let first = open(&dir);
    let err = Record::open(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("locked"), "{err}");
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("another dpia process"));
    // A reader waits for the writer: the copy would not be consistent.
    let err = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Locked { .. }), "{err:?}");
    drop(first);
    Record::open(&dir, &actor()).unwrap();
}

#[test]
fn a_read_only_record_writes_nothing_and_holds_no_lock() {
    let (tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    drop(r);
    let files = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in walk(d) {
            out.push((entry.clone(), std::fs::read(&entry).unwrap()));
        }
        out
    };
    let before = files(&dir);
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir(&scratch).unwrap();
    let ro = Record::open_read_only(&dir, &scratch, &actor()).unwrap();
    assert!(ro.is_read_only());
    let refused = ro.record_export(&id, &v1, "pdf", "Auditor", &at(2));
    assert!(
        matches!(refused, Err(RecordError::ReadOnly { .. })),
        "{refused:?}"
    );
    assert!(ro.audit().is_clean());
    assert_eq!(files(&dir), before, "reading changed the record's files");
    // A writer can work meanwhile: the reader holds no lock.
    let w = Record::open(&dir, &actor()).unwrap();
    add(&w, &id, content("y"), "Ana", &at(1)).unwrap();
    drop(w);
    assert_eq!(ro.list().unwrap()[0].head, v1, "the reader sees its copy");
    drop(ro);
    assert_eq!(
        std::fs::read_dir(&scratch).unwrap().count(),
        0,
        "the copy is removed"
    );
    assert_eq!(
        open(&dir).events().unwrap().len(),
        2,
        "only the writer's event"
    );
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(d).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn a_record_on_a_read_only_folder_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir) = temp();
    let r = open(&dir);
    r.create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    drop(r);
    let ro_mode = |p: &Path, m: u32| {
        for path in walk(p) {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(m & 0o444)).unwrap();
        }
    };
    ro_mode(&dir, 0o444);
    for d in [db_dir(&dir), dir.clone()] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o500)).unwrap();
    }
    if std::fs::write(dir.join("probe"), "x").is_ok() {
        // Running as root: file modes do not stop writes; nothing to show here.
        std::fs::remove_file(dir.join("probe")).unwrap();
    } else {
        let ro = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap();
        assert_eq!(ro.list().unwrap().len(), 1);
        assert!(ro.audit().is_clean());
    }
    for d in [dir.clone(), db_dir(&dir)] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
}

#[test]
fn a_newer_schema_is_refused_clearly() {
    let (tmp, dir) = temp();
    drop(open(&dir));
    {
        let db = raw_db(&dir);
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", "3")
            .unwrap();
        db.flush().unwrap();
    }
    for err in [
        Record::open(&dir, &actor()).unwrap_err(),
        Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                RecordError::NewerSchema {
                    found: 3,
                    supported: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.contains("newer dpia") && text.contains(&dir.display().to_string()),
            "{text}"
        );
        assert!(err.hint().unwrap().contains("upgrade"));
    }
}

#[test]
fn data_without_a_schema_version_is_damaged() {
    let (_tmp, dir) = temp();
    drop(open(&dir));
    {
        let db = raw_db(&dir);
        let meta = db.open_tree("meta").unwrap();
        meta.remove("schema_version").unwrap();
        db.flush().unwrap();
    }
    let err = Record::open(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Damaged { .. }), "{err:?}");
}

#[test]
fn garbage_files_are_an_error_not_a_panic() {
    // sled reads a garbage log as an empty database; the pointer to it makes that an error.
    for name in ["db", "conf"] {
        let (_tmp, dir) = temp();
        drop(open(&dir));
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        std::fs::write(db_dir(&dir).join(name), bytes).unwrap();
        match Record::open(&dir, &actor()) {
            Err(RecordError::Damaged { .. }) if name == "db" => {}
            Err(e) => assert!(name == "conf", "{name}: {e:?}"),
            Ok(_) => panic!("{name}: garbage opened as a record"),
        }
    }
}

#[test]
fn removed_database_files_are_damage_not_an_empty_record() {
    let (_tmp, dir) = temp();
    drop(open(&dir));
    std::fs::remove_dir_all(db_dir(&dir)).unwrap();
    let err = Record::open_or_create(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Damaged { .. }), "{err:?}");
    std::fs::remove_file(dir.join("current")).unwrap();
    let err = Record::open_or_create(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn a_path_that_is_a_file_is_an_error() {
    let (tmp, _) = temp();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = Record::open_or_create(&file, &actor()).unwrap_err();
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "{err}"
    );
}

#[test]
fn a_database_that_comes_back_shorter_is_damaged() {
    let (tmp, dir) = temp();
    let r = open(&dir);
    let (id, _) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    drop(r);
    let older = tmp.path().join("older");
    copy_tree(&db_dir(&dir), &older);
    let r = open(&dir);
    add(&r, &id, content("y"), "Ana", &at(1)).unwrap();
    drop(r);
    // An older copy of the database put back (or sled reading damaged files as a shorter log).
    std::fs::remove_dir_all(db_dir(&dir)).unwrap();
    copy_tree(&older, &db_dir(&dir));
    let err = Record::open(&dir, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::Damaged { .. }), "{err:?}");
    assert!(
        err.to_string().contains("ends at event 1 but event 2"),
        "{err}"
    );
    // Read-only it still opens, says so, and the audit reports it as a break.
    let ro = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap();
    assert!(
        matches!(ro.notices(), [Notice::Shortened { .. }]),
        "{:?}",
        ro.notices()
    );
    let report = ro.audit();
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert!(report.breaks[0]
        .what
        .contains("ends at event 1 but event 2"));
}
