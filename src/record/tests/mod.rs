//! Unit tests of the record, each on a fresh record in a temporary directory. The tamper
//! tests change stored bytes directly through sled, the way an attacker with file access
//! would, and expect the audit to name what changed.

mod exchange;
mod lifecycle;
mod open;
mod resolve;
mod tamper;

use super::{NewAssessment, Record, Signature, VersionContent};
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

/// Opens the record's sled database directly (the record must be closed).
pub(super) fn raw_db(dir: &Path) -> sled::Db {
    sled::open(dir).unwrap()
}
