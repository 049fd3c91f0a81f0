//! Every code the evaluation can produce, one constant each, and [`ALL`]. The strings are a
//! stable vocabulary: JSON consumers (`dpia assess --format json`, the record, CNIL and SARIF
//! exports) and the wording templates (`templates/evaluation.<lang>.toml`) key on them, so a
//! code is never renamed; tests check that each is unique and worded in every language.

pub const SCREENING_ART35_3A: &str = "screening.art35_3a";
pub const SCREENING_ART35_3B: &str = "screening.art35_3b";
pub const SCREENING_ART35_3C: &str = "screening.art35_3c";
pub const SCREENING_MUST_LIST: &str = "screening.must_list";
pub const SCREENING_OTHER_LIST: &str = "screening.other_list";
pub const SCREENING_LIKELY_HIGH_RISK: &str = "screening.likely_high_risk";
pub const SCREENING_CRITERIA: &str = "screening.criteria";
pub const SCREENING_CRITERIA_ARGUED: &str = "screening.criteria_argued";
pub const SCREENING_TWO_OR_MORE: &str = "screening.two_or_more";
pub const SCREENING_ONE: &str = "screening.one_criterion";
pub const SCREENING_NONE: &str = "screening.none";
pub const SCREENING_OVERRIDE: &str = "screening.override";
pub const SCREENING_EXEMPTION_ART35_10: &str = "screening.exemption_art35_10";
pub const SCREENING_EXEMPTION_LIST: &str = "screening.exemption_no_dpia_list";
pub const SCREENING_EXEMPTION_SIMILAR: &str = "screening.exemption_similar";
pub const SCREENING_UNANSWERED: &str = "screening.unanswered";
pub const TRANSFER_UNKNOWN: &str = "transfer.unknown";
pub const TRANSFER_EEA: &str = "transfer.eea";
pub const TRANSFER_ADEQUACY: &str = "transfer.adequacy";
pub const TRANSFER_ADEQUACY_SCOPED: &str = "transfer.adequacy_scoped";
pub const TRANSFER_DPF: &str = "transfer.dpf";
pub const TRANSFER_NO_TOOL: &str = "transfer.no_tool";
pub const TRANSFER_NO_TOOL_DPF: &str = "transfer.no_tool_dpf";
pub const TRANSFER_NO_TOOL_DPF_HR: &str = "transfer.no_tool_dpf_hr";
pub const TRANSFER_NO_TOOL_SCOPE: &str = "transfer.no_tool_scope";
pub const TRANSFER_NO_TOOL_EXPIRED: &str = "transfer.no_tool_expired";
pub const TRANSFER_ART49_SYSTEMATIC: &str = "transfer.art49_systematic";
pub const TRANSFER_TOOL_EQUIVALENT: &str = "transfer.tool_equivalent";
pub const TRANSFER_TOOL_WITH_MEASURES: &str = "transfer.tool_with_measures";
pub const TRANSFER_TOOL_MEASURES_MISSING: &str = "transfer.tool_measures_missing";
pub const TRANSFER_TOOL_TIA_MISSING: &str = "transfer.tool_tia_missing";
pub const TRANSFER_TOOL_MUST_STOP: &str = "transfer.tool_must_stop";
pub const PROCESSOR_NO_CONTRACT: &str = "processor.no_contract";
pub const PROCESSOR_CONTRACT_UNANSWERED: &str = "processor.contract_unanswered";
pub const PROCESSOR_CONTRACT_LACKS: &str = "processor.contract_lacks";
pub const PROCESSOR_NO_SUBPROCESSOR_AUTHORISATION: &str = "processor.no_subprocessor_authorisation";
pub const ART36_SEVERITY_MAXIMUM: &str = "art36.severity_maximum";
pub const ART36_VERY_HIGH: &str = "art36.very_high";
pub const ART36_NOT_ACCEPTABLE: &str = "art36.not_acceptable";
pub const ART36_HIGH: &str = "art36.high";
pub const ART36_NO_RISKS: &str = "art36.no_risks";
pub const ART36_LEVELS_MISSING: &str = "art36.levels_missing";
pub const ART36_DECISION_MISSING: &str = "art36.decision_missing";
pub const ART36_WAIT: &str = "art36.wait";
pub const ART36_STOP_LIVE: &str = "art36.stop_live";
pub const ISSUE_CRITERIA_SUGGESTED: &str = "issue.criteria_suggested";
pub const ISSUE_EXEMPTION_OVERRIDDEN: &str = "issue.exemption_overridden";
pub const ISSUE_DPIA_AFTER_START: &str = "issue.dpia_after_start";
pub const ISSUE_TRANSFER_NEEDS_TOOL: &str = "issue.transfer_needs_tool";
pub const ISSUE_TRANSFER_NEEDS_TIA: &str = "issue.transfer_needs_tia";
pub const ISSUE_TRANSFER_MUST_STOP: &str = "issue.transfer_must_stop";
pub const ISSUE_SCC_MODULE: &str = "issue.scc_module";
pub const ISSUE_PROCESSOR: &str = "issue.processor";
pub const ISSUE_PROCESSOR_NOT_LISTED: &str = "issue.processor_not_listed";
pub const ISSUE_RISK_DUPLICATE_ID: &str = "issue.risk_duplicate_id";
pub const ISSUE_RISK_REDUCED_WITHOUT_MEASURE: &str = "issue.risk_reduced_without_measure";
pub const ISSUE_RISK_RESIDUAL_ABOVE_NOW: &str = "issue.risk_residual_above_now";
pub const ISSUE_RISK_HIGH_WHILE_LIVE: &str = "issue.risk_high_while_live";
pub const ISSUE_MEASURE_UNKNOWN_RISK: &str = "issue.measure_unknown_risk";
pub const ISSUE_MEASURE_OVERDUE: &str = "issue.measure_overdue";
pub const ISSUE_PRINCIPLE_WITHOUT_MEASURE: &str = "issue.principle_without_measure";
pub const ISSUE_APPROVED_WITHOUT_CONSULTATION: &str = "issue.approved_without_consultation";
pub const ISSUE_APPROVED_BEFORE_ANSWER: &str = "issue.approved_before_answer";
pub const ISSUE_ART9_NONE: &str = "issue.art9_none";
pub const ISSUE_ART9_MISSING: &str = "issue.art9_missing";
pub const ISSUE_UNDECLARED_CATEGORY: &str = "issue.undeclared_category";
pub const ISSUE_UNREVIEWED_CODE: &str = "issue.unreviewed_code";
pub const ISSUE_COLUMN_DROP: &str = "issue.column_drop";
pub const ISSUE_COLUMN_PSEUDONYMISE: &str = "issue.column_pseudonymise";
pub const ISSUE_NOT_INFORMED: &str = "issue.not_informed";
pub const ISSUE_NO_ART14_NOTICE: &str = "issue.no_art14_notice";
pub const ISSUE_RIGHT_MISSING: &str = "issue.right_missing";
pub const ISSUE_EMPLOYEE_CONSENT: &str = "issue.employee_consent";
pub const ISSUE_WORKS_COUNCIL: &str = "issue.works_council";
pub const ISSUE_DPO_REQUIRED_BDSG: &str = "issue.dpo_required_bdsg";
pub const ISSUE_PERSONAL_DATA_LOGGED: &str = "issue.personal_data_logged";
pub const ISSUE_ROUTE_WITHOUT_ACCESS_CHECK: &str = "issue.route_without_access_check";
pub const ISSUE_FLOW_PROCESSOR_NOT_LISTED: &str = "issue.flow_processor_not_listed";
pub const ISSUE_FLOW_TRANSFER_NOT_ASSESSED: &str = "issue.flow_transfer_not_assessed";
pub const NOTE_RISK_ACCEPTED: &str = "note.risk_accepted";
pub const NOTE_AI_ACT_EMPLOYMENT: &str = "note.ai_act_employment";
pub const NOTE_REVIEW_SUGGESTED: &str = "note.review_suggested";
pub const NOTE_REVIEW_LATER: &str = "note.review_later";
pub const MISSING_UNANSWERED: &str = "missing.unanswered";
pub const MISSING_SUGGESTED: &str = "missing.suggested";
pub const MISSING_REVIEW_SUGGESTED: &str = "missing.review_suggested";
pub const MISSING_DRAFT: &str = "missing.draft";
pub const MISSING_ENTRIES: &str = "missing.entries";
pub const MISSING_RISK_REASON: &str = "missing.risk_reason";
pub const MISSING_CONSULTATION: &str = "missing.consultation";

/// Every code, for the tests that keep codes unique and worded.
pub const ALL: &[&str] = &[
    SCREENING_ART35_3A,
    SCREENING_ART35_3B,
    SCREENING_ART35_3C,
    SCREENING_MUST_LIST,
    SCREENING_OTHER_LIST,
    SCREENING_LIKELY_HIGH_RISK,
    SCREENING_CRITERIA,
    SCREENING_CRITERIA_ARGUED,
    SCREENING_TWO_OR_MORE,
    SCREENING_ONE,
    SCREENING_NONE,
    SCREENING_OVERRIDE,
    SCREENING_EXEMPTION_ART35_10,
    SCREENING_EXEMPTION_LIST,
    SCREENING_EXEMPTION_SIMILAR,
    SCREENING_UNANSWERED,
    TRANSFER_UNKNOWN,
    TRANSFER_EEA,
    TRANSFER_ADEQUACY,
    TRANSFER_ADEQUACY_SCOPED,
    TRANSFER_DPF,
    TRANSFER_NO_TOOL,
    TRANSFER_NO_TOOL_DPF,
    TRANSFER_NO_TOOL_DPF_HR,
    TRANSFER_NO_TOOL_SCOPE,
    TRANSFER_NO_TOOL_EXPIRED,
    TRANSFER_ART49_SYSTEMATIC,
    TRANSFER_TOOL_EQUIVALENT,
    TRANSFER_TOOL_WITH_MEASURES,
    TRANSFER_TOOL_MEASURES_MISSING,
    TRANSFER_TOOL_TIA_MISSING,
    TRANSFER_TOOL_MUST_STOP,
    PROCESSOR_NO_CONTRACT,
    PROCESSOR_CONTRACT_UNANSWERED,
    PROCESSOR_CONTRACT_LACKS,
    PROCESSOR_NO_SUBPROCESSOR_AUTHORISATION,
    ART36_SEVERITY_MAXIMUM,
    ART36_VERY_HIGH,
    ART36_NOT_ACCEPTABLE,
    ART36_HIGH,
    ART36_NO_RISKS,
    ART36_LEVELS_MISSING,
    ART36_DECISION_MISSING,
    ART36_WAIT,
    ART36_STOP_LIVE,
    ISSUE_CRITERIA_SUGGESTED,
    ISSUE_EXEMPTION_OVERRIDDEN,
    ISSUE_DPIA_AFTER_START,
    ISSUE_TRANSFER_NEEDS_TOOL,
    ISSUE_TRANSFER_NEEDS_TIA,
    ISSUE_TRANSFER_MUST_STOP,
    ISSUE_SCC_MODULE,
    ISSUE_PROCESSOR,
    ISSUE_PROCESSOR_NOT_LISTED,
    ISSUE_RISK_DUPLICATE_ID,
    ISSUE_RISK_REDUCED_WITHOUT_MEASURE,
    ISSUE_RISK_RESIDUAL_ABOVE_NOW,
    ISSUE_RISK_HIGH_WHILE_LIVE,
    ISSUE_MEASURE_UNKNOWN_RISK,
    ISSUE_MEASURE_OVERDUE,
    ISSUE_PRINCIPLE_WITHOUT_MEASURE,
    ISSUE_APPROVED_WITHOUT_CONSULTATION,
    ISSUE_APPROVED_BEFORE_ANSWER,
    ISSUE_ART9_NONE,
    ISSUE_ART9_MISSING,
    ISSUE_UNDECLARED_CATEGORY,
    ISSUE_UNREVIEWED_CODE,
    ISSUE_COLUMN_DROP,
    ISSUE_COLUMN_PSEUDONYMISE,
    ISSUE_NOT_INFORMED,
    ISSUE_NO_ART14_NOTICE,
    ISSUE_RIGHT_MISSING,
    ISSUE_EMPLOYEE_CONSENT,
    ISSUE_WORKS_COUNCIL,
    ISSUE_DPO_REQUIRED_BDSG,
    ISSUE_PERSONAL_DATA_LOGGED,
    ISSUE_ROUTE_WITHOUT_ACCESS_CHECK,
    ISSUE_FLOW_PROCESSOR_NOT_LISTED,
    ISSUE_FLOW_TRANSFER_NOT_ASSESSED,
    NOTE_RISK_ACCEPTED,
    NOTE_AI_ACT_EMPLOYMENT,
    NOTE_REVIEW_SUGGESTED,
    NOTE_REVIEW_LATER,
    MISSING_UNANSWERED,
    MISSING_SUGGESTED,
    MISSING_REVIEW_SUGGESTED,
    MISSING_DRAFT,
    MISSING_ENTRIES,
    MISSING_RISK_REASON,
    MISSING_CONSULTATION,
];
