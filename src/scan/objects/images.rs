//! Image metadata (EXIF) of an uploaded photo, read with `kamadak-exif` (JPEG, TIFF, PNG,
//! WebP, HEIF/HEIC): where it was taken (GPS), who took or owns the camera (Artist,
//! Copyright, CameraOwnerName, the Windows XPAuthor field), the camera's serial number, and
//! when it was taken. Only whether each is present is kept, never the values.

use exif::{In, Tag, Value};
use std::io::{BufRead, Seek};

/// The Windows "Authors" field (XPAuthor, UCS-2), which Explorer writes.
const XP_AUTHOR: Tag = Tag(exif::Context::Tiff, 0x9c9d);

/// What one image's metadata holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageFacts {
    /// GPS latitude and longitude.
    pub gps: bool,
    /// A person: artist, copyright holder, camera owner or author.
    pub person: bool,
    /// The serial number of the camera body or lens.
    pub serial: bool,
    /// When the photo was taken.
    pub taken_at: bool,
}

/// Reads the EXIF metadata of an image. An image without EXIF has no facts; an image whose
/// container or metadata is broken is an error (in words).
pub fn facts<R: BufRead + Seek>(image: &mut R) -> Result<ImageFacts, String> {
    let exif = match exif::Reader::new().read_from_container(image) {
        Ok(exif) => exif,
        Err(exif::Error::NotFound(_)) => return Ok(ImageFacts::default()),
        Err(e) => return Err(format!("cannot read the image metadata: {e}")),
    };
    let present = |tag: Tag| {
        [In::PRIMARY, In::THUMBNAIL]
            .into_iter()
            .filter_map(|ifd| exif.get_field(tag, ifd))
            .any(|f| has_value(&f.value))
    };
    Ok(ImageFacts {
        gps: present(Tag::GPSLatitude) && present(Tag::GPSLongitude),
        person: [Tag::Artist, Tag::Copyright, Tag::CameraOwnerName, XP_AUTHOR]
            .into_iter()
            .any(present),
        serial: present(Tag::BodySerialNumber) || present(Tag::LensSerialNumber),
        taken_at: present(Tag::DateTimeOriginal) || present(Tag::DateTime),
    })
}

/// Whether a field holds something: text that is not blank, or any number.
fn has_value(value: &Value) -> bool {
    match value {
        Value::Ascii(parts) => parts
            .iter()
            .any(|p| p.iter().any(|b| !b.is_ascii_whitespace() && *b != 0)),
        Value::Byte(bytes) | Value::Undefined(bytes, _) => bytes.iter().any(|&b| b != 0),
        Value::Rational(v) => !v.is_empty(),
        Value::SRational(v) => !v.is_empty(),
        Value::Short(v) => !v.is_empty(),
        Value::Long(v) => !v.is_empty(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use exif::experimental::Writer;
    use exif::{Field, Rational};

    /// A JPEG holding only an EXIF segment with `fields`.
    pub fn jpeg_with(fields: &[Field]) -> Vec<u8> {
        let mut writer = Writer::new();
        for f in fields {
            writer.push_field(f);
        }
        let mut tiff = std::io::Cursor::new(Vec::new());
        writer.write(&mut tiff, false).unwrap();
        let tiff = tiff.into_inner();
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&u16::try_from(tiff.len() + 8).unwrap().to_be_bytes());
        jpeg.extend_from_slice(b"Exif\0\0");
        jpeg.extend_from_slice(&tiff);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        jpeg
    }

    fn rational(n: u32) -> Value {
        Value::Rational(vec![
            Rational { num: n, denom: 1 },
            Rational { num: 0, denom: 1 },
            Rational { num: 0, denom: 1 },
        ])
    }

    #[test]
    fn gps_artist_serial_and_date_are_found() {
        let field = |tag, value| Field {
            tag,
            ifd_num: In::PRIMARY,
            value,
        };
        let jpeg = jpeg_with(&[
            field(Tag::GPSLatitude, rational(52)),
            field(Tag::GPSLongitude, rational(13)),
            field(Tag::Artist, Value::Ascii(vec![b"Anna Berger".to_vec()])),
            field(
                Tag::BodySerialNumber,
                Value::Ascii(vec![b"0123456".to_vec()]),
            ),
            field(
                Tag::DateTimeOriginal,
                Value::Ascii(vec![b"2026:05:01 10:00:00".to_vec()]),
            ),
        ]);
        let facts = facts(&mut std::io::Cursor::new(jpeg)).unwrap();
        assert_eq!(
            facts,
            ImageFacts {
                gps: true,
                person: true,
                serial: true,
                taken_at: true
            }
        );
    }

    #[test]
    fn blank_fields_and_missing_exif_are_nothing_and_garbage_is_an_error() {
        let blank = jpeg_with(&[Field {
            tag: Tag::Artist,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"   ".to_vec()]),
        }]);
        assert_eq!(
            facts(&mut std::io::Cursor::new(blank)).unwrap(),
            ImageFacts::default()
        );
        let bare = vec![0xFF, 0xD8, 0xFF, 0xD9];
        assert_eq!(
            facts(&mut std::io::Cursor::new(bare)).unwrap(),
            ImageFacts::default()
        );
        let broken = vec![
            0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40, b'E', b'x', b'i', b'f', 0, 0, 1,
        ];
        assert!(facts(&mut std::io::Cursor::new(broken)).is_err());
    }
}
