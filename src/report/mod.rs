//! The DPIA report: [`Document::build`] turns an assessment version (evaluation, scan,
//! answers) into our own page-independent [`Document`] in the wording of a [`Template`];
//! [`pdf::render`] lays it out as PDF bytes. Nothing here reads the clock or prints: dates
//! come in through [`ReportInput`] and [`RenderOptions`].

pub mod document;
mod layout;
pub mod pdf;
mod risk_map;
pub mod template;

pub use document::{Block, Document, Metadata, ReportInput, SignatureBlock, SignatureSlot};
pub use pdf::{
    render, render_placed, render_signature_box, RenderError, RenderOptions, SignaturePlace,
};
pub use template::{Template, TemplateError};
