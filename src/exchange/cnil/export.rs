//! Answers (and imported notes) → a CNIL PIA file the CNIL tool imports: all five keys, the
//! default template's question ids, texts as the simple HTML its editor writes, measures with
//! ids that evaluations and comments refer to, risk evaluations with the residual severity as
//! `x` and likelihood as `y`, ISO-8601 dates.
//!
//! Each CNIL field is written from the dpia answer it maps to (see `import`), else from the
//! note an import kept for it; answers of dpia questions that map to nothing (the data
//! subjects and categories, components, processors, transfers…) are added in words to the
//! nearest CNIL question's text (`export` in `template.toml`). So an imported assessment
//! exports to a file that imports to the same answers and notes, and an assessment made in
//! dpia exports its content in words where the CNIL template has no field for it. Not
//! written: the screening (the CNIL PIA has none), the Art. 36 record, conditions and review
//! date. A custom CNIL template's questions come back as the same questions, with the CNIL
//! tool's default template carried whole (`export_custom`, `architecture`).

use super::dates;
use super::export_custom;
use super::export_parts::{self, Notes, Part};
use super::export_records;
use super::model::{Answer, AnswerData, CnilFile, Pia};
use super::template::{Target, Template};
use crate::assessment::Words;
use crate::exchange::text::{canonical, text_to_html};
use crate::questionnaire::model::QuestionType;
use crate::questionnaire::{AnswerValue, Answers, Origin, Questionnaire};
use crate::reference::Reference;

/// What an export is made from.
pub struct ExportInput<'a> {
    pub title: &'a str,
    pub answers: &'a Answers,
    pub questionnaire: &'a Questionnaire,
    pub reference: &'a Reference,
    pub template: &'a Template,
    /// The language answers are put into words in, where the CNIL file has no field for them.
    pub lang: crate::lang::Lang,
    /// When the assessment was created and this version written (RFC 3339).
    pub created_at: &'a str,
    pub updated_at: &'a str,
    /// Whether this version is signed.
    pub signed: bool,
}

impl ExportInput<'_> {
    /// The DPO's answer to `id` (suggestions and drafts are not exported).
    pub(super) fn given(&self, id: &str) -> Option<&AnswerValue> {
        self.answers
            .values
            .get(id)
            .filter(|a| a.origin == Origin::Given)
            .map(|a| &a.value)
    }

    /// The given text answer to `id`, trimmed.
    pub(super) fn given_text(&self, id: &str) -> Option<String> {
        match self.given(id) {
            Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(canonical(t)),
            _ => None,
        }
    }

    pub(super) fn words(&self) -> Words<'_> {
        Words::new(self.lang, Some(self.questionnaire), Some(self.reference))
    }

    /// The given answers to `ids` in words: `Heading: value` lines, a group as one line per
    /// item under its heading.
    pub(super) fn compose(&self, ids: &[String]) -> String {
        let words = self.words();
        let mut out = Vec::new();
        for id in ids {
            let (Some(q), Some(value)) = (self.questionnaire.question(id), self.given(id)) else {
                continue;
            };
            let heading = q.heading(self.lang);
            match value {
                AnswerValue::Group(items) if !items.is_empty() => {
                    let mut lines = vec![format!("{heading}:")];
                    for item in items {
                        let parts: Vec<String> = q
                            .fields
                            .iter()
                            .filter_map(|f| {
                                let v = item.get(&f.id)?;
                                let v = self.value_words(f, v, &words);
                                (!v.is_empty()).then(|| format!("{}: {v}", f.heading(self.lang)))
                            })
                            .collect();
                        lines.push(format!("- {}", parts.join("; ")));
                    }
                    out.push(lines.join("\n"));
                }
                AnswerValue::Group(_) => {}
                v => {
                    let v = self.value_words(q, v, &words);
                    if !v.is_empty() {
                        out.push(format!("{heading}: {v}"));
                    }
                }
            }
        }
        out.join("\n")
    }

    fn value_words(
        &self,
        q: &crate::questionnaire::Question,
        v: &AnswerValue,
        words: &Words<'_>,
    ) -> String {
        let text = match (q.kind, v) {
            (QuestionType::Country, AnswerValue::Text(c)) => words.country(c),
            (QuestionType::CountryList, AnswerValue::List(l)) => l
                .iter()
                .map(|c| words.country(c))
                .collect::<Vec<_>>()
                .join(", "),
            (QuestionType::Date, AnswerValue::Text(d)) => words.date(d),
            _ => crate::questionnaire::display::value_text(q, v, self.lang),
        };
        canonical(&text).replace('\n', " ")
    }
}

/// Joins non-empty texts with a blank line.
pub(super) fn paragraphs<'s>(parts: impl IntoIterator<Item = &'s str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Writes the CNIL file for `input`.
pub fn export(input: &ExportInput<'_>) -> CnilFile {
    let notes = Notes::of(input.answers);
    let mut answers = Vec::new();
    let created = dates::from_timestamp(input.created_at);
    let updated = dates::from_timestamp(input.updated_at);
    let mut push = |part: Part| {
        let text = text_to_html(&part.text);
        let list = part.list.filter(|l| !l.is_empty());
        if text.is_empty() && list.is_none() && part.gauge.is_none() {
            return;
        }
        answers.push(Answer {
            id: Some(answers.len() as i64 + 1),
            pia_id: Some(1),
            reference_to: part.id,
            // As the CNIL tool writes them: `list` is always a list (`[]` beside a text or
            // a gauge), `text` and `gauge` are `null` where the question has none.
            data: AnswerData {
                text: (!text.is_empty()).then_some(text),
                gauge: part.gauge,
                list: Some(list.unwrap_or_default()),
            },
            created_at: Some(created.clone()),
            updated_at: Some(updated.clone()),
        });
    };
    for q in &input.template.questions {
        let key = q.id.to_string();
        let primary = match &q.target {
            Target::Answer(id) => input
                .given_text(id)
                .or_else(|| notes.get("answer", &key, "text").map(str::to_string)),
            Target::Notes(_) => notes.get("answer", &key, "text").map(str::to_string),
        };
        let extra = input.compose(&q.export);
        let text = paragraphs([primary.as_deref().unwrap_or(""), extra.as_str()]);
        push(Part {
            id: q.id,
            text,
            list: notes.lines("answer", &key, "list"),
            gauge: notes.gauge(&key),
        });
    }
    for part in export_parts::risk_answers(input, &notes) {
        push(part);
    }
    let custom = export_custom::custom_questions(input.template, &notes);
    for part in export_custom::answers(&custom, &notes) {
        push(part);
    }
    let (measures, ids) = export_parts::measures(input, &notes, &created, &updated);
    let evaluations = export_records::evaluations(input, &notes, &ids, &custom, &created, &updated);
    let comments = export_records::comments(input, &notes, &ids, &custom, &created, &updated);
    let mut pia = pia(input, &notes, &created, &updated);
    if !custom.is_empty() {
        // The CNIL tool reads a PIA's own template when it names one.
        pia.structure_id = Some(1);
        pia.structure_data = Some(export_custom::structure(input, &custom));
    }
    CnilFile {
        pia,
        answers,
        measures,
        evaluations,
        comments,
    }
}

/// The `pia` object.
fn pia(input: &ExportInput<'_>, notes: &Notes<'_>, created: &str, updated: &str) -> Pia {
    let note = |field: &str| notes.get("pia", "", field).map(str::to_string);
    let text = |id: &str, field: &str| input.given_text(id).or_else(|| note(field));
    let code = |field: &str| note(field).and_then(|s| s.parse::<i64>().ok());
    let decision = match input.given("signoff.decision") {
        Some(AnswerValue::Text(d)) => d.as_str(),
        _ => "",
    };
    // A signed dpia version is a validated PIA (refused when the decision rejects it);
    // otherwise the status the CNIL file had, if it was imported.
    let status = match (input.signed, decision) {
        (true, "rejected") => 1,
        (true, "approved" | "approved_with_conditions") => 3,
        _ => code("status").unwrap_or(0),
    };
    let or_empty = |v: Option<String>| Some(v.unwrap_or_default());
    Pia {
        id: Some(1),
        name: Some(input.title.to_string()),
        category: or_empty(note("category")),
        status: Some(status),
        author_name: or_empty(note("author_name")),
        evaluator_name: or_empty(note("evaluator_name")),
        validator_name: or_empty(text("signoff.measures_approved_by", "validator_name")),
        user_pias: None,
        dpos_names: or_empty(text("description.dpo_contact", "dpos_names")),
        dpo_status: code("dpo_status"),
        dpo_opinion: or_empty(text("signoff.dpo_advice", "dpo_opinion")),
        concerned_people_searched_opinion: match input.given("signoff.views_sought") {
            Some(AnswerValue::Bool(b)) => Some(*b),
            _ => None,
        },
        concerned_people_searched_content: or_empty(text(
            "signoff.views_not_sought_reason",
            "concerned_people_searched_content",
        )),
        people_names: or_empty(note("people_names")),
        concerned_people_status: code("concerned_people_status"),
        concerned_people_opinion: or_empty(text(
            "signoff.views_summary",
            "concerned_people_opinion",
        )),
        rejection_reason: or_empty(note("rejection_reason")),
        applied_adjustments: or_empty(note("applied_adjustments")),
        structure_id: None,
        structure_name: or_empty(note("structure_name")),
        structure_sector_name: or_empty(note("structure_sector_name")),
        structure_data: None,
        progress: Some(0.0),
        is_example: Some(0),
        is_archive: Some(0),
        created_at: Some(created.to_string()),
        updated_at: Some(updated.to_string()),
    }
}

/// The file as JSON text (what the CNIL tool's import reads).
pub fn to_json(file: &CnilFile) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(file)?;
    text.push('\n');
    Ok(text)
}

/// Why a recorded version could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the recorded answers of version {version} cannot be read")]
    Recorded {
        version: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("version {version} answers questionnaire {questionnaire}; a CNIL file is written from the built-in {builtin}")]
    OtherQuestionnaire {
        version: String,
        questionnaire: String,
        builtin: String,
    },
    #[error("the built-in tables are invalid: {0}")]
    Builtin(String),
    #[error("cannot write the CNIL file")]
    Serialise(#[source] serde_json::Error),
}

/// A recorded version of an assessment as a CNIL PIA file (JSON text), its answers put into
/// words in `lang` where the CNIL template has no field for them.
pub fn export_version(
    view: &crate::record::AssessmentView,
    version: &crate::record::Version,
    lang: crate::lang::Lang,
) -> Result<String, ExportError> {
    let questionnaire =
        crate::questionnaire::builtin().map_err(|e| ExportError::Builtin(e.to_string()))?;
    if version.content.questionnaire_id != questionnaire.id {
        return Err(ExportError::OtherQuestionnaire {
            version: version.id.to_string(),
            questionnaire: version.content.questionnaire_id.clone(),
            builtin: questionnaire.id.clone(),
        });
    }
    let reference = Reference::builtin().map_err(|e| ExportError::Builtin(e.to_string()))?;
    let template = Template::builtin(&questionnaire).map_err(|problems| {
        ExportError::Builtin(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let answers: Answers =
        serde_json::from_value(version.content.answers.clone()).map_err(|source| {
            ExportError::Recorded {
                version: version.id.to_string(),
                source,
            }
        })?;
    let file = export(&ExportInput {
        title: &view.summary.title,
        answers: &answers,
        questionnaire: &questionnaire,
        reference: &reference,
        template: &template,
        lang,
        created_at: &view.summary.created_at,
        updated_at: &version.created_at,
        signed: version.signature.is_some(),
    });
    to_json(&file).map_err(ExportError::Serialise)
}
