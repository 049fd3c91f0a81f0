//! The record through the real binary: new → answer → list/show/history → audit, export and
//! import round trip, tampering detected (exit 3), bad ids and corrupt backups refused.

use crate::util::*;

#[test]
fn lifecycle_list_show_history_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, version) = assessed(&dir);
    assert_eq!(id.len(), 64, "the id alone on stdout: {id:?}");
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(
        version.len(),
        64,
        "the version id alone on stdout: {version:?}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the record folder is private");

    let list: serde_json::Value =
        serde_json::from_str(&ok(&in_record(&dir, &["list", "--format", "json"]))).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "ready_for_signoff");
    assert_eq!(list[0]["versions"], 2);
    assert_eq!(list[0]["review_due"], "2027-11-25");
    let drafts = ok(&in_record(&dir, &["list", "--status", "draft"]));
    assert!(drafts.contains("no assessments"), "{drafts}");

    let show: serde_json::Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id[..10], "--format", "json"],
    )))
    .unwrap();
    assert_eq!(show["version"]["number"], 2);
    assert_eq!(show["version"]["content"]["questionnaire_id"], "dpia-gdpr");
    assert_eq!(
        show["version"]["content"]["evaluation"]["screening"]["outcome"],
        "required"
    );
    let first = ok(&in_record(&dir, &["history", &id[..10]]));
    assert!(
        first.contains("created") && first.contains("answered"),
        "{first}"
    );
    let human = ok(&in_record(&dir, &["show", &id[..10]]));
    assert!(
        human.contains("ready for sign-off") || human.contains("nothing missing"),
        "{human}"
    );

    let audit = ok(&in_record(&dir, &["audit"]));
    assert!(audit.contains("every hash and chain holds"), "{audit}");
}

#[test]
fn export_import_round_trip_is_byte_identical_and_tampering_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    assessed(&dir);
    let backup = tmp.path().join("backup.json");
    ok(&in_record(
        &dir,
        &["record", "export", backup.to_str().unwrap()],
    ));
    let restored = tmp.path().join("restored");
    ok(&in_record(
        &restored,
        &["record", "import", backup.to_str().unwrap()],
    ));
    let again = tmp.path().join("again.json");
    ok(&in_record(
        &restored,
        &["record", "export", again.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        std::fs::read(&again).unwrap()
    );

    // One changed byte in a version's content: the import refuses the file.
    let text = std::fs::read_to_string(&backup).unwrap();
    let tampered = text.replacen("Damage reports", "Damage reportz", 1);
    assert_ne!(text, tampered);
    let bad = tmp.path().join("tampered.json");
    std::fs::write(&bad, tampered).unwrap();
    let out = in_record(
        &tmp.path().join("never"),
        &["record", "import", bad.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a failed verification: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).starts_with("error: refusing to import"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("never").exists(), "nothing was created");
}

#[test]
fn a_version_edited_in_sled_makes_audit_exit_3_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let head = {
        let show: serde_json::Value =
            serde_json::from_str(&ok(&in_record(&dir, &["show", &id, "--format", "json"])))
                .unwrap();
        show["version"]["id"].as_str().unwrap().to_string()
    };
    {
        let db = sled::open(record_db(&dir)).unwrap();
        let versions = db.open_tree("versions").unwrap();
        let mut changed = 0;
        for item in versions.iter() {
            let (key, value) = item.unwrap();
            let text = stored_text(&value);
            if text.contains(&head) && text.contains("Hausverwaltung") {
                let edited = text.replacen("Hausverwaltung", "Hausverwaltunk", 1);
                versions.insert(key, stored_bytes(&edited)).unwrap();
                changed += 1;
            }
        }
        assert_eq!(changed, 1, "the head version holds the controller's name");
        db.flush().unwrap();
    }
    let out = in_record(&dir, &["audit"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&head[..12]) || stdout(&out).contains(&head),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).starts_with("error: the record at"),
        "{}",
        stderr(&out)
    );
    let json = in_record(&dir, &["audit", "--format", "json"]);
    assert_eq!(json.status.code(), Some(3));
}

#[test]
fn unknown_ids_and_missing_records_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    assessed(&dir);
    let out = in_record(&dir, &["show", "ffff"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    let out = in_record(&dir, &["review-due", "--within", "soon"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `list`, `show` and `audit` output with a fixed clock and author, compared with reviewed
/// insta snapshots (`cargo insta review` after an intended change; CI never updates them).
#[test]
fn list_show_audit_output_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Relative paths, so ids and fingerprints do not depend on where the checkout lives.
    let run_here = |args: &[&str]| {
        let out = dpia()
            .current_dir(root)
            .env("DPIA_NOW", "2026-11-25T10:00:00Z")
            .env("DPIA_AUTHOR", "Test DPO")
            .arg("--record")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        ok(&out)
    };
    let id = run_here(&[
        "new",
        "tests/fixtures/example/damage-reports",
        "--title",
        "Damage reports",
    ]);
    let id = id.trim();
    run_here(&[
        "answer",
        id,
        "--answers",
        "tests/fixtures/answers/damage-reports.answers.toml",
    ]);
    for (name, args) in [
        ("list", vec!["list"]),
        ("show", vec!["show", &id[..12]]),
        ("audit", vec!["audit"]),
        ("history", vec!["history", &id[..12]]),
    ] {
        insta::assert_snapshot!(format!("record_{name}"), run_here(&args));
    }
}
