//! The app: its state, the panels, and the glue between them.
//!
//! [`DatelineApp`] owns the project, the basemap, the selection and the state of each panel.
//! A frame reads what the background threads sent ([`super::loader`]), handles shortcuts
//! and dropped files, draws the panels (top bar, timeline, article, selection, map) and the
//! windows (export, about), then applies the [`Action`]s the panels returned. The project is
//! changed only there, and every change bumps `revision`, which tells the map to rebuild its
//! scene.
//!
//! The project's file ([`ProjectFile`]): Open takes articles and `.dateline` projects (a
//! project replaces the current one, articles are added to it); Save, Save As, New project;
//! a recovery copy every minute while there are unsaved changes, offered at the next start
//! if the app did not close cleanly. Whatever would drop unsaved work (closing the window,
//! New, opening or restoring another project) first asks [`prompts::unsaved_changes`]: the
//! request waits in `prompt` as a [`Pending`] until the user answers, and, when the answer
//! is Save on a project never saved, in `after_save` until the Save As dialog returns.
//! That flow is in the child module [`files`].
//!
//! With `--screenshot FILE` the app waits until the files are loaded, the basemap (with its
//! 1:10m level) is in and the map has been painted with its pins, then asks eframe for a
//! screenshot, writes it as PNG and closes the window.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

mod files;

use files::Pending;

use super::article::ArticleView;
use super::categories::CategoriesWindow;
use super::dialogs::{Ask, DialogRunner, FileDialogs};
use super::draw::Drawer;
use super::drawings::DrawingsWindow;
use super::edits::Action;
use super::export::ExportWindow;
use super::fonts;
use super::loader::{Job, Loader, Message};
use super::map_view::MapView;
use super::project_io::{self, ProjectFile, file_label as path_label};
use super::prompts;
use super::search::{PlaceSearch, Purpose};
use super::side_panel::SidePanel;
use super::timeline::Timeline;
use crate::geoparse::Geoparser;
use crate::map::basemap::Basemap;
use crate::map::scene::furniture::CREDITS;
use crate::map::scene::{Options, Theme};
use crate::project::Project;
use crate::project::edit::{Edit, EditError, History};
use crate::project::exchange::DataFormat;
use crate::project::file::{Recovery, RecoveryFile};

/// The key of the recent files in eframe's storage.
const RECENT_KEY: &str = "dateline.recent";
/// How many recent files are remembered.
const RECENT_MAX: usize = 8;
/// A screenshot is taken after this long even if loading has not finished.
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(90);

/// How the app starts.
pub struct Config {
    /// Files to open at once.
    pub files: Vec<PathBuf>,
    /// Save the first complete frame here as PNG, then quit.
    pub screenshot: Option<PathBuf>,
    /// A window to open once the files are loaded (export, search, about): for screenshots.
    pub show: Option<String>,
    /// Where the app's file dialogs come from.
    pub dialogs: Box<dyn FileDialogs>,
    /// The basemap folder (None: [`Basemap::maps_dir`]).
    pub maps_dir: Option<PathBuf>,
    /// Where the screenshot's outcome is reported (for `run` to return it).
    pub screenshot_result: Arc<Mutex<Option<ScreenshotOutcome>>>,
    /// The folder of recovery copies: autosave writes there, and the copies found there at
    /// start are offered. `None`: no autosave and no offer.
    pub recovery: Option<Recovery>,
    /// How often a project with unsaved changes is copied to `recovery`.
    pub autosave_every: Duration,
}

impl Config {
    /// Opens `files` with `dialogs`, without autosave (see [`Config::with_recovery`]).
    pub fn new(files: Vec<PathBuf>, dialogs: Box<dyn FileDialogs>) -> Config {
        Config {
            files,
            screenshot: None,
            show: None,
            dialogs,
            maps_dir: None,
            screenshot_result: Arc::default(),
            recovery: None,
            autosave_every: project_io::AUTOSAVE_EVERY,
        }
    }

    /// Autosaves to, and offers the copies in, `recovery`.
    pub fn with_recovery(mut self, recovery: Recovery) -> Config {
        self.recovery = Some(recovery);
        self
    }
}

/// What `--screenshot` produced: the file and the time from start to the first frame with
/// pins, or why it failed.
pub type ScreenshotOutcome = Result<(PathBuf, Option<Duration>), String>;

/// The `--screenshot` state.
struct Screenshot {
    path: PathBuf,
    /// Frames painted since everything was ready.
    ready_frames: u32,
    requested: bool,
    image: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
    result: Arc<Mutex<Option<ScreenshotOutcome>>>,
    started: Instant,
}

/// The Dateline window.
pub struct DatelineApp {
    dialogs: Box<dyn FileDialogs>,
    /// The open file dialog, answered on its own thread.
    dialog: DialogRunner,
    loader: Loader,
    geoparser: Option<Arc<Geoparser>>,
    project: Project,
    /// Every edit of the project, for undo and redo.
    history: History,
    /// Bumped at every change of the project.
    revision: u64,
    basemap: Option<Basemap>,
    /// Whether the 1:10m level has arrived (or failed).
    detail_done: bool,
    map: MapView,
    selected: Option<u32>,
    hovered: Option<u32>,
    article: ArticleView,
    /// The side panel's editors.
    side: SidePanel,
    categories: CategoriesWindow,
    timeline: Timeline,
    export: ExportWindow,
    search: PlaceSearch,
    /// The map's drawing tools and the shape being drawn.
    drawer: Drawer,
    drawings: DrawingsWindow,
    about: bool,
    errors: Vec<String>,
    recent: Vec<PathBuf>,
    screenshot: Option<Screenshot>,
    /// When the app started, and how long until the first frame with pins.
    started: Instant,
    first_pins: Option<Duration>,
    /// The revision when the map last framed the pins.
    framed_docs: usize,
    /// The window to open once the files are loaded ([`Config::show`]).
    show: Option<String>,
    /// The project's path, autosave and recovery copies.
    file: ProjectFile,
    /// What waits for the answer to the unsaved-changes prompt (shown while `Some`).
    prompt: Option<Pending>,
    /// What waits for the Save As dialog asked from the prompt.
    after_save: Option<Pending>,
    /// The window may close (the user answered the prompt, or nothing was unsaved).
    allow_close: bool,
    /// Recovery copies offered at start (the window shows while non-empty).
    offers: Vec<RecoveryFile>,
    /// Notices about the open project's articles (changed on disk), until dismissed.
    notices: Vec<String>,
    /// The last thing done with files ("Saved …", "Imported …").
    status: Option<String>,
    /// The window title last sent.
    title: String,
}

/// The bundled sample article.
pub fn sample_article() -> PathBuf {
    let rel = std::path::Path::new("samples").join("fr-bagdad-erbil.txt");
    match crate::gazetteer::assets_dir() {
        Ok(dir) => dir.join(rel),
        Err(_) => std::path::Path::new("assets").join(rel),
    }
}

impl DatelineApp {
    /// Builds the app inside eframe (or a test harness).
    pub fn new(cc: &eframe::CreationContext<'_>, config: Config) -> DatelineApp {
        fonts::install(&cc.egui_ctx);
        let recent = cc
            .storage
            .and_then(|s| s.get_string(RECENT_KEY))
            .and_then(|s| serde_json::from_str::<Vec<PathBuf>>(&s).ok())
            .unwrap_or_default();
        let ctx = cc.egui_ctx.clone();
        let mut loader = Loader::start(config.maps_dir.clone(), move || ctx.request_repaint());
        if let Some(r) = &config.recovery {
            loader.run(Job::ListRecovery(r.clone()));
        }
        let mut file = ProjectFile::new(config.recovery);
        file.autosave_every = config.autosave_every;
        let now = Instant::now();
        let mut app = DatelineApp {
            dialogs: config.dialogs,
            dialog: DialogRunner::default(),
            loader,
            geoparser: None,
            project: Project::new("en"),
            history: History::new(),
            revision: 0,
            basemap: None,
            detail_done: false,
            map: MapView::default(),
            selected: None,
            hovered: None,
            article: ArticleView::default(),
            side: SidePanel::default(),
            categories: CategoriesWindow::default(),
            timeline: Timeline::default(),
            export: ExportWindow::default(),
            search: PlaceSearch::default(),
            drawer: Drawer::default(),
            drawings: DrawingsWindow::default(),
            about: false,
            errors: Vec::new(),
            recent,
            screenshot: config.screenshot.map(|path| Screenshot {
                path,
                ready_frames: 0,
                requested: false,
                image: Arc::default(),
                result: config.screenshot_result.clone(),
                started: now,
            }),
            started: now,
            first_pins: None,
            framed_docs: 0,
            show: config.show,
            file,
            prompt: None,
            after_save: None,
            allow_close: false,
            offers: Vec::new(),
            notices: Vec::new(),
            status: None,
            title: String::new(),
        };
        app.open(config.files);
        app
    }

    /// The project as it stands.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The selected place's id.
    pub fn selected(&self) -> Option<u32> {
        self.selected
    }

    /// Whether files are being opened or the map is loading.
    pub fn is_busy(&self) -> bool {
        self.loader.pending() > 0
            || self.basemap.is_none()
            || self.export.is_running()
            || self.export.is_previewing()
            || self.dialog.is_open()
            || self.loader.pending_jobs() > 0
            || self.file.is_autosaving()
    }

    /// Whether the 1:10m basemap has arrived (or failed to).
    pub fn detail_loaded(&self) -> bool {
        self.detail_done
    }

    /// The messages shown to the user about what went wrong.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The map widget (its view and last scene).
    pub fn map(&self) -> &MapView {
        &self.map
    }

    /// The time from the app's start to the first frame that painted pins.
    pub fn time_to_first_pins(&self) -> Option<Duration> {
        self.first_pins
    }

    /// The export window's settings.
    pub fn export_window(&mut self) -> &mut ExportWindow {
        &mut self.export
    }

    /// Recently opened files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    fn remember(&mut self, p: PathBuf) {
        let p = std::fs::canonicalize(&p).unwrap_or(p);
        self.recent.retain(|x| *x != p);
        self.recent.insert(0, p);
        self.recent.truncate(RECENT_MAX);
    }

    fn receive(&mut self, ctx: &egui::Context) {
        for m in self.loader.poll() {
            match m {
                Message::Geoparser(g) => self.geoparser = Some(g),
                Message::Doc(d) => {
                    self.remember(d.path.clone());
                    let Some(gp) = self.geoparser.clone() else {
                        self.errors
                            .push(format!("{}: the gazetteer is not loaded", d.path.display()));
                        continue;
                    };
                    if self.project.documents.is_empty() {
                        let lang = if d.doc.lang == "fr" { "fr" } else { "en" };
                        self.project.lang = lang.to_string();
                    }
                    let ix = match &d.extracted {
                        Some(ex) => self.project.add_document_with_events(
                            d.doc,
                            &d.mentions,
                            gp.gazetteer(),
                            ex,
                        ),
                        None => self
                            .project
                            .add_document(d.doc, &d.mentions, gp.gazetteer()),
                    };
                    if self.project.documents.len() == 1 {
                        self.article.doc = ix;
                    }
                    // Adding an article is not an undoable edit, but it is unsaved work.
                    self.history.mark_modified();
                    self.revision += 1;
                }
                Message::Failed { path, error } => {
                    let canonical = std::fs::canonicalize(&path).unwrap_or(path);
                    self.recent.retain(|p| *p != canonical);
                    self.errors.push(error);
                }
                Message::Basemap(Ok(b)) => {
                    self.basemap = Some(*b);
                    self.revision += 1;
                }
                Message::Basemap(Err(e)) => {
                    self.errors
                        .push(format!("The map could not be loaded: {e}"));
                    self.detail_done = true;
                }
                Message::Detail(r) => {
                    self.detail_done = true;
                    match (r, self.basemap.as_mut()) {
                        (Ok(d), Some(b)) => {
                            b.insert(*d);
                            self.revision += 1;
                        }
                        (Ok(_), None) => {}
                        (Err(e), _) => self
                            .errors
                            .push(format!("The detailed map (1:10m) could not be loaded: {e}")),
                    }
                }
                Message::Project { source, result } => match result {
                    Ok(lp) => self.request(ctx, Pending::Replace(lp)),
                    Err(e) => {
                        let canonical = std::fs::canonicalize(&source).unwrap_or(source);
                        self.recent.retain(|p| *p != canonical);
                        self.errors.push(e);
                    }
                },
                Message::Imported { path, result } => self.import(&path, result),
                Message::Recoveries(Ok(copies)) => {
                    self.offers = copies
                        .into_iter()
                        .filter(|c| c.newer_than_project)
                        .collect();
                }
                Message::Recoveries(Err(e)) => self
                    .errors
                    .push(format!("The recovery copies could not be listed: {e}")),
            }
        }
        // Frame the pins when a batch of files has finished loading.
        if self.loader.pending() == 0 && self.project.documents.len() != self.framed_docs {
            self.framed_docs = self.project.documents.len();
            self.map.request_fit();
        }
        if self.loader.pending() == 0
            && self.basemap.is_some()
            && let Some(w) = self.show.take()
        {
            match w.as_str() {
                "export" => self.export.open(&self.project),
                "search" => {
                    // With the first place's name typed, so the picture shows results.
                    let q = self.project.places.first().map(|p| p.name.clone());
                    self.search
                        .open_for(Purpose::Find, q.as_deref().unwrap_or(""));
                }
                "unsaved" => self.prompt = Some(Pending::Close),
                "drawings" => {
                    // The window with the first drawing's form, and a tool with its hint.
                    self.drawings.open = true;
                    self.drawings.edit(self.project.drawings.first().cloned());
                    self.drawer.set_tool(super::draw::Tool::Arrow);
                }
                "categories" => self.categories.open(),
                "event-editor" => {
                    // The first event at a place, with its place selected.
                    let first = self.project.events.iter().find_map(|e| {
                        let p = e
                            .places
                            .iter()
                            .find(|p| self.project.place(**p).is_some())?;
                        Some((*p, e.id))
                    });
                    if let Some((place, event)) = first {
                        self.select(Some(place), true, true);
                        self.side.edit_event(&self.project, event);
                    }
                }
                _ => self.about = true,
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.prompt.is_some() {
            return;
        }
        let new = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let save_as = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        // The longer shortcut first: Ctrl+Shift+S also matches Ctrl+S.
        if ctx.input_mut(|i| i.consume_shortcut(&save_as)) {
            self.save_as(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&save)) {
            self.save(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&new)) {
            self.request(ctx, Pending::New);
        }
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let find = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        if !ctx.text_edit_focused() {
            // The longer shortcut first: Ctrl+Shift+Z also matches Ctrl+Z.
            if ctx.input_mut(|i| i.consume_shortcut(&redo) || i.consume_shortcut(&redo_y)) {
                self.redo();
            }
            if ctx.input_mut(|i| i.consume_shortcut(&undo)) {
                self.undo();
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&find)) {
            self.search.open_for(Purpose::Find, "");
        }
        if ctx.input_mut(|i| i.consume_shortcut(&open)) {
            self.open_dialog(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&export)) {
            self.export.open(&self.project);
        }
        if ctx.input(|i| i.key_pressed(Key::Escape)) && !ctx.text_edit_focused() {
            self.selected = None;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.open(dropped);
        }
    }

    /// Asks for articles or a project to open (the answer arrives in a later frame, see
    /// `answers`).
    fn open_dialog(&mut self, ctx: &egui::Context) {
        self.ask(ctx, Ask::Open);
    }

    /// Acts on the answer of a file dialog.
    fn answers(&mut self, ctx: &egui::Context) {
        let Some((ask, paths)) = self.dialog.poll() else {
            return;
        };
        match ask {
            Ask::Open => self.open(paths),
            Ask::Import => {
                if let Some(path) = paths.into_iter().next() {
                    let shown = path.display().to_string();
                    if !self.loader.run(Job::Import(path)) {
                        self.errors.push(format!(
                            "{shown}: cannot import it, the loading thread stopped"
                        ));
                    }
                }
            }
            Ask::SaveProject { .. } => {
                let then = self.after_save.take();
                if let Some(path) = paths.into_iter().next()
                    && self.save_to(path)
                    && let Some(p) = then
                {
                    self.proceed(ctx, p);
                }
            }
            Ask::SaveData { format, .. } => {
                if let Some(path) = paths.into_iter().next() {
                    match format.write(&self.project, &self.file.name(), &path) {
                        Ok(()) => self.status = Some(format!("Exported {}", path_label(&path))),
                        Err(e) => self.errors.push(e.to_string()),
                    }
                }
            }
            Ask::SaveExport { .. } => {
                if let (Some(path), Some(b)) = (paths.into_iter().next(), self.basemap.as_ref()) {
                    let dark = ctx.global_style().visuals.dark_mode;
                    self.export
                        .start(ctx, &self.project, b, self.map.view(), dark, path);
                }
            }
        }
    }

    fn top_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New project (Ctrl+N)").clicked() {
                    self.request(ui.ctx(), Pending::New);
                }
                if ui
                    .button("Open... (Ctrl+O)")
                    .on_hover_text("Articles to add, or a .dateline project to open")
                    .clicked()
                {
                    self.open_dialog(ui.ctx());
                }
                if ui.button("Open the sample article").clicked() {
                    self.open(vec![sample_article()]);
                }
                ui.menu_button("Recent files", |ui| {
                    if self.recent.is_empty() {
                        ui.weak("None yet");
                    }
                    let mut chosen = None;
                    for p in &self.recent {
                        if ui
                            .button(path_label(p))
                            .on_hover_text(p.display().to_string())
                            .clicked()
                        {
                            chosen = Some(p.clone());
                        }
                    }
                    if let Some(p) = chosen {
                        self.open(vec![p]);
                    }
                });
                ui.separator();
                if ui.button("Save (Ctrl+S)").clicked() {
                    self.save(ui.ctx());
                }
                if ui.button("Save as... (Ctrl+Shift+S)").clicked() {
                    self.save_as(ui.ctx());
                }
                ui.separator();
                if ui
                    .button("Import places (GeoJSON, CSV)...")
                    .on_hover_text("Add the points of a GeoJSON or CSV file to the map")
                    .clicked()
                {
                    self.ask(ui.ctx(), Ask::Import);
                }
                if ui.button("Export the map... (Ctrl+E)").clicked() {
                    self.export.open(&self.project);
                }
                ui.menu_button("Export data", |ui| {
                    for format in DataFormat::ALL {
                        if ui.button(format!("{}...", format.label())).clicked() {
                            let name = format.file_name(&self.file.name());
                            self.ask(ui.ctx(), Ask::SaveData { format, name });
                        }
                    }
                });
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .history
                    .undo_label()
                    .map(|l| format!("Undo {l} (Ctrl+Z)"));
                if ui
                    .add_enabled(
                        undo.is_some(),
                        egui::Button::new(undo.unwrap_or_else(|| "Undo (Ctrl+Z)".into())),
                    )
                    .clicked()
                {
                    self.undo();
                }
                let redo = self
                    .history
                    .redo_label()
                    .map(|l| format!("Redo {l} (Ctrl+Shift+Z)"));
                if ui
                    .add_enabled(
                        redo.is_some(),
                        egui::Button::new(redo.unwrap_or_else(|| "Redo (Ctrl+Shift+Z)".into())),
                    )
                    .clicked()
                {
                    self.redo();
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Fit the places").clicked() {
                    self.map.request_fit();
                }
                if ui.button("Drawings...").clicked() {
                    self.drawings.open = true;
                }
                if ui.button("Find a place... (Ctrl+F)").clicked() {
                    self.search.open_for(Purpose::Find, "");
                }
                if ui.button("Categories...").clicked() {
                    self.categories.open();
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About Dateline").clicked() {
                    self.about = true;
                }
            });
            ui.separator();
            if ui
                .button("Open...")
                .on_hover_text("Articles to add, or a .dateline project to open (Ctrl+O)")
                .clicked()
            {
                self.open_dialog(ui.ctx());
            }
            if ui
                .button("Save")
                .on_hover_text(match self.file.path() {
                    Some(p) => format!("Save to {} (Ctrl+S)", p.display()),
                    None => "Save the project as a .dateline file (Ctrl+S)".to_string(),
                })
                .clicked()
            {
                self.save(ui.ctx());
            }
            if ui
                .add_enabled(
                    !self.project.documents.is_empty(),
                    egui::Button::new("Export..."),
                )
                .clicked()
            {
                self.export.open(&self.project);
            }
            if ui
                .add_enabled(self.history.can_undo(), egui::Button::new("Undo"))
                .on_hover_text(self.history.undo_label().unwrap_or("Nothing to undo"))
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(self.history.can_redo(), egui::Button::new("Redo"))
                .on_hover_text(self.history.redo_label().unwrap_or("Nothing to redo"))
                .clicked()
            {
                self.redo();
            }
            if ui
                .button("Find a place")
                .on_hover_text("Search the project and the gazetteer (Ctrl+F)")
                .clicked()
            {
                self.search.open_for(Purpose::Find, "");
            }
            let pending = self.loader.pending();
            if self.loader.pending_jobs() > 0 {
                ui.spinner();
                ui.label("Reading the file...");
            } else if self.geoparser.is_none() && pending > 0 {
                ui.spinner();
                ui.label("Loading the gazetteer...");
            } else if pending > 0 {
                ui.spinner();
                ui.label(if pending == 1 {
                    "Opening 1 file...".to_string()
                } else {
                    format!("Opening {pending} files...")
                });
            } else if self.basemap.is_none() {
                ui.spinner();
                ui.label("Loading the map...");
            } else if let Some(s) = &self.status {
                ui.weak(s.as_str());
            }
        });
        let mut dismiss = None;
        for (i, e) in self.errors.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
            });
        }
        if let Some(i) = dismiss {
            self.errors.remove(i);
        }
        if prompts::notices(ui, &self.notices) {
            self.notices.clear();
        }
    }

    fn start_screen(&mut self, ui: &mut Ui) {
        ui.heading("Dateline");
        ui.label(
            "Open news articles to map the places they mention, with their events and sources.",
        );
        ui.add_space(8.0);
        if self.loader.pending() > 0 {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the articles...");
            });
            return;
        }
        if ui
            .button("Open articles or a project... (Ctrl+O)")
            .clicked()
        {
            self.open_dialog(ui.ctx());
        }
        if ui.button("Open the sample article").clicked() {
            self.open(vec![sample_article()]);
        }
        ui.weak("Or drop .txt, .md, .html or .dateline files on the window.");
        if !self.recent.is_empty() {
            ui.add_space(12.0);
            ui.strong("Recent files");
            let mut chosen = None;
            for p in &self.recent {
                if ui
                    .link(path_label(p))
                    .on_hover_text(p.display().to_string())
                    .clicked()
                {
                    chosen = Some(p.clone());
                }
            }
            if let Some(p) = chosen {
                self.open(vec![p]);
            }
        }
    }

    fn about_window(&mut self, ctx: &egui::Context) {
        let mut open = self.about;
        egui::Window::new("About Dateline")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("Dateline {}", env!("CARGO_PKG_VERSION")));
                ui.label("Turns geopolitical news articles into annotated maps, offline.");
                ui.add_space(6.0);
                ui.strong("Data");
                ui.label(CREDITS);
                ui.label("Fonts: Noto Sans (SIL Open Font License).");
            });
        self.about = open;
    }

    fn apply(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Select(id) => self.select(id, true, true),
                Action::ShowText { doc, start, end } => self.article.show_span(doc, start, end),
                Action::ShowDocument(d) => self.article.doc = d,
                Action::Repoint { mention, candidate } => {
                    if let Some(id) = self.edit(Edit::Repoint { mention, candidate }) {
                        self.select(Some(id), true, false);
                    }
                }
                Action::Reject { mention } => {
                    self.edit(Edit::RejectMention { mention });
                }
                Action::Restore { mention } => {
                    self.edit(Edit::RestoreMention { mention });
                }
                Action::ResolveTo { mention, place } => {
                    if let Some(id) = self.edit(Edit::ResolveMention { mention, place }) {
                        self.select(Some(id), true, false);
                    }
                }
                Action::AddPlace(place) => {
                    if let Some(id) = self.edit(Edit::AddPlace(place)) {
                        self.select(Some(id), true, true);
                    }
                }
                Action::TagSpan {
                    doc,
                    start,
                    end,
                    place,
                } => {
                    let mention = self.edit(Edit::TagSpan {
                        doc,
                        start,
                        end,
                        place,
                    });
                    let place = mention.and_then(|m| {
                        self.project
                            .mentions
                            .iter()
                            .find(|x| x.id == m)
                            .and_then(|x| x.place)
                    });
                    if place.is_some() {
                        self.select(place, true, false);
                    }
                }
                Action::Search(purpose, query) => self.search.open_for(purpose, &query),
                Action::Edit { edit, select } => {
                    let id = self.edit(edit);
                    if select && id.is_some() {
                        self.select(id, true, false);
                    }
                }
            }
        }
    }

    /// Applies an edit through the undo history; returns the id it gives (the new or
    /// edited item's). A refused edit is shown to the user and changes nothing.
    fn edit(&mut self, e: Edit) -> Option<u32> {
        self.try_edit(e).unwrap_or_else(|err| {
            self.errors
                .push(format!("That change could not be made: {err}"));
            None
        })
    }

    /// Applies an edit through the undo history, leaving a refusal to the caller.
    fn try_edit(&mut self, e: Edit) -> Result<Option<u32>, EditError> {
        let r = self.history.apply(&mut self.project, e);
        if r.is_ok() {
            self.revision += 1;
        }
        r
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) {
        if self.history.undo(&mut self.project).is_some() {
            self.after_history_step();
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) {
        if self.history.redo(&mut self.project).is_some() {
            self.after_history_step();
        }
    }

    fn after_history_step(&mut self) {
        self.revision += 1;
        if self
            .selected
            .is_some_and(|id| self.project.place(id).is_none())
        {
            self.selected = None;
        }
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Selects a place; optionally brings it into view on the map and in the text.
    fn select(&mut self, id: Option<u32>, reveal_on_map: bool, reveal_in_text: bool) {
        self.selected = id;
        let Some(p) = id.and_then(|id| self.project.place(id)) else {
            return;
        };
        if reveal_on_map {
            self.map.reveal(p.point.lat, p.point.lon);
        }
        if reveal_in_text {
            self.article.show_first_mention(&self.project, p.id);
        }
    }

    fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(s) = self.screenshot.as_mut() else {
            return;
        };
        // A screenshot arrived: write it and quit.
        let image = s.image.lock().ok().and_then(|mut g| g.take());
        if let Some(img) = image {
            let r = save_png(&s.path, &img).map(|()| (s.path.clone(), self.first_pins));
            if let Ok(mut g) = s.result.lock() {
                *g = Some(r);
            }
            // The screenshot's work is not the user's: close without asking.
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if s.requested {
            ctx.request_repaint();
            return;
        }
        let loaded = self.loader.pending() == 0
            && self.loader.pending_jobs() == 0
            && self.basemap.is_some()
            && self.detail_done
            && self.show.is_none()
            && !self.export.is_previewing();
        let pins_drawn = self.project.documents.is_empty()
            || self.map.scene().is_some_and(|sc| {
                !sc.hits.is_empty() || self.project.visible_places().next().is_none()
            });
        let ready = (loaded && pins_drawn) || s.started.elapsed() > SCREENSHOT_TIMEOUT;
        if ready {
            s.ready_frames += 1;
        }
        // A couple of frames more, for the fit and the fonts to settle.
        if s.ready_frames >= 3 {
            s.requested = true;
            let slot = s.image.clone();
            let ctx2 = ctx.clone();
            ctx.request_screenshot(move |img| {
                if let Ok(mut g) = slot.lock() {
                    *g = Some(img);
                }
                ctx2.request_repaint();
            });
        }
        ctx.request_repaint();
    }
}

/// Writes a screenshot as an RGBA PNG.
pub fn save_png(path: &std::path::Path, img: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = img.size;
    let mut bytes = Vec::with_capacity(w * h * 4);
    for c in &img.pixels {
        let [r, g, b, a] = c.to_srgba_unmultiplied();
        bytes.extend_from_slice(&[r, g, b, a]);
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc
            .write_header()
            .map_err(|e| format!("{}: cannot encode the PNG ({e})", path.display()))?;
        writer
            .write_image_data(&bytes)
            .map_err(|e| format!("{}: cannot encode the PNG ({e})", path.display()))?;
    }
    super::export::write_atomically(path, &out)
}

impl eframe::App for DatelineApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.receive(&ctx);
        self.answers(&ctx);
        self.shortcuts(&ctx);
        self.file_housekeeping(ui);
        let mut actions = Vec::new();

        egui::Panel::top("top").show(ui, |ui| self.top_bar(ui));
        let has_docs = !self.project.documents.is_empty();
        if has_docs {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(130.0)
                .show(ui, |ui| {
                    actions.extend(self.timeline.show(ui, &self.project, self.selected));
                });
        }
        egui::Panel::left("article")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                if has_docs {
                    actions.extend(self.article.show(ui, &self.project, self.selected));
                } else {
                    self.start_screen(ui);
                }
            });
        if has_docs {
            egui::Panel::right("selection")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    actions.extend(self.side.show(ui, &self.project, self.selected));
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let Some(basemap) = self.basemap.as_ref() else {
                ui.centered_and_justified(|ui| {
                    ui.spinner();
                });
                return;
            };
            let mut opts = Options::screen(&self.project.lang);
            if ui.visuals().dark_mode {
                opts.theme = Theme::Dark;
            }
            opts.selected = self.selected;
            opts.hovered = self.hovered;
            opts.only_places = self.timeline.only_places(&self.project);
            let rect = ui.available_rect_before_wrap();
            self.map.drawing = self.drawer.is_drawing();
            let r = self
                .map
                .show(ui, &self.project, basemap, self.revision, &opts);
            self.map.controls(ui, rect);
            self.drawer.toolbar(ui, rect);
            if self.first_pins.is_none() && self.map.scene().is_some_and(|s| !s.hits.is_empty()) {
                self.first_pins = Some(self.started.elapsed());
            }
            self.hovered = r.hovered_place;
            if self.drawer.is_drawing() {
                self.drawer
                    .preview(ui, &self.map, &self.project, r.pointer_at);
                if let Some(edit) = self.drawer.handle(&r, ui.ctx(), &self.project) {
                    actions.push(Action::Edit {
                        edit,
                        select: false,
                    });
                }
            } else if let Some(id) = r.clicked_place {
                // A click on the map selects without moving the map.
                self.selected = Some(id);
                self.article.show_first_mention(&self.project, id);
            } else if r.clicked_background {
                self.selected = None;
            }
            if let Some((place, to)) = r.moved_place {
                actions.push(Action::Edit {
                    edit: Edit::MovePlace { place, to },
                    select: false,
                });
            }
        });
        let dark = ui.visuals().dark_mode;
        if let Some(ask) = self.export.show(
            &ctx,
            &self.project,
            self.basemap.as_ref(),
            self.map.view(),
            dark,
            self.revision,
        ) {
            let c = ctx.clone();
            self.dialog
                .ask(self.dialogs.as_ref(), ask, move || c.request_repaint());
        }
        if self.dialog.is_open() {
            egui::Area::new(egui::Id::unique("dialog-hint"))
                .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -150.0))
                .show(&ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label("Waiting for the file dialog...");
                    });
                });
        }
        let gaz = self.geoparser.as_ref().map(|g| g.gazetteer());
        actions.extend(self.search.show(&ctx, &self.project, gaz));
        if let Some(edit) = self.drawer.prompt_window(&ctx) {
            // A new pin is selected; a label or callout is not a place.
            let select = matches!(edit, Edit::AddPlace(_));
            actions.push(Action::Edit { edit, select });
        }
        for edit in self
            .drawings
            .show(&ctx, &self.project, &mut self.drawer.style)
        {
            actions.push(Action::Edit {
                edit,
                select: false,
            });
        }
        self.about_window(&ctx);
        actions.extend(self.categories.show(&ctx, &self.project));
        if !self.offers.is_empty()
            && let Some((i, offer)) = prompts::recovery_offer(&ctx, &self.offers)
        {
            self.answer_offer(i, offer);
        }
        if let Some(p) = &self.prompt
            && let Some(choice) = prompts::unsaved_changes(&ctx, &self.file.name(), p.describe())
        {
            self.answer_prompt(&ctx, choice);
        }
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            egui::Area::new(egui::Id::unique("drop-hint"))
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(&ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.heading("Drop the files to open them");
                    });
                });
        }
        self.apply(actions);
        self.screenshot_step(&ctx);
        if self.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Ok(s) = serde_json::to_string(&self.recent) {
            storage.set_string(RECENT_KEY, s);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit (nothing unsaved, or the user chose not to save): this session's
        // recovery copies are not needed. Otherwise they stay, to be offered next time.
        if self.allow_close || !self.history.is_dirty() {
            for e in self.file.discard_own() {
                eprintln!("dateline: {e}");
            }
        }
    }
}
