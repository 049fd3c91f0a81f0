//! What makes the report an archival document beyond its pages (aiming at PDF/A-2b,
//! ISO 19005-2): PDF 1.7, the document language (`/Lang`), an outline (bookmarks) of every
//! chapter and section, XMP metadata in step with the Info dictionary (title, author,
//! subject, keywords, creator tool, producer, dates, PDF/A identification, and the
//! assessment id and version hash in a declared extension schema), and an sRGB output
//! intent with its embedded ICC profile. printpdf's empty `GTS_PDFXVersion`, `Identifier`
//! and `Trapped` keys are removed: they made viewers claim a PDF/X subtype.

use super::document::Metadata;
use super::layout::{Placed, MARGIN_X};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

const SRGB: &[u8] = include_bytes!("../../assets/icc/sRGB.icc");

/// A text string as UTF-16BE with its byte order mark (PDF text string).
fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn literal(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `2026-11-25T10:00:00Z` as a PDF date `D:20261125100000Z`.
fn pdf_date(rfc3339: &str) -> String {
    let digits: String = rfc3339
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    format!("D:{digits:0<14}Z")
}

/// The XMP packet of the report.
fn xmp(m: &Metadata, keywords: &str, producer: &str, when: &str) -> String {
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>dpia</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dpia="https://dpia.invalid/ns/report/1.0/">
<dpia:assessmentId>{assessment}</dpia:assessmentId>
<dpia:versionHash>{version}</dpia:versionHash>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>dpia report</pdfaSchema:schema>
<pdfaSchema:namespaceURI>https://dpia.invalid/ns/report/1.0/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>dpia</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>assessmentId</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The assessment's id in the dpia record</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>versionHash</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>SHA-256 id of the version the report shows</pdfaProperty:description></rdf:li>
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{FEFF}',
        title = xml(&m.title),
        author = xml(&m.author),
        subject = xml(&m.subject),
        lang = xml(m.lang.code()),
        keywords = xml(keywords),
        producer = xml(producer),
        assessment = xml(&m.assessment_id),
        version = xml(&m.version_id),
    )
}

/// A top-level outline entry: its object id, heading and children.
type Entry<'h> = (ObjectId, &'h Placed, Vec<(ObjectId, &'h Placed)>);

/// Adds the outline of `headings` (level 1 and 2 at the top, level 3 under their level 2).
fn outline(doc: &mut Document, headings: &[Placed], pages: &[ObjectId]) -> Option<ObjectId> {
    let root = doc.new_object_id();
    // (id, heading, children)
    let mut tops: Vec<Entry<'_>> = Vec::new();
    for h in headings.iter().filter(|h| pages.get(h.page).is_some()) {
        let id = doc.new_object_id();
        match (h.level, tops.last_mut()) {
            (3.., Some((_, parent, kids))) if parent.level == 2 => kids.push((id, h)),
            _ => tops.push((id, h, Vec::new())),
        }
    }
    if tops.is_empty() {
        return None;
    }
    let dest = |h: &Placed| {
        Object::Array(vec![
            Object::Reference(pages[h.page]),
            Object::Name(b"XYZ".to_vec()),
            Object::Real(MARGIN_X - 10.0),
            Object::Real(h.y + 8.0),
            Object::Null,
        ])
    };
    let link = |d: &mut Dictionary, list: &[ObjectId], i: usize| {
        if i > 0 {
            d.set("Prev", Object::Reference(list[i - 1]));
        }
        if let Some(next) = list.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
    };
    let top_ids: Vec<ObjectId> = tops.iter().map(|t| t.0).collect();
    let count = top_ids.len() as i64;
    for (i, (id, h, kids)) in tops.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text(&h.text));
        d.set("Parent", Object::Reference(root));
        d.set("Dest", dest(h));
        link(&mut d, &top_ids, i);
        let kid_ids: Vec<ObjectId> = kids.iter().map(|k| k.0).collect();
        if let (Some(first), Some(last)) = (kid_ids.first(), kid_ids.last()) {
            d.set("First", Object::Reference(*first));
            d.set("Last", Object::Reference(*last));
            // Negative: closed, so the outline opens on the chapters.
            d.set("Count", Object::Integer(-(kid_ids.len() as i64)));
        }
        for (j, (kid, kh)) in kids.iter().enumerate() {
            let mut k = Dictionary::new();
            k.set("Title", text(&kh.text));
            k.set("Parent", Object::Reference(*id));
            k.set("Dest", dest(kh));
            link(&mut k, &kid_ids, j);
            doc.objects.insert(*kid, Object::Dictionary(k));
        }
        doc.objects.insert(*id, Object::Dictionary(d));
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(top_ids[0]));
    r.set("Last", Object::Reference(top_ids[top_ids.len() - 1]));
    r.set("Count", Object::Integer(count));
    doc.objects.insert(root, Object::Dictionary(r));
    Some(root)
}

/// Turns printpdf's document into the archival form described in the module doc.
pub fn finish(
    doc: &mut Document,
    m: &Metadata,
    headings: &[Placed],
    created_at: &str,
) -> Result<(), lopdf::Error> {
    doc.version = "1.7".into();
    let date = pdf_date(created_at);
    let keywords = m.keywords.join(",");
    let producer = format!("dpia {}", env!("CARGO_PKG_VERSION"));
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        let mut info = Dictionary::new();
        info.set("Title", text(&m.title));
        info.set("Author", text(&m.author));
        info.set("Subject", text(&m.subject));
        info.set("Keywords", text(&keywords));
        info.set("Creator", text("dpia"));
        info.set("Producer", text(&producer));
        info.set("CreationDate", literal(&date));
        info.set("ModDate", literal(&date));
        doc.objects.insert(info_id, Object::Dictionary(info));
    }
    let when = format!("{}Z", created_at.trim_end_matches('Z'));
    let packet = xmp(m, &keywords, &producer, &when);
    let mut meta = Dictionary::new();
    meta.set("Type", Object::Name(b"Metadata".to_vec()));
    meta.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata = doc.add_object(Stream::new(meta, packet.into_bytes()).with_compression(false));
    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    let icc_id = doc.add_object(Stream::new(icc, SRGB.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set("OutputConditionIdentifier", literal("sRGB IEC61966-2.1"));
    intent.set("RegistryName", literal("http://www.color.org"));
    intent.set("Info", literal("sRGB IEC61966-2.1"));
    intent.set("DestinationOutputProfile", Object::Reference(icc_id));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let outlines = outline(doc, headings, &pages);
    let catalog = doc.catalog_mut()?;
    catalog.set("Lang", literal(m.lang.code()));
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    catalog.set("ViewerPreferences", {
        let mut v = Dictionary::new();
        v.set("DisplayDocTitle", Object::Boolean(true));
        Object::Dictionary(v)
    });
    if let Some(root) = outlines {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_escaping() {
        assert_eq!(pdf_date("2026-11-25T10:00:00Z"), "D:20261125100000Z");
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            text("Ü"),
            Object::String(vec![0xFE, 0xFF, 0x00, 0xDC], StringFormat::Hexadecimal)
        );
    }
}
