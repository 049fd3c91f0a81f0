//! `dpia config` and where the author comes from: the settings file in DPIA_CONFIG_DIR,
//! used by every command that writes to the record; an answers file of another tool is
//! refused by `dpia answer` before it replaces the findings.

use crate::util::{dpia, fixture, ok, stderr};
use std::path::Path;

fn config(dir: &Path, args: &[&str]) -> std::process::Output {
    dpia()
        .env("DPIA_CONFIG_DIR", dir)
        .env_remove("DPIA_AUTHOR")
        .arg("config")
        .args(args)
        .output()
        .expect("dpia runs")
}

#[test]
fn the_author_setting_names_who_made_each_change() {
    let tmp = tempfile::tempdir().expect("tmp");
    let conf = tmp.path().join("conf");
    let show = ok(&config(&conf, &["show"]));
    assert!(
        show.contains("settings.toml") && show.contains("author"),
        "{show}"
    );
    ok(&config(&conf, &["set", "author", "Dr. Anna Müller"]));
    ok(&config(&conf, &["set", "export-dir", "/srv/dpia"]));
    assert_eq!(
        ok(&config(&conf, &["get", "author"])).trim(),
        "Dr. Anna Müller"
    );
    let text = std::fs::read_to_string(conf.join("settings.toml")).expect("settings");
    assert!(text.contains("export-dir = \"/srv/dpia\""), "{text}");
    // A record entry made without --author or DPIA_AUTHOR names the configured author.
    let record = tmp.path().join("record");
    let tool = fixture("example/damage-reports");
    let id = ok(&dpia()
        .env("DPIA_CONFIG_DIR", &conf)
        .env_remove("DPIA_AUTHOR")
        .arg("--record")
        .arg(&record)
        .args([
            "new",
            tool.to_str().expect("path"),
            "--title",
            "Damage reports",
        ])
        .output()
        .expect("new"));
    let history = ok(&dpia()
        .arg("--record")
        .arg(&record)
        .args(["history", id.trim()])
        .output()
        .expect("history"));
    assert!(history.contains("Dr. Anna Müller"), "{history}");
    // Unset removes it.
    ok(&config(&conf, &["unset", "author"]));
    assert_eq!(ok(&config(&conf, &["get", "author"])), "");
}

#[test]
fn unknown_settings_and_broken_files_are_clear_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = config(tmp.path(), &["set", "colour", "red"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown setting 'colour'"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        tmp.path().join("settings.toml"),
        "author = \"A\"\nnope = 1\n",
    )
    .expect("write");
    let out = config(tmp.path(), &["show"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("settings.toml:2"), "{}", stderr(&out));
}

/// The walkthrough imported the damage-report tool's answers into an HR tool's assessment:
/// its findings became columns that tool does not have, and it was signed.
#[test]
fn another_tools_answers_file_does_not_replace_the_findings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let tool = tmp.path().join("hr");
    std::fs::create_dir_all(&tool).expect("tool");
    std::fs::copy(
        fixture("legal/hr-absence/absences.csv"),
        tool.join("absences.csv"),
    )
    .expect("copy");
    let answers = fixture("answers/damage-reports.answers.toml");
    let out = dpia()
        .args(["assess", tool.to_str().expect("path"), "--answers"])
        .arg(&answers)
        .output()
        .expect("assess");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("damage-reports.answers.toml") && err.contains("has no column"),
        "{err}"
    );
    assert!(err.contains("'properties.street'"), "{err}");
}
