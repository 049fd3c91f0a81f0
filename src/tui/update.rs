//! The pure state transition: a message changes the model and may ask for effects. Keys are
//! dispatched by screen and mode (help overlay, popup, editor, plain navigation); the key
//! tables in [`super::keymap`] document the same keys for the help overlay.

use super::editor::{EditContext, Editor, Item, Outcome};
use super::effect::{Effect, ScanSource};
use super::input::LineInput;
use super::message::Message;
use super::model::{
    tr, Lang, Model, NewField, NewForm, Pending, Popup, Screen, SignForm, Status, Tab, Work,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::questionnaire::{AnswerValue, Origin, COLUMN_REVIEW};
use std::path::PathBuf;
use zeroize::Zeroizing;

pub fn update(model: &mut Model, message: Message) -> Vec<Effect> {
    match message {
        Message::Key(key) => key_pressed(model, key),
        Message::Listed(Ok(list)) => {
            model.dashboard.assessments = list;
            model.dashboard.record_error = None;
            let count = model.visible().len();
            model.dashboard.selected = model.dashboard.selected.min(count.saturating_sub(1));
            Vec::new()
        }
        Message::Listed(Err(e)) => {
            model.dashboard.record_error = Some(e.clone());
            model.error(e);
            Vec::new()
        }
        Message::Audited(Ok(report)) => {
            model.status = Some(if report.breaks.is_empty() {
                Status::Info(format!(
                    "{}: {} / {} / {}",
                    tr(
                        model.lang,
                        "audit: the record is intact",
                        "Audit: das Verzeichnis ist unversehrt"
                    ),
                    report.assessments,
                    report.versions,
                    report.events
                ))
            } else {
                Status::Error(format!(
                    "{}: {}",
                    tr(model.lang, "audit: breaks found", "Audit: Brüche gefunden"),
                    report.breaks.len()
                ))
            });
            if let Screen::Audit(a) = &mut model.screen {
                a.report = Some(report);
            }
            Vec::new()
        }
        Message::Audited(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Completions(list) => {
            if let Screen::New(form) = &mut model.screen {
                match list.as_slice() {
                    [] => {
                        form.error = Some(
                            tr(
                                model.lang,
                                "no such file or folder",
                                "keine solche Datei und kein solcher Ordner",
                            )
                            .into(),
                        )
                    }
                    [one] => {
                        form.path.set(one);
                        form.completions.clear();
                        form.error = None;
                    }
                    many => {
                        let common = common_prefix(many);
                        if common.chars().count() > form.path.text.chars().count() {
                            form.path.set(&common);
                        }
                        form.completions = list;
                        form.error = None;
                    }
                }
            }
            Vec::new()
        }
        Message::Scanning(p) => {
            if let Screen::New(form) = &mut model.screen {
                form.scanning = Some(p);
            }
            Vec::new()
        }
        Message::Created(Ok((id, title, session))) => {
            model.info(
                "scan done; assessment created (autosaved as draft)",
                "Scan fertig; Bewertung angelegt (als Entwurf gespeichert)",
            );
            model.screen = Screen::Work(Box::new(work(id, title, *session, false)));
            vec![Effect::LoadList]
        }
        Message::Created(Err(e)) => {
            if let Screen::New(form) = &mut model.screen {
                form.scanning = None;
                form.error = Some(e.clone());
            }
            model.error(e);
            Vec::new()
        }
        Message::Opened(Ok((id, title, session, signed))) => {
            let pending = model.pending.take();
            let mut w = work(id, title, *session, signed);
            if let Some(p) = pending {
                w.tab = Tab::Summary;
                w.popup = Some(match p {
                    Pending::Export => export_popup(&w.title),
                    Pending::Sign => sign_popup(&w.title),
                });
            }
            model.screen = Screen::Work(Box::new(w));
            Vec::new()
        }
        Message::Opened(Err(e)) => {
            model.pending = None;
            model.error(e);
            Vec::new()
        }
        Message::Saved(Ok((session, note))) => {
            // The tab bar shows the autosave count; an older error no longer applies.
            if let Screen::Work(w) = &mut model.screen {
                w.saved += 1;
                w.session = *session;
            }
            if matches!(model.status, Some(Status::Error(_))) {
                model.status = None;
            }
            if let Some(note) = note {
                model.status = Some(Status::Info(note));
            }
            Vec::new()
        }
        Message::Saved(Err(e)) => {
            model.error(format!(
                "{}: {e}",
                tr(model.lang, "not saved", "nicht gespeichert")
            ));
            Vec::new()
        }
        Message::ImportRead(Ok((name, text))) => {
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            match w.session.apply_answers_file(&name, &text) {
                Ok(()) => {
                    w.popup = None;
                    model.status = Some(Status::Info(format!(
                        "{} {name}",
                        tr(
                            model.lang,
                            "answers imported from",
                            "Antworten übernommen aus"
                        )
                    )));
                    vec![Effect::Save]
                }
                Err(e) => {
                    let first = e
                        .problems
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    model.error(format!("{e}: {first}"));
                    Vec::new()
                }
            }
        }
        Message::ImportRead(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Exported(Ok(path)) => {
            model.status = Some(Status::Info(format!(
                "{} {}",
                tr(model.lang, "draft PDF written:", "Entwurf geschrieben:"),
                path.display()
            )));
            Vec::new()
        }
        Message::Signed(Ok(verified)) => {
            let valid = verified.1.is_valid();
            model.status = Some(Status::Info(format!(
                "{} {} ({})",
                tr(model.lang, "signed:", "signiert:"),
                verified.0.display(),
                if valid { "VALID" } else { "INVALID" }
            )));
            if let Screen::Work(w) = &mut model.screen {
                w.popup = None;
                w.signed = true;
                w.verification = Some(verified);
            }
            vec![Effect::LoadList]
        }
        Message::Exported(Err(e)) | Message::Signed(Err(e)) | Message::Verified(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Verified(Ok(verified)) => {
            let valid =
                verified.1.is_valid() && !verified.2.as_ref().is_some_and(|m| m.contradicts());
            model.status = Some(if valid {
                Status::Info(format!("{}: VALID", verified.0.display()))
            } else {
                Status::Error(format!("{}: INVALID", verified.0.display()))
            });
            if let Screen::Audit(a) = &mut model.screen {
                a.verification = Some(verified);
            }
            Vec::new()
        }
    }
}

pub(super) fn work(
    id: dpia::record::AssessmentId,
    title: String,
    session: dpia::session::Session,
    signed: bool,
) -> Work {
    Work {
        id,
        title,
        session,
        tab: Tab::Findings,
        section: 0,
        question: 0,
        editor: None,
        invalid: None,
        findings_row: 0,
        scroll: 0,
        popup: None,
        verification: None,
        saved: 0,
        signed,
    }
}

fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut collapsed = String::new();
    for c in stem.chars() {
        if !(c == '-' && collapsed.ends_with('-')) {
            collapsed.push(c);
        }
    }
    let stem = collapsed.trim_matches('-').to_string();
    if stem.is_empty() {
        "dpia".into()
    } else {
        stem
    }
}

fn export_popup(title: &str) -> Popup {
    Popup::Export {
        path: LineInput::new(&format!("{}-draft.pdf", file_stem(title))),
    }
}

fn sign_popup(title: &str) -> Popup {
    Popup::Sign(SignForm {
        key: LineInput::new("keys/key.pem"),
        cert: LineInput::new("keys/cert.pem"),
        passphrase: LineInput::secret(),
        out: LineInput::new(&format!("{}-signed.pdf", file_stem(title))),
        location: LineInput::default(),
        focus: 0,
    })
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for s in &items[1..] {
        let n = prefix
            .iter()
            .zip(s.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(n);
    }
    prefix.into_iter().collect()
}

fn key_pressed(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        model.quit = true;
        // What is in an open editor is kept when it is a valid answer.
        if let Screen::Work(w) = &mut model.screen {
            if let (Some(editor), Some(q)) = (w.editor.take(), w.current().cloned()) {
                if let Some(value) = editor.value(&q) {
                    if w.session.set(&q.id, value).is_ok() {
                        return vec![Effect::Save];
                    }
                }
            }
        }
        return Vec::new();
    }
    if model.help {
        if matches!(
            key.code,
            KeyCode::Char('?' | 'q') | KeyCode::Esc | KeyCode::F(1)
        ) {
            model.help = false;
        }
        return Vec::new();
    }
    if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !model.typing()) {
        model.help = true;
        return Vec::new();
    }
    if key.code == KeyCode::F(2) || (key.code == KeyCode::Char('L') && !model.typing()) {
        model.lang = match model.lang {
            Lang::En => Lang::De,
            Lang::De => Lang::En,
        };
        return Vec::new();
    }
    match &mut model.screen {
        Screen::Dashboard => dashboard_key(model, key),
        Screen::New(_) => new_key(model, key),
        Screen::Work(_) => work_key(model, key),
        Screen::Audit(_) => audit_key(model, key),
    }
}

fn dashboard_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let count = model.visible().len();
    let d = &mut model.dashboard;
    if d.filtering {
        match key.code {
            KeyCode::Enter => d.filtering = false,
            KeyCode::Esc => {
                d.filtering = false;
                d.filter.clear();
                d.selected = 0;
            }
            KeyCode::Backspace => {
                d.filter.pop();
                d.selected = 0;
            }
            KeyCode::Char(c) => {
                d.filter.push(c);
                d.selected = 0;
            }
            _ => {}
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => d.selected = d.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            d.selected = (d.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Home | KeyCode::Char('g') => d.selected = 0,
        KeyCode::End | KeyCode::Char('G') => d.selected = count.saturating_sub(1),
        KeyCode::Char('/') => d.filtering = true,
        KeyCode::Esc if !d.filter.is_empty() => {
            d.filter.clear();
            d.selected = 0;
        }
        KeyCode::Char('q') => model.quit = true,
        KeyCode::Char('r') => return vec![Effect::LoadList],
        KeyCode::Char('a') => {
            model.screen = Screen::Audit(Box::default());
            return vec![Effect::Audit];
        }
        KeyCode::Char('n') => model.screen = Screen::New(new_form(false, model.lang)),
        KeyCode::Char('x') => model.screen = Screen::New(new_form(true, model.lang)),
        KeyCode::Enter | KeyCode::Char('o') | KeyCode::Char('e') | KeyCode::Char('s') => {
            let Some(id) = model.selected().map(|a| a.id.clone()) else {
                model.info("no assessment selected", "keine Bewertung ausgewählt");
                return Vec::new();
            };
            model.pending = match key.code {
                KeyCode::Char('e') => Some(Pending::Export),
                KeyCode::Char('s') => Some(Pending::Sign),
                _ => None,
            };
            return vec![Effect::Open(id)];
        }
        _ => {}
    }
    Vec::new()
}

fn new_form(example: bool, lang: Lang) -> NewForm {
    NewForm {
        path: LineInput::default(),
        title: if example {
            LineInput::new(tr(
                lang,
                "Damage reports (bundled example)",
                "Schadensmeldungen (mitgeliefertes Beispiel)",
            ))
        } else {
            LineInput::default()
        },
        focus: if example {
            NewField::Title
        } else {
            NewField::Path
        },
        example,
        completions: Vec::new(),
        scanning: None,
        error: None,
    }
}

fn new_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::New(form) = &mut model.screen else {
        return Vec::new();
    };
    if form.scanning.is_some() {
        return Vec::new();
    }
    match (key.code, form.focus) {
        (KeyCode::Esc, _) => {
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        (KeyCode::Tab, NewField::Path) if !form.example => {
            return vec![Effect::Complete(form.path.text.clone())];
        }
        (KeyCode::Up | KeyCode::Down | KeyCode::BackTab, _) if !form.example => {
            form.focus = match form.focus {
                NewField::Path => NewField::Title,
                NewField::Title => NewField::Path,
            }
        }
        (KeyCode::Tab, NewField::Title) if !form.example => form.focus = NewField::Path,
        (KeyCode::Enter, NewField::Path) => {
            form.completions.clear();
            form.focus = NewField::Title;
        }
        (KeyCode::Enter, NewField::Title) => {
            let title = form.title.text.trim().to_string();
            let path = form.path.text.trim().to_string();
            if !form.example && path.is_empty() {
                form.error = Some(
                    tr(
                        lang,
                        "give the tool's folder or file",
                        "Ordner oder Datei des Tools angeben",
                    )
                    .into(),
                );
                form.focus = NewField::Path;
            } else if title.is_empty() {
                form.error = Some(
                    tr(
                        lang,
                        "give the assessment a title",
                        "der Bewertung einen Titel geben",
                    )
                    .into(),
                );
            } else {
                form.error = None;
                form.scanning = Some(Default::default());
                let source = if form.example {
                    ScanSource::Example
                } else {
                    ScanSource::Paths(path.split_whitespace().map(PathBuf::from).collect())
                };
                return vec![Effect::ScanAndCreate { source, title }];
            }
        }
        (_, NewField::Path) => {
            if form.path.key(key) {
                form.completions.clear();
            }
        }
        (_, NewField::Title) => {
            form.title.key(key);
        }
    }
    Vec::new()
}

fn audit_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Audit(a) = &mut model.screen else {
        return Vec::new();
    };
    if a.editing {
        match key.code {
            KeyCode::Esc => a.editing = false,
            KeyCode::Enter => {
                a.editing = false;
                return vec![Effect::Verify(PathBuf::from(a.path.text.trim()))];
            }
            _ => {
                a.path.key(key);
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        KeyCode::Char('a') | KeyCode::Char('r') => return vec![Effect::Audit],
        KeyCode::Char('v') => a.editing = true,
        _ => {}
    }
    Vec::new()
}

fn work_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    if w.popup.is_some() {
        return popup_key(model, key);
    }
    if w.editor.is_some() {
        return editor_key(model, key);
    }
    match key.code {
        KeyCode::Esc => {
            model.screen = Screen::Dashboard;
            return vec![Effect::LoadList];
        }
        KeyCode::Tab => {
            let i = Tab::ALL.iter().position(|t| *t == w.tab).unwrap_or(0);
            w.tab = Tab::ALL[(i + 1) % Tab::ALL.len()];
            w.scroll = 0;
        }
        KeyCode::BackTab => {
            let i = Tab::ALL.iter().position(|t| *t == w.tab).unwrap_or(0);
            w.tab = Tab::ALL[(i + Tab::ALL.len() - 1) % Tab::ALL.len()];
            w.scroll = 0;
        }
        KeyCode::Char(c @ '1'..='4') => {
            w.tab = Tab::ALL[usize::from(c as u8 - b'1')];
            w.scroll = 0;
        }
        _ => {
            return match w.tab {
                Tab::Findings => findings_key(model, key),
                Tab::Questions => questions_key(model, key),
                Tab::Risks => {
                    scroll_key(w, key);
                    Vec::new()
                }
                Tab::Summary => {
                    scroll_key(w, key);
                    summary_key(model, key, lang)
                }
            }
        }
    }
    Vec::new()
}

/// ↑↓ PgUp PgDn scroll the risks list and the summary.
fn scroll_key(w: &mut Work, key: KeyEvent) {
    w.scroll = match key.code {
        KeyCode::Up | KeyCode::Char('k') => w.scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => w.scroll.saturating_add(1).min(500),
        KeyCode::PageUp => w.scroll.saturating_sub(10),
        KeyCode::PageDown => w.scroll.saturating_add(10).min(500),
        KeyCode::Home => 0,
        _ => w.scroll,
    };
}

/// Refuses changes to a signed assessment, with a message.
fn read_only(model: &mut Model) -> bool {
    let signed = matches!(&model.screen, Screen::Work(w) if w.signed);
    if signed {
        model.info(
            "this assessment is signed: its answers are final (start a new assessment to revise it)",
            "diese Bewertung ist signiert: die Antworten sind endgültig (für eine Überarbeitung eine neue Bewertung anlegen)",
        );
    }
    signed
}

/// The items of the findings review (the column-by-column group).
pub fn findings(w: &Work) -> Vec<Item> {
    match w.session.answers.get(COLUMN_REVIEW) {
        Some(AnswerValue::Group(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn set_findings(model: &mut Model, items: Vec<Item>) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    match w.session.set(COLUMN_REVIEW, AnswerValue::Group(items)) {
        Ok(()) => vec![Effect::Save],
        Err(e) => {
            model.error(e);
            Vec::new()
        }
    }
}

fn findings_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let mut items = findings(w);
    let row = w.findings_row.min(items.len().saturating_sub(1));
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => w.findings_row = row.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            w.findings_row = (row + 1).min(items.len().saturating_sub(1))
        }
        KeyCode::Char(c @ ('c' | 'd' | 'e' | 'm' | 'A')) if !items.is_empty() => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            match c {
                'c' => {
                    let item = &mut items[row];
                    item.insert("decision".into(), AnswerValue::Text("confirmed".into()));
                    item.remove("note");
                    item.entry("minimisation".into())
                        .or_insert_with(|| AnswerValue::Text("needed".into()));
                    w.findings_row = (row + 1).min(items.len() - 1);
                    return set_findings(model, items);
                }
                'A' => {
                    for item in items.iter_mut().filter(|i| !i.contains_key("decision")) {
                        item.insert("decision".into(), AnswerValue::Text("confirmed".into()));
                        item.entry("minimisation".into())
                            .or_insert_with(|| AnswerValue::Text("needed".into()));
                    }
                    return set_findings(model, items);
                }
                'm' => {
                    let next = match items[row].get("minimisation") {
                        Some(AnswerValue::Text(s)) if s == "needed" => "pseudonymise",
                        Some(AnswerValue::Text(s)) if s == "pseudonymise" => "drop",
                        _ => "needed",
                    };
                    if matches!(items[row].get("decision"), Some(AnswerValue::Text(d)) if d == "dismissed")
                    {
                        return Vec::new();
                    }
                    items[row].insert("minimisation".into(), AnswerValue::Text(next.into()));
                    items[row]
                        .entry("decision".into())
                        .or_insert_with(|| AnswerValue::Text("confirmed".into()));
                    return set_findings(model, items);
                }
                'd' => {
                    let note = match items[row].get("note") {
                        Some(AnswerValue::Text(s)) => s.clone(),
                        _ => String::new(),
                    };
                    w.popup = Some(Popup::DismissNote {
                        row,
                        note: LineInput::new(&note),
                    });
                }
                _ => {
                    let Some(q) = w.session.question(COLUMN_REVIEW) else {
                        return Vec::new();
                    };
                    let Some(field) = q.field("categories") else {
                        return Vec::new();
                    };
                    let editor = Editor::open(field, items[row].get("categories"));
                    w.popup = Some(Popup::Categories { row, editor });
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

fn questions_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let sections = w.session.questionnaire.sections.len();
    let count = w.questions(w.section).len();
    match key.code {
        KeyCode::Left | KeyCode::PageUp | KeyCode::Char('h') => {
            w.section = w.section.saturating_sub(1);
            w.question = 0;
        }
        KeyCode::Right | KeyCode::PageDown | KeyCode::Char('l') => {
            w.section = (w.section + 1).min(sections.saturating_sub(1));
            w.question = 0;
        }
        KeyCode::Up | KeyCode::Char('k') => w.question = w.question.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            w.question = (w.question + 1).min(count.saturating_sub(1))
        }
        KeyCode::Char('i') => {
            if read_only(model) {
                return Vec::new();
            }
            if let Screen::Work(w) = &mut model.screen {
                w.popup = Some(Popup::Import {
                    path: LineInput::new("answers.toml"),
                });
            }
        }
        KeyCode::Char('u') => {
            // Jump to the first unanswered required question anywhere.
            for s in 0..sections {
                let qs = w.questions(s);
                if let Some(i) = qs
                    .iter()
                    .position(|q| q.required && w.session.answers.get(&q.id).is_none())
                {
                    w.section = s;
                    w.question = i;
                    break;
                }
            }
        }
        KeyCode::Enter | KeyCode::Char('c') | KeyCode::Char('x') => {
            if read_only(model) {
                return Vec::new();
            }
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            let Some(q) = w.current().cloned() else {
                return Vec::new();
            };
            match key.code {
                KeyCode::Enter => {
                    w.editor = Some(Editor::open(&q, w.session.answers.get(&q.id)));
                    w.invalid = None;
                }
                KeyCode::Char('c') => {
                    let suggested = w
                        .session
                        .answers
                        .values
                        .get(&q.id)
                        .is_some_and(|a| a.origin == Origin::SuggestedFromScan);
                    if !suggested {
                        model.info(
                            "no suggestion from the scan to confirm",
                            "kein Vorschlag aus dem Scan zu bestätigen",
                        );
                        return Vec::new();
                    }
                    return match w.session.confirm(&q.id) {
                        Ok(()) => vec![Effect::Save],
                        Err(e) => {
                            w.invalid = Some(e);
                            Vec::new()
                        }
                    };
                }
                _ => {
                    if w.session.answers.get(&q.id).is_none() {
                        return Vec::new();
                    }
                    w.session.clear(&q.id);
                    return vec![Effect::Save];
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

fn editor_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(q) = w.current().cloned() else {
        w.editor = None;
        return Vec::new();
    };
    let Some(mut editor) = w.editor.take() else {
        return Vec::new();
    };
    let outcome = edit(&w.session, lang, &mut editor, &q, key);
    match outcome {
        Outcome::Continue => w.editor = Some(editor),
        Outcome::Cancel => w.invalid = None,
        Outcome::Submit(value) => match w.session.set(&q.id, value) {
            Ok(()) => {
                w.invalid = None;
                // On to the next question (the list may have changed with the answer).
                let ids: Vec<String> = w
                    .questions(w.section)
                    .iter()
                    .map(|q| q.id.clone())
                    .collect();
                if let Some(i) = ids.iter().position(|id| *id == q.id) {
                    w.question = (i + 1).min(ids.len().saturating_sub(1));
                }
                return vec![Effect::Save];
            }
            Err(e) => {
                w.invalid = Some(e);
                w.editor = Some(editor);
            }
        },
    }
    Vec::new()
}

/// Passes `key` to `editor` with what editing needs from the session.
fn edit(
    session: &dpia::session::Session,
    lang: Lang,
    editor: &mut Editor,
    q: &dpia::questionnaire::Question,
    key: KeyEvent,
) -> Outcome {
    let visible = |f: &dpia::questionnaire::Question, item: &Item| session.field_visible(f, item);
    let ctx = EditContext {
        reference: &session.reference,
        lang: lang.code(),
        field_visible: &visible,
    };
    editor.key(q, key, &ctx)
}

fn summary_key(model: &mut Model, key: KeyEvent, lang: Lang) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('e') => w.popup = Some(export_popup(&w.title)),
        KeyCode::Char('s') => {
            if w.signed {
                model.info("already signed", "bereits signiert");
            } else if !w.session.evaluation.missing.is_empty() {
                let n = w.session.evaluation.missing.len();
                model.error(format!(
                    "{} {n} {}",
                    tr(lang, "cannot sign yet:", "noch nicht signierbar:"),
                    tr(
                        lang,
                        "answers missing (press u on the questionnaire tab to jump to one)",
                        "Antworten fehlen (u im Fragebogen springt zur nächsten)"
                    )
                ));
            } else {
                w.popup = Some(sign_popup(&w.title));
            }
        }
        KeyCode::Char('v') => {
            if let Some((path, _, _)) = &w.verification {
                return vec![Effect::Verify(path.clone())];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn popup_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(mut popup) = w.popup.take() else {
        return Vec::new();
    };
    if key.code == KeyCode::Esc && !matches!(popup, Popup::Categories { .. }) {
        return Vec::new();
    }
    match &mut popup {
        Popup::Export { path } => {
            if key.code == KeyCode::Enter {
                return vec![Effect::Export(PathBuf::from(path.text.trim()))];
            }
            path.key(key);
        }
        Popup::Import { path } => {
            if key.code == KeyCode::Enter {
                let effect = Effect::ReadAnswers(PathBuf::from(path.text.trim()));
                w.popup = Some(popup);
                return vec![effect];
            }
            path.key(key);
        }
        Popup::Sign(form) => {
            let submit = (key.code == KeyCode::Enter && form.focus == SignForm::FIELDS - 1)
                || (key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('s'));
            if submit {
                let key_path = PathBuf::from(form.key.text.trim());
                let is_p12 = form.key.text.trim().ends_with(".p12")
                    || form.key.text.trim().ends_with(".pfx");
                let cert = (!is_p12).then(|| PathBuf::from(form.cert.text.trim()));
                let location =
                    Some(form.location.text.trim().to_string()).filter(|l| !l.is_empty());
                let effect = Effect::Sign {
                    key: key_path,
                    cert,
                    passphrase: Zeroizing::new(form.passphrase.text.clone()),
                    out: PathBuf::from(form.out.text.trim()),
                    location,
                };
                w.popup = Some(popup);
                return vec![effect];
            }
            match key.code {
                KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                    form.focus = (form.focus + 1) % SignForm::FIELDS
                }
                KeyCode::BackTab | KeyCode::Up => {
                    form.focus = (form.focus + SignForm::FIELDS - 1) % SignForm::FIELDS
                }
                _ => {
                    let i = form.focus;
                    form.field(i).key(key);
                }
            }
        }
        Popup::DismissNote { row, note } => {
            if key.code == KeyCode::Enter {
                if note.text.trim().is_empty() {
                    w.invalid = Some(
                        tr(
                            model.lang,
                            "a note is required to dismiss a finding",
                            "zum Verwerfen ist eine Begründung nötig",
                        )
                        .into(),
                    );
                    w.popup = Some(popup);
                    return Vec::new();
                }
                let mut items = findings(w);
                if let Some(item) = items.get_mut(*row) {
                    item.insert("decision".into(), AnswerValue::Text("dismissed".into()));
                    item.insert(
                        "note".into(),
                        AnswerValue::Text(note.text.trim().to_string()),
                    );
                    item.remove("minimisation");
                }
                w.invalid = None;
                return set_findings(model, items);
            }
            note.key(key);
        }
        Popup::Categories { row, editor } => {
            let lang = model.lang;
            let Some(field) = w
                .session
                .question(COLUMN_REVIEW)
                .and_then(|q| q.field("categories"))
                .cloned()
            else {
                return Vec::new();
            };
            let outcome = edit(&w.session, lang, editor, &field, key);
            match outcome {
                Outcome::Continue => {}
                Outcome::Cancel => return Vec::new(),
                Outcome::Submit(value) => {
                    let mut items = findings(w);
                    if let Some(item) = items.get_mut(*row) {
                        item.insert("categories".into(), value);
                        item.insert("decision".into(), AnswerValue::Text("changed".into()));
                        item.remove("note");
                        item.entry("minimisation".into())
                            .or_insert_with(|| AnswerValue::Text("needed".into()));
                    }
                    return set_findings(model, items);
                }
            }
        }
    }
    if let Screen::Work(w) = &mut model.screen {
        w.popup = Some(popup);
    }
    Vec::new()
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
