//! The evaluation at a glance and the sign-off: screening outcome, transfers, Art. 28 gaps,
//! residual risk, Art. 36, what is missing; the last signature's verification.

use super::audit::verification_lines;
use super::{bold, boxed, fg, shown};
use crate::tui::model::{tr, Model, Work};
use dpia::assessment::{Outcome, TransferVerdict};
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let e = &w.session.evaluation;
    let mut lines = Vec::new();
    if let Some(v) = &w.verification {
        lines.extend(verification_lines(model, v));
        lines.push(Line::default());
    }
    let outcome = match e.screening.outcome {
        Outcome::Required => tr(lang, "DPIA required", "DSFA erforderlich"),
        Outcome::Recommended => tr(lang, "DPIA recommended", "DSFA empfohlen"),
        Outcome::NotRequired => tr(lang, "DPIA not required", "DSFA nicht erforderlich"),
        Outcome::Undetermined => tr(lang, "not yet determined", "noch nicht bestimmt"),
    };
    lines.push(Line::from(format!(
        "{} {outcome}",
        tr(lang, "Screening (Art. 35):", "Screening (Art. 35):")
    )));
    for r in e.screening.reasons.iter().take(4) {
        lines.push(Line::from(format!("  · {}", shown(r))));
    }
    let risk = e.overall_residual_risk.map_or(
        tr(lang, "not assessed", "nicht bewertet").to_string(),
        |l| l.as_str().replace('_', " "),
    );
    lines.push(Line::from(format!(
        "{} {risk}",
        tr(lang, "Overall residual risk:", "Gesamtes Restrisiko:")
    )));
    lines.push(if e.art36_consultation_required {
        Line::styled(
            tr(
                lang,
                "Prior consultation of the supervisory authority (Art. 36): REQUIRED",
                "Vorherige Konsultation der Aufsichtsbehörde (Art. 36): ERFORDERLICH",
            ),
            fg(model, Color::Red).patch(bold()),
        )
    } else {
        Line::from(tr(
            lang,
            "Prior consultation (Art. 36): not required",
            "Vorherige Konsultation (Art. 36): nicht erforderlich",
        ))
    });
    let open_transfers: Vec<_> = e
        .transfers
        .iter()
        .filter(|t| {
            matches!(
                t.verdict,
                TransferVerdict::NeedsTool | TransferVerdict::Unknown
            )
        })
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
                shown(&t.component),
                shown(&t.location),
                shown(&t.reason)
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
                shown(&g.processor),
                shown(&g.missing.join("; "))
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
            lines.push(Line::from(format!(
                "  · {}: {}",
                shown(&m.question),
                shown(&m.message)
            )));
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
