//! Text as other tools store it, and as dpia keeps it. The CNIL PIA tool stores answers as
//! the HTML its editor (TinyMCE) writes (`<p>`, `<strong>`, lists, `&nbsp;`); dpia keeps
//! plain text. [`html_to_text`] reads that HTML with html5ever's tokenizer (the WHATWG
//! tokenizer, so entities, broken markup and `<script>` contents are handled as browsers do)
//! and lays it out as plain text: paragraphs separated by a blank line, `<br>` as a line
//! break, list items as `- ` or `1. ` lines indented by nesting, links followed by their
//! address, images by their alt text. [`text_to_html`] writes the simple HTML back.
//!
//! The two are made for a round trip: for every text in the [`canonical`] form,
//! `html_to_text(&text_to_html(t)) == t` (runs of spaces and indentation survive as
//! `&nbsp;`). A hand-written layout on the tokenizer, not a converter crate, because the
//! text form must be one we can write back exactly: converters wrap lines to a width,
//! decorate emphasis and footnote links, and their output does not survive the way back.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Whether `s` looks like HTML (a tag or an entity), rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'<' => b
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!'),
        b'&' => {
            let rest = &b[i + 1..];
            let name = rest
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                .count();
            name > 0 && rest.get(name) == Some(&b';')
        }
        _ => false,
    })
}

/// Plain text in the form dpia keeps: `\n` line ends, no-break spaces and tabs as spaces, no
/// trailing spaces on a line, at most one blank line in a row, none at either end.
pub fn canonical(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c == '\u{a0}' || c == '\t' { ' ' } else { c })
            .collect();
        let line = line.trim_end().to_string();
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

/// A field's text as dpia keeps it: HTML laid out as text, plain text as it is, both
/// [`canonical`].
pub fn field_text(s: &str) -> String {
    if looks_like_html(s) {
        html_to_text(s)
    } else {
        canonical(s)
    }
}

/// The simple HTML the CNIL tool's editor writes for `text`: a `<p>` per paragraph, `<br />`
/// between lines, `&nbsp;` where spaces would otherwise collapse. Empty for empty text.
pub fn text_to_html(text: &str) -> String {
    let text = canonical(text);
    let mut out = String::new();
    for paragraph in text.split("\n\n").filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (n, line) in paragraph.lines().enumerate() {
            if n > 0 {
                out.push_str("<br />");
            }
            let mut after_space = true;
            for c in line.chars() {
                match c {
                    ' ' if after_space => out.push_str("&nbsp;"),
                    ' ' => {
                        out.push(' ');
                        after_space = true;
                        continue;
                    }
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    c => out.push(c),
                }
                after_space = false;
            }
        }
        out.push_str("</p>");
    }
    out
}

/// Block elements: their start and end end the current line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// Blocks followed by a blank line (paragraph-like).
const PARAGRAPHS: &[&str] = &[
    "blockquote",
    "div",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "pre",
    "table",
];

/// The deepest list nesting shown as indentation.
const MAX_INDENT: usize = 8;

/// One open list: ordered or not, and its counter.
struct List {
    ordered: bool,
    next: u64,
}

#[derive(Default)]
struct Layout {
    lines: Vec<String>,
    line: String,
    /// The line holds text (not only a list marker).
    has_text: bool,
    space: bool,
    lists: Vec<List>,
    /// Inside `<script>`, `<style>` or another element whose text is not content.
    skipping: bool,
    /// The address of the link being read, written after its text.
    link: Option<String>,
    link_text: String,
}

impl Layout {
    fn end_line(&mut self) {
        if self.has_text {
            self.lines.push(std::mem::take(&mut self.line));
        }
        self.line.clear();
        self.has_text = false;
        self.space = false;
    }

    fn break_line(&mut self) {
        if self.has_text {
            self.end_line();
        } else {
            // `<br><br>`: an empty line, which canonical() keeps as one blank line.
            self.line.clear();
            self.lines.push(String::new());
        }
    }

    fn blank(&mut self) {
        self.end_line();
        self.lines.push(String::new());
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.space = self.has_text;
                continue;
            }
            if self.space {
                self.line.push(' ');
                if self.link.is_some() {
                    self.link_text.push(' ');
                }
            }
            self.space = false;
            let c = if c == '\u{a0}' { ' ' } else { c };
            self.line.push(c);
            if self.link.is_some() {
                self.link_text.push(c);
            }
            self.has_text = true;
        }
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)]) {
        let attr = |k: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim().to_string())
        };
        match name {
            "br" => return self.break_line(),
            "img" => {
                if let Some(alt) = attr("alt").filter(|a| !a.is_empty()) {
                    self.text(&format!("[{alt}]"));
                }
                return;
            }
            "a" => {
                self.link = attr("href").filter(|h| !h.is_empty());
                self.link_text.clear();
                return;
            }
            "td" | "th" => {
                self.space = self.has_text;
                return;
            }
            _ => {}
        }
        if !BLOCKS.contains(&name) {
            return;
        }
        match name {
            "ul" | "ol" => {
                self.end_line();
                self.lists.push(List {
                    ordered: name == "ol",
                    next: 1,
                });
            }
            "li" => {
                self.end_line();
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some(l) if l.ordered => {
                        let m = format!("{}. ", l.next);
                        l.next += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                // Indentation stops growing at a depth no editor writes, so a crafted
                // nesting of thousands of lists costs linear space, not quadratic.
                self.line = format!("{}{marker}", "  ".repeat(depth.min(MAX_INDENT) - 1));
            }
            // A paragraph opening right after a list marker belongs to the item.
            _ if !self.has_text && !self.line.is_empty() => {}
            _ if PARAGRAPHS.contains(&name) => self.blank(),
            _ => self.end_line(),
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "a" => {
                if let Some(href) = self.link.take() {
                    let text = std::mem::take(&mut self.link_text);
                    if !href.starts_with('#') && text.trim() != href {
                        self.text(&format!(" ({href})"));
                    }
                }
            }
            "ul" | "ol" => {
                self.lists.pop();
                self.end_line();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            _ if PARAGRAPHS.contains(&name) => self.blank(),
            _ if BLOCKS.contains(&name) => self.end_line(),
            _ => {}
        }
    }
}

struct Sink(RefCell<Layout>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut l = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let name = name.as_str();
                let raw = matches!(
                    name,
                    "script" | "style" | "template" | "title" | "textarea" | "noscript"
                );
                if tag.kind == TagKind::EndTag {
                    if raw {
                        l.skipping = false;
                    } else {
                        l.end(name);
                    }
                    return TokenSinkResult::Continue;
                }
                if raw {
                    if !tag.self_closing {
                        l.skipping = true;
                        return TokenSinkResult::RawData(if name == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        });
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
                l.start(name, &attrs);
            }
            Token::CharacterTokens(text) if !l.skipping => l.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Lays out HTML as plain text in the [`canonical`] form (see the module doc).
pub fn html_to_text(html: &str) -> String {
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Layout::default())),
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut layout = tokenizer.sink.0.into_inner();
    layout.end_line();
    canonical(&layout.lines.join("\n"))
}
#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
