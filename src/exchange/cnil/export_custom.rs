//! The questions a custom CNIL template added, written back by `export` as the same
//! questions. The import keeps each answered one as notes (`answer` notes of its id with its
//! text, list or gauge, its `title` and the template `item` it sits in); the export writes
//! its answer under the same id, its comments and evaluations on it, and the template the
//! file carries (`pia.structure_data`): the CNIL tool's own default template, whole
//! (drawn by `architecture`), with the custom questions added to their items as the tool's
//! template editor adds them, so the CNIL tool shows them and a second import reads them as
//! the first did.

use super::architecture;
use super::export::ExportInput;
use super::export_parts::{Notes, Part};
use super::model::{Section, Structure, StructureItem};
use super::template::Template;

/// A question of a custom template, as the import kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CustomQuestion {
    pub id: i64,
    /// `1.1`: section and item.
    pub item: String,
    pub title: String,
    /// `text`, `list` or `gauge`.
    pub kind: &'static str,
}

/// The custom questions the notes hold, in their order.
pub(super) fn custom_questions(template: &Template, notes: &Notes<'_>) -> Vec<CustomQuestion> {
    notes
        .keys("answer")
        .into_iter()
        .filter_map(|key| {
            let id = key.parse::<i64>().ok().filter(|id| !template.knows(*id))?;
            let item = notes.get("answer", key, "item")?;
            let kind = if notes.gauge(key).is_some() {
                "gauge"
            } else if notes.get("answer", key, "list").is_some()
                && notes.get("answer", key, "text").is_none()
            {
                "list"
            } else {
                "text"
            };
            Some(CustomQuestion {
                id,
                item: item.to_string(),
                title: notes.get("answer", key, "title").unwrap_or("").to_string(),
                kind,
            })
        })
        .collect()
}

/// Whether `key` (a question id) is one of `custom`.
pub(super) fn is_custom(custom: &[CustomQuestion], key: &str) -> bool {
    key.parse::<i64>()
        .is_ok_and(|id| custom.iter().any(|c| c.id == id))
}

/// Whether an evaluation reference (`1.1.114`) is about one of `custom`.
pub(super) fn is_custom_reference(custom: &[CustomQuestion], reference: &str) -> bool {
    reference.matches('.').count() == 2
        && reference
            .rsplit('.')
            .next()
            .is_some_and(|q| is_custom(custom, q))
}

/// The answers of the custom questions.
pub(super) fn answers(custom: &[CustomQuestion], notes: &Notes<'_>) -> Vec<Part> {
    custom
        .iter()
        .map(|c| {
            let key = c.id.to_string();
            Part {
                id: c.id,
                text: notes.get("answer", &key, "text").unwrap_or("").to_string(),
                list: notes.lines("answer", &key, "list"),
                gauge: notes.gauge(&key),
            }
        })
        .collect()
}

/// `section.item` as numbers.
fn numbers(item: &str) -> Option<(i64, i64)> {
    let (s, i) = item.split_once('.')?;
    Some((s.parse().ok()?, i.parse().ok()?))
}

/// The template the file carries: the CNIL tool's default template, whole, with `custom`
/// added to their items (an item the default template lacks is added to its section, a
/// section to the template).
pub(super) fn structure(input: &ExportInput<'_>, custom: &[CustomQuestion]) -> Structure {
    let mut structure = input.template.architecture.clone();
    for c in custom {
        let Some((s, i)) = numbers(&c.item) else {
            continue;
        };
        let section = match structure.sections.iter().position(|x| x.id == Some(s)) {
            Some(n) => n,
            None => {
                structure.sections.push(Section {
                    id: Some(s),
                    title: Some(format!("sections.{s}.title")),
                    items: Vec::new(),
                    rest: Default::default(),
                });
                structure.sections.len() - 1
            }
        };
        let Some(section) = structure.sections.get_mut(section) else {
            continue;
        };
        let item = match section.items.iter().position(|x| x.id == Some(i)) {
            Some(n) => n,
            None => {
                section.items.push(StructureItem {
                    id: Some(i),
                    title: Some(format!("sections.{s}.items.{i}.title")),
                    evaluation_mode: Some("item".into()),
                    questions: Vec::new(),
                    rest: Default::default(),
                });
                section.items.len() - 1
            }
        };
        if let Some(item) = section.items.get_mut(item) {
            if !item.questions.iter().any(|q| q.id == Some(c.id)) {
                item.questions
                    .push(architecture::custom_question(c.id, &c.title, c.kind));
            }
        }
    }
    structure.sections.sort_by_key(|s| s.id);
    for s in &mut structure.sections {
        s.items.sort_by_key(|i| i.id);
    }
    structure
}
