//! Reading a PDF that someone sent us, within bounds: a size cap on the file, a cap on what
//! lopdf may inflate while loading (object and cross-reference streams), and the byte-level
//! facts verification needs that lopdf does not keep: where a signature dictionary's
//! `/Contents` value lies in the file (found through the cross-reference table, not by
//! searching), and the Info keywords.

use super::pdf_objects::decode_text;
use lopdf::{Document, LoadOptions, Object, ObjectId};
use std::cell::Cell;

/// The largest PDF dpia reads.
pub const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;
/// The most one object or cross-reference stream may inflate to while loading.
pub const MAX_STREAM_BYTES: usize = 8 * 1024 * 1024;
/// The most object streams a PDF may have (each may inflate to [`MAX_STREAM_BYTES`]).
pub const MAX_OBJECT_STREAMS: usize = 16;

thread_local! {
    /// Object streams seen by [`count_object_streams`] during the current load.
    static OBJECT_STREAMS: Cell<usize> = const { Cell::new(0) };
}

/// lopdf's load filter: counts object streams and drops those past the limit before lopdf
/// inflates them (lopdf loads on the calling thread without its rayon feature).
fn count_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            let seen = OBJECT_STREAMS.with(|c| {
                c.set(c.get() + 1);
                c.get()
            });
            if seen > MAX_OBJECT_STREAMS {
                return None;
            }
        }
    }
    // lopdf keeps using `object` itself; only None (drop it) matters.
    Some((id, Object::Null))
}

/// Loads `pdf` with lopdf under the limits above; the error says what is wrong.
pub fn load(pdf: &[u8]) -> Result<Document, String> {
    if pdf.len() as u64 > MAX_PDF_BYTES {
        return Err(too_large(pdf.len() as u64));
    }
    OBJECT_STREAMS.with(|c| c.set(0));
    let options = LoadOptions {
        filter: Some(count_object_streams),
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let loaded = Document::load_mem_with_options(pdf, options);
    let streams = OBJECT_STREAMS.with(Cell::get);
    if streams > MAX_OBJECT_STREAMS {
        return Err(format!(
            "the PDF has more than {MAX_OBJECT_STREAMS} object streams; dpia does not read such files (a dpia report has none)"
        ));
    }
    loaded.map_err(|e| format!("the PDF structure is damaged ({e})"))
}

/// The message for a file over [`MAX_PDF_BYTES`].
pub fn too_large(bytes: u64) -> String {
    format!(
        "the file has {} MiB; dpia reads PDFs of at most {} MiB",
        bytes / (1024 * 1024),
        MAX_PDF_BYTES / (1024 * 1024)
    )
}

/// Where the value of `/Contents` of the dictionary object `id` lies in `pdf`: the offset of
/// its `<` and the offset after its `>`. The object's offset comes from the cross-reference
/// table; the dictionary is then read token by token at that offset.
pub fn contents_span(pdf: &[u8], doc: &Document, id: ObjectId) -> Result<(usize, usize), String> {
    let offset = match doc.reference_table.get(id.0) {
        Some(lopdf::xref::XrefEntry::Normal { offset, generation }) if *generation == id.1 => {
            *offset as usize
        }
        Some(lopdf::xref::XrefEntry::Compressed { .. }) => {
            return Err("the signature dictionary is inside an object stream".into())
        }
        _ => return Err("the signature dictionary is not in the cross-reference table".into()),
    };
    let mut t = Tokens { pdf, at: offset };
    let header = format!("{} {} obj", id.0, id.1);
    let header_ok = [id.0.to_string(), id.1.to_string(), "obj".to_string()]
        .iter()
        .all(|want| {
            t.next_token()
                .is_some_and(|(s, e)| &pdf[s..e] == want.as_bytes())
        });
    if !header_ok {
        return Err(format!(
            "the cross-reference table does not point at '{header}'"
        ));
    }
    if t.next_token().map(|(s, e)| &pdf[s..e]) != Some(b"<<") {
        return Err("the signature object is not a dictionary".into());
    }
    // Keys and values alternate at depth 1 until the closing `>>`.
    loop {
        let (ks, ke) = t
            .next_token()
            .ok_or("the signature dictionary is cut short")?;
        let key = &pdf[ks..ke];
        if key == b">>" {
            return Err("the signature dictionary has no /Contents".into());
        }
        if !key.starts_with(b"/") {
            return Err("the signature dictionary is malformed".into());
        }
        let (vs, ve) = t.value().ok_or("the signature dictionary is cut short")?;
        if unescape_name(&key[1..]) == b"Contents" {
            if pdf.get(vs) != Some(&b'<') || pdf.get(ve - 1) != Some(&b'>') {
                return Err("the signature's /Contents is not a hex string".into());
            }
            return Ok((vs, ve));
        }
    }
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' {
            if let Some(b) = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// A minimal PDF tokenizer over raw bytes: enough to walk one dictionary.
struct Tokens<'p> {
    pdf: &'p [u8],
    at: usize,
}

const DELIMITERS: &[u8] = b"()<>[]{}/%";

impl Tokens<'_> {
    fn skip_space(&mut self) {
        while let Some(&b) = self.pdf.get(self.at) {
            if b == b'%' {
                while self
                    .pdf
                    .get(self.at)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.at += 1;
                }
            } else if b.is_ascii_whitespace() || b == 0 {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    /// The span of the next token (`<<`, `>>`, `[`, `]`, a name, a string, or a word).
    fn next_token(&mut self) -> Option<(usize, usize)> {
        self.skip_space();
        let start = self.at;
        let b = *self.pdf.get(start)?;
        let two = self.pdf.get(start..start + 2);
        if two == Some(b"<<") || two == Some(b">>") {
            self.at += 2;
        } else if b == b'[' || b == b']' || b == b'{' || b == b'}' {
            self.at += 1;
        } else if b == b'(' {
            self.literal_string()?;
        } else if b == b'<' {
            let end = self.pdf[start..].iter().position(|&c| c == b'>')?;
            self.at = start + end + 1;
        } else {
            self.at += 1;
            while let Some(&c) = self.pdf.get(self.at) {
                if c.is_ascii_whitespace() || DELIMITERS.contains(&c) {
                    break;
                }
                self.at += 1;
            }
        }
        Some((start, self.at))
    }

    fn literal_string(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let c = *self.pdf.get(self.at)?;
            self.at += 1;
            match c {
                b'\\' => self.at += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                _ => {}
            }
        }
    }

    /// The span of one value: a whole array or dictionary, a reference `n g R`, or a token.
    fn value(&mut self) -> Option<(usize, usize)> {
        let (start, end) = self.next_token()?;
        match &self.pdf[start..end] {
            b"<<" | b"[" => {
                let mut depth = 1usize;
                while depth > 0 {
                    let (s, e) = self.next_token()?;
                    match &self.pdf[s..e] {
                        b"<<" | b"[" => depth += 1,
                        b">>" | b"]" => depth -= 1,
                        _ => {}
                    }
                }
                Some((start, self.at))
            }
            word if word.iter().all(u8::is_ascii_digit) => {
                // Maybe `n g R`.
                let save = self.at;
                let generation = self.next_token();
                let r = self.next_token();
                match (generation, r) {
                    (Some((gs, ge)), Some((rs, re)))
                        if self.pdf[gs..ge].iter().all(u8::is_ascii_digit)
                            && &self.pdf[rs..re] == b"R" =>
                    {
                        Some((start, re))
                    }
                    _ => {
                        self.at = save;
                        Some((start, end))
                    }
                }
            }
            _ => Some((start, end)),
        }
    }
}

/// Decodes hex digits (whitespace allowed); None if anything else is there.
pub fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

/// The document's Info keywords, split at commas and semicolons.
pub fn info_keywords(doc: &Document) -> Vec<String> {
    let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
    else {
        return Vec::new();
    };
    info.get(b"Keywords")
        .and_then(Object::as_str)
        .map(decode_text)
        .map(|k| {
            k.split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `end` is where a revision ends: right after `%%EOF` and its end-of-line.
pub fn is_revision_end(pdf: &[u8], end: usize) -> bool {
    let Some(head) = pdf.get(..end) else {
        return false;
    };
    let trimmed = head
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    end - trimmed <= 2 && head[..trimmed].ends_with(b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-object PDF whose object 1 is `dict`, with a correct xref.
    fn pdf_with(dict: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let one = out.len();
        out.extend_from_slice(format!("1 0 obj\n{dict}\nendobj\n").as_bytes());
        let two = out.len();
        out.extend_from_slice(b"2 0 obj\n<</Type /Catalog /Pages 3 0 R>>\nendobj\n");
        let three = out.len();
        out.extend_from_slice(b"3 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n");
        let x = out.len();
        out.extend_from_slice(
            format!(
                "xref\n0 4\n0000000000 65535 f\r\n{one:010} 00000 n\r\n{two:010} 00000 n\r\n{three:010} 00000 n\r\ntrailer\n<</Size 4 /Root 2 0 R>>\nstartxref\n{x}\n%%EOF\n"
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn contents_is_found_through_the_xref_past_nested_values() {
        let pdf = pdf_with(
            "<</Type /Sig /Reason (a \\) /Contents <00> tricky) /Prop <</Contents <AA>>> /ByteRange [0 1 2 3] /Cont#65nts <ABCD00> /M (x)>>",
        );
        let doc = load(&pdf).expect("load");
        let (s, e) = contents_span(&pdf, &doc, (1, 0)).expect("span");
        assert_eq!(&pdf[s..e], b"<ABCD00>");
    }

    #[test]
    fn a_dictionary_without_contents_or_with_a_literal_is_refused() {
        let pdf = pdf_with("<</Type /Sig /ByteRange [0 1 2 3]>>");
        let doc = load(&pdf).expect("load");
        assert!(contents_span(&pdf, &doc, (1, 0))
            .expect_err("none")
            .contains("no /Contents"));
        let pdf = pdf_with("<</Type /Sig /Contents (abc)>>");
        let doc = load(&pdf).expect("load");
        assert!(contents_span(&pdf, &doc, (1, 0))
            .expect_err("literal")
            .contains("not a hex string"));
    }

    #[test]
    fn revision_ends_and_hex() {
        assert!(is_revision_end(b"x\n%%EOF\n", 8));
        assert!(is_revision_end(b"x\n%%EOF\r\n", 9));
        assert!(!is_revision_end(b"x\n%%EOF\nmore", 12));
        assert_eq!(decode_hex(b"0A ff"), Some(vec![10, 255]));
        assert_eq!(decode_hex(b"0g"), None);
    }

    #[test]
    fn an_object_stream_bomb_is_refused_without_inflating_it() {
        // M3: object streams of 1 MiB of zeros each, far more than allowed.
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![0u8; 1 << 20]).expect("zlib");
        let bomb = z.finish().expect("zlib");
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        offsets.push(out.len());
        out.extend_from_slice(b"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n");
        offsets.push(out.len());
        out.extend_from_slice(b"2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n");
        let streams = MAX_OBJECT_STREAMS + 4;
        for n in 0..streams {
            offsets.push(out.len());
            out.extend_from_slice(
                format!(
                    "{} 0 obj\n<</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {}>>\nstream\n",
                    n + 3,
                    bomb.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(&bomb);
            out.extend_from_slice(b"\nendstream\nendobj\n");
        }
        let x = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f\r\n", offsets.len() + 1).as_bytes(),
        );
        for o in &offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<</Size {} /Root 1 0 R>>\nstartxref\n{x}\n%%EOF\n",
                offsets.len() + 1
            )
            .as_bytes(),
        );
        let e = load(&out).expect_err("refused");
        assert!(e.contains("object streams"), "{e}");
    }
}
