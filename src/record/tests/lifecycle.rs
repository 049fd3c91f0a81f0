//! Creating, adding versions, signing, status changes, exports, history order, review dates.

use super::*;
use crate::record::{EventKind, RecordError, Status};

#[test]
fn create_add_sign_keeps_an_ordered_chained_history() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("Claims"), content("no"), "Ana", &at(0))
        .unwrap();
    let v2 = add(&r, &id, content("yes"), "Ana", &at(1)).unwrap();
    let v3 = add(&r, &id, content("maybe"), "Bo", &at(2)).unwrap();
    set(&r, &id, Status::ReadyForSignoff, "Bo", &at(3)).unwrap();
    let v4 = sign(&r, &id, signature(&at(4)), "DPO", &at(4)).unwrap();

    let view = r.assessment(&id).unwrap();
    let ids: Vec<_> = view.versions.iter().map(|v| v.id.clone()).collect();
    assert_eq!(ids, vec![v1.clone(), v2.clone(), v3.clone(), v4.clone()]);
    let numbers: Vec<u64> = view.versions.iter().map(|v| v.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4]);
    assert_eq!(view.versions[0].parent, None);
    assert_eq!(view.versions[3].parent, Some(v3.clone()));
    assert_eq!(view.versions[3].content, view.versions[2].content);
    assert_eq!(view.versions[3].status, Status::Signed);
    assert_eq!(view.summary.status, Status::Signed);
    assert_eq!(view.summary.head, v4);
    assert_eq!(view.summary.versions, 4);
    assert_eq!(view.summary.author, "DPO");
    assert_eq!(view.summary.created_by, "Ana");
    assert_eq!(view.summary.review_due.as_deref(), Some("2027-11-25"));
    assert!(v1.as_str().len() == 64 && v1.as_str().bytes().all(|b| b.is_ascii_hexdigit()));

    let list = r.list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].title, "Claims");
    assert_eq!(list[0].status, Status::Signed);

    let kinds: Vec<EventKind> = r.events().unwrap().iter().map(|e| e.kind).collect();
    use EventKind::*;
    assert_eq!(
        kinds,
        vec![Created, Answered, Answered, StatusChanged, Signed]
    );
    assert_eq!(r.version(&v2).unwrap().content, content("yes"));

    let report = r.audit();
    assert!(report.is_clean(), "{:?}", report.breaks);
    assert_eq!(
        (
            report.assessments,
            report.versions,
            report.signed_versions,
            report.events
        ),
        (1, 4, 1, 5)
    );
}

#[test]
fn ids_are_deterministic_and_creating_twice_fails() {
    let (_tmp, a) = temp();
    let (_tmp2, b) = temp();
    let ra = open(&a);
    let rb = open(&b);
    let first = ra
        .create(new_assessment("T"), content("x"), "Ana", &NOW.into())
        .unwrap();
    let second = rb
        .create(new_assessment("T"), content("x"), "Ana", &NOW.into())
        .unwrap();
    assert_eq!(first, second);
    let again = ra.create(new_assessment("T"), content("x"), "Ana", &NOW.into());
    assert!(
        matches!(again, Err(RecordError::AssessmentExists { .. })),
        "{again:?}"
    );
    let mut other = new_assessment("T");
    other.nonce = "2".into();
    let third = ra.create(other, content("x"), "Ana", &NOW.into()).unwrap();
    assert_ne!(third.0, first.0);
    assert_ne!(third.1, first.1, "versions of different assessments differ");
    assert!(ra.audit().is_clean());
}

#[test]
fn exports_are_logged_without_changing_the_head() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    r.record_export(&id, &v1, "pdf report.pdf", "Ana", &at(5))
        .unwrap();
    let events = r.events().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].kind, EventKind::Exported);
    assert_eq!(events[1].detail.as_deref(), Some("pdf report.pdf"));
    assert_eq!(events[1].prev.as_deref(), Some(events[0].hash.as_str()));
    let summary = &r.list().unwrap()[0];
    assert_eq!(summary.updated_at, at(0));
    assert_eq!(summary.head, v1);

    let (other, w1) = r
        .create(new_assessment("U"), content("x"), "Ana", &at(6))
        .unwrap();
    let foreign = r.record_export(&id, &w1, "pdf", "Ana", &at(7));
    assert!(
        matches!(foreign, Err(RecordError::ForeignVersion { .. })),
        "{foreign:?}"
    );
    assert_ne!(other, id);
    assert!(r.audit().is_clean());
}

#[test]
fn status_rules_are_enforced() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, _) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    let to_signed = set(&r, &id, Status::Signed, "Ana", &at(1));
    assert!(matches!(
        to_signed,
        Err(RecordError::InvalidTransition { .. })
    ));
    sign(&r, &id, signature(&at(1)), "DPO", &at(1)).unwrap();
    let twice = sign(&r, &id, signature(&at(2)), "DPO", &at(2));
    assert!(
        matches!(twice, Err(RecordError::InvalidTransition { .. })),
        "{twice:?}"
    );
    // A correction after signing is a new draft version; the signed one stays.
    add(&r, &id, content("fixed"), "Ana", &at(3)).unwrap();
    assert_eq!(r.list().unwrap()[0].status, Status::Draft);
    set(&r, &id, Status::Withdrawn, "Ana", &at(4)).unwrap();
    let after = add(&r, &id, content("late"), "Ana", &at(5));
    let err = after.unwrap_err();
    assert!(matches!(err, RecordError::InvalidTransition { .. }));
    assert!(err.to_string().contains("withdrawn"), "{err}");
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    let view = r.assessment(&id).unwrap();
    assert_eq!(view.versions.len(), 3);
    assert_eq!(view.summary.status, Status::Withdrawn);
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let bad_time = r.create(
        new_assessment("T"),
        content("x"),
        "Ana",
        &"yesterday".into(),
    );
    assert!(matches!(
        bad_time,
        Err(RecordError::InvalidInput {
            field: "timestamp",
            ..
        })
    ));
    let (id, _) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    let mut sig = signature(&at(1));
    sig.pdf_sha256 = "AB".repeat(32);
    let e = sign(&r, &id, sig, "DPO", &at(1));
    assert!(
        matches!(
            e,
            Err(RecordError::InvalidInput {
                field: "PDF SHA-256",
                ..
            })
        ),
        "{e:?}"
    );
    let mut sig = signature(&at(1));
    sig.certificate_pem = "not a certificate".into();
    let e = sign(&r, &id, sig, "DPO", &at(1));
    assert!(
        matches!(
            e,
            Err(RecordError::InvalidInput {
                field: "certificate",
                ..
            })
        ),
        "{e:?}"
    );
    let mut c = content("x");
    c.review_due = Some("2027-02-30".into());
    let e = add(&r, &id, c, "Ana", &at(2));
    assert!(matches!(e, Err(RecordError::InvalidInput { .. })), "{e:?}");
    assert_eq!(r.events().unwrap().len(), 1);
}

#[test]
fn review_due_lists_signed_assessments_by_review_date() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let make = |title: &str, review: Option<&str>, signed_at: Option<&str>| {
        let mut c = content("x");
        c.review_due = review.map(str::to_string);
        let (id, _) = r.create(new_assessment(title), c, "Ana", &at(0)).unwrap();
        if let Some(s) = signed_at {
            sign(&r, &id, signature(s), "DPO", &at(1)).unwrap();
        }
        id
    };
    let a = make("A", None, Some("2026-01-10T09:00:00Z")); // due 2027-01-10
    let b = make("B", Some("2026-12-01"), Some("2026-11-20T09:00:00Z"));
    let _c = make("C", Some("2026-11-01"), None); // draft: never listed
    let d = make("D", None, Some("2026-11-25T09:00:00Z")); // due 2027-11-25
    let ids = |today: &str, days: u32| -> Vec<_> {
        r.review_due(today, days)
            .unwrap()
            .into_iter()
            .map(|s| s.assessment.id)
            .collect()
    };
    assert_eq!(
        ids("2026-11-25", 0),
        Vec::<crate::record::AssessmentId>::new()
    );
    assert_eq!(ids("2026-11-25", 6), vec![b.clone()]);
    assert_eq!(ids("2026-11-25", 46), vec![b.clone(), a.clone()]);
    assert_eq!(ids("2027-12-01", 0), vec![b.clone(), a.clone(), d.clone()]);
    assert_eq!(ids("2027-11-24", 1), vec![b, a, d]);
    assert!(matches!(
        r.review_due("25.11.2026", 0),
        Err(RecordError::InvalidInput { .. })
    ));
}

#[test]
fn two_roles_sign_the_same_content_as_two_signed_events() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v0) = r
        .create(new_assessment("Claims"), content("a0"), "Ana", &at(0))
        .unwrap();
    let first = r
        .sign_as(&id, &v0, signature(&at(1)), "dpo", "Ana", &at(1))
        .unwrap();
    let mut second_sig = signature(&at(2));
    second_sig.pdf_sha256 = "cd".repeat(32);
    let second = r
        .sign_as(&id, &first, second_sig, "controller", "Tom", &at(2))
        .unwrap();
    let view = r.assessment(&id).unwrap();
    assert_eq!(view.versions.len(), 3);
    assert_eq!(view.versions[2].parent.as_ref(), Some(&first));
    assert_eq!(view.versions[2].content, view.versions[0].content);
    assert_eq!(view.summary.head, second);
    let events = r.events().unwrap();
    let roles: Vec<_> = events
        .iter()
        .filter_map(crate::record::signature_role)
        .collect();
    assert_eq!(roles, ["dpo", "controller"]);
    assert!(events[2]
        .detail
        .as_deref()
        .unwrap()
        .contains(&"cd".repeat(32)));
    assert!(r.audit().is_clean());
    // A role is a plain lower-case name.
    let err = r.sign_as(&id, &second, signature(&at(4)), "bad role!", "Ana", &at(4));
    assert!(err.is_err());
}

#[test]
fn a_write_based_on_an_old_version_is_refused() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("T"), content("x"), "Ana", &at(0))
        .unwrap();
    let v2 = r
        .add_version(&id, &v1, content("y"), "Ana", &at(1))
        .unwrap();
    let events = r.events().unwrap().len();
    let stale = r.add_version(&id, &v1, content("z"), "Bo", &at(2));
    match &stale {
        Err(RecordError::StaleBase { base, head, .. }) => {
            assert_eq!((base.as_str(), head.as_str()), (v1.as_str(), v2.as_str()));
        }
        other => panic!("{other:?}"),
    }
    let err = stale.unwrap_err();
    assert!(err.to_string().contains("changed since version"), "{err}");
    assert!(err.hint().is_some());
    let status = r.set_status(&id, &v1, Status::ReadyForSignoff, "Bo", &at(2));
    assert!(
        matches!(status, Err(RecordError::StaleBase { .. })),
        "{status:?}"
    );
    let signed = r.sign(&id, &v1, signature(&at(2)), "DPO", &at(2));
    assert!(
        matches!(signed, Err(RecordError::StaleBase { .. })),
        "{signed:?}"
    );
    assert_eq!(r.events().unwrap().len(), events, "nothing was written");
    assert_eq!(r.summary(&id).unwrap().head, v2);
    r.sign(&id, &v2, signature(&at(3)), "DPO", &at(3)).unwrap();
}

#[test]
fn an_import_logs_created_and_imported_together() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let source = format!("cnil pia.json; SHA-256 {}", "ab".repeat(32));
    let (id, v1) = r
        .create_imported(
            new_assessment("Imported"),
            content("x"),
            &source,
            "Ana",
            &at(0),
        )
        .unwrap();
    let events = r.events().unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Created, EventKind::Imported]);
    assert_eq!(events[1].detail.as_deref(), Some(source.as_str()));
    assert_eq!(events[1].version.as_ref(), Some(&v1));
    add(&r, &id, content("y"), "Ana", &at(1)).unwrap();
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    let e = r.create_imported(new_assessment("Other"), content("x"), " ", "Ana", &at(2));
    assert!(matches!(e, Err(RecordError::InvalidInput { .. })), "{e:?}");
}
