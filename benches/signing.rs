//! Speed of the signature path on a realistic report (issue 18): the bundled example tool,
//! answered with the example answers, its scan widened with copies of its tables until the
//! report has at least 30 pages. Measures, over several runs (median and worst):
//! - render + sign: `approval::render_signed` (render the final report, sign it with an ECDSA
//!   P-256 key, verify the result), target < 300 ms;
//! - verify: `approval::check_pdf` of the signed file with its certificate as trust anchor and
//!   the record that holds it, target < 50 ms;
//! - the same for a report carrying two signatures (DPO and controller).
//!
//! Run with `cargo bench --bench signing`; prints the figures.

use dpia::approval::{self, check_pdf, RecordSource, Role, SignOptions};
use dpia::lang::Lang;
use dpia::record::Record;
use dpia::reference::Reference;
use dpia::scan::{self, Dictionary, ScanOptions};
use dpia::session::Session;
use dpia::signing::{Credentials, Subject};
use std::time::{Duration, Instant};

const RUNS: usize = 15;
const NOW: &str = "2026-11-25T10:00:00Z";
const SIGNED_AT: u64 = 1_795_600_800;

fn credentials(name: &str) -> Credentials {
    Credentials::generate(
        &Subject {
            name: name.into(),
            email: "dpo@example.org".into(),
            organisation: Some("Hausverwaltung Beispiel GmbH".into()),
            country: Some("DE".into()),
        },
        SIGNED_AT - 86_400,
    )
    .expect("credentials")
}

fn timed<T>(mut f: impl FnMut() -> T) -> (T, Vec<Duration>) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    (last.expect("ran"), times)
}

fn report(name: &str, times: &[Duration], target_ms: u128) {
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "{name:<34} median {:>6.1} ms   worst {:>6.1} ms   target < {target_ms} ms  {}",
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        if median.as_millis() < target_ms {
            "ok"
        } else {
            "MISSED"
        }
    );
}

fn main() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dict = Dictionary::builtin().expect("dictionary");
    let mut scan_report = scan::scan(
        &dpia::example::inputs(),
        &ScanOptions::new(dpia::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        }),
        &dict,
        &scan::NoProgress,
    );
    let tables = scan_report.tables.clone();
    let questionnaire = dpia::questionnaire::builtin().expect("questionnaire");
    let answers = include_str!("../tests/fixtures/answers/damage-reports.answers.toml");
    let actor = dpia::record::Actor {
        author: "Bench".into(),
        now: "2026-11-25T10:00:00Z".into(),
    };
    let record = Record::open_or_create(&tmp.path().join("record"), &actor).expect("record");
    let mut copies = 0;
    let (id, pages) = loop {
        let mut session = Session::start(
            scan_report.clone(),
            questionnaire.clone(),
            Reference::builtin().expect("reference"),
            dpia::calendar::Date::parse("2026-11-25").expect("date"),
        );
        session
            .apply_answers_file("damage-reports.answers.toml", answers)
            .expect("answers");
        let id = session
            .create(
                &record,
                &format!("Damage reports {copies}"),
                "example",
                "Bench",
                &NOW.to_string(),
            )
            .expect("create");
        let view = record.assessment(&id).expect("view");
        let head = view.versions.last().expect("head").clone();
        let input = approval::report_input(&view, &head, Lang::En).expect("input");
        let draft = approval::render_draft(&input, Lang::En).expect("draft");
        let pages = count_pages(&draft);
        if pages >= 30 {
            break (id, pages);
        }
        copies += 1;
        for t in &tables {
            let mut copy = t.clone();
            copy.name = format!("{}_{copies}", t.name);
            scan_report.tables.push(copy);
        }
    };
    let view = record.assessment(&id).expect("view");
    let head = view.versions.last().expect("head").clone();
    let input = approval::report_input(&view, &head, Lang::En).expect("input");
    let dpo = credentials("Dr. Jonas Berger");
    let options = SignOptions {
        lang: Lang::En,
        role: Role::Dpo,
        reason: None,
        location: Some("Berlin".into()),
        signed_at: SIGNED_AT,
        tsa: None,
    };
    let (signed, sign_times) =
        timed(|| approval::render_signed(input.clone(), &dpo, &options, None).expect("sign"));
    approval::record_signature(&record, &id, &head.id, &signed, "Bench").expect("record");
    let anchors = [dpo.certificate().clone()];
    let (checked, verify_times) =
        timed(|| check_pdf(&signed.pdf, &anchors, RecordSource::Open(&record)));
    assert_eq!(
        checked.outcome.verdict,
        approval::Verdict::Valid,
        "{:?}",
        checked.outcome
    );

    let view = record.assessment(&id).expect("view");
    let signed_head = view.versions.last().expect("head").clone();
    let controller = credentials("Thomas Beispiel");
    let second = SignOptions {
        role: Role::Controller,
        ..options.clone()
    };
    let (both, countersign_times) = timed(|| {
        approval::countersign(&view, &signed_head, &signed.pdf, &controller, &second, None)
            .expect("countersign")
    });
    approval::record_signature(&record, &id, &signed_head.id, &both, "Bench").expect("record");
    let anchors = [dpo.certificate().clone(), controller.certificate().clone()];
    let (checked, verify_two_times) =
        timed(|| check_pdf(&both.pdf, &anchors, RecordSource::Open(&record)));
    assert_eq!(
        checked.outcome.verdict,
        approval::Verdict::Valid,
        "{:?}",
        checked.outcome
    );

    println!(
        "report: {pages} pages ({} tables), signed {} KB, with two signatures {} KB; {RUNS} runs each",
        scan_report.tables.len(),
        signed.pdf.len() / 1024,
        both.pdf.len() / 1024
    );
    report("render + sign (+ self-check)", &sign_times, 300);
    report("verify (trust + record)", &verify_times, 50);
    report("countersign (second signer)", &countersign_times, 300);
    report("verify, two signatures", &verify_two_times, 50);
}

fn count_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}
