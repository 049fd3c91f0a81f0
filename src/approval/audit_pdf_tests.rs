//! Tests of the audit summary's PDF: its wording per language, its keywords, its signature.
use super::*;
use crate::approval::audit_summary::AssessmentEntry;

fn summary() -> AuditSummary {
    AuditSummary {
        today: "2026-12-05".into(),
        chain: crate::record::AuditReport {
            assessments: 1,
            versions: 2,
            ..Default::default()
        },
        record_head: Some("ab".repeat(32)),
        assessments: vec![AssessmentEntry {
            id: "c".repeat(64),
            title: "Hamburg".into(),
            status: "changed_after_signing".into(),
            versions: 2,
            current_version: "d".repeat(64),
            review_due: Some("2026-07-15".into()),
            review_overdue: true,
            changed_after_signing: None,
            drift: Some(crate::approval::audit_summary::DriftEntry {
                checked_at: "2026-11-30T08:00:00Z".into(),
                worst: crate::drift::Severity::High,
                items: 3,
            }),
            signatures: Vec::new(),
        }],
        pdfs: Vec::new(),
    }
}

fn text(doc: &Document) -> String {
    format!("{:?}", doc.blocks)
}

#[test]
fn the_document_is_worded_in_the_chosen_language_and_names_itself_an_audit() {
    let s = summary();
    for (lang, status, overdue) in [
        (Lang::En, "changed after signing", "2026-07-15 (overdue)"),
        (
            Lang::De,
            "nach der Signatur geändert",
            "2026-07-15 (überfällig)",
        ),
        (
            Lang::Fr,
            "modifiée après la signature",
            "2026-07-15 (en retard)",
        ),
    ] {
        let w = AuditWords::builtin(lang).expect("wording");
        let doc = to_document(&s, "2026-12-05T10:00:00Z", &w, None);
        let all = text(&doc);
        assert!(all.contains(status), "{lang:?}: {all}");
        assert!(all.contains(overdue), "{lang:?}: {all}");
        assert!(all.contains(&w.unsigned), "{lang:?}");
        let drift = crate::approval::audit_wording::fill(
            &w.drift_text,
            &[
                ("at", "2026-11-30T08:00:00Z"),
                ("items", "3"),
                ("worst", "high"),
            ],
        );
        assert!(
            all.contains(&w.drift) && all.contains(&drift),
            "{lang:?}: {all}"
        );
        assert_eq!(doc.metadata.lang, lang);
        assert!(doc
            .metadata
            .keywords
            .contains(&"dpia-audit:2026-12-05T10:00:00Z".to_string()));
        assert!(doc
            .metadata
            .keywords
            .contains(&format!("dpia-audit-head:{}", "ab".repeat(32))));
    }
}

#[test]
fn a_signed_summary_carries_the_auditors_box_and_verifies() {
    let creds = crate::signing::Credentials::generate(
        &crate::signing::Subject {
            name: "Inspector K. Weber".into(),
            email: "k.weber@example.org".into(),
            organisation: None,
            country: Some("DE".into()),
        },
        1_780_000_000,
    )
    .expect("credentials");
    let options = AuditSignOptions {
        lang: Lang::De,
        reason: None,
        location: Some("Hamburg".into()),
        signed_at: 1_780_000_100,
        tsa: None,
    };
    let signed = render_signed(&summary(), &creds, &options, None).expect("signed");
    assert!(signed.verification.is_valid());
    let sig = signed.verification.last().expect("a signature");
    assert_eq!(sig.field, AUDITOR_FIELD);
    assert!(sig.covers_whole_file);
    assert_eq!(
        sig.reason.as_deref(),
        Some("Prüfung des DSFA-Verzeichnisses")
    );
    assert!(signed
        .verification
        .keywords
        .iter()
        .any(|k| k.starts_with(KEYWORD_AUDIT)));
    // Unusable credentials are refused before anything is rendered.
    let late = AuditSignOptions {
        signed_at: 4_000_000_000,
        ..options
    };
    assert!(render_signed(&summary(), &creds, &late, None).is_err());
}
