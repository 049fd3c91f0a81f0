//! How a value's canonical JSON is kept in sled: as it is when small, zlib-compressed
//! (flate2, the deflate implementation already in dpia's build) when it is over a kilobyte.
//! Versions and scans are JSON documents of kilobytes that compress three to five times, and
//! sled keeps several copies of a value on disk until it reclaims space, so this is most of
//! what keeps a record of hundreds of versions small.
//!
//! A stored value starting with `{` is plain JSON; one starting with zlib's header byte
//! (`0x78`) is compressed; anything else is damage. Hashes are always over the JSON text, never
//! over the stored bytes. Decompression stops at [`MAX_VALUE`], so damaged or crafted bytes
//! cannot exhaust memory.

use std::borrow::Cow;
use std::io::{Read, Write};

/// Values longer than this are compressed.
const COMPRESS_FROM: usize = 1024;
/// The largest value decompressed (a scan of a very wide database stays far below).
pub(crate) const MAX_VALUE: u64 = 256 << 20;
/// The first byte of a zlib stream (deflate, 32 KiB window).
const ZLIB: u8 = 0x78;

/// The bytes to store for canonical JSON `json`.
pub(crate) fn encode(json: &str) -> Vec<u8> {
    if json.len() < COMPRESS_FROM {
        return json.as_bytes().to_vec();
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail; should it, the plain text is stored instead.
    match encoder
        .write_all(json.as_bytes())
        .and_then(|()| encoder.finish())
    {
        Ok(packed) if packed.len() < json.len() => packed,
        _ => json.as_bytes().to_vec(),
    }
}

/// The JSON text of stored bytes; what is wrong with them otherwise.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    decode_at_most(bytes, MAX_VALUE)
}

fn decode_at_most(bytes: &[u8], max: u64) -> Result<Cow<'_, [u8]>, String> {
    match bytes.first() {
        Some(&ZLIB) => {
            let mut out = Vec::new();
            let mut reader = flate2::read::ZlibDecoder::new(bytes).take(max + 1);
            reader
                .read_to_end(&mut out)
                .map_err(|e| format!("its compressed bytes are damaged ({e})"))?;
            if out.len() as u64 > max {
                return Err(format!("it decompresses to more than {max} bytes"));
            }
            if out.first() != Some(&b'{') {
                return Err("it decompresses to something that is not a JSON object".into());
            }
            Ok(Cow::Owned(out))
        }
        _ => Ok(Cow::Borrowed(bytes)),
    }
}

/// Parses stored bytes as JSON (decompressing them first if needed).
pub(crate) fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let json = decode(bytes)?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values_stay_plain_and_large_ones_round_trip_compressed() {
        assert_eq!(encode("{\"a\":1}"), b"{\"a\":1}");
        let large = format!("{{\"text\":\"{}\"}}", "Hausverwaltung ".repeat(200));
        let stored = encode(&large);
        assert_eq!(stored[0], ZLIB);
        assert!(stored.len() * 10 < large.len());
        assert_eq!(decode(&stored).unwrap().as_ref(), large.as_bytes());
        let parsed: serde_json::Value = parse(&stored).unwrap();
        assert!(parsed["text"]
            .as_str()
            .unwrap()
            .starts_with("Hausverwaltung"));
    }

    #[test]
    fn damaged_and_oversized_values_are_errors() {
        let large = format!("{{\"text\":\"{}\"}}", "x".repeat(5000));
        let mut stored = encode(&large);
        let n = stored.len();
        stored[n / 2] ^= 0xff;
        assert!(decode(&stored).is_err() || parse::<serde_json::Value>(&stored).is_err());
        let mut bomb = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        bomb.write_all(b"{").unwrap();
        bomb.write_all(&vec![b' '; 3 << 20]).unwrap();
        let bomb = bomb.finish().unwrap();
        assert!(bomb.len() < 10_000);
        let err = decode_at_most(&bomb, 1 << 20).unwrap_err();
        assert!(err.contains("more than"), "{err}");
        assert!(decode(&bomb).is_ok(), "under the real limit");
    }
}
