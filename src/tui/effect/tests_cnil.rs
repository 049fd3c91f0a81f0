//! Importing a CNIL PIA file from the dashboard (issue 16) against a real record, with the
//! fixtures `dpia import --cnil` is tested on: a valid file becomes an assessment with the
//! PIA's name and an `imported` event naming its SHA-256; a malformed one is an error naming
//! the JSON path, and the record stays empty.

use super::*;
use dpia::record::{EventKind, Record};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cnil")
        .join(name)
}

fn model(tmp: &Path) -> Model {
    let mut model = Model::new(tmp.join("record"), "2026-11-26".into());
    model.author = "Test DPO".into();
    model
}

fn import(model: &Model, path: PathBuf) -> Result<(AssessmentId, String), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    run(model, Effect::ImportCnil(path), &tx);
    match rx.try_recv() {
        Ok(Message::CnilImported(result)) => result,
        other => panic!("no import message: {other:?}"),
    }
}

fn actor() -> dpia::record::Actor {
    dpia::record::Actor {
        author: "Test DPO".into(),
        now: "2026-11-26T10:00:00Z".into(),
    }
}

#[test]
fn a_cnil_file_becomes_an_assessment_with_its_name_and_an_imported_event() {
    let tmp = tempfile::tempdir().expect("tmp");
    let model = model(tmp.path());
    let (id, title) = import(&model, fixture("full.json")).expect("imported");
    assert_eq!(title, "Expense refunds tool");
    let record = Record::open(&model.record_dir, &actor()).expect("record");
    let summary = record.summary(&id).expect("summary");
    assert_eq!(summary.title, "Expense refunds tool");
    assert!(
        summary.tool_path.starts_with("cnil:"),
        "{}",
        summary.tool_path
    );
    let bytes = std::fs::read(fixture("full.json")).expect("fixture");
    let sha = dpia::digest::sha256_hex(&bytes);
    let events = record.events().expect("events");
    let imported = events
        .iter()
        .find(|e| e.kind == EventKind::Imported && e.assessment == id)
        .expect("an imported event");
    assert!(
        imported.detail.as_deref().unwrap_or("").contains(&sha),
        "{:?}",
        imported.detail
    );
    drop(record);
    // The answers came across: the assessment opens with them.
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Open(id), &tx);
    let opened = match rx.try_recv() {
        Ok(Message::Opened(Ok(opened))) => opened,
        other => panic!("not opened: {other:?}"),
    };
    assert!(opened.session.answers.get("risks.list").is_some());
}

#[test]
fn a_malformed_file_names_the_json_path_and_imports_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let model = model(tmp.path());
    for (name, path) in [
        ("wrong-type.json", "$.answers[1].data.gauge"),
        ("unknown-question.json", "$.answers[1].reference_to"),
        ("no-pia.json", "$: missing field `pia`"),
    ] {
        let e = import(&model, fixture(&format!("invalid/{name}"))).expect_err(name);
        assert!(e.contains(path), "{name}: {e}");
        assert!(e.contains(name), "{name}: {e}");
    }
    let e = import(&model, fixture("no-such-file.json")).expect_err("missing");
    assert!(e.contains("cannot read"), "{e}");
    // Nothing half-imported: no assessment (the record was never even created).
    if model.record_dir.exists() {
        let record = Record::open(&model.record_dir, &actor()).expect("record");
        assert!(record.list().expect("list").is_empty());
    }
}
