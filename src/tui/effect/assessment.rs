//! Starting an assessment (the scan on its own thread, reporting progress, then the first
//! version), opening one from the record (with the drift list when its last check found
//! drift, `drift.rs`), and starting the successor of a signed one (the
//! library's `session::revise`, as `dpia revise` calls it).

use super::record_access::{now, open_for_reading, open_writable};
use super::{chain, ScanSource};
use crate::tui::message::{Message, Opened, Revised};
use crate::tui::model::{Model, ScanProgress};
use dpia::clock::Purpose;
use dpia::record::AssessmentId;
use dpia::reference::Reference;
use dpia::scan::{self, ScanOptions, Setup, ToolSource};
use dpia::session::{Rescan, Session};
use std::path::Path;
use std::sync::mpsc::Sender;

/// Scans on a thread; the result arrives as [`Message::Created`].
pub fn scan_and_create(model: &Model, source: ScanSource, title: String, tx: &Sender<Message>) {
    let tx = tx.clone();
    let dir = model.record_dir.clone();
    let author = model.author.clone();
    let review_months = model.settings.review_months.clone();
    std::thread::spawn(move || {
        let result = create(
            &source,
            &title,
            &dir,
            &author,
            review_months.as_deref(),
            &tx,
        );
        let _ = tx.send(Message::Created(result));
    });
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

fn create(
    source: &ScanSource,
    title: &str,
    dir: &Path,
    author: &str,
    review_months: Option<&str>,
    tx: &Sender<Message>,
) -> Result<Opened, String> {
    let setup = Setup::builtin().map_err(|e| chain(&e))?;
    let questionnaire = dpia::questionnaire::builtin().map_err(|e| chain(&e))?;
    let reference = Reference::builtin_with_review(review_months).map_err(|e| chain(&e))?;
    let tool_path = source.tool_path();
    let today = now(Purpose::Record)?.date();
    let progress = ChannelProgress {
        tx,
        state: std::cell::RefCell::new(ScanProgress::default()),
    };
    let report = setup
        .scan_tool(source, &ScanOptions::new(today), &progress)
        .map_err(|e| {
            let first = e.problems.first().map(ToString::to_string);
            format!("{e}: {}", first.unwrap_or_default())
        })?;
    let mut session = Session::start(report, questionnaire, reference, today);
    let record = open_writable(dir, author)?;
    let now = now(Purpose::Record)?.rfc3339();
    let id = session
        .create(&record, title, &tool_path, author, &now)
        .map_err(|e| chain(&e))?;
    Ok(Opened {
        id,
        title: title.to_string(),
        session: Box::new(session),
        signed: false,
        read_only: false,
        drift: None,
    })
}

/// The reference tables with the user's review intervals (the `review-months` setting).
pub fn reference(model: &Model) -> Result<Reference, String> {
    Reference::builtin_with_review(model.settings.review_months.as_deref()).map_err(|e| chain(&e))
}

/// Reads the assessment's current version into a session.
pub fn open(model: &Model, id: &AssessmentId) -> Result<Opened, String> {
    let (record, read_only) = open_for_reading(&model.record_dir, &model.author)?;
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
    let reference = reference(model)?;
    let today = now(Purpose::Record)?.date();
    let session =
        Session::from_version(&head, questionnaire, reference, today).map_err(|e| chain(&e))?;
    let drift = super::drift::drift_list(&record, &view, today)?;
    Ok(Opened {
        id: id.clone(),
        title: view.summary.title,
        session: Box::new(session),
        signed: head.signature.is_some(),
        read_only,
        drift,
    })
}

/// Starts the successor of the signed assessment `id`, the tool scanned again where it was
/// (the bundled example, or the recorded paths when they all exist; else the signed scan is
/// kept), and opens it.
pub fn revise(model: &Model, id: &AssessmentId) -> Result<Revised, String> {
    let record = open_writable(&model.record_dir, &model.author)?;
    let summary = record.summary(id).map_err(|e| chain(&e))?;
    let today = now(Purpose::Record)?.date();
    let rescan = match ToolSource::recorded(&summary.tool_path) {
        Some(tool) => {
            let setup = Setup::builtin().map_err(|e| chain(&e))?;
            setup
                .scan_tool(&tool, &ScanOptions::new(today), &scan::NoProgress)
                .ok()
                .map(|scan| Rescan {
                    scan,
                    tool_path: summary.tool_path.clone(),
                })
        }
        None => None,
    };
    let revision = dpia::session::revise(
        &record,
        id,
        rescan,
        dpia::questionnaire::builtin().map_err(|e| chain(&e))?,
        reference(model)?,
        today,
        &model.author,
        &now(Purpose::Record)?.rfc3339(),
    )
    .map_err(|e| chain(&e))?;
    Ok(Revised {
        reconfirm: revision.reconfirm.len(),
        drift: revision.drift.items.len(),
        opened: Opened {
            id: revision.id,
            title: summary.title,
            session: Box::new(revision.session),
            signed: false,
            read_only: false,
            drift: None,
        },
    })
}
