//! Everything that can happen in the UI, as data: a key press, or the result of an effect.

use super::model::ScanProgress;
use crossterm::event::KeyEvent;
use dpia::approval::RecordMatch;
use dpia::record::{AssessmentId, AssessmentSummary, AuditReport};
use dpia::session::Session;
use dpia::signing::PdfVerification;
use std::path::PathBuf;

/// A verified PDF: the file, the checks, what the record says about it.
pub type Verified = (PathBuf, PdfVerification, Option<RecordMatch>);

#[derive(Debug)]
pub enum Message {
    Key(KeyEvent),
    Listed(Result<Vec<AssessmentSummary>, String>),
    Audited(Result<AuditReport, String>),
    Completions(Vec<String>),
    Scanning(ScanProgress),
    /// The scan finished and the assessment was created (or not).
    Created(Result<(AssessmentId, String, Box<Session>), String>),
    Opened(Result<(AssessmentId, String, Box<Session>, bool), String>),
    /// The saved session, with a note when another writer's version was merged in.
    Saved(Result<(Box<Session>, Option<String>), String>),
    /// The answers file read for an import (name, text).
    ImportRead(Result<(String, String), String>),
    Exported(Result<PathBuf, String>),
    Signed(Result<Verified, String>),
    Verified(Result<Verified, String>),
}
