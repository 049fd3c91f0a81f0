//! The record through the real binary, on the ways it is opened: read commands never create
//! or write a record (red team M7, auditor finding 8), `--read-only`, storage damage makes
//! `audit` exit 3 (M12), import errors name file and place (L1, L2), a record written by the
//! previous release migrates and its signed PDF still verifies, redaction, and two writers
//! at once losing nothing.

use crate::util::*;
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes, sorted by path.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            out.push((p, bytes));
        }
    }
    out.sort();
    out
}

fn failed(out: &std::process::Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    stderr(out)
}

#[test]
fn read_commands_on_a_missing_or_foreign_folder_are_errors_that_create_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let typo = tmp.path().join("typo-of-the-record");
    let export = tmp.path().join("x.json");
    let export = export.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["audit"],
        &["list"],
        &["review-due"],
        &["show", "abcd"],
        &["history", "abcd"],
        &["record", "export", export],
    ];
    for args in commands {
        let err = failed(&in_record(&typo, args), 1);
        assert!(err.contains("there is no record at"), "{args:?}: {err}");
        assert!(err.contains("hint: ") && err.contains("dpia new"), "{err}");
        assert!(!typo.exists(), "{args:?} created the folder");
    }
    let foreign = tmp.path().join("documents");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("letter.txt"), "hello").unwrap();
    for args in [&["audit"][..], &["answer", "abcd", "--answers", "x.toml"]] {
        let err = failed(&in_record(&foreign, args), 1);
        assert!(err.contains("is not a dpia record"), "{err}");
    }
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn reading_writes_nothing_and_read_only_refuses_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let before = files(&dir);
    for args in [
        vec!["list"],
        vec!["show", &id[..8], "--format", "json"],
        vec!["history", &id[..8]],
        vec!["review-due"],
        vec!["audit"],
    ] {
        ok(&in_record(&dir, &args));
    }
    let pdf = tmp.path().join("draft.pdf");
    let out = in_record(
        &dir,
        &[
            "--read-only",
            "export",
            &id[..8],
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(stderr(&out).contains("not logged"), "{}", stderr(&out));
    ok(&out);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(
        files(&dir) == before,
        "a read command changed the record's files"
    );
    let answers = fixture("answers/damage-reports.answers.toml");
    let err = failed(
        &in_record(
            &dir,
            &[
                "--read-only",
                "answer",
                &id[..8],
                "--answers",
                answers.to_str().unwrap(),
            ],
        ),
        2,
    );
    assert!(err.contains("--read-only forbids"), "{err}");
    // Without --read-only the export is logged as before.
    ok(&in_record(
        &dir,
        &["export", &id[..8], "--pdf", pdf.to_str().unwrap()],
    ));
    assert!(ok(&in_record(&dir, &["history", &id[..8]])).contains("exported"));
}

#[test]
fn audit_exits_3_when_the_database_files_are_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    assessed(&dir);
    let db = record_db(&dir).join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes
        .windows(14)
        .position(|w| w == b"Damage reports")
        .expect("the title is stored in the log");
    bytes[at + 3] ^= 0x20;
    std::fs::write(&db, bytes).unwrap();
    let err = failed(&in_record(&dir, &["audit"]), 3);
    assert!(err.contains("damaged"), "{err}");
    assert!(!err.contains("run `dpia audit`"), "{err}");
    let json = in_record(&dir, &["audit", "--format", "json"]);
    assert_eq!(json.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(!report["breaks"].as_array().unwrap().is_empty());
}

#[test]
fn import_errors_name_the_file_and_place_and_a_bom_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    assessed(&dir);
    let backup = tmp.path().join("backup.json");
    ok(&in_record(
        &dir,
        &["record", "export", backup.to_str().unwrap()],
    ));
    let json = std::fs::read_to_string(&backup).unwrap();
    let bom = tmp.path().join("notepad.json");
    std::fs::write(&bom, format!("\u{feff}{json}")).unwrap();
    ok(&in_record(
        &tmp.path().join("restored"),
        &["record", "import", bom.to_str().unwrap()],
    ));
    let broken = tmp.path().join("broken.json");
    std::fs::write(&broken, json.replacen("\"events\":[", "\"events\":[,", 1)).unwrap();
    let err = failed(
        &in_record(
            &tmp.path().join("never"),
            &["record", "import", broken.to_str().unwrap()],
        ),
        1,
    );
    assert!(
        err.contains("broken.json is not a valid dpia record export"),
        "{err}"
    );
    assert!(
        err.contains("caused by: ") && err.contains("line 1 column"),
        "{err}"
    );
    assert!(!tmp.path().join("never").exists());
}

#[test]
fn a_record_written_by_the_previous_release_migrates_and_its_signed_pdf_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let old = fixture("record-v1");
    copy_tree(&old.join("record"), &dir);
    let before = files(&dir);
    // An auditor reads it: migrated in a copy only.
    let out = in_record(&dir, &["audit"]);
    assert!(
        stdout(&out).contains("every hash and chain holds"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("read a copy migrated from record schema 1 to 2"));
    ok(&out);
    assert!(files(&dir) == before, "reading changed the old record");
    // The first write migrates it on disk.
    let later = old.join("later.toml");
    let out = in_record(
        &dir,
        &["answer", "04957968", "--answers", later.to_str().unwrap()],
    );
    assert!(
        stderr(&out).contains("migrated the record schema 1 to 2"),
        "{}",
        stderr(&out)
    );
    ok(&out);
    let out = in_record(&dir, &["audit"]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(ok(&out).contains("every hash and chain holds"));
    let history = ok(&in_record(&dir, &["history", "04957968"]));
    assert!(history.contains("migrated"), "{history}");
    // The report signed before the migration still matches its (migrated) signed version.
    let cert = old.join("cert.pem");
    let out = in_record(
        &dir,
        &[
            "verify",
            old.join("signed.pdf").to_str().unwrap(),
            "--trust",
            cert.to_str().unwrap(),
        ],
    );
    assert!(
        stdout(&out).contains("record:      matches signed version #3"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The version the PDF names (before the migration) resolves to its new id.
    let old_id = "165ee71e4973";
    let show = ok(&in_record(&dir, &["show", "04957968", "--version", old_id]));
    assert!(show.contains("(#2)"), "{show}");
}

#[test]
fn redact_removes_a_value_from_every_version_and_the_backup_made_after() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let name = "Hausverwaltung Beispiel GmbH";
    let out = in_record(
        &dir,
        &[
            "record",
            "redact",
            &id[..8],
            "--value",
            name,
            "--reason",
            "erasure request of 2026-11-25",
        ],
    );
    assert!(stderr(&out).contains("redacted"), "{}", stderr(&out));
    ok(&out);
    assert!(ok(&in_record(&dir, &["audit"])).contains("every hash and chain holds"));
    assert!(ok(&in_record(&dir, &["history", &id[..8]])).contains("redacted"));
    let backup = tmp.path().join("after.json");
    ok(&in_record(
        &dir,
        &["record", "export", backup.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&backup).unwrap();
    assert!(!text.contains(name) && text.contains("[redacted]"));
    let stored = files(&dir);
    assert!(
        !stored.is_empty(),
        "no file in the record {}",
        dir.display()
    );
    for (path, bytes) in stored {
        let found = bytes.windows(name.len()).any(|w| w == name.as_bytes());
        assert!(!found, "{} still holds the value", path.display());
    }
    let err = failed(
        &in_record(&dir, &["record", "redact", "--all", "--value", name]),
        2,
    );
    assert!(err.contains("--reason"), "{err}");
}

/// Two `dpia answer` processes at once, each changing its own question, round after round:
/// every answer is in the current version at the end.
#[test]
fn two_concurrent_answer_commands_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let file = |q: &str, round: u32| {
        let path = tmp
            .path()
            .join(format!("{}-{round}.toml", q.replace('.', "_")));
        let text = format!("questionnaire = \"dpia-gdpr\"\n\"{q}\" = \"{q} round {round}\"\n");
        std::fs::write(&path, text).unwrap();
        path
    };
    let questions = ["description.controller", "description.dpo_contact"];
    for round in 0..4 {
        let children: Vec<_> = questions
            .iter()
            .map(|q| {
                let path = file(q, round);
                dpia()
                    .env("DPIA_NOW", "2026-11-25T10:00:00Z")
                    .env("DPIA_AUTHOR", *q)
                    .arg("--record")
                    .arg(&dir)
                    .args(["answer", &id[..8], "--answers", path.to_str().unwrap()])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            ok(&child.wait_with_output().unwrap());
        }
    }
    let show: serde_json::Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id[..8], "--format", "json"],
    )))
    .unwrap();
    let answers = &show["version"]["content"]["answers"]["values"];
    for q in questions {
        assert_eq!(answers[q]["value"], format!("{q} round 3"), "{q} lost");
    }
    assert!(ok(&in_record(&dir, &["audit"])).contains("every hash and chain holds"));
}

/// The TUI walkthrough's lost update: a session (what the TUI holds) is open on an
/// assessment, `dpia answer` records an answer beside it, then the session saves its own:
/// both answers are in the current version and the session says it re-applied its change.
#[test]
fn a_cli_answer_beside_an_open_session_is_kept() {
    use dpia::questionnaire::AnswerValue;
    use dpia::record::{Actor, Record};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let actor = Actor {
        author: "TUI".into(),
        now: "2026-11-25T10:00:00Z".into(),
    };
    let (id, mut session) = {
        let record = Record::open(&dir, &actor).unwrap();
        let id = record.resolve(&id).unwrap();
        let session = dpia::session::Session::from_version(
            &record.head(&id).unwrap(),
            dpia::questionnaire::builtin().unwrap(),
            dpia::reference::Reference::builtin().unwrap(),
            dpia::calendar::Date::parse("2026-11-25").unwrap(),
        )
        .unwrap();
        (id, session)
    };
    let cli = tmp.path().join("cli.toml");
    std::fs::write(
        &cli,
        "questionnaire = \"dpia-gdpr\"\n\"description.dpo_contact\" = \"Dr. Berger (CLI)\"\n",
    )
    .unwrap();
    ok(&in_record(
        &dir,
        &[
            "answer",
            &id.as_str()[..8],
            "--answers",
            cli.to_str().unwrap(),
        ],
    ));
    session
        .set(
            "description.controller",
            AnswerValue::Text("Beispiel GmbH (TUI)".into()),
        )
        .unwrap();
    let record = Record::open(&dir, &actor).unwrap();
    let saved = session
        .save(&record, &id, "TUI", &actor.now)
        .expect("the session saves on top of the CLI's version");
    let rebase = saved.rebase.expect("the session noticed the CLI's version");
    assert_eq!(rebase.onto_author, "Test DPO");
    assert!(rebase.conflicts.is_empty());
    drop(record);
    let show: serde_json::Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id.as_str()[..8], "--format", "json"],
    )))
    .unwrap();
    let answers = &show["version"]["content"]["answers"]["values"];
    assert_eq!(
        answers["description.dpo_contact"]["value"],
        "Dr. Berger (CLI)"
    );
    assert_eq!(
        answers["description.controller"]["value"],
        "Beispiel GmbH (TUI)"
    );
}
