//! The scanner's evidence in the reader's language: `dpia scan --lang`, `dpia show --lang`
//! and the scan JSON's two forms (English `evidence`, language-neutral `evidence_items`).

use crate::util::*;

#[test]
fn the_scan_words_its_evidence_in_the_language_asked_for() {
    let tool = fixture("example/damage-reports");
    let out = run(&["scan", tool.to_str().unwrap(), "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("adresses e-mail\u{a0}: le nom de colonne «\u{a0}email\u{a0}» correspond à «\u{a0}email\u{a0}» (en)"),
        "{text}"
    );
    assert!(
        text.contains("35 des 35 valeurs (100\u{a0}%) sont de type «\u{a0}adresse e-mail\u{a0}»"),
        "{text}"
    );
    assert!(!text.contains("column name 'email' matches"), "{text}");
    // The code's flows too: the route that serves personal data without an access check.
    assert!(
        text.contains("GET /api/reports sert des données personnelles (Response.json(results)) et aucun contrôle d'accès n'a été trouvé"),
        "{text}"
    );
    let out = run(&["scan", tool.to_str().unwrap(), "--lang", "de"]);
    let text = stdout(&out);
    assert!(
        text.contains("Spaltenname 'geburtsdatum' entspricht 'geburtsdatum' (de)"),
        "{text}"
    );
}

#[test]
fn the_scan_json_keeps_english_strings_beside_the_codes() {
    let r = scan_json(&[fixture("example/damage-reports")], &[]);
    let tenants = r["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tenants")
        .unwrap();
    for c in tenants["columns"].as_array().unwrap() {
        let strings = c["evidence"].as_array().unwrap();
        let items = c["evidence_items"].as_array().unwrap();
        assert_eq!(strings.len(), items.len(), "{c}");
        for item in items {
            assert!(item["code"].is_string(), "{item}");
        }
    }
    let email = tenants["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "email")
        .unwrap();
    assert_eq!(
        email["evidence"][0],
        "email: column name 'email' matches 'email' (en)"
    );
    assert_eq!(email["evidence_items"][0]["code"], "for_category");
    // A flow's evidence: the English sentence and its code, or the code snippet itself.
    let route = r["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["missing"] == true)
        .unwrap();
    assert_eq!(route["evidence_item"]["code"], "flow.unprotected_route");
    assert!(route["evidence"]
        .as_str()
        .unwrap()
        .starts_with("GET /api/reports serves personal data (Response.json(results))"));
    for f in r["flows"].as_array().unwrap() {
        assert!(f["evidence_item"]["code"].is_string(), "{f}");
    }
    assert_eq!(email["evidence_items"][0]["args"]["category"], "email");
    assert_eq!(
        email["evidence_items"][0]["args"]["signal"],
        serde_json::json!({"code": "name.matches", "args": {"column": "email", "term": "email", "lang": "en"}})
    );
}

#[test]
fn show_words_the_recorded_evidence_in_its_language() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let de = ok(&in_record(&dir, &["show", &id[..8], "--lang", "de"]));
    assert!(
        de.contains("vom Scan gefundene personenbezogene Daten"),
        "{de}"
    );
    assert!(
        de.contains(
            "Geburtsdaten: 100\u{a0}% der Daten ergeben ein Alter zwischen 0 und 110 Jahren"
        ),
        "{de}"
    );
    let fr = ok(&in_record(&dir, &["show", &id[..8], "--lang", "fr"]));
    assert!(fr.contains("tenants.iban: coordonnées bancaires"), "{fr}");
    assert!(fr.contains("IBAN (clé mod 97 valide)"), "{fr}");
    // The lint checks the evidence wording of every language too.
    let lint = run(&["questionnaire", "lint"]);
    assert_eq!(lint.status.code(), Some(0), "{}", stderr(&lint));
}
