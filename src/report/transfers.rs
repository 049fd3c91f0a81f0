//! Hosting and transfers (GDPR Chapter V) and processors (Art. 28): per component and per
//! processor the facts the DPO answered (storage and access countries, DPF, transfer tool,
//! TIA result, supplementary measures; service, contract, each Art. 28(3) item, sub-
//! processors) next to the recorded evaluation's verdict for every country, with its reason.

use super::ctx::{heading, key_values, notes, table, Ctx, Item};
use super::document::Block;
use super::summary::bullets;
use crate::assessment::{TransferRole, TransferStatus};

/// The verdict rows of one component or processor.
fn verdicts(b: &mut Vec<Block>, c: &Ctx<'_>, name: &str, roles: &[TransferRole]) {
    let t = c.t;
    let list: Vec<&TransferStatus> = c
        .input
        .evaluation
        .transfers
        .iter()
        .filter(|x| x.component == name && roles.contains(&x.role))
        .collect();
    table(
        b,
        vec![
            t.country.clone(),
            t.place_role.clone(),
            t.verdict.clone(),
            t.reason.clone(),
        ],
        list.iter()
            .map(|x| {
                vec![
                    c.w.country(&x.location),
                    c.w.phrase(&format!("transfer.role.{}", x.role.code())),
                    c.w.phrase(&format!("verdict.{}", x.verdict.code())),
                    c.w.finding(&x.reason),
                ]
            })
            .collect(),
    );
}

const TRANSFER_FIELDS: [&str; 8] = [
    "provider",
    "storage_location",
    "access_locations",
    "dpf_certified",
    "dpf_covers_hr",
    "adequacy_scope",
    "transfer_tool",
    "tia_result",
];

pub fn transfers(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let g = "transfers.components";
    heading(b, 2, &t.transfers);
    b.push(Block::Paragraph(t.transfers_intro.clone()));
    notes(b, c, g);
    let items = c.items(g);
    if items.is_empty() {
        b.push(Block::Paragraph(t.transfers_none.clone()));
        return;
    }
    for (n, item) in items.iter().enumerate() {
        let name = c
            .field_raw(item, "component")
            .map_or_else(|| format!("#{}", n + 1), String::from);
        heading(b, 3, &name);
        let mut rows = c.item_rows(g, item, &TRANSFER_FIELDS);
        rows.extend(c.item_rows(g, item, &["supplementary_measures"]));
        key_values(b, rows);
        verdicts(b, c, &name, &[TransferRole::Storage, TransferRole::Access]);
    }
}

const PROCESSOR_FIELDS: [&str; 11] = [
    "service",
    "country",
    "contract",
    "subprocessors",
    "subprocessor_countries",
    "dpf_certified",
    "dpf_covers_hr",
    "adequacy_scope",
    "transfer_tool",
    "tia_result",
    "supplementary_measures",
];

pub fn processors(b: &mut Vec<Block>, c: &Ctx<'_>) {
    let t = c.t;
    let g = "processors.list";
    heading(b, 2, &t.processors);
    b.push(Block::Paragraph(t.processors_intro.clone()));
    notes(b, c, "processors.any");
    let items = c.items(g);
    if c.flag("processors.any") == Some(false) || items.is_empty() {
        b.push(Block::Paragraph(t.processors_none.clone()));
        return;
    }
    for (n, item) in items.iter().enumerate() {
        let name = c
            .field_raw(item, "name")
            .map_or_else(|| format!("#{}", n + 1), String::from);
        heading(b, 3, &name);
        key_values(b, c.item_rows(g, item, &PROCESSOR_FIELDS));
        art28(b, c, item);
        let gaps: Vec<String> = c
            .input
            .evaluation
            .processor_gaps
            .iter()
            .filter(|p| p.processor == name)
            .flat_map(|p| c.w.findings(&p.missing))
            .collect();
        b.push(Block::Label(t.art28_gaps.clone()));
        bullets(b, gaps, c);
        verdicts(
            b,
            c,
            &name,
            &[TransferRole::Processor, TransferRole::Subprocessor],
        );
    }
}

/// Each Art. 28(3) item of the agreement: contained or missing.
fn art28(b: &mut Vec<Block>, c: &Ctx<'_>, item: &Item) {
    let t = c.t;
    let Some(q) = c.question("processors.list/art28_3") else {
        return;
    };
    let contract = matches!(
        item.get("contract"),
        Some(crate::questionnaire::AnswerValue::Bool(true))
    );
    let held: Vec<String> = match item.get("art28_3") {
        Some(crate::questionnaire::AnswerValue::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    let rows = q
        .choices
        .iter()
        .map(|ch| {
            let status = if !contract {
                t.no_contract.clone()
            } else if held.contains(&ch.value) {
                t.contained.clone()
            } else {
                t.missing_item.clone()
            };
            vec![ch.label.get(c.lang()).to_string(), status]
        })
        .collect();
    table(b, vec![t.art28_item.clone(), t.in_agreement.clone()], rows);
}
