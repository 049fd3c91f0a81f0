//! Writing output files safely, for every shell: [`write_atomic`] puts the whole file in place
//! or nothing (a temporary file created exclusively under a random name in the same folder,
//! written, flushed to disk, then renamed over the target), so a failed write never leaves
//! half a PDF behind and a symlink planted at a predictable temporary name is never followed.
//! [`write_private`] creates a secret file readable by its owner only.

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
}
