//! Finding the signed assessment of a tool (path, folder name, title; ambiguity), places
//! relative to the working folder, and fingerprints that ignore where the files are.

use super::*;
use crate::record::{Actor, NewAssessment, Record, Signature, VersionContent};

const CERT: &str = include_str!("../../../tests/fixtures/signing/dpo-cert.pem");

/// A record with assessments of (title, tool path, signed?).
fn record(dir: &std::path::Path, items: &[(&str, &str, bool)]) -> Record {
    let now = "2026-11-25T10:00:00Z".to_string();
    let actor = Actor {
        author: "T".into(),
        now: now.clone(),
    };
    let r = Record::open_or_create(dir, &actor).unwrap();
    for (title, tool, signed) in items {
        let content = VersionContent {
            questionnaire_id: "q".into(),
            questionnaire_version: "1".into(),
            scan: serde_json::to_value(ScanReport::default()).unwrap(),
            answers: serde_json::json!({}),
            evaluation: serde_json::json!({}),
            review_due: None,
        };
        let new = NewAssessment {
            title: title.to_string(),
            tool_path: tool.to_string(),
            tool_fingerprint: "f".repeat(64),
            nonce: String::new(),
        };
        let (id, v) = r.create(new, content, "T", &now).unwrap();
        if *signed {
            let sig = Signature {
                pdf_sha256: "ab".repeat(32),
                certificate_pem: CERT.into(),
                signed_at: now.clone(),
            };
            r.sign(&id, &v, sig, "T", &now).unwrap();
        }
    }
    r
}

fn tool(path: &str) -> Tool {
    Tool::new(&[path.to_string()], Vec::new())
}

#[test]
fn the_signed_assessment_of_the_tool_is_found_by_path_then_title() {
    let tmp = tempfile::tempdir().unwrap();
    let r = record(
        &tmp.path().join("r"),
        &[
            ("Damage reports", "/home/dpo/tools/damage-reports", true),
            ("Payroll", "/home/dpo/tools/payroll", false),
            ("Bookings", "bundled example: bookings", true),
        ],
    );
    let found = find_against(&r, None, &tool("ci/checkout/damage-reports/")).unwrap();
    assert_eq!(found.summary.title, "Damage reports");
    assert_eq!(found.signed.number, 2);
    let by_title = find_against(&r, None, &tool("./bookings")).unwrap();
    assert_eq!(by_title.summary.title, "Bookings");
    match find_against(&r, None, &tool("payroll")) {
        Err(CheckError::NoMatch { candidates, .. }) => {
            let titles: Vec<_> = candidates.iter().map(|c| c.title.as_str()).collect();
            assert_eq!(
                titles.len(),
                2,
                "only signed ones are candidates: {titles:?}"
            );
            assert!(!titles.contains(&"Payroll"));
        }
        other => panic!("{other:?}"),
    }
    let payroll = r
        .list()
        .unwrap()
        .into_iter()
        .find(|s| s.title == "Payroll")
        .unwrap();
    let e = find_against(&r, Some(&payroll.id.as_str()[..10]), &tool("x")).unwrap_err();
    assert!(matches!(e, CheckError::NotSigned { .. }), "{e}");
}

#[test]
fn two_signed_assessments_of_one_tool_are_ambiguous() {
    let tmp = tempfile::tempdir().unwrap();
    let r = record(
        &tmp.path().join("r"),
        &[
            ("Damage reports", "/a/damage-reports", true),
            ("Damage reports (Hamburg)", "/b/damage-reports", true),
        ],
    );
    match find_against(&r, None, &tool("damage-reports")) {
        Err(CheckError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
        other => panic!("{other:?}"),
    }
    // The exact path, or --against, decides.
    let found = find_against(&r, None, &tool("/a/damage-reports/")).unwrap();
    assert_eq!(found.summary.tool_path, "/a/damage-reports");
    let id = found.summary.id;
    let found = find_against(&r, Some(&id.as_str()[..8]), &tool("damage-reports")).unwrap();
    assert_eq!(found.summary.id, id);
}

#[test]
fn names_and_titles_fold_to_letters_and_digits() {
    assert_eq!(
        last_name("/a/damage-reports/").as_deref(),
        Some("damage-reports")
    );
    assert_eq!(last_name("."), None);
    assert_eq!(folded("Damage reports"), folded("damage-reports"));
    assert_ne!(folded("Damage reports"), folded("damage-reports-v2"));
}

#[test]
fn locations_become_relative_to_the_tool() {
    let roots = vec!["/tmp/x/tool/".to_string()];
    assert_eq!(
        relative("/tmp/x/tool/src/index.ts:12", &roots),
        "src/index.ts:12"
    );
    assert_eq!(relative("/elsewhere/a.sql", &roots), "/elsewhere/a.sql");
    assert_eq!(
        relative("/tmp/x/toolbox/a.sql", &roots),
        "/tmp/x/toolbox/a.sql"
    );
    assert_eq!(relative("./src/a.ts:3", &roots), "src/a.ts:3");
    assert_eq!(relative("tool/src/a.ts:3", &roots), "tool/src/a.ts:3");
    assert_eq!(
        relative(
            "/tmp/x/tool/package.json:9; /tmp/x/tool/wrangler.jsonc:14",
            &roots
        ),
        "package.json:9; wrangler.jsonc:14"
    );
}

#[test]
fn the_fingerprint_ignores_where_the_files_are() {
    let input = |path: &str, sha: &str| crate::scan::InputFile {
        path: path.into(),
        format: "sql".into(),
        sha256: sha.into(),
        bytes: 1,
        sampled: false,
    };
    let a = ScanReport {
        inputs: vec![input("/a/x.sql", "11"), input("/a/y.sql", "22")],
        ..ScanReport::default()
    };
    let b = ScanReport {
        inputs: vec![input("ci/y.sql", "22"), input("ci/x.sql", "11")],
        ..ScanReport::default()
    };
    assert_eq!(fingerprint(&a), fingerprint(&b));
    let c = ScanReport {
        inputs: vec![input("/a/x.sql", "11"), input("/a/y.sql", "23")],
        ..ScanReport::default()
    };
    assert_ne!(fingerprint(&a), fingerprint(&c));
}
