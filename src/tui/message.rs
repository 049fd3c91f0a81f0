//! Everything that can happen in the UI, as data: a key press, a paste, the mouse wheel, or
//! the result of an effect.

use super::model::{DriftList, ScanProgress};
use crossterm::event::KeyEvent;
use dpia::approval::audit_summary::AuditSummary;
use dpia::approval::Checked;
use dpia::record::{AssessmentId, AssessmentSummary, LastCheck};
use dpia::session::Session;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A verified PDF: the file, and what its signatures and the record say.
#[derive(Debug)]
pub struct Verified {
    pub path: PathBuf,
    pub checked: Checked,
}

/// The record's assessments, whether the record could only be read, and each assessment's
/// last drift check after its last signature.
#[derive(Debug)]
pub struct Listing {
    pub assessments: Vec<AssessmentSummary>,
    pub read_only: bool,
    pub checks: BTreeMap<AssessmentId, LastCheck>,
}

/// A successor started from a signed assessment (`r` on its summary).
#[derive(Debug)]
pub struct Revised {
    pub opened: Opened,
    /// Answers to confirm again (drafts).
    pub reconfirm: usize,
    /// Drift items between the signed scan and the successor's.
    pub drift: usize,
}

/// An assessment read from the record (or just created).
#[derive(Debug)]
pub struct Opened {
    pub id: AssessmentId,
    pub title: String,
    pub session: Box<Session>,
    pub signed: bool,
    /// The record could only be read: nothing can change.
    pub read_only: bool,
    /// The drift the last check after the signature found, when it needs a review.
    pub drift: Option<DriftList>,
}

/// What a save did.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// The session as saved, when saving changed it: its new base version, and after a
    /// merge the other writer's answers with this session's changes. The UI takes it.
    pub session: Option<Box<Session>>,
    /// Set when another writer (the CLI, a second TUI) recorded a version meanwhile and this
    /// session's changes were re-applied on top of it.
    pub merged: Option<Merged>,
}

/// This session's changes re-applied on another writer's version.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// Who wrote the other version.
    pub by: String,
    /// Questions this session changed, re-applied on top.
    pub reapplied: Vec<String>,
    /// Questions both changed differently: the other writer's answer was kept.
    pub conflicts: Vec<String>,
}

#[derive(Debug)]
pub enum Message {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): text, never keys.
    Paste(String),
    /// The mouse wheel: rows down (positive) or up.
    Scroll(i16),
    Listed(Result<Listing, String>),
    /// The auditor's summary of the record (`dpia audit --report`, without PDFs).
    Audited(Result<Box<AuditSummary>, String>),
    Completions(Vec<String>),
    Scanning(ScanProgress),
    /// The scan finished and the assessment was created (or not).
    Created(Result<Opened, String>),
    Opened(Result<Opened, String>),
    Saved(Result<SaveReport, String>),
    /// The answers file read for an import (name, text).
    ImportRead(Result<(String, String), String>),
    Exported(Result<PathBuf, String>),
    /// The record of processing activities was written (its path, how many activities).
    RopaExported(Result<(PathBuf, usize), String>),
    Signed(Result<Verified, String>),
    /// The successor of a signed assessment was started (or not).
    Revised(Result<Revised, String>),
    /// An assessment was created from a CNIL PIA file: its id and title (or why not).
    CnilImported(Result<(AssessmentId, String), String>),
    Verified(Result<Verified, String>),
    SettingsSaved(Result<(), String>),
}
