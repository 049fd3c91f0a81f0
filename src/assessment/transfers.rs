//! Chapter V: the status of every place personal data go outside the controller. Each
//! component's storage country and each country it can be accessed from, each processor's
//! country of establishment and each country its sub-processors work from, is judged:
//!
//! 1. the EEA (or an EU jurisdiction): no transfer (Art. 44);
//! 2. an adequacy decision that applies on the assessment date (Art. 45), for the US only
//!    with DPF certification of every US recipient, and with HR coverage when employees' or
//!    applicants' data are involved (DPF Supplemental Principle 9); for decisions limited to
//!    some recipients (Canada, Japan, Korea) only when the DPO confirms the recipient is in
//!    scope;
//! 3. otherwise an Art. 46/47 transfer tool, and the transfer impact assessment's *result*
//!    decides: essentially equivalent (with or without the supplementary measures) is lawful
//!    with safeguards; not done is incomplete; not equivalent means the transfer must stop
//!    (CJEU C-311/18; SCC Clause 14(f); EDPB Recommendations 01/2020);
//! 4. an Art. 49 derogation is never a tool for storage, routine access or a processor's
//!    ongoing work: those are systematic, and derogations cover occasional transfers only
//!    (Art. 49(1) second subparagraph; Recitals 111-113; EDPB Guidelines 2/2018).

use super::codes as c;
use super::finding::Finding;
use super::read::{employment, field, field_flag, field_list, items, Item};
use crate::questionnaire::answers::Answers;
use crate::reference::{Reference, UNKNOWN};
use serde::{Deserialize, Serialize};

/// Whether a transfer is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferVerdict {
    /// Inside the EEA, or covered by an adequacy decision.
    Lawful,
    /// A third country with an Art. 46/47 tool and a transfer impact assessment that found the
    /// protection essentially equivalent (with the supplementary measures where needed).
    LawfulWithSafeguards,
    /// A tool exists, but the transfer impact assessment has not been done.
    NeedsTia,
    /// A third country without a valid transfer tool.
    NeedsTool,
    /// The transfer impact assessment found that essentially equivalent protection cannot be
    /// ensured: the transfer must not take place or must be suspended.
    MustStop,
    /// The location is not known yet.
    Unknown,
}

impl TransferVerdict {
    pub fn code(self) -> &'static str {
        match self {
            TransferVerdict::Lawful => "lawful",
            TransferVerdict::LawfulWithSafeguards => "lawful_with_safeguards",
            TransferVerdict::NeedsTia => "needs_tia",
            TransferVerdict::NeedsTool => "needs_tool",
            TransferVerdict::MustStop => "must_stop",
            TransferVerdict::Unknown => "unknown",
        }
    }

    /// Whether the transfer is covered by Chapter V as answered.
    pub fn covered(self) -> bool {
        matches!(
            self,
            TransferVerdict::Lawful | TransferVerdict::LawfulWithSafeguards
        )
    }
}

/// What kind of place is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferRole {
    /// Where a component stores (or, stateless, processes) the data.
    Storage,
    /// A country from which the provider or its sub-processors can access a component.
    Access,
    /// A processor's country of establishment.
    Processor,
    /// A country where a processor's sub-processors are or from which they access the data.
    Subprocessor,
}

impl TransferRole {
    pub fn code(self) -> &'static str {
        match self {
            TransferRole::Storage => "storage",
            TransferRole::Access => "access",
            TransferRole::Processor => "processor",
            TransferRole::Subprocessor => "subprocessor",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferStatus {
    /// The component or processor.
    pub component: String,
    #[serde(default = "default_role")]
    pub role: TransferRole,
    /// An ISO code, `EU`, an organisation's code or `unknown`.
    pub location: String,
    pub verdict: TransferVerdict,
    pub reason: Finding,
}

fn default_role() -> TransferRole {
    TransferRole::Storage
}

/// The context a place is judged in.
struct Judge<'a> {
    reference: &'a Reference,
    today: &'a str,
    hr_data: bool,
}

impl Judge<'_> {
    /// Judges one place of one item (a component or a processor), whose fields hold the DPF,
    /// scope and tool answers for it.
    fn place(&self, item: &Item, location: &str) -> (TransferVerdict, Finding) {
        let with = |code: &str| Finding::new(code).with("location", location);
        if location.is_empty() || location == UNKNOWN {
            return (TransferVerdict::Unknown, Finding::new(c::TRANSFER_UNKNOWN));
        }
        if self.reference.is_eea(location) {
            return (TransferVerdict::Lawful, with(c::TRANSFER_EEA));
        }
        // Why an adequacy decision for this country does not carry the transfer, if it exists.
        let mut adequacy_gap = None;
        if let Some(a) = self.reference.adequacy(location) {
            if !a.applies_on(self.today) {
                adequacy_gap = Some(
                    with(c::TRANSFER_NO_TOOL_EXPIRED)
                        .with("expires", a.expires.clone().unwrap_or_default()),
                );
            } else if a.requires_certification {
                match (
                    field_flag(item, "dpf_certified"),
                    field_flag(item, "dpf_covers_hr"),
                ) {
                    (Some(true), hr) if !self.hr_data || hr == Some(true) => {
                        return (
                            TransferVerdict::Lawful,
                            with(c::TRANSFER_DPF).with("date", a.date.clone()),
                        );
                    }
                    (Some(true), _) => adequacy_gap = Some(with(c::TRANSFER_NO_TOOL_DPF_HR)),
                    _ => adequacy_gap = Some(with(c::TRANSFER_NO_TOOL_DPF)),
                }
            } else if a.needs_scope_confirmation() {
                if field_flag(item, "adequacy_scope") == Some(true) {
                    return (
                        TransferVerdict::Lawful,
                        with(c::TRANSFER_ADEQUACY_SCOPED).with("date", a.date.clone()),
                    );
                }
                adequacy_gap = Some(with(c::TRANSFER_NO_TOOL_SCOPE));
            } else {
                return (
                    TransferVerdict::Lawful,
                    with(c::TRANSFER_ADEQUACY).with("date", a.date.clone()),
                );
            }
        }
        let tool = field(item, "transfer_tool");
        match tool {
            Some("art49_derogation") => (
                TransferVerdict::NeedsTool,
                with(c::TRANSFER_ART49_SYSTEMATIC),
            ),
            Some(tool) if tool != "none" => {
                let with_tool = |code: &str| with(code).with("tool", tool);
                match field(item, "tia_result") {
                    Some("equivalent") => (
                        TransferVerdict::LawfulWithSafeguards,
                        with_tool(c::TRANSFER_TOOL_EQUIVALENT),
                    ),
                    Some("equivalent_with_measures")
                        if field(item, "supplementary_measures").is_some() =>
                    {
                        (
                            TransferVerdict::LawfulWithSafeguards,
                            with_tool(c::TRANSFER_TOOL_WITH_MEASURES),
                        )
                    }
                    Some("equivalent_with_measures") => (
                        TransferVerdict::NeedsTia,
                        with_tool(c::TRANSFER_TOOL_MEASURES_MISSING),
                    ),
                    Some("not_equivalent") => (
                        TransferVerdict::MustStop,
                        with_tool(c::TRANSFER_TOOL_MUST_STOP),
                    ),
                    _ => (
                        TransferVerdict::NeedsTia,
                        with_tool(c::TRANSFER_TOOL_TIA_MISSING),
                    ),
                }
            }
            _ => (
                TransferVerdict::NeedsTool,
                adequacy_gap.unwrap_or_else(|| with(c::TRANSFER_NO_TOOL)),
            ),
        }
    }
}

/// One status per place: every component's storage and access countries, every processor's
/// country and its sub-processors' countries.
pub fn transfers(answers: &Answers, reference: &Reference, today: &str) -> Vec<TransferStatus> {
    let judge = Judge {
        reference,
        today,
        hr_data: employment(answers),
    };
    let mut out = Vec::new();
    let mut push = |component: &str, role: TransferRole, item: &Item, location: &str| {
        let (verdict, reason) = judge.place(item, location);
        out.push(TransferStatus {
            component: component.to_string(),
            role,
            location: location.to_string(),
            verdict,
            reason,
        });
    };
    for (n, item) in items(answers, "transfers.components").iter().enumerate() {
        let name = field(item, "component")
            .map(String::from)
            .unwrap_or_else(|| format!("#{}", n + 1));
        let storage = field(item, "storage_location").unwrap_or(UNKNOWN);
        push(&name, TransferRole::Storage, item, storage);
        for access in field_list(item, "access_locations") {
            if access != storage {
                push(&name, TransferRole::Access, item, access);
            }
        }
    }
    if super::read::yes(answers, "processors.any") != Some(false) {
        for (n, item) in items(answers, "processors.list").iter().enumerate() {
            let name = field(item, "name")
                .map(String::from)
                .unwrap_or_else(|| format!("#{}", n + 1));
            let country = field(item, "country").unwrap_or(UNKNOWN);
            push(&name, TransferRole::Processor, item, country);
            for sub in field_list(item, "subprocessor_countries") {
                if sub != country {
                    push(&name, TransferRole::Subprocessor, item, sub);
                }
            }
        }
    }
    out
}

/// Issues from the transfers: each place not covered, and a Module 1 clause chosen for a
/// provider that is listed as a processor (controller-to-controller clauses do not fit a
/// processor: Module 2 does; Implementing Decision (EU) 2021/914, recital 16 and Clause 1).
pub fn issues(answers: &Answers, transfers: &[TransferStatus]) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in transfers {
        let code = match t.verdict {
            TransferVerdict::NeedsTool => c::ISSUE_TRANSFER_NEEDS_TOOL,
            TransferVerdict::NeedsTia => c::ISSUE_TRANSFER_NEEDS_TIA,
            TransferVerdict::MustStop => c::ISSUE_TRANSFER_MUST_STOP,
            _ => continue,
        };
        out.push(
            Finding::new(code)
                .with("component", &t.component)
                .with("role", t.role.code())
                .with("reason", t.reason.clone()),
        );
    }
    let processors: Vec<String> = items(answers, "processors.list")
        .iter()
        .filter_map(|p| field(p, "name"))
        .map(str::to_lowercase)
        .collect();
    for item in items(answers, "transfers.components") {
        let provider = field(item, "provider").unwrap_or("");
        let is_processor = !provider.is_empty()
            && processors.iter().any(|p| {
                p.contains(&provider.to_lowercase()) || provider.to_lowercase().contains(p.as_str())
            });
        if is_processor && field(item, "transfer_tool") == Some("scc_module_1") {
            out.push(
                Finding::new(c::ISSUE_SCC_MODULE)
                    .with("component", field(item, "component").unwrap_or(provider)),
            );
        }
    }
    out
}
