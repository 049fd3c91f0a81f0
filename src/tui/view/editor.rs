//! The editors drawn: each returns its lines and the lines of its cursor, so the box scrolls
//! to keep the cursor in view (option lists, long texts, a group's items, the country
//! matches). Countries are shown in words; what Enter would store is said before it is.

use super::new::input_line;
use super::{bold, dim, fg, highlight};
use crate::tui::editor::{Editor, GroupEditor, Item};
use crate::tui::model::{Lang, Model, Work};
use crate::tui::strings::{t, tf};
use dpia::questionnaire::display::value_text;
use dpia::questionnaire::{AnswerValue, Question, QuestionType};
use dpia::session::Session;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::ops::Range;

/// A value in words: countries by name ("Germany (DE)"), everything else as the
/// questionnaire words it.
pub fn shown(session: &Session, q: &Question, value: &AnswerValue, lang: Lang) -> String {
    let place = |code: &str| {
        let name = session.reference.place_name(code, lang);
        if name == code || name.ends_with(&format!("({code})")) {
            name
        } else {
            format!("{name} ({code})")
        }
    };
    match (q.kind, value) {
        (QuestionType::Country, AnswerValue::Text(code)) => place(code),
        (QuestionType::CountryList, AnswerValue::List(codes)) => codes
            .iter()
            .map(|c| place(c))
            .collect::<Vec<_>>()
            .join(", "),
        _ => value_text(q, value, lang),
    }
}

/// An answer as lines: one per group item, else its text.
pub fn answer_lines(
    session: &Session,
    q: &Question,
    value: &AnswerValue,
    lang: Lang,
) -> Vec<Line<'static>> {
    match value {
        AnswerValue::Group(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                Line::from(format!(
                    "  {}. {}",
                    i + 1,
                    item_summary(session, q, item, lang)
                ))
            })
            .collect(),
        other => shown(session, q, other, lang)
            .lines()
            .map(|l| Line::from(format!("  {l}")))
            .collect(),
    }
}

/// A group item in one line: its first four answered fields.
pub fn item_summary(session: &Session, q: &Question, item: &Item, lang: Lang) -> String {
    q.fields
        .iter()
        .filter_map(|f| item.get(&f.id).map(|v| shown(session, f, v, lang)))
        .filter(|s| !s.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join(" · ")
}

fn chosen(on: bool) -> Style {
    if on {
        highlight()
    } else {
        Style::default()
    }
}

/// The lines of `editor` for question (or group field) `q`, and the lines of its cursor.
pub fn editor_lines(
    model: &Model,
    w: &Work,
    q: &Question,
    editor: &Editor,
) -> (Vec<Line<'static>>, Range<usize>) {
    lines(model, w, q, editor, false)
}

fn hint(model: &Model, key: &'static str) -> Line<'static> {
    Line::styled(t(model.lang, key), dim(model))
}

fn lines(
    model: &Model,
    w: &Work,
    q: &Question,
    editor: &Editor,
    in_group: bool,
) -> (Vec<Line<'static>>, Range<usize>) {
    let lang = model.lang;
    match editor {
        Editor::YesNo { value } => (
            vec![Line::from(vec![
                Span::styled(format!(" {} ", t(lang, "edit.yes")), chosen(*value)),
                Span::raw("  "),
                Span::styled(format!(" {} ", t(lang, "edit.no")), chosen(!*value)),
                Span::styled(format!("   {}", t(lang, "edit.yes_no_hint")), dim(model)),
            ])],
            0..1,
        ),
        Editor::Single { cursor } => {
            let mut out: Vec<Line> = q
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mark = if i == *cursor { "▶ " } else { "  " };
                    Line::styled(format!("{mark}{}", c.label.get(lang)), chosen(i == *cursor))
                })
                .collect();
            out.push(hint(model, "edit.choice_hint"));
            (out, *cursor..*cursor + 1)
        }
        Editor::Multi {
            cursor,
            chosen: ticks,
        } => {
            let mut out: Vec<Line> = q
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let tick = if ticks.get(i).copied().unwrap_or(false) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    Line::styled(
                        format!("{tick} {}", c.label.get(lang)),
                        chosen(i == *cursor),
                    )
                })
                .collect();
            out.push(hint(model, "edit.multi_hint"));
            (out, *cursor..*cursor + 1)
        }
        Editor::Line(input) => {
            let date = q.kind == QuestionType::Date;
            let label = t(lang, if date { "edit.date" } else { "edit.text" });
            let mut out = vec![own(input_line(label, input, true))];
            out.push(hint(
                model,
                match (date, in_group) {
                    (true, _) => "edit.date_hint",
                    (false, true) => "edit.field_hint",
                    (false, false) => "edit.line_hint",
                },
            ));
            (out, 0..1)
        }
        Editor::Long(area) => {
            let mut out: Vec<Line> = area
                .lines
                .iter()
                .enumerate()
                .map(|(r, l)| {
                    if r != area.row {
                        return Line::from(l.clone());
                    }
                    let cut = l.char_indices().nth(area.col).map_or(l.len(), |(i, _)| i);
                    let at: String = l[cut..]
                        .chars()
                        .next()
                        .map_or(" ".into(), |c| c.to_string());
                    let rest: String = l[cut..].chars().skip(1).collect();
                    Line::from(vec![
                        Span::raw(l[..cut].to_string()),
                        Span::styled(at, highlight()),
                        Span::raw(rest),
                    ])
                })
                .collect();
            out.push(hint(
                model,
                if in_group {
                    "edit.long_field_hint"
                } else {
                    "edit.long_hint"
                },
            ));
            (out, area.row..area.row + 1)
        }
        Editor::Country {
            input,
            cursor,
            matches,
            refused,
        } => {
            let mut out = vec![own(input_line(t(lang, "edit.country"), input, true))];
            if let Some(why) = refused {
                out.push(Line::styled(
                    format!("! {why}"),
                    fg(model, Color::Red).add_modifier(Modifier::BOLD),
                ));
            }
            // Names in the UI's language now (it may have changed since the last key).
            let name = |code: &str| w.session.reference.place_name(code, lang);
            match matches.get(*cursor) {
                Some(m) => out.push(Line::styled(
                    tf(
                        lang,
                        "edit.country_stores",
                        &[("name", &name(&m.code)), ("code", &m.code)],
                    ),
                    fg(model, Color::Green).add_modifier(Modifier::BOLD),
                )),
                None if !input.text.trim().is_empty() => out.push(Line::styled(
                    t(lang, "edit.country_none"),
                    fg(model, Color::Yellow),
                )),
                None => {}
            }
            let first = out.len();
            for (i, m) in matches.iter().enumerate() {
                out.push(Line::styled(
                    format!("  {:<4} {}", m.code, name(&m.code)),
                    chosen(i == *cursor),
                ));
            }
            out.push(hint(model, "edit.country_hint"));
            let at = first + (*cursor).min(matches.len().saturating_sub(1));
            // Keep the input and the chosen line in view together when they fit.
            (out, if at < 8 { 0..at + 1 } else { at..at + 1 })
        }
        Editor::Places { input, parsed } => {
            let mut out = vec![own(input_line(t(lang, "edit.countries"), input, true))];
            match parsed {
                Ok(codes) if codes.is_empty() => {}
                Ok(codes) => {
                    let names = shown(&w.session, q, &AnswerValue::List(codes.clone()), lang);
                    out.push(Line::styled(
                        tf(lang, "edit.places_stores", &[("names", &names)]),
                        fg(model, Color::Green),
                    ));
                }
                Err(why) => out.push(Line::styled(
                    format!("! {why}"),
                    fg(model, Color::Red).add_modifier(Modifier::BOLD),
                )),
            }
            out.push(hint(model, "edit.places_hint"));
            (out, 0..2)
        }
        Editor::Scale { value } => {
            let names = ["scale.1", "scale.2", "scale.3", "scale.4"];
            (
                vec![Line::from(
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, n)| {
                            let level = i as i64 + 1;
                            Span::styled(
                                format!(" {level} {} ", t(lang, n)),
                                chosen(level == *value),
                            )
                        })
                        .collect::<Vec<_>>(),
                )],
                0..1,
            )
        }
        Editor::Group(g) => group_lines(model, w, q, g),
    }
}

/// A line that owns its text.
fn own(line: Line<'_>) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect::<Vec<_>>(),
    )
}

fn group_lines(
    model: &Model,
    w: &Work,
    q: &Question,
    g: &GroupEditor,
) -> (Vec<Line<'static>>, Range<usize>) {
    let lang = model.lang;
    let mut out = Vec::new();
    if let Some((item, f, editor)) = &g.field {
        let field = &q.fields[*f];
        if let Some(so_far) = g
            .items
            .get(*item)
            .map(|it| item_summary(&w.session, q, it, lang))
        {
            if !so_far.is_empty() {
                out.push(Line::styled(so_far, dim(model)));
            }
        }
        out.push(Line::styled(
            format!(
                "{} {} · {}{}",
                t(lang, "edit.item"),
                item + 1,
                field.text.get(lang),
                if field.required { " *" } else { "" }
            ),
            bold(),
        ));
        let first = out.len();
        let (field_lines, focus) = match editor.as_ref() {
            Editor::Group(_) => (Vec::new(), 0..0),
            other => lines(model, w, field, other, true),
        };
        out.extend(field_lines);
        out.push(hint(model, "edit.item_hint"));
        // The item's heading stays in view with the field's cursor when they fit.
        return (out, 0..first + focus.end);
    }
    if g.items.is_empty() {
        out.push(Line::from(t(lang, "edit.group_empty")));
    }
    for (i, item) in g.items.iter().enumerate() {
        let text = format!("{}. {}", i + 1, item_summary(&w.session, q, item, lang));
        out.push(Line::styled(text, chosen(i == g.cursor)));
    }
    let cursor = g.cursor.min(g.items.len().saturating_sub(1));
    if g.confirm_discard {
        out.push(Line::styled(
            t(lang, "edit.discard"),
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        ));
        return (out.clone(), out.len() - 1..out.len());
    }
    out.push(hint(model, "edit.group_hint"));
    (out, cursor..cursor + 1)
}
