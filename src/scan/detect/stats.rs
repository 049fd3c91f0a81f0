//! Per-column statistics gathered value by value: which recognisers matched, how many values
//! look like dates of birth, names, prose, Art. 9 terms. Constant memory whatever the number
//! of rows, so `--full` can stream a file of any size through it; the facts of recently seen
//! values are cached, so repeated values cost one hash lookup.
//!
//! Once a column's verdict is stable (see `settle`), [`ColumnStats::observe_settled`] stops
//! doing full work: every value is counted, one in `sample_every` (by default [`SAMPLE_EVERY`]) is still examined fully
//! (shares are then shares of the examined values), and in a column holding text every value
//! is still searched for Art. 9 terms, so a term that first appears late is counted exactly.

use super::super::dictionary::Dictionary;
use super::super::fasthash::{hash_str, FastMap, FastSet};
use super::super::recognizers::ValueKind;
use super::super::text::fold_bytes_into;
use super::facts::ValueFacts;
use std::collections::BTreeMap;

/// Distinctness is measured over this many first values, so it means the same in a
/// 300-row sample and a million-row `--full` scan, at a bounded cost.
const DISTINCT_WINDOW: u64 = 1024;
/// Distinct values whose facts are cached per column.
const CACHE_CAP: usize = 4096;
/// A table's columns share these budgets (value hashes for distinctness, cached facts), so
/// memory stays bounded however wide a table is (up to `MAX_COLUMNS`): a column of a table
/// with more than 256 columns measures distinctness over fewer first values, one of a table
/// with more than 8 columns caches fewer facts.
const DISTINCT_BUDGET: u64 = 1 << 18;
const CACHE_BUDGET: usize = 1 << 15;
const MIN_DISTINCT_WINDOW: u64 = 32;
const MIN_CACHE: usize = 8;
/// Buffers of one column grown past this by a long value are given back.
const BUFFER_KEEP: usize = 16 * 1024;

/// How much one column may hold, from the width of its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Limits {
    cache_cap: usize,
    distinct_window: u64,
}

impl Limits {
    fn for_width(width: usize) -> Limits {
        let width = width.max(1);
        Limits {
            cache_cap: (CACHE_BUDGET / width).clamp(MIN_CACHE, CACHE_CAP),
            distinct_window: (DISTINCT_BUDGET / width as u64)
                .clamp(MIN_DISTINCT_WINDOW, DISTINCT_WINDOW),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::for_width(1)
    }
}
/// Longest value cached, in bytes (longer values are rarely repeated).
const CACHE_MAX_LEN: usize = 64;
/// Example values kept for the report (masked on output).
const EXAMPLES: usize = 3;
/// After a column settles, one value in this many is still examined fully.
pub const SAMPLE_EVERY: u64 = 64;

/// What the values of one column looked like.
#[derive(Debug, Clone, Default)]
pub struct ColumnStats {
    /// Non-empty values seen.
    pub non_empty: u64,
    /// Values examined fully (all of `non_empty` unless the column settled).
    pub examined: u64,
    /// Values searched for Art. 9 terms (examined ones, plus every text value after the
    /// column settled); the denominator of `topic_values`.
    pub topic_checked: u64,
    /// Values examined fully when the column's verdict was found stable, if it was.
    pub settled_at: Option<u64>,
    /// Whether every value is searched for Art. 9 terms after settling.
    pub screens_text: bool,
    /// After settling, one value in this many is examined fully.
    pub sample_every: u64,
    /// Values whose words were counted and prose checked (examined ones, plus every value
    /// of a text column after settling): the denominator of `prose_values` and words.
    pub shape_checked: u64,
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
    /// Lexicon topic index -> values mentioning it (of `topic_checked`), with up to three
    /// terms seen.
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
    /// One-token values that are usernames: a username pattern or built from a known name
    /// (see `actors::handle_shape`); of those, the patterned and the named ones.
    pub handle_values: u64,
    pub handle_patterned: u64,
    pub handle_named: u64,
    /// Short values naming a service account or a team (`system`, `Team Nord`).
    pub non_person_values: u64,
    /// Hashes of the first `DISTINCT_WINDOW` values (then dropped).
    distinct: FastSet<u64>,
    distinct_in_window: u64,
    limits: Limits,
    cache: FastMap<Box<str>, ValueFacts>,
    cache_hits: u64,
    /// Set once the cache is full and values rarely repeat: lookups stop paying off.
    cache_off: bool,
    pub examples: Vec<String>,
    /// The facts of the value being examined (buffers reused from value to value).
    work: ValueFacts,
    scratch: Vec<u8>,
}

impl ColumnStats {
    /// Statistics for a column of a table `width` columns wide (see [`DISTINCT_BUDGET`]).
    pub fn for_width(width: usize) -> ColumnStats {
        ColumnStats {
            limits: Limits::for_width(width),
            ..ColumnStats::default()
        }
    }

    /// The table grew to `width` columns: the column caches less (its distinctness window
    /// stays, so that its meaning does not change half-way).
    pub fn set_width(&mut self, width: usize) {
        let cache_cap = Limits::for_width(width).cache_cap;
        if cache_cap < self.limits.cache_cap {
            self.limits.cache_cap = cache_cap;
            if self.cache.len() > cache_cap {
                self.cache = FastMap::default();
            }
        }
    }

    /// Examines one value fully.
    pub fn observe(&mut self, raw: &str, dict: &Dictionary) {
        let Some(value) = self.count(raw) else {
            return;
        };
        self.examine(value, dict);
    }

    /// Counts one value of a settled column: one in `sample_every` is examined fully,
    /// and every value of a text column is searched for Art. 9 terms.
    pub fn observe_settled(&mut self, raw: &str, dict: &Dictionary) {
        let Some(value) = self.count(raw) else {
            return;
        };
        if self.non_empty % self.sample_every.max(1) == 0 {
            self.examine(value, dict);
        } else if self.screens_text {
            self.topic_checked += 1;
            self.shape_checked += 1;
            let mut work = std::mem::take(&mut self.work);
            // One pass folds the text for the lexicon and counts its words.
            self.scratch.clear();
            self.scratch.push(b' ');
            let count = fold_bytes_into(value, &mut self.scratch);
            self.scratch.push(b' ');
            // Whether a column holds free text is decided on every value, not a sample.
            work.compute_shape_counted(value, count.words, count.wordy);
            self.total_words += u64::from(work.words);
            self.prose_values += u64::from(work.prose);
            // Most texts mention nothing: one pass of the prefilter tells.
            let blood_group = value.len() <= 6 && value.ends_with(['+', '-']);
            if blood_group || dict.lexicon.may_match_folded(&self.scratch) {
                work.compute_topics(value, dict);
                self.apply_topics(&work);
            }
            work.give_back_buffers(BUFFER_KEEP);
            self.work = work;
            if self.scratch.capacity() > BUFFER_KEEP {
                self.scratch = Vec::new();
            }
        }
    }

    /// Marks the verdict stable: from now on [`Self::observe_settled`] applies. Columns
    /// whose values held any prose or Art. 9 term keep searching every value for terms.
    pub fn settle(&mut self, sample_every: u64) {
        self.settled_at = Some(self.examined);
        self.sample_every = sample_every.max(1);
        self.screens_text = self.prose_values > 0 || !self.topic_values.is_empty();
        self.cache = FastMap::default();
        self.cache_off = true;
    }

    /// Counts a raw value; returns it trimmed unless empty.
    fn count<'v>(&mut self, raw: &'v str) -> Option<&'v str> {
        let bytes = raw.as_bytes();
        let untrimmed = bytes.first().is_some_and(u8::is_ascii_graphic)
            && bytes.last().is_some_and(u8::is_ascii_graphic);
        let value = if untrimmed { raw } else { raw.trim() };
        if value.is_empty() {
            return None;
        }
        self.non_empty += 1;
        self.track_distinct(value);
        if self.examples.len() < EXAMPLES && !self.examples.iter().any(|e| e == value) {
            self.examples.push(value.chars().take(80).collect());
        }
        Some(value)
    }

    fn examine(&mut self, value: &str, dict: &Dictionary) {
        self.examined += 1;
        self.topic_checked += 1;
        self.shape_checked += 1;
        if !self.cache_off {
            let cache = std::mem::take(&mut self.cache);
            let hit = cache.get(value).map(|facts| self.apply(facts)).is_some();
            self.cache = cache;
            if hit {
                self.cache_hits += 1;
                return;
            }
        }
        let mut work = std::mem::take(&mut self.work);
        work.compute(value, dict);
        self.apply(&work);
        if !self.cache_off && value.len() <= CACHE_MAX_LEN {
            if self.cache.len() < self.limits.cache_cap {
                self.cache.insert(value.into(), work.clone());
            } else if self.cache_hits * 4 < self.examined {
                self.cache_off = true;
                self.cache = FastMap::default();
            }
        }
        work.give_back_buffers(BUFFER_KEEP);
        self.work = work;
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
        let handle = f.handle;
        self.handle_values += u64::from(handle.patterned || handle.named);
        self.handle_patterned += u64::from(handle.patterned);
        self.handle_named += u64::from(handle.named);
        self.non_person_values += u64::from(f.non_person);
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
        self.apply_topics(f);
        for group in &f.categorical {
            *self.categorical_values.entry(*group).or_insert(0) += 1;
        }
    }

    fn apply_topics(&mut self, f: &ValueFacts) {
        for hit in &f.topics {
            let term = f.term(hit);
            let entry = self
                .topic_values
                .entry(hit.topic)
                .or_insert((0, Vec::new()));
            entry.0 += 1;
            if entry.1.len() < 3 && !entry.1.iter().any(|t| t == term) {
                entry.1.push(term.to_string());
            }
        }
    }

    fn track_distinct(&mut self, value: &str) {
        let window = self.limits.distinct_window;
        if self.non_empty > window {
            return;
        }
        self.distinct.insert(hash_str(value));
        if self.non_empty == window {
            self.distinct_in_window = self.distinct.len() as u64;
            self.distinct = FastSet::default();
        }
    }

    /// Distinct values among the first values seen (at most `DISTINCT_WINDOW`).
    pub fn distinct(&self) -> u64 {
        if self.non_empty >= self.limits.distinct_window {
            self.distinct_in_window
        } else {
            self.distinct.len() as u64
        }
    }

    /// Share of distinct values among the first values seen.
    pub fn distinct_ratio(&self) -> f64 {
        let window = self.non_empty.min(self.limits.distinct_window);
        if window == 0 {
            0.0
        } else {
            self.distinct() as f64 / window as f64
        }
    }

    /// Share of the examined values for which `count` holds.
    pub fn share(&self, count: u64) -> f64 {
        if self.examined == 0 {
            0.0
        } else {
            count as f64 / self.examined as f64
        }
    }

    /// Share of the values searched for Art. 9 terms that mention a topic `count` times.
    pub fn topic_share(&self, count: u64) -> f64 {
        if self.topic_checked == 0 {
            0.0
        } else {
            count as f64 / self.topic_checked as f64
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
        if self.shape_checked == 0 {
            0.0
        } else {
            self.total_words as f64 / self.shape_checked as f64
        }
    }

    /// Share of values that are human-written text (of those checked for it).
    pub fn prose_share(&self) -> f64 {
        if self.shape_checked == 0 {
            0.0
        } else {
            self.prose_values as f64 / self.shape_checked as f64
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
    fn settled_columns_count_everything_sample_some_and_screen_text_exactly() {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for i in 0..100 {
            s.observe(
                &format!("Die Heizung im Zimmer {i} bleibt seit Tagen kalt"),
                &dict,
            );
        }
        s.settle(SAMPLE_EVERY);
        assert!(s.screens_text);
        for i in 0..1600 {
            let text = if i == 1001 {
                "Ich bin schwanger und friere".to_string()
            } else {
                format!("Das Fenster im Zimmer {i} klemmt seit gestern")
            };
            s.observe_settled(&text, &dict);
        }
        assert_eq!(s.non_empty, 1700);
        assert_eq!(s.examined, 100 + 1600 / SAMPLE_EVERY);
        assert_eq!(s.topic_checked, 1700);
        assert_eq!(s.topic_values.len(), 1, "{:?}", s.topic_values);
        assert_eq!(s.settled_at, Some(100));
        assert_eq!(s.prose_share(), 1.0);
        assert_eq!(s.shape_checked, 1700);
    }

    #[test]
    fn settled_columns_without_text_are_only_sampled() {
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::default();
        for i in 0..64 {
            s.observe(&format!("user{i}@example.org"), &dict);
        }
        s.settle(SAMPLE_EVERY);
        assert!(!s.screens_text);
        for i in 0..256 {
            s.observe_settled(&format!("asthma{i}@example.org"), &dict);
        }
        assert_eq!(s.examined, 64 + 256 / SAMPLE_EVERY);
        assert_eq!(s.topic_checked, s.examined);
        assert_eq!(s.kind_count(ValueKind::Email), s.examined);
    }

    #[test]
    fn memory_stays_bounded_distinct_window_cache_and_examples() {
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

    #[test]
    fn a_wide_table_shares_its_memory_budget() {
        assert_eq!(Limits::for_width(12).distinct_window, DISTINCT_WINDOW);
        let wide = Limits::for_width(500);
        assert!(wide.cache_cap * 500 <= CACHE_BUDGET && wide.distinct_window < DISTINCT_WINDOW);
        let widest = Limits::for_width(crate::scan::table_model::MAX_COLUMNS);
        assert_eq!(
            (widest.cache_cap, widest.distinct_window),
            (MIN_CACHE, MIN_DISTINCT_WINDOW)
        );
        let dict = Dictionary::builtin().unwrap();
        let mut s = ColumnStats::for_width(500);
        for i in 0..2000 {
            s.observe(&format!("code{i}"), &dict);
        }
        assert!(s.cache.len() <= wide.cache_cap);
        assert_eq!(s.distinct(), wide.distinct_window);
        s.set_width(5000);
        assert!(s.cache.len() <= Limits::for_width(5000).cache_cap);
    }
}
