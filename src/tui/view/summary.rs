//! The evaluation at a glance and the sign-off: screening outcome, transfers, Art. 28 gaps,
//! residual risk, Art. 36, what is missing; the last signature's verification.

use super::audit::verification_lines;
use super::{bold, boxed, fg};
use crate::tui::model::{tr, Model, Work};
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let e = &w.session.evaluation;
    let words = w.session.words(lang.code());
    let mut lines = Vec::new();
    if let Some(v) = &w.verification {
        lines.extend(verification_lines(model, v));
        lines.push(Line::default());
    }
    let outcome = words.phrase(&format!("outcome.{}", e.screening.outcome.code()));
    lines.push(Line::from(format!(
        "{} {outcome}",
        tr(
            lang,
            "Screening (Art. 35):",
            "Schwellwertanalyse (Art. 35):"
        )
    )));
    for r in e.screening.reasons.iter().take(4) {
        lines.push(Line::from(format!("  · {}", words.finding(r))));
    }
    let risk = e.overall_residual_risk.map_or(
        tr(lang, "not assessed", "nicht bewertet").to_string(),
        |l| words.level(l),
    );
    lines.push(Line::from(format!(
        "{} {risk}",
        tr(lang, "Overall residual risk:", "Gesamtes Restrisiko:")
    )));
    let art36 = format!(
        "{}: {}",
        words.phrase("frame.art36"),
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
    for r in e.art36_reasons.iter().take(3) {
        lines.push(Line::from(format!("  · {}", words.finding(r))));
    }
    let open_transfers: Vec<_> = e
        .transfers
        .iter()
        .filter(|t| !t.verdict.covered())
        .collect();
    lines.push(Line::from(format!(
        "{} {} · {} {}",
        tr(lang, "Transfers:", "Übermittlungen:"),
        e.transfers.len(),
        tr(lang, "open:", "offen:"),
        open_transfers.len()
    )));
    for t in open_transfers.iter().take(3) {
        lines.push(Line::styled(
            format!(
                "  ! {} · {}: {}",
                t.component,
                words.country(&t.location),
                words.finding(&t.reason)
            ),
            fg(model, Color::Yellow),
        ));
    }
    lines.push(Line::from(format!(
        "{} {}",
        tr(lang, "Art. 28 gaps:", "Lücken nach Art. 28:"),
        e.processor_gaps.len()
    )));
    for g in e.processor_gaps.iter().take(3) {
        lines.push(Line::styled(
            format!(
                "  ! {}: {}",
                g.processor,
                words.findings(&g.missing).join("; ")
            ),
            fg(model, Color::Yellow),
        ));
    }
    lines.push(Line::default());
    if w.signed {
        lines.push(Line::styled(
            tr(lang, "Signed: the answers are final; the signed report and its hash are in the record.", "Signiert: die Antworten sind endgültig; der signierte Bericht und sein Hash stehen im Verzeichnis."),
            fg(model, Color::Green).patch(bold()),
        ));
    } else if e.missing.is_empty() {
        lines.push(Line::styled(
            tr(
                lang,
                "Complete: ready for sign-off. s signs, e exports a draft.",
                "Vollständig: bereit zur Freigabe. s signiert, e exportiert einen Entwurf.",
            ),
            fg(model, Color::Green).patch(bold()),
        ));
    } else {
        lines.push(Line::styled(
            format!(
                "{} {}",
                e.missing.len(),
                tr(
                    lang,
                    "items missing before sign-off (u on tab 2 jumps to the next):",
                    "Punkte fehlen vor der Freigabe (u in Tab 2 springt zum nächsten):"
                )
            ),
            fg(model, Color::Yellow).patch(bold()),
        ));
        for m in e.missing.iter().take(8) {
            lines.push(Line::from(format!("  · {}", words.finding(&m.finding))));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((w.scroll, 0))
            .block(boxed(tr(
                lang,
                "Evaluation and sign-off",
                "Bewertung und Freigabe",
            ))),
        area,
    );
}
