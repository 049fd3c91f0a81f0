//! Online identifiers: e-mail addresses, URLs, IPv4/IPv6 and MAC addresses, UUIDs. Under the
//! GDPR these identify a person as soon as they can be linked to one, so the scanner reports
//! them; the parsers are strict enough that version strings, times and file names don't match.

use std::net::Ipv6Addr;

/// Punctuation allowed in the local part besides letters, digits and dots (RFC 5322 atext
/// minus the characters that in practice mean "this is a path or template, not an address").
const LOCAL_PUNCT: &[u8] = b"!#$%&'*+=?^_~-";

/// File extensions that look like a TLD in "icon@2x.png"-style asset names.
const FILE_EXTENSIONS: [&str; 14] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "css", "js",
    "pdf",
];

/// A practical RFC 5322 subset: dot-atom local part (Unicode letters allowed, as in SMTPUTF8),
/// a domain of at least two labels, alphabetic TLD of 2+ letters.
pub(crate) fn is_email(s: &str) -> bool {
    if s.len() < 6 || s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    valid_local(local) && valid_domain(domain)
}

/// `mailto:x@y.z` -> `x@y.z`; anything else unchanged.
pub(crate) fn strip_mailto(s: &str) -> &str {
    strip_prefix_ci(s, "mailto:").unwrap_or(s)
}

fn valid_local(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 64
        && !l.starts_with('.')
        && !l.ends_with('.')
        && !l.contains("..")
        && l.chars().all(|c| {
            c.is_alphanumeric() || c == '.' || (c.is_ascii() && LOCAL_PUNCT.contains(&(c as u8)))
        })
}

/// Host name with at least two labels and an alphabetic TLD (not a file extension).
pub(crate) fn valid_domain(d: &str) -> bool {
    if d.len() < 4 || d.len() > 253 {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in d.split('.') {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2
        && last.len() >= 2
        && last.bytes().all(|c| c.is_ascii_alphabetic())
        && !FILE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(last))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// `http(s)://host...` with a plausible host, or `www.host.tld...`.
pub(crate) fn is_url(s: &str) -> bool {
    if s.len() < 8 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if let Some(rest) = strip_prefix_ci(s, "https://").or_else(|| strip_prefix_ci(s, "http://")) {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Some(v6) = host_port.strip_prefix('[') {
            return v6.split_once(']').is_some_and(|(h, _)| is_ipv6(h));
        }
        let host = match host_port.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|c| c.is_ascii_digit()) => h,
            Some(_) => return false,
            None => host_port,
        };
        return host.eq_ignore_ascii_case("localhost") || is_ipv4(host) || valid_domain(host);
    }
    if let Some(rest) = strip_prefix_ci(s, "www.") {
        let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
        return valid_domain(host);
    }
    false
}

/// Dotted-quad IPv4: exactly four octets 0-255, no leading zeros ("01").
pub(crate) fn is_ipv4(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 7 || b.len() > 15 {
        return false;
    }
    let mut parts = 0;
    for part in b.split(|&c| c == b'.') {
        parts += 1;
        if parts > 4
            || part.is_empty()
            || part.len() > 3
            || !part.iter().all(u8::is_ascii_digit)
            || (part.len() > 1 && part[0] == b'0')
        {
            return false;
        }
        let v = part.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
        if v > 255 {
            return false;
        }
    }
    parts == 4
}

/// IPv6 as parsed by `std` (optionally in brackets or with a zone id), except the
/// unspecified address `::`.
pub(crate) fn is_ipv6(s: &str) -> bool {
    let s = s
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(s);
    let addr = s.split_once('%').map_or(s, |(a, _)| a);
    if addr.len() < 3 || addr.len() > 45 {
        return false;
    }
    let b = addr.as_bytes();
    if b.iter().filter(|&&c| c == b':').count() < 2
        || !b
            .iter()
            .all(|&c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
    {
        return false;
    }
    addr.parse::<Ipv6Addr>().is_ok_and(|a| !a.is_unspecified())
}

/// MAC-48 as `01:23:45:67:89:ab`, `01-23-45-67-89-AB` or `0123.4567.89ab`; not all-zero or
/// broadcast.
pub(crate) fn is_mac(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = match b.len() {
        17 => {
            let sep = b[2];
            (sep == b':' || sep == b'-')
                && b.iter().enumerate().all(|(i, &c)| {
                    if i % 3 == 2 {
                        c == sep
                    } else {
                        c.is_ascii_hexdigit()
                    }
                })
        }
        14 => b.iter().enumerate().all(|(i, &c)| {
            if i % 5 == 4 {
                c == b'.'
            } else {
                c.is_ascii_hexdigit()
            }
        }),
        _ => false,
    };
    let hex = || b.iter().filter(|c| c.is_ascii_hexdigit());
    shape && !hex().all(|&c| c == b'0') && !hex().all(|&c| c == b'f' || c == b'F')
}

/// 8-4-4-4-12 hexadecimal, optionally in braces.
pub(crate) fn is_uuid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(s);
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for v in [
            "anna.m@example.org",
            "a.b+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "müller@example.de",
            "ßßß@ü.de",
            "X_Y-Z@EXAMPLE.COM",
        ] {
            assert!(is_email(v), "{v}");
        }
        for v in [
            "anna@example",
            "anna@@example.org",
            "anna@example.c",
            "anna@example.123",
            ".anna@example.org",
            "an..na@example.org",
            "anna.@example.org",
            "anna@-example.org",
            "anna@example..org",
            "icon@2x.png",
            "http://user:pw@example.org",
            "user:pw@example.org",
            "a b@example.org",
            "files/a@example.org",
            "@example.org",
            "anna@",
        ] {
            assert!(!is_email(v), "{v}");
        }
    }

    #[test]
    fn urls() {
        for v in [
            "https://example.org",
            "http://example.org/path?q=1#x",
            "HTTPS://Example.org:8443/a",
            "https://user:pw@example.org/",
            "http://192.168.0.1/admin",
            "http://localhost:8080",
            "http://[2001:db8::1]:80/",
            "www.example.org",
            "www.example.org/path",
            "https://de.wikipedia.org/wiki/Straße",
        ] {
            assert!(is_url(v), "{v}");
        }
        for v in [
            "https://",
            "http:///x",
            "https://exa mple.org",
            "www.example",
            "www.",
            "ftp://example.org",
            "example.org",
            "https://example.org:abc/",
            "wwwexample.org",
        ] {
            assert!(!is_url(v), "{v}");
        }
    }

    #[test]
    fn ipv4() {
        for v in ["192.168.1.20", "10.0.0.1", "255.255.255.255", "0.0.0.0"] {
            assert!(is_ipv4(v), "{v}");
        }
        for v in [
            "1.2.3",
            "v1.2.3",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.4.5",
            "1..2.3",
            "1.2.3.",
            "12.50",
            "1.2.3.a",
        ] {
            assert!(!is_ipv4(v), "{v}");
        }
    }

    #[test]
    fn ipv6() {
        for v in [
            "2001:db8::8a2e:370:7334",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "::1",
            "fe80::1%eth0",
            "[2001:db8::1]",
            "::ffff:192.168.1.1",
        ] {
            assert!(is_ipv6(v), "{v}");
        }
        for v in [
            "::",
            "10:00:00",
            "2026-01-03T10:00:00",
            "00:1A:2B:3C:4D:5E",
            "1:2",
            "g::1",
        ] {
            assert!(!is_ipv6(v), "{v}");
        }
    }

    #[test]
    fn mac() {
        for v in ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"] {
            assert!(is_mac(v), "{v}");
        }
        for v in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "00:1A:2B:3C:4D",
            "00:1A-2B:3C:4D:5E",
            "0G:1A:2B:3C:4D:5E",
            "2026-10-08 10:00",
        ] {
            assert!(!is_mac(v), "{v}");
        }
    }

    #[test]
    fn uuid() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("{123E4567-E89B-12D3-A456-426614174000}"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400"));
        assert!(!is_uuid("123e4567e89b-12d3-a456-4266141740000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
    }
}
