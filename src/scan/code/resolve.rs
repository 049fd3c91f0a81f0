//! The second phase of the code scan: once the data scan has classified the tables, raw flows
//! get their categories and services, flows without personal data where it matters are
//! dropped, dependencies with no call become flows of their own, and routes serving personal
//! data without an access check become `access_check` flows marked `missing`.

use crate::scan::evidence::Evidence;

/// Evidence in English, as the scan JSON's `evidence` string.
fn english(e: &Evidence) -> String {
    crate::scan::evidence_words::words(e, crate::lang::Lang::En)
}
use super::flows::{Flow, FlowKind, Resolver, ServiceRef};
use super::{CheckScope, CodeFacts, Keep};
use crate::reference::services::Catalogue;
use crate::scan::model::Problem;
use crate::scan::model::ProblemCode;
use crate::scan::{Dictionary, ScanReport};
use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

static CATALOGUE: LazyLock<Option<Catalogue>> = LazyLock::new(|| Catalogue::builtin().ok());

/// The built-in service catalogue (validated by a unit test; `None` only if it is broken).
pub fn catalogue() -> Option<&'static Catalogue> {
    CATALOGUE.as_ref()
}

/// Resolves the code facts against the classified tables and stores the flows in the report.
pub fn finish(facts: CodeFacts, report: &mut ScanReport, dict: &Dictionary) {
    if facts.files.is_empty() {
        return;
    }
    let Some(catalogue) = catalogue() else {
        report.problems.push(Problem::error(
            ProblemCode::BuiltinDataInvalid,
            "src/reference/services.toml",
            None,
            "the built-in service catalogue is invalid: code flows are not reported",
        ));
        return;
    };
    let resolver = Resolver::new(&report.tables, dict);
    let mut flows = Flows::default();
    // Services called somewhere, as (vendor, category): a dependency on one of them adds
    // nothing (the EU ingest host of Sentry is the same vendor's service as the package).
    let called: BTreeSet<(String, String)> = facts
        .files
        .iter()
        .flat_map(|f| f.flows.iter())
        .filter(|f| f.keep != Keep::IfNoCall)
        .filter_map(|f| f.service.as_deref().and_then(|id| catalogue.by_id(id)))
        .map(|s| (s.vendor.clone(), format!("{:?}", s.category)))
        .collect();
    let is_called = |id: &str| {
        catalogue
            .by_id(id)
            .is_some_and(|s| called.contains(&(s.vendor.clone(), format!("{:?}", s.category))))
    };
    for file in &facts.files {
        for raw in &file.flows {
            match raw.keep {
                Keep::IfPersonal if !resolver.is_personal(&raw.data) => continue,
                Keep::IfNoCall if raw.service.as_deref().is_some_and(is_called) => continue,
                _ => {}
            }
            let service = raw.service.as_deref().and_then(|id| catalogue.by_id(id));
            let mut item = raw
                .item
                .clone()
                .unwrap_or_else(|| Evidence::new("flow.code").with("code", &raw.evidence));
            if service.is_none()
                && raw.kind.is_third_party()
                && !raw.target.starts_with("env.")
                && raw.kind != FlowKind::AiModel
            {
                item = Evidence::new("flow.unknown_host").with("evidence", item);
            }
            flows.push(Flow {
                kind: raw.kind,
                target: raw.target.clone(),
                service: service.map(ServiceRef::from_service),
                data: resolver.categories(&raw.data),
                source: format!("{}:{}", file.path, raw.line),
                evidence: english(&item),
                evidence_item: Some(item),
                route: raw.route.clone(),
                missing: false,
            });
        }
        for check in &file.checks {
            let target = match &check.scope {
                CheckScope::Global => "global".to_string(),
                CheckScope::Prefix(p) => format!("route {p}*"),
                CheckScope::Route(r) => format!("route {r}"),
            };
            flows.push(Flow {
                kind: FlowKind::AccessCheck,
                target,
                service: None,
                data: Vec::new(),
                source: format!("{}:{}", file.path, check.line),
                evidence: check.evidence.clone(),
                evidence_item: Some(Evidence::new("flow.code").with("code", &check.evidence)),
                route: None,
                missing: false,
            });
        }
    }
    // Routes checked by name in a set, prefixes in a list: a tool with thousands of routes
    // each checking its own caller stays linear.
    let (mut global, mut checked_routes, mut checked_prefixes) =
        (false, HashSet::new(), Vec::new());
    for check in facts.files.iter().flat_map(|f| f.checks.iter()) {
        match &check.scope {
            CheckScope::Global => global = true,
            CheckScope::Route(r) => {
                checked_routes.insert(r.as_str());
            }
            CheckScope::Prefix(p) => checked_prefixes.push(p.as_str()),
        }
    }
    for file in &facts.files {
        for route in &file.routes {
            let stored = route.served.0.iter().any(|r| {
                matches!(
                    r,
                    super::flows::DataRef::Column(..) | super::flows::DataRef::Table(_)
                )
            });
            let data = resolver.categories(&route.served);
            if !stored || data.is_empty() || global {
                continue;
            }
            let covered = checked_routes.contains(route.route.as_str())
                || checked_prefixes.iter().any(|p| route.route.starts_with(p));
            if covered {
                continue;
            }
            let method = route
                .method
                .as_deref()
                .map(|m| format!("{m} "))
                .unwrap_or_default();
            let item = Evidence::new("flow.unprotected_route")
                .with("method", method)
                .with("route", &route.route)
                .with("served", &route.evidence);
            flows.push(Flow {
                kind: FlowKind::AccessCheck,
                target: format!("route {}", route.route),
                service: None,
                data,
                source: format!("{}:{}", file.path, route.line),
                evidence: english(&item),
                evidence_item: Some(item),
                route: Some(route.route.clone()),
                missing: true,
            });
        }
    }
    report.flows = flows.list;
}

/// Flows with an index on (kind, target, source, missing), so merging stays linear.
#[derive(Default)]
struct Flows {
    list: Vec<Flow>,
    index: std::collections::HashMap<(FlowKind, String, String, bool), usize>,
}

impl Flows {
    /// Adds a flow, merging it into one of the same kind, target and place.
    fn push(&mut self, flow: Flow) {
        let key = (
            flow.kind,
            flow.target.clone(),
            flow.source.clone(),
            flow.missing,
        );
        if let Some(existing) = self.index.get(&key).and_then(|&i| self.list.get_mut(i)) {
            for c in flow.data {
                if !existing.data.contains(&c) {
                    existing.data.push(c);
                }
            }
            existing.data.sort();
            if existing.route.is_none() {
                existing.route = flow.route;
            }
            return;
        }
        self.index.insert(key, self.list.len());
        self.list.push(flow);
    }
}
