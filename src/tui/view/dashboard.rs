//! The list of assessments: status, title (marked when the last `dpia check` found drift
//! that needs a review), tool, last change, review due (overdue ones marked), filtered by
//! `/`; scrolls with the selection. The path of a CNIL PIA file to import is asked over it.

use super::scroll::{marked, table_window};
use super::{bold, boxed, dim, fg, highlight};
use crate::tui::model::Model;
use crate::tui::strings::{t, tf};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    list(frame, model, area);
    if let Some(import) = &model.dashboard.import {
        super::popup::cnil_import(frame, model, import, area);
    }
}

fn list(frame: &mut Frame, model: &Model, area: Rect) {
    let lang = model.lang;
    let d = &model.dashboard;
    let mut title = tf(lang, "dashboard.title", &[("n", &d.assessments.len())]);
    if d.filtering || !d.filter.text.is_empty() {
        let cursor = if d.filtering { "▏" } else { "" };
        title.push_str(&format!(
            " · {}: {}{cursor}",
            t(lang, "dashboard.filter"),
            d.filter.text
        ));
    }
    if d.read_only {
        title.push_str(&format!(" · {}", t(lang, "state.read_only")));
    }
    let block = boxed(&title);
    if let Some(error) = &d.record_error {
        let p = Paragraph::new(vec![
            Line::styled(
                t(lang, "dashboard.cannot_open"),
                fg(model, Color::Red).add_modifier(Modifier::BOLD),
            ),
            Line::from(error.clone()),
            Line::default(),
            Line::from(t(lang, "dashboard.retry")),
        ])
        .wrap(Wrap { trim: true })
        .block(block);
        frame.render_widget(p, area);
        return;
    }
    let visible = model.visible();
    if visible.is_empty() {
        let lines = if d.assessments.is_empty() {
            vec![
                Line::styled(t(lang, "dashboard.empty"), bold()),
                Line::default(),
                Line::from(t(lang, "dashboard.empty_x")),
                Line::from(t(lang, "dashboard.empty_n")),
            ]
        } else {
            vec![Line::from(t(lang, "dashboard.no_match"))]
        };
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    }
    let wide = area.width >= 100;
    let rows = visible.iter().map(|a| {
        let overdue = model.overdue(a);
        let due = match (&a.review_due, overdue) {
            (Some(d), true) => format!("{d} {}", t(lang, "dashboard.overdue")),
            (Some(d), false) => d.clone(),
            (None, _) => "–".into(),
        };
        let due_style = if overdue {
            fg(model, Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        // A signed DPIA whose record moved on says so instead of "draft" (Art. 35(11)).
        let status = if a.changed_after_signing.is_some()
            && matches!(
                a.status,
                dpia::record::Status::Draft | dpia::record::Status::ReadyForSignoff
            ) {
            Cell::from(t(lang, "record.changed")).style(fg(model, Color::Yellow))
        } else {
            Cell::from(super::status_name(lang, a.status))
        };
        // A drift found by the last check after the signature: the DPIA needs a review.
        let title = match model.drift(a) {
            Some(worst) => {
                let words = dpia::assessment::Words::new(lang, None, None);
                let mark = format!(
                    " ⚠ {} ({})",
                    t(lang, "dashboard.drift"),
                    words.phrase(&format!("drift.severity.{}", worst.code()))
                );
                Line::from(vec![
                    Span::raw(super::shown(&a.title)),
                    Span::styled(mark, fg(model, Color::Red).add_modifier(Modifier::BOLD)),
                ])
            }
            None => Line::from(super::shown(&a.title)),
        };
        let mut cells = vec![status, Cell::from(title)];
        if wide {
            cells.push(Cell::from(a.tool_path.clone()));
        }
        cells.push(Cell::from(
            a.updated_at.get(..10).unwrap_or(&a.updated_at).to_string(),
        ));
        cells.push(Cell::from(due).style(due_style));
        Row::new(cells)
    });
    // The status column as wide as its longest word in this language.
    let status_width = [
        dpia::record::Status::Draft,
        dpia::record::Status::ReadyForSignoff,
        dpia::record::Status::Signed,
        dpia::record::Status::Superseded,
        dpia::record::Status::Withdrawn,
    ]
    .iter()
    .map(|s| super::status_name(lang, *s).chars().count())
    .chain(
        d.assessments
            .iter()
            .any(|a| a.changed_after_signing.is_some())
            .then(|| t(lang, "record.changed").chars().count()),
    )
    .max()
    .unwrap_or(10) as u16;
    let due_width = (10 + 1 + t(lang, "dashboard.overdue").chars().count()) as u16;
    let mut widths = vec![Constraint::Length(status_width), Constraint::Fill(3)];
    let mut header = vec![t(lang, "dashboard.status"), t(lang, "dashboard.assessment")];
    if wide {
        widths.push(Constraint::Fill(2));
        header.push(t(lang, "dashboard.tool"));
    }
    widths.extend([Constraint::Length(10), Constraint::Length(due_width)]);
    header.extend([
        t(lang, "dashboard.changed"),
        t(lang, "dashboard.review_due"),
    ]);
    let selected = d.selected.min(visible.len() - 1);
    let (offset, above, below) = table_window(
        visible.len(),
        usize::from(area.height.saturating_sub(3)),
        selected,
    );
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold()))
        .row_highlight_style(highlight())
        .highlight_symbol("▶ ")
        .block(marked(block, lang, above, below, dim(model)));
    let mut state = TableState::default()
        .with_offset(offset)
        .with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
