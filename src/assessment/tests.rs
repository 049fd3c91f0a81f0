//! Engine tests on `tests/fixtures/questionnaires/mini.toml`: conditions, validation of
//! answers files, and the evaluation's outcomes (not required, required, Art. 36 required;
//! transfers to the EEA, an adequate country, the US with and without DPF, a third country
//! with SCCs).

use super::*;
use crate::questionnaire::answers::read_answers_file;
use crate::questionnaire::{load, prefill};
use crate::scan::{ColumnReport, HostingFact, TableReport};

const MINI: &str = include_str!("../../tests/fixtures/questionnaires/mini.toml");

fn mini() -> Questionnaire {
    load("mini.toml", MINI).unwrap()
}

fn scan_with(categories: &[crate::scan::Category], hosting: Vec<HostingFact>) -> ScanReport {
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
                category_confidence: vec![0.9; categories.len()],
                examples: vec![],
                values_sampled: 1,
                needs_review: false,
            }],
        }],
        hosting,
        ..ScanReport::default()
    }
}

fn run(
    scan: &ScanReport,
    answers_text: &str,
) -> Result<Evaluation, crate::questionnaire::AnswersError> {
    let q = mini();
    let reference = Reference::builtin().unwrap();
    let cats = prefill::scan_categories(scan);
    let ctx = Context {
        scan_categories: &cats,
        reference: &reference,
    };
    let base = prefill::prefill(&q, scan);
    let answers = read_answers_file("answers.toml", answers_text, &q, &base, &ctx)?;
    Ok(evaluate(&q, &answers, scan, &reference, "en"))
}

/// `base` with the group `id` given as `[["id"]]` tables at the end (TOML puts every key
/// after such a header inside it).
fn with_group(base: &str, id: &str, tables: &str) -> String {
    let mut text = base.replace(&format!("\"{id}\" = []\n"), "");
    text.push_str(tables);
    text
}

const NOTHING: &str = r#"
"screening.art35_3a" = false
"screening.art35_3b" = false
"screening.art35_3c" = false
"screening.wp248_criteria" = []
"description.data_categories" = ["email"]
"description.columns" = []
"transfers.components" = []
"processors.list" = []
"risks.list" = []
"#;

#[test]
fn not_required_when_nothing_applies() {
    let e = run(&scan_with(&[crate::scan::Category::Email], vec![]), NOTHING).unwrap();
    assert_eq!(e.screening.outcome, Outcome::NotRequired);
    assert!(!e.art36_consultation_required);
}

#[test]
fn required_with_two_criteria_or_an_art35_3_case() {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    let two = NOTHING.replace(
        "\"screening.wp248_criteria\" = []",
        "\"screening.wp248_criteria\" = [\"sensitive_data\", \"vulnerable_subjects\"]",
    );
    assert_eq!(
        run(&scan, &two).unwrap().screening.outcome,
        Outcome::Required
    );
    let one = NOTHING.replace(
        "\"screening.wp248_criteria\" = []",
        "\"screening.wp248_criteria\" = [\"large_scale\"]",
    );
    assert_eq!(
        run(&scan, &one).unwrap().screening.outcome,
        Outcome::Recommended
    );
    let case = NOTHING.replace(
        "\"screening.art35_3b\" = false",
        "\"screening.art35_3b\" = true",
    );
    let e = run(&scan, &case).unwrap();
    assert_eq!(e.screening.outcome, Outcome::Required);
    assert!(e.screening.reasons[0].contains("Art. 35(3)(b)"));
}

#[test]
fn art36_required_when_a_residual_risk_stays_high() {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    let risky = with_group(
        NOTHING,
        "risks.list",
        "[[\"risks.list\"]]\ntitle = \"leak\"\nseverity = 4\nlikelihood = 4\nresidual_severity = 3\nresidual_likelihood = 3\n",
    );
    let e = run(&scan, &risky).unwrap();
    assert!(e.art36_consultation_required, "{e:?}");
    assert_eq!(e.risks[0].level, Some(Level::VeryHigh));
    assert_eq!(e.risks[0].residual_level, Some(Level::High));
    let reduced = risky.replace("residual_likelihood = 3", "residual_likelihood = 1");
    let e = run(&scan, &reduced).unwrap();
    assert!(!e.art36_consultation_required);
    assert_eq!(e.overall_residual_risk, Some(Level::Moderate));
}

fn transfer(location: &str, extra: &str) -> TransferStatus {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    let text = with_group(
        NOTHING,
        "transfers.components",
        &format!("[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"{location}\"\n{extra}"),
    );
    run(&scan, &text).unwrap().transfers.remove(0)
}

#[test]
fn transfers_by_destination() {
    assert_eq!(transfer("DE", "").verdict, TransferVerdict::Lawful);
    assert_eq!(transfer("EU", "").verdict, TransferVerdict::Lawful);
    let ch = transfer("CH", "");
    assert_eq!(ch.verdict, TransferVerdict::Lawful);
    assert!(ch.reason.contains("adequacy decision"));
    let dpf = transfer("US", "dpf_certified = true\ntransfer_tool = \"none\"\n");
    assert_eq!(dpf.verdict, TransferVerdict::Lawful, "{dpf:?}");
    assert!(dpf.reason.contains("Data Privacy Framework"));
    let no_dpf = transfer("US", "dpf_certified = false\ntransfer_tool = \"none\"\n");
    assert_eq!(no_dpf.verdict, TransferVerdict::NeedsTool);
    let scc = transfer("IN", "transfer_tool = \"scc_module_2\"\ntia_done = true\n");
    assert_eq!(scc.verdict, TransferVerdict::LawfulWithSafeguards);
    let scc_no_tia = transfer("IN", "transfer_tool = \"scc_module_2\"\ntia_done = false\n");
    assert_eq!(scc_no_tia.verdict, TransferVerdict::NeedsTool);
    assert_eq!(transfer("unknown", "").verdict, TransferVerdict::Unknown);
}

#[test]
fn hidden_questions_wrong_types_and_unknown_ids_are_errors_with_lines() {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    // No health data anywhere: the Art. 9 question is hidden.
    let hidden = format!("{NOTHING}\"necessity.art9_condition\" = \"art9_2_a\"\n");
    let err = run(&scan, &hidden).unwrap_err();
    let p = &err.problems[0];
    assert_eq!(p.question.as_deref(), Some("necessity.art9_condition"));
    assert_eq!(p.line, Some(11));
    assert!(p.message.contains("hidden"));
    let wrong = NOTHING.replace(
        "\"screening.art35_3a\" = false",
        "\"screening.art35_3a\" = \"no\"",
    );
    let err = run(&scan, &wrong).unwrap_err();
    assert_eq!(err.problems[0].line, Some(2));
    assert!(err.problems[0].message.contains("true or false"));
    let unknown = format!("{NOTHING}\"screening.unknown\" = true\n");
    let err = run(&scan, &unknown).unwrap_err();
    assert!(err.problems[0]
        .to_string()
        .contains("answers.toml:11: screening.unknown: unknown question id"));
    let hidden_field = with_group(
        NOTHING,
        "transfers.components",
        "[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"DE\"\ntransfer_tool = \"none\"\n",
    );
    let err = run(&scan, &hidden_field).unwrap_err();
    assert!(
        err.problems[0].message.contains("transfer_tool is hidden"),
        "{err:?}"
    );
}

#[test]
fn scan_findings_show_questions_and_prefill_as_suggestions() {
    let scan = scan_with(
        &[crate::scan::Category::Health],
        vec![HostingFact {
            component: "d1".into(),
            binding: Some("DB".into()),
            name: Some("db".into()),
            jurisdiction: Some("eu".into()),
            location_hint: None,
            source: "wrangler.jsonc:3".into(),
        }],
    );
    // Health data found: the Art. 9(2) question is visible and missing.
    let text = NOTHING
        .replace("\"transfers.components\" = []\n", "")
        .replace("\"description.columns\" = []\n", "");
    let e = run(&scan, &text).unwrap();
    assert!(
        e.missing
            .iter()
            .any(|m| m.question == "necessity.art9_condition"),
        "{:?}",
        e.missing
    );
    assert!(e.issues.iter().any(|i| i.contains("Art. 9(2) condition")));
    // The D1 binding with jurisdiction eu pre-fills an EU storage location, as a suggestion.
    assert_eq!(e.transfers[0].location, "EU");
    assert_eq!(e.transfers[0].verdict, TransferVerdict::Lawful);
    assert!(e
        .missing
        .iter()
        .any(|m| m.question == "transfers.components" && m.message.contains("suggested")));
    // The declared categories omit health, which the scan found.
    assert!(e.issues.iter().any(|i| i.contains("found health data")));
}

#[test]
fn processor_gaps_list_missing_art28_items() {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    let text = with_group(
        NOTHING,
        "processors.list",
        "[[\"processors.list\"]]\nname = \"Cloudflare\"\ncontract = true\nart28_3 = [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]\n\n[[\"processors.list\"]]\nname = \"Mailer\"\ncontract = false\n",
    );
    let e = run(&scan, &text).unwrap();
    assert_eq!(e.processor_gaps.len(), 2);
    assert_eq!(e.processor_gaps[0].missing.len(), 1);
    assert!(e.processor_gaps[0].missing[0].contains("Art. 28(3)(h)"));
    assert!(e.processor_gaps[1].missing[0].contains("no written processing agreement"));
}

#[test]
fn dismissing_a_column_needs_a_note_and_removes_its_categories() {
    let scan = scan_with(&[crate::scan::Category::Health], vec![]);
    let base = NOTHING.replace("\"transfers.components\" = []\n", "");
    // Reviewed and dismissed with a note: the Art. 9 question disappears.
    let dismissed = with_group(
        &base,
        "description.columns",
        "[[\"description.columns\"]]\ncolumn = \"t.c\"\ncategories = [\"health\"]\ndecision = \"dismissed\"\nnote = \"test data only\"\n",
    );
    let e = run(&scan, &dismissed).unwrap();
    assert!(
        !e.missing
            .iter()
            .any(|m| m.question == "necessity.art9_condition"),
        "{:?}",
        e.missing
    );
    assert!(!e.issues.iter().any(|i| i.contains("Art. 9(2)")));
    // Without the note, the note is missing.
    let no_note = dismissed.replace("note = \"test data only\"\n", "");
    let e = run(&scan, &no_note).unwrap();
    assert!(
        e.missing
            .iter()
            .any(|m| m.question == "description.columns[1].note"),
        "{:?}",
        e.missing
    );
    // Confirmed: the Art. 9 question stays.
    let confirmed = dismissed.replace(
        "decision = \"dismissed\"\nnote = \"test data only\"",
        "decision = \"confirmed\"",
    );
    let e = run(&scan, &confirmed).unwrap();
    assert!(e
        .missing
        .iter()
        .any(|m| m.question == "necessity.art9_condition"));
}

#[test]
fn countries_are_checked_against_iso_3166() {
    let scan = scan_with(&[crate::scan::Category::Email], vec![]);
    let text = with_group(
        NOTHING,
        "transfers.components",
        "[[\"transfers.components\"]]\ncomponent = \"db\"\nstorage_location = \"XX\"\n",
    );
    let err = run(&scan, &text).unwrap_err();
    assert!(
        err.problems[0]
            .message
            .contains("'XX' is not an ISO 3166-1 alpha-2 country code"),
        "{err:?}"
    );
    let text = text.replace("\"XX\"", "\"AT\"");
    let e = run(&scan, &text).unwrap();
    assert_eq!(e.transfers[0].location_name.as_deref(), Some("Austria"));
}
