//! The DPIA report: [`Document::build`] turns an assessment version (evaluation, scan,
//! answers) into our own page-independent [`Document`] in the wording of a [`Template`];
//! [`pdf::render`] lays it out as PDF bytes. Nothing here reads the clock or prints: dates
//! come in through [`ReportInput`] and [`RenderOptions`].

mod chapters;
mod ctx;
pub mod document;
mod face;
mod hyphen;
mod inventory;
mod layout;
pub mod pdf;
mod pdfa;
mod risk_map;
mod risks;
mod screening;
mod signoff;
mod summary;
mod table;
pub mod template;
mod transfers;

pub use document::{
    Block, Document, Metadata, ReportInput, SignatureBlock, SignatureSlot, SignedCopy, Signer,
};
pub use pdf::{
    render, render_placed, render_signature_box, RenderError, RenderOptions, SignaturePlace,
};
pub use template::{Template, TemplateError};
