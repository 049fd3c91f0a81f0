//! Engine tests on the built-in questionnaire: a complete, unremarkable answers set (a
//! customer contact tool, "no DPIA needed") changed one rule at a time. Each test names the
//! article or guideline it follows; the integration tests in `tests/integration/legal.rs`
//! run the same probes through `dpia assess --format json`.

use super::*;
use crate::questionnaire::answers::read_answers_file;
use crate::questionnaire::prefill;
use crate::scan::{Category, ColumnReport, TableReport};

/// A scan with one column `t.c` of the given categories.
fn scan_with(categories: &[Category]) -> ScanReport {
    ScanReport {
        tables: vec![TableReport {
            name: "t".into(),
            sources: vec![],
            rows_sampled: 1,
            rows_seen: 1,
            columns: vec![ColumnReport {
                name: "c".into(),
                data_type: None,
                categories: categories.to_vec(),
                confidence: 0.9,
                evidence: vec![],
                evidence_items: Vec::new(),
                category_confidence: vec![0.9; categories.len()],
                examples: vec![],
                raw_examples: None,
                values_sampled: 1,
                needs_review: false,
                declared_at: Vec::new(),
            }],
        }],
        ..ScanReport::default()
    }
}

/// The plain keys of the baseline: every required question of a "not required" screening
/// record answered, nothing special.
const BASE: &[(&str, &str)] = &[
    ("screening.art35_3a", "false"),
    ("screening.art35_3b", "false"),
    ("screening.art35_3c", "false"),
    ("screening.wp248_criteria", "[]"),
    ("screening.national_list", r#"["none"]"#),
    ("screening.other_list", "false"),
    ("screening.likely_high_risk", "false"),
    ("screening.exemption", r#""none""#),
    ("description.purposes", r#""Customer enquiries""#),
    ("description.controller", r#""Beispiel GmbH, Berlin""#),
    ("description.controller_country", r#""DE""#),
    ("description.processing_status", r#""planned""#),
    ("description.controller_contact", r#""A. Muster""#),
    ("description.dpo_designated", "true"),
    ("description.dpo_contact", r#""dpo@example.org""#),
    ("description.data_subjects", r#"["customers"]"#),
    ("description.data_sources", r#"["data_subjects"]"#),
    ("description.data_categories", r#"["email"]"#),
    ("description.recipients", r#""Sales team""#),
    ("description.retention", r#""1 year""#),
    ("description.access_mode", r#""role_based""#),
    ("description.access_details", r#""2 people""#),
    ("description.ai_generated", "false"),
    ("description.ai_evaluates_people", "false"),
    ("description.code_reviewed", "true"),
    ("description.tested", "true"),
    ("necessity.lawful_basis", r#"["contract"]"#),
    ("necessity.lawful_basis_details", r#""Art. 6(1)(b)""#),
    ("necessity.less_intrusive", r#""none""#),
    ("necessity.accuracy", r#""updated""#),
    ("necessity.storage_limitation", r#""deleted yearly""#),
    ("necessity.transparency", r#""notice_art13""#),
    (
        "necessity.rights",
        r#"["access", "rectification", "erasure", "restriction", "portability"]"#,
    ),
    ("necessity.principles_improvement", r#"["none"]"#),
    ("processors.any", "false"),
    ("signoff.views_sought", "false"),
    ("signoff.views_not_sought_reason", r#""disproportionate""#),
    ("signoff.dpo_advice", r#""no DPIA needed""#),
    ("signoff.dpo_advice_followed", "true"),
    ("signoff.decision", r#""approved""#),
    ("signoff.measures_approved_by", r#""M. Director""#),
    ("signoff.residual_risk_accepted_by", r#""M. Director""#),
    ("signoff.next_review", r#""2027-12-01""#),
];

const COLUMN: &str = "[[\"description.columns\"]]\ncolumn = \"t.c\"\ncategories = [\"email\"]\ndecision = \"confirmed\"\nminimisation = \"needed\"\n[[\"description.components\"]]\nkind = \"database\"\nprovider = \"Beispiel GmbH\"\nname = \"db\"\n";

/// The baseline with `changes` (a value of "" removes the key) and group tables appended.
fn answers_text(changes: &[(&str, &str)], groups: &str) -> String {
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
    text.push_str(COLUMN);
    text.push_str(groups);
    text
}

fn evaluate_on(
    scan: &ScanReport,
    changes: &[(&str, &str)],
    groups: &str,
    today: &str,
) -> Result<Evaluation, crate::questionnaire::AnswersError> {
    let q = crate::questionnaire::builtin().unwrap();
    let reference = Reference::builtin().unwrap();
    let cats = prefill::scan_categories(scan);
    let ctx = Context {
        scan_categories: &cats,
        reference: &reference,
    };
    let base = prefill::prefill(&q, scan);
    let text = answers_text(changes, groups);
    let answers = read_answers_file("answers.toml", &text, &q, &base, &ctx)?;
    Ok(evaluate(
        &q,
        &answers,
        scan,
        &reference,
        Date::parse(today).unwrap(),
    ))
}

fn run(changes: &[(&str, &str)], groups: &str) -> Evaluation {
    evaluate_on(
        &scan_with(&[Category::Email]),
        changes,
        groups,
        "2026-12-05",
    )
    .unwrap_or_else(|e| panic!("{e}: {:?}", e.problems))
}

fn codes(fs: &[Finding]) -> Vec<&str> {
    fs.iter().map(|f| f.code.as_str()).collect()
}

fn has_issue(e: &Evaluation, code: &str) -> bool {
    e.issues.iter().any(|f| f.code == code)
}

// --- Screening ------------------------------------------------------------------------------

#[test]
fn not_required_is_a_complete_record_of_its_own() {
    let e = run(&[], "");
    assert_eq!(
        e.screening.outcome,
        Outcome::NotRequired,
        "{:?}",
        e.screening
    );
    assert_eq!(codes(&e.screening.reasons), ["screening.none"]);
    assert!(e.missing.is_empty(), "{:?}", e.missing);
    assert_eq!(e.art36_status, Art36Status::NotRequired);
    assert!(e.issues.is_empty(), "{:?}", e.issues);
}

#[test]
fn another_authoritys_must_list_makes_the_dpia_required() {
    // Art. 35(4): every competent authority's list counts (review B1).
    let e = run(
        &[("screening.other_list", "true")],
        "[[\"screening.other_list_items\"]]\nauthority = \"Austrian DSB, DSFA-V\"\nitem = \"§ 2(1) Z 4\"\n",
    );
    assert_eq!(e.screening.outcome, Outcome::Required);
    assert!(e.screening.reasons[0].is("screening.other_list"));
}

#[test]
fn a_likely_high_risk_makes_the_dpia_required() {
    // Art. 35(1) (review B1).
    let e = run(
        &[
            ("screening.likely_high_risk", "true"),
            ("screening.likely_high_risk_reason", r#""new tracking""#),
        ],
        "",
    );
    assert_eq!(e.screening.outcome, Outcome::Required);
}

#[test]
fn an_open_screening_question_leaves_the_outcome_undetermined() {
    // Review M1/m6: never "not required" or "recommended" on half the answers.
    for key in [
        "screening.national_list",
        "screening.other_list",
        "screening.likely_high_risk",
        "screening.exemption",
        "screening.art35_3c",
    ] {
        let e = run(&[(key, "")], "");
        assert_eq!(e.screening.outcome, Outcome::Undetermined, "{key}");
    }
    let e = run(
        &[
            ("screening.wp248_criteria", r#"["large_scale"]"#),
            ("screening.national_list", ""),
        ],
        "",
    );
    assert_eq!(e.screening.outcome, Outcome::Undetermined);
}

#[test]
fn criteria_suggested_from_answers_and_scan_count_unless_argued_away() {
    // WP248 criterion 7 (employees) and 4 (health data found): the HR probe of review M1.
    let health = scan_with(&[Category::Health, Category::FreeText]);
    let hr = [
        ("description.data_subjects", r#"["employees"]"#),
        ("description.data_categories", r#"["free_text", "health"]"#),
        ("necessity.art9_condition", r#"["art9_2_b"]"#),
    ];
    let e = evaluate_on(&health, &hr, "", "2026-12-05").unwrap();
    assert_eq!(e.screening.outcome, Outcome::Required, "{:?}", e.screening);
    assert_eq!(
        e.screening.suggested_criteria,
        ["sensitive_data", "vulnerable_subjects"]
    );
    assert!(has_issue(&e, "issue.criteria_suggested"));
    let mut argued = hr.to_vec();
    argued.push(("screening.criteria_reason", r#""explained""#));
    let e = evaluate_on(&health, &argued, "", "2026-12-05").unwrap();
    assert_eq!(e.screening.outcome, Outcome::NotRequired);
    assert!(!has_issue(&e, "issue.criteria_suggested"));
    assert!(e
        .screening
        .reasons
        .iter()
        .any(|r| r.is("screening.criteria_argued")));
}

#[test]
fn two_criteria_are_required_unless_the_controller_documents_why_not() {
    // WP248 III.B.a: two or more criteria, required in most cases; documented reasons allowed.
    let two = (
        "screening.wp248_criteria",
        r#"["large_scale", "matching_datasets"]"#,
    );
    assert_eq!(run(&[two], "").screening.outcome, Outcome::Required);
    let e = run(
        &[two, ("screening.override_reason", r#""aggregated only""#)],
        "",
    );
    assert_eq!(e.screening.outcome, Outcome::NotRequired);
    assert!(e
        .screening
        .reasons
        .iter()
        .any(|r| r.is("screening.override")));
    let one = ("screening.wp248_criteria", r#"["large_scale"]"#);
    assert_eq!(run(&[one], "").screening.outcome, Outcome::Recommended);
}

#[test]
fn an_exception_never_sets_aside_a_mandatory_reason() {
    // Art. 35(10), 35(5): an exception with no mandatory reason gives "not required"; with an
    // Art. 35(3) case the DPIA stays required and the exception is flagged.
    let exemption = [
        ("screening.exemption", r#""art35_10""#),
        ("screening.exemption_details", r#""§ 5 XYZ-Gesetz""#),
        (
            "screening.wp248_criteria",
            r#"["large_scale", "matching_datasets"]"#,
        ),
    ];
    let e = run(&exemption, "");
    assert_eq!(e.screening.outcome, Outcome::NotRequired);
    assert!(e
        .screening
        .reasons
        .iter()
        .any(|r| r.is("screening.exemption_art35_10")));
    let mut with_case = exemption.to_vec();
    with_case.push(("screening.art35_3b", "true"));
    let e = run(&with_case, "");
    assert_eq!(e.screening.outcome, Outcome::Required);
    assert!(has_issue(&e, "issue.exemption_overridden"));
}

#[test]
fn none_cannot_be_combined_with_a_must_list_item() {
    // Review m6.
    let err = evaluate_on(
        &scan_with(&[Category::Email]),
        &[("screening.national_list", r#"["none", "dsk_04_location"]"#)],
        "",
        "2026-12-05",
    )
    .unwrap_err();
    assert!(err.problems[0]
        .message
        .contains("'none' cannot be combined"));
}

// --- Transfers (Chapter V) --------------------------------------------------------------------

fn transfer(fields: &str) -> Evaluation {
    run(
        &[],
        &format!("[[\"transfers.components\"]]\ncomponent = \"db\"\nprovider = \"Beispiel GmbH\"\n{fields}"),
    )
}

fn verdicts(e: &Evaluation) -> Vec<(String, TransferVerdict, String)> {
    e.transfers
        .iter()
        .map(|t| (t.location.clone(), t.verdict, t.reason.code.clone()))
        .collect()
}

#[test]
fn an_art49_derogation_never_covers_storage_or_routine_access() {
    // Art. 49(1) second subparagraph; EDPB Guidelines 2/2018 (review B2).
    let e = transfer("storage_location = \"IN\"\ntransfer_tool = \"art49_derogation\"\n");
    assert_eq!(e.transfers[0].verdict, TransferVerdict::NeedsTool);
    assert!(e.transfers[0].reason.is("transfer.art49_systematic"));
    assert!(has_issue(&e, "issue.transfer_needs_tool"));
}

#[test]
fn the_tia_result_decides_not_that_a_tia_exists() {
    // C-311/18; SCC Clause 14(f); EDPB Recommendations 01/2020 (review M3).
    let base = "storage_location = \"IN\"\ntransfer_tool = \"scc_module_2\"\n";
    let cases = [
        ("tia_result = \"not_equivalent\"\n", TransferVerdict::MustStop),
        ("tia_result = \"not_done\"\n", TransferVerdict::NeedsTia),
        ("tia_result = \"equivalent\"\n", TransferVerdict::LawfulWithSafeguards),
        (
            "tia_result = \"equivalent_with_measures\"\nsupplementary_measures = \"keys in the EEA\"\n",
            TransferVerdict::LawfulWithSafeguards,
        ),
    ];
    for (tia, verdict) in cases {
        let e = transfer(&format!("{base}{tia}"));
        assert_eq!(e.transfers[0].verdict, verdict, "{tia}");
    }
    let stop = transfer(&format!("{base}tia_result = \"not_equivalent\"\n"));
    assert!(has_issue(&stop, "issue.transfer_must_stop"));
}

#[test]
fn dpf_covers_hr_data_only_with_hr_certification() {
    // DPF Supplemental Principle 9 (review M4).
    let hr = [("description.data_subjects", r#"["employees"]"#)];
    let groups = |hr_cover: &str| {
        format!("[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"US\"\ndpf_certified = true\ndpf_covers_hr = {hr_cover}\n")
    };
    let e = run(
        &hr,
        &format!("{}transfer_tool = \"none\"\n", groups("false")),
    );
    assert_eq!(e.transfers[0].verdict, TransferVerdict::NeedsTool);
    assert!(e.transfers[0].reason.is("transfer.no_tool_dpf_hr"));
    let e = run(&hr, &groups("true"));
    assert_eq!(e.transfers[0].verdict, TransferVerdict::Lawful);
    // Without employees' data, the HR question is not asked and DPF suffices.
    let e = transfer("storage_location = \"US\"\ndpf_certified = true\n");
    assert_eq!(e.transfers[0].verdict, TransferVerdict::Lawful);
}

#[test]
fn countries_are_parsed_never_split_into_words() {
    // Review m1: "UK, Germany, United States" is GB, DE and US.
    let e = transfer(
        "storage_location = \"Germany\"\naccess_locations = \"UK, Germany, United States\"\ndpf_certified = true\n",
    );
    let v = verdicts(&e);
    assert_eq!(
        v.iter().map(|(l, ..)| l.as_str()).collect::<Vec<_>>(),
        ["DE", "GB", "US"]
    );
    assert!(
        v.iter()
            .all(|(_, verdict, _)| *verdict == TransferVerdict::Lawful),
        "{v:?}"
    );
    let err = evaluate_on(
        &scan_with(&[Category::Email]),
        &[],
        "[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"DE\"\naccess_locations = \"DE, Narnia\"\n",
        "2026-12-05",
    )
    .unwrap_err();
    assert!(err.problems[0].message.contains("'Narnia'"), "{err:?}");
}

#[test]
fn scoped_and_expiring_adequacy_decisions() {
    // Art. 45: Japan's decision covers APPI operators only; the UK's runs to 27 Dec 2031 (m2).
    let e =
        transfer("storage_location = \"JP\"\nadequacy_scope = false\ntransfer_tool = \"none\"\n");
    assert!(e.transfers[0].reason.is("transfer.no_tool_scope"));
    let e = transfer("storage_location = \"JP\"\nadequacy_scope = true\n");
    assert!(e.transfers[0].reason.is("transfer.adequacy_scoped"));
    let later = evaluate_on(
        &scan_with(&[Category::Email]),
        &[],
        "[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"GB\"\n",
        "2032-01-10",
    )
    .unwrap();
    assert_eq!(later.transfers[0].verdict, TransferVerdict::NeedsTool);
    assert!(later.transfers[0].reason.is("transfer.no_tool_expired"));
}

#[test]
fn a_processor_in_a_third_country_is_a_transfer() {
    // Art. 44, 46; EDPB Guidelines 05/2021 (review M5).
    let e = run(
        &[("processors.any", "true")],
        "[[\"processors.list\"]]\nname = \"Support India Pvt\"\nservice = \"support\"\ncountry = \"IN\"\ncontract = false\nsubprocessors = \"none\"\ntransfer_tool = \"none\"\n",
    );
    let p = e
        .transfers
        .iter()
        .find(|t| t.role == TransferRole::Processor)
        .unwrap();
    assert_eq!(p.verdict, TransferVerdict::NeedsTool);
    assert!(has_issue(&e, "issue.transfer_needs_tool"));
    assert!(has_issue(&e, "issue.processor"));
}

#[test]
fn providers_must_appear_among_the_processors_and_fit_their_clauses() {
    // Art. 28(1); SCC Module 2 for controller-to-processor transfers (review M5, m4).
    let e = run(
        &[("processors.any", "true")],
        "[[\"processors.list\"]]\nname = \"Other Ltd\"\nservice = \"x\"\ncountry = \"DE\"\ncontract = true\nart28_3 = [\"particulars\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"infringing_instructions\"]\nsubprocessors = \"specific_authorisation\"\n[[\"transfers.components\"]]\ncomponent = \"db\"\nprovider = \"Cloudflare\"\nstorage_location = \"DE\"\n",
    );
    assert!(has_issue(&e, "issue.processor_not_listed"));
    assert!(e.processor_gaps.is_empty(), "{:?}", e.processor_gaps);
    let e = run(
        &[("processors.any", "true")],
        "[[\"processors.list\"]]\nname = \"Hoster Inc\"\nservice = \"x\"\ncountry = \"IN\"\ncontract = true\nart28_3 = [\"a\"]\nsubprocessors = \"specific_authorisation\"\ntransfer_tool = \"scc_module_2\"\ntia_result = \"equivalent\"\n[[\"transfers.components\"]]\ncomponent = \"db\"\nprovider = \"Hoster Inc\"\nstorage_location = \"IN\"\ntransfer_tool = \"scc_module_1\"\ntia_result = \"equivalent\"\n",
    );
    assert!(has_issue(&e, "issue.scc_module"));
    // The contract lacks (b)-(h), the particulars and the infringing-instruction duty.
    assert_eq!(e.processor_gaps[0].missing.len(), 9);
}

// --- Risks, measures, Art. 36 ---------------------------------------------------------------

fn risk(id: &str, s: i64, l: i64, rs: i64, rl: i64, extra: &str) -> String {
    format!("[[\"risks.list\"]]\nid = \"{id}\"\ntitle = \"risk {id}\"\nevent = \"illegitimate_access\"\nimpacts = \"x\"\nthreats = \"x\"\nsources = \"x\"\nseverity = {s}\nlikelihood = {l}\nresidual_severity = {rs}\nresidual_likelihood = {rl}\n{extra}")
}

const MEASURE: &str = "[[\"measures.list\"]]\nmeasure = \"restrict access\"\nkind = \"access_control\"\nrisks = \"R1\"\nowner = \"IT\"\nstatus = \"existing\"\n";

fn required() -> Vec<(&'static str, &'static str)> {
    vec![("screening.art35_3a", "true")]
}

#[test]
fn maximum_severity_that_stays_likely_always_requires_consultation() {
    // WP248 ("consequences … which they may not overcome"): 4 with likelihood >= 2 (review M8).
    let e = run(
        &required(),
        &format!(
            "{}{MEASURE}",
            risk(
                "R1",
                4,
                3,
                4,
                2,
                "residual_acceptable = \"acceptable\"\nresidual_reason = \"x\"\n"
            )
        ),
    );
    assert_eq!(e.art36_status, Art36Status::Required);
    assert!(e.art36_reasons[0].is("art36.severity_maximum"));
    assert!(e.art36_reasons.iter().any(|r| r.is("art36.wait")));
}

#[test]
fn severity_four_with_likelihood_one_needs_a_reasoned_decision() {
    // Review M8: (4, 1) is moderate on the map but may not pass without reasons.
    let e = run(
        &required(),
        &format!(
            "{}{MEASURE}",
            risk("R1", 4, 2, 4, 1, "residual_acceptable = \"acceptable\"\n")
        ),
    );
    assert_eq!(e.art36_status, Art36Status::NotRequired);
    assert!(e
        .missing
        .iter()
        .any(|m| m.finding.is("missing.risk_reason")));
    let e = run(
        &required(),
        &format!(
            "{}{MEASURE}",
            risk("R1", 4, 2, 4, 1, "residual_acceptable = \"acceptable\"\nresidual_reason = \"irreversible harm excluded by design\"\n")
        ),
    );
    assert!(!e
        .missing
        .iter()
        .any(|m| m.finding.is("missing.risk_reason")));
    assert!(e.notes.iter().any(|n| n.is("note.risk_accepted")));
}

#[test]
fn a_high_level_from_the_map_is_the_dpos_reasoned_decision() {
    // CNIL: acceptance is a reasoned decision; (3, 2) is high on dpia's map (review M8).
    let high = risk("R1", 3, 3, 3, 2, "residual_acceptable = \"acceptable\"\n");
    let e = run(&required(), &format!("{high}{MEASURE}"));
    assert_eq!(e.art36_status, Art36Status::Required, "no reasons given");
    assert!(e.art36_reasons[0].is("art36.high"));
    let reasoned = risk(
        "R1",
        3,
        3,
        3,
        2,
        "residual_acceptable = \"acceptable\"\nresidual_reason = \"health data minimised\"\n",
    );
    let e = run(&required(), &format!("{reasoned}{MEASURE}"));
    assert_eq!(e.art36_status, Art36Status::NotRequired);
    let refused = risk(
        "R1",
        2,
        2,
        2,
        2,
        "residual_acceptable = \"not_acceptable\"\n",
    );
    let e = run(&required(), &refused);
    assert!(e.art36_reasons[0].is("art36.not_acceptable"));
}

#[test]
fn art36_is_undetermined_until_risks_are_assessed() {
    // Review M6: "not required" while no risk is assessed is wrong.
    let e = run(&required(), "");
    assert_eq!(e.art36_status, Art36Status::Undetermined);
    assert!(e.art36_reasons[0].is("art36.no_risks"));
    assert!(!e.art36_consultation_required);
}

#[test]
fn approval_is_refused_until_the_consultation_is_recorded() {
    // Art. 36(1) (review M6).
    let risky = risk(
        "R1",
        4,
        4,
        4,
        3,
        "residual_acceptable = \"not_acceptable\"\n",
    );
    let e = run(&required(), &format!("{risky}{MEASURE}"));
    assert!(has_issue(&e, "issue.approved_without_consultation"));
    assert!(e
        .missing
        .iter()
        .any(|m| m.finding.is("missing.consultation")));
    let mut refer = required();
    refer.push(("signoff.decision", r#""refer_to_sa""#));
    refer.push(("signoff.residual_risk_accepted_by", ""));
    let hosted = "[[\"transfers.components\"]]\ncomponent = \"db\"\nprovider = \"Beispiel GmbH\"\nstorage_location = \"DE\"\n";
    let e = run(&refer, &format!("{risky}{MEASURE}{hosted}"));
    assert!(!has_issue(&e, "issue.approved_without_consultation"));
    assert!(e.missing.is_empty(), "{:?}", e.missing);
    let mut live = refer.clone();
    live.push(("description.processing_status", r#""live""#));
    live.push(("description.live_since", r#""2026-01-01""#));
    let e = run(&live, &format!("{risky}{MEASURE}"));
    assert!(e.art36_reasons.iter().any(|r| r.is("art36.stop_live")));
    assert!(has_issue(&e, "issue.dpia_after_start"));
}

#[test]
fn residual_levels_must_be_backed_by_measures() {
    // Art. 35(7)(d) (review M9).
    let unlinked = risk("R1", 4, 4, 1, 1, "residual_acceptable = \"acceptable\"\n");
    let e = run(&required(), &unlinked);
    assert!(has_issue(&e, "issue.risk_reduced_without_measure"));
    let worse = risk("R1", 1, 1, 2, 3, "residual_acceptable = \"acceptable\"\n");
    assert!(has_issue(
        &run(&required(), &worse),
        "issue.risk_residual_above_now"
    ));
    let stray = "[[\"measures.list\"]]\nmeasure = \"m\"\nkind = \"other\"\nrisks = \"R9\"\nowner = \"o\"\nstatus = \"planned\"\ndue = \"2020-01-01\"\n";
    let e = run(&required(), &format!("{unlinked}{stray}"));
    assert!(has_issue(&e, "issue.measure_unknown_risk"));
    assert!(has_issue(&e, "issue.measure_overdue"));
}

#[test]
fn a_live_tool_with_a_high_risk_today_is_flagged() {
    // Art. 35(1), 32(1): measures must be in place before processing continues (review M9).
    let planned = "[[\"measures.list\"]]\nmeasure = \"m\"\nkind = \"other\"\nrisks = \"R1\"\nowner = \"o\"\nstatus = \"planned\"\ndue = \"2027-01-01\"\n";
    let mut live = required();
    live.push(("description.processing_status", r#""live""#));
    live.push(("description.live_since", r#""2026-01-01""#));
    let e = run(
        &live,
        &format!(
            "{}{planned}",
            risk("R1", 3, 3, 2, 2, "residual_acceptable = \"acceptable\"\n")
        ),
    );
    assert!(has_issue(&e, "issue.risk_high_while_live"));
}

#[test]
fn principles_to_improve_need_a_measure() {
    // CNIL method, Art. 35(7)(b)-(d) (review M10).
    let e = run(&[("necessity.principles_improvement", r#"["rights"]"#)], "");
    assert!(has_issue(&e, "issue.principle_without_measure"));
}

// --- Findings the help texts promise ------------------------------------------------------------

#[test]
fn transparency_and_rights_each_where_they_apply() {
    // Art. 12-14, 15-22 (review M11).
    let e = run(&[("necessity.transparency", r#""not_yet""#)], "");
    assert!(has_issue(&e, "issue.not_informed"));
    let e = run(&[("necessity.rights", r#"["access"]"#)], "");
    let missing: Vec<String> = e
        .issues
        .iter()
        .filter(|f| f.is("issue.right_missing"))
        .filter_map(|f| f.param("right"))
        .collect();
    // Contract basis: portability applies (Art. 20(1)); objection does not (Art. 21(1)).
    assert_eq!(
        missing,
        ["rectification", "erasure", "restriction", "portability"]
    );
    let e = run(
        &[(
            "description.data_sources",
            r#"["data_subjects", "third_parties"]"#,
        )],
        "",
    );
    assert!(has_issue(&e, "issue.no_art14_notice"));
}

#[test]
fn employment_rules_for_a_german_controller() {
    // Art. 7(4), § 26(2) BDSG; § 87(1) no. 6 BetrVG; § 38(1) s. 2 BDSG; AI Act (review M12).
    let e = run(
        &[
            ("description.data_subjects", r#"["employees"]"#),
            ("necessity.lawful_basis", r#"["consent"]"#),
            ("necessity.works_council", r#""not_involved""#),
            ("description.dpo_designated", "false"),
            ("screening.art35_3a", "true"),
            ("description.ai_evaluates_people", "true"),
        ],
        "",
    );
    for code in [
        "issue.employee_consent",
        "issue.works_council",
        "issue.dpo_required_bdsg",
    ] {
        assert!(has_issue(&e, code), "{code}: {:?}", e.issues);
    }
    assert!(e.notes.iter().any(|n| n.is("note.ai_act_employment")));
    // Outside Germany the BDSG and BetrVG rules do not apply.
    let e = run(
        &[
            ("description.controller_country", r#""FR""#),
            ("description.data_subjects", r#"["employees"]"#),
            ("necessity.works_council", r#""not_involved""#),
            ("description.dpo_designated", "false"),
            ("screening.art35_3a", "true"),
        ],
        "",
    );
    assert!(!has_issue(&e, "issue.works_council"));
    assert!(!has_issue(&e, "issue.dpo_required_bdsg"));
}

#[test]
fn special_categories_need_an_art9_condition() {
    // Art. 9(1)-(2).
    let health = scan_with(&[Category::Health]);
    let e = evaluate_on(
        &health,
        &[
            ("description.data_categories", r#"["health"]"#),
            ("necessity.art9_condition", r#"["none_identified"]"#),
        ],
        "[[\"description.columns\"]]\ncolumn = \"t.c\"\ncategories = [\"health\"]\ndecision = \"confirmed\"\nminimisation = \"needed\"\n",
        "2026-12-05",
    )
    .unwrap();
    assert!(has_issue(&e, "issue.art9_none"));
}

#[test]
fn an_unconfirmed_suggestion_is_not_an_answer() {
    // Issue 14: one truth for progress.
    let q = crate::questionnaire::builtin().unwrap();
    let reference = Reference::builtin().unwrap();
    let scan = scan_with(&[Category::Email]);
    let answers = prefill::prefill(&q, &scan);
    let e = evaluate(
        &q,
        &answers,
        &scan,
        &reference,
        Date::parse("2026-12-05").unwrap(),
    );
    assert_eq!(e.progress.answered, 0);
    assert!(e.missing.iter().any(|m| m.finding.is("missing.suggested")));
}

#[test]
fn the_example_reads_as_its_comments_say() {
    // The shipped example: required (criteria 4 and 8), live, approved with conditions, no
    // Art. 36, two risks high today.
    let q = crate::questionnaire::builtin().unwrap();
    let reference = Reference::builtin().unwrap();
    let scan = crate::scan::scan(
        &[crate::scan::ScanInput::Path(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/example/damage-reports"
            )
            .into(),
        )],
        &crate::scan::ScanOptions::new(crate::calendar::Date {
            year: 2026,
            month: 12,
            day: 5,
        }),
        &crate::scan::Dictionary::builtin().unwrap(),
        &crate::scan::NoProgress,
    );
    let text = include_str!("../../tests/fixtures/answers/damage-reports.answers.toml");
    let prepared = prepare(
        scan,
        &q,
        &reference,
        None,
        Some(AnswersFile {
            name: "example",
            text,
        }),
        Date::parse("2026-12-05").unwrap(),
    )
    .unwrap();
    let e = prepared.evaluation;
    assert_eq!(e.screening.outcome, Outcome::Required);
    assert_eq!(e.art36_status, Art36Status::NotRequired);
    assert!(e.missing.is_empty(), "{:?}", e.missing);
    assert!(has_issue(&e, "issue.dpia_after_start"));
    assert_eq!(
        e.issues
            .iter()
            .filter(|i| i.is("issue.risk_high_while_live"))
            .count(),
        2
    );
    assert!(
        !e.transfers.iter().any(|t| !t.verdict.covered()),
        "{:?}",
        e.transfers
    );
}

#[test]
fn no_prior_consultation_is_concluded_before_the_residual_risk_is_accepted() {
    // A low residual risk whose acceptability the controller has not decided (an import from
    // the CNIL tool brings levels, never that decision): Art. 36 stays open, not "not
    // required".
    let open = run(
        &required(),
        &format!("{}{MEASURE}", risk("R1", 2, 2, 1, 1, "")),
    );
    assert_eq!(open.art36_status, Art36Status::Undetermined);
    assert!(open
        .art36_reasons
        .iter()
        .any(|f| f.is(codes::ART36_DECISION_MISSING)));
    let decided = run(
        &required(),
        &format!(
            "{}{MEASURE}",
            risk("R1", 2, 2, 1, 1, "residual_acceptable = \"acceptable\"\n")
        ),
    );
    assert_eq!(decided.art36_status, Art36Status::NotRequired);
}
