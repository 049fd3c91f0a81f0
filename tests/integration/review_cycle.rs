//! The review cycle (issue 15): `dpia review-due` gives drift found by `dpia check` as a
//! reason beside the dates, and `signoff.next_review` is suggested from the residual risk
//! (dpia's defaults in `src/reference/review.toml`, or the user's `review-months` setting).
//! The auditor's summary (`dpia audit --report`) names the same drift.

use crate::check::{check, drift, signed_tool};
use crate::util::{dpia, fixture, in_record, ok, stdout};

#[test]
fn drift_found_by_a_check_makes_the_dpia_due_for_review() {
    let s = signed_tool();
    let due = ok(&in_record(&s.record, &["review-due"]));
    assert!(due.starts_with("no signed assessment is due"), "{due}");
    drift(&s.tool);
    assert_eq!(check(&s, &[]).status.code(), Some(4));
    let due = ok(&in_record(&s.record, &["review-due"]));
    assert!(due.starts_with("DRIFT   "), "{due}");
    assert!(
        due.contains("drift: the check of 2026-11-26T09:00:00Z found 3 item(s)")
            && due.contains("worst high"),
        "{due}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&in_record(
        &s.record,
        &["review-due", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json[0]["id"], s.id.as_str());
    assert_eq!(json[0]["reasons"][0]["reason"], "drift");
    assert_eq!(json[0]["reasons"][0]["items"], 3);
    assert_eq!(json[0]["overdue"], false);
}

/// The example's answers without a next review date.
fn answers_without_next_review(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture("answers/damage-reports.answers.toml")).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("\"signoff.next_review\""))
        .collect();
    assert!(kept.len() < text.lines().count());
    let path = dir.join("answers.toml");
    std::fs::write(&path, kept.join("\n")).unwrap();
    path
}

#[test]
fn the_next_review_is_suggested_from_the_residual_risk() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = answers_without_next_review(tmp.path());
    let tool = fixture("example/damage-reports");
    let assess = |config: &std::path::Path| {
        dpia()
            .env("DPIA_CONFIG_DIR", config)
            .args(["assess", tool.to_str().unwrap(), "--answers"])
            .arg(&answers)
            .output()
            .unwrap()
    };
    // The example's residual risk is moderate: 12 months from 2026-11-25.
    let text = stdout(&assess(&tmp.path().join("no-settings")));
    assert!(
        text.contains("next review suggested for 25 November 2027: the residual risk is moderate"),
        "{text}"
    );
    assert!(
        text.contains("suggested from the residual risk, not yet confirmed: When will the DPIA next be reviewed?"),
        "still to confirm: {text}"
    );
    // The user's own intervals replace the defaults.
    let config = tmp.path().join("config");
    let out = dpia()
        .env("DPIA_CONFIG_DIR", &config)
        .args(["config", "set", "review-months", "moderate=6"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&assess(&config));
    assert!(
        text.contains("next review suggested for 25 May 2027") && text.contains("every 6 months"),
        "{text}"
    );
    let out = dpia()
        .env("DPIA_CONFIG_DIR", &config)
        .args(["config", "set", "review-months", "moderate=0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The auditor's summary (`dpia audit --report`, issue 18) names the drift the last check
/// found, in JSON and text; before the check it names none.
#[test]
fn the_audit_summary_names_the_drift_of_the_last_check() {
    let s = signed_tool();
    let summary = || {
        let out = in_record(&s.record, &["audit", "--report", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&ok(&out)).expect("json");
        v["assessments"][0]["drift"].clone()
    };
    assert!(summary().is_null());
    drift(&s.tool);
    assert_eq!(check(&s, &[]).status.code(), Some(4));
    let d = summary();
    assert_eq!(d["items"], 3, "{d}");
    assert_eq!(d["worst"], "high", "{d}");
    assert_eq!(d["checked_at"], "2026-11-26T09:00:00Z", "{d}");
    let text = ok(&in_record(&s.record, &["audit", "--report"]));
    assert!(
        text.contains("DRIFT: the check at 2026-11-26T09:00:00Z found 3 item(s), worst high"),
        "{text}"
    );
}
