//! Unit tests of `decide`'s thresholds, one family per test, each at the value just below the
//! threshold and at it: the rules are built from [`ColumnStats::observe`] over a few values, so a
//! shift in a threshold shows here and not only in the aggregate quality figures.

use super::*;
use std::sync::LazyLock;

static DICT: LazyLock<Dictionary> = LazyLock::new(|| Dictionary::builtin().unwrap());

fn decide_on(table: &str, column: &str, values: &[String]) -> ColumnReport {
    let mut stats = ColumnStats::default();
    for v in values {
        stats.observe(v, &DICT);
    }
    let schema = ColumnSchema::named(column);
    decide(
        &ColumnInput {
            table,
            schema: &schema,
            stats: &stats,
            reference_year: 2026,
        },
        &DICT,
    )
}

/// `hits` copies of `hit` and `misses` distinct neutral values (order numbers).
fn mix(hit: &str, hits: usize, misses: usize) -> Vec<String> {
    let mut v: Vec<String> = (0..hits).map(|_| hit.to_string()).collect();
    v.extend((0..misses).map(|i| format!("ORD-{:05}", 31_000 + i * 7)));
    v
}

fn has(report: &ColumnReport, category: Category) -> bool {
    report.categories.contains(&category)
}

/// `category` is not reported for the values `below` the threshold and is reported for `at`.
fn assert_edge(table: &str, column: &str, category: Category, below: &[String], at: &[String]) {
    let below = decide_on(table, column, below);
    let at = decide_on(table, column, at);
    assert!(!has(&below, category), "below: {:?}", below.evidence);
    assert!(has(&at, category), "at: {:?}", at.evidence);
}

#[test]
fn confidence_is_reported_at_the_report_threshold_and_flagged_from_the_review_threshold() {
    const {
        assert!(
            0.0 < REVIEW_THRESHOLD && REVIEW_THRESHOLD < REPORT_THRESHOLD && REPORT_THRESHOLD < 1.0
        );
    }
    // The documented values (README, `ColumnReport::needs_review`): 0.5 reports, 0.3 flags.
    let below = |x: f64| x - 1e-9;
    assert_eq!(standing(0.5), Standing::Reported);
    assert_eq!(standing(below(0.5)), Standing::Review);
    assert_eq!(standing(0.3), Standing::Review);
    assert_eq!(standing(below(0.3)), Standing::Dropped);
    // Through `decide`: a neutral column with 2 e-mail addresses in 10 values scores
    // 0.5 + 0.5 × 0.2 = 0.6 and is reported with that confidence.
    let r = decide_on("records", "col_a", &mix("ana.lopez@example.org", 2, 8));
    assert_eq!(r.categories, vec![Category::Email]);
    assert_eq!(r.category_confidence, vec![0.6]);
}

#[test]
fn unnamed_email_values_count_from_a_fifth_of_the_values() {
    // 2 of 11 (0.18) is below the 0.2 share for e-mail values under a neutral name; 2 of 10 is at it.
    assert_edge(
        "records",
        "col_a",
        Category::Email,
        &mix("ana.lopez@example.org", 2, 9),
        &mix("ana.lopez@example.org", 2, 8),
    );
}

#[test]
fn checksummed_values_count_from_one_in_twenty_when_twenty_are_examined() {
    // A valid IBAN is trusted at a 0.05 share from 20 values on: 1 of 21 (0.048) is below, 1 of 20 at.
    let iban = "DE89370400440532013000";
    assert_edge(
        "records",
        "col_a",
        Category::BankAccount,
        &mix(iban, 1, 20),
        &mix(iban, 1, 19),
    );
    // Under 20 values the share needed is 0.1: 1 of 11 (0.09) is below, 1 of 10 at.
    assert_edge(
        "records",
        "col_a",
        Category::BankAccount,
        &mix(iban, 1, 10),
        &mix(iban, 1, 9),
    );
}

#[test]
fn a_name_is_contradicted_when_under_a_tenth_of_ten_values_match_it() {
    // `email` with 1 address in 11 values (0.09): the name is penalised below reporting;
    // with 1 in 10 (0.1) the values confirm it.
    assert_edge(
        "records",
        "email",
        Category::Email,
        &mix("ana.lopez@example.org", 1, 10),
        &mix("ana.lopez@example.org", 1, 9),
    );
    // Under 10 values nothing contradicts the name.
    let few = decide_on("records", "email", &mix("x", 0, 9));
    assert!(has(&few, Category::Email), "{:?}", few.evidence);
}

#[test]
fn a_column_named_for_text_is_free_text_from_a_tenth_of_prose_values() {
    let prose = "Kind krank, bitte bis Freitag entschuldigen, Attest folgt";
    let short = |n: usize| (0..n).map(|i| format!("Urlaub {i}")).collect::<Vec<_>>();
    let mut below = short(10);
    below.push(prose.to_string()); // 1 of 11: 0.09
    let mut at = short(9);
    at.push(prose.to_string()); // 1 of 10: 0.1
    assert_edge("ereignisse", "grund", Category::FreeText, &below, &at);
}

#[test]
fn an_ambiguous_name_needs_five_values_to_be_judged_by_them() {
    // `name` in a table of unknown kind: 4 values are too few to confirm or reject, so the
    // column is flagged for review; 5 values without names reject it.
    let values = |n: usize| (0..n).map(|i| format!("ab-{i}")).collect::<Vec<_>>();
    let four = decide_on("ereignisse", "name", &values(4));
    let five = decide_on("ereignisse", "name", &values(5));
    assert!(
        four.needs_review && four.categories.is_empty(),
        "{:?}",
        four.evidence
    );
    assert!(
        !five.needs_review && five.categories.is_empty(),
        "{:?}",
        five.evidence
    );
}

#[test]
fn a_named_birth_date_needs_an_age_from_zero_to_a_hundred_and_ten() {
    // Reference year 2026: born 2026 is 0 (a newborn), born 2027 is in the future.
    let dates = |year: i32| {
        (1..=10)
            .map(|d| format!("{year}-03-{d:02}"))
            .collect::<Vec<_>>()
    };
    let at = decide_on("members", "date_of_birth", &dates(2026));
    let future = decide_on("members", "date_of_birth", &dates(2027));
    assert!(has(&at, Category::DateOfBirth), "{:?}", at.evidence);
    assert!(
        !has(&future, Category::DateOfBirth),
        "{:?}",
        future.evidence
    );
    // The penalised name stays above the review threshold: the DPO is asked to look.
    assert!(future.needs_review, "{:?}", future.evidence);
    // The upper edge: 110 is plausible, 111 is not.
    let oldest = decide_on("members", "date_of_birth", &dates(1916));
    let too_old = decide_on("members", "date_of_birth", &dates(1915));
    assert!(has(&oldest, Category::DateOfBirth), "{:?}", oldest.evidence);
    assert!(
        !has(&too_old, Category::DateOfBirth),
        "{:?}",
        too_old.evidence
    );
}

#[test]
fn pupils_birth_dates_are_found_and_said_to_be_childrens() {
    // A school's pupils, aged 4 to 12 in 2026: a birth date, and the evidence says children
    // from 10% of the dates under 16 (GDPR Art. 8); adults' dates do not say it.
    let pupils: Vec<String> = (0..20)
        .map(|i| format!("{}-0{}-1{}", 2014 + i % 9, 1 + i % 9, i % 10))
        .collect();
    let r = decide_on("schueler", "geburtsdatum", &pupils);
    assert!(has(&r, Category::DateOfBirth), "{:?}", r.evidence);
    assert!(
        r.evidence.iter().any(|e| e.contains("children's data")),
        "{:?}",
        r.evidence
    );
    let mut mixed: Vec<String> = (0..18)
        .map(|i| format!("19{}-05-1{}", 60 + i, i % 10))
        .collect();
    mixed.push("2015-02-01".into());
    let one_in_19 = decide_on("members", "date_of_birth", &mixed);
    mixed.push("2016-02-01".into());
    let two_in_20 = decide_on("members", "date_of_birth", &mixed);
    let says = |r: &ColumnReport| r.evidence.iter().any(|e| e.contains("children's data"));
    assert!(!says(&one_in_19), "{:?}", one_in_19.evidence);
    assert!(says(&two_in_20), "{:?}", two_in_20.evidence);
}

#[test]
fn topic_mentions_outside_prose_count_from_two_in_a_tenth_of_the_values() {
    // A short-value column (not prose): 2 mentions of a diagnosis in 21 values (0.095) are
    // below the 0.1 share; 2 in 20 are at it; a single mention never counts.
    let values = |hits: usize, total: usize| {
        let mut v: Vec<String> = (0..hits).map(|_| "Diabetes".to_string()).collect();
        v.extend((hits..total).map(|i| format!("Urlaub {i}")));
        v
    };
    let (table, column) = ("abwesenheiten", "kategorie");
    assert_edge(
        table,
        column,
        Category::Health,
        &values(2, 21),
        &values(2, 20),
    );
    let single = decide_on(table, column, &values(1, 10));
    assert!(!has(&single, Category::Health), "{:?}", single.evidence);
    // Among distinct values (job titles, names) a single mention is mostly noise: not flagged.
    assert!(!single.needs_review, "{:?}", single.evidence);
    // ...but among repeated labels (leave types) a single Art. 9 mention is never silent: the
    // column is flagged for review and says why (each such value is special-category data).
    let labels = ["Urlaub", "Fortbildung", "Elternzeit"];
    let mut repeated: Vec<String> = (0..9).map(|i| labels[i % 3].to_string()).collect();
    repeated.push("Diabetes".to_string());
    let single = decide_on(table, column, &repeated);
    assert!(!has(&single, Category::Health), "{:?}", single.evidence);
    assert!(single.needs_review, "{:?}", single.evidence);
    assert!(
        single
            .evidence
            .iter()
            .any(|n| n.contains("1 of 10 values mention") && n.contains("Art. 9(1)")),
        "{:?}",
        single.evidence
    );
    // Values with no Art. 9 term are not flagged.
    let plain = decide_on(table, column, &mix("Urlaub", 1, 9));
    assert!(!plain.needs_review, "{:?}", plain.evidence);
}

#[test]
fn technical_values_veto_an_address_from_half_of_the_values() {
    // `address` holding URLs: 5 of 10 vetoes the postal address; 4 of 10 leaves the name to
    // the other rules (a table of people confirms it).
    let values = |urls: usize| {
        let mut v: Vec<String> = (0..urls)
            .map(|i| format!("https://example.org/p/{i}"))
            .collect();
        v.extend((urls..10).map(|i| format!("Hauptstraße {}", i + 1)));
        v
    };
    let at = decide_on("customers", "address", &values(5));
    let below = decide_on("customers", "address", &values(4));
    assert!(!has(&at, Category::PostalAddress), "{:?}", at.evidence);
    assert!(has(&below, Category::PostalAddress), "{:?}", below.evidence);
}
