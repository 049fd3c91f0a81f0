//! French (`--lang fr`, `DPIA_LANG=fr`) as a French DPO meets it: the evaluation worded in the
//! CNIL's terms, an unknown language refused with the list of supported ones, the lint naming
//! the file and line of a missing French text, and the French report of the bundled example
//! holding its facts in French with no English heading left.

use crate::report_content::{export, squeeze, squeezed_text};
use crate::util::*;

/// `dpia assess` on the bundled example with its answers, from the crate root.
fn assess(lang: Option<&str>, env_lang: Option<&str>) -> std::process::Output {
    let answers = fixture("answers/damage-reports.answers.toml");
    let mut cmd = dpia();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "assess",
        "tests/fixtures/example/damage-reports",
        "--answers",
        answers.to_str().unwrap(),
    ]);
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    if let Some(code) = env_lang {
        cmd.env("DPIA_LANG", code);
    }
    cmd.output().unwrap()
}

#[test]
fn assess_words_the_evaluation_in_french() {
    let out = assess(Some("fr"), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for french in [
        "Évaluation selon dpia-gdpr",
        "Examen préalable\u{a0}: AIPD requise",
        "critères du WP248 remplis (2)",
        "Allemagne (DE)\u{a0}: dans l'EEE, pas de transfert (art. 44 RGPD)",
        "Transferts (chapitre V RGPD)",
        "Sous-traitants (art. 28 RGPD)",
        "Consultation préalable (art. 36 RGPD)\u{a0}: non requise",
        "Rien ne manque\u{a0}: prête pour validation",
    ] {
        assert!(text.contains(french), "{french:?} not in:\n{text}");
    }
    // English wording (none of these is in the answers file, whose free text stays English).
    for english in [
        "Evaluation against",
        "is in the EEA",
        "adequacy decision",
        "remote access",
        "processors (",
        "issues",
        "progress",
        "nothing missing",
    ] {
        assert!(!text.contains(english), "English {english:?} in:\n{text}");
    }
    // DPIA_LANG does the same; --lang wins over it.
    assert_eq!(stdout(&assess(None, Some("fr"))), text);
    let en = stdout(&assess(Some("en"), Some("fr")));
    assert!(en.contains("Evaluation against dpia-gdpr"), "{en}");
}

#[test]
fn an_unknown_language_is_refused_with_the_supported_ones() {
    for (flag, env) in [(Some("it"), None), (None, Some("it"))] {
        let out = assess(flag, env);
        assert_eq!(out.status.code(), Some(2), "{flag:?} {env:?}");
        let err = stderr(&out);
        assert!(err.contains("'it'"), "{err}");
        assert!(
            err.contains("en") && err.contains("de") && err.contains("fr"),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn lint_names_the_file_and_line_of_a_missing_french_text() {
    let builtin = questionnaire_text();
    let lines: Vec<&str> = builtin.lines().collect();
    let id = lines
        .iter()
        .position(|l| *l == "id = \"screening.art35_3c\"")
        .expect("the question");
    let text_fr = (id..lines.len())
        .find(|&i| lines[i].starts_with("text.fr = "))
        .expect("its French text");
    let broken: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != text_fr)
        .map(|(_, l)| *l)
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("dpia-without-one-french-text.toml");
    std::fs::write(&file, broken.join("\n")).unwrap();
    let out = dpia()
        .args(["questionnaire", "lint"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let expected = format!(
        "{}:{}: question screening.art35_3c text: missing the 'fr' translation",
        file.display(),
        id + 1
    );
    assert!(
        err.lines().any(|l| l == expected),
        "{expected}\nnot in:\n{err}"
    );
    assert!(
        err.contains("1 problem(s)"),
        "only that text is missing:\n{err}"
    );
}

/// The built-in questionnaire's text.
fn questionnaire_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/dpia.toml");
    std::fs::read_to_string(path).unwrap()
}

/// The titles of a PDF's outline (its bookmarks: every heading of the report).
fn outline(pdf: &std::path::Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let toc = doc.get_toc().expect("an outline");
    toc.toc.into_iter().map(|t| t.title).collect()
}

#[test]
#[ignore = "needs pdftotext (poppler-utils); run by .ci/run"]
fn the_french_report_holds_the_facts_in_french_and_no_english_heading() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let fr_pdf = export(&dir, &id, "fr.pdf", "fr");
    let fr = squeezed_text(&fr_pdf);
    for fact in [
        // Free text of the answers file, as written.
        "Hausverwaltung Beispiel GmbH, Musterstraße 1, 10115 Berlin",
        "IT lead (Max Beispiel)",
        // Choices, dates, levels and headings in French.
        "Analyse d'impact relative à la protection des données",
        "Responsable du traitement",
        "Délégué à la protection des données",
        "en service depuis le 1er septembre 2026",
        "Autorisation écrite générale, avec annonce des changements et droit d'opposition",
        "gravité 3 (importante), vraisemblance 3 (importante)\u{a0}: élevé",
        "15 décembre 2026",
        "25 novembre 2027",
        "Bases légales (art. 6.1 RGPD)",
        "Résultat de l'examen préalable",
        "AIPD requise",
        "Risque résiduel global",
        "Clauses contractuelles types (CCT)",
        "page 1 sur",
        "Cartographie des risques (gravité × vraisemblance)",
    ] {
        assert!(
            fr.contains(&squeeze(fact)),
            "{fact:?} is not in the French PDF"
        );
    }
    for leak in [
        "Your decision",
        "comma-separated",
        "scc_module_2",
        "postal_address",
        "Executive summary",
        "Screening",
        "not answered",
        "Data protection officer",
        "Must lists checked",
        "is in the EEA",
    ] {
        assert!(
            !fr.contains(&squeeze(leak)),
            "{leak:?} leaks into the French report"
        );
    }
    // No heading of the French report is an English one (the outline has every heading). A
    // heading the same in all three languages comes from the data (a table, a risk's title,
    // a processor); one that French shares with English alone is English left over.
    let en = outline(&export(&dir, &id, "en.pdf", "en"));
    let de = outline(&export(&dir, &id, "de.pdf", "de"));
    let fr_headings = outline(&fr_pdf);
    assert!(fr_headings.len() >= 30, "{fr_headings:?}");
    assert_eq!((fr_headings.len(), de.len()), (en.len(), en.len()));
    // "Table" and "Signatures" are French too.
    let french_as_well = |h: &str| h.starts_with("Table ") || h == "Signatures";
    let english: Vec<&String> = fr_headings
        .iter()
        .zip(&en)
        .zip(&de)
        .filter(|((fr, en), de)| fr == en && en != de && !french_as_well(fr))
        .map(|((fr, _), _)| fr)
        .collect();
    assert!(
        english.is_empty(),
        "English headings in the French report: {english:?}"
    );
    assert!(
        fr_headings.contains(&"Synthèse".to_string()),
        "{fr_headings:?}"
    );
    let catalog_lang = lopdf::Document::load(&fr_pdf)
        .unwrap()
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    assert_eq!(catalog_lang, b"fr");
}
