//! Line layout for the PDF renderer: turns [`Block`]s into printpdf operations on A4 pages.
//! Text is wrapped by measuring glyph advances of the embedded font, with hyphenation in the
//! document's language; a new page starts when the cursor reaches the bottom margin; a
//! heading is kept with the start of what follows it; where each heading lands is recorded
//! for the table of contents and the PDF outline.

use super::document::Block;
use super::face::{grey, text, Face};
use hyphenation::Standard;
use printpdf::{Op, PaintMode, Pt, Rect, WindingOrder};

/// Page size and margins in pt (A4).
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 62.0;
pub const MARGIN_TOP: f32 = 56.7;
pub const MARGIN_BOTTOM: f32 = 62.4;
pub const BODY: f32 = 10.0;
pub const SMALL: f32 = 8.0;
pub const LEAD: f32 = 1.35;

/// A box on a page: page index (from 0) and [x1, y1, x2, y2] in pt.
pub type BoxPlace = (usize, [f32; 4]);

/// Where a heading was set: its level, text, page index and the y of its top.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub level: u8,
    pub text: String,
    pub page: usize,
    pub y: f32,
}

/// Lays blocks out into pages of operations.
pub struct Layout<'a> {
    pub regular: Face<'a>,
    pub bold: Face<'a>,
    pub dict: Option<&'static Standard>,
    pub pages: Vec<Vec<Op>>,
    /// Where each signature box was drawn, with its field's name.
    pub signature_boxes: Vec<(String, BoxPlace)>,
    /// Every heading, where it was set.
    pub headings: Vec<Placed>,
    /// The contents to print at [`Block::Toc`]: level, text and page number.
    pub toc: Vec<(u8, String, usize)>,
    pub(super) ops: Vec<Op>,
    pub(super) y: f32,
}

fn heading_style(level: u8) -> (f32, f32) {
    match level {
        1 => (22.0, 0.0),
        2 => (15.0, 16.0),
        _ => (11.5, 10.0),
    }
}

impl<'a> Layout<'a> {
    pub fn new(regular: Face<'a>, bold: Face<'a>, dict: Option<&'static Standard>) -> Self {
        Layout {
            regular,
            bold,
            dict,
            pages: Vec::new(),
            signature_boxes: Vec::new(),
            headings: Vec::new(),
            toc: Vec::new(),
            ops: Vec::new(),
            y: PAGE_H - MARGIN_TOP,
        }
    }

    pub fn width() -> f32 {
        PAGE_W - 2.0 * MARGIN_X
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = PAGE_H - MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        self.ops.is_empty()
    }

    /// Starts a new page unless `height` pt still fit.
    pub(super) fn need(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub(super) fn face(&self, bold: bool) -> &Face<'a> {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Wrapped lines; bold text is display text (headings, labels, table headers), whose
    /// words are hyphenated only when one does not fit on a line of its own.
    pub(super) fn wrap(&self, bold: bool, s: &str, size: f32, width: f32) -> Vec<String> {
        if bold {
            self.bold.wrap_display(s, size, width, self.dict)
        } else {
            self.regular.wrap(s, size, width, self.dict)
        }
    }

    /// Wrapped lines of one font, each line checked against the bottom margin.
    fn lines(&mut self, bold: bool, size: f32, x: f32, width: f32, s: &str) {
        let lh = size * LEAD;
        for line in self.wrap(bold, s, size, width) {
            self.need(lh);
            self.y -= lh;
            let face = if bold { &self.bold } else { &self.regular };
            text(&mut self.ops, face, size, x, self.y + size * 0.27, &line);
        }
    }

    /// The height a block needs at least on the page it starts on (to keep a heading with
    /// the start of what follows).
    fn start_height(&self, blocks: &[Block], depth: u8) -> f32 {
        let Some(first) = blocks.first() else {
            return 0.0;
        };
        let body = BODY * LEAD;
        match first {
            Block::Heading { level, text } if depth < 3 => {
                let (size, before) = heading_style(*level);
                let n = self.wrap(true, text, size, Self::width()).len() as f32;
                before + n * size * LEAD + 4.0 + self.start_height(&blocks[1..], depth + 1)
            }
            Block::Label(_) => body + 2.0 * body,
            Block::KeyValue(pairs) => pairs.first().map_or(0.0, |(k, v)| {
                let (kw, vw) = self.key_widths(pairs);
                let n = self
                    .wrap(true, k, BODY, kw)
                    .len()
                    .max(self.wrap(false, v, BODY, vw).len().min(3));
                n as f32 * body
            }),
            Block::Table { headers, rows } => self.table_start(headers, rows),
            Block::RiskMap(_) => super::risk_map::HEIGHT,
            Block::List(_) | Block::Paragraph(_) | Block::Small(_) => 2.0 * body,
            _ => body,
        }
    }

    /// Lays out every block.
    pub fn run(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            if matches!(block, Block::Heading { .. } | Block::Label(_)) {
                let h = self.start_height(&blocks[i..], 0);
                self.need(h.min(PAGE_H - MARGIN_TOP - MARGIN_BOTTOM));
            }
            self.block(block);
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => {
                let (size, before) = heading_style(*level);
                if !self.at_top() {
                    self.y -= before;
                }
                self.headings.push(Placed {
                    level: *level,
                    text: text.clone(),
                    page: self.pages.len(),
                    y: self.y + 4.0,
                });
                self.lines(true, size, MARGIN_X, Self::width(), text);
                if *level <= 2 {
                    self.rule(self.y - 3.0, 0.6);
                    self.y -= 6.0;
                }
                self.y -= 4.0;
            }
            Block::Subtitle(s) => {
                self.lines(false, 16.0, MARGIN_X, Self::width(), s);
                self.y -= 14.0;
            }
            Block::Paragraph(s) => {
                self.lines(false, BODY, MARGIN_X, Self::width(), s);
                self.y -= 4.0;
            }
            Block::Label(s) => {
                self.y -= 2.0;
                self.lines(true, BODY, MARGIN_X, Self::width(), s);
                self.y -= 1.0;
            }
            Block::Small(s) => {
                self.ops.push(Op::SetFillColor { col: grey(0.3) });
                self.lines(false, SMALL, MARGIN_X, Self::width(), s);
                self.ops.push(Op::SetFillColor { col: grey(0.0) });
                self.y -= 5.0;
            }
            Block::List(items) => {
                let indent = 12.0;
                for item in items {
                    let lh = BODY * LEAD;
                    self.need(lh);
                    let face = &self.regular;
                    text(
                        &mut self.ops,
                        face,
                        BODY,
                        MARGIN_X + 2.0,
                        self.y - lh + BODY * 0.27,
                        "•",
                    );
                    self.lines(false, BODY, MARGIN_X + indent, Self::width() - indent, item);
                    self.y -= 2.5;
                }
                self.y -= 3.0;
            }
            Block::Notice(s) => self.notice(s),
            Block::KeyValue(pairs) => self.key_values(pairs),
            Block::SignatureBox { field, rows } => self.signature_box(field, rows),
            Block::Table { headers, rows } => self.table(headers, rows),
            Block::RiskMap(map) => {
                self.need(super::risk_map::HEIGHT);
                super::risk_map::draw(
                    &mut self.ops,
                    &self.regular,
                    &self.bold,
                    map,
                    MARGIN_X,
                    self.y,
                );
                self.y -= super::risk_map::HEIGHT;
            }
            Block::Toc => self.contents(),
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    /// A thin horizontal rule across the text width at `y`.
    pub(super) fn rule(&mut self, y: f32, thickness: f32) {
        self.ops.push(Op::SetOutlineColor { col: grey(0.6) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops
            .push(super::table::hline(MARGIN_X, PAGE_W - MARGIN_X, y));
    }

    /// Key column width (one third of the line in every list, so values align across the
    /// report) and value column width.
    fn key_widths(&self, _pairs: &[(String, String)]) -> (f32, f32) {
        let key_w = Self::width() * 0.33;
        (key_w - 10.0, Self::width() - key_w)
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let (kw, vw) = self.key_widths(pairs);
        let lh = BODY * LEAD;
        for (k, v) in pairs {
            // Keep the key and the first lines of its value on one page.
            let key_lines = self.wrap(true, k, BODY, kw).len();
            let value_lines = self.wrap(false, v, BODY, vw).len();
            self.need(lh * key_lines.max(value_lines.min(3)) as f32);
            let top = self.y;
            let page = self.pages.len();
            self.lines(true, BODY, MARGIN_X, kw, k);
            let after_key = self.y;
            self.y = top;
            self.lines(false, BODY, MARGIN_X + kw + 10.0, vw, v);
            if self.pages.len() == page {
                self.y = self.y.min(after_key);
            }
            self.y -= 3.0;
        }
        self.y -= 4.0;
    }

    /// A framed, lightly shaded statement.
    fn notice(&mut self, s: &str) {
        let lh = BODY * LEAD;
        let pad = 7.0;
        let lines = self.wrap(true, s, BODY, Self::width() - 2.0 * pad);
        let height = lines.len() as f32 * lh + 2.0 * pad;
        self.need(height + 6.0);
        let top = self.y - 4.0;
        self.ops.push(Op::SetFillColor { col: grey(0.94) });
        self.ops.push(Op::SetOutlineColor { col: grey(0.4) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(MARGIN_X),
                y: Pt(top - height),
                width: Pt(Self::width()),
                height: Pt(height),
                mode: Some(PaintMode::FillStroke),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(Op::SetFillColor { col: grey(0.0) });
        for (i, line) in lines.iter().enumerate() {
            let y = top - pad - (i as f32 + 1.0) * lh + BODY * 0.27;
            text(&mut self.ops, &self.bold, BODY, MARGIN_X + pad, y, line);
        }
        self.y = top - height - 10.0;
    }

    /// The table of contents: one line per entry, dotted leader, right-aligned page number.
    fn contents(&mut self) {
        let lh = BODY * 1.6;
        let num_w = 30.0;
        let entries = self.toc.clone();
        for (level, title, page) in entries {
            let indent = if level > 2 { 14.0 } else { 0.0 };
            let bold = level <= 2;
            let lines = self.wrap(bold, &title, BODY, Self::width() - num_w - indent - 20.0);
            self.need(lh * lines.len() as f32);
            for (i, line) in lines.iter().enumerate() {
                self.y -= lh;
                let face = if bold { &self.bold } else { &self.regular };
                text(
                    &mut self.ops,
                    face,
                    BODY,
                    MARGIN_X + indent,
                    self.y + 3.0,
                    line,
                );
                if i + 1 == lines.len() {
                    let n = page.to_string();
                    let face = if bold { &self.bold } else { &self.regular };
                    let w = face.width(&n, BODY);
                    let end = face.width(line, BODY) + MARGIN_X + indent + 6.0;
                    let unit = self.regular.width(". ", BODY);
                    let start = PAGE_W - MARGIN_X - num_w + 4.0;
                    let count = ((start - end) / unit).max(0.0) as usize;
                    let dots: String = ". ".repeat(count);
                    let face = &self.regular;
                    text(
                        &mut self.ops,
                        face,
                        BODY,
                        start - count as f32 * unit,
                        self.y + 3.0,
                        &dots,
                    );
                    let face = if bold { &self.bold } else { &self.regular };
                    text(
                        &mut self.ops,
                        face,
                        BODY,
                        PAGE_W - MARGIN_X - w,
                        self.y + 3.0,
                        &n,
                    );
                }
            }
        }
        self.y -= 8.0;
    }

    /// The finished pages.
    pub fn finish(mut self) -> LaidOut {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        LaidOut {
            pages: self.pages,
            boxes: self.signature_boxes,
            headings: self.headings,
        }
    }
}

/// The result of a layout.
pub struct LaidOut {
    pub pages: Vec<Vec<Op>>,
    pub boxes: Vec<(String, BoxPlace)>,
    pub headings: Vec<Placed>,
}
