//! `dpia import --cnil` and `dpia export --cnil` on the hand-written CNIL PIA fixtures: an
//! import is an assessment with an `imported` event naming the file's SHA-256, exports back
//! to a file with the five keys, and round-trips; a malformed file imports nothing.

use crate::util::{fixture, in_record, ok, stderr};
use serde_json::Value;
use std::path::Path;

fn import(dir: &Path, file: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import", "--cnil", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(&in_record(dir, &args)).trim().to_string()
}

/// The answers (values and notes) of an assessment's current version.
fn answers(dir: &Path, id: &str) -> Value {
    let shown: Value =
        serde_json::from_str(&ok(&in_record(dir, &["show", id, "--format", "json"]))).unwrap();
    shown["version"]["content"]["answers"].clone()
}

#[test]
fn an_import_is_an_assessment_that_names_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let file = fixture("cnil/full.json");
    let id = import(&dir, &file, &[]);
    assert_eq!(id.len(), 64, "{id}");
    let list = ok(&in_record(&dir, &["list", "--format", "json"]));
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["title"], "Expense refunds tool");
    assert_eq!(
        list[0]["tool_path"],
        format!("cnil:{}", file.display()).as_str()
    );
    let history = ok(&in_record(&dir, &["history", &id[..8]]));
    let sha = dpia::digest::sha256_hex(&std::fs::read(&file).unwrap());
    let imported = history
        .lines()
        .find(|l| l.contains("imported"))
        .unwrap_or_else(|| panic!("{history}"));
    assert!(imported.contains(&format!("SHA-256 {sha}")), "{imported}");
    let a = answers(&dir, &id[..8]);
    assert!(a["values"]["description.purposes"]["value"]
        .as_str()
        .unwrap()
        .starts_with("The expense tool"));
    assert_eq!(a["values"]["description.purposes"]["origin"], "given");
    assert!(a["notes"]["signoff.decision"].is_array(), "{a}");
    // Answered in dpia, it keeps its notes; there is no tool to rescan.
    let more = tmp.path().join("more.toml");
    std::fs::write(&more, "\"description.controller\" = \"Example GmbH\"\n").unwrap();
    ok(&in_record(
        &dir,
        &["answer", &id[..8], "--answers", more.to_str().unwrap()],
    ));
    let b = answers(&dir, &id[..8]);
    assert_eq!(b["notes"], a["notes"]);
    assert_eq!(
        b["values"]["description.controller"]["value"],
        "Example GmbH"
    );
    let o = in_record(
        &dir,
        &[
            "answer",
            &id[..8],
            "--answers",
            more.to_str().unwrap(),
            "--rescan",
        ],
    );
    assert!(
        stderr(&o).contains("without a tool to rescan"),
        "{}",
        stderr(&o)
    );
    // The record holds it as any other assessment.
    ok(&in_record(&dir, &["audit"]));
}

#[test]
fn import_export_import_gives_equal_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    for (name, lang) in [
        ("full.json", "en"),
        ("german.json", "de"),
        ("edge-cases.json", "en"),
        ("custom-template.json", "en"),
        ("real/2018-02-21-pia-example.json", "fr"),
        ("real/cypress-pia.json", "fr"),
    ] {
        let first = import(&dir, &fixture(&format!("cnil/{name}")), &["--lang", lang]);
        let out = tmp.path().join(format!("out-{}", name.replace('/', "-")));
        let o = in_record(
            &dir,
            &["export", &first[..8], "--cnil", out.to_str().unwrap()],
        );
        ok(&o);
        assert!(stderr(&o).contains(out.to_str().unwrap()));
        let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        for key in ["pia", "answers", "measures", "evaluations", "comments"] {
            assert!(
                json[key].is_object() || json[key].is_array(),
                "{name}: {key}"
            );
        }
        let second = import(&dir, &out, &["--lang", lang, "--title", "again"]);
        assert_ne!(first, second);
        assert_eq!(
            answers(&dir, &first[..8]),
            answers(&dir, &second[..8]),
            "{name}"
        );
        let history = ok(&in_record(&dir, &["history", &first[..8]]));
        assert!(
            history.contains("exported") && history.contains("cnil"),
            "{history}"
        );
    }
}

#[test]
fn a_malformed_file_imports_nothing_and_names_the_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    for (name, place) in [
        ("no-pia.json", "$: missing field `pia`"),
        (
            "wrong-type.json",
            "$.answers[1].data.gauge: expected a whole number",
        ),
        (
            "unknown-question.json",
            "$.answers[1].reference_to: unknown question 118",
        ),
        (
            "bad-gauge.json",
            "$.answers[0].data.gauge: 7 is not a gauge level",
        ),
        (
            "bad-evaluation.json",
            "$.evaluations[1].reference_to: '9.9'",
        ),
        ("truncated.json", "$: EOF while parsing"),
        (
            "pia-not-object.json",
            "$.pia: expected an object, found an array",
        ),
    ] {
        let file = fixture(&format!("cnil/invalid/{name}"));
        let o = in_record(&dir, &["import", "--cnil", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("error: cannot import {}", file.display())),
            "{err}"
        );
        assert!(err.contains(place), "{name}: {err}");
        assert!(o.stdout.is_empty());
    }
    assert!(!dir.exists(), "a failed import creates no record");
}

#[test]
fn an_import_can_scan_the_tool_and_an_assessment_made_in_dpia_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let tool = fixture("example/damage-reports");
    let id = import(
        &dir,
        &fixture("cnil/minimal.json"),
        &["--tool", tool.to_str().unwrap(), "--title", "With the scan"],
    );
    let shown: Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id[..8], "--format", "json"],
    )))
    .unwrap();
    assert!(!shown["version"]["content"]["scan"]["tables"]
        .as_array()
        .unwrap()
        .is_empty());
    let (example, _) = crate::util::assessed(&dir);
    let out = tmp.path().join("example.json");
    ok(&in_record(
        &dir,
        &[
            "export",
            &example[..8],
            "--cnil",
            out.to_str().unwrap(),
            "--lang",
            "de",
        ],
    ));
    let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["pia"]["name"], "Damage reports");
    let texts: String = json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["data"]["text"].as_str())
        .collect();
    assert!(
        texts.contains("Kategorien personenbezogener Daten"),
        "{texts}"
    );
    // --pdf or --cnil, one of them.
    let o = in_record(&dir, &["export", &example[..8]]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn show_lists_the_imported_notes_in_words_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let id = import(&dir, &fixture("cnil/custom-template.json"), &[]);
    let text = ok(&in_record(&dir, &["show", &id[..8]]));
    let notes = &text[text.find("imported notes (").expect(&text)..];
    for line in [
        "  description.purposes (",
        "    CNIL PIA, question 114",
        "      Logistics and security.",
        "      Question: Which business units use the badge readers?",
        "      Part of the CNIL template: 1.1",
        "    CNIL PIA, comment on question 114",
        "      Ask logistics.",
        "  risks.list (",
        "      Question: Which connected devices are involved?",
    ] {
        assert!(notes.contains(line), "missing {line:?} in:\n{notes}");
    }
    // In German, the words of the notes follow --lang.
    let de = ok(&in_record(&dir, &["show", &id[..8], "--lang", "de"]));
    assert!(de.contains("Frage: Which business units"), "{de}");
    // JSON: the same notes in words, per question.
    let json: Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &id[..8], "--format", "json"],
    )))
    .unwrap();
    let notes = json["imported_notes"].as_array().expect("imported_notes");
    let purposes = notes
        .iter()
        .find(|q| q["question"] == "description.purposes")
        .expect("purposes");
    assert!(purposes["heading"].as_str().is_some());
    let groups = purposes["groups"].as_array().unwrap();
    assert!(groups
        .iter()
        .any(|g| g["label"] == "CNIL PIA, question 114"
            && g["lines"][0] == "Logistics and security."));
    // An assessment without notes has an empty list and no notes section.
    let (plain, _) = crate::util::assessed(&dir);
    let text = ok(&in_record(&dir, &["show", &plain[..8]]));
    assert!(!text.contains("imported notes"), "{text}");
    let json: Value = serde_json::from_str(&ok(&in_record(
        &dir,
        &["show", &plain[..8], "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json["imported_notes"], serde_json::json!([]));
}

#[test]
fn a_custom_templates_questions_come_back_as_the_same_questions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let id = import(&dir, &fixture("cnil/custom-template.json"), &[]);
    let out = tmp.path().join("back.json");
    ok(&in_record(
        &dir,
        &["export", &id[..8], "--cnil", out.to_str().unwrap()],
    ));
    let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let answer = json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["reference_to"] == 114)
        .expect("the answer to question 114");
    assert_eq!(answer["data"]["text"], "<p>Logistics and security.</p>");
    let titles: Vec<&str> = json["pia"]["structure_data"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        // The measures item and the validation items have no questions, as in the CNIL
        // tool's own template.
        .flat_map(|i| i["questions"].as_array().into_iter().flatten())
        .filter_map(|q| q["title"].as_str())
        .collect();
    assert!(titles.contains(&"Which business units use the badge readers?"));
    assert!(titles.contains(&"Which connected devices are involved?"));
    assert!(json["comments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["reference_to"] == 114 && c["description"] == "Ask logistics."));
}

#[test]
fn the_cnil_tools_own_example_reads_right_in_show() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    let file = fixture("cnil/real/2018-02-21-pia-example.json");
    let id = import(&dir, &file, &["--lang", "fr"]);
    let shown = ok(&in_record(&dir, &["show", &id[..8], "--lang", "fr"]));
    assert!(shown.contains("Captoo"), "{shown}");
    // The three CNIL risks with their gauges, and the evaluator's re-rating of the first.
    assert!(
        shown.contains("R1 Accès illégitime à des données"),
        "{shown}"
    );
    // Notes in French under their question: the CNIL comment on question 212.
    assert!(
        shown.contains("Le fondement juridique correspondant à l’exécution du contrat"),
        "{shown}"
    );
    // French typography in the notes' labels too: a no-break space before the colon.
    assert!(
        shown.contains("Motif du refus\u{a0}: Rapport incomplet"),
        "{shown}"
    );
}
