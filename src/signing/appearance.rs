//! The visible signature of a signer who signs an already signed report. The page content
//! belongs to the first signer's signed revision and cannot change, so the second signer's
//! block is drawn by the signature widget's appearance: a form XObject. The caller renders
//! the block as a one-page PDF (drawn at the box's place on the page, with the report's own
//! renderer and fonts); [`from_page`] takes that page's content and the objects its resources
//! need (fonts, font files) and renumbers them for the incremental update.

use super::pdf_objects::write_object_at;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

/// A form XObject and the objects it uses, numbered for an incremental update.
#[derive(Debug, Clone)]
pub struct Appearance {
    /// The object number of the form XObject.
    pub form: u32,
    /// Every object to write: the form first, then its resources.
    pub objects: Vec<(u32, Object)>,
}

/// The appearance drawing page 1 of `page_pdf` inside `rect` (page coordinates), numbered
/// from `first`.
pub fn from_page(page_pdf: &[u8], rect: [f32; 4], first: u32) -> Result<Appearance, String> {
    let doc = Document::load_mem(page_pdf)
        .map_err(|e| format!("the appearance PDF is unreadable ({e})"))?;
    let page_id = *doc
        .get_pages()
        .get(&1)
        .ok_or("the appearance PDF has no page")?;
    let content = doc.get_page_content(page_id);
    if content.is_empty() {
        return Err("the appearance page has no readable content".into());
    }
    let page = doc
        .get_dictionary(page_id)
        .map_err(|e| format!("the appearance page is unreadable ({e})"))?;
    let resources = match page.get(b"Resources") {
        Ok(Object::Reference(id)) => doc
            .get_dictionary(*id)
            .map_err(|e| format!("the appearance resources are unreadable ({e})"))?
            .clone(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    // Number every object the resources reach, in a stable order.
    let mut numbers: BTreeMap<ObjectId, u32> = BTreeMap::new();
    let mut todo: Vec<Object> = resources.iter().map(|(_, v)| v.clone()).collect();
    let mut next = first + 1;
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) => {
                if let std::collections::btree_map::Entry::Vacant(e) = numbers.entry(id) {
                    e.insert(next);
                    next += 1;
                    if let Ok(o) = doc.get_object(id) {
                        todo.push(o.clone());
                    }
                }
            }
            Object::Array(items) => todo.extend(items),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    form.set(
        "BBox",
        Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
    );
    form.set(
        "Resources",
        renumber(Object::Dictionary(resources), &numbers),
    );
    let mut objects = vec![(first, Object::Stream(lopdf::Stream::new(form, content)))];
    for (old, new) in &numbers {
        let obj = doc
            .get_object(*old)
            .map_err(|e| format!("the appearance refers to a missing object ({e})"))?;
        objects.push((*new, renumber(obj.clone(), &numbers)));
    }
    // Check every object can be written before promising it.
    let mut scratch = Vec::new();
    for (n, o) in &objects {
        write_object_at(&mut scratch, (*n, 0), o)?;
    }
    Ok(Appearance {
        form: first,
        objects,
    })
}

fn renumber(obj: Object, numbers: &BTreeMap<ObjectId, u32>) -> Object {
    match obj {
        Object::Reference(id) => Object::Reference((numbers.get(&id).copied().unwrap_or(0), 0)),
        Object::Array(items) => {
            Object::Array(items.into_iter().map(|o| renumber(o, numbers)).collect())
        }
        Object::Dictionary(d) => Object::Dictionary(renumber_dict(d, numbers)),
        Object::Stream(mut s) => {
            s.dict = renumber_dict(s.dict, numbers);
            Object::Stream(s)
        }
        other => other,
    }
}

fn renumber_dict(d: Dictionary, numbers: &BTreeMap<ObjectId, u32>) -> Dictionary {
    let mut out = Dictionary::new();
    for (k, v) in d.into_iter() {
        out.set(k, renumber(v, numbers));
    }
    out
}
