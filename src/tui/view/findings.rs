//! The findings review's columns: each column the scan found personal data in (or could not
//! decide on), its categories, the DPO's decision and whether it is needed; the scan's
//! evidence for the selected one below; the scan's problems at the bottom.

use super::scroll::{marked, table_window};
use super::{bold, boxed, dim, fg, highlight};
use crate::tui::model::{text_of, Model, Work};
use crate::tui::strings::{t, tf};
use dpia::questionnaire::display::value_text;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// The scan's problems (unreadable files, ragged rows, …) in a box at the bottom, if any;
/// returns the area left above it.
fn scan_problems(frame: &mut Frame, model: &Model, w: &Work, area: Rect) -> Rect {
    let problems = &w.session.scan.problems;
    if problems.is_empty() || area.height < 12 {
        return area;
    }
    let lines: Vec<Line> = problems
        .iter()
        .map(|p| {
            Line::styled(
                format!("! {}", super::shown(&p.to_string())),
                fg(model, Color::Yellow),
            )
        })
        .collect();
    let height = (super::wrapped_height(&lines, area.width.saturating_sub(2)) + 2)
        .min(area.height / 3)
        .max(3);
    let [rest, bottom] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(height)]).areas(area);
    let title = tf(model.lang, "findings.problems", &[("n", &problems.len())]);
    super::scroll::text(
        frame,
        bottom,
        lines,
        Some(boxed(&title)),
        super::scroll::Show::Offset(0),
        model.lang,
        dim(model),
    );
    rest
}

/// The scan's column `table.column`, if the scan has it.
fn scanned_column<'a>(w: &'a Work, name: &str) -> Option<&'a dpia::scan::ColumnReport> {
    name.split_once('.').and_then(|(t, c)| {
        w.session
            .scan
            .tables
            .iter()
            .find(|x| x.name == t)
            .and_then(|x| x.columns.iter().find(|y| y.name == c))
    })
}

/// The column of row `row` in full: its name, confidence, masked examples, evidence, where
/// it is declared, note.
pub fn detail_lines(model: &Model, w: &Work, row: usize) -> (String, Vec<Line<'static>>) {
    let lang = model.lang;
    let Some(item) = w.findings().get(row) else {
        return (String::new(), Vec::new());
    };
    let name = text_of(item, "column").to_string();
    let mut detail = Vec::new();
    if let Some(c) = scanned_column(w, &name) {
        detail.push(Line::from(vec![
            Span::styled(format!("{} ", t(lang, "findings.confidence")), bold()),
            Span::raw(format!("{:.0} %", c.confidence * 100.0)),
            Span::styled(format!("   {} ", t(lang, "findings.examples")), bold()),
            Span::raw(
                c.examples
                    .iter()
                    .take(3)
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]));
        if c.needs_review && c.categories.is_empty() {
            detail.push(Line::styled(
                t(lang, "findings.unsure"),
                fg(model, Color::Yellow),
            ));
        }
        // In the UI's language (a scan recorded before evidence was data shows its English
        // strings); reasons apart with " · ", as one reason may join parts with "; ".
        detail.push(Line::from(vec![
            Span::styled(format!("{} ", t(lang, "findings.evidence")), bold()),
            Span::raw(dpia::scan::evidence_words::column_evidence(c, lang).join(" · ")),
        ]));
        // The first place on one line (the popup of the detail scrolls); the count of others.
        if let Some(first) = c.declared_at.first() {
            let more = match c.declared_at.len() - 1 {
                0 => String::new(),
                n => format!(" (+{n})"),
            };
            detail.push(Line::from(vec![
                Span::styled(format!("{} ", t(lang, "findings.declared_at")), bold()),
                Span::raw(format!("{first}{more}")),
            ]));
        }
    }
    let note = text_of(item, "note");
    if !note.is_empty() {
        detail.push(Line::from(format!("{} {note}", t(lang, "findings.note"))));
    }
    (name, detail)
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let items = w.findings();
    let area = scan_problems(frame, model, w, area);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(t(lang, "findings.none"))
                .wrap(Wrap { trim: true })
                .block(boxed(t(lang, "findings.none_title"))),
            area,
        );
        return;
    }
    let row = w.findings_row.min(items.len() - 1);
    let (name, detail) = detail_lines(model, w, row);
    let scanned = |name: &str| scanned_column(w, name);
    let wanted = super::wrapped_height(&detail, area.width.saturating_sub(2)) + 2;
    let detail_height = wanted.clamp(4, (area.height / 3).max(4));
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(detail_height)]).areas(area);

    let decided = items.iter().filter(|i| i.contains_key("decision")).count();
    let review = w.session.question(dpia::questionnaire::COLUMN_REVIEW);
    let field_text = |item: &crate::tui::editor::Item, id: &str| -> String {
        match (review.and_then(|q| q.field(id)), item.get(id)) {
            (Some(f), Some(v)) => value_text(f, v, lang),
            _ => String::new(),
        }
    };
    let wide = table_area.width >= 120;
    let rows = items.iter().map(|item| {
        let decision = text_of(item, "decision");
        let style = match decision {
            "dismissed" => dim(model),
            "" => fg(model, Color::Yellow),
            _ => Style::default(),
        };
        let shown = t(
            lang,
            match decision {
                "confirmed" => "findings.confirmed",
                "changed" => "findings.changed",
                "dismissed" => "findings.dismissed",
                _ => "findings.to_review",
            },
        );
        let needed = match text_of(item, "minimisation") {
            "needed" => t(lang, "findings.needed"),
            "pseudonymise" => t(lang, "findings.pseudonymise"),
            "drop" => t(lang, "findings.drop"),
            _ => "",
        };
        let name = text_of(item, "column");
        let mut categories = field_text(item, "categories");
        if categories.is_empty() {
            categories = t(lang, "findings.needs_review").to_string();
        }
        let mut cells = vec![Cell::from(name.to_string()), Cell::from(categories)];
        if wide {
            let column = scanned(name);
            cells.push(Cell::from(column.map_or(String::new(), |c| {
                format!("{:.0} %", c.confidence * 100.0)
            })));
            cells.push(Cell::from(column.map_or(String::new(), |c| {
                c.examples
                    .iter()
                    .take(2)
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })));
        }
        cells.push(Cell::from(shown));
        cells.push(Cell::from(needed));
        Row::new(cells).style(style)
    });
    // The column names take what they need, up to 40 % of the width.
    let longest = items
        .iter()
        .map(|i| text_of(i, "column").chars().count())
        .max()
        .unwrap_or(10) as u16;
    let name_width = longest.min(table_area.width * 2 / 5).max(10);
    let mut widths = vec![Constraint::Length(name_width), Constraint::Fill(3)];
    let mut header = vec![t(lang, "findings.column"), t(lang, "findings.categories")];
    if wide {
        widths.extend([Constraint::Length(11), Constraint::Fill(2)]);
        header.extend([
            t(lang, "findings.confidence_col"),
            t(lang, "findings.examples_col"),
        ]);
    }
    widths.extend([Constraint::Length(12), Constraint::Length(13)]);
    header.extend([t(lang, "findings.decision"), t(lang, "findings.needed_col")]);
    let visible = usize::from(table_area.height.saturating_sub(3));
    let (offset, above, below) = table_window(items.len(), visible, row);
    let title = tf(
        lang,
        "findings.title",
        &[("decided", &decided), ("n", &items.len())],
    );
    let block = marked(boxed(&title), lang, above, below, dim(model));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold()))
        .row_highlight_style(highlight())
        .highlight_symbol("▶ ")
        .block(block);
    let mut state = TableState::default()
        .with_offset(offset)
        .with_selected(Some(row));
    frame.render_stateful_widget(table, table_area, &mut state);
    super::scroll::text(
        frame,
        detail_area,
        detail,
        Some(boxed(&name)),
        super::scroll::Show::Offset(0),
        lang,
        dim(model),
    );
}
