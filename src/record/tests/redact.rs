//! Redaction (an erasure request): the value leaves every version, every scan and the disk;
//! a `redacted` event maps old ids to new ones and the audit proves continuity; a tampered
//! mapping is caught; nothing else changes.

use super::*;
use crate::record::{EventKind, RecordError, Redaction, Rewrite, Status};

const NAME: &str = "Jonas Berger";

/// Content whose answers and scan mention `NAME`.
fn with_name(round: u32) -> VersionContent {
    let mut c = content("x");
    c.answers = serde_json::json!({"values": {
        "description.dpo_contact": {"origin": "given", "value": format!("Dr. {NAME}, DPO")},
        "round": {"origin": "given", "value": round}
    }});
    c.scan = serde_json::json!({"tables": [{"name": "t", "columns": [
        {"name": "note", "evidence": [format!("mentions {NAME}")], "examples": []}]}]});
    c
}

/// Every byte of every file under `dir`.
fn disk(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(disk(&p));
        } else {
            out.extend(std::fs::read(&p).unwrap());
        }
    }
    out
}

fn on_disk(dir: &Path, text: &str) -> bool {
    disk(dir).windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn a_value_is_removed_from_every_version_and_the_disk() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("Claims"), with_name(0), "Ana", &at(0))
        .unwrap();
    let v2 = add(&r, &id, with_name(1), "Ana", &at(1)).unwrap();
    set(&r, &id, Status::ReadyForSignoff, "Ana", &at(2)).unwrap();
    let v3 = sign(&r, &id, signature(&at(3)), "DPO", &at(3)).unwrap();
    let (other, o1) = r
        .create(new_assessment("Other"), content("y"), "Ana", &at(4))
        .unwrap();
    drop(r);
    assert!(on_disk(&dir, NAME));
    let mut r = open(&dir);
    let report = r
        .redact(
            None,
            &Redaction::Value(NAME.into()),
            "request of 2027-01-10",
            "DPO",
            &at(5),
        )
        .unwrap();
    assert_eq!(report.assessments, vec![(id.clone(), 3)]);
    assert_eq!(
        report.occurrences, 6,
        "in the answer and the scan of each of the 3 versions"
    );
    assert!(report.old_database_removed);
    let audit = r.audit();
    assert!(audit.is_clean(), "{:?}", audit.breaks);

    let view = r.assessment(&id).unwrap();
    assert_eq!(view.summary.status, Status::Signed);
    assert_eq!(view.versions.len(), 3);
    assert_eq!(
        view.versions[0].content.answers["values"]["description.dpo_contact"]["value"],
        "Dr. [redacted], DPO"
    );
    assert_eq!(
        view.versions[2].signature,
        Some(signature(&at(3))),
        "signature kept"
    );
    let rewrite = r
        .events()
        .unwrap()
        .iter()
        .find(|e| e.kind == EventKind::Redacted)
        .and_then(Rewrite::from_event)
        .unwrap();
    let old: Vec<_> = rewrite.versions.iter().map(|(o, _)| o.clone()).collect();
    assert_eq!(old, vec![v1.clone(), v2, v3]);
    assert!(rewrite.reason.contains("request of 2027-01-10"));
    assert!(
        !rewrite.reason.contains(NAME),
        "the event never names the value"
    );
    assert_eq!(
        r.current_version_id(&v1).unwrap(),
        Some(view.versions[0].id.clone())
    );
    // The other assessment is untouched.
    assert_eq!(r.summary(&other).unwrap().head, o1);
    drop(r);
    assert!(!on_disk(&dir, NAME), "the value is still on disk");
    // And the record keeps working on the new chain.
    let r = open(&dir);
    add(&r, &id, content("z"), "Ana", &at(6)).unwrap();
    assert!(r.audit().is_clean());
}

#[test]
fn an_answer_is_removed_from_one_assessment() {
    let (_tmp, dir) = temp();
    let mut r = open(&dir);
    let (a, _) = r
        .create(new_assessment("A"), with_name(0), "Ana", &at(0))
        .unwrap();
    let (b, b1) = r
        .create(new_assessment("B"), with_name(0), "Ana", &at(1))
        .unwrap();
    let what = Redaction::Answer("description.dpo_contact".into());
    let report = r.redact(Some(&a), &what, "erasure", "DPO", &at(2)).unwrap();
    assert_eq!(report.assessments, vec![(a.clone(), 1)]);
    let head = r.head(&a).unwrap();
    assert!(head.content.answers["values"]
        .get("description.dpo_contact")
        .is_none());
    assert_eq!(head.content.answers["values"]["round"]["value"], 0);
    assert_eq!(r.summary(&b).unwrap().head, b1);
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    // Nothing left to remove: nothing is written.
    let events = r.events().unwrap().len();
    let again = r.redact(Some(&a), &what, "erasure", "DPO", &at(3)).unwrap();
    assert!(again.assessments.is_empty());
    assert_eq!(r.events().unwrap().len(), events);
}

#[test]
fn an_answer_is_removed_with_its_imported_notes() {
    let (_tmp, dir) = temp();
    let mut r = open(&dir);
    let mut c = with_name(0);
    c.answers["notes"] = serde_json::json!({
        "description.dpo_contact": [{"source": "cnil", "place": "pia", "key": "",
            "field": "dpos_names", "text": format!("{NAME}, second DPO")}],
        "description.purposes": [{"source": "cnil", "place": "answer", "key": "211",
            "field": "text", "text": "Refunds"}]
    });
    let (a, _) = r.create(new_assessment("A"), c, "Ana", &at(0)).unwrap();
    let what = Redaction::Answer("description.dpo_contact".into());
    let report = r.redact(Some(&a), &what, "erasure", "DPO", &at(1)).unwrap();
    assert_eq!(report.occurrences, 2);
    let head = r.head(&a).unwrap();
    let notes = &head.content.answers["notes"];
    assert!(notes.get("description.dpo_contact").is_none(), "{notes}");
    assert_eq!(notes["description.purposes"][0]["text"], "Refunds");
    // The last notes gone, the key goes too (as an assessment without notes is stored).
    let what = Redaction::Answer("description.purposes".into());
    r.redact(Some(&a), &what, "erasure", "DPO", &at(2)).unwrap();
    assert!(r.head(&a).unwrap().content.answers.get("notes").is_none());
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
}

#[test]
fn a_redaction_is_refused_on_a_broken_record_and_for_tiny_values() {
    let (_tmp, dir) = temp();
    let mut r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("A"), with_name(0), "Ana", &at(0))
        .unwrap();
    for bad in ["", "ab ", "Dr."] {
        let e = r.redact(None, &Redaction::Value(bad.into()), "x", "DPO", &at(1));
        assert!(
            matches!(e, Err(RecordError::InvalidInput { .. })),
            "{bad:?}: {e:?}"
        );
    }
    let e = r.redact(None, &Redaction::Value(NAME.into()), " ", "DPO", &at(1));
    assert!(matches!(e, Err(RecordError::InvalidInput { .. })), "{e:?}");
    drop(r);
    {
        let db = raw_db(&dir);
        let versions = db.open_tree("versions").unwrap();
        let text = stored_text(&versions.get(v1.as_str()).unwrap().unwrap());
        versions
            .insert(v1.as_str(), stored_bytes(&text.replacen("DPO", "DP0", 1)))
            .unwrap();
        db.flush().unwrap();
    }
    let mut r = open(&dir);
    let e = r.redact(
        Some(&id),
        &Redaction::Value(NAME.into()),
        "x",
        "DPO",
        &at(1),
    );
    assert!(
        matches!(e, Err(RecordError::RewriteRefused { .. })),
        "{e:?}"
    );
    drop(r);
    let ro = Record::open_read_only(&dir, &std::env::temp_dir(), &actor());
    let mut ro = ro.unwrap();
    let e = ro.redact(None, &Redaction::Value(NAME.into()), "x", "DPO", &at(1));
    assert!(matches!(e, Err(RecordError::ReadOnly { .. })), "{e:?}");
}

#[test]
fn two_redactions_chain_their_mappings() {
    let (_tmp, dir) = temp();
    let mut r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("A"), with_name(0), "Ana", &at(0))
        .unwrap();
    r.redact(None, &Redaction::Value(NAME.into()), "first", "DPO", &at(1))
        .unwrap();
    r.redact(
        None,
        &Redaction::Value(", DPO".into()),
        "second",
        "DPO",
        &at(2),
    )
    .unwrap();
    assert!(r.audit().is_clean(), "{:?}", r.audit().breaks);
    let now = r.head(&id).unwrap().id;
    assert_eq!(r.current_version_id(&v1).unwrap(), Some(now.clone()));
    assert_eq!(r.resolve_version(&id, &v1.as_str()[..10]).unwrap(), now);
}
