//! Import and export on files the CNIL's PIA tool itself wrote (`tests/fixtures/cnil/real/`,
//! source and commit in its README): its bundled example PIA "Captoo" and the PIA of its own
//! end-to-end tests, and what an export must carry for the CNIL tool to read it as it reads
//! its own files.

use super::import_export_tests::{exported, has_note, imported, items, text};
use super::*;
use crate::questionnaire::AnswerValue;

const EXAMPLE: &str = "real/2018-02-21-pia-example.json";
const CYPRESS: &str = "real/cypress-pia.json";

#[test]
fn the_cnil_example_reads_as_the_cnil_tool_shows_it() {
    let imp = imported(EXAMPLE, "fr");
    assert_eq!(imp.name.as_deref(), Some("Captoo"));
    let a = imp.answers;
    assert!(text(&a, "description.purposes").starts_with("Le PIA porte sur le"));
    assert!(text(&a, "description.retention").starts_with("Les données sont conservées"));
    assert_eq!(text(&a, "description.dpo_contact"), "Michael Thomas (DPO)");
    assert!(text(&a, "signoff.dpo_advice").starts_with("L’analyse menée montre"));
    // Status 3 (signed validation): the validator approved the measures.
    assert_eq!(text(&a, "signoff.measures_approved_by"), "Mary Smith");
    assert_eq!(
        a.get("signoff.views_sought"),
        Some(&AnswerValue::Bool(true))
    );
    let risks = items(&a, "risks.list");
    assert_eq!(risks.len(), 3);
    let level = |r: &std::collections::BTreeMap<String, AnswerValue>, f: &str| r.get(f).cloned();
    // 3.2: gauges 3 and 4, re-rated by the evaluator to 3 and 1.
    assert_eq!(level(&risks[0], "severity"), Some(AnswerValue::Int(3)));
    assert_eq!(level(&risks[0], "likelihood"), Some(AnswerValue::Int(4)));
    assert_eq!(
        level(&risks[0], "residual_severity"),
        Some(AnswerValue::Int(3))
    );
    assert_eq!(
        level(&risks[0], "residual_likelihood"),
        Some(AnswerValue::Int(1))
    );
    // 3.3: rated 2 and 2, not re-rated (gauges 0 are "not rated").
    assert_eq!(level(&risks[1], "severity"), Some(AnswerValue::Int(2)));
    assert_eq!(level(&risks[1], "residual_severity"), None);
    assert_eq!(
        risks[0].get("threats"),
        Some(&AnswerValue::Text(
            "Consultation de données\nVol de données\nUsurpation d'un compte (via un smartphone)"
                .into()
        ))
    );
    let measures = items(&a, "measures.list");
    assert_eq!(measures.len(), 23);
    assert_eq!(
        measures[0].get("measure"),
        Some(&AnswerValue::Text("Chiffrement".into()))
    );
    // Chiffrement is listed by risks 3.2 and 3.3 (answers 324 and 334).
    assert_eq!(
        measures[0].get("risks"),
        Some(&AnswerValue::Text("R1, R2".into()))
    );
    // The refusal reason, the comment on 212 and the verdicts stay notes.
    assert!(has_note(
        &a,
        "signoff.decision",
        "pia",
        "",
        "rejection_reason",
        "Rapport incomplet"
    ));
    assert!(a
        .notes
        .values()
        .flatten()
        .any(|n| n.place == "comment" && n.key == "212"));
    assert!(a
        .notes
        .values()
        .flatten()
        .any(|n| n.place == "measure_evaluation"
            && n.key == "Chiffrement"
            && n.field == "action_plan_comment"));
    assert!(!risks[0].contains_key("residual_acceptable"));
}

#[test]
fn the_cnil_tools_own_test_pia_imports_with_its_garbled_measure_evaluation() {
    // Its evaluation `3.1.[object Object]` names no measure: the CNIL tool imports it as it
    // is, and so does dpia, as a note that an export writes back the same.
    let a = imported(CYPRESS, "fr").answers;
    assert!(a
        .notes
        .get("measures.list")
        .into_iter()
        .flatten()
        .any(|n| n.place == "measure_evaluation"
            && n.key == "id [object Object]"
            && n.field == "status"
            && n.text == "3"));
    let out = exported(&a, "Nom du Pia");
    let refs: Vec<&str> = out
        .evaluations
        .iter()
        .map(|e| e.reference_to.as_str())
        .collect();
    assert!(refs.contains(&"3.1.[object Object]"), "{refs:?}");
    assert!(refs.contains(&"3.1.1"), "{refs:?}");
    assert_eq!(out.measures[0].id, Some(1));
}

#[test]
fn an_export_has_the_shapes_the_cnil_tool_writes() {
    let a = imported(EXAMPLE, "fr").answers;
    let out = exported(&a, "Captoo");
    let json: serde_json::Value = serde_json::from_str(&export::to_json(&out).unwrap()).unwrap();
    for answer in json["answers"].as_array().unwrap() {
        // The CNIL tool's lists are lists, also beside a text or a gauge.
        assert!(answer["data"]["list"].is_array(), "{answer}");
        assert!(answer["reference_to"].is_i64(), "{answer}");
        assert!(answer["created_at"].is_string(), "{answer}");
    }
    for m in json["measures"].as_array().unwrap() {
        assert_eq!(m["placeholder"], "measures.default_placeholder");
        assert!(m["id"].is_i64() && m["created_at"].is_string(), "{m}");
    }
    for e in json["evaluations"].as_array().unwrap() {
        // The importer calls `reference_to.startsWith`: a string.
        assert!(e["reference_to"].is_string(), "{e}");
        assert!(
            e["gauges"]["x"].is_i64() && e["gauges"]["y"].is_i64(),
            "{e}"
        );
        assert!(e["created_at"].is_string(), "{e}");
    }
    // Every measure evaluation names a measure of the file.
    let ids: Vec<String> = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].to_string())
        .collect();
    for e in json["evaluations"].as_array().unwrap() {
        if let Some(id) = e["reference_to"].as_str().unwrap().strip_prefix("3.1.") {
            assert!(ids.contains(&id.to_string()), "{id}");
        }
    }
    // Without a custom template the file carries none: the CNIL tool uses its default one.
    assert!(json["pia"]["structure_id"].is_null());
    assert!(json["pia"]["structure_data"].is_null());
}

#[test]
fn a_custom_template_is_carried_whole_with_its_questions_added() {
    let a = imported("custom-template.json", "en").answers;
    let out = exported(&a, "Badges");
    let json = serde_json::to_value(&out.pia.structure_data).unwrap();
    let item = |s: i64, i: i64| {
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == s)
            .and_then(|x| x["items"].as_array().unwrap().iter().find(|y| y["id"] == i))
            .cloned()
            .unwrap()
    };
    // What the CNIL tool draws the PIA from: the measures item, the gauges, the risk map.
    assert_eq!(item(3, 1)["is_measure"], true);
    assert_eq!(item(3, 1)["answers"], serde_json::json!([]));
    assert_eq!(item(3, 2)["evaluation_with_gauge"], true);
    let q = |s, i, id: i64| {
        item(s, i)["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(q(3, 2, 325)["cartography"], "risk-access_x");
    assert_eq!(q(3, 4, 346)["cartography"], "risk-disappearance_y");
    assert_eq!(q(3, 2, 324)["is_measure"], true);
    assert_eq!(item(4, 4)["hide"], true);
    let custom = q(1, 1, 114);
    assert_eq!(
        custom["title"],
        "Which business units use the badge readers?"
    );
    assert_eq!(custom["answer_type"], "text");
    assert_eq!(custom["active"], true);
    // No gauge question without a cartography: the CNIL tool's risk map would fail.
    for s in json["sections"].as_array().unwrap() {
        for i in s["items"].as_array().unwrap() {
            for q in i["questions"].as_array().into_iter().flatten() {
                if q["answer_type"] == "gauge" {
                    assert!(q["cartography"].is_string(), "{q}");
                }
            }
        }
    }
    // Without the custom questions, it is the CNIL tool's default template as it ships it.
    let mut stripped = json.clone();
    for s in stripped["sections"].as_array_mut().unwrap() {
        for i in s["items"].as_array_mut().unwrap() {
            if let Some(qs) = i.get_mut("questions").and_then(|q| q.as_array_mut()) {
                qs.retain(|q| !matches!(q["id"].as_i64(), Some(114 | 327)));
            }
        }
    }
    let real: serde_json::Value = serde_json::from_slice(&super::import_export_tests::fixture(
        "real/pia_architecture.json",
    ))
    .unwrap();
    assert_eq!(stripped, real);
}

/// The PIA the CNIL tool makes when a PIA is created from the template `structure` (a
/// template export): the template whole in `structure_data`, its pre-filled answers and
/// measures (`pia.service.ts` `saveNewPia`, `structureCreateAnswers`,
/// `structureCreateMeasures`).
fn pia_from_template(structure: &serde_json::Value) -> serde_json::Value {
    let s = &structure["structure"];
    let mut answers = Vec::new();
    let mut measures = Vec::new();
    for section in s["data"]["sections"].as_array().unwrap() {
        for item in section["items"].as_array().unwrap() {
            for q in item["questions"].as_array().into_iter().flatten() {
                if q["answer"].as_str().is_some_and(|a| !a.is_empty()) {
                    answers.push(serde_json::json!({
                        "pia_id": 1, "reference_to": q["id"], "id": answers.len() + 1,
                        "data": {"text": q["answer"], "gauge": null, "list": null},
                        "created_at": "2026-12-01T09:00:00.000Z"
                    }));
                }
            }
            for m in item["answers"].as_array().into_iter().flatten() {
                measures.push(serde_json::json!({
                    "pia_id": 1, "id": measures.len() + 1, "title": m["title"],
                    "content": m["content"], "placeholder": "measures.default_placeholder",
                    "created_at": "2026-12-01T09:00:00.000Z"
                }));
            }
        }
    }
    serde_json::json!({
        "pia": {
            "id": 1, "name": "Connected thermostat", "status": 0, "author_name": "A. Author",
            "evaluator_name": "", "validator_name": "", "is_example": 0, "is_archive": 0,
            "progress": 0, "created_at": "2026-12-01T09:00:00.000Z",
            "updated_at": "2026-12-01T09:00:00.000Z",
            "structure_id": s["id"], "structure_name": s["name"],
            "structure_sector_name": s["sector_name"], "structure_data": s["data"]
        },
        "answers": answers, "measures": measures, "evaluations": [], "comments": []
    })
}

#[test]
fn a_pia_made_from_a_cnil_template_imports_and_round_trips() {
    let structure: serde_json::Value = serde_json::from_slice(
        &super::import_export_tests::fixture("real/2018-11-21-structure-example-en.json"),
    )
    .unwrap();
    let json = pia_from_template(&structure).to_string();
    let (q, r) = super::import_export_tests::tables();
    let file = parse("thermostat.json", json.as_bytes()).unwrap();
    // Its template, whole, is read with every key the tool uses kept.
    let carried = file.pia.structure_data.as_ref().unwrap();
    assert_eq!(
        serde_json::to_value(carried).unwrap(),
        structure["structure"]["data"]
    );
    let first = import("thermostat.json", &file, &q, &r, crate::lang::Lang::En).unwrap();
    let a = &first.answers;
    assert!(text(a, "description.purposes").starts_with("Present a brief outline of :"));
    assert!(has_note(
        a,
        "description.purposes",
        "pia",
        "",
        "structure_name",
        "Example : PIAF Connected Objects"
    ));
    let measures = items(a, "measures.list");
    assert_eq!(
        measures[0].get("measure"),
        Some(&AnswerValue::Text(
            "[ Notes regarding security measures ]".into()
        ))
    );
    let out = exported(a, "Connected thermostat");
    let again = parse("again.json", export::to_json(&out).unwrap().as_bytes()).unwrap();
    let second = import("again.json", &again, &q, &r, crate::lang::Lang::En).unwrap();
    assert_eq!(second.answers.values, first.answers.values);
    assert_eq!(second.answers.notes, first.answers.notes);
}
