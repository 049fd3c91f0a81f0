//! The screening: is a DPIA required? (GDPR Art. 35(1), (3), (4), (5), (10); WP248 III.B.a)
//!
//! The rules, in order:
//! 1. An Art. 35(3) case, an item of a must list (the built-in DSK and CNIL items or another
//!    competent authority's list) or another reason why a high risk is likely (Art. 35(1))
//!    makes the DPIA **required**, whatever else is answered; a claimed exception does not
//!    set this aside (it is reported as an issue to check).
//! 2. Otherwise, while any screening question is unanswered, the outcome is **undetermined**:
//!    dpia never says "not required" on half the answers.
//! 3. An exception (Art. 35(10), an Art. 35(5) no-DPIA list, or a DPIA of similar processing
//!    under Art. 35(1)) gives **not required**, with the exception as the reason.
//! 4. The WP248 criteria count: those the DPO selected plus those dpia suggests from the
//!    answers and the scan (4 sensitive data, 6 several sources, 7 vulnerable data subjects,
//!    8 innovative technology: AI-generated code, an AI component or code that sends personal
//!    data to an AI model), unless the DPO says why a suggested one does not apply. Two or
//!    more: **required** (unless the DPO documents why no high risk is likely, which WP248
//!    allows: then not required, with the reasons shown); one: **recommended**; none: **not
//!    required**.

use super::codes as c;
use super::finding::Finding;
use super::read::{has, list, text, yes};
use crate::questionnaire::answers::Answers;
use crate::scan::{Category, ScanReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The screening outcome (GDPR Art. 35(1), (3); WP248 III.B.a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Required,
    Recommended,
    NotRequired,
    /// The screening questions are not answered yet.
    Undetermined,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Required => "required",
            Outcome::Recommended => "recommended",
            Outcome::NotRequired => "not_required",
            Outcome::Undetermined => "undetermined",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    pub outcome: Outcome,
    pub reasons: Vec<Finding>,
    /// The WP248 criteria dpia suggests from the answers and the scan.
    #[serde(default)]
    pub suggested_criteria: Vec<String>,
    /// The criteria that count: selected, plus suggested ones not argued away.
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// Categories that make data "sensitive or highly personal" (WP248 criterion 4).
const SENSITIVE: &[&str] = &[
    "health",
    "special_category",
    "criminal_offences",
    "geolocation",
    "bank_account",
    "payment_card",
];

/// Data subjects in a dependency or imbalance of power (WP248 criterion 7).
const VULNERABLE: &[&str] = &["employees", "applicants", "patients", "children", "tenants"];

/// Sources other than the data subject, whose combination is "matching or combining datasets"
/// (WP248 criterion 6).
const OTHER_SOURCES: &[&str] = &["internal_systems", "third_parties", "public_sources"];

/// The WP248 criteria the scan alone points to (pre-filled as a suggestion).
pub fn criteria_from_scan(scan: &ScanReport) -> Vec<String> {
    let found = crate::questionnaire::prefill::scan_categories(scan);
    let mut out = Vec::new();
    if found
        .iter()
        .any(|c| SENSITIVE.contains(&c.as_str()) || c.is_article9())
    {
        out.push("sensitive_data".to_string());
    }
    if scan.holds_childrens_data() {
        out.push("vulnerable_subjects".to_string());
    }
    if ai_in_scan(scan) {
        out.push("innovative_technology".to_string());
    }
    out
}

/// An AI component in the hosting config, or code that sends personal data to an AI model.
fn ai_in_scan(scan: &ScanReport) -> bool {
    scan.hosting.iter().any(|h| h.component == "ai")
        || !crate::scan::code::flows::ai_flows_with_personal_data(scan).is_empty()
}

/// The WP248 criteria dpia suggests from the answers and the scan, in the questionnaire's order.
pub fn suggested_criteria(
    answers: &Answers,
    effective: &BTreeSet<Category>,
    scan: &ScanReport,
) -> Vec<String> {
    let mut out = Vec::new();
    let declared_sensitive = list(answers, "description.data_categories")
        .is_some_and(|l| l.iter().any(|v| SENSITIVE.contains(&v.as_str())));
    let column_sensitive = super::read::items(answers, crate::questionnaire::COLUMN_REVIEW)
        .iter()
        .filter(|i| super::read::field(i, "decision") != Some("dismissed"))
        .any(|i| {
            super::read::field_list(i, "categories")
                .iter()
                .any(|v| SENSITIVE.contains(&v.as_str()))
        });
    let found_sensitive = effective
        .iter()
        .any(|c| SENSITIVE.contains(&c.as_str()) || c.is_article9());
    if declared_sensitive || column_sensitive || found_sensitive {
        out.push("sensitive_data");
    }
    let sources = list(answers, "description.data_sources").unwrap_or(&[]);
    if sources.len() >= 2 && sources.iter().any(|s| OTHER_SOURCES.contains(&s.as_str())) {
        out.push("matching_datasets");
    }
    // Children's birth dates found by the scan count unless the DPO dismissed that column.
    let reviews = super::read::items(answers, crate::questionnaire::COLUMN_REVIEW);
    let dismissed = |column: &str| {
        reviews.iter().any(|i| {
            super::read::field(i, "column") == Some(column)
                && super::read::field(i, "decision") == Some("dismissed")
        })
    };
    let children_found = scan.childrens_data_columns().any(|c| !dismissed(&c));
    if VULNERABLE
        .iter()
        .any(|v| has(answers, "description.data_subjects", v))
        || children_found
    {
        out.push("vulnerable_subjects");
    }
    let ai = yes(answers, "description.ai_generated") == Some(true)
        || yes(answers, "description.ai_evaluates_people") == Some(true)
        || ai_in_scan(scan);
    if ai {
        out.push("innovative_technology");
    }
    if yes(answers, "description.ai_evaluates_people") == Some(true) {
        out.insert(0, "evaluation_scoring");
    }
    out.into_iter().map(String::from).collect()
}

/// The screening outcome with its reasons, and the issues it raises.
pub fn screening(
    answers: &Answers,
    effective: &BTreeSet<Category>,
    scan: &ScanReport,
) -> (Screening, Vec<Finding>) {
    let mut reasons = Vec::new();
    let mut issues = Vec::new();
    let mut unanswered = Vec::new();
    let mut mandatory = false;
    for (id, code) in [
        ("screening.art35_3a", c::SCREENING_ART35_3A),
        ("screening.art35_3b", c::SCREENING_ART35_3B),
        ("screening.art35_3c", c::SCREENING_ART35_3C),
    ] {
        match yes(answers, id) {
            Some(true) => {
                mandatory = true;
                reasons.push(Finding::new(code));
            }
            Some(false) => {}
            None => unanswered.push(id.to_string()),
        }
    }
    match list(answers, "screening.national_list") {
        Some(items) => {
            for item in items.iter().filter(|i| *i != "none") {
                mandatory = true;
                reasons.push(Finding::new(c::SCREENING_MUST_LIST).with("item", item));
            }
        }
        None => unanswered.push("screening.national_list".into()),
    }
    match yes(answers, "screening.other_list") {
        Some(true) => {
            mandatory = true;
            let entries = super::read::items(answers, "screening.other_list_items");
            if entries.is_empty() {
                reasons.push(
                    Finding::new(c::SCREENING_OTHER_LIST)
                        .with("authority", "?")
                        .with("item", "?"),
                );
            }
            for e in entries {
                reasons.push(
                    Finding::new(c::SCREENING_OTHER_LIST)
                        .with(
                            "authority",
                            super::read::field(e, "authority").unwrap_or("?"),
                        )
                        .with("item", super::read::field(e, "item").unwrap_or("?")),
                );
            }
        }
        Some(false) => {}
        None => unanswered.push("screening.other_list".into()),
    }
    match yes(answers, "screening.likely_high_risk") {
        Some(true) => {
            mandatory = true;
            reasons.push(Finding::new(c::SCREENING_LIKELY_HIGH_RISK).with(
                "reason",
                text(answers, "screening.likely_high_risk_reason").unwrap_or("?"),
            ));
        }
        Some(false) => {}
        None => unanswered.push("screening.likely_high_risk".into()),
    }

    // The criteria that count: the DPO's, plus dpia's suggestions unless argued away.
    let selected: Vec<String> = match list(answers, "screening.wp248_criteria") {
        Some(l) => l.to_vec(),
        None => {
            unanswered.push("screening.wp248_criteria".into());
            Vec::new()
        }
    };
    let suggested = suggested_criteria(answers, effective, scan);
    let left_out: Vec<String> = suggested
        .iter()
        .filter(|s| !selected.contains(s))
        .cloned()
        .collect();
    let argued = text(answers, "screening.criteria_reason").is_some();
    let mut criteria = selected.clone();
    if !left_out.is_empty() && !argued {
        criteria.extend(left_out.iter().cloned());
        issues.push(Finding::new(c::ISSUE_CRITERIA_SUGGESTED).with("criteria", left_out.clone()));
    }
    if !criteria.is_empty() {
        reasons.push(
            Finding::new(c::SCREENING_CRITERIA)
                .with("count", criteria.len())
                .with("criteria", criteria.clone()),
        );
    }
    if !left_out.is_empty() && argued {
        reasons.push(
            Finding::new(c::SCREENING_CRITERIA_ARGUED)
                .with("criteria", left_out)
                .with(
                    "reason",
                    text(answers, "screening.criteria_reason").unwrap_or(""),
                ),
        );
    }

    let exemption = text(answers, "screening.exemption");
    if exemption.is_none() {
        unanswered.push("screening.exemption".into());
    }
    let exemption = exemption.filter(|e| *e != "none");
    let details = text(answers, "screening.exemption_details").unwrap_or("?");

    let outcome = if mandatory {
        if let Some(kind) = exemption {
            issues.push(Finding::new(c::ISSUE_EXEMPTION_OVERRIDDEN).with("exemption", kind));
        }
        Outcome::Required
    } else if !unanswered.is_empty() {
        reasons.push(Finding::new(c::SCREENING_UNANSWERED).with("questions", unanswered));
        Outcome::Undetermined
    } else if let Some(kind) = exemption {
        let code = match kind {
            "art35_10" => c::SCREENING_EXEMPTION_ART35_10,
            "no_dpia_list" => c::SCREENING_EXEMPTION_LIST,
            _ => c::SCREENING_EXEMPTION_SIMILAR,
        };
        reasons.push(Finding::new(code).with("details", details));
        Outcome::NotRequired
    } else if criteria.len() >= 2 {
        match text(answers, "screening.override_reason") {
            Some(reason) => {
                reasons.push(Finding::new(c::SCREENING_OVERRIDE).with("reason", reason));
                Outcome::NotRequired
            }
            None => {
                reasons.push(Finding::new(c::SCREENING_TWO_OR_MORE));
                Outcome::Required
            }
        }
    } else if criteria.len() == 1 {
        reasons.push(Finding::new(c::SCREENING_ONE));
        Outcome::Recommended
    } else {
        reasons.push(Finding::new(c::SCREENING_NONE));
        Outcome::NotRequired
    };
    (
        Screening {
            outcome,
            reasons,
            suggested_criteria: suggested,
            criteria,
        },
        issues,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{AnswerValue, Origin};
    use crate::scan::evidence::Evidence;
    use crate::scan::{ColumnReport, TableReport};

    /// A scan whose `pupils.born` column gives children's ages.
    fn pupils() -> ScanReport {
        let children = Evidence::new("dates.children")
            .with("share", 100)
            .with("age", 16);
        ScanReport {
            tables: vec![TableReport {
                name: "pupils".into(),
                sources: vec![],
                rows_sampled: 30,
                rows_seen: 30,
                columns: vec![ColumnReport {
                    name: "born".into(),
                    data_type: None,
                    categories: vec![Category::DateOfBirth],
                    confidence: 0.9,
                    evidence: vec![],
                    evidence_items: vec![Evidence::for_category(Category::DateOfBirth, children)],
                    category_confidence: vec![0.9],
                    examples: vec![],
                    raw_examples: None,
                    values_sampled: 30,
                    needs_review: false,
                    declared_at: Vec::new(),
                }],
            }],
            ..ScanReport::default()
        }
    }

    fn review(decision: &str) -> Answers {
        let mut item = std::collections::BTreeMap::new();
        item.insert("column".into(), AnswerValue::Text("pupils.born".into()));
        item.insert("decision".into(), AnswerValue::Text(decision.into()));
        let mut answers = Answers::default();
        answers.set(
            crate::questionnaire::COLUMN_REVIEW,
            AnswerValue::Group(vec![item]),
            Origin::Given,
        );
        answers
    }

    /// Children are vulnerable data subjects (WP248 III.B.a criterion 7; GDPR recital 75 and
    /// Art. 8), a criterion that counts towards a DPIA under Art. 35(1); a column the DPO
    /// dismissed is no evidence of them.
    #[test]
    fn childrens_birth_dates_suggest_vulnerable_subjects_unless_the_column_is_dismissed() {
        let scan = pupils();
        let effective = BTreeSet::from([Category::DateOfBirth]);
        assert!(criteria_from_scan(&scan).contains(&"vulnerable_subjects".to_string()));
        let confirmed = suggested_criteria(&review("confirmed"), &effective, &scan);
        assert!(
            confirmed.contains(&"vulnerable_subjects".to_string()),
            "{confirmed:?}"
        );
        let dismissed = suggested_criteria(&review("dismissed"), &effective, &scan);
        assert!(
            !dismissed.contains(&"vulnerable_subjects".to_string()),
            "{dismissed:?}"
        );
    }
}
