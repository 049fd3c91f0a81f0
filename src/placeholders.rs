//! The `{name}` and `{name|kind}` placeholders of the wording templates (the evaluation's
//! findings, the scanner's evidence): one reader of the syntax for both. What a name stands
//! for and how a kind shows it is the caller's; a name the caller does not know stays in the
//! text as written, so a wording mistake shows rather than vanishes.

/// `template` with each placeholder replaced by `value(name, kind)` (`kind` is empty for a
/// plain `{name}`), or kept as written when that gives `None`.
pub fn fill(template: &str, mut value: impl FnMut(&str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let spec = &after[..close];
        let (name, kind) = spec.split_once('|').unwrap_or((spec, ""));
        match value(name, kind) {
            Some(text) => out.push_str(&text),
            None => {
                out.push('{');
                out.push_str(spec);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_kinds_unknown_names_and_an_open_brace() {
        let value = |name: &str, kind: &str| match name {
            "n" => Some(format!("3{kind}")),
            _ => None,
        };
        assert_eq!(fill("{n} of {n|pct}", value), "3 of 3pct");
        assert_eq!(fill("{who} saw {n}", value), "{who} saw 3");
        assert_eq!(fill("a { b", value), "a { b");
        assert_eq!(fill("no placeholders", value), "no placeholders");
    }
}
