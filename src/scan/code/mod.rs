//! What the tool's code does with data: data flows read from its JavaScript/TypeScript
//! (Workers, Hono, itty-router, Express-style routers, JSX/TSX), HTML pages, CSS and
//! `package.json`. Another scanner input beside the data readers; its result is
//! [`ScanReport::flows`](crate::scan::ScanReport).
//!
//! Two phases, because a flow's personal data depends on the data scan:
//! 1. while files are read, each source file is parsed (oxc for JS/TS, html5ever's tokenizer
//!    for HTML) into [`FileFacts`]: raw flows whose data are symbolic ([`flows::Taint`]:
//!    request fields, D1 columns, identifier names), routes and access checks;
//! 2. after the tables are classified, [`finish`] resolves the data to categories, names the
//!    services from the catalogue (`src/reference/services.toml`), keeps the flows that matter
//!    (a log without personal data is not a flow) and adds the routes serving personal data
//!    without an access check.
//!
//! Parsing runs on a worker thread with a large stack and a nesting cap, so deeply nested or
//! huge generated input becomes a problem with path and line, never a crash.

pub mod css;
pub mod flows;
pub mod html;
pub mod js;
mod js_calls;
mod js_expr;
mod js_values;
pub mod package;
mod resolve;
pub mod sql_query;
mod worker;

pub use flows::{Flow, FlowKind, ServiceRef};
pub use resolve::{catalogue as resolve_catalogue, finish};

use crate::scan::model::Problem;
use crate::scan::model::ProblemCode;
use flows::Taint;

/// Source files larger than this are not parsed (generated code, bundles): a problem says so.
pub const MAX_SOURCE_BYTES: usize = 5 << 20;
/// Brackets nested deeper than this are not parsed (generated or hostile input).
pub const MAX_NESTING: usize = 400;

/// The language of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Js,
    Jsx,
    Ts,
    Tsx,
    Html,
    Css,
}

impl Lang {
    /// By file extension (`.js .mjs .cjs .jsx .ts .mts .cts .tsx .html .htm .css .vue`?).
    pub fn from_path(path: &str) -> Option<Lang> {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_ascii_lowercase();
        if name.ends_with(".d.ts") {
            return None;
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "js" | "mjs" | "cjs" => Lang::Js,
            "jsx" => Lang::Jsx,
            "ts" | "mts" | "cts" => Lang::Ts,
            "tsx" => Lang::Tsx,
            "html" | "htm" => Lang::Html,
            "css" => Lang::Css,
            _ => return None,
        })
    }
}

/// Whether a source file is a test (`test/`, `tests/`, `__tests__/`, `*.test.*`, `*.spec.*`),
/// which the scan skips: tests are not what the tool does.
pub fn is_test_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split(['/', '\\']).collect::<Vec<_>>();
    let name = parts.pop().unwrap_or("");
    parts.iter().any(|p| {
        matches!(
            *p,
            "test" | "tests" | "__tests__" | "__mocks__" | "e2e" | "cypress"
        )
    }) || name.contains(".test.")
        || name.contains(".spec.")
}

/// Whether source text is a minified bundle: a `.min.` name, or long lines throughout.
pub fn is_minified(path: &str, text: &str) -> bool {
    if path.to_ascii_lowercase().contains(".min.") {
        return true;
    }
    if text.len() < 20_000 {
        return false;
    }
    let lines = text.lines().count().max(1);
    text.len() / lines > 500
}

/// How far a flow's kind is kept when its data resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Always,
    /// Only when the data are personal (logs, browser storage).
    IfPersonal,
    /// A dependency: only when no call of its service was found.
    IfNoCall,
}

/// A flow before its data are resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFlow {
    pub kind: FlowKind,
    pub target: String,
    /// Catalogue id of the service, when known.
    pub service: Option<String>,
    pub data: Taint,
    pub line: u64,
    /// The code that makes the flow (a snippet), or a sentence when `item` says more.
    pub evidence: String,
    /// The evidence as data, when it is more than the code (`flow.stylesheet`,
    /// `flow.package_unused`); a snippet otherwise.
    pub item: Option<crate::scan::evidence::Evidence>,
    pub route: Option<String>,
    pub keep: Keep,
}

/// Where an access check applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckScope {
    Global,
    /// Routes under a prefix (`/api/`).
    Prefix(String),
    Route(String),
}

/// An access check found in the code.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckFact {
    pub scope: CheckScope,
    pub line: u64,
    pub evidence: String,
}

/// A route and the data it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteFact {
    pub route: String,
    pub method: Option<String>,
    pub line: u64,
    pub served: Taint,
    /// Evidence of what is served (`Response.json(results)`).
    pub evidence: String,
}

/// What one source file says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileFacts {
    pub path: String,
    pub flows: Vec<RawFlow>,
    pub routes: Vec<RouteFact>,
    pub checks: Vec<CheckFact>,
}

/// Facts of every source file of a scan, kept until the tables are classified. Source
/// files are analysed on other threads while the scan reads on ([`worker`]); their facts
/// are in `files`, in the order the files were read, once [`CodeFacts::finish_reading`]
/// has run.
#[derive(Debug)]
pub struct CodeFacts {
    pub files: Vec<FileFacts>,
    analysers: worker::Analysers,
}

impl Default for CodeFacts {
    fn default() -> Self {
        CodeFacts::new(0)
    }
}

impl CodeFacts {
    /// Facts gathered with `threads` analysing threads (0: one per core).
    pub fn new(threads: usize) -> CodeFacts {
        CodeFacts {
            files: Vec::new(),
            analysers: worker::Analysers::new(threads),
        }
    }

    /// Adds the facts of a file read on the scanning thread (`package.json`), in turn.
    pub fn add_file(&mut self, file: FileFacts) {
        self.analysers
            .push_done(file.path.clone(), Ok((file, Vec::new())));
    }

    /// Waits for every analysis handed over; their facts go to `files`, their problems (and
    /// a problem for each file whose analysis failed) to `problems`, in file order.
    pub fn finish_reading(&mut self, problems: &mut Vec<Problem>) {
        while self.take_one(problems) {}
    }

    /// Takes the oldest analysis back; false when none is left.
    fn take_one(&mut self, problems: &mut Vec<Problem>) -> bool {
        let Some((path, outcome)) = self.analysers.next_done() else {
            return false;
        };
        match outcome {
            Ok((file, found)) => {
                problems.extend(found);
                self.files.push(file);
            }
            Err(message) => problems.push(Problem::error(
                ProblemCode::CodeNotAnalysed,
                &path,
                None,
                format!("cannot analyse: {message}"),
            )),
        }
        true
    }
}

/// Hands one source file to the analysing threads (its facts come back in
/// [`CodeFacts::finish_reading`]); a file too large or too deeply nested is not analysed and
/// gets a problem in `problems` at once. Never panics: parsing runs on a thread with a large
/// stack, behind a nesting cap, and a panic there becomes the file's problem.
pub fn read_source(
    path: &str,
    text: String,
    lang: Lang,
    facts: &mut CodeFacts,
    problems: &mut Vec<Problem>,
) {
    if text.len() > MAX_SOURCE_BYTES {
        problems.push(Problem::warning(ProblemCode::FileTooLarge,
            path,
            Some(1),
            format!(
                "source file is {} MB, over the {} MB limit for code analysis (generated code?): not analysed",
                text.len() >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        ));
        return;
    }
    if let Some(line) = too_deep(&text) {
        problems.push(Problem::error(
            ProblemCode::CodeTooDeep,
            path,
            Some(line),
            format!("brackets nested deeper than {MAX_NESTING} levels: not analysed"),
        ));
        return;
    }
    facts.analysers.submit(path.to_string(), text, lang);
    // Hold no more source text than the budget: take finished analyses back first.
    while facts.analysers.over_budget() && facts.take_one(problems) {}
}

/// The line where bracket nesting first exceeds [`MAX_NESTING`], ignoring nothing (strings
/// and comments count too: a cheap over-estimate is fine for a safety cap).
fn too_deep(text: &str) -> Option<u64> {
    let mut depth = 0usize;
    let mut line = 1u64;
    let mut run = 0usize;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(line);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
        // Long runs of prefix operators (`!!!!…x`, `- - - …`) nest without brackets.
        if matches!(b, b'!' | b'~' | b'-' | b'+' | b'?') {
            run += 1;
            if run > MAX_NESTING * 4 {
                return Some(line);
            }
        } else if !b.is_ascii_whitespace() {
            run = 0;
        }
    }
    None
}

/// 1-based line of a byte offset.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    pub fn line(&self, offset: usize) -> u64 {
        (self.0.partition_point(|&s| s <= offset)) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_tests_and_bundles() {
        assert_eq!(Lang::from_path("src/index.ts"), Some(Lang::Ts));
        assert_eq!(Lang::from_path("web/App.TSX"), Some(Lang::Tsx));
        assert_eq!(Lang::from_path("types/env.d.ts"), None);
        assert_eq!(Lang::from_path("README.md"), None);
        assert!(is_test_file("test/index.spec.ts"));
        assert!(is_test_file("src/api.test.js"));
        assert!(is_test_file("src/__tests__/x.ts"));
        assert!(!is_test_file("src/testimonials.ts"));
        assert!(is_minified("public/app.min.js", "x"));
        assert!(is_minified("public/app.js", &"a=1;".repeat(10_000)));
        assert!(!is_minified(
            "src/index.ts",
            &"const a = 1;\n".repeat(3_000)
        ));
    }

    #[test]
    fn nesting_cap_and_lines() {
        assert_eq!(
            too_deep(&format!("\n{}", "(".repeat(MAX_NESTING + 1))),
            Some(2)
        );
        assert_eq!(too_deep("f(a[1], {b: 2})"), None);
        assert!(too_deep(&format!("x = {}1", "!".repeat(5_000))).is_some());
        let lines = Lines::new("a\nb\nc");
        assert_eq!((lines.line(0), lines.line(2), lines.line(4)), (1, 2, 3));
    }
}
