//! The audit over what sled holds: reads every stored value (assessments, versions, scans,
//! events), reporting unreadable storage, undeserialisable or non-canonical bytes and keys
//! that disagree with their values as breaks, checks the schema version and the log's head
//! pointer, then runs the pure chain check in `verify` on what could be read (which also
//! checks every scan's id and that its examples are masked, and every rewrite's mapping). It cannot fail, and it does not panic: a panic in
//! the storage engine while reading becomes a break too.

use super::canonical::to_canonical;
use super::model::{AuditReport, Break, Event, Status};
use super::store::{EventHead, Store, KEY_EVENT_HEAD, KEY_SCHEMA, SCHEMA_VERSION};
use super::stored::StoredVersion;
use super::verify::{brk, check, Snapshot};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::panic::AssertUnwindSafe;

/// Audits the whole record.
pub(crate) fn audit(store: &Store) -> AuditReport {
    match std::panic::catch_unwind(AssertUnwindSafe(|| audit_inner(store))) {
        Ok(report) => report,
        Err(_) => AuditReport {
            breaks: vec![brk(
                None,
                None,
                None,
                "the storage engine failed while reading the record".into(),
            )],
            ..AuditReport::default()
        },
    }
}

fn audit_inner(store: &Store) -> AuditReport {
    let mut breaks = Vec::new();
    check_schema(store, &mut breaks);
    let mut snapshot = Snapshot::default();
    for (key, value) in read_tree(store, &store.assessments, "assessments", &mut breaks) {
        if let Some(a) = parse::<super::model::Assessment>(&key, &value, &mut breaks, "assessment")
        {
            if key != a.id.as_str().as_bytes() {
                let what = format!("is stored under key {}", String::from_utf8_lossy(&key));
                breaks.push(brk(Some(a.id.as_str()), None, None, what));
            }
            snapshot.assessments.push(a);
        }
    }
    for (key, value) in read_tree(store, &store.versions, "versions", &mut breaks) {
        if let Some(v) = parse::<StoredVersion>(&key, &value, &mut breaks, "version") {
            if key != v.id.as_str().as_bytes() {
                let what = format!("is stored under key {}", String::from_utf8_lossy(&key));
                breaks.push(brk(
                    Some(v.assessment.as_str()),
                    Some(v.id.as_str()),
                    None,
                    what,
                ));
            }
            snapshot.versions.push(v);
        }
    }
    for (key, value) in read_tree(store, &store.scans, "scans", &mut breaks) {
        let key_text = String::from_utf8_lossy(&key).into_owned();
        if let Some(scan) = parse::<serde_json::Value>(&key, &value, &mut breaks, "scan") {
            snapshot.scans.push((key_text, scan));
        }
    }
    for (key, value) in read_tree(store, &store.events, "events", &mut breaks) {
        if let Some(e) = parse::<Event>(&key, &value, &mut breaks, "event") {
            if key != e.seq.to_be_bytes() {
                let what = format!("is stored under key {key:02x?}");
                breaks.push(brk(Some(e.assessment.as_str()), None, Some(e.seq), what));
            }
            snapshot.events.push(e);
        }
    }
    check_event_head(store, snapshot.events.last(), &mut breaks);
    breaks.extend(check(&snapshot));
    breaks.extend(times_going_backwards(&snapshot.events));
    AuditReport {
        breaks,
        assessments: snapshot.assessments.len(),
        versions: snapshot.versions.len(),
        signed_versions: snapshot
            .versions
            .iter()
            .filter(|v| v.status == Status::Signed)
            .count(),
        events: snapshot.events.len(),
        scans: snapshot.scans.len(),
    }
}

/// Events are appended in time order; one dated before the event it follows was written
/// with a wrong (e.g. backdated) clock.
fn times_going_backwards(events: &[Event]) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut latest: Option<(i64, &str)> = None;
    for e in events {
        let Some(at) = crate::calendar::unix_seconds(&e.at) else {
            continue;
        };
        if let Some((before, before_text)) = latest {
            if at < before {
                let what = format!(
                    "its time {} is before the time of an earlier event ({before_text}): the \
                     clock went backwards or the event was backdated",
                    e.at
                );
                breaks.push(brk(Some(e.assessment.as_str()), None, Some(e.seq), what));
                continue;
            }
        }
        latest = Some((at, &e.at));
    }
    breaks
}

fn check_schema(store: &Store, breaks: &mut Vec<Break>) {
    let what = match store.meta.get(KEY_SCHEMA) {
        Err(e) => format!("cannot read the schema version ({e})"),
        Ok(None) => "the schema version is missing".to_string(),
        Ok(Some(bytes)) => match std::str::from_utf8(&bytes).map(str::parse::<u64>) {
            Ok(Ok(v)) if v == SCHEMA_VERSION => return,
            _ => format!(
                "the schema version '{}' is not one this dpia reads",
                String::from_utf8_lossy(&bytes)
            ),
        },
    };
    breaks.push(brk(None, None, None, what));
}

fn check_event_head(store: &Store, last: Option<&Event>, breaks: &mut Vec<Break>) {
    let head = match store.meta.get(KEY_EVENT_HEAD) {
        Err(e) => {
            breaks.push(brk(
                None,
                None,
                None,
                format!("cannot read the log head ({e})"),
            ));
            return;
        }
        Ok(head) => head,
    };
    let head: Option<EventHead> = match head.map(|b| serde_json::from_slice(&b)).transpose() {
        Ok(h) => h,
        Err(e) => {
            breaks.push(brk(
                None,
                None,
                None,
                format!("the log head is unreadable ({e})"),
            ));
            return;
        }
    };
    let what = match (head, last) {
        (None, None) => return,
        (Some(h), Some(e)) if h.seq == e.seq && h.hash == e.hash => return,
        (Some(h), Some(e)) => format!(
            "the log head says event {} but the last stored event is {}: events were removed \
             or added",
            h.seq, e.seq
        ),
        (Some(h), None) => format!("the log head says event {} but the log is empty", h.seq),
        (None, Some(e)) => format!("the log has {} events but no head", e.seq),
    };
    breaks.push(brk(None, None, None, what));
}

/// Every (key, value) of a tree; a read error becomes a break and ends the walk.
fn read_tree(
    store: &Store,
    tree: &sled::Tree,
    name: &str,
    breaks: &mut Vec<Break>,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for item in tree.iter() {
        match item {
            Ok((k, v)) => out.push((k.to_vec(), v.to_vec())),
            Err(e) => {
                let what = format!(
                    "cannot read the {name} tree of {} ({e})",
                    store.path.display()
                );
                breaks.push(brk(None, None, None, what));
                break;
            }
        }
    }
    out
}

/// Parses stored bytes (decompressed, `super::codec`), which must also be in canonical form;
/// problems become breaks naming the key (and the assessment, when it can still be read from
/// the bytes).
fn parse<T: DeserializeOwned + Serialize>(
    key: &[u8],
    stored: &[u8],
    breaks: &mut Vec<Break>,
    what: &str,
) -> Option<T> {
    let key_text = if what == "event" {
        <[u8; 8]>::try_from(key).map_or_else(
            |_| format!("{key:02x?}"),
            |k| u64::from_be_bytes(k).to_string(),
        )
    } else {
        String::from_utf8_lossy(key).into_owned()
    };
    let decoded = super::codec::decode(stored);
    let bytes: &[u8] = decoded.as_deref().unwrap_or(&[]);
    let loose: Option<serde_json::Value> = serde_json::from_slice(bytes).ok();
    let assessment = match what {
        "assessment" => Some(key_text.clone()),
        _ => loose
            .as_ref()
            .and_then(|v| v.get("assessment"))
            .and_then(|v| v.as_str())
            .map(str::to_string),
    };
    let version = (what == "version").then(|| key_text.clone());
    let event = (what == "event").then(|| key_text.parse().ok()).flatten();
    let scan = (what == "scan").then(|| format!("scan {key_text}: "));
    let mut fail = |w: String| {
        let w = format!("{}{w}", scan.as_deref().unwrap_or(""));
        breaks.push(brk(assessment.as_deref(), version.as_deref(), event, w));
    };
    if let Err(e) = &decoded {
        fail(format!("stored {what} bytes are unreadable: {e}"));
        return None;
    }
    match serde_json::from_slice::<T>(bytes) {
        Ok(value) => {
            if to_canonical(&value).ok().as_deref().map(str::as_bytes) != Some(bytes) {
                fail(format!("stored {what} bytes are not in canonical form"));
            }
            Some(value)
        }
        Err(e) => {
            fail(format!("stored {what} bytes are unreadable ({e})"));
            None
        }
    }
}
