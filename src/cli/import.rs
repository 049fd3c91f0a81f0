//! `dpia import --cnil FILE.json`: creates an assessment from a CNIL PIA export and prints
//! its id, like `dpia new`. The assessment needs a scan: the tool's (`--tool PATH…`), or an
//! empty one whose tool path is `cnil:FILE`. Reading the file, the clock and the author are
//! here; the mapping is `dpia::exchange::cnil`.

use super::assess::Setup;
use super::clock;
use super::error::CliError;
use super::record::{author, open, session_error, Access};
use clap::Args;
use dpia::exchange::cnil;
use dpia::session::Session;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CNIL PIA file (the JSON the CNIL's PIA tool exports).
    #[arg(long, value_name = "FILE.json")]
    cnil: PathBuf,
    /// Title of the assessment (default: the PIA's name).
    #[arg(long)]
    title: Option<String>,
    /// Also scan the tool the PIA is about: files or folders, as for `dpia scan`.
    #[arg(long, value_name = "TOOL_PATH", num_args = 1..)]
    tool: Vec<PathBuf>,
    /// Language of the risk titles the import writes (the feared events' names).
    #[arg(long, env = "DPIA_LANG", default_value = "en", value_parser = super::lang_parser())]
    lang: dpia::lang::Lang,
    /// Who imports (default: DPIA_AUTHOR, then the author setting, then USER).
    #[arg(long)]
    author: Option<String>,
}

pub fn run(args: ImportArgs, dir: &Path) -> Result<ExitCode, CliError> {
    let setup = Setup::load(None)?;
    let name = args.cnil.display().to_string();
    let bytes = dpia::files::read_text(&args.cnil, cnil::MAX_FILE)
        .map_err(|e| CliError::user(format!("cannot read {name}")).caused_by(&e))?;
    let file = cnil::import_bytes(
        &name,
        bytes.as_bytes(),
        &setup.questionnaire,
        &setup.reference,
        args.lang,
    )
    .map_err(|e| {
        CliError::user(format!("cannot import {name}"))
            .cause(format!("{}: {}", e.path, e.message))
            .hint("nothing was imported; the file must be one PIA exported as JSON by the CNIL's PIA tool")
    })?;
    let scan = if args.tool.is_empty() {
        dpia::scan::ScanReport::default()
    } else {
        setup.scan(&args.tool)?
    };
    let today = clock::today()?;
    let tool_path = if args.tool.is_empty() {
        format!("cnil:{name}")
    } else {
        args.tool
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = args
        .title
        .or_else(|| file.imported.name.clone())
        .or_else(|| {
            args.cnil
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "CNIL PIA".into());
    let mut session = Session::start_with(
        scan,
        file.imported.answers.clone(),
        setup.questionnaire.clone(),
        setup.reference.clone(),
        today,
    );
    let record = open(dir, Access::Create)?;
    let author = author(args.author);
    let now = clock::now()?;
    let id = session
        .create_imported(
            &record,
            &title,
            &tool_path,
            &file.source(&name),
            &file.sha256,
            &author,
            &now,
        )
        .map_err(session_error)?;
    println!("{}", id.as_str());
    Ok(ExitCode::SUCCESS)
}
