//! Tamper evidence: bytes changed or removed directly in sled are reported by the audit,
//! naming the assessment, version or event, and never cause a panic.

use super::*;
use crate::record::{AssessmentId, VersionId};

/// A closed record with one assessment of three versions (answers "a0", "a1", "a2") and a
/// second assessment, so breaks must name the right one.
fn closed_record() -> (TempDir, PathBuf, AssessmentId, Vec<VersionId>) {
    let (tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("Claims"), content("a0"), "Ana", &at(0))
        .unwrap();
    let v2 = add(&r, &id, content("a1"), "Ana", &at(1)).unwrap();
    let v3 = add(&r, &id, content("a2"), "Ana", &at(2)).unwrap();
    r.create(new_assessment("Other"), content("b0"), "Ana", &at(3))
        .unwrap();
    assert!(r.audit().is_clean());
    drop(r);
    (tmp, dir, id, vec![v1, v2, v3])
}

/// Replaces the first `from` with `to` in the value under `key` of `tree`.
fn edit(dir: &Path, tree: &str, key: &[u8], from: &str, to: &str) {
    let db = raw_db(dir);
    let t = db.open_tree(tree).unwrap();
    let old = stored_text(&t.get(key).unwrap().unwrap());
    assert!(old.contains(from), "{from} not in {old}");
    t.insert(key, stored_bytes(&old.replacen(from, to, 1)))
        .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_changed_answer_is_reported_for_exactly_that_version() {
    let (_tmp, dir, id, v) = closed_record();
    // One byte: "a1" becomes "a7".
    edit(
        &dir,
        "versions",
        v[1].as_str().as_bytes(),
        "\"a1\"",
        "\"a7\"",
    );
    let report = audit_of(&dir);
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    let b = &report.breaks[0];
    assert_eq!(b.assessment.as_deref(), Some(id.as_str()));
    assert_eq!(b.version.as_deref(), Some(v[1].as_str()));
    assert!(b.what.contains("does not match its id"), "{b}");
}

#[test]
fn a_changed_title_is_reported_for_that_assessment() {
    let (_tmp, dir, id, _) = closed_record();
    edit(
        &dir,
        "assessments",
        id.as_str().as_bytes(),
        "Claims",
        "Clains",
    );
    let report = audit_of(&dir);
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert_eq!(report.breaks[0].assessment.as_deref(), Some(id.as_str()));
    assert_eq!(report.breaks[0].version, None);
    assert!(
        report.breaks[0].what.contains("title"),
        "{}",
        report.breaks[0]
    );
}

#[test]
fn a_moved_head_is_reported() {
    let (_tmp, dir, id, v) = closed_record();
    edit(
        &dir,
        "assessments",
        id.as_str().as_bytes(),
        v[2].as_str(),
        v[1].as_str(),
    );
    let report = audit_of(&dir);
    assert!(!report.is_clean());
    assert!(report
        .breaks
        .iter()
        .all(|b| b.assessment.as_deref() == Some(id.as_str())));
    assert!(
        report.breaks.iter().any(|b| b.what.contains("head")),
        "{:?}",
        report.breaks
    );
}

#[test]
fn unreadable_version_bytes_are_a_break_not_a_panic() {
    let (_tmp, dir, id, v) = closed_record();
    edit(&dir, "versions", v[0].as_str().as_bytes(), "{", "[");
    let r = open(&dir);
    let report = r.audit();
    let first = report
        .breaks
        .iter()
        .find(|b| b.what.contains("unreadable"))
        .unwrap_or_else(|| panic!("{:?}", report.breaks));
    assert_eq!(first.version.as_deref(), Some(v[0].as_str()));
    assert!(report
        .breaks
        .iter()
        .all(|b| b.assessment.is_none() || b.assessment.as_deref() == Some(id.as_str())));
    // Reading the damaged history is an error naming the record, not a panic.
    let err = r.assessment(&id).unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(r.export_json().is_err());
}

#[test]
fn a_deleted_event_is_reported() {
    let (_tmp, dir, _, _) = closed_record();
    {
        let db = raw_db(&dir);
        db.open_tree("events")
            .unwrap()
            .remove(2u64.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.event == Some(3) && b.what.contains("previous")),
        "{:?}",
        report.breaks
    );
}

#[test]
fn a_deleted_last_event_is_reported() {
    let (_tmp, dir, _, _) = closed_record();
    {
        let db = raw_db(&dir);
        db.open_tree("events")
            .unwrap()
            .remove(4u64.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    assert!(
        report.breaks.iter().any(|b| b.what.contains("log head")),
        "{:?}",
        report.breaks
    );
}

#[test]
fn a_changed_event_is_reported() {
    let (_tmp, dir, _, _) = closed_record();
    edit(&dir, "events", &2u64.to_be_bytes(), "Ana", "Eve");
    let report = audit_of(&dir);
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert_eq!(report.breaks[0].event, Some(2));
    assert!(report.breaks[0].what.contains("hash"));
}

#[test]
fn a_version_added_behind_the_records_back_is_reported() {
    let (_tmp, dir, id, v) = closed_record();
    {
        let db = raw_db(&dir);
        let versions = db.open_tree("versions").unwrap();
        let old = versions.get(v[2].as_str()).unwrap().unwrap();
        let mut forged: crate::record::stored::StoredVersion =
            serde_json::from_str(&stored_text(&old)).unwrap();
        forged.parent = Some(v[2].clone());
        forged.number = 4;
        forged.id = VersionId::new(crate::record::canonical::version_hash(&forged).unwrap());
        let json = crate::record::canonical::to_canonical(&forged).unwrap();
        versions
            .insert(forged.id.as_str(), stored_bytes(&json))
            .unwrap();
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert_eq!(report.breaks[0].assessment.as_deref(), Some(id.as_str()));
    assert!(report.breaks[0]
        .what
        .contains("not in any assessment's history"));
}

#[test]
fn an_event_dated_before_the_one_it_follows_is_flagged() {
    // M9: a signing recorded with a backdated clock, after events of a later date.
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v0) = r
        .create(new_assessment("Claims"), content("a0"), "Ana", &at(30))
        .unwrap();
    let v1 = r
        .add_version(&id, &v0, content("a1"), "Ana", &at(31))
        .unwrap();
    assert!(r.audit().is_clean());
    r.sign(
        &id,
        &v1,
        signature("2020-06-01T00:00:00Z"),
        "Ana",
        &"2020-06-01T00:00:00Z".to_string(),
    )
    .unwrap();
    let report = r.audit();
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    let b = &report.breaks[0];
    assert_eq!(b.event, Some(3));
    assert!(
        b.what.contains("before the time of an earlier event"),
        "{b}"
    );
}

#[test]
fn a_changed_deleted_or_unmasked_scan_is_reported() {
    let (_tmp, dir, id, v) = closed_record();
    let scan = open(&dir).version(&v[0]).unwrap().scan_sha256;
    edit(
        &dir,
        "scans",
        scan.as_str().as_bytes(),
        "customers",
        "customerz",
    );
    let report = audit_of(&dir);
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.what == format!("scan {scan}: content does not match its id")),
        "{:?}",
        report.breaks
    );
    {
        let db = raw_db(&dir);
        db.open_tree("scans")
            .unwrap()
            .remove(scan.as_str())
            .unwrap();
        // A scan with a raw e-mail address, stored under its own correct hash.
        let raw =
            serde_json::json!({"tables": [{"columns": [{"examples": ["anna@example.org"]}]}]});
        let text = crate::record::canonical::to_canonical(&raw).unwrap();
        let key = crate::digest::sha256_hex(text.as_bytes());
        db.open_tree("scans")
            .unwrap()
            .insert(key.as_str(), stored_bytes(&text))
            .unwrap();
        db.flush().unwrap();
    }
    let report = audit_of(&dir);
    let whats: Vec<&str> = report.breaks.iter().map(|b| b.what.as_str()).collect();
    assert!(whats
        .iter()
        .any(|w| w.contains("its scan") && w.contains("is missing")));
    assert!(whats
        .iter()
        .any(|w| w.contains("1 example value(s) that are not masked")));
    assert!(whats
        .iter()
        .any(|w| w.contains("is not the scan of any version")));
    assert!(report
        .breaks
        .iter()
        .any(|b| b.assessment.as_deref() == Some(id.as_str())));
}
