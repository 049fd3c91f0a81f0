//! JSON arrays of objects (streamed element by element, so any size reads in constant
//! memory), objects holding such arrays, and single objects; `ndjson` reads JSON Lines with
//! the same flattening. Nested objects flatten to dotted paths (`address.street`); string
//! values that hold JSON objects are parsed and flattened the same way.

use super::json_lines::{LineCounting, LineMarks};
use super::json_value::CappedValue;
use super::{table_name_from_path, Sink};
use crate::scan::model::ProblemCode;
use crate::scan::table_model::MAX_COLUMNS;
use crate::scan::text::truncate_value;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::rc::Rc;

/// Nesting depth beyond which values are kept as JSON text.
const MAX_DEPTH: usize = 16;

/// Paths one flattened value may produce: a table takes at most `MAX_COLUMNS` columns, one
/// more lets it notice (and report) that there were too many.
const MAX_PATHS: usize = MAX_COLUMNS + 1;

/// Flattens a JSON value into (dotted path, text) pairs. Arrays contribute their elements
/// under the same path (first value wins). Strings holding JSON are expanded later, by
/// [`Sink::push_row`], for every format alike. Strings are cut to
/// [`MAX_VALUE_BYTES`](crate::scan::text::MAX_VALUE_BYTES) for detection.
pub fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Option<String>)>) {
    let mut flat = Flattened {
        index: out
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.clone(), i))
            .collect(),
        out,
    };
    flat.add(prefix, value, 0);
}

/// Pairs found so far, with an index by path so repeated paths cost one lookup.
struct Flattened<'a> {
    out: &'a mut Vec<(String, Option<String>)>,
    index: HashMap<String, usize>,
}

impl Flattened<'_> {
    fn put(&mut self, path: &str, text: Option<String>) {
        match self.index.get(path) {
            None if self.out.len() < MAX_PATHS => {
                self.index.insert(path.to_string(), self.out.len());
                self.out.push((path.to_string(), text));
            }
            None => {}
            Some(&i) => {
                if let Some(slot) = self.out.get_mut(i).filter(|(_, v)| v.is_none()) {
                    slot.1 = text;
                }
            }
        }
    }

    fn add(&mut self, prefix: &str, value: &Value, depth: usize) {
        match value {
            Value::Null => self.put(prefix, None),
            Value::Bool(b) => self.put(prefix, Some(b.to_string())),
            Value::Number(n) => self.put(prefix, Some(n.to_string())),
            Value::String(s) => self.put(prefix, Some(truncate_value(s).to_string())),
            Value::Array(items) => {
                if depth >= MAX_DEPTH {
                    self.put(prefix, Some(truncated_json(value)));
                    return;
                }
                if items.is_empty() {
                    self.put(prefix, None);
                }
                for item in items.iter().take(50) {
                    self.add(prefix, item, depth + 1);
                }
            }
            Value::Object(map) => {
                if depth >= MAX_DEPTH {
                    self.put(prefix, Some(truncated_json(value)));
                    return;
                }
                for (key, v) in map {
                    if self.out.len() >= MAX_PATHS {
                        return;
                    }
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    self.add(&path, v, depth + 1);
                }
            }
        }
    }
}

/// A deeply nested value kept as JSON text, cut for detection.
fn truncated_json(value: &Value) -> String {
    let text = value.to_string();
    truncate_value(&text).to_string()
}

/// Pushes one JSON object as a row of `table`; a field no source placed yet is declared at
/// `line`, where the record starts (when known).
pub(super) fn push_object(table: &str, value: &Value, line: Option<u64>, sink: &mut Sink<'_>) {
    let mut pairs = Vec::new();
    flatten("", value, &mut pairs);
    let (names, values): (Vec<String>, Vec<Option<String>>) = pairs.into_iter().unzip();
    let indices = match line {
        Some(line) => sink.columns_first_seen_at(table, &names, line),
        None => sink.columns(table, &names),
    };
    let values: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
    sink.push_row(table, &indices, &values);
}

/// Reads a JSON document: an array of objects (each a row), an object holding one or more
/// arrays of objects (each array a table named by its key), or a single object (one row).
pub fn read_json(input: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let table = table_name_from_path(sink.path);
    let mut peek = [0u8; 1];
    let mut newlines = 0u64;
    let first = loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) => {
                sink.error(ProblemCode::ReadFailed, None, format!("cannot read: {e}"));
                return;
            }
        };
        match buf
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        {
            Some(i) => {
                peek[0] = buf[i];
                newlines += memchr::memchr_iter(b'\n', &buf[..i]).count() as u64;
                input.consume(i);
                break Some(peek[0]);
            }
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                newlines += memchr::memchr_iter(b'\n', buf).count() as u64;
                input.consume(n);
            }
        }
    };
    match first {
        None => sink.error(ProblemCode::EmptyInput, None, "empty file: no JSON value"),
        Some(b'[') => {
            let marks = LineMarks::starting_at(newlines + 1);
            let mut de = serde_json::Deserializer::from_reader(LineCounting {
                inner: input,
                marks: marks.clone(),
            });
            let seed = ArraySeed {
                table: &table,
                sink,
                marks,
                non_objects: 0,
                rows: 0,
            };
            match seed.deserialize(&mut de) {
                Ok((rows, non_objects)) => {
                    if non_objects > 0 && rows == 0 {
                        sink.error(ProblemCode::JsonNotObjects,
                            Some(1),
                            format!("the JSON array holds {non_objects} values but no objects: nothing to scan"),
                        );
                    } else if non_objects > 0 {
                        sink.warning(
                            ProblemCode::JsonNotObjects,
                            None,
                            format!(
                                "{non_objects} array elements are not objects and were skipped"
                            ),
                        );
                    }
                    if let Err(e) = de.end() {
                        sink.error(
                            ProblemCode::JsonSyntax,
                            Some(e.line() as u64),
                            format!("invalid JSON after the array: {e}"),
                        );
                    }
                }
                Err(e) => sink.error(
                    ProblemCode::JsonSyntax,
                    Some(e.line() as u64),
                    format!("invalid JSON: {e}"),
                ),
            }
        }
        Some(_) => {
            let mut de = serde_json::Deserializer::from_reader(input);
            let value = match CappedValue
                .deserialize(&mut de)
                .and_then(|v| de.end().map(|()| v))
            {
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
            let Value::Object(map) = &value else {
                sink.error(
                    ProblemCode::JsonNotObjects,
                    Some(1),
                    "the JSON document is not an object or an array of objects",
                );
                return;
            };
            // A JSON Schema saved as plain `.json`.
            if map.contains_key("$schema")
                && (map.contains_key("properties") || map.contains_key("$defs"))
            {
                super::json_schema::read_value(&value, "", sink);
                return;
            }
            let mut found_array = false;
            for (key, v) in map {
                if let Value::Array(items) = v {
                    if items.iter().any(Value::is_object) {
                        found_array = true;
                        for item in items.iter().filter(|i| i.is_object()) {
                            push_object(key, item, None, sink);
                        }
                    }
                }
            }
            if !found_array {
                push_object(&table, &value, None, sink);
            }
        }
    }
}

/// Streams the elements of a top-level array into rows.
struct ArraySeed<'s, 'a> {
    table: &'s str,
    sink: &'s mut Sink<'a>,
    /// Lines read, for the line each record starts on.
    marks: Rc<LineMarks>,
    non_objects: u64,
    rows: u64,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = (u64, u64);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = (u64, u64);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
        self.marks.mark();
        while let Some(value) = seq.next_element_seed(CappedValue)? {
            let line = self.marks.record_line();
            self.marks.mark();
            if value.is_object() {
                push_object(self.table, &value, line, self.sink);
                self.rows += 1;
            } else {
                self.non_objects += 1;
            }
        }
        Ok((self.rows, self.non_objects))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_objects_and_json_strings() {
        let v: Value = serde_json::from_str(
            r#"{"user":{"login":"x","ip":"1.2.3.4"},"tags":["a","b"],"meta":"{\"ip\":\"5.6.7.8\"}","n":null}"#,
        )
        .unwrap();
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        let get = |k: &str| out.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        assert_eq!(get("user.login"), Some(Some("x".into())));
        assert_eq!(get("user.ip"), Some(Some("1.2.3.4".into())));
        assert_eq!(get("tags"), Some(Some("a".into())));
        assert_eq!(get("n"), Some(None));
    }
}
