//! Writing PDF objects as bytes for an incremental update: lopdf 0.44 reads PDFs but keeps
//! its writer private, so dictionaries copied from the original (catalog, page) and the
//! objects of a signature appearance are re-emitted here. Strings are always written as hex,
//! names with `#xx` escapes; a stream is written as it was read (still encoded).

use lopdf::{Dictionary, Object};

/// Appends `object` in PDF syntax. Streams are refused: an update only rewrites
/// dictionaries.
pub fn write_object(out: &mut Vec<u8>, object: &Object) -> Result<(), String> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, _) => write_hex_string(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item)?;
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d)?,
        Object::Reference((num, generation)) => {
            out.extend_from_slice(format!("{num} {generation} R").as_bytes())
        }
        Object::Stream(_) => return Err("cannot rewrite a stream object".into()),
    }
    Ok(())
}

/// Appends the indirect object `id` (`n g obj … endobj`); `object` may be a stream.
pub fn write_object_at(out: &mut Vec<u8>, id: (u32, u16), object: &Object) -> Result<(), String> {
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    match object {
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(out, &dict)?;
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        other => write_object(out, other)?,
    }
    out.extend_from_slice(b"\nendobj\n");
    Ok(())
}

/// Appends `<<…>>` with every entry of `dict`.
pub fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) -> Result<(), String> {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value)?;
    }
    out.extend_from_slice(b">>");
    Ok(())
}

fn real(r: f32) -> String {
    let s = format!("{r:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// `/Name` with delimiters, `#` and bytes outside `!`..`~` escaped as `#xx`.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let delimiter = b"()<>[]{}/%#".contains(&b);
        if (b'!'..=b'~').contains(&b) && !delimiter {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// `<…>` hex string of raw bytes.
pub fn write_hex_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for b in bytes {
        out.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    out.push(b'>');
}

/// A PDF text string: hex UTF-16BE with a byte-order mark (needs no escaping, shows any
/// script).
pub fn text_string(text: &str) -> String {
    let mut s = String::from("<FEFF");
    for unit in text.encode_utf16() {
        s.push_str(&format!("{unit:04X}"));
    }
    s.push('>');
    s
}

/// Decodes a PDF text string: UTF-16BE with BOM, else PDFDocEncoding read as Latin-1.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// `D:YYYYMMDDHHmmSS+00'00'` for seconds since 1970 (UTC).
pub fn pdf_date(unix: u64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days((unix / 86_400) as i64);
    let rest = unix % 86_400;
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}+00'00'",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Seconds since 1970 from a PDF date (`D:YYYYMMDDHHmmSS` with an optional `Z` or `±HH'mm'`
/// offset; missing parts count as their minimum).
pub fn parse_pdf_date(text: &str) -> Option<u64> {
    let s = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, len: usize, default: i64| -> Option<i64> {
        digits
            .get(from..from + len)
            .map_or(Some(default), |p| p.parse().ok())
    };
    let (y, mo, d) = (part(0, 4, 0)?, part(4, 2, 1)?, part(6, 2, 1)?);
    let (h, mi, se) = (part(8, 2, 0)?, part(10, 2, 0)?, part(12, 2, 0)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let rest = &s[digits.len()..];
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<i64> = rest[1..]
                .split('\'')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            let secs = nums.first().unwrap_or(&0) * 3600 + nums.get(1).unwrap_or(&0) * 60;
            if sign == '+' {
                secs
            } else {
                -secs
            }
        }
        _ => 0,
    };
    let days = crate::calendar::days_from_civil(y, mo as u32, d as u32);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se - offset;
    u64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = 1_795_600_000;
        let text = pdf_date(t);
        assert_eq!(parse_pdf_date(&text), Some(t));
        assert_eq!(
            parse_pdf_date("D:20261125100000+01'00'"),
            parse_pdf_date("D:20261125090000Z")
        );
        assert_eq!(parse_pdf_date("D:2026"), parse_pdf_date("D:20260101000000"));
        assert_eq!(parse_pdf_date("D:20261345"), None);
    }

    #[test]
    fn text_strings_round_trip_any_script() {
        let s = "Łukasz Żółć – Prüfung";
        let hex = text_string(s);
        let bytes: Vec<u8> = (1..hex.len() - 1)
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0))
            .collect();
        assert_eq!(decode_text(&bytes), s);
    }

    #[test]
    fn names_and_dictionaries_are_escaped() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Some Name#1".to_vec()));
        d.set(
            "Kids",
            Object::Array(vec![Object::Reference((3, 0)), Object::Real(1.5)]),
        );
        let mut out = Vec::new();
        write_dictionary(&mut out, &d).expect("write");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<</Type /Some#20Name#231/Kids [3 0 R 1.5]>>"
        );
    }
}
