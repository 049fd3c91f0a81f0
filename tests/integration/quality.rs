//! Detection quality: precision and recall at column level and per category over every labelled
//! tool under `tests/fixtures/` (each folder with a `labels.toml`), reported for two sets apart:
//!
//! - **in-sample** (`example/`, `labelled/`): the fixtures the detector and its dictionaries were
//!   tuned on; their figures are a regression baseline, not a quality estimate;
//! - **held-out** (`shared-examples/`, maintained separately, and `held-out/`, labelled with the
//!   data before the scanner saw it): never tuned on. A miss here is reported, and fixed only
//!   through an in-sample fixture that shows the same miss.
//!
//! A column the detector flags for review (`needs_review`) without reporting a labelled category
//! is neither a hit nor a silent miss: it is counted as **flagged**, its own outcome, and recall
//! counts it as a miss (the DPO still has to find the category), while the report shows how many
//! misses were at least flagged.
//!
//! Gates: aggregate precision and recall ≥ 0.9, and per-category recall floors: Art. 9 categories
//! (`health`, `special_category`) ≥ 0.95 at any support (so below 20 labels any miss fails), every
//! other category ≥ 0.85 once it has at least [`MIN_SUPPORT`] labelled columns in the set; below
//! that a category is printed with "not gated" rather than judged on one or two columns.
//! The per-category counts of each set are insta snapshots, so every shift is reviewed.

use dpia::scan::{self, Category, ColumnReport, Dictionary, ScanInput, ScanOptions, ScanReport};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Fewest labelled columns of a non-Art. 9 category for its recall floor to apply.
const MIN_SUPPORT: u32 = 5;
/// Recall floor of `health` and `special_category`.
const ART9_FLOOR: f64 = 0.95;
/// Recall floor of every other category.
const CATEGORY_FLOOR: f64 = 0.85;

#[derive(Deserialize)]
struct Labels {
    column: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    table: String,
    column: String,
    categories: Vec<String>,
}

/// Tools with a `labels.toml` in the given fixture groups.
fn tools_in(groups: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut tools = Vec::new();
    for group in groups {
        let Ok(entries) = std::fs::read_dir(root.join(group)) else {
            panic!("fixture folder {group} missing");
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.join("labels.toml").exists() {
                tools.push(p);
            }
        }
    }
    tools.sort();
    tools
}

const IN_SAMPLE: &[&str] = &["example", "labelled"];
const HELD_OUT: &[&str] = &["shared-examples", "held-out"];

fn labelled_tools() -> Vec<PathBuf> {
    let mut all = tools_in(IN_SAMPLE);
    all.extend(tools_in(HELD_OUT));
    all
}

/// Outcomes of one yes/no decision summed over columns.
#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    /// Labelled but neither reported nor flagged for review: a silent miss.
    fn_: u32,
    /// Labelled, not reported, but the column is flagged for review.
    flagged: u32,
}

impl Counts {
    fn support(&self) -> u32 {
        self.tp + self.fn_ + self.flagged
    }
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from(self.support().max(1))
    }
    fn count(&mut self, truth: bool, found: bool, flagged: bool) {
        match (truth, found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) if flagged => self.flagged += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
}

/// Figures of one set of tools.
#[derive(Default)]
struct Score {
    tools: usize,
    column: Counts,
    category: Counts,
    per_category: BTreeMap<&'static str, Counts>,
    /// Columns labelled `[]`, reported with no category but flagged for review.
    flagged_negatives: u32,
    mistakes: Vec<String>,
    unlabelled: Vec<String>,
}

fn scan_tool(tool: &Path, dict: &Dictionary) -> ScanReport {
    scan::scan(
        &[ScanInput::Path(tool.to_path_buf())],
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        dict,
        &scan::NoProgress,
    )
}

fn read_labels(tool: &Path) -> Labels {
    toml::from_str(&std::fs::read_to_string(tool.join("labels.toml")).unwrap()).unwrap()
}

fn find_column<'r>(report: &'r ScanReport, table: &str, column: &str) -> Option<&'r ColumnReport> {
    report
        .tables
        .iter()
        .filter(|t| t.name.eq_ignore_ascii_case(table))
        .flat_map(|t| t.columns.iter())
        .find(|c| c.name == column)
}

fn score(tools: &[PathBuf], dict: &Dictionary) -> Score {
    let mut s = Score {
        tools: tools.len(),
        ..Score::default()
    };
    for tool in tools {
        let labels = read_labels(tool);
        let report = scan_tool(tool, dict);
        let name = tool.file_name().unwrap().to_string_lossy().to_string();
        let mut seen = BTreeSet::new();
        for label in &labels.column {
            let Some(column) = find_column(&report, &label.table, &label.column) else {
                panic!(
                    "{name}: labelled column {}.{} not found by the scan",
                    label.table, label.column
                );
            };
            seen.insert((label.table.to_lowercase(), label.column.clone()));
            let truth: BTreeSet<Category> = label
                .categories
                .iter()
                .map(|k| Category::parse(k).unwrap_or_else(|| panic!("{name}: unknown label {k}")))
                .collect();
            let found: BTreeSet<Category> = column.categories.iter().copied().collect();
            let review = column.needs_review;
            s.column.count(!truth.is_empty(), !found.is_empty(), review);
            s.flagged_negatives += u32::from(truth.is_empty() && found.is_empty() && review);
            for k in truth.union(&found) {
                let (t, f) = (truth.contains(k), found.contains(k));
                s.per_category
                    .entry(k.as_str())
                    .or_default()
                    .count(t, f, review);
                s.category.count(t, f, review);
            }
            if truth != found {
                s.mistakes.push(format!(
                    "{name}: {}.{}: expected {:?}, found {:?}{}",
                    label.table,
                    label.column,
                    truth.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                    found.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                    if review { " (flagged for review)" } else { "" }
                ));
            }
        }
        for t in &report.tables {
            for c in &t.columns {
                if !seen.contains(&(t.name.to_lowercase(), c.name.clone())) {
                    s.unlabelled
                        .push(format!("{name}: {}.{} {:?}", t.name, c.name, c.categories));
                }
            }
        }
    }
    s
}

/// The recall floor of a category, or `None` when its support is too small to gate.
fn floor(category: &str, support: u32) -> Option<f64> {
    let art9 = Category::parse(category).is_some_and(|k| k.is_article9());
    if art9 {
        Some(ART9_FLOOR)
    } else if support >= MIN_SUPPORT {
        Some(CATEGORY_FLOOR)
    } else {
        None
    }
}

/// Prints the figures of `s` under `title` and returns the per-category floors it misses;
/// `lowered` replaces the floor of the categories it names.
fn report(title: &str, s: &Score, lowered: &[(&str, f64)]) -> Vec<String> {
    let mut out = String::new();
    let line = |what: &str, c: &Counts| {
        format!(
            "{what}: precision {:.3} recall {:.3} (tp {} fp {} silent misses {} flagged {})",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_,
            c.flagged
        )
    };
    let _ = writeln!(out, "== {title}: {} tools", s.tools);
    let _ = writeln!(out, "{}", line("column level", &s.column));
    let _ = writeln!(out, "{}", line("category level", &s.category));
    let _ = writeln!(
        out,
        "columns labelled [] and flagged for review: {}",
        s.flagged_negatives
    );
    let mut below = Vec::new();
    for (k, c) in &s.per_category {
        let lowered_to = lowered.iter().find(|(name, _)| name == k).map(|(_, f)| *f);
        let gate = match lowered_to.or_else(|| floor(k, c.support())) {
            Some(f) if c.recall() < f => {
                below.push(format!("{title}: {k} recall {:.2} < {f}", c.recall()));
                format!("BELOW floor {f}")
            }
            Some(f) if lowered_to.is_some() => {
                format!("floor {f} (lowered: see HELD_OUT_MEASURED)")
            }
            Some(f) => format!("floor {f}"),
            None => format!("not gated: support {} < {MIN_SUPPORT}", c.support()),
        };
        let _ = writeln!(
            out,
            "  {k:<18} support {:>3}  precision {:.2} recall {:.2} (fp {} missed {} flagged {})  {gate}",
            c.support(),
            c.precision(),
            c.recall(),
            c.fp,
            c.fn_,
            c.flagged
        );
    }
    for m in &s.mistakes {
        let _ = writeln!(out, "  mistake: {m}");
    }
    println!("{out}");
    below
}

/// The per-category counts of `s`, one line a category, for an insta snapshot: every shift in
/// a category shows in review (`cargo insta review`), not only a fall below a floor.
fn per_category_table(s: &Score) -> String {
    let mut out = String::from("category           support  tp  fp  missed  flagged\n");
    for (k, c) in &s.per_category {
        let _ = writeln!(
            out,
            "{k:<18} {:>7} {:>3} {:>3} {:>7} {:>8}",
            c.support(),
            c.tp,
            c.fp,
            c.fn_,
            c.flagged
        );
    }
    let _ = writeln!(
        out,
        "columns labelled [] and flagged for review: {}",
        s.flagged_negatives
    );
    out
}

/// Fails with every gate `s` misses: unlabelled columns, aggregates below `aggregate_floor`,
/// per-category recall below its floor (or its `lowered` one).
fn gate(title: &str, s: &Score, aggregate_floor: f64, lowered: &[(&str, f64)]) {
    let mut failures = report(title, s, lowered);
    if !s.unlabelled.is_empty() {
        failures.push(format!("columns without a label: {:#?}", s.unlabelled));
    }
    for (what, value) in [
        ("column precision", s.column.precision()),
        ("column recall", s.column.recall()),
        ("category precision", s.category.precision()),
        ("category recall", s.category.recall()),
    ] {
        if value < aggregate_floor {
            failures.push(format!("{title}: {what} {value:.3} < {aggregate_floor}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn in_sample_precision_recall_and_category_floors() {
    let dict = Dictionary::builtin().unwrap();
    let tools = tools_in(IN_SAMPLE);
    assert!(
        tools.len() >= 8,
        "expected the labelled tools, found {tools:?}"
    );
    let s = score(&tools, &dict);
    gate("in-sample", &s, 0.9, &[]);
    insta::assert_snapshot!("quality_per_category_in_sample", per_category_table(&s));
}

/// The held-out set misses floors, and is gated at what the detector achieved when the tools in
/// `held-out/` were added (December 2026, before any change was made for them). Raise these as
/// the detector improves (through in-sample fixtures that show the same miss); never lower them
/// without saying why in the commit. (date_of_birth left this list when birth dates of
/// children, found missed here, became a legal fix with unit tests in `decide_tests.rs`: GDPR
/// Art. 8; that category of this set is no longer an untuned measurement.) What is missed:
const HELD_OUT_MEASURED: &[(&str, f64)] = &[
    // school-parents-portal: short hand-written allergy notes and a fixed list of message
    // subjects are not recognised as free text.
    ("free_text", 0.75),
    // school-parents-portal pupils.dietary: "Gluten-free (coeliac)" in 1 of 15 values is below
    // the categorical share, so only the religious diets are reported; since a rare Art. 9 term
    // among repeated labels flags the column for review (decide.rs, "topic.rare_article9",
    // a rule this miss prompted, so this figure is no longer an untuned measurement) the miss
    // is flagged, not silent.
    ("health", 0.875),
    // ferie-permessi-it richieste.Tipo: "Permesso sindacale" (trade-union leave) in about 1 of
    // 18 requests (the lexicon has no Italian term for it; the column is flagged for review,
    // but for its "legge 104" disability leave); school-parents-portal messages.body: one
    // religious holiday (Eid) in 14 texts (a silent miss).
    ("special_category", 0.50),
];
/// Aggregate floor of the held-out set (category recall was 0.897 when measured).
const HELD_OUT_AGGREGATE_FLOOR: f64 = 0.89;

#[test]
fn held_out_precision_recall_and_category_floors() {
    let dict = Dictionary::builtin().unwrap();
    let tools = tools_in(HELD_OUT);
    assert!(
        tools.len() >= 6,
        "expected the held-out tools, found {tools:?}"
    );
    let s = score(&tools, &dict);
    gate("held-out", &s, HELD_OUT_AGGREGATE_FLOOR, HELD_OUT_MEASURED);
    insta::assert_snapshot!("quality_per_category_held_out", per_category_table(&s));
}

#[test]
fn category_floors_gate_art9_at_any_support_and_others_from_min_support() {
    assert_eq!(floor("health", 1), Some(ART9_FLOOR));
    assert_eq!(floor("special_category", 0), Some(ART9_FLOOR));
    assert_eq!(floor("payment_card", MIN_SUPPORT - 1), None);
    assert_eq!(floor("payment_card", MIN_SUPPORT), Some(CATEGORY_FLOOR));
    let mut c = Counts::default();
    c.count(true, false, true);
    c.count(true, false, false);
    c.count(true, true, false);
    c.count(false, true, true);
    assert_eq!((c.tp, c.fp, c.fn_, c.flagged, c.support()), (1, 1, 1, 1, 3));
}

/// User references (`created_by`, `owner`, `organizador`, …): over every labelled column whose
/// name says who acted, the columns holding people (usernames, names, e-mail addresses) are
/// found with their categories, and those holding service accounts or team names are not.
#[test]
fn user_references_are_found_and_service_accounts_are_not() {
    let dict = Dictionary::builtin().unwrap();
    let mut counts = Counts::default();
    let mut mistakes = Vec::new();
    let mut negatives = 0;
    for tool in labelled_tools() {
        let labels = read_labels(&tool);
        let report = scan_tool(&tool, &dict);
        for label in labels
            .column
            .iter()
            .filter(|l| scan::detect::actor_term(&l.column, &dict).is_some())
        {
            let found: BTreeSet<String> = find_column(&report, &label.table, &label.column)
                .into_iter()
                .flat_map(|c| c.categories.iter().map(|k| k.as_str().to_string()))
                .collect();
            let truth: BTreeSet<String> = label.categories.iter().cloned().collect();
            negatives += usize::from(truth.is_empty());
            // A column counts as found when its categories are exactly the labelled ones.
            match (truth.is_empty(), found.is_empty(), truth == found) {
                (false, _, true) => counts.tp += 1,
                (false, false, false) => {
                    counts.fp += 1;
                    counts.fn_ += 1;
                }
                (false, true, _) => counts.fn_ += 1,
                (true, false, _) => counts.fp += 1,
                (true, true, _) => {}
            }
            if truth != found {
                mistakes.push(format!(
                    "{}.{}: expected {truth:?}, found {found:?}",
                    label.table, label.column
                ));
            }
        }
    }
    println!(
        "user references: {counts:?} precision {:.3} recall {:.3}; {negatives} hard negatives",
        counts.precision(),
        counts.recall()
    );
    for m in &mistakes {
        println!("  mistake: {m}");
    }
    assert!(
        counts.tp + counts.fn_ >= 15 && negatives >= 5,
        "too few user references labelled: {counts:?}, {negatives} negatives"
    );
    assert!(
        counts.precision() >= 0.9 && counts.recall() >= 0.9,
        "{counts:?}: {mistakes:#?}"
    );
}
