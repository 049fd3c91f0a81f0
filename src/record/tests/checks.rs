//! `checked` events (the result of `dpia check`) and reading a record from an export file
//! without a database.

use super::*;
use crate::drift::Severity;
use crate::record::{CheckNote, CheckResult, EventKind, ReadRecord, RecordFile};

fn note(worst: Option<Severity>, items: u64) -> CheckNote {
    CheckNote {
        result: if worst.is_some_and(|w| w >= Severity::Review) {
            CheckResult::Drift
        } else {
            CheckResult::Covered
        },
        fail_on: Severity::Review,
        worst,
        items,
        signed_scan: "a".repeat(64),
        scan: "b".repeat(64),
    }
}

/// A record with one signed assessment; returns it, the id and the signed version.
fn signed(dir: &Path) -> (Record, AssessmentId, VersionId) {
    let r = open(dir);
    let (id, _) = r
        .create(new_assessment("Claims"), content("yes"), "Ana", &at(0))
        .unwrap();
    let v = sign(&r, &id, signature(&at(1)), "DPO", &at(1)).unwrap();
    (r, id, v)
}

#[test]
fn a_check_is_logged_against_a_signed_version_and_changes_nothing_else() {
    let (_tmp, dir) = temp();
    let (r, id, v) = signed(&dir);
    let before = r.summary(&id).unwrap();
    r.record_check(&id, &v, &note(Some(Severity::High), 3), "CI", &at(2))
        .unwrap();
    let after = r.summary(&id).unwrap();
    assert_eq!(before, after, "head, status and update time stay");
    let events = r.events().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.kind, EventKind::Checked);
    assert_eq!(last.version.as_ref(), Some(&v));
    assert_eq!(CheckNote::of(last), Some(note(Some(Severity::High), 3)));
    let checks = r.last_checks().unwrap();
    assert!(checks[&id].note.needs_review());
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    // A version that is not signed cannot be checked against.
    let draft = add(&r, &id, content("no"), "Ana", &at(3)).unwrap();
    let e = r
        .record_check(&id, &draft, &note(None, 0), "CI", &at(4))
        .unwrap_err();
    assert!(e.to_string().contains("not signed"), "{e}");
}

#[test]
fn the_last_check_after_the_last_signature_counts() {
    let (_tmp, dir) = temp();
    let (r, id, v) = signed(&dir);
    r.record_check(&id, &v, &note(Some(Severity::High), 2), "CI", &at(2))
        .unwrap();
    r.record_check(&id, &v, &note(None, 0), "CI", &at(3))
        .unwrap();
    assert!(!r.last_checks().unwrap()[&id].note.needs_review());
    r.record_check(&id, &v, &note(Some(Severity::Info), 1), "CI", &at(4))
        .unwrap();
    assert!(
        !r.last_checks().unwrap()[&id].note.needs_review(),
        "info needs no review"
    );
    r.record_check(&id, &v, &note(Some(Severity::Review), 1), "CI", &at(5))
        .unwrap();
    assert!(r.last_checks().unwrap()[&id].note.needs_review());
    // A new signature makes earlier checks history.
    add(&r, &id, content("changed"), "Ana", &at(6)).unwrap();
    sign(&r, &id, signature(&at(7)), "DPO", &at(7)).unwrap();
    assert!(!r.last_checks().unwrap().contains_key(&id));
}

#[test]
fn a_tampered_check_result_is_a_break() {
    let (_tmp, dir) = temp();
    let (r, id, v) = signed(&dir);
    r.record_check(&id, &v, &note(Some(Severity::High), 3), "CI", &at(2))
        .unwrap();
    let json = r.export_json().unwrap();
    drop(r);
    // Rewrite the result as "covered", rehashing nothing: the event hash no longer holds.
    let forged = json.replacen(
        "\\\"result\\\":\\\"drift\\\"",
        "\\\"result\\\":\\\"covered\\\"",
        1,
    );
    assert_ne!(forged, json);
    let e = RecordFile::read(Path::new("forged.json"), &forged, &actor()).unwrap_err();
    assert!(matches!(e, RecordError::RecordFileRejected { .. }), "{e}");
    assert!(e.to_string().contains("forged.json does not verify"), "{e}");
}

#[test]
fn an_export_file_reads_like_the_record_without_a_database() {
    let (_tmp, dir) = temp();
    let (r, id, v) = signed(&dir);
    r.record_check(&id, &v, &note(None, 0), "CI", &at(2))
        .unwrap();
    let json = r.export_json().unwrap();
    let file = RecordFile::read(Path::new("dpia-record.json"), &json, &actor()).unwrap();
    assert_eq!(ReadRecord::list(&file).unwrap(), r.list().unwrap());
    assert_eq!(ReadRecord::resolve(&file, &id.as_str()[..6]).unwrap(), id);
    assert_eq!(
        ReadRecord::assessment(&file, &id).unwrap(),
        r.assessment(&id).unwrap()
    );
    assert_eq!(ReadRecord::events(&file).unwrap(), r.events().unwrap());
    let e = ReadRecord::resolve(&file, "ffff").unwrap_err();
    assert!(matches!(e, RecordError::UnknownAssessment { .. }), "{e}");
    // Reading it wrote nothing anywhere: no folder appears for it.
    assert!(!Path::new("dpia-record.json").exists());
}

#[test]
fn drift_makes_a_review_due_whatever_the_date() {
    let (_tmp, dir) = temp();
    let (r, id, v) = signed(&dir);
    // Signed 2026-11-25: due a year later, nothing due now.
    assert!(r.review_due("2026-11-26", 30).unwrap().is_empty());
    r.record_check(&id, &v, &note(Some(Severity::Info), 1), "CI", &at(2))
        .unwrap();
    assert!(
        r.review_due("2026-11-26", 30).unwrap().is_empty(),
        "info is no reason"
    );
    r.record_check(&id, &v, &note(Some(Severity::High), 3), "CI", &at(3))
        .unwrap();
    let due = r.review_due("2026-11-26", 30).unwrap();
    assert_eq!(due.len(), 1);
    assert!(!due[0].overdue);
    assert_eq!(
        due[0].reasons,
        [crate::record::ReviewReason::Drift {
            checked_at: at(3),
            worst: Severity::High,
            items: 3
        }]
    );
    // Both reasons once the date has passed too; the JSON keeps the summary's fields.
    let due = r.review_due("2027-12-01", 0).unwrap();
    assert_eq!(due[0].reasons.len(), 2);
    assert!(due[0].overdue);
    let json = serde_json::to_value(&due).unwrap();
    assert_eq!(json[0]["title"], "Claims");
    assert_eq!(json[0]["reasons"][0]["reason"], "date");
    assert_eq!(json[0]["reasons"][1]["reason"], "drift");
    // A check that finds the tool covered again clears the drift reason.
    r.record_check(&id, &v, &note(None, 0), "CI", &at(4))
        .unwrap();
    assert!(r.review_due("2026-11-26", 30).unwrap().is_empty());
}
