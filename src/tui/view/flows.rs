//! The findings review's data flows: what the code does with personal data (kind, target,
//! third-party service and its country, the data, where in the code), each with the DPO's
//! decision; the selected flow's evidence below.

use super::scroll::{marked, table_window};
use super::{bold, boxed, dim, fg, highlight};
use crate::tui::model::{text_of, FlowRow, Model, Work};
use crate::tui::strings::{t, tf, Lang};
use dpia::scan::code::{Flow, FlowKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// A flow's kind in words.
pub fn kind_name(lang: Lang, kind: FlowKind) -> &'static str {
    t(
        lang,
        match kind {
            FlowKind::ExternalRequest => "flow.external_request",
            FlowKind::EmbeddedResource => "flow.embedded_resource",
            FlowKind::AiModel => "flow.ai_model",
            FlowKind::Email => "flow.email",
            FlowKind::Log => "flow.log",
            FlowKind::StorageWrite => "flow.storage_write",
            FlowKind::StorageRead => "flow.storage_read",
            FlowKind::StorageDelete => "flow.storage_delete",
            FlowKind::FileUpload => "flow.file_upload",
            FlowKind::BrowserStorage => "flow.browser_storage",
            FlowKind::AccessCheck => "flow.access_check",
        },
    )
}

fn decision(lang: Lang, row: &FlowRow) -> &'static str {
    match row.decision.map(|d| text_of(d, "decision")) {
        Some("confirmed") => t(lang, "findings.confirmed"),
        Some("dismissed") => t(lang, "findings.dismissed"),
        _ => t(lang, "findings.to_review"),
    }
}

/// The flow of row `at` in full: where, service, a missing access check, evidence, note.
pub fn detail_lines(model: &Model, w: &Work, at: usize) -> (String, Vec<Line<'static>>) {
    let lang = model.lang;
    let words = w.session.words(lang);
    let rows = w.flow_rows();
    let Some(row) = rows.get(at) else {
        return (String::new(), Vec::new());
    };
    let flow = row.flow;
    let mut detail = vec![Line::from(vec![
        Span::styled(format!("{} ", t(lang, "flows.where")), bold()),
        Span::raw(flow.source.clone()),
        Span::raw(flow.route.as_ref().map_or(String::new(), |r| {
            format!("  ({} {r})", t(lang, "flows.route"))
        })),
    ])];
    if let Some(s) = &flow.service {
        detail.push(Line::from(format!(
            "{} {} · {} · {}",
            t(lang, "flows.service"),
            s.name,
            s.vendor,
            words.country(&s.country)
        )));
    }
    if flow.missing {
        detail.push(Line::styled(
            t(lang, "flows.no_check"),
            fg(model, Color::Yellow),
        ));
    }
    detail.push(Line::from(vec![
        Span::styled(format!("{} ", t(lang, "findings.evidence")), bold()),
        Span::raw(dpia::scan::evidence_words::flow_evidence(flow, lang)),
    ]));
    if let Some(note) = row
        .decision
        .map(|d| text_of(d, "note"))
        .filter(|n| !n.is_empty())
    {
        detail.push(Line::from(format!("{} {note}", t(lang, "findings.note"))));
    }
    (flow.target.clone(), detail)
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let words = w.session.words(lang);
    let rows = w.flow_rows();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(t(lang, "flows.none"))
                .wrap(Wrap { trim: true })
                .block(boxed(t(lang, "flows.title_none"))),
            area,
        );
        return;
    }
    let at = w.flows_row.min(rows.len() - 1);
    let data = |f: &Flow| -> String {
        f.data
            .iter()
            .map(|c| words.phrase(&format!("category.{}", c.as_str())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let country = |f: &Flow| {
        f.service
            .as_ref()
            .map_or(String::new(), |s| words.country(&s.country))
    };
    let (target, detail) = detail_lines(model, w, at);
    let wanted = super::wrapped_height(&detail, area.width.saturating_sub(2)) + 2;
    let [table_area, detail_area] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(wanted.clamp(4, (area.height / 3).max(4))),
    ])
    .areas(area);
    let wide = table_area.width >= 120;
    let lines = rows.iter().map(|r| {
        let f = r.flow;
        let style = match r.decision.map(|d| text_of(d, "decision")) {
            Some("dismissed") => dim(model),
            None => fg(model, Color::Yellow),
            _ => Style::default(),
        };
        let mut cells = vec![
            Cell::from(kind_name(lang, f.kind)),
            Cell::from(f.target.clone()),
            Cell::from(f.service.as_ref().map_or(String::new(), |s| s.name.clone())),
        ];
        if wide {
            cells.push(Cell::from(country(f)));
        }
        cells.push(Cell::from(data(f)));
        if wide {
            cells.push(Cell::from(
                f.source.rsplit('/').next().unwrap_or(&f.source).to_string(),
            ));
        }
        cells.push(Cell::from(decision(lang, r)));
        Row::new(cells).style(style)
    });
    let mut widths = vec![
        Constraint::Length(16),
        Constraint::Fill(2),
        Constraint::Fill(2),
    ];
    let mut header = vec![
        t(lang, "flows.kind"),
        t(lang, "flows.target"),
        t(lang, "flows.service_col"),
    ];
    if wide {
        widths.push(Constraint::Length(16));
        header.push(t(lang, "flows.country"));
    }
    widths.push(Constraint::Fill(3));
    header.push(t(lang, "flows.data"));
    if wide {
        widths.push(Constraint::Fill(2));
        header.push(t(lang, "flows.where_col"));
    }
    widths.push(Constraint::Length(12));
    header.push(t(lang, "findings.decision"));
    let decided = rows.iter().filter(|r| r.decision.is_some()).count();
    let title = tf(
        lang,
        "flows.title",
        &[("decided", &decided), ("n", &rows.len())],
    );
    let visible = usize::from(table_area.height.saturating_sub(3));
    let (offset, above, below) = table_window(rows.len(), visible, at);
    let table = Table::new(lines, widths)
        .header(Row::new(header).style(bold()))
        .row_highlight_style(highlight())
        .highlight_symbol("▶ ")
        .block(marked(boxed(&title), lang, above, below, dim(model)));
    let mut state = TableState::default()
        .with_offset(offset)
        .with_selected(Some(at));
    frame.render_stateful_widget(table, table_area, &mut state);
    super::scroll::text(
        frame,
        detail_area,
        detail,
        Some(boxed(&target)),
        super::scroll::Show::Offset(0),
        lang,
        dim(model),
    );
}
