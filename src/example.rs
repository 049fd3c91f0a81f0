//! The bundled example tool: a property-management damage-report tool (D1 database with
//! migrations and an export, an R2 photo bucket) with synthetic data, embedded in the binary
//! from `tests/fixtures/example/` so a first run needs no files.

use crate::scan::ScanInput;

include!(concat!(env!("OUT_DIR"), "/example_files.rs"));

/// The example's files as scan inputs.
pub fn inputs() -> Vec<ScanInput> {
    FILES
        .iter()
        .map(|(path, bytes)| ScanInput::Memory {
            path: (*path).to_string(),
            bytes,
        })
        .collect()
}

/// Writes the example's files under `dir` (for users who want to look at or edit them).
pub fn extract(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    for (path, bytes) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
        written.push(target);
    }
    Ok(written)
}
