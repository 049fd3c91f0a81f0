//! The editors by key, without a terminal.

use super::*;

fn q(id: &str) -> Question {
    dpia::questionnaire::builtin()
        .unwrap()
        .questions()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("no question {id}"))
        .clone()
}

fn k(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn visible(f: &Question, item: &Item) -> bool {
    match &f.show_if {
        Some(dpia::questionnaire::model::Condition::Field { id, .. }) => item.contains_key(id),
        _ => true,
    }
}

fn with_ctx<R>(lang: dpia::lang::Lang, f: impl FnOnce(&EditContext) -> R) -> R {
    let reference = Reference::builtin().unwrap();
    let ctx = EditContext {
        reference: &reference,
        lang,
        field_visible: &visible,
    };
    f(&ctx)
}

fn run(editor: &mut Editor, q: &Question, keys: &[KeyCode]) -> Outcome {
    with_ctx(dpia::lang::Lang::En, |ctx| {
        let mut last = Outcome::Continue;
        for code in keys {
            last = editor.key(q, k(*code), ctx);
        }
        last
    })
}

fn typed(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

fn open(q: &Question, current: Option<&AnswerValue>) -> Editor {
    with_ctx(dpia::lang::Lang::En, |ctx| Editor::open(q, current, ctx))
}

/// A country field of a group (the storage location of a hosting component).
fn country_field() -> Question {
    q("transfers.components")
        .fields
        .iter()
        .find(|f| f.kind == QuestionType::Country)
        .expect("a country field")
        .clone()
}

#[test]
fn an_exact_iso_code_is_stored_not_the_first_name_it_starts() {
    let field = country_field();
    for (code, expected) in [
        ("DE", "DE"),
        ("SE", "SE"),
        ("ES", "ES"),
        ("germ", "DE"),
        ("UK", "GB"),
    ] {
        let mut e = open(&field, None);
        let mut keys = typed(code);
        keys.push(KeyCode::Enter);
        assert_eq!(
            run(&mut e, &field, &keys),
            Outcome::Submit(AnswerValue::Text(expected.into())),
            "{code}"
        );
    }
}

#[test]
fn an_unknown_country_is_refused_with_the_reason() {
    let field = country_field();
    let mut e = open(&field, None);
    let mut keys = typed("Atlantis");
    keys.push(KeyCode::Enter);
    assert_eq!(run(&mut e, &field, &keys), Outcome::Continue);
    let Editor::Country {
        refused, matches, ..
    } = &e
    else {
        panic!()
    };
    assert!(matches.is_empty());
    assert!(
        refused.as_deref().is_some_and(|r| r.contains("'Atlantis'")),
        "{refused:?}"
    );
}

#[test]
fn a_country_list_is_parsed_as_typed_and_unknown_entries_block_saving() {
    let question = q("transfers.components");
    let field = question
        .fields
        .iter()
        .find(|f| f.kind == QuestionType::CountryList)
        .expect("a country list field")
        .clone();
    let mut e = open(&field, None);
    run(&mut e, &field, &typed("US, Germany, XX"));
    let Editor::Places { parsed, .. } = &e else {
        panic!()
    };
    assert!(
        parsed.as_ref().is_err_and(|m| m.contains("'XX'")),
        "{parsed:?}"
    );
    assert_eq!(run(&mut e, &field, &[KeyCode::Enter]), Outcome::Continue);
    let mut keys = vec![KeyCode::Backspace; 4];
    keys.push(KeyCode::Enter);
    assert_eq!(
        run(&mut e, &field, &keys),
        Outcome::Submit(AnswerValue::List(vec!["US".into(), "DE".into()]))
    );
}

#[test]
fn multi_choice_toggles_with_space() {
    let question = q("screening.wp248_criteria");
    let mut e = open(&question, None);
    let out = run(
        &mut e,
        &question,
        &[
            KeyCode::Char(' '),
            KeyCode::Down,
            KeyCode::Char('j'),
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
    );
    let Outcome::Submit(AnswerValue::List(values)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(
        values,
        vec![
            question.choices[0].value.clone(),
            question.choices[2].value.clone()
        ]
    );
}

#[test]
fn group_items_are_added_field_by_field_and_removed() {
    let question = q("risks.list");
    let mut e = open(&question, None);
    let mut keys = vec![KeyCode::Char('a')];
    keys.extend(typed("R1"));
    keys.push(KeyCode::Enter); // id
    keys.extend(typed("Leak"));
    keys.push(KeyCode::Enter); // title
    keys.push(KeyCode::Enter); // event: first choice
    keys.push(KeyCode::Esc); // stop editing the item
    run(&mut e, &question, &keys);
    let Editor::Group(g) = &e else { panic!() };
    assert_eq!(g.items.len(), 1);
    assert_eq!(g.items[0]["title"], AnswerValue::Text("Leak".into()));
    assert!(g.items[0].contains_key("event"));
    let out = run(&mut e, &question, &[KeyCode::Char('s')]);
    assert!(matches!(out, Outcome::Submit(AnswerValue::Group(ref items)) if items.len() == 1));
    run(&mut e, &question, &[KeyCode::Char('d')]);
    let Editor::Group(g) = &e else { panic!() };
    assert!(g.items.is_empty());
}

#[test]
fn esc_on_a_changed_group_asks_before_discarding() {
    let question = q("risks.list");
    let mut e = open(&question, None);
    let mut keys = vec![KeyCode::Char('a')];
    keys.extend(typed("R1"));
    keys.extend([KeyCode::Enter, KeyCode::Esc]);
    run(&mut e, &question, &keys);
    // Esc asks; any other key keeps editing.
    assert_eq!(run(&mut e, &question, &[KeyCode::Esc]), Outcome::Continue);
    assert!(matches!(&e, Editor::Group(g) if g.confirm_discard));
    assert_eq!(
        run(&mut e, &question, &[KeyCode::Char('n')]),
        Outcome::Continue
    );
    assert!(matches!(&e, Editor::Group(g) if !g.confirm_discard && g.items.len() == 1));
    // y discards.
    run(&mut e, &question, &[KeyCode::Esc]);
    assert_eq!(
        run(&mut e, &question, &[KeyCode::Char('y')]),
        Outcome::Cancel
    );
    // An unchanged group closes at once.
    let mut e = open(&question, None);
    assert_eq!(run(&mut e, &question, &[KeyCode::Esc]), Outcome::Cancel);
}

#[test]
fn a_draft_of_a_group_holds_the_field_being_typed() {
    let question = q("risks.list");
    let mut e = open(&question, None);
    let mut keys = vec![KeyCode::Char('a')];
    keys.extend(typed("R1"));
    keys.push(KeyCode::Enter);
    keys.extend(typed("Half a tit"));
    run(&mut e, &question, &keys);
    let Some(AnswerValue::Group(items)) = e.value(&question) else {
        panic!()
    };
    assert_eq!(items[0]["title"], AnswerValue::Text("Half a tit".into()));
}

#[test]
fn scale_and_yes_no_keys() {
    let question = q("risks.list");
    let severity = question.field("severity").unwrap().clone();
    let mut e = open(&severity, None);
    assert_eq!(
        run(&mut e, &severity, &[KeyCode::Char('3')]),
        Outcome::Submit(AnswerValue::Int(3))
    );
    assert_eq!(run(&mut e, &severity, &[KeyCode::Esc]), Outcome::Cancel);
}

#[test]
fn pastes_go_into_text_and_never_act_as_keys() {
    with_ctx(dpia::lang::Lang::En, |ctx| {
        let question = q("screening.wp248_criteria");
        let mut e = Editor::open(&question, None, ctx);
        assert_eq!(e.paste(" \n y", ctx), Pasted::Refused);
        assert!(matches!(&e, Editor::Multi { chosen, .. } if chosen.iter().all(|c| !c)));
        let controller = q("description.controller");
        let mut e = Editor::open(&controller, None, ctx);
        assert_eq!(e.paste("Dr. X\nsecond line", ctx), Pasted::Joined);
        assert_eq!(
            e.value(&controller),
            Some(AnswerValue::Text("Dr. X second line".into()))
        );
        let field = country_field();
        let mut e = Editor::open(&field, None, ctx);
        e.paste("DE\n", ctx);
        assert!(matches!(&e, Editor::Country { matches, .. } if matches[0].code == "DE"));
    });
}

#[test]
fn german_dates_are_stored_as_iso_dates() {
    let due = q("signoff.next_review");
    let mut e = open(&due, None);
    let mut keys = typed("1.12.2027");
    keys.push(KeyCode::Enter);
    assert_eq!(
        run(&mut e, &due, &keys),
        Outcome::Submit(AnswerValue::Text("2027-12-01".into()))
    );
}
