//! The column verdict: combines the name signal, the table context, the declared type and the
//! value statistics into categories, each with a confidence in [0,1] and the evidence behind it.
//! Independent signals combine as `1 - Π(1 - c)`; values that contradict a name lower it.

use super::names::{match_column, table_context, NameMatch, TableContext};
use super::stats::ColumnStats;
use crate::scan::dictionary::Dictionary;
use crate::scan::evidence::{percent, Evidence};
use crate::scan::model::{Category, ColumnReport};
use crate::scan::recognizers::ValueKind;
use crate::scan::table_model::ColumnSchema;
use crate::scan::text::{fold, identifier_words};
use std::collections::BTreeMap;

/// A category is reported at or above this confidence.
pub const REPORT_THRESHOLD: f64 = 0.5;
/// Below [`REPORT_THRESHOLD`] but at or above this confidence, a category is not reported but
/// the column is flagged for review, with the evidence.
const REVIEW_THRESHOLD: f64 = 0.3;
/// Below this many values, value statistics neither confirm nor contradict a name.
const MIN_VALUES: u64 = 5;
/// A column named for text (`notes`, `Grund`, `subject`) is free text when this share of its
/// values is human-written prose: a reason column of mostly "Urlaub" with some sentences still
/// lets anyone write anything about a person.
const NAMED_TEXT_PROSE_SHARE: f64 = 0.1;

#[derive(Debug, Default)]
struct Signals {
    positive: Vec<f64>,
    penalty: f64,
    evidence: Vec<Evidence>,
    vetoed: bool,
}

#[derive(Debug, Default)]
struct Verdict {
    by_category: BTreeMap<Category, Signals>,
    notes: Vec<Evidence>,
    needs_review: bool,
}

impl Verdict {
    fn add(&mut self, category: Category, confidence: f64, evidence: Evidence) {
        let s = self.by_category.entry(category).or_insert_with(|| Signals {
            penalty: 1.0,
            ..Signals::default()
        });
        s.positive.push(confidence.clamp(0.0, 1.0));
        s.evidence.push(evidence);
    }

    fn penalise(&mut self, category: Category, factor: f64, evidence: Evidence) {
        if let Some(s) = self.by_category.get_mut(&category) {
            s.penalty *= factor;
            s.evidence.push(evidence);
        }
    }

    fn veto(&mut self, category: Category, evidence: Evidence) {
        if let Some(s) = self.by_category.get_mut(&category) {
            if !s.vetoed {
                s.vetoed = true;
                self.notes.push(evidence);
            }
        }
    }

    fn has(&self, category: Category) -> bool {
        self.by_category.contains_key(&category)
    }
}

/// Everything `decide` needs about one column.
pub struct ColumnInput<'a> {
    pub table: &'a str,
    pub schema: &'a ColumnSchema,
    pub stats: &'a ColumnStats,
    /// Calendar year of the scan, for plausible ages.
    pub reference_year: i32,
}

/// Decides the categories of one column.
pub fn decide(input: &ColumnInput<'_>, dict: &Dictionary) -> ColumnReport {
    let stats = input.stats;
    let n = stats.examined;
    let ctx = table_context(input.table, dict);
    let ty = input
        .schema
        .data_type
        .as_deref()
        .map(fold)
        .unwrap_or_default();
    let mut v = Verdict::default();

    name_signals(input, &ty, ctx, dict, &mut v);
    schema_format_signals(&ty, &mut v);
    value_signals(input, ctx, &mut v);
    actor_signals(input, ctx, dict, &mut v);
    date_of_birth_signals(input, ctx, &mut v);
    text_signals(input, dict, &mut v);
    categorical_signals(input, dict, &mut v);
    contradictions(stats, &mut v);

    let mut categories = Vec::new();
    let mut confidences = Vec::new();
    let mut evidence = Vec::new();
    for (category, s) in &v.by_category {
        if s.vetoed {
            continue;
        }
        let combined = 1.0 - s.positive.iter().map(|c| 1.0 - c).product::<f64>();
        let confidence = (combined * s.penalty).clamp(0.0, 1.0);
        match standing(confidence) {
            Standing::Reported => {
                categories.push(*category);
                confidences.push(round2(confidence));
                evidence.extend(
                    s.evidence
                        .iter()
                        .map(|e| Evidence::for_category(*category, e.clone())),
                );
            }
            Standing::Review => {
                v.needs_review = true;
                evidence.push(
                    Evidence::new("review.not_reported")
                        .with("category", *category)
                        .with("confidence", confidence)
                        .with("signals", s.evidence.clone()),
                );
            }
            Standing::Dropped => {}
        }
    }
    evidence.extend(v.notes);
    if let Some(settled) = stats.settled_at {
        let code = if stats.screens_text {
            "sample.settled_screened"
        } else {
            "sample.settled"
        };
        evidence.push(
            Evidence::new(code)
                .with("n", n)
                .with("non_empty", stats.non_empty)
                .with("settled", settled)
                .with("every", stats.sample_every),
        );
    } else if n > 0 {
        evidence.push(Evidence::new("sample.examined").with("n", n));
    } else {
        evidence.push(Evidence::new("sample.none"));
    }
    ColumnReport {
        name: input.schema.name.clone(),
        data_type: input.schema.data_type.clone(),
        confidence: confidences.iter().copied().fold(0.0, f64::max),
        categories,
        category_confidence: confidences,
        evidence: crate::scan::evidence_words::english(&evidence),
        evidence_items: evidence,
        examples: crate::scan::mask::masked_all(&stats.examples),
        raw_examples: Some(crate::scan::mask::RawExamples::new(stats.examples.clone())),
        values_sampled: stats.non_empty,
        needs_review: v.needs_review,
        declared_at: input.schema.declared_at.clone(),
    }
}

/// What a category's combined confidence makes of it.
#[derive(Debug, PartialEq, Eq)]
enum Standing {
    Reported,
    /// Not reported, but the column is flagged for review.
    Review,
    Dropped,
}

fn standing(confidence: f64) -> Standing {
    if confidence >= REPORT_THRESHOLD {
        Standing::Reported
    } else if confidence >= REVIEW_THRESHOLD {
        Standing::Review
    } else {
        Standing::Dropped
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn is_boolean_type(ty: &str) -> bool {
    ty.split(' ')
        .any(|w| w == "bool" || w == "boolean" || w == "bit")
        || ty == "tinyint 1"
}

fn is_decimal_type(ty: &str) -> bool {
    matches!(
        ty.split(' ').next(),
        Some("real" | "float" | "double" | "numeric" | "decimal" | "money" | "number")
    )
}

fn name_signals(
    input: &ColumnInput<'_>,
    ty: &str,
    ctx: TableContext,
    dict: &Dictionary,
    v: &mut Verdict,
) {
    let stats = input.stats;
    for m in match_column(&input.schema.name, dict) {
        if is_boolean_type(ty) && !m.category.is_article9() {
            continue;
        }
        if is_decimal_type(ty) && m.category != Category::Geolocation && !m.category.is_article9() {
            continue;
        }
        let how = if m.compound {
            "name.contains"
        } else {
            "name.matches"
        };
        let evidence = Evidence::new(how)
            .with("column", &input.schema.name)
            .with("term", &m.term)
            .with("lang", &m.lang);
        if !m.ambiguous {
            v.add(m.category, m.confidence, evidence);
            continue;
        }
        match ambiguous_confirmation(&m, stats, ctx) {
            Confirmation::Confirmed(why) => v.add(
                m.category,
                m.confidence.max(0.6),
                Evidence::joined(vec![evidence, why]),
            ),
            Confirmation::Rejected(why) => v.notes.push(
                Evidence::new("name.rejected")
                    .with("category", m.category)
                    .with("term", &m.term)
                    .with("why", why),
            ),
            Confirmation::Unknown => {
                v.needs_review = true;
                v.notes.push(
                    Evidence::new("name.unconfirmed")
                        .with("column", &input.schema.name)
                        .with("category", m.category)
                        .with("term", &m.term),
                );
            }
        }
    }
}

enum Confirmation {
    Confirmed(Evidence),
    Rejected(Evidence),
    Unknown,
}

/// An ambiguous name (`name`, `address`, `notes`) needs the table or the values to agree.
fn ambiguous_confirmation(m: &NameMatch, stats: &ColumnStats, ctx: TableContext) -> Confirmation {
    let n = stats.examined;
    let technical = stats.kinds_where(|k| {
        matches!(
            k,
            ValueKind::Url | ValueKind::Email | ValueKind::Ipv4 | ValueKind::Ipv6 | ValueKind::Uuid
        )
    });
    if n >= 1 && stats.share(technical) >= 0.5 {
        return Confirmation::Rejected(
            Evidence::new("values.technical").with("share", percent(stats.share(technical))),
        );
    }
    if ctx == TableContext::Thing && m.category != Category::FreeText {
        return Confirmation::Rejected(Evidence::new("table.things"));
    }
    let value_confirms: Option<(bool, Evidence)> = if n < MIN_VALUES {
        None
    } else {
        match m.category {
            Category::PersonName => {
                let share = stats.share(stats.any_name_values);
                let caps = stats.share(stats.capitalised_values);
                Some((
                    share >= 0.3 && caps >= 0.5,
                    Evidence::new("values.known_names").with("share", percent(share)),
                ))
            }
            Category::PostalAddress => {
                let share = stats.share(stats.street_like + stats.kind_count(ValueKind::Postcode));
                Some((
                    share >= 0.3,
                    Evidence::new("values.addresses").with("share", percent(share)),
                ))
            }
            Category::FreeText => {
                let share = stats.prose_share();
                Some((
                    share >= NAMED_TEXT_PROSE_SHARE,
                    Evidence::new("values.prose").with("share", percent(share)),
                ))
            }
            Category::Geolocation => {
                let share = stats.share(stats.kinds_where(|k| {
                    matches!(
                        k,
                        ValueKind::Latitude | ValueKind::Longitude | ValueKind::LatLonPair
                    )
                }));
                Some((
                    share >= 0.5,
                    Evidence::new("values.coordinates").with("share", percent(share)),
                ))
            }
            _ => None,
        }
    };
    match (value_confirms, ctx) {
        (Some((true, why)), _) => Confirmation::Confirmed(why),
        (Some((false, why)), TableContext::Person) if m.category == Category::FreeText => {
            Confirmation::Rejected(Evidence::new("only").with("what", why))
        }
        (Some((false, why)), TableContext::Unknown) => {
            Confirmation::Rejected(Evidence::new("only").with("what", why))
        }
        (_, TableContext::Person) => Confirmation::Confirmed(Evidence::new("table.people")),
        (None, _) if m.category == Category::FreeText => {
            Confirmation::Confirmed(Evidence::new("values.none"))
        }
        _ => Confirmation::Unknown,
    }
}

/// A user reference (`created_by`, `owner`): what its values hold decides (see `actors`).
fn actor_signals(input: &ColumnInput<'_>, ctx: TableContext, dict: &Dictionary, v: &mut Verdict) {
    let Some(judged) = super::actors::judge(&input.schema.name, input.stats, ctx, dict) else {
        return;
    };
    for (category, confidence, evidence) in judged.adds {
        v.add(category, confidence, evidence);
    }
    v.notes.extend(judged.note);
    v.needs_review |= judged.needs_review;
}

/// JSON Schema `format` keywords carried in the type (`string (format: email)`).
fn schema_format_signals(ty: &str, v: &mut Verdict) {
    let words: Vec<&str> = ty.split(' ').collect();
    let has = |w: &str| words.windows(2).any(|p| p[0] == "format" && p[1] == w);
    if has("email") || has("idn") && words.contains(&"email") {
        v.add(Category::Email, 0.9, Evidence::new("schema.email"));
    }
    if has("ipv4") || has("ipv6") {
        v.add(Category::IpAddress, 0.85, Evidence::new("schema.ip"));
    }
    if has("uri") || has("hostname") {
        v.veto(Category::PostalAddress, Evidence::new("schema.uri"));
    }
}

/// The category of personal data a recognised value is, if any.
pub fn kind_category(kind: ValueKind) -> Option<Category> {
    Some(match kind {
        ValueKind::Email => Category::Email,
        ValueKind::Phone => Category::Phone,
        ValueKind::Iban => Category::BankAccount,
        ValueKind::PaymentCard => Category::PaymentCard,
        ValueKind::Ipv4 | ValueKind::Ipv6 => Category::IpAddress,
        ValueKind::MacAddress => Category::OnlineIdentifier,
        ValueKind::LatLonPair => Category::Geolocation,
        ValueKind::NationalId(_) | ValueKind::VehiclePlate => Category::NationalId,
        _ => return None,
    })
}

fn value_signals(input: &ColumnInput<'_>, ctx: TableContext, v: &mut Verdict) {
    let stats = input.stats;
    let n = stats.examined;
    if n == 0 {
        return;
    }
    let prose = stats.prose_share() >= 0.5;
    for (&kind, &count) in &stats.kinds {
        let Some(category) = kind_category(kind) else {
            continue;
        };
        let share = stats.share(count);
        let named = v.has(category);
        let threshold = if kind.is_checksummed() {
            if n >= 20 {
                0.05
            } else {
                0.1
            }
        } else if named {
            0.1
        } else if kind == ValueKind::Email {
            0.2
        } else {
            0.3
        };
        if share < threshold || prose {
            continue;
        }
        if kind == ValueKind::Phone && !named && stats.share(stats.formatted_phones) < 0.3 {
            v.notes
                .push(Evidence::new("values.bare_digits").with("share", percent(share)));
            v.needs_review = true;
            continue;
        }
        if category == Category::IpAddress && ctx == TableContext::Thing && !named {
            v.notes
                .push(Evidence::new("values.ip_things").with("share", percent(share)));
            v.needs_review = true;
            continue;
        }
        let base = if kind.is_checksummed() { 0.7 } else { 0.5 };
        v.add(
            category,
            base + (1.0 - base) * share,
            Evidence::new("values.kind")
                .with("count", count)
                .with("n", n)
                .with("share", percent(share))
                .with("kind", kind),
        );
    }
    let agents = stats.share(stats.user_agents);
    if agents >= 0.3 {
        v.add(
            Category::OnlineIdentifier,
            0.5 + 0.4 * agents,
            Evidence::new("values.user_agents").with("share", percent(agents)),
        );
    }
    // Coordinates split over two columns need the name to say so.
    let coords = stats.kinds_where(|k| matches!(k, ValueKind::Latitude | ValueKind::Longitude));
    if v.has(Category::Geolocation) && stats.share(coords) >= 0.5 {
        v.add(
            Category::Geolocation,
            0.5,
            Evidence::new("values.coordinates").with("share", percent(stats.share(coords))),
        );
    }
    // Names from values alone: most values hold a known first or last name.
    let name_share = stats.share(stats.any_name_values);
    let caps = stats.share(stats.capitalised_values);
    let distinct_ratio = stats.distinct_ratio();
    let full_names = stats.share(stats.full_name_values);
    let varied = distinct_ratio >= 0.3 || (full_names >= 0.5 && stats.distinct() >= 3);
    // A column named for something else (`ville`, `city`) may hold names of places that are
    // also surnames: values alone do not make it a person's name.
    let named_otherwise = v
        .by_category
        .iter()
        .any(|(k, s)| *k != Category::PersonName && !k.is_article9() && !s.positive.is_empty());
    let companies = stats.share(stats.company_values);
    let mean_words = stats.mean_words();
    // Most values hold a known name; or they are shaped like "Firstname Lastname" and
    // enough of them hold a known name (name lists cannot know every name).
    let known_names = name_share >= 0.5 && caps >= 0.6 && varied;
    let name_shaped = name_share >= 0.3
        && caps >= 0.8
        && (1.8..=3.5).contains(&mean_words)
        && distinct_ratio >= 0.5;
    if n >= MIN_VALUES
        && !prose
        && !named_otherwise
        && ctx != TableContext::Thing
        && companies < 0.1
        && (known_names || name_shaped)
    {
        v.add(
            Category::PersonName,
            0.4 + 0.45 * name_share,
            Evidence::new("values.known_names").with("share", percent(name_share)),
        );
    }
}

/// Below this age a person is a child for consent to online services (GDPR Art. 8(1); the
/// Member States may lower it to 13): children are vulnerable data subjects (WP248 III.B.a,
/// criterion 7), so their birth dates are said as such.
const CHILD_AGE: i32 = 16;

fn date_of_birth_signals(input: &ColumnInput<'_>, ctx: TableContext, v: &mut Verdict) {
    let stats = input.stats;
    let n = stats.examined;
    let dates = stats.dates_total();
    if n < MIN_VALUES || dates == 0 {
        return;
    }
    let share_of_ages = |ages: std::ops::RangeInclusive<i32>| {
        let count: u64 = stats
            .date_years
            .iter()
            .filter(|(y, _)| ages.contains(&(input.reference_year - **y)))
            .map(|(_, c)| *c)
            .sum();
        count as f64 / dates as f64
    };
    if v.has(Category::DateOfBirth) {
        // Named a birth date: any age a living person can have, children included (a
        // kindergarten's or a school's pupils are born a few years ago).
        let plausible_share = share_of_ages(0..=110);
        let children_share = share_of_ages(0..=CHILD_AGE - 1);
        if stats.share(dates) >= 0.5 && plausible_share >= 0.8 {
            v.add(
                Category::DateOfBirth,
                0.3,
                Evidence::new("dates.plausible_ages").with("share", percent(plausible_share)),
            );
            if children_share >= 0.1 {
                v.add(
                    Category::DateOfBirth,
                    0.0,
                    Evidence::new("dates.children")
                        .with("share", percent(children_share))
                        .with("age", CHILD_AGE),
                );
            }
        } else if plausible_share < 0.5 {
            v.penalise(
                Category::DateOfBirth,
                0.4,
                Evidence::new("dates.implausible").with("share", percent(plausible_share)),
            );
        }
        return;
    }
    // Unnamed dates count as birth dates only in a table of people, at adult ages (recent
    // dates in such a table are more often events than births).
    let plausible_share = share_of_ages(14..=110);
    let min = stats.date_years.keys().next().copied().unwrap_or(0);
    let max = stats.date_years.keys().last().copied().unwrap_or(0);
    if ctx == TableContext::Person
        && stats.share(dates) >= 0.9
        && plausible_share >= 0.95
        && max - min >= 20
        && n >= 10
    {
        v.add(
            Category::DateOfBirth,
            0.55,
            Evidence::new("dates.birth_range")
                .with("min", min)
                .with("max", max),
        );
    }
}

fn text_signals(input: &ColumnInput<'_>, dict: &Dictionary, v: &mut Verdict) {
    let stats = input.stats;
    let n = stats.examined;
    if n == 0 {
        return;
    }
    let prose_share = stats.prose_share();
    let named_free_text = v.has(Category::FreeText);
    let distinct_ratio = stats.distinct_ratio();
    // A column whose name says it holds something else (`direccion`, `full_name`) is not
    // free text because its values run to several words.
    let named_otherwise = v
        .by_category
        .keys()
        .any(|k| !matches!(k, Category::FreeText) && !k.is_article9());
    let is_free_text = (!named_otherwise
        && prose_share >= 0.5
        && stats.mean_words() >= 4.5
        && distinct_ratio >= 0.5)
        || (named_free_text && prose_share >= NAMED_TEXT_PROSE_SHARE);
    if is_free_text {
        v.add(
            Category::FreeText,
            0.6,
            Evidence::new("values.prose_words")
                .with("share", percent(prose_share))
                .with("words", stats.mean_words()),
        );
        for (kind, count) in &stats.embedded {
            v.notes.push(
                Evidence::new("texts.contain")
                    .with("count", *count)
                    .with("n", n)
                    .with("kind", *kind),
            );
        }
        if stats.embedded_names > 0 {
            v.notes.push(
                Evidence::new("texts.names")
                    .with("count", stats.embedded_names)
                    .with("n", n),
            );
        }
    }
    for (&topic, (count, terms)) in &stats.topic_values {
        let Some(t) = dict.lexicon.topics.get(topic) else {
            continue;
        };
        // 'Gay', 'Parkinson', 'Moses' are also names: a rare hit on such a word is more
        // likely a person than a diagnosis or an orientation.
        let name_like = terms
            .iter()
            .all(|t| dict.first_names.contains(t.as_str()) || dict.last_names.contains(t.as_str()));
        let checked = stats.topic_checked;
        if name_like && stats.topic_share(*count) < 0.01 {
            v.needs_review = true;
            v.notes.push(
                Evidence::new("topic.name_like")
                    .with("count", *count)
                    .with("n", checked)
                    .with("terms", terms.clone())
                    .with("topic", &t.topic),
            );
            continue;
        }
        let confidence = if is_free_text {
            match count {
                1 => 0.55,
                2 => 0.7,
                _ => 0.85,
            }
        } else if *count >= 2 && stats.topic_share(*count) >= 0.1 {
            0.6 + 0.3 * stats.topic_share(*count)
        } else {
            // Too few to call the column special-category data, but in a column of
            // repeated labels (leave types, diets) each such value is: "permesso sindacale"
            // among leave types, "coeliac" among diets. Not in a column that holds names or
            // places ('Krebs', 'Baptist' are also surnames) nor in one of distinct values
            // (job titles, company names, a catalogue), where a single hit is mostly noise.
            if t.category.is_article9() && !named_otherwise && distinct_ratio <= 0.5 {
                v.needs_review = true;
                v.notes.push(
                    Evidence::new("topic.rare_article9")
                        .with("count", *count)
                        .with("n", checked)
                        .with("topic", &t.topic)
                        .with("terms", terms.clone()),
                );
            }
            continue;
        };
        v.add(
            t.category,
            confidence,
            Evidence::new("topic.mention")
                .with("count", *count)
                .with("n", checked)
                .with("topic", &t.topic)
                .with("terms", terms.clone()),
        );
    }
}

fn categorical_signals(input: &ColumnInput<'_>, dict: &Dictionary, v: &mut Verdict) {
    let stats = input.stats;
    let n = stats.examined;
    let words = identifier_words(&input.schema.name);
    let joined = words.concat();
    for (&group_index, &count) in &stats.categorical_values {
        let Some(group) = dict.categorical.get(group_index) else {
            continue;
        };
        let enabled = group.column_terms.is_empty()
            || group.column_terms.iter().any(|term| {
                let tw: Vec<&str> = term.split(' ').collect();
                words
                    .windows(tw.len())
                    .any(|w| w.iter().zip(&tw).all(|(a, b)| a == b))
                    || joined.contains(&term.replace(' ', ""))
            });
        let share = stats.share(count);
        if enabled && (share >= 0.2 || (count >= 2 && share >= 0.05)) {
            v.add(
                group.category,
                0.75,
                Evidence::new("values.categorical")
                    .with("count", count)
                    .with("n", n)
                    .with("topic", &group.topic),
            );
        }
    }
}

/// Values that contradict a name-based category lower or cancel it.
fn contradictions(stats: &ColumnStats, v: &mut Verdict) {
    let n = stats.examined;
    if n < 10 {
        return;
    }
    type KindTest<'a> = &'a dyn Fn(ValueKind) -> bool;
    let checks: [(Category, KindTest<'_>, &str); 3] = [
        (Category::Email, &|k| k == ValueKind::Email, "email"),
        (
            Category::IpAddress,
            &|k| matches!(k, ValueKind::Ipv4 | ValueKind::Ipv6),
            "ip",
        ),
        (Category::Phone, &|k| k == ValueKind::Phone, "phone"),
    ];
    for (category, pred, what) in checks {
        let share = stats.share(stats.kinds_where(pred));
        if v.has(category) && share < 0.1 {
            v.penalise(
                category,
                0.3,
                Evidence::new("values.contradicts")
                    .with("share", percent(share))
                    .with("n", n)
                    .with("what", what),
            );
        }
    }
    let technical = stats.share(stats.kinds_where(|k| {
        matches!(
            k,
            ValueKind::Url | ValueKind::Email | ValueKind::Ipv4 | ValueKind::Ipv6
        )
    }));
    if technical >= 0.5 {
        for category in [Category::PostalAddress, Category::PersonName] {
            v.veto(
                category,
                Evidence::new("values.technical_not")
                    .with("share", percent(technical))
                    .with("category", category),
            );
        }
    }
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
