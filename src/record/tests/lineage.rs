//! Revising a signed assessment: the successor linked both ways, the predecessor superseded
//! by the successor's signature in the same transaction, the rules on what may be revised,
//! and the audit catching a link changed behind dpia's back.

use super::*;
use crate::record::{EventKind, PREDECESSOR_PREFIX, SUCCESSOR_PREFIX};

/// A record with one signed assessment; returns it with its id and signed version.
fn signed(dir: &Path) -> (Record, AssessmentId, VersionId) {
    let r = open(dir);
    let (id, _) = r
        .create(new_assessment("Claims"), content("yes"), "Ana", &at(0))
        .unwrap();
    let v = sign(&r, &id, signature(&at(1)), "DPO", &at(1)).unwrap();
    (r, id, v)
}

fn successor_of(r: &Record, id: &AssessmentId, base: &VersionId, minute: u32) -> AssessmentId {
    r.revise(
        id,
        base,
        new_assessment("Claims"),
        content("revised"),
        "Ana",
        &at(minute),
    )
    .unwrap()
    .0
}

#[test]
fn a_successor_is_linked_both_ways_and_its_signature_supersedes_the_predecessor() {
    let (_tmp, dir) = temp();
    let (r, old, signed_v) = signed(&dir);
    let new = successor_of(&r, &old, &signed_v, 2);
    assert_ne!(new, old);
    let (o, n) = (r.summary(&old).unwrap(), r.summary(&new).unwrap());
    assert_eq!(o.successor.as_ref(), Some(&new));
    assert_eq!(o.status, Status::Signed, "signed until the successor is");
    assert_eq!(o.head, signed_v, "the predecessor's history is untouched");
    assert_eq!(n.predecessor.as_ref(), Some(&old));
    assert_eq!(n.status, Status::Draft);
    let events = r.events().unwrap();
    let created = &events[events.len() - 2];
    let revised = &events[events.len() - 1];
    assert_eq!(created.kind, EventKind::Created);
    assert_eq!(created.detail, Some(format!("{PREDECESSOR_PREFIX}{old}")));
    assert_eq!(revised.kind, EventKind::Revised);
    assert_eq!(revised.assessment, old);
    assert_eq!(revised.version.as_ref(), Some(&signed_v));
    assert_eq!(revised.detail, Some(format!("{SUCCESSOR_PREFIX}{new}")));
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);

    // The successor's first signature supersedes the predecessor, in one transaction.
    let before = r.events().unwrap().len();
    sign(&r, &new, signature(&at(3)), "DPO", &at(3)).unwrap();
    let events = r.events().unwrap();
    assert_eq!(events.len(), before + 2);
    let superseded = events.last().unwrap();
    assert_eq!(superseded.kind, EventKind::Superseded);
    assert_eq!(superseded.assessment, old);
    assert_eq!(superseded.detail, Some(format!("by {new}")));
    assert_eq!(r.summary(&old).unwrap().status, Status::Superseded);
    assert_eq!(r.summary(&new).unwrap().status, Status::Signed);
    // A countersignature by the controller does not supersede anything again.
    let head = r.summary(&new).unwrap().head;
    r.sign_as(&new, &head, signature(&at(4)), "controller", "Boss", &at(4))
        .unwrap();
    assert_eq!(r.events().unwrap().len(), before + 3);
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    let chain: Vec<AssessmentId> = r.chain(&new).unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(chain, [old.clone(), new.clone()]);
    assert_eq!(r.chain(&old).unwrap().len(), 2);

    // The links survive an export and an import byte for byte.
    let json = r.export_json().unwrap();
    let (_tmp2, dir2) = temp();
    let imported = Record::import_json(&dir2, "x.json", &json, &actor()).unwrap();
    assert_eq!(imported.export_json().unwrap(), json);
    assert_eq!(
        imported.summary(&new).unwrap().predecessor.as_ref(),
        Some(&old)
    );
}

#[test]
fn only_a_signed_head_is_revised_and_only_once() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (draft, v1) = r
        .create(new_assessment("Draft"), content("x"), "Ana", &at(0))
        .unwrap();
    let e = r
        .revise(
            &draft,
            &v1,
            new_assessment("D2"),
            content("y"),
            "Ana",
            &at(1),
        )
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("only a signed assessment is revised"),
        "{e}"
    );
    let signed_v = sign(&r, &draft, signature(&at(2)), "DPO", &at(2)).unwrap();
    let e = r
        .revise(
            &draft,
            &v1,
            new_assessment("D2"),
            content("y"),
            "Ana",
            &at(3),
        )
        .unwrap_err();
    assert!(matches!(e, RecordError::StaleBase { .. }), "{e}");
    let first = successor_of(&r, &draft, &signed_v, 4);
    let e = r
        .revise(
            &draft,
            &signed_v,
            new_assessment("D3"),
            content("z"),
            "Ana",
            &at(5),
        )
        .unwrap_err();
    assert!(e.to_string().contains("revised already"), "{e}");
    // Once that successor is withdrawn, a new one may start; the link moves to it.
    set(&r, &first, Status::Withdrawn, "Ana", &at(6)).unwrap();
    let second = successor_of(&r, &draft, &signed_v, 7);
    assert_eq!(r.summary(&draft).unwrap().successor, Some(second));
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    // Nothing was written by the refused attempts.
    let titles: Vec<String> = r.list().unwrap().into_iter().map(|s| s.title).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
}

#[test]
fn a_link_changed_behind_dpias_back_is_a_break() {
    let (_tmp, dir) = temp();
    let (r, old, signed_v) = signed(&dir);
    let new = successor_of(&r, &old, &signed_v, 2);
    drop(r);
    // The predecessor's successor link removed (head state the log contradicts).
    let db = raw_db(&dir);
    let tree = db.open_tree("assessments").unwrap();
    let key = old.as_str().as_bytes();
    let text = stored_text(&tree.get(key).unwrap().unwrap());
    let link = format!(",\"successor\":\"{new}\"");
    assert!(text.contains(&link), "{text}");
    tree.insert(key, stored_bytes(&text.replacen(&link, "", 1)))
        .unwrap();
    db.flush().unwrap();
    drop((tree, db));
    let report = audit_of(&dir);
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert!(
        report.breaks[0].what.contains("its successor none differs"),
        "{}",
        report.breaks[0]
    );
}
