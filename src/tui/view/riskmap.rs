//! The 4x4 risk map (severity up, likelihood across, CNIL scales): every risk of a cell is
//! listed, `R1` before and `[R1]` after the measures, wrapped over the cell's rows and ended
//! with "+n" only when even the cell's rows are too few. The cells grow with the terminal.

use super::{bold, dim};
use crate::tui::model::Model;
use crate::tui::strings::t;
use dpia::assessment::risk::Level;
use dpia::assessment::RiskResult;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

fn level_style(model: &Model, level: Option<Level>) -> Style {
    if !model.colour {
        return Style::default();
    }
    let bg = match level {
        Some(Level::Low) => Color::Green,
        Some(Level::Moderate) => Color::Yellow,
        Some(Level::High) => Color::LightRed,
        Some(Level::VeryHigh) | None => Color::Red,
    };
    Style::default().bg(bg).fg(Color::Black)
}

/// The short label of a risk: its id, or R<n> for a risk recorded without one.
pub fn short(i: usize, r: &RiskResult) -> String {
    r.id.clone().unwrap_or_else(|| format!("R{}", i + 1))
}

/// The labels of one cell laid out in `rows` lines of `width` characters; what does not fit
/// ends in "+n".
pub fn cell_lines(labels: &[String], width: usize, rows: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for (i, label) in labels.iter().enumerate() {
        let last = lines.len() - 1;
        let sep = usize::from(!lines[last].is_empty());
        if lines[last].chars().count() + sep + label.chars().count() <= width {
            if sep == 1 {
                lines[last].push(' ');
            }
            lines[last].push_str(label);
            continue;
        }
        if lines.len() < rows && label.chars().count() <= width {
            lines.push(label.clone());
            continue;
        }
        // No room: say how many are left, dropping labels from the end of the last line
        // until the count fits.
        let mut left = labels.len() - i;
        loop {
            let more = format!("+{left}");
            let line = &mut lines[last];
            let sep = usize::from(!line.is_empty());
            if line.chars().count() + sep + more.chars().count() <= width || line.is_empty() {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&more);
                break;
            }
            match line.rfind(' ') {
                Some(cut) => line.truncate(cut),
                None => line.clear(),
            }
            left += 1;
        }
        break;
    }
    lines
}

pub fn draw(frame: &mut Frame, model: &Model, risks: &[RiskResult], area: Rect, block: Block) {
    let lang = model.lang;
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Label column 2, four cells; header, two axis lines and the scale names below.
    let cell_w = (usize::from(inner.width).saturating_sub(2) / 4).max(6);
    let spare = usize::from(inner.height).saturating_sub(4);
    let rows_per = (spare / 4).clamp(1, 4);
    let gap = spare >= 4 * rows_per + 3 && rows_per < 4;
    let mut lines = vec![Line::styled(t(lang, "risks.map_legend"), bold())];
    for s in (1..=4i64).rev() {
        let cells: Vec<Vec<String>> = (1..=4i64)
            .map(|l| {
                let mut labels = Vec::new();
                for (i, r) in risks.iter().enumerate() {
                    if r.severity == Some(s) && r.likelihood == Some(l) {
                        labels.push(short(i, r));
                    }
                    if r.residual_severity == Some(s) && r.residual_likelihood == Some(l) {
                        labels.push(format!("[{}]", short(i, r)));
                    }
                }
                cell_lines(&labels, cell_w - 1, rows_per)
            })
            .collect();
        for row in 0..rows_per {
            let label = if row == 0 {
                format!("{s} ")
            } else {
                "  ".into()
            };
            let mut spans = vec![Span::raw(label)];
            for (l, cell) in cells.iter().enumerate() {
                let text = cell.get(row).cloned().unwrap_or_default();
                spans.push(Span::styled(
                    format!("{text:<width$} ", width = cell_w - 1),
                    level_style(model, Level::of(s, l as i64 + 1)),
                ));
            }
            lines.push(Line::from(spans));
        }
        if gap && s > 1 {
            lines.push(Line::default());
        }
    }
    let axis: String = (1..=4).map(|l| format!("{l:<cell_w$}")).collect();
    lines.push(Line::from(format!("  {axis}")));
    lines.push(Line::styled(
        format!("  {}", t(lang, "risks.likelihood")),
        bold(),
    ));
    lines.push(Line::styled(t(lang, "risks.scale_names"), dim(model)));
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::cell_lines;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn every_label_fits_or_is_counted() {
        // The walkthrough's row: [R2][R3] and [R1]R2 R3 [R4] in cells of 9 characters.
        let labels = s(&["[R1]", "R2", "R3", "[R4]"]);
        assert_eq!(cell_lines(&labels, 9, 2), s(&["[R1] R2", "R3 [R4]"]));
        assert_eq!(cell_lines(&labels, 9, 1), s(&["[R1] +3"]));
        assert_eq!(cell_lines(&labels, 20, 1), s(&["[R1] R2 R3 [R4]"]));
        assert_eq!(cell_lines(&s(&["R10", "R11", "R12"]), 6, 1), s(&["R10 +2"]));
        assert_eq!(cell_lines(&[], 9, 2), s(&[""]));
    }
}
