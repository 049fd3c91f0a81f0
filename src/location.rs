//! Places in files. [`Location`] is a line of a file (`path:line`), where a scanned column is
//! declared. [`FileProblem`] is a problem found in a data file, at a place: `file:line:
//! message`; loaders of data files (questionnaires, detection dictionaries, templates) report
//! every problem they find in this one shape, as a scan reports its `scan::Problem`s (the
//! two print through one [`write_at`]).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A line of a file. Serialised as the string `path:line` (the JSON contract of
/// `declared_at`); read back by splitting at the last `:`, so a path may hold colons.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: String,
    /// 1-based.
    pub line: u64,
}

impl Location {
    pub fn new(path: impl Into<String>, line: u64) -> Self {
        Location {
            path: path.into(),
            line,
        }
    }

    /// Reads `path:line` back; `None` without a line number after the last `:`.
    pub fn parse(text: &str) -> Option<Location> {
        let (path, line) = text.rsplit_once(':')?;
        let line = line.parse().ok()?;
        Some(Location::new(path, line))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Location::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not path:line: {text}")))
    }
}

/// Writes `path:line: message`, or `path: message` without a line.
pub fn write_at(
    f: &mut fmt::Formatter<'_>,
    path: &str,
    line: Option<u64>,
    message: &str,
) -> fmt::Result {
    match line {
        Some(l) => write!(f, "{path}:{l}: {message}"),
        None => write!(f, "{path}: {message}"),
    }
}

/// One problem in a data file, with the line when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_at(f, &self.file, self.line, &self.message)
    }
}

impl FileProblem {
    /// A TOML file that does not parse or does not fit its shape, at the line toml names.
    pub fn toml(file: &str, text: &str, error: &toml::de::Error) -> FileProblem {
        FileProblem {
            file: file.to_string(),
            line: error.span().map(|s| line_at(text, s.start)),
            message: error.message().to_string(),
        }
    }
}

/// The line (from 1) of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> u64 {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_and_line() {
        let p = FileProblem {
            file: "questionnaires/dpia.toml".into(),
            line: Some(12),
            message: "duplicate id".into(),
        };
        assert_eq!(p.to_string(), "questionnaires/dpia.toml:12: duplicate id");
        let p = FileProblem { line: None, ..p };
        assert_eq!(p.to_string(), "questionnaires/dpia.toml: duplicate id");
    }

    #[test]
    fn a_location_is_path_colon_line_in_json() {
        let at = Location::new("C:/tool/migrations/0001.sql", 12);
        let json = serde_json::to_string(&at).unwrap();
        assert_eq!(json, r#""C:/tool/migrations/0001.sql:12""#);
        assert_eq!(serde_json::from_str::<Location>(&json).unwrap(), at);
        assert!(serde_json::from_str::<Location>(r#""no-line.sql""#).is_err());
    }

    #[test]
    fn a_toml_error_names_its_line() {
        let text = "a = 1\nb = \"x\"\n";
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Two {
            a: u32,
            b: u32,
        }
        let e = toml::from_str::<Two>(text).unwrap_err();
        let p = FileProblem::toml("t.toml", text, &e);
        assert_eq!((p.file.as_str(), p.line), ("t.toml", Some(2)), "{p}");
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 6), 2);
    }
}
