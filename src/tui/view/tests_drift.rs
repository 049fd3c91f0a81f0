//! The drift list (issue 15) drawn into a TestBackend: an assessment opened with drift shows
//! it at once (what, where, why, the question), Enter on an item lands on its question in the
//! questionnaire tab, an item whose question the assessment does not show says so and stays,
//! `D` opens the list again, and an assessment without drift shows no list. In English and
//! French, at 80x24 and 120x40.

use super::tests::{key, screen};
use crate::tui::message::{Message, Opened};
use crate::tui::model::{DriftList, Model, Popup, Tab};
use crate::tui::test_support::{dashboard, work_of};
use crate::tui::update::update;
use crossterm::event::KeyCode;
use dpia::assessment::Finding;
use dpia::drift::{DriftItem, Severity};
use dpia::record::{CheckNote, CheckResult, LastCheck};

fn item(code: &str, severity: Severity, location: &str, question: &str) -> DriftItem {
    DriftItem {
        finding: Finding::new(code)
            .with("target", "api.claims-broker.example")
            .with("location", "US")
            .with("column", "damage_reports.diagnosis")
            .with("categories", vec!["health".to_string()]),
        severity,
        location: Some(location.into()),
        question: question.into(),
    }
}

/// The Art. 9 question: not shown for a tool without special-category data, so a drift that
/// adds health data affects a question the signed assessment does not show.
const HIDDEN: &str = "necessity.art9_condition";

/// A signed assessment of a tool without special-category data.
fn tenants_session() -> dpia::session::Session {
    let report = dpia::scan::scan(
        &[dpia::scan::ScanInput::Memory {
            path: "schema.sql".into(),
            bytes: b"CREATE TABLE tenants (id INTEGER, email TEXT, full_name TEXT);\n\
                INSERT INTO tenants VALUES (1, 'anna@example.org', 'Anna Muster');\n",
        }],
        &dpia::scan::ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dpia::scan::Dictionary::builtin().expect("dictionary"),
        &dpia::scan::NoProgress,
    );
    dpia::session::Session::start(
        report,
        dpia::questionnaire::builtin().expect("questionnaire"),
        dpia::reference::Reference::builtin().expect("reference"),
        dpia::calendar::Date::parse("2026-11-25").expect("date"),
    )
}

pub fn drift() -> DriftList {
    DriftList {
        check: LastCheck {
            at: "2026-11-24T09:00:00Z".into(),
            version: None,
            note: CheckNote {
                result: CheckResult::Drift,
                fail_on: Severity::Review,
                worst: Some(Severity::High),
                items: 2,
                signed_scan: "ab".repeat(32),
                scan: "cd".repeat(32),
            },
        },
        signed_number: 3,
        items: Ok(vec![
            item(
                "drift.new_third_party",
                Severity::Review,
                "src/index.ts:41",
                "transfers.components",
            ),
            item(
                "drift.new_column",
                Severity::High,
                "migrations/0004_diagnosis.sql",
                HIDDEN,
            ),
        ]),
        changed_since_check: false,
    }
}

/// The dashboard after the signed example was opened, with or without drift.
fn opened(drift: Option<DriftList>) -> Model {
    let mut m = dashboard();
    let id = m.dashboard.assessments[0].id.clone();
    update(
        &mut m,
        Message::Opened(Ok(Opened {
            id,
            title: "Damage reports".into(),
            session: Box::new(tenants_session()),
            signed: true,
            read_only: false,
            drift,
        })),
    );
    m
}

#[test]
fn an_assessment_opened_with_drift_shows_the_list_with_what_where_why_and_question() {
    let m = opened(Some(drift()));
    assert!(matches!(work_of(&m).popup, Some(Popup::Drift { row: 0 })));
    assert!(!work_of(&m).shows_question(HIDDEN), "{HIDDEN} is shown");
    let s = screen(&m, 120, 40);
    for part in [
        "Drift since the signature",
        "found 2 item(s)",
        "version #3",
        "api.claims-broker.example",
        "where: src/index.ts:41",
        "why it matters:",
        "question: transfers.components",
        "migrations/0004_diagnosis.sql",
        "none shown in this assessment",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
    // The hint bar names the list's keys.
    assert!(s.contains("Enter go to the question"), "{s}");
    // Small terminals draw it too, the chosen item in view.
    let small = screen(&m, 80, 24);
    assert!(small.contains("api.claims-broker.example"), "{small}");
}

#[test]
fn enter_lands_on_the_question_the_item_affects() {
    let mut m = opened(Some(drift()));
    key(&mut m, KeyCode::Enter);
    let w = work_of(&m);
    assert!(w.popup.is_none());
    assert_eq!(w.tab, Tab::Questions);
    assert_eq!(
        w.current().map(|q| q.id.as_str()),
        Some("transfers.components")
    );
    let s = screen(&m, 120, 40);
    assert!(s.contains("drift:"), "{s}");
}

#[test]
fn an_item_without_a_shown_question_says_so_and_does_not_jump() {
    let mut m = opened(Some(drift()));
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    let w = work_of(&m);
    assert!(matches!(w.popup, Some(Popup::Drift { row: 1 })));
    assert_eq!(w.tab, Tab::Findings);
    let s = screen(&m, 120, 40);
    assert!(
        s.contains("this item affects no question shown in this assessment"),
        "{s}"
    );
}

#[test]
fn d_opens_the_list_again_after_esc() {
    let mut m = opened(Some(drift()));
    key(&mut m, KeyCode::Esc);
    assert!(work_of(&m).popup.is_none());
    let s = screen(&m, 120, 40);
    assert!(!s.contains("Drift since the signature"));
    // The tab bar says there is a list to see, at both sizes.
    assert!(s.contains("⚠ drift: D"), "{s}");
    assert!(screen(&m, 80, 24).contains("⚠ drift: D"));
    key(&mut m, KeyCode::Char('D'));
    assert!(screen(&m, 120, 40).contains("Drift since the signature"));
}

#[test]
fn an_assessment_without_drift_shows_no_list() {
    let mut m = opened(None);
    assert!(work_of(&m).popup.is_none());
    let s = screen(&m, 120, 40);
    assert!(!s.contains("Drift since the signature"), "{s}");
    assert!(!s.contains("⚠ drift"), "{s}");
    key(&mut m, KeyCode::Char('D'));
    assert!(work_of(&m).popup.is_none());
    assert!(screen(&m, 120, 40).contains("no drift"));
}

#[test]
fn the_list_is_in_french_and_says_why_without_the_tool() {
    let mut list = drift();
    list.items = Err("the tool is not at tools/damage-reports on this computer".into());
    let mut m = opened(Some(list));
    m.lang = crate::tui::model::Lang::Fr;
    let s = screen(&m, 100, 30);
    for part in [
        "Écarts depuis la signature",
        "2 élément(s)",
        "élevé",
        "dpia check OUTIL",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}
