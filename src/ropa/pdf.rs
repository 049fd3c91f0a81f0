//! The record of processing activities as a PDF, through the report's renderer (A4, DejaVu
//! Sans, hyphenation, page X of Y, PDF/A aims): a title, an overview table of the activities,
//! then one block per activity with each point of Art. 30(1) under its label.

use super::{Ropa, RopaWords};
use crate::report::{render, Block, Document, Metadata, RenderError, RenderOptions};

/// Cells of [`super::Activity::cells`] that are lists, one item a line.
const LISTS: &[usize] = &[9, 10, 11, 12, 14];

/// The record as a document; `drawn_up` is the day it is drawn up, in words.
pub fn document(ropa: &Ropa, w: &RopaWords, drawn_up: &str) -> Document {
    let words = crate::assessment::Words::new(w.language(), None, None);
    let mut b = vec![
        Block::Heading {
            level: 1,
            text: w.title.clone(),
        },
        Block::Paragraph(w.intro.clone()),
        Block::Small(super::wording::fill(&w.drawn_up, &[("date", drawn_up)])),
    ];
    if let Some(status) = &ropa.status_filter {
        let status = w.status_word(status);
        b.push(Block::Small(super::wording::fill(
            &w.only_status,
            &[("status", &status)],
        )));
    }
    if ropa.activities.is_empty() {
        b.push(Block::Paragraph(w.empty.clone()));
    } else {
        b.push(Block::Heading {
            level: 2,
            text: w.overview.clone(),
        });
        b.push(Block::Table {
            headers: vec![
                w.number.clone(),
                w.activity.clone(),
                w.controller_short.clone(),
                w.status.clone(),
                w.date.clone(),
            ],
            rows: ropa
                .activities
                .iter()
                .enumerate()
                .map(|(n, a)| {
                    let cells = a.cells(w);
                    vec![
                        (n + 1).to_string(),
                        a.name.clone(),
                        cells[5].clone(),
                        cells[2].clone(),
                        words.date(&a.date),
                    ]
                })
                .collect(),
        });
    }
    let headers = w.headers();
    for (n, a) in ropa.activities.iter().enumerate() {
        let cells = a.cells(w);
        b.push(Block::Heading {
            level: 2,
            text: format!("{}. {}", n + 1, a.name),
        });
        b.push(Block::KeyValue(vec![
            (
                w.assessment.clone(),
                a.assessment.chars().take(12).collect(),
            ),
            (w.status.clone(), cells[2].clone()),
            (
                w.version.clone(),
                format!("{} ({} {})", a.version, w.date, words.date(&a.date)),
            ),
        ]));
        for (i, (label, cell)) in headers.iter().zip(&cells).enumerate().skip(5) {
            b.push(Block::Label((*label).to_string()));
            if LISTS.contains(&i) && cell.contains('\n') {
                b.push(Block::List(cell.lines().map(str::to_string).collect()));
            } else {
                for line in cell.lines().filter(|l| !l.trim().is_empty()) {
                    b.push(Block::Paragraph(line.to_string()));
                }
            }
        }
    }
    Document {
        title: w.title.clone(),
        metadata: Metadata {
            title: w.subject.clone(),
            author: String::new(),
            subject: w.subject.clone(),
            keywords: vec![w.title.clone()],
            lang: w.language(),
            assessment_id: String::new(),
            version_id: String::new(),
        },
        blocks: b,
        footer: w.footer.clone(),
        draft_mark: String::new(),
        toc_title: w.overview.clone(),
    }
}

/// The record as PDF bytes; `created_at` (RFC 3339) is the PDF's date and the day it is
/// drawn up.
pub fn to_pdf(ropa: &Ropa, w: &RopaWords, created_at: &str) -> Result<Vec<u8>, RenderError> {
    let words = crate::assessment::Words::new(w.language(), None, None);
    let day: String = created_at.chars().take(10).collect();
    let doc = document(ropa, w, &words.date(&day));
    render(
        &doc,
        &RenderOptions {
            created_at: created_at.to_string(),
            draft: false,
        },
    )
}
