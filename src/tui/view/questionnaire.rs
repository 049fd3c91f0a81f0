//! The questionnaire: sections with their progress (from the evaluation's missing list) on
//! the left; the question, its legal reference, the answer (or the scan's suggestion, or a
//! draft), what is still missing for it and its help on the right; the editor under it. The
//! question's text scrolls (PgUp PgDn, the wheel); the editor follows its cursor.

use super::editor::{answer_lines, editor_lines};
use super::scroll::{self, Show};
use super::{bold, boxed, dim, fg, highlight};
use crate::tui::model::{Model, Work};
use crate::tui::strings::{t, tf};
use dpia::exchange::notes::NoteWords;
use dpia::questionnaire::Origin;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Clear;
use ratatui::Frame;

fn sections(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let width = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = w
        .session
        .questionnaire
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = w.section_progress(i);
            let done = p.answered == p.required;
            let mark = if done { "✓" } else { " " };
            // One line per section: the title cut to fit, the count at the right.
            let count = format!(" {}/{}", p.answered, p.required);
            let room = width.saturating_sub(2 + count.chars().count());
            let title = s.title.get(lang);
            let title: String = if title.chars().count() > room {
                let cut: String = title.chars().take(room.saturating_sub(1)).collect();
                format!("{}…", cut.trim_end())
            } else {
                title.to_string()
            };
            let pad = room.saturating_sub(title.chars().count());
            let text = format!("{mark} {title}{}{count}", " ".repeat(pad));
            let style = if i == w.section {
                highlight()
            } else if done {
                Style::default()
            } else {
                fg(model, Color::Yellow)
            };
            Line::styled(text, style)
        })
        .collect();
    scroll::text(
        frame,
        area,
        lines,
        Some(boxed(t(lang, "questions.sections"))),
        Show::Lines(w.section..w.section + 1),
        lang,
        dim(model),
    );
}

/// The notes imported for question `id` from another tool's file (CNIL PIA): where each
/// came from, then its fields, worded by the library (`templates/exchange.<lang>.toml`).
fn notes(lines: &mut Vec<Line<'static>>, model: &Model, w: &Work, id: &str) {
    let Some(notes) = w.session.answers.notes.get(id).filter(|n| !n.is_empty()) else {
        return;
    };
    let Some(words) = NoteWords::shared(model.lang.code()) else {
        return;
    };
    lines.push(Line::default());
    lines.push(Line::styled(
        words.heading.clone(),
        fg(model, Color::Blue).add_modifier(Modifier::BOLD),
    ));
    for group in words.groups(notes) {
        lines.push(Line::styled(group.label, bold()));
        for line in group.lines.iter().flat_map(|l| l.lines()) {
            lines.push(Line::raw(format!("  {line}")));
        }
    }
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let side = if area.width >= 110 { 34 } else { 24 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(side), Constraint::Min(20)]).areas(area);
    sections(frame, model, w, left);
    let Some(section) = w.session.questionnaire.sections.get(w.section) else {
        return;
    };
    let questions = w.questions(w.section);
    let Some(q) = questions.get(w.question) else {
        frame.render_widget(boxed(section.title.get(lang)), right);
        return;
    };
    let title = tf(
        lang,
        "questions.title",
        &[
            ("section", &section.title.get(lang)),
            ("i", &(w.question + 1)),
            ("n", &questions.len()),
        ],
    );
    let block = boxed(&title);
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let mut lines = vec![Line::styled(
        format!("{}{}", q.text.get(lang), if q.required { " *" } else { "" }),
        bold(),
    )];
    if let Some(legal) = &q.legal {
        // The reference is written once, in English, and cited the reader's way.
        let legal = dpia::questionnaire::legal::cite(legal, lang);
        lines.push(Line::styled(legal, fg(model, Color::Cyan)));
    }
    lines.push(Line::default());
    // The answer comes before the help text, so it stays in view on small terminals.
    let answer = w.session.answers.values.get(&q.id);
    let heading = |key: &'static str, colour: Color| {
        Line::styled(t(lang, key), fg(model, colour).add_modifier(Modifier::BOLD))
    };
    match answer {
        Some(a) if a.origin == Origin::SuggestedFromScan => {
            let key = if q.id == dpia::assessment::review::NEXT_REVIEW {
                "questions.suggested_review"
            } else {
                "questions.suggested"
            };
            lines.push(heading(key, Color::Magenta));
            lines.extend(answer_lines(&w.session, q, &a.value, lang));
        }
        Some(a) if a.origin == Origin::Draft => {
            lines.push(heading("questions.draft", Color::Magenta));
            lines.extend(answer_lines(&w.session, q, &a.value, lang));
        }
        Some(a) => {
            lines.push(heading("questions.yours", Color::Green));
            lines.extend(answer_lines(&w.session, q, &a.value, lang));
        }
        None => lines.push(Line::styled(
            t(lang, "questions.unanswered"),
            fg(model, Color::Yellow),
        )),
    }
    // What is still wrong with an answer that exists (an incomplete group item, …).
    if answer.is_some_and(|a| a.origin == Origin::Given) {
        let words = w.session.words(lang);
        for m in w.missing_for(&q.id) {
            lines.push(Line::styled(
                format!("! {}", words.finding(&m.finding)),
                fg(model, Color::Yellow),
            ));
        }
    }
    notes(&mut lines, model, w, &q.id);
    if let Some(help) = &q.help {
        lines.push(Line::default());
        lines.push(Line::styled(help.get(lang).to_string(), dim(model)));
    }
    let Some(editor) = &w.editor else {
        let limit = scroll::text(
            frame,
            inner,
            lines,
            None,
            Show::Offset(w.scroll),
            lang,
            dim(model),
        );
        w.scroll_limit.set(limit);
        return;
    };
    let (mut editor_text, mut focus) = editor_lines(model, w, q, editor);
    if let Some(invalid) = &w.invalid {
        editor_text.insert(
            0,
            Line::styled(
                format!("! {invalid}"),
                fg(model, Color::Red).add_modifier(Modifier::BOLD),
            ),
        );
        focus = focus.start + 1..focus.end + 1;
    }
    // The editor sits under the question, as tall as it needs, up to two thirds; the
    // question's text takes the rest (at least three rows).
    let wanted = super::wrapped_height(&editor_text, inner.width.saturating_sub(2)) + 2;
    let editor_height = wanted.clamp(3, (inner.height * 2 / 3).max(3));
    let text_needed = super::wrapped_height(&lines, inner.width);
    let text_height = text_needed
        .min(inner.height.saturating_sub(editor_height))
        .max(3.min(inner.height.saturating_sub(editor_height)));
    let [text_area, editor_area, _] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(editor_height),
        Constraint::Min(0),
    ])
    .areas(inner);
    let limit = scroll::text(
        frame,
        text_area,
        lines,
        None,
        Show::Offset(w.scroll),
        lang,
        dim(model),
    );
    w.scroll_limit.set(limit);
    frame.render_widget(Clear, editor_area);
    scroll::text(
        frame,
        editor_area,
        editor_text,
        Some(boxed(t(lang, "questions.answer_box"))),
        Show::Lines(focus),
        lang,
        dim(model),
    );
}
