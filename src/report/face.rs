//! A font face of the report: its glyph advances for measuring, the line wrapper (with
//! hyphenation at syllable and identifier breaks, and a character break only for tokens that
//! have no break point, such as hashes), and the text-drawing operations. A no-break space
//! (French typography puts one before `:` `;` `?` `!`) never becomes a line break.

use super::hyphen::{breaks, Break};
use hyphenation::Standard;
use printpdf::{Color, FontId, Op, ParsedFont, PdfFontHandle, Pt, Rgb, TextItem, TextMatrix};

/// The words of a line of text: split at spaces, never at a no-break space (U+00A0, U+202F,
/// U+2007), which stays inside its word.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
        .filter(|w| !w.is_empty())
}

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

    /// The widest piece `word` can be broken into (the whole word if it has no break point).
    pub fn narrowest(&self, word: &str, size: f32, dict: Option<&Standard>) -> f32 {
        let mut last = 0;
        let mut widest: f32 = 0.0;
        let points = breaks(dict, word);
        for b in points.iter().chain(std::iter::once(&Break {
            at: word.len(),
            hyphen: false,
        })) {
            let piece = &word[last..b.at];
            let w = self.width(piece, size) + if b.hyphen { self.width("-", size) } else { 0.0 };
            widest = widest.max(w);
            last = b.at;
        }
        widest
    }

    /// Wraps `text` to `width` pt: greedy by words, a word that does not fit is hyphenated
    /// (the longest first part that fits), and only a token with no break point is cut by
    /// character.
    pub fn wrap(&self, text: &str, size: f32, width: f32, dict: Option<&Standard>) -> Vec<String> {
        self.wrap_with(text, size, width, dict, false)
    }

    /// Wraps display text (headings, labels, table headers): like [`Face::wrap`], but a word
    /// that fits on a line of its own goes there whole instead of being hyphenated
    /// ("Responsable du / traitement", never "Responsable du traite- / ment").
    pub fn wrap_display(
        &self,
        text: &str,
        size: f32,
        width: f32,
        dict: Option<&Standard>,
    ) -> Vec<String> {
        self.wrap_with(text, size, width, dict, true)
    }

    fn wrap_with(
        &self,
        text: &str,
        size: f32,
        width: f32,
        dict: Option<&Standard>,
        whole_words: bool,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in words(para) {
                let mut rest = word.to_string();
                loop {
                    let sep = if line.is_empty() { "" } else { " " };
                    let candidate = format!("{line}{sep}{rest}");
                    if self.width(&candidate, size) <= width {
                        line = candidate;
                        break;
                    }
                    if whole_words && !line.is_empty() && self.width(&rest, size) <= width {
                        lines.push(std::mem::take(&mut line));
                        continue;
                    }
                    // The longest first part of `rest` that still fits on this line.
                    let fit = breaks(dict, &rest).into_iter().rev().find(|b| {
                        let head = format!(
                            "{line}{sep}{}{}",
                            &rest[..b.at],
                            if b.hyphen { "-" } else { "" }
                        );
                        self.width(&head, size) <= width
                    });
                    if let Some(b) = fit {
                        let hyphen = if b.hyphen { "-" } else { "" };
                        lines.push(format!("{line}{sep}{}{hyphen}", &rest[..b.at]));
                        rest = rest[b.at..].to_string();
                        line.clear();
                        continue;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        continue;
                    }
                    // Nothing fits on an empty line: cut by character.
                    let mut cut = String::new();
                    let mut rest_chars = rest.chars();
                    for ch in rest_chars.by_ref() {
                        cut.push(ch);
                        if self.width(&cut, size) > width && cut.chars().count() > 1 {
                            cut.pop();
                            let tail: String = std::iter::once(ch).chain(rest_chars).collect();
                            lines.push(std::mem::take(&mut cut));
                            rest = tail;
                            break;
                        }
                    }
                    if !cut.is_empty() {
                        line = cut;
                        break;
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

#[cfg(test)]
mod tests {
    use super::{words, Face};
    use crate::lang::Lang;
    use crate::report::hyphen::dictionary;
    use printpdf::{FontId, ParsedFont};

    fn bold() -> ParsedFont {
        let bytes = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).unwrap()
    }

    #[test]
    fn display_text_moves_a_word_that_fits_instead_of_hyphenating_it() {
        let font = bold();
        let face = Face {
            id: FontId::new(),
            font: &font,
        };
        let label = "Responsable du traitement";
        let width = face.width("Responsable du traite-", 9.0) + 1.0;
        let dict = dictionary(Lang::Fr);
        let body = face.wrap(label, 9.0, width, dict);
        assert!(body[0].ends_with('-'), "body text fills the line: {body:?}");
        assert_eq!(
            face.wrap_display(label, 9.0, width, dict),
            ["Responsable du", "traitement"]
        );
        // A word wider than the whole line is still hyphenated.
        let narrow = face.width("traite-", 9.0) + 1.0;
        let cut = face.wrap_display("traitement", 9.0, narrow, dict);
        assert_eq!(cut.concat().replace('-', ""), "traitement");
        assert!(cut.len() > 1, "{cut:?}");
    }

    #[test]
    fn a_no_break_space_keeps_its_word_together() {
        let w: Vec<&str> = words("Résultat\u{a0}: AIPD  requise\n«\u{a0}oui\u{a0}»").collect();
        assert_eq!(
            w,
            ["Résultat\u{a0}:", "AIPD", "requise", "«\u{a0}oui\u{a0}»"]
        );
    }
}
