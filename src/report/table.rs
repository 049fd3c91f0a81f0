//! Tables and signature boxes of the layout. Column widths never go below a column's widest
//! word (or, when the words of all columns together are wider than the line, its widest
//! hyphenation piece), so words break at syllables, never letter by letter; header rows
//! repeat on every page a table runs over.

use super::document::SIGNATURE_BOX_LINES;
use super::face::{grey, text};
use super::layout::{Layout, BODY, MARGIN_BOTTOM, MARGIN_X, PAGE_W};
use printpdf::{Line, LinePoint, Op, PaintMode, Point, Pt, Rect, WindingOrder};

const TABLE: f32 = 8.5;
const LEAD: f32 = 1.3;
const PAD: f32 = 3.5;
/// Padding and key column of a signature box.
const BOX_PAD: f32 = 8.0;
const BOX_KEY_W: f32 = 125.0;

/// A horizontal line from `x1` to `x2` at `y`.
pub fn hline(x1: f32, x2: f32, y: f32) -> Op {
    let p = |x: f32| LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    };
    Op::DrawLine {
        line: Line {
            points: vec![p(x1), p(x2)],
            is_closed: false,
        },
    }
}

impl Layout<'_> {
    /// Column widths: each column gets at least its widest word, the rest is shared in
    /// proportion to how much more its longest cell wants.
    fn widths(&self, headers: &[String], rows: &[Vec<String>]) -> Vec<f32> {
        let total = Self::width();
        let cells = |i: usize| {
            std::iter::once((true, headers[i].as_str())).chain(
                rows.iter()
                    .filter_map(move |r| r.get(i))
                    .map(|c| (false, c.as_str())),
            )
        };
        let extra = 2.0 * PAD + 1.0;
        let word_min = |piece: bool| {
            (0..headers.len())
                .map(|i| {
                    cells(i)
                        .flat_map(|(b, c)| super::face::words(c).map(move |w| (b, w)))
                        .map(|(b, w)| {
                            let face = self.face(b);
                            if piece {
                                face.narrowest(w, TABLE, self.dict)
                            } else {
                                face.width(w, TABLE)
                            }
                            .min(total * 0.45)
                                + extra
                        })
                        .fold(extra + 8.0, f32::max)
                })
                .collect::<Vec<f32>>()
        };
        let mut min = word_min(false);
        if min.iter().sum::<f32>() > total {
            min = word_min(true);
        }
        let want: Vec<f32> = (0..headers.len())
            .map(|i| {
                cells(i)
                    .flat_map(|(b, c)| {
                        c.split('\n')
                            .map(move |l| self.face(b).width(l, TABLE) + extra)
                    })
                    .fold(0.0, f32::max)
                    .max(min[i])
            })
            .collect();
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
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                self.wrap(
                    header,
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
        n as f32 * TABLE * LEAD + 2.0 * PAD
    }

    /// The height of a table's header and first row.
    pub(super) fn table_start(&self, headers: &[String], rows: &[Vec<String>]) -> f32 {
        let widths = self.widths(headers, rows);
        let head = Self::row_height(&self.wrap_cells(headers, &widths, true));
        let first = rows.first().map_or(0.0, |r| {
            Self::row_height(&self.wrap_cells(r, &widths, false))
        });
        head + first.min(6.0 * TABLE * LEAD)
    }

    fn row(&mut self, wrapped: &[Vec<String>], widths: &[f32], header: bool) {
        let lh = TABLE * LEAD;
        let height = Self::row_height(wrapped);
        let top = self.y;
        if header {
            self.ops.push(Op::SetFillColor { col: grey(0.91) });
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
                let y = top - PAD - (j as f32 + 1.0) * lh + TABLE * 0.27;
                let face = if header { &self.bold } else { &self.regular };
                text(&mut self.ops, face, TABLE, x + PAD, y, line);
            }
            x += w;
        }
        self.y = top - height;
        self.ops.push(Op::SetOutlineColor { col: grey(0.7) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        self.ops.push(hline(MARGIN_X, PAGE_W - MARGIN_X, self.y));
    }

    pub(super) fn table(&mut self, headers: &[String], rows: &[Vec<String>]) {
        let widths = self.widths(headers, rows);
        let head = self.wrap_cells(headers, &widths, true);
        let body: Vec<Vec<Vec<String>>> = rows
            .iter()
            .map(|r| self.wrap_cells(r, &widths, false))
            .collect();
        self.need(self.table_start(headers, rows));
        self.row(&head, &widths, true);
        for r in &body {
            if self.y - Self::row_height(r) < MARGIN_BOTTOM {
                self.new_page();
                self.row(&head, &widths, true);
            }
            self.row(r, &widths, false);
        }
        self.y -= 10.0;
    }

    /// Key/value rows in a light frame of at least [`SIGNATURE_BOX_LINES`] lines, kept on one
    /// page; its place is remembered for the signature field.
    pub(super) fn signature_box(&mut self, field: &str, rows: &[(String, String)]) {
        let lh = BODY * LEAD;
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
        self.y = top - height - 10.0;
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
                    self.wrap(true, k, BODY, BOX_KEY_W - 8.0),
                    self.wrap(false, v, BODY, value_w),
                )
            })
            .collect()
    }

    fn draw_box(&mut self, wrapped: &[(Vec<String>, Vec<String>)], rect: [f32; 4]) {
        let lh = BODY * LEAD;
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
                let at = y - (i as f32 + 1.0) * lh + BODY * 0.27;
                text(&mut self.ops, &self.bold, BODY, x1 + BOX_PAD, at, line);
            }
            for (i, line) in values.iter().enumerate() {
                let at = y - (i as f32 + 1.0) * lh + BODY * 0.27;
                text(
                    &mut self.ops,
                    &self.regular,
                    BODY,
                    x1 + BOX_PAD + BOX_KEY_W,
                    at,
                    line,
                );
            }
            y -= keys.len().max(values.len()) as f32 * lh + 2.0;
        }
    }
}
