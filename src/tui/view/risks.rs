//! The risks: the 4x4 severity x likelihood map (CNIL levels) with every risk before and
//! after measures, and the measures that reduce each risk.

use super::{bold, boxed, dim, fg, shown};
use crate::tui::model::{tr, Lang, Model, Work};
use dpia::assessment::risk::Level;
use dpia::questionnaire::AnswerValue;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

fn level_style(model: &Model, level: Option<Level>) -> Style {
    if !model.colour {
        return Style::default();
    }
    let bg = match level {
        Some(Level::Low) => Color::Green,
        Some(Level::Moderate) => Color::Yellow,
        Some(Level::High) => Color::LightRed,
        Some(Level::VeryHigh) | None => Color::Red,
    };
    Style::default().bg(bg).fg(Color::Black)
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let risks = &w.session.evaluation.risks;
    let [map_area, list_area] = if area.width >= 100 {
        Layout::horizontal([Constraint::Length(56), Constraint::Min(20)]).areas(area)
    } else {
        Layout::vertical([Constraint::Length(14), Constraint::Min(3)]).areas(area)
    };
    if risks.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, "No risks recorded yet: answer the questionnaire's risks section (tab 2).", "Noch keine Risiken erfasst: beantworten Sie den Abschnitt Risiken im Fragebogen (Tab 2)."))
                .wrap(Wrap { trim: true })
                .block(boxed(tr(lang, "Risk map", "Risikomatrix"))),
            area,
        );
        return;
    }
    // The grid: severity 4 at the top, likelihood 1 at the left; cell text "R1 →R2".
    let cell_w = 10usize;
    let mut lines = vec![Line::styled(
        tr(
            lang,
            "Severity ↑ (R1 before measures, [R1] after)",
            "Schwere ↑ (R1 vor, [R1] nach den Maßnahmen)",
        ),
        bold(),
    )];
    for s in (1..=4i64).rev() {
        let mut spans = vec![Span::raw(format!("{s} "))];
        for l in 1..=4i64 {
            let mut text = String::new();
            for (i, r) in risks.iter().enumerate() {
                if r.severity == Some(s) && r.likelihood == Some(l) {
                    text.push_str(&format!("R{} ", i + 1));
                }
                if r.residual_severity == Some(s) && r.residual_likelihood == Some(l) {
                    text.push_str(&format!("[R{}]", i + 1));
                }
            }
            let mut t: String = text.chars().take(cell_w - 1).collect();
            while t.chars().count() < cell_w - 1 {
                t.push(' ');
            }
            spans.push(Span::styled(
                format!("{t} "),
                level_style(model, Level::of(s, l)),
            ));
        }
        lines.push(Line::from(spans));
        lines.push(Line::from(""));
    }
    lines.pop();
    lines.push(Line::from(format!(
        "  {:<10}{:<10}{:<10}{:<10}",
        "1", "2", "3", "4"
    )));
    lines.push(Line::styled(
        format!(
            "  {}",
            tr(lang, "Likelihood →", "Eintrittswahrscheinlichkeit →")
        ),
        bold(),
    ));
    let names = if lang == Lang::De {
        "1 vernachlässigbar · 2 begrenzt · 3 erheblich · 4 maximal"
    } else {
        "1 negligible · 2 limited · 3 significant · 4 maximum"
    };
    lines.push(Line::styled(names, dim(model)));
    frame.render_widget(
        Paragraph::new(lines).block(boxed(tr(lang, "Risk map (CNIL)", "Risikomatrix (CNIL)"))),
        map_area,
    );

    let measures = match w.session.answers.get("measures.list") {
        Some(AnswerValue::Group(items)) => items.clone(),
        _ => Vec::new(),
    };
    let level = |l: Option<Level>| match l {
        Some(l) => l.as_str().replace('_', " "),
        None => tr(lang, "not assessed", "nicht bewertet").to_string(),
    };
    let mut lines = Vec::new();
    for (i, r) in risks.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("R{} {}", i + 1, shown(&r.title)), bold()),
            Span::raw(format!("  {} → ", level(r.level))),
            Span::styled(
                level(r.residual_level),
                level_style(model, r.residual_or_inherent()),
            ),
        ]));
        let mut any = false;
        for m in &measures {
            let text = |k: &str| match m.get(k) {
                Some(AnswerValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            if text("risks")
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(r.title.trim()))
            {
                any = true;
                let due = shown(&text("due"));
                let due = if due.is_empty() {
                    String::new()
                } else {
                    format!(", {} {due}", tr(lang, "due", "bis"))
                };
                lines.push(Line::from(format!(
                    "   • {} ({}{due})",
                    shown(&text("measure")),
                    shown(&text("owner"))
                )));
            }
        }
        if !any {
            lines.push(Line::styled(
                format!(
                    "   {}",
                    tr(
                        lang,
                        "no measure linked to this risk",
                        "keine Maßnahme mit diesem Risiko verknüpft"
                    )
                ),
                fg(model, Color::Yellow),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((w.scroll, 0))
            .block(boxed(tr(
                lang,
                "Risks and their measures",
                "Risiken und ihre Maßnahmen",
            ))),
        list_area,
    );
}
