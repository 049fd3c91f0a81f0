//! Issues from what the tool's code does (the scan's data flows): personal data written to
//! logs (Art. 5(1)(c), 5(1)(f), 32(1)); routes that serve personal data without any check of
//! who the user is (Art. 25(2), 32(1)(b)); a service the code sends personal data to as a
//! processor that the processors list lacks (Art. 28(1)); and a third party outside the EEA the
//! code sends data to (an embed sends the user's IP address) that neither the hosting section
//! nor the processors list assesses (Art. 44). Each names the place in the code.

use super::codes as c;
use super::finding::Finding;
use super::read::{field, items};
use crate::questionnaire::answers::Answers;
use crate::reference::Reference;
use crate::scan::code::flows::{logged_personal_data, third_parties, unprotected_routes};
use crate::scan::text::fold;
use crate::scan::ScanReport;

pub fn issues(scan: &ScanReport, answers: &Answers, reference: &Reference) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in logged_personal_data(scan) {
        out.push(
            Finding::new(c::ISSUE_PERSONAL_DATA_LOGGED)
                .with("source", &f.source)
                .with(
                    "categories",
                    f.data
                        .iter()
                        .map(|k| k.as_str().to_string())
                        .collect::<Vec<_>>(),
                ),
        );
    }
    for f in unprotected_routes(scan) {
        let route = f
            .route
            .clone()
            .unwrap_or_else(|| f.target.trim_start_matches("route ").to_string());
        out.push(
            Finding::new(c::ISSUE_ROUTE_WITHOUT_ACCESS_CHECK)
                .with("route", route)
                .with("source", &f.source),
        );
    }
    let names = |id: &str, field_id: &str| -> Vec<String> {
        items(answers, id)
            .iter()
            .filter_map(|i| field(i, field_id))
            .map(fold)
            .collect()
    };
    let processors = names("processors.list", "name");
    let mut assessed = names("transfers.components", "provider");
    assessed.extend(names("transfers.components", "component"));
    assessed.extend(processors.iter().cloned());
    let known = |list: &[String], vendor: &str, name: &str| {
        let (vendor, name) = (fold(vendor), fold(name));
        let first = vendor.split(' ').next().unwrap_or("").to_string();
        list.iter()
            .any(|l| l.contains(&first) || l.contains(&name) || vendor.contains(l.as_str()))
    };
    for (_, flows) in third_parties(scan) {
        let Some(first) = flows.first() else { continue };
        let Some(service) = &first.service else {
            continue;
        };
        let carries_data = flows.iter().any(|f| !f.data.is_empty());
        if service.role == "processor"
            && carries_data
            && !known(&processors, &service.vendor, &service.name)
        {
            out.push(
                Finding::new(c::ISSUE_FLOW_PROCESSOR_NOT_LISTED)
                    .with("service", &service.name)
                    .with("source", &first.source),
            );
        }
        let abroad =
            service.country != crate::reference::UNKNOWN && !reference.is_eea(&service.country);
        if abroad && carries_data && !known(&assessed, &service.vendor, &service.name) {
            let mut data: Vec<String> = flows
                .iter()
                .flat_map(|f| f.data.iter().map(|k| k.as_str().to_string()))
                .collect();
            data.sort();
            data.dedup();
            out.push(
                Finding::new(c::ISSUE_FLOW_TRANSFER_NOT_ASSESSED)
                    .with("service", &service.name)
                    .with("location", &service.country)
                    .with("categories", data)
                    .with("source", &first.source),
            );
        }
    }
    out
}
