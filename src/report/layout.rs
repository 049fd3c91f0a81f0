//! Line layout for the PDF renderer: turns [`Block`]s into printpdf operations on A4 pages.
//! Text is wrapped by measuring glyph advances of the embedded font; a new page starts when
//! the cursor reaches the bottom margin, and tables repeat their header row on every page.

use super::document::{Block, SIGNATURE_BOX_LINES};
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfFontHandle, Point, Pt, Rect, Rgb,
    TextItem, TextMatrix, WindingOrder,
};

/// Page size and margins in pt (A4).
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 56.7;
const MARGIN_TOP: f32 = 56.7;
const MARGIN_BOTTOM: f32 = 62.4;
const BODY: f32 = 10.0;
const TABLE: f32 = 8.5;
const PAD: f32 = 3.0;
/// Padding and key column of a signature box.
const BOX_PAD: f32 = 8.0;
const BOX_KEY_W: f32 = 120.0;

/// A font: its id in the document and its metrics.
pub struct Face<'a> {
    pub id: FontId,
    pub font: &'a ParsedFont,
}

impl Face<'_> {
    /// Width of `s` in pt at `size`.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        let upem = f32::from(self.font.pdf_font_metrics.units_per_em.max(1));
        let units: u32 = s
            .chars()
            .map(|c| {
                self.font
                    .lookup_glyph_index(c as u32)
                    .map_or(1200, |g| u32::from(self.font.get_horizontal_advance(g)))
            })
            .sum();
        units as f32 * size / upem
    }

    /// Greedy word wrap to `width` pt; words wider than a line are broken by character.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Text at an absolute position (its own text section, so positions never accumulate).
pub fn text(ops: &mut Vec<Op>, face: &Face, size: f32, x: f32, y: f32, s: &str) {
    text_rotated(ops, face, size, x, y, 0.0, s);
}

/// Text at an absolute position, rotated by `degrees` around it.
pub fn text_rotated(
    ops: &mut Vec<Op>,
    face: &Face,
    size: f32,
    x: f32,
    y: f32,
    degrees: f32,
    s: &str,
) {
    let matrix = if degrees == 0.0 {
        TextMatrix::Translate(Pt(x), Pt(y))
    } else {
        TextMatrix::TranslateRotate(Pt(x), Pt(y), degrees)
    };
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(face.id.clone()),
            size: Pt(size),
        },
        Op::SetTextMatrix { matrix },
        Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        },
        Op::EndTextSection,
    ]);
}

pub fn grey(level: f32) -> Color {
    Color::Rgb(Rgb::new(level, level, level, None))
}

/// A box on a page: page index (from 0) and [x1, y1, x2, y2] in pt.
pub type BoxPlace = (usize, [f32; 4]);

/// Lays blocks out into pages of operations.
pub struct Layout<'a> {
    pub regular: Face<'a>,
    pub bold: Face<'a>,
    pub pages: Vec<Vec<Op>>,
    /// Where each signature box was drawn, with its field's name.
    pub signature_boxes: Vec<(String, BoxPlace)>,
    ops: Vec<Op>,
    y: f32,
}

impl<'a> Layout<'a> {
    pub fn new(regular: Face<'a>, bold: Face<'a>) -> Self {
        Layout {
            regular,
            bold,
            pages: Vec::new(),
            signature_boxes: Vec::new(),
            ops: Vec::new(),
            y: PAGE_H - MARGIN_TOP,
        }
    }

    fn width() -> f32 {
        PAGE_W - 2.0 * MARGIN_X
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = PAGE_H - MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        self.ops.is_empty()
    }

    /// Starts a new page unless `height` pt still fit (for keeping blocks together).
    pub fn keep(&mut self, height: f32) {
        self.need(height);
    }

    /// Starts a new page unless `height` pt still fit.
    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// Wrapped lines of one font, each line checked against the bottom margin.
    fn lines(&mut self, bold: bool, size: f32, x: f32, width: f32, s: &str) {
        let lh = size * 1.3;
        let face = if bold { &self.bold } else { &self.regular };
        let lines = face.wrap(s, size, width);
        for line in lines {
            self.need(lh);
            self.y -= lh;
            let face = if bold { &self.bold } else { &self.regular };
            text(&mut self.ops, face, size, x, self.y + size * 0.25, &line);
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => {
                let (size, before) = match level {
                    1 => (20.0, 0.0),
                    2 => (14.0, 14.0),
                    _ => (11.0, 8.0),
                };
                self.need(before + size * 1.3 + 4.0 * BODY);
                if !self.at_top() {
                    self.y -= before;
                }
                self.lines(true, size, MARGIN_X, Self::width(), text);
                self.y -= 4.0;
            }
            Block::Paragraph(s) => {
                self.lines(false, BODY, MARGIN_X, Self::width(), s);
                self.y -= 3.0;
            }
            Block::KeyValue(pairs) => {
                // As wide as the longest key needs, between 110 pt and 42 % of the line.
                let longest = pairs
                    .iter()
                    .map(|(k, _)| self.bold.width(k, BODY))
                    .fold(0.0_f32, f32::max);
                let key_w = (longest + 12.0).clamp(110.0, Self::width() * 0.42);
                for (k, v) in pairs {
                    let lh = BODY * 1.3;
                    self.need(lh);
                    // Keep the key on one page (values may run on over several).
                    let key_lines = self.bold.wrap(k, BODY, key_w - 8.0).len();
                    self.need(lh * key_lines as f32);
                    let top = self.y;
                    self.lines(true, BODY, MARGIN_X, key_w - 8.0, k);
                    let after_key = self.y;
                    let page = self.pages.len();
                    self.y = top;
                    self.lines(false, BODY, MARGIN_X + key_w, Self::width() - key_w, v);
                    if self.pages.len() == page {
                        self.y = self.y.min(after_key);
                    }
                    self.y -= 2.0;
                }
                self.y -= 4.0;
            }
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
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    /// Column widths: each column gets at least its longest word (up to a third of the
    /// line), the rest is shared in proportion to how much more its longest cell needs.
    fn widths(&self, headers: &[String], rows: &[Vec<String>]) -> Vec<f32> {
        let total = Self::width();
        let cells = |i: usize| {
            std::iter::once((true, headers[i].as_str())).chain(
                rows.iter()
                    .filter_map(move |r| r.get(i))
                    .map(|c| (false, c.as_str())),
            )
        };
        let measure = |bold: bool, s: &str| {
            let face = if bold { &self.bold } else { &self.regular };
            face.width(s, TABLE) + 2.0 * PAD + 1.0
        };
        let mut min = Vec::new();
        let mut want = Vec::new();
        for i in 0..headers.len() {
            let word = cells(i)
                .flat_map(|(b, c)| c.split_whitespace().map(move |w| measure(b, w)))
                .fold(2.0 * PAD + 8.0, f32::max);
            let full = cells(i).map(|(b, c)| measure(b, c)).fold(0.0, f32::max);
            let word = word.min(total / 3.0);
            min.push(word);
            want.push(full.max(word));
        }
        let min_sum: f32 = min.iter().sum();
        if min_sum >= total {
            return min.iter().map(|m| m / min_sum * total).collect();
        }
        let extra_want: f32 = want.iter().zip(&min).map(|(w, m)| w - m).sum();
        let spare = total - min_sum;
        min.iter()
            .zip(&want)
            .map(|(m, w)| {
                if extra_want <= 0.0 {
                    m + spare / min.len() as f32
                } else {
                    m + (w - m) / extra_want * spare.min(extra_want)
                        + (spare - extra_want).max(0.0) / min.len() as f32
                }
            })
            .collect()
    }

    /// Each cell's text wrapped to its column, in the header or body face.
    fn wrap_cells(&self, cells: &[String], widths: &[f32], header: bool) -> Vec<Vec<String>> {
        let face = if header { &self.bold } else { &self.regular };
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                face.wrap(
                    cells.get(i).map_or("", String::as_str),
                    TABLE,
                    w - 2.0 * PAD,
                )
            })
            .collect()
    }

    /// Height of a row of wrapped cells.
    fn row_height(wrapped: &[Vec<String>]) -> f32 {
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        n as f32 * TABLE * 1.3 + 2.0 * PAD
    }

    fn row(&mut self, wrapped: &[Vec<String>], widths: &[f32], header: bool) {
        let lh = TABLE * 1.3;
        let face = if header { &self.bold } else { &self.regular };
        let height = Self::row_height(wrapped);
        let top = self.y;
        if header {
            self.ops.push(Op::SetFillColor { col: grey(0.9) });
            self.ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(MARGIN_X),
                    y: Pt(top - height),
                    width: Pt(Self::width()),
                    height: Pt(height),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
            self.ops.push(Op::SetFillColor { col: grey(0.0) });
        }
        let mut x = MARGIN_X;
        for (lines, w) in wrapped.iter().zip(widths) {
            for (j, line) in lines.iter().enumerate() {
                let y = top - PAD - (j as f32 + 1.0) * lh + TABLE * 0.25;
                text(&mut self.ops, face, TABLE, x + PAD, y, line);
            }
            x += w;
        }
        self.y = top - height;
        self.ops.push(Op::SetOutlineColor { col: grey(0.6) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(MARGIN_X),
                            y: Pt(self.y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(PAGE_W - MARGIN_X),
                            y: Pt(self.y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    fn table(&mut self, headers: &[String], rows: &[Vec<String>]) {
        let widths = self.widths(headers, rows);
        let head = self.wrap_cells(headers, &widths, true);
        let body: Vec<Vec<Vec<String>>> = rows
            .iter()
            .map(|r| self.wrap_cells(r, &widths, false))
            .collect();
        let first = body.first().map_or(0.0, |r| Self::row_height(r));
        self.need(Self::row_height(&head) + first);
        self.row(&head, &widths, true);
        for r in &body {
            if self.y - Self::row_height(r) < MARGIN_BOTTOM {
                self.new_page();
                self.row(&head, &widths, true);
            }
            self.row(r, &widths, false);
        }
        self.y -= 8.0;
    }

    /// Key/value rows in a light frame of at least [`SIGNATURE_BOX_LINES`] lines, kept on one
    /// page; its place is remembered for the signature field.
    fn signature_box(&mut self, field: &str, rows: &[(String, String)]) {
        let lh = BODY * 1.3;
        let wrapped = self.wrap_box(rows);
        let lines: usize = wrapped.iter().map(|(k, v)| k.len().max(v.len())).sum();
        let height =
            lines.max(SIGNATURE_BOX_LINES) as f32 * lh + wrapped.len() as f32 * 2.0 + 2.0 * BOX_PAD;
        self.need(height + 6.0);
        let top = self.y;
        let rect = [MARGIN_X, top - height, PAGE_W - MARGIN_X, top];
        self.draw_box(&wrapped, rect);
        self.signature_boxes
            .push((field.to_string(), (self.pages.len(), rect)));
        self.y = top - height - 8.0;
    }

    /// Draws `rows` in a frame filling `rect` on the current page (also used alone, for the
    /// appearance of a signature added to a signed report).
    pub fn signature_box_at(&mut self, rows: &[(String, String)], rect: [f32; 4]) {
        let wrapped = self.wrap_box(rows);
        self.draw_box(&wrapped, rect);
    }

    fn wrap_box(&self, rows: &[(String, String)]) -> Vec<(Vec<String>, Vec<String>)> {
        let value_w = Self::width() - BOX_KEY_W - 2.0 * BOX_PAD;
        rows.iter()
            .map(|(k, v)| {
                (
                    self.bold.wrap(k, BODY, BOX_KEY_W - 8.0),
                    self.regular.wrap(v, BODY, value_w),
                )
            })
            .collect()
    }

    fn draw_box(&mut self, wrapped: &[(Vec<String>, Vec<String>)], rect: [f32; 4]) {
        let lh = BODY * 1.3;
        let [x1, y1, x2, top] = rect;
        self.ops.push(Op::SetFillColor { col: grey(0.96) });
        self.ops.push(Op::SetOutlineColor { col: grey(0.45) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x1),
                y: Pt(y1),
                width: Pt(x2 - x1),
                height: Pt(top - y1),
                mode: Some(PaintMode::FillStroke),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(Op::SetFillColor { col: grey(0.0) });
        let mut y = top - BOX_PAD;
        for (keys, values) in wrapped {
            for (i, line) in keys.iter().enumerate() {
                let face = &self.bold;
                text(
                    &mut self.ops,
                    face,
                    BODY,
                    x1 + BOX_PAD,
                    y - (i as f32 + 1.0) * lh + BODY * 0.25,
                    line,
                );
            }
            for (i, line) in values.iter().enumerate() {
                let face = &self.regular;
                text(
                    &mut self.ops,
                    face,
                    BODY,
                    x1 + BOX_PAD + BOX_KEY_W,
                    y - (i as f32 + 1.0) * lh + BODY * 0.25,
                    line,
                );
            }
            y -= keys.len().max(values.len()) as f32 * lh + 2.0;
        }
    }

    /// The finished pages.
    pub fn finish(mut self) -> (Vec<Vec<Op>>, Vec<(String, BoxPlace)>) {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        (self.pages, self.signature_boxes)
    }
}
