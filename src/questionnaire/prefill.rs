//! Pre-filling answers from a scan: the categories of personal data found, the hosting
//! components from wrangler bindings (with their storage location when a jurisdiction is
//! configured), whether special-category data or free text was found, the WP248 criteria the
//! scan points to, children among the data subjects when birth dates say so, and from the code flows the recipients, processors and transfers to third
//! parties and a retention hint (see `prefill_flows.rs`). Every pre-filled answer is marked
//! "suggested from scan" until the DPO
//! confirms it.

use super::answers::{AnswerValue, Answers, Origin};
use super::model::{Prefill, Question, QuestionType, Questionnaire};
use crate::scan::{Category, HostingFact, ScanReport};
use std::collections::{BTreeMap, BTreeSet};

/// The categories a scan found, over all columns.
pub fn scan_categories(scan: &ScanReport) -> BTreeSet<Category> {
    scan.personal_columns()
        .flat_map(|(_, c)| c.categories.iter().copied())
        .collect()
}

/// Suggested answers for every question with a `prefill` source.
pub fn prefill(questionnaire: &Questionnaire, scan: &ScanReport) -> Answers {
    let found = scan_categories(scan);
    let mut answers = Answers::default();
    for q in questionnaire.questions() {
        let Some(source) = q.prefill else { continue };
        let value = match source {
            Prefill::ScanCategories => {
                let values: Vec<String> = found
                    .iter()
                    .map(|c| c.as_str().to_string())
                    .filter(|v| q.kind != QuestionType::MultiChoice || q.choice(v).is_some())
                    .collect();
                Some(AnswerValue::List(values))
            }
            Prefill::ScanSpecialCategories => {
                Some(AnswerValue::Bool(found.iter().any(|c| c.is_article9())))
            }
            Prefill::ScanFreeText => Some(AnswerValue::Bool(found.contains(&Category::FreeText))),
            Prefill::ScanColumns => {
                // Columns with personal data, and those the scan could not decide on (a
                // `name` in an unknown table): the DPO reviews both.
                let items: Vec<_> = scan
                    .tables
                    .iter()
                    .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
                    .filter(|(_, c)| !c.categories.is_empty() || c.needs_review)
                    .map(|(t, c)| {
                        let mut item = BTreeMap::new();
                        item.insert(
                            "column".to_string(),
                            AnswerValue::Text(format!("{}.{}", t.name, c.name)),
                        );
                        let cats = c.categories.iter().map(|k| k.as_str().to_string());
                        item.insert("categories".to_string(), AnswerValue::List(cats.collect()));
                        item
                    })
                    .collect();
                (!items.is_empty()).then_some(AnswerValue::Group(items))
            }
            Prefill::ScanWp248Criteria => Some(AnswerValue::List(
                crate::assessment::criteria_from_scan(scan)
                    .into_iter()
                    .filter(|v| q.choice(v).is_some())
                    .collect(),
            )),
            Prefill::ScanHosting => {
                let items: Vec<_> = scan.hosting.iter().map(|h| hosting_item(q, h)).collect();
                (!items.is_empty()).then_some(AnswerValue::Group(items))
            }
            Prefill::ScanTransfers => {
                let mut items: Vec<_> = scan.hosting.iter().map(|h| hosting_item(q, h)).collect();
                items.extend(super::prefill_flows::transfer_items(q, scan));
                (!items.is_empty()).then_some(AnswerValue::Group(items))
            }
            Prefill::ScanProcessors => super::prefill_flows::processors(q, scan),
            Prefill::ScanRecipients => super::prefill_flows::recipients(scan),
            Prefill::ScanRetention => super::prefill_flows::retention_hint(scan),
            Prefill::ScanDataSubjects => scan
                .holds_childrens_data()
                .then(|| AnswerValue::List(vec!["children".to_string()]))
                .filter(|_| q.kind != QuestionType::MultiChoice || q.choice("children").is_some()),
        };
        if let Some(value) = value {
            answers.set(&q.id, value, Origin::SuggestedFromScan);
        }
    }
    answers
}

/// One group item from a hosting fact, filling the fields the group has by their names.
fn hosting_item(q: &Question, h: &HostingFact) -> BTreeMap<String, AnswerValue> {
    let kind = match h.component.as_str() {
        "d1" => "database",
        "r2" => "object_storage",
        "kv" => "key_value_store",
        "ai" => "ai_service",
        _ => "other",
    };
    let label = match h.component.as_str() {
        "d1" => "D1 database",
        "r2" => "R2 bucket",
        "kv" => "KV namespace",
        "ai" => "Workers AI",
        _ => "component",
    };
    let name = h.name.clone().unwrap_or_else(|| "(unnamed)".to_string());
    // A jurisdiction is a suggestion to confirm (for D1 it is set at creation, not by the
    // binding); `fedramp` is Cloudflare's US government jurisdiction.
    let location = match h.jurisdiction.as_deref() {
        Some("eu") => crate::reference::EU.to_string(),
        Some("us") | Some("fedramp") => "US".to_string(),
        _ => crate::reference::UNKNOWN.to_string(),
    };
    let mut item = BTreeMap::new();
    for field in &q.fields {
        let value = match (field.id.as_str(), field.kind) {
            ("kind", QuestionType::SingleChoice) if field.choice(kind).is_some() => {
                AnswerValue::Text(kind.to_string())
            }
            ("provider", _) => AnswerValue::Text("Cloudflare".to_string()),
            ("name", _) => AnswerValue::Text(name.clone()),
            ("component", _) => AnswerValue::Text(format!(
                "{label} {name}{}",
                h.binding
                    .as_deref()
                    .map(|b| format!(" (binding {b})"))
                    .unwrap_or_default()
            )),
            ("storage_location", QuestionType::Country) => AnswerValue::Text(location.clone()),
            _ => continue,
        };
        item.insert(field.id.clone(), value);
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan, Dictionary, NoProgress, ScanInput, ScanOptions};

    /// Scans `inputs` as on 2026-11-25.
    fn scan_on_test_day(inputs: &[ScanInput], dict: &Dictionary) -> ScanReport {
        let day = crate::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        };
        scan(inputs, &ScanOptions::new(day), dict, &NoProgress)
    }

    #[test]
    fn columns_the_scan_could_not_decide_on_are_offered_for_review() {
        let dict = Dictionary::builtin().unwrap();
        let mut report = scan_on_test_day(&crate::example::inputs(), &dict);
        let column = report
            .tables
            .iter_mut()
            .flat_map(|t| t.columns.iter_mut())
            .find(|c| c.name == "contractor")
            .unwrap();
        assert!(column.categories.is_empty());
        column.needs_review = true;
        let answers = prefill(&crate::questionnaire::builtin().unwrap(), &report);
        let Some(AnswerValue::Group(items)) = answers.get(super::super::COLUMN_REVIEW) else {
            panic!("no column review");
        };
        let item = items
            .iter()
            .find(|i| {
                i.get("column") == Some(&AnswerValue::Text("contractor_visits.contractor".into()))
            })
            .expect("the column to review is listed");
        assert_eq!(item.get("categories"), Some(&AnswerValue::List(Vec::new())));
        // Columns with neither a category nor a doubt stay out.
        assert!(!items
            .iter()
            .any(|i| i.get("column") == Some(&AnswerValue::Text("tenants.einzug".into()))));
    }

    /// A school tool's pupils' birth dates (ages 6-11) suggest children among the data
    /// subjects and WP248 criterion 7; the adults of the bundled example suggest neither.
    #[test]
    fn childrens_birth_dates_suggest_children_and_vulnerable_subjects() {
        let dict = Dictionary::builtin().unwrap();
        let csv: String = std::iter::once("vorname,nachname,geburtsdatum\n".to_string())
            .chain((0..40).map(|i| {
                format!(
                    "Kind{i},Muster,{}-{:02}-{:02}\n",
                    2015 + i % 6,
                    1 + i % 12,
                    1 + i % 28
                )
            }))
            .collect();
        let inputs = [ScanInput::Memory {
            path: "schueler.csv".into(),
            bytes: Box::leak(csv.into_bytes().into_boxed_slice()),
        }];
        let report = scan_on_test_day(&inputs, &dict);
        assert!(report.holds_childrens_data(), "{:?}", report.tables);
        let questionnaire = crate::questionnaire::builtin().unwrap();
        let answers = prefill(&questionnaire, &report);
        assert_eq!(
            answers.get("description.data_subjects"),
            Some(&AnswerValue::List(vec!["children".into()]))
        );
        let Some(AnswerValue::List(criteria)) = answers.get("screening.wp248_criteria") else {
            panic!("no criteria suggested");
        };
        assert!(
            criteria.contains(&"vulnerable_subjects".to_string()),
            "{criteria:?}"
        );

        let adults = scan_on_test_day(&crate::example::inputs(), &dict);
        assert!(!adults.holds_childrens_data());
        let answers = prefill(&questionnaire, &adults);
        assert_eq!(answers.get("description.data_subjects"), None);
    }
}
