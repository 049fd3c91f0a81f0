//! HTML pages, read with html5ever's tokenizer (the WHATWG tokenizer, so `<script>` and
//! `<style>` contents, entities and broken markup are handled as browsers do): third-party
//! scripts, stylesheets, fonts, images and iframes the page loads (`<a href>` links are not
//! loads), and the inline scripts and styles, analysed as browser JS and CSS.

use super::flows::{DataRef, FlowKind, Taint};
use super::js_expr::loads_resource;
use super::js_values::{dest_of, Dest};
use super::{FileFacts, Keep, Lang, RawFlow};
use crate::scan::model::Problem;
use crate::scan::Category;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// A tag of interest: name, attributes, line.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    line: u64,
}

#[derive(Default)]
struct Collected {
    tags: Vec<Tag>,
    /// Inline script or style text, its first line, whether it is a script.
    blocks: Vec<(String, u64, bool)>,
    open: Option<(String, u64, bool)>,
}

struct Sink(RefCell<Collected>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut c = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == TagKind::EndTag {
                    if let Some(block) = c.open.take() {
                        c.blocks.push(block);
                    }
                    return TokenSinkResult::Continue;
                }
                let attrs: Vec<(String, String)> = tag
                    .attrs
                    .iter()
                    .map(|a| {
                        (
                            a.name.local.to_string().to_ascii_lowercase(),
                            a.value.to_string(),
                        )
                    })
                    .collect();
                let is_script = name == "script";
                let inline_js = is_script
                    && !attrs.iter().any(|(k, _)| k == "src")
                    && attrs
                        .iter()
                        .find(|(k, _)| k == "type")
                        .is_none_or(|(_, v)| {
                            let v = v.to_ascii_lowercase();
                            v.is_empty() || v == "module" || v.contains("javascript")
                        });
                c.tags.push(Tag {
                    name: name.clone(),
                    attrs,
                    line,
                });
                if tag.self_closing {
                    return TokenSinkResult::Continue;
                }
                if is_script {
                    if inline_js {
                        c.open = Some((String::new(), line, true));
                    }
                    return TokenSinkResult::RawData(RawKind::ScriptData);
                }
                if name == "style" {
                    c.open = Some((String::new(), line, false));
                    return TokenSinkResult::RawData(RawKind::Rawtext);
                }
            }
            Token::CharacterTokens(text) => {
                if let Some((buf, _, _)) = c.open.as_mut() {
                    buf.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads a page: its loads, then its inline scripts and styles.
pub fn analyse(path: &str, text: &str, out: &mut FileFacts, problems: &mut Vec<Problem>) {
    let Some(catalogue) = super::resolve::catalogue() else {
        return;
    };
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Collected::default())),
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(text));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let collected = tokenizer.sink.0.into_inner();
    for tag in &collected.tags {
        let rel = tag
            .attrs
            .iter()
            .find(|(k, _)| k == "rel")
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default();
        if loads_resource(&tag.name, &rel) {
            for (k, v) in &tag.attrs {
                if !matches!(k.as_str(), "src" | "href" | "data" | "poster") {
                    continue;
                }
                if let Dest::Host { host, path } = dest_of(v) {
                    out.flows.push(RawFlow {
                        kind: FlowKind::EmbeddedResource,
                        service: catalogue.by_host(&host, &path).map(|s| s.id.clone()),
                        target: host,
                        data: Taint::of(DataRef::Category(Category::IpAddress)),
                        line: tag.line,
                        evidence: format!("<{} {k}=\"{}\">", tag.name, shorten(v)),
                        item: None,
                        route: None,
                        keep: Keep::Always,
                    });
                }
            }
        }
        if let Some((_, style)) = tag.attrs.iter().find(|(k, _)| k == "style") {
            super::css::analyse_at(style, tag.line.saturating_sub(1), out);
        }
    }
    for (code, line, is_script) in &collected.blocks {
        // The block starts on the line of its tag; its text starts right after the tag.
        let offset = line.saturating_sub(1);
        if *is_script {
            super::js::analyse(path, code, Lang::Js, true, offset, out, problems);
        } else {
            super::css::analyse_at(code, offset, out);
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 90 {
        s.chars().take(87).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_not_links_and_inline_code() {
        let page = "<!doctype html>\n<html><head>\n<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\">\n<link rel=\"canonical\" href=\"https://tool.example.org/\">\n<script src=\"/app.js\"></script>\n<style>\n@import url('https://fonts.googleapis.com/css2?family=Inter');\n</style>\n</head><body>\n<a href=\"https://www.openai.com\">OpenAI</a>\n<!-- <script src=\"https://cdn.example.net/old.js\"></script> -->\n<script>\nfetch('https://api.mixpanel.com/track', { method: 'POST' });\n</script>\n</body></html>\n";
        let mut out = FileFacts::default();
        let mut problems = Vec::new();
        analyse("public/index.html", page, &mut out, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<_> = out
            .flows
            .iter()
            .map(|f| (f.target.as_str(), f.line))
            .collect();
        assert_eq!(
            got,
            [
                ("fonts.gstatic.com", 3),
                ("fonts.googleapis.com", 7),
                ("api.mixpanel.com", 13)
            ]
        );
    }
}
