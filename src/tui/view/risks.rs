//! The risks: the map (`riskmap.rs`) with every risk before and after measures, and the list
//! of risks with their levels (in the UI's language) and the measures that reduce each.
//! The map takes more room on larger terminals; the list scrolls.

use super::riskmap::{self, short};
use super::scroll::{self, Show};
use super::{bold, boxed, dim, fg};
use crate::tui::model::{Model, Work};
use crate::tui::strings::t;
use dpia::questionnaire::AnswerValue;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let words = w.session.words(lang);
    let risks = &w.session.evaluation.risks;
    if risks.is_empty() {
        frame.render_widget(
            Paragraph::new(t(lang, "risks.none"))
                .wrap(Wrap { trim: true })
                .block(boxed(t(lang, "risks.map_title"))),
            area,
        );
        return;
    }
    // Side by side from 100 columns (the map up to half the width), else the map on top.
    let [map_area, list_area] = if area.width >= 100 {
        let map_w = (area.width / 2).clamp(50, 90);
        Layout::horizontal([Constraint::Length(map_w), Constraint::Min(20)]).areas(area)
    } else {
        let map_h = (area.height * 3 / 5).clamp(9, 24);
        Layout::vertical([Constraint::Length(map_h), Constraint::Min(3)]).areas(area)
    };
    riskmap::draw(
        frame,
        model,
        risks,
        map_area,
        boxed(t(lang, "risks.map_title")),
    );

    let measures: &[crate::tui::editor::Item] = match w.session.answers.get("measures.list") {
        Some(AnswerValue::Group(items)) => items,
        _ => &[],
    };
    let level = |l: Option<dpia::assessment::risk::Level>| match l {
        Some(l) => words.level(l),
        None => t(lang, "risks.not_assessed").to_string(),
    };
    let mut lines = Vec::new();
    for (i, r) in risks.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{} {}", short(i, r), r.title), bold()),
            Span::raw(format!(
                "  {} → {}",
                level(r.level),
                level(r.residual_level)
            )),
        ]));
        let mut any = false;
        for m in measures {
            let text = |k: &str| match m.get(k) {
                Some(AnswerValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            if r.measures.contains(&text("measure")) {
                any = true;
                let due = text("due");
                let due = if due.is_empty() {
                    String::new()
                } else {
                    format!(", {} {due}", t(lang, "risks.due"))
                };
                lines.push(Line::from(format!(
                    "   • {} ({}{due})",
                    text("measure"),
                    text("owner")
                )));
            }
        }
        if !any {
            lines.push(Line::styled(
                format!("   {}", t(lang, "risks.no_measure")),
                fg(model, Color::Yellow),
            ));
        }
    }
    let limit = scroll::text(
        frame,
        list_area,
        lines,
        Some(boxed(t(lang, "risks.list_title"))),
        Show::Offset(w.scroll),
        lang,
        dim(model),
    );
    w.scroll_limit.set(limit);
}
