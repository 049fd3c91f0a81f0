//! Crafted inputs that used to exhaust memory or time (red team H3, M4, M5, M11, L14), each
//! generated here small but of the shape that triggered the finding. The scan must end with
//! a clear problem naming the file (or a bounded report), never an abort or a hang; timing is
//! left to the benchmarks.

use crate::util::*;
use std::path::Path;

fn problems_of<'a>(report: &'a serde_json::Value, file: &str) -> Vec<&'a serde_json::Value> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"].as_str().unwrap().ends_with(file))
        .collect()
}

fn message_with<'a>(problems: &[&'a serde_json::Value], needle: &str) -> &'a serde_json::Value {
    problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no problem says {needle:?}: {problems:?}"))
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn json_schema_ref_bomb_is_expanded_once() {
    // H3: 161 bytes, six properties referring to the root; 6 GB and SIGABRT before.
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<String> = (0..6)
        .map(|i| format!(r##""p{i}":{{"$ref":"#"}}"##))
        .collect();
    let bomb = write(
        dir.path(),
        "x.schema.json",
        &format!(
            r#"{{"type":"object","properties":{{{}}}}}"#,
            props.join(",")
        ),
    );
    let report = scan_json_clean(&[bomb], &[]);
    let warning = message_with(&problems_of(&report, "x.schema.json"), "recursive $ref");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(report["tables"][0]["columns"].as_array().unwrap().len(), 36);
}

#[test]
fn json_schema_defs_bomb_is_expanded_once() {
    // H3, the $defs variant: eight properties referring to their own definition.
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<String> = (0..8)
        .map(|i| format!(r##""p{i}":{{"$ref":"#/$defs/n"}}"##))
        .collect();
    let bomb = write(
        dir.path(),
        "defs.schema.json",
        &format!(
            r##"{{"$ref":"#/$defs/n","$defs":{{"n":{{"type":"object","properties":{{{}}}}}}}}}"##,
            props.join(",")
        ),
    );
    let report = scan_json_clean(&[bomb], &[]);
    message_with(&problems_of(&report, "defs.schema.json"), "recursive $ref");
}
