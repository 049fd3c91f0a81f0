//! JSON values as the scanner keeps them: a `serde_json::Value` whose strings (and object
//! keys) are cut to [`MAX_VALUE_BYTES`] while parsing. serde_json hands every string over
//! whole, so a single 200 MB string still passes through its buffer once, but it is never
//! copied into the value, flattened, sampled or decoded again at full size.

use crate::scan::text::{truncate_value, MAX_VALUE_BYTES};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Deserialises a [`Value`] with cut strings; use with `deserialize` or as an element seed.
#[derive(Debug, Clone, Copy)]
pub struct CappedValue;

/// Parses a whole JSON text into a capped [`Value`].
pub fn from_str(text: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = CappedValue.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

fn cut(mut s: String) -> String {
    if s.len() > MAX_VALUE_BYTES {
        let keep = truncate_value(&s).len();
        s.truncate(keep);
        s.shrink_to_fit();
    }
    s
}

impl<'de> DeserializeSeed<'de> for CappedValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// An object key, cut like a string.
struct CappedKey;

impl<'de> DeserializeSeed<'de> for CappedKey {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for CappedKey {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(truncate_value(s).to_string())
    }
    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(cut(s))
    }
}

impl<'de> Visitor<'de> for CappedValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(truncate_value(s).to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(cut(s)))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        CappedValue.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(CappedValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(CappedKey)? {
            let value = map.next_value_seed(CappedValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_cut_everything_else_kept() {
        let long = "é".repeat(MAX_VALUE_BYTES);
        let text =
            format!(r#"{{"a":[1,-2,2.5,true,null,"x"],"{long}":"{long}","n":{{"m":"\u00e9"}}}}"#);
        let v = from_str(&text).unwrap();
        assert_eq!(v["a"], serde_json::json!([1, -2, 2.5, true, null, "x"]));
        assert_eq!(v["n"]["m"], "é");
        let (key, value) = v
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.starts_with('é'))
            .unwrap();
        assert_eq!(key.len(), MAX_VALUE_BYTES);
        assert_eq!(value.as_str().unwrap().len(), MAX_VALUE_BYTES);
    }

    #[test]
    fn errors_and_trailing_text_are_reported() {
        assert!(from_str("{\"a\": }").is_err());
        assert!(from_str("{} x").is_err());
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(
            from_str(&deep).is_err(),
            "serde_json's recursion limit holds"
        );
    }
}
