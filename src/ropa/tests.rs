//! The record of processing activities of a record with three assessments: the bundled
//! example answered and signed, a CNIL PIA import, and a tool nobody has reviewed yet.

use super::*;
use crate::record::{Actor, Signature};
use crate::reference::Reference;
use crate::session::Session;

const NOW: &str = "2026-11-25T10:00:00Z";

fn fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn example_session() -> Session {
    let dict = crate::scan::Dictionary::builtin().unwrap();
    let report = crate::scan::scan(
        &[crate::scan::ScanInput::Path(fixture(
            "example/damage-reports",
        ))],
        &crate::scan::ScanOptions::new(crate::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dict,
        &crate::scan::NoProgress,
    );
    Session::start(
        report,
        crate::questionnaire::builtin().unwrap(),
        Reference::builtin().unwrap(),
        crate::calendar::Date::parse("2026-11-25").unwrap(),
    )
}

/// A record with the three assessments.
fn record() -> (tempfile::TempDir, Record) {
    let tmp = tempfile::tempdir().unwrap();
    let actor = Actor {
        author: "Test DPO".into(),
        now: NOW.into(),
    };
    let record = Record::open_or_create(&tmp.path().join("record"), &actor).unwrap();
    let mut answered = example_session();
    let text = std::fs::read_to_string(fixture("answers/damage-reports.answers.toml")).unwrap();
    answered.apply_answers_file("a.toml", &text).unwrap();
    let id = answered
        .create(
            &record,
            "Damage reports",
            "tools/damage",
            "Test DPO",
            &NOW.into(),
        )
        .unwrap();
    let head = record.head(&id).unwrap();
    let signature = Signature {
        pdf_sha256: "ab".repeat(32),
        certificate_pem: include_str!("../../tests/fixtures/signing/dpo-cert.pem").into(),
        signed_at: "2026-11-25T11:00:00Z".into(),
    };
    record
        .sign(
            &id,
            &head.id,
            signature,
            "Test DPO",
            &"2026-11-25T11:00:00Z".into(),
        )
        .unwrap();
    let (q, r) = (
        crate::questionnaire::builtin().unwrap(),
        Reference::builtin().unwrap(),
    );
    let bytes = std::fs::read(fixture("cnil/full.json")).unwrap();
    let file =
        crate::exchange::cnil::import_bytes("full.json", &bytes, &q, &r, crate::lang::Lang::En)
            .unwrap();
    let mut imported = Session::start_with(
        crate::scan::ScanReport::default(),
        file.imported.answers.clone(),
        q,
        r,
        crate::calendar::Date::parse("2026-11-25").unwrap(),
    );
    imported
        .create_imported(
            &record,
            "Expense refunds tool",
            "cnil:full.json",
            &file.source("full.json"),
            &file.sha256,
            "Test DPO",
            &NOW.into(),
        )
        .unwrap();
    example_session()
        .create(
            &record,
            "Unreviewed tool",
            "tools/other",
            "Test DPO",
            &NOW.into(),
        )
        .unwrap();
    (tmp, record)
}

#[test]
fn three_assessments_make_three_entries_with_every_point_of_art_30() {
    let (_tmp, record) = record();
    let ropa = from_record(&record, None, crate::lang::Lang::En).unwrap();
    let names: Vec<&str> = ropa.activities.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["Damage reports", "Expense refunds tool", "Unreviewed tool"]
    );
    let [example, imported, unreviewed] = &ropa.activities[..] else {
        panic!("three entries");
    };
    // The signed example: every point answered.
    assert_eq!(example.status, "signed");
    assert_eq!(example.version, 2);
    assert!(example
        .controller
        .as_deref()
        .unwrap()
        .starts_with("Hausverwaltung Beispiel GmbH"));
    assert!(example.dpo.as_deref().unwrap().contains("Jonas Berger"));
    assert!(example.categories_confirmed);
    let subjects: Vec<&str> = example
        .data_subjects
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(
        subjects,
        ["Tenants", "Contact persons of suppliers and contractors"]
    );
    assert!(example
        .data_categories
        .iter()
        .any(|t| t.code == "health" && t.text == "Health data (Art. 9(1))"));
    let recipients: Vec<&str> = example
        .recipients
        .iter()
        .map(|r| r.source.as_str())
        .collect();
    assert!(
        recipients.contains(&"answer")
            && recipients.contains(&"processor")
            && recipients.contains(&"code")
    );
    assert!(example
        .recipients
        .iter()
        .any(|r| r.text.starts_with("Cloudflare, Inc.: processor (Hosting")));
    assert!(example
        .recipients
        .iter()
        .any(|r| r.source == "code" && r.text.contains("Google Fonts")));
    // Transfers: the evaluation's verdicts, EEA storage left out.
    assert!(example.transfers.iter().all(|t| t.country_code != "EU"));
    let r2 = example
        .transfers
        .iter()
        .find(|t| t.component.starts_with("R2 bucket"))
        .unwrap();
    assert_eq!(r2.country_code, "US");
    assert!(
        r2.text.starts_with("United States (US) – R2 bucket"),
        "{}",
        r2.text
    );
    assert!(
        r2.text
            .ends_with("(adequacy decision of 10 July 2023, Art. 45)"),
        "{}",
        r2.text
    );
    assert!(example
        .transfers
        .iter()
        .any(|t| t.country_code == "CA" && t.safeguard.contains("adequacy decision")));
    assert!(example.retention.is_some());
    assert!(example.security.len() >= 5, "{:?}", example.security);
    // The import: what the CNIL file said.
    assert_eq!(imported.dpo.as_deref(), Some("Dana DPO, dpo@example.org"));
    assert!(imported
        .purposes
        .as_deref()
        .unwrap()
        .starts_with("The expense tool"));
    assert!(
        imported
            .security
            .iter()
            .any(|m| m.starts_with("Encryption (Planned")),
        "{:?}",
        imported.security
    );
    assert!(!imported.transfers_assessed);
    let cells = imported.cells(&RopaWords::builtin("en").unwrap());
    assert_eq!(
        cells[5], "not answered (see the notes imported with the assessment)",
        "the CNIL file's responsibilities are a note under the controller"
    );
    assert_eq!(cells[6], "not answered");
    assert!(
        cells[12].starts_with("not answered"),
        "no transfer assessed is not 'none'"
    );
    // The unreviewed tool: the scan's categories, marked unconfirmed.
    assert!(!unreviewed.categories_confirmed);
    assert!(!unreviewed.data_categories.is_empty());
    assert_eq!(unreviewed.status, "draft");
    let cells = unreviewed.cells(&RopaWords::builtin("en").unwrap());
    assert!(
        cells[10].ends_with("(found by the scan, not yet confirmed by the DPO)"),
        "{}",
        cells[10]
    );
}

#[test]
fn the_status_filter_and_the_three_formats() {
    let (_tmp, record) = record();
    let signed = from_record(&record, Some(Status::Signed), crate::lang::Lang::De).unwrap();
    assert_eq!(signed.activities.len(), 1);
    assert_eq!(signed.status_filter.as_deref(), Some("signed"));
    let ropa = from_record(&record, None, crate::lang::Lang::De).unwrap();
    let words = RopaWords::builtin("de").unwrap();
    let text = csv::to_csv(&ropa, &words).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 15);
    assert_eq!(&headers[5], "Art. 30 Abs. 1 lit. a DSGVO: Verantwortlicher");
    assert_eq!(&headers[14], "Art. 30 Abs. 1 lit. g DSGVO: technische und organisatorische Maßnahmen (Art. 32 Abs. 1 DSGVO)");
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][2], "unterschrieben");
    assert!(
        rows[0][9].contains("Mieterinnen und Mieter"),
        "{}",
        &rows[0][9]
    );
    assert!(rows[0][11].lines().count() >= 3, "one recipient a line");
    let json: serde_json::Value = serde_json::from_str(&to_json(&ropa).unwrap()).unwrap();
    assert_eq!(json["activities"].as_array().unwrap().len(), 3);
    assert_eq!(
        json["activities"][0]["data_categories"][0]["code"],
        "person_name"
    );
    let doc = pdf::document(&ropa, &words, "25. November 2026");
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            crate::report::Block::Heading { level: 2, text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Verarbeitungstätigkeiten",
            "1. Damage reports",
            "2. Expense refunds tool",
            "3. Unreviewed tool"
        ]
    );
    let bytes = pdf::to_pdf(&ropa, &words, NOW).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}
