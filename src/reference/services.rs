//! The service catalogue (`services.toml`): which third-party service a host, an npm package
//! or a Worker binding belongs to, with its vendor, role, country, EU data-residency options
//! and Data Privacy Framework status. The code-flow scan names the recipients of personal data
//! with it; the questionnaire pre-fills processors and transfers from it. Validated at load
//! with `file:line` in every problem, like the other reference tables.

use crate::location::{line_at as line_of, FileProblem};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

const SERVICES: (&str, &str) = ("src/reference/services.toml", include_str!("services.toml"));

/// What kind of service it is; decides the flow kind of a call to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    Llm,
    Email,
    Chat,
    Monitoring,
    Analytics,
    Fonts,
    Cdn,
    Maps,
    Payments,
    Storage,
    Forms,
    Identity,
    Video,
}

/// The vendor's part in the processing, as its contract usually has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Processes on the controller's behalf under a DPA (GDPR Art. 28).
    Processor,
    /// Decides on the data itself (a recipient, GDPR Art. 4(9), not a processor).
    IndependentController,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Processor => "processor",
            Role::IndependentController => "independent_controller",
        }
    }
}

/// The vendor's status under the EU-US Data Privacy Framework, as its documents state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DpfStatus {
    Yes,
    No,
    Unknown,
    NotApplicable,
}

impl DpfStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DpfStatus::Yes => "yes",
            DpfStatus::No => "no",
            DpfStatus::Unknown => "unknown",
            DpfStatus::NotApplicable => "not_applicable",
        }
    }
}

/// One service of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub category: ServiceCategory,
    pub role: Role,
    /// ISO 3166-1 alpha-2 code of the vendor's establishment, or `unknown`.
    pub country: String,
    pub eu_residency: String,
    pub dpf: DpfStatus,
    #[serde(default)]
    pub dpf_as_of: Option<String>,
    /// DPA, sub-processor or privacy page: the source of the entry.
    pub dpa: String,
    pub hosts: Vec<String>,
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub env_keywords: Vec<String>,
    #[serde(default)]
    pub bindings: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    as_of: String,
    source: String,
    service: Vec<Service>,
}

/// The loaded catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub services: Vec<Service>,
    /// "services.toml as of …", for reports.
    pub as_of: String,
    /// (pattern, service index), most specific pattern first.
    hosts: Vec<(HostPattern, usize)>,
    /// Positions in `hosts` by a pattern's last two labels when both are exact
    /// (`openai.com`), in order; lookups of a host look only there and in `loose`.
    by_domain: HashMap<String, Vec<usize>>,
    /// Positions in `hosts` of patterns whose last two labels hold a glob, in order.
    loose: Vec<usize>,
}

/// A catalogue that does not load: every problem found, each with file and line.
#[derive(Debug, thiserror::Error)]
#[error("invalid service catalogue: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct CatalogueError {
    pub problems: Vec<FileProblem>,
}

/// `host[/path]` with per-label globs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HostPattern {
    /// `*.example.com`: any subdomain depth of `labels`.
    any_subdomain: bool,
    labels: Vec<String>,
    path: String,
}

impl HostPattern {
    fn parse(text: &str) -> Result<HostPattern, String> {
        let (host, path) = match text.split_once('/') {
            Some((h, p)) => (h, format!("/{p}")),
            None => (text, String::new()),
        };
        if host.is_empty() || host.contains("://") || host.contains(':') {
            return Err(format!(
                "host pattern '{text}' must be a bare host such as api.example.com"
            ));
        }
        if host != host.to_ascii_lowercase() {
            return Err(format!("host pattern '{text}' must be lower case"));
        }
        let (any_subdomain, rest) = match host.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, host),
        };
        let labels: Vec<String> = rest.split('.').map(str::to_string).collect();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return Err(format!("host pattern '{text}' needs at least two labels"));
        }
        if labels.iter().any(|l| {
            l.contains('*') && !(l == "*" || (l.starts_with('*') && l.matches('*').count() == 1))
        }) {
            return Err(format!(
                "host pattern '{text}': '*' may only stand for a whole label or start one"
            ));
        }
        Ok(HostPattern {
            any_subdomain,
            labels,
            path,
        })
    }

    /// The last two labels (`openai.com`) when both are exact: a host can only match if it
    /// ends with them.
    fn domain(&self) -> Option<String> {
        match self.labels.as_slice() {
            [.., a, b] if !a.contains('*') && !b.contains('*') => Some(format!("{a}.{b}")),
            _ => None,
        }
    }

    /// Higher is more specific: exact labels count most, then the path.
    fn specificity(&self) -> usize {
        let exact = self.labels.iter().filter(|l| !l.contains('*')).count();
        exact * 1000 + self.path.len() * 2 + usize::from(!self.any_subdomain)
    }

    /// Whether a host, given as its labels (`["api", "openai", "com"]`), and a path match.
    fn matches(&self, host_labels: &[&str], path: &str) -> bool {
        if !path.starts_with(&self.path) {
            return false;
        }
        let n = self.labels.len();
        if self.any_subdomain {
            if host_labels.len() <= n {
                return false;
            }
        } else if host_labels.len() != n {
            return false;
        }
        let tail = &host_labels[host_labels.len() - n..];
        self.labels
            .iter()
            .zip(tail)
            .all(|(p, h)| label_matches(p, h))
    }
}

fn label_matches(pattern: &str, label: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some("") => !label.is_empty(),
        Some(suffix) => label.len() > suffix.len() && label.ends_with(suffix),
        None => pattern == label,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl Catalogue {
    /// The embedded catalogue.
    pub fn builtin() -> Result<Catalogue, CatalogueError> {
        Catalogue::load(SERVICES.0, SERVICES.1)
    }

    /// Loads and validates a catalogue file, returning every problem with its line.
    pub fn load(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let problem = |line: Option<u64>, message: String| FileProblem {
            file: file.to_string(),
            line,
            message,
        };
        let parsed: ServicesFile = toml::from_str(text).map_err(|e| CatalogueError {
            problems: vec![problem(
                e.span().map(|s| line_of(text, s.start)),
                e.message().to_string(),
            )],
        })?;
        // Each `[[service]]` header, in order, gives the entries' lines.
        let lines: Vec<u64> = text
            .match_indices("[[service]]")
            .map(|(i, _)| line_of(text, i))
            .collect();
        let mut problems = Vec::new();
        if !is_date(&parsed.as_of) {
            problems.push(problem(
                Some(1),
                format!("as_of '{}' is not YYYY-MM-DD", parsed.as_of),
            ));
        }
        let mut seen_ids: BTreeMap<&str, u64> = BTreeMap::new();
        let mut seen_hosts: BTreeMap<&str, &str> = BTreeMap::new();
        let mut hosts = Vec::new();
        for (i, s) in parsed.service.iter().enumerate() {
            let line = lines.get(i).copied();
            let mut bad = |message: String| {
                problems.push(problem(line, format!("service '{}': {message}", s.id)))
            };
            if let Some(first) = seen_ids.insert(&s.id, line.unwrap_or(0)) {
                bad(format!("duplicate id (first at line {first})"));
            }
            if s.id.is_empty() || s.name.is_empty() || s.vendor.is_empty() {
                bad("id, name and vendor must not be empty".to_string());
            }
            let country_ok = s.country == super::UNKNOWN
                || (s.country.len() == 2 && s.country.bytes().all(|b| b.is_ascii_uppercase()));
            if !country_ok {
                bad(format!(
                    "country '{}' is not an ISO 3166-1 alpha-2 code or 'unknown'",
                    s.country
                ));
            }
            match (s.dpf, &s.dpf_as_of) {
                (DpfStatus::Yes | DpfStatus::No, None) => {
                    bad("dpf yes/no needs dpf_as_of (the date of the statement)".to_string())
                }
                (_, Some(d)) if !is_date(d) => bad(format!("dpf_as_of '{d}' is not YYYY-MM-DD")),
                _ => {}
            }
            if s.dpf == DpfStatus::NotApplicable && s.country == "US" {
                bad("a US vendor's DPF status cannot be not_applicable".to_string());
            }
            if !s.dpa.starts_with("https://") {
                bad(format!("dpa '{}' must be an https:// address", s.dpa));
            }
            if s.hosts.is_empty() && s.bindings.is_empty() {
                bad("needs at least one host or binding".to_string());
            }
            for h in &s.hosts {
                match HostPattern::parse(h) {
                    Ok(p) => hosts.push((p, i)),
                    Err(m) => bad(m),
                }
                if let Some(other) = seen_hosts.insert(h.as_str(), s.id.as_str()) {
                    bad(format!("host '{h}' is also listed for '{other}'"));
                }
            }
            for p in &s.packages {
                if p.is_empty() || p.contains(' ') || (p.contains('*') && !p.ends_with("/*")) {
                    bad(format!("package '{p}' is not an npm name or scope/*"));
                }
            }
        }
        if !problems.is_empty() {
            return Err(CatalogueError { problems });
        }
        hosts.sort_by_key(|(p, _)| std::cmp::Reverse(p.specificity()));
        let mut by_domain: HashMap<String, Vec<usize>> = HashMap::new();
        let mut loose = Vec::new();
        for (position, (pattern, _)) in hosts.iter().enumerate() {
            match pattern.domain() {
                Some(domain) => by_domain.entry(domain).or_default().push(position),
                None => loose.push(position),
            }
        }
        Ok(Catalogue {
            as_of: format!("services.toml as of {} ({})", parsed.as_of, parsed.source),
            services: parsed.service,
            hosts,
            by_domain,
            loose,
        })
    }

    /// The service a host (lower case, no port) and path belong to.
    pub fn by_host(&self, host: &str, path: &str) -> Option<&Service> {
        let host = host.trim_end_matches('.');
        // Split once: this runs for every URL of every scanned file, over every pattern.
        let labels: Vec<&str> = host.split('.').collect();
        // Only the patterns of the host's domain and the globbed ones can match; merged in
        // their order in `hosts`, so the most specific pattern still wins.
        let domain = match labels.as_slice() {
            [.., a, b] => Some(format!("{a}.{b}")),
            _ => None,
        };
        let exact: &[usize] = domain
            .and_then(|d| self.by_domain.get(&d))
            .map_or(&[], Vec::as_slice);
        let (mut e, mut l) = (exact.iter().peekable(), self.loose.iter().peekable());
        loop {
            let next = match (e.peek(), l.peek()) {
                (Some(&&x), Some(&&y)) if x < y => e.next(),
                (Some(_), Some(_)) => l.next(),
                (Some(_), None) => e.next(),
                (None, Some(_)) => l.next(),
                (None, None) => return None,
            };
            let (pattern, service) = next.and_then(|&i| self.hosts.get(i))?;
            if pattern.matches(&labels, path) {
                return self.services.get(*service);
            }
        }
    }

    /// The service an npm package belongs to.
    pub fn by_package(&self, package: &str) -> Option<&Service> {
        self.services.iter().find(|s| {
            s.packages.iter().any(|p| match p.strip_suffix("/*") {
                Some(scope) => package
                    .strip_prefix(scope)
                    .is_some_and(|r| r.starts_with('/')),
                None => p == package,
            })
        })
    }

    /// The service a Worker binding kind (`ai`) belongs to.
    pub fn by_binding(&self, kind: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.bindings.iter().any(|b| b == kind))
    }

    /// The service whose keyword appears in a secret's name (`SLACK_WEBHOOK_URL`).
    pub fn by_env_name(&self, name: &str) -> Option<&Service> {
        let upper = name.to_ascii_uppercase();
        self.services
            .iter()
            .find(|s| s.env_keywords.iter().any(|k| upper.contains(k.as_str())))
    }

    pub fn by_id(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed lookup answers as a scan of every pattern in order would, for a host made
    /// from every pattern (globs filled in, with and without a subdomain) and unknown hosts.
    #[test]
    fn indexed_lookup_equals_the_scan_of_every_pattern() {
        let c = Catalogue::builtin().unwrap();
        let linear = |host: &str, path: &str| {
            let labels: Vec<&str> = host.split('.').collect();
            c.hosts
                .iter()
                .find(|(p, _)| p.matches(&labels, path))
                .and_then(|(_, i)| c.services.get(*i))
        };
        let mut probes = vec![
            ("unknown.example.net".to_string(), "/".to_string()),
            ("localhost".to_string(), "/".to_string()),
            ("com".to_string(), "/".to_string()),
        ];
        for (p, _) in &c.hosts {
            let labels: Vec<String> = p
                .labels
                .iter()
                .map(|l| match l.strip_prefix('*') {
                    Some(rest) => format!("eu{rest}"),
                    None => l.clone(),
                })
                .collect();
            let host = labels.join(".");
            probes.push((host.clone(), format!("{}/v1", p.path)));
            probes.push((format!("sub.{host}"), format!("{}/v1", p.path)));
            probes.push((host, "/".to_string()));
        }
        assert!(probes.len() > 150);
        for (host, path) in &probes {
            assert_eq!(
                c.by_host(host, path).map(|s| &s.id),
                linear(host, path).map(|s| &s.id),
                "{host}{path}"
            );
        }
    }

    #[test]
    fn builtin_loads_with_enough_services() {
        let c = Catalogue::builtin().unwrap();
        assert!(c.services.len() >= 60, "{}", c.services.len());
        for cat in [
            ServiceCategory::Llm,
            ServiceCategory::Email,
            ServiceCategory::Chat,
            ServiceCategory::Fonts,
            ServiceCategory::Identity,
        ] {
            assert!(c.services.iter().any(|s| s.category == cat), "{cat:?}");
        }
    }

    #[test]
    fn hosts_match_most_specific_first() {
        let c = Catalogue::builtin().unwrap();
        let id = |h: &str, p: &str| c.by_host(h, p).map(|s| s.id.as_str());
        assert_eq!(id("api.openai.com", "/v1/chat"), Some("openai"));
        assert_eq!(id("o123.ingest.de.sentry.io", "/api/1/"), Some("sentry-eu"));
        assert_eq!(id("o123.ingest.sentry.io", "/"), Some("sentry"));
        assert_eq!(
            id("europe-west4-aiplatform.googleapis.com", "/"),
            Some("google-vertex")
        );
        assert_eq!(id("sheets.googleapis.com", "/v4"), Some("google-sheets"));
        assert_eq!(id("storage.googleapis.com", "/"), Some("google-apis"));
        assert_eq!(
            id("bedrock-runtime.eu-central-1.amazonaws.com", "/"),
            Some("aws-bedrock")
        );
        assert_eq!(id("discord.com", "/api/webhooks/1/x"), Some("discord"));
        assert_eq!(id("discord.com", "/invite"), None);
        assert_eq!(id("openai.com", "/"), None);
        assert_eq!(id("evil-api.openai.com.example.org", "/"), None);
    }

    #[test]
    fn packages_and_scopes() {
        let c = Catalogue::builtin().unwrap();
        assert_eq!(
            c.by_package("@sentry/cloudflare").map(|s| s.id.as_str()),
            Some("sentry")
        );
        assert_eq!(
            c.by_package("@anthropic-ai/sdk").map(|s| s.id.as_str()),
            Some("anthropic")
        );
        assert!(c.by_package("@sentryx/foo").is_none());
        assert!(c.by_package("hono").is_none());
        assert_eq!(
            c.by_env_name("SLACK_WEBHOOK_URL").map(|s| s.id.as_str()),
            Some("slack")
        );
        assert_eq!(
            c.by_binding("ai").map(|s| s.id.as_str()),
            Some("workers-ai")
        );
    }

    #[test]
    fn invalid_entries_are_reported_with_their_line() {
        let text = "as_of = \"2026-12-05\"\nsource = \"x\"\n\n[[service]]\nid = \"a\"\nname = \"A\"\nvendor = \"A\"\ncategory = \"llm\"\nrole = \"processor\"\ncountry = \"usa\"\neu_residency = \"none\"\ndpf = \"yes\"\ndpa = \"http://a\"\nhosts = [\"https://a.example.com\"]\n";
        let err = Catalogue::load("services.toml", text).unwrap_err();
        let all: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert!(
            all.iter()
                .all(|p| p.starts_with("services.toml:4: service 'a'")),
            "{all:?}"
        );
        assert_eq!(all.len(), 4, "{all:?}");
        let err = Catalogue::load("services.toml", "as_of = 1\n").unwrap_err();
        assert_eq!(err.problems[0].line, Some(1), "{err}");
        let bad_role = text.replace("\"processor\"", "\"friend\"");
        let err = Catalogue::load("services.toml", &bad_role).unwrap_err();
        assert_eq!(err.problems[0].line, Some(9), "{err}");
    }
}
