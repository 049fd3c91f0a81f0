//! The audit screen: the auditor's summary of the record (`audit_summary.rs`), scrolled,
//! and the verification of a PDF file.

use super::new::input_line;
use super::{bold, boxed, dim, fg, scroll};
use crate::tui::message::Verified;
use crate::tui::model::{AuditScreen, Model};
use crate::tui::strings::t;
use dpia::approval::{RecordCheck, RecordMatch, Verdict};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The lines that describe a verified PDF.
pub fn verification_lines(model: &Model, v: &Verified) -> Vec<Line<'static>> {
    let lang = model.lang;
    let (path, checked) = (&v.path, &v.checked);
    let verdict = checked.outcome.verdict;
    let colour = match verdict {
        Verdict::Valid => Color::Green,
        Verdict::Unverified | Verdict::Indeterminate => Color::Yellow,
        Verdict::Invalid | Verdict::NotSigned => Color::Red,
    };
    let mut lines = vec![Line::styled(
        format!("{}: {}", path.display(), verdict.label()),
        fg(model, colour).patch(bold()),
    )];
    let yes = |b: bool| {
        if b {
            t(lang, "audit.yes")
        } else {
            t(lang, "audit.no")
        }
    };
    let matches: &[RecordMatch] = match &checked.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    for (i, check) in checked.verification.signatures.iter().enumerate() {
        if let Some(s) = &check.signer {
            lines.push(Line::from(format!(
                "{} {} ({})",
                t(lang, "audit.signer"),
                s.common_name,
                check.field
            )));
            lines.push(Line::from(format!(
                "{} {}",
                t(lang, "audit.certificate_sha_256"),
                s.fingerprint
            )));
        }
        if let Some(at) = check.signing_time() {
            let source = if check.time_is_stamped() {
                t(lang, "audit.time_stamped")
            } else {
                t(lang, "audit.the_signer_s_claim")
            };
            lines.push(Line::from(format!(
                "{} {} ({source})",
                t(lang, "audit.signed_at"),
                dpia::signing::certs::iso(at)
            )));
        }
        lines.push(Line::from(format!(
            "{} {} · {} {}",
            t(lang, "audit.intact"),
            yes(check.signature_intact),
            t(lang, "audit.covers_the_whole_file"),
            yes(check.covers_whole_file)
        )));
        match matches.get(i) {
            Some(RecordMatch::Recorded { number, newer, .. }) => lines.push(Line::from(format!(
                "{} #{number}{}",
                t(lang, "audit.record_matches_signed_version"),
                match newer {
                    None => String::new(),
                    Some(n) => format!(" ({} #{n})", t(lang, "audit.no_longer_current_newer")),
                }
            ))),
            Some(m) if m.contradicts() => lines.push(Line::styled(
                t(lang, "audit.record_this_file_differs"),
                fg(model, Color::Red),
            )),
            Some(RecordMatch::UnknownAssessment { .. }) => {
                lines.push(Line::from(t(lang, "audit.record_assessment_not_in")))
            }
            Some(RecordMatch::NotSignedInRecord { .. }) => {
                lines.push(Line::from(t(lang, "audit.record_no_signature_recorded")))
            }
            _ => {}
        }
    }
    for r in &checked.outcome.reasons {
        lines.push(Line::styled(format!("  - {r}"), fg(model, colour)));
    }
    lines
}

pub fn draw(frame: &mut Frame, model: &Model, a: &AuditScreen, area: Rect) {
    let lang = model.lang;
    let lines = match &a.report {
        None => vec![Line::from(t(lang, "audit.running_the_audit"))],
        Some(summary) => super::audit_summary::lines(model, summary),
    };
    // The verification takes what its lines need (up to half) once a PDF was verified, a
    // few rows before; the summary gets the rest and scrolls.
    let mut verify = vec![
        input_line(t(lang, "audit.pdf_file"), &a.path, a.editing),
        Line::default(),
    ];
    if !a.editing && a.path.text.is_empty() {
        verify.push(Line::from(t(lang, "audit.verify_hint")));
    }
    if let Some(v) = &a.verification {
        verify.extend(verification_lines(model, v));
    }
    let wanted = super::wrapped_height(&verify, area.width.saturating_sub(2)) + 2;
    let [top, bottom] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(wanted.min(area.height / 2).max(3)),
    ])
    .areas(area);
    let limit = scroll::text(
        frame,
        top,
        lines,
        Some(boxed(t(lang, "audit.audit_of_the_record"))),
        scroll::Show::Offset(a.scroll),
        lang,
        dim(model),
    );
    a.scroll_limit.set(limit);
    frame.render_widget(
        Paragraph::new(verify)
            .wrap(Wrap { trim: false })
            .block(boxed(t(lang, "audit.verify_a_signed_pdf"))),
        bottom,
    );
}
