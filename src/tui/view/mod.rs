//! Drawing: functions of the model only. Every screen has a header, its body, a status line
//! for messages and errors, and a hint bar drawn from the key tables. Works from 1x1 up;
//! below 40x10 it asks for a larger terminal instead of drawing a broken layout.
//!
//! Text from input (titles, paths, column names, answers, signer names, problems) goes
//! through [`shown`], which makes control characters and bidi overrides visible; a last pass
//! over the drawn buffer removes any that are left (ratatui drops C0/C1 controls itself but
//! draws bidi controls as zero-width parts of a cell).

mod audit;
mod dashboard;
mod new;
mod risks;
mod summary;
mod work;

use super::keymap;
use super::model::{tr, Lang, Model, Screen, Status};
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

/// A status in the UI's language.
pub fn status_name(lang: Lang, status: dpia::record::Status) -> &'static str {
    use dpia::record::Status as S;
    match (status, lang) {
        (S::Draft, Lang::En) => "draft",
        (S::Draft, Lang::De) => "Entwurf",
        (S::ReadyForSignoff, Lang::En) => "ready for sign-off",
        (S::ReadyForSignoff, Lang::De) => "bereit zur Freigabe",
        (S::Signed, Lang::En) => "signed",
        (S::Signed, Lang::De) => "signiert",
        (S::Superseded, Lang::En) => "superseded",
        (S::Superseded, Lang::De) => "ersetzt",
        (S::Withdrawn, Lang::En) => "withdrawn",
        (S::Withdrawn, Lang::De) => "zurückgezogen",
    }
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

/// Rows `lines` take when wrapped to `width` columns (an estimate by characters).
pub fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) as u16)
        .sum()
}

pub fn boxed(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
}

pub fn draw(frame: &mut Frame, model: &Model) {
    draw_screen(frame, model);
    strip_unsafe(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    if area.width < 40 || area.height < 10 {
        let hint = tr(
            model.lang,
            "enlarge the terminal (40x10 or more)",
            "Terminal vergrößern (mind. 40x10)",
        );
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), area);
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
        _ => format!(
            "dpia · {}",
            tr(model.lang, "DPIA record", "DSFA-Verzeichnis")
        ),
    };
    let header_line = Line::from(vec![
        Span::styled(title, bold()),
        Span::styled(
            format!(
                "  {} {}",
                tr(model.lang, "record", "Verzeichnis"),
                shown(&model.record_dir.display().to_string())
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
        Some(Status::Info(s)) => Line::from(Span::styled(shown(s), fg(model, Color::Green))),
        Some(Status::Error(s)) => Line::from(Span::styled(
            format!("! {}", shown(s)),
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        )),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(status_line), status);
    frame.render_widget(Paragraph::new(hint_bar(model)).style(highlight()), hints);
    if model.help {
        help(frame, model, area);
    }
}

fn hint_bar(model: &Model) -> Line<'static> {
    let tables = keymap::current(model);
    let help_key = if model.typing() { "F1" } else { "?" };
    let mut parts = vec![format!("{help_key} {}", tr(model.lang, "help", "Hilfe"))];
    parts.extend(
        tables
            .first()
            .map(|t| {
                t.iter()
                    .take(6)
                    .map(|(k, en, de)| {
                        let what = if model.lang == Lang::De { de } else { en };
                        let short: String = what
                            .split([',', '(', ';'])
                            .next()
                            .unwrap_or(what)
                            .trim()
                            .to_string();
                        format!("{k} {short}")
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    Line::from(parts.join("  "))
}

fn help(frame: &mut Frame, model: &Model, area: Rect) {
    let mut lines = Vec::new();
    for table in keymap::current(model) {
        for (keys, en, de) in table {
            let what = if model.lang == Lang::De { de } else { en };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<19}"), bold()),
                Span::raw(*what),
            ]));
        }
        lines.push(Line::default());
    }
    lines.pop();
    let width = 90.min(area.width);
    let popup = centred(
        area,
        width,
        wrapped_height(&lines, width.saturating_sub(2)) + 2,
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(tr(
                model.lang,
                "Keys (? or Esc closes)",
                "Tasten (? oder Esc schließt)",
            ))),
        popup,
    );
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
