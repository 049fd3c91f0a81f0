//! One scan setup for every shell: the dictionaries (the built-in ones plus the user's files),
//! the tool's inputs and the name it is recorded under, and the refusal of a scan that read
//! nothing. The CLI (`dpia scan`, `assess`, `new`, `revise`, `check`, the bare `dpia`) and the
//! TUI (a new assessment, a revision) scan through it, so the two shells cannot drift apart
//! (code review S2: the orchestration was written twice, and the TUI's copy could not take
//! user dictionaries).
//!
//! ```
//! use dpia::scan::{self, ScanOptions, Setup, ToolSource};
//! let setup = Setup::builtin().unwrap();
//! let tool = ToolSource::Example;
//! let day = dpia::calendar::Date::from_ymd(2026, 11, 25).unwrap();
//! let report = setup
//!     .scan_tool(&tool, &ScanOptions::new(day), &scan::NoProgress)
//!     .unwrap();
//! assert_eq!(tool.tool_path(), "bundled example: damage-reports");
//! assert!(!report.tables.is_empty());
//! ```

use super::dictionary::{Dictionary, DictionaryError};
use super::input::ScanInput;
use super::model::{Problem, ScanReport};
use super::{Progress, ScanOptions};
use std::path::{Path, PathBuf};

/// What a tool to scan is: the bundled example or the user's files and folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolSource {
    Example,
    Paths(Vec<PathBuf>),
}

impl ToolSource {
    /// The tool path recorded for the bundled example.
    pub const EXAMPLE_TOOL_PATH: &'static str = "bundled example: damage-reports";

    /// The scanner's inputs for this tool.
    pub fn inputs(&self) -> Vec<ScanInput> {
        match self {
            ToolSource::Example => crate::example::inputs(),
            ToolSource::Paths(paths) => paths.iter().cloned().map(ScanInput::Path).collect(),
        }
    }

    /// The name the record keeps for the tool: the paths joined by spaces.
    pub fn tool_path(&self) -> String {
        match self {
            ToolSource::Example => Self::EXAMPLE_TOOL_PATH.to_string(),
            ToolSource::Paths(paths) => paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The tool a recorded tool path names, when it can be scanned here: the bundled example,
    /// or the recorded paths when every one of them exists (see [`Self::recorded_paths`]).
    pub fn recorded(tool_path: &str) -> Option<ToolSource> {
        if tool_path == Self::EXAMPLE_TOOL_PATH {
            return Some(ToolSource::Example);
        }
        Self::recorded_paths(tool_path).map(ToolSource::Paths)
    }

    /// The paths of a recorded tool path, when every one of them exists here (a revision
    /// scans the tool again where it was; otherwise the signed scan is kept).
    pub fn recorded_paths(tool_path: &str) -> Option<Vec<PathBuf>> {
        let paths: Vec<PathBuf> = tool_path.split(' ').map(PathBuf::from).collect();
        paths.iter().all(|p| p.exists()).then_some(paths)
    }
}

/// A dictionary that could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the built-in dictionaries are invalid")]
    Builtin(#[source] DictionaryError),
    #[error("cannot read dictionary {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("dictionary {} is not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("invalid dictionary {}", path.display())]
    Invalid {
        path: PathBuf,
        #[source]
        error: DictionaryError,
    },
}

/// A scan that read nothing at all: every input was missing, unreadable or of no known format.
#[derive(Debug, thiserror::Error)]
#[error("nothing could be scanned in {tool_path}")]
pub struct NothingScanned {
    pub tool_path: String,
    /// The scan's problems, which say why each input was not read.
    pub problems: Vec<Problem>,
}

/// The dictionaries a scan classifies with.
#[derive(Debug, Clone)]
pub struct Setup {
    pub dictionary: Dictionary,
}

impl Setup {
    /// The built-in dictionaries.
    pub fn builtin() -> Result<Setup, SetupError> {
        Ok(Setup {
            dictionary: Dictionary::builtin().map_err(SetupError::Builtin)?,
        })
    }

    /// The built-in dictionaries plus the user's files (`--dictionary FILE`), each in the
    /// format of the built-in `column_names.toml`.
    pub fn with_user_dictionaries(files: &[PathBuf]) -> Result<Setup, SetupError> {
        let mut setup = Setup::builtin()?;
        for path in files {
            setup.add_user_dictionary(path)?;
        }
        Ok(setup)
    }

    fn add_user_dictionary(&mut self, path: &Path) -> Result<(), SetupError> {
        let bytes = std::fs::read(path).map_err(|source| SetupError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| SetupError::NotUtf8 {
            path: path.to_path_buf(),
        })?;
        self.dictionary
            .add_user_file(&path.display().to_string(), &text)
            .map_err(|error| SetupError::Invalid {
                path: path.to_path_buf(),
                error,
            })
    }

    /// Scans the tool; a scan that read nothing is still a report (its problems say why).
    pub fn scan(
        &self,
        tool: &ToolSource,
        options: &ScanOptions,
        progress: &dyn Progress,
    ) -> ScanReport {
        super::scan(&tool.inputs(), options, &self.dictionary, progress)
    }

    /// Scans the tool for an assessment: a scan that read nothing is an error, since an
    /// assessment of nothing would pre-fill "no personal data".
    pub fn scan_tool(
        &self,
        tool: &ToolSource,
        options: &ScanOptions,
        progress: &dyn Progress,
    ) -> Result<ScanReport, NothingScanned> {
        let report = self.scan(tool, options, progress);
        if report.nothing_scanned() {
            return Err(NothingScanned {
                tool_path: tool.tool_path(),
                problems: report.problems,
            });
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::NoProgress;

    #[test]
    fn a_tool_of_missing_paths_is_refused_with_the_problems_that_say_why() {
        let tool = ToolSource::Paths(vec![PathBuf::from("/nonexistent/dpia/tool")]);
        let setup = Setup::builtin().unwrap();
        let err = setup
            .scan_tool(
                &tool,
                &ScanOptions::new(crate::calendar::Date {
                    year: 2026,
                    month: 11,
                    day: 25,
                }),
                &NoProgress,
            )
            .unwrap_err();
        assert_eq!(err.tool_path, "/nonexistent/dpia/tool");
        assert!(
            err.problems
                .iter()
                .any(|p| p.path.contains("/nonexistent/dpia/tool")),
            "{:?}",
            err.problems
        );
        assert_eq!(
            err.to_string(),
            "nothing could be scanned in /nonexistent/dpia/tool"
        );
    }

    #[test]
    fn tool_paths_join_with_spaces_and_come_back_only_when_all_exist() {
        let here = env!("CARGO_MANIFEST_DIR");
        let tool = ToolSource::Paths(vec![PathBuf::from(here), PathBuf::from("src")]);
        let recorded = tool.tool_path();
        assert_eq!(recorded, format!("{here} src"));
        assert_eq!(
            ToolSource::recorded_paths(&format!("{here} {here}/Cargo.toml")),
            Some(vec![
                PathBuf::from(here),
                PathBuf::from(format!("{here}/Cargo.toml"))
            ])
        );
        assert_eq!(
            ToolSource::recorded_paths(&format!("{here} /nonexistent/dpia")),
            None
        );
    }

    #[test]
    fn user_dictionaries_are_added_and_bad_ones_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("terms.toml");
        std::fs::write(
            &good,
            "version = 1\n[[entry]]\ncategory = \"national_id\"\nconfidence = 0.9\nterms.en = [\"staff passport ref\"]\n",
        )
        .unwrap();
        let setup = Setup::with_user_dictionaries(std::slice::from_ref(&good)).unwrap();
        assert!(
            !crate::scan::detect::match_column("staff_passport_ref", &setup.dictionary).is_empty()
        );
        let missing = dir.path().join("missing.toml");
        let err = Setup::with_user_dictionaries(std::slice::from_ref(&missing)).unwrap_err();
        assert!(matches!(&err, SetupError::Read { path, .. } if path == &missing));
        let latin1 = dir.path().join("latin1.toml");
        std::fs::write(&latin1, b"terms.de = [\"stra\xdfe\"]\n").unwrap();
        let err = Setup::with_user_dictionaries(std::slice::from_ref(&latin1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("dictionary {} is not UTF-8 text", latin1.display())
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "version = 1\n[[entry]]\ncategory = \"no_such_category\"\nconfidence = 0.9\nterms.en = [\"x\"]\n").unwrap();
        let err = Setup::with_user_dictionaries(std::slice::from_ref(&bad)).unwrap_err();
        assert!(
            matches!(&err, SetupError::Invalid { path, error } if path == &bad && !error.problems.is_empty()),
            "{err:?}"
        );
    }
}
