//! Whole screens rendered into ratatui's TestBackend (80x24 and 120x40), compared with
//! insta snapshots; tiny sizes must not panic. Scrolled lists at three sizes are in
//! `tests_sizes.rs`.

use super::draw;
use crate::tui::input::LineInput;
use crate::tui::message::Message;
use crate::tui::model::{Model, NewField, NewForm, Popup, Screen, Tab};
use crate::tui::test_support::{answered_work, dashboard, work, work_of};
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn screen(model: &Model, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| draw(f, model)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn key(m: &mut Model, code: KeyCode) {
    update(m, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn both(name: &str, model: &Model) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(model, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(model, 120, 40));
}

#[test]
fn dashboard_lists_and_marks_overdue() {
    let m = dashboard();
    assert!(screen(&m, 80, 24).contains("2026-11-01 overdue"));
    // The status column fits its longest word (the walkthrough saw "ready for sign-of").
    assert!(screen(&m, 100, 30).contains("ready for sign-off"));
    both("dashboard", &m);
}

#[test]
fn dashboard_says_when_a_signed_assessment_changed_after_signing() {
    let mut m = dashboard();
    m.dashboard.assessments[0].status = dpia::record::Status::Draft;
    m.dashboard.assessments[0].changed_after_signing = Some(dpia::record::SignedRef {
        version: serde_json::from_value(serde_json::json!("ef".repeat(32))).expect("id"),
        number: 3,
        signed_at: "2026-11-02T10:00:00Z".into(),
    });
    let text = screen(&m, 100, 30);
    assert!(text.contains("changed after signing"), "{text}");
}

#[test]
fn dashboard_marks_drift_and_overdue_reviews() {
    use dpia::drift::Severity;
    use dpia::record::{CheckNote, CheckResult, LastCheck};
    let mut m = dashboard();
    let check = |worst: Option<Severity>| LastCheck {
        at: "2026-11-24T09:00:00Z".into(),
        version: None,
        note: CheckNote {
            result: CheckResult::Drift,
            fail_on: Severity::Review,
            worst,
            items: 3,
            signed_scan: "a".repeat(64),
            scan: "b".repeat(64),
        },
    };
    let ids: Vec<_> = m
        .dashboard
        .assessments
        .iter()
        .map(|a| a.id.clone())
        .collect();
    // Damage reports (signed, overdue) drifted; Payroll's last check found only info.
    m.dashboard
        .checks
        .insert(ids[0].clone(), check(Some(Severity::High)));
    m.dashboard
        .checks
        .insert(ids[2].clone(), check(Some(Severity::Info)));
    let s = screen(&m, 120, 40);
    let row = s.lines().find(|l| l.contains("Damage reports")).unwrap();
    assert!(
        row.contains("Damage reports ⚠ drift (high)") && row.contains("2026-11-01 overdue"),
        "{s}"
    );
    let payroll = s.lines().find(|l| l.contains("Payroll export")).unwrap();
    assert!(
        !payroll.contains("drift"),
        "info needs no review: {payroll}"
    );
    key(&mut m, KeyCode::Char('L'));
    assert!(screen(&m, 120, 40).contains("⚠ Abweichung (hoch)"));
    // A superseded assessment is history: no mark.
    m.dashboard.assessments[0].status = dpia::record::Status::Superseded;
    assert!(!screen(&m, 120, 40).contains("Abweichung"));
}

#[test]
fn dashboard_empty_offers_the_example() {
    let mut m = dashboard();
    m.dashboard.assessments.clear();
    both("dashboard_empty", &m);
}

#[test]
fn help_overlay_in_german() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('L'));
    key(&mut m, KeyCode::Char('?'));
    let s = screen(&m, 80, 24);
    // The DSFA record is the "Ablage"; "Verzeichnis" is only the Art. 30 record.
    assert!(
        s.contains("Ablage prüfen")
            && !s
                .replace("Verarbeitungsverzeichnis", "")
                .contains("Verzeichnis"),
        "{s}"
    );
    both("help_de", &m);
}

#[test]
fn new_assessment() {
    let mut m = dashboard();
    m.screen = Screen::New(NewForm {
        path: LineInput::new("tools/damage-reports"),
        title: LineInput::new("Damage reports"),
        focus: NewField::Title,
        example: false,
        completions: vec![
            "tools/damage-reports/".into(),
            "tools/damage-reports-v2/".into(),
        ],
        scanning: None,
        error: None,
    });
    both("new", &m);
    if let Screen::New(form) = &mut m.screen {
        form.scanning = Some(crate::tui::model::ScanProgress {
            file: "export/d1-export.sql".into(),
            done: 600,
            total: 1000,
            files: 3,
        });
    }
    both("new_scanning", &m);
}

#[test]
fn findings_review() {
    both("findings", &work(Tab::Findings));
    let mut m = work(Tab::Findings);
    key(&mut m, KeyCode::Char('f'));
    both("flows", &m);
}

#[test]
fn questionnaire_with_an_editor() {
    let mut m = work(Tab::Questions);
    key(&mut m, KeyCode::Right);
    both("questionnaire", &m);
    key(&mut m, KeyCode::Enter);
    both("questionnaire_editing", &m);
}

#[test]
fn risks_and_summary() {
    let m = work(Tab::Risks);
    both("risks_empty", &m);
    let mut m = answered_work(Tab::Risks);
    both("risks", &m);
    if let Screen::Work(w) = &mut m.screen {
        w.tab = Tab::Summary;
    }
    both("summary", &m);
    key(&mut m, KeyCode::Char('s'));
    assert!(
        matches!(work_of(&m).popup, Some(Popup::Sign(_))),
        "complete answers can be signed"
    );
    both("sign_form", &m);
    update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let s = screen(&m, 80, 24);
    assert!(s.contains("The answers become final"), "{s}");
}

#[test]
fn audit_screen() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('a'));
    update(
        &mut m,
        Message::Audited(Ok(Box::new(dpia::approval::audit_summary::AuditSummary {
            today: "2026-11-25".into(),
            record_head: None,
            chain: dpia::record::AuditReport {
                breaks: vec![dpia::record::Break {
                    assessment: Some("ab".repeat(32)),
                    version: None,
                    event: Some(7),
                    what: "the event's hash does not match its content".into(),
                }],
                assessments: 3,
                versions: 9,
                scans: 2,
                signed_versions: 1,
                events: 14,
            },
            assessments: Vec::new(),
            pdfs: Vec::new(),
        }))),
    );
    both("audit", &m);
}

#[test]
fn the_author_is_asked_once() {
    let mut m = dashboard();
    m.author_prompt = Some(Default::default());
    let s = screen(&m, 80, 24);
    assert!(s.contains("Who is working?"), "{s}");
}

#[test]
fn tiny_terminals_never_panic() {
    for m in [
        dashboard(),
        work(Tab::Findings),
        work(Tab::Questions),
        work(Tab::Risks),
        answered_work(Tab::Risks),
        answered_work(Tab::Summary),
    ] {
        for (w, h) in [(1, 1), (20, 5), (39, 9), (40, 10), (41, 12), (45, 14)] {
            let _ = screen(&m, w, h);
        }
    }
    assert!(screen(&dashboard(), 20, 5).contains("enlarge"));
}

#[test]
fn input_text_is_drawn_with_its_controls_escaped() {
    let hostile = "Payroll\u{1b}[2J\u{202e}gpj.exe\u{2066}";
    let mut dash = dashboard();
    dash.dashboard.assessments[0].title = hostile.into();
    let mut work_screen = work(Tab::Findings);
    if let Screen::Work(w) = &mut work_screen.screen {
        w.title = hostile.into();
        w.session.scan.problems.push(dpia::scan::Problem::error(
            dpia::scan::ProblemCode::BinaryData,
            format!("data/{hostile}.csv"),
            Some(1),
            "binary data, not CSV text",
        ));
    }
    for m in [dash, work_screen] {
        let text = screen(&m, 120, 40);
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && dpia::terminal::is_unsafe(c))
            .collect();
        assert!(raw.is_empty(), "raw {raw:?} drawn:\n{text}");
        assert!(text.contains("Payroll\\u{1b}[2J\\u{202e}gpj"), "{text}");
    }
}

#[test]
fn imported_notes_show_with_their_question() {
    let mut m = work(Tab::Questions);
    let w = crate::tui::test_support::work_of_mut(&mut m);
    let id = w.questions(w.section)[w.question].id.clone();
    w.session
        .answers
        .notes
        .entry(id)
        .or_default()
        .push(dpia::questionnaire::ImportedNote {
            source: "cnil".into(),
            place: "evaluation".into(),
            key: "2.2.221".into(),
            field: "action_plan_comment".into(),
            text: "Publish the notice.\nOn the intranet.".into(),
        });
    let s = screen(&m, 120, 40);
    assert!(s.contains("Imported notes"), "{s}");
    assert!(s.contains("CNIL PIA, evaluation of 2.2.221"), "{s}");
    // A value of two lines starts under its label.
    assert!(
        s.lines()
            .any(|l| l.contains("  Action plan:") && !l.contains("Publish")),
        "{s}"
    );
    assert!(s.contains("  Publish the notice."), "{s}");
    assert!(s.contains("  On the intranet."), "{s}");
    key(&mut m, KeyCode::Char('L'));
    let s = screen(&m, 120, 40);
    assert!(
        s.contains("Importierte Notizen") && s.contains("Aktionsplan"),
        "{s}"
    );
}
