//! Art. 28: what each processor's contract lacks (every item of Art. 28(3)(a)-(h), the
//! particulars of its first sentence and the duty of its last subparagraph to flag an
//! infringing instruction; a written contract, Art. 28(9); authorised sub-processors,
//! Art. 28(2)), and providers named in the description or the hosting section that are
//! missing from the processors list.

use super::codes as c;
use super::finding::Finding;
use super::read::{field, field_flag, field_list, items, yes};
use crate::questionnaire::answers::Answers;
use serde::{Deserialize, Serialize};

/// What a processor's contract lacks (GDPR Art. 28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessorGap {
    pub processor: String,
    pub missing: Vec<Finding>,
}

/// The contract items every processing agreement must hold: Art. 28(3)(a)-(h), the
/// particulars of its first sentence and the last subparagraph's duty.
pub const CONTRACT_ITEMS: [&str; 10] = [
    "particulars",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "infringing_instructions",
];

pub fn gaps(answers: &Answers) -> Vec<ProcessorGap> {
    if yes(answers, "processors.any") == Some(false) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, item) in items(answers, "processors.list").iter().enumerate() {
        let processor = field(item, "name")
            .map(String::from)
            .unwrap_or_else(|| format!("#{}", n + 1));
        let mut missing = Vec::new();
        match field_flag(item, "contract") {
            Some(false) => missing.push(Finding::new(c::PROCESSOR_NO_CONTRACT)),
            None => missing.push(Finding::new(c::PROCESSOR_CONTRACT_UNANSWERED)),
            Some(true) => {
                let covered = field_list(item, "art28_3");
                for item in CONTRACT_ITEMS {
                    if !covered.iter().any(|v| v == item) {
                        missing.push(Finding::new(c::PROCESSOR_CONTRACT_LACKS).with("item", item));
                    }
                }
            }
        }
        if field(item, "subprocessors") == Some("none") {
            missing.push(Finding::new(c::PROCESSOR_NO_SUBPROCESSOR_AUTHORISATION));
        }
        if !missing.is_empty() {
            out.push(ProcessorGap { processor, missing });
        }
    }
    out
}

/// Issues: each processor's gaps, and each provider named in `description.components` or
/// `transfers.components` that the processors list does not hold (a provider that hosts or
/// can reach the data is a processor, Art. 28(1), unless it is the controller itself, or a
/// recipient the service catalogue knows as an independent controller, such as a font CDN).
pub fn issues(
    answers: &Answers,
    gaps: &[ProcessorGap],
    scan: &crate::scan::ScanReport,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = gaps
        .iter()
        .map(|g| {
            Finding::new(c::ISSUE_PROCESSOR)
                .with("processor", &g.processor)
                .with("gaps", g.missing.clone())
        })
        .collect();
    let listed: Vec<String> = items(answers, "processors.list")
        .iter()
        .filter_map(|p| field(p, "name"))
        .map(normalise)
        .collect();
    let mut providers: Vec<&str> = Vec::new();
    for id in ["description.components", "transfers.components"] {
        for item in items(answers, id) {
            if let Some(p) = field(item, "provider") {
                if !providers.iter().any(|q| normalise(q) == normalise(p)) {
                    providers.push(p);
                }
            }
        }
    }
    let no_processor = yes(answers, "processors.any") == Some(false);
    let controllers: Vec<String> = scan
        .flows
        .iter()
        .filter_map(|f| f.service.as_ref())
        .filter(|s| s.role == "independent_controller")
        .map(|s| normalise(&s.vendor))
        .collect();
    for p in providers {
        let n = normalise(p);
        let independent = controllers
            .iter()
            .any(|c| c.split(' ').next().is_some_and(|first| n.contains(first)));
        if n.is_empty() || is_self(&n, answers) || independent {
            continue;
        }
        let found = listed
            .iter()
            .any(|l| l.contains(&n) || n.contains(l.as_str()));
        if !found || no_processor {
            out.push(Finding::new(c::ISSUE_PROCESSOR_NOT_LISTED).with("provider", p));
        }
    }
    out
}

fn normalise(s: &str) -> String {
    crate::scan::text::fold(s)
}

/// A provider that is the controller itself ("in-house", "self-hosted", or the controller's
/// own name) is no processor.
fn is_self(provider: &str, answers: &Answers) -> bool {
    const SELF: &[&str] = &[
        "in house",
        "inhouse",
        "self hosted",
        "selbst",
        "eigenbetrieb",
        "intern",
        "internal",
        "controller",
    ];
    if SELF.iter().any(|s| provider.contains(s)) {
        return true;
    }
    super::read::text(answers, "description.controller")
        .map(normalise)
        .is_some_and(|c| !c.is_empty() && c.contains(provider))
}
