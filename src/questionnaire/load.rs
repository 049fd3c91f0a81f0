//! Loading and linting questionnaires: TOML → raw structs with spans → the validated model.
//! Every problem is collected (not only the first) with the file and line it is on: unknown
//! ids in conditions, duplicate ids, missing translations, cycles, choices without labels.
//! Every language the file declares must be one dpia speaks ([`Lang`]) and complete, and a
//! text in a language the file does not declare is refused: a language half added fails.

use super::model::{
    Choice, Condition, Literal, Prefill, Question, QuestionType, Questionnaire, Scale, Section,
    Test, Texts,
};
use crate::lang::Lang;
use crate::scan::Category;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// One problem in a questionnaire file.
pub type LintProblem = crate::location::FileProblem;

/// A questionnaire that failed to load, with every problem found.
#[derive(Debug, thiserror::Error)]
#[error("invalid questionnaire {file} ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
pub struct QuestionnaireError {
    pub file: String,
    pub problems: Vec<LintProblem>,
}

fn default_true() -> bool {
    true
}

type Langs = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: Spanned<String>,
    version: Spanned<String>,
    languages: Spanned<Vec<String>>,
    #[serde(default)]
    title: Langs,
    #[serde(default)]
    section: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    #[serde(default)]
    title: Langs,
    #[serde(default)]
    intro: Option<Langs>,
    #[serde(default)]
    question: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default = "default_true")]
    required: bool,
    #[serde(default)]
    text: Langs,
    #[serde(default)]
    report: Option<Langs>,
    #[serde(default)]
    help: Option<Langs>,
    #[serde(default)]
    legal: Option<String>,
    #[serde(default)]
    show_if: Option<Spanned<toml::Value>>,
    #[serde(default)]
    prefill: Option<Spanned<String>>,
    #[serde(default)]
    choices: Vec<RawChoice>,
    #[serde(default)]
    scale: Option<Spanned<String>>,
    #[serde(default)]
    field: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    value: String,
    #[serde(default)]
    label: Langs,
    #[serde(default)]
    exclusive: bool,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    languages: Vec<String>,
    problems: Vec<LintProblem>,
}

impl Ctx<'_> {
    fn line(&self, span: std::ops::Range<usize>) -> u64 {
        let end = span.start.min(self.text.len());
        self.text
            .get(..end)
            .map_or(0, |t| t.matches('\n').count() as u64)
            + 1
    }

    fn problem(&mut self, line: u64, message: String) {
        self.problems.push(LintProblem {
            file: self.file.to_string(),
            line: Some(line),
            message,
        });
    }

    fn texts(&mut self, line: u64, what: &str, texts: &Langs, required: bool) -> Texts {
        if required || !texts.is_empty() {
            for lang in self.languages.clone() {
                if texts.get(&lang).is_none_or(|t| t.trim().is_empty()) {
                    self.problem(line, format!("{what}: missing the '{lang}' translation"));
                }
            }
        }
        for lang in texts.keys() {
            if !self.languages.contains(lang) {
                self.problem(
                    line,
                    format!(
                        "{what}: a '{lang}' text, but '{lang}' is not in languages (add it there and translate every text, or remove this one)"
                    ),
                );
            }
        }
        Texts(texts.clone())
    }
}

/// Loads and validates a questionnaire.
pub fn load(file: &str, text: &str) -> Result<Questionnaire, QuestionnaireError> {
    let mut ctx = Ctx {
        file,
        text,
        languages: Vec::new(),
        problems: Vec::new(),
    };
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| ctx.line(s));
            return Err(QuestionnaireError {
                file: file.to_string(),
                problems: vec![LintProblem {
                    file: file.to_string(),
                    line,
                    message: e.message().to_string(),
                }],
            });
        }
    };
    ctx.languages = raw.languages.get_ref().clone();
    let languages_line = ctx.line(raw.languages.span());
    if ctx.languages.is_empty() {
        ctx.problem(
            languages_line,
            "languages must name at least one language".into(),
        );
    }
    for code in ctx.languages.clone() {
        if Lang::ALL.iter().all(|l| l.code() != code) {
            ctx.problem(
                languages_line,
                format!(
                    "language '{code}' is not one dpia speaks ({})",
                    Lang::list()
                ),
            );
        }
    }
    let id_line = ctx.line(raw.id.span());
    let title = ctx.texts(id_line, "questionnaire title", &raw.title, true);
    let mut sections = Vec::new();
    for s in &raw.section {
        let line = ctx.line(s.id.span());
        check_id(&mut ctx, line, s.id.get_ref(), "section");
        let title = ctx.texts(line, &format!("section {}", s.id.get_ref()), &s.title, true);
        let intro = s
            .intro
            .as_ref()
            .map(|i| ctx.texts(line, &format!("section {} intro", s.id.get_ref()), i, true));
        let mut questions = Vec::new();
        for q in &s.question {
            let question = build_question(&mut ctx, q, false);
            if !question.id.starts_with(&format!("{}.", s.id.get_ref())) {
                ctx.problem(
                    question.line,
                    format!(
                        "question id '{}' must start with its section id '{}.'",
                        question.id,
                        s.id.get_ref()
                    ),
                );
            }
            questions.push(question);
        }
        sections.push(Section {
            id: s.id.get_ref().clone(),
            title,
            intro,
            questions,
        });
    }
    let questionnaire = Questionnaire {
        id: raw.id.get_ref().clone(),
        version: raw.version.get_ref().clone(),
        languages: ctx.languages.clone(),
        title,
        sections,
        source: file.to_string(),
    };
    cross_checks(&mut ctx, &questionnaire);
    ctx.problems.extend(super::engine::check(&questionnaire));
    if ctx.problems.is_empty() {
        Ok(questionnaire)
    } else {
        ctx.problems.sort_by_key(|p| p.line);
        Err(QuestionnaireError {
            file: file.to_string(),
            problems: ctx.problems,
        })
    }
}

fn check_id(ctx: &mut Ctx<'_>, line: u64, id: &str, what: &str) {
    let ok = !id.is_empty()
        && id.split('.').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    if !ok {
        ctx.problem(
            line,
            format!("{what} id '{id}' must be lowercase snake_case words joined by '.'"),
        );
    }
}

fn build_question(ctx: &mut Ctx<'_>, q: &RawQuestion, in_group: bool) -> Question {
    let line = ctx.line(q.id.span());
    let id = q.id.get_ref().clone();
    check_id(ctx, line, &id, "question");
    let kind = match QuestionType::parse(q.kind.get_ref()) {
        Some(k) => k,
        None => {
            let l = ctx.line(q.kind.span());
            ctx.problem(
                l,
                format!(
                    "question {id}: unknown type '{}' (yes_no, single_choice, multi_choice, text, long_text, date, country, country_list, scale, group)",
                    q.kind.get_ref()
                ),
            );
            QuestionType::Text
        }
    };
    let text = ctx.texts(line, &format!("question {id} text"), &q.text, true);
    let help = q
        .help
        .as_ref()
        .map(|h| ctx.texts(line, &format!("question {id} help"), h, true));
    // Optional, but once one language has a report heading every language needs one.
    let report = q
        .report
        .as_ref()
        .map(|r| ctx.texts(line, &format!("question {id} report heading"), r, true));
    let mut choices = Vec::new();
    let mut seen = BTreeSet::new();
    for c in &q.choices {
        if !seen.insert(c.value.clone()) {
            ctx.problem(
                line,
                format!("question {id}: duplicate choice '{}'", c.value),
            );
        }
        let label = if c.label.is_empty() {
            ctx.problem(
                line,
                format!("question {id}: choice '{}' has no label", c.value),
            );
            Texts::default()
        } else {
            ctx.texts(
                line,
                &format!("question {id} choice '{}'", c.value),
                &c.label,
                true,
            )
        };
        if c.exclusive && kind != QuestionType::MultiChoice {
            ctx.problem(
                line,
                format!(
                    "question {id}: choice '{}' is exclusive, which only a multi_choice question can use",
                    c.value
                ),
            );
        }
        choices.push(Choice {
            value: c.value.clone(),
            label,
            exclusive: c.exclusive,
        });
    }
    let is_choice = matches!(kind, QuestionType::SingleChoice | QuestionType::MultiChoice);
    if is_choice && choices.is_empty() {
        ctx.problem(
            line,
            format!(
                "question {id}: a {} question needs choices",
                q.kind.get_ref()
            ),
        );
    }
    if !is_choice && !choices.is_empty() {
        ctx.problem(
            line,
            format!("question {id}: choices are only allowed on choice questions"),
        );
    }
    let scale = match (&q.scale, kind) {
        (Some(s), QuestionType::Scale) => match s.get_ref().as_str() {
            "severity" => Some(Scale::Severity),
            "likelihood" => Some(Scale::Likelihood),
            other => {
                let l = ctx.line(s.span());
                ctx.problem(
                    l,
                    format!("question {id}: unknown scale '{other}' (severity, likelihood)"),
                );
                None
            }
        },
        (None, QuestionType::Scale) => {
            ctx.problem(
                line,
                format!(
                    "question {id}: a scale question needs scale = \"severity\" or \"likelihood\""
                ),
            );
            None
        }
        (Some(s), _) => {
            let l = ctx.line(s.span());
            ctx.problem(
                l,
                format!("question {id}: scale is only allowed on scale questions"),
            );
            None
        }
        (None, _) => None,
    };
    let prefill = q.prefill.as_ref().and_then(|p| {
        let parsed = Prefill::parse(p.get_ref());
        if parsed.is_none() {
            let l = ctx.line(p.span());
            ctx.problem(l, format!("question {id}: unknown prefill source '{}' (scan.categories, scan.hosting, scan.columns, scan.special_categories, scan.free_text, scan.wp248_criteria, scan.transfers, scan.processors, scan.recipients, scan.retention, scan.data_subjects)", p.get_ref()));
        }
        if in_group {
            let l = ctx.line(p.span());
            ctx.problem(l, format!("field {id}: prefill is only allowed on top-level questions"));
        }
        parsed
    });
    let show_if = q.show_if.as_ref().and_then(|c| {
        let l = ctx.line(c.span());
        parse_condition(ctx, l, &id, c.get_ref(), in_group)
    });
    let mut fields = Vec::new();
    if kind == QuestionType::Group {
        if q.field.is_empty() {
            ctx.problem(
                line,
                format!("question {id}: a group needs at least one field"),
            );
        }
        let mut field_ids = BTreeSet::new();
        for f in &q.field {
            if in_group {
                let l = ctx.line(f.id.span());
                ctx.problem(
                    l,
                    format!("field {}: groups cannot be nested", f.id.get_ref()),
                );
                continue;
            }
            let field = build_question(ctx, f, true);
            if !field_ids.insert(field.id.clone()) {
                ctx.problem(
                    field.line,
                    format!("question {id}: duplicate field '{}'", field.id),
                );
            }
            fields.push(field);
        }
    } else if !q.field.is_empty() {
        ctx.problem(
            line,
            format!("question {id}: fields are only allowed on group questions"),
        );
    }
    Question {
        id,
        kind,
        required: q.required,
        text,
        report,
        help,
        legal: q.legal.clone(),
        show_if,
        prefill,
        choices,
        scale,
        fields,
        line,
    }
}

fn literal(v: &toml::Value) -> Option<Literal> {
    match v {
        toml::Value::Boolean(b) => Some(Literal::Bool(*b)),
        toml::Value::Integer(i) => Some(Literal::Int(*i)),
        toml::Value::String(s) => Some(Literal::Text(s.clone())),
        _ => None,
    }
}

fn strings(v: &toml::Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|x| x.as_str().map(String::from))
        .collect()
}

fn parse_condition(
    ctx: &mut Ctx<'_>,
    line: u64,
    owner: &str,
    value: &toml::Value,
    in_group: bool,
) -> Option<Condition> {
    let Some(table) = value.as_table() else {
        ctx.problem(line, format!("question {owner}: show_if must be a table"));
        return None;
    };
    let bad = |ctx: &mut Ctx<'_>, msg: String| {
        ctx.problem(line, format!("question {owner}: show_if {msg}"));
        None
    };
    if let Some(list) = table.get("any").or_else(|| table.get("all")) {
        let Some(items) = list.as_array() else {
            return bad(ctx, "any/all must be a list of conditions".into());
        };
        let parsed: Vec<Condition> = items
            .iter()
            .filter_map(|i| parse_condition(ctx, line, owner, i, in_group))
            .collect();
        if parsed.len() != items.len() {
            return None;
        }
        return Some(if table.contains_key("any") {
            Condition::Any(parsed)
        } else {
            Condition::All(parsed)
        });
    }
    if let Some(inner) = table.get("not") {
        return parse_condition(ctx, line, owner, inner, in_group)
            .map(|c| Condition::Not(Box::new(c)));
    }
    if let Some(scan) = table.get("scan") {
        let Some(names) = strings(scan) else {
            return bad(ctx, "scan must be a list of categories".into());
        };
        let mut cats = Vec::new();
        for n in names {
            match Category::parse(&n) {
                Some(c) => cats.push(c),
                None => return bad(ctx, format!("names unknown scan category '{n}'")),
            }
        }
        return Some(Condition::Scan(cats));
    }
    let (target, is_field) = match (table.get("question"), table.get("field")) {
        (Some(q), None) => (q.as_str().map(String::from), false),
        (None, Some(f)) => (f.as_str().map(String::from), true),
        _ => {
            return bad(
                ctx,
                "needs exactly one of question, field, scan, any, all, not".into(),
            )
        }
    };
    let Some(target) = target else {
        return bad(ctx, "question/field must be a string".into());
    };
    if is_field && !in_group {
        return bad(ctx, format!("uses field '{target}' outside a group"));
    }
    let tests = [
        "equals",
        "not_equals",
        "in",
        "not_in",
        "contains",
        "answered",
    ];
    let present: Vec<&str> = tests
        .iter()
        .copied()
        .filter(|t| table.contains_key(*t))
        .collect();
    for key in table.keys() {
        if !tests.contains(&key.as_str()) && key != "question" && key != "field" {
            return bad(ctx, format!("has unknown key '{key}'"));
        }
    }
    let [test_key] = present.as_slice() else {
        return bad(
            ctx,
            "needs exactly one test: equals, not_equals, in, not_in, contains or answered".into(),
        );
    };
    let v = &table[*test_key];
    let test = match *test_key {
        "equals" => literal(v).map(Test::Equals),
        "not_equals" => literal(v).map(Test::NotEquals),
        "in" => strings(v).map(Test::In),
        "not_in" => strings(v).map(Test::NotIn),
        "contains" => v.as_str().map(|s| Test::Contains(s.to_string())),
        _ => v.as_bool().map(Test::Answered),
    };
    let Some(test) = test else {
        return bad(
            ctx,
            format!("has a value of the wrong type for '{test_key}'"),
        );
    };
    Some(if is_field {
        Condition::Field { id: target, test }
    } else {
        Condition::Question { id: target, test }
    })
}

/// Checks that need the whole questionnaire: duplicate ids, references, value types, cycles.
fn cross_checks(ctx: &mut Ctx<'_>, q: &Questionnaire) {
    let mut seen: BTreeMap<&str, u64> = BTreeMap::new();
    for s in &q.sections {
        for question in &s.questions {
            if let Some(first) = seen.insert(&question.id, question.line) {
                ctx.problem(
                    question.line,
                    format!(
                        "duplicate question id '{}' (first on line {first})",
                        question.id
                    ),
                );
            }
        }
    }
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for question in q.questions() {
        if let Some(c) = &question.show_if {
            check_refs(ctx, q, question, c, None);
            let mut refs = Vec::new();
            c.question_refs(&mut refs);
            graph.entry(question.id.clone()).or_default().extend(refs);
        }
        for field in &question.fields {
            if let Some(c) = &field.show_if {
                check_refs(ctx, q, field, c, Some(question));
                let mut refs = Vec::new();
                c.question_refs(&mut refs);
                graph.entry(question.id.clone()).or_default().extend(refs);
            }
        }
    }
    for question in q.questions() {
        if let Some(cycle) = find_cycle(&graph, &question.id) {
            ctx.problem(
                question.line,
                format!("show_if conditions form a cycle: {}", cycle.join(" -> ")),
            );
        }
    }
}

fn check_refs(
    ctx: &mut Ctx<'_>,
    q: &Questionnaire,
    owner: &Question,
    c: &Condition,
    group: Option<&Question>,
) {
    match c {
        Condition::Question { id, test } => match q.question(id) {
            None => ctx.problem(
                owner.line,
                format!(
                    "question {}: show_if refers to unknown question '{id}'",
                    owner.id
                ),
            ),
            Some(target) => check_test(ctx, owner, target, test),
        },
        Condition::Field { id, test } => match group.and_then(|g| g.field(id)) {
            None => ctx.problem(
                owner.line,
                format!(
                    "field {}: show_if refers to unknown sibling field '{id}'",
                    owner.id
                ),
            ),
            Some(target) => check_test(ctx, owner, target, test),
        },
        Condition::Any(list) | Condition::All(list) => {
            for c in list {
                check_refs(ctx, q, owner, c, group);
            }
        }
        Condition::Not(c) => check_refs(ctx, q, owner, c, group),
        Condition::Scan(_) => {}
    }
}

/// A test's values must fit the target question (a known choice, a boolean for yes/no).
fn check_test(ctx: &mut Ctx<'_>, owner: &Question, target: &Question, test: &Test) {
    let mut values: Vec<String> = Vec::new();
    match test {
        Test::Equals(l) | Test::NotEquals(l) => match (target.kind, l) {
            (QuestionType::YesNo, Literal::Bool(_)) | (QuestionType::Scale, Literal::Int(_)) => {}
            (QuestionType::YesNo, _) | (QuestionType::Scale, _) => ctx.problem(
                owner.line,
                format!(
                    "question {}: show_if compares '{}' with a value of the wrong type",
                    owner.id, target.id
                ),
            ),
            (_, Literal::Text(s)) => values.push(s.clone()),
            _ => {}
        },
        Test::In(list) | Test::NotIn(list) => values.extend(list.iter().cloned()),
        Test::Contains(s) => {
            if !matches!(
                target.kind,
                QuestionType::MultiChoice | QuestionType::CountryList
            ) {
                ctx.problem(
                    owner.line,
                    format!(
                        "question {}: 'contains' needs a multi_choice or country_list question, '{}' is not",
                        owner.id, target.id
                    ),
                );
            }
            values.push(s.clone());
        }
        Test::Answered(_) => {}
    }
    if matches!(
        target.kind,
        QuestionType::SingleChoice | QuestionType::MultiChoice
    ) {
        for v in values {
            if target.choice(&v).is_none() {
                ctx.problem(
                    owner.line,
                    format!("question {}: show_if tests '{}' for '{v}', which is not one of its choices", owner.id, target.id),
                );
            }
        }
    }
}

fn find_cycle(graph: &BTreeMap<String, Vec<String>>, start: &str) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, Vec<String>>,
        node: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(node).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if visit(graph, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    visit(graph, start, start, &mut path, &mut seen).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
id = "t"
version = "1"
languages = ["en", "de"]
title.en = "T"
title.de = "T"
[[section]]
id = "s"
title.en = "S"
title.de = "S"
[[section.question]]
id = "s.q"
type = "text"
text.en = "What is it?"
text.de = "Was ist es?"
REPORT
"#;

    #[test]
    fn a_report_heading_needs_every_language() {
        let ok = load(
            "m.toml",
            &MINI.replace("REPORT", "report.en = \"It\"\nreport.de = \"Es\""),
        )
        .unwrap();
        let q = ok.question("s.q").unwrap();
        assert_eq!(q.heading(Lang::De), "Es");
        let none = load("m.toml", &MINI.replace("REPORT", "")).unwrap();
        assert_eq!(
            none.question("s.q").unwrap().heading(Lang::En),
            "What is it?"
        );
        let e = load("m.toml", &MINI.replace("REPORT", "report.en = \"It\"")).unwrap_err();
        let p = &e.problems[0];
        assert_eq!(p.line, Some(12), "the line of the question");
        assert!(
            p.message
                .contains("report heading: missing the 'de' translation"),
            "{}",
            p.message
        );
    }

    #[test]
    fn a_language_present_must_be_declared_complete_and_spoken() {
        // A French text in a file that declares only en and de: a language half added.
        let e = load(
            "m.toml",
            &MINI.replace("REPORT", "text.fr = \"Qu'est-ce ?\""),
        )
        .unwrap_err();
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert_eq!(e.problems[0].line, Some(12));
        assert!(
            e.problems[0]
                .message
                .contains("question s.q text: a 'fr' text, but 'fr' is not in languages"),
            "{}",
            e.problems[0].message
        );
        // French declared: every text needs it, each gap named with its line.
        let e = load(
            "m.toml",
            &MINI
                .replace(
                    "languages = [\"en\", \"de\"]",
                    "languages = [\"en\", \"de\", \"fr\"]",
                )
                .replace("REPORT", ""),
        )
        .unwrap_err();
        let found: Vec<(Option<u64>, &str)> = e
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(2), "questionnaire title: missing the 'fr' translation"),
                (Some(8), "section s: missing the 'fr' translation"),
                (Some(12), "question s.q text: missing the 'fr' translation"),
            ]
        );
        // A language dpia does not speak.
        let e = load(
            "m.toml",
            &MINI
                .replace(
                    "languages = [\"en\", \"de\"]",
                    "languages = [\"en\", \"it\"]",
                )
                .replace(".de = ", ".it = ")
                .replace("REPORT", ""),
        )
        .unwrap_err();
        assert!(
            e.problems[0]
                .message
                .starts_with("language 'it' is not one dpia speaks (en (English)"),
            "{:?}",
            e.problems
        );
    }

    #[test]
    fn the_builtin_speaks_every_language_dpia_speaks() {
        let q = crate::questionnaire::builtin().unwrap();
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(q.languages, codes);
        // French typography is one: a no-break space before : ; ? ! everywhere.
        let mut texts = vec![(q.id.clone(), &q.title)];
        for s in &q.sections {
            texts.push((s.id.clone(), &s.title));
            texts.extend(s.intro.iter().map(|i| (s.id.clone(), i)));
            for question in s
                .questions
                .iter()
                .flat_map(|q| std::iter::once(q).chain(&q.fields))
            {
                let id = &question.id;
                texts.push((id.clone(), &question.text));
                texts.extend(question.help.iter().map(|h| (id.clone(), h)));
                texts.extend(question.report.iter().map(|r| (id.clone(), r)));
                texts.extend(
                    question
                        .choices
                        .iter()
                        .map(|c| (format!("{id}/{}", c.value), &c.label)),
                );
            }
        }
        assert!(texts.len() > 600, "{}", texts.len());
        for (id, t) in texts {
            if let Some(at) = crate::lang::french_spacing_fault(t.get(Lang::Fr)) {
                panic!("questionnaires/dpia.toml: {id}: a breakable space in {at:?}");
            }
        }
    }

    #[test]
    fn every_question_of_the_builtin_has_a_report_heading() {
        let q = crate::questionnaire::builtin().unwrap();
        for question in q.questions() {
            assert!(
                question.report.is_some(),
                "{} has no report heading",
                question.id
            );
            for f in &question.fields {
                assert!(
                    f.report.is_some(),
                    "{}/{} has no report heading",
                    question.id,
                    f.id
                );
            }
        }
    }
}
