//! JSON Schema files (`*.schema.json`, or any `.json` with `$schema`): each property, nested
//! ones as dotted paths, becomes a column whose type carries the `format` keyword
//! (`string (format: email)`), a strong hint the detectors use. No sample values.

use super::{table_name_from_path, Sink};
use crate::scan::model::ProblemCode;
use crate::scan::table_model::ColumnSchema;
use serde_json::{Map, Value};
use std::io::{BufRead, Read};

/// Nesting depth (and `$ref` hops in one chain) followed before giving up.
const MAX_DEPTH: usize = 12;
/// Columns one schema may expand to: `$ref`s can multiply a small file into billions of
/// paths (6 properties that each refer back to the root, 12 levels deep, give 6^12).
const MAX_COLUMNS: usize = 10_000;
/// Schema objects visited while expanding, columns or not (the same bomb without leaves).
const MAX_NODES: usize = 100_000;
/// A schema is a document written by hand or a generator, never this large.
const MAX_BYTES: u64 = 16 << 20;

pub fn read(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut bytes = Vec::new();
    if let Err(e) = Read::take(input, MAX_BYTES + 1).read_to_end(&mut bytes) {
        sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
        return;
    }
    if bytes.len() as u64 > MAX_BYTES {
        sink.error(
            ProblemCode::FileTooLarge,
            None,
            format!("the JSON Schema is over {} MiB: not read", MAX_BYTES >> 20),
        );
        return;
    }
    let (text, _) = crate::scan::text::decode(&bytes);
    let schema: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            sink.error(
                ProblemCode::JsonSyntax,
                Some(e.line() as u64),
                format!("invalid JSON: {e}"),
            );
            return;
        }
    };
    read_value(&schema, &text, sink);
}

/// Reads an already parsed schema (also used for `.json` files that turn out to be schemas).
pub fn read_value(schema: &Value, text: &str, sink: &mut Sink<'_>) {
    let Some(root) = schema.as_object() else {
        sink.error(
            ProblemCode::JsonSchemaShape,
            Some(1),
            "a JSON Schema must be an object",
        );
        return;
    };
    let table = root
        .get("title")
        .and_then(Value::as_str)
        .map(|t| t.trim().to_lowercase().replace(' ', "_"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| table_name_from_path(sink.path));
    let mut expansion = Expansion::new(root);
    expansion.collect(root, "", 0);
    if expansion.bad_properties {
        sink.error(
            ProblemCode::JsonSchemaShape,
            line_of_bad_properties(text),
            "\"properties\" must be an object mapping names to schemas",
        );
    }
    if expansion.exhausted() {
        sink.error(ProblemCode::JsonSchemaTooLarge,
            None,
            format!(
                "the schema expands to more than {MAX_COLUMNS} columns or {MAX_NODES} schema objects (through $ref): expansion stopped, the first {} columns are kept",
                expansion.columns.len()
            ),
        );
    }
    if expansion.recursive_refs > 0 {
        sink.warning(ProblemCode::JsonSchemaRecursiveRef,
            None,
            format!(
                "{} recursive $ref(s) (a reference to a schema already being expanded) not expanded again",
                expansion.recursive_refs
            ),
        );
    }
    let columns = expansion.columns;
    if columns.is_empty() {
        if !expansion.bad_properties {
            sink.error(
                ProblemCode::EmptyInput,
                None,
                "the schema declares no properties",
            );
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

/// The walk over a schema: properties become columns; `$ref`s are followed once per path
/// (a reference already being expanded is skipped), and the whole walk has a budget.
struct Expansion<'a> {
    root: &'a Map<String, Value>,
    columns: Vec<ColumnSchema>,
    bad_properties: bool,
    /// `$ref`s being expanded, outermost first.
    on_path: Vec<&'a str>,
    recursive_refs: u64,
    nodes: usize,
}

impl<'a> Expansion<'a> {
    fn new(root: &'a Map<String, Value>) -> Self {
        Expansion {
            root,
            columns: Vec::new(),
            bad_properties: false,
            on_path: Vec::new(),
            recursive_refs: 0,
            nodes: 0,
        }
    }

    fn exhausted(&self) -> bool {
        self.columns.len() >= MAX_COLUMNS || self.nodes >= MAX_NODES
    }

    /// Follows `node`'s local `$ref` chain (`#`, `#/definitions/x`, `#/$defs/x`), pushing each
    /// reference on the path. `None` (nothing pushed) when the chain reaches a reference
    /// already on the path: a recursive schema, expanded once already.
    fn enter(&mut self, node: &'a Map<String, Value>) -> Option<(&'a Map<String, Value>, usize)> {
        let mut current = node;
        let mut pushed = 0;
        while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
            if pushed >= MAX_DEPTH {
                break;
            }
            let Some(pointer) = reference.strip_prefix('#') else {
                break;
            };
            if self.on_path.contains(&reference) {
                self.recursive_refs += 1;
                self.leave(pushed);
                return None;
            }
            let target = pointer
                .split('/')
                .filter(|p| !p.is_empty())
                .try_fold(self.root, |m, key| m.get(key).and_then(Value::as_object));
            let Some(target) = target else {
                break;
            };
            self.on_path.push(reference);
            pushed += 1;
            current = target;
        }
        Some((current, pushed))
    }

    fn leave(&mut self, pushed: usize) {
        let keep = self.on_path.len().saturating_sub(pushed);
        self.on_path.truncate(keep);
    }

    fn collect(&mut self, node: &'a Map<String, Value>, prefix: &str, depth: usize) {
        if let Some((node, pushed)) = self.enter(node) {
            self.collect_resolved(node, prefix, depth);
            self.leave(pushed);
        }
    }

    fn collect_resolved(&mut self, node: &'a Map<String, Value>, prefix: &str, depth: usize) {
        if depth > MAX_DEPTH || self.exhausted() {
            return;
        }
        self.nodes += 1;
        if let Some(items) = node.get("items").and_then(Value::as_object) {
            self.collect(items, prefix, depth + 1);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = node.get(key).and_then(Value::as_array) {
                for sub in list.iter().filter_map(Value::as_object) {
                    self.collect(sub, prefix, depth + 1);
                }
            }
        }
        let Some(properties) = node.get("properties") else {
            return;
        };
        let Some(properties) = properties.as_object() else {
            self.bad_properties = true;
            return;
        };
        for (name, prop) in properties {
            if self.exhausted() {
                return;
            }
            let Some(prop) = prop.as_object() else {
                continue;
            };
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            let Some((prop, pushed)) = self.enter(prop) else {
                // A reference back to a schema being expanded: one column says so.
                self.nodes += 1;
                self.columns.push(ColumnSchema {
                    name: path,
                    data_type: Some("object (recursive $ref)".to_string()),
                    ..ColumnSchema::default()
                });
                continue;
            };
            if self.is_nested(prop) {
                self.collect_resolved(prop, &path, depth + 1);
            } else {
                self.nodes += 1;
                self.columns.push(ColumnSchema {
                    name: path,
                    data_type: Some(type_text(prop)),
                    comment: prop
                        .get("description")
                        .and_then(Value::as_str)
                        .map(String::from),
                    declared_at: Vec::new(),
                });
            }
            self.leave(pushed);
        }
    }

    /// Whether a (resolved) property holds properties itself, directly or in its items.
    fn is_nested(&mut self, prop: &'a Map<String, Value>) -> bool {
        if prop.contains_key("properties") {
            return true;
        }
        let Some(items) = prop.get("items").and_then(Value::as_object) else {
            return false;
        };
        let before = self.recursive_refs;
        let nested = match self.enter(items) {
            Some((items, pushed)) => {
                self.leave(pushed);
                items.contains_key("properties")
            }
            None => false,
        };
        // Only a peek: the walk counts the recursion when it gets there.
        self.recursive_refs = before;
        nested
    }
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
        let mut e = Expansion::new(root);
        e.collect(root, "", 0);
        let names: Vec<_> = e.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["adresse.plz", "tags"]);
        assert!(!e.bad_properties);
    }

    fn expand(schema: &str) -> Expansion<'static> {
        let v: &'static Value = Box::leak(Box::new(serde_json::from_str(schema).unwrap()));
        let root = v.as_object().unwrap();
        let mut e = Expansion::new(root);
        e.collect(root, "", 0);
        e
    }

    #[test]
    fn a_self_reference_is_expanded_once() {
        // The red team's 161-byte bomb: six properties that each refer to the root.
        let props: Vec<String> = (0..6)
            .map(|i| format!(r##""p{i}":{{"$ref":"#"}}"##))
            .collect();
        let e = expand(&format!(
            r#"{{"type":"object","properties":{{{}}}}}"#,
            props.join(",")
        ));
        assert_eq!(
            e.columns.len(),
            36,
            "p0.p0 … p5.p5, each marking the recursion"
        );
        assert_eq!(e.columns[0].name, "p0.p0");
        assert_eq!(
            e.columns[0].data_type.as_deref(),
            Some("object (recursive $ref)")
        );
        assert_eq!(e.recursive_refs, 36);
        assert!(!e.exhausted());
        // The $defs variant: eight properties referring to their own definition.
        let props: Vec<String> = (0..8)
            .map(|i| format!(r##""p{i}":{{"$ref":"#/$defs/n"}}"##))
            .collect();
        let e = expand(&format!(
            r##"{{"$ref":"#/$defs/n","$defs":{{"n":{{"type":"object","properties":{{{}}}}}}}}}"##,
            props.join(",")
        ));
        assert_eq!(e.columns.len(), 8);
        assert_eq!(e.recursive_refs, 8);
        // A recursive tree lists its fields once; the recursion itself is one column.
        let e = expand(
            r##"{"properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}"##,
        );
        let names: Vec<_> = e.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["children.children", "children.name", "name"]);
    }

    #[test]
    fn a_wide_acyclic_reference_tree_stops_at_the_budget() {
        // a0 refers 6 times to a1, a1 to a2 …: 6^11 leaves without a single cycle.
        let mut defs = Vec::new();
        for level in 0..11 {
            let props: Vec<String> = (0..6)
                .map(|i| format!(r##""p{i}":{{"$ref":"#/$defs/a{}"}}"##, level + 1))
                .collect();
            defs.push(format!(
                r#""a{level}":{{"properties":{{{}}}}}"#,
                props.join(",")
            ));
        }
        defs.push(r#""a11":{"properties":{"email":{"type":"string"}}}"#.into());
        let e = expand(&format!(
            r##"{{"properties":{{"root":{{"$ref":"#/$defs/a0"}}}},"$defs":{{{}}}}}"##,
            defs.join(",")
        ));
        assert!(e.exhausted());
        assert_eq!(e.columns.len(), MAX_COLUMNS);
    }

    #[test]
    fn bad_properties_line() {
        let text = "{\n  \"title\": \"x\",\n  \"properties\": \"oops\"\n}";
        assert_eq!(line_of_bad_properties(text), Some(3));
    }
}
