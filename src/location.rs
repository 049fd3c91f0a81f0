//! A problem found in a data file, at a place: `file:line: message`. Loaders of data files
//! (questionnaires, detection dictionaries) report every problem they find in this one shape.

use std::fmt;

/// One problem in a data file, with the line when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
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
