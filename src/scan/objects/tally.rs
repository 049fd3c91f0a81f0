//! What a bucket's files hold, counted, and the table columns the counts become: one column
//! per finding kind (GPS in images, a person named in image metadata, health terms in
//! documents, ...), each with the number of files and never their content.

use crate::scan::detect::{kind_category, TextFindings};
use crate::scan::dictionary::Dictionary;
use crate::scan::evidence::Evidence;
use crate::scan::model::{Category, ColumnReport};
use crate::scan::recognizers::ValueKind;
use std::collections::{BTreeMap, BTreeSet};

/// Counts over the files of one bucket.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: u64,
    pub images: u64,
    pub pdf: u64,
    pub docx: u64,
    pub text: u64,
    pub other: u64,
    pub unreadable: u64,
    pub gps: u64,
    pub person: u64,
    pub serial: u64,
    pub taken_at: u64,
    /// Documents holding human-written text.
    pub prose: u64,
    /// Documents naming a person.
    pub names: u64,
    /// Documents per Art. 9 category, and per topic.
    topic_documents: BTreeMap<Category, u64>,
    topics: BTreeMap<usize, u64>,
    /// Documents per category of the identifiers they contain, and the kinds seen.
    identifier_documents: BTreeMap<Category, u64>,
    identifier_kinds: BTreeMap<Category, BTreeSet<ValueKind>>,
}

impl Tally {
    /// PDF, DOCX and text files.
    pub fn documents(&self) -> u64 {
        self.pdf + self.docx + self.text
    }

    /// Counts what one document's text holds.
    pub fn add_text(&mut self, found: &TextFindings, dict: &Dictionary) {
        self.prose += u64::from(found.prose);
        self.names += u64::from(found.names_a_person);
        let mut categories = BTreeSet::new();
        for &t in &found.topics {
            *self.topics.entry(t).or_default() += 1;
            if let Some(topic) = dict.lexicon.topics.get(t) {
                categories.insert(topic.category);
            }
        }
        for c in categories {
            *self.topic_documents.entry(c).or_default() += 1;
        }
        let mut categories = BTreeSet::new();
        for &kind in &found.identifiers {
            if let Some(c) = kind_category(kind) {
                categories.insert(c);
                self.identifier_kinds.entry(c).or_default().insert(kind);
            }
        }
        for c in categories {
            *self.identifier_documents.entry(c).or_default() += 1;
        }
    }

    /// The bucket's columns: what files there are, then one column per finding kind found.
    pub fn columns(
        &self,
        bucket: &str,
        binding: Option<&(String, String)>,
        dict: &Dictionary,
    ) -> Vec<ColumnReport> {
        let tie = match binding {
            Some((name, source)) => Evidence::new("objects.bucket_bound")
                .with("bucket", bucket)
                .with("binding", name)
                .with("source", source),
            None => Evidence::new("objects.bucket_unbound").with("bucket", bucket),
        };
        let files = Evidence::new(if self.unreadable > 0 {
            "objects.files_unread"
        } else {
            "objects.files"
        })
        .with("files", self.files)
        .with("images", self.images)
        .with("pdf", self.pdf)
        .with("docx", self.docx)
        .with("text", self.text)
        .with("other", self.other);
        let files = if self.unreadable > 0 {
            files.with("unread", self.unreadable)
        } else {
            files
        };
        let mut out = vec![column("files", None, vec![files, tie], self.files)];
        let images = self.images;
        let mut image = |name: &str, count: u64, category: Option<(Category, f64)>, code: &str| {
            if count > 0 {
                let evidence = Evidence::new(code).with("count", count).with("n", images);
                out.push(column(name, category, vec![evidence], images));
            }
        };
        image(
            "image_gps",
            self.gps,
            Some((Category::Geolocation, 0.9)),
            "images.gps",
        );
        image(
            "image_person",
            self.person,
            Some((Category::PersonName, 0.8)),
            "images.person",
        );
        image(
            "image_serial",
            self.serial,
            Some((Category::OnlineIdentifier, 0.7)),
            "images.serial",
        );
        image("image_taken_at", self.taken_at, None, "images.taken_at");
        let documents = self.documents();
        let mut document = |name: &str, count: u64, category: (Category, f64), what: Evidence| {
            if count > 0 {
                let evidence = what.with("count", count).with("n", documents);
                out.push(column(name, Some(category), vec![evidence], documents));
            }
        };
        document(
            "document_text",
            self.prose,
            (Category::FreeText, 0.8),
            Evidence::new("documents.text"),
        );
        for (&category, &count) in &self.topic_documents {
            let topics: Vec<String> = self
                .topics
                .keys()
                .filter_map(|&i| dict.lexicon.topics.get(i))
                .filter(|t| t.category == category)
                .map(|t| t.topic.clone())
                .collect();
            let name = format!("document_{}", category.as_str());
            let what = Evidence::new("documents.topics").with("topics", topics);
            document(&name, count, (category, 0.9), what);
        }
        for (&category, &count) in &self.identifier_documents {
            let kinds: Vec<String> = self
                .identifier_kinds
                .get(&category)
                .into_iter()
                .flatten()
                .map(|k| k.code().to_string())
                .collect();
            let name = format!("document_{}", category.as_str());
            let what = Evidence::new("documents.identifiers").with("kinds", kinds);
            document(&name, count, (category, 0.85), what);
        }
        document(
            "document_person",
            self.names,
            (Category::PersonName, 0.7),
            Evidence::new("documents.person"),
        );
        out
    }
}

/// One column of a bucket table; evidence is prefixed with the category, as for tables.
fn column(
    name: &str,
    category: Option<(Category, f64)>,
    evidence: Vec<Evidence>,
    values: u64,
) -> ColumnReport {
    let evidence: Vec<Evidence> = match category {
        Some((c, _)) => evidence
            .into_iter()
            .map(|e| Evidence::for_category(c, e))
            .collect(),
        None => evidence,
    };
    ColumnReport {
        name: name.to_string(),
        data_type: Some("object files".to_string()),
        categories: category.iter().map(|(c, _)| *c).collect(),
        confidence: category.map_or(0.0, |(_, c)| c),
        evidence: crate::scan::evidence_words::english(&evidence),
        evidence_items: evidence,
        category_confidence: category.iter().map(|(_, c)| *c).collect(),
        examples: Vec::new(),
        raw_examples: None,
        values_sampled: values,
        needs_review: false,
        declared_at: Vec::new(),
    }
}
