//! The wording of the auditor's summary as a PDF per language, `templates/audit.<lang>.toml`:
//! headings, labels and phrases. Embedded, and checked when loaded (every key present, none
//! unknown, with the file and line of a parse error), like the record of processing
//! activities' wording.

use crate::location::FileProblem;
use serde::Deserialize;

const FILES: &[(&str, &str, &str)] = &[
    (
        "en",
        "templates/audit.en.toml",
        include_str!("../../templates/audit.en.toml"),
    ),
    (
        "de",
        "templates/audit.de.toml",
        include_str!("../../templates/audit.de.toml"),
    ),
    (
        "fr",
        "templates/audit.fr.toml",
        include_str!("../../templates/audit.fr.toml"),
    ),
];

/// The wording of one language; field names are the TOML keys, every one required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditWords {
    pub lang: String,
    pub title: String,
    pub subject: String,
    pub footer: String,
    pub toc: String,
    pub intro: String,
    pub date_of_audit: String,
    pub record: String,
    pub record_counts: String,
    pub record_head: String,
    pub chains: String,
    pub chains_hold: String,
    pub chains_break: String,
    pub assessments: String,
    pub no_assessments: String,
    pub assessment: String,
    pub status: String,
    pub versions: String,
    pub review_due: String,
    pub overdue: String,
    pub none: String,
    pub changed_after_signing: String,
    pub changed_text: String,
    pub drift: String,
    pub drift_text: String,
    pub signatures: String,
    pub never_signed: String,
    pub version: String,
    pub role: String,
    pub signed_at: String,
    pub certificate: String,
    pub certificate_text: String,
    pub role_dpo: String,
    pub role_controller: String,
    pub status_draft: String,
    pub status_ready_for_signoff: String,
    pub status_signed: String,
    pub status_superseded: String,
    pub status_withdrawn: String,
    pub status_changed_after_signing: String,
    pub pdfs: String,
    pub file: String,
    pub result: String,
    pub in_record: String,
    pub pdf_current: String,
    pub pdf_superseded: String,
    pub pdf_not_in_record: String,
    pub pdf_contradicts_record: String,
    pub pdf_not_a_report: String,
    pub pdf_audit_summary: String,
    pub pdf_unsigned: String,
    pub pdf_invalid: String,
    pub pdf_unreadable: String,
    pub verdict_valid: String,
    pub verdict_unverified: String,
    pub verdict_indeterminate: String,
    pub verdict_not_signed: String,
    pub verdict_invalid: String,
    pub verdict_error: String,
    pub auditor_signature: String,
    pub signature_intro: String,
    pub unsigned: String,
    pub role_auditor: String,
    pub signature_reason: String,
}

impl AuditWords {
    /// The wording in `lang`.
    pub fn builtin(lang: crate::lang::Lang) -> Result<AuditWords, FileProblem> {
        let code = lang.code();
        let Some((_, file, text)) = FILES.iter().find(|(l, _, _)| *l == code) else {
            return Err(FileProblem {
                file: format!("templates/audit.{code}.toml"),
                line: None,
                message: format!("no wording for the audit summary in '{code}'"),
            });
        };
        AuditWords::parse(file, text)
    }

    /// Parses and checks a wording file.
    pub fn parse(file: &str, text: &str) -> Result<AuditWords, FileProblem> {
        toml::from_str(text).map_err(|e| FileProblem::toml(file, text, &e))
    }

    /// The language of this wording (English for an unknown code).
    pub fn language(&self) -> crate::lang::Lang {
        crate::lang::Lang::parse(&self.lang).unwrap_or(crate::lang::Lang::En)
    }

    /// A status as `AssessmentSummary::shown_status` names it, in words.
    pub fn status_word(&self, status: &str) -> String {
        match status {
            "draft" => &self.status_draft,
            "ready_for_signoff" => &self.status_ready_for_signoff,
            "signed" => &self.status_signed,
            "superseded" => &self.status_superseded,
            "withdrawn" => &self.status_withdrawn,
            "changed_after_signing" => &self.status_changed_after_signing,
            other => other,
        }
        .to_string()
    }

    /// A signature's recorded role (`dpo`, `controller`) in words.
    pub fn role_word(&self, role: &str) -> String {
        match role {
            "dpo" => &self.role_dpo,
            "controller" => &self.role_controller,
            other => other,
        }
        .to_string()
    }

    /// A PDF's state in the summary (`not_in_record`, …) in words.
    pub fn pdf_state(&self, state: &str) -> String {
        match state {
            "not_in_record" => &self.pdf_not_in_record,
            "contradicts_record" => &self.pdf_contradicts_record,
            "not_a_report" => &self.pdf_not_a_report,
            "audit_summary" => &self.pdf_audit_summary,
            "unsigned" => &self.pdf_unsigned,
            "invalid" => &self.pdf_invalid,
            "unreadable" => &self.pdf_unreadable,
            other => other,
        }
        .to_string()
    }

    /// A verdict label (`VALID`, `INVALID`, …, `ERROR`) in words.
    pub fn verdict_word(&self, label: &str) -> String {
        match label {
            "VALID" => &self.verdict_valid,
            "INTACT, NOT VERIFIED" => &self.verdict_unverified,
            "INDETERMINATE" => &self.verdict_indeterminate,
            "NOT SIGNED" => &self.verdict_not_signed,
            "INVALID" => &self.verdict_invalid,
            "ERROR" => &self.verdict_error,
            other => other,
        }
        .to_string()
    }
}

/// Fills `{name}` placeholders (one helper for every wording file).
pub use crate::report::template::fill;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn every_language_loads_with_its_own_words() {
        let en = AuditWords::builtin(Lang::En).unwrap_or_else(|e| panic!("{e}"));
        for lang in [Lang::De, Lang::Fr] {
            let w = AuditWords::builtin(lang).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(w.language(), lang);
            assert_ne!(w.title, en.title, "{lang:?}");
            assert_ne!(
                w.status_word("changed_after_signing"),
                "changed_after_signing"
            );
        }
        assert_eq!(en.verdict_word("VALID"), "VALID");
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
    }

    #[test]
    fn a_missing_or_unknown_key_names_the_file_and_line() {
        let e = AuditWords::parse("a.toml", "lang = \"en\"\nbogus = 1\n").unwrap_err();
        assert!(e.to_string().starts_with("a.toml:2:"), "{e}");
        let e = AuditWords::parse("a.toml", "lang = \"en\"\n").unwrap_err();
        assert!(e.to_string().contains("missing field"), "{e}");
    }
}
