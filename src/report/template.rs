//! The report's wording per language: every heading, label and table header lives in
//! `templates/report.<lang>.toml`, embedded in the binary and checked when loaded, so the
//! document builder holds no prose of its own.

use crate::lang::Lang;
use serde::Deserialize;
use thiserror::Error;

const EN: &str = include_str!("../../templates/report.en.toml");
const DE: &str = include_str!("../../templates/report.de.toml");
const FR: &str = include_str!("../../templates/report.fr.toml");

/// A template could not be loaded.
#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Parse {
        file: String,
        line: Option<usize>,
        message: String,
    },
    #[error("{file}: key '{key}' {problem}")]
    Invalid {
        file: String,
        key: &'static str,
        problem: &'static str,
    },
}

/// The wording of one language. Field names are the TOML keys; every one is required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub lang: Lang,
    pub title: String,
    pub subject: String,
    pub keywords: String,
    pub draft: String,
    pub footer: String,
    pub none: String,
    pub yes: String,
    pub no: String,
    pub not_assessed: String,
    pub not_answered: String,
    pub contents: String,
    pub tool: String,
    pub controller: String,
    pub assessment: String,
    pub version: String,
    pub version_signed: String,
    pub status: String,
    pub status_draft: String,
    pub status_ready: String,
    pub status_signed: String,
    pub status_superseded: String,
    pub status_withdrawn: String,
    pub date: String,
    pub author: String,
    pub dpo: String,
    pub live_since: String,
    pub cover_note: String,
    pub copy_of_signed: String,
    pub copy_signer: String,
    pub copy_note: String,
    pub summary: String,
    pub screening: String,
    pub reasons: String,
    pub special_found: String,
    pub third_countries: String,
    pub overall_risk: String,
    pub residual_assumes: String,
    pub risk_now: String,
    pub art36: String,
    pub open_items: String,
    pub notes: String,
    pub outcome: String,
    pub outcome_why: String,
    pub art35_3: String,
    pub must_list_none: String,
    pub must_lists_checked: String,
    pub list: String,
    pub item_no: String,
    pub item: String,
    pub wp248: String,
    pub wp248_none: String,
    pub criterion: String,
    pub selected: String,
    pub suggested: String,
    pub counts: String,
    pub data: String,
    pub data_intro: String,
    pub data_none: String,
    pub table: String,
    pub rows_examined: String,
    pub rows_of: String,
    pub sources: String,
    pub columns_clean: String,
    pub table_clean: String,
    pub needs_review: String,
    pub column: String,
    pub categories: String,
    pub evidence: String,
    pub examples: String,
    pub hosting_facts: String,
    pub hosting_none: String,
    pub component: String,
    pub name: String,
    pub jurisdiction: String,
    pub hint: String,
    pub not_configured: String,
    pub source: String,
    pub flows: String,
    pub flows_intro: String,
    pub flows_none: String,
    pub third_parties: String,
    pub service: String,
    pub svc_processor: String,
    pub svc_controller: String,
    pub unknown_service: String,
    pub country: String,
    pub data_sent: String,
    pub no_personal_data: String,
    pub where_in_code: String,
    pub code_findings: String,
    pub flow_log: String,
    pub flow_unprotected: String,
    pub flow_access: String,
    pub flow_upload: String,
    pub flow_browser: String,
    pub flow_writes: String,
    pub flow_no_delete: String,
    pub principles: String,
    pub principle: String,
    pub rating: String,
    pub acceptable: String,
    pub to_improve: String,
    pub measures_short: String,
    pub transfers: String,
    pub transfers_intro: String,
    pub transfers_none: String,
    pub place_role: String,
    pub verdict: String,
    pub reason: String,
    pub processors: String,
    pub processors_intro: String,
    pub processors_none: String,
    pub art28_item: String,
    pub in_agreement: String,
    pub contained: String,
    pub missing_item: String,
    pub no_contract: String,
    pub art28_gaps: String,
    pub risks: String,
    pub risks_intro: String,
    pub risks_none: String,
    pub id: String,
    pub risk: String,
    pub before: String,
    pub after: String,
    pub decision: String,
    pub level_now: String,
    pub level_after: String,
    pub levels_line: String,
    pub risk_requires_consultation: String,
    pub map_note: String,
    pub overdue: String,
    pub consultation: String,
    pub dpo_advice: String,
    pub art36_record: String,
    pub appendix: String,
    pub identity: String,
    pub questionnaire: String,
    pub assessed_on: String,
    pub reference_as_of: String,
    pub made_with: String,
    pub method: String,
    pub method_text: String,
    pub inputs: String,
    pub path: String,
    pub sha256: String,
    pub version_hash: String,
    pub risk_map: String,
    pub map_severity: String,
    pub map_likelihood: String,
    pub scale_1: String,
    pub scale_2: String,
    pub scale_3: String,
    pub scale_4: String,
    pub map_before: String,
    pub map_after: String,
    pub signature: String,
    pub signature_intro: String,
    pub signature_unsigned: String,
    pub signature_note: String,
    pub signature_reason: String,
    pub signer: String,
    pub certificate: String,
    pub signed_at: String,
    pub fingerprint: String,
    pub role: String,
    pub role_dpo: String,
    pub role_controller: String,
    pub awaiting: String,
    pub signature_kind: String,
    pub location: String,
    pub kind_self_signed: String,
    pub kind_issued: String,
    pub time_claimed: String,
    pub time_stamped: String,
}

impl Template {
    /// The embedded template for `lang`.
    pub fn builtin(lang: Lang) -> Result<Template, TemplateError> {
        let (file, text) = match lang {
            Lang::En => ("templates/report.en.toml", EN),
            Lang::De => ("templates/report.de.toml", DE),
            Lang::Fr => ("templates/report.fr.toml", FR),
        };
        let template = Template::parse(file, text)?;
        if template.lang != lang {
            return Err(TemplateError::Invalid {
                file: file.into(),
                key: "lang",
                problem: "does not name the file's language",
            });
        }
        Ok(template)
    }

    /// Parses and checks a template; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Template, TemplateError> {
        let template: Template = toml::from_str(text).map_err(|e| TemplateError::Parse {
            file: file.into(),
            line: e
                .span()
                .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1),
            message: e.message().trim().to_string(),
        })?;
        let invalid = |key, problem| TemplateError::Invalid {
            file: file.into(),
            key,
            problem,
        };
        for placeholder in ["{page}", "{pages}", "{id}"] {
            if !template.footer.contains(placeholder) {
                return Err(invalid("footer", "needs {page}, {pages} and {id}"));
            }
        }
        if template.title.trim().is_empty() {
            return Err(invalid("title", "is empty"));
        }
        if template.draft.trim().is_empty() {
            return Err(invalid("draft", "is empty"));
        }
        Ok(template)
    }

    /// The footer for one page.
    pub fn footer(&self, page: usize, pages: usize, id: &str) -> String {
        self.footer
            .replace("{pages}", &pages.to_string())
            .replace("{page}", &page.to_string())
            .replace("{id}", id)
    }
}

/// Fills `{name}` placeholders of a wording template (RoPA, audit summary).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_load() {
        for lang in Lang::ALL {
            let t = Template::builtin(lang).unwrap();
            assert_eq!(t.lang, lang);
        }
        assert_eq!(
            Template::builtin(Lang::En).unwrap().footer(1, 3, "ab12"),
            "page 1 of 3 · assessment ab12"
        );
        assert_eq!(
            Template::builtin(Lang::Fr).unwrap().footer(1, 3, "ab12"),
            "page 1 sur 3 · AIPD ab12"
        );
    }

    #[test]
    fn french_wording_keeps_french_typography() {
        let table: toml::Table = toml::from_str(FR).unwrap();
        for (key, value) in &table {
            let text = value.as_str().unwrap_or_default();
            if let Some(at) = crate::lang::french_spacing_fault(text) {
                panic!("templates/report.fr.toml: {key}: a breakable space in {at:?}");
            }
        }
    }

    #[test]
    fn missing_key_names_the_file() {
        let text = EN.replace("draft = \"DRAFT\"\n", "");
        let e = Template::parse("x.toml", &text).unwrap_err().to_string();
        assert!(e.starts_with("x.toml"), "{e}");
        assert!(e.contains("draft"), "{e}");
    }

    #[test]
    fn unknown_key_and_syntax_error_give_the_line() {
        let text = format!("{EN}\nextra = \"x\"\n");
        let e = Template::parse("x.toml", &text).unwrap_err().to_string();
        assert!(e.contains("extra"), "{e}");
        let e = Template::parse("y.toml", "lang = \"en\"\ntitle = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("y.toml:2"), "{e}");
    }
}
