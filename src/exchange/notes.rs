//! Imported notes in words, for the terminal UI and the report: where a note came from ("CNIL
//! PIA, evaluation of 2.2.221 “Information for the data subjects”") and its fields ("Verdict:
//! To correct"). The wording is data, `templates/exchange.<lang>.toml`, checked when loaded
//! (every place, field, code list and CNIL question the importer uses has its words).

use super::cnil::NOTE_FIELDS;
use crate::location::FileProblem;
use crate::questionnaire::ImportedNote;
use serde::Deserialize;
use std::collections::BTreeMap;

const FILES: &[(&str, &str, &str)] = &[
    (
        "en",
        "templates/exchange.en.toml",
        include_str!("../../templates/exchange.en.toml"),
    ),
    (
        "de",
        "templates/exchange.de.toml",
        include_str!("../../templates/exchange.de.toml"),
    ),
    (
        "fr",
        "templates/exchange.fr.toml",
        include_str!("../../templates/exchange.fr.toml"),
    ),
];

/// The places an import writes notes for.
const PLACES: &[&str] = &[
    "pia",
    "answer",
    "comment",
    "evaluation",
    "measure",
    "measure_comment",
    "measure_evaluation",
];

/// The fields whose values are codes, with the number of codes each must word.
const CODES: &[(&str, usize)] = &[
    ("status", 4),
    ("global_status", 3),
    ("pia_status", 6),
    ("dpo_status", 2),
    ("concerned_people_status", 2),
    ("gauge", 5),
];

/// The wording of notes in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteWords {
    pub lang: String,
    /// The heading notes are shown under.
    pub heading: String,
    /// What follows a field's label: `:`, in French a no-break space and `:`.
    colon: String,
    titled: String,
    source: BTreeMap<String, String>,
    place: BTreeMap<String, String>,
    field: BTreeMap<String, String>,
    code: BTreeMap<String, Vec<String>>,
    question: BTreeMap<String, String>,
}

/// A group of notes from one record: where they came from, and one line per field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NoteGroup {
    pub label: String,
    pub lines: Vec<String>,
}

impl NoteWords {
    /// The wording in `lang`.
    pub fn builtin(lang: &str) -> Result<NoteWords, FileProblem> {
        let Some((_, file, text)) = FILES.iter().find(|(l, _, _)| *l == lang) else {
            return Err(FileProblem {
                file: format!("templates/exchange.{lang}.toml"),
                line: None,
                message: format!("no wording for notes in '{lang}' (known: en, de, fr)"),
            });
        };
        NoteWords::parse(file, text)
    }

    /// The wording in `lang`, else in English (a language the notes are not worded in yet).
    pub fn for_lang(lang: &str) -> Result<NoteWords, FileProblem> {
        NoteWords::builtin(lang).or_else(|_| NoteWords::builtin("en"))
    }

    /// The wording in `lang` (else English), loaded once per process: for views drawn many
    /// times a second. `None` only if the shipped English file were broken (a test checks).
    pub fn shared(lang: &str) -> Option<&'static NoteWords> {
        static LOADED: std::sync::OnceLock<Vec<NoteWords>> = std::sync::OnceLock::new();
        let all = LOADED.get_or_init(|| {
            FILES
                .iter()
                .filter_map(|(l, _, _)| NoteWords::builtin(l).ok())
                .collect()
        });
        all.iter()
            .find(|w| w.lang == lang)
            .or_else(|| all.iter().find(|w| w.lang == "en"))
    }

    /// Parses and checks a wording file.
    pub fn parse(file: &str, text: &str) -> Result<NoteWords, FileProblem> {
        let words: NoteWords =
            toml::from_str(text).map_err(|e| FileProblem::toml(file, text, &e))?;
        let missing = |what: &str, key: &str| FileProblem {
            file: file.to_string(),
            line: None,
            message: format!("[{what}] has no `{key}`"),
        };
        for p in PLACES {
            if !words.place.contains_key(*p) {
                return Err(missing("place", p));
            }
        }
        for f in NOTE_FIELDS.iter().chain(&["pia_status"]) {
            if !words.field.contains_key(*f) {
                return Err(missing("field", f));
            }
        }
        for (c, n) in CODES {
            if words.code.get(*c).is_none_or(|l| l.len() != *n) {
                return Err(FileProblem {
                    message: format!("[code] `{c}` needs {n} texts"),
                    ..missing("code", c)
                });
            }
        }
        if !words.source.contains_key(super::cnil::SOURCE) {
            return Err(missing("source", super::cnil::SOURCE));
        }
        Ok(words)
    }

    /// Where a note came from, in words.
    pub fn label(&self, n: &ImportedNote) -> String {
        let source = self
            .source
            .get(&n.source)
            .map_or(n.source.as_str(), String::as_str);
        let place = self
            .place
            .get(&n.place)
            .map_or_else(|| n.place.clone(), |p| p.replace("{key}", &n.key));
        let question = match n.place.as_str() {
            "answer" | "comment" => Some(n.key.as_str()),
            "evaluation" if n.key.matches('.').count() == 2 => n.key.rsplit('.').next(),
            _ => None,
        };
        let place = match question.and_then(|q| self.question.get(q)) {
            Some(title) => self
                .titled
                .replace("{place}", &place)
                .replace("{title}", title),
            None => place,
        };
        if place.is_empty() {
            source.to_string()
        } else {
            format!("{source}, {place}")
        }
    }

    /// A note's field and value, in words.
    pub fn line(&self, n: &ImportedNote) -> String {
        let code = match (n.place.as_str(), n.field.as_str()) {
            ("pia", "status") => Some("pia_status"),
            (_, f) if CODES.iter().any(|(c, _)| *c == f) => Some(f),
            _ => None,
        };
        let value = code
            .and_then(|c| self.code.get(c))
            .and_then(|texts| n.text.parse::<usize>().ok().and_then(|i| texts.get(i)))
            .map_or_else(|| n.text.clone(), Clone::clone);
        let field = if code == Some("pia_status") {
            "pia_status"
        } else {
            n.field.as_str()
        };
        match self.field.get(field).map(String::as_str) {
            Some("") => value,
            // A value of several lines (a list) starts on the line after its label.
            Some(label) if value.contains('\n') => format!("{label}{}\n{value}", self.colon),
            Some(label) => format!("{label}{} {value}", self.colon),
            None => format!("{}{} {value}", n.field, self.colon),
        }
    }

    /// Notes grouped by the record they came from, in their order. An evaluation's progress
    /// is added to its verdict's line: "Verdict: Acceptable (completed)".
    pub fn groups(&self, notes: &[ImportedNote]) -> Vec<NoteGroup> {
        let mut out: Vec<NoteGroup> = Vec::new();
        let mut last: Option<(&str, &str, &str)> = None;
        let mut verdict = false;
        for n in notes {
            let at = (n.source.as_str(), n.place.as_str(), n.key.as_str());
            let same = last == Some(at);
            let progress = n.field == "global_status" && n.place != "pia";
            if same && verdict && progress {
                let code = self.code.get("global_status");
                let word = code.and_then(|c| n.text.parse::<usize>().ok().and_then(|i| c.get(i)));
                if let (Some(g), Some(word)) = (out.last_mut(), word) {
                    if let Some(line) = g.lines.last_mut() {
                        line.push_str(&format!(" ({word})"));
                    }
                    last = Some(at);
                    continue;
                }
            }
            verdict = n.field == "status" && n.place != "pia";
            let line = self.line(n);
            match out.last_mut() {
                Some(g) if same => g.lines.push(line),
                _ => out.push(NoteGroup {
                    label: self.label(n),
                    lines: vec![line],
                }),
            }
            last = Some(at);
        }
        out
    }
}

/// The notes kept under one question, in words (`dpia show`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuestionNotes {
    /// The dpia question they are kept under.
    pub question: String,
    /// That question's report heading in the chosen language, when the questionnaire knows it.
    pub heading: Option<String>,
    pub groups: Vec<NoteGroup>,
}

/// Every question's imported notes in words, in the questionnaire's order (questions it
/// does not know last, by id).
pub fn by_question(
    notes: &BTreeMap<String, Vec<ImportedNote>>,
    questionnaire: Option<&crate::questionnaire::Questionnaire>,
    words: &NoteWords,
    lang: crate::lang::Lang,
) -> Vec<QuestionNotes> {
    let order: Vec<&str> = questionnaire
        .map(|q| q.questions().map(|x| x.id.as_str()).collect())
        .unwrap_or_default();
    let mut ids: Vec<&String> = notes.keys().collect();
    ids.sort_by_key(|id| {
        (
            order.iter().position(|o| o == id).unwrap_or(usize::MAX),
            id.as_str(),
        )
    });
    ids.into_iter()
        .filter_map(|id| {
            let list = notes.get(id).filter(|n| !n.is_empty())?;
            Some(QuestionNotes {
                question: id.clone(),
                heading: questionnaire
                    .and_then(|q| q.question(id))
                    .map(|q| q.heading(lang).to_string()),
                groups: words.groups(list),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(place: &str, key: &str, field: &str, text: &str) -> ImportedNote {
        ImportedNote {
            source: "cnil".into(),
            place: place.into(),
            key: key.into(),
            field: field.into(),
            text: text.into(),
        }
    }

    #[test]
    fn every_language_words_every_note() {
        for (lang, _, _) in FILES {
            let w = NoteWords::builtin(lang).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&w.lang, lang);
            for q in [
                111, 112, 113, 121, 122, 123, 211, 212, 213, 214, 215, 221, 222, 223, 224, 225,
                226, 227,
            ] {
                assert!(
                    w.question.contains_key(&q.to_string()),
                    "{lang}: question {q}"
                );
            }
        }
        assert!(NoteWords::builtin("xx").is_err());
        assert_eq!(NoteWords::for_lang("xx").unwrap().lang, "en");
        assert_eq!(NoteWords::shared("de").unwrap().lang, "de");
        assert_eq!(NoteWords::shared("fr").unwrap().lang, "fr");
    }

    #[test]
    fn notes_read_as_words() {
        let w = NoteWords::builtin("en").unwrap();
        let notes = [
            note("evaluation", "2.2.221", "status", "1"),
            note("evaluation", "2.2.221", "global_status", "1"),
            note(
                "evaluation",
                "2.2.221",
                "action_plan_comment",
                "Publish the notice.",
            ),
            note("answer", "112", "text", "Controller: Example GmbH"),
            note("pia", "", "status", "3"),
        ];
        let groups = w.groups(&notes);
        assert_eq!(groups.len(), 3);
        assert_eq!(
            groups[0].label,
            "CNIL PIA, evaluation of 2.2.221 “Information for the data subjects”"
        );
        assert_eq!(
            groups[0].lines,
            [
                "Verdict: To correct (started)",
                "Action plan: Publish the notice."
            ]
        );
        assert_eq!(
            groups[1].label,
            "CNIL PIA, question 112 “Responsibilities linked to the processing”"
        );
        assert_eq!(groups[1].lines, ["Controller: Example GmbH"]);
        assert_eq!(groups[2].label, "CNIL PIA");
        assert_eq!(groups[2].lines, ["Status of the PIA: Signed validation"]);
        let de = NoteWords::builtin("de").unwrap();
        assert_eq!(
            de.groups(&notes)[0].lines[0],
            "Ergebnis: zu korrigieren (begonnen)"
        );
        let broken = FILES[0]
            .2
            .replace("measure_comment = ", "# measure_comment = ");
        let e = NoteWords::parse("t.toml", &broken).unwrap_err();
        assert!(e.to_string().starts_with("t.toml: [place] has no"), "{e}");
    }
}
