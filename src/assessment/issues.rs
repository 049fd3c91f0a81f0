//! Issues that stand whatever else is answered, each with the rule it follows:
//!
//! - special-category data without an Art. 9(2) condition (Art. 9(1));
//! - categories the scan found that the description does not list (Art. 35(7)(a));
//! - unreviewed AI-generated code (Art. 5(1)(d), 32(1)(d));
//! - columns to drop or pseudonymise (Art. 5(1)(c), 25(1));
//! - data subjects not informed (Art. 5(1)(a), 12-14), data from others without an Art. 14
//!   notice, rights without a working procedure, scoped to where each right applies
//!   (Art. 15-22);
//! - consent from employees or applicants (Art. 7(4), Recital 43; EDPB Guidelines 05/2020;
//!   § 26(2) BDSG);
//! - a German controller: works-council co-determination (§ 87(1) no. 6 BetrVG) and a DPO
//!   whenever a DPIA is required (§ 38(1) sentence 2 BDSG);
//! - a DPIA carried out after the processing started (Art. 35(1));
//! - the AI Act's employment hook as a note (Annex III(4); Art. 26(7), 26(9)).

use super::codes as c;
use super::finding::Finding;
use super::read::{employment, field, has, items, list, text, yes};
use super::screening::Outcome;
use crate::questionnaire::answers::Answers;
use crate::scan::Category;
use std::collections::BTreeSet;

/// The issues and notes of this module.
pub fn issues(
    answers: &Answers,
    scanned: &BTreeSet<Category>,
    outcome: Outcome,
) -> (Vec<Finding>, Vec<Finding>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let declared: BTreeSet<&str> = list(answers, "description.data_categories")
        .unwrap_or(&[])
        .iter()
        .map(String::as_str)
        .collect();
    let column_categories: BTreeSet<&str> = items(answers, crate::questionnaire::COLUMN_REVIEW)
        .iter()
        .filter(|i| field(i, "decision") != Some("dismissed"))
        .flat_map(|i| {
            super::read::field_list(i, "categories")
                .iter()
                .map(String::as_str)
        })
        .collect();
    let special = scanned.iter().any(|c| c.is_article9())
        || declared.contains("health")
        || declared.contains("special_category");
    let conditions = list(answers, "necessity.art9_condition");
    if special {
        match conditions {
            Some(c) if c.iter().any(|v| v == "none_identified") => {
                out.push(Finding::new(c::ISSUE_ART9_NONE))
            }
            None | Some([]) => out.push(Finding::new(c::ISSUE_ART9_MISSING)),
            _ => {}
        }
    }
    if !declared.is_empty() {
        let found = scanned
            .iter()
            .map(|c| c.as_str())
            .chain(column_categories.iter().copied());
        let mut reported = BTreeSet::new();
        for category in found {
            if !declared.contains(category) && reported.insert(category) {
                out.push(Finding::new(c::ISSUE_UNDECLARED_CATEGORY).with("category", category));
            }
        }
    }
    if yes(answers, "description.ai_generated") == Some(true)
        && yes(answers, "description.code_reviewed") == Some(false)
    {
        out.push(Finding::new(c::ISSUE_UNREVIEWED_CODE));
    }
    for item in items(answers, crate::questionnaire::COLUMN_REVIEW) {
        let column = field(item, "column").unwrap_or("?");
        match field(item, "minimisation") {
            Some("drop") => out.push(Finding::new(c::ISSUE_COLUMN_DROP).with("column", column)),
            Some("pseudonymise") => {
                out.push(Finding::new(c::ISSUE_COLUMN_PSEUDONYMISE).with("column", column))
            }
            _ => {}
        }
    }
    transparency_and_rights(answers, &mut out);
    employment_rules(answers, outcome, conditions, &mut out, &mut notes);
    if text(answers, "description.processing_status") == Some("live")
        && matches!(outcome, Outcome::Required | Outcome::Recommended)
    {
        out.push(Finding::new(c::ISSUE_DPIA_AFTER_START).with(
            "since",
            text(answers, "description.live_since").unwrap_or("?"),
        ));
    }
    (out, notes)
}

/// Art. 12-22: information and the rights, each where it applies.
fn transparency_and_rights(answers: &Answers, out: &mut Vec<Finding>) {
    let notice = text(answers, "necessity.transparency");
    if notice == Some("not_yet") {
        out.push(Finding::new(c::ISSUE_NOT_INFORMED));
    }
    let from_others = list(answers, "description.data_sources").is_some_and(|s| {
        s.iter().any(|v| {
            matches!(
                v.as_str(),
                "internal_systems" | "third_parties" | "public_sources"
            )
        })
    });
    if from_others && notice == Some("notice_art13") {
        out.push(Finding::new(c::ISSUE_NO_ART14_NOTICE));
    }
    let Some(rights) = list(answers, "necessity.rights") else {
        return;
    };
    let basis = |b: &str| has(answers, "necessity.lawful_basis", b);
    let mut due = vec!["access", "rectification", "erasure", "restriction"];
    // Art. 20(1): only for processing by automated means based on consent or a contract.
    if basis("consent") || basis("contract") {
        due.push("portability");
    }
    // Art. 21(1): only for processing based on Art. 6(1)(e) or (f).
    if basis("public_task") || basis("legitimate_interests") {
        due.push("objection");
    }
    // Art. 22: only where decisions are based solely on automated processing.
    let automated = has(answers, "screening.wp248_criteria", "automated_decision")
        || yes(answers, "screening.art35_3a") == Some(true)
        || yes(answers, "description.ai_evaluates_people") == Some(true);
    if automated {
        due.push("automated_decisions");
    }
    for right in due {
        if !rights.iter().any(|r| r == right) {
            out.push(Finding::new(c::ISSUE_RIGHT_MISSING).with("right", right));
        }
    }
}

fn employment_rules(
    answers: &Answers,
    outcome: Outcome,
    art9: Option<&[String]>,
    out: &mut Vec<Finding>,
    notes: &mut Vec<Finding>,
) {
    let employment = employment(answers);
    if employment {
        if has(answers, "necessity.lawful_basis", "consent") {
            out.push(Finding::new(c::ISSUE_EMPLOYEE_CONSENT).with("basis", "art6_1_a"));
        }
        if art9.is_some_and(|c| c.iter().any(|v| v == "art9_2_a")) {
            out.push(Finding::new(c::ISSUE_EMPLOYEE_CONSENT).with("basis", "art9_2_a"));
        }
        if yes(answers, "description.ai_evaluates_people") == Some(true) {
            notes.push(Finding::new(c::NOTE_AI_ACT_EMPLOYMENT));
        }
    }
    let german = text(answers, "description.controller_country") == Some("DE");
    if german
        && has(answers, "description.data_subjects", "employees")
        && text(answers, "necessity.works_council") == Some("not_involved")
    {
        out.push(Finding::new(c::ISSUE_WORKS_COUNCIL));
    }
    if german
        && outcome == Outcome::Required
        && yes(answers, "description.dpo_designated") == Some(false)
    {
        out.push(Finding::new(c::ISSUE_DPO_REQUIRED_BDSG));
    }
}
