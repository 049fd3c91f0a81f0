//! Models for the TUI's tests: a dashboard with fixed assessments and an open assessment of
//! the bundled example (scanned in memory, fixed date).

use super::model::{Model, Screen, Tab, Work};
use dpia::record::{AssessmentId, AssessmentSummary, Status, VersionId};
use dpia::reference::Reference;
use dpia::scan::{scan, Dictionary, NoProgress, ScanOptions};
use dpia::session::Session;
use std::path::PathBuf;

pub fn summary(n: u8, title: &str, status: Status, due: Option<&str>) -> AssessmentSummary {
    AssessmentSummary {
        id: serde_json::from_value::<AssessmentId>(serde_json::json!(format!("{n:0>64}")))
            .expect("id"),
        title: title.into(),
        tool_path: format!("tools/{}", title.to_lowercase().replace(' ', "-")),
        tool_fingerprint: "ab".repeat(32),
        status,
        head: serde_json::from_value::<VersionId>(serde_json::json!("cd".repeat(32)))
            .expect("version"),
        versions: 2,
        created_at: "2026-11-01T10:00:00Z".into(),
        created_by: "DPO".into(),
        updated_at: "2026-11-20T10:00:00Z".into(),
        author: "DPO".into(),
        review_due: due.map(str::to_string),
        changed_after_signing: None,
        predecessor: None,
        successor: None,
    }
}

pub fn dashboard() -> Model {
    let mut m = Model::new(
        PathBuf::from("/home/dpo/.local/share/dpia"),
        "2026-11-25".into(),
    );
    m.colour = false;
    m.author = "Test DPO".into();
    m.documents = Some(PathBuf::from("/home/dpo/Documents"));
    m.dashboard.assessments = vec![
        summary(1, "Damage reports", Status::Signed, Some("2026-11-01")),
        summary(2, "Visitor log", Status::Draft, None),
        summary(
            3,
            "Payroll export",
            Status::ReadyForSignoff,
            Some("2027-06-01"),
        ),
    ];
    m
}

pub fn example_session() -> Session {
    let dict = Dictionary::builtin().expect("dictionary");
    let report = scan(
        &dpia::example::inputs(),
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dict,
        &NoProgress,
    );
    Session::start(
        report,
        dpia::questionnaire::builtin().expect("questionnaire"),
        Reference::builtin().expect("reference"),
        dpia::calendar::Date::parse("2026-11-25").expect("date"),
    )
}

/// The dashboard model with the example assessment open on `tab`.
pub fn work(tab: Tab) -> Model {
    let mut m = dashboard();
    let id = m.dashboard.assessments[0].id.clone();
    let mut w = Work::new(id, "Damage reports".into(), example_session(), false);
    w.tab = tab;
    m.screen = Screen::Work(Box::new(w));
    m
}

/// The example's answers file, as the fixture gives it.
pub fn example_answers() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/damage-reports.answers.toml"
    ))
    .expect("answers")
}

/// [`work`] with the example's answers file applied: complete, ready for sign-off.
pub fn answered_work(tab: Tab) -> Model {
    let mut m = work(tab);
    if let Screen::Work(w) = &mut m.screen {
        w.session
            .apply_answers_file("damage-reports.answers.toml", &example_answers())
            .expect("valid answers");
    }
    m
}

pub fn work_of_mut(m: &mut Model) -> &mut Work {
    match &mut m.screen {
        Screen::Work(w) => w,
        _ => panic!("no assessment open"),
    }
}

pub fn work_of(m: &Model) -> &Work {
    match &m.screen {
        Screen::Work(w) => w,
        _ => panic!("no assessment open"),
    }
}
