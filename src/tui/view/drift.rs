//! The drift list (issue 15): what the last `dpia check` after the signature found, each item
//! with what changed, where (`path:line`), why it matters and the question it affects, in the
//! words `dpia check` prints; the chosen item marked. Without the tool the list says why it
//! cannot show the items and what the record knows (when, how many, the worst).

use super::{bold, dim, fg, highlight};
use crate::tui::model::{DriftList, Model, Work};
use crate::tui::strings::{t, tf};
use dpia::drift::Severity;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use std::ops::Range;

fn severity_colour(s: Severity) -> Color {
    match s {
        Severity::High => Color::Red,
        Severity::Review => Color::Yellow,
        Severity::Info => Color::Blue,
    }
}

/// The popup's lines and the chosen item's rows (to keep them in view).
pub fn lines(
    model: &Model,
    w: &Work,
    list: &DriftList,
    row: usize,
) -> (Vec<Line<'static>>, Range<usize>) {
    let lang = model.lang;
    let words = w.session.words(lang);
    let severity = |s: Severity| words.phrase(&format!("drift.severity.{}", s.code()));
    let check = &list.check;
    let mut lines = vec![Line::styled(
        tf(
            lang,
            "drift.summary",
            &[
                ("date", &words.date(check.at.get(..10).unwrap_or(&check.at))),
                ("n", &check.note.items),
                ("worst", &check.note.worst.map(severity).unwrap_or_default()),
                ("version", &list.signed_number),
            ],
        ),
        bold(),
    )];
    let items = match &list.items {
        Ok(items) => items,
        Err(why) => {
            lines.push(Line::styled(
                format!("! {}", super::shown(why)),
                fg(model, Color::Red),
            ));
            lines.push(Line::from(t(lang, "drift.cannot_list")));
            lines.push(Line::styled(t(lang, "drift.hint_closed"), dim(model)));
            return (lines, 0..1);
        }
    };
    if list.changed_since_check {
        lines.push(Line::styled(
            t(lang, "drift.changed_since"),
            fg(model, Color::Yellow),
        ));
    }
    if items.is_empty() {
        lines.push(Line::from(t(lang, "drift.none_today")));
    }
    // French puts a no-break space before the colon.
    let colon = if lang == crate::tui::model::Lang::Fr {
        "\u{a0}:"
    } else {
        ":"
    };
    let label = |key: &str| format!("    {}{colon} ", words.phrase(key));
    let mut focus = 0..1;
    for (i, item) in items.iter().enumerate() {
        lines.push(Line::default());
        let start = lines.len();
        let chosen = i == row;
        let mut head = vec![
            Span::raw(if chosen { "▶ " } else { "  " }),
            Span::styled(
                format!("[{}]", severity(item.severity)),
                fg(model, severity_colour(item.severity)),
            ),
            Span::raw(" "),
            Span::raw(super::shown(&words.finding(&item.finding))),
        ];
        if chosen {
            head = head
                .into_iter()
                .map(|s| s.patch_style(highlight()))
                .collect();
        }
        lines.push(Line::from(head));
        if let Some(location) = &item.location {
            lines.push(Line::from(format!(
                "{}{}",
                label("frame.drift_where"),
                super::shown(location)
            )));
        }
        lines.push(Line::from(format!(
            "{}{}",
            label("frame.drift_why"),
            dpia::drift::text::why(&words, item)
        )));
        let shown_question = w.shows_question(&item.question);
        lines.push(Line::from(if shown_question {
            format!(
                "{}{}: {}",
                label("frame.drift_question"),
                item.question,
                words.question(&item.question)
            )
        } else {
            format!(
                "{}{}",
                label("frame.drift_question"),
                t(lang, "drift.no_question")
            )
        }));
        if chosen {
            focus = start..lines.len();
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(t(lang, "drift.hint"), dim(model)));
    (lines, focus)
}
