//! `dpia check` (issue 15) on a copy of the example whose DPIA is signed: an unchanged tool is
//! covered (exit 0); a health-data column, a third-party call and a lost EU jurisdiction are
//! exactly three items in text, JSON and SARIF (validated against the OASIS schema) and exit
//! 4; a committed record export is verified, read without a database and never written;
//! `dpia revise`, answers and a signature make the check pass again and supersede the
//! signed assessment.

use crate::signing::{key_args, keygen, sign_with, strs};
use crate::util::{copy_tree, dpia, fixture, in_record, ok, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of the example (folder `damage-reports`) with a signed DPIA in a record.
pub(crate) struct Signed {
    pub tmp: tempfile::TempDir,
    pub record: PathBuf,
    pub tool: PathBuf,
    pub keys: PathBuf,
    pub id: String,
}

pub(crate) fn signed_tool() -> Signed {
    let tmp = tempfile::tempdir().expect("tmp");
    let tool = tmp.path().join("damage-reports");
    copy_tree(&fixture("example/damage-reports"), &tool);
    let record = tmp.path().join("record");
    let tool_arg = tool.to_str().unwrap();
    let id = ok(&in_record(
        &record,
        &["new", tool_arg, "--title", "Damage reports"],
    ));
    let id = id.trim().to_string();
    let answers = fixture("answers/damage-reports.answers.toml");
    ok(&in_record(
        &record,
        &["answer", &id[..8], "--answers", answers.to_str().unwrap()],
    ));
    let keys = tmp.path().join("keys");
    keygen(&record, &keys);
    let pdf = tmp.path().join("signed.pdf");
    let out = sign_with(&record, &id, &pdf, &strs(&key_args(&keys)), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    Signed {
        tmp,
        record,
        tool,
        keys,
        id,
    }
}

/// `dpia check damage-reports ARGS` run from the folder that holds the copy (as CI runs it
/// at a repository's root), on the record.
pub(crate) fn check(s: &Signed, args: &[&str]) -> Output {
    dpia()
        .current_dir(s.tmp.path())
        .env("DPIA_AUTHOR", "CI")
        .env("DPIA_NOW", "2026-11-26T09:00:00Z")
        .arg("--record")
        .arg(&s.record)
        .args(["check", "damage-reports"])
        .args(args)
        .output()
        .expect("dpia runs")
}

/// The three changes: a migration adding a diagnosis column with a row naming an illness,
/// a call to a new third party in the Worker, and the D1 database's EU jurisdiction gone
/// from the wrangler configuration and from the script that creates it.
pub(crate) fn drift(tool: &Path) {
    std::fs::write(
        tool.join("migrations/0004_diagnosis.sql"),
        "-- Migration number: 0004\n\
         ALTER TABLE damage_reports ADD COLUMN diagnosis TEXT;\n\
         INSERT INTO damage_reports (id, tenant_id, reported_at, category, beschreibung, status, diagnosis) \
         VALUES (900, 3, '2026-11-19T09:00:00', 'mould', 'Schimmel im Schlafzimmer hinter dem Schrank.', \
         'open', 'Die Mieterin hat Asthma, ein ärztliches Attest liegt vor.');\n",
    )
    .unwrap();
    edit(
        &tool.join("src/index.ts"),
        "  const summary = await summarise(env, body.beschreibung);\n",
        "  const summary = await summarise(env, body.beschreibung);\n  \
         await fetch(\"https://api.claims-broker.example/v1/claims\", {\n    \
         method: \"POST\",\n    \
         body: JSON.stringify({ email: tenant.email, text: body.beschreibung }),\n  });\n",
    );
    edit(
        &tool.join("wrangler.jsonc"),
        "      \"jurisdiction\": \"eu\", // data stays in the EU\n",
        "",
    );
    edit(&tool.join("package.json"), " --jurisdiction eu", "");
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const EXPECTED: [&str; 3] = [
    "drift.new_column",
    "drift.jurisdiction_changed",
    "drift.new_third_party",
];

fn events(s: &Signed) -> String {
    ok(&in_record(&s.record, &["history", &s.id[..8]]))
}

#[test]
fn an_unchanged_tool_is_covered_and_the_check_is_logged() {
    let s = signed_tool();
    let out = check(&s, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("checked against \"Damage reports\""),
        "{text}"
    );
    assert!(text.contains("no drift"), "{text}");
    let history = events(&s);
    assert!(
        history.contains("checked") && history.contains("covered (fail on review): 0 item(s)"),
        "{history}"
    );
    ok(&in_record(&s.record, &["audit"]));
    // --no-record logs nothing.
    let before = events(&s);
    assert_eq!(check(&s, &["--no-record"]).status.code(), Some(0));
    assert_eq!(events(&s), before);
}

#[test]
fn three_changes_are_exactly_three_items_in_every_format() {
    let s = signed_tool();
    drift(&s.tool);

    let out = check(&s, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(4), "{text}{}", stderr(&out));
    let items: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(items.len(), 3, "{text}");
    for expected in [
        "[high] damage_reports.diagnosis: a column with free text, health data (Art. 9)",
        "where:           damage-reports/migrations/0004_diagnosis.sql",
        "question:        necessity.art9_condition: ",
        "[high] d1 damage-reports-prod: the jurisdiction changed from eu to unknown",
        "damage-reports/wrangler.jsonc:",
        "[high] the code now sends e-mail addresses, free text, health data (Art. 9) to api.claims-broker.example",
        "where:           damage-reports/src/index.ts:58",
        "why it matters:  A recipient the DPIA does not name",
        "result: the DPIA needs a review",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }

    let out = check(&s, &["--format", "json", "--no-record"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, EXPECTED);
    assert_eq!(json["result"], "drift");
    assert_eq!(json["worst"], "high");
    assert_eq!(json["assessment"]["id"], s.id.as_str());
    assert_ne!(
        json["fingerprints"]["scan"],
        json["fingerprints"]["signed_scan"]
    );
    assert_eq!(json["items"][0]["question"], "necessity.art9_condition");
    assert!(json["items"][2]["why"]
        .as_str()
        .unwrap()
        .contains("processing agreement"));

    let out = check(&s, &["--format", "sarif", "--no-record"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sarif/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{log:#}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules, EXPECTED);
    let fetch = &results[2]["locations"][0]["physicalLocation"];
    assert_eq!(
        fetch["artifactLocation"]["uri"],
        "damage-reports/src/index.ts"
    );
    assert_eq!(fetch["region"]["startLine"], 58);
    assert!(results.iter().all(|r| r["level"] == "error"));

    // The threshold: everything here is high, so --fail-on high fails too; the check that
    // did not pass --no-record logged the drift.
    assert_eq!(
        check(&s, &["--fail-on", "high", "--no-record"])
            .status
            .code(),
        Some(4)
    );
    let history = events(&s);
    assert!(
        history.contains("drift (fail on review): 3 item(s), worst high"),
        "{history}"
    );
}

#[test]
fn a_committed_record_export_is_verified_read_and_never_written() {
    let s = signed_tool();
    let export = s.tool.join("dpia-record.json");
    ok(&in_record(
        &s.record,
        &["record", "export", export.to_str().unwrap()],
    ));
    let bytes = std::fs::read(&export).unwrap();
    let run = |file: &str| {
        dpia()
            .current_dir(s.tmp.path())
            .args(["check", "damage-reports", "--record-file", file])
            .output()
            .expect("dpia runs")
    };
    // The export beside the tool is not scanned as the tool's data: no drift.
    let out = run("damage-reports/dpia-record.json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    drift(&s.tool);
    let out = run("damage-reports/dpia-record.json");
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().filter(|l| l.starts_with('[')).count(),
        3
    );
    assert_eq!(std::fs::read(&export).unwrap(), bytes, "never written");
    assert!(
        !events(&s).contains("checked"),
        "the record folder was not used"
    );
    // An export changed after it was written is refused: exit 3, naming the break.
    let text = String::from_utf8(bytes).unwrap();
    let forged = text.replacen(
        "\"title\":\"Damage reports\"",
        "\"title\":\"Damage report\"",
        1,
    );
    assert_ne!(forged, text);
    std::fs::write(s.tmp.path().join("forged.json"), forged).unwrap();
    let out = run("forged.json");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("forged.json does not verify"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_tool_without_a_signed_assessment_is_an_error_listing_the_candidates() {
    let s = signed_tool();
    let other = s.tmp.path().join("payroll");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("staff.csv"),
        "name,email\nAnna,anna@example.org\n",
    )
    .unwrap();
    let out = dpia()
        .current_dir(s.tmp.path())
        .arg("--record")
        .arg(&s.record)
        .args(["check", "payroll"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no signed assessment"), "{err}");
    assert!(
        err.contains("pass --against ID") && err.contains("\"Damage reports\""),
        "{err}"
    );
}

#[test]
fn a_revised_and_signed_successor_is_covered_and_supersedes_the_signed_one() {
    let s = signed_tool();
    drift(&s.tool);
    assert_eq!(check(&s, &["--no-record"]).status.code(), Some(4));
    // The successor: answers carried over, the tool scanned again at its recorded path, the
    // answers the drift affects to be confirmed again.
    let out = in_record(&s.record, &["revise", &s.id[..8]]);
    let new = ok(&out).trim().to_string();
    assert_eq!(new.len(), 64, "the id alone on stdout: {new}");
    let err = stderr(&out);
    for expected in [
        "3 drift item(s) since the signed scan",
        "to confirm again",
        "necessity.art9_condition",
        "transfers.components",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    // Not signable until those answers are confirmed.
    let pdf = s.tmp.path().join("successor.pdf");
    let out = sign_with(&s.record, &new, &pdf, &strs(&key_args(&s.keys)), "en");
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("missing"), "{}", stderr(&out));
    let answers = fixture("answers/damage-reports.answers.toml");
    ok(&in_record(
        &s.record,
        &["answer", &new[..8], "--answers", answers.to_str().unwrap()],
    ));
    let out = sign_with(&s.record, &new, &pdf, &strs(&key_args(&s.keys)), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = check(&s, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains(&format!("({}", &new[..12])),
        "{}",
        stdout(&out)
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&in_record(&s.record, &["list", "--format", "json"]))).unwrap();
    let status = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| {
                (
                    a["status"].clone(),
                    a["predecessor"].clone(),
                    a["successor"].clone(),
                )
            })
            .unwrap()
    };
    let (old_status, _, old_successor) = status(&s.id);
    assert_eq!(old_status, "superseded");
    assert_eq!(old_successor, new.as_str());
    let (new_status, new_predecessor, _) = status(&new);
    assert_eq!(new_status, "signed");
    assert_eq!(new_predecessor, s.id.as_str());
    let history = events(&s);
    let chain = format!(
        "revisions: *{} superseded → {} signed",
        &s.id[..12],
        &new[..12]
    );
    assert!(history.starts_with(&chain), "{history}");
    assert!(history.contains(&format!("(successor {new})")), "{history}");
    assert!(history.contains(&format!("(by {new})")), "{history}");
    let shown = ok(&in_record(&s.record, &["show", &new[..8]]));
    assert!(shown.contains(&format!("revises: {}", s.id)), "{shown}");
    ok(&in_record(&s.record, &["audit"]));
}
