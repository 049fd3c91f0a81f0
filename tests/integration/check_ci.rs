//! The README's CI recipe for `dpia check` (issue 15), run as written: its pre-commit hook
//! (exit 0, then 4 with its message once the tool drifts) and its workflow's command at the
//! tool's root (SARIF places relative to the repository).

use crate::check::{drift, signed_tool};
use crate::util::{dpia, in_record, ok, stderr, stdout};
use std::path::Path;

/// The fenced block after `marker` in the README.
fn readme_block(marker: &str) -> String {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let start = readme.find(marker).expect("marker in README");
    let rest = &readme[start..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_ci_recipe_and_pre_commit_hook_work_at_the_tools_root() {
    let s = signed_tool();
    let export = s.tool.join("dpia-record.json");
    ok(&in_record(
        &s.record,
        &["record", "export", export.to_str().unwrap()],
    ));
    let hook = s.tmp.path().join("pre-commit");
    std::fs::write(&hook, readme_block("`.git/hooks/pre-commit`")).unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_dpia"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = || {
        std::process::Command::new("sh")
            .arg(&hook)
            .current_dir(&s.tool)
            .env("PATH", &path)
            .env("DPIA_CONFIG_DIR", crate::util::NO_SETTINGS)
            .env_remove("DPIA_RECORD_DIR")
            .output()
            .unwrap()
    };
    let out = run_hook();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    drift(&s.tool);
    let out = run_hook();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ask the DPO to revise it"),
        "{}",
        stderr(&out)
    );
    // The workflow's command: SARIF with places relative to the repository's root.
    let workflow = readme_block("`.github/workflows/dpia.yml`");
    assert!(workflow
        .contains("dpia check . --record-file dpia-record.json --format sarif > dpia.sarif"));
    let out = dpia_at(&s.tool)
        .args([
            "check",
            ".",
            "--record-file",
            "dpia-record.json",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "migrations/0004_diagnosis.sql",
            "package.json",
            "src/index.ts"
        ]
    );
}

/// The binary run in `dir` without a record folder.
fn dpia_at(dir: &Path) -> std::process::Command {
    let mut cmd = dpia();
    cmd.current_dir(dir);
    cmd
}
