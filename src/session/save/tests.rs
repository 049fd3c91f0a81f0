//! Saving sessions: versions and status, and two writers on one assessment losing nothing
//! (a conflict on the same question keeps the recorded answer and reports both).

use super::*;
use crate::questionnaire::AnswerValue;
use crate::record::Actor;
use crate::reference::Reference;
use crate::scan::{scan, Dictionary, NoProgress, ScanInput, ScanOptions};
use std::path::Path;

const NOW: &str = "2026-11-25T10:00:00Z";

fn today() -> crate::calendar::Date {
    crate::calendar::Date::parse("2026-11-25").unwrap()
}

fn session() -> Session {
    let dict = Dictionary::builtin().unwrap();
    let tool = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/example/damage-reports");
    let report = scan(
        &[ScanInput::Path(tool)],
        &ScanOptions::new(crate::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dict,
        &NoProgress,
    );
    Session::start(
        report,
        crate::questionnaire::builtin().unwrap(),
        Reference::builtin().unwrap(),
        today(),
    )
}

fn actor() -> Actor {
    Actor {
        author: "DPO".into(),
        now: NOW.into(),
    }
}

fn open(dir: &Path) -> Record {
    Record::open_or_create(dir, &actor()).unwrap()
}

/// A session on the assessment's current version, as the TUI opens one.
fn reopen(record: &Record, id: &AssessmentId) -> Session {
    Session::from_version(
        &record.head(id).unwrap(),
        crate::questionnaire::builtin().unwrap(),
        Reference::builtin().unwrap(),
        today(),
    )
    .unwrap()
}

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

#[test]
fn create_and_save_write_versions_and_settle_the_status() {
    let tmp = tempfile::tempdir().unwrap();
    let record = open(tmp.path());
    let mut s = session();
    let id = s
        .create(&record, "Damage reports", "tool", "DPO", &NOW.into())
        .unwrap();
    s.set("description.controller", text("Beispiel GmbH"))
        .unwrap();
    let saved = s.save(&record, &id, "DPO", &NOW.into()).unwrap();
    assert_eq!(saved.rebase, None);
    assert_eq!(s.base_version(), Some(&saved.version));
    let view = record.assessment(&id).unwrap();
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.summary.status, Status::Draft);
    let back = reopen(&record, &id);
    assert_eq!(
        back.answers.get("description.controller"),
        Some(&text("Beispiel GmbH"))
    );
    // What the record holds is masked: no example value in the stored scan is raw.
    let stored = &view.versions[1].content.scan;
    assert_eq!(crate::scan::mask::unmasked_in_scan_json(stored), 0);
    let mut raw = ScanOptions::new(crate::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    raw.keep_raw_examples = true;
    let tool = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/example/damage-reports");
    let dict = Dictionary::builtin().unwrap();
    let revealed = scan(&[ScanInput::Path(tool)], &raw, &dict, &NoProgress)
        .to_json_revealing_examples()
        .unwrap()
        .to_string();
    assert!(revealed.contains("anders15@example.com"));
    assert!(
        !stored.to_string().contains("anders15@"),
        "a raw e-mail address was stored"
    );
}

#[test]
fn a_save_after_another_writers_version_keeps_both_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let record = open(tmp.path());
    let mut first = session();
    let id = first
        .create(&record, "Damage reports", "tool", "DPO", &NOW.into())
        .unwrap();
    // The TUI has the assessment open; the CLI records an answer meanwhile.
    let mut tui = reopen(&record, &id);
    let mut cli = reopen(&record, &id);
    cli.set("description.dpo_contact", text("Dr. Berger"))
        .unwrap();
    cli.save(&record, &id, "CLI", &NOW.into()).unwrap();
    tui.set("description.controller", text("Beispiel GmbH"))
        .unwrap();
    let saved = tui.save(&record, &id, "TUI", &NOW.into()).unwrap();
    let rebase = saved.rebase.expect("the TUI's save was re-applied");
    assert_eq!(rebase.onto_author, "CLI");
    assert_eq!(rebase.reapplied, vec!["description.controller".to_string()]);
    assert!(rebase.conflicts.is_empty());
    let head = reopen(&record, &id);
    assert_eq!(
        head.answers.get("description.dpo_contact"),
        Some(&text("Dr. Berger"))
    );
    assert_eq!(
        head.answers.get("description.controller"),
        Some(&text("Beispiel GmbH"))
    );
    assert_eq!(tui.answers, head.answers, "the TUI now shows both");
    // The next save of the TUI comes after its own version: no rebase.
    tui.set("description.purposes", text("Damage reports"))
        .unwrap();
    assert_eq!(
        tui.save(&record, &id, "TUI", &NOW.into()).unwrap().rebase,
        None
    );
    assert!(record.audit().is_clean());
}

#[test]
fn the_same_question_changed_on_both_sides_is_a_reported_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let record = open(tmp.path());
    let id = session()
        .create(&record, "Damage reports", "tool", "DPO", &NOW.into())
        .unwrap();
    let mut a = reopen(&record, &id);
    let mut b = reopen(&record, &id);
    a.set("description.controller", text("A GmbH")).unwrap();
    a.save(&record, &id, "A", &NOW.into()).unwrap();
    b.set("description.controller", text("B GmbH")).unwrap();
    b.set("description.dpo_contact", text("Dr. B")).unwrap();
    let rebase = b
        .save(&record, &id, "B", &NOW.into())
        .unwrap()
        .rebase
        .unwrap();
    assert_eq!(rebase.conflicts.len(), 1);
    let c = &rebase.conflicts[0];
    assert_eq!(c.question, "description.controller");
    assert_eq!(c.mine, Some(text("B GmbH")));
    assert_eq!(c.theirs, Some(text("A GmbH")));
    assert_eq!(
        rebase.reapplied,
        vec!["description.dpo_contact".to_string()]
    );
    let head = reopen(&record, &id);
    assert_eq!(
        head.answers.get("description.controller"),
        Some(&text("A GmbH"))
    );
    assert_eq!(
        head.answers.get("description.dpo_contact"),
        Some(&text("Dr. B"))
    );
}

#[test]
fn a_session_not_read_from_the_record_cannot_save() {
    let tmp = tempfile::tempdir().unwrap();
    let record = open(tmp.path());
    let id = session()
        .create(&record, "Damage reports", "tool", "DPO", &NOW.into())
        .unwrap();
    let err = session()
        .save(&record, &id, "DPO", &NOW.into())
        .unwrap_err();
    assert!(matches!(err, SessionError::NoBase), "{err:?}");
}

/// Two writers in two threads, each opening the record for every save as the TUI and the
/// CLI do, each answering its own questions one at a time: every answer is in the head.
#[test]
fn two_concurrent_sessions_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let id = {
        let record = open(&dir);
        session()
            .create(&record, "Damage reports", "tool", "DPO", &NOW.into())
            .unwrap()
    };
    let start = {
        let record = open(&dir);
        reopen(&record, &id)
    };
    let fields = ["controller", "dpo_contact"];
    let handles: Vec<_> = fields
        .iter()
        .map(|&field| {
            let mut s = start.clone();
            let dir = dir.clone();
            let id = id.clone();
            std::thread::spawn(move || {
                for i in 0..8 {
                    s.set(
                        &format!("description.{field}"),
                        text(&format!("{field} {i}")),
                    )
                    .unwrap();
                    let record = Record::open(&dir, &actor()).unwrap();
                    let saved = s.save(&record, &id, field, &NOW.into()).unwrap();
                    assert!(saved.rebase.as_ref().is_none_or(|r| r.conflicts.is_empty()));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let record = open(&dir);
    let head = reopen(&record, &id);
    for field in fields {
        assert_eq!(
            head.answers.get(&format!("description.{field}")),
            Some(&text(&format!("{field} 7"))),
            "the last answer of the {field} writer is lost"
        );
    }
    assert_eq!(record.summary(&id).unwrap().versions, 17);
    assert!(record.audit().is_clean());
}
