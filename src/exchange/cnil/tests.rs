//! Import and export on the hand-written CNIL fixtures (`tests/fixtures/cnil/`).

use super::template::Template;
use super::*;
use crate::questionnaire::{AnswerValue, Answers, ImportedNote, Questionnaire};
use crate::reference::Reference;

pub(super) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cnil")
            .join(name),
    )
    .unwrap()
}

pub(super) fn tables() -> (Questionnaire, Reference) {
    (
        crate::questionnaire::builtin().unwrap(),
        Reference::builtin().unwrap(),
    )
}

pub(super) fn imported(name: &str, lang: &str) -> Imported {
    let lang = crate::lang::Lang::parse(lang).unwrap();
    let (q, r) = tables();
    let file = parse(name, &fixture(name)).unwrap();
    import(name, &file, &q, &r, lang).unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn import_error(name: &str) -> CnilError {
    let (q, r) = tables();
    let file = parse(name, &fixture(name)).unwrap();
    import(name, &file, &q, &r, crate::lang::Lang::En).unwrap_err()
}

pub(super) fn text(a: &Answers, id: &str) -> String {
    match a.get(id) {
        Some(AnswerValue::Text(t)) => t.clone(),
        other => panic!("{id}: {other:?}"),
    }
}

pub(super) fn items(a: &Answers, id: &str) -> Vec<std::collections::BTreeMap<String, AnswerValue>> {
    match a.get(id) {
        Some(AnswerValue::Group(items)) => items.clone(),
        other => panic!("{id}: {other:?}"),
    }
}

pub(super) fn has_note(
    a: &Answers,
    under: &str,
    place: &str,
    key: &str,
    field: &str,
    text: &str,
) -> bool {
    a.notes.get(under).is_some_and(|notes| {
        notes.iter().any(|n: &ImportedNote| {
            n.place == place && n.key == key && n.field == field && n.text == text
        })
    })
}

pub(super) fn exported(answers: &Answers, title: &str) -> CnilFile {
    let (q, r) = tables();
    let template = Template::builtin(&q).unwrap();
    export(&ExportInput {
        title,
        answers,
        questionnaire: &q,
        reference: &r,
        template: &template,
        lang: crate::lang::Lang::En,
        created_at: "2026-11-25T10:00:00Z",
        updated_at: "2026-11-26T10:00:00Z",
        signed: false,
    })
}

#[test]
fn the_full_example_maps_answers_risks_and_measures() {
    let a = imported("full.json", "en").answers;
    assert!(text(&a, "description.purposes").starts_with("The expense tool lets employees"));
    assert_eq!(
        text(&a, "description.retention"),
        "Claims and receipts: 10 years after the end of the calendar year (§ 147 AO)."
    );
    assert_eq!(
        text(&a, "description.dpo_contact"),
        "Dana DPO, dpo@example.org"
    );
    assert_eq!(
        text(&a, "signoff.dpo_advice"),
        "The processing can go ahead once the IBAN column is encrypted.\nReview the DPIA in a year."
    );
    assert_eq!(
        a.get("signoff.views_sought"),
        Some(&AnswerValue::Bool(true))
    );
    assert_eq!(
        text(&a, "signoff.measures_approved_by"),
        "Victor Validator, Head of HR"
    );
    let risks = items(&a, "risks.list");
    assert_eq!(risks.len(), 3);
    let r1 = &risks[0];
    assert_eq!(r1["id"], AnswerValue::Text("R1".into()));
    assert_eq!(r1["event"], AnswerValue::Text("illegitimate_access".into()));
    assert_eq!(
        r1["title"],
        AnswerValue::Text("Illegitimate access to data".into())
    );
    assert_eq!(
        r1["impacts"],
        AnswerValue::Text("Financial loss\nLoss of confidentiality".into())
    );
    assert_eq!(r1["severity"], AnswerValue::Int(3));
    assert_eq!(r1["likelihood"], AnswerValue::Int(2));
    assert_eq!(r1["residual_severity"], AnswerValue::Int(2));
    assert_eq!(r1["residual_likelihood"], AnswerValue::Int(1));
    assert!(
        !r1.contains_key("residual_acceptable"),
        "a verdict is not the DPO's decision"
    );
    assert!(
        !risks[2].contains_key("residual_severity"),
        "gauge 0 is not rated"
    );
    let measures = items(&a, "measures.list");
    assert_eq!(measures.len(), 4);
    assert_eq!(
        measures[0]["measure"],
        AnswerValue::Text("Encryption".into())
    );
    assert_eq!(measures[0]["risks"], AnswerValue::Text("R1".into()));
    assert_eq!(
        measures[0]["owner"],
        AnswerValue::Text("IT operations".into())
    );
    assert_eq!(measures[0]["status"], AnswerValue::Text("planned".into()));
    assert_eq!(measures[0]["due"], AnswerValue::Text("2027-01-15".into()));
    assert_eq!(measures[1]["risks"], AnswerValue::Text("R1, R2".into()));
    assert!(
        a.get("signoff.decision").is_none(),
        "the PIA's status is not the decision"
    );
    // Notes: nothing that does not map is lost.
    assert!(has_note(
        &a,
        "description.controller",
        "answer",
        "112",
        "text",
        "Controller: Example GmbH (HR department).\nProcessor: Cloudflare, Inc. (hosting)."
    ));
    assert!(has_note(&a, "signoff.decision", "pia", "", "status", "2"));
    assert!(has_note(
        &a,
        "signoff.dpo_advice",
        "pia",
        "",
        "dpo_status",
        "1"
    ));
    assert!(has_note(
        &a,
        "necessity.transparency",
        "evaluation",
        "2.2.221",
        "estimated_implementation_date",
        "2026-12-15"
    ));
    assert!(has_note(
        &a,
        "necessity.lawful_basis_details",
        "comment",
        "212",
        "description",
        "Check with legal whether the works agreement is a lawful basis of its own."
    ));
    assert!(has_note(
        &a,
        "measures.list",
        "measure_comment",
        "Encryption",
        "description",
        "Key management by IT operations."
    ));
    assert!(has_note(
        &a,
        "measures.list",
        "measure",
        "Logical access control",
        "content",
        "- Managers see their own team only\n- Finance sees all claims"
    ));
    assert!(has_note(
        &a,
        "risks.list",
        "answer",
        "325",
        "text",
        "A disclosed IBAN could lead to fraud."
    ));
    assert!(has_note(
        &a,
        "risks.list",
        "evaluation",
        "3.2",
        "status",
        "2"
    ));
}

#[test]
fn legal_verdicts_stay_notes_and_an_unvalidated_validator_approves_nothing() {
    let a = imported("german.json", "de").answers;
    assert!(a.get("signoff.measures_approved_by").is_none());
    assert!(has_note(
        &a,
        "signoff.measures_approved_by",
        "pia",
        "",
        "validator_name",
        "Dr. Özlem Aydın, Geschäftsführung"
    ));
    assert!(has_note(
        &a,
        "signoff.dpo_advice",
        "pia",
        "",
        "dpo_status",
        "0"
    ));
    let risks = items(&a, "risks.list");
    assert_eq!(
        risks[0]["title"],
        AnswerValue::Text("Unrechtmäßiger Zugriff auf Daten".into())
    );
    assert_eq!(risks[0]["severity"], AnswerValue::Int(4));
    assert_eq!(
        text(&a, "necessity.lawful_basis_details"),
        "§ 26 Abs. 1 BDSG i. V. m. Art. 88 DSGVO; Betriebsvereinbarung „Urlaubsplanung“."
    );
    assert!(has_note(
        &a,
        "description.data_categories",
        "answer",
        "121",
        "text",
        "1. Name und Personalnummer\n2. Urlaubs- und Krankheitstage\n3. Vertretungsregelungen"
    ));
}

#[test]
fn edge_cases_import_without_loss() {
    let imp = imported("edge-cases.json", "en");
    assert_eq!(imp.name.as_deref(), Some("(IMPORT) Visitor badges"));
    let a = imp.answers;
    assert!(
        a.get("necessity.codes_of_conduct").is_none(),
        "an empty paragraph is no answer"
    );
    assert_eq!(text(&a, "signoff.measures_approved_by"), "Vera Validator");
    assert!(has_note(
        &a,
        "signoff.measures_approved_by",
        "pia",
        "",
        "author_name",
        "Ada Author"
    ));
    assert_eq!(
        a.get("signoff.views_sought"),
        Some(&AnswerValue::Bool(false))
    );
    assert_eq!(
        text(&a, "signoff.views_not_sought_reason"),
        "Visitors are only on site for a day;\nasking them would be disproportionate."
    );
    let risks = items(&a, "risks.list");
    assert_eq!(risks.len(), 2);
    assert_eq!(
        risks[0]["impacts"],
        AnswerValue::Text("Tracking of visitors\nLoss of privacy".into())
    );
    assert!(!risks[0].contains_key("severity"));
    assert_eq!(risks[1]["id"], AnswerValue::Text("R2".into()));
    assert_eq!(risks[1]["residual_likelihood"], AnswerValue::Int(2));
    assert!(has_note(
        &a,
        "risks.list",
        "answer",
        "324",
        "list",
        "A measure that does not exist"
    ));
    assert!(has_note(
        &a,
        "risks.list",
        "answer",
        "325",
        "text",
        "Not rated yet."
    ));
    let measures = items(&a, "measures.list");
    assert_eq!(measures.len(), 3);
    assert!(measures[1].is_empty());
    assert!(has_note(
        &a,
        "measures.list",
        "measure",
        "#2",
        "content",
        "A measure without a title."
    ));
    assert!(has_note(
        &a,
        "measures.list",
        "measure",
        "#3",
        "content",
        "A second measure with the same title."
    ));
    assert!(has_note(
        &a,
        "measures.list",
        "measure_comment",
        "#3",
        "description",
        "Which drawer?"
    ));
    assert!(has_note(
        &a,
        "measures.list",
        "measure_comment",
        "id 999",
        "description",
        "A comment on a measure that was deleted."
    ));
    assert!(has_note(
        &a,
        "description.retention",
        "comment",
        "215",
        "description",
        "Confirm 30 days with the security team."
    ));
    let purposes = text(&a, "description.purposes");
    assert!(
        purposes.contains("- Name\n  - first name\n  - last name\n- Company & host"),
        "{purposes}"
    );
    assert!(
        purposes.contains("See the CNIL (https://www.cnil.fr/en) and [the floor plan]."),
        "{purposes}"
    );
    assert!(!purposes.contains("alert"), "{purposes}");
}

#[test]
fn custom_template_questions_become_notes_with_their_text() {
    let a = imported("custom-template.json", "en").answers;
    assert!(has_note(
        &a,
        "description.purposes",
        "answer",
        "114",
        "text",
        "Logistics and security."
    ));
    assert!(has_note(
        &a,
        "description.purposes",
        "answer",
        "114",
        "title",
        "Which business units use the badge readers?"
    ));
    assert!(has_note(
        &a,
        "risks.list",
        "answer",
        "327",
        "list",
        "Door readers\nTurnstiles"
    ));
    assert!(has_note(
        &a,
        "description.purposes",
        "comment",
        "114",
        "description",
        "Ask logistics."
    ));
    assert!(has_note(
        &a,
        "description.purposes",
        "answer",
        "114",
        "item",
        "1.1"
    ));
    // Exported, they are the same questions again: answered under their ids, in the template
    // the file carries (with the default template's questions around them), commented and
    // evaluated as themselves; nothing is left as a comment on question 111.
    let out = exported(&a, "Connected badge readers");
    let structure = out.pia.structure_data.clone().expect("the file's template");
    let questions: Vec<(i64, Option<String>, Option<String>)> = structure
        .sections
        .iter()
        .flat_map(|s| s.items.iter())
        .flat_map(|i| i.questions.iter())
        .map(|q| (q.id.unwrap(), q.title.clone(), q.answer_type.clone()))
        .collect();
    assert!(questions.contains(&(
        114,
        Some("Which business units use the badge readers?".into()),
        Some("text".into())
    )));
    assert!(questions.contains(&(
        327,
        Some("Which connected devices are involved?".into()),
        Some("list".into())
    )));
    assert!(questions.contains(&(
        111,
        Some("sections.1.items.1.questions.1.title".into()),
        Some("text".into())
    )));
    assert_eq!(questions.len(), 18 + 18 + 2, "{questions:?}");
    assert_eq!(out.pia.structure_id, Some(1));
    assert!(out.answers.iter().any(|x| x.reference_to == 114));
    assert!(out.answers.iter().any(|x| x.reference_to == 327
        && x.data.list == Some(vec!["Door readers".into(), "Turnstiles".into()])));
    assert!(out.evaluations.iter().any(|e| e.reference_to == "1.1.114"));
    assert!(
        out.comments.iter().all(|c| c.reference_to != "111"),
        "{:?}",
        out.comments
    );
    assert!(out.comments.iter().any(|c| c.reference_to == "114"));
    let again = parse("x.json", export::to_json(&out).unwrap().as_bytes()).unwrap();
    let (q, r) = tables();
    let b = import("x.json", &again, &q, &r, crate::lang::Lang::En)
        .unwrap()
        .answers;
    assert_eq!(b.values, a.values);
    assert_eq!(b.notes, a.notes);
}

#[test]
fn custom_answers_kept_before_their_template_item_was_noted_stay_comments_on_111() {
    // Notes of a custom question without its `item` (an import by an earlier dpia) cannot be
    // placed in a template: they are written as words on question 111, as before.
    let mut a = imported("custom-template.json", "en").answers;
    for notes in a.notes.values_mut() {
        notes.retain(|n| !(n.place == "answer" && n.field == "item"));
    }
    let out = exported(&a, "Connected badge readers");
    assert!(out.pia.structure_data.is_none());
    assert!(out.answers.iter().all(|x| x.reference_to != 114));
    assert!(out
        .comments
        .iter()
        .any(|c| c.reference_to == "111"
            && c.description.as_deref().unwrap_or("").starts_with("(114)")));
}

#[test]
fn every_fixture_round_trips_to_equal_answers_and_notes() {
    for (name, lang) in [
        ("full.json", "en"),
        ("minimal.json", "en"),
        ("german.json", "de"),
        ("edge-cases.json", "en"),
        ("custom-template.json", "en"),
        ("real/2018-02-21-pia-example.json", "fr"),
        ("real/cypress-pia.json", "fr"),
    ] {
        let first = imported(name, lang);
        let file = exported(&first.answers, first.name.as_deref().unwrap_or("x"));
        let json = export::to_json(&file).unwrap();
        let (q, r) = tables();
        let parsed = parse("again.json", json.as_bytes()).unwrap();
        let second = import(
            "again.json",
            &parsed,
            &q,
            &r,
            crate::lang::Lang::parse(lang).unwrap(),
        )
        .unwrap();
        assert_eq!(second.answers.values, first.answers.values, "{name}");
        assert_eq!(second.answers.notes, first.answers.notes, "{name}");
        assert_eq!(second.name, first.name);
    }
}

#[test]
fn malformed_files_are_refused_with_the_json_path() {
    let e = import_error("invalid/unknown-question.json");
    assert_eq!(e.path, "$.answers[1].reference_to");
    assert!(e.message.contains("unknown question 118"), "{e}");
    let e = import_error("invalid/bad-gauge.json");
    assert_eq!(e.path, "$.answers[0].data.gauge");
    assert!(e.message.contains("7 is not a gauge level"), "{e}");
    let e = import_error("invalid/bad-evaluation.json");
    assert_eq!(e.path, "$.evaluations[1].reference_to");
    assert!(
        e.to_string()
            .starts_with("invalid/bad-evaluation.json: $.evaluations[1]"),
        "{e}"
    );
}

#[test]
fn an_assessment_made_in_dpia_exports_its_content_in_words() {
    let (q, r) = tables();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/answers/damage-reports.answers.toml"),
    )
    .unwrap();
    let scan = crate::scan::ScanReport::default();
    let cats = std::collections::BTreeSet::new();
    let ctx = crate::questionnaire::Context {
        scan_categories: &cats,
        reference: &r,
    };
    let answers = crate::questionnaire::answers::read_answers_file(
        "a.toml",
        &text,
        &q,
        &crate::questionnaire::prefill::prefill(&q, &scan),
        &ctx,
    )
    .unwrap();
    let file = exported(&answers, "Damage reports");
    let json: serde_json::Value = serde_json::from_str(&export::to_json(&file).unwrap()).unwrap();
    for key in ["pia", "answers", "measures", "evaluations", "comments"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let answer = |id: i64| {
        json["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["reference_to"] == id)
            .unwrap_or_else(|| panic!("no answer {id}"))
            .clone()
    };
    let data = answer(121)["data"]["text"].as_str().unwrap().to_string();
    assert!(
        data.starts_with("<p>") && data.contains("Categories of personal data:"),
        "{data}"
    );
    assert!(answer(325)["data"]["gauge"].as_i64().is_some());
    let risk_eval = json["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["reference_to"] == "3.2")
        .expect("the access risk's residual rating");
    assert!(risk_eval["gauges"]["x"].as_i64().unwrap() >= 1);
    assert!(json["measures"].as_array().unwrap().len() >= 3);
    assert_eq!(json["pia"]["created_at"], "2026-11-25T10:00:00.000Z");
    for m in json["measures"].as_array().unwrap() {
        assert!(m["id"].as_i64().is_some() && m["title"].as_str().is_some());
    }
}

#[test]
fn notes_stay_when_the_assessment_is_answered_or_rescanned() {
    let (q, r) = tables();
    let first = imported("full.json", "en").answers;
    let file = crate::assessment::AnswersFile {
        name: "a.toml",
        text: "\"description.controller\" = \"Example GmbH\"\n",
    };
    let today = crate::calendar::Date::parse("2026-11-25").unwrap();
    let scan = crate::scan::ScanReport::default();
    let next = crate::assessment::prepare(scan, &q, &r, Some(&first), Some(file), today).unwrap();
    assert_eq!(next.answers.notes, first.notes);
    assert_eq!(
        text(&next.answers, "description.controller"),
        "Example GmbH"
    );
}

#[test]
fn huge_texts_and_deep_lists_are_bounded() {
    let (q, r) = tables();
    let long = "x".repeat(crate::questionnaire::answers::MAX_TEXT_ANSWER + 10);
    let json = serde_json::json!({"pia": {"name": "big"}, "answers": [
        {"reference_to": 112, "data": {"text": long}}]});
    let file = parse("big.json", json.to_string().as_bytes()).unwrap();
    let e = import("big.json", &file, &q, &r, crate::lang::Lang::En).unwrap_err();
    assert!(
        e.message.contains("answer 112 (text) is 101 KB long"),
        "{e}"
    );
    let json = serde_json::json!({"pia": {"name": "big"}, "answers": [
        {"reference_to": 111, "data": {"text": long}}]});
    let file = parse("big.json", json.to_string().as_bytes()).unwrap();
    let e = import("big.json", &file, &q, &r, crate::lang::Lang::En).unwrap_err();
    assert_eq!(e.path, "$.answers[0].data.text", "{e}");
    let deep = format!(
        "{}<li>x</li>{}",
        "<ul><li>".repeat(5000),
        "</li></ul>".repeat(5000)
    );
    let text = crate::exchange::text::html_to_text(&deep);
    assert!(text.lines().all(|l| l.len() < 40), "indentation is bounded");
}
