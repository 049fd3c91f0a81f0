//! # dpia: Data Protection Impact Assessments for internal tools
//!
//! dpia scans an internal tool's schema and sample data for personal data, walks a data
//! protection officer through the DPIA GDPR Art. 35 requires, renders a signed PDF and keeps a
//! tamper-evident record. This crate is the library every shell (CLI, TUI) calls.
//!
//! ## Map of the code
//! - [`scan`]: `scan::scan(inputs, &options, &dictionary, &progress) -> ScanReport`.
//!   - `scan::input`: walking folders, recognising file formats, decoding text.
//!   - `scan::readers`: one reader per format (SQL, SQLite, CSV, JSON/NDJSON, JSON Schema,
//!     wrangler), each turning a file into table rows or hosting facts.
//!   - `scan::sql`: a streaming SQL statement reader for DDL, migrations and dumps.
//!   - `scan::tables`: merges what every source says about a table; samples rows.
//!   - `scan::recognizers`: value recognisers (e-mail, phone, IBAN, national ids...) with checksums.
//!   - `scan::dictionary`: the embedded, validated detection data (column names, names, lexicons).
//!   - `scan::detect`: turns a column's name, context and values into categories with evidence.
//!   - `scan::mask`: masks example values so reports never show raw personal data.
//! - [`questionnaire`]: the DPIA questionnaire as data (`questionnaires/dpia.toml`): load and
//!   lint, answers (given or suggested from the scan), visibility, pre-fill.
//! - [`assessment`]: `assessment::evaluate(...) -> Evaluation`: screening outcome, transfers,
//!   Art. 28 gaps, risk levels, Art. 36 flag, what is missing before sign-off.
//! - [`reference`]: dated legal tables (EEA, adequacy decisions, ISO 3166 countries).
//! - [`report`]: the DPIA report: our own document model (`Document::build`) from a recorded
//!   version and the wording in `templates/`, and a printpdf renderer (A4, embedded DejaVu
//!   Sans, page X of Y, DRAFT mark, risk map, signature block, deterministic bytes).
//! - [`session`]: an assessment being edited (questionnaire, scan, answers, evaluation kept
//!   consistent; one validated answer at a time; saved as record versions).
//! - [`signing`]: keys (generated P-256 + self-signed certificate, PEM, PKCS#12), the CMS
//!   (CAdES detached) signature, the PDF incremental update that carries it, and verification.
//! - [`approval`]: the workflow between a recorded version and a signed PDF (report input,
//!   completeness check, render + sign + self-check, recording the signature, matching a
//!   verified PDF to the record); the CLI and the TUI both call it.
//! - [`record`]: the tamper-evident local record on sled: assessments, hash-chained versions
//!   and event log, audit, export/import.
//! - [`calendar`]: days to and from civil dates, RFC 3339 timestamps to seconds.
//! - [`files`]: opening input files safely (regular files only, never blocking on a FIFO or
//!   reading a device; text files with a size cap).
//! - [`location`]: `FileProblem`, the `file:line: message` every data-file loader reports.
//! - [`terminal`]: `terminal::escape`, which makes control characters and bidi overrides in
//!   input-derived text visible before a shell prints it (CLI human output, TUI).
//! - [`example`]: the bundled example tool, embedded so `dpia` works with no argument.
//! - `cli` (binary only): clap definitions and one file per subcommand; errors to exit codes.
//!
//! ## Invariants
//! - The library never prints, never reads the environment or the clock (time is an argument,
//!   see [`scan::ScanOptions::reference_date`]) and never panics on input: bad input becomes a
//!   [`scan::Problem`] naming the file and line.
//! - Categories are a closed vocabulary ([`scan::Category`]) whose strings are stable.
#![deny(
    clippy::unwrap_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic))]

pub mod approval;
pub mod assessment;
pub mod calendar;
pub mod example;
pub mod files;
pub mod location;
pub mod questionnaire;
pub mod record;
pub mod reference;
pub mod report;
pub mod scan;
pub mod session;
pub mod signing;
pub mod terminal;
