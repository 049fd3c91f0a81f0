//! The canonical serialisation and the hashes that make the record tamper-evident.
//!
//! Canonical form: the value is converted to a `serde_json::Value` and written as JSON with
//! no whitespace, object keys sorted by their UTF-8 bytes at every depth, strings escaped as
//! serde_json escapes them (non-ASCII characters are written as UTF-8, not `\u` escapes),
//! numbers as serde_json prints them, `None` as `null` (fields are never skipped, except an
//! assessment's `predecessor` and `successor`, left out when empty). The key
//! order is enforced here rather than relying on serde_json's map type, so a dependency that
//! turns on serde_json's `preserve_order` feature cannot change a hash.
//!
//! Hashes are SHA-256 of those bytes, as 64 lowercase hex digits:
//! - a scan id covers the scan report (examples masked);
//! - a version id covers the stored version without its `id` field (so with `assessment`,
//!   `number`, `parent`, `status`, `author`, `created_at`, `content` and `signature`), like a
//!   git commit; the stored content names its scan by `scan_sha256`, so the id covers the scan
//!   too (schema 1 versions held the scan itself in `content.scan`);
//! - an event hash covers the event without its `hash` field (so with `prev`, chaining the log);
//! - an assessment id covers `{created_at, created_by, nonce, title, tool_fingerprint,
//!   tool_path}` (and `predecessor`, for a successor started by `dpia revise`), so the same
//!   inputs always give the same id.

use super::model::Event;
use crate::digest::sha256_hex;
use serde::Serialize;
use serde_json::Value;

/// The canonical JSON text of `value` (see the module doc).
pub(crate) fn to_canonical<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let mut out = String::new();
    write_value(&mut out, &value)?;
    Ok(out)
}

fn write_value(out: &mut String, value: &Value) -> Result<(), serde_json::Error> {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            out.push_str(&serde_json::to_string(value)?);
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key)?);
                out.push(':');
                write_value(out, item)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Hash of `value`'s canonical form with the top-level field `skip` removed.
fn hash_without<T: Serialize>(value: &T, skip: &str) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(value)?;
    if let Value::Object(map) = &mut value {
        map.remove(skip);
    }
    Ok(sha256_hex(to_canonical(&value)?.as_bytes()))
}

/// The id a stored version (of either schema) must have: the hash of everything but its `id`.
pub(crate) fn version_hash<V: Serialize>(version: &V) -> Result<String, serde_json::Error> {
    hash_without(version, "id")
}

/// The hash `event` must have: the hash of everything but its `hash`.
pub(crate) fn event_hash(event: &Event) -> Result<String, serde_json::Error> {
    hash_without(event, "hash")
}

/// The identity fields an assessment id is computed from.
#[derive(Serialize)]
pub(crate) struct Identity<'a> {
    pub title: &'a str,
    pub tool_path: &'a str,
    pub tool_fingerprint: &'a str,
    pub nonce: &'a str,
    pub created_at: &'a str,
    pub created_by: &'a str,
    /// The assessment a successor revises; left out when there is none, so the ids of
    /// assessments that revise nothing are what they always were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<&'a str>,
}

/// The assessment id for these identity fields.
pub(crate) fn assessment_id(identity: &Identity<'_>) -> Result<String, serde_json::Error> {
    Ok(sha256_hex(to_canonical(identity)?.as_bytes()))
}

/// Checks that `pem` holds exactly one X.509 certificate as a PEM `CERTIFICATE` block.
/// Returns what is wrong, if anything.
pub(crate) fn check_certificate_pem(pem: &str) -> Result<(), String> {
    let certs = x509_cert::Certificate::load_pem_chain(pem.trim().as_bytes())
        .map_err(|e| format!("not a PEM X.509 certificate ({e})"))?;
    match certs.len() {
        1 => Ok(()),
        0 => Err("no certificate".into()),
        n => Err(format!("{n} certificates where one is expected")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_sorts_keys_at_every_depth_without_whitespace() {
        let v = serde_json::json!({"b": 1, "a": {"z": [1, {"y": null, "x": "é\n"}], "c": 1.5}});
        assert_eq!(
            to_canonical(&v).unwrap(),
            r#"{"a":{"c":1.5,"z":[1,{"x":"é\n","y":null}]},"b":1}"#
        );
    }

    #[test]
    fn certificate_pem_is_checked() {
        let ok = include_str!("../../tests/fixtures/signing/dpo-cert.pem");
        assert!(check_certificate_pem(ok).is_ok());
        let truncated = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
        assert!(check_certificate_pem(truncated).is_err());
        assert!(check_certificate_pem(&format!("{ok}{ok}")).is_err());
        assert!(check_certificate_pem("hello").is_err());
        let bad = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert!(check_certificate_pem(bad).is_err());
    }
}
