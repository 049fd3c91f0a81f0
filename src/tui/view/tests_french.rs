//! The terminal UI in French at 100x30: the dashboard, its help, every tab of the bundled
//! example with its answers and an editor, in the CNIL's words, with no English label left
//! (the answers file's free text stays as written). `L` cycles en → de → fr.

use super::tests::{key, screen};
use crate::tui::model::{Lang, Model, Tab};
use crate::tui::test_support::{answered_work, dashboard};
use crossterm::event::KeyCode;

/// UI words in English that a French screen must not show (none of them is in the answers
/// file's free text, which the screens quote as written).
const ENGLISH: &[&str] = &[
    "Findings",
    "Risks",
    "Sign-off",
    "sign-off",
    "help",
    "answered",
    "moderate",
    "Screening",
    "not assessed",
    "Severity",
    "Likelihood",
    "Evaluation",
    "Assessments",
    "Status",
    "record",
    "GDPR",
];

fn french(name: &str, m: &Model, must: &[&str]) {
    let s = screen(m, 100, 30);
    for english in ENGLISH {
        assert!(!s.contains(english), "{name}: English {english:?}:\n{s}");
    }
    for word in must {
        assert!(s.contains(word), "{name}: {word:?} missing:\n{s}");
    }
    insta::assert_snapshot!(format!("fr_{name}_100x30"), s);
}

#[test]
fn l_reaches_french_and_the_dashboard_and_help_speak_it() {
    let mut m = dashboard();
    key(&mut m, KeyCode::Char('L'));
    key(&mut m, KeyCode::Char('L'));
    assert_eq!(m.lang, Lang::Fr);
    french("dashboard", &m, &["Archive des AIPD", "Statut", "Réexamen"]);
    key(&mut m, KeyCode::Char('?'));
    french(
        "help",
        &m,
        &[
            "contrôler l'archive",
            "langue\u{a0}: English, Deutsch, Français",
        ],
    );
}

#[test]
fn every_tab_of_the_example_speaks_french() {
    for (tab, must) in [
        (Tab::Findings, &["Constats", "Colonne", "confirmé"][..]),
        (Tab::Questions, &["Examen préalable", "Votre réponse"][..]),
        (
            Tab::Risks,
            &["Cartographie des risques", "Vraisemblance", "élevé"][..],
        ),
        (
            Tab::Summary,
            &[
                "Examen préalable (art. 35 RGPD)\u{a0}: AIPD requise",
                "modéré",
            ][..],
        ),
    ] {
        let mut m = answered_work(tab);
        m.lang = Lang::Fr;
        french(&format!("{tab:?}").to_lowercase(), &m, must);
    }
}

#[test]
fn an_editor_and_its_country_speak_french() {
    let mut m = answered_work(Tab::Questions);
    m.lang = Lang::Fr;
    // The first question (Art. 35(3)(a)), a yes/no: its editor and the legal reference.
    key(&mut m, KeyCode::Enter);
    french("editor", &m, &["art. 35.3.a RGPD", "oui", "non", "o/y / n"]);
}
