//! The exit code of `dpia scan` (code review S6): 1 after the full report when an input had an
//! error, 0 with warnings only, 3 when a `--fail-on` gate finds what it looks for.

use crate::util::*;

fn tool(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const PEOPLE: &str = "id,email\n1,anna@example.org\n2,ben@example.org\n";

#[test]
fn a_bad_file_beside_a_good_one_prints_the_report_and_exits_1() {
    let dir = tool(&[("people.csv", PEOPLE), ("broken.json", "{\"a\": [1, 2,")]);
    let out = run(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("people") && text.contains("email"), "{text}");
    assert!(
        text.contains("broken.json"),
        "the problem is listed: {text}"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with("error: the scan is partial: 1 error(s) in 1 input(s)"),
        "{err}"
    );
    assert!(
        err.contains("caused by: ") && err.contains("broken.json"),
        "{err}"
    );
}

#[test]
fn warnings_alone_exit_0() {
    // A ragged row and a Latin-1 value are warnings.
    let dir = tool(&[(
        "people.csv",
        "id,email\n1,anna@example.org\n2\n3,m\u{fc}ller\n",
    )]);
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"name,email\nM\xfcller,m@example.org\n").unwrap();
    let report = scan_json_clean(&[dir.path().to_path_buf()], &[]);
    let problems = report["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(problems.iter().all(|p| p["severity"] == "warning"));
}

#[test]
fn fail_on_art9_and_any_exit_3_naming_the_columns() {
    let dir = tool(&[
        ("people.csv", PEOPLE),
        (
            "visits.csv",
            "id,diagnose\n1,Diabetes Typ 2\n2,Depression und Krankschreibung\n3,schwanger seit Mai\n",
        ),
    ]);
    let path = dir.path().to_str().unwrap();
    let out = run(&["scan", "--fail-on", "art9", path]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("special-category data (GDPR Art. 9)"), "{err}");
    assert!(err.contains("caused by: visits.diagnose"), "{err}");
    assert!(
        stdout(&out).contains("! diagnose"),
        "the report is printed first"
    );

    let people = dir.path().join("people.csv");
    let out = run(&["scan", "--fail-on", "art9", people.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "no Art. 9 data: {}",
        stderr(&out)
    );
    let out = run(&["scan", "--fail-on", "any", people.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("caused by: people.email"));
}
