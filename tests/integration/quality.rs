//! Detection quality: precision and recall at column level over every labelled tool under
//! `tests/fixtures/` (each folder with a `labels.toml`). Fails below 0.9.

use dpia::scan::{self, Category, Dictionary, ScanInput, ScanOptions};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

fn labelled_tools() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut tools = Vec::new();
    for group in ["example", "labelled", "shared-examples"] {
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

#[derive(Default, Debug)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

#[test]
fn precision_and_recall_over_labelled_tools() {
    let dict = Dictionary::builtin().unwrap();
    let options = ScanOptions::new((2026, 11, 25));
    let tools = labelled_tools();
    assert!(
        tools.len() >= 8,
        "expected the labelled tools, found {tools:?}"
    );
    let mut column_level = Counts::default();
    let mut category_level = Counts::default();
    let mut per_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut mistakes = Vec::new();
    let mut unlabelled = Vec::new();
    for tool in &tools {
        let labels: Labels =
            toml::from_str(&std::fs::read_to_string(tool.join("labels.toml")).unwrap()).unwrap();
        let report = scan::scan(
            &[ScanInput::Path(tool.clone())],
            &options,
            &dict,
            &scan::NoProgress,
        );
        let name = tool.file_name().unwrap().to_string_lossy().to_string();
        let mut seen = BTreeSet::new();
        for label in &labels.column {
            let found: BTreeSet<String> = report
                .tables
                .iter()
                .filter(|t| t.name.eq_ignore_ascii_case(&label.table))
                .flat_map(|t| t.columns.iter())
                .filter(|c| c.name == label.column)
                .flat_map(|c| c.categories.iter().map(|k| k.as_str().to_string()))
                .collect();
            let column_exists = report.tables.iter().any(|t| {
                t.name.eq_ignore_ascii_case(&label.table)
                    && t.columns.iter().any(|c| c.name == label.column)
            });
            assert!(
                column_exists,
                "{name}: labelled column {}.{} not found by the scan",
                label.table, label.column
            );
            seen.insert((label.table.to_lowercase(), label.column.clone()));
            let truth: BTreeSet<String> = label.categories.iter().cloned().collect();
            for k in &truth {
                assert!(Category::parse(k).is_some(), "{name}: unknown label {k}");
            }
            match (truth.is_empty(), found.is_empty()) {
                (false, false) => column_level.tp += 1,
                (true, false) => column_level.fp += 1,
                (false, true) => column_level.fn_ += 1,
                (true, true) => {}
            }
            for k in truth.union(&found) {
                let c = per_category.entry(k.clone()).or_default();
                match (truth.contains(k), found.contains(k)) {
                    (true, true) => {
                        c.tp += 1;
                        category_level.tp += 1;
                    }
                    (true, false) => {
                        c.fn_ += 1;
                        category_level.fn_ += 1;
                    }
                    (false, true) => {
                        c.fp += 1;
                        category_level.fp += 1;
                    }
                    _ => {}
                }
            }
            if truth != found {
                mistakes.push(format!(
                    "{name}: {}.{}: expected {truth:?}, found {found:?}",
                    label.table, label.column
                ));
            }
        }
        for t in &report.tables {
            for c in &t.columns {
                if !seen.contains(&(t.name.to_lowercase(), c.name.clone())) {
                    unlabelled.push(format!("{name}: {}.{} {:?}", t.name, c.name, c.categories));
                }
            }
        }
    }
    println!(
        "column level: {column_level:?} precision {:.3} recall {:.3}",
        column_level.precision(),
        column_level.recall()
    );
    println!(
        "category level: {category_level:?} precision {:.3} recall {:.3}",
        category_level.precision(),
        category_level.recall()
    );
    for (k, c) in &per_category {
        println!(
            "  {k:<18} precision {:.2} recall {:.2} ({c:?})",
            c.precision(),
            c.recall()
        );
    }
    for m in &mistakes {
        println!("  mistake: {m}");
    }
    assert!(
        unlabelled.is_empty(),
        "columns without a label: {unlabelled:#?}"
    );
    assert!(
        column_level.precision() >= 0.9,
        "column precision {:.3}",
        column_level.precision()
    );
    assert!(
        column_level.recall() >= 0.9,
        "column recall {:.3}",
        column_level.recall()
    );
    assert!(
        category_level.precision() >= 0.9,
        "category precision {:.3}",
        category_level.precision()
    );
    assert!(
        category_level.recall() >= 0.9,
        "category recall {:.3}",
        category_level.recall()
    );
}

/// User references (`created_by`, `owner`, `organizador`, …): over every labelled column whose
/// name says who acted, the columns holding people (usernames, names, e-mail addresses) are
/// found with their categories, and those holding service accounts or team names are not.
#[test]
fn user_references_are_found_and_service_accounts_are_not() {
    let dict = Dictionary::builtin().unwrap();
    let options = ScanOptions::new((2026, 11, 25));
    let mut counts = Counts::default();
    let mut mistakes = Vec::new();
    let mut negatives = 0;
    for tool in labelled_tools() {
        let labels: Labels =
            toml::from_str(&std::fs::read_to_string(tool.join("labels.toml")).unwrap()).unwrap();
        let report = scan::scan(
            &[ScanInput::Path(tool.clone())],
            &options,
            &dict,
            &scan::NoProgress,
        );
        for label in labels
            .column
            .iter()
            .filter(|l| scan::detect::actor_term(&l.column, &dict).is_some())
        {
            let found: BTreeSet<String> = report
                .tables
                .iter()
                .filter(|t| t.name.eq_ignore_ascii_case(&label.table))
                .flat_map(|t| t.columns.iter())
                .filter(|c| c.name == label.column)
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
