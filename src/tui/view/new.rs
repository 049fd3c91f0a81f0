//! Starting an assessment: the tool's path (with completion) and a title, then the scan
//! with a progress gauge; problems are listed.

use super::{bold, boxed, dim, fg, highlight, shown};
use crate::tui::input::LineInput;
use crate::tui::model::{tr, Model, NewField, NewForm};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};
use ratatui::Frame;

/// One labelled input line; the focused one shows a cursor.
pub fn input_line<'a>(label: &'a str, input: &LineInput, focused: bool) -> Line<'a> {
    let text = input.shown();
    let mut spans = vec![Span::styled(format!("{label:<14}"), bold())];
    if focused {
        let cut = text
            .char_indices()
            .nth(input.cursor)
            .map_or(text.len(), |(i, _)| i);
        spans.push(Span::raw(text[..cut].to_string()));
        spans.push(Span::styled(
            text[cut..]
                .chars()
                .next()
                .map_or(" ".to_string(), |c| c.to_string()),
            highlight(),
        ));
        let rest: String = text[cut..].chars().skip(1).collect();
        spans.push(Span::raw(rest));
    } else {
        spans.push(Span::raw(text));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, model: &Model, form: &NewForm, area: Rect) {
    let lang = model.lang;
    let block = boxed(tr(lang, "New assessment", "Neue Bewertung"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [fields, rest] = Layout::vertical([Constraint::Length(6), Constraint::Min(1)]).areas(inner);
    let mut lines = Vec::new();
    if form.example {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", tr(lang, "Tool", "Tool")), bold()),
            Span::raw(tr(lang, "the bundled example (property-management damage reports, synthetic data)", "das mitgelieferte Beispiel (Schadensmeldungen einer Hausverwaltung, synthetische Daten)")),
        ]));
    } else {
        lines.push(input_line(
            tr(lang, "Tool path", "Pfad des Tools"),
            &form.path,
            form.focus == NewField::Path,
        ));
    }
    lines.push(input_line(
        tr(lang, "Title", "Titel"),
        &form.title,
        form.focus == NewField::Title,
    ));
    lines.push(Line::default());
    lines.push(Line::styled(
        tr(lang, "A folder is walked: SQL schema and migrations, D1/SQLite dumps, SQLite files, CSV, JSON, wrangler config. Enter on the title scans and creates the assessment.", "Ein Ordner wird durchsucht: SQL-Schema und Migrationen, D1/SQLite-Dumps, SQLite-Dateien, CSV, JSON, wrangler-Konfiguration. Enter beim Titel scannt und legt die Bewertung an."),
        dim(model),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), fields);
    if let Some(p) = &form.scanning {
        let [label, gauge, _] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(rest);
        let ratio = if p.total == 0 {
            0.0
        } else {
            (p.done as f64 / p.total as f64).clamp(0.0, 1.0)
        };
        frame.render_widget(
            Paragraph::new(format!(
                "{} {} · {} {}",
                tr(lang, "scanning", "scanne"),
                shown(&p.file),
                p.files,
                tr(lang, "files done", "Dateien fertig")
            )),
            label,
        );
        frame.render_widget(
            Gauge::default()
                .ratio(ratio)
                .gauge_style(fg(model, Color::Cyan)),
            gauge,
        );
        return;
    }
    let mut lines = Vec::new();
    if let Some(e) = &form.error {
        lines.push(Line::styled(
            format!("! {}", shown(e)),
            fg(model, Color::Red),
        ));
    }
    if !form.completions.is_empty() {
        lines.push(Line::styled(
            tr(
                lang,
                "Matches (keep typing, Tab completes):",
                "Treffer (weiter tippen, Tab vervollständigt):",
            ),
            bold(),
        ));
        for c in form
            .completions
            .iter()
            .take(rest.height.saturating_sub(2) as usize)
        {
            lines.push(Line::from(format!("  {}", shown(c))));
        }
    }
    frame.render_widget(Paragraph::new(lines), rest);
}
