//! Effects: the only place the UI touches the record, the file system and the clock. Each
//! runs the library call the CLI makes for the same step and turns the result into a
//! message; errors become messages, never panics. The scan runs on its own thread and
//! reports progress through the channel.

use super::message::{Message, Verified};
use super::model::{Model, ScanProgress, Screen};
use crate::cli::clock;
use crate::cli::write_file;
use dpia::approval::{self, SignOptions};
use dpia::record::{AssessmentId, Record, VersionId};
use dpia::reference::Reference;
use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use dpia::session::Session;
use dpia::signing::{verify_pdf, KeyFiles};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use zeroize::Zeroizing;

/// What to scan for a new assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanSource {
    Example,
    Paths(Vec<PathBuf>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadList,
    Audit,
    Complete(String),
    ScanAndCreate {
        source: ScanSource,
        title: String,
    },
    Open(AssessmentId),
    Save,
    Export(PathBuf),
    ReadAnswers(PathBuf),
    Sign {
        key: PathBuf,
        cert: Option<PathBuf>,
        passphrase: Zeroizing<String>,
        out: PathBuf,
        location: Option<String>,
    },
    Verify(PathBuf),
}

/// Runs `effect`; results come back as messages on `tx` (at once, or later from the scan
/// thread).
pub fn run(model: &Model, effect: Effect, tx: &Sender<Message>) {
    let send = |m: Message| {
        let _ = tx.send(m);
    };
    match effect {
        Effect::LoadList => send(Message::Listed(
            open(model).and_then(|r| r.list().map_err(|e| chain(&e))),
        )),
        Effect::Audit => send(Message::Audited(open(model).map(|r| r.audit()))),
        Effect::Complete(prefix) => send(Message::Completions(complete(&prefix))),
        Effect::ScanAndCreate { source, title } => {
            let tx = tx.clone();
            let dir = model.record_dir.clone();
            let author = model.author.clone();
            let lang = model.lang.code().to_string();
            std::thread::spawn(move || {
                let result = scan_and_create(&source, &title, &dir, &author, &lang, &tx);
                let _ = tx.send(Message::Created(result));
            });
        }
        Effect::Open(id) => send(Message::Opened(open_assessment(model, &id))),
        Effect::Save => send(Message::Saved(save(model))),
        Effect::Export(path) => send(Message::Exported(export(model, &path))),
        Effect::ReadAnswers(path) => send(Message::ImportRead(
            dpia::files::read_text(&path, dpia::questionnaire::answers::MAX_ANSWERS_FILE)
                .map(|text| (path.display().to_string(), text))
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
        )),
        Effect::Sign {
            key,
            cert,
            passphrase,
            out,
            location,
        } => send(Message::Signed(sign(
            model,
            &key,
            cert.as_deref(),
            &passphrase,
            &out,
            location,
        ))),
        Effect::Verify(path) => send(Message::Verified(verify(model, &path))),
    }
}

/// An error with its causes on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

/// Opens the record for one effect and closes it again, so another dpia process (the CLI)
/// can use it between actions.
fn open(model: &Model) -> Result<Record, String> {
    open_dir(&model.record_dir)
}

fn open_dir(dir: &Path) -> Result<Record, String> {
    Record::open(dir).map_err(|e| match e.hint() {
        Some(h) => format!("{} ({h})", chain(&e)),
        None => chain(&e),
    })
}

/// Entries of the folder in `prefix` whose names start with its last part; folders end in
/// `/`.
fn complete(prefix: &str) -> Vec<String> {
    let (dir, start) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let read = if dir.is_empty() { "." } else { dir };
    let Ok(entries) = std::fs::read_dir(read) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                return None;
            }
            let slash = if e.path().is_dir() { "/" } else { "" };
            Some(format!("{dir}{name}{slash}"))
        })
        .collect();
    out.sort();
    out
}

struct ChannelProgress<'a> {
    tx: &'a Sender<Message>,
    state: std::cell::RefCell<ScanProgress>,
}

impl scan::Progress for ChannelProgress<'_> {
    fn start_file(&self, path: &str, total: u64) {
        let mut s = self.state.borrow_mut();
        s.file = path.to_string();
        s.total = total;
        s.done = 0;
        let _ = self.tx.send(Message::Scanning(s.clone()));
    }
    fn advance(&self, done: u64) {
        let mut s = self.state.borrow_mut();
        s.done = done;
        let _ = self.tx.send(Message::Scanning(s.clone()));
    }
    fn finish_file(&self) {
        let mut s = self.state.borrow_mut();
        s.files += 1;
        s.done = s.total;
        let _ = self.tx.send(Message::Scanning(s.clone()));
    }
}

fn scan_and_create(
    source: &ScanSource,
    title: &str,
    dir: &Path,
    author: &str,
    lang: &str,
    tx: &Sender<Message>,
) -> Result<(AssessmentId, String, Box<Session>), String> {
    let dict = Dictionary::builtin().map_err(|e| e.to_string())?;
    let questionnaire = dpia::questionnaire::builtin().map_err(|e| chain(&e))?;
    let reference = Reference::builtin().map_err(|e| chain(&e))?;
    let (inputs, tool_path) = match source {
        ScanSource::Example => (
            dpia::example::inputs(),
            "bundled example: damage-reports".to_string(),
        ),
        ScanSource::Paths(paths) => (
            paths.iter().cloned().map(ScanInput::Path).collect(),
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    };
    let today = clock::today().map_err(|e| e.message)?;
    let progress = ChannelProgress {
        tx,
        state: std::cell::RefCell::new(ScanProgress::default()),
    };
    let report = scan::scan(&inputs, &ScanOptions::new(today), &dict, &progress);
    if report.nothing_scanned() {
        let first = report
            .problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(format!("nothing could be scanned in {tool_path}: {first}"));
    }
    let session = Session::start(report, questionnaire, reference, lang);
    let record = open_dir(dir)?;
    let now = clock::now().map_err(|e| e.message)?;
    let id = session
        .create(&record, title, &tool_path, author, &now)
        .map_err(|e| chain(&e))?;
    Ok((id, title.to_string(), Box::new(session)))
}

fn open_assessment(
    model: &Model,
    id: &AssessmentId,
) -> Result<(AssessmentId, String, Box<Session>, bool), String> {
    let record = open(model)?;
    let view = record.assessment(id).map_err(|e| chain(&e))?;
    let head = record.version(&view.summary.head).map_err(|e| chain(&e))?;
    let questionnaire = dpia::questionnaire::builtin().map_err(|e| chain(&e))?;
    if questionnaire.id != head.content.questionnaire_id
        || questionnaire.version != head.content.questionnaire_version
    {
        return Err(format!(
            "this assessment uses questionnaire {} {}; this dpia has {} {} (open it with the CLI)",
            head.content.questionnaire_id,
            head.content.questionnaire_version,
            questionnaire.id,
            questionnaire.version
        ));
    }
    let reference = Reference::builtin().map_err(|e| chain(&e))?;
    let session = Session::from_version(&head, questionnaire, reference, model.lang.code())
        .map_err(|e| chain(&e))?;
    let signed = head.signature.is_some();
    Ok((id.clone(), view.summary.title, Box::new(session), signed))
}

fn save(model: &Model) -> Result<(), String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let record = open(model)?;
    let now = clock::now().map_err(|e| e.message)?;
    work.session
        .save(&record, &work.id, &model.author, &now)
        .map(|_| ())
        .map_err(|e| chain(&e))
}

/// The open assessment's current version and the report's input for it.
fn head_input(
    model: &Model,
    record: &Record,
) -> Result<(VersionId, dpia::report::ReportInput), String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let view = record.assessment(&work.id).map_err(|e| chain(&e))?;
    let head = record.version(&view.summary.head).map_err(|e| chain(&e))?;
    let input = approval::report_input(&view, &head, model.lang.code()).map_err(|e| chain(&e))?;
    Ok((head.id, input))
}

/// Writes a draft of the current version and logs the export in the record, as
/// `dpia export` does.
fn export(model: &Model, path: &Path) -> Result<PathBuf, String> {
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let record = open(model)?;
    let (version, input) = head_input(model, &record)?;
    let bytes = approval::render_draft(&input, model.lang.code()).map_err(|e| chain(&e))?;
    write_file(path, &bytes).map_err(|e| e.message)?;
    let now = clock::now().map_err(|e| e.message)?;
    let what = format!("pdf draft {}", path.display());
    record
        .record_export(&work.id, &version, &what, &model.author, &now)
        .map_err(|e| chain(&e))?;
    Ok(path.to_path_buf())
}

fn sign(
    model: &Model,
    key: &Path,
    cert: Option<&Path>,
    passphrase: &str,
    out: &Path,
    location: Option<String>,
) -> Result<Verified, String> {
    let creds = KeyFiles::read(key, cert)
        .and_then(|files| files.credentials(passphrase))
        .map_err(|e| chain(&e))?;
    let record = open(model)?;
    let (_, input) = head_input(model, &record)?;
    let Screen::Work(work) = &model.screen else {
        return Err("no assessment is open".into());
    };
    let options = SignOptions {
        lang: model.lang.code().to_string(),
        reason: None,
        location,
        now: clock::now().map_err(|e| e.message)?,
        now_unix: clock::now_unix().map_err(|e| e.message)?,
    };
    let signed = approval::render_signed(input, &creds, &options).map_err(|e| chain(&e))?;
    write_file(out, &signed.pdf).map_err(|e| e.message)?;
    approval::record_signature(&record, &work.id, &signed, &model.author).map_err(|e| chain(&e))?;
    let found = approval::match_record(&record, &signed.verification).ok();
    Ok((out.to_path_buf(), signed.verification, found))
}

fn verify(model: &Model, path: &Path) -> Result<Verified, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v = verify_pdf(&bytes, None);
    let found = if v.signature_intact {
        open(model)
            .ok()
            .and_then(|r| approval::match_record(&r, &v).ok())
    } else {
        None
    };
    Ok((path.to_path_buf(), v, found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::test_support::{example_session, work};
    use dpia::record::EventKind;

    #[test]
    fn export_writes_the_draft_and_logs_it_like_the_cli() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut model = work(crate::tui::model::Tab::Summary);
        model.record_dir = tmp.path().join("record");
        model.author = "Test DPO".into();
        let record = Record::open(&model.record_dir).expect("record");
        let id = example_session()
            .create(
                &record,
                "Damage reports",
                "example",
                "Test DPO",
                &"2026-11-25T10:00:00Z".to_string(),
            )
            .expect("create");
        drop(record);
        if let Screen::Work(w) = &mut model.screen {
            w.id = id.clone();
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let pdf = tmp.path().join("draft.pdf");
        run(&model, Effect::Export(pdf.clone()), &tx);
        let Ok(Message::Exported(Ok(written))) = rx.try_recv() else {
            panic!("no export message");
        };
        assert_eq!(written, pdf);
        assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
        let events = open_dir(&model.record_dir)
            .expect("record")
            .events()
            .expect("events");
        assert!(events
            .iter()
            .any(|e| e.kind == EventKind::Exported && e.assessment == id));
    }
}
