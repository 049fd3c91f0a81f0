//! Two signers (issue 13), the verdicts that keep "intact" apart from "signer verified" and
//! "recorded" (security review H2, M8, M10), and `dpia verify` over many files (issue 18).

use crate::signing::{
    key_args, keygen, path_str, pdfsig, pyhanko_trusting, sign_with, signed_example, strs, tool,
    verify, PASS,
};
use crate::util::{assessed, in_record, ok, stderr, stdout};
use std::path::Path;
use std::process::Output;

/// `dpia sign` with extra arguments (role, --pdf) at a fixed time.
fn sign_as(dir: &Path, id: &str, keys: &Path, out: &Path, extra: &[&str], now: &str) -> Output {
    crate::util::dpia()
        .env("DPIA_NOW", now)
        .env("DPIA_TEST_PASS", PASS)
        .env("DPIA_AUTHOR", "Test Signer")
        .arg("--record")
        .arg(dir)
        .args(["sign", &id[..8]])
        .args(strs(&key_args(keys)))
        .args(extra)
        .args(["--passphrase-env", "DPIA_TEST_PASS", "--out"])
        .arg(out)
        .output()
        .expect("dpia runs")
}

/// A report signed by the DPO, then by the controller; returns (tmp, record, dpo.pdf,
/// final.pdf, dpo keys, controller keys, assessment id).
struct TwoSigners {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    dpo_pdf: std::path::PathBuf,
    final_pdf: std::path::PathBuf,
    dpo_keys: std::path::PathBuf,
    controller_keys: std::path::PathBuf,
    id: String,
}

fn two_signers() -> TwoSigners {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let dpo_keys = tmp.path().join("dpo");
    let controller_keys = tmp.path().join("controller");
    keygen(&dir, &dpo_keys);
    keygen(&dir, &controller_keys);
    let dpo_pdf = tmp.path().join("dpo-signed.pdf");
    let out = sign_as(
        &dir,
        &id,
        &dpo_keys,
        &dpo_pdf,
        &["--role", "dpo"],
        "2026-11-25T10:00:00Z",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let final_pdf = tmp.path().join("final.pdf");
    let out = sign_as(
        &dir,
        &id,
        &controller_keys,
        &final_pdf,
        &["--role", "controller", "--pdf", path_str(&dpo_pdf)],
        "2026-11-26T09:30:00Z",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    TwoSigners {
        _tmp: tmp,
        dir,
        dpo_pdf,
        final_pdf,
        dpo_keys,
        controller_keys,
        id,
    }
}

#[test]
fn dpo_and_controller_both_sign_and_verify_reports_each_signature() {
    let t = two_signers();
    let dpo = std::fs::read(&t.dpo_pdf).expect("dpo pdf");
    let both = std::fs::read(&t.final_pdf).expect("final pdf");
    assert!(
        both.starts_with(&dpo),
        "the DPO's signed revision is kept byte for byte"
    );
    // The record vouches for both signers: valid without --trust.
    let out = verify(&t.dir, &t.final_pdf, None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for expected in [
        "signature 1 of 2 (field dpo):",
        "signature 2 of 2 (field controller):",
        "revision 1 of 2: bytes 0..",
        "later only further signatures",
        "matches signed version #3",
        "matches signed version #4",
        "as dpo; current",
        "as controller; current",
        "result:      VALID",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // Both events are in the record with their roles and PDF hashes.
    let history = ok(&in_record(&t.dir, &["history", &t.id[..8]]));
    assert!(
        history.contains("role dpo") && history.contains("role controller"),
        "{history}"
    );
    ok(&in_record(&t.dir, &["audit"]));
    // The first signer's file is still valid on its own.
    let out = verify(&t.dir, &t.dpo_pdf, None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_second_signature_by_the_same_role_or_on_a_signed_assessment_writes_nothing() {
    let t = two_signers();
    let again = t.final_pdf.with_file_name("again.pdf");
    // The assessment is signed: signing it anew is refused before anything is written.
    let out = sign_as(
        &t.dir,
        &t.id,
        &t.dpo_keys,
        &again,
        &[],
        "2026-11-27T10:00:00Z",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("signed already"), "{}", stderr(&out));
    assert!(!again.exists(), "no PDF is left at --out");
    // The controller has signed: a second controller signature is refused.
    let out = sign_as(
        &t.dir,
        &t.id,
        &t.controller_keys,
        &again,
        &["--role", "controller", "--pdf", path_str(&t.final_pdf)],
        "2026-11-27T10:00:00Z",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already signed by the controller"),
        "{}",
        stderr(&out)
    );
    assert!(!again.exists());
    // The DPO's file is no longer the record's current signed report.
    let out = sign_as(
        &t.dir,
        &t.id,
        &t.controller_keys,
        &again,
        &["--role", "controller", "--pdf", path_str(&t.dpo_pdf)],
        "2026-11-27T10:00:00Z",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not the signed report the record holds"),
        "{}",
        stderr(&out)
    );
    assert!(!again.exists());
}

#[test]
fn a_signed_report_is_no_longer_current_after_a_new_version() {
    // M8 / auditor finding 3: verify says which version and whether it is still current.
    let (_tmp, dir, pdf, _keys) = signed_example("en");
    let answers = crate::util::fixture("answers/damage-reports.answers.toml");
    let list: serde_json::Value =
        serde_json::from_str(&ok(&in_record(&dir, &["list", "--format", "json"]))).expect("json");
    let id = list[0]["id"].as_str().expect("id")[..8].to_string();
    let text = std::fs::read_to_string(&answers).expect("answers");
    assert!(text.contains("\"2027-11-25\""));
    let changed = dir.parent().expect("tmp").join("changed.answers.toml");
    std::fs::write(&changed, text.replace("\"2027-11-25\"", "\"2027-06-30\"")).expect("write");
    ok(&in_record(
        &dir,
        &["answer", &id, "--answers", path_str(&changed)],
    ));
    let out = verify(&dir, &pdf, None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("no longer current: newer version #4"),
        "{text}"
    );
}

#[test]
fn a_self_signed_forgery_is_not_valid_without_trust_and_the_record_check_never_fails_open() {
    // H2/A38: an attacker's own "DPO" certificate and record.
    let (tmp, victim_dir, genuine, victim_keys) = signed_example("en");
    let attacker = tmp.path().join("attacker");
    let tool_dir = crate::util::fixture("example/damage-reports");
    let answers = crate::util::fixture("answers/damage-reports.answers.toml");
    let aid = ok(&in_record(
        &attacker,
        &[
            "new",
            path_str(&tool_dir),
            "--title",
            "Schadensmeldungen",
            "--answers",
            path_str(&answers),
        ],
    ));
    let aid = aid.trim().to_string();
    let attacker_keys = tmp.path().join("attacker-keys");
    keygen(&attacker, &attacker_keys);
    let forged = tmp.path().join("forged.pdf");
    let out = sign_with(
        &attacker,
        &aid,
        &forged,
        &strs(&key_args(&attacker_keys)),
        "en",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = verify(&victim_dir, &forged, None);
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("INTACT, NOT VERIFIED"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("not in this record"),
        "{}",
        stdout(&out)
    );
    let out = verify(&victim_dir, &forged, Some(&victim_keys.join("cert.pem")));
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    // M10/A64: a record that cannot be read (here: held by another process) is
    // indeterminate, exit 5, not a pass.
    let actor = dpia::record::Actor {
        author: "Holder".into(),
        now: "2026-11-25T10:00:00Z".into(),
    };
    let held = dpia::record::Record::open(&victim_dir, &actor).expect("open the record");
    let out = verify(&victim_dir, &genuine, Some(&victim_keys.join("cert.pem")));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(5), "{text}");
    assert!(text.contains("result:      INDETERMINATE"), "{text}");
    assert!(text.contains("record:      UNREADABLE"), "{text}");
    drop(held);
    let out = verify(&victim_dir, &genuine, Some(&victim_keys.join("cert.pem")));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A configured record that does not exist is indeterminate too (never created).
    let missing = tmp.path().join("no-such-record");
    let out = verify(&missing, &genuine, Some(&victim_keys.join("cert.pem")));
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));
    assert!(stdout(&out).contains("INDETERMINATE"), "{}", stdout(&out));
    assert!(!missing.exists(), "verify never creates a record");
}

#[test]
fn verify_of_a_folder_prints_one_json_line_per_file_and_exits_with_the_worst() {
    let (tmp, dir, pdf, keys) = signed_example("en");
    let folder = tmp.path().join("handover");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(&pdf, folder.join("a-signed.pdf")).expect("copy");
    let mut cut = std::fs::read(&pdf).expect("read");
    cut.truncate(cut.len() - 10);
    std::fs::write(folder.join("b-cut.pdf"), cut).expect("cut");
    std::fs::write(folder.join("notes.txt"), "not a pdf").expect("txt");
    let out = crate::util::dpia()
        .arg("--record")
        .arg(&dir)
        .args(["verify", "--format", "json", "--trust"])
        .arg(keys.join("cert.pem"))
        .arg(&folder)
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0]["result"], "valid");
    assert_eq!(lines[0]["signatures"][0]["record"]["match"], "recorded");
    assert_eq!(lines[0]["signatures"][0]["record"]["current"], true);
    assert_eq!(lines[1]["result"], "invalid");
    assert_eq!(lines[2]["total"], 2);
    assert_eq!(lines[2]["valid"], 1);
    assert_eq!(lines[2]["invalid"], 1);
    assert_eq!(lines[2]["exit"], 3);
    // Two valid files: exit 0.
    let out = crate::util::dpia()
        .arg("--record")
        .arg(&dir)
        .args(["verify", "--trust"])
        .arg(keys.join("cert.pem"))
        .arg(&pdf)
        .arg(folder.join("a-signed.pdf"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("2 files: 2 valid"),
        "{}",
        stdout(&out)
    );
}

#[test]
#[ignore = "needs pdfsig, pyHanko, qpdf: run by .ci/run"]
fn pdfsig_and_pyhanko_validate_both_signatures() {
    let t = two_signers();
    let sig = pdfsig(&t.final_pdf);
    assert_eq!(
        sig.matches("Signature is Valid.").count(),
        2,
        "pdfsig: {sig}"
    );
    assert!(sig.contains("Signature Field Name: dpo"), "pdfsig: {sig}");
    assert!(
        sig.contains("Signature Field Name: controller"),
        "pdfsig: {sig}"
    );
    assert!(sig.contains("Total document signed"), "pdfsig: {sig}");
    // pyHanko: both intact and valid, the first over its revision with form filling after
    // it, the second over the whole file.
    let hanko = pyhanko_trusting(
        &t.final_pdf,
        &[
            &t.dpo_keys.join("cert.pem"),
            &t.controller_keys.join("cert.pem"),
        ],
    );
    let lines: Vec<&str> = hanko.lines().filter(|l| l.starts_with("intact=")).collect();
    assert_eq!(lines.len(), 2, "pyHanko: {hanko}");
    assert!(
        lines[0].starts_with("intact=True valid=True"),
        "pyHanko: {hanko}"
    );
    assert!(
        lines[0].contains("coverage=ENTIRE_REVISION"),
        "pyHanko: {hanko}"
    );
    assert!(
        lines[1].contains("coverage=ENTIRE_FILE"),
        "pyHanko: {hanko}"
    );
    let qpdf = tool("qpdf", &["--check", path_str(&t.final_pdf)]);
    assert!(qpdf.status.success(), "qpdf: {}", stdout(&qpdf));
}
