//! Migration from schema 1 with a record the previous release wrote
//! (`tests/fixtures/record-v1`, see its README): on open, in a read-only copy, through an
//! import of its export; continuity through the mapping, and the mapping's tampering caught.

use super::*;
use crate::record::{EventKind, Notice, RecordError, Rewrite, Status};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/record-v1");
const ASSESSMENT: &str = "04957968c4bea763108e025ce76dd296c8599dc3bd906d6ba83c0c599e641561";
/// The old ids of "Damage reports", oldest first (#3 is the signed one).
const OLD: [&str; 4] = [
    "43a1bd27d09da47322c8ae2a3d33438facca7de8dea3cb6c88247fbf8c41be34",
    "165ee71e4973e0a73ebbab7ac94f03f489e805a8b5f2ae40446a32445caf3bdf",
    "94fd673a6afbcb461ca6ae53fd29855407d3db15bcc0f4199a7572b3a5f617f2",
    "29d8f62ed3627e371b2a72695b3fb0f48559487b21d4f6b81845afc480084a8f",
];
/// Raw example values the previous release stored.
const RAW: [&str; 2] = ["anders15@example.com", "DE62860555927676600142"];

/// A copy of the previous release's record.
fn old_record() -> (TempDir, PathBuf) {
    let (tmp, dir) = temp();
    copy_tree(&Path::new(FIXTURE).join("record"), &dir);
    (tmp, dir)
}

fn old_export() -> serde_json::Value {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("export-v1.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every byte of every file under `dir`.
fn all_bytes(dir: &Path) -> Vec<u8> {
    files(dir).into_values().flatten().collect()
}

/// Every file under `dir` but the lock file, with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if p.file_name().is_some_and(|n| n != "lock") {
            let bytes = std::fs::read(&p).unwrap();
            out.insert(p, bytes);
        }
    }
    out
}

/// The files under `dir` with a digest of each, to compare without printing megabytes.
fn digest(dir: &Path) -> Vec<(PathBuf, String)> {
    files(dir)
        .into_iter()
        .map(|(p, b)| (p, crate::digest::sha256_hex(&b)))
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn id() -> crate::record::AssessmentId {
    crate::record::AssessmentId::new(ASSESSMENT.into())
}

#[test]
fn the_previous_releases_record_is_migrated_on_open() {
    let (_tmp, dir) = old_record();
    assert!(RAW.iter().all(|raw| contains(&all_bytes(&dir), raw)));
    let r = Record::open(&dir, &actor()).unwrap();
    match r.notices().first() {
        Some(Notice::Migrated {
            from: 1,
            to: 2,
            assessments: 2,
            versions: 5,
            masked,
            in_copy: false,
        }) => assert!(*masked > 20, "{masked}"),
        other => panic!("{other:?}"),
    }
    let report = r.audit();
    assert!(report.is_clean(), "{:?}", report.breaks);
    assert_eq!(
        (
            report.assessments,
            report.versions,
            report.signed_versions,
            report.events
        ),
        (2, 5, 1, 10)
    );
    assert_eq!(report.scans, 1, "both assessments scanned the same files");

    // Same assessments, statuses and signature; every example masked.
    let view = r.assessment(&id()).unwrap();
    assert_eq!(view.summary.status, Status::ReadyForSignoff);
    assert_eq!(view.versions.len(), 4);
    let old = old_export();
    let old_signed = &old["versions"][2]["signature"];
    let signed = view.versions[2].signature.as_ref().unwrap();
    assert_eq!(
        signed.pdf_sha256,
        old_signed["pdf_sha256"].as_str().unwrap()
    );
    assert_eq!(signed.signed_at, old_signed["signed_at"].as_str().unwrap());
    assert_eq!(
        view.versions[3].content.answers,
        old["versions"][3]["content"]["answers"]
    );
    for v in &view.versions {
        assert_eq!(crate::scan::mask::unmasked_in_scan_json(&v.content.scan), 0);
    }

    // The old log is kept as it was; a migrated event per assessment maps the ids.
    let events = r.events().unwrap();
    let old_events: Vec<crate::record::Event> =
        serde_json::from_value(old["events"].clone()).unwrap();
    assert_eq!(&events[..8], &old_events[..]);
    assert!(events.len() > 8, "no migrated event: {events:?}");
    assert!(events[8..].iter().all(|e| e.kind == EventKind::Migrated));
    let rewrite = events
        .iter()
        .filter(|e| e.assessment == id())
        .find_map(Rewrite::from_event)
        .unwrap();
    assert_eq!(rewrite.log_head.seq, 8);
    assert_eq!(rewrite.log_head.hash, old_events[7].hash);
    assert_eq!(rewrite.old_head.as_str(), OLD[3]);
    assert_eq!(rewrite.new_head, view.summary.head);
    for (i, (old_id, new_id)) in rewrite.versions.iter().enumerate() {
        assert_eq!(old_id.as_str(), OLD[i]);
        assert_eq!(*new_id, view.versions[i].id);
        // An old id (as a PDF signed before the migration names it) leads to the new one.
        assert_eq!(r.current_version_id(old_id).unwrap().as_ref(), Some(new_id));
    }
    assert_eq!(
        r.resolve_version(&id(), &OLD[1][..8]).unwrap(),
        view.versions[1].id
    );

    // The raw values have left the disk with the old database files.
    drop(r);
    let bytes = all_bytes(&dir);
    for raw in RAW {
        assert!(!contains(&bytes, raw), "{raw} is still on disk");
    }
    assert!(!dir.join("db").exists() && !dir.join("conf").exists());
    assert!(open(&dir).notices().is_empty(), "migrated once");
}

#[test]
fn a_read_only_open_migrates_only_its_copy() {
    let (tmp, dir) = old_record();
    let before = digest(&dir);
    let r = Record::open_read_only(&dir, tmp.path(), &actor()).unwrap();
    assert!(matches!(
        r.notices().first(),
        Some(Notice::Migrated { in_copy: true, .. })
    ));
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    assert_eq!(r.list().unwrap().len(), 2);
    drop(r);
    assert!(digest(&dir) == before, "the old record was changed");
}

#[test]
fn the_previous_releases_export_imports_migrated_to_the_same_versions() {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("export-v1.json")).unwrap();
    let (_tmp, dir) = temp();
    let imported = Record::import_json(&dir, "export-v1.json", &text, &actor()).unwrap();
    assert!(imported.audit().is_clean(), "{:?}", imported.audit().breaks);
    let (_tmp2, dir2) = old_record();
    let opened = Record::open(&dir2, &actor()).unwrap();
    assert_eq!(
        imported.export_json().unwrap(),
        opened.export_json().unwrap(),
        "an import and an open migrate alike"
    );
    assert!(!imported.export_json().unwrap().contains(RAW[0]));
}

#[test]
fn a_tampered_mapping_fails_the_audit_even_with_hashes_recomputed() {
    let (_tmp, dir) = old_record();
    drop(Record::open(&dir, &actor()).unwrap());
    // Make the mapping name a different old version: the migration would then hide it.
    let forged = OLD[1].replace("165e", "165f");
    {
        let db = raw_db(&dir);
        let events = db.open_tree("events").unwrap();
        let meta = db.open_tree("meta").unwrap();
        let mut prev: Option<String> = None;
        for seq in 1..=10u64 {
            let bytes = events.get(seq.to_be_bytes()).unwrap().unwrap();
            let mut e: crate::record::Event = serde_json::from_str(&stored_text(&bytes)).unwrap();
            if let Some(detail) = &e.detail {
                e.detail = Some(detail.replace(OLD[1], &forged));
            }
            if seq > 8 {
                e.prev = prev.clone();
                e.hash = crate::record::canonical::event_hash(&e).unwrap();
            }
            prev = Some(e.hash.clone());
            let json = crate::record::canonical::to_canonical(&e).unwrap();
            events
                .insert(seq.to_be_bytes(), stored_bytes(&json))
                .unwrap();
            if seq == 10 {
                let head = serde_json::json!({"seq": 10, "hash": e.hash});
                let json = crate::record::canonical::to_canonical(&head).unwrap();
                meta.insert("event_head", json.as_bytes()).unwrap();
            }
        }
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    assert!(
        report.breaks.iter().any(|b| b
            .what
            .contains("mapping's old ids are not the assessment's versions")),
        "{:?}",
        report.breaks
    );
}

#[test]
fn an_edited_mapping_breaks_the_event_chain() {
    let (_tmp, dir) = old_record();
    drop(Record::open(&dir, &actor()).unwrap());
    {
        let db = raw_db(&dir);
        let events = db.open_tree("events").unwrap();
        let key = 9u64.to_be_bytes();
        let text = stored_text(&events.get(key).unwrap().unwrap());
        let old = if text.contains(OLD[0]) {
            OLD[0]
        } else {
            "fbdc248a"
        };
        events
            .insert(
                key,
                stored_bytes(&text.replacen(old, &old.replace('a', "b"), 1)),
            )
            .unwrap();
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.event == Some(9) && b.what.contains("hash")),
        "{:?}",
        report.breaks
    );
}

#[test]
fn a_previous_release_record_with_a_break_is_not_migrated() {
    let (tmp, dir) = old_record();
    {
        let db = sled::open(&dir).unwrap();
        let versions = db.open_tree("versions").unwrap();
        let text = String::from_utf8(versions.get(OLD[1]).unwrap().unwrap().to_vec()).unwrap();
        let changed = text.replacen("Hausverwaltung", "Hausverwaltunq", 1);
        assert_ne!(text, changed);
        versions.insert(OLD[1], changed.as_bytes()).unwrap();
        db.flush().unwrap();
    }
    let before = digest(&dir);
    for err in [
        Record::open(&dir, &actor()).unwrap_err(),
        Record::open_read_only(&dir, tmp.path(), &actor()).unwrap_err(),
    ] {
        let RecordError::RewriteRefused { first, breaks, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(first.version.as_deref(), Some(OLD[1]), "{first}");
        assert!(breaks
            .iter()
            .any(|b| b.what.contains("does not match its id")));
        assert!(err.to_string().contains("not migrated"), "{err}");
    }
    assert!(digest(&dir) == before, "the old record was changed");
    assert!(!dir.join("store-1").exists() && !dir.join("current").exists());
    assert!(!dir.join("migrating").exists());
}
