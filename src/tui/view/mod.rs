//! Drawing: functions of the model only (views never import `update`). Every screen has a
//! header, its body, a status line for messages and errors, and a hint bar drawn from the key
//! tables. Works from 1x1 up; below 40x10 it asks for a larger terminal instead of drawing a
//! broken layout. Lists and texts scroll the same way everywhere (`scroll.rs`).
//!
//! Text from input (titles, paths, column names, answers, problems) goes through [`shown`],
//! which makes control characters and bidi overrides visible; a last pass over the drawn
//! buffer removes any that are left (ratatui drops C0/C1 controls itself but draws bidi
//! controls as zero-width parts of a cell).

mod audit;
mod audit_summary;
mod dashboard;
mod drift;
mod editor;
mod findings;
mod flows;
mod new;
mod popup;
mod questionnaire;
mod riskmap;
mod risks;
mod scroll;
mod summary;
mod work;

use super::keymap;
use super::model::{Lang, Model, Screen, StatusLine};
use super::strings::t;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// A foreground colour, or plain text under NO_COLOR.
pub fn fg(model: &Model, colour: Color) -> Style {
    if model.colour {
        Style::default().fg(colour)
    } else {
        Style::default()
    }
}

/// A record status in the UI's language.
pub fn status_name(lang: Lang, status: dpia::record::Status) -> &'static str {
    use dpia::record::Status as S;
    t(
        lang,
        match status {
            S::Draft => "record.draft",
            S::ReadyForSignoff => "record.ready",
            S::Signed => "record.signed",
            S::Superseded => "record.superseded",
            S::Withdrawn => "record.withdrawn",
        },
    )
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn dim(model: &Model) -> Style {
    if model.colour {
        Style::default().fg(Color::DarkGray)
    } else {
        Style::default().add_modifier(Modifier::DIM)
    }
}

pub fn highlight() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Rows `lines` take wrapped to `width` columns (as ratatui wraps them).
pub fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let rows: usize = scroll::line_rows(lines, width.max(1)).iter().sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

pub fn boxed(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
}

/// A key label in the UI's language (`Ctrl`, `Space`, `PgUp`, `Enter`, `Esc` are worded per
/// language).
pub fn key_label(lang: Lang, keys: &str) -> String {
    let mut out = keys.to_string();
    for (name, key) in [
        ("Ctrl", "keyname.ctrl"),
        ("Space", "keyname.space"),
        ("PgUp", "keyname.pgup"),
        ("PgDn", "keyname.pgdn"),
        ("Home", "keyname.home"),
        ("End", "keyname.end"),
        ("Enter", "keyname.enter"),
        ("Esc", "keyname.esc"),
    ] {
        out = out.replace(name, t(lang, key));
    }
    out
}

/// Input-derived text as it may be drawn: control characters and bidi overrides escaped.
pub fn shown(text: &str) -> String {
    dpia::terminal::escape(text).into_owned()
}

/// Removes control and bidi characters still in drawn cells (text not passed through
/// [`shown`], such as what is being typed into an editor).
fn strip_unsafe(buffer: &mut Buffer) {
    use dpia::terminal::is_unsafe;
    for cell in &mut buffer.content {
        if cell.symbol().chars().any(is_unsafe) {
            let kept: String = cell.symbol().chars().filter(|c| !is_unsafe(*c)).collect();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}

pub fn draw(frame: &mut Frame, model: &Model) {
    draw_screen(frame, model);
    strip_unsafe(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    if area.width < 40 || area.height < 10 {
        frame.render_widget(
            Paragraph::new(t(model.lang, "app.enlarge")).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = match &model.screen {
        Screen::Work(w) => format!("dpia · {}", shown(&w.title)),
        _ => format!("dpia · {}", t(model.lang, "app.record_title")),
    };
    let header_line = Line::from(vec![
        Span::styled(title, bold()),
        Span::styled(
            format!(
                "  {} {} · {} {}",
                t(model.lang, "app.record"),
                model.record_dir.display(),
                t(model.lang, "app.author"),
                model.author
            ),
            dim(model),
        ),
    ]);
    frame.render_widget(Paragraph::new(header_line), header);
    match &model.screen {
        Screen::Dashboard => dashboard::draw(frame, model, body),
        Screen::New(form) => new::draw(frame, model, form, body),
        Screen::Work(w) => work::draw(frame, model, w, body),
        Screen::Audit(a) => audit::draw(frame, model, a, body),
    }
    let status_line = match &model.status {
        Some(StatusLine::Info(s)) => Line::from(Span::styled(s.clone(), fg(model, Color::Green))),
        Some(StatusLine::Error(s)) => Line::from(Span::styled(
            format!("! {s}"),
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        )),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(status_line), status);
    frame.render_widget(
        Paragraph::new(hint_bar(model, hints.width)).style(highlight()),
        hints,
    );
    if let Some(prompt) = &model.author_prompt {
        popup::author(frame, model, prompt, area);
    }
    if model.help {
        help(frame, model, area);
    }
}

/// The most specific keys that fit the width, each with the first words of what it does.
fn hint_bar(model: &Model, width: u16) -> Line<'static> {
    let lang = model.lang;
    let help_key = if model.typing() { "F1" } else { "?" };
    let mut text = format!("{help_key} {}", t(lang, "app.help"));
    if let Some(table) = keymap::current(model).first() {
        for b in table.iter() {
            let what = t(lang, b.what);
            let short = what
                .split([',', '(', ';', ':'])
                .next()
                .unwrap_or(what)
                .trim();
            let part = format!("  {} {short}", key_label(lang, b.keys));
            if text.chars().count() + part.chars().count() > usize::from(width) {
                break;
            }
            text.push_str(&part);
        }
    }
    Line::from(text)
}

fn help(frame: &mut Frame, model: &Model, area: Rect) {
    let mut lines = Vec::new();
    for table in keymap::current(model) {
        for b in table {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<19}", key_label(model.lang, b.keys)), bold()),
                Span::raw(t(model.lang, b.what)),
            ]));
        }
        lines.push(Line::default());
    }
    lines.pop();
    let width = 90.min(area.width);
    let height = (wrapped_height(&lines, width.saturating_sub(2)) + 2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    scroll::text(
        frame,
        popup,
        lines,
        Some(boxed(t(model.lang, "help.title"))),
        scroll::Show::Offset(model.help_scroll),
        model.lang,
        dim(model),
    );
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_audit;
#[cfg(test)]
mod tests_cnil;
#[cfg(test)]
pub(crate) mod tests_drift;
#[cfg(test)]
mod tests_french;
#[cfg(test)]
mod tests_sizes;
