//! The list of assessments.

use super::{bold, boxed, fg, highlight, shown};
use crate::tui::model::{tr, Model};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let lang = model.lang;
    let d = &model.dashboard;
    let mut title = format!(
        "{} ({})",
        tr(lang, "Assessments", "Bewertungen"),
        d.assessments.len()
    );
    if d.filtering || !d.filter.is_empty() {
        let cursor = if d.filtering { "▏" } else { "" };
        title.push_str(&format!(
            " · {}: {}{cursor}",
            tr(lang, "filter", "Filter"),
            shown(&d.filter)
        ));
    }
    let block = boxed(&title);
    if let Some(error) = &d.record_error {
        let p = Paragraph::new(vec![
            Line::styled(
                tr(
                    lang,
                    "The record cannot be opened",
                    "Das Verzeichnis kann nicht geöffnet werden",
                ),
                fg(model, Color::Red).add_modifier(Modifier::BOLD),
            ),
            Line::from(shown(error)),
            Line::default(),
            Line::from(tr(
                lang,
                "r tries again; q quits.",
                "r versucht es erneut; q beendet.",
            )),
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
                Line::styled(tr(lang, "No assessments yet.", "Noch keine Bewertungen."), bold()),
                Line::default(),
                Line::from(tr(lang, "  x  assess the bundled example tool (a damage-report tool) to see the whole flow", "  x  das mitgelieferte Beispiel-Tool (Schadensmeldungen) bewerten, um den ganzen Ablauf zu sehen")),
                Line::from(tr(lang, "  n  assess your own tool: its folder of schema, data exports and wrangler config", "  n  ein eigenes Tool bewerten: Ordner mit Schema, Datenexporten und wrangler-Konfiguration")),
            ]
        } else {
            vec![Line::from(tr(
                lang,
                "No assessment matches the filter. Esc clears it.",
                "Keine Bewertung passt zum Filter. Esc löscht ihn.",
            ))]
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
            (Some(d), true) => format!("{} {}", shown(d), tr(lang, "overdue", "überfällig")),
            (Some(d), false) => shown(d),
            (None, _) => "–".into(),
        };
        let due_style = if overdue {
            fg(model, Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let mut cells = vec![
            Cell::from(super::status_name(lang, a.status)),
            Cell::from(shown(&a.title)),
        ];
        if wide {
            cells.push(Cell::from(shown(&a.tool_path)));
        }
        cells.push(Cell::from(shown(
            a.updated_at.get(..10).unwrap_or(&a.updated_at),
        )));
        cells.push(Cell::from(due).style(due_style));
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(17), Constraint::Fill(2)];
    let mut header = vec![
        tr(lang, "Status", "Status"),
        tr(lang, "Assessment", "Bewertung"),
    ];
    if wide {
        widths.push(Constraint::Fill(2));
        header.push(tr(lang, "Tool", "Tool"));
    }
    widths.extend([Constraint::Length(11), Constraint::Length(21)]);
    header.extend([
        tr(lang, "Changed", "Geändert"),
        tr(lang, "Review due", "Überprüfung"),
    ]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold()))
        .row_highlight_style(highlight())
        .highlight_symbol("▶ ")
        .block(block);
    let mut state = TableState::default().with_selected(Some(d.selected));
    frame.render_stateful_widget(table, area, &mut state);
}
