//! The pure chain check, shared by the audit (over what sled holds), the import (over a JSON
//! export, before anything is written), the migration (over a schema 1 record, before it is
//! rewritten) and every rewrite (over its result, before it replaces the database). It
//! recomputes every version id, scan id and event hash, follows every parent link, replays
//! the event log (`super::replay`) to re-derive each assessment's history, head, version
//! count, status and update time, and compares them with what is stored. It reports every
//! break it finds; it never stops at the first one.

use super::canonical::{
    assessment_id, check_certificate_pem, to_canonical, version_hash, Identity,
};
use super::dates::is_timestamp;
use super::model::{Assessment, Break, Event, Status};
use super::replay::{replay, Replay};
use super::stored::StoredVersion;
use std::collections::{HashMap, HashSet};

/// Everything the record holds, parsed.
#[derive(Debug, Default, Clone)]
pub(crate) struct Snapshot {
    pub assessments: Vec<Assessment>,
    pub versions: Vec<StoredVersion>,
    /// Stored scans by the key they are stored under.
    pub scans: Vec<(String, serde_json::Value)>,
    pub events: Vec<Event>,
}

/// What the check demands beyond the chain itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules<'a> {
    /// Version ids recomputed from the stored form, or (for schema 1, whose versions held
    /// their scan) given: version id → the hash of its schema 1 form.
    pub ids: Option<&'a HashMap<String, String>>,
    /// Scans must hold masked examples only (not so in schema 1).
    pub masked_scans: bool,
}

impl Rules<'_> {
    /// The rules of the current schema.
    pub(crate) const CURRENT: Rules<'static> = Rules {
        ids: None,
        masked_scans: true,
    };
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

/// Checks a snapshot under the current schema's rules; returns every break found.
pub(crate) fn check(s: &Snapshot) -> Vec<Break> {
    check_with(s, Rules::CURRENT)
}

/// Checks a snapshot under `rules`; returns every break found.
pub(crate) fn check_with(s: &Snapshot, rules: Rules<'_>) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut versions: HashMap<&str, &StoredVersion> = HashMap::new();
    for v in &s.versions {
        if versions.insert(v.id.as_str(), v).is_some() {
            let what = "appears twice".to_string();
            let (a, id) = (v.assessment.as_str(), v.id.as_str());
            breaks.push(brk(Some(a), Some(id), None, what));
        }
    }
    let mut assessments: HashMap<&str, &Assessment> = HashMap::new();
    for a in &s.assessments {
        if assessments.insert(a.id.as_str(), a).is_some() {
            breaks.push(brk(Some(a.id.as_str()), None, None, "appears twice".into()));
        }
    }
    let scans = check_scans(s, rules, &mut breaks);
    for v in &s.versions {
        check_version(v, rules, &versions, &assessments, &scans, &mut breaks);
    }
    let replays = replay(&s.events, &versions, &assessments, &mut breaks);
    for a in &s.assessments {
        check_assessment(a, replays.get(a.id.as_str()), &versions, &mut breaks);
        check_links(a, &replays, &mut breaks);
    }
    let in_history: HashSet<&str> = replays
        .values()
        .flat_map(|r| r.history.iter().map(String::as_str))
        .collect();
    for v in &s.versions {
        if !in_history.contains(v.id.as_str()) {
            let what = "is not in any assessment's history in the event log".to_string();
            let (a, id) = (v.assessment.as_str(), v.id.as_str());
            breaks.push(brk(Some(a), Some(id), None, what));
        }
    }
    breaks
}

/// Checks each scan's id and masking; returns the set of scan ids held.
fn check_scans<'s>(s: &'s Snapshot, rules: Rules<'_>, breaks: &mut Vec<Break>) -> HashSet<&'s str> {
    let used: HashSet<&str> = s
        .versions
        .iter()
        .map(|v| v.content.scan_sha256.as_str())
        .collect();
    let mut held = HashSet::new();
    for (key, scan) in &s.scans {
        let mut fail =
            |what: String| breaks.push(brk(None, None, None, format!("scan {key}: {what}")));
        if !held.insert(key.as_str()) {
            fail("appears twice".into());
        }
        match to_canonical(scan) {
            Ok(text) if crate::digest::sha256_hex(text.as_bytes()) == *key => {}
            Ok(_) => fail("content does not match its id".into()),
            Err(e) => fail(format!("cannot be serialised to check its id ({e})")),
        }
        let unmasked = crate::scan::mask::unmasked_in_scan_json(scan);
        if rules.masked_scans && unmasked > 0 {
            fail(format!(
                "holds {unmasked} example value(s) that are not masked"
            ));
        }
        if !used.contains(key.as_str()) {
            fail("is not the scan of any version".into());
        }
    }
    held
}

fn check_version(
    v: &StoredVersion,
    rules: Rules<'_>,
    versions: &HashMap<&str, &StoredVersion>,
    assessments: &HashMap<&str, &Assessment>,
    scans: &HashSet<&str>,
    breaks: &mut Vec<Break>,
) {
    let (a, id) = (v.assessment.as_str(), v.id.as_str());
    let mut fail = |what: String| breaks.push(brk(Some(a), Some(id), None, what));
    let expected = match rules.ids {
        None => version_hash(v).map_err(|e| e.to_string()),
        Some(given) => given
            .get(id)
            .cloned()
            .ok_or_else(|| "no stored form to hash".to_string()),
    };
    match expected {
        Ok(h) if h == id => {}
        Ok(h) => fail(format!("content does not match its id (it hashes to {h})")),
        Err(e) => fail(format!("cannot be serialised to check its id ({e})")),
    }
    if !scans.contains(v.content.scan_sha256.as_str()) {
        fail(format!("its scan {} is missing", v.content.scan_sha256));
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
            if !crate::digest::is_sha256_hex(&sig.pdf_sha256) {
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

/// A successor names its predecessor in its identity and in its `created` event, and the
/// predecessor's `revised` events name it; an assessment's `successor` is the one its last
/// `revised` event names.
fn check_links(a: &Assessment, replays: &HashMap<&str, Replay<'_>>, breaks: &mut Vec<Break>) {
    let id = a.id.as_str();
    let mut fail = |what: String| breaks.push(brk(Some(id), None, None, what));
    let own = replays.get(id);
    let logged = own.and_then(|r| r.predecessor.as_deref());
    let stored = a.predecessor.as_ref().map(|p| p.as_str());
    if logged != stored {
        fail(format!(
            "its predecessor {} differs from the one its 'created' event names ({})",
            stored.unwrap_or("none"),
            logged.unwrap_or("none")
        ));
    }
    if let Some(p) = stored {
        let named = replays
            .get(p)
            .is_some_and(|r| r.successors.iter().any(|s| s == id));
        if !named {
            fail(format!(
                "its predecessor {p} has no 'revised' event naming it"
            ));
        }
    }
    let last = own.and_then(|r| r.successors.last()).map(String::as_str);
    let successor = a.successor.as_ref().map(|s| s.as_str());
    if last != successor {
        fail(format!(
            "its successor {} differs from the one its last 'revised' event names ({})",
            successor.unwrap_or("none"),
            last.unwrap_or("none")
        ));
    }
}

fn check_assessment(
    a: &Assessment,
    replay: Option<&Replay<'_>>,
    versions: &HashMap<&str, &StoredVersion>,
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
        predecessor: a.predecessor.as_ref().map(|p| p.as_str()),
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
    if r.history.last().map(String::as_str) != Some(a.head.as_str()) {
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
    if !chain
        .iter()
        .copied()
        .eq(r.history.iter().map(String::as_str))
    {
        fail("the versions' parent links do not give the history in the event log".into());
    }
}
