//! The terminal UI end to end in a real terminal (tmux): create an assessment of the bundled
//! example, scan it, review the findings, answer questions by key and by importing the
//! example's answers file, sign with a test key, quit; then `dpia verify` and `dpia audit`
//! must accept the signed PDF and the record.

use crate::util::{fixture, in_record, ok, stdout};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) struct Tmux {
    session: String,
}

impl Tmux {
    /// Starts dpia in a detached tmux session of `width` x `height` in `dir`, with the record
    /// in `record` and the settings in `dir/config` (exports go to `dir`).
    pub(crate) fn start(dir: &Path, record: &Path, name: &str, width: u16, height: u16) -> Tmux {
        let session = format!("dpia-e2e-{name}-{}", std::process::id());
        let config = dir.join("config");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(
            config.join("settings.toml"),
            format!("export-dir = \"{}\"\n", dir.display()),
        )
        .expect("settings");
        let command = format!(
            "cd '{}' && DPIA_RECORD_DIR='{}' DPIA_CONFIG_DIR='{}' DPIA_AUTHOR='Test DPO' NO_COLOR=1 '{}'; echo DPIA-EXIT=$?; sleep 30",
            dir.display(),
            record.display(),
            config.display(),
            env!("CARGO_BIN_EXE_dpia")
        );
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &command,
            ])
            .status()
            .expect("tmux is needed for this test; .ci/run installs it");
        assert!(status.success(), "tmux could not start");
        Tmux { session }
    }

    pub(crate) fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (up to 60 s), returning the screen.
    pub(crate) fn wait_for(&self, text: &str) -> String {
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

    pub(crate) fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .expect("tmux send-keys");
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    pub(crate) fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Pastes `text` as a terminal paste does (bracketed, since dpia asks for it).
    fn paste(&self, text: &str) {
        let buffer = format!("{}-paste", self.session);
        let set = Command::new("tmux")
            .args(["set-buffer", "-b", &buffer, text])
            .status()
            .expect("tmux set-buffer");
        assert!(set.success());
        let paste = Command::new("tmux")
            .args([
                "paste-buffer",
                "-p",
                "-d",
                "-b",
                &buffer,
                "-t",
                &self.session,
            ])
            .status()
            .expect("tmux paste-buffer");
        assert!(paste.success());
        std::thread::sleep(Duration::from_millis(200));
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

    let t = Tmux::start(dir, &record, "flow", 100, 32);
    t.wait_for("No assessments yet");
    // Create and scan the bundled example.
    t.keys(&["x"]);
    t.wait_for("New assessment");
    t.keys(&["Enter"]);
    t.wait_for("0/13 decided");
    // Review the findings: confirm the first, dismiss the second with a note, confirm the rest.
    t.keys(&["c", "d"]);
    t.wait_for("Dismiss the finding");
    t.type_text("the house number alone names no one");
    t.keys(&["Enter"]);
    t.wait_for("dismissed");
    t.keys(&["A"]);
    t.wait_for("13/13 decided");
    // The questionnaire: import the prepared answers, then answer two questions by key.
    t.keys(&["2", "i", "Enter"]);
    t.wait_for("answers imported from answers.toml");
    // Screening, first yes/no question: cleared (x asks, y clears), found again as missing
    // (n), answered.
    t.keys(&["x"]);
    t.wait_for("Clear the answer");
    t.keys(&["y", "n", "Enter", "n"]);
    t.wait_for("question 2/");
    t.keys(&["Up"]);
    t.wait_for("Your answer:");
    t.keys(&["Right", "x", "y", "Enter"]); // description: purposes (long text), cleared
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
    // Sign: key and certificate typed (nothing remembered yet), the output named without a
    // folder goes to the export folder; dpia asks before signing.
    t.keys(&["4", "s"]);
    t.wait_for("Sign the report");
    t.type_text("keys/key.pem");
    t.keys(&["Tab"]);
    t.type_text("keys/cert.pem");
    t.keys(&["Tab"]);
    t.type_text("correct horse battery");
    t.keys(&["Tab", "C-u"]);
    t.type_text("signed.pdf");
    t.keys(&["C-s"]);
    t.wait_for("The answers become final");
    t.keys(&["y"]);
    t.wait_for("signed.pdf: VALID");
    // The summary scrolls to its end, where the sign-off is.
    t.keys(&["End"]);
    t.wait_for("Signed: the answers are final");
    let settings = std::fs::read_to_string(dir.join("config/settings.toml")).expect("settings");
    assert!(
        settings.contains("keys/key.pem"),
        "the key path is remembered: {settings}"
    );
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

/// The answers of the assessment in `record`, as `dpia show --format json` gives them.
fn recorded_answers(record: &Path) -> (String, serde_json::Value) {
    let list = ok(&in_record(record, &["list", "--format", "json"]));
    let list: serde_json::Value = serde_json::from_str(&list).expect("list json");
    let id = list[0]["id"].as_str().expect("id").to_string();
    let show = ok(&in_record(record, &["show", &id, "--format", "json"]));
    let show: serde_json::Value = serde_json::from_str(&show).expect("show json");
    (id, show["version"]["content"]["answers"]["values"].clone())
}

/// Starts the example at 80x24 and opens the questionnaire on `description.controller`.
fn example_on_the_controller(dir: &Path, record: &Path, name: &str) -> Tmux {
    let t = Tmux::start(dir, record, name, 80, 24);
    t.wait_for("No assessments yet");
    t.keys(&["x"]);
    t.wait_for("New assessment");
    t.keys(&["Enter"]);
    t.wait_for("0/13 decided");
    t.keys(&["2", "l", "j"]);
    t.wait_for("Who is the controller");
    t
}

/// The walkthrough's traps at 80x24: a multi-line paste into a one-line field is text, not
/// keys (its lines joined, with a message); `DE` in a country field stores Germany, shown in
/// words first; a multi-line paste into a long text keeps its lines; Ctrl-C keeps a half-typed
/// answer as a draft, not as an answer.
#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn pastes_countries_and_drafts_in_the_terminal_ui_at_80x24() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let record = dir.join("record");
    let t = example_on_the_controller(dir, &record, "traps");
    // A paste with a newline in a one-line field: before bracketed paste, the newline saved
    // the field and "i" opened the import dialog.
    t.keys(&["Enter"]);
    t.paste("Dr. X Hausverwaltung\nimport call me at x1234");
    t.wait_for("pasted lines joined into one");
    let screen = t.screen();
    assert!(
        !screen.contains("Import an answers file"),
        "a key ran:\n{screen}"
    );
    t.keys(&["Enter"]);
    // On to the controller's country: DE is Germany, never the Congo.
    t.wait_for("In which country is the controller");
    t.keys(&["Enter"]);
    t.type_text("DE");
    t.wait_for("Enter stores: Germany (DE)");
    t.keys(&["Enter", "Up"]);
    t.wait_for("Your answer:");
    t.wait_for("Germany (DE)");
    // A paste into the purposes keeps its lines.
    t.keys(&["Up", "Up"]);
    t.wait_for("What are the purposes");
    t.keys(&["Enter"]);
    t.paste("Tenants report damage.\nProperty managers plan repairs.");
    t.keys(&["C-s"]);
    t.wait_for("Who is the controller");
    // Half a sentence more in the purposes, then Ctrl-C: a draft.
    t.keys(&["Up", "Up"]);
    t.wait_for("What are the purposes");
    t.keys(&["Enter", "End"]);
    t.type_text(" Half a sent");
    t.keys(&["C-c"]);
    t.wait_for("DPIA-EXIT=0");

    let (_, answers) = recorded_answers(&record);
    assert_eq!(
        answers["description.controller"]["value"],
        "Dr. X Hausverwaltung import call me at x1234"
    );
    assert_eq!(answers["description.controller_country"]["value"], "DE");
    let purposes = &answers["description.purposes"];
    assert_eq!(
        purposes["value"],
        "Tenants report damage.\nProperty managers plan repairs. Half a sent"
    );
    assert_eq!(
        purposes["origin"], "draft",
        "a half-typed answer is a draft"
    );
}

/// No lost updates: a `dpia answer` from the CLI while the assessment is open in the TUI,
/// then an answer in the TUI; both must be in the record.
#[test]
#[ignore = "needs tmux, and the record branch's optimistic concurrency wired in tui/effect/record_access.rs (issue 14): run by .ci/run once merged"]
fn a_cli_answer_beside_the_open_terminal_ui_is_not_lost() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let record = dir.join("record");
    let t = example_on_the_controller(dir, &record, "beside");
    // The CLI answers another question while the TUI has the assessment open.
    let (id, _) = recorded_answers(&record);
    let file = dir.join("cli.toml");
    std::fs::write(&file, "\"description.dpo_contact\" = \"dpo@example.org\"\n").expect("answers");
    ok(&in_record(
        &record,
        &["answer", &id, "--answers", file.to_str().expect("path")],
    ));
    // The TUI answers the controller and saves.
    t.keys(&["Enter"]);
    t.type_text("Hausverwaltung Beispiel GmbH");
    t.keys(&["Enter"]);
    t.wait_for("changed this assessment meanwhile");
    t.keys(&["Escape"]);
    t.wait_for("Assessments (1)");
    t.keys(&["q"]);
    t.wait_for("DPIA-EXIT=0");
    let (_, answers) = recorded_answers(&record);
    assert_eq!(
        answers["description.controller"]["value"],
        "Hausverwaltung Beispiel GmbH"
    );
    assert_eq!(
        answers["description.dpo_contact"]["value"], "dpo@example.org",
        "the CLI's answer was overwritten by the TUI's save"
    );
}
