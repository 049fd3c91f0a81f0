//! `dpia check`: which signed assessment a tool is checked against, and the check itself.
//! The CLI scans the tool exactly as `dpia scan` does and hands the scan here; this finds the
//! signed version to compare with ([`find_against`]), compares the scans ([`super::compare`])
//! and says where each item is relative to the tool's folder, so a report from CI points at
//! files in the repository ([`check`]). Logging the result is the record's job
//! ([`crate::record::Record::record_check`], with [`CheckReport::note`]).
//!
//! Which assessment, when none is named: among the assessments that still stand (not
//! superseded or withdrawn) and hold a signed version, the one whose recorded tool path is
//! the tool's path; else the one whose recorded path ends in the tool's folder name (e.g.
//! `damage-reports`, a checkout elsewhere); else the one whose title is the folder name
//! (letters and digits compared, case ignored: `Damage reports` is `damage-reports`). None
//! or several at the first step that finds any is an error that lists the candidates.

use super::{compare, Drift, Severity};
use crate::record::{
    AssessmentId, AssessmentSummary, CheckNote, CheckResult, ReadRecord, RecordError, Status,
    Version, VersionId,
};
use crate::scan::ScanReport;
use serde::Serialize;
use thiserror::Error;

/// Why a check could not be made.
#[derive(Debug, Error)]
pub enum CheckError {
    #[error("no signed assessment in {record} is of the tool {tool}")]
    NoMatch {
        record: String,
        tool: String,
        /// Every assessment that could be checked against.
        candidates: Vec<AssessmentSummary>,
    },
    #[error("{} signed assessments in {record} are of the tool {tool}", .candidates.len())]
    Ambiguous {
        record: String,
        tool: String,
        candidates: Vec<AssessmentSummary>,
    },
    #[error("assessment {id} ({title}) has no signed version to check against (it is {status})")]
    NotSigned {
        id: String,
        title: String,
        status: Status,
    },
    #[error("the scan recorded with signed version {version} cannot be read")]
    Recorded {
        version: String,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// The tool being checked, as the user named it.
#[derive(Debug, Clone, Default)]
pub struct Tool {
    /// The paths as given (`dpia check PATH...`), joined with spaces as `dpia new` records them.
    pub given: String,
    /// The same paths made absolute, where they exist.
    pub absolute: Vec<String>,
}

impl Tool {
    /// A tool from the paths given and their absolute forms.
    pub fn new(given: &[String], absolute: Vec<String>) -> Tool {
        Tool {
            given: given.join(" "),
            absolute,
        }
    }

    /// The last folder or file name of each path.
    fn names(&self) -> Vec<String> {
        self.given
            .split(' ')
            .chain(self.absolute.iter().map(String::as_str))
            .filter_map(last_name)
            .collect()
    }
}

/// The last non-empty component of a path (`/a/damage-reports/` → `damage-reports`).
fn last_name(path: &str) -> Option<String> {
    path.trim()
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .map(str::to_string)
}

/// Letters and digits, lower case: how titles and folder names are compared.
fn folded(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The signed version a check compares with, and its assessment.
#[derive(Debug, Clone)]
pub struct Against {
    pub summary: AssessmentSummary,
    /// The assessment's latest signed version.
    pub signed: Version,
}

/// The latest signed version of an assessment's history, if any.
fn latest_signed(versions: &[Version]) -> Option<&Version> {
    versions.iter().rev().find(|v| v.signature.is_some())
}

/// Finds the signed version to check against: the assessment `against` names (any id
/// prefix), or the one the tool's path or name points to (see the module doc).
pub fn find_against(
    record: &dyn ReadRecord,
    against: Option<&str>,
    tool: &Tool,
) -> Result<Against, CheckError> {
    if let Some(prefix) = against {
        let id = record.resolve(prefix)?;
        let view = record.assessment(&id)?;
        return match latest_signed(&view.versions) {
            Some(v) => Ok(Against {
                signed: v.clone(),
                summary: view.summary,
            }),
            None => Err(CheckError::NotSigned {
                id: id.to_string(),
                title: view.summary.title,
                status: view.summary.status,
            }),
        };
    }
    let mut candidates: Vec<Against> = Vec::new();
    for s in record.list()? {
        if s.status.is_terminal() {
            continue;
        }
        let view = record.assessment(&s.id)?;
        if let Some(v) = latest_signed(&view.versions) {
            candidates.push(Against {
                signed: v.clone(),
                summary: view.summary,
            });
        }
    }
    let names: Vec<String> = tool.names();
    let recorded = |c: &Against| {
        c.summary
            .tool_path
            .trim_end_matches(['/', '\\'])
            .to_string()
    };
    let same_path = |c: &&Against| {
        let recorded = recorded(c);
        recorded == tool.given.trim_end_matches(['/', '\\']) || tool.absolute.contains(&recorded)
    };
    let same_name = |c: &&Against| last_name(&recorded(c)).is_some_and(|n| names.contains(&n));
    let same_title = |c: &&Against| {
        let title = folded(&c.summary.title);
        !title.is_empty() && names.iter().any(|n| folded(n) == title)
    };
    let mut matched: Vec<&Against> = Vec::new();
    for tier in [
        &same_path as &dyn Fn(&&Against) -> bool,
        &same_name,
        &same_title,
    ] {
        matched = candidates.iter().filter(|c| tier(c)).collect();
        if !matched.is_empty() {
            break;
        }
    }
    let record_name = record.location().display().to_string();
    match matched.len() {
        1 => Ok(matched[0].clone()),
        0 => Err(CheckError::NoMatch {
            record: record_name,
            tool: tool.given.clone(),
            candidates: candidates.into_iter().map(|c| c.summary).collect(),
        }),
        _ => Err(CheckError::Ambiguous {
            record: record_name,
            tool: tool.given.clone(),
            candidates: matched.into_iter().map(|c| c.summary.clone()).collect(),
        }),
    }
}

/// What a check found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub assessment: AssessmentId,
    pub title: String,
    pub status: Status,
    /// The signed version compared with.
    pub signed_version: VersionId,
    pub signed_number: u64,
    pub signed_at: Option<String>,
    pub drift: Drift,
    /// Fingerprints of the signed scan's inputs and today's ([`fingerprint`]).
    pub signed_scan: String,
    pub scan: String,
}

impl CheckReport {
    /// Whether drift reaches `fail_on` (the DPIA needs a review: exit 4).
    pub fn needs_review(&self, fail_on: Severity) -> bool {
        self.drift.reaches(fail_on)
    }

    /// The result as the record logs it.
    pub fn note(&self, fail_on: Severity) -> CheckNote {
        CheckNote {
            result: if self.needs_review(fail_on) {
                CheckResult::Drift
            } else {
                CheckResult::Covered
            },
            fail_on,
            worst: self.drift.worst(),
            items: self.drift.items.len() as u64,
            signed_scan: self.signed_scan.clone(),
            scan: self.scan.clone(),
        }
    }
}

/// Compares `today` (the tool scanned now) with the scan recorded with `against`'s signed
/// version; locations are made relative to the first of `roots` they lie in (the CLI passes
/// the working folder, so a check run at a repository's root names files as the repository
/// does, which is what SARIF viewers need).
pub fn check(
    against: &Against,
    today: &ScanReport,
    roots: &[String],
) -> Result<CheckReport, CheckError> {
    let v = &against.signed;
    let signed: ScanReport =
        serde_json::from_value(v.content.scan.clone()).map_err(|source| CheckError::Recorded {
            version: v.id.to_string(),
            source,
        })?;
    let mut drift = compare(&signed, today);
    for item in &mut drift.items {
        if let Some(location) = &mut item.location {
            *location = relative(location, roots);
        }
    }
    Ok(CheckReport {
        assessment: against.summary.id.clone(),
        title: against.summary.title.clone(),
        status: against.summary.status,
        signed_version: v.id.clone(),
        signed_number: v.number,
        signed_at: v.signature.as_ref().map(|s| s.signed_at.clone()),
        drift,
        signed_scan: fingerprint(&signed),
        scan: fingerprint(today),
    })
}

/// `location` (one place, or several joined with `; `) relative to the first root each
/// lies in (`./` dropped); as it is otherwise.
fn relative(location: &str, roots: &[String]) -> String {
    location
        .split("; ")
        .map(|place| relative_one(place, roots))
        .collect::<Vec<_>>()
        .join("; ")
}

fn relative_one(location: &str, roots: &[String]) -> String {
    let location = location.strip_prefix("./").unwrap_or(location);
    for root in roots {
        let root = root.trim_end_matches('/');
        if root.is_empty() {
            continue;
        }
        if let Some(rest) = location
            .strip_prefix(root)
            .and_then(|r| r.strip_prefix('/'))
        {
            return rest.to_string();
        }
    }
    location.to_string()
}

/// A fingerprint of a scan's inputs that does not depend on where the tool was scanned
/// from: SHA-256 over the sorted SHA-256s of the files read. The same files give the same
/// fingerprint on the DPO's machine and in CI.
pub fn fingerprint(scan: &ScanReport) -> String {
    let mut hashes: Vec<&str> = scan.inputs.iter().map(|i| i.sha256.as_str()).collect();
    hashes.sort_unstable();
    let mut sha = crate::digest::Sha256Hasher::new();
    for h in hashes {
        sha.update(h.as_bytes());
        sha.update(b"\n");
    }
    sha.finish_hex()
}

#[cfg(test)]
mod tests;
