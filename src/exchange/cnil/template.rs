//! The CNIL PIA tool's default template and where its parts go in dpia's questionnaire, as
//! data (`template.toml` beside this file), checked when loaded: every dpia question it names
//! exists in the questionnaire with a fitting type, note targets are always shown, no dpia
//! question is filled from two places. Problems name the file and line. The same entries
//! hold what the tool's own template says of each part, from which `architecture` draws it.

mod raw;

use super::model::Structure;
use crate::location::FileProblem;
use crate::questionnaire::{QuestionType, Questionnaire};
use raw::RawFile;
use std::collections::BTreeSet;

/// The mapping file's name and text.
const FILE: (&str, &str) = (
    "src/exchange/cnil/template.toml",
    include_str!("template.toml"),
);

/// An item of the template (`1.1`) and where its notes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub notes: String,
    /// The item's `evaluation_mode` in the CNIL template: `item`, `question` or empty.
    pub evaluation: String,
    /// Its questions have a short title key.
    pub short_titles: bool,
    /// The item whose help key the tool's template gives it.
    pub help_key_of: Option<String>,
    /// The measures item.
    pub measures: bool,
    /// The risks overview.
    pub overview: bool,
    /// Its knowledge-base codes, when the tool's template gives it some.
    pub links: Option<Vec<String>>,
    /// Not shown by the tool.
    pub hidden: bool,
    /// Its line in the file.
    pub line: u64,
}

/// Where a CNIL text question goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Its text becomes the answer to this dpia question.
    Answer(String),
    /// Its text is kept as a note under this dpia question.
    Notes(String),
}

/// A text question of sections 1 and 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub item: String,
    pub target: Target,
    /// dpia questions an export adds to this question's text.
    pub export: Vec<String>,
    /// Its knowledge-base codes in the tool's template.
    pub links: Vec<String>,
    pub line: u64,
}

impl Question {
    /// The dpia question its answer, comments and evaluation are kept under when they are
    /// notes: the answer's question, or the notes target.
    pub fn notes(&self) -> &str {
        match &self.target {
            Target::Answer(id) | Target::Notes(id) => id,
        }
    }
}

/// A risk item of section 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub item: String,
    /// The `risks.list` feared event it becomes.
    pub event: String,
    pub impacts: i64,
    pub threats: i64,
    pub sources: i64,
    pub measures: i64,
    pub severity: i64,
    pub likelihood: i64,
    /// The risk map of its gauges (`access`: cartography `risk-access_x`, `_y`).
    pub map: String,
    /// Each question's knowledge-base codes, in the order of `questions`.
    pub links: [Vec<String>; 6],
    pub line: u64,
}

impl Risk {
    /// Its six question ids.
    pub fn questions(&self) -> [i64; 6] {
        [
            self.impacts,
            self.threats,
            self.sources,
            self.measures,
            self.severity,
            self.likelihood,
        ]
    }
}

/// The default template as dpia maps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub items: Vec<Item>,
    pub questions: Vec<Question>,
    pub risks: Vec<Risk>,
    /// Whether the template's questions are shown (`active`).
    pub questions_active: bool,
    /// The CNIL tool's own default template, whole (drawn by `architecture`), which an
    /// export carries when a PIA has a custom template's questions.
    pub architecture: Structure,
}

impl Template {
    /// The shipped mapping, checked against `questionnaire`.
    pub fn builtin(questionnaire: &Questionnaire) -> Result<Template, Vec<FileProblem>> {
        Template::parse(FILE.0, FILE.1, questionnaire)
    }

    /// Parses and checks a mapping file.
    pub fn parse(
        file: &str,
        text: &str,
        questionnaire: &Questionnaire,
    ) -> Result<Template, Vec<FileProblem>> {
        let line_of = |span: std::ops::Range<usize>| crate::location::line_at(text, span.start);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            vec![FileProblem {
                file: file.to_string(),
                line: e.span().map(line_of),
                message: e.message().to_string(),
            }]
        })?;
        let mut check = Check {
            file,
            questionnaire,
            problems: Vec::new(),
            filled: BTreeSet::new(),
        };
        let mut items = Vec::new();
        for spanned in &raw.item {
            let line = line_of(spanned.span());
            let i = spanned.get_ref();
            check.notes_target(line, &i.notes);
            items.push(Item {
                id: i.id.clone(),
                notes: i.notes.clone(),
                evaluation: i.evaluation.clone(),
                short_titles: i.short_titles,
                help_key_of: i.help_key_of.clone(),
                measures: i.measures,
                overview: i.overview,
                links: i.links.clone(),
                hidden: i.hidden,
                line,
            });
        }
        let item_known = |id: &str| items.iter().any(|i| i.id == id);
        let mut questions = Vec::new();
        let mut seen = BTreeSet::new();
        for spanned in &raw.question {
            let line = line_of(spanned.span());
            let q = spanned.get_ref();
            if !seen.insert(q.id) {
                check.fail(line, format!("question {} is listed twice", q.id));
            }
            if !item_known(&q.item) {
                check.fail(line, format!("item '{}' is not listed", q.item));
            }
            let target = match (&q.answer, &q.notes) {
                (Some(a), None) => {
                    check.answer_target(line, a);
                    Target::Answer(a.clone())
                }
                (None, Some(n)) => {
                    check.notes_target(line, n);
                    Target::Notes(n.clone())
                }
                _ => {
                    check.fail(line, "give exactly one of `answer` and `notes`".into());
                    continue;
                }
            };
            questions.push((line, target.clone(), q));
        }
        // Export sources must not be filled by an import (they would be written twice).
        let mut exported = BTreeSet::new();
        let mut out = Vec::new();
        for (line, target, q) in questions {
            for id in &q.export {
                if check.filled.contains(id) || !exported.insert(id.clone()) {
                    check.fail(
                        line,
                        format!("'{id}' is filled by an import or exported twice"),
                    );
                }
                if questionnaire.question(id).is_none() {
                    check.fail(line, format!("unknown dpia question '{id}'"));
                }
            }
            out.push(Question {
                id: q.id,
                item: q.item.clone(),
                target,
                export: q.export.clone(),
                links: q.links.clone(),
                line,
            });
        }
        let events: Vec<&str> = questionnaire
            .question("risks.list")
            .and_then(|q| q.field("event"))
            .map(|f| f.choices.iter().map(|c| c.value.as_str()).collect())
            .unwrap_or_default();
        let mut risks = Vec::new();
        for spanned in &raw.risk {
            let line = line_of(spanned.span());
            let r = spanned.get_ref();
            if !events.contains(&r.event.as_str()) {
                check.fail(
                    line,
                    format!("'{}' is not a feared event of risks.list", r.event),
                );
            }
            if !item_known(&r.item) {
                check.fail(line, format!("item '{}' is not listed", r.item));
            }
            let risk = Risk {
                item: r.item.clone(),
                event: r.event.clone(),
                impacts: r.impacts,
                threats: r.threats,
                sources: r.sources,
                measures: r.measures,
                severity: r.severity,
                likelihood: r.likelihood,
                map: r.map.clone(),
                links: r.links.in_order(),
                line,
            };
            for id in risk.questions() {
                if !seen.insert(id) {
                    check.fail(line, format!("question {id} is listed twice"));
                }
            }
            risks.push(risk);
        }
        if !check.problems.is_empty() {
            return Err(check.problems);
        }
        let mut template = Template {
            items,
            questions: out,
            risks,
            questions_active: raw.questions_active,
            architecture: Structure::default(),
        };
        template.architecture = super::architecture::build(file, &template)?;
        Ok(template)
    }

    /// The text question `id`.
    pub fn question(&self, id: i64) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The item `id`.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The risk whose item is `item`.
    pub fn risk(&self, item: &str) -> Option<&Risk> {
        self.risks.iter().find(|r| r.item == item)
    }

    /// The risk one of whose questions is `id`.
    pub fn risk_of_question(&self, id: i64) -> Option<&Risk> {
        self.risks.iter().find(|r| r.questions().contains(&id))
    }

    /// Whether `id` is a question of the default template.
    pub fn knows(&self, id: i64) -> bool {
        self.question(id).is_some() || self.risk_of_question(id).is_some()
    }

    /// The dpia question a default-template question's notes go under.
    pub fn notes_of(&self, id: i64) -> Option<&str> {
        if let Some(q) = self.question(id) {
            return Some(q.notes());
        }
        self.risk_of_question(id)
            .and_then(|r| self.item(&r.item))
            .map(|i| i.notes.as_str())
    }
}

struct Check<'a> {
    file: &'a str,
    questionnaire: &'a Questionnaire,
    problems: Vec<FileProblem>,
    /// dpia questions an import fills.
    filled: BTreeSet<String>,
}

impl Check<'_> {
    fn fail(&mut self, line: u64, message: String) {
        self.problems.push(FileProblem {
            file: self.file.to_string(),
            line: Some(line),
            message,
        });
    }

    fn notes_target(&mut self, line: u64, id: &str) {
        match self.questionnaire.question(id) {
            None => self.fail(line, format!("unknown dpia question '{id}'")),
            Some(q) if q.show_if.is_some() => self.fail(
                line,
                format!("notes go under '{id}', which is not always shown (show_if)"),
            ),
            Some(_) => {}
        }
    }

    fn answer_target(&mut self, line: u64, id: &str) {
        match self.questionnaire.question(id) {
            None => self.fail(line, format!("unknown dpia question '{id}'")),
            Some(q) if !matches!(q.kind, QuestionType::Text | QuestionType::LongText) => {
                self.fail(line, format!("'{id}' is not a text question"))
            }
            Some(_) if !self.filled.insert(id.to_string()) => {
                self.fail(line, format!("'{id}' is filled twice"))
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        crate::questionnaire::builtin().unwrap()
    }

    #[test]
    fn the_shipped_mapping_fits_the_questionnaire() {
        let t = Template::builtin(&q()).unwrap();
        assert_eq!(t.questions.len(), 18);
        assert_eq!(t.risks.len(), 3);
        assert_eq!(t.notes_of(325), Some("risks.list"));
        assert_eq!(t.notes_of(111), Some("description.purposes"));
        assert!(t.knows(346) && !t.knows(118) && !t.knows(114));
    }

    #[test]
    fn problems_name_the_line() {
        let text = "questions_active = true\n[[item]]\nid = \"1.1\"\nnotes = \"description.purposes\"\nevaluation = \"item\"\n\
                    [[question]]\nid = 111\nitem = \"1.1\"\nanswer = \"description.data_categories\"\n\n\
                    [[question]]\nid = 112\nitem = \"9.9\"\nnotes = \"signoff.views_summary\"\n\n\
                    [[risk]]\nitem = \"1.1\"\nevent = \"fire\"\nmap = \"fire\"\nimpacts = 111\nthreats = 1\nsources = 2\nmeasures = 3\nseverity = 4\nlikelihood = 5\n\
                    [risk.links]\nimpacts = []\nthreats = []\nsources = []\nmeasures = []\nseverity = []\nlikelihood = []\n";
        let problems: Vec<String> = Template::parse("t.toml", text, &q())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            problems.contains(
                &"t.toml:6: 'description.data_categories' is not a text question".to_string()
            ),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("t.toml:11: item '9.9'")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("t.toml:11: notes go under 'signoff.views_summary'")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("t.toml:16: 'fire' is not a feared event")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("t.toml:16: question 111 is listed twice")),
            "{problems:?}"
        );
    }
}
