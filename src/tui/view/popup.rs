//! The popups: export and import paths (the full path where the file goes), the sign form
//! and the question before signing, dismissal notes, a column's categories, the question
//! before clearing an answer, the drift list (`drift.rs`), the path of a CNIL PIA file to
//! import from the dashboard, and the one-time question of who is working.

use super::editor::editor_lines;
use super::new::input_line;
use super::scroll::{self, Show};
use super::{bold, boxed, centred, dim, fg};
use crate::tui::model::{
    AuthorPrompt, CnilImport, Confirm, FindingsPane, Model, NoteTarget, Popup, SignForm, Work,
};
use crate::tui::strings::{t, tf};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::Frame;
use std::ops::Range;

/// A line that owns its text.
fn own(line: Line<'_>) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect::<Vec<_>>(),
    )
}

/// Draws a popup of `lines` centred in `area`, as wide as it may and as tall as it needs,
/// scrolled to `focus` when it does not fit.
fn frame_popup(
    frame: &mut Frame,
    model: &Model,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    focus: Range<usize>,
) {
    let width = 86.min(area.width);
    let height = super::wrapped_height(&lines, width.saturating_sub(2)) + 2;
    let rect = centred(area, width, height.min(area.height));
    frame.render_widget(Clear, rect);
    scroll::text(
        frame,
        rect,
        lines,
        Some(boxed(title)),
        Show::Lines(focus),
        model.lang,
        dim(model),
    );
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, popup: &Popup, area: Rect) {
    let lang = model.lang;
    let error = |lines: &mut Vec<Line<'static>>| {
        if let Some(invalid) = &w.invalid {
            lines.insert(
                0,
                Line::styled(format!("! {invalid}"), fg(model, Color::Red)),
            );
        }
    };
    let (title, lines, focus): (&str, Vec<Line<'static>>, Range<usize>) = match popup {
        Popup::Export { path } => (
            t(lang, "popup.export"),
            vec![
                own(input_line(t(lang, "popup.file"), path, true)),
                Line::styled(
                    tf(
                        lang,
                        "popup.writes_to",
                        &[("path", &model.output_path(&path.text).display())],
                    ),
                    dim(model),
                ),
                Line::styled(t(lang, "popup.export_hint"), dim(model)),
            ],
            0..1,
        ),
        Popup::Import { path } => (
            t(lang, "popup.import"),
            vec![
                own(input_line(t(lang, "popup.file"), path, true)),
                Line::styled(t(lang, "popup.import_hint"), dim(model)),
            ],
            0..1,
        ),
        Popup::Sign(form) => (t(lang, "popup.sign"), sign_lines(model, form), 0..1),
        Popup::DismissNote { target, note } => {
            let mut lines = vec![
                own(input_line(t(lang, "popup.why"), note, true)),
                Line::styled(
                    t(
                        lang,
                        match target {
                            NoteTarget::Column(_) => "popup.dismiss_hint",
                            NoteTarget::Flow(_) => "popup.dismiss_flow_hint",
                        },
                    ),
                    dim(model),
                ),
            ];
            error(&mut lines);
            let title = match target {
                NoteTarget::Column(_) => t(lang, "popup.dismiss"),
                NoteTarget::Flow(_) => t(lang, "popup.dismiss_flow"),
            };
            (title, lines, 0..1)
        }
        Popup::Categories { editor, .. } => {
            let field = w
                .session
                .question(dpia::questionnaire::COLUMN_REVIEW)
                .and_then(|q| q.field("categories"));
            let (lines, focus) = match field {
                Some(f) => editor_lines(model, w, f, editor),
                None => (Vec::new(), 0..0),
            };
            (t(lang, "popup.categories"), lines, focus)
        }
        Popup::Detail { scroll } => {
            let (title, mut lines) = match w.pane {
                FindingsPane::Columns => super::findings::detail_lines(model, w, w.findings_row),
                FindingsPane::Flows => super::flows::detail_lines(model, w, w.flows_row),
            };
            lines.push(Line::styled(t(lang, "popup.detail_hint"), dim(model)));
            let width = 86.min(area.width);
            let height =
                (super::wrapped_height(&lines, width.saturating_sub(2)) + 2).min(area.height);
            let rect = centred(area, width, height);
            frame.render_widget(Clear, rect);
            scroll::text(
                frame,
                rect,
                lines,
                Some(boxed(&title)),
                Show::Offset(*scroll),
                lang,
                dim(model),
            );
            return;
        }
        Popup::Drift { row } => {
            let Some(list) = &w.drift else {
                return;
            };
            let (lines, focus) = super::drift::lines(model, w, list, *row);
            (t(lang, "drift.title"), lines, focus)
        }
        Popup::Confirm(Confirm::Clear { question }) => {
            let words = w.session.words(lang);
            let size = w
                .session
                .answers
                .values
                .get(question)
                .map_or(0, |a| match &a.value {
                    dpia::questionnaire::AnswerValue::Text(s) => s.chars().count(),
                    dpia::questionnaire::AnswerValue::Group(items) => items.len(),
                    _ => 0,
                });
            (
                t(lang, "popup.clear"),
                vec![
                    Line::styled(
                        tf(
                            lang,
                            "popup.clear_question",
                            &[("question", &words.question(question))],
                        ),
                        bold(),
                    ),
                    Line::from(tf(lang, "popup.clear_size", &[("n", &size)])),
                    Line::styled(t(lang, "popup.clear_hint"), dim(model)),
                ],
                0..1,
            )
        }
    };
    frame_popup(frame, model, area, title, lines, focus);
}

fn sign_lines(model: &Model, form: &SignForm) -> Vec<Line<'static>> {
    let lang = model.lang;
    if form.confirming {
        return vec![
            Line::styled(
                tf(lang, "popup.sign_confirm", &[("author", &model.author)]),
                fg(model, Color::Yellow).add_modifier(Modifier::BOLD),
            ),
            Line::from(tf(
                lang,
                "popup.sign_to",
                &[("path", &model.output_path(&form.out.text).display())],
            )),
            Line::styled(t(lang, "popup.sign_confirm_hint"), dim(model)),
        ];
    }
    let labels = [
        t(lang, "popup.key"),
        t(lang, "popup.cert"),
        t(lang, "popup.passphrase"),
        t(lang, "popup.signed_pdf"),
        t(lang, "popup.location"),
    ];
    let inputs = [
        &form.key,
        &form.cert,
        &form.passphrase,
        &form.out,
        &form.location,
    ];
    let mut lines: Vec<Line<'static>> = labels
        .iter()
        .zip(inputs)
        .enumerate()
        .map(|(i, (label, input))| own(input_line(label, input, i == form.focus)))
        .collect();
    lines.push(Line::styled(
        tf(
            lang,
            "popup.writes_to",
            &[("path", &model.output_path(&form.out.text).display())],
        ),
        dim(model),
    ));
    lines.push(Line::styled(t(lang, "popup.sign_hint"), dim(model)));
    lines
}

/// The path of a CNIL PIA file to import (the dashboard's `i`), and why the last try failed
/// (with the JSON path of what is wrong in the file).
pub fn cnil_import(frame: &mut Frame, model: &Model, import: &CnilImport, area: Rect) {
    let lang = model.lang;
    let mut lines = vec![own(input_line(t(lang, "popup.file"), &import.path, true))];
    if let Some(error) = &import.error {
        lines.push(Line::styled(
            format!("! {}", super::shown(error)),
            fg(model, Color::Red),
        ));
        lines.push(Line::from(t(lang, "popup.cnil_nothing_imported")));
    }
    lines.push(Line::styled(t(lang, "popup.cnil_hint"), dim(model)));
    frame_popup(frame, model, area, t(lang, "popup.cnil"), lines, 0..1);
}

/// Who is working, asked once when no author is configured.
pub fn author(frame: &mut Frame, model: &Model, prompt: &AuthorPrompt, area: Rect) {
    let lang = model.lang;
    let lines = vec![
        Line::from(t(lang, "popup.author_question")),
        own(input_line(t(lang, "popup.author_name"), &prompt.name, true)),
        Line::styled(t(lang, "popup.author_hint"), dim(model)),
    ];
    frame_popup(frame, model, area, t(lang, "popup.author"), lines, 1..2);
}
