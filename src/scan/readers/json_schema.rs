//! JSON Schema files (`*.schema.json`, or any `.json` with `$schema`): each property, nested
//! ones as dotted paths, becomes a column whose type carries the `format` keyword
//! (`string (format: email)`), a strong hint the detectors use. No sample values.

use super::{table_name_from_path, Sink};
use crate::scan::tables::ColumnSchema;
use serde_json::{Map, Value};
use std::io::BufRead;

/// Nesting depth (and `$ref` hops) followed before giving up.
const MAX_DEPTH: usize = 12;

pub fn read(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        sink.error(None, format!("cannot read: {e}"));
        return;
    }
    let (text, _) = crate::scan::text::decode(&bytes);
    let schema: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            sink.error(Some(e.line() as u64), format!("invalid JSON: {e}"));
            return;
        }
    };
    read_value(&schema, &text, sink);
}

/// Reads an already parsed schema (also used for `.json` files that turn out to be schemas).
pub fn read_value(schema: &Value, text: &str, sink: &mut Sink<'_>) {
    let Some(root) = schema.as_object() else {
        sink.error(Some(1), "a JSON Schema must be an object");
        return;
    };
    let table = root
        .get("title")
        .and_then(Value::as_str)
        .map(|t| t.trim().to_lowercase().replace(' ', "_"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| table_name_from_path(sink.path));
    let mut columns = Vec::new();
    let mut bad_properties = false;
    collect(root, root, "", 0, &mut columns, &mut bad_properties);
    if bad_properties {
        sink.error(
            line_of_bad_properties(text),
            "\"properties\" must be an object mapping names to schemas",
        );
    }
    if columns.is_empty() {
        if !bad_properties {
            sink.error(None, "the schema declares no properties");
        }
        return;
    }
    let path = sink.path.to_string();
    let t = sink.tables.table(&table, &path);
    for c in columns {
        t.declare_column(c);
    }
    sink.found_something = true;
}

fn collect(
    root: &Map<String, Value>,
    node: &Map<String, Value>,
    prefix: &str,
    depth: usize,
    out: &mut Vec<ColumnSchema>,
    bad: &mut bool,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let node = resolve(root, node, depth);
    if let Some(items) = node.get("items").and_then(Value::as_object) {
        collect(root, items, prefix, depth + 1, out, bad);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            for sub in list.iter().filter_map(Value::as_object) {
                collect(root, sub, prefix, depth + 1, out, bad);
            }
        }
    }
    let Some(properties) = node.get("properties") else {
        return;
    };
    let Some(properties) = properties.as_object() else {
        *bad = true;
        return;
    };
    for (name, prop) in properties {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let Some(prop) = prop.as_object() else {
            continue;
        };
        let prop = resolve(root, prop, depth);
        let nested = prop.contains_key("properties")
            || prop
                .get("items")
                .and_then(Value::as_object)
                .is_some_and(|i| resolve(root, i, depth).contains_key("properties"));
        if nested {
            collect(root, prop, &path, depth + 1, out, bad);
            continue;
        }
        out.push(ColumnSchema {
            name: path,
            data_type: Some(type_text(prop)),
            comment: prop
                .get("description")
                .and_then(Value::as_str)
                .map(String::from),
        });
    }
}

/// Follows a local `$ref` (`#/definitions/x`, `#/$defs/x`).
fn resolve<'a>(
    root: &'a Map<String, Value>,
    node: &'a Map<String, Value>,
    depth: usize,
) -> &'a Map<String, Value> {
    let mut current = node;
    for _ in depth..MAX_DEPTH {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            break;
        };
        let root_value: &Map<String, Value> = root;
        let target = pointer
            .split('/')
            .filter(|p| !p.is_empty())
            .try_fold(root_value, |m, key| m.get(key).and_then(Value::as_object));
        match target {
            Some(t) => current = t,
            None => break,
        }
    }
    current
}

fn type_text(prop: &Map<String, Value>) -> String {
    let ty = match prop.get("type") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join("|"),
        _ => "any".to_string(),
    };
    match prop.get("format").and_then(Value::as_str) {
        Some(format) => format!("{ty} (format: {format})"),
        None => ty,
    }
}

fn line_of_bad_properties(text: &str) -> Option<u64> {
    let mut offset = 0;
    while let Some(pos) = text.get(offset..).and_then(|t| t.find("\"properties\"")) {
        let at = offset + pos;
        let after = text.get(at + 12..).unwrap_or("");
        let value = after
            .trim_start()
            .strip_prefix(':')
            .unwrap_or("")
            .trim_start();
        if !value.starts_with('{') {
            let line = text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1;
            return Some(line as u64);
        }
        offset = at + 12;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_carry_formats() {
        let v: Value = serde_json::from_str(r#"{"type":"string","format":"email"}"#).unwrap();
        assert_eq!(type_text(v.as_object().unwrap()), "string (format: email)");
    }

    #[test]
    fn nested_and_referenced_properties_flatten() {
        let v: Value = serde_json::from_str(
            r##"{"properties":{"adresse":{"$ref":"#/$defs/a"},"tags":{"type":"array","items":{"type":"string"}}},
                "$defs":{"a":{"type":"object","properties":{"plz":{"type":"string"}}}}}"##,
        )
        .unwrap();
        let root = v.as_object().unwrap();
        let mut out = Vec::new();
        let mut bad = false;
        collect(root, root, "", 0, &mut out, &mut bad);
        let names: Vec<_> = out.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["adresse.plz", "tags"]);
        assert!(!bad);
    }

    #[test]
    fn bad_properties_line() {
        let text = "{\n  \"title\": \"x\",\n  \"properties\": \"oops\"\n}";
        assert_eq!(line_of_bad_properties(text), Some(3));
    }
}
