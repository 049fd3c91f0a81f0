//! The CNIL tool's default template as the tool itself holds it (`architecture.json`, its
//! `src/assets/files/pia_architecture.json`, source and commit in
//! `tests/fixtures/cnil/real/README.md`): the template an export carries when a PIA has
//! questions of a custom template. The CNIL tool draws such a PIA from the template it
//! carries alone, so the template must be whole: the measures item is found by
//! `is_measure`, the risk gauges by `evaluation_with_gauge`, the risk map by each gauge
//! question's `cartography` (without it the tool's risk map fails), the help texts by
//! `short_help`. Checked when loaded: every item and question `template.toml` names is in it.

use super::model::{Structure, StructureQuestion};
use super::template::Template;
use crate::location::FileProblem;

/// The file's name and text.
const FILE: (&str, &str) = (
    "src/exchange/cnil/architecture.json",
    include_str!("architecture.json"),
);

/// The CNIL tool's default template, checked against the mapping `template`.
pub(super) fn builtin(template: &Template) -> Result<Structure, Vec<FileProblem>> {
    parse(FILE.0, FILE.1, template)
}

/// Parses a template in the CNIL tool's shape and checks that it has every item and question
/// of `template`.
pub(super) fn parse(
    file: &str,
    text: &str,
    template: &Template,
) -> Result<Structure, Vec<FileProblem>> {
    let problem = |line: Option<u64>, message: String| FileProblem {
        file: file.to_string(),
        line,
        message,
    };
    let structure: Structure = serde_json::from_str(text)
        .map_err(|e| vec![problem(Some(e.line() as u64), e.to_string())])?;
    let mut problems = Vec::new();
    let line_of = |needle: &str| {
        text.find(needle)
            .map(|at| crate::location::line_at(text, at))
    };
    for item in &template.items {
        if item_of(&structure, &item.id).is_none() {
            problems.push(problem(None, format!("has no item {}", item.id)));
        }
    }
    let ids = template
        .questions
        .iter()
        .map(|q| (q.id, q.item.as_str()))
        .chain(
            template
                .risks
                .iter()
                .flat_map(|r| r.questions().map(|id| (id, r.item.as_str()))),
        );
    for (id, item) in ids {
        let found = item_of(&structure, item)
            .into_iter()
            .flat_map(|i| &i.questions)
            .any(|q| q.id == Some(id));
        if !found {
            problems.push(problem(
                line_of(&format!("\"id\": {id}")),
                format!("has no question {id} in item {item}"),
            ));
        }
    }
    for risk in &template.risks {
        for id in [risk.severity, risk.likelihood] {
            let cartography = item_of(&structure, &risk.item)
                .into_iter()
                .flat_map(|i| &i.questions)
                .find(|q| q.id == Some(id))
                .and_then(|q| q.rest.get("cartography"));
            if cartography.is_none() {
                problems.push(problem(
                    line_of(&format!("\"id\": {id}")),
                    format!("gauge question {id} has no cartography (the CNIL risk map needs it)"),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(structure)
    } else {
        Err(problems)
    }
}

/// The item `section.item` (`3.2`).
fn item_of<'s>(structure: &'s Structure, id: &str) -> Option<&'s super::model::StructureItem> {
    let (s, i) = id.split_once('.')?;
    let (s, i): (i64, i64) = (s.parse().ok()?, i.parse().ok()?);
    structure
        .sections
        .iter()
        .find(|x| x.id == Some(s))?
        .items
        .iter()
        .find(|x| x.id == Some(i))
}

/// A question a custom template adds, as the CNIL tool's template editor writes one
/// (`answer-structure.service.ts` `addQuestion`): a text question with its title, no
/// knowledge-base links or placeholder. The CNIL tool only makes text questions; a list is
/// kept as `list` (the tool shows any question's tags), a gauge as text with its level in the
/// answer, since a gauge question without a `cartography` stops the tool's risk map.
pub(super) fn custom_question(id: i64, title: &str, kind: &str) -> StructureQuestion {
    let mut rest = serde_json::Map::new();
    rest.insert("link_knowledge_base".into(), serde_json::json!([]));
    rest.insert("placeholder".into(), serde_json::json!(""));
    rest.insert("answer".into(), serde_json::json!(""));
    rest.insert("active".into(), serde_json::json!(true));
    StructureQuestion {
        id: Some(id),
        title: Some(title.to_string()),
        answer_type: Some(if kind == "list" { "list" } else { "text" }.to_string()),
        rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Template {
        Template::builtin(&crate::questionnaire::builtin().unwrap()).unwrap()
    }

    #[test]
    fn the_shipped_template_is_the_cnil_tools_own() {
        let real = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/cnil/real/pia_architecture.json"),
        )
        .unwrap();
        let real: serde_json::Value = serde_json::from_str(&real).unwrap();
        let ours = serde_json::to_value(builtin(&template()).unwrap()).unwrap();
        assert_eq!(ours, real);
    }

    #[test]
    fn a_template_without_a_question_or_a_cartography_is_refused() {
        let t = template();
        let text = FILE.1.replace("\"id\": 322", "\"id\": 3220");
        let problems = parse("a.json", &text, &t).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("has no question 322 in item 3.2")),
            "{problems:?}"
        );
        let text = FILE.1.replace("\"cartography\": \"risk-change_y\",", "");
        let problems = parse("a.json", &text, &t).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.line.is_some()
                    && p.message.contains("gauge question 336 has no cartography")),
            "{problems:?}"
        );
        let problems = parse("a.json", "{\"sections\": [}", &t).unwrap_err();
        assert_eq!(problems[0].line, Some(1), "{problems:?}");
    }
}
