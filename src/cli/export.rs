//! `dpia export ID --pdf OUT.pdf`: renders an assessment version as a PDF report (a DRAFT
//! until signing exists), writes it and records an `exported` event. The clock, the author
//! and the file system are read here; the report itself comes from `dpia::report`.

use super::clock;
use super::error::CliError;
use super::record::{author, load_version, open, record_error, recorded};
use clap::Args;
use dpia::assessment::Evaluation;
use dpia::questionnaire::Answers;
use dpia::report::{pdf, Document, RenderOptions, ReportInput, Template};
use dpia::scan::ScanReport;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Assessment id (any unique prefix).
    id: String,
    /// Where to write the PDF report.
    #[arg(long, value_name = "OUT.pdf")]
    pdf: PathBuf,
    /// Language of the report's headings and labels.
    #[arg(long, default_value = "en", value_parser = ["en", "de"])]
    lang: String,
    /// A version (any unique prefix of its id) instead of the current one.
    #[arg(long)]
    version: Option<String>,
    /// Who exports (default: DPIA_AUTHOR, then USER).
    #[arg(long)]
    author: Option<String>,
}

pub fn run(args: ExportArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let record = open(dir)?;
    let (id, view, version) = load_version(&record, &args.id, args.version.as_deref())?;
    let c = &version.content;
    let scan: ScanReport = recorded(&c.scan, "scan")?;
    let answers: Answers = recorded(&c.answers, "answers")?;
    // The recorded evaluation, worded in the report's language: the same questionnaire
    // version evaluated again from the recorded scan and answers (the evaluation is a pure
    // function of them); another questionnaire version keeps the recorded wording.
    let evaluation = match (
        dpia::questionnaire::builtin(),
        dpia::reference::Reference::builtin(),
    ) {
        (Ok(q), Ok(reference))
            if q.id == c.questionnaire_id && q.version == c.questionnaire_version =>
        {
            dpia::assessment::evaluate(&q, &answers, &scan, &reference, &args.lang)
        }
        _ => recorded::<Evaluation>(&c.evaluation, "evaluation")?,
    };
    let input = ReportInput {
        assessment_id: id.as_str().to_string(),
        title: view.summary.title.clone(),
        status: version.status.as_str().to_string(),
        tool: view.summary.tool_path.clone(),
        version_id: version.id.as_str().to_string(),
        version_number: version.number,
        author: version.author.clone(),
        created_at: version.created_at.clone(),
        questionnaire_id: c.questionnaire_id.clone(),
        questionnaire_version: c.questionnaire_version.clone(),
        evaluation,
        scan,
        answers,
    };
    let template = Template::builtin(&args.lang)
        .map_err(|e| CliError::internal("the built-in report template is broken").caused_by(&e))?;
    let document = Document::build(&input, &template);
    let now = clock::now()?;
    let options = RenderOptions {
        created_at: version.created_at.clone(),
        draft: true,
    };
    let bytes = pdf::render(&document, &options)
        .map_err(|e| CliError::internal("cannot render the PDF").caused_by(&e))?;
    std::fs::write(&args.pdf, &bytes).map_err(|e| {
        CliError::user(format!("cannot write {}", args.pdf.display())).caused_by(&e)
    })?;
    let what = format!("pdf draft {}", args.pdf.display());
    record
        .record_export(&id, &version.id, &what, &author(args.author), &now)
        .map_err(record_error)?;
    eprintln!("{}", args.pdf.display());
    Ok(ExitCode::SUCCESS)
}
