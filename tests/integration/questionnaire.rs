//! `dpia questionnaire lint` on the shipped questionnaire and on one broken file per defect,
//! and `dpia assess` on the bundled example with its answers file.

use crate::util::*;

fn lint(path: &std::path::Path) -> std::process::Output {
    dpia()
        .arg("questionnaire")
        .arg("lint")
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn shipped_questionnaires_lint_clean() {
    let out = run(&["questionnaire", "lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("questionnaires/dpia.toml: ok"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let mut linted = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let is_questionnaire = path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "coverage.toml");
        if is_questionnaire {
            linted += 1;
            let out = lint(&path);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                path.display(),
                stderr(&out)
            );
        }
    }
    assert!(linted >= 1, "no questionnaire found to lint");
    let out = lint(&fixture("questionnaires/mini.toml"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Each broken questionnaire names its file, the line and the defect.
#[test]
fn each_defect_is_reported_with_file_and_line() {
    let cases = [
        (
            "duplicate_id.toml",
            28,
            "duplicate question id 'screening.art35_3b'",
        ),
        (
            "unknown_condition_id.toml",
            68,
            "unknown question 'description.categories'",
        ),
        (
            "missing_translation.toml",
            189,
            "missing the 'de' translation",
        ),
        (
            "choice_without_label.toml",
            34,
            "choice 'large_scale' has no label",
        ),
        (
            "condition_cycle.toml",
            16,
            "cycle: screening.art35_3a -> screening.art35_3c",
        ),
        (
            "unknown_choice_in_condition.toml",
            68,
            "'gesundheit', which is not one of its choices",
        ),
        ("syntax_error.toml", 171, "unclosed array table"),
    ];
    for (file, line, message) in cases {
        let out = lint(&fixture(&format!("questionnaires/invalid/{file}")));
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = stderr(&out);
        let expected = format!("{file}:{line}: ");
        assert!(
            err.lines()
                .any(|l| l.contains(&expected) && l.contains(message)),
            "{file}: expected '{expected}…{message}' in:\n{err}"
        );
    }
}

/// `dpia assess` on the bundled example, run from the crate root with a relative path, so
/// the places in the evaluation (`tests/fixtures/…/src/index.ts:48`) do not depend on where
/// the checkout lives.
fn assess(extra: &[&str]) -> std::process::Output {
    let mut cmd = dpia();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("assess")
        .arg("tests/fixtures/example/damage-reports")
        .args(extra);
    cmd.output().unwrap()
}

#[test]
fn assess_the_bundled_example_with_its_answers() {
    let answers = fixture("answers/damage-reports.answers.toml");
    let out = assess(&["--answers", answers.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["questionnaire_id"], "dpia-gdpr");
    assert_eq!(e["screening"]["outcome"], "required");
    assert_eq!(
        e["missing"].as_array().unwrap().len(),
        0,
        "{}",
        e["missing"]
    );
    assert_eq!(e["art36_consultation_required"], false);
    let transfers = e["transfers"].as_array().unwrap();
    assert!(transfers
        .iter()
        .any(|t| t["location"] == "EU" || t["location"] == "DE"));
    assert!(e["risks"].as_array().unwrap().len() >= 3);
    // German wording of questions and of the evaluation's reasons and findings.
    let out = assess(&["--lang", "de"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("offen vor der Freigabe"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("nicht beantwortet: "),
        "{}",
        stdout(&out)
    );
    let out = assess(&["--answers", answers.to_str().unwrap(), "--lang", "de"]);
    let text = stdout(&out);
    assert!(text.contains("zutreffende WP248-Kriterien (2)"), "{text}");
    assert!(
        text.contains("liegt im EWR: keine Übermittlung (Art. 44 DSGVO)"),
        "{text}"
    );
}

#[test]
fn assess_without_answers_lists_what_is_missing_and_suggests_from_the_scan() {
    let out = assess(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["screening"]["outcome"], "undetermined");
    let missing = e["missing"].as_array().unwrap();
    assert!(missing
        .iter()
        .any(|m| m["question"] == "description.data_categories"
            && m["finding"]["code"] == "missing.suggested"
            && m["finding"]["text"]
                .as_str()
                .unwrap()
                .contains("suggested from the scan")));
    assert!(
        missing
            .iter()
            .any(|m| m["question"] == "necessity.art9_condition"),
        "health data in the example makes the Art. 9(2) question appear"
    );
}

#[test]
fn bad_answers_name_file_line_and_question() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.toml");
    std::fs::write(
        &file,
        "questionnaire = \"dpia-gdpr\"\n\"screening.art35_3a\" = \"maybe\"\n\"screening.nonsense\" = true\n",
    )
    .unwrap();
    let out = assess(&["--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("answers.toml:2: screening.art35_3a: expected true or false"),
        "{err}"
    );
    assert!(
        err.contains("answers.toml:3: screening.nonsense: unknown question id"),
        "{err}"
    );
    assert!(err.contains("hint: `dpia questionnaire show`"), "{err}");
}

/// Every legal requirement is answered by questions that exist.
#[test]
fn every_requirement_is_covered_by_existing_questions() {
    #[derive(serde::Deserialize)]
    struct Coverage {
        questionnaire: String,
        requirements: std::collections::BTreeMap<String, Vec<String>>,
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let coverage: Coverage = toml::from_str(
        &std::fs::read_to_string(root.join("questionnaires/coverage.toml")).unwrap(),
    )
    .unwrap();
    let q = dpia::questionnaire::builtin().unwrap();
    assert_eq!(coverage.questionnaire, q.id);
    assert!(coverage.requirements.len() >= 18);
    for (requirement, ids) in &coverage.requirements {
        assert!(!ids.is_empty(), "{requirement}: no question");
        for id in ids {
            let found = match id.split_once('/') {
                Some((group, field)) => q.question(group).and_then(|g| g.field(field)).is_some(),
                None => q.question(id).is_some(),
            };
            assert!(found, "{requirement}: question {id} does not exist");
        }
    }
}

/// The whole evaluation of the bundled example in English, German and French, as reviewed insta
/// snapshots (`cargo insta review` after an intended change; CI never updates them).
#[test]
fn evaluation_of_the_bundled_example_matches_its_snapshot() {
    let answers = fixture("answers/damage-reports.answers.toml");
    let out = assess(&["--answers", answers.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("example_evaluation_json", stdout(&out));
    for lang in ["en", "de", "fr"] {
        let out = assess(&["--answers", answers.to_str().unwrap(), "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(format!("example_evaluation_{lang}"), stdout(&out));
    }
}
