//! Drift on hand-made scans: each kind of change found once, with its severity and question;
//! nothing found when only paths or lines moved; the SARIF log valid against the OASIS schema.

use super::*;
use crate::scan::code::ServiceRef;
use crate::scan::{ColumnReport, HostingFact, TableReport};

fn column(name: &str, categories: &[Category]) -> ColumnReport {
    ColumnReport {
        name: name.into(),
        data_type: None,
        categories: categories.to_vec(),
        confidence: 0.9,
        evidence: vec![],
        evidence_items: Vec::new(),
        category_confidence: vec![0.9; categories.len()],
        examples: vec![],
        values_sampled: 1,
        needs_review: false,
        raw_examples: None,
        declared_at: Vec::new(),
    }
}

fn flow(kind: FlowKind, target: &str, data: &[Category], source: &str) -> Flow {
    Flow {
        kind,
        target: target.into(),
        service: None,
        data: data.to_vec(),
        source: source.into(),
        evidence: String::new(),
        evidence_item: None,
        route: None,
        missing: false,
    }
}

fn signed() -> ScanReport {
    ScanReport {
        tables: vec![TableReport {
            name: "tenants".into(),
            sources: vec!["migrations/0001.sql".into()],
            rows_sampled: 1,
            rows_seen: 1,
            columns: vec![
                column("email", &[Category::Email]),
                column("note", &[Category::FreeText]),
            ],
        }],
        hosting: vec![HostingFact {
            component: "d1".into(),
            binding: Some("DB".into()),
            name: Some("prod".into()),
            jurisdiction: Some("eu".into()),
            location_hint: None,
            source: "wrangler.jsonc:12".into(),
        }],
        flows: vec![
            flow(FlowKind::StorageDelete, "tenants", &[], "src/index.ts:90"),
            flow(
                FlowKind::StorageRead,
                "tenants",
                &[Category::Email],
                "src/index.ts:40",
            ),
        ],
        ..ScanReport::default()
    }
}

fn codes(d: &Drift) -> Vec<(&str, Severity)> {
    d.items
        .iter()
        .map(|i| (i.finding.code.as_str(), i.severity))
        .collect()
}

#[test]
fn the_same_tool_scanned_elsewhere_has_no_drift() {
    let mut moved = signed();
    moved.tables[0].sources = vec!["/elsewhere/migrations/0001.sql".into()];
    moved.hosting[0].source = "/elsewhere/wrangler.jsonc:14".into();
    moved.flows[1].source = "/elsewhere/src/index.ts:55".into();
    assert!(compare(&signed(), &moved).items.is_empty());
}

#[test]
fn health_data_a_new_third_party_and_a_lost_jurisdiction_are_found() {
    let mut now = signed();
    now.tables[0]
        .columns
        .push(column("krankheit", &[Category::FreeText, Category::Health]));
    now.hosting[0].jurisdiction = None;
    let mut llm = flow(
        FlowKind::AiModel,
        "api.openai.com",
        &[Category::FreeText],
        "src/index.ts:70",
    );
    llm.service = Some(ServiceRef {
        name: "OpenAI API".into(),
        vendor: "OpenAI".into(),
        country: "US".into(),
        role: "processor".into(),
        dpf: "unknown".into(),
    });
    now.flows.push(llm.clone());
    now.flows.push(llm); // a second call to the same service is the same drift
    let d = compare(&signed(), &now);
    assert_eq!(
        codes(&d),
        [
            ("drift.new_column", Severity::High),
            ("drift.jurisdiction_changed", Severity::High),
            ("drift.new_third_party", Severity::Review),
        ]
    );
    assert_eq!(d.items[0].question, "necessity.art9_condition");
    assert_eq!(
        d.items[1].finding.param("after").as_deref(),
        Some("unknown")
    );
    assert_eq!(d.items[2].location.as_deref(), Some("src/index.ts:70"));
    assert!(d.reaches(Severity::High));
}

#[test]
fn logs_unprotected_routes_new_components_and_lost_deletions() {
    let mut now = signed();
    now.flows.retain(|f| f.kind != FlowKind::StorageDelete);
    now.flows.push(flow(
        FlowKind::Log,
        "console",
        &[Category::Email],
        "src/index.ts:12",
    ));
    let mut route = flow(
        FlowKind::AccessCheck,
        "route /api/tenants",
        &[Category::Email],
        "src/index.ts:30",
    );
    route.missing = true;
    now.flows.push(route);
    now.flows
        .push(flow(FlowKind::Log, "console", &[], "src/index.ts:13"));
    now.hosting.push(HostingFact {
        component: "r2".into(),
        binding: Some("FILES".into()),
        name: Some("uploads".into()),
        jurisdiction: None,
        location_hint: None,
        source: "wrangler.jsonc:20".into(),
    });
    now.tables[0].columns.retain(|c| c.name != "note");
    let d = compare(&signed(), &now);
    let found = codes(&d);
    for expected in [
        ("drift.removed", Severity::Info),
        ("drift.new_component", Severity::Review),
        ("drift.new_log", Severity::Review),
        ("drift.unprotected_route", Severity::High),
        ("drift.deletion_gone", Severity::Review),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    assert_eq!(found.len(), 5, "a log of nothing is no drift: {found:?}");
}

#[test]
fn every_drift_code_is_worded_in_every_language() {
    for code in CODES {
        for lang in crate::assessment::wording::LANGUAGES {
            let w = crate::assessment::Words::new(*lang, None, None);
            assert!(w.template(code).is_some(), "{lang}: {code}");
            for part in ["rule", "why"] {
                assert!(
                    w.template(&format!("{code}.{part}")).is_some(),
                    "{lang}: {code}.{part}"
                );
            }
        }
    }
}

#[test]
fn the_sarif_log_is_valid_sarif_2_1_0() {
    let mut now = signed();
    let mut diagnose = column("diagnose", &[Category::Health]);
    diagnose.declared_at = vec![crate::location::Location::new("migrations/0002.sql", 4)];
    now.tables[0].columns.push(diagnose);
    now.flows.push(flow(
        FlowKind::Log,
        "console",
        &[Category::Email],
        "src/index.ts:12",
    ));
    now.hosting[0].jurisdiction = None;
    let d = compare(&signed(), &now);
    let r = crate::reference::Reference::builtin().unwrap();
    let words = crate::assessment::Words::new(crate::lang::Lang::En, None, Some(&r));
    let log = sarif::log(&d, &words, "0.1.0");
    let schema: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/sarif/sarif-2.1.0-rtm.5.json"
    ))
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{log:#}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let logged = results
        .iter()
        .find(|r| r["ruleId"] == "drift.new_log")
        .unwrap();
    assert_eq!(
        logged["locations"][0]["physicalLocation"]["region"]["startLine"],
        12
    );
    assert_eq!(results[0]["level"], "error", "health data is high");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"],
        serde_json::json!({"artifactLocation": {"uri": "migrations/0002.sql"}, "region": {"startLine": 4}}),
        "a new column is shown where it is declared"
    );
    // Deliberately broken output is caught: the validator is not vacuous.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("catastrophic");
    assert!(validator.iter_errors(&broken).next().is_some());
}
