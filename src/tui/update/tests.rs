//! Keys to messages to state, without a terminal: the dashboard, the new-assessment form,
//! the findings review, results of effects. The questionnaire, editing, pastes and undo are
//! in `tests_editing.rs`; the key tables in `tests_keymap.rs`.

use super::*;
use crate::tui::effect::ScanSource;
use crate::tui::message::{Listing, Merged, SaveReport};
use crate::tui::model::{FindingsPane, Lang, Pending, Popup, StatusLine, Tab};
use crate::tui::test_support::{dashboard, work, work_of, work_of_mut};
use dpia::questionnaire::{AnswerValue, FLOW_REVIEW};
use std::path::PathBuf;

pub fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn keys(m: &mut Model, codes: &[KeyCode]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in codes {
        effects.extend(key(m, *c));
    }
    effects
}

pub fn text(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, KeyCode::Char(c));
    }
}

pub fn ctrl(m: &mut Model, c: char) -> Vec<Effect> {
    update(
        m,
        Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

#[test]
fn dashboard_moves_filters_and_quits() {
    let mut m = dashboard();
    keys(&mut m, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    assert_eq!(m.dashboard.selected, 2);
    key(&mut m, KeyCode::Char('/'));
    text(&mut m, "visitor");
    assert_eq!(m.visible().len(), 1);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.visible().len(), 3);
    assert!(m.overdue(m.visible()[0]));
    // The wheel moves the selection.
    update(&mut m, Message::Scroll(1));
    assert_eq!(m.dashboard.selected, 1);
    key(&mut m, KeyCode::Char('q'));
    assert!(m.quit);
}

#[test]
fn dashboard_keys_ask_for_effects() {
    let mut m = dashboard();
    let open = key(&mut m, KeyCode::Enter);
    assert!(matches!(open.as_slice(), [Effect::Open(_)]));
    let sign = key(&mut m, KeyCode::Char('s'));
    assert!(matches!(sign.as_slice(), [Effect::Open(_)]));
    assert_eq!(m.pending, Some(Pending::Sign));
    assert_eq!(key(&mut m, KeyCode::Char('a')), vec![Effect::Audit]);
    assert!(matches!(m.screen, Screen::Audit(_)));
}

#[test]
fn a_read_only_record_can_be_looked_at_not_added_to() {
    let mut m = dashboard();
    let assessments = m.dashboard.assessments.clone();
    update(
        &mut m,
        Message::Listed(Ok(Listing {
            assessments,
            read_only: true,
            checks: Default::default(),
        })),
    );
    key(&mut m, KeyCode::Char('x'));
    assert!(matches!(m.screen, Screen::Dashboard));
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("only be read")));
    assert!(matches!(
        key(&mut m, KeyCode::Enter).as_slice(),
        [Effect::Open(_)]
    ));
}

#[test]
fn help_and_language_work_everywhere_but_never_eat_typed_text() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('?'));
    assert!(m.help);
    key(&mut m, KeyCode::Char('q'));
    assert!(!m.help && !m.quit, "q closes the help, it does not quit");
    key(&mut m, KeyCode::Char('L'));
    assert_eq!(m.lang, Lang::De);
    key(&mut m, KeyCode::Char('L'));
    assert_eq!(m.lang, Lang::Fr);
    key(&mut m, KeyCode::Char('L'));
    assert_eq!(m.lang, Lang::En, "L cycles en → de → fr → en");
    key(&mut m, KeyCode::Char('n'));
    text(&mut m, "tools/L?");
    let Screen::New(form) = &m.screen else {
        panic!()
    };
    assert_eq!(form.path.text, "tools/L?");
    assert!(!m.help);
}

#[test]
fn new_assessment_needs_a_path_and_a_title_then_scans() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('n'));
    key(&mut m, KeyCode::Enter);
    let effects = key(&mut m, KeyCode::Enter);
    assert!(effects.is_empty());
    let Screen::New(form) = &m.screen else {
        panic!()
    };
    assert!(form.error.is_some());
    text(&mut m, "tools/x");
    assert_eq!(
        key(&mut m, KeyCode::Tab),
        vec![Effect::Complete("tools/x".into())]
    );
    key(&mut m, KeyCode::Enter);
    text(&mut m, "Visitor log");
    let effects = key(&mut m, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::ScanAndCreate {
            source: ScanSource::Paths(vec![PathBuf::from("tools/x")]),
            title: "Visitor log".into()
        }]
    );
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('x'));
    let effects = key(&mut m, KeyCode::Enter);
    assert!(matches!(
        &effects[..],
        [Effect::ScanAndCreate {
            source: ScanSource::Example,
            ..
        }]
    ));
}

#[test]
fn findings_are_confirmed_dismissed_with_a_note_corrected_and_undone() {
    let mut m = work(Tab::Findings);
    assert_eq!(key(&mut m, KeyCode::Char('c')), vec![Effect::Save]);
    let items = work_of(&m).findings();
    assert_eq!(items[0]["decision"], AnswerValue::Text("confirmed".into()));
    // Dismissing needs a note, and moves on like confirming.
    key(&mut m, KeyCode::Char('d'));
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m).invalid.is_some());
    text(&mut m, "a building, not a person");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    let items = work_of(&m).findings();
    assert_eq!(items[1]["decision"], AnswerValue::Text("dismissed".into()));
    assert!(items[1].contains_key("note"));
    assert_eq!(work_of(&m).findings_row, 2);
    // Changing the categories of the third.
    key(&mut m, KeyCode::Char('e'));
    keys(&mut m, &[KeyCode::Char(' '), KeyCode::Enter]);
    assert_eq!(
        work_of(&m).findings()[2]["decision"],
        AnswerValue::Text("changed".into())
    );
    assert_eq!(key(&mut m, KeyCode::Char('A')), vec![Effect::Save]);
    assert!(work_of(&m)
        .findings()
        .iter()
        .all(|i| i.contains_key("decision")));
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("u undoes")));
    // u takes "confirm all" back, and saves that as a version of its own.
    assert_eq!(key(&mut m, KeyCode::Char('u')), vec![Effect::Save]);
    let undecided = work_of(&m)
        .findings()
        .iter()
        .filter(|i| !i.contains_key("decision"))
        .count();
    assert!(undecided > 0);
    assert_eq!(
        work_of(&m).findings()[2]["decision"],
        AnswerValue::Text("changed".into())
    );
}

#[test]
fn data_flows_are_confirmed_or_dismissed_with_a_note() {
    let mut m = work(Tab::Findings);
    key(&mut m, KeyCode::Char('f'));
    assert_eq!(work_of(&m).pane, FindingsPane::Flows);
    let flows = work_of(&m).session.scan.flows.len();
    assert!(flows > 3, "the example's code has flows");
    assert_eq!(key(&mut m, KeyCode::Char('c')), vec![Effect::Save]);
    key(&mut m, KeyCode::Char('d'));
    assert!(key(&mut m, KeyCode::Enter).is_empty(), "a note is required");
    text(&mut m, "the font is self-hosted in production");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    let w = work_of(&m);
    let rows = w.flow_rows();
    let decision = |i: usize| rows[i].decision.map(|d| d["decision"].clone());
    assert_eq!(decision(0), Some(AnswerValue::Text("confirmed".into())));
    assert_eq!(decision(1), Some(AnswerValue::Text("dismissed".into())));
    assert!(decision(2).is_none());
    assert_eq!(w.items(FLOW_REVIEW).len(), 2);
    // Deciding again replaces the decision, it does not add one.
    keys(&mut m, &[KeyCode::Up, KeyCode::Char('c')]);
    assert_eq!(work_of(&m).items(FLOW_REVIEW).len(), 2);
    // The wheel moves the cursor.
    update(&mut m, Message::Scroll(1));
    assert_eq!(work_of(&m).flows_row, 3);
}

#[test]
fn effect_results_update_the_screens() {
    let mut m = dashboard();
    update(
        &mut m,
        Message::Listed(Err(
            "the record at /r is locked by another dpia process".into()
        )),
    );
    assert!(m.dashboard.record_error.is_some());
    update(
        &mut m,
        Message::Listed(Ok(Listing {
            assessments: Vec::new(),
            read_only: false,
            checks: Default::default(),
        })),
    );
    assert!(m.dashboard.record_error.is_none());
    let mut m = work(Tab::Questions);
    update(&mut m, Message::Saved(Ok(SaveReport::default())));
    assert_eq!(work_of(&m).saved, 1);
    update(&mut m, Message::Saved(Err("disk full".into())));
    assert!(matches!(m.status, Some(StatusLine::Error(ref e)) if e.contains("disk full")));
    assert!(work_of(&m).unsaved);
    // Esc tries once more before leaving; a second Esc leaves.
    assert_eq!(key(&mut m, KeyCode::Esc), vec![Effect::Save]);
    assert!(matches!(m.screen, Screen::Work(_)));
    assert_eq!(key(&mut m, KeyCode::Esc), vec![Effect::LoadList]);
    assert!(matches!(m.screen, Screen::Dashboard));
}

/// Another writer (the CLI) recorded a version while the TUI had the assessment open: the
/// save re-applied the TUI's answer on top of it; the UI takes the merged session, keeps the
/// editor open on what is being typed, and says what happened, naming conflicts in words.
#[test]
fn a_save_merged_with_another_writers_version_is_taken_and_said() {
    let mut m = work(Tab::Questions);
    let mut theirs = work_of(&m).session.clone();
    theirs
        .set(
            "description.dpo_contact",
            AnswerValue::Text("dpo@example.org".into()),
        )
        .expect("answer");
    key(&mut m, KeyCode::Enter); // an editor is open on the first question
    update(
        &mut m,
        Message::Saved(Ok(SaveReport {
            session: Some(Box::new(theirs)),
            merged: Some(Merged {
                by: "CLI user".into(),
                reapplied: vec!["screening.art35_3a".into()],
                conflicts: vec!["description.controller".into()],
            }),
        })),
    );
    let w = work_of(&m);
    assert_eq!(
        w.session.answers.get("description.dpo_contact"),
        Some(&AnswerValue::Text("dpo@example.org".into()))
    );
    assert!(w.editor.is_some(), "what is being typed stays");
    let Some(StatusLine::Info(note)) = &m.status else {
        panic!("{:?}", m.status)
    };
    assert!(
        note.contains("CLI user") && note.contains("1 of your answers"),
        "{note}"
    );
    assert!(
        note.contains("Who is the controller"),
        "conflicts in words: {note}"
    );
}

#[test]
fn the_author_is_asked_once_and_kept_in_the_settings() {
    let mut m = dashboard();
    m.author_prompt = Some(Default::default());
    key(&mut m, KeyCode::Char('q'));
    assert!(!m.quit, "letters are the name");
    key(&mut m, KeyCode::Backspace);
    assert!(key(&mut m, KeyCode::Enter).is_empty(), "a name is needed");
    update(&mut m, Message::Paste("Dr. Anna Muster\n".into()));
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::SaveSettings]);
    assert_eq!(m.author, "Dr. Anna Muster");
    assert_eq!(m.settings.author(), Some("Dr. Anna Muster"));
    assert!(m.author_prompt.is_none());
}

#[test]
fn exports_and_signatures_go_to_the_export_folder_by_full_path() {
    let mut m = crate::tui::test_support::answered_work(Tab::Summary);
    m.settings.sign_key = Some("/keys/key.pem".into());
    m.settings.sign_cert = Some("/keys/cert.pem".into());
    key(&mut m, KeyCode::Char('e'));
    let effects = key(&mut m, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Export(PathBuf::from(
            "/home/dpo/Documents/damage-reports-draft.pdf"
        ))]
    );
    work_of_mut(&mut m).popup = None;
    m.settings.export_dir = Some("/srv/dpia".into());
    key(&mut m, KeyCode::Char('s'));
    let Some(Popup::Sign(form)) = &work_of(&m).popup else {
        panic!("no sign form")
    };
    assert_eq!(
        form.key.text, "/keys/key.pem",
        "the key paths are remembered"
    );
    assert_eq!(form.out.text, "/srv/dpia/damage-reports-signed.pdf");
    // Ctrl-S asks first; y signs.
    assert!(ctrl(&mut m, 's').is_empty());
    assert!(matches!(&work_of(&m).popup, Some(Popup::Sign(f)) if f.confirming));
    let effects = key(&mut m, KeyCode::Char('y'));
    let [Effect::Sign { key, cert, out, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(key, &PathBuf::from("/keys/key.pem"));
    assert_eq!(
        cert.as_deref(),
        Some(std::path::Path::new("/keys/cert.pem"))
    );
    assert_eq!(out, &PathBuf::from("/srv/dpia/damage-reports-signed.pdf"));
}

#[test]
fn signing_is_refused_while_answers_are_missing() {
    let mut m = work(Tab::Summary);
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    assert!(matches!(m.status, Some(StatusLine::Error(ref e)) if e.contains("missing")));
    assert!(work_of(&m).popup.is_none());
}

#[test]
fn a_signed_assessment_is_read_only_and_r_revises_it() {
    let mut m = work(Tab::Questions);
    work_of_mut(&mut m).signed = true;
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m).editor.is_none());
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("signed")));
    key(&mut m, KeyCode::Char('4'));
    let id = work_of(&m).id.clone();
    assert_eq!(key(&mut m, KeyCode::Char('r')), vec![Effect::Revise(id)]);
    // A draft is answered, not revised; a read-only record changes nothing.
    let mut draft = work(Tab::Summary);
    assert!(key(&mut draft, KeyCode::Char('r')).is_empty());
    assert!(matches!(draft.status, Some(StatusLine::Info(ref s)) if s.contains("only a signed")));
    work_of_mut(&mut draft).signed = true;
    work_of_mut(&mut draft).read_only = true;
    assert!(key(&mut draft, KeyCode::Char('r')).is_empty());
}

#[test]
fn a_started_successor_opens_at_its_questions_and_says_what_to_confirm() {
    let mut m = work(Tab::Summary);
    let session = work_of(&m).session.clone();
    let id = work_of(&m).id.clone();
    let effects = update(
        &mut m,
        Message::Revised(Ok(crate::tui::message::Revised {
            opened: crate::tui::message::Opened {
                id: id.clone(),
                title: "Damage reports".into(),
                session: Box::new(session),
                signed: false,
                read_only: false,
                drift: None,
            },
            reconfirm: 2,
            drift: 3,
        })),
    );
    assert_eq!(effects, vec![Effect::LoadList]);
    assert_eq!(work_of(&m).tab, Tab::Questions);
    assert!(!work_of(&m).signed);
    assert!(
        matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("3 change(s)") && s.contains("2 answer(s) to confirm again")),
        "{:?}",
        m.status
    );
    update(
        &mut m,
        Message::Revised(Err("assessment x is revised already".into())),
    );
    assert!(matches!(m.status, Some(StatusLine::Error(ref s)) if s.contains("revised already")));
}

#[test]
fn a_bad_answers_file_is_refused_with_its_name_and_changes_nothing() {
    let mut m = work(Tab::Questions);
    let before = work_of(&m).session.answers.clone();
    let effects = update(
        &mut m,
        Message::ImportRead(Ok((
            "answers.toml".into(),
            "\"description.controller\" = 42\n".into(),
        ))),
    );
    assert!(effects.is_empty(), "nothing is saved");
    assert!(matches!(m.status, Some(StatusLine::Error(ref e)) if e.contains("answers.toml")));
    assert_eq!(work_of(&m).session.answers, before);
    // Another tool's answers file: its column review names columns this scan lacks.
    let other = "[[\"description.columns\"]]\ncolumn = \"absences_export.note\"\ncategories = [\"health\"]\ndecision = \"confirmed\"\nminimisation = \"needed\"\n";
    let effects = update(
        &mut m,
        Message::ImportRead(Ok(("hr-absences.toml".into(), other.into()))),
    );
    assert!(effects.is_empty());
    assert!(
        matches!(m.status, Some(StatusLine::Error(ref e)) if e.contains("hr-absences.toml") && e.contains("absences_export.note")),
        "{:?}",
        m.status
    );
    assert_eq!(work_of(&m).session.answers, before);
}

#[test]
fn the_evidence_of_a_finding_opens_in_full_and_scrolls() {
    let mut m = work(Tab::Findings);
    key(&mut m, KeyCode::Enter);
    assert!(matches!(
        work_of(&m).popup,
        Some(Popup::Detail { scroll: 0 })
    ));
    key(&mut m, KeyCode::Down);
    update(&mut m, Message::Scroll(1));
    assert!(matches!(
        work_of(&m).popup,
        Some(Popup::Detail { scroll: 4 })
    ));
    key(&mut m, KeyCode::Esc);
    assert!(work_of(&m).popup.is_none());
}

#[test]
fn the_dashboard_exports_the_record_of_processing_activities_to_the_export_folder() {
    let mut m = crate::tui::test_support::dashboard();
    m.settings.export_dir = Some("/srv/dpia".into());
    let effects = key(&mut m, KeyCode::Char('R'));
    assert_eq!(
        effects,
        vec![Effect::ExportRopa(PathBuf::from(format!(
            "/srv/dpia/record-of-processing-activities-{}.pdf",
            m.today
        )))]
    );
    update(
        &mut m,
        Message::RopaExported(Ok((PathBuf::from("/srv/dpia/r.pdf"), 3))),
    );
    let Some(StatusLine::Info(line)) = &m.status else {
        panic!("no status");
    };
    assert_eq!(
        line,
        "record of processing activities (3 activities) written: /srv/dpia/r.pdf"
    );
}
