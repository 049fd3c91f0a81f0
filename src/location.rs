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
}
