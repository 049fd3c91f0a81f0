//! Opening input files safely. A path named on the command line or found in a scanned folder
//! may be a FIFO (opening it blocks until a writer comes), a device (`/dev/zero` never ends),
//! a socket or a symbolic link loop. Only regular files are read: the file is opened
//! non-blocking and checked with `fstat` on the open descriptor, so a path swapped for a FIFO
//! after a first check cannot block the scan either. Text files read whole have a size cap.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// What a path that is not a regular file is, in words (`a FIFO`, `a character device`).
pub fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// Why a path could not be opened as a regular file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A FIFO, device, socket, folder or link loop: never read.
    #[error("skipped (not a regular file: {0})")]
    NotRegular(&'static str),
    #[error("cannot open: {0}")]
    Io(io::Error),
}

impl From<io::Error> for OpenError {
    /// ELOOP (a symbolic link loop) is a kind of path, not a failure to read.
    fn from(e: io::Error) -> Self {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return OpenError::NotRegular("a symbolic link loop");
        }
        OpenError::Io(e)
    }
}

/// Opens `path` for reading if, once open, it is a regular file. Never blocks on a FIFO.
pub fn open_regular(path: &Path) -> Result<File, OpenError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(OpenError::from)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular(kind_of(&meta)));
    }
    Ok(file)
}

/// Why a text file could not be read (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum TextFileError {
    #[error("{0}")]
    Open(OpenError),
    #[error("cannot read: {0}")]
    Read(io::Error),
    #[error("over {} MiB: not read", .0 >> 20)]
    TooLarge(u64),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, TextFileError> {
    let file = open_regular(path).map_err(TextFileError::Open)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(TextFileError::Read)?;
    if bytes.len() as u64 > limit {
        return Err(TextFileError::TooLarge(limit));
    }
    String::from_utf8(bytes).map_err(|_| TextFileError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_open_and_folders_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x\n").unwrap();
        assert!(open_regular(&file).is_ok());
        assert!(matches!(
            open_regular(dir.path()),
            Err(OpenError::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_devices_and_link_loops_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("data.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let e = open_regular(&fifo).unwrap_err();
        assert_eq!(e.to_string(), "skipped (not a regular file: a FIFO)");
        let e = open_regular(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "skipped (not a regular file: a character device)"
        );
        let a = dir.path().join("a");
        std::os::unix::fs::symlink(dir.path().join("b"), &a).unwrap();
        std::os::unix::fs::symlink(&a, dir.path().join("b")).unwrap();
        let e = open_regular(&a).unwrap_err();
        assert_eq!(
            e.to_string(),
            "skipped (not a regular file: a symbolic link loop)"
        );
    }

    #[test]
    fn text_files_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("answers.toml");
        std::fs::write(&file, "a = 1\n").unwrap();
        assert_eq!(read_text(&file, 6).unwrap(), "a = 1\n");
        let e = read_text(&file, 5).unwrap_err();
        assert!(matches!(e, TextFileError::TooLarge(5)), "{e}");
        std::fs::write(&file, b"\xff").unwrap();
        assert!(matches!(read_text(&file, 5), Err(TextFileError::NotUtf8)));
    }
}
