//! A record writer for crash tests: `record_writer DIR N` opens the record in DIR, takes its
//! first assessment (creating one if there is none), then adds versions in a loop, printing
//! `ack <version-id>` and flushing stdout after each write has returned (so after sled's
//! flush). It stops after N versions, or never when N is 0. `record_writer DIR hold` opens
//! the record, prints `open` and holds it (and so its lock) until stdin closes.

use dpia::record::{Actor, NewAssessment, Record, VersionContent};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("record_writer: {message}");
            ExitCode::FAILURE
        }
    }
}

fn content(n: u64) -> VersionContent {
    VersionContent {
        questionnaire_id: "dpia".into(),
        questionnaire_version: "1.0".into(),
        scan: serde_json::json!({"tables": [{"name": "customers", "columns": ["email", "iban"]}]}),
        answers: serde_json::json!({"round": n, "screening.large_scale": n.is_multiple_of(2)}),
        evaluation: serde_json::json!({"screening": {"outcome": "required"}}),
        review_due: None,
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, mode] = args.as_slice() else {
        return Err("usage: record_writer DIR N|hold".into());
    };
    // Fixed times: the record never reads the clock, and the writer need not either.
    let now = "2026-11-25T10:00:00Z".to_string();
    let actor = Actor {
        author: "writer".into(),
        now: now.clone(),
    };
    let record = Record::open_or_create(&PathBuf::from(dir), &actor).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    if mode == "hold" {
        writeln!(out, "open")
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        return Ok(());
    }
    let limit: u64 = mode
        .parse()
        .map_err(|_| format!("'{mode}' is not a number"))?;
    let existing = record.list().map_err(|e| e.to_string())?;
    let (id, mut head) = match existing.first() {
        Some(summary) => (summary.id.clone(), summary.head.clone()),
        None => {
            let new = NewAssessment {
                title: "Crash test".into(),
                tool_path: "/srv/tools/crash".into(),
                tool_fingerprint: "0".repeat(64),
                nonce: String::new(),
            };
            let (id, first) = record
                .create(new, content(0), "writer", &now)
                .map_err(|e| e.to_string())?;
            writeln!(out, "ack {first}")
                .and_then(|()| out.flush())
                .map_err(|e| e.to_string())?;
            (id, first)
        }
    };
    let mut n = 1u64;
    while limit == 0 || n <= limit {
        let version = record
            .add_version(&id, &head, content(n), "writer", &now)
            .map_err(|e| e.to_string())?;
        head = version.clone();
        writeln!(out, "ack {version}")
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
        n += 1;
    }
    Ok(())
}
