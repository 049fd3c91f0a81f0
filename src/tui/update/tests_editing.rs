//! The questionnaire by key: answering, validation, clearing with a question and undo,
//! drafts on Ctrl-C, pastes that are text and never keys, countries, the jump to a missing
//! field inside a group item.

use super::tests::{ctrl, key, keys, text};
use super::*;
use crate::tui::editor::Editor;
use crate::tui::model::{Popup, StatusLine, Tab, Work};
use crate::tui::test_support::{answered_work, work, work_of, work_of_mut};
use dpia::questionnaire::{AnswerValue, Origin};

/// Moves the cursor to question `id` (in its section).
fn go_to(m: &mut Model, id: &str) {
    let w = work_of_mut(m);
    let sections = w.session.questionnaire.sections.len();
    let (s, i) = (0..sections)
        .find_map(|s| {
            w.questions(s)
                .iter()
                .position(|q| q.id == id)
                .map(|i| (s, i))
        })
        .unwrap_or_else(|| panic!("{id} is not shown"));
    w.section = s;
    w.question = i;
}

fn answer<'a>(w: &'a Work, id: &str) -> Option<&'a AnswerValue> {
    w.session.answers.get(id)
}

#[test]
fn questions_are_answered_validated_cleared_with_a_question_and_undone() {
    let mut m = work(Tab::Questions);
    // Screening, first question (yes/no): answer no.
    key(&mut m, KeyCode::Enter);
    assert_eq!(key(&mut m, KeyCode::Char('n')), vec![Effect::Save]);
    let first = work_of(&m).session.questionnaire.sections[0].questions[0]
        .id
        .clone();
    assert_eq!(answer(work_of(&m), &first), Some(&AnswerValue::Bool(false)));
    assert_eq!(
        work_of(&m).question,
        1,
        "the cursor moves on to the next question"
    );
    // A text question refuses an empty answer inline and keeps the editor open.
    go_to(&mut m, "description.controller");
    key(&mut m, KeyCode::Enter);
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(work_of(&m)
        .invalid
        .as_deref()
        .is_some_and(|e| e.contains("empty")));
    text(&mut m, "Hausverwaltung Beispiel GmbH");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    // x asks first; another key keeps the answer; y clears; u puts it back.
    go_to(&mut m, "description.controller");
    assert!(key(&mut m, KeyCode::Char('x')).is_empty());
    assert!(matches!(work_of(&m).popup, Some(Popup::Confirm(_))));
    assert!(key(&mut m, KeyCode::Char('n')).is_empty());
    assert!(answer(work_of(&m), "description.controller").is_some());
    key(&mut m, KeyCode::Char('x'));
    assert_eq!(key(&mut m, KeyCode::Char('y')), vec![Effect::Save]);
    assert!(answer(work_of(&m), "description.controller").is_none());
    assert_eq!(key(&mut m, KeyCode::Char('u')), vec![Effect::Save]);
    assert_eq!(
        answer(work_of(&m), "description.controller"),
        Some(&AnswerValue::Text("Hausverwaltung Beispiel GmbH".into()))
    );
    // A question without an answer is not asked about.
    go_to(&mut m, "description.dpo_contact");
    assert!(key(&mut m, KeyCode::Char('x')).is_empty());
    assert!(work_of(&m).popup.is_none());
}

#[test]
fn conditional_questions_appear_as_answers_change() {
    let mut m = work(Tab::Questions);
    let w = work_of_mut(&mut m);
    let shown = |w: &Work| -> usize {
        (0..w.session.questionnaire.sections.len())
            .map(|s| w.questions(s).len())
            .sum()
    };
    let before = shown(w);
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
    assert!(shown(w) > before, "no question appeared");
}

#[test]
fn ctrl_c_keeps_a_half_typed_answer_as_a_draft_not_an_answer() {
    let mut m = work(Tab::Questions);
    go_to(&mut m, "description.purposes");
    key(&mut m, KeyCode::Enter);
    text(&mut m, "Tenants report dam");
    let answered = work_of(&m).session.evaluation.progress.answered;
    assert_eq!(ctrl(&mut m, 'c'), vec![Effect::Save]);
    assert!(m.quit);
    let w = work_of(&m);
    assert_eq!(
        answer(w, "description.purposes"),
        None,
        "a draft is no answer"
    );
    assert_eq!(
        w.session.answers.draft("description.purposes"),
        Some(&AnswerValue::Text("Tenants report dam".into()))
    );
    assert_eq!(w.session.evaluation.progress.answered, answered);
    assert!(w
        .missing_for("description.purposes")
        .any(|m| m.finding.is("missing.draft")));
    // Back in: Enter continues the draft; c accepts it as the answer.
    m.quit = false;
    key(&mut m, KeyCode::Enter);
    let Some(Editor::Long(area)) = &work_of(&m).editor else {
        panic!("no text editor")
    };
    assert_eq!(area.text(), "Tenants report dam");
    key(&mut m, KeyCode::Esc);
    assert_eq!(key(&mut m, KeyCode::Char('c')), vec![Effect::Save]);
    assert_eq!(
        work_of(&m).session.answers.values["description.purposes"].origin,
        Origin::Given
    );
    // Ctrl-C on a choice keeps nothing: a cursor position is not typed.
    let mut m = work(Tab::Questions);
    key(&mut m, KeyCode::Enter);
    assert!(ctrl(&mut m, 'c').is_empty());
}

#[test]
fn a_paste_is_text_and_never_runs_as_keys() {
    let mut m = work(Tab::Questions);
    go_to(&mut m, "description.controller");
    // Outside an editor a paste does nothing: `x`, `i` and `L` are not run.
    let before = work_of(&m).session.answers.clone();
    assert!(update(&mut m, Message::Paste("x\ni\nL\n".into())).is_empty());
    assert!(work_of(&m).popup.is_none() && work_of(&m).editor.is_none());
    assert_eq!(m.lang, crate::tui::model::Lang::En);
    assert_eq!(work_of(&m).session.answers, before);
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("nothing pasted")));
    // In a one-line field the lines are joined, and the status says so.
    key(&mut m, KeyCode::Enter);
    update(
        &mut m,
        Message::Paste("Dr. X\nsecond line: call me at x1234".into()),
    );
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.contains("joined")));
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(
        answer(work_of(&m), "description.controller"),
        Some(&AnswerValue::Text(
            "Dr. X second line: call me at x1234".into()
        ))
    );
    // In a long text the lines stay lines.
    go_to(&mut m, "description.purposes");
    key(&mut m, KeyCode::Enter);
    update(&mut m, Message::Paste("Line one\nLine two".into()));
    assert_eq!(ctrl(&mut m, 's'), vec![Effect::Save]);
    assert_eq!(
        answer(work_of(&m), "description.purposes"),
        Some(&AnswerValue::Text("Line one\nLine two".into()))
    );
}

/// The walkthrough's S1: `DE` in a storage location stored the Congo.
#[test]
fn typing_de_in_a_country_field_stores_germany() {
    let mut m = work(Tab::Questions);
    go_to(&mut m, "description.controller_country");
    key(&mut m, KeyCode::Enter);
    text(&mut m, "DE");
    assert_eq!(key(&mut m, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(
        answer(work_of(&m), "description.controller_country"),
        Some(&AnswerValue::Text("DE".into()))
    );
}

#[test]
fn n_jumps_to_a_missing_field_inside_a_group_item() {
    let mut m = answered_work(Tab::Questions);
    // Take the storage location out of the second component.
    let w = work_of_mut(&mut m);
    let Some(AnswerValue::Group(mut items)) =
        w.session.answers.get("transfers.components").cloned()
    else {
        panic!("no components")
    };
    items[1].remove("storage_location");
    w.session
        .set("transfers.components", AnswerValue::Group(items))
        .expect("set");
    assert!(w
        .session
        .evaluation
        .missing
        .iter()
        .any(|m| m.question == "transfers.components[2].storage_location"));
    key(&mut m, KeyCode::Char('n'));
    let w = work_of(&m);
    assert_eq!(
        w.current().map(|q| q.id.as_str()),
        Some("transfers.components")
    );
    let Some(Editor::Group(g)) = &w.editor else {
        panic!("the group editor is open")
    };
    let (item, field, _) = g.field.as_ref().expect("a field is open");
    assert_eq!(*item, 1);
    let q = w.current().expect("question");
    assert_eq!(q.fields[*field].id, "storage_location");
    assert!(matches!(m.status, Some(StatusLine::Info(ref s)) if s.starts_with("missing:")));
    // Typing a code there stores it.
    text(&mut m, "DE");
    keys(&mut m, &[KeyCode::Enter, KeyCode::Esc]);
    assert_eq!(key(&mut m, KeyCode::Char('s')), vec![Effect::Save]);
    assert!(work_of(&m).session.evaluation.missing.is_empty());
}

#[test]
fn the_section_ticks_count_a_suggestion_as_missing() {
    let m = work(Tab::Questions);
    let w = work_of(&m);
    let columns = w
        .session
        .questionnaire
        .sections
        .iter()
        .position(|s| s.questions.iter().any(|q| q.id == "description.columns"))
        .expect("section");
    let p = w.section_progress(columns);
    assert!(p.answered < p.required);
}
