//! The audit of the record and the verification of a PDF file.

use super::new::input_line;
use super::{bold, boxed, fg, shown};
use crate::tui::message::Verified;
use crate::tui::model::{tr, AuditScreen, Lang, Model};
use dpia::approval::RecordMatch;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The lines that describe a verified PDF.
pub fn verification_lines(model: &Model, v: &Verified) -> Vec<Line<'static>> {
    let lang = model.lang;
    let (path, check, record) = v;
    let contradicted = record.as_ref().is_some_and(RecordMatch::contradicts);
    let valid = check.is_valid() && !contradicted;
    let mut lines = vec![Line::styled(
        format!(
            "{}: {}",
            shown(&path.display().to_string()),
            if valid { "VALID" } else { "INVALID" }
        ),
        if valid {
            fg(model, Color::Green)
        } else {
            fg(model, Color::Red)
        }
        .patch(bold()),
    )];
    if let Some(s) = &check.signer {
        lines.push(Line::from(format!(
            "{} {}",
            tr(lang, "signer:", "Unterzeichner:"),
            shown(&s.common_name)
        )));
        lines.push(Line::from(format!(
            "{} {}",
            tr(lang, "certificate SHA-256:", "Zertifikat SHA-256:"),
            s.fingerprint
        )));
    }
    if let Some(at) = check.signed_at {
        lines.push(Line::from(format!(
            "{} {}",
            tr(lang, "signed at:", "signiert am:"),
            dpia::signing::certs::iso(at)
        )));
    }
    let yes = |b: bool| {
        if b {
            tr(lang, "yes", "ja")
        } else {
            tr(lang, "no", "nein")
        }
    };
    lines.push(Line::from(format!(
        "{} {} · {} {}",
        tr(lang, "intact:", "unverändert:"),
        yes(check.signature_intact),
        tr(lang, "covers the whole file:", "deckt die ganze Datei ab:"),
        yes(check.covers_whole_file)
    )));
    match record {
        Some(RecordMatch::Recorded { number, .. }) => lines.push(Line::from(format!(
            "{} #{number}",
            tr(
                lang,
                "record: matches signed version",
                "Verzeichnis: entspricht signierter Version"
            )
        ))),
        Some(RecordMatch::HashMismatch { .. }) | Some(RecordMatch::CertificateMismatch { .. }) => {
            lines.push(Line::styled(
                tr(
                    lang,
                    "record: this file differs from the signed version recorded",
                    "Verzeichnis: diese Datei weicht von der erfassten signierten Version ab",
                ),
                fg(model, Color::Red),
            ))
        }
        Some(RecordMatch::UnknownAssessment { .. }) => lines.push(Line::from(tr(
            lang,
            "record: assessment not in this record",
            "Verzeichnis: Bewertung nicht in diesem Verzeichnis",
        ))),
        Some(RecordMatch::NotSignedInRecord { .. }) => lines.push(Line::from(tr(
            lang,
            "record: no signature recorded for this assessment (signed outside dpia)",
            "Verzeichnis: keine Signatur für diese Bewertung erfasst (außerhalb von dpia signiert)",
        ))),
        Some(RecordMatch::NotAReport) | None => {}
    }
    for p in &check.problems {
        lines.push(Line::styled(
            format!("  - {}", shown(&p.to_string())),
            fg(model, Color::Red),
        ));
    }
    lines
}

pub fn draw(frame: &mut Frame, model: &Model, a: &AuditScreen, area: Rect) {
    let lang = model.lang;
    let mut lines = Vec::new();
    match &a.report {
        None => lines.push(Line::from(tr(lang, "running the audit…", "Audit läuft…"))),
        Some(r) => {
            lines.push(Line::from(format!(
                "{} {} · {} {} ({} {}) · {} {}",
                r.assessments,
                tr(lang, "assessments", "Bewertungen"),
                r.versions,
                tr(lang, "versions", "Versionen"),
                r.signed_versions,
                tr(lang, "signed", "signiert"),
                r.events,
                tr(lang, "events", "Ereignisse"),
            )));
            if r.breaks.is_empty() {
                lines.push(Line::styled(
                    tr(
                        lang,
                        "Every hash chain and the event log are intact.",
                        "Alle Hash-Ketten und das Ereignisprotokoll sind unversehrt.",
                    ),
                    fg(model, Color::Green).patch(bold()),
                ));
            }
            for b in &r.breaks {
                let place = [
                    b.assessment.as_deref().map(|s| {
                        format!(
                            "{} {}",
                            tr(lang, "assessment", "Bewertung"),
                            &s[..s.len().min(12)]
                        )
                    }),
                    b.version.as_deref().map(|s| {
                        format!(
                            "{} {}",
                            tr(lang, "version", "Version"),
                            &s[..s.len().min(12)]
                        )
                    }),
                    b.event
                        .map(|e| format!("{} {e}", tr(lang, "event", "Ereignis"))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                lines.push(Line::styled(
                    format!("✗ {place}: {}", shown(&b.what.to_string())),
                    fg(model, Color::Red),
                ));
            }
        }
    }
    // The audit takes what its lines need (up to half); the verification gets the rest.
    let wanted = super::wrapped_height(&lines, area.width.saturating_sub(2)) + 2;
    let [top, bottom] = Layout::vertical([
        Constraint::Length(wanted.min(area.height / 2).max(3)),
        Constraint::Min(3),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(tr(
                lang,
                "Audit of the record",
                "Audit des Verzeichnisses",
            ))),
        top,
    );
    let mut lines = vec![
        input_line(tr(lang, "PDF file", "PDF-Datei"), &a.path, a.editing),
        Line::default(),
    ];
    if !a.editing && a.path.text.is_empty() {
        lines.push(Line::from(if lang == Lang::De {
            "v: Pfad eines signierten Berichts eingeben, Enter prüft."
        } else {
            "v: type the path of a signed report, Enter verifies it."
        }));
    }
    if let Some(v) = &a.verification {
        lines.extend(verification_lines(model, v));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(tr(
                lang,
                "Verify a signed PDF",
                "Signiertes PDF prüfen",
            ))),
        bottom,
    );
}
