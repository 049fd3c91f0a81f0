//! Opening an assessment whose last check found drift (issue 15), against a real record: a
//! tool in a temporary folder is assessed and signed, then gains a column with health data;
//! the check is logged as `dpia check` logs it, and opening lists the item from the tool
//! scanned again, with its place and question. Without a check, or without the tool, the
//! list is absent or says why it cannot list the items. The audit screen's summary of the
//! same record names the signer and the drift, and writes nothing.

use super::*;
use dpia::drift::check::{check, Against};
use dpia::drift::Severity;
use dpia::record::{Actor, Record};
use dpia::reference::Reference;
use dpia::scan::{scan, Dictionary, NoProgress, ScanInput, ScanOptions};
use dpia::session::Session;

const NOW: &str = "2026-11-25T10:00:00Z";
const TENANTS: &str =
    "CREATE TABLE tenants (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT);\n\
    INSERT INTO tenants VALUES (1, 'anna@example.org', 'Anna Muster');\n";
const WITH_DIAGNOSIS: &str =
    "CREATE TABLE tenants (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT, diagnosis TEXT);\n\
    INSERT INTO tenants VALUES (1, 'anna@example.org', 'Anna Muster', 'Asthma, ärztliches Attest');\n";

fn actor() -> Actor {
    Actor {
        author: "Test DPO".into(),
        now: NOW.into(),
    }
}

fn scanned(tool: &std::path::Path) -> dpia::scan::ScanReport {
    scan(
        &[ScanInput::Path(tool.to_path_buf())],
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &Dictionary::builtin().expect("dictionary"),
        &NoProgress,
    )
}

/// A model on the dashboard of a record holding one signed assessment of a tool in `tmp`.
fn signed_tool(tmp: &std::path::Path) -> (Model, AssessmentId, std::path::PathBuf) {
    let tool = tmp.join("tool");
    std::fs::create_dir_all(&tool).expect("tool");
    std::fs::write(tool.join("schema.sql"), TENANTS).expect("schema");
    let mut model = Model::new(tmp.join("record"), "2026-11-26".into());
    model.author = "Test DPO".into();
    let record = Record::open_or_create(&model.record_dir, &actor()).expect("record");
    let mut session = Session::start(
        scanned(&tool),
        dpia::questionnaire::builtin().expect("questionnaire"),
        Reference::builtin().expect("reference"),
        dpia::calendar::Date::parse("2026-11-25").expect("date"),
    );
    let id = session
        .create(
            &record,
            "Tenants",
            tool.to_str().expect("path"),
            "Test DPO",
            &NOW.to_string(),
        )
        .expect("create");
    let head = record.summary(&id).expect("summary").head;
    let signature = dpia::record::Signature {
        pdf_sha256: "ab".repeat(32),
        certificate_pem: include_str!("../../../tests/fixtures/signing/dpo-cert.pem").into(),
        signed_at: NOW.into(),
    };
    record
        .sign(&id, &head, signature, "Test DPO", &NOW.to_string())
        .expect("sign");
    (model, id, tool)
}

/// Logs a check of the tool as it is now, as `dpia check` does.
fn log_check(model: &Model, id: &AssessmentId, tool: &std::path::Path) {
    let record = Record::open(&model.record_dir, &actor()).expect("record");
    let view = record.assessment(id).expect("view");
    let signed = view.versions.last().expect("version").clone();
    let against = Against {
        summary: view.summary,
        signed,
    };
    let report = check(&against, &scanned(tool), &[]).expect("check");
    record
        .record_check(
            id,
            &report.signed_version,
            &report.note(Severity::Review),
            "CI",
            &"2026-11-26T09:00:00Z".to_string(),
        )
        .expect("logged");
}

fn open(model: &Model, id: &AssessmentId) -> crate::tui::message::Opened {
    let (tx, rx) = std::sync::mpsc::channel();
    run(model, Effect::Open(id.clone()), &tx);
    match rx.try_recv() {
        Ok(Message::Opened(Ok(opened))) => opened,
        other => panic!("not opened: {other:?}"),
    }
}

#[test]
fn opening_after_a_check_that_found_drift_lists_its_items_from_the_tool() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id, tool) = signed_tool(tmp.path());
    std::fs::write(tool.join("schema.sql"), WITH_DIAGNOSIS).expect("changed");
    log_check(&model, &id, &tool);
    let opened = open(&model, &id);
    let list = opened.drift.expect("a drift list");
    assert_eq!(list.check.note.items, 1);
    let signed = Record::open(&model.record_dir, &actor())
        .expect("record")
        .assessment(&id)
        .expect("view")
        .versions
        .iter()
        .rev()
        .find(|v| v.signature.is_some())
        .expect("signed")
        .number;
    assert_eq!(list.signed_number, signed);
    assert!(!list.changed_since_check);
    let items = list.items.expect("items");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].finding.code, "drift.new_column");
    assert_eq!(items[0].question, "necessity.art9_condition");
    assert_eq!(items[0].severity, Severity::High);
    // The line declaring the column, relative to the tool's folder.
    assert_eq!(items[0].location.as_deref(), Some("schema.sql:1"));
}

#[test]
fn a_tool_changed_again_since_the_check_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id, tool) = signed_tool(tmp.path());
    std::fs::write(tool.join("schema.sql"), WITH_DIAGNOSIS).expect("changed");
    log_check(&model, &id, &tool);
    std::fs::write(tool.join("more.sql"), "CREATE TABLE notes (phone TEXT);\n").expect("more");
    let list = open(&model, &id).drift.expect("a drift list");
    assert!(list.changed_since_check);
}

#[test]
fn no_check_or_a_covered_tool_opens_without_a_drift_list() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id, tool) = signed_tool(tmp.path());
    assert!(open(&model, &id).drift.is_none());
    log_check(&model, &id, &tool);
    assert!(open(&model, &id).drift.is_none());
}

#[test]
fn without_the_tool_the_list_says_why_it_has_no_items() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id, tool) = signed_tool(tmp.path());
    std::fs::write(tool.join("schema.sql"), WITH_DIAGNOSIS).expect("changed");
    log_check(&model, &id, &tool);
    std::fs::remove_dir_all(&tool).expect("removed");
    let list = open(&model, &id).drift.expect("a drift list");
    let why = list.items.expect_err("no items");
    assert!(why.contains("not at"), "{why}");
    assert_eq!(list.check.note.items, 1);
}

/// The audit screen's summary (issue 18) is the library's, read from the record: the signer's
/// certificate and the drift of the last check, with nothing written to the record.
#[test]
fn the_audit_summary_names_the_signer_and_the_drift_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (model, id, tool) = signed_tool(tmp.path());
    std::fs::write(tool.join("schema.sql"), WITH_DIAGNOSIS).expect("changed");
    log_check(&model, &id, &tool);
    let events = || {
        Record::open(&model.record_dir, &actor())
            .expect("record")
            .events()
            .expect("events")
            .len()
    };
    let before = events();
    let (tx, rx) = std::sync::mpsc::channel();
    run(&model, Effect::Audit, &tx);
    let summary = match rx.try_recv() {
        Ok(Message::Audited(Ok(summary))) => summary,
        other => panic!("no summary: {other:?}"),
    };
    assert!(summary.chain.is_clean());
    let entry = &summary.assessments[0];
    assert_eq!(entry.title, "Tenants");
    let drift = entry.drift.as_ref().expect("drift");
    assert_eq!((drift.items, drift.worst), (1, Severity::High));
    let cert = entry.signatures[0]
        .certificate
        .as_ref()
        .expect("certificate");
    assert!(!cert.subject.is_empty() && cert.fingerprint.contains(':'));
    assert_eq!(events(), before);
}
