//! Drawing the risk map: a 4x4 grid (likelihood across, severity up) coloured by the CNIL
//! level of each cell, every risk's label in the cell before measures (plain) and after
//! measures (white on a dark box), with a line from one to the other.

use super::document::RiskMap;
use super::face::{grey, text, Face};
use crate::assessment::risk::Level;
use printpdf::{Color, Line, LinePoint, Op, PaintMode, Point, Pt, Rect, Rgb, WindingOrder};

const CELL_W: f32 = 70.0;
const CELL_H: f32 = 42.0;
const LABEL_W: f32 = 96.0;
const SIZE: f32 = 7.5;
/// Height of the whole figure including axis labels and legend.
pub const HEIGHT: f32 = 4.0 * CELL_H + 74.0;

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn level_colour(level: Option<Level>) -> Color {
    match level {
        Some(Level::Low) => rgb(0.83, 0.93, 0.83),
        Some(Level::Moderate) => rgb(1.0, 0.95, 0.76),
        Some(Level::High) => rgb(1.0, 0.84, 0.68),
        Some(Level::VeryHigh) | None => rgb(0.97, 0.72, 0.72),
    }
}

fn rect(ops: &mut Vec<Op>, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(y),
            width: Pt(w),
            height: Pt(h),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        },
    });
}

fn line(ops: &mut Vec<Op>, from: (f32, f32), to: (f32, f32)) {
    let point = |(x, y): (f32, f32)| LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    };
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![point(from), point(to)],
            is_closed: false,
        },
    });
}

/// Draws `map` with its top-left corner at (`left`, `top`).
pub fn draw(ops: &mut Vec<Op>, regular: &Face, bold: &Face, map: &RiskMap, left: f32, top: f32) {
    let grid_x = left + LABEL_W;
    let grid_top = top - 14.0;
    let grid_bottom = grid_top - 4.0 * CELL_H;
    // Cell origin (bottom-left) for severity s (1 bottom) and likelihood l (1 left).
    let cell = |s: u8, l: u8| {
        (
            grid_x + f32::from(l - 1) * CELL_W,
            grid_bottom + f32::from(s - 1) * CELL_H,
        )
    };
    text(
        ops,
        bold,
        SIZE + 0.5,
        left,
        top - 9.0,
        &format!("{} ↑", map.severity),
    );
    ops.push(Op::SetOutlineColor { col: grey(1.0) });
    ops.push(Op::SetOutlineThickness { pt: Pt(1.5) });
    for s in 1..=4u8 {
        for l in 1..=4u8 {
            let (x, y) = cell(s, l);
            ops.push(Op::SetFillColor {
                col: level_colour(Level::of(i64::from(s), i64::from(l))),
            });
            rect(ops, x, y, CELL_W, CELL_H, PaintMode::FillStroke);
        }
        let (_, y) = cell(s, 1);
        ops.push(Op::SetFillColor { col: grey(0.0) });
        let name = &map.levels[usize::from(s - 1)];
        text(
            ops,
            regular,
            SIZE,
            left,
            y + CELL_H / 2.0 - 2.5,
            &format!("{s} {name}"),
        );
    }
    ops.push(Op::SetFillColor { col: grey(0.0) });
    for l in 1..=4u8 {
        let (x, _) = cell(1, l);
        let name = format!("{l} {}", map.levels[usize::from(l - 1)]);
        let w = regular.width(&name, SIZE);
        text(
            ops,
            regular,
            SIZE,
            x + (CELL_W - w) / 2.0,
            grid_bottom - 10.0,
            &name,
        );
    }
    let axis = format!("{} →", map.likelihood);
    let w = bold.width(&axis, SIZE + 0.5);
    text(
        ops,
        bold,
        SIZE + 0.5,
        grid_x + 2.0 * CELL_W - w / 2.0,
        grid_bottom - 22.0,
        &axis,
    );

    // Movement lines first, so labels sit on top of them.
    let centre = |(s, l): (u8, u8)| {
        let (x, y) = cell(s, l);
        (x + CELL_W / 2.0, y + CELL_H / 2.0)
    };
    ops.push(Op::SetOutlineColor { col: grey(0.45) });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
    // Lines that would coincide are set apart a little, so each risk's move reads alone.
    for (k, p) in map.points.iter().enumerate() {
        if let (Some(b), Some(a)) = (p.before, p.after) {
            if b != a {
                let shift = (k % 5) as f32 * 3.0 - 6.0;
                let (x1, y1) = centre(b);
                let (x2, y2) = centre(a);
                line(ops, (x1 + shift, y1 + shift), (x2 + shift, y2 + shift));
                // A small arrow head at the target end.
                let (dx, dy) = (x2 - x1, y2 - y1);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (ux, uy) = (dx / len, dy / len);
                let tip = (x2 + shift - ux * 12.0, y2 + shift - uy * 12.0);
                let back = (tip.0 - ux * 5.0, tip.1 - uy * 5.0);
                line(ops, tip, (back.0 - uy * 3.0, back.1 + ux * 3.0));
                line(ops, tip, (back.0 + uy * 3.0, back.1 - ux * 3.0));
            }
        }
    }
    // Labels: per cell, "before" labels on the upper line, "after" labels boxed below.
    for s in 1..=4u8 {
        for l in 1..=4u8 {
            let (x, y) = cell(s, l);
            let before: Vec<&str> = map
                .points
                .iter()
                .filter(|p| p.before == Some((s, l)))
                .map(|p| p.label.as_str())
                .collect();
            let after: Vec<&str> = map
                .points
                .iter()
                .filter(|p| p.after == Some((s, l)))
                .map(|p| p.label.as_str())
                .collect();
            if !before.is_empty() {
                ops.push(Op::SetFillColor { col: grey(0.15) });
                let label = before.join(" ");
                text(ops, regular, SIZE, x + 4.0, y + CELL_H - 11.0, &label);
            }
            let mut bx = x + 4.0;
            for label in after {
                let w = bold.width(label, SIZE) + 4.0;
                if bx + w > x + CELL_W - 2.0 {
                    break;
                }
                ops.push(Op::SetFillColor { col: grey(0.2) });
                rect(ops, bx, y + 5.0, w, SIZE + 4.0, PaintMode::Fill);
                ops.push(Op::SetFillColor { col: grey(1.0) });
                text(ops, bold, SIZE, bx + 2.0, y + 7.5, label);
                bx += w + 3.0;
            }
        }
    }
    // Legend.
    let ly = grid_bottom - 36.0;
    ops.push(Op::SetFillColor { col: grey(0.15) });
    text(
        ops,
        regular,
        SIZE,
        left,
        ly,
        &format!("R1 = {}", map.before),
    );
    let x2 = left + 150.0;
    ops.push(Op::SetFillColor { col: grey(0.2) });
    let w = bold.width("R1", SIZE) + 4.0;
    rect(ops, x2, ly - 2.5, w, SIZE + 4.0, PaintMode::Fill);
    ops.push(Op::SetFillColor { col: grey(1.0) });
    text(ops, bold, SIZE, x2 + 2.0, ly, "R1");
    ops.push(Op::SetFillColor { col: grey(0.15) });
    text(
        ops,
        regular,
        SIZE,
        x2 + w + 4.0,
        ly,
        &format!("= {}", map.after),
    );
    // Colour legend: the level each cell colour stands for.
    let ly2 = ly - 16.0;
    let mut x = left;
    for (i, lv) in [Level::Low, Level::Moderate, Level::High, Level::VeryHigh]
        .into_iter()
        .enumerate()
    {
        ops.push(Op::SetFillColor {
            col: level_colour(Some(lv)),
        });
        ops.push(Op::SetOutlineColor { col: grey(0.5) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
        rect(ops, x, ly2 - 2.0, 16.0, 9.0, PaintMode::FillStroke);
        ops.push(Op::SetFillColor { col: grey(0.15) });
        let name = &map.level_names[i];
        text(ops, regular, SIZE, x + 20.0, ly2, name);
        x += 20.0 + regular.width(name, SIZE) + 16.0;
    }
    ops.push(Op::SetFillColor { col: grey(0.0) });
}
