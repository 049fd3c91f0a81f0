//! `dpia config`: shows and changes the user's settings (`dpia::settings`): the author every
//! record entry names, the export folder, the signing key last used. Also where the author
//! comes from for every command: `--author`, `DPIA_AUTHOR`, the `author` setting, `USER`.

use super::error::CliError;
use clap::Subcommand;
use dpia::settings::{self, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Set a setting: author, export-dir, sign-key, sign-cert, review-months.
    Set {
        /// author | export-dir | sign-key | sign-cert | review-months
        key: String,
        value: String,
    },
    /// Print one setting (nothing when it is unset).
    Get { key: String },
    /// Remove a setting.
    Unset { key: String },
    /// Print every setting and the settings file's path.
    Show,
}

/// The settings file, or a usage error when the platform has no config folder.
pub fn path() -> Result<PathBuf, CliError> {
    settings::path_from_env().ok_or_else(|| {
        CliError::usage("no folder for the settings file")
            .hint("set DPIA_CONFIG_DIR to a folder for dpia's settings")
    })
}

/// The settings, or empty ones when there is no config folder.
pub fn load() -> Result<Settings, CliError> {
    match settings::path_from_env() {
        Some(path) => Settings::load(&path).map_err(|e| {
            CliError::user("cannot read the settings")
                .caused_by(&e)
                .hint("fix the file, or remove it and set again with `dpia config set`")
        }),
        None => Ok(Settings::default()),
    }
}

/// Who is working: `--author`, `DPIA_AUTHOR`, the `author` setting, `USER`, else "unknown".
pub fn author(flag: Option<String>) -> String {
    let configured = || load().ok().and_then(|s| s.author().map(str::to_string));
    flag.filter(|a| !a.trim().is_empty())
        .or_else(|| {
            std::env::var("DPIA_AUTHOR")
                .ok()
                .filter(|a| !a.trim().is_empty())
        })
        .or_else(configured)
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

pub fn run(command: ConfigCommand) -> Result<ExitCode, CliError> {
    let path = path()?;
    let invalid = |e: settings::SettingsError| {
        CliError::usage(e.to_string()).hint("dpia config show lists the settings")
    };
    let mut current = load()?;
    match command {
        ConfigCommand::Set { key, value } => {
            current.set(&key, &value).map_err(invalid)?;
            save(&current, &path)?;
        }
        ConfigCommand::Unset { key } => {
            current.unset(&key).map_err(invalid)?;
            save(&current, &path)?;
        }
        ConfigCommand::Get { key } => {
            if let Some(value) = current.get(&key).map_err(invalid)? {
                println!("{value}");
            }
        }
        ConfigCommand::Show => {
            println!("# {}", path.display());
            for (key, what) in settings::KEYS {
                let value = current.get(key).map_err(invalid)?;
                match value {
                    Some(v) => println!("{key} = {v}"),
                    None => println!("# {key}: {what} (unset)"),
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn save(settings: &Settings, path: &std::path::Path) -> Result<(), CliError> {
    settings
        .save(path)
        .map_err(|e| CliError::user("cannot save the settings").caused_by(&e))
}
