//! The drift list of an assessment being opened (issue 15): when the last `dpia check` after
//! its signature found drift that needs a review, the tool is scanned again where it was
//! assessed (the bundled example, or the recorded paths when they all exist) and compared with
//! the signed scan by the library's `drift::check::check`, the call `dpia check` makes. The
//! record's `checked` event holds only counts and fingerprints, so without the tool the list
//! says why it cannot show the items and how to get them.

use crate::tui::model::DriftList;
use dpia::drift::check::{check, Against};
use dpia::record::{AssessmentView, Record, Status};
use dpia::scan::{self, ScanOptions, Setup, ToolSource};

/// The drift list of `view`, if its last check found drift that needs a review and it still
/// stands (a superseded or withdrawn assessment is history).
pub fn drift_list(
    record: &Record,
    view: &AssessmentView,
    today: dpia::calendar::Date,
) -> Result<Option<DriftList>, String> {
    if matches!(view.summary.status, Status::Superseded | Status::Withdrawn) {
        return Ok(None);
    }
    let checks = record.last_checks().map_err(|e| super::chain(&e))?;
    let Some(last) = checks.get(&view.summary.id) else {
        return Ok(None);
    };
    if !last.note.needs_review() {
        return Ok(None);
    }
    // The version the check compared with, else the latest signed one.
    let signed = view
        .versions
        .iter()
        .find(|v| Some(&v.id) == last.version.as_ref())
        .or_else(|| view.versions.iter().rev().find(|v| v.signature.is_some()));
    let Some(signed) = signed else {
        return Ok(None);
    };
    let mut list = DriftList {
        check: last.clone(),
        signed_number: signed.number,
        items: Err(String::new()),
        changed_since_check: false,
    };
    let tool = &view.summary.tool_path;
    let Some(source) = ToolSource::recorded(tool) else {
        list.items = Err(format!("the tool is not at {tool} on this computer"));
        return Ok(Some(list));
    };
    let setup = Setup::builtin().map_err(|e| super::chain(&e))?;
    let today_scan = match setup.scan_tool(&source, &ScanOptions::new(today), &scan::NoProgress) {
        Ok(report) => report,
        Err(nothing) => {
            let why = nothing
                .problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            list.items = Err(format!("the tool at {tool} cannot be read: {why}"));
            return Ok(Some(list));
        }
    };
    let against = Against {
        summary: view.summary.clone(),
        signed: signed.clone(),
    };
    // Places relative to the tool's folder, as a check run there names them.
    let roots: Vec<String> = tool.split(' ').map(str::to_string).collect();
    match check(&against, &today_scan, &roots) {
        Ok(report) => {
            list.changed_since_check = report.scan != last.note.scan;
            list.items = Ok(report.drift.items);
        }
        Err(e) => list.items = Err(super::chain(&e)),
    }
    Ok(Some(list))
}
