//! Every word the terminal UI shows, as data: `strings.toml` holds one line per key with one
//! entry per language (`"app.help" = { en = "help", de = "Hilfe", fr = "aide" }`), like
//! gitui's `strings.rs` but as a table, so a language of [`Lang`] is one more column and one
//! more name in `languages`. Checked when loaded (exactly the languages dpia speaks, every key
//! in every language, with the file and line of a gap) and by a test that every key the code
//! uses exists.
//!
//! [`t`] gives a text, [`tf`] fills `{name}` placeholders. The language is the library's
//! [`Lang`]: the table's `languages` must be exactly the languages dpia speaks, so `L` never
//! reaches a language without words.

pub use dpia::lang::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

const FILE: (&str, &str) = ("src/tui/strings.toml", include_str!("strings.toml"));

/// The loaded table.
#[derive(Debug)]
pub struct Strings {
    languages: Vec<String>,
    texts: HashMap<String, Vec<String>>,
}

impl Strings {
    /// Parses and checks a strings file: `languages`, then one inline table per key with a
    /// text for every language.
    pub fn parse(file: &str, text: &str) -> Result<Strings, String> {
        let line_of = |key: &str| {
            let quoted = format!("\"{key}\"");
            text.lines()
                .position(|l| l.trim_start().starts_with(&quoted))
                .map_or(0, |i| i + 1)
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1
            });
            format!("{file}:{line}: {}", e.message())
        })?;
        let languages: Vec<String> = table
            .get("languages")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect()
            })
            .filter(|l: &Vec<String>| !l.is_empty())
            .ok_or_else(|| format!("{file}: `languages = [\"en\", …]` is missing"))?;
        let spoken: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        if languages != spoken {
            return Err(format!(
                "{file}:{}: languages must be {spoken:?}, the languages dpia speaks ({})",
                line_of_languages(text),
                Lang::list()
            ));
        }
        let mut texts = HashMap::new();
        for (key, value) in &table {
            if key == "languages" {
                continue;
            }
            let entry = value.as_table().ok_or_else(|| {
                format!(
                    "{file}:{}: {key}: expected {{ en = \"…\", … }}",
                    line_of(key)
                )
            })?;
            let mut row = Vec::with_capacity(languages.len());
            for lang in &languages {
                let text = entry.get(lang).and_then(|v| v.as_str()).ok_or_else(|| {
                    format!("{file}:{}: {key}: no text in '{lang}'", line_of(key))
                })?;
                row.push(text.to_string());
            }
            if let Some(extra) = entry.keys().find(|k| !languages.contains(k)) {
                return Err(format!(
                    "{file}:{}: {key}: '{extra}' is not in languages",
                    line_of(key)
                ));
            }
            texts.insert(key.clone(), row);
        }
        Ok(Strings { languages, texts })
    }

    fn get(&self, lang: Lang, key: &str) -> Option<&str> {
        let row = self.texts.get(key)?;
        let column = self.languages.iter().position(|l| l == lang.code());
        column
            .and_then(|i| row.get(i))
            .or_else(|| row.first())
            .map(String::as_str)
    }

    /// Whether `key` is in the table.
    #[cfg(test)]
    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }
}

/// The line of `languages = …` (1 when there is none).
fn line_of_languages(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with("languages"))
        .map_or(1, |i| i + 1)
}

/// The embedded table, loaded once; an invalid table is an error the UI reports at start.
pub fn strings() -> Result<&'static Strings, &'static str> {
    static STRINGS: OnceLock<Result<Strings, String>> = OnceLock::new();
    STRINGS
        .get_or_init(|| Strings::parse(FILE.0, FILE.1))
        .as_ref()
        .map_err(String::as_str)
}

/// The text of `key` in `lang`; the key itself when the table lacks it (a test prevents that).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    strings().ok().and_then(|s| s.get(lang, key)).unwrap_or(key)
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn tf(lang: Lang, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut text = t(lang, key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_and_has_every_language() {
        let s = strings().expect("strings.toml");
        assert!(s.has("app.help"));
        assert_eq!(t(Lang::De, "app.help"), "Hilfe");
        assert_eq!(t(Lang::Fr, "app.help"), "aide");
        assert_eq!(
            tf(Lang::En, "status.imported", &[("file", &"a.toml")]),
            "answers imported from a.toml · u undoes"
        );
    }

    #[test]
    fn french_strings_keep_french_typography() {
        let s = strings().expect("strings.toml");
        for key in s.texts.keys() {
            let text = s.get(Lang::Fr, key).unwrap_or_default();
            if let Some(at) = dpia::lang::french_spacing_fault(text) {
                panic!("src/tui/strings.toml: {key}: a breakable space in {at:?}");
            }
        }
    }

    #[test]
    fn gaps_are_reported_with_file_and_line() {
        const LANGS: &str = "languages = [\"en\", \"de\", \"fr\"]\n";
        let e = Strings::parse(
            "x.toml",
            &format!("{LANGS}\"a\" = {{ en = \"A\", de = \"B\" }}\n"),
        )
        .unwrap_err();
        assert_eq!(e, "x.toml:2: a: no text in 'fr'");
        let e = Strings::parse(
            "x.toml",
            &format!("{LANGS}\"a\" = {{ en = \"A\", de = \"B\", fr = \"C\", it = \"D\" }}\n"),
        )
        .unwrap_err();
        assert!(e.contains("'it' is not in languages"), "{e}");
        // A table without a column for a language dpia speaks is refused as a whole.
        let e = Strings::parse("x.toml", "languages = [\"en\", \"de\"]\n").unwrap_err();
        assert!(e.starts_with("x.toml:1: languages must be"), "{e}");
        let s = Strings::parse(
            "x.toml",
            &format!("{LANGS}\"a\" = {{ en = \"help\", de = \"Hilfe\", fr = \"aide\" }}\n"),
        )
        .unwrap();
        assert_eq!(s.get(Lang::Fr, "a"), Some("aide"));
    }

    /// Every key the UI's code names (`t(lang, "…")`, `tf(lang, "…", …)`, the key tables) is
    /// in the table, so no screen shows a raw key.
    #[test]
    fn every_key_the_code_uses_exists() {
        let s = strings().expect("strings.toml");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
        let call =
            regex::Regex::new(r#"\b(?:tf?)\(\s*[a-z_.]+,\s*"([A-Za-z0-9_.\-]+)""#).expect("regex");
        let entry = regex::Regex::new(r#"what:\s*"([A-Za-z0-9_.\-]+)""#).expect("regex");
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("dir").flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                for c in call.captures_iter(&text).chain(entry.captures_iter(&text)) {
                    seen += 1;
                    if !s.has(&c[1]) {
                        missing.push(format!("{}: {}", path.display(), &c[1]));
                    }
                }
            }
        }
        assert!(seen > 100, "the pattern finds the keys ({seen})");
        assert!(
            missing.is_empty(),
            "keys not in strings.toml:\n{}",
            missing.join("\n")
        );
    }
}
