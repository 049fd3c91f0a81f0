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

    /// The text printed on stderr.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = format!("error: {}\n", self.message);
        for c in &self.causes {
            let _ = writeln!(out, "caused by: {c}");
        }
        for h in &self.hints {
            let _ = writeln!(out, "hint: {h}");
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
}
