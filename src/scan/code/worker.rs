//! The thread source files are analysed on: one per scanning thread, kept for the whole scan,
//! with a 256 MiB stack so that deep (but capped) nesting cannot overflow it, and every file's
//! analysis caught so that a panic in the parser becomes that file's problem and the worker
//! goes on with the next file. One thread per file cost more than parsing a small file does
//! (a thread and its stack mapping per file: about a fifth of a scan of small modules).

use super::{css, html, js, FileFacts, Lang};
use crate::scan::model::Problem;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};

/// The stack of the worker thread.
const STACK_BYTES: usize = 256 << 20;

/// What a worker returns for one file: the facts and problems, or the file's analysis panicked.
type Outcome = Result<(FileFacts, Vec<Problem>), ()>;

struct Job {
    path: String,
    text: String,
    lang: Lang,
    reply: Sender<Outcome>,
}

thread_local! {
    /// The worker of the calling thread, started on first use, ended when that thread ends
    /// (its sender is dropped, so the worker's loop finishes).
    static WORKER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
}

/// Analyses one file on the calling thread's worker; an error message when the analysis
/// panicked or no worker thread could be started.
pub fn analyse(
    path: String,
    text: String,
    lang: Lang,
) -> Result<(FileFacts, Vec<Problem>), String> {
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let sender = match slot.as_ref() {
            Some(sender) => sender.clone(),
            None => {
                let sender = spawn().map_err(|e| e.to_string())?;
                *slot = Some(sender.clone());
                sender
            }
        };
        let (reply, answer) = mpsc::channel();
        let job = Job {
            path,
            text,
            lang,
            reply,
        };
        if sender.send(job).is_err() {
            *slot = None;
            return Err("the code analysis worker stopped".to_string());
        }
        match answer.recv() {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(())) => Err("the code analysis stopped unexpectedly".to_string()),
            Err(_) => {
                *slot = None;
                Err("the code analysis worker stopped".to_string())
            }
        }
    })
}

fn spawn() -> std::io::Result<Sender<Job>> {
    let (sender, jobs) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("dpia-code".into())
        .stack_size(STACK_BYTES)
        .spawn(move || serve(jobs))?;
    Ok(sender)
}

fn serve(jobs: Receiver<Job>) {
    for job in jobs {
        let outcome =
            catch_unwind(AssertUnwindSafe(|| run(&job.path, &job.text, job.lang))).map_err(|_| ());
        // The caller waits for this answer; if it is gone there is no one to tell.
        let _ = job.reply.send(outcome);
    }
}

fn run(path: &str, text: &str, lang: Lang) -> (FileFacts, Vec<Problem>) {
    let mut file = FileFacts {
        path: path.to_string(),
        ..FileFacts::default()
    };
    let mut problems = Vec::new();
    match lang {
        Lang::Html => html::analyse(path, text, &mut file, &mut problems),
        Lang::Css => css::analyse(text, &mut file),
        _ => js::analyse(path, text, lang, false, 0, &mut file, &mut problems),
    }
    (file, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_worker_serves_file_after_file_and_is_kept() {
        for i in 0..20 {
            let text = format!("fetch('https://api.example{i}.com/x');\n");
            let (file, problems) = analyse(format!("f{i}.js"), text, Lang::Js).unwrap();
            assert_eq!(file.path, format!("f{i}.js"));
            assert!(!file.flows.is_empty(), "file {i}: {file:?}");
            assert!(problems.is_empty(), "{problems:?}");
        }
        WORKER.with(|w| assert!(w.borrow().is_some(), "the worker is kept"));
    }
}
