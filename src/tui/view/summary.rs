//! The evaluation at a glance and the sign-off: screening outcome, transfers, Art. 28 gaps,
//! residual risk, Art. 36, the issues to act on, and everything still missing (the same
//! list the sign-off check reads); the last signature's verification. Scrolls.

use super::audit::verification_lines;
use super::scroll::{self, Show};
use super::{bold, boxed, dim, fg};
use crate::tui::model::{Model, Work};
use crate::tui::strings::{t, tf};
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let e = &w.session.evaluation;
    let words = w.session.words(lang);
    let warn = fg(model, Color::Yellow);
    let mut lines = Vec::new();
    if let Some(v) = &w.verification {
        lines.extend(verification_lines(model, v));
        lines.push(Line::default());
    }
    let outcome = words.phrase(&format!("outcome.{}", e.screening.outcome.code()));
    lines.push(Line::from(format!(
        "{} {outcome}",
        t(lang, "summary.screening")
    )));
    for r in &e.screening.reasons {
        lines.push(Line::from(format!("  · {}", words.finding(r))));
    }
    let risk = e
        .overall_residual_risk
        .map_or(t(lang, "summary.not_assessed").to_string(), |l| {
            words.level(l)
        });
    lines.push(Line::from(format!(
        "{} {risk}",
        t(lang, "summary.residual_risk")
    )));
    let art36 = format!(
        "{}{} {}",
        words.phrase("frame.art36"),
        words.phrase("punct.colon"),
        words.phrase(&format!(
            "art36.status.{}",
            dpia::assessment::art36_code(e.art36_status)
        ))
    );
    lines.push(if e.art36_consultation_required {
        Line::styled(art36.to_uppercase(), fg(model, Color::Red).patch(bold()))
    } else {
        Line::from(art36)
    });
    for r in &e.art36_reasons {
        lines.push(Line::from(format!("  · {}", words.finding(r))));
    }
    let open: Vec<_> = e
        .transfers
        .iter()
        .filter(|t| !t.verdict.covered())
        .collect();
    lines.push(Line::from(tf(
        lang,
        "summary.transfers",
        &[("n", &e.transfers.len()), ("open", &open.len())],
    )));
    for tr in &open {
        lines.push(Line::styled(
            format!(
                "  ! {} · {}: {}",
                tr.component,
                words.country(&tr.location),
                words.finding(&tr.reason)
            ),
            warn,
        ));
    }
    lines.push(Line::from(tf(
        lang,
        "summary.art28",
        &[("n", &e.processor_gaps.len())],
    )));
    for g in &e.processor_gaps {
        lines.push(Line::styled(
            format!(
                "  ! {}{} {}",
                g.processor,
                words.phrase("punct.colon"),
                words.findings(&g.missing).join(&words.list_separator())
            ),
            warn,
        ));
    }
    if !e.issues.is_empty() {
        lines.push(Line::from(tf(
            lang,
            "summary.issues",
            &[("n", &e.issues.len())],
        )));
        for i in &e.issues {
            lines.push(Line::styled(format!("  ! {}", words.finding(i)), warn));
        }
    }
    lines.push(Line::default());
    if w.signed {
        lines.push(Line::styled(
            t(lang, "summary.signed"),
            fg(model, Color::Green).patch(bold()),
        ));
        lines.push(Line::styled(t(lang, "summary.revise_hint"), dim(model)));
    } else if e.missing.is_empty() {
        lines.push(Line::styled(
            t(lang, "summary.complete"),
            fg(model, Color::Green).patch(bold()),
        ));
    } else {
        lines.push(Line::styled(
            tf(lang, "summary.missing", &[("n", &e.missing.len())]),
            warn.patch(bold()),
        ));
        for m in &e.missing {
            lines.push(Line::from(format!("  · {}", words.finding(&m.finding))));
        }
    }
    let limit = scroll::text(
        frame,
        area,
        lines,
        Some(boxed(t(lang, "summary.title"))),
        Show::Offset(w.scroll),
        lang,
        dim(model),
    );
    w.scroll_limit.set(limit);
}
