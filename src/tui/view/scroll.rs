//! Scrolling, the same way everywhere: a list or text longer than its box is shown from an
//! offset that keeps the cursor (or the lines being looked at) in view, centred when it can
//! be, and the box says how much more is above and below ("↑ 3 more", "↓ 12 more"). Rows
//! are counted as ratatui wraps them (`Paragraph::line_count`), so the cursor line is really
//! on screen, whatever the terminal's width. Stateless: the offset follows from the cursor.

use crate::tui::strings::{tf, Lang};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use std::ops::Range;

/// Which part of a text to show.
#[derive(Debug, Clone)]
pub enum Show {
    /// Keep these lines (by index) in view: a cursor.
    Lines(Range<usize>),
    /// From this row on (a text scrolled by keys or the wheel), within the text.
    Offset(u16),
}

/// The offset of a window of `height` rows over `total` that shows rows `focus`: none when
/// everything fits, else the focus centred, within the text.
pub fn offset_for(total: usize, height: usize, focus: Range<usize>) -> usize {
    if total <= height || height == 0 {
        return 0;
    }
    let size = focus.end.saturating_sub(focus.start).max(1);
    let ideal = if size >= height {
        focus.start
    } else {
        focus.start.saturating_sub((height - size) / 2)
    };
    ideal.min(total - height)
}

/// The rows each line takes wrapped to `width`.
pub fn line_rows(lines: &[Line], width: u16) -> Vec<usize> {
    lines
        .iter()
        .map(|l| {
            Paragraph::new(l.clone())
                .wrap(Wrap { trim: false })
                .line_count(width)
                .max(1)
        })
        .collect()
}

/// "↑ n more" / "↓ n more" for a box, or `None` when there is nothing that way.
pub fn marker(lang: Lang, n: usize, up: bool) -> Option<String> {
    (n > 0).then(|| {
        tf(
            lang,
            if up { "scroll.above" } else { "scroll.below" },
            &[("n", &n)],
        )
    })
}

/// Adds the markers to a box: above in its top border, below in its bottom border.
pub fn marked<'a>(
    block: Block<'a>,
    lang: Lang,
    above: usize,
    below: usize,
    style: Style,
) -> Block<'a> {
    let mut block = block;
    if let Some(m) = marker(lang, above, true) {
        block = block.title_top(Line::styled(format!(" {m} "), style).right_aligned());
    }
    if let Some(m) = marker(lang, below, false) {
        block = block.title_bottom(Line::styled(format!(" {m} "), style).right_aligned());
    }
    block
}

/// Draws `lines` wrapped in `area` (inside `block` when given), showing `show`, with the
/// markers in the box's borders (or, without a box, on its last row). Returns the largest
/// useful offset (0 when everything fits), for the keys that scroll.
pub fn text(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'_>>,
    block: Option<Block<'_>>,
    show: Show,
    lang: Lang,
    marker_style: Style,
) -> u16 {
    let inner = block.as_ref().map_or(area, |b| b.inner(area));
    let rows = line_rows(&lines, inner.width.max(1));
    let total: usize = rows.iter().sum();
    let mut height = usize::from(inner.height);
    // Without a box the markers take the last row.
    if block.is_none() && total > height {
        height = height.saturating_sub(1);
    }
    let max = total.saturating_sub(height);
    let offset = match show {
        Show::Offset(o) => usize::from(o).min(max),
        Show::Lines(range) => {
            let start: usize = rows.iter().take(range.start).sum();
            let end: usize = rows.iter().take(range.end.max(range.start + 1)).sum();
            offset_for(total, height, start..end)
        }
    };
    let below = total.saturating_sub(offset + height);
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((offset as u16, 0));
    match block {
        Some(b) => {
            let b = marked(b, lang, offset, below, marker_style);
            frame.render_widget(paragraph.block(b), area);
        }
        None => {
            let text_area = Rect {
                height: height as u16,
                ..inner
            };
            frame.render_widget(paragraph, text_area);
            if total > usize::from(inner.height) {
                let parts: Vec<String> = [marker(lang, offset, true), marker(lang, below, false)]
                    .into_iter()
                    .flatten()
                    .collect();
                let row = Rect {
                    y: inner.y + inner.height.saturating_sub(1),
                    height: 1,
                    ..inner
                };
                frame.render_widget(
                    Paragraph::new(Line::styled(parts.join(" · "), marker_style).right_aligned()),
                    row,
                );
            }
        }
    }
    u16::try_from(max).unwrap_or(u16::MAX)
}

/// The first row of a table of `count` rows with `height` visible that keeps `selected` in
/// view, and the rows hidden above and below.
pub fn table_window(count: usize, height: usize, selected: usize) -> (usize, usize, usize) {
    let offset = offset_for(count, height, selected..selected + 1);
    let below = count.saturating_sub(offset + height);
    (offset, offset, below)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_cursor_and_stays_in_the_text() {
        assert_eq!(offset_for(5, 10, 4..5), 0, "everything fits");
        assert_eq!(offset_for(30, 10, 0..1), 0);
        assert_eq!(offset_for(30, 10, 15..16), 11, "centred");
        assert_eq!(offset_for(30, 10, 29..30), 20, "not past the end");
        assert_eq!(
            offset_for(30, 10, 5..25),
            5,
            "a tall focus starts at its top"
        );
        assert_eq!(table_window(13, 9, 12), (4, 4, 0));
        assert_eq!(table_window(13, 9, 0), (0, 0, 4));
    }
}
