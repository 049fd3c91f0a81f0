//! The terminal UI end to end in a real terminal (tmux): create an assessment of the bundled
//! example, scan it, review the findings, answer questions by key and by importing the
//! example's answers file, sign with a test key, quit; then `dpia verify` and `dpia audit`
//! must accept the signed PDF and the record.

use crate::util::{fixture, in_record, ok, stdout};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(dir: &Path, record: &Path) -> Tmux {
        let session = format!("dpia-e2e-{}", std::process::id());
        let command = format!(
            "cd '{}' && DPIA_RECORD_DIR='{}' DPIA_AUTHOR='Test DPO' NO_COLOR=1 '{}'; echo DPIA-EXIT=$?; sleep 30",
            dir.display(),
            record.display(),
            env!("CARGO_BIN_EXE_dpia")
        );
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                "100",
                "-y",
                "32",
                &command,
            ])
            .status()
            .expect("tmux is needed for this test; .ci/run installs it");
        assert!(status.success(), "tmux could not start");
        Tmux { session }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (up to 60 s), returning the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .expect("tmux send-keys");
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(150));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn a_complete_assessment_in_the_terminal_ui_verifies_and_audits() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let record = dir.join("record");
    // A signing key, as a DPO would make it.
    let out = crate::util::dpia()
        .env("E2E_PASS", "correct horse battery")
        .args([
            "keygen",
            "--name",
            "Test DPO",
            "--email",
            "dpo@example.org",
            "--passphrase-env",
            "E2E_PASS",
            "--out",
        ])
        .arg(dir.join("keys"))
        .output()
        .expect("keygen");
    assert!(out.status.success());
    std::fs::copy(
        fixture("answers/damage-reports.answers.toml"),
        dir.join("answers.toml"),
    )
    .expect("answers");

    let t = Tmux::start(dir, &record);
    t.wait_for("No assessments yet");
    // Create and scan the bundled example.
    t.keys(&["x"]);
    t.wait_for("New assessment");
    t.keys(&["Enter"]);
    t.wait_for("Findings · 0/13 decided");
    // Review the findings: confirm the first, dismiss the second with a note, confirm the rest.
    t.keys(&["c", "d"]);
    t.wait_for("Dismiss the finding");
    t.type_text("the house number alone names no one");
    t.keys(&["Enter"]);
    t.wait_for("dismissed");
    t.keys(&["A"]);
    t.wait_for("Findings · 13/13 decided");
    // The questionnaire: import the prepared answers, then answer two questions by key.
    t.keys(&["2", "i", "Enter"]);
    t.wait_for("answers imported from answers.toml");
    t.keys(&["x", "u", "Enter", "n"]); // screening: first yes/no question, cleared and answered
    t.wait_for("question 2/");
    t.keys(&["Up"]);
    t.wait_for("Your answer:");
    t.keys(&["Right", "x", "u", "Enter"]); // description: purposes (long text)
    t.wait_for("Ctrl-S or Alt-Enter saves");
    t.type_text("Tenants report damage; property managers plan repairs.");
    t.keys(&["C-s"]);
    t.wait_for("Who is the controller"); // saved: on to the next question
    t.keys(&["Up"]);
    let screen = t.wait_for("Tenants report damage; property managers plan repairs.");
    assert!(screen.contains("Your answer:"), "{screen}");
    assert!(!screen.contains("! "), "an error is shown:\n{screen}");
    // Risks are drawn.
    t.keys(&["3"]);
    t.wait_for("Risk map (dpia, CNIL scales)");
    // Sign.
    t.keys(&["4", "s"]);
    t.wait_for("Sign the report");
    t.keys(&["Tab", "Tab"]);
    t.type_text("correct horse battery");
    t.keys(&["Tab"]);
    t.keys(&["C-u"]);
    t.type_text("signed.pdf");
    t.keys(&["C-s"]);
    let screen = t.wait_for("signed.pdf: VALID");
    assert!(screen.contains("answered · signed"), "{screen}");
    // Back to the list and quit.
    t.keys(&["Escape"]);
    t.wait_for("Assessments (1)");
    t.keys(&["q"]);
    t.wait_for("DPIA-EXIT=0");

    let verify = crate::util::dpia()
        .arg("--record")
        .arg(&record)
        .arg("verify")
        .arg(dir.join("signed.pdf"))
        .arg("--trust")
        .arg(dir.join("keys/cert.pem"))
        .output()
        .expect("verify");
    let text = stdout(&verify);
    assert_eq!(verify.status.code(), Some(0), "{text}");
    assert!(text.contains("matches signed version"), "{text}");
    ok(&in_record(&record, &["audit"]));
    let list = ok(&in_record(&record, &["list"]));
    assert!(list.contains("signed"), "{list}");
    let history = ok(&in_record(
        &record,
        &["history", list.split_whitespace().next().expect("id")],
    ));
    assert!(
        history.matches("answered").count() >= 4,
        "every answer is autosaved:\n{history}"
    );
}
