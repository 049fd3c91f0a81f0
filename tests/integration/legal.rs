//! The legal review's probes (`../shared/reviews/legal-review.md`), each run through the real
//! binary as `dpia assess TOOL --answers FILE --format json`: an HR absence tool (employees'
//! sick notes with diagnoses, probe P1) answered in full, then changed one finding at a time.
//! Each test names the finding it reproduces and the rule the corrected outcome follows.

use crate::util::{dpia, fixture, stderr};
use serde_json::Value;

/// The HR absence tool, answered completely and correctly: required (criteria 4 and 7),
/// German controller, employees' health data under Art. 9(2)(b), hosted in Germany.
const BASE: &[(&str, &str)] = &[
    ("screening.art35_3a", "false"),
    ("screening.art35_3b", "false"),
    ("screening.art35_3c", "false"),
    (
        "screening.wp248_criteria",
        r#"["sensitive_data", "vulnerable_subjects"]"#,
    ),
    ("screening.national_list", r#"["none"]"#),
    ("screening.other_list", "false"),
    ("screening.likely_high_risk", "false"),
    ("screening.exemption", r#""none""#),
    ("description.purposes", r#""Recording employees' absences""#),
    ("description.controller", r#""Firma GmbH, Köln""#),
    ("description.controller_country", r#""DE""#),
    ("description.processing_status", r#""planned""#),
    ("description.controller_contact", r#""HR lead""#),
    ("description.dpo_designated", "true"),
    ("description.dpo_contact", r#""dpo@firma.example""#),
    ("description.data_subjects", r#"["employees"]"#),
    ("description.data_sources", r#"["staff_entries"]"#),
    (
        "description.data_categories",
        r#"["person_name", "email", "free_text", "health"]"#,
    ),
    ("description.recipients", r#""HR only""#),
    ("description.retention", r#""end of employment + 3 years""#),
    ("description.access_mode", r#""role_based""#),
    ("description.access_details", r#""2 HR staff""#),
    ("description.ai_generated", "false"),
    ("description.ai_evaluates_people", "false"),
    ("description.code_reviewed", "true"),
    ("description.tested", "true"),
    ("necessity.lawful_basis", r#"["legal_obligation"]"#),
    ("necessity.lawful_basis_details", r#""§ 26(3) BDSG, EFZG""#),
    ("necessity.art9_condition", r#"["art9_2_b"]"#),
    ("necessity.less_intrusive", r#""no diagnoses needed""#),
    ("necessity.accuracy", r#""HR checks""#),
    ("necessity.storage_limitation", r#""deleted yearly""#),
    ("necessity.transparency", r#""notice_art13""#),
    (
        "necessity.rights",
        r#"["access", "rectification", "erasure", "restriction"]"#,
    ),
    ("necessity.works_council", r#""agreement""#),
    ("necessity.principles_improvement", r#"["none"]"#),
    ("processors.any", "false"),
    ("signoff.views_sought", "true"),
    ("signoff.views_summary", r#""works council consulted""#),
    ("signoff.dpo_advice", r#""approve""#),
    ("signoff.dpo_advice_followed", "true"),
    ("signoff.decision", r#""approved""#),
    ("signoff.measures_approved_by", r#""CEO""#),
    ("signoff.residual_risk_accepted_by", r#""CEO""#),
    ("signoff.next_review", r#""2027-12-01""#),
];

/// The review of the scan's columns, the components and one risk with its measure.
const GROUPS: &str = r#"
[["description.columns"]]
column = "absences.employee_name"
categories = ["person_name"]
decision = "confirmed"
minimisation = "needed"

[["description.columns"]]
column = "absences.employee_email"
categories = ["email"]
decision = "confirmed"
minimisation = "needed"

[["description.columns"]]
column = "absences.reason"
categories = ["free_text", "health"]
decision = "confirmed"
minimisation = "drop"

[["description.components"]]
kind = "database"
provider = "Firma GmbH (in-house)"
name = "HR database"

[["transfers.components"]]
component = "HR database"
provider = "Firma GmbH (in-house)"
storage_location = "DE"
"#;

fn risk(id: &str, s: i64, l: i64, rs: i64, rl: i64, extra: &str) -> String {
    format!(
        "[[\"risks.list\"]]\nid = \"{id}\"\ntitle = \"Diagnoses disclosed {id}\"\nevent = \"illegitimate_access\"\nimpacts = \"stigma\"\nthreats = \"broad access\"\nsources = \"staff\"\nseverity = {s}\nlikelihood = {l}\nresidual_severity = {rs}\nresidual_likelihood = {rl}\n{extra}"
    )
}

fn measure(risks: &str, status: &str) -> String {
    let due = if status == "planned" {
        "due = \"2027-03-01\"\n"
    } else {
        ""
    };
    format!("[[\"measures.list\"]]\nmeasure = \"Need-to-know access\"\nkind = \"access_control\"\nrisks = \"{risks}\"\nowner = \"IT\"\nstatus = \"{status}\"\n{due}")
}

fn base_risk() -> String {
    format!(
        "{}{}",
        risk("R1", 3, 2, 2, 1, "residual_acceptable = \"acceptable\"\n"),
        measure("R1", "existing")
    )
}

/// Runs `dpia assess` on the HR tool with the base answers changed by `changes` (an empty
/// value removes the key) and `groups` appended to the base groups.
fn assess(changes: &[(&str, &str)], groups: &str, lang: &str) -> (Value, String) {
    let mut keys: Vec<(String, String)> = BASE
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in changes {
        keys.retain(|(key, _)| key != k);
        if !v.is_empty() {
            keys.push((k.to_string(), v.to_string()));
        }
    }
    let mut text = String::from("questionnaire = \"dpia-gdpr\"\n");
    for (k, v) in keys {
        text.push_str(&format!("\"{k}\" = {v}\n"));
    }
    text.push_str(GROUPS);
    text.push_str(groups);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.toml");
    std::fs::write(&file, &text).unwrap();
    let tool = fixture("legal/hr-absence");
    let run = |format: &str| {
        dpia()
            .env("DPIA_NOW", "2026-12-05")
            .arg("assess")
            .arg(&tool)
            .arg("--answers")
            .arg(&file)
            .args(["--format", format, "--lang", lang])
            .output()
            .unwrap()
    };
    let json = run("json");
    assert_eq!(json.status.code(), Some(0), "{}\n{text}", stderr(&json));
    let human = run("human");
    (
        serde_json::from_slice(&json.stdout).unwrap(),
        String::from_utf8(human.stdout).unwrap(),
    )
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn has(e: &Value, list: &str, code: &str) -> bool {
    codes(&e[list]).iter().any(|c| c == code)
}

fn transfer<'a>(e: &'a Value, role: &str, location: &str) -> &'a Value {
    e["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == role && t["location"] == location)
        .unwrap_or_else(|| panic!("no {role} transfer to {location}: {}", e["transfers"]))
}

#[test]
fn the_base_probe_is_complete_and_required() {
    let (e, _) = assess(&[], &base_risk(), "en");
    assert_eq!(e["format"], 2);
    assert_eq!(e["screening"]["outcome"], "required");
    assert_eq!(e["missing"], serde_json::json!([]));
    assert_eq!(e["art36_status"], "not_required");
    // Every finding carries its code and, in JSON for people, its words.
    assert!(e["issues"][0]["text"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
}

#[test]
fn b1_another_countrys_must_list_item_makes_the_dpia_required() {
    // Art. 35(4): probe P1 wrote an Austrian item in free text and got "not required".
    let (e, _) = assess(
        &[
            ("screening.wp248_criteria", "[]"),
            ("screening.criteria_reason", r#""n/a""#),
            ("screening.other_list", "true"),
        ],
        &format!(
            "{}[[\"screening.other_list_items\"]]\nauthority = \"Austrian DSB, DSFA-V 2018\"\nitem = \"§ 2(1) Z 4 health data\"\n",
            base_risk()
        ),
        "en",
    );
    assert_eq!(e["screening"]["outcome"], "required");
    assert!(has(&e["screening"], "reasons", "screening.other_list"));
}

#[test]
fn m1_the_hr_absence_tool_is_never_not_required() {
    // WP248 criteria 4 and 7 follow from the answers and the scan (probe P1 got "not required").
    let (e, _) = assess(&[("screening.wp248_criteria", "[]")], &base_risk(), "en");
    assert_eq!(e["screening"]["outcome"], "required");
    assert_eq!(
        e["screening"]["suggested_criteria"],
        serde_json::json!(["sensitive_data", "vulnerable_subjects"])
    );
    assert!(has(&e, "issues", "issue.criteria_suggested"));
}

#[test]
fn b2_an_art49_derogation_never_covers_storage_in_india() {
    // Art. 49(1) second subparagraph; EDPB Guidelines 2/2018 (probe P2: "lawful with safeguards").
    let (e, text) = assess(
        &[],
        &format!(
            "{}[[\"transfers.components\"]]\ncomponent = \"Backup in India\"\nprovider = \"Firma GmbH (in-house)\"\nstorage_location = \"IN\"\ntransfer_tool = \"art49_derogation\"\n",
            base_risk()
        ),
        "en",
    );
    let t = transfer(&e, "storage", "IN");
    assert_eq!(t["verdict"], "needs_tool");
    assert_eq!(t["reason"]["code"], "transfer.art49_systematic");
    assert!(text.contains("NO VALID TRANSFER TOOL"), "{text}");
    assert!(!text.contains("lawful with safeguards"), "{text}");
}

#[test]
fn m3_a_negative_tia_means_the_transfer_must_stop() {
    // C-311/18; SCC Clause 14(f).
    let (e, _) = assess(
        &[],
        &format!(
            "{}[[\"transfers.components\"]]\ncomponent = \"Support\"\nprovider = \"Firma GmbH (in-house)\"\nstorage_location = \"IN\"\ntransfer_tool = \"scc_module_2\"\ntia_result = \"not_equivalent\"\n",
            base_risk()
        ),
        "en",
    );
    assert_eq!(transfer(&e, "storage", "IN")["verdict"], "must_stop");
    assert!(has(&e, "issues", "issue.transfer_must_stop"));
}

#[test]
fn m4_dpf_without_hr_coverage_does_not_carry_employees_data() {
    // DPF Supplemental Principle 9 (probe P2 "US DPF storage (HR data)" → "lawful").
    let (e, _) = assess(
        &[],
        &format!(
            "{}[[\"transfers.components\"]]\ncomponent = \"US SaaS\"\nprovider = \"Firma GmbH (in-house)\"\nstorage_location = \"US\"\ndpf_certified = true\ndpf_covers_hr = false\ntransfer_tool = \"none\"\n",
            base_risk()
        ),
        "en",
    );
    let t = transfer(&e, "storage", "US");
    assert_eq!(t["verdict"], "needs_tool");
    assert_eq!(t["reason"]["code"], "transfer.no_tool_dpf_hr");
}

#[test]
fn m5_a_processor_in_india_is_judged_under_chapter_v() {
    // Art. 44, 46; EDPB Guidelines 05/2021 (probe P2: only Art. 28 gaps).
    let (e, _) = assess(
        &[("processors.any", "true")],
        &format!(
            "{}[[\"processors.list\"]]\nname = \"Support India Pvt Ltd\"\nservice = \"database support\"\ncountry = \"India\"\ncontract = false\nsubprocessors = \"none\"\ntransfer_tool = \"none\"\n",
            base_risk()
        ),
        "en",
    );
    assert_eq!(transfer(&e, "processor", "IN")["verdict"], "needs_tool");
    assert!(has(&e, "issues", "issue.transfer_needs_tool"));
    assert!(has(&e, "issues", "issue.processor"));
}

#[test]
fn m1_uk_germany_and_united_states_are_countries_not_words() {
    // Review m1: they were split into UK, GERMANY, UNITED, STATES, each "needs a tool".
    let (e, _) = assess(
        &[],
        &format!(
            "{}[[\"transfers.components\"]]\ncomponent = \"Hosting\"\nprovider = \"Firma GmbH (in-house)\"\nstorage_location = \"Germany\"\naccess_locations = \"UK, Germany, United States\"\ndpf_certified = true\ndpf_covers_hr = true\n",
            base_risk()
        ),
        "en",
    );
    for (role, code) in [("storage", "DE"), ("access", "GB"), ("access", "US")] {
        assert_eq!(transfer(&e, role, code)["verdict"], "lawful", "{code}");
    }
    assert_eq!(
        e["transfers"].as_array().unwrap().len(),
        4,
        "{}",
        e["transfers"]
    );
}

#[test]
fn m6_approval_is_refused_while_prior_consultation_is_required() {
    // Art. 36(1): a residual high risk cannot be accepted and approved.
    let (e, text) = assess(
        &[],
        &format!(
            "{}{}",
            risk(
                "R1",
                4,
                4,
                4,
                3,
                "residual_acceptable = \"not_acceptable\"\n"
            ),
            measure("R1", "existing")
        ),
        "en",
    );
    assert_eq!(e["art36_status"], "required");
    assert!(has(&e, "issues", "issue.approved_without_consultation"));
    assert!(e["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["finding"]["code"] == "missing.consultation"));
    assert!(
        text.contains("must not start until the supervisory authority has been consulted"),
        "{text}"
    );
}

#[test]
fn m6_art36_is_not_yet_determined_without_risks() {
    let (e, text) = assess(&[], "", "en");
    assert_eq!(e["art36_status"], "undetermined");
    assert_eq!(e["art36_consultation_required"], false);
    assert!(
        text.contains("Art. 36 prior consultation: not yet determined"),
        "{text}"
    );
}

#[test]
fn m8_maximum_severity_is_never_waved_through() {
    // WP248: severity 4 "may not overcome"; (4, 2) requires consultation, (4, 1) reasons.
    let (e, _) = assess(
        &[
            ("signoff.decision", r#""refer_to_sa""#),
            ("signoff.residual_risk_accepted_by", ""),
        ],
        &format!(
            "{}{}",
            risk(
                "R1",
                4,
                3,
                4,
                2,
                "residual_acceptable = \"acceptable\"\nresidual_reason = \"x\"\n"
            ),
            measure("R1", "existing")
        ),
        "en",
    );
    assert_eq!(e["art36_reasons"][0]["code"], "art36.severity_maximum");
    let (e, _) = assess(
        &[],
        &format!(
            "{}{}",
            risk("R1", 4, 2, 4, 1, "residual_acceptable = \"acceptable\"\n"),
            measure("R1", "existing")
        ),
        "en",
    );
    assert_eq!(e["art36_status"], "not_required");
    assert!(e["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["finding"]["code"] == "missing.risk_reason"));
}

#[test]
fn m9_residual_risk_needs_real_measures() {
    // Art. 35(7)(d): probe P3's unlinked 4/4 → 1/1, unknown risk title, overdue measure.
    let stray = "[[\"measures.list\"]]\nmeasure = \"Old plan\"\nkind = \"other\"\nrisks = \"Nonexistent risk\"\nowner = \"o\"\nstatus = \"planned\"\ndue = \"2020-01-01\"\n";
    let (e, _) = assess(
        &[],
        &format!(
            "{}{stray}",
            risk("R1", 4, 4, 1, 1, "residual_acceptable = \"acceptable\"\n")
        ),
        "en",
    );
    for code in [
        "issue.risk_reduced_without_measure",
        "issue.measure_unknown_risk",
        "issue.measure_overdue",
    ] {
        assert!(has(&e, "issues", code), "{code}: {}", e["issues"]);
    }
}

#[test]
fn m11_not_informed_and_rights_without_procedure_are_findings() {
    // Art. 12-14, 15-22 (probe P1: transparency "not_yet", rights [] gave no issue).
    let (e, _) = assess(
        &[
            ("necessity.transparency", r#""not_yet""#),
            ("necessity.rights", "[]"),
        ],
        &base_risk(),
        "en",
    );
    assert!(has(&e, "issues", "issue.not_informed"));
    let rights: Vec<&str> = e["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "issue.right_missing")
        .map(|f| f["params"]["right"].as_str().unwrap())
        .collect();
    // A legal obligation: no portability (Art. 20(1)) and no objection (Art. 21(1)).
    assert_eq!(
        rights,
        ["access", "rectification", "erasure", "restriction"]
    );
}

#[test]
fn m12_employee_consent_works_council_and_dpo_in_germany() {
    // Art. 7(4), § 26(2) BDSG; § 87(1) no. 6 BetrVG; § 38(1) sentence 2 BDSG.
    let (e, _) = assess(
        &[
            ("necessity.lawful_basis", r#"["consent"]"#),
            ("necessity.art9_condition", r#"["art9_2_a"]"#),
            ("necessity.works_council", r#""not_involved""#),
            ("description.dpo_designated", "false"),
        ],
        &base_risk(),
        "en",
    );
    for code in [
        "issue.employee_consent",
        "issue.works_council",
        "issue.dpo_required_bdsg",
    ] {
        assert!(has(&e, "issues", code), "{code}: {}", e["issues"]);
    }
}

#[test]
fn m10_german_output_has_one_word_per_level_and_no_raw_ids() {
    // Review m10: "mittel" everywhere, no raw choice ids or English fragments.
    let (_, text) = assess(
        &[],
        &format!(
            "{}{}",
            risk("R1", 3, 3, 2, 2, "residual_acceptable = \"acceptable\"\n"),
            measure("R1", "existing")
        ),
        "de",
    );
    assert!(text.contains("hoch -> mittel"), "{text}");
    for raw in [
        "sensitive_data",
        "vulnerable_subjects",
        "scc_module",
        "begrenzt",
        "lawful",
        "screening:",
        "not answered",
    ] {
        assert!(!text.contains(raw), "{raw} in:\n{text}");
    }
    assert!(
        text.contains("Schwellwertanalyse: DSFA erforderlich"),
        "{text}"
    );
}
