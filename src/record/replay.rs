//! Replaying the event log to re-derive what each assessment must look like: its history of
//! versions, status and update time, checking every event's place in the hash chain on the
//! way. A rewrite event (`migrated`, `redacted`) must map exactly the assessment's history
//! up to it (old ids, in order, ending at its recorded old head) to the new chain, and name
//! a log head that is really in the log before it; events before a rewrite name the versions
//! of their time, which are followed through the mappings to the versions stored now.

use super::model::{
    linked, Assessment, Break, Event, EventKind, Status, PREDECESSOR_PREFIX, SUCCESSOR_PREFIX,
};
use super::rewrite::Rewrite;
use super::stored::StoredVersion;
use super::verify::brk;
use std::collections::{HashMap, HashSet};

/// What replaying the log says about one assessment.
#[derive(Default)]
pub(crate) struct Replay<'s> {
    pub created: bool,
    /// Version ids, oldest first, as of the point reached (after the last rewrite: the ids
    /// stored now).
    pub history: Vec<String>,
    pub status: Option<Status>,
    pub updated_at: Option<&'s str>,
    /// The predecessor its `created` event names (a successor started by `dpia revise`).
    pub predecessor: Option<String>,
    /// The successors its `revised` events name, in order (the last is its successor now).
    pub successors: Vec<String>,
}

/// The status an event of `kind` must leave, given the status before it.
fn expected_status(kind: EventKind, before: Option<Status>, after: Status) -> bool {
    match kind {
        EventKind::Created | EventKind::Answered => after == Status::Draft,
        EventKind::Signed => after == Status::Signed,
        EventKind::Withdrawn => after == Status::Withdrawn,
        EventKind::Superseded => after == Status::Superseded,
        EventKind::StatusChanged => matches!(after, Status::Draft | Status::ReadyForSignoff),
        EventKind::Exported
        | EventKind::Imported
        | EventKind::Migrated
        | EventKind::Redacted
        | EventKind::Checked
        | EventKind::Revised => before == Some(after),
    }
}

/// Old version id → the id a rewrite gave it, over the whole log.
fn mappings(events: &[Event], breaks: &mut Vec<Break>) -> HashMap<String, String> {
    let mut alias = HashMap::new();
    for e in events.iter().filter(|e| e.kind.rewrites()) {
        let Some(rw) = Rewrite::from_event(e) else {
            continue;
        };
        for (old, new) in &rw.versions {
            if alias.insert(old.to_string(), new.to_string()).is_some() {
                let what = format!("maps version {old} a second time");
                breaks.push(brk(Some(e.assessment.as_str()), None, Some(e.seq), what));
            }
        }
    }
    alias
}

/// The version stored now that `id` became through later rewrites.
fn resolve<'v>(
    id: &str,
    alias: &HashMap<String, String>,
    versions: &HashMap<&str, &'v StoredVersion>,
) -> Option<&'v StoredVersion> {
    let mut current = id;
    for _ in 0..=alias.len() {
        if let Some(v) = versions.get(current) {
            return Some(v);
        }
        current = alias.get(current)?;
    }
    None
}

pub(crate) fn replay<'s>(
    events: &'s [Event],
    versions: &HashMap<&str, &StoredVersion>,
    assessments: &HashMap<&str, &Assessment>,
    breaks: &mut Vec<Break>,
) -> HashMap<&'s str, Replay<'s>> {
    let alias = mappings(events, breaks);
    let hashes: HashMap<u64, &str> = events.iter().map(|e| (e.seq, e.hash.as_str())).collect();
    let mut replaced: HashSet<String> = HashSet::new();
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
        match super::canonical::event_hash(e) {
            Ok(h) if h == e.hash => {}
            Ok(_) => fail("content does not match its hash".into()),
            Err(err) => fail(format!("cannot be serialised to check its hash ({err})")),
        }
        prev = Some(&e.hash);
        if !super::dates::is_timestamp(&e.at) {
            fail(format!("time '{}' is not RFC 3339 UTC", e.at));
        }
        if !assessments.contains_key(a) {
            fail("refers to an assessment that is not in the record".into());
        }
        if v.is_some_and(|id| replaced.contains(id)) {
            fail("names a version that an earlier rewrite replaced".into());
        }
        let version = v.and_then(|id| resolve(id, &alias, versions));
        match (v, version) {
            (Some(_), None) => fail("refers to a version that is not in the record".into()),
            (Some(_), Some(ver)) if ver.assessment != e.assessment => {
                fail("refers to a version of another assessment".into())
            }
            (None, _) => fail("names no version".into()),
            _ => {}
        }
        if e.kind == EventKind::Checked {
            if super::checks::CheckNote::of(e).is_none() {
                fail("its check result is missing or unreadable".into());
            }
            if version.is_some_and(|ver| ver.signature.is_none()) {
                fail("is a check against a version that is not signed".into());
            }
        }
        let r = replays.entry(a).or_default();
        if e.kind == EventKind::Created {
            if r.created || !r.history.is_empty() {
                fail("is a second 'created' event for the assessment".into());
            }
            r.created = true;
            r.predecessor = linked(e, PREDECESSOR_PREFIX).map(|p| p.to_string());
        } else if !r.created {
            fail("comes before the assessment's 'created' event".into());
        }
        if !expected_status(e.kind, r.status, e.status) {
            fail(format!(
                "{:?} event cannot leave status {}",
                e.kind, e.status
            ));
        }
        if e.kind == EventKind::Revised {
            match linked(e, SUCCESSOR_PREFIX) {
                Some(successor) => r.successors.push(successor.to_string()),
                None => fail("its successor is missing or unreadable".into()),
            }
        }
        if e.kind.rewrites() {
            match Rewrite::from_event(e) {
                Some(rw) => apply_rewrite(e, &rw, r, &hashes, &mut replaced, &mut fail),
                None => fail("its rewrite detail is missing or unreadable".into()),
            }
        } else if e.kind.adds_version() {
            if let (Some(id), Some(ver)) = (v, version) {
                if ver.status != e.status {
                    fail(format!(
                        "version has status {}, event says {}",
                        ver.status, e.status
                    ));
                }
                r.history.push(id.to_string());
            }
        }
        r.status = Some(e.status);
        if !matches!(
            e.kind,
            EventKind::Exported
                | EventKind::Migrated
                | EventKind::Redacted
                | EventKind::Checked
                | EventKind::Revised
        ) {
            r.updated_at = Some(&e.at);
        }
    }
    replays
}

/// Checks a rewrite against the history so far and moves the history to the new chain.
fn apply_rewrite(
    e: &Event,
    rw: &Rewrite,
    r: &mut Replay<'_>,
    hashes: &HashMap<u64, &str>,
    replaced: &mut HashSet<String>,
    fail: &mut impl FnMut(String),
) {
    let olds: Vec<&str> = rw.versions.iter().map(|(o, _)| o.as_str()).collect();
    let news: Vec<String> = rw.versions.iter().map(|(_, n)| n.to_string()).collect();
    if !olds
        .iter()
        .copied()
        .eq(r.history.iter().map(String::as_str))
    {
        fail("its mapping's old ids are not the assessment's versions before it".into());
    }
    if olds.last().copied() != Some(rw.old_head.as_str()) {
        fail(format!(
            "its recorded old head {} is not the last old id of its mapping",
            rw.old_head
        ));
    }
    let new_head = news.last().map(String::as_str);
    if new_head != Some(rw.new_head.as_str()) || e.version.as_ref().map(|v| v.as_str()) != new_head
    {
        fail("its new head is not the last new id of its mapping".into());
    }
    let logged =
        rw.log_head.seq < e.seq && hashes.get(&rw.log_head.seq) == Some(&rw.log_head.hash.as_str());
    if !logged {
        fail(format!(
            "its recorded log head (event {}) is not in the log before it",
            rw.log_head.seq
        ));
    }
    replaced.extend(olds.iter().map(|o| o.to_string()));
    r.history = news;
}
