//! The auditor's summary on the audit screen (issue 18), the same summary `dpia audit
//! --report` prints (the library's `approval::audit_summary`): the record's hash chains,
//! then per assessment its title, status (changed after signing included), versions, review
//! date (overdue marked), drift from the last check, and each signature with its role, time,
//! who recorded it and the certificate's subject, fingerprint and validity. Read-only.

use super::{bold, dim, fg, shown, status_name};
use crate::tui::model::{Lang, Model};
use crate::tui::strings::{t, tf};
use dpia::approval::audit_summary::{AssessmentEntry, AuditSummary};
use dpia::record::Status;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};

/// A summary's status word (`changed_after_signing` included) in the UI's language.
fn status_word(lang: Lang, status: &str) -> String {
    match Status::parse(status) {
        Some(s) => status_name(lang, s).to_string(),
        None if status == "changed_after_signing" => t(lang, "record.changed").to_string(),
        None => status.replace('_', " "),
    }
}

/// The chain's line and its breaks.
fn chain_lines(model: &Model, s: &AuditSummary) -> Vec<Line<'static>> {
    let lang = model.lang;
    let r = &s.chain;
    let mut lines = vec![Line::from(format!(
        "{} {} · {} {} ({} {}) · {} {}",
        r.assessments,
        t(lang, "audit.assessments"),
        r.versions,
        t(lang, "audit.versions"),
        r.signed_versions,
        t(lang, "audit.signed"),
        r.events,
        t(lang, "audit.events"),
    ))];
    if r.breaks.is_empty() {
        lines.push(Line::styled(
            t(lang, "audit.every_hash_chain_and"),
            fg(model, Color::Green).patch(bold()),
        ));
    }
    for b in &r.breaks {
        let place = [
            b.assessment
                .as_deref()
                .map(|s| format!("{} {}", t(lang, "audit.assessment"), &s[..s.len().min(12)])),
            b.version
                .as_deref()
                .map(|s| format!("{} {}", t(lang, "audit.version"), &s[..s.len().min(12)])),
            b.event.map(|e| format!("{} {e}", t(lang, "audit.event"))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        lines.push(Line::styled(
            format!("✗ {place}: {}", b.what),
            fg(model, Color::Red),
        ));
    }
    lines
}

fn assessment_lines(model: &Model, a: &AssessmentEntry, out: &mut Vec<Line<'static>>) {
    let lang = model.lang;
    let words = dpia::assessment::Words::new(lang, None, None);
    let warn = fg(model, Color::Red).add_modifier(Modifier::BOLD);
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled(shown(&a.title), bold()),
        Span::styled(format!("  {}", a.id.get(..12).unwrap_or(&a.id)), dim(model)),
    ]));
    let mut facts = vec![
        Span::raw(format!(
            "  {} · {} {} · {} ",
            status_word(lang, &a.status),
            a.versions,
            t(lang, "audit.versions"),
            t(lang, "summary_audit.review_due"),
        )),
        Span::raw(a.review_due.clone().unwrap_or_else(|| "–".into())),
    ];
    if a.review_overdue {
        facts.push(Span::styled(
            format!(" {}", t(lang, "dashboard.overdue")),
            warn,
        ));
    }
    out.push(Line::from(facts));
    if let Some(c) = &a.changed_after_signing {
        out.push(Line::styled(
            format!(
                "  ⚠ {}",
                tf(
                    lang,
                    "summary_audit.changed",
                    &[("n", &c.number), ("at", &c.signed_at)]
                )
            ),
            fg(model, Color::Yellow),
        ));
    }
    if let Some(d) = &a.drift {
        out.push(Line::styled(
            format!(
                "  ⚠ {}",
                tf(
                    lang,
                    "summary_audit.drift",
                    &[
                        ("at", &d.checked_at),
                        ("n", &d.items),
                        (
                            "worst",
                            &words.phrase(&format!("drift.severity.{}", d.worst.code())),
                        ),
                    ]
                )
            ),
            warn,
        ));
    }
    if a.signatures.is_empty() {
        out.push(Line::from(format!(
            "  {}",
            t(lang, "summary_audit.not_signed")
        )));
    }
    for sig in &a.signatures {
        let role = match sig.role.as_deref() {
            Some("dpo") => t(lang, "summary_audit.role_dpo"),
            Some("controller") => t(lang, "summary_audit.role_controller"),
            _ => t(lang, "summary_audit.role_signer"),
        };
        out.push(Line::from(format!(
            "  {}",
            tf(
                lang,
                "summary_audit.signed",
                &[
                    ("n", &sig.number),
                    ("role", &role),
                    ("at", &sig.signed_at),
                    ("by", &shown(&sig.recorded_by)),
                ]
            )
        )));
        match &sig.certificate {
            Some(cert) => {
                out.push(Line::from(format!(
                    "    {} {}",
                    t(lang, "summary_audit.certificate"),
                    shown(&cert.subject)
                )));
                out.push(Line::styled(
                    format!("    SHA-256 {}", cert.fingerprint),
                    dim(model),
                ));
                out.push(Line::styled(
                    format!(
                        "    {}",
                        tf(
                            lang,
                            "summary_audit.valid",
                            &[("from", &cert.not_before), ("to", &cert.not_after)]
                        )
                    ),
                    dim(model),
                ));
            }
            None => out.push(Line::styled(
                format!("    {}", t(lang, "summary_audit.no_certificate")),
                fg(model, Color::Red),
            )),
        }
    }
}

/// The summary as lines.
pub fn lines(model: &Model, s: &AuditSummary) -> Vec<Line<'static>> {
    let mut out = chain_lines(model, s);
    for a in &s.assessments {
        assessment_lines(model, a, &mut out);
    }
    out
}
