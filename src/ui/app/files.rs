//! The app's project-file flow: opening articles and projects, New, Save and Save As,
//! import, the recovery offer and the unsaved-changes prompt, the window title and autosave.
//!
//! A child module of [`super`] so that it works on the app's state directly; the file
//! work itself is in [`crate::ui::project_io`] (saving, recovery copies) and
//! [`crate::ui::loader`] (reading off the UI thread), the windows in [`crate::ui::prompts`].

use std::path::PathBuf;

use egui::Ui;

use super::DatelineApp;
use crate::project::Project;
use crate::project::edit::Edit;
use crate::project::exchange::Imported;
use crate::project::file::{self, Recovery, RecoveryFile};
use crate::ui::article::ArticleView;
use crate::ui::dialogs::Ask;
use crate::ui::loader::{Job, LoadedProject};
use crate::ui::map_view::MapView;
use crate::ui::project_io::{self, file_label as path_label};
use crate::ui::prompts::{Choice, Offer};
use crate::ui::timeline::Timeline;

/// Something that replaces or drops the project, waiting for the answer to "Save the
/// changes?".
pub(super) enum Pending {
    /// Close the window.
    Close,
    /// Start an empty project.
    New,
    /// Open a project read from a file (or a recovery copy).
    Replace(Box<LoadedProject>),
}

impl Pending {
    /// "before …" in the prompt.
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Pending::Close => "closing",
            Pending::New => "starting a new project",
            Pending::Replace(lp) if lp.restored => "restoring the recovered project",
            Pending::Replace(_) => "opening the other project",
        }
    }
}

impl DatelineApp {
    /// Opens files on the loading threads: articles are added to the project; a `.dateline`
    /// project replaces it once read (after asking about unsaved changes), and the
    /// articles opened with it are added to it.
    pub fn open(&mut self, files: Vec<PathBuf>) {
        let (projects, articles): (Vec<PathBuf>, Vec<PathBuf>) =
            files.into_iter().partition(|p| file::is_project_path(p));
        let mut projects = projects.into_iter();
        let Some(path) = projects.next() else {
            self.loader.open(articles);
            return;
        };
        let others: Vec<String> = projects.map(|p| path_label(&p)).collect();
        if !others.is_empty() {
            self.errors.push(format!(
                "One project at a time: {} not opened (open it after {})",
                others.join(", "),
                path_label(&path)
            ));
        }
        let shown = path.display().to_string();
        if !self.loader.run(Job::Open {
            path,
            then: articles,
        }) {
            self.errors.push(format!(
                "{shown}: cannot open it, the loading thread stopped"
            ));
        }
    }

    /// The open project's file, if it was saved or opened from one.
    pub fn project_path(&self) -> Option<&std::path::Path> {
        self.file.path()
    }

    /// The window title ("• name — Dateline" with unsaved changes).
    pub fn title(&self) -> String {
        self.file.title(self.history.is_dirty())
    }

    /// Whether the unsaved-changes prompt is showing.
    pub fn is_prompting(&self) -> bool {
        self.prompt.is_some()
    }

    /// The recovery copies offered (the window shows while there are some).
    pub fn recovery_offers(&self) -> &[RecoveryFile] {
        &self.offers
    }

    /// The notices about articles changed on disk.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The last thing done with files ("Saved …", "Imported …").
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// Adds what was read from a GeoJSON or CSV file, as one undoable edit.
    pub(super) fn import(&mut self, path: &std::path::Path, result: Result<Imported, String>) {
        let name = path_label(path);
        let imported = match result {
            Ok(i) => i,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let skipped = match imported.skipped {
            0 => String::new(),
            1 => " (1 feature without a point skipped)".to_string(),
            n => format!(" ({n} features without a point skipped)"),
        };
        if imported.places.is_empty() {
            self.errors.push(format!(
                "{}: nothing to import, no point with a name{skipped}",
                path.display()
            ));
            return;
        }
        let (places, events) = (self.project.places.len(), self.project.events.len());
        if let Err(e) = self.try_edit(Edit::Import(imported)) {
            self.errors
                .push(format!("{}: cannot be imported: {e}", path.display()));
            return;
        }
        let (p, e) = (
            self.project.places.len().saturating_sub(places),
            self.project.events.len().saturating_sub(events),
        );
        if p == 0 && e == 0 {
            self.status = Some(format!("{name}: everything in it is already on the map"));
            return;
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        self.status = Some(format!(
            "Imported {} and {} from {name}{skipped}",
            plural(p, "place", "places"),
            plural(e, "event", "events"),
        ));
        self.map.request_fit();
    }

    /// Runs `p` now if nothing is unsaved, else asks first.
    pub(super) fn request(&mut self, ctx: &egui::Context, p: Pending) {
        if self.prompt.is_some() {
            // One question at a time; a second close request just keeps the first, but a
            // project read meanwhile is not dropped without a word.
            if let Pending::Replace(lp) = p {
                self.errors.push(format!(
                    "{}: not opened, another question is waiting for an answer; open it again",
                    lp.source.display()
                ));
            }
            return;
        }
        if self.history.is_dirty() {
            self.prompt = Some(p);
        } else {
            self.proceed(ctx, p);
        }
    }

    /// Does what was waiting for the prompt (or needed none).
    pub(super) fn proceed(&mut self, ctx: &egui::Context, p: Pending) {
        match p {
            Pending::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::New => {
                let errors = self.file.replaced(None, None);
                self.errors.extend(errors);
                self.install(Project::new("en"), false);
                self.notices.clear();
                self.status = None;
            }
            Pending::Replace(lp) => {
                let lp = *lp;
                let errors = self
                    .file
                    .replaced(lp.path.clone(), lp.restored.then(|| lp.source.clone()));
                self.errors.extend(errors);
                self.notices = lp.changes.iter().map(project_io::change_notice).collect();
                self.status = Some(if lp.restored {
                    format!(
                        "Restored {} from its recovery copy: save it to keep it",
                        self.file.name()
                    )
                } else {
                    format!("Opened {}", self.file.name())
                });
                if let (Some(p), false) = (&lp.path, lp.restored) {
                    self.remember(p.clone());
                }
                self.install(lp.project, lp.restored);
                self.loader.open(lp.then);
            }
        }
    }

    /// Makes `project` the open project, with a fresh history (with unsaved changes when
    /// it is `restored` work), and every panel reset.
    pub(super) fn install(&mut self, project: Project, restored: bool) {
        self.project = project;
        self.history.clear();
        if restored {
            self.history.mark_modified();
        }
        self.map = MapView::default();
        if let Some(v) = self.project.view {
            self.map.set_view(v.center.lat, v.center.lon, v.zoom);
        }
        self.article = ArticleView::default();
        self.timeline = Timeline::default();
        // Forms and tools hold ids of the last project's events, places and drawings.
        self.side = Default::default();
        self.categories = Default::default();
        self.drawer = Default::default();
        self.drawings = Default::default();
        self.selected = None;
        self.hovered = None;
        self.framed_docs = self.project.documents.len();
        self.revision += 1;
    }

    /// Acts on the answer to the unsaved-changes prompt.
    pub(super) fn answer_prompt(&mut self, ctx: &egui::Context, choice: Choice) {
        let Some(p) = self.prompt.take() else { return };
        match choice {
            Choice::Cancel => {}
            Choice::DontSave => {
                let errors = self.file.discard_own();
                self.errors.extend(errors);
                self.proceed(ctx, p);
            }
            Choice::Save => match self.file.path().map(PathBuf::from) {
                Some(path) => {
                    if self.save_to(path) {
                        self.proceed(ctx, p);
                    }
                }
                None => {
                    self.after_save = Some(p);
                    if !self.save_as(ctx) {
                        self.after_save = None;
                        self.errors.push(
                            "Not saved: answer the open file dialog first, then save".to_string(),
                        );
                    }
                }
            },
        }
    }

    /// Saves to the project's file, or asks where (Save As) if it has none.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        match self.file.path().map(PathBuf::from) {
            Some(path) => {
                self.save_to(path);
            }
            None => {
                self.save_as(ctx);
            }
        }
    }

    /// Asks where to save the project (the answer arrives in `answers`); false when the
    /// dialog could not be opened.
    pub(super) fn save_as(&mut self, ctx: &egui::Context) -> bool {
        let name = self.file.suggested_name(&self.project);
        self.ask(ctx, Ask::SaveProject { name })
    }

    /// Saves the project (and the map's view) to `path`; false, with the error shown, when
    /// it could not be written.
    pub(super) fn save_to(&mut self, path: PathBuf) -> bool {
        // Never write a project over an article picked by mistake.
        let path = if file::is_project_path(&path) {
            path
        } else {
            let mut s = path.into_os_string();
            s.push(".");
            s.push(file::EXTENSION);
            PathBuf::from(s)
        };
        match self.file.save(&mut self.project, &path, self.map.view()) {
            Ok(warnings) => {
                self.history.mark_saved();
                self.errors.extend(warnings);
                self.status = Some(format!("Saved {}", path_label(&path)));
                self.remember(path);
                true
            }
            Err(e) => {
                self.errors.push(e);
                false
            }
        }
    }

    /// Opens a file dialog off the UI thread; false when it could not be opened (one is
    /// open already: the hint at the bottom says so).
    pub(super) fn ask(&mut self, ctx: &egui::Context, ask: Ask) -> bool {
        if self.dialog.is_open() {
            return false;
        }
        let ctx = ctx.clone();
        self.dialog
            .ask(self.dialogs.as_ref(), ask, move || ctx.request_repaint());
        if !self.dialog.is_open() {
            self.errors
                .push("The file dialog could not be opened".to_string());
        }
        self.dialog.is_open()
    }

    /// Acts on a choice in the recovery window.
    pub(super) fn answer_offer(&mut self, i: usize, offer: Offer) {
        match offer {
            Offer::Later => self.offers.clear(),
            Offer::Discard if i < self.offers.len() => {
                let c = self.offers.remove(i);
                if let Err(e) = Recovery::discard_file(&c.path) {
                    self.errors
                        .push(format!("The recovery copy could not be removed: {e}"));
                }
            }
            Offer::Restore if i < self.offers.len() => {
                let c = self.offers.remove(i);
                let shown = c.path.display().to_string();
                if !self.loader.run(Job::Restore(c.path)) {
                    self.errors.push(format!(
                        "{shown}: cannot restore it, the loading thread stopped"
                    ));
                }
            }
            Offer::Discard | Offer::Restore => {}
        }
    }

    /// Sends the window title when it changes, asks before closing with unsaved work,
    /// and writes the recovery copy when due.
    pub(super) fn file_housekeeping(&mut self, ui: &Ui) {
        let ctx = ui.ctx();
        let dirty = self.history.is_dirty();
        let title = self.file.title(dirty);
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if ui.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if dirty {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.request(ctx, Pending::Close);
            } else {
                self.allow_close = true;
            }
        }
        let (error, due) = self.file.autosave_tick(
            &self.project,
            self.map.view(),
            dirty,
            self.history.generation(),
        );
        self.errors.extend(error);
        if let Some(d) = due {
            ctx.request_repaint_after(d);
        }
    }
}
