//! Scrolled lists at 80x24, 100x30 and 160x50: the cursor stays on screen and the boxes say
//! what is above and below (the walkthrough's S2: WP248 criteria 8-9 and the must list's
//! `none` could not be seen, long texts and group items were cut off, the risk map dropped
//! labels and did not grow).

use super::tests::{key, screen};
use crate::tui::message::Message;
use crate::tui::model::{Lang, Model, Tab};
use crate::tui::test_support::{answered_work, work, work_of_mut};
use crate::tui::update::update;
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (160, 50)];

fn three(name: &str, model: &Model) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(model, w, h));
    }
}

/// The questionnaire with the editor of `id` open.
fn editing(id: &str) -> Model {
    let mut m = work(Tab::Questions);
    let w = work_of_mut(&mut m);
    let sections = w.session.questionnaire.sections.len();
    let (s, i) = (0..sections)
        .find_map(|s| {
            w.questions(s)
                .iter()
                .position(|q| q.id == id)
                .map(|i| (s, i))
        })
        .unwrap_or_else(|| panic!("{id} not shown"));
    w.section = s;
    w.question = i;
    key(&mut m, KeyCode::Enter);
    m
}

#[test]
fn the_last_wp248_criterion_is_on_screen_when_the_cursor_is_on_it() {
    let mut m = editing("screening.wp248_criteria");
    for _ in 0..8 {
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Char(' '));
    for (w, h) in SIZES {
        let s = screen(&m, w, h);
        assert!(
            s.contains("[x]"),
            "the ticked criterion is shown at {w}x{h}:\n{s}"
        );
    }
    assert!(
        screen(&m, 80, 24).contains("↑"),
        "the box says more is above"
    );
    three("wp248_last", &m);
}

#[test]
fn the_must_lists_none_is_reachable() {
    let mut m = editing("screening.national_list");
    key(&mut m, KeyCode::End);
    for (w, h) in SIZES {
        let s = screen(&m, w, h);
        assert!(
            s.contains("None of these") || s.contains("none"),
            "{w}x{h}:\n{s}"
        );
    }
    three("national_list_end", &m);
}

#[test]
fn a_long_text_follows_its_cursor() {
    let mut m = editing("description.purposes");
    let text: String = (1..=40)
        .map(|i| format!("Line {i} of a long purpose text\n"))
        .collect();
    update(&mut m, Message::Paste(text));
    update(&mut m, Message::Paste("typed after the paste".into()));
    for (w, h) in SIZES {
        let s = screen(&m, w, h);
        assert!(s.contains("typed after the paste"), "{w}x{h}:\n{s}");
    }
    three("long_text_end", &m);
}

#[test]
fn the_findings_list_scrolls_to_its_last_column() {
    let mut m = work(Tab::Findings);
    key(&mut m, KeyCode::End);
    for (w, h) in SIZES {
        let s = screen(&m, w, h);
        assert!(s.contains("▶ contractor_visits.notes"), "{w}x{h}:\n{s}");
    }
    three("findings_end", &m);
}

#[test]
fn the_country_editor_shows_the_country_in_words_before_storing_it() {
    let mut m = editing("description.controller_country");
    update(&mut m, Message::Paste("DE".into()));
    let s = screen(&m, 80, 24);
    assert!(s.contains("Enter stores: Germany (DE)"), "{s}");
    three("country_de", &m);
    m.lang = Lang::De;
    assert!(screen(&m, 80, 24).contains("Enter speichert: Deutschland (DE)"));
}

#[test]
fn the_risk_map_lists_every_risk_and_grows() {
    let m = answered_work(Tab::Risks);
    let risks = match &m.screen {
        crate::tui::model::Screen::Work(w) => w.session.evaluation.risks.len(),
        _ => 0,
    };
    for (w, h) in SIZES {
        let s = screen(&m, w, h);
        for i in 1..=risks {
            let before = format!("R{i}");
            let after = format!("[R{i}]");
            let shown = s.matches(&before).count() >= 2 || s.contains('+');
            assert!(
                shown && (s.contains(&after) || s.contains('+')),
                "R{i} at {w}x{h}:\n{s}"
            );
        }
    }
    three("risk_map", &m);
}

#[test]
fn the_summary_scrolls_through_everything_missing() {
    let mut m = work(Tab::Summary);
    // Draw once so the view knows how far it can scroll, then go to the end.
    let _ = screen(&m, 80, 24);
    key(&mut m, KeyCode::End);
    let s = screen(&m, 80, 24);
    assert!(s.contains("↑"), "{s}");
    three("summary_end", &m);
}

#[test]
fn german_screens_use_german_words() {
    let mut m = answered_work(Tab::Summary);
    m.lang = Lang::De;
    let s = screen(&m, 100, 30);
    for english in ["moderate", "Screening", "high →"] {
        assert!(
            !s.contains(english),
            "English '{english}' on a German screen:\n{s}"
        );
    }
    three("summary_de", &m);
}
