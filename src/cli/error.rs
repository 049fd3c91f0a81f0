//! User-facing errors: a kind that decides the exit code, a message, the chain of causes and
//! hints on what to do next. Printed as `error: …`, `caused by: …`, `hint: …`.

use std::fmt::Write as _;
use std::process::ExitCode;

/// What went wrong, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input file, unreadable path, nothing to scan: exit 1.
    User,
    /// Bad command line: exit 2.
    Usage,
    /// A verification failed (signature, record chain): exit 3.
    Verify,
    /// A bug: exit 70.
    Internal,
}

impl Kind {
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Kind::User => 1,
            Kind::Usage => 2,
            Kind::Verify => 3,
            Kind::Internal => 70,
        })
    }
}

/// An error on its way to the user.
#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub causes: Vec<String>,
    pub hints: Vec<String>,
}

impl CliError {
    pub fn user(message: impl Into<String>) -> Self {
        CliError {
            kind: Kind::User,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            kind: Kind::Usage,
            ..CliError::user(message)
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        CliError {
            kind: Kind::Internal,
            ..CliError::user(message)
        }
    }

    /// Adds the error's source chain as causes. The error itself is skipped when it says
    /// what the message already says (`CliError::user(e.to_string()).caused_by(&e)`), and a
    /// cause that repeats the one before is dropped, so nothing is printed twice.
    pub fn caused_by(mut self, error: &dyn std::error::Error) -> Self {
        let mut current: Option<&dyn std::error::Error> = Some(error);
        while let Some(e) = current {
            let text = e.to_string();
            let repeated = text == self.message || self.causes.last() == Some(&text);
            if !repeated {
                self.causes.push(text);
            }
            current = e.source();
        }
        self
    }

    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The text printed on stderr. Messages and causes often echo input (ids, values, file
    /// names), so control characters are made visible; a cause may span lines (a TOML error
    /// with its snippet), so newlines stay.
    #[must_use]
    pub fn render(&self) -> String {
        use dpia::terminal::{escape, escape_lines};
        let mut out = format!("error: {}\n", escape_lines(&self.message));
        for c in &self.causes {
            let _ = writeln!(out, "caused by: {}", escape_lines(c));
        }
        for h in &self.hints {
            let _ = writeln!(out, "hint: {}", escape(h));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read keys/key.pem")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_message_is_never_printed_twice() {
        let e = Outer(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file",
        ));
        let rendered = CliError::user(e.to_string()).caused_by(&e).render();
        assert_eq!(
            rendered,
            "error: cannot read keys/key.pem\ncaused by: No such file\n"
        );
        let wrapped = CliError::user("cannot sign").caused_by(&e).render();
        assert_eq!(
            wrapped,
            "error: cannot sign\ncaused by: cannot read keys/key.pem\ncaused by: No such file\n"
        );
    }

    #[test]
    fn rendered_errors_show_control_characters_escaped() {
        let e = CliError::user("unknown question id 'x\u{1b}[2J'")
            .cause("answers.toml:3: item 1, field \u{1b}]8;;http://evil/\u{7}name")
            .cause("TOML parse error at line 1\n  |\n1 | a = \u{202e}")
            .hint("check \u{9b}31m");
        let text = e.render();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{9b}'),
            "{text}"
        );
        assert!(text.contains("x\\u{1b}[2J"), "{text}");
        assert!(text.contains("line 1\n  |\n1 | a = \\u{202e}"), "{text}");
    }
}
