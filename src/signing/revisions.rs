//! Several signatures in one PDF: each signature covers its own revision, and what the later
//! incremental updates may change is limited to adding signatures (the ISO 32000 rule for
//! "form filling and signing", as Adobe and pyHanko apply it to approval signatures).
//! [`later_changes`] compares the document as a signer signed it with the document as it is
//! now and lists every change that is not part of a further signature:
//!
//! - new signature dictionaries, and new signature fields (or a field that was empty and is
//!   now filled: it gains `/V` and an appearance, nothing else);
//! - new objects reachable only from those fields' appearances (form XObjects, fonts);
//! - the catalog gaining `/AcroForm`, the AcroForm gaining fields, a page's `/Annots`
//!   gaining widgets of new signature fields;
//! - the Info dictionary's `/ModDate` and `/Producer`; cross-reference streams.
//!
//! Anything else (page content, another annotation, a removed object, the Keywords that name
//! the assessment) is a change the earlier signer did not approve.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeSet, HashSet};

/// The changes from `signed` (the document at the end of a signed revision) to `now` that
/// are not part of a further signature, in words. Empty: only signatures were added.
pub fn later_changes(signed: &Document, now: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let changed: Vec<ObjectId> = now
        .objects
        .iter()
        .filter(|(id, o)| signed.objects.get(id) != Some(o))
        .map(|(id, _)| *id)
        .collect();
    for id in signed.objects.keys() {
        if !now.objects.contains_key(id) {
            problems.push(format!("object {} {} was removed", id.0, id.1));
        }
    }
    let is_new = |id: &ObjectId| !signed.objects.contains_key(id);
    // Signature fields that are new, or were empty and are filled now.
    let mut sig_fields: HashSet<ObjectId> = HashSet::new();
    for id in &changed {
        let Some(d) = dict(now, *id) else { continue };
        if !is_signature_field(d) {
            continue;
        }
        match dict(signed, *id) {
            None => {
                sig_fields.insert(*id);
            }
            Some(before) if field_filled(before, d) => {
                sig_fields.insert(*id);
            }
            Some(_) => problems.push(format!(
                "the signature field '{}' was changed after it was signed",
                field_name(d)
            )),
        }
    }
    let appearance = reachable_from_appearances(now, &sig_fields);
    let new_sig_dicts: HashSet<ObjectId> = sig_fields
        .iter()
        .filter_map(|f| dict(now, *f)?.get(b"V").ok()?.as_reference().ok())
        .collect();
    for id in &changed {
        if sig_fields.contains(id) {
            continue;
        }
        let new = is_new(id);
        let Some(obj) = now.objects.get(id) else {
            continue;
        };
        let allowed = if new {
            new_sig_dicts.contains(id)
                || appearance.contains(id)
                || obj_type(obj) == Some(b"XRef".as_slice())
        } else {
            changed_object_allowed(signed, now, *id, &sig_fields)
        };
        if !allowed {
            problems.push(describe(now, *id, new));
        }
    }
    problems
}

fn dict(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    match doc.objects.get(&id)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn obj_type(obj: &Object) -> Option<&[u8]> {
    let d = match obj {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    d.get(b"Type").and_then(Object::as_name).ok()
}

fn is_signature_field(d: &Dictionary) -> bool {
    d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
}

fn field_name(d: &Dictionary) -> String {
    d.get(b"T")
        .and_then(Object::as_str)
        .map(super::pdf_objects::decode_text)
        .unwrap_or_else(|_| "(unnamed)".into())
}

/// An empty signature field that gained `/V` and an appearance and nothing else.
fn field_filled(before: &Dictionary, after: &Dictionary) -> bool {
    if before.has(b"V") || !after.has(b"V") {
        return false;
    }
    without(before, &[b"AP", b"V"]) == without(after, &[b"AP", b"V"])
}

fn without(d: &Dictionary, keys: &[&[u8]]) -> Dictionary {
    let mut out = d.clone();
    for k in keys {
        out.remove(k);
    }
    out
}

/// Objects reachable from the `/AP` of the given fields (appearance streams, their
/// resources and fonts).
fn reachable_from_appearances(doc: &Document, fields: &HashSet<ObjectId>) -> BTreeSet<ObjectId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<Object> = fields
        .iter()
        .filter_map(|f| dict(doc, *f)?.get(b"AP").ok().cloned())
        .collect();
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) if seen.insert(id) => {
                if let Some(o) = doc.objects.get(&id) {
                    todo.push(o.clone());
                }
            }
            Object::Array(items) => todo.extend(items),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    seen
}

/// Whether an object that existed when the document was signed changed only as adding a
/// signature requires.
fn changed_object_allowed(
    signed: &Document,
    now: &Document,
    id: ObjectId,
    sig_fields: &HashSet<ObjectId>,
) -> bool {
    let (Some(before), Some(after)) = (signed.objects.get(&id), now.objects.get(&id)) else {
        return false;
    };
    let adds_only_fields = |old: &[Object], new: &[Object]| {
        new.len() >= old.len()
            && new[..old.len()] == *old
            && new[old.len()..]
                .iter()
                .all(|o| o.as_reference().is_ok_and(|r| sig_fields.contains(&r)))
    };
    match (before, after) {
        (Object::Array(old), Object::Array(new)) => adds_only_fields(old, new),
        (Object::Dictionary(old), Object::Dictionary(new)) => {
            let kind = new.get(b"Type").and_then(Object::as_name).ok();
            let list = |d: &Dictionary, key: &[u8]| -> Vec<Object> {
                d.get(key)
                    .and_then(Object::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            match kind {
                Some(b"Catalog") => {
                    without(old, &[b"AcroForm"]) == without(new, &[b"AcroForm"])
                        && (!old.has(b"AcroForm")
                            || old.get(b"AcroForm").ok() == new.get(b"AcroForm").ok())
                }
                Some(b"Page") => {
                    without(old, &[b"Annots"]) == without(new, &[b"Annots"])
                        && (new.get(b"Annots").ok() == old.get(b"Annots").ok()
                            || adds_only_fields(&list(old, b"Annots"), &list(new, b"Annots")))
                }
                _ if new.has(b"Fields") => {
                    without(old, &[b"Fields", b"SigFlags"])
                        == without(new, &[b"Fields", b"SigFlags"])
                        && adds_only_fields(&list(old, b"Fields"), &list(new, b"Fields"))
                }
                _ if is_info(now, id) => {
                    without(old, &[b"ModDate", b"Producer"])
                        == without(new, &[b"ModDate", b"Producer"])
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_info(doc: &Document, id: ObjectId) -> bool {
    doc.trailer.get(b"Info").and_then(Object::as_reference).ok() == Some(id)
}

fn describe(doc: &Document, id: ObjectId, new: bool) -> String {
    let what = doc
        .objects
        .get(&id)
        .and_then(obj_type)
        .map(|t| String::from_utf8_lossy(t).into_owned());
    let what = match (what.as_deref(), is_info(doc, id)) {
        (_, true) => "the document information (title, keywords, …)".to_string(),
        (Some("Page"), _) => format!("a page (object {})", id.0),
        (Some("Annot"), _) => format!("an annotation (object {})", id.0),
        (Some(t), _) => format!("object {} ({t})", id.0),
        (None, _) => format!("object {}", id.0),
    };
    if new {
        format!("{what} was added")
    } else {
        format!("{what} was changed")
    }
}
