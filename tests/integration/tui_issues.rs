//! The TUI's parts of issues 15, 16 and 18 in a real terminal (tmux), on a copy of the example
//! whose DPIA is signed and whose tool then drifted (`dpia check` exits 4): opening it shows
//! the drift list with the three items, Enter on one lands on its question, `D` shows the list
//! again; `i` on the dashboard imports a CNIL PIA file and selects it; `a` shows the auditor's
//! summary with the signer's certificate and the drift.

use crate::check::{check, drift, signed_tool};
use crate::tui::Tmux;
use crate::util::{fixture, in_record, ok};

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn drift_list_cnil_import_and_audit_summary_in_the_terminal_ui() {
    let s = signed_tool();
    drift(&s.tool);
    assert_eq!(check(&s, &[]).status.code(), Some(4));
    let ui = Tmux::start(s.tmp.path(), &s.record, "issues", 120, 40);
    ui.wait_for("Damage reports ⚠ drift (high)");
    ui.keys(&["Enter"]);
    let screen = ui.wait_for("Drift since the signature");
    for part in [
        "found 3 item(s)",
        "damage_reports.diagnosis",
        "where: migrations/0004_diagnosis.sql",
        "question: necessity.art9_condition",
    ] {
        assert!(screen.contains(part), "{part:?} missing:\n{screen}");
    }
    // The second item, the lost EU jurisdiction, affects the hosting question.
    ui.keys(&["j", "Enter"]);
    let screen = ui.wait_for("Hosting and third-country transfers · question");
    assert!(
        screen.contains("drift: d1 damage-reports-prod: the jurisdiction changed"),
        "{screen}"
    );
    ui.keys(&["D"]);
    ui.wait_for("Drift since the signature");
    ui.keys(&["Escape", "Escape"]);
    ui.wait_for("Assessments (1)");
    // A CNIL PIA file, imported from the dashboard and selected.
    let pia = fixture("cnil/full.json");
    ui.keys(&["i"]);
    ui.wait_for("Import a CNIL PIA file");
    ui.type_text(pia.to_str().expect("path"));
    ui.keys(&["Enter"]);
    let screen = ui.wait_for("imported from the CNIL file: Expense refunds tool");
    assert!(screen.contains("▶ draft"), "{screen}");
    // The auditor's summary.
    ui.keys(&["a"]);
    let screen = ui.wait_for("Audit of the record");
    for part in [
        "2 assessment(s)",
        "drift: the check at 2026-11-26T09:00:00Z found 3 item(s), worst high",
        "signed as DPO",
        "certificate CN=",
        "Expense refunds tool",
    ] {
        assert!(screen.contains(part), "{part:?} missing:\n{screen}");
    }
    ui.keys(&["Escape", "q"]);
    ui.wait_for("DPIA-EXIT=0");
    let list = ok(&in_record(&s.record, &["list"]));
    assert!(list.contains("Expense refunds tool"), "{list}");
}
