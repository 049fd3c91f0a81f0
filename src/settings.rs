//! The user's settings, shared by the CLI (`dpia config`) and the terminal UI: who is working
//! (the author every record entry and report names), where exports and signed PDFs go, the
//! signing key and certificate last used, and review intervals replacing dpia's defaults. A small TOML file in the user's config folder
//! (`$XDG_CONFIG_HOME/dpia/settings.toml`, `~/.config/dpia/settings.toml`; `DPIA_CONFIG_DIR`
//! overrides the folder, for tests and portable setups), written atomically. Like
//! [`crate::clock`], [`path_from_env`] is the one place that reads the environment for it.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The settings file's name inside the config folder.
pub const FILE_NAME: &str = "settings.toml";

/// What `dpia config set` accepts: the key and what it holds.
pub const KEYS: &[(&str, &str)] = &[
    (
        "author",
        "your name, as the record and the reports show who made each change",
    ),
    (
        "export-dir",
        "the folder exports and signed PDFs go to (default: your documents folder)",
    ),
    ("sign-key", "the signing key (key.pem or .p12) last used"),
    ("sign-cert", "the certificate (cert.pem) last used"),
    (
        "review-months",
        "months to the next review by residual risk, e.g. high=3,moderate=12 (default: low=24, moderate=12, high=6, very_high=6)",
    ),
];

/// The settings; every one may be unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_dir: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_key: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_cert: Option<PathBuf>,
    /// Review intervals replacing dpia's defaults (`high=3,moderate=12`), see
    /// [`crate::reference::ReviewIntervals::with_overrides`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_months: Option<String>,
}

/// Why the settings could not be read, changed or written.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid settings file {}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: Option<u64>,
        message: String,
    },
    #[error(
        "unknown setting '{0}' (known: author, export-dir, sign-key, sign-cert, review-months)"
    )]
    UnknownKey(String),
    #[error("invalid {key}: {message}")]
    Value { key: String, message: String },
    #[error("the setting {0} cannot be empty (use `dpia config unset {0}`)")]
    Empty(String),
    #[error("cannot create the settings folder {}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot serialise the settings")]
    Serialise(#[from] toml::ser::Error),
    #[error(transparent)]
    Write(#[from] crate::files::FileError),
}

/// The settings file: `DPIA_CONFIG_DIR/settings.toml`, else the platform config folder's
/// `dpia/settings.toml`; `None` when neither is known.
pub fn path_from_env() -> Option<PathBuf> {
    std::env::var_os("DPIA_CONFIG_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("dpia")))
        .map(|d| d.join(FILE_NAME))
}

/// The user's documents folder, where exports go unless the settings name another one.
pub fn documents_dir() -> Option<PathBuf> {
    dirs::document_dir()
}

impl Settings {
    /// Reads `path`; a missing file is empty settings.
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        toml::from_str(&text).map_err(|e| SettingsError::Invalid {
            path: path.to_path_buf(),
            line: e
                .span()
                .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) as u64 + 1),
            message: e.message().to_string(),
        })
    }

    /// Writes the settings to `path` atomically, creating its folder (owner only) if needed.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|source| SettingsError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let text = toml::to_string(self)?;
        crate::files::write_atomic(path, text.as_bytes())?;
        Ok(())
    }

    /// A setting by its key, as text.
    pub fn get(&self, key: &str) -> Result<Option<String>, SettingsError> {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        Ok(match key {
            "author" => self.author.clone(),
            "export-dir" => path(&self.export_dir),
            "sign-key" => path(&self.sign_key),
            "sign-cert" => path(&self.sign_cert),
            "review-months" => self.review_months.clone(),
            _ => return Err(SettingsError::UnknownKey(key.to_string())),
        })
    }

    /// Sets `key` to `value` (trimmed; never empty).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingsError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(SettingsError::Empty(key.to_string()));
        }
        match key {
            "author" => self.author = Some(value.to_string()),
            "export-dir" => self.export_dir = Some(PathBuf::from(value)),
            "sign-key" => self.sign_key = Some(PathBuf::from(value)),
            "sign-cert" => self.sign_cert = Some(PathBuf::from(value)),
            "review-months" => {
                let any = crate::reference::ReviewIntervals {
                    low: 1,
                    moderate: 1,
                    high: 1,
                    very_high: 1,
                };
                any.with_overrides(value)
                    .map_err(|message| SettingsError::Value {
                        key: key.to_string(),
                        message,
                    })?;
                self.review_months = Some(value.to_string());
            }
            _ => return Err(SettingsError::UnknownKey(key.to_string())),
        }
        Ok(())
    }

    /// Removes `key`.
    pub fn unset(&mut self, key: &str) -> Result<(), SettingsError> {
        match key {
            "author" => self.author = None,
            "export-dir" => self.export_dir = None,
            "sign-key" => self.sign_key = None,
            "sign-cert" => self.sign_cert = None,
            "review-months" => self.review_months = None,
            _ => return Err(SettingsError::UnknownKey(key.to_string())),
        }
        Ok(())
    }

    /// The author to record: a non-empty `author` setting.
    pub fn author(&self) -> Option<&str> {
        self.author
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }

    /// Where exports go: the `export-dir` setting, else `documents` (the user's documents
    /// folder), else the record's `exports` folder.
    pub fn export_dir(&self, documents: Option<&Path>, record_dir: &Path) -> PathBuf {
        self.export_dir
            .clone()
            .or_else(|| documents.map(Path::to_path_buf))
            .unwrap_or_else(|| record_dir.join("exports"))
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_saved_and_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("conf/dpia/settings.toml");
        assert_eq!(Settings::load(&path).unwrap(), Settings::default());
        let mut s = Settings::default();
        s.set("author", "  Dr. Anna Müller ").unwrap();
        s.set("export-dir", "/srv/dpia").unwrap();
        s.save(&path).unwrap();
        let back = Settings::load(&path).unwrap();
        assert_eq!(back.author(), Some("Dr. Anna Müller"));
        assert_eq!(
            back.get("export-dir").unwrap().as_deref(),
            Some("/srv/dpia")
        );
        assert!(matches!(
            s.set("colour", "x"),
            Err(SettingsError::UnknownKey(_))
        ));
        assert!(matches!(s.set("author", " "), Err(SettingsError::Empty(_))));
        s.set("review-months", "high=3").unwrap();
        assert_eq!(s.get("review-months").unwrap().as_deref(), Some("high=3"));
        let e = s.set("review-months", "high=0").unwrap_err().to_string();
        assert!(e.contains("review-months") && e.contains("1 to 60"), "{e}");
        s.unset("author").unwrap();
        assert_eq!(s.author(), None);
    }

    #[test]
    fn a_broken_file_names_its_path_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("settings.toml");
        std::fs::write(&path, "author = \"A\"\ncolour = \"red\"\n").unwrap();
        let e = Settings::load(&path).unwrap_err().to_string();
        assert!(e.contains("settings.toml:2"), "{e}");
    }

    #[test]
    fn exports_go_to_the_setting_then_documents_then_the_record() {
        let record = Path::new("/r");
        let docs = Path::new("/home/a/Documents");
        let mut s = Settings::default();
        assert_eq!(s.export_dir(None, record), PathBuf::from("/r/exports"));
        assert_eq!(s.export_dir(Some(docs), record), docs);
        s.set("export-dir", "/srv/out").unwrap();
        assert_eq!(s.export_dir(Some(docs), record), PathBuf::from("/srv/out"));
    }
}
