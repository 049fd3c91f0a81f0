//! An open assessment: the tab bar (with the progress, the save state from the evaluation
//! and a drift mark when the tool drifted since the signature), the tab's view, and a popup over it.

use super::{dim, fg, highlight};
use crate::tui::model::{Lang, Model, Tab, Work};
use crate::tui::strings::t;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};
use ratatui::Frame;

fn tab_title(lang: Lang, tab: Tab, short: bool) -> &'static str {
    let key = match (tab, short) {
        (Tab::Findings, _) => "tab.findings",
        (Tab::Questions, false) => "tab.questions",
        (Tab::Questions, true) => "tab.questions_short",
        (Tab::Risks, _) => "tab.risks",
        (Tab::Summary, false) => "tab.summary",
        (Tab::Summary, true) => "tab.summary_short",
    };
    t(lang, key)
}

/// The assessment's state: signed, read-only, not saved, else ready or draft as the record
/// settles it (ready when nothing is missing).
fn state(model: &Model, w: &Work) -> Span<'static> {
    let lang = model.lang;
    let (key, style) = if w.signed {
        ("state.signed", fg(model, Color::Green))
    } else if w.read_only {
        ("state.read_only", fg(model, Color::Yellow))
    } else if w.unsaved {
        (
            "state.not_saved",
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        )
    } else if w.session.evaluation.missing.is_empty() {
        ("state.ready", fg(model, Color::Green))
    } else {
        ("state.draft", dim(model))
    };
    Span::styled(t(lang, key).to_string(), style)
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let p = w.session.evaluation.progress;
    let short = area.width < 110;
    let titles: Vec<&str> = Tab::ALL
        .iter()
        .map(|t| tab_title(lang, *t, short))
        .collect();
    // The tabs take what they need ("1 Findings │ 2 …"); the state gets the rest, worded
    // shorter when room is tight.
    let tabs_width: usize = titles.iter().map(|t| t.chars().count() + 3).sum::<usize>() + 1;
    let room = usize::from(bar.width).saturating_sub(tabs_width);
    let mut right = vec![
        Span::raw(format!(
            "{}/{} {} · ",
            p.answered,
            p.required,
            t(lang, "state.answered")
        )),
        state(model, w),
    ];
    if w.saved > 0 && !w.unsaved && !w.signed {
        right.push(Span::styled(
            format!(" · {}", t(lang, "state.saved")),
            dim(model),
        ));
    }
    // The tool drifted since the signature: `D` shows what changed.
    let drift = w.drift.as_ref().map(|_| {
        Span::styled(
            format!(" · {}", t(lang, "state.drift")),
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        )
    });
    right.extend(drift.clone());
    if Line::from(right.clone()).width() > room {
        right = vec![
            Span::raw(format!("{}/{} · ", p.answered, p.required)),
            state(model, w),
        ];
        right.extend(drift);
    }
    // Still too wide: the mark alone.
    if w.drift.is_some() && Line::from(right.clone()).width() > room {
        right.pop();
        right.push(Span::styled(
            " ⚠ D",
            fg(model, Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    let right = Line::from(right);
    let width = u16::try_from(right.width().min(room)).unwrap_or(0);
    let [tabs_area, state_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(width)]).areas(bar);
    let selected = Tab::ALL.iter().position(|t| *t == w.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(highlight()),
        tabs_area,
    );
    frame.render_widget(Paragraph::new(right.right_aligned()), state_area);
    match w.tab {
        Tab::Findings => match w.pane {
            crate::tui::model::FindingsPane::Columns => {
                super::findings::draw(frame, model, w, body)
            }
            crate::tui::model::FindingsPane::Flows => super::flows::draw(frame, model, w, body),
        },
        Tab::Questions => super::questionnaire::draw(frame, model, w, body),
        Tab::Risks => super::risks::draw(frame, model, w, body),
        Tab::Summary => super::summary::draw(frame, model, w, body),
    }
    if let Some(popup) = &w.popup {
        super::popup::draw(frame, model, w, popup, area);
    }
}
