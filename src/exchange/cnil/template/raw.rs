//! The shape of `template.toml` as serde reads it, each entry with its place in the file
//! (`Spanned`) for errors naming the line; `Template::parse` checks and converts it.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) questions_active: bool,
    pub(super) item: Vec<Spanned<RawItem>>,
    pub(super) question: Vec<Spanned<RawQuestion>>,
    pub(super) risk: Vec<Spanned<RawRisk>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: String,
    pub(super) notes: String,
    pub(super) evaluation: String,
    #[serde(default)]
    pub(super) short_titles: bool,
    pub(super) help_key_of: Option<String>,
    #[serde(default)]
    pub(super) measures: bool,
    #[serde(default)]
    pub(super) overview: bool,
    pub(super) links: Option<Vec<String>>,
    #[serde(default)]
    pub(super) hidden: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: i64,
    pub(super) item: String,
    pub(super) answer: Option<String>,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) export: Vec<String>,
    #[serde(default)]
    pub(super) links: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRisk {
    pub(super) item: String,
    pub(super) event: String,
    pub(super) impacts: i64,
    pub(super) threats: i64,
    pub(super) sources: i64,
    pub(super) measures: i64,
    pub(super) severity: i64,
    pub(super) likelihood: i64,
    pub(super) map: String,
    pub(super) links: RawRiskLinks,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRiskLinks {
    pub(super) impacts: Vec<String>,
    pub(super) threats: Vec<String>,
    pub(super) sources: Vec<String>,
    pub(super) measures: Vec<String>,
    pub(super) severity: Vec<String>,
    pub(super) likelihood: Vec<String>,
}

impl RawRiskLinks {
    /// The codes in the order of `Risk::questions`.
    pub(super) fn in_order(&self) -> [Vec<String>; 6] {
        [
            self.impacts.clone(),
            self.threats.clone(),
            self.sources.clone(),
            self.measures.clone(),
            self.severity.clone(),
            self.likelihood.clone(),
        ]
    }
}
