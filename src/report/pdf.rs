//! Renders a [`Document`] to PDF bytes with printpdf: A4, embedded DejaVu Sans (regular and
//! bold, subset), a footer on every page and a large "DRAFT" mark on unsigned exports.
//! Deterministic: the same document and [`RenderOptions`] give byte-identical output (the
//! dates, font resource names and the trailer `/ID` come from the options, never the clock).

use super::document::{Block, Document};
use super::face::{grey, text, text_rotated, Face};
use super::layout::{Layout, MARGIN_X, PAGE_H, PAGE_W};
use printpdf::{FontId, Mm, OffsetDateTime, Op, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};
use thiserror::Error;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// The PDF's creation and modification date, RFC 3339 UTC (`2026-11-25T10:00:00Z`).
    pub created_at: String,
    /// Whether to mark every page as a draft (unsigned exports).
    pub draft: bool,
}

/// Rendering failed.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("'{value}' is not an RFC 3339 UTC timestamp such as 2026-11-25T10:00:00Z")]
    Timestamp { value: String },
    #[error("the embedded font {name} cannot be read")]
    Font { name: &'static str },
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Where a visible signature box is: its field's name, page index (from 0) and
/// [x1, y1, x2, y2] in pt from the bottom left.
#[derive(Debug, Clone, PartialEq)]
pub struct SignaturePlace {
    pub field: String,
    pub page: usize,
    pub rect: [f32; 4],
}

/// Renders the document to PDF bytes.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    render_placed(doc, options).map(|(bytes, _)| bytes)
}

/// Renders the document and tells where its signature boxes were drawn.
pub fn render_placed(
    doc: &Document,
    options: &RenderOptions,
) -> Result<(Vec<u8>, Vec<SignaturePlace>), RenderError> {
    let when = timestamp(&options.created_at)?;
    let regular = font(REGULAR, "DejaVuSans.ttf")?;
    let bold = font(BOLD, "DejaVuSans-Bold.ttf")?;
    let dict = super::hyphen::dictionary(doc.metadata.lang);

    let mut pdf = PdfDocument::new(&doc.metadata.title);
    // Our own resource names instead of add_font's generated ones, for stable output; six
    // capital letters, because printpdf also uses them as the subset tag (`DPIARG+DejaVuSans`).
    let regular_id = FontId("DPIARG".into());
    let bold_id = FontId("DPIABD".into());
    for (id, f) in [(&regular_id, &regular), (&bold_id, &bold)] {
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(f.clone()));
    }
    let info = &mut pdf.metadata.info;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;

    let faces = || {
        (
            Face {
                id: regular_id.clone(),
                font: &regular,
            },
            Face {
                id: bold_id.clone(),
                font: &bold,
            },
        )
    };
    // Two passes: the first finds the page of every section for the table of contents
    // (whose length does not depend on the numbers), the second prints them.
    let entries: Vec<(u8, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, text } if *text != doc.toc_title => Some((2, text.clone())),
            _ => None,
        })
        .collect();
    let (r, b) = faces();
    let mut first = Layout::new(r, b, dict);
    first.toc = entries.iter().map(|(l, t)| (*l, t.clone(), 0)).collect();
    first.run(&doc.blocks);
    let pages_of: Vec<usize> = first
        .finish()
        .headings
        .iter()
        .filter(|h| h.level == 2 && h.text != doc.toc_title)
        .map(|h| h.page + 1)
        .collect();
    let (r, b) = faces();
    let mut layout = Layout::new(r, b, dict);
    layout.toc = entries
        .iter()
        .zip(pages_of.iter().chain(std::iter::repeat(&0)))
        .map(|((l, t), p)| (*l, t.clone(), *p))
        .collect();
    layout.run(&doc.blocks);
    let laid = layout.finish();
    let (regular_face, bold_face) = faces();
    let place = laid
        .boxes
        .into_iter()
        .map(|(field, (page, rect))| SignaturePlace { field, page, rect })
        .collect();
    let count = laid.pages.len();
    let pages = laid
        .pages
        .into_iter()
        .enumerate()
        .map(|(i, content)| {
            let mut ops = Vec::new();
            if options.draft {
                draft_mark(&mut ops, &bold_face, &doc.draft_mark);
            }
            ops.extend(content);
            let footer = doc
                .footer
                .replace("{pages}", &count.to_string())
                .replace("{page}", &(i + 1).to_string());
            ops.push(Op::SetOutlineColor { col: grey(0.7) });
            ops.push(Op::SetOutlineThickness {
                pt: printpdf::Pt(0.4),
            });
            ops.push(super::table::hline(MARGIN_X, PAGE_W - MARGIN_X, 42.0));
            ops.push(Op::SetFillColor { col: grey(0.35) });
            text(&mut ops, &regular_face, 7.5, MARGIN_X, 30.0, &footer);
            if options.draft {
                // Also as plain text, so the mark survives text extraction.
                let w = bold_face.width(&doc.draft_mark, 8.0);
                text(
                    &mut ops,
                    &bold_face,
                    8.0,
                    PAGE_W - MARGIN_X - w,
                    30.0,
                    &doc.draft_mark,
                );
            }
            ops.push(Op::SetFillColor { col: grey(0.0) });
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let pdf = pdf.with_pages(pages);
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    super::pdfa::finish(&mut lo, &doc.metadata, &laid.headings, &options.created_at)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    stable_id(&mut bytes, &options.created_at);
    Ok((bytes, place))
}

fn timestamp(value: &str) -> Result<OffsetDateTime, RenderError> {
    crate::calendar::unix_seconds(value)
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .ok_or_else(|| RenderError::Timestamp {
            value: value.to_string(),
        })
}

/// A one-page PDF (A4) with only a signature box of `rows` drawn at `rect`: the appearance
/// of a signature added to an already signed report, in the report's own fonts.
pub fn render_signature_box(
    rows: &[(String, String)],
    rect: [f32; 4],
    created_at: &str,
) -> Result<Vec<u8>, RenderError> {
    let when = timestamp(created_at)?;
    let regular = font(REGULAR, "DejaVuSans.ttf")?;
    let bold = font(BOLD, "DejaVuSans-Bold.ttf")?;
    let mut pdf = PdfDocument::new("signature");
    let regular_id = FontId("DPIASR".into());
    let bold_id = FontId("DPIASB".into());
    for (id, f) in [(&regular_id, &regular), (&bold_id, &bold)] {
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(f.clone()));
    }
    pdf.metadata.info.creation_date = when;
    pdf.metadata.info.modification_date = when;
    pdf.metadata.info.metadata_date = when;
    let mut layout = Layout::new(
        Face {
            id: regular_id,
            font: &regular,
        },
        Face {
            id: bold_id,
            font: &bold,
        },
        None,
    );
    layout.signature_box_at(rows, rect);
    let mut pages = layout.finish().pages;
    let ops = pages.pop().unwrap_or_default();
    let mut warnings = Vec::new();
    let mut bytes = pdf
        .with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)])
        .save(&PdfSaveOptions::default(), &mut warnings);
    stable_id(&mut bytes, created_at);
    Ok(bytes)
}

fn font(bytes: &[u8], name: &'static str) -> Result<ParsedFont, RenderError> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(RenderError::Font { name })
}

/// The draft mark: large light grey text across the middle of the page, under the content.
fn draft_mark(ops: &mut Vec<Op>, face: &Face, mark: &str) {
    let size = 96.0;
    let width = face.width(mark, size);
    let angle: f32 = 45.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    // Start so that the rotated baseline's middle sits at the page centre.
    let x = PAGE_W / 2.0 - cos * width / 2.0 + sin * size * 0.35;
    let y = PAGE_H / 2.0 - sin * width / 2.0 - cos * size * 0.35;
    ops.push(Op::SetFillColor { col: grey(0.88) });
    text_rotated(ops, face, size, x, y, angle, mark);
    ops.push(Op::SetFillColor { col: grey(0.0) });
}

/// printpdf fills the trailer `/ID` with a per-process pseudo-random string of 32 capital
/// letters; overwrite both entries in place (same length, so no offset moves) with letters
/// derived from the content before the trailer and the creation date.
fn stable_id(bytes: &mut [u8], created_at: &str) {
    let Some(at) = find_last(bytes, b"/ID") else {
        return;
    };
    let mut hasher = crate::digest::Sha256Hasher::new();
    hasher.update(bytes.get(..at).unwrap_or_default());
    hasher.update(created_at.as_bytes());
    let digest = hasher.finish();
    let letters: Vec<u8> = digest
        .iter()
        .chain(digest.iter())
        .map(|b| b'A' + b % 26)
        .collect();
    let mut i = at;
    let mut filled = 0;
    while i < bytes.len() && filled < 2 {
        if bytes[i] == b'(' {
            let start = i + 1;
            let Some(len) = bytes[start..].iter().position(|&b| b == b')') else {
                return;
            };
            let window = &mut bytes[start..start + len];
            if window.iter().all(u8::is_ascii_uppercase) {
                for (k, b) in window.iter_mut().enumerate() {
                    *b = letters[(k + filled * 32) % letters.len()];
                }
            }
            filled += 1;
            i = start + len;
        }
        i += 1;
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::{Block, Metadata};

    fn doc() -> Document {
        Document {
            title: "T".into(),
            metadata: Metadata {
                title: "Prüfbericht".into(),
                author: "Łukasz".into(),
                subject: "s".into(),
                keywords: vec!["a".into()],
                lang: crate::lang::Lang::De,
                assessment_id: "abcd".into(),
                version_id: "ef01".into(),
            },
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: "Überschrift".into(),
                },
                Block::Paragraph("word ".repeat(2000)),
                Block::Table {
                    headers: vec!["a".into(), "b".into()],
                    rows: vec![vec!["x".repeat(300), "y".into()]; 60],
                },
            ],
            footer: "page {page} of {pages} · assessment abcd".into(),
            draft_mark: "DRAFT".into(),
            toc_title: "Inhalt".into(),
        }
    }

    #[test]
    fn renders_deterministically_within_one_process() {
        let o = RenderOptions {
            created_at: "2026-11-25T10:00:00Z".into(),
            draft: true,
        };
        let a = render(&doc(), &o).unwrap();
        let b = render(&doc(), &o).unwrap();
        assert!(a.starts_with(b"%PDF-"));
        assert!(a == b, "two renders differ");
    }

    #[test]
    fn bad_timestamp_is_an_error() {
        let o = RenderOptions {
            created_at: "yesterday".into(),
            draft: false,
        };
        assert!(matches!(
            render(&doc(), &o),
            Err(RenderError::Timestamp { .. })
        ));
    }
}
