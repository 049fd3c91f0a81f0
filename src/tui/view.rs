//! Drawing: a function of the model only. Works from 1x1 up; below 40x8 it shows a one-line
//! hint to enlarge the terminal instead of a broken layout.

use super::keymap::DASHBOARD_KEYS;
use super::model::{Lang, Model, Status};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// The UI's words in one language.
pub struct Texts {
    pub title: &'static str,
    pub record: &'static str,
    pub status: &'static str,
    pub assessment: &'static str,
    pub tool: &'static str,
    pub updated: &'static str,
    pub review: &'static str,
    pub overdue: &'static str,
    pub empty: &'static str,
    pub no_match: &'static str,
    pub filter: &'static str,
    pub hints: &'static str,
    pub help: &'static str,
    pub audit_clean: &'static str,
    pub audit_breaks: &'static str,
    pub assessments: &'static str,
    pub versions: &'static str,
    pub too_small: &'static str,
    pub record_error: &'static str,
}

const EN: Texts = Texts {
    title: "dpia · DPIA record",
    record: "record",
    status: "Status",
    assessment: "Assessment",
    tool: "Tool",
    updated: "Last change",
    review: "Review due",
    overdue: "overdue",
    empty: "No assessments yet. Start one from a shell: dpia new PATH --title \"…\" (the guided assessment in this screen is being built).",
    no_match: "No assessment matches the filter. Esc clears it.",
    filter: "filter",
    hints: "↑↓ move  / filter  a audit  r reload  L Deutsch  ? help  q quit",
    help: "Keys",
    audit_clean: "audit: the record is intact",
    audit_breaks: "audit: breaks found (run `dpia audit` for details)",
    assessments: "assessments",
    versions: "versions",
    too_small: "enlarge the terminal (40x8 or more)",
    record_error: "The record cannot be opened",
};

const DE: Texts = Texts {
    title: "dpia · DSFA-Verzeichnis",
    record: "Verzeichnis",
    status: "Status",
    assessment: "Bewertung",
    tool: "Tool",
    updated: "Letzte Änderung",
    review: "Überprüfung",
    overdue: "überfällig",
    empty: "Noch keine Bewertungen. Starten Sie eine in der Shell: dpia new PFAD --title \"…\" (die geführte Bewertung in dieser Ansicht entsteht gerade).",
    no_match: "Keine Bewertung passt zum Filter. Esc löscht ihn.",
    filter: "Filter",
    hints: "↑↓ bewegen  / Filter  a Audit  r neu laden  L English  ? Hilfe  q beenden",
    help: "Tasten",
    audit_clean: "Audit: das Verzeichnis ist unversehrt",
    audit_breaks: "Audit: Brüche gefunden (Details mit `dpia audit`)",
    assessments: "Bewertungen",
    versions: "Versionen",
    too_small: "Terminal vergrößern (mind. 40x8)",
    record_error: "Das Verzeichnis kann nicht geöffnet werden",
};

pub fn text(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

fn fg(model: &Model, colour: Color) -> Style {
    if model.colour {
        Style::default().fg(colour)
    } else {
        Style::default()
    }
}

pub fn draw(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    let t = text(model.lang);
    if area.width < 40 || area.height < 8 {
        let hint = Paragraph::new(t.too_small).wrap(Wrap { trim: true });
        frame.render_widget(hint, area);
        return;
    }
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = Line::from(vec![
        Span::styled(t.title, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(format!("  {}: {}", t.record, model.record_dir.display())),
    ]);
    frame.render_widget(Paragraph::new(title), header);
    dashboard(frame, model, body, t);
    let status_line = match &model.status {
        Some(Status::Info(s)) => Line::from(Span::styled(s.clone(), fg(model, Color::Green))),
        Some(Status::Error(s)) => Line::from(Span::styled(
            s.clone(),
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        )),
        None if model.filtering || !model.filter.is_empty() => {
            let cursor = if model.filtering { "▏" } else { "" };
            Line::from(format!("{}: {}{cursor}", t.filter, model.filter))
        }
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(status_line), status);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            t.hints,
            Style::default().add_modifier(Modifier::REVERSED),
        ))),
        hints,
    );
    if model.help {
        help(frame, model, area, t);
    }
}

fn dashboard(frame: &mut Frame, model: &Model, area: Rect, t: &Texts) {
    let block = Block::default().borders(Borders::ALL).title(format!(
        " {} ({}) ",
        t.assessments,
        model.assessments.len()
    ));
    if let Some(error) = &model.record_error {
        let p = Paragraph::new(vec![
            Line::from(Span::styled(
                t.record_error,
                fg(model, Color::Red).add_modifier(Modifier::BOLD),
            )),
            Line::from(error.clone()),
        ])
        .wrap(Wrap { trim: true })
        .block(block);
        frame.render_widget(p, area);
        return;
    }
    let visible = model.visible();
    if visible.is_empty() {
        let message = if model.assessments.is_empty() {
            t.empty
        } else {
            t.no_match
        };
        frame.render_widget(
            Paragraph::new(message)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let wide = area.width >= 100;
    let rows = visible.iter().map(|a| {
        let overdue = model.overdue(a);
        let due = match (&a.review_due, overdue) {
            (Some(d), true) => format!("{d} {}", t.overdue),
            (Some(d), false) => d.clone(),
            (None, _) => "–".into(),
        };
        let due_style = if overdue {
            fg(model, Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let mut cells = vec![
            Cell::from(a.status.as_str().to_string()),
            Cell::from(a.title.clone()),
        ];
        if wide {
            cells.push(Cell::from(a.tool_path.clone()));
        }
        cells.push(Cell::from(
            a.updated_at.get(..10).unwrap_or(&a.updated_at).to_string(),
        ));
        cells.push(Cell::from(due).style(due_style));
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(18), Constraint::Fill(2)];
    let mut header = vec![t.status, t.assessment];
    if wide {
        widths.push(Constraint::Fill(2));
        header.push(t.tool);
    }
    widths.extend([Constraint::Length(17), Constraint::Length(20)]);
    header.extend([t.updated, t.review]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::default().add_modifier(Modifier::BOLD)))
        .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED))
        .block(block);
    let mut state = TableState::default().with_selected(Some(model.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn help(frame: &mut Frame, model: &Model, area: Rect, t: &Texts) {
    let lines: Vec<Line> = DASHBOARD_KEYS
        .iter()
        .map(|(keys, en, de)| {
            let what = if model.lang == Lang::De { de } else { en };
            Line::from(vec![
                Span::styled(
                    format!("{keys:<10}"),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .collect();
    let width = area.width.saturating_sub(4).min(60);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} (? / Esc) ", t.help)),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::Message;
    use crate::tui::update::update;
    use dpia::record::{AssessmentId, AssessmentSummary, Status as St, VersionId};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    use std::path::PathBuf;

    fn summary(n: u8, title: &str, status: St, due: Option<&str>) -> AssessmentSummary {
        AssessmentSummary {
            id: serde_json::from_value::<AssessmentId>(serde_json::json!(format!("{n:0>64}")))
                .expect("id"),
            title: title.into(),
            tool_path: format!("tools/{}", title.to_lowercase().replace(' ', "-")),
            tool_fingerprint: "ab".repeat(32),
            status,
            head: serde_json::from_value::<VersionId>(serde_json::json!("cd".repeat(32)))
                .expect("version"),
            versions: 2,
            created_at: "2026-11-01T10:00:00Z".into(),
            created_by: "DPO".into(),
            updated_at: "2026-11-20T10:00:00Z".into(),
            author: "DPO".into(),
            review_due: due.map(str::to_string),
        }
    }

    fn model() -> Model {
        let mut m = Model::new(
            PathBuf::from("/home/dpo/.local/share/dpia"),
            "2026-11-25".into(),
        );
        m.colour = false;
        update(
            &mut m,
            Message::Listed(Ok(vec![
                summary(1, "Damage reports", St::Signed, Some("2026-11-01")),
                summary(2, "Visitor log", St::Draft, None),
            ])),
        );
        m
    }

    fn screen(model: &Model, w: u16, h: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal.draw(|f| draw(f, model)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buffer[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn dashboard_lists_assessments_and_marks_overdue_reviews() {
        let s = screen(&model(), 80, 24);
        assert!(s.contains("Damage reports"), "{s}");
        assert!(s.contains("2026-11-01 overdue"), "{s}");
        assert!(s.contains("Visitor log"), "{s}");
        assert!(s.contains("q quit"), "{s}");
        assert!(
            !s.contains("tools/damage-reports"),
            "no tool column at 80 columns: {s}"
        );
        let wide = screen(&model(), 120, 40);
        assert!(wide.contains("tools/damage-reports"), "{wide}");
    }

    #[test]
    fn help_overlay_and_german() {
        let mut m = model();
        update(&mut m, Message::ToggleLanguage);
        update(&mut m, Message::ToggleHelp);
        let s = screen(&m, 80, 24);
        assert!(s.contains("Tasten"), "{s}");
        assert!(s.contains("Verzeichnis prüfen"), "{s}");
        assert!(s.contains("überfällig") || s.contains("Überprüfung"), "{s}");
    }

    #[test]
    fn empty_and_unopenable_records_explain_themselves() {
        let mut m = Model::new(PathBuf::from("/r"), "2026-11-25".into());
        update(&mut m, Message::Listed(Ok(Vec::new())));
        assert!(screen(&m, 80, 24).contains("No assessments yet"));
        update(
            &mut m,
            Message::Listed(Err(
                "the record at /r is locked by another dpia process".into()
            )),
        );
        let s = screen(&m, 80, 24);
        assert!(s.contains("cannot be opened"), "{s}");
        assert!(s.contains("locked by another dpia"), "{s}");
    }

    #[test]
    fn tiny_terminals_never_panic() {
        let m = model();
        for (w, h) in [(1, 1), (20, 5), (39, 7), (40, 8)] {
            let _ = screen(&m, w, h);
        }
        assert!(screen(&m, 20, 5).contains("enlarge"));
    }
}
