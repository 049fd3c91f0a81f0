//! Shared by every target: scans the input as one file of the target's kind (in a folder of
//! this process) and fails on a panic or a broken invariant (see dpia::scan::selfcheck).

use dpia::scan::{selfcheck, Dictionary};
use std::path::PathBuf;
use std::sync::OnceLock;

fn setup() -> &'static (Dictionary, PathBuf) {
    static SETUP: OnceLock<(Dictionary, PathBuf)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dpia-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("fuzz folder");
        (Dictionary::builtin().expect("dictionary"), dir)
    })
}

/// Scans `data` as the file `name`; odd lengths in full mode (every row), so that plain
/// files (the fixtures) serve as seeds and mutations reach both modes.
pub fn check(name: &str, data: &[u8]) {
    let (dict, dir) = setup();
    let full = data.len() % 2 == 1;
    if let Err(e) = selfcheck::scan_file_bytes(dir, name, data, full, dict) {
        panic!("{name}: {e}");
    }
}
