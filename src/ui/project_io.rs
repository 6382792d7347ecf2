//! The project's file: where it is saved, saving, autosave and its recovery copies.
//!
//! [`ProjectFile`] is the app's side of [`crate::project::file`]: it remembers the path of
//! the open project (none until it is first saved), saves through [`file::save`] (atomic),
//! and every [`ProjectFile::autosave_every`] writes a recovery copy of a project with
//! unsaved changes through [`Recovery::write`], on a thread of its own with a snapshot of
//! the project, so a slow disk never stalls the window. The copies this session wrote (or
//! restored) are its own: they are removed after a successful save, when the project is
//! replaced or closed without saving, and on a clean exit, never the copies of other
//! sessions, which the app offers to restore at start. With no [`Recovery`] (tests, or no
//! state folder) there is no autosave.
//!
//! What the app shows about the file also lives here: the window title (the project's
//! name, "•" while there are unsaved changes) and the one-line notices for articles that
//! changed on disk since they were added ([`change_notice`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant, SystemTime};

use crate::map::view::{self, View};
use crate::project::file::{self, DiskState, DocumentChange, FileError, Recovery};
use crate::project::{LatLon, MapView, Project};

/// How often a project with unsaved changes is copied to the recovery folder.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// The open project's file and recovery copies.
pub struct ProjectFile {
    /// Where the project is saved; `None` until its first save.
    path: Option<PathBuf>,
    recovery: Option<Recovery>,
    /// The interval between two recovery copies.
    pub autosave_every: Duration,
    /// When the project last changed from clean to dirty, or was last copied.
    clock: Instant,
    /// The history generation of the last copy written (or started).
    copied_generation: Option<u64>,
    /// The recovery copy being written, on its thread.
    job: Option<Receiver<Result<PathBuf, FileError>>>,
    /// Recovery files this session wrote or restored.
    own: Vec<PathBuf>,
}

/// The project's place on the map as the project file stores it.
pub fn stored_view(v: &View) -> MapView {
    let (lat, lon) = view::unproject(v.center_x, v.center_y);
    MapView {
        center: LatLon {
            lat,
            lon: view::wrap_lon(lon),
        },
        zoom: v.zoom,
    }
}

/// A file's name for menus and messages.
pub fn file_label(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The name of a project at `path` (its file name without the extension), or "Untitled".
pub fn project_name(path: Option<&Path>) -> String {
    path.and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Untitled".to_string())
}

/// The notice for an article that no longer matches its file.
pub fn change_notice(c: &DocumentChange) -> String {
    let name = file_label(&c.path);
    match &c.state {
        DiskState::Changed => format!(
            "{name} changed on disk since it was added; the project keeps the text it was made from"
        ),
        DiskState::Missing => format!(
            "{name} is no longer at {}; the project keeps the text it was made from",
            c.path.display()
        ),
        DiskState::Unreadable(e) => format!(
            "{name} cannot be read any more ({e}); the project keeps the text it was made from"
        ),
    }
}

/// "5 min ago": how long ago a file was written, for the recovery offer.
pub fn age(t: SystemTime, now: SystemTime) -> String {
    let s = now.duration_since(t).map_or(0, |d| d.as_secs());
    match s {
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        _ => match s / 86_400 {
            1 => "yesterday".to_string(),
            d => format!("{d} days ago"),
        },
    }
}

impl ProjectFile {
    /// An unsaved project; autosaved to `recovery` when given.
    pub fn new(recovery: Option<Recovery>) -> ProjectFile {
        ProjectFile {
            path: None,
            recovery,
            autosave_every: AUTOSAVE_EVERY,
            clock: Instant::now(),
            copied_generation: None,
            job: None,
            own: Vec::new(),
        }
    }

    /// Where the project is saved.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The project's name: its file's, or "Untitled".
    pub fn name(&self) -> String {
        project_name(self.path())
    }

    /// The window title: "• name — Dateline" with unsaved changes.
    pub fn title(&self, dirty: bool) -> String {
        let mark = if dirty { "• " } else { "" };
        format!("{mark}{} — Dateline", self.name())
    }

    /// A file name to suggest in the Save As dialog: the project's, else the first
    /// article's.
    pub fn suggested_name(&self, project: &Project) -> String {
        let stem = match &self.path {
            Some(_) => self.name(),
            None => project
                .documents
                .first()
                .and_then(|d| d.path.as_deref())
                .map(|p| project_name(Some(p)))
                .unwrap_or_else(|| "project".to_string()),
        };
        format!("{stem}.{}", file::EXTENSION)
    }

    /// Saves the project to `path` with the map's `view`, atomically. On success the path
    /// becomes the project's and this session's recovery copies are removed (what could
    /// not be removed is returned); on failure nothing changes but the project's stored
    /// view, and the message names the file.
    pub fn save(
        &mut self,
        project: &mut Project,
        path: &Path,
        view: Option<&View>,
    ) -> Result<Vec<String>, String> {
        if let Some(v) = view {
            project.view = Some(stored_view(v));
        }
        file::save(project, path).map_err(|e| e.to_string())?;
        self.path = Some(path.to_path_buf());
        self.copied_generation = None;
        Ok(self.discard_own())
    }

    /// Another project is open now (or none: `path` None): the old one's copies are
    /// removed (its changes were saved or declined), and the new one's recovery copy, if
    /// it was restored from one, becomes this session's. Returns what could not be removed.
    pub fn replaced(
        &mut self,
        path: Option<PathBuf>,
        restored_from: Option<PathBuf>,
    ) -> Vec<String> {
        let errors = self.discard_own();
        self.path = path;
        self.copied_generation = None;
        self.clock = Instant::now();
        self.own.extend(restored_from);
        errors
    }

    /// Removes the recovery copies this session wrote or restored (after a save, or when
    /// the user closes without saving); returns what could not be removed.
    pub fn discard_own(&mut self) -> Vec<String> {
        // A copy still being written would come back after it is removed: wait for it.
        if let Some(rx) = self.job.take()
            && let Ok(Ok(p)) = rx.recv()
        {
            self.own.push(p);
        }
        self.own
            .drain(..)
            .filter_map(|p| Recovery::discard_file(&p).err())
            .map(|e| format!("The recovery copy could not be removed: {e}"))
            .collect()
    }

    /// Called every frame: starts a recovery copy when the project has had unsaved changes
    /// for [`Self::autosave_every`] since the last one, and collects a finished one.
    /// Returns an error to show, and how long until the next copy is due (for a repaint).
    pub fn autosave_tick(
        &mut self,
        project: &Project,
        view: Option<&View>,
        dirty: bool,
        generation: u64,
    ) -> (Option<String>, Option<Duration>) {
        let mut error = None;
        if let Some(rx) = &self.job {
            match rx.try_recv() {
                Ok(Ok(p)) => {
                    if !self.own.contains(&p) {
                        self.own.push(p);
                    }
                    self.job = None;
                }
                Ok(Err(e)) => {
                    error = Some(format!("Autosave failed: {e}"));
                    self.job = None;
                }
                Err(TryRecvError::Disconnected) => self.job = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let Some(recovery) = &self.recovery else {
            return (error, None);
        };
        if !dirty || self.copied_generation == Some(generation) {
            // Nothing new to copy: the clock starts again at the next change.
            self.clock = Instant::now();
            return (error, None);
        }
        let waited = self.clock.elapsed();
        if waited < self.autosave_every {
            return (error, Some(self.autosave_every - waited));
        }
        if self.job.is_some() {
            return (error, Some(Duration::from_millis(200)));
        }
        let mut snapshot = project.clone();
        if let Some(v) = view {
            snapshot.view = Some(stored_view(v));
        }
        let recovery = recovery.clone();
        let of = self.path.clone();
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("dateline-autosave".into())
            .spawn(move || {
                let _ = tx.send(recovery.write(&snapshot, of.as_deref()));
            });
        match spawned {
            Ok(_) => self.job = Some(rx),
            Err(e) => error = Some(format!("Autosave failed: cannot start its thread ({e})")),
        }
        self.copied_generation = Some(generation);
        self.clock = Instant::now();
        (error, Some(self.autosave_every))
    }

    /// Whether a recovery copy is being written.
    pub fn is_autosaving(&self) -> bool {
        self.job.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("dateline-project-io-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn wait_for_copy(pf: &mut ProjectFile, p: &Project, generation: u64) {
        let t0 = Instant::now();
        while pf.is_autosaving() {
            assert!(t0.elapsed() < Duration::from_secs(20), "autosave hangs");
            let (e, _) = pf.autosave_tick(p, None, true, generation);
            assert_eq!(e, None);
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn autosave_copies_dirty_work_once_per_change_and_a_save_removes_the_copy() {
        let dir = temp_dir("autosave");
        let recovery = Recovery::new(dir.join("recovery"));
        let mut pf = ProjectFile::new(Some(recovery.clone()));
        pf.autosave_every = Duration::ZERO;
        let mut p = Project::new("en");
        // Clean: nothing written.
        let (e, due) = pf.autosave_tick(&p, None, false, 0);
        assert_eq!((e, due), (None, None));
        assert!(recovery.list().unwrap().is_empty());
        // Dirty: one copy, and not a second one for the same generation.
        pf.autosave_tick(&p, None, true, 1);
        wait_for_copy(&mut pf, &p, 1);
        let listed = recovery.list().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].project, None);
        pf.autosave_tick(&p, None, true, 1);
        assert!(!pf.is_autosaving());
        // Saving removes it and names the project.
        let path = dir.join("work.dateline");
        let warnings = pf
            .save(
                &mut p,
                &path,
                Some(&View::at(36.2, 44.0, 6.0, 800.0, 600.0)),
            )
            .unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        assert!(recovery.list().unwrap().is_empty());
        assert_eq!(pf.name(), "work");
        assert_eq!(pf.title(true), "• work — Dateline");
        let v = file::load(&path).unwrap().view.expect("the view was saved");
        assert!((v.center.lat - 36.2).abs() < 1e-6 && (v.center.lon - 44.0).abs() < 1e-6);
        assert_eq!(v.zoom, 6.0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_save_names_the_file_and_keeps_the_path() {
        let dir = temp_dir("failed");
        let mut pf = ProjectFile::new(None);
        let mut p = Project::new("en");
        let bad = dir.join("no-such-folder").join("x.dateline");
        let e = pf.save(&mut p, &bad, None).unwrap_err();
        assert!(e.contains("x.dateline"), "{e}");
        assert_eq!(pf.path(), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn notices_and_ages_read_well() {
        let c = DocumentChange {
            doc: 0,
            path: PathBuf::from("/a/fr-x.txt"),
            state: DiskState::Changed,
        };
        assert_eq!(
            change_notice(&c),
            "fr-x.txt changed on disk since it was added; the project keeps the text it was made from"
        );
        let now = SystemTime::now();
        assert_eq!(age(now - Duration::from_secs(300), now), "5 min ago");
        assert_eq!(
            age(now - Duration::from_secs(2 * 86_400), now),
            "2 days ago"
        );
        assert_eq!(project_name(None), "Untitled");
    }
}
