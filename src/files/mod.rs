//! Writing output files safely, for every shell: [`write_atomic`] puts the whole file in place
//! or nothing (a temporary file created exclusively under a random name in the same folder,
//! written, flushed to disk, then renamed over the target), so a failed write never leaves
//! half a PDF behind and a symlink planted at a predictable temporary name is never followed.
//! [`write_private`] creates a secret file readable by its owner only. [`file_name`] turns
//! a title into a short, safe file name. Reading input safely (regular files only, text with
//! a size cap) is in [`input`], re-exported here.

mod input;
pub use input::{kind_of, open_regular, read_text, OpenError, TextFileError};

use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A file could not be written.
#[derive(Debug, Error)]
#[error("cannot write {}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` atomically (see the module doc).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let err = |source| FileError {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, mut file) = create_temporary(&folder, &name).map_err(err)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    // Make the rename itself durable; a folder that cannot be opened is not an error.
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The longest stem [`file_name`] makes, in characters: with a suffix it stays far below the
/// 255 bytes most file systems allow, even in letters that take several bytes.
pub const MAX_STEM: usize = 60;

/// A file name for `title`: lowercase letters and digits, every other run of characters one
/// `-`, cut at a word boundary to at most [`MAX_STEM`] characters, then `suffix`
/// (`"-draft.pdf"`). A title with no letters gives `dpia`.
pub fn file_name(title: &str, suffix: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    if stem.chars().count() > MAX_STEM {
        let cut: String = stem.chars().take(MAX_STEM).collect();
        // Prefer ending at a word boundary when one is not too far back.
        stem = match cut.rfind('-') {
            Some(i) if cut[..i].chars().count() >= MAX_STEM / 2 => cut[..i].to_string(),
            _ => cut,
        };
    }
    let stem = stem.trim_matches('-');
    format!("{}{suffix}", if stem.is_empty() { "dpia" } else { stem })
}

/// Creates `.NAME.RANDOM.dpia-tmp` in `folder` with O_EXCL, retrying on a name collision.
fn create_temporary(folder: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..8 {
        let tmp = folder.join(format!(".{name}.{:016x}.dpia-tmp", rand::random::<u64>()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Creates `path` (which must not exist) readable and writable by its owner only, from the
/// first byte on.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let err = |source| FileError {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(err)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("report.pdf");
        std::fs::write(&path, b"old").expect("old");
        write_atomic(&path, b"new bytes").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new bytes");
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_at_the_old_temporary_name_is_not_followed() {
        let tmp = tempfile::tempdir().expect("tmp");
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, b"precious").expect("victim");
        let path = tmp.path().join("draft.pdf");
        // The name the old writer used, and names of the new form cannot be guessed.
        std::os::unix::fs::symlink(&victim, tmp.path().join(".draft.pdf.dpia-tmp"))
            .expect("symlink");
        write_atomic(&path, b"%PDF-").expect("write");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
        assert!(!std::fs::symlink_metadata(&path)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-");
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("no/such/dir/out.pdf");
        let e = write_atomic(&path, b"x").expect_err("no folder");
        assert!(e.to_string().contains("out.pdf"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only_and_never_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("key.pem");
        write_private(&path, b"secret").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(write_private(&path, b"again").is_err());
    }

    #[test]
    fn titles_become_short_safe_file_names() {
        assert_eq!(
            file_name("Damage reports (bundled example)", "-draft.pdf"),
            "damage-reports-bundled-example-draft.pdf"
        );
        assert_eq!(
            file_name("Schäden/Übersicht: 2027", ".pdf"),
            "schäden-übersicht-2027.pdf"
        );
        assert_eq!(file_name("../../etc", ".pdf"), "etc.pdf");
        assert_eq!(file_name("  !!! ", "-signed.pdf"), "dpia-signed.pdf");
        // The walkthrough's 290-character title: the name fits any file system.
        let long =
            "Abwesenheits-Tracker HR mit Krankmeldungen, Urlaubsanträgen 🏖️ und \"Genehmigungen\" "
                .repeat(4);
        let name = file_name(&long, "-signed.pdf");
        assert!(
            name.chars().count() <= MAX_STEM + "-signed.pdf".len(),
            "{name}"
        );
        assert!(
            name.len() < 255 && !name.contains("--") && name.starts_with("abwesenheits-tracker-hr")
        );
        assert!(name.ends_with("-signed.pdf"), "{name}");
    }
}
