//! The Art. 9 lexicon as one Aho-Corasick automaton: every word, stem (`schwanger*`) and
//! phrase of every topic is found in a single pass over a folded text, instead of a hash
//! lookup per word, per stem bucket and per phrase head. The scanner runs it on every text
//! value, so this pass is what a description column costs.
//!
//! Matching is on whole folded words (see [`crate::scan::text::fold`]): a word term matches a
//! whole word, a stem matches the start of a word, a phrase matches consecutive whole words
//! (its last word may be a stem). The result is the same as looking each word up, in the
//! same order: by position in the text, then words before stems before phrases, then the
//! order the terms were loaded in; each topic is reported once, with its first term.

use crate::scan::fasthash::FastSet;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A group of lexicon terms for one Art. 9 topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub category: crate::scan::Category,
    pub topic: String,
}

/// How a pattern must sit in the text to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// A whole word.
    Word,
    /// The start of a word (a `*` term).
    Stem,
    /// Whole consecutive words, the last one whole.
    Phrase,
    /// Whole consecutive words, the last one a stem.
    PhraseStem,
}

/// One term of one topic behind a pattern.
#[derive(Debug, Clone, Copy)]
struct Entry {
    shape: Shape,
    topic: usize,
    /// Load order, to report terms in the order the word-by-word lookup did.
    seq: usize,
}

/// One topic found in a text: the term is `text[start..end]` of the matched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicHit {
    pub topic: usize,
    pub start: usize,
    pub end: usize,
}

/// The Art. 9 lexicon, compiled for one-pass matching of folded text.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub topics: Vec<Topic>,
    /// Distinct pattern strings, and the entries behind each (same index).
    patterns: Vec<String>,
    entries: Vec<Vec<Entry>>,
    automaton: Option<AhoCorasick>,
    /// Every term with its word boundaries spelled out (` word `, ` stem`, ` two words `),
    /// for a yes/no answer on a text padded with spaces; see [`Lexicon::may_match`].
    prefilter: Option<AhoCorasick>,
}

impl Lexicon {
    /// Adds a normalised term (`word`, `stem*`, `two words`, `two stem*`) of `topic`. Call
    /// [`Lexicon::compile`] once all terms are in.
    pub fn insert(&mut self, term: &str, topic: usize) {
        let (body, stem) = match term.strip_suffix('*') {
            Some(t) => (t, true),
            None => (term, false),
        };
        let shape = match (body.contains(' '), stem) {
            (false, false) => Shape::Word,
            (false, true) => Shape::Stem,
            (true, false) => Shape::Phrase,
            (true, true) => Shape::PhraseStem,
        };
        let seq = self.entries.iter().map(Vec::len).sum();
        let entry = Entry { shape, topic, seq };
        match self.patterns.iter().position(|p| p == body) {
            Some(i) => self.entries[i].push(entry),
            None => {
                self.patterns.push(body.to_string());
                self.entries.push(vec![entry]);
            }
        }
        self.automaton = None;
    }

    /// Builds the automata over every inserted term. `first_names` are the known first
    /// names: a phrase with one of them among its words could match across a surname left
    /// out of the text, so [`Lexicon::may_match`] looks for its longest word alone.
    pub fn compile(&mut self, first_names: &FastSet<String>) -> Result<(), String> {
        if self.patterns.is_empty() {
            self.automaton = None;
            self.prefilter = None;
            return Ok(());
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.patterns)
            .map_err(|e| format!("cannot compile the lexicon: {e}"))?;
        self.automaton = Some(automaton);
        let mut keys: Vec<String> = Vec::new();
        for (pattern, entries) in self.patterns.iter().zip(&self.entries) {
            for e in entries {
                let key = match e.shape {
                    Shape::Word => format!(" {pattern} "),
                    Shape::Stem => format!(" {pattern}"),
                    Shape::Phrase | Shape::PhraseStem
                        if pattern.split(' ').any(|w| first_names.contains(w)) =>
                    {
                        // Only the longest word is sure to stay in the text.
                        let words: Vec<&str> = pattern.split(' ').collect();
                        let (i, longest) = words
                            .iter()
                            .enumerate()
                            .max_by_key(|(i, w)| (w.len(), usize::MAX - i))
                            .map_or((0, pattern.as_str()), |(i, w)| (i, *w));
                        if e.shape == Shape::PhraseStem && i + 1 == words.len() {
                            format!(" {longest}")
                        } else {
                            format!(" {longest} ")
                        }
                    }
                    Shape::Phrase => format!(" {pattern} "),
                    Shape::PhraseStem => format!(" {pattern}"),
                };
                keys.push(key);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        // Every key starts with a space, so a start-byte prefilter would stop at every word.
        let prefilter = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&keys)
            .map_err(|e| format!("cannot compile the lexicon: {e}"))?;
        self.prefilter = Some(prefilter);
        Ok(())
    }

    /// Whether `text` (raw, not folded) may mention a topic: false means [`Self::find`]
    /// finds nothing in its folding, nor in its folding with some capitalised words after a
    /// first name left out (as prose is read). One pass of one automaton, no allocation
    /// beyond `scratch`.
    pub fn may_match(&self, text: &str, scratch: &mut Vec<u8>) -> bool {
        let Some(prefilter) = &self.prefilter else {
            return false;
        };
        scratch.clear();
        scratch.push(b' ');
        crate::scan::text::fold_bytes_into(text, scratch);
        scratch.push(b' ');
        prefilter.is_match(scratch.as_slice())
    }

    /// [`Self::may_match`] on a text already folded by `fold_bytes_into` between two
    /// spaces (` folded text `).
    pub fn may_match_folded(&self, padded: &[u8]) -> bool {
        self.prefilter
            .as_ref()
            .is_some_and(|prefilter| prefilter.is_match(padded))
    }

    /// Topics mentioned in `text`, a folded text (words of `[a-z0-9…]` separated by single
    /// spaces, as [`crate::scan::text::fold`] makes). Hits are appended to `out`, each topic
    /// once, with its first term; `out` is not cleared.
    pub fn find(&self, text: &str, out: &mut Vec<TopicHit>) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let bytes = text.as_bytes();
        let word_end = |from: usize| {
            bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| b == b' '))
                .map_or(bytes.len(), |p| from + p)
        };
        // (start, shape, seq, topic, term end); few texts have any, so this rarely allocates.
        let mut hits: Vec<(usize, Shape, usize, usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            if start > 0 && bytes.get(start - 1) != Some(&b' ') {
                continue;
            }
            let whole = end == bytes.len() || bytes.get(end) == Some(&b' ');
            let Some(entries) = self.entries.get(m.pattern().as_usize()) else {
                continue;
            };
            for e in entries {
                let term_end = match e.shape {
                    Shape::Word | Shape::Phrase if whole => end,
                    Shape::Word | Shape::Phrase => continue,
                    // The term reported for a stem is the whole word it starts.
                    Shape::Stem | Shape::PhraseStem => word_end(end),
                };
                // Word-by-word lookup ranks a word's own entries before stems before phrases.
                let rank = match e.shape {
                    Shape::Word => Shape::Word,
                    Shape::Stem => Shape::Stem,
                    Shape::Phrase | Shape::PhraseStem => Shape::Phrase,
                };
                hits.push((start, rank, e.seq, e.topic, term_end));
            }
        }
        if hits.is_empty() {
            return;
        }
        hits.sort_unstable_by_key(|&(start, rank, seq, _, _)| (start, rank, seq));
        for (start, _, _, topic, end) in hits {
            if !out.iter().any(|h| h.topic == topic) {
                out.push(TopicHit { topic, start, end });
            }
        }
    }

    /// Topic indexes whose terms occur in `words` (folded words of one text), each once,
    /// with the term that matched.
    pub fn matches(&self, words: &[&str]) -> Vec<(usize, String)> {
        let text = words
            .iter()
            .filter(|w| !w.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let mut hits = Vec::new();
        self.find(&text, &mut hits);
        hits.into_iter()
            .map(|h| (h.topic, text.get(h.start..h.end).unwrap_or("").to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::text::fold;
    use crate::scan::Category;
    use std::collections::HashMap;

    /// The word-by-word lookup the automaton replaced, kept as the reference it must equal.
    struct Reference {
        words: HashMap<String, Vec<usize>>,
        prefixes: Vec<(String, usize)>,
        phrases: HashMap<String, Vec<(Vec<String>, bool, usize)>>,
    }

    impl Reference {
        fn new(terms: &[(&str, usize)]) -> Self {
            let mut r = Reference {
                words: HashMap::new(),
                prefixes: Vec::new(),
                phrases: HashMap::new(),
            };
            for (term, topic) in terms {
                let (term, prefix) = match term.strip_suffix('*') {
                    Some(t) => (t, true),
                    None => (*term, false),
                };
                let mut words: Vec<String> = term.split(' ').map(String::from).collect();
                if words.len() == 1 {
                    if prefix {
                        r.prefixes.push((words.remove(0), *topic));
                    } else {
                        r.words.entry(words.remove(0)).or_default().push(*topic);
                    }
                } else {
                    let first = words.remove(0);
                    r.phrases
                        .entry(first)
                        .or_default()
                        .push((words, prefix, *topic));
                }
            }
            r
        }

        fn matches(&self, words: &[&str]) -> Vec<(usize, String)> {
            let mut found: Vec<(usize, String)> = Vec::new();
            let mut push = |topic: usize, term: String| {
                if !found.iter().any(|(t, _)| *t == topic) {
                    found.push((topic, term));
                }
            };
            for (i, word) in words.iter().enumerate() {
                for &t in self.words.get(*word).into_iter().flatten() {
                    push(t, (*word).to_string());
                }
                for (stem, t) in &self.prefixes {
                    if word.starts_with(stem.as_str()) {
                        push(*t, (*word).to_string());
                    }
                }
                for (rest, last_is_prefix, t) in self.phrases.get(*word).into_iter().flatten() {
                    let Some(tail) = words.get(i + 1..i + 1 + rest.len()) else {
                        continue;
                    };
                    let ok = rest.iter().zip(tail).enumerate().all(|(k, (want, got))| {
                        if *last_is_prefix && k + 1 == rest.len() {
                            got.starts_with(want.as_str())
                        } else {
                            want == got
                        }
                    });
                    if ok {
                        let mut term = (*word).to_string();
                        for w in tail {
                            term.push(' ');
                            term.push_str(w);
                        }
                        push(*t, term);
                    }
                }
            }
            found
        }
    }

    fn lexicon(terms: &[(&str, usize)]) -> Lexicon {
        let mut l = Lexicon::default();
        for _ in 0..3 {
            l.topics.push(Topic {
                category: Category::Health,
                topic: "t".into(),
            });
        }
        for (term, topic) in terms {
            l.insert(term, *topic);
        }
        l.compile(&FastSet::default()).unwrap();
        l
    }

    #[test]
    fn the_prefilter_passes_every_text_with_a_hit() {
        let dict = crate::scan::Dictionary::builtin().unwrap();
        let mut scratch = Vec::new();
        let mut hits = Vec::new();
        for text in [
            "Ich bin SCHWANGER.",
            "Je suis enceinte",
            "Mutter in anderen Umständen",
            "Ärztin sagt: Asthma",
            "on sick-leave since May",
            "Olivier Gay reports a leak",
        ] {
            assert!(dict.lexicon.may_match(text, &mut scratch), "{text}");
            hits.clear();
            dict.lexicon.find(&fold(text), &mut hits);
            assert!(!hits.is_empty(), "{text}");
        }
        for text in [
            "Die Heizung im Bad bleibt kalt",
            "Fenster klemmt",
            "",
            "Keine Beanstandung",
        ] {
            assert!(!dict.lexicon.may_match(text, &mut scratch), "{text}");
        }
    }

    #[test]
    fn the_folded_prefilter_equals_the_raw_one() {
        let dict = crate::scan::Dictionary::builtin().unwrap();
        for text in [
            "Ich bin SCHWANGER.",
            "on sick-leave since May",
            "Fenster klemmt",
            "",
        ] {
            let mut padded = vec![b' '];
            crate::scan::text::fold_bytes_into(text, &mut padded);
            padded.push(b' ');
            assert_eq!(
                dict.lexicon.may_match_folded(&padded),
                dict.lexicon.may_match(text, &mut Vec::new()),
                "{text}"
            );
        }
    }

    #[test]
    fn equals_the_word_by_word_lookup() {
        let terms = [
            ("asthma", 0),
            ("schwanger*", 0),
            ("sick leave", 1),
            ("in anderen umstand*", 1),
            ("gay", 2),
            ("ms", 2),
            ("asthma attack", 2),
            ("asth*", 1),
        ];
        let l = lexicon(&terms);
        let r = Reference::new(&terms);
        for text in [
            "Ich bin schwanger und habe Asthma",
            "Schwangerschaft, sick leave; in anderen Umständen",
            "asthmatic ms. msc gay-friendly, sick leaves",
            "asthma attack asthma",
            "in anderen",
            "",
            "sick",
            "leave sick leave",
            "gaya gay",
            "x asthm asth",
        ] {
            let folded = fold(text);
            let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(l.matches(&words), r.matches(&words), "{text}");
        }
    }

    #[test]
    fn builtin_lexicon_equals_the_word_by_word_lookup_on_fixture_texts() {
        let dict = crate::scan::Dictionary::builtin().unwrap();
        let raw = include_str!("dictionaries/special_categories.toml");
        let file: toml::Value = toml::from_str(raw).unwrap();
        let mut terms = Vec::new();
        for (topic, group) in file["group"].as_array().unwrap().iter().enumerate() {
            let mut langs: Vec<_> = group["terms"].as_table().unwrap().iter().collect();
            langs.sort_by(|a, b| a.0.cmp(b.0));
            for (_, list) in langs {
                for t in list.as_array().unwrap() {
                    terms.push((t.as_str().unwrap().to_string(), topic));
                }
            }
        }
        let refs: Vec<(&str, usize)> = terms.iter().map(|(t, i)| (t.as_str(), *i)).collect();
        let reference = Reference::new(&refs);
        let texts = [
            include_str!("../../tests/fixtures/example/damage-reports/export/d1-export.sql"),
            include_str!("../../tests/fixtures/labelled/clinic-booking-fr/rendez_vous.ndjson"),
            include_str!("../../tests/fixtures/labelled/hr-onboarding-de/abwesenheiten.csv"),
        ];
        let mut compared = 0;
        let mut with_hits = 0;
        for text in texts {
            for line in text.lines() {
                let folded = fold(line);
                let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
                let got = dict.lexicon.matches(&words);
                assert_eq!(got, reference.matches(&words), "{line}");
                if !got.is_empty() {
                    assert!(dict.lexicon.may_match(line, &mut Vec::new()), "{line}");
                }
                compared += 1;
                with_hits += usize::from(!got.is_empty());
            }
        }
        assert!(compared > 200 && with_hits > 10, "{compared} {with_hits}");
    }
}
