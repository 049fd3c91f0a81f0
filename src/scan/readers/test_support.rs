//! Test support: in-memory files read as a scan reads them, into tables (no detection).

use super::read_file;
use crate::scan::code::CodeFacts;
use crate::scan::input::{Format, Origin, SourceFile};
use crate::scan::tables::{Table, TableSet};
use crate::scan::{Dictionary, NoProgress, ScanOptions, ScanReport};

/// Reads `(path, text, format)` files in order: the tables assembled, and the report
/// holding the readers' problems.
pub(crate) fn read_in_memory(files: &[(&str, &str, Format)]) -> (Vec<Table>, ScanReport) {
    let dict = Dictionary::builtin().unwrap();
    let options = ScanOptions::new(crate::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    let mut set = TableSet::new(10, false);
    let mut report = ScanReport::default();
    let mut code = CodeFacts::default();
    for (path, text, format) in files {
        let file = SourceFile {
            path: (*path).into(),
            origin: Origin::Memory(Box::leak(text.as_bytes().to_vec().into_boxed_slice())),
            format: *format,
        };
        read_file(
            &file,
            &options,
            &dict,
            &mut set,
            &mut code,
            &mut report,
            &NoProgress,
        );
    }
    (set.into_tables(), report)
}
