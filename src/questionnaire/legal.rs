//! A question's legal reference in the reader's language. The questionnaire writes it once, in
//! English (`legal = "GDPR Art. 35(3)(a); WP248 III.B.a"`); German readers get `DSGVO` for
//! `GDPR`, French readers the short style the French texts use throughout: `art. 35.3.a RGPD`
//! (paragraphs and points joined by dots, the regulation's French acronym after the article),
//! `clause 14 CCT`, `chapitre V RGPD (art. 44-49)`. A reference in another shape is shown as
//! written, never dropped.

use crate::lang::Lang;
use regex::Regex;
use std::sync::LazyLock;

/// `(3)`, `(a)`: a paragraph or point in the English citation style.
static SUBDIVISION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\(([0-9]+|[a-z])\)").ok());

/// The legal reference `legal` (as the questionnaire writes it) for a reader of `lang`.
pub fn cite(legal: &str, lang: Lang) -> String {
    match lang {
        Lang::En => legal.to_string(),
        Lang::De => legal.replace("GDPR", "DSGVO"),
        Lang::Fr => legal
            .split("; ")
            .map(french)
            .collect::<Vec<_>>()
            .join(" ; "),
    }
}

/// One reference (`GDPR Art. 6(1), 5(1)(a)-(b)`) in the French short style.
fn french(reference: &str) -> String {
    let (law, rest) = [
        ("GDPR ", "RGPD"),
        ("AI Act ", "RIA"),
        ("SCC ", "CCT"),
        ("DPF ", "DPF"),
    ]
    .iter()
    .find_map(|(prefix, law)| reference.strip_prefix(prefix).map(|r| (Some(*law), r)))
    .unwrap_or((None, reference));
    let mut text = match SUBDIVISION.as_ref() {
        Some(re) => re.replace_all(rest, ".$1").replace("-.", "-"),
        None => rest.to_string(),
    };
    for (english, french) in [
        ("Art. ", "art. "),
        ("Chapter ", "chapitre "),
        ("Annex ", "annexe "),
        ("Clause ", "clause "),
        ("Supplemental Principle ", "principe supplémentaire "),
        ("Recitals ", "considérants "),
        ("Recital ", "considérant "),
        ("no. ", "n° "),
    ] {
        text = text.replace(english, french);
    }
    match law {
        // The law before a parenthesis that details it: chapitre V RGPD (art. 44-49).
        Some(law) => match text.split_once(" (") {
            Some((head, tail)) => format!("{head} {law} ({tail}"),
            None => format!("{text} {law}"),
        },
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_citations_use_the_short_style() {
        for (english, french) in [
            ("GDPR Art. 35(3)(a)", "art. 35.3.a RGPD"),
            (
                "GDPR Art. 35(1); WP248 III.B.a",
                "art. 35.1 RGPD ; WP248 III.B.a",
            ),
            ("GDPR Art. 6(1), 5(1)(a)-(b)", "art. 6.1, 5.1.a-b RGPD"),
            ("GDPR Art. 28(3)(a)-(h)", "art. 28.3.a-h RGPD"),
            (
                "GDPR Art. 46(1); SCC Clause 14",
                "art. 46.1 RGPD ; clause 14 CCT",
            ),
            (
                "GDPR Chapter V (Art. 44-49)",
                "chapitre V RGPD (art. 44-49)",
            ),
            ("GDPR Art. 37; § 38 BDSG", "art. 37 RGPD ; § 38 BDSG"),
            (
                "§ 87(1) no. 6 BetrVG; GDPR Art. 88",
                "§ 87.1 n° 6 BetrVG ; art. 88 RGPD",
            ),
            (
                "GDPR Art. 22; AI Act Art. 26, Annex III(4)",
                "art. 22 RGPD ; art. 26, annexe III.4 RIA",
            ),
            (
                "GDPR Art. 45; DPF Supplemental Principle 9",
                "art. 45 RGPD ; principe supplémentaire 9 DPF",
            ),
            ("GDPR Art. 15-22", "art. 15-22 RGPD"),
        ] {
            assert_eq!(cite(english, Lang::Fr), french, "{english}");
        }
    }

    #[test]
    fn english_is_as_written_and_german_names_the_dsgvo() {
        assert_eq!(cite("GDPR Art. 35(7)(a)", Lang::En), "GDPR Art. 35(7)(a)");
        assert_eq!(cite("GDPR Art. 35(7)(a)", Lang::De), "DSGVO Art. 35(7)(a)");
        assert_eq!(cite("something else", Lang::Fr), "something else");
    }

    /// Every reference of the built-in questionnaire comes out in French with no English word.
    #[test]
    fn every_builtin_reference_reads_french() {
        let q = crate::questionnaire::builtin().unwrap();
        let refs = q
            .questions()
            .flat_map(|q| std::iter::once(q).chain(q.fields.iter()))
            .filter_map(|q| q.legal.as_deref());
        let mut n = 0;
        for legal in refs {
            n += 1;
            let fr = cite(legal, Lang::Fr);
            for english in [
                "GDPR", "Art.", "Chapter", "Annex", "Clause", "no.", "AI Act",
            ] {
                assert!(!fr.contains(english), "{legal} -> {fr}");
            }
        }
        assert!(n > 50, "{n} references");
    }
}
