//! `RecordError`: everything that can go wrong opening, reading or writing the record, each
//! variant naming the record directory, with a hint saying what to do next.

use super::model::{Break, Status};
use std::path::PathBuf;

/// An error from the record. The `Display` is a lowercase phrase naming the record's path;
/// the underlying cause is in `source()`, and [`RecordError::hint`] says what to run next.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot create or write the record directory {}", .path.display())]
    Directory {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the record at {} is locked by another dpia process", .path.display())]
    Locked {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("there is no record at {}", .path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a dpia record", .path.display())]
    NotARecord { path: PathBuf },
    #[error("the record at {} is open read-only", .path.display())]
    ReadOnly { path: PathBuf },
    #[error(
        "assessment {assessment} in the record at {} changed since version {base} was read: its current version is {head}",
        .path.display()
    )]
    StaleBase {
        path: PathBuf,
        assessment: String,
        base: String,
        head: String,
    },
    #[error(
        "the record at {} has breaks and is not {rewrite}: {first} ({count} break(s) in total)",
        .path.display()
    )]
    RewriteRefused {
        path: PathBuf,
        /// What was not done, e.g. "migrated from schema 1 to 2", "redacted".
        rewrite: String,
        first: Box<Break>,
        count: usize,
        breaks: Vec<Break>,
    },
    #[error("cannot open the record at {}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error("the record at {} is damaged: {what}", .path.display())]
    Damaged { path: PathBuf, what: String },
    #[error(
        "the record at {} was written by a newer dpia (schema version {found}; this dpia reads up to {supported})",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("cannot read or write the record at {}", .path.display())]
    Storage {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error("cannot serialise data for the record at {}", .path.display())]
    Serialise {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("'{prefix}' is not a lowercase hexadecimal id prefix (record {})", .path.display())]
    InvalidPrefix { path: PathBuf, prefix: String },
    #[error("no assessment in the record at {} has an id starting with '{prefix}'", .path.display())]
    UnknownAssessment { path: PathBuf, prefix: String },
    #[error(
        "'{prefix}' matches {} assessments in the record at {}: {}",
        .candidates.len(), .path.display(), .candidates.join(", ")
    )]
    AmbiguousAssessment {
        path: PathBuf,
        prefix: String,
        candidates: Vec<String>,
    },
    #[error("no version in the record at {} has an id starting with '{prefix}'", .path.display())]
    UnknownVersion { path: PathBuf, prefix: String },
    #[error(
        "'{prefix}' matches {} versions in the record at {}: {}",
        .candidates.len(), .path.display(), .candidates.join(", ")
    )]
    AmbiguousVersion {
        path: PathBuf,
        prefix: String,
        candidates: Vec<String>,
    },
    #[error("version {version} does not belong to assessment {assessment} (record {})", .path.display())]
    ForeignVersion {
        path: PathBuf,
        assessment: String,
        version: String,
    },
    #[error("invalid {field} for the record at {}: {message}", .path.display())]
    InvalidInput {
        path: PathBuf,
        field: &'static str,
        message: String,
    },
    #[error("assessment {assessment} in the record at {} is {from} and cannot become {to}", .path.display())]
    InvalidTransition {
        path: PathBuf,
        assessment: String,
        from: Status,
        to: Status,
    },
    #[error("assessment {id} already exists in the record at {}", .path.display())]
    AssessmentExists { path: PathBuf, id: String },
    #[error("{} is not empty; an import needs a new or empty directory", .path.display())]
    NotEmpty { path: PathBuf },
    #[error("{input} is not a valid dpia record export")]
    ImportJson {
        path: PathBuf,
        input: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("refusing to import into {}: {first} ({count} problem(s) in total)", .path.display())]
    ImportRejected {
        path: PathBuf,
        first: Break,
        count: usize,
    },
    #[error("the record export {} does not verify: {first} ({count} problem(s) in total)", .path.display())]
    RecordFileRejected {
        path: PathBuf,
        first: Box<Break>,
        count: usize,
    },
}

impl RecordError {
    /// What the user can do next, when there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            RecordError::Locked { path, .. } => Some(format!(
                "another dpia process holds the record at {}; close it (or wait for it) and retry",
                path.display()
            )),
            RecordError::NotFound { .. } => Some(
                "check --record (or DPIA_RECORD_DIR); `dpia new` starts a record, \
                 `dpia record import` restores one from a backup"
                    .to_string(),
            ),
            RecordError::NotARecord { .. } => Some(
                "check --record (or DPIA_RECORD_DIR): it must name a folder dpia created"
                    .to_string(),
            ),
            RecordError::ReadOnly { .. } => {
                Some("run the command without --read-only to change the record".to_string())
            }
            RecordError::StaleBase { .. } => Some(
                "read the assessment again (dpia show) and apply the change to its current version"
                    .to_string(),
            ),
            RecordError::RewriteRefused { .. } => Some(
                "the record was changed outside dpia; restore it from a `dpia record export` \
                 backup made before the change"
                    .to_string(),
            ),
            RecordError::ImportJson { .. } => {
                Some("import a file written by `dpia record export`, unchanged".to_string())
            }
            RecordError::Damaged { .. } | RecordError::Open { .. } => Some(
                "run `dpia audit`; restore the record from a `dpia record export` backup \
                 with `dpia record import` if it cannot be opened"
                    .to_string(),
            ),
            RecordError::NewerSchema { .. } => {
                Some("upgrade dpia to the version that wrote this record".to_string())
            }
            RecordError::AmbiguousAssessment { .. } | RecordError::AmbiguousVersion { .. } => {
                Some("give more hex digits of the id".to_string())
            }
            RecordError::UnknownAssessment { .. } => {
                Some("run `dpia list` to see the assessment ids".to_string())
            }
            RecordError::UnknownVersion { .. } | RecordError::ForeignVersion { .. } => {
                Some("run `dpia show ID` to see the assessment's versions".to_string())
            }
            RecordError::ImportRejected { .. } => Some(
                "the export was altered or damaged after it was written; use an intact copy"
                    .to_string(),
            ),
            RecordError::NotEmpty { .. } => {
                Some("import into a new directory, then point dpia at it".to_string())
            }
            RecordError::RecordFileRejected { .. } => Some(
                "the export was altered or damaged after it was written; export the record \
                 again (dpia record export FILE) and commit that file unchanged"
                    .to_string(),
            ),
            _ => None,
        }
    }

    /// The record directory the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            RecordError::Directory { path, .. }
            | RecordError::Locked { path, .. }
            | RecordError::NotFound { path }
            | RecordError::NotARecord { path }
            | RecordError::ReadOnly { path }
            | RecordError::StaleBase { path, .. }
            | RecordError::RewriteRefused { path, .. }
            | RecordError::Open { path, .. }
            | RecordError::Damaged { path, .. }
            | RecordError::NewerSchema { path, .. }
            | RecordError::Storage { path, .. }
            | RecordError::Serialise { path, .. }
            | RecordError::InvalidPrefix { path, .. }
            | RecordError::UnknownAssessment { path, .. }
            | RecordError::AmbiguousAssessment { path, .. }
            | RecordError::UnknownVersion { path, .. }
            | RecordError::AmbiguousVersion { path, .. }
            | RecordError::ForeignVersion { path, .. }
            | RecordError::InvalidInput { path, .. }
            | RecordError::InvalidTransition { path, .. }
            | RecordError::AssessmentExists { path, .. }
            | RecordError::NotEmpty { path }
            | RecordError::ImportJson { path, .. }
            | RecordError::ImportRejected { path, .. }
            | RecordError::RecordFileRejected { path, .. } => path,
        }
    }
}
