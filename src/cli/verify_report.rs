//! What `dpia verify` prints for one file: the human report (per signature: signer, time and
//! its source, coverage, trust, what the record says; then the verdict and why) and the JSON
//! line of `--format json`.

/// Every line printed here may hold text from the PDF or the record (signer names, reason,
/// location, titles, file names): each is escaped for the terminal.
macro_rules! println {
    () => {
        std::println!()
    };
    ($($arg:tt)*) => {
        std::println!("{}", dpia::terminal::escape(&format!($($arg)*)))
    };
}

use dpia::approval::{Checked, RecordCheck, RecordMatch, Verdict};
use dpia::report::document::{keyword_value, KEYWORD_AUDIT};
use dpia::signing::{certs, SignatureCheck};
use serde_json::{json, Value};
use std::path::Path;

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

pub(super) fn print_human(file: &Path, c: &Checked) {
    let v = &c.verification;
    println!("file:        {}", file.display());
    println!("SHA-256:     {}", v.file_sha256);
    let matches: &[RecordMatch] = match &c.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    if let Some(RecordMatch::Recorded {
        title, assessment, ..
    }) = matches.first()
    {
        println!(
            "assessment:  {title} ({})",
            &assessment[..assessment.len().min(12)]
        );
    }
    if let Some(made) = keyword_value(&v.keywords, KEYWORD_AUDIT) {
        println!(
            "document:    an audit summary made {} (dpia audit --report), not an assessment",
            made.trim()
        );
    }
    if !v.is_signed() && v.problems.is_empty() {
        println!("signed:      no (the PDF is not signed)");
    }
    let several = v.signatures.len() > 1;
    for (i, s) in v.signatures.iter().enumerate() {
        let indent = if several {
            println!(
                "signature {} of {} (field {}):",
                i + 1,
                v.signatures.len(),
                s.field
            );
            "  "
        } else {
            ""
        };
        print_signature(indent, s, c.trust_given, v.signatures.len());
        print_record(indent, matches.get(i), &c.record);
    }
    println!("result:      {}", c.outcome.verdict.label());
    for r in &c.outcome.reasons {
        println!("  - {r}");
    }
}

fn print_signature(indent: &str, s: &SignatureCheck, trust_given: bool, count: usize) {
    let line = |label: &str, value: String| println!("{indent}{label:<13}{value}");
    if let Some(signer) = &s.signer {
        line("signer:", signer.common_name.clone());
        line("subject:", signer.subject.clone());
        line("certificate:", format!("SHA-256 {}", signer.fingerprint));
    }
    if let Some(at) = s.claimed_time {
        let source = match &s.timestamp {
            Some(ts) if ts.problems.is_empty() => format!(
                "time-stamped {} by {}{}",
                certs::iso(ts.time),
                ts.authority,
                match ts.trusted {
                    Some(true) => ", authority trusted",
                    Some(false) => ", authority NOT trusted",
                    None => ", authority not checked",
                }
            ),
            Some(_) => "the time-stamp is not valid; the time is the signer's claim".into(),
            None => "the signer's claim: no trusted time-stamp".into(),
        };
        line("signed at:", format!("{} ({source})", certs::iso(at)));
    }
    if let Some(f) = &s.sub_filter {
        let digest = s
            .digest
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        line("type:", format!("{f}{digest}"));
    }
    if let Some(r) = &s.reason {
        line("reason:", r.clone());
    }
    if let Some(l) = &s.location {
        line("location:", l.clone());
    }
    if s.revision_end > 0 {
        let later = if s.covers_whole_file {
            "the whole file".to_string()
        } else if s.later_changes.is_empty() {
            format!("bytes 0..{}; later only further signatures", s.revision_end)
        } else {
            format!(
                "bytes 0..{}; later changes that are not signatures",
                s.revision_end
            )
        };
        line(
            "covers:",
            format!("revision {} of {count}: {later}", s.revision),
        );
    }
    line("intact:", yes_no(s.signature_intact).into());
    line("whole file:", yes_no(s.covers_whole_file).into());
    match s.trusted {
        Some(t) => line("trusted:", yes_no(t).into()),
        None if trust_given => {}
        None => line("trusted:", "not checked (pass --trust CERT.pem)".into()),
    }
}

fn print_record(indent: &str, m: Option<&RecordMatch>, record: &RecordCheck) {
    let line = |value: String| println!("{indent}{:<13}{value}", "record:");
    match (m, record) {
        (_, RecordCheck::NotChecked(why)) => line(format!("not checked ({why})")),
        (_, RecordCheck::Unreadable(why)) => line(format!("UNREADABLE: {why}")),
        (
            Some(RecordMatch::Recorded {
                version,
                number,
                role,
                newer,
                ..
            }),
            _,
        ) => {
            let role = role
                .as_deref()
                .map(|r| format!(" as {r}"))
                .unwrap_or_default();
            let current = match newer {
                None => "current".to_string(),
                Some(n) => format!("no longer current: newer version #{n}"),
            };
            line(format!(
                "matches signed version #{number} ({}){role}; {current}",
                &version[..version.len().min(12)]
            ));
        }
        (Some(RecordMatch::HashMismatch { assessment, .. }), _) => line(format!(
            "MISMATCH: assessment {} has no signed version with this file's hash",
            short(assessment)
        )),
        (
            Some(RecordMatch::CertificateMismatch {
                assessment,
                version,
            }),
            _,
        ) => line(format!(
            "MISMATCH: version {} of assessment {} was signed with another certificate",
            short(version),
            short(assessment)
        )),
        (Some(RecordMatch::ContentMismatch { problem, .. }), _) => {
            line(format!("MISMATCH: {problem}"))
        }
        (Some(RecordMatch::NotSignedInRecord { assessment, .. }), _) => line(format!(
            "assessment {} has no signature recorded (signed outside dpia)",
            short(assessment)
        )),
        (Some(RecordMatch::UnknownAssessment { assessment }), _) => line(format!(
            "assessment {} is not in this record",
            short(assessment)
        )),
        (Some(RecordMatch::NotAReport), _) => line("not a dpia report".into()),
        (
            Some(RecordMatch::AuditSummary {
                head,
                head_seq,
                events,
                ..
            }),
            _,
        ) => line(match (head, head_seq) {
            (None, _) => "an audit summary of an empty record; the record holds no entry for it".into(),
            (Some(_), Some(seq)) if seq == events => format!(
                "an audit summary of this record as it stands (up to event #{seq}); the record holds no entry for it"
            ),
            (Some(_), Some(seq)) => format!(
                "an audit summary of this record up to event #{seq}; {} event(s) were recorded since",
                events - seq
            ),
            (Some(h), None) => format!(
                "an audit summary of another record, or of a state this record does not hold (last event {})",
                short(h)
            ),
        }),
        (None, _) => {}
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

pub(super) fn json_line(file: &Path, result: &Result<Checked, String>, code: u8) -> Value {
    let c = match result {
        Err(message) => {
            return json!({"file": file.display().to_string(), "result": "error",
                          "error": message, "exit": code})
        }
        Ok(c) => c,
    };
    let matches: &[RecordMatch] = match &c.record {
        RecordCheck::Checked(m) => m,
        _ => &[],
    };
    let record_state = match &c.record {
        RecordCheck::NotChecked(why) => json!({"checked": false, "why": why}),
        RecordCheck::Unreadable(why) => json!({"checked": false, "unreadable": why}),
        RecordCheck::Checked(_) => json!({"checked": true}),
    };
    let signatures: Vec<Value> = c
        .verification
        .signatures
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "field": s.field,
                "signer": s.signer.as_ref().map(|x| &x.common_name),
                "subject": s.signer.as_ref().map(|x| &x.subject),
                "fingerprint": s.signer.as_ref().map(|x| &x.fingerprint),
                "signed_at": s.claimed_time.map(certs::iso),
                "timestamp": s.timestamp.as_ref().map(|t| json!({
                    "time": certs::iso(t.time), "authority": t.authority,
                    "trusted": t.trusted, "valid": t.problems.is_empty()})),
                "revision": s.revision,
                "revision_end": s.revision_end,
                "revision_sha256": s.revision_sha256,
                "covers_whole_file": s.covers_whole_file,
                "later_changes": s.later_changes,
                "intact": s.signature_intact,
                "trusted": s.trusted,
                "digest": s.digest,
                "record": matches.get(i).map(match_json),
                "problems": s.problems,
            })
        })
        .collect();
    json!({
        "file": file.display().to_string(),
        "sha256": c.verification.file_sha256,
        "document": if dpia::approval::check_audit::is_audit_summary(&c.verification) {
            "audit_summary"
        } else if keyword_value(&c.verification.keywords, dpia::report::document::KEYWORD_ASSESSMENT).is_some() {
            "assessment_report"
        } else {
            "other"
        },
        "result": match c.outcome.verdict {
            Verdict::Valid => "valid",
            Verdict::Unverified => "unverified",
            Verdict::Indeterminate => "indeterminate",
            Verdict::NotSigned => "not_signed",
            Verdict::Invalid => "invalid",
        },
        "exit": code,
        "reasons": c.outcome.reasons,
        "record": record_state,
        "signatures": signatures,
        "problems": c.verification.problems,
    })
}

fn match_json(m: &RecordMatch) -> Value {
    match m {
        RecordMatch::NotAReport => json!({"match": "not_a_report"}),
        RecordMatch::AuditSummary {
            made_at,
            head,
            head_seq,
            events,
        } => json!({
            "match": "audit_summary", "made_at": made_at, "record_head": head,
            "head_event": head_seq, "events": events}),
        RecordMatch::UnknownAssessment { assessment } => {
            json!({"match": "unknown_assessment", "assessment": assessment})
        }
        RecordMatch::NotSignedInRecord { assessment, .. } => {
            json!({"match": "not_signed_in_record", "assessment": assessment})
        }
        RecordMatch::Recorded {
            assessment,
            title,
            version,
            number,
            role,
            newer,
        } => json!({
            "match": "recorded", "assessment": assessment, "title": title, "version": version,
            "number": number, "role": role, "current": newer.is_none(), "newer_version": newer}),
        RecordMatch::HashMismatch { assessment, .. } => {
            json!({"match": "hash_mismatch", "assessment": assessment})
        }
        RecordMatch::CertificateMismatch {
            assessment,
            version,
        } => {
            json!({"match": "certificate_mismatch", "assessment": assessment, "version": version})
        }
        RecordMatch::ContentMismatch {
            assessment,
            version,
            problem,
        } => json!({
            "match": "content_mismatch", "assessment": assessment, "version": version,
            "problem": problem}),
    }
}
