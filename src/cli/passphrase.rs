//! Reading a passphrase: from the environment variable named by `--passphrase-env` (for
//! scripts), else from a prompt on the terminal that never echoes what is typed.

use super::error::CliError;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use std::io::{IsTerminal, Write};
use zeroize::Zeroizing;

/// The passphrase from `$var`, or asked for on the terminal (`confirm` asks twice).
pub fn read(var: Option<&str>, prompt: &str, confirm: bool) -> Result<Zeroizing<String>, CliError> {
    if let Some(var) = var {
        return from_env(var);
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(
            CliError::usage("no passphrase: not running in a terminal").hint(
                "pass --passphrase-env VAR with the passphrase in the environment variable VAR",
            ),
        );
    }
    let first = prompt_hidden(prompt)?;
    if confirm {
        let again = prompt_hidden("Repeat the passphrase: ")?;
        if *again != *first {
            return Err(CliError::user(
                "the two passphrases differ; nothing was written",
            ));
        }
    }
    Ok(first)
}

/// Whether `name` looks like an environment variable's name (so it may be shown: something
/// else could be the passphrase itself, passed by mistake).
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64
}

/// The passphrase from the variable `var`; messages name the variable only when it looks
/// like a variable name.
fn from_env(var: &str) -> Result<Zeroizing<String>, CliError> {
    if !is_variable_name(var) {
        return Err(CliError::usage(
            "--passphrase-env takes the NAME of an environment variable, and what was given is not a variable name (it is not shown, in case it is the passphrase itself)",
        )
        .hint("export DPIA_PASS='…' and pass --passphrase-env DPIA_PASS"));
    }
    match std::env::var(var) {
        Ok(value) => Ok(Zeroizing::new(value)),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::usage(format!(
            "--passphrase-env {var}: the environment variable {var} is set but is not valid UTF-8 text"
        ))),
        Err(std::env::VarError::NotPresent) => Err(CliError::usage(format!(
            "--passphrase-env {var}: the environment variable {var} is not set"
        ))),
    }
}

/// Reads one line without echo (raw mode); Ctrl-C or Esc aborts.
pub fn prompt_hidden(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    let io = |e: std::io::Error| CliError::user("cannot read the passphrase").caused_by(&e);
    let mut err = std::io::stderr();
    write!(err, "{prompt}")
        .and_then(|()| err.flush())
        .map_err(io)?;
    terminal::enable_raw_mode().map_err(io)?;
    let result = read_line_raw();
    let _ = terminal::disable_raw_mode();
    let _ = writeln!(err);
    result
        .map_err(io)?
        .ok_or_else(|| CliError::user("cancelled"))
}

fn read_line_raw() -> std::io::Result<Option<Zeroizing<String>>> {
    let mut line = Zeroizing::new(String::new());
    loop {
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match key.code {
            KeyCode::Enter => return Ok(Some(line)),
            KeyCode::Esc => return Ok(None),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return Ok(None),
            KeyCode::Backspace => {
                line.pop();
            }
            KeyCode::Char(c) => line.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_passed_as_the_variable_name_is_never_echoed() {
        for secret in ["correct horse battery", "p=ss", "s3cr3t!", ""] {
            let e = from_env(secret).expect_err("not a name");
            let text = e.render();
            assert!(secret.is_empty() || !text.contains(secret), "{text}");
            assert!(text.contains("not a variable name"), "{text}");
        }
    }

    #[test]
    fn a_missing_variable_is_named() {
        let e = from_env("DPIA_SURELY_UNSET_VARIABLE_42").expect_err("unset");
        assert!(e
            .render()
            .contains("DPIA_SURELY_UNSET_VARIABLE_42 is not set"));
    }
}
