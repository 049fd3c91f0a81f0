//! The report's wording per language: every heading, label and table header lives in
//! `templates/report.<lang>.toml`, embedded in the binary and checked when loaded, so the
//! document builder holds no prose of its own.

use serde::Deserialize;
use thiserror::Error;

const EN: &str = include_str!("../../templates/report.en.toml");
const DE: &str = include_str!("../../templates/report.de.toml");

/// A template could not be loaded.
#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("no report template for language '{lang}' (known: en, de)")]
    UnknownLanguage { lang: String },
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

/// The wording of one language. Field names are the TOML keys.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub lang: String,
    pub title: String,
    pub subject: String,
    pub keywords: String,
    pub draft: String,
    /// Footer with `{page}`, `{pages}` and `{id}`.
    pub footer: String,
    pub none: String,
    pub yes: String,
    pub no: String,
    pub not_assessed: String,
    pub tool: String,
    pub controller: String,
    pub assessment: String,
    pub version: String,
    pub status: String,
    pub date: String,
    pub author: String,
    pub dpo: String,
    pub purposes: String,
    pub summary: String,
    pub screening: String,
    pub reasons: String,
    pub overall_risk: String,
    pub art36: String,
    pub open_items: String,
    pub data: String,
    pub data_none: String,
    pub table: String,
    pub column: String,
    pub categories: String,
    pub confidence: String,
    pub evidence: String,
    pub examples: String,
    pub transfers: String,
    pub transfers_none: String,
    pub component: String,
    pub location: String,
    pub verdict: String,
    pub reason: String,
    pub processors: String,
    pub processors_none: String,
    pub processor: String,
    pub missing: String,
    pub risks: String,
    pub risks_none: String,
    pub risk: String,
    pub before: String,
    pub after: String,
    pub appendix: String,
    pub questionnaire: String,
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
    /// The kind of a signature with a self-signed certificate.
    pub kind_self_signed: String,
    /// The kind of a signature with a certificate from `{issuer}`.
    pub kind_issued: String,
    /// The signing time `{time}` as the signer's claim (no time-stamp).
    pub time_claimed: String,
    /// The signing time `{time}` with a time-stamp from `{tsa}`.
    pub time_stamped: String,
}

impl Template {
    /// The embedded template for `lang` (`en` or `de`).
    pub fn builtin(lang: &str) -> Result<Template, TemplateError> {
        match lang {
            "en" => Template::parse("templates/report.en.toml", EN),
            "de" => Template::parse("templates/report.de.toml", DE),
            _ => Err(TemplateError::UnknownLanguage { lang: lang.into() }),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_load() {
        for lang in ["en", "de"] {
            let t = Template::builtin(lang).unwrap();
            assert_eq!(t.lang, lang);
        }
        assert_eq!(
            Template::builtin("en").unwrap().footer(1, 3, "ab12"),
            "page 1 of 3 · assessment ab12"
        );
        assert!(matches!(
            Template::builtin("fr"),
            Err(TemplateError::UnknownLanguage { .. })
        ));
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
