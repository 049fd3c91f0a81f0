//! The CNIL tool's default template in the tool's own shape (`pia.structure_data`), drawn
//! from dpia's data: the template an export carries when a PIA has questions of a custom
//! template. The CNIL tool draws such a PIA from the template it carries alone, so the
//! template must be whole: the measures item is found by `is_measure`, the risk gauges by
//! `evaluation_with_gauge`, the risk map by each gauge question's `cartography` (without it
//! the tool's risk map fails), the help texts by their translation keys.
//!
//! The facts are the interface the CNIL tool reads (ids, evaluation modes, answer types,
//! measure and gauge flags, cartography, knowledge-base link codes), written as data in
//! `template.toml` beside the mapping; the translation keys are made here from the tool's
//! key pattern (`sections.{s}.items.{i}.questions.{q}.title`, q the question's place in its
//! item). The result is checked in the tests against the tool's own default template
//! (`tests/fixtures/cnil/real/pia_architecture.json`, source and commit in the README
//! there). Problems in the data name `template.toml` and the line.

use super::model::{Section, Structure, StructureItem, StructureQuestion};
use super::template::{Item, Template};
use crate::location::FileProblem;
use serde_json::{json, Map};

/// The answer types of a risk item's questions, in the order of `Risk::questions`.
const RISK_TYPES: [&str; 6] = ["list", "list", "list", "list", "gauge", "gauge"];

/// The default template of `template`, checked: item and question ids follow the tool's
/// numbering, link codes are codes, `help_key_of` names an item.
pub(super) fn build(file: &str, template: &Template) -> Result<Structure, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let mut fail = |line: u64, message: String| {
        problems.push(FileProblem {
            file: file.to_string(),
            line: Some(line),
            message,
        })
    };
    let mut structure = Structure::default();
    for item in &template.items {
        let Some((s, i)) = numbers(&item.id) else {
            fail(
                item.line,
                format!("item '{}' is not section.item (1.1)", item.id),
            );
            continue;
        };
        if let Some(of) = &item.help_key_of {
            if numbers(of).is_none() || template.item(of).is_none() {
                fail(
                    item.line,
                    format!("help_key_of '{of}' is not a listed item"),
                );
            }
        }
        for code in item.links.iter().flatten() {
            check_code(code, item.line, &mut fail);
        }
        let questions = questions(s, i, item, template, &mut fail);
        if (item.measures || item.overview) && !questions.is_empty() {
            fail(
                item.line,
                format!(
                    "item {} is the measures or the overview item but has questions",
                    item.id
                ),
            );
        }
        let section = match structure.sections.iter().position(|x| x.id == Some(s)) {
            Some(n) => n,
            None => {
                structure.sections.push(section(s));
                structure.sections.len() - 1
            }
        };
        if let Some(section) = structure.sections.get_mut(section) {
            section
                .items
                .push(structure_item(s, i, item, template, questions));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    structure.sections.sort_by_key(|s| s.id);
    for s in &mut structure.sections {
        s.items.sort_by_key(|i| i.id);
    }
    Ok(structure)
}

/// `section.item` as numbers, each 1 to 9 as in the tool's three-digit question ids.
fn numbers(item: &str) -> Option<(i64, i64)> {
    let (s, i) = item.split_once('.')?;
    let (s, i): (i64, i64) = (s.parse().ok()?, i.parse().ok()?);
    ((1..=9).contains(&s) && (1..=9).contains(&i)).then_some((s, i))
}

/// A knowledge-base code of the tool (`PIA_DEF_FIN`).
fn check_code(code: &str, line: u64, fail: &mut impl FnMut(u64, String)) {
    let ok = code.strip_prefix("PIA_").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    });
    if !ok {
        fail(
            line,
            format!("'{code}' is not a knowledge-base code (PIA_…)"),
        );
    }
}

fn section(s: i64) -> Section {
    let mut rest = Map::new();
    rest.insert(
        "short_help".into(),
        json!(format!("sections.{s}.short_help")),
    );
    Section {
        id: Some(s),
        title: Some(format!("sections.{s}.title")),
        items: Vec::new(),
        rest,
    }
}

fn structure_item(
    s: i64,
    i: i64,
    item: &Item,
    template: &Template,
    questions: Vec<StructureQuestion>,
) -> StructureItem {
    let mut rest = Map::new();
    let (hs, hi) = item
        .help_key_of
        .as_deref()
        .and_then(numbers)
        .unwrap_or((s, i));
    let help = if item.hidden {
        String::new()
    } else {
        format!("sections.{hs}.items.{hi}.short_help")
    };
    rest.insert("short_help".into(), json!(help));
    if item.hidden {
        rest.insert("hide".into(), json!(true));
        rest.insert("link_knowledge_base".into(), json!(""));
    } else if let Some(links) = &item.links {
        rest.insert("link_knowledge_base".into(), json!(links));
    }
    if item.measures {
        rest.insert("is_measure".into(), json!(true));
        rest.insert("filter_by".into(), json!("measure"));
        rest.insert("answers".into(), json!([]));
    }
    if item.overview {
        rest.insert("type".into(), json!(""));
    }
    if template.risk(&item.id).is_some() {
        rest.insert("evaluation_with_gauge".into(), json!(true));
    }
    StructureItem {
        id: Some(i),
        title: Some(format!("sections.{s}.items.{i}.title")),
        evaluation_mode: Some(item.evaluation.clone()),
        questions,
        rest,
    }
}

/// The questions of item `s.i`: its risk's six, or its text questions in their order.
fn questions(
    s: i64,
    i: i64,
    item: &Item,
    template: &Template,
    fail: &mut impl FnMut(u64, String),
) -> Vec<StructureQuestion> {
    // (id, line, answer type, links)
    let mut listed: Vec<(i64, u64, &str, &[String])> = Vec::new();
    let risk = template.risk(&item.id);
    if let Some(risk) = risk {
        for ((id, kind), links) in risk
            .questions()
            .into_iter()
            .zip(RISK_TYPES)
            .zip(&risk.links)
        {
            listed.push((id, risk.line, kind, links));
        }
    } else {
        for question in template.questions.iter().filter(|q| q.item == item.id) {
            listed.push((question.id, question.line, "text", &question.links));
        }
    }
    let mut out = Vec::new();
    for (n, (id, line, kind, links)) in listed.into_iter().enumerate() {
        let q = n as i64 + 1;
        let expected = s * 100 + i * 10 + q;
        if id != expected {
            fail(
                line,
                format!(
                    "question {id} is question {q} of item {s}.{i}: the tool numbers it {expected}"
                ),
            );
        }
        for code in links {
            check_code(code, line, fail);
        }
        let key = format!("sections.{s}.items.{i}.questions.{q}");
        let mut rest = Map::new();
        rest.insert("link_knowledge_base".into(), json!(links));
        rest.insert("placeholder".into(), json!(format!("{key}.placeholder")));
        rest.insert("active".into(), json!(template.questions_active));
        if item.short_titles {
            rest.insert("short_title".into(), json!(format!("{key}.short_title")));
        }
        if kind == "text" {
            rest.insert("answer".into(), json!(""));
        }
        if let Some(risk) = risk {
            if id == risk.measures {
                rest.insert("is_measure".into(), json!(true));
            }
            for (gauge, axis) in [(risk.severity, "x"), (risk.likelihood, "y")] {
                if id == gauge {
                    let map = format!("risk-{}_{axis}", risk.map);
                    rest.insert("cartography".into(), json!(map));
                }
            }
        }
        out.push(StructureQuestion {
            id: Some(id),
            title: Some(format!("{key}.title")),
            answer_type: Some(kind.to_string()),
            rest,
        });
    }
    out
}

/// A question a custom template adds, as the CNIL tool's template editor writes one
/// (`answer-structure.service.ts` `addQuestion`): a text question with its title, no
/// knowledge-base links or placeholder. The CNIL tool only makes text questions; a list is
/// kept as `list` (the tool shows any question's tags), a gauge as text with its level in the
/// answer, since a gauge question without a `cartography` stops the tool's risk map.
pub(super) fn custom_question(id: i64, title: &str, kind: &str) -> StructureQuestion {
    let mut rest = Map::new();
    rest.insert("link_knowledge_base".into(), json!([]));
    rest.insert("placeholder".into(), json!(""));
    rest.insert("answer".into(), json!(""));
    rest.insert("active".into(), json!(true));
    StructureQuestion {
        id: Some(id),
        title: Some(title.to_string()),
        answer_type: Some(if kind == "list" { "list" } else { "text" }.to_string()),
        rest,
    }
}

#[cfg(test)]
mod tests {
    use crate::exchange::cnil::template::Template;

    const TEXT: &str = include_str!("template.toml");

    fn parse(text: &str) -> Result<Template, Vec<String>> {
        let questionnaire = crate::questionnaire::builtin().unwrap();
        Template::parse("t.toml", text, &questionnaire)
            .map_err(|p| p.iter().map(ToString::to_string).collect())
    }

    /// The line (from 1) of `needle` in the shipped file.
    fn line_of(needle: &str) -> usize {
        TEXT.lines().position(|l| l == needle).unwrap() + 1
    }

    #[test]
    fn the_drawn_template_is_the_cnil_tools_own() {
        let real = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/cnil/real/pia_architecture.json"),
        )
        .unwrap();
        let real: serde_json::Value = serde_json::from_str(&real).unwrap();
        let ours = serde_json::to_value(parse(TEXT).unwrap().architecture).unwrap();
        assert_eq!(ours, real);
    }

    #[test]
    fn wrong_interface_facts_are_refused_with_their_line() {
        // A question out of the tool's numbering, a code that is not one, a help key of an
        // item that is not listed.
        let text = TEXT
            .replacen("id = 112\n", "id = 119\n", 1)
            .replacen("\"PIA_DEF_FIN\"", "\"pia def fin\"", 1)
            .replacen("help_key_of = \"2.2\"", "help_key_of = \"2.9\"", 1);
        let problems = parse(&text).unwrap_err();
        let question = line_of("id = 112") - 1;
        let first = line_of("id = 111") - 1;
        let item = line_of("id = \"2.1\"") - 1;
        for expected in [
            format!("t.toml:{question}: question 119 is question 2 of item 1.1: the tool numbers it 112"),
            format!("t.toml:{first}: 'pia def fin' is not a knowledge-base code (PIA_…)"),
            format!("t.toml:{item}: help_key_of '2.9' is not a listed item"),
        ] {
            assert!(problems.contains(&expected), "{expected} not in {problems:?}");
        }
        // A risk without its map (cartography), without which the tool's risk map fails.
        let text = TEXT.replacen("map = \"change\"\n", "", 1);
        let problems = parse(&text).unwrap_err();
        assert!(
            problems[0].starts_with(&format!(
                "t.toml:{}: missing field `map`",
                line_of("item = \"3.3\"") - 1
            )),
            "{problems:?}"
        );
    }
}
