//! The questions the evaluation reads, with the type it reads them as: the contract between
//! `src/assessment/` and a questionnaire. `load` checks a questionnaire against it: a question
//! or group field with one of these ids must have this type, and a questionnaire that calls
//! itself `dpia-gdpr` (the built-in one, or an edited copy) must hold every one of them, so a
//! missing id is a lint error naming the file, never a silent "undetermined".

use super::model::{QuestionType, Questionnaire};
use super::LintProblem;

/// The id of the questionnaire whose contract this is.
pub const ENGINE_QUESTIONNAIRE: &str = "dpia-gdpr";

/// (id, type); group fields are written `group/field`.
pub const ENGINE_IDS: &[(&str, QuestionType)] = &[
    ("screening.art35_3a", QuestionType::YesNo),
    ("screening.art35_3b", QuestionType::YesNo),
    ("screening.art35_3c", QuestionType::YesNo),
    ("screening.wp248_criteria", QuestionType::MultiChoice),
    ("screening.national_list", QuestionType::MultiChoice),
    ("screening.other_list", QuestionType::YesNo),
    ("screening.other_list_items", QuestionType::Group),
    ("screening.other_list_items/authority", QuestionType::Text),
    ("screening.other_list_items/item", QuestionType::Text),
    ("screening.likely_high_risk", QuestionType::YesNo),
    ("screening.likely_high_risk_reason", QuestionType::LongText),
    ("screening.criteria_reason", QuestionType::LongText),
    ("screening.override_reason", QuestionType::LongText),
    ("screening.exemption", QuestionType::SingleChoice),
    ("screening.exemption_details", QuestionType::LongText),
    ("description.controller", QuestionType::Text),
    ("description.controller_country", QuestionType::Country),
    ("description.processing_status", QuestionType::SingleChoice),
    ("description.live_since", QuestionType::Date),
    ("description.dpo_designated", QuestionType::YesNo),
    ("description.data_subjects", QuestionType::MultiChoice),
    ("description.data_sources", QuestionType::MultiChoice),
    ("description.data_categories", QuestionType::MultiChoice),
    ("description.columns", QuestionType::Group),
    ("description.columns/column", QuestionType::Text),
    ("description.columns/categories", QuestionType::MultiChoice),
    ("description.columns/decision", QuestionType::SingleChoice),
    (
        "description.columns/minimisation",
        QuestionType::SingleChoice,
    ),
    ("description.components", QuestionType::Group),
    ("description.components/provider", QuestionType::Text),
    ("description.ai_generated", QuestionType::YesNo),
    ("description.ai_evaluates_people", QuestionType::YesNo),
    ("description.code_reviewed", QuestionType::YesNo),
    ("necessity.lawful_basis", QuestionType::MultiChoice),
    ("necessity.art9_condition", QuestionType::MultiChoice),
    ("necessity.transparency", QuestionType::SingleChoice),
    ("necessity.rights", QuestionType::MultiChoice),
    ("necessity.works_council", QuestionType::SingleChoice),
    (
        "necessity.principles_improvement",
        QuestionType::MultiChoice,
    ),
    ("transfers.components", QuestionType::Group),
    ("transfers.components/component", QuestionType::Text),
    ("transfers.components/provider", QuestionType::Text),
    (
        "transfers.components/storage_location",
        QuestionType::Country,
    ),
    (
        "transfers.components/access_locations",
        QuestionType::CountryList,
    ),
    ("transfers.components/dpf_certified", QuestionType::YesNo),
    ("transfers.components/dpf_covers_hr", QuestionType::YesNo),
    ("transfers.components/adequacy_scope", QuestionType::YesNo),
    (
        "transfers.components/transfer_tool",
        QuestionType::SingleChoice,
    ),
    (
        "transfers.components/tia_result",
        QuestionType::SingleChoice,
    ),
    (
        "transfers.components/supplementary_measures",
        QuestionType::LongText,
    ),
    ("processors.any", QuestionType::YesNo),
    ("processors.list", QuestionType::Group),
    ("processors.list/name", QuestionType::Text),
    ("processors.list/country", QuestionType::Country),
    ("processors.list/contract", QuestionType::YesNo),
    ("processors.list/art28_3", QuestionType::MultiChoice),
    ("processors.list/subprocessors", QuestionType::SingleChoice),
    (
        "processors.list/subprocessor_countries",
        QuestionType::CountryList,
    ),
    ("processors.list/dpf_certified", QuestionType::YesNo),
    ("processors.list/dpf_covers_hr", QuestionType::YesNo),
    ("processors.list/adequacy_scope", QuestionType::YesNo),
    ("processors.list/transfer_tool", QuestionType::SingleChoice),
    ("processors.list/tia_result", QuestionType::SingleChoice),
    (
        "processors.list/supplementary_measures",
        QuestionType::LongText,
    ),
    ("risks.list", QuestionType::Group),
    ("risks.list/id", QuestionType::Text),
    ("risks.list/title", QuestionType::Text),
    ("risks.list/event", QuestionType::SingleChoice),
    ("risks.list/severity", QuestionType::Scale),
    ("risks.list/likelihood", QuestionType::Scale),
    ("risks.list/residual_severity", QuestionType::Scale),
    ("risks.list/residual_likelihood", QuestionType::Scale),
    ("risks.list/residual_acceptable", QuestionType::SingleChoice),
    ("risks.list/residual_reason", QuestionType::LongText),
    ("measures.list", QuestionType::Group),
    ("measures.list/measure", QuestionType::Text),
    ("measures.list/risks", QuestionType::Text),
    ("measures.list/principles", QuestionType::MultiChoice),
    ("measures.list/status", QuestionType::SingleChoice),
    ("measures.list/due", QuestionType::Date),
    ("signoff.decision", QuestionType::SingleChoice),
    ("signoff.art36_consulted", QuestionType::YesNo),
    ("signoff.art36_outcome", QuestionType::SingleChoice),
];

/// Problems of `q` against the contract: wrong types always; missing ids when `q` is the
/// engine's questionnaire.
pub fn check(q: &Questionnaire) -> Vec<LintProblem> {
    let mut out = Vec::new();
    for (id, kind) in ENGINE_IDS {
        let found = match id.split_once('/') {
            Some((group, field)) => q.question(group).and_then(|g| g.field(field)),
            None => q.question(id),
        };
        match found {
            Some(question) if question.kind != *kind => out.push(LintProblem {
                file: q.source.clone(),
                line: Some(question.line),
                message: format!(
                    "{id} is read by the evaluation as {kind:?}, but this questionnaire makes it {:?}",
                    question.kind
                ),
            }),
            None if q.id == ENGINE_QUESTIONNAIRE => out.push(LintProblem {
                file: q.source.clone(),
                line: None,
                message: format!(
                    "{id} is read by the evaluation but missing from this questionnaire (id \"{ENGINE_QUESTIONNAIRE}\")"
                ),
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_questionnaire_keeps_the_contract() {
        let q = super::super::builtin().unwrap();
        assert!(check(&q).is_empty(), "{:?}", check(&q));
    }

    #[test]
    fn a_changed_type_or_a_missing_id_is_named() {
        let text = super::super::BUILTIN.1.replacen(
            "id = \"screening.other_list\"\ntype = \"yes_no\"",
            "id = \"screening.other_list\"\ntype = \"text\"",
            1,
        );
        let err = super::super::load("edited.toml", &text).unwrap_err();
        assert!(err.problems.iter().any(|p| p
            .message
            .contains("screening.other_list is read by the evaluation as YesNo")));
        let text = super::super::BUILTIN.1.replacen(
            "id = \"screening.likely_high_risk_reason\"",
            "id = \"screening.why_high_risk\"",
            1,
        );
        let err = super::super::load("edited.toml", &text).unwrap_err();
        assert!(err.problems.iter().any(|p| p
            .message
            .contains("screening.likely_high_risk_reason is read by the evaluation but missing")));
    }
}
