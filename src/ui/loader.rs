//! Opening files and loading the map off the UI thread.
//!
//! Three background threads feed the app through one channel, and wake it with
//! `request_repaint` after every message, so the window stays responsive and shows progress:
//!
//! - the *documents* thread loads the geoparser and the event lexicons once, hands the
//!   geoparser to the app (it needs the gazetteer to merge places into the project), then
//!   reads, geoparses and analyses each requested file in order. A file that cannot be read
//!   gives a one-line message naming it; the others go on;
//! - the *basemap* thread loads the 1:110m and 1:50m levels and the labels (the map can be
//!   drawn from then on), then the 1:10m level, which the map uses once it arrives;
//! - the *projects* thread does the file work that needs no gazetteer ([`Job`]): it reads
//!   and checks a `.dateline` project or a recovery copy (and compares its articles with
//!   the files on disk, [`file::changed_on_disk`]), reads a GeoJSON or CSV file to import,
//!   and lists the recovery folder at start. A project opens at once, even while the
//!   gazetteer is still loading.
//!
//! Messages come in order on the channel, so the geoparser always arrives before the first
//! document. The project itself is only touched by the UI thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::document::{self, Document};
use crate::events::{self, EventLexicon, Extracted};
use crate::geoparse::{self, Geoparser};
use crate::map::basemap::{Basemap, Level, LevelData};
use crate::project::Project;
use crate::project::exchange::{self, Imported};
use crate::project::file::{self, DocumentChange, Recovery, RecoveryFile};

/// A file read and analysed by the documents thread.
pub struct LoadedDoc {
    pub path: PathBuf,
    pub doc: Document,
    pub mentions: Vec<geoparse::Mention>,
    /// The events found (None when the event lexicons could not be loaded).
    pub extracted: Option<Extracted>,
}

/// Work for the projects thread.
#[derive(Debug, Clone)]
pub enum Job {
    /// Open a `.dateline` project; `then` are articles to add to it once it is open.
    Open { path: PathBuf, then: Vec<PathBuf> },
    /// Restore a recovery copy.
    Restore(PathBuf),
    /// Read a GeoJSON or CSV file of places and events to import.
    Import(PathBuf),
    /// List the recovery copies in a folder.
    ListRecovery(Recovery),
}

/// A project read by the projects thread.
#[derive(Debug)]
pub struct LoadedProject {
    /// The file read (the project, or its recovery copy).
    pub source: PathBuf,
    /// Where the project is saved: the file opened, or the project a recovery copy was made
    /// from (`None` for a project never saved).
    pub path: Option<PathBuf>,
    /// Whether it is a recovery copy (so it holds unsaved work).
    pub restored: bool,
    pub project: Project,
    /// Its articles whose files changed or went missing since they were added.
    pub changes: Vec<DocumentChange>,
    /// Articles to add once the project is open.
    pub then: Vec<PathBuf>,
}

/// What the background threads send to the app.
pub enum Message {
    /// The geoparser is ready (sent once, before any document).
    Geoparser(Arc<Geoparser>),
    /// A file is ready.
    Doc(Box<LoadedDoc>),
    /// A file could not be opened; one line naming it.
    Failed { path: PathBuf, error: String },
    /// The 1:110m and 1:50m basemap, or why it could not be loaded.
    Basemap(Result<Box<Basemap>, String>),
    /// The 1:10m level, or why it could not be loaded.
    Detail(Result<Box<LevelData>, String>),
    /// A project or recovery copy was read, or why not (one line naming the file).
    Project {
        source: PathBuf,
        result: Result<Box<LoadedProject>, String>,
    },
    /// A file to import was read, or why not.
    Imported {
        path: PathBuf,
        result: Result<Imported, String>,
    },
    /// The recovery copies found at start, or why the folder could not be read.
    Recoveries(Result<Vec<RecoveryFile>, String>),
}

/// The app's end of the background threads.
pub struct Loader {
    requests: Sender<Vec<PathBuf>>,
    jobs: Sender<Job>,
    messages: Receiver<Message>,
    /// Files requested and not yet answered.
    pending: usize,
    /// Jobs sent to the projects thread and not yet answered.
    pending_jobs: usize,
}

impl Loader {
    /// Starts both threads; `wake` is called after each message (the app passes a closure
    /// that requests a repaint).
    pub fn start(maps_dir: Option<PathBuf>, wake: impl Fn() + Send + Sync + 'static) -> Loader {
        let wake = Arc::new(wake);
        let (req_tx, req_rx) = channel::<Vec<PathBuf>>();
        let (msg_tx, msg_rx) = channel::<Message>();
        {
            let tx = msg_tx.clone();
            let wake = wake.clone();
            let spawned = thread::Builder::new()
                .name("dateline-documents".into())
                .spawn(move || documents_thread(req_rx, tx, move || wake()));
            if let Err(e) = spawned {
                let _ = msg_tx.send(Message::Failed {
                    path: PathBuf::new(),
                    error: format!("cannot start the loading thread: {e}"),
                });
            }
        }
        {
            let tx = msg_tx.clone();
            let wake2 = wake.clone();
            let spawned = thread::Builder::new()
                .name("dateline-basemap".into())
                .spawn(move || basemap_thread(maps_dir, tx, move || wake2()));
            if let Err(e) = spawned {
                let _ = msg_tx.send(Message::Basemap(Err(format!(
                    "cannot start the map loading thread: {e}"
                ))));
            }
        }
        let (job_tx, job_rx) = channel::<Job>();
        {
            let tx = msg_tx.clone();
            let spawned = thread::Builder::new()
                .name("dateline-projects".into())
                .spawn(move || projects_thread(job_rx, tx, move || wake()));
            if let Err(e) = spawned {
                // Jobs sent later fail to send and are not counted as pending.
                let _ = msg_tx.send(Message::Recoveries(Err(format!(
                    "cannot start the project loading thread: {e}"
                ))));
            }
        }
        Loader {
            requests: req_tx,
            jobs: job_tx,
            messages: msg_rx,
            pending: 0,
            pending_jobs: 0,
        }
    }

    /// Asks the projects thread for a job; false when the thread is gone.
    pub fn run(&mut self, job: Job) -> bool {
        let ok = self.jobs.send(job).is_ok();
        if ok {
            self.pending_jobs += 1;
        }
        ok
    }

    /// Project jobs (open, restore, import, list) not answered yet.
    pub fn pending_jobs(&self) -> usize {
        self.pending_jobs
    }

    /// Asks for files to be opened.
    pub fn open(&mut self, files: Vec<PathBuf>) {
        if files.is_empty() {
            return;
        }
        let n = files.len();
        if self.requests.send(files).is_ok() {
            self.pending += n;
        }
    }

    /// Files requested and not answered yet.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// The messages that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Message> {
        let msgs: Vec<Message> = self.messages.try_iter().collect();
        for m in &msgs {
            match m {
                Message::Doc(_) | Message::Failed { .. } => {
                    self.pending = self.pending.saturating_sub(1);
                }
                Message::Project { .. } | Message::Imported { .. } | Message::Recoveries(_) => {
                    self.pending_jobs = self.pending_jobs.saturating_sub(1);
                }
                Message::Geoparser(_) | Message::Basemap(_) | Message::Detail(_) => {}
            }
        }
        msgs
    }
}

fn documents_thread(requests: Receiver<Vec<PathBuf>>, tx: Sender<Message>, wake: impl Fn()) {
    let send = |m: Message| {
        let ok = tx.send(m).is_ok();
        wake();
        ok
    };
    let gp = match Geoparser::load_default() {
        Ok(g) => Arc::new(g),
        Err(e) => {
            // Answer every request with the reason.
            for files in requests {
                for path in files {
                    let error = format!(
                        "{}: cannot analyse it, the gazetteer did not load ({e})",
                        path.display()
                    );
                    if !send(Message::Failed { path, error }) {
                        return;
                    }
                }
            }
            return;
        }
    };
    let lex = EventLexicon::load_default().ok();
    if !send(Message::Geoparser(gp.clone())) {
        return;
    }
    for files in requests {
        for path in files {
            let m = match load_one(&path, &gp, lex.as_ref()) {
                Ok(d) => Message::Doc(Box::new(d)),
                Err(error) => Message::Failed { path, error },
            };
            if !send(m) {
                return;
            }
        }
    }
}

/// Reads and analyses one file.
pub fn load_one(
    path: &Path,
    gp: &Geoparser,
    lex: Option<&EventLexicon>,
) -> Result<LoadedDoc, String> {
    let doc = document::read_file(path).map_err(|e| e.to_string())?;
    let (mentions, extracted) = match lex {
        Some(l) => {
            let (m, e) = events::analyse(gp, l, &doc, None);
            (m, Some(e))
        }
        None => (gp.parse(&doc.text, &doc.lang), None),
    };
    Ok(LoadedDoc {
        path: path.to_path_buf(),
        doc,
        mentions,
        extracted,
    })
}

fn basemap_thread(maps_dir: Option<PathBuf>, tx: Sender<Message>, wake: impl Fn()) {
    let dir = match maps_dir.map_or_else(Basemap::maps_dir, Ok) {
        Ok(d) => d,
        Err(e) => {
            let _ = tx.send(Message::Basemap(Err(e.to_string())));
            wake();
            return;
        }
    };
    match Basemap::load(&dir) {
        Ok(b) => {
            let _ = tx.send(Message::Basemap(Ok(Box::new(b))));
            wake();
        }
        Err(e) => {
            let _ = tx.send(Message::Basemap(Err(e.to_string())));
            wake();
            return;
        }
    }
    let detail = Basemap::load_level(&dir, Level::L10m)
        .map(Box::new)
        .map_err(|e| e.to_string());
    let _ = tx.send(Message::Detail(detail));
    wake();
}

fn projects_thread(jobs: Receiver<Job>, tx: Sender<Message>, wake: impl Fn()) {
    for job in jobs {
        let m = match job {
            Job::Open { path, then } => Message::Project {
                source: path.clone(),
                result: file::load(&path)
                    .map(|project| {
                        let changes = file::changed_on_disk(&project, Some(&path));
                        Box::new(LoadedProject {
                            source: path.clone(),
                            path: Some(path),
                            restored: false,
                            project,
                            changes,
                            then,
                        })
                    })
                    .map_err(|e| e.to_string()),
            },
            Job::Restore(source) => Message::Project {
                source: source.clone(),
                result: Recovery::load(&source)
                    .map(|(project, of)| {
                        let changes = file::changed_on_disk(&project, of.as_deref());
                        Box::new(LoadedProject {
                            source,
                            path: of,
                            restored: true,
                            project,
                            changes,
                            then: Vec::new(),
                        })
                    })
                    .map_err(|e| format!("Cannot restore the recovery copy: {e}")),
            },
            Job::Import(path) => {
                let result = exchange::import_file(&path).map_err(|e| e.to_string());
                Message::Imported { path, result }
            }
            Job::ListRecovery(r) => Message::Recoveries(r.list().map_err(|e| e.to_string())),
        };
        if tx.send(m).is_err() {
            return;
        }
        wake();
    }
}
