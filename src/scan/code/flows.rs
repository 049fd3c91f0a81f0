//! Data flows read from a tool's source: the [`Flow`] type of the scan report, the local
//! data tracing's value ([`Taint`]: which personal data an expression may carry) and its
//! resolution against the data scan (D1 columns → categories), and the questions the
//! evaluation asks of the flows (personal data logged, routes serving personal data without
//! an access check, AI flows carrying personal data, tables never deleted from).

use crate::reference::services::{Catalogue, Service, ServiceCategory};
use crate::scan::detect::match_column;
use crate::scan::{Category, Dictionary, ScanReport, TableReport};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a flow does with data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    ExternalRequest,
    EmbeddedResource,
    AiModel,
    Email,
    Log,
    StorageWrite,
    StorageRead,
    StorageDelete,
    FileUpload,
    BrowserStorage,
    AccessCheck,
}

impl FlowKind {
    pub const ALL: [FlowKind; 11] = [
        FlowKind::ExternalRequest,
        FlowKind::EmbeddedResource,
        FlowKind::AiModel,
        FlowKind::Email,
        FlowKind::Log,
        FlowKind::StorageWrite,
        FlowKind::StorageRead,
        FlowKind::StorageDelete,
        FlowKind::FileUpload,
        FlowKind::BrowserStorage,
        FlowKind::AccessCheck,
    ];

    /// The stable string of the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::ExternalRequest => "external_request",
            FlowKind::EmbeddedResource => "embedded_resource",
            FlowKind::AiModel => "ai_model",
            FlowKind::Email => "email",
            FlowKind::Log => "log",
            FlowKind::StorageWrite => "storage_write",
            FlowKind::StorageRead => "storage_read",
            FlowKind::StorageDelete => "storage_delete",
            FlowKind::FileUpload => "file_upload",
            FlowKind::BrowserStorage => "browser_storage",
            FlowKind::AccessCheck => "access_check",
        }
    }

    pub fn parse(s: &str) -> Option<FlowKind> {
        FlowKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the flow sends data to (or loads from) someone outside the tool.
    pub fn is_third_party(self) -> bool {
        matches!(
            self,
            FlowKind::ExternalRequest
                | FlowKind::EmbeddedResource
                | FlowKind::AiModel
                | FlowKind::Email
        )
    }
}

/// The catalogue's facts about the service a flow reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRef {
    pub name: String,
    pub vendor: String,
    /// ISO code of the vendor's establishment, or `unknown`.
    pub country: String,
    /// `processor` or `independent_controller`.
    pub role: String,
    /// `yes`, `no`, `unknown` or `not_applicable` (the vendor's statement; check the DPF list).
    pub dpf: String,
}

impl ServiceRef {
    pub fn from_service(s: &Service) -> ServiceRef {
        ServiceRef {
            name: s.name.clone(),
            vendor: s.vendor.clone(),
            country: s.country.clone(),
            role: s.role.as_str().to_string(),
            dpf: s.dpf.as_str().to_string(),
        }
    }
}

/// One data flow found in the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub kind: FlowKind,
    /// Host, table, binding, `console`, `cookie`/`localStorage`/`sessionStorage`, or
    /// `route /path` / `global` for access checks.
    pub target: String,
    /// The catalogue's entry for a third party; `null` for an unknown host.
    pub service: Option<ServiceRef>,
    /// Personal-data categories that reach the flow, as far as the local tracing sees.
    pub data: Vec<Category>,
    /// `path:line`.
    pub source: String,
    /// In English (the words of `evidence_item`; a scan recorded before evidence was data
    /// has only this).
    pub evidence: String,
    /// The same as data, worded in any language by `scan::evidence_words::flow_evidence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_item: Option<crate::scan::evidence::Evidence>,
    /// The route whose handler contains the flow, when known (`/api/reports`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// For `access_check`: `true` when the check is missing (a route serving personal data
    /// with no check found).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
}

impl Flow {
    /// What names this flow in the DPO's review (`description.flows`): kind, target and
    /// place in the code, e.g. `ai_model AI at src/index.ts:24`.
    pub fn key(&self) -> String {
        format!("{} {} at {}", self.kind.as_str(), self.target, self.source)
    }

    /// The path part of `source`.
    pub fn path(&self) -> &str {
        self.source
            .rsplit_once(':')
            .map_or(self.source.as_str(), |(p, _)| p)
    }
}

/// Where a piece of data in the code comes from, before the data scan gives it categories.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataRef {
    /// An identifier or property name (`email`, `tenantName`), classified by the dictionary.
    Name(String),
    /// A column of a table (`SELECT email FROM tenants`).
    Column(String, String),
    /// Every column of a table (`SELECT *`).
    Table(String),
    /// A request body, form, query or upload whose fields are not known.
    RequestInput,
    /// A category known directly (an IP header, an embed's IP address).
    Category(Category),
}

/// The data an expression may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taint(pub BTreeSet<DataRef>);

impl Taint {
    pub fn of(r: DataRef) -> Taint {
        Taint(BTreeSet::from([r]))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn add(&mut self, other: &Taint) {
        if self.0.len() < 64 {
            self.0.extend(other.0.iter().cloned());
        }
    }
    pub fn with(mut self, other: &Taint) -> Taint {
        self.add(other);
        self
    }
    /// Whether the data includes user input or rows, whatever their fields.
    pub fn has_input_or_rows(&self) -> bool {
        self.0.iter().any(|r| {
            matches!(
                r,
                DataRef::RequestInput | DataRef::Table(_) | DataRef::Column(..)
            )
        })
    }
}

/// Resolves data references to categories, with the data scan's tables and the dictionary.
pub struct Resolver<'a> {
    tables: &'a [TableReport],
    dict: &'a Dictionary,
    names: std::cell::RefCell<BTreeMap<String, Vec<Category>>>,
}

impl<'a> Resolver<'a> {
    pub fn new(tables: &'a [TableReport], dict: &'a Dictionary) -> Self {
        Resolver {
            tables,
            dict,
            names: Default::default(),
        }
    }

    fn table(&self, name: &str) -> Option<&TableReport> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// Whether the data scan knows the table.
    pub fn knows_table(&self, name: &str) -> bool {
        self.table(name).is_some()
    }

    /// Categories of a column; `None` when the table or column is unknown to the scan.
    pub fn column(&self, table: &str, column: &str) -> Option<Vec<Category>> {
        let t = self.table(table)?;
        let c = t
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(column))?;
        Some(c.categories.clone())
    }

    /// Every category of a table's columns.
    pub fn table_categories(&self, table: &str) -> Vec<Category> {
        let mut out = BTreeSet::new();
        if let Some(t) = self.table(table) {
            for c in &t.columns {
                out.extend(c.categories.iter().copied());
            }
        }
        out.into_iter().collect()
    }

    /// Categories the dictionary gives an identifier (`tenantEmail` → email).
    pub fn name(&self, name: &str) -> Vec<Category> {
        if let Some(c) = self.names.borrow().get(name) {
            return c.clone();
        }
        if is_row_key(name) {
            self.names.borrow_mut().insert(name.to_string(), Vec::new());
            return Vec::new();
        }
        let mut cats: Vec<Category> = match_column(name, self.dict)
            .into_iter()
            .filter(|m| m.confidence >= 0.5)
            .map(|m| m.category)
            .collect();
        // A field named like a column the data scan classified carries its categories
        // (`body.beschreibung` → damage_reports.beschreibung).
        for t in self.tables {
            if let Some(c) = t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
                cats.extend(c.categories.iter().copied());
            }
        }
        cats.sort();
        cats.dedup();
        self.names
            .borrow_mut()
            .insert(name.to_string(), cats.clone());
        cats
    }

    /// The categories a taint carries.
    pub fn categories(&self, taint: &Taint) -> Vec<Category> {
        let mut out = BTreeSet::new();
        for r in &taint.0 {
            match r {
                DataRef::Name(n) => out.extend(self.name(n)),
                DataRef::Column(t, c) => match self.column(t, c) {
                    Some(cats) => out.extend(cats),
                    None => out.extend(self.name(c)),
                },
                DataRef::Table(t) => out.extend(self.table_categories(t)),
                DataRef::RequestInput => {}
                DataRef::Category(c) => {
                    out.insert(*c);
                }
            }
        }
        out.into_iter().collect()
    }

    /// Whether a taint carries personal data: categories, user input, or rows of a table the
    /// scan does not know (it cannot say they are not personal).
    pub fn is_personal(&self, taint: &Taint) -> bool {
        !self.categories(taint).is_empty()
            || taint.0.iter().any(|r| match r {
                DataRef::RequestInput => true,
                DataRef::Table(t) | DataRef::Column(t, _) => !self.knows_table(t),
                _ => false,
            })
    }
}

/// `userId`, `tenant_id`, `ids`: keys of rows, not identifiers of people online (those are
/// session, device, client or visitor ids).
fn is_row_key(name: &str) -> bool {
    let words = crate::scan::text::identifier_words(name);
    let Some(last) = words.last() else {
        return false;
    };
    (last == "id" || last == "ids")
        && !words.iter().any(|w| {
            matches!(
                w.as_str(),
                "session"
                    | "device"
                    | "client"
                    | "visitor"
                    | "tracking"
                    | "cookie"
                    | "anonymous"
                    | "advertising"
                    | "ad"
            )
        })
}

/// The flow kind a call to a service makes.
pub fn kind_for(service: Option<&Service>) -> FlowKind {
    match service.map(|s| s.category) {
        Some(ServiceCategory::Llm) => FlowKind::AiModel,
        Some(ServiceCategory::Email) => FlowKind::Email,
        _ => FlowKind::ExternalRequest,
    }
}

/// A host's service, if the catalogue knows it.
pub fn service_for_host<'c>(
    catalogue: &'c Catalogue,
    host: &str,
    path: &str,
) -> Option<&'c Service> {
    catalogue.by_host(host, path)
}

/// Flows writing personal data to logs (GDPR Art. 5(1)(c), 5(1)(f), 32: logs are kept
/// outside the retention and access rules of the data).
pub fn logged_personal_data(report: &ScanReport) -> Vec<&Flow> {
    report
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::Log)
        .collect()
}

/// Routes that serve personal data with no access check found (GDPR Art. 32(1)(b),
/// Art. 25(2)): the `access_check` flows marked `missing`.
pub fn unprotected_routes(report: &ScanReport) -> Vec<&Flow> {
    report
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::AccessCheck && f.missing)
        .collect()
}

/// AI-model flows that carry personal data: WP248 criterion 8 "innovative use or new
/// technological solutions" is suggested for them.
pub fn ai_flows_with_personal_data(report: &ScanReport) -> Vec<&Flow> {
    report
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::AiModel && !f.data.is_empty())
        .collect()
}

/// Third-party flows (requests, embeds, AI, e-mail), grouped by service name or host, in
/// order of first appearance.
pub fn third_parties(report: &ScanReport) -> Vec<(String, Vec<&Flow>)> {
    let mut groups: Vec<(String, Vec<&Flow>)> = Vec::new();
    for f in report.flows.iter().filter(|f| f.kind.is_third_party()) {
        let key = f
            .service
            .as_ref()
            .map_or_else(|| f.target.clone(), |s| s.name.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    groups
}

/// Tables holding personal data that the code writes or reads but never deletes from: a
/// retention hint (GDPR Art. 5(1)(e)). Empty when the tool has no code flows at all.
pub fn tables_without_delete(report: &ScanReport) -> Vec<String> {
    let storage: BTreeSet<String> = report
        .flows
        .iter()
        .filter(|f| matches!(f.kind, FlowKind::StorageWrite | FlowKind::StorageRead))
        .map(|f| f.target.to_lowercase())
        .collect();
    let deleted: BTreeSet<String> = report
        .flows
        .iter()
        .filter(|f| f.kind == FlowKind::StorageDelete)
        .map(|f| f.target.to_lowercase())
        .collect();
    report
        .tables
        .iter()
        .filter(|t| {
            storage.contains(&t.name.to_lowercase()) && !deleted.contains(&t.name.to_lowercase())
        })
        .filter(|t| t.columns.iter().any(|c| !c.categories.is_empty()))
        .map(|t| t.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(kind: FlowKind, target: &str, data: Vec<Category>) -> Flow {
        Flow {
            kind,
            target: target.into(),
            service: None,
            data,
            source: "src/index.ts:3".into(),
            evidence: String::new(),
            evidence_item: None,
            route: None,
            missing: false,
        }
    }

    #[test]
    fn questions_the_evaluation_asks() {
        let mut report = ScanReport::default();
        report
            .flows
            .push(flow(FlowKind::Log, "console", vec![Category::Email]));
        report.flows.push(flow(
            FlowKind::AiModel,
            "api.openai.com",
            vec![Category::FreeText],
        ));
        report.flows.push(flow(FlowKind::AiModel, "AI", vec![]));
        let mut missing = flow(
            FlowKind::AccessCheck,
            "route /api/tenants",
            vec![Category::Email],
        );
        missing.missing = true;
        report.flows.push(missing);
        report
            .flows
            .push(flow(FlowKind::AccessCheck, "global", vec![]));
        assert_eq!(logged_personal_data(&report).len(), 1);
        assert_eq!(
            ai_flows_with_personal_data(&report)[0].target,
            "api.openai.com"
        );
        assert_eq!(unprotected_routes(&report)[0].target, "route /api/tenants");
        assert_eq!(third_parties(&report).len(), 2);
        assert_eq!(report.flows[0].path(), "src/index.ts");
    }

    #[test]
    fn retention_hint_names_tables_never_deleted_from() {
        use crate::scan::{ColumnReport, TableReport};
        let table = |name: &str, personal: bool| TableReport {
            name: name.into(),
            sources: vec![],
            rows_sampled: 0,
            rows_seen: 0,
            columns: vec![ColumnReport {
                name: "c".into(),
                data_type: None,
                categories: if personal {
                    vec![Category::Email]
                } else {
                    vec![]
                },
                confidence: 0.9,
                evidence: vec![],
                evidence_items: Vec::new(),
                category_confidence: vec![],
                examples: vec![],
                values_sampled: 0,
                needs_review: false,
                raw_examples: None,
                declared_at: Vec::new(),
            }],
        };
        let mut report = ScanReport {
            tables: vec![
                table("tenants", true),
                table("visitors", true),
                table("settings", false),
            ],
            ..ScanReport::default()
        };
        report
            .flows
            .push(flow(FlowKind::StorageWrite, "tenants", vec![]));
        report
            .flows
            .push(flow(FlowKind::StorageWrite, "visitors", vec![]));
        report
            .flows
            .push(flow(FlowKind::StorageDelete, "visitors", vec![]));
        report
            .flows
            .push(flow(FlowKind::StorageRead, "settings", vec![]));
        assert_eq!(tables_without_delete(&report), ["tenants"]);
    }

    #[test]
    fn json_shape_is_stable() {
        let f = flow(FlowKind::StorageRead, "tenants", vec![Category::PersonName]);
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["kind"], "storage_read");
        assert_eq!(v["data"][0], "person_name");
        assert!(v.get("missing").is_none() && v.get("route").is_none());
        assert!(v["service"].is_null());
    }
}
