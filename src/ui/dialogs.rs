//! File dialogs behind a small trait, so that tests can answer them.
//!
//! The app asks a [`FileDialogs`] for the files to open and for where to save an export. The
//! real implementation, [`RfdDialogs`], shows the desktop's dialog through rfd (the XDG portal
//! on Linux; with no portal running it returns nothing at once). [`ScriptedDialogs`] answers
//! with paths a test queued beforehand, and records what was asked.
//!
//! The rfd calls block the UI thread while the dialog is open; the window is not redrawn in
//! the meantime, which is how most desktop apps behave with modal dialogs.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the app needs from file dialogs.
pub trait FileDialogs {
    /// Article files chosen by the user (empty when cancelled).
    fn pick_files(&mut self) -> Vec<PathBuf>;
    /// Where to save a file: a suggested name and its extension (without the dot).
    fn save_file(&mut self, default_name: &str, ext: &str) -> Option<PathBuf>;
}

/// The desktop's dialogs, through rfd.
#[derive(Debug, Default, Clone, Copy)]
pub struct RfdDialogs;

impl FileDialogs for RfdDialogs {
    fn pick_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open articles")
            .add_filter(
                "Articles",
                &["txt", "md", "markdown", "html", "htm", "xhtml"],
            )
            .add_filter("All files", &["*"])
            .pick_files()
            .unwrap_or_default()
    }

    fn save_file(&mut self, default_name: &str, ext: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .set_title("Export the map")
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

    /// The (suggested name, extension) of every save dialog shown so far.
    pub fn asked_saves(&self) -> Vec<(String, String)> {
        self.with(|s| s.asked_saves.clone())
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick_files(&mut self) -> Vec<PathBuf> {
        self.with(|s| s.picks.pop_front().unwrap_or_default())
    }

    fn save_file(&mut self, default_name: &str, ext: &str) -> Option<PathBuf> {
        self.with(|s| {
            s.asked_saves
                .push((default_name.to_string(), ext.to_string()));
            s.saves.pop_front()
        })
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
        assert_eq!(app_side.pick_files(), vec![PathBuf::from("a.txt")]);
        assert!(app_side.pick_files().is_empty());
        assert_eq!(
            app_side.save_file("map.png", "png"),
            Some(PathBuf::from("out.png"))
        );
        assert_eq!(app_side.save_file("map.png", "png"), None);
        assert_eq!(d.asked_saves().len(), 2);
    }
}
