//! The record of processing activities as CSV: a header row with the letters of Art. 30(1),
//! then one row per processing activity; lists one item a line inside their cell. UTF-8
//! with a byte-order mark, so spreadsheets read umlauts right, written by the `csv` crate
//! (RFC 4180 quoting). A cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`
//! first) gets a leading apostrophe: texts come from answers and scanned code, and must not
//! run as formulas when the record is opened (CSV injection).

use super::{Ropa, RopaWords};

/// The record as CSV text.
pub fn to_csv(ropa: &Ropa, words: &RopaWords) -> Result<String, ::csv::Error> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(words.headers())?;
    for a in &ropa.activities {
        writer.write_record(a.cells(words).iter().map(|c| inert(c)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// A cell that cannot start a formula.
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-1"), "'-1");
        assert_eq!(inert("Example GmbH"), "Example GmbH");
    }
}
