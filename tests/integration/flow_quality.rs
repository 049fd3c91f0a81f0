//! Code-flow quality: per-kind precision and recall of the flows found in the labelled tools
//! (`tests/fixtures/flows/*` and the bundled example, each with a `flows.toml`), matched on
//! (kind, target, file, missing). Fails below 0.9 overall F1. The categories of matched flows
//! are compared too (category-level precision and recall), and fail below 0.75.

use dpia::scan::code::FlowKind;
use dpia::scan::{self, Category, Dictionary, ScanInput, ScanOptions};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Labels {
    flow: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    kind: String,
    target: String,
    file: String,
    #[serde(default)]
    data: Option<Vec<String>>,
    #[serde(default)]
    missing: bool,
}

type Key = (String, String, String, bool);

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
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn tools() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut tools = vec![root.join("example/damage-reports")];
    for e in std::fs::read_dir(root.join("flows")).unwrap() {
        let p = e.unwrap().path();
        if p.join("flows.toml").exists() {
            tools.push(p);
        }
    }
    tools.sort();
    tools
}

#[test]
fn flow_precision_and_recall_over_labelled_tools() {
    let dict = Dictionary::builtin().unwrap();
    let options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 12,
        day: 5,
    });
    let tools = tools();
    assert!(
        tools.len() >= 9,
        "expected 8 labelled tools and the example, found {tools:?}"
    );
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overall = Counts::default();
    let mut data = Counts::default();
    let mut mistakes = Vec::new();
    for tool in &tools {
        let name = tool.file_name().unwrap().to_string_lossy().to_string();
        let labels: Labels =
            toml::from_str(&std::fs::read_to_string(tool.join("flows.toml")).unwrap()).unwrap();
        let report = scan::scan(
            &[ScanInput::Path(tool.clone())],
            &options,
            &dict,
            &scan::NoProgress,
        );
        let prefix = format!("{}/", tool.display());
        let mut found: BTreeMap<Key, BTreeSet<Category>> = BTreeMap::new();
        for f in &report.flows {
            let file = f
                .path()
                .strip_prefix(&prefix)
                .unwrap_or(f.path())
                .to_string();
            let key = (
                f.kind.as_str().to_string(),
                f.target.clone(),
                file,
                f.missing,
            );
            found.entry(key).or_default().extend(f.data.iter().copied());
        }
        let mut truth: BTreeMap<Key, Option<BTreeSet<Category>>> = BTreeMap::new();
        for l in &labels.flow {
            assert!(
                FlowKind::parse(&l.kind).is_some(),
                "{name}: unknown kind {}",
                l.kind
            );
            let cats = l.data.as_ref().map(|d| {
                d.iter()
                    .map(|c| {
                        Category::parse(c).unwrap_or_else(|| panic!("{name}: unknown category {c}"))
                    })
                    .collect()
            });
            truth.insert(
                (l.kind.clone(), l.target.clone(), l.file.clone(), l.missing),
                cats,
            );
        }
        for key in truth.keys().chain(found.keys()).collect::<BTreeSet<_>>() {
            let c = per_kind.entry(key.0.clone()).or_default();
            match (truth.get(key), found.get(key)) {
                (Some(expected), Some(got)) => {
                    c.tp += 1;
                    overall.tp += 1;
                    if let Some(expected) = expected {
                        data.tp += expected.intersection(got).count() as u32;
                        data.fn_ += expected.difference(got).count() as u32;
                        data.fp += got.difference(expected).count() as u32;
                        if expected != got {
                            mistakes.push(format!(
                                "{name}: {key:?} data expected {expected:?}, found {got:?}"
                            ));
                        }
                    }
                }
                (Some(_), None) => {
                    c.fn_ += 1;
                    overall.fn_ += 1;
                    mistakes.push(format!("{name}: missed {key:?}"));
                }
                (None, Some(got)) => {
                    c.fp += 1;
                    overall.fp += 1;
                    mistakes.push(format!("{name}: unexpected {key:?} {got:?}"));
                }
                (None, None) => {}
            }
        }
    }
    for (kind, c) in &per_kind {
        println!(
            "{kind:<18} {c:?} precision {:.2} recall {:.2}",
            c.precision(),
            c.recall()
        );
    }
    println!(
        "flows: {overall:?} precision {:.3} recall {:.3} F1 {:.3}",
        overall.precision(),
        overall.recall(),
        overall.f1()
    );
    println!(
        "categories of matched flows: {data:?} precision {:.3} recall {:.3}",
        data.precision(),
        data.recall()
    );
    for m in &mistakes {
        println!("  {m}");
    }
    assert!(overall.f1() >= 0.9, "flow F1 {:.3} below 0.9", overall.f1());
    assert!(
        data.precision() >= 0.75 && data.recall() >= 0.75,
        "category precision {:.3} / recall {:.3} below 0.75",
        data.precision(),
        data.recall()
    );
}
