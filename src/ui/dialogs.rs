//! File dialogs behind a small trait, so that tests can answer them.
//!
//! The app asks a [`FileDialogs`] for files to open ([`Pick::Open`]: articles and `.dateline`
//! projects; [`Pick::Import`]: GeoJSON or CSV places) and for where to save (an export of
//! the map or of the data, a project). The real implementation, [`RfdDialogs`], shows the desktop's dialog through rfd (the XDG portal
//! on Linux; with no portal running it returns nothing at once). [`ScriptedDialogs`] answers
//! with paths a test queued beforehand, and records what was asked.
//!
//! A dialog call blocks until the user answers, so the app never makes it on the UI thread:
//! [`DialogRunner`] runs it on a thread of its own (with a clone of the dialogs) and hands
//! the answer back through [`DialogRunner::poll`]; the window keeps drawing (and the files
//! keep loading) while a dialog is open, and a second dialog is not opened over the first.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

/// What an "open" dialog picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Articles (.txt, .md, .html) and `.dateline` projects, several at once.
    Open,
    /// One GeoJSON or CSV file of places to import.
    Import,
}

/// What the app needs from file dialogs. Implementations are cheap to clone (the runner
/// gives each dialog a clone on its own thread).
pub trait FileDialogs: Send {
    /// A clone for another thread.
    fn clone_box(&self) -> Box<dyn FileDialogs>;
    /// Files chosen by the user (empty when cancelled).
    fn pick_files(&mut self, what: Pick) -> Vec<PathBuf>;
    /// Where to save a file: the dialog's title, a suggested name and the extension
    /// (without the dot).
    fn save_file(&mut self, title: &str, default_name: &str, ext: &str) -> Option<PathBuf>;
}

/// The desktop's dialogs, through rfd.
#[derive(Debug, Default, Clone, Copy)]
pub struct RfdDialogs;

impl FileDialogs for RfdDialogs {
    fn clone_box(&self) -> Box<dyn FileDialogs> {
        Box::new(*self)
    }

    fn pick_files(&mut self, what: Pick) -> Vec<PathBuf> {
        const ARTICLES: [&str; 6] = ["txt", "md", "markdown", "html", "htm", "xhtml"];
        let project = crate::project::file::EXTENSION;
        match what {
            Pick::Open => {
                let mut both = ARTICLES.to_vec();
                both.push(project);
                rfd::FileDialog::new()
                    .set_title("Open articles or a project")
                    .add_filter("Articles and projects", &both)
                    .add_filter("Dateline projects", &[project])
                    .add_filter("Articles", &ARTICLES)
                    .add_filter("All files", &["*"])
                    .pick_files()
                    .unwrap_or_default()
            }
            Pick::Import => rfd::FileDialog::new()
                .set_title("Import places")
                .add_filter("GeoJSON and CSV", &["geojson", "json", "csv", "tsv"])
                .add_filter("All files", &["*"])
                .pick_file()
                .into_iter()
                .collect(),
        }
    }

    fn save_file(&mut self, title: &str, default_name: &str, ext: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter(ext.to_uppercase(), &[ext])
            .save_file()?;
        // Add the extension when the user typed a bare name.
        Some(if path.extension().is_none() {
            path.with_extension(ext)
        } else {
            path
        })
    }
}

#[derive(Debug, Default)]
struct Script {
    picks: VecDeque<Vec<PathBuf>>,
    saves: VecDeque<PathBuf>,
    asked_picks: Vec<Pick>,
    asked_saves: Vec<(String, String)>,
}

/// Dialogs answered from queues; clones share the queues, so a test keeps one clone and
/// gives the other to the app.
#[derive(Debug, Default, Clone)]
pub struct ScriptedDialogs {
    script: Arc<Mutex<Script>>,
}

impl ScriptedDialogs {
    pub fn new() -> ScriptedDialogs {
        ScriptedDialogs::default()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Script) -> R) -> R {
        match self.script.lock() {
            Ok(mut s) => f(&mut s),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The next "open" dialog returns these files.
    pub fn queue_pick(&self, files: Vec<PathBuf>) {
        self.with(|s| s.picks.push_back(files));
    }

    /// The next "save" dialog returns this path.
    pub fn queue_save(&self, path: PathBuf) {
        self.with(|s| s.saves.push_back(path));
    }

    /// What every open dialog shown so far was for.
    pub fn asked_picks(&self) -> Vec<Pick> {
        self.with(|s| s.asked_picks.clone())
    }

    /// The (suggested name, extension) of every save dialog shown so far.
    pub fn asked_saves(&self) -> Vec<(String, String)> {
        self.with(|s| s.asked_saves.clone())
    }
}

impl FileDialogs for ScriptedDialogs {
    fn clone_box(&self) -> Box<dyn FileDialogs> {
        Box::new(self.clone())
    }

    fn pick_files(&mut self, what: Pick) -> Vec<PathBuf> {
        self.with(|s| {
            s.asked_picks.push(what);
            s.picks.pop_front().unwrap_or_default()
        })
    }

    fn save_file(&mut self, _title: &str, default_name: &str, ext: &str) -> Option<PathBuf> {
        self.with(|s| {
            s.asked_saves
                .push((default_name.to_string(), ext.to_string()));
            s.saves.pop_front()
        })
    }
}

/// What a dialog was opened for; the answer comes back with it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Articles and projects to open.
    Open,
    /// A GeoJSON or CSV file of places to import.
    Import,
    /// Where to save the exported map, with the format's extension.
    SaveExport { ext: String },
    /// Where to save the project, with a suggested file name.
    SaveProject { name: String },
    /// Where to export the project's data, in a format, with a suggested file name.
    SaveData {
        format: crate::project::exchange::DataFormat,
        name: String,
    },
}

/// Runs one dialog at a time off the UI thread.
#[derive(Default)]
pub struct DialogRunner {
    pending: Option<(Ask, Receiver<Vec<PathBuf>>)>,
}

impl DialogRunner {
    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens a dialog (unless one is open already); `wake` is called when it is answered.
    pub fn ask(
        &mut self,
        dialogs: &dyn FileDialogs,
        ask: Ask,
        wake: impl FnOnce() + Send + 'static,
    ) {
        if self.pending.is_some() {
            return;
        }
        let mut d = dialogs.clone_box();
        let (tx, rx) = channel();
        let what = ask.clone();
        let spawned = std::thread::Builder::new()
            .name("dateline-dialog".into())
            .spawn(move || {
                let answer = match &what {
                    Ask::Open => d.pick_files(Pick::Open),
                    Ask::Import => d.pick_files(Pick::Import),
                    Ask::SaveExport { ext } => d
                        .save_file("Export the map", &format!("map.{ext}"), ext)
                        .into_iter()
                        .collect(),
                    Ask::SaveData { format, name } => d
                        .save_file("Export the data", name, format.ext())
                        .into_iter()
                        .collect(),
                    Ask::SaveProject { name } => d
                        .save_file("Save the project", name, crate::project::file::EXTENSION)
                        .into_iter()
                        .collect(),
                };
                let _ = tx.send(answer);
                wake();
            });
        if spawned.is_ok() {
            self.pending = Some((ask, rx));
        }
    }

    /// The answer of the open dialog, once given (no paths: cancelled).
    pub fn poll(&mut self) -> Option<(Ask, Vec<PathBuf>)> {
        let (ask, rx) = self.pending.as_ref()?;
        match rx.try_recv() {
            Ok(paths) => {
                let ask = ask.clone();
                self.pending = None;
                Some((ask, paths))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                // The dialog's thread died: treat it as cancelled.
                let ask = ask.clone();
                self.pending = None;
                Some((ask, Vec::new()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_dialogs_answer_in_order() {
        let d = ScriptedDialogs::new();
        let mut app_side = d.clone();
        d.queue_pick(vec![PathBuf::from("a.txt")]);
        d.queue_save(PathBuf::from("out.png"));
        assert_eq!(
            app_side.pick_files(Pick::Open),
            vec![PathBuf::from("a.txt")]
        );
        assert!(app_side.pick_files(Pick::Import).is_empty());
        assert_eq!(d.asked_picks(), vec![Pick::Open, Pick::Import]);
        assert_eq!(
            app_side.save_file("Export", "map.png", "png"),
            Some(PathBuf::from("out.png"))
        );
        assert_eq!(app_side.save_file("Export", "map.png", "png"), None);
        assert_eq!(d.asked_saves().len(), 2);
    }

    #[test]
    fn the_runner_answers_off_the_calling_thread_one_dialog_at_a_time() {
        let d = ScriptedDialogs::new();
        d.queue_pick(vec![PathBuf::from("a.txt")]);
        d.queue_pick(vec![PathBuf::from("b.txt")]);
        let mut r = DialogRunner::default();
        r.ask(&d, Ask::Open, || {});
        assert!(r.is_open());
        // A second request while one is open is ignored.
        r.ask(&d, Ask::SaveExport { ext: "png".into() }, || {});
        let t0 = std::time::Instant::now();
        let answer = loop {
            if let Some(a) = r.poll() {
                break a;
            }
            assert!(t0.elapsed().as_secs() < 10, "no answer");
            std::thread::yield_now();
        };
        assert_eq!(answer, (Ask::Open, vec![PathBuf::from("a.txt")]));
        assert!(!r.is_open());
        assert!(d.asked_saves().is_empty());
    }
}
