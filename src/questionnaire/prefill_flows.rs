//! Pre-filling from the code flows: who receives the data (`description.recipients`), the
//! processors (`processors.list`, only services whose role is processor: an independent
//! controller such as Google Fonts is a recipient, not a processor, GDPR Art. 4(8)-(9),
//! Art. 28), the transfers (`transfers.components`: one item per third-party service or
//! host, with the vendor's country; the DPF question is never answered from the catalogue)
//! and a retention hint when the code never deletes from a table holding personal data.

use super::answers::AnswerValue;
use super::model::{Question, QuestionType};
use crate::reference::UNKNOWN;
use crate::scan::code::flows::{tables_without_delete, third_parties};
use crate::scan::code::Flow;
use crate::scan::ScanReport;
use std::collections::{BTreeMap, BTreeSet};

/// Categories and places of a group of flows: "free_text, health (src/index.ts:24)".
fn summary(flows: &[&Flow]) -> String {
    let data: BTreeSet<&str> = flows
        .iter()
        .flat_map(|f| f.data.iter().map(|c| c.as_str()))
        .collect();
    let places: Vec<&str> = flows.iter().map(|f| f.source.as_str()).take(3).collect();
    let more = if flows.len() > 3 {
        format!(" and {} more", flows.len() - 3)
    } else {
        String::new()
    };
    let data = if data.is_empty() {
        "no personal data traced".to_string()
    } else {
        data.into_iter().collect::<Vec<_>>().join(", ")
    };
    format!("{data} ({}{more})", places.join(", "))
}

/// One `transfers.components` item per third party, filling the fields the group has.
pub fn transfer_items(q: &Question, scan: &ScanReport) -> Vec<BTreeMap<String, AnswerValue>> {
    third_parties(scan)
        .into_iter()
        .map(|(name, flows)| {
            let service = flows.first().and_then(|f| f.service.clone());
            let hosts: BTreeSet<&str> = flows.iter().map(|f| f.target.as_str()).collect();
            let component = format!(
                "{name} ({}), from the code: {}",
                hosts.into_iter().collect::<Vec<_>>().join(", "),
                summary(&flows)
            );
            let provider = service
                .as_ref()
                .map_or("unknown: identify the recipient".to_string(), |s| {
                    s.vendor.clone()
                });
            let country = service
                .as_ref()
                .map(|s| s.country.clone())
                .filter(|c| c != UNKNOWN)
                .unwrap_or_else(|| UNKNOWN.to_string());
            let mut item = BTreeMap::new();
            for field in &q.fields {
                let value = match (field.id.as_str(), field.kind) {
                    ("component", _) | ("name", QuestionType::Text) => {
                        AnswerValue::Text(component.clone())
                    }
                    ("provider", _) => AnswerValue::Text(provider.clone()),
                    ("storage_location", QuestionType::Country) => {
                        AnswerValue::Text(country.clone())
                    }
                    _ => continue,
                };
                item.insert(field.id.clone(), value);
            }
            item
        })
        .collect()
}

/// `processors.list`: one item per processor-role service the code calls.
pub fn processors(q: &Question, scan: &ScanReport) -> Option<AnswerValue> {
    let items: Vec<BTreeMap<String, AnswerValue>> = third_parties(scan)
        .into_iter()
        .filter_map(|(name, flows)| {
            let service = flows.first().and_then(|f| f.service.clone())?;
            if service.role != "processor" {
                return None;
            }
            let mut item = BTreeMap::new();
            for field in &q.fields {
                let value = match (field.id.as_str(), field.kind) {
                    ("name", _) => AnswerValue::Text(service.vendor.clone()),
                    ("service", _) => {
                        AnswerValue::Text(format!("{name}; from the code: {}", summary(&flows)))
                    }
                    ("country", QuestionType::Country) if service.country != UNKNOWN => {
                        AnswerValue::Text(service.country.clone())
                    }
                    _ => continue,
                };
                item.insert(field.id.clone(), value);
            }
            Some(item)
        })
        .collect();
    (!items.is_empty()).then_some(AnswerValue::Group(items))
}

/// `description.recipients`: the third parties the code sends data to, by role.
pub fn recipients(scan: &ScanReport) -> Option<AnswerValue> {
    let groups = third_parties(scan);
    if groups.is_empty() {
        return None;
    }
    let mut lines = vec![
        "Third parties the tool's code sends data to (found by the scan, to confirm):".to_string(),
    ];
    for (name, flows) in groups {
        let who = match flows.first().and_then(|f| f.service.as_ref()) {
            Some(s) => format!(
                "{name} ({}, {}; {})",
                s.vendor,
                s.country,
                s.role.replace('_', " ")
            ),
            None => format!("{name} (unknown service)"),
        };
        lines.push(format!("- {who}: {}", summary(&flows)));
    }
    Some(AnswerValue::Text(lines.join("\n")))
}

/// `description.retention`: a hint when no code deletes from tables holding personal data.
pub fn retention_hint(scan: &ScanReport) -> Option<AnswerValue> {
    let tables = tables_without_delete(scan);
    if tables.is_empty() {
        return None;
    }
    Some(AnswerValue::Text(format!(
        "No code deleting rows was found for {} (personal data): state how long the data are kept and how they are deleted (GDPR Art. 5(1)(e)).",
        tables.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::code::{FlowKind, ServiceRef};
    use crate::scan::Category;

    fn report() -> ScanReport {
        let mut r = ScanReport::default();
        let flow = |kind, target: &str, service: Option<(&str, &str)>| Flow {
            kind,
            target: target.into(),
            service: service.map(|(name, role)| ServiceRef {
                name: name.into(),
                vendor: "Vendor".into(),
                country: "US".into(),
                role: role.into(),
                dpf: "unknown".into(),
            }),
            data: vec![Category::FreeText],
            source: "src/index.ts:9".into(),
            evidence: String::new(),
            evidence_item: None,
            route: None,
            missing: false,
        };
        r.flows.push(flow(
            FlowKind::AiModel,
            "api.openai.com",
            Some(("OpenAI API", "processor")),
        ));
        r.flows.push(flow(
            FlowKind::EmbeddedResource,
            "fonts.googleapis.com",
            Some(("Google Fonts", "independent_controller")),
        ));
        r.flows
            .push(flow(FlowKind::ExternalRequest, "api.unknown.example", None));
        r
    }

    #[test]
    fn processors_only_for_processor_roles() {
        let q = crate::questionnaire::builtin().unwrap();
        let list = q.questions().find(|q| q.id == "processors.list").unwrap();
        let Some(AnswerValue::Group(items)) = processors(list, &report()) else {
            panic!()
        };
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["country"], AnswerValue::Text("US".into()));
        let Some(AnswerValue::Text(text)) = recipients(&report()) else {
            panic!()
        };
        assert!(
            text.contains("Google Fonts") && text.contains("unknown service"),
            "{text}"
        );
        let t = q
            .questions()
            .find(|q| q.id == "transfers.components")
            .unwrap();
        let items = transfer_items(t, &report());
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2]["storage_location"],
            AnswerValue::Text("unknown".into())
        );
        assert!(!items[0].contains_key("dpf_certified"));
    }
}
