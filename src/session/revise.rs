//! Starting the successor of a signed assessment (`dpia revise`, the TUI's `r`): a new
//! assessment in the record, linked both ways to the signed one ([`Record::revise`]), whose
//! answers carry over from the signed version, whose scan is today's when the tool is
//! scanned again, and whose answers to every question the drift affects (each
//! [`crate::drift::DriftItem`]'s question) are marked to re-confirm: they become drafts
//! ([`Origin::Draft`]), which the evaluation lists as missing (`missing.draft`), so the
//! successor cannot be signed before the DPO has looked at each of them again. When the
//! successor is signed, the record supersedes the signed predecessor.

use super::{read_recorded, Session, SessionError};
use crate::assessment::{fingerprint, prepare};
use crate::calendar::Date;
use crate::drift::{compare, Drift};
use crate::questionnaire::{Answers, Origin, Questionnaire};
use crate::record::{AssessmentId, NewAssessment, Record, Timestamp, VersionId};
use crate::reference::Reference;
use crate::scan::ScanReport;
use std::collections::BTreeSet;

/// The tool scanned again for the successor, and the path it was scanned at.
#[derive(Debug, Clone)]
pub struct Rescan {
    pub scan: ScanReport,
    /// Recorded as the successor's tool path (as `dpia new` records it).
    pub tool_path: String,
}

/// What starting a successor did.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The successor and its first version.
    pub id: AssessmentId,
    pub version: VersionId,
    pub predecessor: AssessmentId,
    /// The signed version the successor starts from.
    pub signed: VersionId,
    /// How the successor's scan differs from the signed one (empty without a rescan).
    pub drift: Drift,
    /// The questions whose answers were marked to re-confirm, in questionnaire order.
    pub reconfirm: Vec<String>,
    /// The successor as a session, based on its first version.
    pub session: Session,
}

/// Starts the successor of the signed assessment `predecessor` (see the module doc).
/// Refused by the record unless the predecessor is signed and has no successor still
/// standing.
#[allow(clippy::too_many_arguments)]
pub fn revise(
    record: &Record,
    predecessor: &AssessmentId,
    rescan: Option<Rescan>,
    questionnaire: Questionnaire,
    reference: Reference,
    today: Date,
    author: &str,
    now: &Timestamp,
) -> Result<Revision, SessionError> {
    let view = record.assessment(predecessor)?;
    let head = record.version(&view.summary.head)?;
    let signed_scan: ScanReport = read_recorded("scan", &head.content.scan, &head)?;
    let signed_answers: Answers = read_recorded("answers", &head.content.answers, &head)?;
    let (scan, tool_path) = match rescan {
        Some(r) => (r.scan, r.tool_path),
        None => (signed_scan.clone(), view.summary.tool_path.clone()),
    };
    let drift = compare(&signed_scan, &scan);
    let prepared = prepare(
        scan,
        &questionnaire,
        &reference,
        Some(&signed_answers),
        None,
        today,
    )
    .map_err(|e| SessionError::Answers(Box::new(e)))?;
    let mut session = Session::from_prepared(prepared, questionnaire, reference, today);
    let affected: BTreeSet<&str> = drift.items.iter().map(|i| i.question.as_str()).collect();
    let mut reconfirm = Vec::new();
    for q in session.questionnaire.questions() {
        if !affected.contains(q.id.as_str()) {
            continue;
        }
        if let Some(answer) = session.answers.values.get_mut(&q.id) {
            if answer.origin == Origin::Given {
                answer.origin = Origin::Draft;
                reconfirm.push(q.id.clone());
            }
        }
    }
    session.reevaluate();
    let new = NewAssessment {
        title: view.summary.title.clone(),
        tool_path,
        tool_fingerprint: fingerprint(&session.scan),
        nonce: String::new(),
    };
    let (id, version) =
        record.revise(predecessor, &head.id, new, session.content()?, author, now)?;
    session.base = Some(session.as_base(version.clone()));
    session.settle_status(record, &id, &version, author, now)?;
    Ok(Revision {
        id,
        version,
        predecessor: predecessor.clone(),
        signed: head.id,
        drift,
        reconfirm,
        session,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Actor, Signature, Status};
    use crate::scan::{
        scan, Category, ColumnReport, Dictionary, NoProgress, ScanInput, ScanOptions,
    };

    const NOW: &str = "2026-11-25T10:00:00Z";

    fn today() -> Date {
        Date::parse("2026-11-25").unwrap()
    }

    /// The example, answered with its answers file, created and signed in a new record.
    fn signed_example(dir: &std::path::Path) -> (Record, AssessmentId, ScanReport) {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let tool = root.join("tests/fixtures/example/damage-reports");
        let report = scan(
            &[ScanInput::Path(tool)],
            &ScanOptions::new(crate::calendar::Date {
                year: 2026,
                month: 11,
                day: 25,
            }),
            &Dictionary::builtin().unwrap(),
            &NoProgress,
        );
        let questionnaire = crate::questionnaire::builtin().unwrap();
        let reference = Reference::builtin().unwrap();
        let mut session = Session::start(report.clone(), questionnaire, reference, today());
        let answers = std::fs::read_to_string(
            root.join("tests/fixtures/answers/damage-reports.answers.toml"),
        )
        .unwrap();
        session
            .apply_answers_file("answers.toml", &answers)
            .unwrap();
        assert!(
            session.evaluation.missing.is_empty(),
            "{:?}",
            session.evaluation.missing
        );
        let actor = Actor {
            author: "DPO".into(),
            now: NOW.into(),
        };
        let record = Record::open_or_create(dir, &actor).unwrap();
        let id = session
            .create(&record, "Damage reports", "tool", "DPO", &NOW.to_string())
            .unwrap();
        let head = record.summary(&id).unwrap().head;
        let signature = Signature {
            pdf_sha256: "ab".repeat(32),
            certificate_pem: include_str!("../../tests/fixtures/signing/dpo-cert.pem").into(),
            signed_at: NOW.into(),
        };
        record
            .sign(&id, &head, signature, "DPO", &NOW.to_string())
            .unwrap();
        (record, id, report)
    }

    fn start(record: &Record, id: &AssessmentId, rescan: Option<Rescan>) -> Revision {
        revise(
            record,
            id,
            rescan,
            crate::questionnaire::builtin().unwrap(),
            Reference::builtin().unwrap(),
            today(),
            "DPO",
            &"2026-11-26T09:00:00Z".to_string(),
        )
        .unwrap()
    }

    #[test]
    fn answers_the_drift_affects_are_drafts_until_confirmed_again() {
        let tmp = tempfile::tempdir().unwrap();
        let (record, id, mut report) = signed_example(&tmp.path().join("r"));
        let table = report
            .tables
            .iter_mut()
            .find(|t| t.name == "damage_reports")
            .unwrap();
        let mut column: ColumnReport = table.columns[0].clone();
        column.name = "diagnosis".into();
        column.categories = vec![Category::Health];
        column.category_confidence = vec![0.9];
        table.columns.push(column);
        let rescan = Rescan {
            scan: report,
            tool_path: "tool".into(),
        };
        let r = start(&record, &id, Some(rescan));
        assert_eq!(r.drift.items.len(), 1, "{:?}", r.drift.items);
        assert_eq!(r.reconfirm, ["necessity.art9_condition"]);
        let s = &r.session;
        assert!(
            s.answers.get("necessity.art9_condition").is_none(),
            "a draft is no answer"
        );
        assert!(s.answers.draft("necessity.art9_condition").is_some());
        assert!(s
            .evaluation
            .missing
            .iter()
            .any(|m| m.question == "necessity.art9_condition" && m.finding.is("missing.draft")));
        let successor = record.summary(&r.id).unwrap();
        assert_eq!(successor.status, Status::Draft);
        assert_eq!(successor.predecessor.as_ref(), Some(&id));
        assert_eq!(record.summary(&id).unwrap().status, Status::Signed);
        // Everything else carried over as given.
        let head = record.version(&successor.head).unwrap();
        let answers: Answers = serde_json::from_value(head.content.answers).unwrap();
        let before = record.version(&record.summary(&id).unwrap().head).unwrap();
        let signed: Answers = serde_json::from_value(before.content.answers).unwrap();
        let given = |a: &Answers| {
            a.values
                .values()
                .filter(|x| x.origin == Origin::Given)
                .count()
        };
        assert_eq!(given(&answers) + 1, given(&signed));
    }

    #[test]
    fn without_a_rescan_nothing_drifts_and_the_successor_is_ready_to_sign() {
        let tmp = tempfile::tempdir().unwrap();
        let (record, id, _) = signed_example(&tmp.path().join("r"));
        let r = start(&record, &id, None);
        assert!(r.drift.items.is_empty() && r.reconfirm.is_empty());
        assert_eq!(
            record.summary(&r.id).unwrap().status,
            Status::ReadyForSignoff
        );
        // A second successor is refused while this one stands.
        let again = revise(
            &record,
            &id,
            None,
            crate::questionnaire::builtin().unwrap(),
            Reference::builtin().unwrap(),
            today(),
            "DPO",
            &"2026-11-26T09:30:00Z".to_string(),
        );
        assert!(again.is_err());
        assert!(record.audit().is_clean(), "{:?}", record.audit().breaks);
    }
}
