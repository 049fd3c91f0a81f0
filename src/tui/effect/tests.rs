//! Effects against a real record in a temporary folder.

use super::*;
use crate::tui::model::{Screen, Tab};
use crate::tui::test_support::{example_session, work};
use dpia::record::{Actor, EventKind, Record};

/// A model with the example assessment recorded in a temporary record and open.
fn recorded(tmp: &std::path::Path) -> (Model, AssessmentId) {
    let mut model = work(Tab::Summary);
    model.record_dir = tmp.join("record");
    model.author = "Test DPO".into();
    let record = Record::open_or_create(&model.record_dir, &actor()).expect("record");
    let mut session = example_session();
    let id = session
        .create(
            &record,
            "Damage reports",
            "example",
            "Test DPO",
            &"2026-11-25T10:00:00Z".to_string(),
        )
        .expect("create");
    drop(record);
    if let Screen::Work(w) = &mut model.screen {
        w.id = id.clone();
        w.session = session;
    }
    (model, id)
}

fn actor() -> Actor {
    Actor {
        author: "Test DPO".into(),
        now: "2026-11-25T10:00:00Z".into(),
    }
}

#[test]
fn export_writes_the_draft_into_a_new_folder_and_logs_it_like_the_cli() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id) = recorded(tmp.path());
    let (tx, rx) = std::sync::mpsc::channel();
    let pdf = tmp.path().join("exports/drafts/draft.pdf");
    run(&model, Effect::Export(pdf.clone()), &tx);
    let Ok(Message::Exported(Ok(written))) = rx.try_recv() else {
        panic!("no export message");
    };
    assert_eq!(written, pdf);
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
    let events = Record::open(&model.record_dir, &actor())
        .expect("record")
        .events()
        .expect("events");
    assert!(events
        .iter()
        .any(|e| e.kind == EventKind::Exported && e.assessment == id));
}

#[test]
fn a_save_writes_a_version_with_the_draft_kept_as_a_draft() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (mut model, id) = recorded(tmp.path());
    if let Screen::Work(w) = &mut model.screen {
        w.session
            .set_draft(
                "description.purposes",
                dpia::questionnaire::AnswerValue::Text("Tenants rep".into()),
            )
            .expect("draft");
    }
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Save, &tx);
    assert!(matches!(rx.try_recv(), Ok(Message::Saved(Ok(_)))));
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Open(id), &tx);
    let Ok(Message::Opened(Ok(opened))) = rx.try_recv() else {
        panic!("not opened");
    };
    assert_eq!(
        opened.session.answers.draft("description.purposes"),
        Some(&dpia::questionnaire::AnswerValue::Text(
            "Tenants rep".into()
        ))
    );
    assert!(opened.session.answers.get("description.purposes").is_none());
}

#[test]
fn settings_are_written_to_the_settings_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut model = work(Tab::Summary);
    let path = tmp.path().join("conf/settings.toml");
    model.settings_path = Some(path.clone());
    model
        .settings
        .set("author", "Dr. Anna Muster")
        .expect("set");
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::SaveSettings, &tx);
    assert!(matches!(rx.try_recv(), Ok(Message::SettingsSaved(Ok(())))));
    let back = dpia::settings::Settings::load(&path).expect("load");
    assert_eq!(back.author(), Some("Dr. Anna Muster"));
}

#[test]
fn r_on_a_signed_assessment_starts_its_successor_in_the_record() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id) = recorded(tmp.path());
    {
        let record = Record::open(&model.record_dir, &actor()).expect("record");
        let head = record.summary(&id).expect("summary").head;
        let signature = dpia::record::Signature {
            pdf_sha256: "ab".repeat(32),
            certificate_pem: include_str!("../../../tests/fixtures/signing/dpo-cert.pem").into(),
            signed_at: "2026-11-25T10:00:00Z".into(),
        };
        record
            .sign(
                &id,
                &head,
                signature,
                "Test DPO",
                &"2026-11-25T10:00:00Z".to_string(),
            )
            .expect("sign");
    }
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Revise(id.clone()), &tx);
    let Ok(Message::Revised(Ok(revised))) = rx.try_recv() else {
        panic!("not revised");
    };
    assert_ne!(revised.opened.id, id);
    assert!(!revised.opened.signed);
    let record = Record::open(&model.record_dir, &actor()).expect("record");
    let successor = record.summary(&revised.opened.id).expect("successor");
    assert_eq!(successor.predecessor.as_ref(), Some(&id));
    assert_eq!(
        record.summary(&id).expect("signed").successor.as_ref(),
        Some(&revised.opened.id)
    );
    drop(record);
    // A second `r` on the same signed assessment is refused while the successor stands.
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Revise(id), &tx);
    match rx.try_recv() {
        Ok(Message::Revised(Err(e))) => assert!(e.contains("revised already"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_record_of_processing_activities_is_written_in_the_ui_language() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (mut model, _) = recorded(tmp.path());
    model.lang = dpia::lang::Lang::De;
    let (tx, rx) = std::sync::mpsc::channel();
    let pdf = tmp.path().join("exports/ropa.pdf");
    run(&model, Effect::ExportRopa(pdf.clone()), &tx);
    let Ok(Message::RopaExported(Ok((written, n)))) = rx.try_recv() else {
        panic!("no message");
    };
    assert_eq!((written, n), (pdf.clone(), 1));
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    // Reading only: the record logs nothing for it.
    let events = Record::open(&model.record_dir, &actor())
        .expect("record")
        .events()
        .expect("events");
    assert!(
        !events.is_empty(),
        "the record logged the assessment's creation"
    );
    assert!(events.iter().all(|e| e.kind != EventKind::Exported));
}
