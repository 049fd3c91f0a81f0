//! The evaluation as plain text for people, in the words of one language: what `dpia assess`
//! and `dpia show` print. A function of the evaluation and [`Words`], so every shell prints
//! the same conclusions the same way.

use super::risk::Level;
use super::wording::Words;
use super::{art36_code, Evaluation};
use std::fmt::Write as _;

/// The evaluation as text.
pub fn human(e: &Evaluation, w: &Words<'_>) -> String {
    let mut out = String::new();
    let p = |key: &str| w.phrase(key);
    // ":" in English and German, a no-break space and ":" in French.
    let colon = p("punct.colon");
    let _ = writeln!(
        out,
        "{} {} {}\n",
        p("frame.evaluation"),
        e.questionnaire_id,
        e.questionnaire_version
    );
    let _ = writeln!(
        out,
        "{}{colon} {}",
        p("frame.screening"),
        p(&format!("outcome.{}", e.screening.outcome.code()))
    );
    for r in &e.screening.reasons {
        let _ = writeln!(out, "  - {}", w.finding(r));
    }
    if let Some(status) = &e.processing_status {
        let _ = writeln!(
            out,
            "{}{colon} {}",
            p("frame.processing"),
            w.choice("description.processing_status", status)
        );
    }
    if !e.transfers.is_empty() {
        let _ = writeln!(out, "\n{}", p("frame.transfers"));
        for t in &e.transfers {
            let verdict = p(&format!("verdict.{}", t.verdict.code()));
            let verdict = if t.verdict.covered() {
                verdict
            } else {
                verdict.to_uppercase()
            };
            let _ = writeln!(
                out,
                "  {} · {} [{}]{colon} {verdict} — {}",
                t.component,
                p(&format!("transfer.role.{}", t.role.code())),
                w.country(&t.location),
                w.finding(&t.reason)
            );
        }
    }
    if !e.processor_gaps.is_empty() {
        let _ = writeln!(out, "\n{}", p("frame.processors"));
        for g in &e.processor_gaps {
            let _ = writeln!(out, "  {}{colon}", g.processor);
            for m in &g.missing {
                let _ = writeln!(out, "    - {}", w.finding(m));
            }
        }
    }
    if !e.risks.is_empty() {
        let _ = writeln!(out, "\n{}", p("frame.risks"));
        let level = |l: Option<Level>| l.map_or_else(|| "?".to_string(), |l| w.level(l));
        for r in &e.risks {
            let decision = r
                .decision
                .as_deref()
                .map(|d| format!(" · {}", w.choice("risks.list/residual_acceptable", d)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}{colon} {} -> {}{decision}",
                r.label(),
                level(r.level),
                level(r.residual_level)
            );
        }
    }
    let art36 = p(&format!("art36.status.{}", art36_code(e.art36_status)));
    let art36 = if e.art36_consultation_required {
        art36.to_uppercase()
    } else {
        art36
    };
    let _ = writeln!(out, "\n{}{colon} {art36}", p("frame.art36"));
    for r in &e.art36_reasons {
        let _ = writeln!(out, "  - {}", w.finding(r));
    }
    if let Some(d) = &e.decision {
        let _ = writeln!(
            out,
            "\n{}{colon} {}",
            p("frame.decision"),
            w.choice("signoff.decision", d)
        );
    }
    for (title, list) in [("frame.issues", &e.issues), ("frame.notes", &e.notes)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{}", p(title));
            for i in list {
                let _ = writeln!(out, "  - {}", w.finding(i));
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        p("frame.progress")
            .replace("{answered}", &e.progress.answered.to_string())
            .replace("{required}", &e.progress.required.to_string())
    );
    if e.missing.is_empty() {
        let _ = writeln!(out, "{}", p("frame.ready"));
    } else {
        let _ = writeln!(out, "{} ({}){colon}", p("frame.missing"), e.missing.len());
        for m in &e.missing {
            let _ = writeln!(out, "  - {}", w.finding(&m.finding));
        }
    }
    out
}
