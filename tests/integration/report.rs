//! `dpia export --pdf` through the real binary: a PDF comes out, exporting twice gives the
//! same bytes, and (where poppler-utils and qpdf are installed, as in CI) its text can be
//! extracted and its structure checks out.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Exports the assessment as a PDF in `lang`; returns the file's path.
fn export(dir: &Path, id: &str, name: &str, lang: &str) -> PathBuf {
    let out = dir.parent().unwrap().join(name);
    let result = in_record(
        dir,
        &[
            "export",
            &id[..8],
            "--pdf",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ],
    );
    ok(&result);
    assert!(stderr(&result).contains(name), "path on stderr");
    out
}

#[test]
fn export_writes_a_deterministic_pdf_and_records_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let a = std::fs::read(export(&dir, &id, "a.pdf", "en")).unwrap();
    let b = std::fs::read(export(&dir, &id, "b.pdf", "en")).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two exports of the same version differ");
    let history = ok(&in_record(&dir, &["history", &id[..8]]));
    assert!(history.contains("exported"), "{history}");
    assert!(history.contains("pdf draft"), "{history}");
    let audit = in_record(&dir, &["audit"]);
    assert_eq!(audit.status.code(), Some(0), "{}", stdout(&audit));
}

#[test]
fn export_of_an_unknown_id_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    assessed(&dir);
    let out = in_record(&dir, &["export", "ffffffff", "--pdf", "x.pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

fn tool(name: &str, args: &[&str], file: &Path) -> Output {
    Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{name} cannot run: {e}"))
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn pdf_text_is_extractable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let de = export(&dir, &id, "de.pdf", "de");
    let out = tool("pdftotext", &[], &de);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(de.with_extension("txt")).unwrap();
    for expected in [
        "Datenschutz-Folgenabschätzung",
        "Hosting und Übermittlungen",
        "ENTWURF",
        "Seite 1 von",
        "Musterstraße",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let en = export(&dir, &id, "en.pdf", "en");
    assert!(tool("pdftotext", &[], &en).status.success());
    let text = std::fs::read_to_string(en.with_extension("txt")).unwrap();
    for expected in ["DRAFT", "page 1 of", &format!("assessment {}", &id[..8])] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let show: serde_json::Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id[..8], "--format", "json"],
    )))
    .unwrap();
    let answers = show["version"]["content"]["answers"].to_string();
    // The record holds masked examples only; the raw values come from a scan that shows them.
    let raw_scan = scan_json(&[fixture("example/damage-reports")], &["--show-values"]);
    let mut checked = 0;
    for table in raw_scan["tables"].as_array().unwrap() {
        // Examples of columns that hold personal data; values of other columns (a status
        // such as "open") are ordinary words the report may well contain.
        let personal = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["categories"].as_array().is_some_and(|c| !c.is_empty()));
        for column in personal {
            for example in column["examples"].as_array().into_iter().flatten() {
                let raw = example.as_str().unwrap().trim();
                // Words the DPO wrote into the answers (e.g. a city in the controller's
                // address) may appear; scanned values must not.
                if raw.chars().count() >= 4
                    && dpia::scan::mask::mask(raw) != raw
                    && !answers.contains(raw)
                {
                    assert!(!text.contains(raw), "raw example {raw:?} in the PDF");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0, "the example tool has example values to check");
}

#[test]
#[ignore = "needs qpdf"]
fn pdf_passes_qpdf_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let pdf = export(&dir, &id, "r.pdf", "en");
    let out = tool("qpdf", &["--check"], &pdf);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}
