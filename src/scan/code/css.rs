//! Stylesheets (`.css` files and `<style>` blocks): `@import` and `url(...)` of third-party
//! hosts load fonts and images from them, which sends each visitor's IP address there.

use super::flows::{DataRef, FlowKind, Taint};
use super::js_values::{dest_of, Dest};
use super::{FileFacts, Keep, RawFlow};
use crate::scan::Category;

/// Adds an `embedded_resource` flow per third-party URL in the stylesheet.
pub fn analyse(text: &str, out: &mut FileFacts) {
    analyse_at(text, 0, out);
}

/// As [`analyse`], for a stylesheet starting after `line_offset` lines of its file.
pub fn analyse_at(text: &str, line_offset: u64, out: &mut FileFacts) {
    let Some(catalogue) = super::resolve::catalogue() else {
        return;
    };
    let stripped = strip_comments(text);
    for (offset, url) in urls(&stripped) {
        if let Dest::Host { host, path } = dest_of(&url) {
            let line = stripped
                .get(..offset)
                .map_or(0, |t| t.matches('\n').count()) as u64
                + 1
                + line_offset;
            out.flows.push(RawFlow {
                kind: FlowKind::EmbeddedResource,
                service: catalogue.by_host(&host, &path).map(|s| s.id.clone()),
                target: host,
                data: Taint::of(DataRef::Category(Category::IpAddress)),
                line,
                evidence: format!("stylesheet loads {url}"),
                item: Some(
                    crate::scan::evidence::Evidence::new("flow.stylesheet").with("url", &url),
                ),
                route: None,
                keep: Keep::Always,
            });
        }
    }
}

/// Replaces `/* … */` comments with spaces (newlines kept, so lines stay right).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 2..).unwrap_or("");
        let end = after.find("*/").map_or(after.len(), |e| e + 2);
        let comment = after.get(..end).unwrap_or("");
        out.extend(comment.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        out.push_str("  ");
        rest = after.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// `(offset, url)` of every `url(...)` and `@import "..."`.
fn urls(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let inner = text.get(i + 4..).unwrap_or("");
        let end = inner.find(')').unwrap_or(inner.len());
        let url = inner
            .get(..end)
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        found.push((i, url));
    }
    for (i, _) in lower.match_indices("@import") {
        let inner = text.get(i + 7..).unwrap_or("").trim_start();
        if let Some(q) = inner.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = inner.get(1..).unwrap_or("");
            let url = body.split(q).next().unwrap_or("").to_string();
            found.push((i, url));
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_and_urls_of_third_parties() {
        let css = "/* url(https://old.example.com/x.png) */\n@import url('https://fonts.googleapis.com/css2?family=Inter');\nbody { background: url(/img/bg.png); }\n@import \"https://cdn.jsdelivr.net/npm/x.css\";\n";
        let mut out = FileFacts::default();
        analyse(css, &mut out);
        let got: Vec<_> = out
            .flows
            .iter()
            .map(|f| (f.target.as_str(), f.line))
            .collect();
        assert_eq!(got, [("fonts.googleapis.com", 2), ("cdn.jsdelivr.net", 4)]);
        assert_eq!(out.flows[0].service.as_deref(), Some("google-fonts"));
    }
}
