//! Unit tests of `Document::build` on a hand-made evaluation, scan and answers.

use super::*;
use crate::assessment::risk::Level;
use crate::assessment::{
    Art36Status, Finding, Missing, Outcome, ProcessorGap, Progress, RiskResult, Screening,
    TransferRole, TransferStatus, TransferVerdict,
};
use crate::questionnaire::answers::{Answer, Origin};
use crate::questionnaire::AnswerValue;
use crate::scan::{Category, ColumnReport, InputFile, TableReport};

fn evaluation() -> Evaluation {
    Evaluation {
        format: crate::assessment::FORMAT,
        questionnaire_id: "dpia-gdpr".into(),
        questionnaire_version: "2.0.0".into(),
        assessed_on: "2026-11-25".into(),
        screening: Screening {
            outcome: Outcome::Required,
            reasons: vec![Finding::new("screening.two_or_more")],
            suggested_criteria: vec![],
            criteria: vec![],
        },
        transfers: vec![TransferStatus {
            component: "D1 database".into(),
            role: TransferRole::Storage,
            location: "US".into(),
            verdict: TransferVerdict::Lawful,
            reason: Finding::new("transfer.dpf")
                .with("location", "US")
                .with("date", "2023-07-10"),
        }],
        processor_gaps: vec![ProcessorGap {
            processor: "Cloudflare".into(),
            missing: vec![Finding::new("processor.contract_lacks").with("item", "h")],
        }],
        risks: vec![RiskResult {
            id: Some("R1".into()),
            title: "Illegitimate access to tenant data".into(),
            event: None,
            severity: Some(3),
            likelihood: Some(3),
            level: Some(Level::High),
            residual_severity: Some(2),
            residual_likelihood: Some(1),
            residual_level: Some(Level::Low),
            decision: Some("acceptable".into()),
            requires_consultation: false,
            measures: vec![],
        }],
        overall_residual_risk: Some(Level::Low),
        art36_consultation_required: false,
        art36_status: Art36Status::NotRequired,
        art36_reasons: vec![],
        decision: None,
        processing_status: None,
        issues: vec![Finding::new("issue.column_drop").with("column", "tenants.geburtsdatum")],
        notes: vec![],
        progress: Progress {
            answered: 10,
            required: 11,
        },
        missing: vec![Missing {
            question: "signoff.dpo_advice".into(),
            finding: Finding::new("missing.unanswered").with("question", "signoff.dpo_advice"),
        }],
        reference_as_of: "2026-11-01".into(),
    }
}

fn scan() -> ScanReport {
    ScanReport {
        tables: vec![TableReport {
            name: "tenants".into(),
            sources: vec!["schema.sql".into()],
            rows_sampled: 3,
            rows_seen: 3,
            columns: vec![
                ColumnReport {
                    name: "email".into(),
                    data_type: Some("TEXT".into()),
                    categories: vec![Category::Email],
                    confidence: 0.95,
                    evidence: vec!["column name 'email'".into(); 20],
                    evidence_items: Vec::new(),
                    category_confidence: vec![0.95],
                    examples: crate::scan::mask::masked_all(&[
                        "anna.mueller@example.org".into(),
                        "Anna Müller".into(),
                    ]),
                    raw_examples: None,
                    values_sampled: 3,
                    needs_review: false,
                    declared_at: Vec::new(),
                },
                ColumnReport {
                    name: "flat_no".into(),
                    data_type: None,
                    categories: vec![],
                    confidence: 0.0,
                    evidence: vec![],
                    evidence_items: Vec::new(),
                    category_confidence: vec![],
                    examples: crate::scan::mask::masked_all(&["12".into()]),
                    raw_examples: None,
                    values_sampled: 3,
                    needs_review: false,
                    declared_at: Vec::new(),
                },
            ],
        }],
        inputs: vec![InputFile {
            path: "schema.sql".into(),
            format: "sql".into(),
            sha256: "ab".repeat(32),
            bytes: 10,
            sampled: false,
        }],
        ..ScanReport::default()
    }
}

fn input() -> ReportInput {
    let mut answers = Answers::default();
    for (id, v) in [
        ("description.controller", "Hausverwaltung Beispiel GmbH"),
        ("description.dpo_contact", "Dr. Jonas Berger"),
        ("description.purposes", "1. Damage reports.\n2. Repairs."),
    ] {
        answers.values.insert(
            id.into(),
            Answer {
                value: AnswerValue::Text(v.into()),
                origin: Origin::Given,
            },
        );
    }
    let item = |pairs: &[(&str, AnswerValue)]| -> std::collections::BTreeMap<String, AnswerValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    answers.values.insert(
        "transfers.components".into(),
        Answer {
            value: AnswerValue::Group(vec![item(&[
                ("component", AnswerValue::Text("D1 database".into())),
                ("storage_location", AnswerValue::Text("US".into())),
                ("dpf_certified", AnswerValue::Bool(true)),
            ])]),
            origin: Origin::Given,
        },
    );
    answers.values.insert(
        "processors.list".into(),
        Answer {
            value: AnswerValue::Group(vec![item(&[
                ("name", AnswerValue::Text("Cloudflare".into())),
                ("contract", AnswerValue::Bool(true)),
                ("art28_3", AnswerValue::List(vec!["a".into(), "b".into()])),
            ])]),
            origin: Origin::Given,
        },
    );
    ReportInput {
        assessment_id: "0123456789abcdef".into(),
        title: "Damage reports".into(),
        status: crate::record::Status::Draft,
        tool: "tests/fixtures/example/damage-reports".into(),
        version_id: "fedcba9876543210".into(),
        version_number: 2,
        author: "Test DPO".into(),
        created_at: "2026-11-25T10:00:00Z".into(),
        questionnaire_id: "dpia-gdpr".into(),
        questionnaire_version: "2.0.0".into(),
        evaluation: evaluation(),
        scan: scan(),
        answers,
        signatures: Vec::new(),
        record_number: None,
        signed_copy: None,
    }
}

fn headings(doc: &Document, level: u8) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: l, text } if *l == level => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn all_text(doc: &Document) -> String {
    format!("{:?}", doc.blocks)
}

#[test]
fn sections_in_order() {
    let t = Template::builtin(crate::lang::Lang::En).unwrap();
    let doc = Document::build(&input(), &t);
    assert_eq!(
        headings(&doc, 2),
        [
            "Contents",
            "Executive summary",
            "Screening: is a DPIA required?",
            "Systematic description of the processing",
            "Personal data found by the scan",
            "Data flows in the code",
            "Necessity and proportionality",
            "Hosting and transfers",
            "Processors (Art. 28)",
            "Risks to the rights and freedoms of data subjects",
            "Measures",
            "Consultation and sign-off",
            "Signatures",
            "Appendix"
        ]
    );
    assert_eq!(headings(&doc, 1), ["Data Protection Impact Assessment"]);
    assert!(doc.blocks.contains(&Block::Toc));
    assert_eq!(doc.footer, "page {page} of {pages} · assessment 01234567");
    assert_eq!(doc.metadata.author, "Test DPO");
    assert_eq!(doc.metadata.lang, crate::lang::Lang::En);
    assert_eq!(
        doc.metadata.title,
        "Data Protection Impact Assessment – Damage reports"
    );
    let text = all_text(&doc);
    for expected in [
        "Hausverwaltung Beispiel GmbH",
        "Dr. Jonas Berger",
        "DPIA required",
        "not answered: What is the data protection officer's advice on this DPIA?",
        "tenants.geburtsdatum: not needed for the purpose: drop it",
        "United States (US)",
        "(h) Information to demonstrate compliance; audits and inspections",
        "Illegitimate access to tenant data",
        "dpia-gdpr 2.0.0",
        &"ab".repeat(32),
        "fedcba9876543210",
        "Not signed: this is a draft.",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(
        !text.contains("tests/fixtures/example/damage-reports/"),
        "absolute tool path"
    );
    assert!(doc
        .metadata
        .keywords
        .contains(&"dpia-assessment:0123456789abcdef".to_string()));
    assert_eq!(
        keyword_value(&doc.metadata.keywords, KEYWORD_VERSION).as_deref(),
        Some("fedcba9876543210")
    );
}

#[test]
fn risk_map_plots_each_risk_before_and_after() {
    let doc = Document::build(&input(), &Template::builtin(crate::lang::Lang::En).unwrap());
    let map = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::RiskMap(m) => Some(m),
            _ => None,
        })
        .expect("a risk map");
    let e = evaluation();
    assert_eq!(map.points.len(), e.risks.len());
    let r = &e.risks[0];
    let as_u8 = |v: Option<i64>| v.map(|v| v as u8);
    assert_eq!(map.points[0].label, "R1");
    assert_eq!(
        map.points[0].before,
        as_u8(r.severity).zip(as_u8(r.likelihood))
    );
    assert_eq!(
        map.points[0].after,
        as_u8(r.residual_severity).zip(as_u8(r.residual_likelihood))
    );
    assert_eq!(map.levels[3], "maximum");
    assert_eq!(map.level_names[1], "moderate");
}

#[test]
fn signed_report_shows_the_signature_block() {
    let mut i = input();
    i.signatures = vec![
        SignatureSlot {
            field: "dpo".into(),
            role: "Datenschutzbeauftragte/r (DSB)".into(),
            block: Some(SignatureBlock {
                signer: "Anna Muster".into(),
                subject: "CN=Anna Muster,C=DE".into(),
                signed_at: "2026-11-25 10:00:00 UTC".into(),
                kind: "Fortgeschrittene elektronische Signatur".into(),
                fingerprint: "AB:CD".into(),
                reason: "Approval".into(),
                location: Some("Köln".into()),
            }),
        },
        SignatureSlot {
            field: "controller".into(),
            role: "Verantwortlicher".into(),
            block: None,
        },
    ];
    let doc = Document::build(&i, &Template::builtin(crate::lang::Lang::De).unwrap());
    let text = all_text(&doc);
    for expected in [
        "Signiert von",
        "Anna Muster",
        "AB:CD",
        "Köln",
        "Signaturen",
        "Fortgeschrittene elektronische Signatur",
        "Verantwortlicher (Signatur ausstehend)",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(!text.contains("Nicht signiert"));
}

#[test]
fn examples_are_masked_and_evidence_complete() {
    let doc = Document::build(&input(), &Template::builtin(crate::lang::Lang::En).unwrap());
    let text = all_text(&doc);
    assert!(text.contains("****@example.org"));
    assert!(text.contains("A*** M*****"));
    assert!(!text.contains("anna.mueller"), "raw example shown");
    assert!(!text.contains("Müller"), "raw example shown");
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table { headers, rows } if headers[0] == "Column" => Some(rows),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        table.len(),
        1,
        "columns without personal data are summarised"
    );
    assert_eq!(table[0][0], "email");
    assert_eq!(table[0][1], "e-mail addresses (95 %)");
    assert_eq!(table[0][2].lines().count(), 20, "every piece of evidence");
    assert!(
        text.contains("\"flat_no\""),
        "the column without personal data is named"
    );
}

#[test]
fn german_headings() {
    let doc = Document::build(&input(), &Template::builtin(crate::lang::Lang::De).unwrap());
    let h = headings(&doc, 2);
    assert_eq!(h[1], "Zusammenfassung für die Leitung");
    assert!(h.contains(&"Hosting und Übermittlungen".to_string()));
    assert!(all_text(&doc).contains("DSFA erforderlich"));
    assert_eq!(doc.draft_mark, "ENTWURF");
    assert!(doc.footer.starts_with("Seite {page} von {pages}"));
    let text = all_text(&doc);
    assert!(text.contains("Entwurf"), "status in German");
    assert!(
        text.contains("25. November 2026") || text.contains("25.11.2026"),
        "German date"
    );
    assert!(!text.contains("\"draft\""), "raw status");
}

#[test]
fn empty_sections_say_so() {
    let mut i = input();
    i.scan = ScanReport::default();
    i.evaluation.transfers.clear();
    i.evaluation.processor_gaps.clear();
    i.evaluation.risks.clear();
    i.answers = Answers::default();
    let doc = Document::build(&i, &Template::builtin(crate::lang::Lang::En).unwrap());
    let text = all_text(&doc);
    for expected in [
        "The scan found no personal data.",
        "No hosting components recorded.",
        "No processor is engaged.",
        "No risks recorded.",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn imported_notes_stand_under_their_question() {
    let note = |under: &str, place: &str, key: &str, field: &str, text: &str| {
        (
            under.to_string(),
            crate::questionnaire::ImportedNote {
                source: "cnil".into(),
                place: place.into(),
                key: key.into(),
                field: field.into(),
                text: text.into(),
            },
        )
    };
    let mut input = input();
    for (under, n) in [
        note(
            "description.controller",
            "answer",
            "112",
            "text",
            "Controller: Example GmbH",
        ),
        note(
            "description.data_categories",
            "comment",
            "121",
            "description",
            "IBANs too",
        ),
        note("signoff.dpo_advice", "pia", "", "dpo_status", "1"),
        note("risks.list", "evaluation", "3.2", "status", "1"),
    ] {
        input.answers.notes.entry(under).or_default().push(n);
    }
    let t = Template::builtin(crate::lang::Lang::En).unwrap();
    let doc = Document::build(&input, &t);
    let blocks = &doc.blocks;
    let at = |wanted: &Block| {
        blocks
            .iter()
            .position(|b| b == wanted)
            .unwrap_or_else(|| panic!("no {wanted:?}"))
    };
    let label = |s: &str| Block::Label(s.to_string());
    // An answered question: its answer, then its notes.
    let controller = at(&label(
        "CNIL PIA, question 112 “Responsibilities linked to the processing”",
    ));
    assert_eq!(
        blocks[controller + 1],
        Block::Paragraph("Controller: Example GmbH".into())
    );
    assert!(matches!(&blocks[controller - 1], Block::Small(s) if s == "Imported notes"));
    // A question with notes only: its heading, then the notes.
    let categories = at(&label("Categories of personal data"));
    assert!(matches!(&blocks[categories + 1], Block::Small(_)));
    assert_eq!(blocks[categories + 3], Block::Paragraph("IBANs too".into()));
    let advice = at(&Block::Paragraph(
        "DPO's opinion: The processing could be implemented".into(),
    ));
    let dpo_heading = at(&Block::Heading {
        level: 3,
        text: t.dpo_advice.clone(),
    });
    assert!(advice > dpo_heading);
    assert!(all_text(&doc).contains("Verdict: To correct"));
    let de = Template::builtin(crate::lang::Lang::De).unwrap();
    assert!(all_text(&Document::build(&input, &de)).contains("Ergebnis: zu korrigieren"));
}
