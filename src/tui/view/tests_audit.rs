//! The auditor's summary on the audit screen (issue 18), drawn into a TestBackend: per
//! assessment title, status (changed after signing included), versions, review date with
//! overdue marked, drift, each signer with the certificate's subject and fingerprint; the
//! summary scrolls; French words; the effect builds it from a real record, read-only.

use super::tests::{key, screen};
use crate::tui::message::Message;
use crate::tui::model::{Lang, Model, Screen};
use crate::tui::test_support::dashboard;
use crate::tui::update::update;
use crossterm::event::KeyCode;
use dpia::approval::audit_summary::{AssessmentEntry, AuditSummary, DriftEntry, SignatureEntry};
use dpia::drift::Severity;
use dpia::record::{AuditReport, SignedRef};
use dpia::signing::certs::CertificateSummary;

fn signature(number: u64) -> SignatureEntry {
    SignatureEntry {
        version: "ef".repeat(32),
        number,
        role: Some("dpo".into()),
        signed_at: "2025-10-01T10:00:00Z".into(),
        recorded_by: "Anna Muster".into(),
        certificate: Some(CertificateSummary {
            common_name: "Anna Muster (DPO)".into(),
            subject: "CN=Anna Muster (DPO),O=Hausverwaltung".into(),
            fingerprint: "5C:6C:9F:9E".into(),
            not_before: "2025-09-01 00:00:00 UTC".into(),
            not_after: "2027-09-01 00:00:00 UTC".into(),
        }),
        pdf_sha256: "ab".repeat(32),
    }
}

fn entry(n: u8, title: &str, status: &str) -> AssessmentEntry {
    AssessmentEntry {
        id: format!("{n:0>64}"),
        title: title.into(),
        status: status.into(),
        versions: 3,
        current_version: "cd".repeat(32),
        review_due: None,
        review_overdue: false,
        changed_after_signing: None,
        drift: None,
        signatures: Vec::new(),
    }
}

fn summary() -> AuditSummary {
    let mut damage = entry(1, "Damage reports", "signed");
    damage.review_due = Some("2026-10-01".into());
    damage.review_overdue = true;
    damage.drift = Some(DriftEntry {
        checked_at: "2026-11-24T09:00:00Z".into(),
        worst: Severity::High,
        items: 3,
    });
    damage.signatures = vec![signature(2)];
    let mut payroll = entry(2, "Payroll export", "changed_after_signing");
    payroll.changed_after_signing = Some(SignedRef {
        version: serde_json::from_value(serde_json::json!("ef".repeat(32))).expect("id"),
        number: 2,
        signed_at: "2026-03-01T10:00:00Z".into(),
    });
    payroll.signatures = vec![signature(2)];
    AuditSummary {
        today: "2026-11-25".into(),
        record_head: None,
        chain: AuditReport {
            breaks: Vec::new(),
            assessments: 3,
            versions: 9,
            scans: 3,
            signed_versions: 2,
            events: 20,
        },
        assessments: vec![damage, payroll, entry(3, "Visitor log", "draft")],
        pdfs: Vec::new(),
    }
}

fn audit_screen() -> Model {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('a'));
    update(&mut m, Message::Audited(Ok(Box::new(summary()))));
    m
}

#[test]
fn the_audit_screen_shows_the_auditors_summary() {
    let m = audit_screen();
    let s = screen(&m, 120, 40);
    for part in [
        "Every hash chain and the event log are intact.",
        "Damage reports",
        "signed · 3 version(s) · review due 2026-10-01 overdue",
        "drift: the check at 2026-11-24T09:00:00Z found 3 item(s), worst high",
        "version #2 signed as DPO at 2025-10-01T10:00:00Z (recorded by Anna Muster)",
        "certificate CN=Anna Muster (DPO),O=Hausverwaltung",
        "SHA-256 5C:6C:9F:9E",
        "valid 2025-09-01 00:00:00 UTC to 2027-09-01 00:00:00 UTC",
        "Payroll export",
        "changed after signing · 3 version(s)",
        "changed after signing: version #2 was signed at 2026-03-01T10:00:00Z",
        "Visitor log",
        "not signed",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}

#[test]
fn the_summary_scrolls_on_a_small_terminal() {
    let mut m = audit_screen();
    let before = screen(&m, 80, 24);
    assert!(!before.contains("Visitor log"), "{before}");
    for _ in 0..30 {
        key(&mut m, KeyCode::Down);
    }
    let after = screen(&m, 80, 24);
    assert!(after.contains("Visitor log"), "{after}");
    let Screen::Audit(a) = &m.screen else {
        panic!("not on the audit screen")
    };
    // Scrolling stops where the last line shows.
    assert!(a.scroll <= a.scroll_limit.get() && a.scroll > 0);
}

#[test]
fn the_summary_speaks_french() {
    let mut m = audit_screen();
    m.lang = Lang::Fr;
    let s = screen(&m, 120, 40);
    for part in [
        "signée en tant que DPD",
        "modifiée après validation",
        "le plus grave\u{a0}: élevé",
        "non signée",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}
