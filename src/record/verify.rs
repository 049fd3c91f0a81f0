//! The pure chain check, shared by the audit (over what sled holds) and the import (over a
//! JSON export, before anything is written). It recomputes every version id and event hash,
//! follows every parent link, replays the event log to re-derive each assessment's history,
//! head, version count, status and update time, and compares them with what is stored.
//! It reports every break it finds; it never stops at the first one.

use super::canonical::{
    assessment_id, check_certificate_pem, event_hash, is_sha256_hex, version_hash, Identity,
};
use super::dates::is_timestamp;
use super::model::{Assessment, Break, Event, EventKind, Status, Version};
use std::collections::{HashMap, HashSet};

/// Everything the record holds, parsed.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub assessments: Vec<Assessment>,
    pub versions: Vec<Version>,
    pub events: Vec<Event>,
}

/// A break about an assessment, a version and/or an event.
pub(crate) fn brk(a: Option<&str>, v: Option<&str>, e: Option<u64>, what: String) -> Break {
    Break {
        assessment: a.map(str::to_string),
        version: v.map(str::to_string),
        event: e,
        what,
    }
}

/// What replaying the log says about one assessment.
#[derive(Default)]
struct Replay<'s> {
    created: bool,
    history: Vec<&'s str>,
    status: Option<Status>,
    updated_at: Option<&'s str>,
}

/// Checks a snapshot; returns every break found.
pub(crate) fn check(s: &Snapshot) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut versions: HashMap<&str, &Version> = HashMap::new();
    for v in &s.versions {
        if versions.insert(v.id.as_str(), v).is_some() {
            let what = "appears twice".to_string();
            breaks.push(brk(
                Some(v.assessment.as_str()),
                Some(v.id.as_str()),
                None,
                what,
            ));
        }
    }
    let mut assessments: HashMap<&str, &Assessment> = HashMap::new();
    for a in &s.assessments {
        if assessments.insert(a.id.as_str(), a).is_some() {
            breaks.push(brk(Some(a.id.as_str()), None, None, "appears twice".into()));
        }
    }
    for v in &s.versions {
        check_version(v, &versions, &assessments, &mut breaks);
    }
    let replays = replay(&s.events, &versions, &assessments, &mut breaks);
    for a in &s.assessments {
        check_assessment(a, replays.get(a.id.as_str()), &versions, &mut breaks);
    }
    let in_history: HashSet<&str> = replays
        .values()
        .flat_map(|r| r.history.iter().copied())
        .collect();
    for v in &s.versions {
        if !in_history.contains(v.id.as_str()) {
            let what = "is not in any assessment's history in the event log".to_string();
            breaks.push(brk(
                Some(v.assessment.as_str()),
                Some(v.id.as_str()),
                None,
                what,
            ));
        }
    }
    breaks
}

fn check_version(
    v: &Version,
    versions: &HashMap<&str, &Version>,
    assessments: &HashMap<&str, &Assessment>,
    breaks: &mut Vec<Break>,
) {
    let (a, id) = (v.assessment.as_str(), v.id.as_str());
    let mut fail = |what: String| breaks.push(brk(Some(a), Some(id), None, what));
    match version_hash(v) {
        Ok(h) if h == id => {}
        Ok(h) => fail(format!("content does not match its id (it hashes to {h})")),
        Err(e) => fail(format!("cannot be serialised to check its id ({e})")),
    }
    if !assessments.contains_key(a) {
        fail("belongs to an assessment that is not in the record".into());
    }
    match (&v.parent, v.number) {
        (None, 1) => {}
        (None, n) => fail(format!("is number {n} but has no parent")),
        (Some(p), n) => match versions.get(p.as_str()) {
            None => fail(format!("its parent {p} is missing")),
            Some(pv) if pv.assessment != v.assessment => {
                fail(format!("its parent {p} belongs to another assessment"))
            }
            Some(pv) if pv.number.checked_add(1) != Some(n) => fail(format!(
                "is number {n} but its parent is number {}",
                pv.number
            )),
            Some(_) => {}
        },
    }
    if !is_timestamp(&v.created_at) {
        fail(format!(
            "creation time '{}' is not RFC 3339 UTC",
            v.created_at
        ));
    }
    match (v.status, &v.signature) {
        (Status::Draft, None) => {}
        (Status::Signed, Some(sig)) => {
            if !is_sha256_hex(&sig.pdf_sha256) {
                fail("signed, but its PDF SHA-256 is not 64 lowercase hex digits".into());
            }
            if let Err(e) = check_certificate_pem(&sig.certificate_pem) {
                fail(format!("signed, but its certificate does not parse: {e}"));
            }
            if !is_timestamp(&sig.signed_at) {
                fail("signed, but its signing time is not RFC 3339 UTC".into());
            }
        }
        (Status::Signed, None) => fail("is marked signed but carries no signature".into()),
        (status, _) => fail(format!("has status {status}, which a version cannot have")),
    }
}

/// The status an event of `kind` must leave, given the status before it.
fn expected_status(kind: EventKind, before: Option<Status>, after: Status) -> bool {
    match kind {
        EventKind::Created | EventKind::Answered => after == Status::Draft,
        EventKind::Signed => after == Status::Signed,
        EventKind::Withdrawn => after == Status::Withdrawn,
        EventKind::Superseded => after == Status::Superseded,
        EventKind::StatusChanged => matches!(after, Status::Draft | Status::ReadyForSignoff),
        EventKind::Exported | EventKind::Imported => before == Some(after),
    }
}

fn replay<'s>(
    events: &'s [Event],
    versions: &HashMap<&str, &'s Version>,
    assessments: &HashMap<&str, &Assessment>,
    breaks: &mut Vec<Break>,
) -> HashMap<&'s str, Replay<'s>> {
    let mut replays: HashMap<&str, Replay<'_>> = HashMap::new();
    let mut expected_seq = 1u64;
    let mut prev: Option<&str> = None;
    for e in events {
        let a = e.assessment.as_str();
        let v = e.version.as_ref().map(|v| v.as_str());
        let mut fail = |what: String| breaks.push(brk(Some(a), v, Some(e.seq), what));
        if e.seq != expected_seq {
            fail(format!(
                "has sequence number {}, expected {expected_seq}",
                e.seq
            ));
        }
        expected_seq = e.seq.saturating_add(1);
        if e.prev.as_deref() != prev {
            fail("its previous-event hash does not match the event before it".into());
        }
        match event_hash(e) {
            Ok(h) if h == e.hash => {}
            Ok(_) => fail("content does not match its hash".into()),
            Err(err) => fail(format!("cannot be serialised to check its hash ({err})")),
        }
        prev = Some(&e.hash);
        if !is_timestamp(&e.at) {
            fail(format!("time '{}' is not RFC 3339 UTC", e.at));
        }
        if !assessments.contains_key(a) {
            fail("refers to an assessment that is not in the record".into());
        }
        let version = v.and_then(|id| versions.get(id).copied());
        match (v, version) {
            (Some(_), None) => fail("refers to a version that is not in the record".into()),
            (Some(_), Some(ver)) if ver.assessment != e.assessment => {
                fail("refers to a version of another assessment".into())
            }
            (None, _) => fail("names no version".into()),
            _ => {}
        }
        let r = replays.entry(a).or_default();
        if e.kind == EventKind::Created {
            if r.created || !r.history.is_empty() {
                fail("is a second 'created' event for the assessment".into());
            }
            r.created = true;
        } else if !r.created {
            fail("comes before the assessment's 'created' event".into());
        }
        if !expected_status(e.kind, r.status, e.status) {
            fail(format!(
                "{:?} event cannot leave status {}",
                e.kind, e.status
            ));
        }
        if e.kind.adds_version() {
            if let (Some(id), Some(ver)) = (v, version) {
                if ver.status != e.status {
                    fail(format!(
                        "version has status {}, event says {}",
                        ver.status, e.status
                    ));
                }
                r.history.push(id);
            }
        }
        r.status = Some(e.status);
        if e.kind != EventKind::Exported {
            r.updated_at = Some(&e.at);
        }
    }
    replays
}

fn check_assessment(
    a: &Assessment,
    replay: Option<&Replay<'_>>,
    versions: &HashMap<&str, &Version>,
    breaks: &mut Vec<Break>,
) {
    let id = a.id.as_str();
    let mut fail = |what: String| breaks.push(brk(Some(id), None, None, what));
    let identity = Identity {
        title: &a.title,
        tool_path: &a.tool_path,
        tool_fingerprint: &a.tool_fingerprint,
        nonce: &a.nonce,
        created_at: &a.created_at,
        created_by: &a.created_by,
    };
    match assessment_id(&identity) {
        Ok(h) if h == id => {}
        Ok(_) => fail("title, tool, author or creation time do not match the assessment id".into()),
        Err(e) => fail(format!("cannot be serialised to check its id ({e})")),
    }
    let Some(r) = replay else {
        fail("has no events in the log".into());
        return;
    };
    if r.history.last().copied() != Some(a.head.as_str()) {
        fail(format!(
            "head {} is not the last version in the event log",
            a.head
        ));
    }
    if r.history.len() as u64 != a.versions {
        let n = r.history.len();
        fail(format!(
            "claims {} versions, the event log has {n}",
            a.versions
        ));
    }
    if r.status != Some(a.status) {
        fail(format!("status {} differs from the event log", a.status));
    }
    if r.updated_at != Some(a.updated_at.as_str()) {
        fail(format!(
            "update time {} differs from the event log",
            a.updated_at
        ));
    }
    // Follow parent links from the head; they must give the event log's history.
    let mut chain = Vec::new();
    let mut next = Some(a.head.as_str());
    while let Some(vid) = next {
        if chain.len() > versions.len() {
            fail("parent links form a cycle".into());
            return;
        }
        chain.push(vid);
        next = versions
            .get(vid)
            .and_then(|v| v.parent.as_ref().map(|p| p.as_str()));
    }
    chain.reverse();
    if chain != r.history {
        fail("the versions' parent links do not give the history in the event log".into());
    }
}
