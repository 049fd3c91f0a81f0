//! The threads source files are analysed on, while the scan goes on reading the next files.
//!
//! A scan hands each source file to a small pool (one thread per scanning core) and keeps
//! reading; the analyses come back in the order the files were handed over, so the facts,
//! and the flows resolved from them, are the same whatever the number of threads. The
//! pool's threads have a 256 MiB stack so that deep (but capped) nesting cannot overflow it,
//! and every file's analysis is caught so that a panic in the parser becomes that file's
//! problem and the pool goes on with the next file. At most [`MAX_IN_FLIGHT_BYTES`] of source
//! text wait for analysis at once: a huge tree is read no faster than it is analysed.
//!
//! Earlier designs cost more than parsing a small file does: a thread per file (a thread and
//! its stack mapping each time), then one worker the reader waited for file by file (a
//! thread hand-over per file, and one core idle).

use super::{css, html, js, FileFacts, Lang};
use crate::scan::model::Problem;
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// The stack of each analysing thread.
const STACK_BYTES: usize = 256 << 20;
/// Source text handed over but not yet analysed, at most.
pub const MAX_IN_FLIGHT_BYTES: usize = 32 << 20;

/// One file's analysis: its facts and problems, or why there are none.
pub type Outcome = Result<(FileFacts, Vec<Problem>), String>;

enum Slot {
    Done(Outcome),
    Waiting {
        reply: Receiver<Outcome>,
        bytes: usize,
    },
}

/// The files of one scan being analysed, in the order they were handed over.
pub struct Analysers {
    threads: usize,
    /// Where files are handed to the threads, started on the first source file; `Err` when
    /// no thread could be started. Dropping it ends the threads once their files are done.
    pool: Option<Result<Sender<Job>, String>>,
    /// Each file's path and its analysis, oldest first.
    queue: VecDeque<(String, Slot)>,
    in_flight: usize,
}

impl Analysers {
    /// Analysers on `threads` threads (0: one per core), started when the first file comes.
    pub fn new(threads: usize) -> Analysers {
        Analysers {
            threads,
            pool: None,
            queue: VecDeque::new(),
            in_flight: 0,
        }
    }

    /// Hands one file over; its outcome comes back from [`Analysers::next_done`] in turn.
    pub fn submit(&mut self, path: String, text: String, lang: Lang) {
        let threads = self.threads;
        let pool = self.pool.get_or_insert_with(|| start(threads));
        let pool = match pool {
            Ok(pool) => pool,
            Err(message) => {
                let message = message.clone();
                self.queue.push_back((path, Slot::Done(Err(message))));
                return;
            }
        };
        let bytes = text.len();
        let (reply, answer) = mpsc::channel();
        let job = Job {
            path: path.clone(),
            text,
            lang,
            reply,
        };
        if pool.send(job).is_err() {
            let message = "the code analysis threads stopped".to_string();
            self.queue.push_back((path, Slot::Done(Err(message))));
            return;
        }
        self.queue.push_back((
            path,
            Slot::Waiting {
                reply: answer,
                bytes,
            },
        ));
        self.in_flight += bytes;
    }

    /// Adds an outcome known already (a `package.json` read on the scanning thread), in turn.
    pub fn push_done(&mut self, path: String, outcome: Outcome) {
        self.queue.push_back((path, Slot::Done(outcome)));
    }

    /// Whether more text waits for analysis than the scan may hold.
    pub fn over_budget(&self) -> bool {
        self.in_flight > MAX_IN_FLIGHT_BYTES
    }

    /// The oldest file's path and outcome, waiting for it if needed; `None` when every file
    /// was handed back.
    pub fn next_done(&mut self) -> Option<(String, Outcome)> {
        let (path, slot) = self.queue.pop_front()?;
        let outcome = match slot {
            Slot::Done(outcome) => outcome,
            Slot::Waiting { reply, bytes } => {
                self.in_flight -= bytes;
                reply
                    .recv()
                    .unwrap_or_else(|_| Err("the code analysis stopped unexpectedly".to_string()))
            }
        };
        Some((path, outcome))
    }
}

impl std::fmt::Debug for Analysers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysers")
            .field("threads", &self.threads)
            .field("waiting", &self.queue.len())
            .finish()
    }
}

/// One file handed to the threads, and where its outcome goes.
struct Job {
    path: String,
    text: String,
    lang: Lang,
    reply: Sender<Outcome>,
}

/// Starts the threads (plain threads that sleep while no file waits: a work-stealing pool
/// spins between files, which cost more CPU than it saved here).
fn start(threads: usize) -> Result<Sender<Job>, String> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let (sender, jobs) = mpsc::channel::<Job>();
    let jobs = Arc::new(Mutex::new(jobs));
    let mut started = 0;
    let mut failure = None;
    for i in 0..threads {
        let jobs = Arc::clone(&jobs);
        match std::thread::Builder::new()
            .name(format!("dpia-code-{i}"))
            .stack_size(STACK_BYTES)
            .spawn(move || serve(&jobs))
        {
            Ok(_) => started += 1,
            Err(e) => failure = Some(e),
        }
    }
    match failure {
        Some(e) if started == 0 => Err(format!("cannot start the code analysis threads: {e}")),
        _ => Ok(sender),
    }
}

/// A thread's loop: the next file, until the scan drops its sender.
fn serve(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while taking a file; a poisoned lock cannot happen (no
        // code runs under it that can panic), but if it did the thread stops.
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&job.path, &job.text, job.lang)))
            .map_err(|_| "the code analysis stopped unexpectedly".to_string());
        // The scan waits for this answer; if it is gone there is no one to tell.
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
    fn outcomes_come_back_in_the_order_files_were_handed_over() {
        let mut analysers = Analysers::new(2);
        for i in 0..40 {
            // Larger files first, so that later ones would finish first if order were lost.
            let padding = "// padding\n".repeat((40 - i) * 50);
            let text = format!("{padding}fetch('https://api.example{i}.com/x');\n");
            analysers.submit(format!("f{i}.js"), text, Lang::Js);
        }
        for i in 0..40 {
            let (path, outcome) = analysers.next_done().unwrap();
            let (file, problems) = outcome.unwrap();
            assert_eq!(path, format!("f{i}.js"));
            assert_eq!(file.path, format!("f{i}.js"));
            assert!(!file.flows.is_empty(), "file {i}: {file:?}");
            assert!(problems.is_empty(), "{problems:?}");
        }
        assert!(analysers.next_done().is_none());
        assert!(!analysers.over_budget());
    }
}
