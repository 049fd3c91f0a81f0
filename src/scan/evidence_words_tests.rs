//! The evidence wording: the shipped files are whole in every language, English reads as the
//! scan JSON always did, French and German follow their typography, and a broken file is
//! refused naming the line.

use super::*;

fn topics() -> Vec<String> {
    topics_of(&crate::scan::dictionary::Dictionary::builtin().unwrap())
}

#[test]
fn every_language_words_every_code_and_phrase() {
    let problems = check_builtin();
    assert!(problems.is_empty(), "{problems:#?}");
    // A language that lacks a code is a problem naming its file.
    let fr = FILES[2].2.replace("\"sample.none\" = ", "# ");
    let problems = check_file("templates/evidence.fr.toml", &fr, &topics());
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["templates/evidence.fr.toml: no words for evidence code 'sample.none'"]
    );
}

#[test]
fn english_kinds_are_the_recognisers_labels() {
    for k in ValueKind::ALL {
        let e = Evidence::new("values.kind")
            .with("count", 3i64)
            .with("n", 4i64)
            .with("share", super::super::evidence::percent(0.75))
            .with("kind", k);
        assert_eq!(
            words(&e, Lang::En),
            format!("3 of 4 values (75%) are {}", k.label())
        );
    }
}

fn example() -> Evidence {
    Evidence::for_category(
        Category::FreeText,
        Evidence::joined(vec![
            Evidence::new("name.matches")
                .with("column", "notes")
                .with("term", "notes")
                .with("lang", "en"),
            Evidence::new("values.prose_words")
                .with("share", super::super::evidence::percent(0.12))
                .with("words", 6.24),
        ]),
    )
}

#[test]
fn one_evidence_reads_in_each_language() {
    assert_eq!(
        words(&example(), Lang::En),
        "free_text: column name 'notes' matches 'notes' (en); 12% of values are human-written text (mean 6.2 words)"
    );
    assert_eq!(
        words(&example(), Lang::Fr),
        "texte libre\u{a0}: le nom de colonne «\u{a0}notes\u{a0}» correspond à «\u{a0}notes\u{a0}» (en)\u{a0}; 12\u{a0}% des valeurs sont du texte rédigé par une personne (en moyenne 6,2\u{a0}mots)"
    );
    assert_eq!(
        words(&example(), Lang::De),
        "Freitext: Spaltenname 'notes' entspricht 'notes' (en); 12\u{a0}% der Werte sind von Menschen geschriebener Text (im Mittel 6,2 Wörter)"
    );
}

#[test]
fn a_scan_recorded_before_evidence_was_data_shows_its_strings() {
    let mut c = crate::scan::model::ColumnReport {
        name: "email".into(),
        data_type: None,
        categories: vec![Category::Email],
        confidence: 0.9,
        evidence: vec!["email: column name 'email' matches 'email' (en)".into()],
        evidence_items: Vec::new(),
        declared_at: Vec::new(),
        category_confidence: vec![0.9],
        examples: Vec::new(),
        raw_examples: None,
        values_sampled: 0,
        needs_review: false,
    };
    assert_eq!(column_evidence(&c, Lang::Fr), c.evidence);
    c.evidence_items = vec![example()];
    assert!(column_evidence(&c, Lang::Fr)[0].starts_with("texte libre\u{a0}:"));
}

#[test]
fn a_broken_wording_file_is_refused_naming_the_line() {
    let en = FILES[0].2;
    let t = topics();
    let bad = en.replace("\"sample.none\" = ", "\"sample.nothing\" = ");
    let problems = check_file("e.toml", &bad, &t);
    assert!(
        problems
            .iter()
            .any(|p| p.line.is_some()
                && p.message.contains("unknown evidence code 'sample.nothing'")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p
            .message
            .contains("no words for evidence code 'sample.none'")),
        "{problems:?}"
    );
    let bad = en.replace(
        "({lang})\"\n\"name.contains\"",
        "({language})\"\n\"name.contains\"",
    );
    let problems = check_file("e.toml", &bad, &t);
    let p = problems
        .iter()
        .find(|p| p.message.contains("has no argument 'language'"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(
        p.line,
        Some(
            en.lines()
                .position(|l| l.starts_with("\"name.matches\""))
                .unwrap() as u64
                + 1
        )
    );
    let bad = en.replace("\"topic.cancer\" = \"cancer\"\n", "");
    let problems = check_file("e.toml", &bad, &t);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("no phrase 'topic.cancer'")),
        "{problems:?}"
    );
    let problems = check_file("e.toml", "version = 1\n[text\n", &t);
    assert_eq!(problems[0].line, Some(2), "{problems:?}");
}

#[test]
fn a_column_recorded_before_evidence_was_data_reads_and_writes_back_unchanged() {
    // The record keeps scans as JSON and names each by the SHA-256 of its canonical form: a
    // scan of the previous release must read without `evidence_items` and write back the
    // same bytes, or its stored id would no longer match.
    let old = serde_json::json!({
        "name": "email", "type": "TEXT", "categories": ["email"], "confidence": 0.98,
        "evidence": ["email: column name 'email' matches 'email' (en)", "35 non-empty values examined"],
        "category_confidence": [0.98], "values_sampled": 35, "needs_review": false
    });
    let c: crate::scan::model::ColumnReport = serde_json::from_value(old.clone()).unwrap();
    assert!(c.evidence_items.is_empty());
    assert_eq!(serde_json::to_value(&c).unwrap(), old);
    assert_eq!(
        column_evidence(&c, Lang::De),
        vec![
            "email: column name 'email' matches 'email' (en)".to_string(),
            "35 non-empty values examined".to_string()
        ]
    );
}
