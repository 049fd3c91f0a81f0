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
//!   - `scan::table_model`: a column's schema and a row's shape, shared by the readers,
//!     `tables`, `stream` and `detect` (`tables` calls `detect`, never the reverse).
//!   - `scan::stream`: `--full` scans: rows batched to column workers on every core.
//!   - `scan::lexicon`: the Art. 9 lexicon as one Aho-Corasick automaton.
//!   - `scan::objects`: files exported from an object-storage bucket (EXIF of images, text
//!     of PDF/DOCX/text), reported as a table named after the bucket.
//!   - `scan::recognizers`: value recognisers (e-mail, phone, IBAN, national ids...) with checksums.
//!   - `scan::dictionary`: the embedded, validated detection data (column names, names, lexicons).
//!   - `scan::detect`: turns a column's name, context and values into categories with evidence
//!     (`detect::actors`: columns naming who acted; `detect::settle`: when a streamed column's
//!     verdict is stable).
//!   - `scan::evidence`: that evidence as data (a code and arguments, `evidence_items` in the
//!     scan JSON); `scan::evidence_words` words it in English, German or French from
//!     `templates/evidence.<lang>.toml` (the English words are the JSON's `evidence` strings).
//!   - `scan::setup`: one scan setup for every shell (dictionaries with the user's files, a
//!     tool's inputs and recorded name, refusing a scan that read nothing).
//!   - `scan::problem`: a scan's `Problem`s, each with a stable kebab-case `ProblemCode`.
//!   - `scan::render`: a scan report as text for people (`dpia scan`) or as the JSON contract.
//!   - `scan::mask`: the one place example values are masked; a report holds
//!     `MaskedExample`s only, raw values only for `--show-values` (never serialised).
//! - [`questionnaire`]: the DPIA questionnaire as data (`questionnaires/dpia.toml`): load and
//!   lint (including `questionnaire::engine`, the ids the evaluation reads), answers (given or
//!   suggested from the scan), visibility, pre-fill.
//! - [`assessment`]: `assessment::evaluate(...) -> Evaluation`, a list of coded findings:
//!   `screening`, `transfers` (Chapter V), `processors` (Art. 28), `risks` (levels, measures,
//!   Art. 36), `issues`, `completeness`; `codes` lists every code; `wording::Words` words them
//!   in a language from `templates/evaluation.<lang>.toml`; `text` prints an evaluation.
//! - [`reference`]: dated legal tables (EEA, adequacy decisions with scopes and expiry, must
//!   lists, ISO 3166 countries with names and aliases, review intervals by residual risk);
//!   `reference::places` parses what people write for a country.
//! - [`report`]: the DPIA report: our own document model (`Document::build`) from a recorded
//!   version and the wording in `templates/` (one module per part: `summary`, `screening`,
//!   `chapters`, `inventory`, `transfers`, `risks`, `signoff`), and a printpdf renderer
//!   (`layout`, `table`, `face` with `hyphen`enation, `risk_map`; A4, embedded DejaVu Sans,
//!   contents page, page X of Y, DRAFT mark, signature boxes, deterministic bytes) whose
//!   output `pdfa` finishes for archiving (outline, /Lang, XMP, sRGB output intent).
//! - [`ropa`]: the record of processing activities (Art. 30(1)) from the latest version of each
//!   assessment in the record, as CSV (Art. 30(1) letters in the headers), JSON or PDF
//!   (through the report renderer), worded from `templates/ropa.<lang>.toml`.
//! - [`drift`]: what a tool does today that its signed DPIA does not cover: `compare` of the
//!   signed scan with today's (items with severity, place, question), `check` (which signed
//!   assessment a tool is checked against, from a record or a record export), `text` (words,
//!   JSON) and `sarif` (SARIF 2.1.0); `dpia check` and the TUI's drift marks call it.
//! - [`session`]: an assessment being edited (questionnaire, scan, answers, evaluation kept
//!   consistent; one validated answer at a time; saved as record versions after the version
//!   it was read from, re-applying its own changes when another writer came first);
//!   `session::revise` starts the successor of a signed assessment (answers carried over,
//!   the answers drift affects marked to confirm again).
//! - [`signing`]: keys (generated P-256 + self-signed certificate, PEM, PKCS#12), the CMS
//!   (CAdES detached) signature, the PDF incremental update that carries it, and verification.
//! - [`approval`]: the workflow between a recorded version and a signed PDF (report input,
//!   completeness check, render + sign + self-check, recording the signature, matching a
//!   verified PDF to the record); the CLI and the TUI both call it.
//! - [`record`]: the tamper-evident local record on sled: assessments, hash-chained versions
//!   naming content-addressed (masked) scans, the event log, audit, export/import, read-only
//!   opens, the schema 1 → 2 migration and redaction, both logged with an id mapping;
//!   `checked` events (drift checks), revisions linked both ways (`revised`, a successor's
//!   signature supersedes its predecessor), review due by date, drift or a change after
//!   signing, and `RecordFile`, a verified record export read without a database.
//! - [`diff`]: what changed between two recorded versions (answers, findings, conclusions).
//! - [`digest`]: SHA-256 and hex for the record, signing, fingerprints and SARIF (one
//!   neutral module, so that no module reaches into a scan reader for a hash).
//! - [`calendar`]: days to and from civil dates, RFC 3339 timestamps to seconds.
//! - [`clock`]: the one reading of the time per action (`DPIA_NOW` only with
//!   `DPIA_TEST_CLOCK=1`, never for a signing time in a release build).
//! - [`lang`]: [`lang::Lang`], the languages dpia speaks (English, German, French): the
//!   CLI's `--lang`/`DPIA_LANG`, the TUI's `L` key and every wording take it.
//! - [`files`]: atomic and owner-only file writes and safe file names, shared by the CLI and
//!   the TUI; opening input files safely (regular files only, never blocking on a FIFO or
//!   reading a device; text files with a size cap).
//! - [`settings`]: the user's settings file (author, export folder, signing key last used),
//!   read and written by `dpia config` and the TUI.
//! - [`location`]: `Location` (`path:line`, where a scanned column is declared) and
//!   `FileProblem`, the `file:line: message` every data-file loader reports.
//! - [`placeholders`]: the `{name|kind}` placeholders of the evaluation and evidence wordings.
//! - [`terminal`]: `terminal::escape`, which makes control characters and bidi overrides in
//!   input-derived text visible before a shell prints it (CLI human output, TUI).
//! - [`exchange`]: other tools' files in and out: `exchange::cnil` reads the CNIL PIA tool's
//!   JSON into answers and imported notes and writes an assessment back as one (round trip);
//!   `exchange::text` lays the HTML those tools store out as plain text and back;
//!   `exchange::notes` words imported notes (`templates/exchange.<lang>.toml`).
//! - [`example`]: the bundled example tool, embedded so `dpia` works with no argument.
//! - `cli` (binary only): clap definitions and one file per subcommand; errors to exit codes.
//!
//! ## Invariants
//! - The library never prints, never reads the environment or the clock (time is an argument,
//!   see [`scan::ScanOptions::reference_date`]) and never panics on input: bad input becomes a
//!   [`scan::Problem`] naming the file and line. The exceptions are [`clock`], the single place
//!   both shells read the time from, [`files`], which writes what the shells hand it, and
//!   [`settings`], which finds the settings file (`DPIA_CONFIG_DIR`, the XDG config folder).
//! - The shells stand on the library, never on each other: the TUI does not import the CLI.
//! - Categories are a closed vocabulary ([`scan::Category`]) whose strings are stable.
#![deny(
    clippy::unwrap_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic))]
// rust-version 1.95 (oxc needs it) turns on `manual_is_multiple_of` for code written for
// 1.85; the helpers that own those files can switch to `is_multiple_of` and drop this.
#![allow(clippy::manual_is_multiple_of)]

pub mod approval;
pub mod assessment;
pub mod calendar;
pub mod clock;
pub mod diff;
pub mod digest;
pub mod drift;
pub mod example;
pub mod exchange;
pub mod files;
pub mod lang;
pub mod location;
pub mod placeholders;
pub mod questionnaire;
pub mod record;
pub mod reference;
pub mod report;
pub mod ropa;
pub mod scan;
pub mod session;
pub mod settings;
pub mod signing;
pub mod terminal;
