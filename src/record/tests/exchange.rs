//! Export to one canonical JSON document and import into a new record.

use super::*;
use crate::record::{RecordError, Status};

/// A record with two assessments, a signature, status changes and an export event.
fn populated(dir: &Path) -> Record {
    let r = open(dir);
    let (a, _) = r
        .create(
            new_assessment("Claims – Prüfung"),
            content("unique-answer-7"),
            "Ana",
            &at(0),
        )
        .unwrap();
    add(&r, &a, content("yes"), "Ana", &at(1)).unwrap();
    set(&r, &a, Status::ReadyForSignoff, "Ana", &at(2)).unwrap();
    let signed = sign(&r, &a, signature(&at(3)), "DPO", &at(3)).unwrap();
    r.record_export(&a, &signed, "pdf dpia.pdf", "DPO", &at(4))
        .unwrap();
    let (b, _) = r
        .create(new_assessment("HR"), content("no"), "Bo", &at(5))
        .unwrap();
    set(&r, &b, Status::Withdrawn, "Bo", &at(6)).unwrap();
    r
}

#[test]
fn export_import_export_is_byte_identical() {
    let (_tmp, dir) = temp();
    let json = populated(&dir).export_json().unwrap();
    assert!(json.starts_with("{\"assessments\":["), "{}", &json[..40]);
    assert!(!json.contains('\n') && json.contains("Prüfung"));
    let (_tmp2, dir2) = temp();
    let imported = Record::import_json(&dir2, "export.json", &json, &actor()).unwrap();
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
    let err = Record::import_json(&dir2, "export.json", &tampered, &actor()).unwrap_err();
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
    let err = Record::import_json(&dir2, "export.json", &tampered, &actor()).unwrap_err();
    assert!(
        matches!(&err, RecordError::ImportRejected { first, .. } if first.event == Some(5)),
        "{err:?}"
    );
    let err = Record::import_json(&dir2, "export.json", "{", &actor()).unwrap_err();
    assert!(matches!(err, RecordError::ImportJson { .. }), "{err:?}");
    let newer = json.replacen("\"schema_version\":2", "\"schema_version\":9", 1);
    let err = Record::import_json(&dir2, "export.json", &newer, &actor()).unwrap_err();
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
    let err = Record::import_json(&dir2, "export.json", &json, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::NotEmpty { .. }), "{err:?}");
    std::fs::create_dir(dir2.with_file_name("empty")).unwrap();
    Record::import_json(
        &dir2.with_file_name("empty"),
        "export.json",
        &json,
        &actor(),
    )
    .unwrap();
}

#[test]
fn an_empty_record_round_trips() {
    let (_tmp, dir) = temp();
    let json = open(&dir).export_json().unwrap();
    assert_eq!(
        json,
        r#"{"assessments":[],"events":[],"format":"dpia-record","scans":{},"schema_version":2,"versions":[]}"#
    );
    let (_tmp2, dir2) = temp();
    assert_eq!(
        Record::import_json(&dir2, "export.json", &json, &actor())
            .unwrap()
            .export_json()
            .unwrap(),
        json
    );
}

#[test]
fn import_errors_name_the_input_file_and_place_and_a_bom_is_accepted() {
    let (_tmp, dir) = temp();
    let json = populated(&dir).export_json().unwrap();
    let (_tmp2, dir2) = temp();
    let broken = json.replacen("\"events\":[", "\"events\":[,", 1);
    let err = Record::import_json(&dir2, "backup.json", &broken, &actor()).unwrap_err();
    assert!(err.to_string().contains("backup.json"), "{err}");
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert!(cause.contains("line 1 column"), "{cause}");
    let unknown = json.replacen("\"format\":", "\"extra\":1,\"format\":", 1);
    let err = Record::import_json(&dir2, "backup.json", &unknown, &actor()).unwrap_err();
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert!(cause.contains("unknown field `extra`"), "{cause}");
    let zero = json.replacen("\"schema_version\":2", "\"schema_version\":0", 1);
    let err = Record::import_json(&dir2, "backup.json", &zero, &actor()).unwrap_err();
    assert!(matches!(err, RecordError::InvalidInput { .. }), "{err:?}");
    assert!(!dir2.exists());
    let with_bom = format!("\u{feff}{json}");
    let imported = Record::import_json(&dir2, "backup.json", &with_bom, &actor()).unwrap();
    assert_eq!(imported.export_json().unwrap(), json);
}

#[test]
fn an_export_stores_each_scan_once_with_masked_examples() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let mut c = content("a");
    c.scan = serde_json::json!({"tables": [{"name": "t", "columns": [
        {"name": "email", "examples": ["anna.mueller@example.org"]}]}]});
    let (id, _) = r
        .create(new_assessment("T"), c.clone(), "Ana", &at(0))
        .unwrap();
    for i in 1..5 {
        let mut next = c.clone();
        next.answers = serde_json::json!({"round": i});
        add(&r, &id, next, "Ana", &at(i)).unwrap();
    }
    let json = r.export_json().unwrap();
    assert!(!json.contains("anna.mueller"), "a raw example was stored");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["scans"].as_object().unwrap().len(), 1);
    assert_eq!(doc["versions"].as_array().unwrap().len(), 5);
    let shown = r.head(&id).unwrap();
    assert_eq!(
        shown.content.scan["tables"][0]["columns"][0]["examples"][0],
        "****@example.org"
    );
    assert_eq!(r.audit().scans, 1);
}
