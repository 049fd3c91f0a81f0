//! The screening chapter (GDPR Art. 35(1), (3)-(5), (10); WP248 III.B.a): every screening
//! answer in words, the must-list items with their list, version and number from the dated
//! reference data, the WP248 criteria (selected, suggested by dpia, and those that count),
//! the exceptions, and the outcome with its reasons, as the recorded evaluation has them.

use super::ctx::{heading, key_values, paragraphs, table, Ctx};
use super::document::Block;
use super::summary::bullets;

pub fn screening(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let e = &c.input.evaluation;
    let title =
        c.q.and_then(|q| q.sections.iter().find(|s| s.id == "screening"))
            .map_or_else(
                || t.screening.clone(),
                |s| s.title.get(c.lang()).to_string(),
            );
    heading(b, 2, &title);
    key_values(
        b,
        vec![(
            t.outcome.clone(),
            c.w.phrase(&format!("outcome.{}", e.screening.outcome.code())),
        )],
    );
    heading(b, 3, &t.art35_3);
    key_values(
        b,
        c.rows(&[
            "screening.art35_3a",
            "screening.art35_3b",
            "screening.art35_3c",
        ]),
    );

    heading(b, 3, &c.heading("screening.national_list"));
    let chosen: Vec<&String> = c
        .list("screening.national_list")
        .iter()
        .filter(|v| *v != "none")
        .collect();
    if chosen.is_empty() {
        if c.input.answers.get("screening.national_list").is_some() {
            b.push(Block::Paragraph(t.must_list_none.clone()));
        } else {
            b.push(Block::Paragraph(t.not_answered.clone()));
        }
    } else {
        let rows = chosen
            .iter()
            .map(|v| {
                let found = c.w.reference.and_then(|r| r.must_list_item(v));
                let label = c.w.choice("screening.national_list", v);
                match found {
                    Some((list, item)) => vec![list_name(c, list), item.number.to_string(), label],
                    None => vec![String::new(), String::new(), label],
                }
            })
            .collect();
        table(
            b,
            vec![t.list.clone(), t.item_no.clone(), t.item.clone()],
            rows,
        );
    }
    if let Some(lists) = c.w.reference.map(|r| &r.must_lists) {
        let names: Vec<String> = lists.iter().map(|l| list_name(c, l)).collect();
        b.push(Block::Small(
            t.must_lists_checked
                .replace("{lists}", &names.join(&c.w.list_separator())),
        ));
    }
    key_values(b, c.rows(&["screening.other_list"]));
    let others = c.items("screening.other_list_items");
    if !others.is_empty() {
        let g = "screening.other_list_items";
        table(
            b,
            vec![
                c.heading(&format!("{g}/authority")),
                c.heading(&format!("{g}/item")),
                c.heading(&format!("{g}/list_date")),
            ],
            others
                .iter()
                .map(|i| {
                    ["authority", "item", "list_date"]
                        .iter()
                        .map(|f| c.field(g, i, f).unwrap_or_default())
                        .collect()
                })
                .collect(),
        );
    }
    key_values(
        b,
        c.rows(&[
            "screening.likely_high_risk",
            "screening.likely_high_risk_reason",
        ]),
    );

    criteria(b, c);

    heading(b, 3, &c.heading("screening.exemption"));
    key_values(
        b,
        c.rows(&["screening.exemption", "screening.exemption_details"]),
    );
    if let Some(notes) = c.raw("screening.other_reasons") {
        heading(b, 3, &c.heading("screening.other_reasons"));
        paragraphs(b, notes);
    }
    heading(b, 3, &t.outcome_why);
    bullets(b, c.w.findings(&e.screening.reasons), c);
}

/// The WP248 criteria: one row per criterion that is selected, suggested or counted.
fn criteria(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let s = &c.input.evaluation.screening;
    let selected = c.list("screening.wp248_criteria");
    heading(b, 3, &t.wp248);
    let values: Vec<String> = c
        .question("screening.wp248_criteria")
        .map(|q| q.choices.iter().map(|ch| ch.value.clone()).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = values
        .iter()
        .filter(|v| {
            selected.contains(v) || s.suggested_criteria.contains(v) || s.criteria.contains(v)
        })
        .map(|v| {
            let yes = |b: bool| c.yes_no(b);
            vec![
                c.w.choice("screening.wp248_criteria", v),
                yes(selected.contains(v)),
                yes(s.suggested_criteria.contains(v)),
                yes(s.criteria.contains(v)),
            ]
        })
        .collect();
    if rows.is_empty() {
        b.push(Block::Paragraph(t.wp248_none.clone()));
    } else {
        b.push(Block::Table {
            headers: vec![
                t.criterion.clone(),
                t.selected.clone(),
                t.suggested.clone(),
                t.counts.clone(),
            ],
            rows,
        });
    }
    key_values(
        b,
        c.rows(&["screening.criteria_reason", "screening.override_reason"]),
    );
}

/// A must list as the report names it: authority, country in the report's language, version
/// and date (`Datenschutzkonferenz (DSK), Allemagne 1.1 (17 octobre 2018)`).
fn list_name(c: &Ctx<'_>, list: &crate::reference::MustList) -> String {
    let country =
        c.w.reference
            .and_then(|r| r.country_name(&list.country, c.lang()))
            .unwrap_or(&list.country);
    format!(
        "{}, {country} {} ({})",
        list.authority,
        list.version,
        c.w.date(&list.date)
    )
}
