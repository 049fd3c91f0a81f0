//! Unit tests of the record, each on a fresh record in a temporary directory. The tamper
//! tests change stored bytes directly through sled, the way an attacker with file access
//! would, and expect the audit to name what changed.

mod checks;
mod exchange;
mod lifecycle;
mod lineage;
mod migrate;
mod open;
mod redact;
mod resolve;
mod tamper;

use super::{
    Actor, AssessmentId, NewAssessment, Record, RecordError, Signature, Status, VersionContent,
    VersionId,
};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The time most tests use.
pub(super) const NOW: &str = "2026-11-25T10:00:00Z";

/// A timestamp `minute` minutes into NOW's hour.
pub(super) fn at(minute: u32) -> String {
    format!("2026-11-25T10:{minute:02}:00Z")
}

/// A fresh temporary directory and the (not yet existing) record directory inside it.
pub(super) fn temp() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("record");
    (tmp, dir)
}

pub(super) fn new_assessment(title: &str) -> NewAssessment {
    NewAssessment {
        title: title.to_string(),
        tool_path: "/srv/tools/claims".to_string(),
        tool_fingerprint: "f".repeat(64),
        nonce: String::new(),
    }
}

/// Version content whose answers hold `answer`.
pub(super) fn content(answer: &str) -> VersionContent {
    VersionContent {
        questionnaire_id: "dpia".to_string(),
        questionnaire_version: "1.0".to_string(),
        scan: serde_json::json!({"tables": [{"name": "customers", "columns": 3}]}),
        answers: serde_json::json!({"screening.large_scale": answer, "ratio": 0.25}),
        evaluation: serde_json::json!({"screening": {"outcome": "required"}}),
        review_due: None,
    }
}

/// A well-formed certificate PEM (a tiny DER sequence: enough for the record's check).
/// A real self-signed certificate made by `dpia keygen`.
pub(super) const CERT: &str = include_str!("../../../tests/fixtures/signing/dpo-cert.pem");

pub(super) fn signature(signed_at: &str) -> Signature {
    Signature {
        pdf_sha256: "ab".repeat(32),
        certificate_pem: CERT.to_string(),
        signed_at: signed_at.to_string(),
    }
}

/// Who the tests open records as.
pub(super) fn actor() -> Actor {
    Actor {
        author: "Auditor".into(),
        now: at(59),
    }
}

/// Opens (creating if needed) the record in `dir` for writing.
pub(super) fn open(dir: &Path) -> Record {
    Record::open_or_create(dir, &actor()).unwrap()
}

/// The assessment's current version id.
pub(super) fn head(r: &Record, id: &AssessmentId) -> VersionId {
    r.summary(id).unwrap().head
}

/// Adds a version after the current head.
pub(super) fn add(
    r: &Record,
    id: &AssessmentId,
    c: VersionContent,
    author: &str,
    now: &str,
) -> Result<VersionId, RecordError> {
    r.add_version(id, &head(r, id), c, author, &now.to_string())
}

/// Changes the status, based on the current head.
pub(super) fn set(
    r: &Record,
    id: &AssessmentId,
    to: Status,
    author: &str,
    now: &str,
) -> Result<(), RecordError> {
    r.set_status(id, &head(r, id), to, author, &now.to_string())
}

/// Signs the current head.
pub(super) fn sign(
    r: &Record,
    id: &AssessmentId,
    s: Signature,
    author: &str,
    now: &str,
) -> Result<VersionId, RecordError> {
    r.sign(id, &head(r, id), s, author, &now.to_string())
}

/// The folder of the database the record in `dir` uses.
pub(super) fn db_dir(dir: &Path) -> PathBuf {
    let name = std::fs::read_to_string(dir.join("current")).unwrap();
    dir.join(name.trim())
}

/// Opens the record's sled database directly (the record must be closed), waiting as the
/// record itself does while sled's I/O threads of a record just dropped still hold the lock.
pub(super) fn raw_db(dir: &Path) -> sled::Db {
    super::store::open_db(&db_dir(dir)).unwrap().unwrap()
}

/// Copies a folder with everything in it.
pub(super) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The audit of the record in `dir`, opened read-only as `dpia audit` opens it.
pub(super) fn audit_of(dir: &Path) -> crate::record::AuditReport {
    Record::open_read_only(dir, &std::env::temp_dir(), &actor())
        .unwrap()
        .audit()
}

/// The JSON text of a value as sled holds it (decompressed).
pub(super) fn stored_text(bytes: &[u8]) -> String {
    String::from_utf8(super::codec::decode(bytes).unwrap().into_owned()).unwrap()
}

/// The bytes sled holds for JSON text (compressed when large, as the record writes it).
pub(super) fn stored_bytes(text: &str) -> Vec<u8> {
    super::codec::encode(text)
}
