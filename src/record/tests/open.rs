//! Opening: directory mode, locks, schema versions, damaged databases.

use super::*;
use crate::record::RecordError;

#[test]
fn the_record_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = temp();
    let nested = dir.join("nested");
    Record::open(&nested).unwrap();
    for d in [&dir, &nested] {
        let mode = std::fs::metadata(d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", d.display());
    }
}

#[test]
fn a_second_open_in_the_same_process_reports_the_lock() {
    let (_tmp, dir) = temp();
    let first = Record::open(&dir).unwrap();
    let err = Record::open(&dir).unwrap_err();
    assert!(matches!(err, RecordError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("locked"), "{err}");
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("another dpia process"));
    drop(first);
    Record::open(&dir).unwrap();
}

#[test]
fn a_newer_schema_is_refused_clearly() {
    let (_tmp, dir) = temp();
    drop(Record::open(&dir).unwrap());
    {
        let db = raw_db(&dir);
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", "2")
            .unwrap();
        db.flush().unwrap();
    }
    let err = Record::open(&dir).unwrap_err();
    assert!(
        matches!(
            err,
            RecordError::NewerSchema {
                found: 2,
                supported: 1,
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

#[test]
fn data_without_a_schema_version_is_damaged() {
    let (_tmp, dir) = temp();
    drop(Record::open(&dir).unwrap());
    {
        let db = raw_db(&dir);
        let meta = db.open_tree("meta").unwrap();
        meta.remove("schema_version").unwrap();
        db.flush().unwrap();
    }
    let err = Record::open(&dir).unwrap_err();
    assert!(matches!(err, RecordError::Damaged { .. }), "{err:?}");
}

#[test]
fn garbage_files_are_an_error_not_a_panic() {
    // sled reads a garbage log as an empty database; the marker file makes that an error.
    for name in ["db", "conf"] {
        let (_tmp, dir) = temp();
        drop(Record::open(&dir).unwrap());
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        std::fs::write(dir.join(name), bytes).unwrap();
        match Record::open(&dir) {
            Err(RecordError::Damaged { .. }) if name == "db" => {}
            Err(e) => assert!(name == "conf", "{name}: {e:?}"),
            Ok(_) => panic!("{name}: garbage opened as a record"),
        }
    }
}

#[test]
fn a_path_that_is_a_file_is_an_error() {
    let (tmp, _) = temp();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = Record::open(&file).unwrap_err();
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "{err}"
    );
}
