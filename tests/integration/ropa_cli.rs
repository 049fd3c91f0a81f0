//! `dpia ropa`: the record of processing activities of a record with three assessments (the
//! example answered and signed, a CNIL PIA import, a tool nobody reviewed yet) as CSV, JSON
//! and PDF; `--status signed` keeps the signed one. The record is only read.

use crate::util::{fixture, in_record, ok, stderr};
use serde_json::Value;
use std::path::Path;

/// A record with the three assessments; returns (tmp, record folder).
fn three() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir, _pdf, _keys) = crate::signing::signed_example("en");
    let cnil = fixture("cnil/full.json");
    ok(&in_record(
        &dir,
        &["import", "--cnil", cnil.to_str().unwrap()],
    ));
    let tool = fixture("example/damage-reports");
    ok(&in_record(
        &dir,
        &["new", tool.to_str().unwrap(), "--title", "Unreviewed tool"],
    ));
    (tmp, dir)
}

fn ropa(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["ropa"];
    all.extend_from_slice(args);
    ok(&in_record(dir, &all))
}

#[test]
fn three_assessments_in_csv_and_json() {
    let (_tmp, dir) = three();
    let events = ok(&in_record(&dir, &["audit", "--format", "json"]));
    let csv = ropa(&dir, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    for letter in ["a", "b", "c", "d", "e", "f", "g"] {
        assert!(
            headers
                .iter()
                .any(|h| h.starts_with(&format!("Art. 30(1)({letter})"))),
            "{letter}: {headers:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        names,
        ["Damage reports", "Expense refunds tool", "Unreviewed tool"]
    );
    assert_eq!(&rows[0][2], "signed");
    assert!(rows[0][5].starts_with("Hausverwaltung Beispiel GmbH"));
    assert!(
        rows[0][12].contains("United States (US) – R2 bucket"),
        "{}",
        &rows[0][12]
    );
    assert_eq!(&rows[1][7], "Dana DPO, dpo@example.org");
    assert!(rows[1][12].starts_with("not answered"), "{}", &rows[1][12]);
    assert!(
        rows[2][10].contains("not yet confirmed"),
        "{}",
        &rows[2][10]
    );
    let json: Value =
        serde_json::from_str(&ropa(&dir, &["--format", "json", "--lang", "de"])).unwrap();
    let activities = json["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 3);
    assert_eq!(activities[0]["status"], "signed");
    assert_eq!(
        activities[0]["data_subjects"][0]["text"],
        "Mieterinnen und Mieter"
    );
    assert_eq!(activities[2]["categories_confirmed"], false);
    let signed: Value =
        serde_json::from_str(&ropa(&dir, &["--format", "json", "--status", "signed"])).unwrap();
    assert_eq!(signed["activities"].as_array().unwrap().len(), 1);
    // Read-only: the record did not change.
    assert_eq!(ok(&in_record(&dir, &["audit", "--format", "json"])), events);
    let o = in_record(&dir, &["ropa", "--status", "done"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = in_record(&dir, &["ropa", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
#[ignore = "needs pdftotext (poppler-utils); run by .ci/run"]
fn three_assessments_in_the_pdf() {
    let (tmp, dir) = three();
    for (lang, facts) in [
        (
            "en",
            [
                "Record of processing activities",
                "1. Damage reports",
                "2. Expense refunds tool",
                "3. Unreviewed tool",
                "Art. 30(1)(e): transfers to third countries, with their safeguards",
                "page 1 of",
            ],
        ),
        (
            "de",
            [
                "Verzeichnis von Verarbeitungstätigkeiten",
                "1. Damage reports",
                "unterschrieben",
                "Mieterinnen und Mieter",
                "Art. 30 Abs. 1 lit. g DSGVO",
                "Seite 1 von",
            ],
        ),
    ] {
        let pdf = tmp.path().join(format!("ropa-{lang}.pdf"));
        let o = in_record(
            &dir,
            &[
                "ropa",
                "--format",
                "pdf",
                "--lang",
                lang,
                "--out",
                pdf.to_str().unwrap(),
            ],
        );
        ok(&o);
        assert!(stderr(&o).contains("3 processing activities"));
        let out = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext cannot run: {e}"));
        assert!(out.status.success());
        let squeeze = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}')
                .collect()
        };
        let text = squeeze(&String::from_utf8_lossy(&out.stdout));
        for fact in facts {
            assert!(
                text.contains(&squeeze(fact)),
                "{lang}: {fact:?} not in the PDF"
            );
        }
    }
}
