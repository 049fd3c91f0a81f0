//! Keys to messages to state, without a terminal.

use super::*;
use crate::tui::test_support::{dashboard, work, work_of};
use crossterm::event::{KeyEvent, KeyModifiers};
use dpia::questionnaire::AnswerValue;

fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn keys(m: &mut Model, codes: &[KeyCode]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in codes {
        effects.extend(key(m, *c));
    }
    effects
}

fn text(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, KeyCode::Char(c));
    }
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
fn help_and_language_work_everywhere_but_never_eat_typed_text() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('?'));
    assert!(m.help);
    key(&mut m, KeyCode::Char('q'));
    assert!(!m.help && !m.quit, "q closes the help, it does not quit");
    key(&mut m, KeyCode::Char('L'));
    assert_eq!(m.lang, Lang::De);
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
fn findings_are_confirmed_dismissed_with_a_note_and_corrected() {
    let mut m = work(Tab::Findings);
    assert_eq!(key(&mut m, KeyCode::Char('c')), vec![Effect::Save]);
    let items = findings(work_of(&m));
    assert_eq!(items[0]["decision"], AnswerValue::Text("confirmed".into()));
    // Dismissing needs a note.
    key(&mut m, KeyCode::Char('d'));
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m).invalid.is_some());
    text(&mut m, "a building, not a person");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    let items = findings(work_of(&m));
    assert_eq!(items[1]["decision"], AnswerValue::Text("dismissed".into()));
    assert!(items[1].contains_key("note"));
    // Changing the categories of the third.
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Char('e'));
    keys(&mut m, &[KeyCode::Char(' '), KeyCode::Enter]);
    let items = findings(work_of(&m));
    assert_eq!(items[2]["decision"], AnswerValue::Text("changed".into()));
    assert_eq!(key(&mut m, KeyCode::Char('A')), vec![Effect::Save]);
    assert!(findings(work_of(&m))
        .iter()
        .all(|i| i.contains_key("decision")));
}

#[test]
fn questions_are_answered_validated_and_autosaved() {
    let mut m = work(Tab::Questions);
    // Screening, first question (yes/no): answer no.
    key(&mut m, KeyCode::Enter);
    assert_eq!(key(&mut m, KeyCode::Char('n')), vec![Effect::Save]);
    let w = work_of(&m);
    let first = &w.session.questionnaire.sections[0].questions[0].id;
    assert_eq!(
        w.session.answers.get(first),
        Some(&AnswerValue::Bool(false))
    );
    assert_eq!(w.question, 1, "the cursor moves on to the next question");
    // A text question refuses an empty answer inline and keeps the editor open.
    key(&mut m, KeyCode::Right);
    let w = work_of(&m);
    let idx = w
        .questions(w.section)
        .iter()
        .position(|q| q.id == "description.controller")
        .expect("controller question");
    for _ in 0..idx {
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Enter);
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m)
        .invalid
        .as_deref()
        .is_some_and(|e| e.contains("empty")));
    text(&mut m, "Hausverwaltung Beispiel GmbH");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(
        work_of(&m).session.answers.get("description.controller"),
        Some(&AnswerValue::Text("Hausverwaltung Beispiel GmbH".into()))
    );
    // Clearing it.
    key(&mut m, KeyCode::Up);
    assert_eq!(key(&mut m, KeyCode::Char('x')), vec![Effect::Save]);
    assert!(work_of(&m)
        .session
        .answers
        .get("description.controller")
        .is_none());
}

#[test]
fn conditional_questions_appear_as_answers_change() {
    let mut m = work(Tab::Questions);
    let Screen::Work(w) = &mut m.screen else {
        panic!()
    };
    let before: Vec<String> = (0..w.session.questionnaire.sections.len())
        .flat_map(|s| {
            w.questions(s)
                .into_iter()
                .map(|q| q.id.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    let hidden = w
        .session
        .questionnaire
        .questions()
        .find(|q| q.show_if.is_some() && !w.session.visible(q))
        .map(|q| q.id.clone())
        .expect("a hidden conditional question");
    // Answer every yes/no question with yes: some hidden question must then appear.
    let yes_no: Vec<String> = w
        .session
        .questionnaire
        .questions()
        .filter(|q| q.kind == dpia::questionnaire::QuestionType::YesNo)
        .map(|q| q.id.clone())
        .collect();
    for id in yes_no {
        let _ = w.session.set(&id, AnswerValue::Bool(true));
    }
    let after: Vec<String> = (0..w.session.questionnaire.sections.len())
        .flat_map(|s| {
            w.questions(s)
                .into_iter()
                .map(|q| q.id.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        after.len() > before.len(),
        "no question appeared ({hidden} was hidden)"
    );
}

#[test]
fn signing_is_refused_while_answers_are_missing() {
    let mut m = work(Tab::Summary);
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    assert!(matches!(m.status, Some(Status::Error(ref e)) if e.contains("missing")));
    assert!(work_of(&m).popup.is_none());
    key(&mut m, KeyCode::Char('e'));
    assert!(matches!(work_of(&m).popup, Some(Popup::Export { .. })));
    let effects = key(&mut m, KeyCode::Enter);
    assert!(matches!(&effects[..], [Effect::Export(p)] if p.ends_with("damage-reports-draft.pdf")));
}

#[test]
fn a_signed_assessment_is_read_only() {
    let mut m = work(Tab::Questions);
    if let Screen::Work(w) = &mut m.screen {
        w.signed = true;
    }
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m).editor.is_none());
    assert!(matches!(m.status, Some(Status::Info(ref s)) if s.contains("signed")));
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
    update(&mut m, Message::Listed(Ok(Vec::new())));
    assert!(m.dashboard.record_error.is_none());
    let mut m = work(Tab::Questions);
    let session = Box::new(work_of(&m).session.clone());
    update(&mut m, Message::Saved(Ok((session.clone(), None))));
    assert_eq!(work_of(&m).saved, 1);
    let note = "CLI (ab12) changed this assessment meanwhile: saved on top of it";
    update(&mut m, Message::Saved(Ok((session, Some(note.into())))));
    assert!(matches!(m.status, Some(Status::Info(ref e)) if e == note));
    update(&mut m, Message::Saved(Err("disk full".into())));
    assert!(matches!(m.status, Some(Status::Error(ref e)) if e.contains("disk full")));
}

#[test]
fn ctrl_c_keeps_a_valid_answer_being_typed() {
    let mut m = work(Tab::Questions);
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Enter); // purposes: long text
    text(&mut m, "Damage reports by tenants");
    let effects = update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(m.quit);
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(
        work_of(&m).session.answers.get("description.purposes"),
        Some(&AnswerValue::Text("Damage reports by tenants".into()))
    );
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
    assert!(matches!(m.status, Some(Status::Error(ref e)) if e.contains("answers.toml")));
    assert_eq!(work_of(&m).session.answers, before);
    update(
        &mut m,
        Message::ImportRead(Err("cannot read nope.toml: not found".into())),
    );
    assert!(matches!(m.status, Some(Status::Error(ref e)) if e.contains("nope.toml")));
}
