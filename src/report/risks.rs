//! Risks (GDPR Art. 35(7)(c); WP248 Annex 2; CNIL method) and measures (Art. 35(7)(d)):
//! an overview with the risk map, then each risk as a block (feared event, impacts, threats,
//! sources, severity and likelihood now and after the planned measures with the map's level,
//! the DPO's decision and reasons, the measures that address it), then the measures with
//! owner, status and due date, overdue ones marked.

use super::ctx::{heading, key_values, notes, Ctx};
use super::document::{Block, RiskMap, RiskPoint};
use crate::assessment::risk::Level;
use crate::assessment::RiskResult;

fn level(l: Option<Level>, c: &Ctx<'_>) -> String {
    l.map_or_else(|| c.t.not_assessed.clone(), |l| c.w.level(l))
}

fn label(r: &RiskResult, n: usize) -> String {
    r.id.clone().unwrap_or_else(|| format!("R{}", n + 1))
}

/// "severity 3 (significant), likelihood 2 (limited): high".
fn pair(c: &Ctx<'_>, s: Option<i64>, l: Option<i64>, lv: Option<Level>) -> Option<String> {
    let (s, l) = (s?, l?);
    let word = |v: i64| {
        crate::questionnaire::display::scale_label(
            crate::questionnaire::model::Scale::Severity,
            v,
            c.lang(),
        )
    };
    Some(
        c.t.levels_line
            .replace("{severity}", &word(s))
            .replace("{likelihood}", &word(l))
            .replace("{level}", &level(lv, c)),
    )
}

/// A measure's name up to its first clause (the measures table has it in full).
fn short(name: &str) -> String {
    const MAX: usize = 90;
    if name.chars().count() <= MAX {
        return name.to_string();
    }
    let cut: String = name.chars().take(MAX).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// The measures' short ids (M1…) by their name.
fn measure_ids(c: &Ctx<'_>) -> Vec<(String, String)> {
    c.items("measures.list")
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let name = c
                .field_raw(m, "measure")
                .map_or_else(|| format!("#{}", n + 1), String::from);
            (format!("M{}", n + 1), name)
        })
        .collect()
}

pub fn risks(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let e = &c.input.evaluation;
    heading(b, 2, &t.risks);
    b.push(Block::Paragraph(t.risks_intro.clone()));
    if e.risks.is_empty() {
        b.push(Block::Paragraph(t.risks_none.clone()));
        notes(b, c, "risks.list");
        return;
    }
    b.push(Block::Table {
        headers: vec![
            t.id.clone(),
            t.risk.clone(),
            t.before.clone(),
            t.after.clone(),
            t.decision.clone(),
        ],
        rows: e
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    label(r, i),
                    r.title.clone(),
                    level(r.level, c),
                    level(r.residual_level, c),
                    r.decision
                        .as_deref()
                        .map(|d| c.w.choice("risks.list/residual_acceptable", d))
                        .map(|d| d.split(':').next().unwrap_or(&d).trim().to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    });
    let point = |s: Option<i64>, l: Option<i64>| match (s, l) {
        (Some(s), Some(l)) if (1..=4).contains(&s) && (1..=4).contains(&l) => {
            Some((s as u8, l as u8))
        }
        _ => None,
    };
    heading(b, 3, &t.risk_map);
    b.push(Block::RiskMap(Box::new(RiskMap {
        severity: t.map_severity.clone(),
        likelihood: t.map_likelihood.clone(),
        levels: [
            t.scale_1.clone(),
            t.scale_2.clone(),
            t.scale_3.clone(),
            t.scale_4.clone(),
        ],
        level_names: [
            c.w.level(Level::Low),
            c.w.level(Level::Moderate),
            c.w.level(Level::High),
            c.w.level(Level::VeryHigh),
        ],
        before: t.map_before.clone(),
        after: t.map_after.clone(),
        points: e
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| RiskPoint {
                label: label(r, i),
                before: point(r.severity, r.likelihood),
                after: point(r.residual_severity, r.residual_likelihood),
            })
            .collect(),
    })));
    b.push(Block::Small(t.map_note.clone()));
    let ids = measure_ids(c);
    let items = c.items("risks.list");
    let g = "risks.list";
    for (i, r) in e.risks.iter().enumerate() {
        heading(b, 3, &format!("{} {}", label(r, i), r.title));
        let mut rows = Vec::new();
        if let Some(item) = items.get(i) {
            rows.extend(c.item_rows(g, item, &["event", "impacts", "threats", "sources"]));
        }
        if let Some(now) = pair(c, r.severity, r.likelihood, r.level) {
            rows.push((t.level_now.clone(), now));
        }
        if let Some(after) = pair(
            c,
            r.residual_severity,
            r.residual_likelihood,
            r.residual_level,
        ) {
            rows.push((t.level_after.clone(), after));
        }
        if let Some(item) = items.get(i) {
            rows.extend(c.item_rows(g, item, &["residual_acceptable", "residual_reason"]));
        }
        if r.requires_consultation {
            rows.push((t.art36.clone(), t.risk_requires_consultation.clone()));
        }
        let linked: Vec<String> = r
            .measures
            .iter()
            .map(|m| {
                ids.iter()
                    .find(|(_, name)| name == m)
                    .map_or_else(|| m.clone(), |(id, name)| format!("{id} {}", short(name)))
            })
            .collect();
        rows.push((
            t.measures_short.clone(),
            if linked.is_empty() {
                t.none.clone()
            } else {
                linked.join("\n")
            },
        ));
        key_values(b, rows);
    }
    notes(b, c, "risks.list");
}

pub fn measures(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let g = "measures.list";
    let title =
        c.q.and_then(|q| q.sections.iter().find(|s| s.id == "measures"))
            .map_or_else(
                || t.measures_short.clone(),
                |s| s.title.get(c.lang()).to_string(),
            );
    heading(b, 2, &title);
    let items = c.items(g);
    if items.is_empty() {
        b.push(Block::Paragraph(t.none.clone()));
        notes(b, c, g);
        return;
    }
    let today = c.input.evaluation.assessed_on.as_str();
    let h = |f: &str| c.heading(&format!("{g}/{f}"));
    let rows = items
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let mut what = c.field(g, m, "measure").unwrap_or_default();
            if let Some(kind) = c.field(g, m, "kind") {
                what = format!("{what}\n{}: {kind}", h("kind"));
            }
            if let Some(p) = c.field(g, m, "principles") {
                what = format!("{what}\n{}: {p}", h("principles"));
            }
            let planned = c.field_raw(m, "status") == Some("planned");
            let status = c
                .field(g, m, "status")
                .map(|s| s.split(':').next().unwrap_or(&s).trim().to_string())
                .unwrap_or_default();
            let due = match c.field_raw(m, "due") {
                Some(d) if planned && !today.is_empty() && d < today => {
                    format!("{} ({})", c.w.date(d), t.overdue)
                }
                Some(d) => c.w.date(d),
                None => String::new(),
            };
            vec![
                format!("M{}", n + 1),
                what,
                c.field(g, m, "risks").unwrap_or_default(),
                c.field(g, m, "owner").unwrap_or_default(),
                status,
                due,
            ]
        })
        .collect();
    b.push(Block::Table {
        headers: vec![
            t.id.clone(),
            h("measure"),
            h("risks"),
            h("owner"),
            h("status"),
            h("due"),
        ],
        rows,
    });
    notes(b, c, g);
}
