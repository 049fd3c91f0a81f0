//! Per-column statistics gathered value by value: which recognisers matched, how many values
//! look like dates of birth, names, prose, Art. 9 terms. Constant memory whatever the number
//! of rows, so `--full` can stream a file of any size through it; the facts of recently seen
//! values are cached, so repeated values cost one hash lookup.

use super::super::dictionary::Dictionary;
use super::super::fasthash::{hash_str, FastMap, FastSet};
use super::super::recognizers::ValueKind;
use super::facts::ValueFacts;
use std::collections::BTreeMap;

/// Distinctness is measured over this many first values, so it means the same in a
/// 300-row sample and a million-row `--full` scan, at a bounded cost.
const DISTINCT_WINDOW: u64 = 1024;
/// Distinct values whose facts are cached per column.
const CACHE_CAP: usize = 4096;
/// Longest value cached, in bytes (longer values are rarely repeated).
const CACHE_MAX_LEN: usize = 64;
/// Example values kept for the report (masked on output).
const EXAMPLES: usize = 3;

/// What the values of one column looked like.
#[derive(Debug, Clone, Default)]
pub struct ColumnStats {
    pub non_empty: u64,
    /// Whole-value recogniser matches.
    pub kinds: BTreeMap<ValueKind, u64>,
    /// Phone numbers written with `+`, spaces, dashes or brackets (not bare digit runs).
    pub formatted_phones: u64,
    /// Years of values that parsed as calendar dates.
    pub date_years: BTreeMap<i32, u64>,
    /// Short values holding a known first or last name.
    pub any_name_values: u64,
    /// Short values holding both a known first name and a known last name.
    pub full_name_values: u64,
    /// Short values naming a company by its legal form (`GmbH`, `S.A.`, `Ltd`).
    pub company_values: u64,
    /// Short values of 1-4 capitalised words ("Anna Müller").
    pub capitalised_values: u64,
    /// Values that look like a street address (letters and a house number).
    pub street_like: u64,
    /// Human-written text: several words, not explained by a recogniser.
    pub prose_values: u64,
    pub total_words: u64,
    pub total_chars: u64,
    /// Lexicon topic index -> values mentioning it, with up to three terms seen.
    pub topic_values: BTreeMap<usize, (u64, Vec<String>)>,
    /// Categorical group index -> values equal to one of its values.
    pub categorical_values: BTreeMap<usize, u64>,
    /// Identifiers embedded in prose: kind -> values containing one.
    pub embedded: BTreeMap<ValueKind, u64>,
    /// Prose values naming a person ("Herr Wagner", "Anna Berger").
    pub embedded_names: u64,
    /// Values that parse as JSON objects or arrays.
    pub json_values: u64,
    /// Browser user-agent strings (`Mozilla/5.0 (…)`): online identifiers.
    pub user_agents: u64,
    /// Hashes of the first `DISTINCT_WINDOW` values (then dropped).
    distinct: FastSet<u64>,
    distinct_in_window: u64,
    cache: FastMap<Box<str>, ValueFacts>,
    cache_hits: u64,
    /// Set once the cache is full and values rarely repeat: lookups stop paying off.
    cache_off: bool,
    pub examples: Vec<String>,
}

impl ColumnStats {
    /// Examines one value.
    pub fn observe(&mut self, raw: &str, dict: &Dictionary) {
        let value = raw.trim();
        if value.is_empty() {
            return;
        }
        self.non_empty += 1;
        self.track_distinct(value);
        if self.examples.len() < EXAMPLES && !self.examples.iter().any(|e| e == value) {
            self.examples.push(value.chars().take(80).collect());
        }
        if !self.cache_off {
            let cache = std::mem::take(&mut self.cache);
            let hit = cache.get(value).map(|facts| self.apply(facts)).is_some();
            self.cache = cache;
            if hit {
                self.cache_hits += 1;
                return;
            }
        }
        let facts = ValueFacts::of(value, dict);
        self.apply(&facts);
        if self.cache_off || value.len() > CACHE_MAX_LEN {
            return;
        }
        if self.cache.len() < CACHE_CAP {
            self.cache.insert(value.into(), facts);
        } else if self.cache_hits * 4 < self.non_empty {
            self.cache_off = true;
            self.cache = FastMap::default();
        }
    }

    fn apply(&mut self, f: &ValueFacts) {
        self.total_chars += u64::from(f.chars);
        self.total_words += u64::from(f.words);
        for kind in &f.kinds {
            *self.kinds.entry(*kind).or_insert(0) += 1;
        }
        self.formatted_phones += u64::from(f.formatted_phone);
        if let Some(year) = f.date_year {
            *self.date_years.entry(year).or_insert(0) += 1;
        }
        self.json_values += u64::from(f.json);
        self.user_agents += u64::from(f.user_agent);
        self.any_name_values += u64::from(f.any_name);
        self.full_name_values += u64::from(f.full_name);
        self.company_values += u64::from(f.company);
        self.capitalised_values += u64::from(f.capitalised);
        self.street_like += u64::from(f.street_like);
        self.prose_values += u64::from(f.prose);
        for kind in &f.embedded {
            *self.embedded.entry(*kind).or_insert(0) += 1;
        }
        self.embedded_names += u64::from(f.embedded_name);
        for (topic, term) in &f.topics {
            let entry = self.topic_values.entry(*topic).or_insert((0, Vec::new()));
            entry.0 += 1;
            if entry.1.len() < 3 && !entry.1.contains(term) {
                entry.1.push(term.clone());
            }
        }
        for group in &f.categorical {
            *self.categorical_values.entry(*group).or_insert(0) += 1;
        }
    }

    fn track_distinct(&mut self, value: &str) {
        if self.non_empty > DISTINCT_WINDOW {
            return;
        }
        self.distinct.insert(hash_str(value));
        if self.non_empty == DISTINCT_WINDOW {
            self.distinct_in_window = self.distinct.len() as u64;
            self.distinct = FastSet::default();
        }
    }

    /// Distinct values among the first values seen (at most `DISTINCT_WINDOW`).
    pub fn distinct(&self) -> u64 {
        if self.non_empty >= DISTINCT_WINDOW {
            self.distinct_in_window
        } else {
            self.distinct.len() as u64
        }
    }

    /// Share of distinct values among the first values seen.
    pub fn distinct_ratio(&self) -> f64 {
        let window = self.non_empty.min(DISTINCT_WINDOW);
        if window == 0 {
            0.0
        } else {
            self.distinct() as f64 / window as f64
        }
    }

    /// Share of non-empty values for which `count` holds.
    pub fn share(&self, count: u64) -> f64 {
        if self.non_empty == 0 {
            0.0
        } else {
            count as f64 / self.non_empty as f64
        }
    }

    pub fn kind_count(&self, kind: ValueKind) -> u64 {
        self.kinds.get(&kind).copied().unwrap_or(0)
    }

    /// Values matching any kind `pred` accepts (a value counts once per kind it matched).
    pub fn kinds_where(&self, pred: impl Fn(ValueKind) -> bool) -> u64 {
        self.kinds
            .iter()
            .filter(|(k, _)| pred(**k))
            .map(|(_, n)| *n)
            .sum()
    }

    pub fn mean_words(&self) -> f64 {
        if self.non_empty == 0 {
            0.0
        } else {
            self.total_words as f64 / self.non_empty as f64
        }
    }

    /// Values that parsed as calendar dates.
    pub fn dates_total(&self) -> u64 {
        self.date_years.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(values: &[&str]) -> ColumnStats {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for v in values {
            s.observe(v, &dict);
        }
        s
    }

    #[test]
    fn counts_recognised_kinds_and_ignores_empty() {
        let s = stats(&["a@example.org", "", "  ", "b@example.com", "none"]);
        assert_eq!(s.non_empty, 3);
        assert_eq!(s.kind_count(ValueKind::Email), 2);
    }

    #[test]
    fn finds_health_terms_and_embedded_phone_in_prose() {
        let s = stats(&[
            "Schimmel an der Außenwand, ich bin schwanger und mache mir Sorgen.",
            "Steckdose im Flur sprüht Funken. Bitte dringend, Telefon +49(0)5074 95288.",
        ]);
        assert_eq!(s.prose_values, 2);
        assert_eq!(s.embedded.get(&ValueKind::Phone), Some(&1));
        assert!(!s.topic_values.is_empty());
    }

    #[test]
    fn repeated_values_count_every_time() {
        let s = stats(&["open", "open", "closed", "a@example.org", "a@example.org"]);
        assert_eq!(s.non_empty, 5);
        assert_eq!(s.kind_count(ValueKind::Email), 2);
        assert_eq!(s.distinct(), 3);
    }

    #[test]
    fn distinct_count_and_cache_are_bounded() {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for i in 0..10_000 {
            s.observe(&i.to_string(), &dict);
        }
        assert_eq!(s.distinct(), DISTINCT_WINDOW);
        assert_eq!(s.distinct_ratio(), 1.0);
        assert!(s.distinct.is_empty());
        assert!(s.cache.len() <= CACHE_CAP);
        assert!(s.examples.len() <= EXAMPLES);
    }
}
