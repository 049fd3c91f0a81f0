//! The questions a custom CNIL template added, written back by `export` as the same
//! questions. The import keeps each answered one as notes (`answer` notes of its id with its
//! text, list or gauge, its `title` and the template `item` it sits in); the export writes
//! its answer under the same id, its comments and evaluations on it, and the template the
//! file carries (`pia.structure_data`): the default template's sections, items and questions
//! (ids, the CNIL tool's i18n title keys, answer types, from `template.toml`) with the custom
//! questions added to their items, so the CNIL tool shows them and a second import reads
//! them as the first did.

use super::export::ExportInput;
use super::export_parts::{Notes, Part};
use super::model::{Section, Structure, StructureItem, StructureQuestion};
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

/// The template the file carries: the default one with `custom` added to their items.
pub(super) fn structure(input: &ExportInput<'_>, custom: &[CustomQuestion]) -> Structure {
    let t = input.template;
    let mut sections: Vec<Section> = Vec::new();
    let add_item = |sections: &mut Vec<Section>, s: i64, i: i64, mode: &str| {
        let section = match sections.iter().position(|x| x.id == Some(s)) {
            Some(n) => n,
            None => {
                sections.push(Section {
                    id: Some(s),
                    title: Some(format!("sections.{s}.title")),
                    items: Vec::new(),
                });
                sections.len() - 1
            }
        };
        if let Some(sec) = sections.get_mut(section) {
            if !sec.items.iter().any(|x| x.id == Some(i)) {
                sec.items.push(StructureItem {
                    id: Some(i),
                    title: Some(format!("sections.{s}.items.{i}.title")),
                    evaluation_mode: Some(mode.to_string()),
                    questions: Vec::new(),
                });
            }
        }
    };
    for item in &t.items {
        if let Some((s, i)) = numbers(&item.id) {
            add_item(&mut sections, s, i, &item.evaluation);
        }
    }
    for c in custom {
        if let Some((s, i)) = numbers(&c.item) {
            add_item(&mut sections, s, i, "item");
        }
    }
    let push =
        |sections: &mut Vec<Section>, item: &str, id: i64, title: Option<String>, kind: &str| {
            let Some((s, i)) = numbers(item) else {
                return;
            };
            let Some(it) = sections
                .iter_mut()
                .find(|x| x.id == Some(s))
                .and_then(|sec| sec.items.iter_mut().find(|x| x.id == Some(i)))
            else {
                return;
            };
            let n = it.questions.len() + 1;
            it.questions.push(StructureQuestion {
                id: Some(id),
                title: Some(
                    title.unwrap_or_else(|| format!("sections.{s}.items.{i}.questions.{n}.title")),
                ),
                answer_type: Some(kind.to_string()),
            });
        };
    for q in &t.questions {
        push(&mut sections, &q.item, q.id, None, "text");
    }
    for r in &t.risks {
        for (n, id) in r.questions().into_iter().enumerate() {
            push(
                &mut sections,
                &r.item,
                id,
                None,
                if n < 4 { "list" } else { "gauge" },
            );
        }
    }
    for c in custom {
        push(&mut sections, &c.item, c.id, Some(c.title.clone()), c.kind);
    }
    sections.sort_by_key(|s| s.id);
    for s in &mut sections {
        s.items.sort_by_key(|i| i.id);
    }
    Structure { sections }
}
