//! Value recognisers: decide what a single cell *is* (an e-mail address, an IBAN, a French NIR...)
//! and find identifiers embedded in free text.
//!
//! Everything here is pure and allocation-light, because the scanner calls [`recognize`] on every
//! cell of files that can be several gigabytes. Each recogniser is hand-parsed on bytes where that
//! is easy, and guarded by a one-pass byte [`profile::Profile`] so that a typical non-matching
//! value costs a handful of integer comparisons. Where a checksum exists it is verified, because a
//! checksum is what lets the caller trust a match at low column shares.
//!
//! No function here panics on any input: all slicing is on ASCII positions or via `get`.

mod checksum;
mod date;
mod finance;
mod geo;
mod id_alnum;
mod id_numeric;
mod network;
mod phone;
mod plate;
mod postcode;
mod profile;
mod text;

pub use date::parse_date;
pub use text::{find_in_text, TextMatch};

use profile::Profile;

/// Values longer than this are free text, handled by [`find_in_text`].
const MAX_VALUE_LEN: usize = 200;

/// What a whole (trimmed) value was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueKind {
    Email,
    Phone,
    Iban,
    PaymentCard,
    Ipv4,
    Ipv6,
    MacAddress,
    Url,
    Uuid,
    /// "48.8566, 2.3522" or "48.8566;2.3522" style pair in one value
    LatLonPair,
    /// a decimal number in [-90, 90] with at least 4 decimal places
    Latitude,
    /// a decimal number in [-180, 180] with at least 4 decimal places
    Longitude,
    /// a valid calendar date (ISO yyyy-mm-dd, optionally with time; dd.mm.yyyy; dd/mm/yyyy; yyyy/mm/dd)
    Date,
    NationalId(IdScheme),
    VehiclePlate,
    /// a postcode shape (DE/FR/IT/ES 5 digits, NL "1234 AB", UK "SW1A 1AA", PL "12-345").
    /// Weak alone; the caller needs column context.
    Postcode,
}

/// The national identifier schemes [`recognize`] knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdScheme {
    DeTaxId,
    DeIdCard,
    FrNir,
    ItCodiceFiscale,
    EsDni,
    EsNie,
    NlBsn,
    PlPesel,
    UkNino,
    UsSsn,
}

impl ValueKind {
    /// Every kind, for the wording tables of evidence.
    pub const ALL: [ValueKind; 25] = [
        ValueKind::Email,
        ValueKind::Phone,
        ValueKind::Iban,
        ValueKind::PaymentCard,
        ValueKind::Ipv4,
        ValueKind::Ipv6,
        ValueKind::MacAddress,
        ValueKind::Url,
        ValueKind::Uuid,
        ValueKind::LatLonPair,
        ValueKind::Latitude,
        ValueKind::Longitude,
        ValueKind::Date,
        ValueKind::NationalId(IdScheme::DeTaxId),
        ValueKind::NationalId(IdScheme::DeIdCard),
        ValueKind::NationalId(IdScheme::FrNir),
        ValueKind::NationalId(IdScheme::ItCodiceFiscale),
        ValueKind::NationalId(IdScheme::EsDni),
        ValueKind::NationalId(IdScheme::EsNie),
        ValueKind::NationalId(IdScheme::NlBsn),
        ValueKind::NationalId(IdScheme::PlPesel),
        ValueKind::NationalId(IdScheme::UkNino),
        ValueKind::NationalId(IdScheme::UsSsn),
        ValueKind::VehiclePlate,
        ValueKind::Postcode,
    ];

    /// A stable code for evidence (`kind.<code>` in `templates/evidence.<lang>.toml`).
    pub fn code(self) -> &'static str {
        match self {
            ValueKind::Email => "email",
            ValueKind::Phone => "phone",
            ValueKind::Iban => "iban",
            ValueKind::PaymentCard => "payment_card",
            ValueKind::Ipv4 => "ipv4",
            ValueKind::Ipv6 => "ipv6",
            ValueKind::MacAddress => "mac_address",
            ValueKind::Url => "url",
            ValueKind::Uuid => "uuid",
            ValueKind::LatLonPair => "lat_lon_pair",
            ValueKind::Latitude => "latitude",
            ValueKind::Longitude => "longitude",
            ValueKind::Date => "date",
            ValueKind::VehiclePlate => "vehicle_plate",
            ValueKind::Postcode => "postcode",
            ValueKind::NationalId(scheme) => match scheme {
                IdScheme::DeTaxId => "de_tax_id",
                IdScheme::DeIdCard => "de_id_card",
                IdScheme::FrNir => "fr_nir",
                IdScheme::ItCodiceFiscale => "it_codice_fiscale",
                IdScheme::EsDni => "es_dni",
                IdScheme::EsNie => "es_nie",
                IdScheme::NlBsn => "nl_bsn",
                IdScheme::PlPesel => "pl_pesel",
                IdScheme::UkNino => "uk_nino",
                IdScheme::UsSsn => "us_ssn",
            },
        }
    }

    /// Short English label, e.g. "IBAN (mod-97 valid)" (the English evidence words it so:
    /// `kind.<code>` in `templates/evidence.en.toml`, which a test keeps equal).
    pub fn label(self) -> &'static str {
        match self {
            ValueKind::Email => "e-mail address",
            ValueKind::Phone => "phone number",
            ValueKind::Iban => "IBAN (mod-97 valid)",
            ValueKind::PaymentCard => "payment card (Luhn valid)",
            ValueKind::Ipv4 => "IPv4 address",
            ValueKind::Ipv6 => "IPv6 address",
            ValueKind::MacAddress => "MAC address",
            ValueKind::Url => "URL",
            ValueKind::Uuid => "UUID",
            ValueKind::LatLonPair => "latitude/longitude pair",
            ValueKind::Latitude => "latitude",
            ValueKind::Longitude => "longitude",
            ValueKind::Date => "date",
            ValueKind::VehiclePlate => "vehicle registration plate",
            ValueKind::Postcode => "postcode",
            ValueKind::NationalId(scheme) => match scheme {
                IdScheme::DeTaxId => "German tax ID (ISO 7064 valid)",
                IdScheme::DeIdCard => "German ID card number (ICAO check digit valid)",
                IdScheme::FrNir => "French NIR (key valid)",
                IdScheme::ItCodiceFiscale => "Italian codice fiscale (check character valid)",
                IdScheme::EsDni => "Spanish DNI (check letter valid)",
                IdScheme::EsNie => "Spanish NIE (check letter valid)",
                IdScheme::NlBsn => "Dutch BSN (11-proof valid)",
                IdScheme::PlPesel => "Polish PESEL (checksum valid)",
                IdScheme::UkNino => "UK National Insurance number",
                IdScheme::UsSsn => "US Social Security number",
            },
        }
    }

    /// True for kinds whose match is validated by a checksum (IBAN, card, every national id with
    /// a check digit): the caller trusts these at low shares.
    pub fn is_checksummed(self) -> bool {
        match self {
            ValueKind::Iban | ValueKind::PaymentCard => true,
            ValueKind::NationalId(scheme) => !matches!(scheme, IdScheme::UkNino | IdScheme::UsSsn),
            _ => false,
        }
    }
}

/// Recognise a whole value (the raw cell; it is trimmed here). May return several kinds (a
/// 9-digit number can be a valid BSN and a phone number; "48.8566" is a latitude and a
/// longitude). Returns an empty `Vec` (no allocation) for values that cannot be anything.
pub fn recognize(value: &str) -> Vec<ValueKind> {
    let mut out = Vec::new();
    recognize_into(value, &mut out);
    out
}

/// [`recognize`] into a reused buffer (cleared first): the scanner's per-cell call, which
/// allocates nothing.
pub fn recognize_into(value: &str, out: &mut Vec<ValueKind>) {
    out.clear();
    let v = value.trim();
    if v.len() < 5 || v.len() > MAX_VALUE_LEN {
        return;
    }
    let p = Profile::of(v);
    let letters = p.upper + p.lower;
    let first = v.as_bytes()[0];

    if p.at > 0 {
        let address = network::strip_mailto(v);
        if p.at == 1 && p.space == 0 && network::is_email(address) {
            out.push(ValueKind::Email);
        } else if matches!(first, b'h' | b'H') && network::is_url(v) {
            out.push(ValueKind::Url);
        }
        return;
    }
    if p.space == 0 && matches!(first, b'h' | b'H' | b'w' | b'W') && network::is_url(v) {
        out.push(ValueKind::Url);
        return;
    }
    if p.non_ascii > 0 {
        // Only German plates ("MÜ-AB 123") carry non-ASCII letters among our shapes.
        if p.len <= 14 && p.digits > 0 && plate::is_vehicle_plate(v) {
            out.push(ValueKind::VehiclePlate);
        }
        return;
    }
    if p.colon > 0 {
        if p.colon >= 2 && network::is_ipv6(v) {
            out.push(ValueKind::Ipv6);
        } else if p.colon == 5 && network::is_mac(v) {
            out.push(ValueKind::MacAddress);
        } else if p.digits >= 6 && date::parse_date(v).is_some() {
            out.push(ValueKind::Date);
        }
        return;
    }
    if p.dash == 4 && (p.len == 36 || p.len == 38) {
        if network::is_uuid(v) {
            out.push(ValueKind::Uuid);
        }
        return;
    }
    if ((p.dash == 5 && p.len == 17) || (p.dot == 2 && p.len == 14)) && network::is_mac(v) {
        out.push(ValueKind::MacAddress);
        return;
    }
    if p.digits == 0 || p.other > 0 {
        return;
    }
    if letters == 0 {
        recognize_numeric(v, &p, out);
    } else {
        recognize_alphanumeric(v, &p, out);
    }
}

/// Values made only of digits and separators.
fn recognize_numeric(v: &str, p: &Profile, out: &mut Vec<ValueKind>) {
    if p.dot == 3 && p.len <= 15 && network::is_ipv4(v) {
        out.push(ValueKind::Ipv4);
        return;
    }
    if p.digits >= 6 && p.len <= 40 && date::parse_date(v).is_some() {
        out.push(ValueKind::Date);
        return;
    }
    if p.dot >= 1 && p.digits >= 5 && p.dot <= 2 {
        geo::recognize_geo(v, out);
        if !out.is_empty() {
            return;
        }
    }
    if (13..=19).contains(&p.digits) && p.dot == 0 && finance::is_card(v) {
        out.push(ValueKind::PaymentCard);
    }
    id_numeric::recognize_numeric_ids(v, p, out);
    if (8..=19).contains(&p.digits) && p.len <= 32 && phone::is_phone(v) {
        out.push(ValueKind::Phone);
    }
    if (p.len == 5 || p.len == 6) && postcode::is_postcode(v) {
        out.push(ValueKind::Postcode);
    }
}

/// Values with ASCII letters, digits and separators.
fn recognize_alphanumeric(v: &str, p: &Profile, out: &mut Vec<ValueKind>) {
    let letters = p.upper + p.lower;
    if (15..=42).contains(&p.len) && p.dot == 0 && p.dash == 0 && finance::is_iban(v) {
        out.push(ValueKind::Iban);
        return;
    }
    id_alnum::recognize_alnum_ids(v, p, out);
    if !out.is_empty() {
        return;
    }
    if (5..=12).contains(&p.len) && letters <= 6 && plate::is_vehicle_plate(v) {
        out.push(ValueKind::VehiclePlate);
    }
    if (5..=8).contains(&p.len) && letters <= 5 && postcode::is_postcode(v) {
        out.push(ValueKind::Postcode);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(v: &str) -> Vec<ValueKind> {
        recognize(v)
    }

    fn has(v: &str, k: ValueKind) -> bool {
        kinds(v).contains(&k)
    }

    #[test]
    fn required_phone_values() {
        for v in [
            "+33 (0)5 63 00 13 38",
            "0364624738",
            "(01703) 423667",
            "+49(0)6563 21223",
            "(00786) 66617",
            "+44 20 7946 0958",
            "06 12 34 56 78",
            "030 1234567",
            "(415) 555-0132",
            "415-555-0132",
        ] {
            assert!(
                has(v, ValueKind::Phone),
                "{v} should be a phone: {:?}",
                kinds(v)
            );
        }
    }

    #[test]
    fn hard_negatives_are_nothing() {
        for v in [
            "open",
            "42",
            "1234",
            "12.50",
            "v1.2.3",
            "1.2.3",
            "4111111111111112",
            "4155550132",
            "1.234,56",
            "hello world",
            "true",
            "N/A",
            "2026",
        ] {
            assert!(kinds(v).is_empty(), "{v} should be nothing: {:?}", kinds(v));
        }
    }

    #[test]
    fn dates_are_only_dates() {
        for v in [
            "2026-10-08",
            "08.10.2026",
            "2026-01-03T10:00:00",
            "08/10/2026",
        ] {
            assert_eq!(kinds(v), vec![ValueKind::Date], "{v}");
        }
    }

    #[test]
    fn one_example_per_kind() {
        use IdScheme::*;
        let cases: &[(&str, ValueKind)] = &[
            ("anna.m@example.org", ValueKind::Email),
            ("mailto:anna.m@example.org", ValueKind::Email),
            ("DE89 3704 0044 0532 0130 00", ValueKind::Iban),
            ("4111 1111 1111 1111", ValueKind::PaymentCard),
            ("192.168.1.20", ValueKind::Ipv4),
            ("2001:db8::8a2e:370:7334", ValueKind::Ipv6),
            ("00:1A:2B:3C:4D:5E", ValueKind::MacAddress),
            ("https://example.org/x?y=1", ValueKind::Url),
            ("www.example.org", ValueKind::Url),
            ("123e4567-e89b-12d3-a456-426614174000", ValueKind::Uuid),
            ("48.8566, 2.3522", ValueKind::LatLonPair),
            ("48.8566", ValueKind::Latitude),
            ("148.8566", ValueKind::Longitude),
            ("86095742719", ValueKind::NationalId(DeTaxId)),
            ("T220001293", ValueKind::NationalId(DeIdCard)),
            ("2 55 08 14 168 025 38", ValueKind::NationalId(FrNir)),
            ("RSSMRA85T10A562S", ValueKind::NationalId(ItCodiceFiscale)),
            ("12345678Z", ValueKind::NationalId(EsDni)),
            ("X1234567L", ValueKind::NationalId(EsNie)),
            ("111222333", ValueKind::NationalId(NlBsn)),
            ("44051401359", ValueKind::NationalId(PlPesel)),
            ("AB 12 34 56 C", ValueKind::NationalId(UkNino)),
            ("123-45-6789", ValueKind::NationalId(UsSsn)),
            ("B-AB 1234", ValueKind::VehiclePlate),
            ("MÜ-AB 123", ValueKind::VehiclePlate),
            ("AB-123-CD", ValueKind::VehiclePlate),
            ("10115", ValueKind::Postcode),
            ("SW1A 1AA", ValueKind::Postcode),
        ];
        for (v, k) in cases {
            assert!(has(v, *k), "{v} should be {k:?}: {:?}", kinds(v));
        }
    }

    #[test]
    fn checksummed_and_labels() {
        assert!(ValueKind::Iban.is_checksummed());
        assert!(ValueKind::PaymentCard.is_checksummed());
        assert!(ValueKind::NationalId(IdScheme::FrNir).is_checksummed());
        assert!(!ValueKind::NationalId(IdScheme::UsSsn).is_checksummed());
        assert!(!ValueKind::NationalId(IdScheme::UkNino).is_checksummed());
        assert!(!ValueKind::Phone.is_checksummed());
        assert_eq!(ValueKind::Iban.label(), "IBAN (mod-97 valid)");
        assert_eq!(ValueKind::PaymentCard.label(), "payment card (Luhn valid)");
        assert_eq!(
            ValueKind::NationalId(IdScheme::DeTaxId).label(),
            "German tax ID (ISO 7064 valid)"
        );
        assert_eq!(
            ValueKind::NationalId(IdScheme::FrNir).label(),
            "French NIR (key valid)"
        );
        assert_eq!(ValueKind::Email.label(), "e-mail address");
        assert_eq!(ValueKind::Phone.label(), "phone number");
    }

    #[test]
    fn trims_and_limits() {
        assert_eq!(kinds("  anna@example.org \t"), vec![ValueKind::Email]);
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(kinds(&long).is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long = "9".repeat(100_000);
        let mixed = "ß1€2😀3@.(+".repeat(5_000);
        let odd = [
            "",
            " ",
            "@",
            "@@",
            "ßßß@ü.de",
            "😀😀😀😀😀",
            "1",
            "0",
            "+",
            "(",
            ")",
            "((((((((((",
            "+(0)",
            "00",
            "::",
            ":::::::",
            "1.",
            ".1",
            "-.-",
            "2026-02-30",
            "29.02.2023",
            "9999-99-99T99:99",
            "ü-ü ü",
            "DE00",
            "DE89 ",
            "\u{0}\u{1}\u{7f}",
            "é1é2é3é4é5é6é7é8é9é0",
            "+4😀9 30 123",
            "0😀364624738",
            long.as_str(),
            mixed.as_str(),
        ];
        for v in odd {
            let _ = recognize(v);
            let _ = find_in_text(v);
            let _ = parse_date(v);
            // every prefix and suffix on char boundaries
            for (i, _) in v.char_indices().take(64) {
                let _ = recognize(&v[i..]);
                let _ = recognize(&v[..i]);
                let _ = find_in_text(&v[..i]);
            }
        }
    }
}
