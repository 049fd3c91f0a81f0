//! The text of an uploaded document: PDF (with `lopdf`, already used for the report), DOCX
//! (the `word/document.xml` part of the zip, with `zip`) and plain text. Every read is
//! bounded (file size, decompressed size, text kept), and a parser that fails or panics on a
//! crafted file gives an error in words, never a crash.

use std::io::{Read, Seek};

/// Largest PDF read (it is loaded whole).
pub const MAX_PDF_BYTES: u64 = 32 << 20;
/// Decompressed content streams examined per PDF page.
const MAX_PAGE_CONTENT: usize = 4 << 20;
/// Pages of a PDF whose text is extracted.
const MAX_PAGES: usize = 200;
/// Bytes of a DOCX's document part read (decompressed).
const MAX_DOCX_XML: u64 = 16 << 20;
/// Text kept per document; the detection reads the first 1 MiB.
pub const MAX_TEXT_BYTES: u64 = 1 << 20;

/// The text of a PDF.
pub fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let run = || -> Result<String, String> {
        // Object and cross-reference streams are decoded while loading: bounded too.
        let options = lopdf::LoadOptions {
            max_decompressed_size: Some(MAX_PAGE_CONTENT),
            ..lopdf::LoadOptions::default()
        };
        let doc = lopdf::Document::load_mem_with_options(bytes, options)
            .map_err(|e| format!("not a readable PDF: {e}"))?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().take(MAX_PAGES).collect();
        let mut text = String::new();
        for page in pages {
            // Page by page, so that one page the extractor cannot read does not hide the rest.
            if let Ok(t) = doc.extract_text_with_limit(&[page], MAX_PAGE_CONTENT) {
                text.push_str(&t);
                text.push('\n');
            }
            if text.len() as u64 >= MAX_TEXT_BYTES {
                break;
            }
        }
        Ok(text)
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("not a readable PDF (the PDF parser failed)".to_string()))
}

/// The text of a DOCX: the character data of `word/document.xml`, paragraphs on their own
/// lines.
pub fn docx_text<R: Read + Seek>(file: R) -> Result<String, String> {
    let run = || -> Result<String, String> {
        let mut zip =
            zip::ZipArchive::new(file).map_err(|e| format!("not a readable DOCX: {e}"))?;
        let mut part = zip
            .by_name("word/document.xml")
            .map_err(|e| format!("not a readable DOCX (word/document.xml: {e})"))?;
        let mut xml = Vec::new();
        (&mut part)
            .take(MAX_DOCX_XML)
            .read_to_end(&mut xml)
            .map_err(|e| format!("not a readable DOCX (word/document.xml: {e})"))?;
        Ok(xml_text(&String::from_utf8_lossy(&xml)))
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("not a readable DOCX (the zip reader failed)".to_string()))
}

/// The character data of WordprocessingML: text outside tags, entities decoded, a line
/// break for each paragraph end, a space for tabs and breaks.
fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 4);
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        push_decoded(&rest[..open], &mut out);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        if tag == "/w:p" {
            out.push('\n');
        } else if tag.starts_with("w:tab") || tag.starts_with("w:br") {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
        if out.len() as u64 >= MAX_TEXT_BYTES {
            return out;
        }
    }
    out
}

/// Appends XML character data with the five named entities and numeric references decoded.
fn push_decoded(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The text of a plain-text file (UTF-8, or Latin-1 when it is not), its first
/// [`MAX_TEXT_BYTES`].
pub fn plain_text<R: Read>(file: R) -> Result<String, String> {
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    // A multi-byte character cut at the limit is not a reason to read the text as Latin-1.
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => bytes.len(),
    };
    bytes.truncate(valid);
    Ok(crate::scan::text::decode(&bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docx_text_is_the_paragraphs_with_entities_decoded() {
        let xml = r#"<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>Arbeitsunf&#228;higkeitsbescheinigung</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Diagnose: </w:t><w:tab/><w:t>Asthma &amp; Bronchitis</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            xml_text(xml),
            "Arbeitsunfähigkeitsbescheinigung\nDiagnose:  Asthma & Bronchitis\n"
        );
        let mut docx = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut docx);
            zip.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
            zip.finish().unwrap();
        }
        docx.set_position(0);
        assert!(docx_text(docx).unwrap().contains("Asthma & Bronchitis"));
    }

    /// A one-page PDF showing `line` in Helvetica.
    fn pdf_with(line: &str) -> Vec<u8> {
        let stream = format!("BT /F1 11 Tf 72 760 Td ({line}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_string(),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
        }
        let xref = out.len();
        out.push_str("xref\n0 6\n0000000000 65535 f \n");
        for o in offsets {
            out.push_str(&format!("{o:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        out.into_bytes()
    }

    #[test]
    fn pdf_text_is_extracted() {
        let text = pdf_text(&pdf_with("Diagnose: Asthma bronchiale")).unwrap();
        assert!(text.contains("Asthma bronchiale"), "{text:?}");
    }

    #[test]
    fn broken_documents_are_errors_not_panics() {
        assert!(pdf_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>").is_err());
        assert!(pdf_text(b"").is_err());
        assert!(docx_text(std::io::Cursor::new(b"PK\x03\x04garbage".to_vec())).is_err());
        assert_eq!(xml_text("<a>x &bogus; y &#xZZ; <b"), "x &bogus; y &#xZZ; ");
    }

    #[test]
    fn plain_text_reads_utf8_and_latin1() {
        assert_eq!(plain_text(&b"schwanger"[..]).unwrap(), "schwanger");
        assert_eq!(plain_text(&b"M\xFCller"[..]).unwrap(), "Müller");
    }
}
