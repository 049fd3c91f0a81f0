//! Export to one canonical JSON document and import into a new record.

use super::*;
use crate::record::{RecordError, Status};

/// A record with two assessments, a signature, status changes and an export event.
fn populated(dir: &Path) -> Record {
    let r = Record::open(dir).unwrap();
    let (a, _) = r
        .create(
            new_assessment("Claims – Prüfung"),
            content("unique-answer-7"),
            "Ana",
            &at(0),
        )
        .unwrap();
    r.add_version(&a, content("yes"), "Ana", &at(1)).unwrap();
    r.set_status(&a, Status::ReadyForSignoff, "Ana", &at(2))
        .unwrap();
    let signed = r.sign(&a, signature(&at(3)), "DPO", &at(3)).unwrap();
    r.record_export(&a, &signed, "pdf dpia.pdf", "DPO", &at(4))
        .unwrap();
    let (b, _) = r
        .create(new_assessment("HR"), content("no"), "Bo", &at(5))
        .unwrap();
    r.set_status(&b, Status::Withdrawn, "Bo", &at(6)).unwrap();
    r
}

#[test]
fn export_import_export_is_byte_identical() {
    let (_tmp, dir) = temp();
    let json = populated(&dir).export_json().unwrap();
    assert!(json.starts_with("{\"assessments\":["), "{}", &json[..40]);
    assert!(!json.contains('\n') && json.contains("Prüfung"));
    let (_tmp2, dir2) = temp();
    let imported = Record::import_json(&dir2, &json).unwrap();
    assert!(imported.audit().is_clean(), "{:?}", imported.audit().breaks);
    assert_eq!(imported.export_json().unwrap(), json);
    assert_eq!(imported.list().unwrap().len(), 2);
    // The imported record keeps working: new events chain onto the imported log.
    let id = imported.list().unwrap()[0].id.clone();
    let head = imported.list().unwrap()[0].head.clone();
    imported
        .record_export(&id, &head, "json", "Ana", &at(9))
        .unwrap();
    assert!(imported.audit().is_clean());
}

#[test]
fn import_refuses_a_changed_version_naming_it() {
    let (_tmp, dir) = temp();
    let r = populated(&dir);
    let json = r.export_json().unwrap();
    let first = r
        .list()
        .unwrap()
        .into_iter()
        .find(|s| s.title.starts_with("Claims"))
        .unwrap();
    let v1 = r.assessment(&first.id).unwrap().versions[0].id.clone();
    let tampered = json.replacen("unique-answer-7", "unique-answer-8", 1);
    assert_ne!(tampered, json);
    let (_tmp2, dir2) = temp();
    let err = Record::import_json(&dir2, &tampered).unwrap_err();
    match &err {
        RecordError::ImportRejected { first, .. } => {
            assert_eq!(first.version.as_deref(), Some(v1.as_str()));
        }
        other => panic!("expected a rejected import, got {other:?}"),
    }
    assert!(err.to_string().contains(v1.as_str()), "{err}");
    assert!(!dir2.exists(), "nothing may be written");
}

#[test]
fn import_refuses_a_changed_event_and_bad_documents() {
    let (_tmp, dir) = temp();
    let json = populated(&dir).export_json().unwrap();
    let (_tmp2, dir2) = temp();
    let tampered = json.replacen("pdf dpia.pdf", "pdf dpia.PDF", 1);
    let err = Record::import_json(&dir2, &tampered).unwrap_err();
    assert!(
        matches!(&err, RecordError::ImportRejected { first, .. } if first.event == Some(5)),
        "{err:?}"
    );
    let err = Record::import_json(&dir2, "{").unwrap_err();
    assert!(matches!(err, RecordError::ImportJson { .. }), "{err:?}");
    let newer = json.replacen("\"schema_version\":1", "\"schema_version\":9", 1);
    let err = Record::import_json(&dir2, &newer).unwrap_err();
    assert!(
        matches!(err, RecordError::NewerSchema { found: 9, .. }),
        "{err:?}"
    );
    assert!(!dir2.exists());
}

#[test]
fn import_needs_a_new_or_empty_directory() {
    let (_tmp, dir) = temp();
    let json = populated(&dir).export_json().unwrap();
    let (_tmp2, dir2) = temp();
    drop(populated(&dir2));
    let err = Record::import_json(&dir2, &json).unwrap_err();
    assert!(matches!(err, RecordError::NotEmpty { .. }), "{err:?}");
    std::fs::create_dir(dir2.with_file_name("empty")).unwrap();
    Record::import_json(&dir2.with_file_name("empty"), &json).unwrap();
}

#[test]
fn an_empty_record_round_trips() {
    let (_tmp, dir) = temp();
    let json = Record::open(&dir).unwrap().export_json().unwrap();
    assert_eq!(
        json,
        r#"{"assessments":[],"events":[],"format":"dpia-record","schema_version":1,"versions":[]}"#
    );
    let (_tmp2, dir2) = temp();
    assert_eq!(
        Record::import_json(&dir2, &json)
            .unwrap()
            .export_json()
            .unwrap(),
        json
    );
}
