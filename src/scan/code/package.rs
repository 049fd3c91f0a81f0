//! `package.json` dependencies on third-party SDKs (`openai`, `@anthropic-ai/sdk`,
//! `@sentry/*`, `resend`, `@sendgrid/mail`, `postmark`, `stripe`...): a flow to the service
//! when no call of it was found in the scanned source (the SDK may be used by code the scan
//! could not read).

use super::flows::{kind_for, Taint};
use super::{FileFacts, Keep, RawFlow};
use crate::reference::services::Catalogue;
use serde_json::Value;

/// Adds one raw flow per dependency the catalogue knows.
pub fn analyse(text: &str, catalogue: &Catalogue, out: &mut FileFacts) {
    let Ok(json) = serde_json::from_str::<Value>(text) else {
        return;
    };
    for section in [
        "dependencies",
        "devDependencies",
        "optionalDependencies",
        "peerDependencies",
    ] {
        let Some(deps) = json.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, version) in deps {
            let Some(service) = catalogue.by_package(name) else {
                continue;
            };
            let line = text.find(&format!("\"{name}\"")).map_or(1, |i| {
                text.get(..i).map_or(0, |t| t.matches('\n').count()) as u64 + 1
            });
            let target = service
                .hosts
                .iter()
                .find(|h| !h.contains('*') && !h.contains('/'))
                .cloned()
                .unwrap_or_else(|| service.name.clone());
            out.flows.push(RawFlow {
                kind: kind_for(Some(service)),
                target,
                service: Some(service.id.clone()),
                data: Taint::default(),
                line,
                evidence: format!(
                    "{section} \"{name}\": {version}; no call of it was found in the scanned source"
                ),
                item: Some(
                    crate::scan::evidence::Evidence::new("flow.package_unused")
                        .with("section", section)
                        .with("name", name)
                        .with("version", version.to_string()),
                ),
                route: None,
                keep: Keep::IfNoCall,
            });
        }
    }
    out.flows.sort_by_key(|f| f.line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sdks_become_flows() {
        let c = Catalogue::builtin().unwrap();
        let mut out = FileFacts::default();
        analyse(
            "{\n  \"dependencies\": {\n    \"hono\": \"^4\",\n    \"openai\": \"^4.0.0\",\n    \"@sentry/cloudflare\": \"^8\"\n  }\n}",
            &c,
            &mut out,
        );
        let ids: Vec<_> = out
            .flows
            .iter()
            .map(|f| (f.service.clone().unwrap(), f.line))
            .collect();
        assert_eq!(ids, [("openai".to_string(), 4), ("sentry".to_string(), 5)]);
        assert_eq!(out.flows[0].kind, crate::scan::code::FlowKind::AiModel);
    }
}
