//! The evaluation's wording per language, from `templates/evaluation.{en,de}.toml` (embedded,
//! checked by a test to parse and to hold the same keys). Placeholders in braces are filled
//! from named arguments; an unknown key yields the key itself, never a panic.

use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    version: u32,
    text: BTreeMap<String, String>,
}

fn parse(text: &str) -> BTreeMap<String, String> {
    toml::from_str::<File>(text)
        .map(|f| f.text)
        .unwrap_or_default()
}

static EN: LazyLock<BTreeMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../templates/evaluation.en.toml")));
static DE: LazyLock<BTreeMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../templates/evaluation.de.toml")));

/// The text for `key` in `lang` (German for `de`, English otherwise), placeholders filled.
pub fn text(lang: &str, key: &str, args: &[(&str, &str)]) -> String {
    let table: &BTreeMap<String, String> = if lang == "de" { &DE } else { &EN };
    let Some(template) = table.get(key).or_else(|| EN.get(key)) else {
        return key.to_string();
    };
    let mut out = template.clone();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_parse_and_hold_the_same_keys() {
        assert!(EN.len() > 40, "templates/evaluation.en.toml does not parse");
        let en: Vec<_> = EN.keys().collect();
        let de: Vec<_> = DE.keys().collect();
        assert_eq!(en, de);
        for (key, en_text) in EN.iter() {
            let placeholders = |t: &str| {
                let mut p: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                p.sort();
                p
            };
            assert_eq!(placeholders(en_text), placeholders(&DE[key]), "{key}");
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            text("de", "transfer_eea", &[("location", "AT")]),
            "AT liegt im EWR: keine Übermittlung (Art. 44 DSGVO)"
        );
        assert_eq!(text("en", "no_such_key", &[]), "no_such_key");
    }
}
