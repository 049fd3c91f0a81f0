//! The report as a DPIA document, read back the way its readers get it: facts from the
//! example's answers file are in the English and German PDF text (pdftotext), no question
//! prompt or raw id leaks in, the file carries what an archive needs (PDF 1.7, /Lang,
//! outline, XMP, sRGB output intent, no false PDF/X claim), and an export of a signed
//! version is a copy that says whose signature the original carries.

use crate::signing::{key_args, keygen, sign_with, strs, verify};
use crate::util::{assessed, in_record, ok, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn export(dir: &Path, id: &str, name: &str, lang: &str) -> PathBuf {
    let out = dir.parent().unwrap().join(name);
    ok(&in_record(
        dir,
        &[
            "export",
            &id[..8],
            "--pdf",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ],
    ));
    out
}

/// The PDF's text with whitespace and hyphens removed, so a fact matches whatever line
/// breaks and hyphenation the layout chose.
pub(crate) fn squeezed_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot run: {e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    squeeze(&String::from_utf8_lossy(&out.stdout))
}

pub(crate) fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}')
        .collect()
}

fn assert_facts(text: &str, facts: &[&str], file: &str) {
    for fact in facts {
        assert!(
            text.contains(&squeeze(fact)),
            "{file}: {fact:?} is not in the PDF"
        );
    }
}

#[test]
#[ignore = "needs pdftotext (poppler-utils); run by .ci/run"]
fn ten_facts_of_the_answers_are_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    // Facts from tests/fixtures/answers/damage-reports.answers.toml, in the answer's words
    // (free text) or the report's (choices, dates).
    let common = [
        "Hausverwaltung Beispiel GmbH, Musterstraße 1, 10115 Berlin",
        "Criterion 7: tenants depend on the landlord for repairs",
        "3 years after the report is closed (limitation period for warranty claims, §§ 195, 199 BGB)",
        "The site builder workspace has 7 members: 3 property managers, 1 caretaker",
        "Disclosure of health details (e.g. diabetes, pregnancy, disability)",
        "photos reachable by guessable keys",
        "no support access without a ticket from the controller",
        "Hosting of the tool: Workers, D1, R2, Workers AI",
        "IT lead (Max Beispiel)",
        "the tenants' advisory board (Mieterbeirat) of Wohnanlage Am Stadtpark",
        "Audit right (Art. 28(3)(h)) raised with Cloudflare",
    ];
    let en = squeezed_text(&export(&dir, &id, "en.pdf", "en"));
    assert_facts(&en, &common, "en");
    assert_facts(
        &en,
        &[
            "live since 1 September 2026",
            "General written authorisation, with notice of changes and a right to object",
            "severity 3 (significant), likelihood 3 (significant): high",
            "15 December 2026",
            "25 November 2027",
            "Lawful bases (Art. 6(1))",
        ],
        "en",
    );
    let de = squeezed_text(&export(&dir, &id, "de.pdf", "de"));
    assert_facts(&de, &common, "de");
    assert_facts(
        &de,
        &[
            "in Betrieb seit 01.09.2026",
            "Allgemeine schriftliche Genehmigung mit Information über Änderungen",
            "Schwere 3 (erheblich), Eintrittswahrscheinlichkeit 3 (erheblich): hoch",
            "15.12.2026",
            "25.11.2027",
            "Schwellwertanalyse",
            "DSFA-Vorgang",
            "Gesamtes Restrisiko mittel",
        ],
        "de",
    );
    // Report headings, not the questionnaire's prompts; words, not ids.
    for (text, leaks) in [
        (
            &en,
            &[
                "comma-separated",
                "Your decision",
                "scc_module_2",
                "postal_address",
                "innovative_technology",
            ][..],
        ),
        (
            &de,
            &[
                "Prüfen Sie",
                "kommagetrennt",
                "scc_module_2",
                "sensitive_data",
                "Werkzeug",
            ][..],
        ),
    ] {
        for leak in leaks {
            assert!(
                !text.contains(&squeeze(leak)),
                "{leak:?} leaks into the report"
            );
        }
    }
}

#[test]
fn the_pdf_carries_language_outline_xmp_and_output_intent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, version) = assessed(&dir);
    let pdf = export(&dir, &id, "de.pdf", "de");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-1.7"),
        "PDF/A-2 is based on PDF 1.7"
    );
    assert!(
        !bytes.windows(15).any(|w| w == b"GTS_PDFXVersion"),
        "false PDF/X claim"
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"de");
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    assert!(
        outlines.get(b"Count").unwrap().as_i64().unwrap() >= 10,
        "a bookmark per chapter"
    );
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = intents[0].as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let profile = doc
        .get_object(
            intent
                .get(b"DestinationOutputProfile")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(
        profile.dict.get(b"N").unwrap().as_i64().unwrap(),
        3,
        "an RGB profile"
    );
    let meta = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(meta.content.clone()).unwrap();
    for expected in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "Datenschutz-Folgenabschätzung – Damage reports",
        "<xmp:CreatorTool>dpia</xmp:CreatorTool>",
        &format!("<dpia:assessmentId>{id}</dpia:assessmentId>"),
        &format!("<dpia:versionHash>{version}</dpia:versionHash>"),
    ] {
        assert!(
            xmp.contains(expected),
            "{expected:?} not in the XMP:\n{xmp}"
        );
    }
}

#[test]
#[ignore = "needs pdftotext and pdfinfo (poppler-utils); run by .ci/run"]
fn an_export_after_signing_is_a_copy_of_the_signed_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let keys = tmp.path().join("keys");
    let (id, _) = assessed(&dir);
    keygen(&dir, &keys);
    let signed = tmp.path().join("signed.pdf");
    let out = sign_with(&dir, &id, &signed, &strs(&key_args(&keys)), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The signed report's cover names the number verify reports.
    let v = verify(&dir, &signed, Some(&keys.join("cert.pem")));
    let said = stdout(&v);
    assert!(said.contains("signed version #3"), "{said}");
    assert!(squeezed_text(&signed).contains(&squeeze("3, signed (the content of version 2")));
    let copy = squeezed_text(&export(&dir, &id, "copy.pdf", "en"));
    assert!(
        copy.contains(&squeeze("Copy of the signed version 3")),
        "{copy}"
    );
    assert!(copy.contains(&squeeze("signed on 25 November 2026 by Łukasz Żółć (DPO)")));
    for absent in ["DRAFT", "Not signed"] {
        assert!(
            !copy.contains(&squeeze(absent)),
            "{absent:?} in a copy of a signed version"
        );
    }
    let info = Command::new("pdfinfo")
        .arg(&signed)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo cannot run: {e}"));
    let info = stdout(&info);
    assert!(!info.contains("PDF subtype"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("PDF version:") && l.trim_end().ends_with("1.7")),
        "{info}"
    );
}
