//! The signature fields of a PDF as the incremental update sees them: the AcroForm (its own
//! object, inline in the catalog, or missing), the field of a given name, the widget
//! dictionary of a new field, and the pages' `/Annots` that show the widgets.

use super::error::SigningError;
use super::incremental::{pdf_err, Update};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

/// A signature field merged with its widget; `flags` 132 = Print|Locked, 4 = Print.
pub(super) fn widget(name: &str, page: ObjectId, rect: [f32; 4], flags: i64) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Widget".to_vec()));
    d.set("FT", Object::Name(b"Sig".to_vec()));
    d.set("T", Object::string_literal(name));
    d.set("F", Object::Integer(flags));
    d.set("Rect", rect_object(rect));
    d.set("P", Object::Reference(page));
    d
}

pub(super) fn rect_object(rect: [f32; 4]) -> Object {
    Object::Array(rect.iter().map(|v| Object::Real(*v)).collect())
}

pub(super) fn rect_of(d: &Dictionary) -> Option<[f32; 4]> {
    let items = d.get(b"Rect").ok()?.as_array().ok()?;
    let nums: Vec<f32> = items.iter().filter_map(|o| o.as_float().ok()).collect();
    <[f32; 4]>::try_from(nums).ok()
}

pub(super) fn page_id(doc: &Document, index: usize) -> Result<ObjectId, SigningError> {
    let number = index as u32 + 1;
    doc.get_pages()
        .get(&number)
        .copied()
        .ok_or_else(|| pdf_err(format!("the PDF has no page {number}")))
}

/// The document's AcroForm, if it has one.
pub(super) struct Form {
    /// Where the AcroForm dictionary lives: its own object, or inline in the catalog.
    id: Option<ObjectId>,
    dict: Option<Dictionary>,
}

impl Form {
    pub(super) fn read(doc: &Document, catalog: &Dictionary) -> Result<Form, SigningError> {
        Ok(match catalog.get(b"AcroForm") {
            Err(_) => Form {
                id: None,
                dict: None,
            },
            Ok(Object::Reference(id)) => Form {
                id: Some(*id),
                dict: Some(
                    doc.get_dictionary(*id)
                        .map_err(|_| pdf_err("the AcroForm cannot be read"))?
                        .clone(),
                ),
            },
            Ok(Object::Dictionary(d)) => Form {
                id: None,
                dict: Some(d.clone()),
            },
            Ok(_) => return Err(pdf_err("the catalog's /AcroForm is not a dictionary")),
        })
    }

    fn fields(&self) -> Vec<Object> {
        self.dict
            .as_ref()
            .and_then(|d| d.get(b"Fields").ok())
            .and_then(|f| f.as_array().ok())
            .cloned()
            .unwrap_or_default()
    }

    /// The top-level field named `name` with its dictionary.
    pub(super) fn field(&self, doc: &Document, name: &str) -> Option<(ObjectId, Dictionary)> {
        self.fields().iter().find_map(|f| {
            let id = f.as_reference().ok()?;
            let d = doc.get_dictionary(id).ok()?;
            let t = d.get(b"T").and_then(Object::as_str).ok()?;
            (super::pdf_objects::decode_text(t) == name).then(|| (id, d.clone()))
        })
    }

    /// Writes the AcroForm (and the catalog when needed) with `new` fields added.
    pub(super) fn add_fields(
        &self,
        up: &mut Update,
        take: &mut dyn FnMut() -> u32,
        root: ObjectId,
        mut catalog: Dictionary,
        new: &[(ObjectId, ObjectId)],
    ) -> Result<(), SigningError> {
        let mut dict = self.dict.clone().unwrap_or_default();
        let mut list = self.fields();
        list.extend(new.iter().map(|(f, _)| Object::Reference(*f)));
        dict.set("Fields", Object::Array(list));
        dict.set("SigFlags", Object::Integer(3));
        match (self.id, &self.dict) {
            (Some(id), _) => up.object(id, &Object::Dictionary(dict)),
            (None, Some(_)) => {
                catalog.set("AcroForm", Object::Dictionary(dict));
                up.object(root, &Object::Dictionary(catalog))
            }
            (None, None) => {
                let id = (take(), 0);
                up.object(id, &Object::Dictionary(dict))?;
                catalog.set("AcroForm", Object::Reference(id));
                up.object(root, &Object::Dictionary(catalog))
            }
        }
    }
}

/// New revisions of the pages (or their `/Annots` arrays) with the new widgets added.
pub(super) fn add_annotations(
    doc: &Document,
    up: &mut Update,
    new: &[(ObjectId, ObjectId)],
) -> Result<(), SigningError> {
    let mut by_page: BTreeMap<ObjectId, Vec<Object>> = BTreeMap::new();
    for (field, page) in new {
        by_page
            .entry(*page)
            .or_default()
            .push(Object::Reference(*field));
    }
    for (page_id, widgets) in by_page {
        let mut page = doc
            .get_dictionary(page_id)
            .map_err(|_| pdf_err(format!("page object {} cannot be read", page_id.0)))?
            .clone();
        match page.get(b"Annots") {
            Err(_) => {
                page.set("Annots", Object::Array(widgets));
                up.object(page_id, &Object::Dictionary(page))?;
            }
            Ok(Object::Array(existing)) => {
                let mut annots = existing.clone();
                annots.extend(widgets);
                page.set("Annots", Object::Array(annots));
                up.object(page_id, &Object::Dictionary(page))?;
            }
            Ok(Object::Reference(id)) => {
                let mut annots = doc
                    .get_object(*id)
                    .and_then(Object::as_array)
                    .map_err(|_| pdf_err("the page's /Annots array cannot be read"))?
                    .clone();
                annots.extend(widgets);
                up.object(*id, &Object::Array(annots))?;
            }
            Ok(_) => return Err(pdf_err("the page's /Annots is not an array")),
        }
    }
    Ok(())
}
