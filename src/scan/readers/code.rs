//! Source files (JS/TS/JSX/TSX, HTML, CSS) and `package.json` handed to the code scan
//! (`scan::code`): decoded, minified bundles skipped, the rest parsed into code facts.

use super::Sink;
use crate::scan::code::{self, Lang};
use crate::scan::model::ProblemCode;
use std::io::{BufRead, Read};

/// Reads one source file.
pub fn read(input: &mut dyn BufRead, lang: Lang, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = input
        .take(code::MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
    {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    if bytes.len() > code::MAX_SOURCE_BYTES {
        sink.warning(
            ProblemCode::FileTooLarge,
            Some(1),
            format!(
                "source file over {} MB (generated code?): not analysed for data flows",
                code::MAX_SOURCE_BYTES >> 20
            ),
        );
        return;
    }
    let (text, encoding) = crate::scan::text::decode(&bytes);
    if encoding == crate::scan::text::Encoding::Latin1 {
        sink.warning(
            ProblemCode::InvalidUtf8,
            None,
            "not valid UTF-8: read as Latin-1",
        );
    }
    if code::is_minified(sink.path, &text) {
        sink.report
            .skipped
            .push(format!("{} (minified bundle)", sink.path));
        return;
    }
    let mut problems = Vec::new();
    code::read_source(sink.path, text.into_owned(), lang, sink.code, &mut problems);
    sink.report.problems.extend(problems);
    sink.found_something = true;
}

/// `package.json`: wrangler commands in its scripts, and SDK dependencies.
pub fn read_package(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = input.take(16 << 20).read_to_end(&mut bytes) {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    super::wrangler::read_script(&mut bytes.as_slice(), sink);
    let (text, _) = crate::scan::text::decode(&bytes);
    if let Some(catalogue) = code::resolve_catalogue() {
        let mut facts = code::FileFacts {
            path: sink.path.to_string(),
            ..code::FileFacts::default()
        };
        code::package::analyse(&text, catalogue, &mut facts);
        if !facts.flows.is_empty() {
            sink.code.add_file(facts);
        }
    }
}
