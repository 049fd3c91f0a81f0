//! Column-name signals: matches a column's words against the multilingual dictionary, with
//! compound words (`kundentelefon`), exclusions (`company_phone`) and table context (`name`
//! in a `projects` table is not a person).

use super::super::dictionary::{Dictionary, NameTerm};
use super::super::model::Category;
use super::super::text::identifier_words;

/// Shortest dictionary term that may match inside a compound word.
const MIN_COMPOUND_LEN: usize = 6;

/// One column-name match.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    pub category: Category,
    pub confidence: f64,
    pub ambiguous: bool,
    /// The dictionary term that matched, with its language.
    pub term: String,
    pub lang: String,
    /// Matched as part of a compound word rather than a whole word.
    pub compound: bool,
}

/// What the table's name says about its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableContext {
    /// Each row is a person (users, tenants, mitarbeiter...).
    Person,
    /// Each row is a thing (projects, products, dashboards...).
    Thing,
    Unknown,
}

/// Classifies a table by the words of its name.
pub fn table_context(table: &str, dict: &Dictionary) -> TableContext {
    let words = identifier_words(table);
    let last = words.last().map(String::as_str);
    // The head word decides ("customer_projects" is about projects), then any word.
    let is_person = |w: &str| dict.person_tables.contains(w);
    let is_thing = |w: &str| dict.thing_tables.contains(w);
    match last {
        Some(w) if is_thing(w) => TableContext::Thing,
        Some(w) if is_person(w) => TableContext::Person,
        _ if words.iter().any(|w| is_person(w)) => TableContext::Person,
        _ if words.iter().any(|w| is_thing(w)) => TableContext::Thing,
        _ => TableContext::Unknown,
    }
}

/// Every dictionary term matching `column`, best per category, after exclusions.
pub fn match_column(column: &str, dict: &Dictionary) -> Vec<NameMatch> {
    let words = identifier_words(column);
    let joined: String = words.concat();
    let mut best: Vec<NameMatch> = Vec::new();
    for term in &dict.name_terms {
        let Some(compound) = term_matches(term, &words, &joined) else {
            continue;
        };
        let excluded = dict.excludes.get(&term.category).is_some_and(|ex| {
            words
                .iter()
                .any(|w| ex.contains(w) && !term.words.contains(w))
        });
        if excluded {
            continue;
        }
        let confidence = if compound {
            term.confidence * 0.85
        } else {
            term.confidence
        };
        let candidate = NameMatch {
            category: term.category,
            confidence,
            ambiguous: term.ambiguous,
            term: term.words.join(" "),
            lang: term.lang.clone(),
            compound,
        };
        match best.iter_mut().find(|m| m.category == term.category) {
            Some(existing) => {
                let better = (!candidate.ambiguous && existing.ambiguous)
                    || (candidate.ambiguous == existing.ambiguous
                        && candidate.confidence > existing.confidence);
                if better {
                    *existing = candidate;
                }
            }
            None => best.push(candidate),
        }
    }
    best
}

/// `Some(false)` for a whole-word match, `Some(true)` for a match inside a compound word.
pub(super) fn term_matches(term: &NameTerm, words: &[String], joined: &str) -> Option<bool> {
    if term.words.is_empty() {
        return None;
    }
    if words
        .windows(term.words.len())
        .any(|w| w.iter().zip(&term.words).all(|(a, b)| a == b))
    {
        return Some(false);
    }
    if joined == term.joined {
        return Some(false);
    }
    // Compounds: `kundentelefon`, `telefonnummer`, `rechnungsadresse`; never for ambiguous
    // terms (`person` must not match `personalnummer`) nor for Art. 9 terms (`rasse` must not
    // match `strasse`).
    if !term.ambiguous
        && !term.category.is_article9()
        && term.joined.len() >= MIN_COMPOUND_LEN
        && words.iter().any(|w| {
            w.len() > term.joined.len()
                && (w.starts_with(term.joined.as_str()) || w.ends_with(term.joined.as_str()))
        })
    {
        return Some(true);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(column: &str) -> Vec<Category> {
        let dict = Dictionary::builtin().unwrap();
        match_column(column, &dict)
            .into_iter()
            .filter(|m| !m.ambiguous)
            .map(|m| m.category)
            .collect()
    }

    #[test]
    fn matches_across_languages_and_spellings() {
        assert_eq!(categories("vorname"), [Category::PersonName]);
        assert_eq!(categories("FirstName"), [Category::PersonName]);
        assert_eq!(categories("nachname"), [Category::PersonName]);
        assert_eq!(categories("courriel"), [Category::Email]);
        assert_eq!(categories("telefon"), [Category::Phone]);
        assert_eq!(categories("geburtsdatum"), [Category::DateOfBirth]);
        assert_eq!(categories("date_naissance"), [Category::DateOfBirth]);
        assert_eq!(categories("kod_pocztowy"), [Category::PostalAddress]);
        assert_eq!(categories("achternaam"), [Category::PersonName]);
        assert_eq!(categories("codice_fiscale"), [Category::NationalId]);
        assert!(categories("kundentelefon").contains(&Category::Phone));
    }

    #[test]
    fn table_context_from_head_word() {
        let dict = Dictionary::builtin().unwrap();
        assert_eq!(table_context("tenants", &dict), TableContext::Person);
        assert_eq!(table_context("projects", &dict), TableContext::Thing);
        assert_eq!(table_context("sales_reps", &dict), TableContext::Person);
        assert_eq!(table_context("monthly_revenue", &dict), TableContext::Thing);
        assert_eq!(table_context("ereignisse", &dict), TableContext::Unknown);
    }
}
