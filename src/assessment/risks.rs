//! Risks, the measures against them, and prior consultation (GDPR Art. 35(7)(c)-(d), 36).
//!
//! Each risk has a level *now* (severity and likelihood with the measures in place today) and
//! a *target* level once the planned measures are in place, both from dpia's risk map (its own
//! convention on the CNIL scales, [`super::risk::Level::of`]). Whether the residual risk is
//! acceptable is the DPO's reasoned decision, shown beside the map's suggestion:
//!
//! - residual severity 4 with likelihood 2 or more, or a very high level, always requires
//!   prior consultation (WP248: consequences "which they may not overcome" that are likely);
//! - a residual risk the DPO judges not acceptable requires it;
//! - a residual level the map counts as high requires it unless the DPO accepted it with
//!   written reasons (CNIL: acceptance is the controller's reasoned decision);
//! - accepting any residual severity 4, or a high level, needs written reasons (a missing
//!   item until given);
//! - Art. 36 is *undetermined* while no risk is assessed or a risk lacks its levels.
//!
//! Measures link to risks by id. A target below today's level needs a linked measure; a
//! target above today's level, an unknown risk id, an overdue planned measure, and (for a
//! live tool) a high risk today that only planned measures reduce are all issues.

use super::codes as c;
use super::finding::Finding;
use super::read::{field, field_int, field_list, items, text};
use super::risk::Level;
use crate::questionnaire::answers::Answers;
use serde::{Deserialize, Serialize};

/// One risk now and after the planned measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskResult {
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    pub event: Option<String>,
    pub severity: Option<i64>,
    pub likelihood: Option<i64>,
    /// The level now, with the measures in place today.
    pub level: Option<Level>,
    pub residual_severity: Option<i64>,
    pub residual_likelihood: Option<i64>,
    /// The risk map's level once the planned measures are in place.
    pub residual_level: Option<Level>,
    /// The DPO's decision on the residual risk (`acceptable`, `not_acceptable`).
    #[serde(default)]
    pub decision: Option<String>,
    /// Whether this risk requires prior consultation (GDPR Art. 36(1)).
    #[serde(default)]
    pub requires_consultation: bool,
    /// The measures linked to this risk.
    #[serde(default)]
    pub measures: Vec<String>,
}

impl RiskResult {
    /// The level after measures, or now where no residual level is given.
    pub fn residual_or_inherent(&self) -> Option<Level> {
        self.residual_level.or(self.level)
    }

    fn residual_scales(&self) -> Option<(i64, i64)> {
        self.residual_severity
            .zip(self.residual_likelihood)
            .or(self.severity.zip(self.likelihood))
    }

    /// The name the wording uses: "R1 Unauthorised access", or the title alone.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("{id} {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// Whether prior consultation is needed, or cannot be told yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Art36Status {
    Required,
    NotRequired,
    Undetermined,
}

/// Everything the risk and measure answers conclude.
pub struct RiskFindings {
    pub risks: Vec<RiskResult>,
    pub art36: Art36Status,
    pub art36_reasons: Vec<Finding>,
    pub issues: Vec<Finding>,
    pub notes: Vec<Finding>,
    /// Risks whose acceptance still needs written reasons (title).
    pub reasons_missing: Vec<String>,
}

struct Measure<'a> {
    name: String,
    risks: Vec<String>,
    status: Option<&'a str>,
    due: Option<&'a str>,
}

pub fn evaluate(answers: &Answers, today: &str, live: bool) -> RiskFindings {
    let measures: Vec<Measure<'_>> = items(answers, "measures.list")
        .iter()
        .enumerate()
        .map(|(n, m)| Measure {
            name: field(m, "measure")
                .map(String::from)
                .unwrap_or_else(|| format!("#{}", n + 1)),
            risks: field(m, "risks")
                .unwrap_or("")
                .split([',', ';'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from)
                .collect(),
            status: field(m, "status"),
            due: field(m, "due"),
        })
        .collect();
    let mut out = RiskFindings {
        risks: Vec::new(),
        art36: Art36Status::NotRequired,
        art36_reasons: Vec::new(),
        issues: Vec::new(),
        notes: Vec::new(),
        reasons_missing: Vec::new(),
    };
    let entries = items(answers, "risks.list");
    let mut seen_ids: Vec<String> = Vec::new();
    let mut undetermined = entries.is_empty();
    let mut decision_missing = false;
    for (n, item) in entries.iter().enumerate() {
        let id = field(item, "id").map(|s| s.trim().to_string());
        if let Some(id) = &id {
            if seen_ids.iter().any(|s| s.eq_ignore_ascii_case(id)) {
                out.issues
                    .push(Finding::new(c::ISSUE_RISK_DUPLICATE_ID).with("id", id));
            }
            seen_ids.push(id.clone());
        }
        let title = field(item, "title")
            .map(String::from)
            .unwrap_or_else(|| format!("#{}", n + 1));
        let (s, l) = (field_int(item, "severity"), field_int(item, "likelihood"));
        let (rs, rl) = (
            field_int(item, "residual_severity"),
            field_int(item, "residual_likelihood"),
        );
        let linked: Vec<String> = measures
            .iter()
            .filter(|m| {
                m.risks.iter().any(|r| {
                    id.as_deref().is_some_and(|id| r.eq_ignore_ascii_case(id))
                        || r.eq_ignore_ascii_case(&title)
                })
            })
            .map(|m| m.name.clone())
            .collect();
        let mut r = RiskResult {
            id,
            title,
            event: field(item, "event").map(String::from),
            severity: s,
            likelihood: l,
            level: s.zip(l).and_then(|(s, l)| Level::of(s, l)),
            residual_severity: rs,
            residual_likelihood: rl,
            residual_level: rs.zip(rl).and_then(|(s, l)| Level::of(s, l)),
            decision: field(item, "residual_acceptable").map(String::from),
            requires_consultation: false,
            measures: linked,
        };
        if r.level.is_none() {
            undetermined = true;
        }
        let label = r.label();
        if let (Some((s, l)), Some((rs, rl))) = (s.zip(l), rs.zip(rl)) {
            if (rs < s || rl < l) && r.measures.is_empty() {
                out.issues
                    .push(Finding::new(c::ISSUE_RISK_REDUCED_WITHOUT_MEASURE).with("risk", &label));
            }
            if rs > s || rl > l {
                out.issues
                    .push(Finding::new(c::ISSUE_RISK_RESIDUAL_ABOVE_NOW).with("risk", &label));
            }
        }
        if let Some((sev, lik)) = r.residual_scales() {
            let level = Level::of(sev, lik).unwrap_or(Level::Low);
            let reason = text_field(item, "residual_reason");
            let accepted = r.decision.as_deref() == Some("acceptable");
            let why = |code: &str| {
                Finding::new(code)
                    .with("risk", &label)
                    .with("level", level.code())
                    .with("severity", sev)
                    .with("likelihood", lik)
            };
            let consult = if sev >= 4 && lik >= 2 {
                Some(why(c::ART36_SEVERITY_MAXIMUM))
            } else if level == Level::VeryHigh {
                Some(why(c::ART36_VERY_HIGH))
            } else if r.decision.as_deref() == Some("not_acceptable") {
                Some(why(c::ART36_NOT_ACCEPTABLE))
            } else if level >= Level::High && !(accepted && reason.is_some()) {
                Some(why(c::ART36_HIGH))
            } else {
                None
            };
            if let Some(f) = consult {
                r.requires_consultation = true;
                out.art36_reasons.push(f);
            } else if r.decision.is_none() {
                // Whether the residual risk is acceptable is the controller's call; until it
                // is made, "no prior consultation" is not a conclusion (Art. 36(1)).
                decision_missing = true;
            } else if accepted && (level >= Level::High || sev >= 4) {
                out.notes.push(
                    why(c::NOTE_RISK_ACCEPTED).with("reason", reason.clone().unwrap_or_default()),
                );
            }
            if accepted && (level >= Level::High || sev >= 4) && reason.is_none() {
                out.reasons_missing.push(label.clone());
            }
            if live {
                if let (Some(now), Some(target)) = (r.level, r.residual_level) {
                    if now >= Level::High && target < now {
                        out.issues.push(
                            Finding::new(c::ISSUE_RISK_HIGH_WHILE_LIVE)
                                .with("risk", &label)
                                .with("level", now.code()),
                        );
                    }
                }
            }
        }
        out.risks.push(r);
    }
    for m in &measures {
        for reference in &m.risks {
            let known = out.risks.iter().any(|r| {
                r.id.as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(reference))
                    || r.title.eq_ignore_ascii_case(reference)
            });
            if !known {
                out.issues.push(
                    Finding::new(c::ISSUE_MEASURE_UNKNOWN_RISK)
                        .with("measure", &m.name)
                        .with("risk", reference),
                );
            }
        }
        if m.status == Some("planned") {
            if let Some(due) = m.due.filter(|d| *d < today) {
                out.issues.push(
                    Finding::new(c::ISSUE_MEASURE_OVERDUE)
                        .with("measure", &m.name)
                        .with("due", due),
                );
            }
        }
    }
    out.art36 = if !out.art36_reasons.is_empty() {
        Art36Status::Required
    } else if undetermined || decision_missing {
        Art36Status::Undetermined
    } else {
        Art36Status::NotRequired
    };
    if out.art36 == Art36Status::Undetermined {
        out.art36_reasons.push(Finding::new(if entries.is_empty() {
            c::ART36_NO_RISKS
        } else if undetermined {
            c::ART36_LEVELS_MISSING
        } else {
            c::ART36_DECISION_MISSING
        }));
    }
    out
}

fn text_field(item: &super::read::Item, name: &str) -> Option<String> {
    field(item, name).map(String::from)
}

/// Principles rated "to be improved" that no measure names (CNIL method; Art. 35(7)(d)).
pub fn principles_without_measure(answers: &Answers) -> Vec<Finding> {
    let flagged = super::read::list(answers, "necessity.principles_improvement").unwrap_or(&[]);
    let measures = items(answers, "measures.list");
    flagged
        .iter()
        .filter(|p| *p != "none")
        .filter(|p| {
            !measures
                .iter()
                .any(|m| field_list(m, "principles").iter().any(|x| x == *p))
        })
        .map(|p| Finding::new(c::ISSUE_PRINCIPLE_WITHOUT_MEASURE).with("principle", p))
        .collect()
}

/// The decision's issues: approving (or accepting the residual risk) while prior consultation
/// is required and not recorded, or before the authority answered (Art. 36(1)-(2)).
pub fn decision_issues(answers: &Answers, art36: Art36Status) -> (Vec<Finding>, bool) {
    let decision = text(answers, "signoff.decision");
    let approving = matches!(decision, Some("approved" | "approved_with_conditions"));
    let consulted = super::read::yes(answers, "signoff.art36_consulted") == Some(true);
    let mut issues = Vec::new();
    let mut blocks_signoff = false;
    if art36 == Art36Status::Required {
        if approving && !consulted {
            issues.push(Finding::new(c::ISSUE_APPROVED_WITHOUT_CONSULTATION));
            blocks_signoff = true;
        } else if approving && text(answers, "signoff.art36_outcome") == Some("pending") {
            issues.push(Finding::new(c::ISSUE_APPROVED_BEFORE_ANSWER));
        }
    }
    (issues, blocks_signoff)
}
