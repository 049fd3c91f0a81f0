//! Hosting facts: D1 and R2 bindings (and KV, Workers AI, the Worker itself) from
//! `wrangler.toml` / `wrangler.json` / `wrangler.jsonc`, with `jurisdiction` and location hints,
//! plus `wrangler d1 create … --location/--jurisdiction` and `wrangler r2 bucket create …`
//! found in `package.json`, shell scripts, Makefiles and CI files. These pre-fill the DPIA's
//! hosting and transfer questions.

use super::Sink;
use crate::scan::model::HostingFact;
use crate::scan::model::ProblemCode;
use regex::Regex;
use serde_json::Value;
use std::io::{BufRead, Read};
use std::sync::LazyLock;

/// A wrangler configuration is a hand-written file; anything larger is not one.
const MAX_CONFIG_BYTES: u64 = 16 << 20;

pub fn read_config(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = input.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes) {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        sink.error(
            ProblemCode::FileTooLarge,
            None,
            format!(
                "the configuration is over {} MiB: not read",
                MAX_CONFIG_BYTES >> 20
            ),
        );
        return;
    }
    let (text, _) = crate::scan::text::decode(&bytes);
    let config: Value = if sink.path.to_ascii_lowercase().ends_with(".toml") {
        match toml::from_str::<toml::Value>(&text) {
            Ok(v) => match serde_json::to_value(v) {
                Ok(v) => v,
                Err(e) => {
                    sink.error(
                        ProblemCode::TomlSyntax,
                        None,
                        format!("cannot convert wrangler.toml: {e}"),
                    );
                    return;
                }
            },
            Err(e) => {
                let line = e.span().map(|s| line_at(&text, s.start));
                sink.error(
                    ProblemCode::TomlSyntax,
                    line,
                    format!("invalid TOML: {}", e.message()),
                );
                return;
            }
        }
    } else {
        match serde_json::from_str(&strip_jsonc(&text)) {
            Ok(v) => v,
            Err(e) => {
                sink.error(
                    ProblemCode::JsonSyntax,
                    Some(e.line() as u64),
                    format!("invalid JSON: {e}"),
                );
                return;
            }
        }
    };
    let mut facts = Vec::new();
    collect_bindings(&config, &text, sink.path, &mut facts);
    if let Some(envs) = config.get("env").and_then(Value::as_object) {
        for env in envs.values() {
            collect_bindings(env, &text, sink.path, &mut facts);
        }
    }
    if facts.is_empty() {
        sink.warning(
            ProblemCode::WranglerNoBindings,
            None,
            "no D1, R2, KV or AI bindings found",
        );
    }
    for fact in facts {
        add_fact(sink, fact);
    }
}

fn line_at(text: &str, offset: usize) -> u64 {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) as u64 + 1
}

/// `path:line` of the first occurrence of `needle` (a binding or resource name).
fn source_of(text: &str, path: &str, needle: Option<&str>) -> String {
    match needle.and_then(|n| text.find(&format!("\"{n}\""))) {
        Some(offset) => format!("{path}:{}", line_at(text, offset)),
        None => path.to_string(),
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(String::from)
}

fn collect_bindings(config: &Value, text: &str, path: &str, out: &mut Vec<HostingFact>) {
    let list = |key: &str| -> Vec<Value> {
        config
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    // D1 databases and R2 buckets: a name, a jurisdiction fixed at creation, a location hint.
    for (key, component, name_key) in [
        ("d1_databases", "d1", "database_name"),
        ("r2_buckets", "r2", "bucket_name"),
    ] {
        for entry in list(key) {
            let name = str_field(&entry, name_key);
            out.push(HostingFact {
                component: component.into(),
                binding: str_field(&entry, "binding"),
                source: source_of(text, path, name.as_deref()),
                name,
                jurisdiction: str_field(&entry, "jurisdiction"),
                location_hint: str_field(&entry, "location_hint")
                    .or_else(|| str_field(&entry, "location")),
            });
        }
    }
    for kv in list("kv_namespaces") {
        let binding = str_field(&kv, "binding");
        out.push(HostingFact {
            component: "kv".into(),
            source: source_of(text, path, binding.as_deref()),
            binding,
            name: str_field(&kv, "id"),
            jurisdiction: None,
            location_hint: None,
        });
    }
    if let Some(ai) = config.get("ai") {
        let binding = str_field(ai, "binding");
        out.push(HostingFact {
            component: "ai".into(),
            source: source_of(text, path, binding.as_deref()),
            binding,
            name: Some("Workers AI".into()),
            jurisdiction: None,
            location_hint: None,
        });
    }
}

/// Adds a fact, merging it into an earlier one for the same resource (a config binding and a
/// `wrangler d1 create` script line describe the same database).
fn add_fact(sink: &mut Sink<'_>, fact: HostingFact) {
    let hosting = &mut sink.report.hosting;
    let same = hosting.iter_mut().find(|h| {
        h.component == fact.component
            && h.name.is_some()
            && h.name == fact.name
            && (h.binding.is_none() || fact.binding.is_none() || h.binding == fact.binding)
    });
    match same {
        Some(existing) => {
            if existing.jurisdiction.is_none() {
                existing.jurisdiction = fact.jurisdiction;
            }
            if existing.location_hint.is_none() {
                existing.location_hint = fact.location_hint;
            }
            if existing.binding.is_none() {
                existing.binding = fact.binding;
            }
            if !existing.source.split("; ").any(|s| s == fact.source) {
                existing.source = format!("{}; {}", existing.source, fact.source);
            }
        }
        None => hosting.push(fact),
    }
    sink.found_something = true;
}

static CREATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"wrangler\s+(d1|r2\s+bucket)\s+create\s+([A-Za-z0-9_.-]+)([^\n;&|]*)")
        .expect("valid regex")
});
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"--(location|jurisdiction)(?:\s+|=)([A-Za-z0-9_-]+)").expect("valid regex")
});

/// Searches scripts for `wrangler d1 create` and `wrangler r2 bucket create` commands.
pub fn read_script(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = input.take(16 << 20).read_to_end(&mut bytes) {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    let (text, _) = crate::scan::text::decode(&bytes);
    for (i, line) in text.lines().enumerate() {
        for cap in CREATE.captures_iter(line) {
            let component = if cap.get(1).is_some_and(|m| m.as_str() == "d1") {
                "d1"
            } else {
                "r2"
            };
            let mut fact = HostingFact {
                component: component.into(),
                binding: None,
                name: cap.get(2).map(|m| m.as_str().to_string()),
                jurisdiction: None,
                location_hint: None,
                source: format!("{}:{}", sink.path, i + 1),
            };
            for flag in FLAG.captures_iter(cap.get(3).map_or("", |m| m.as_str())) {
                let value = flag.get(2).map(|m| m.as_str().to_string());
                match flag.get(1).map(|m| m.as_str()) {
                    Some("location") => fact.location_hint = value,
                    _ => fact.jurisdiction = value,
                }
            }
            add_fact(sink, fact);
        }
    }
}

/// Turns JSONC into JSON: drops `//` and `/* */` comments and trailing commas, keeping
/// newlines so error lines still match the file.
pub fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            _ => out.push(c),
        }
    }
    remove_trailing_commas(&out)
}

fn remove_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ',' {
            let next = chars.iter().skip(i + 1).find(|n| !n.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_and_trailing_commas() {
        let text = "// head\n{ \"a\": \"x//y\", /* c */ \"b\": [1,2,],\n}";
        let v: Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(v["a"], "x//y");
        assert_eq!(v["b"].as_array().unwrap().len(), 2);
        assert_eq!(strip_jsonc(text).matches('\n').count(), 2);
    }

    #[test]
    fn script_flags() {
        let line =
            "\"db:create\": \"wrangler d1 create tool-db --location weur --jurisdiction eu\"";
        let cap = CREATE.captures(line).unwrap();
        assert_eq!(&cap[2], "tool-db");
        let flags: Vec<_> = FLAG
            .captures_iter(&cap[3])
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0], ("location".into(), "weur".into()));
    }
}
