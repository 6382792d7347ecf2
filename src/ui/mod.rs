//! The eframe desktop app: the only module that knows egui, eframe and rfd.
//!
//! The window follows `DESIGN.md`: a top bar (File, Edit, View, Help, Open, Export, Undo,
//! Redo, Find a place, progress), the article with its mentions on the left, the map in the
//! centre, the selected place with its events, sources and mentions on the right, and a
//! timeline of events along the bottom. The app reads the project and asks the library for
//! everything it shows; it computes nothing about places or maps itself.
//!
//! One job per submodule:
//!
//! - [`app`]: the state, the panels, shortcuts, drag and drop, the screenshot flag; its
//!   child module `app::files` the project-file flow (open, save, import, prompts);
//! - [`map_view`]: the map widget (pan, zoom, fit, hover, click, drag a pin) over a cached
//!   scene;
//! - [`draw`]: the drawing tools (pin, arrow, line, area, label, callout) fed by the map;
//! - [`drawings`]: the window listing the drawings, to restyle, relabel, link or delete them;
//! - [`paint`]: the scene painted with egui shapes (the screen backend of the display list);
//! - [`article`]: the text with its mentions highlighted;
//! - [`side_panel`]: the selected place, its events and mentions, corrections;
//! - [`place_editor`]: the selected place's name, kind, category, pin colour and size;
//! - [`event_editor`]: the window that writes or changes an event, over the plain form of
//!   [`event_form`];
//! - [`categories`]: the window of the project's categories of pins;
//! - [`widgets`]: editing widgets that hand a change over once (on Enter, on release);
//! - [`timeline`]: events by date, and the map filter;
//! - [`export`]: the export window and the atomic write;
//! - [`loader`]: opening files and loading the basemap on background threads;
//! - [`dialogs`]: file dialogs behind a trait (rfd, or scripted in tests), run off the UI
//!   thread;
//! - [`project_io`]: the project's file: its path, saving, autosave to recovery copies, the
//!   window title;
//! - [`prompts`]: the unsaved-changes prompt, the recovery offer, the changed-on-disk
//!   notices;
//! - [`search`]: the place search (find, add, resolve or tag a place);
//! - [`edits`]: the actions panels return (the app turns edits into undoable
//!   [`crate::project::edit::Edit`]s);
//! - [`fonts`]: the bundled Noto Sans faces handed to egui.

pub mod app;
pub mod article;
pub mod categories;
pub mod dialogs;
pub mod draw;
pub mod drawings;
pub mod edits;
pub mod event_editor;
pub mod event_form;
pub mod export;
pub mod fonts;
pub mod loader;
pub mod map_view;
pub mod paint;
pub mod place_editor;
pub mod project_io;
pub mod prompts;
pub mod search;
pub mod side_panel;
pub mod timeline;
pub mod widgets;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use app::{Config, DatelineApp};
pub use dialogs::{FileDialogs, Pick, RfdDialogs, ScriptedDialogs};

use crate::project::file::Recovery;

/// Why the app could not run to the end.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// The window could not be opened (no display, no OpenGL).
    #[error(
        "cannot open the window: {0} (without a display, `dateline extract` and `dateline render` work headless)"
    )]
    Window(String),
    /// `--screenshot` could not write its image.
    #[error("cannot save the screenshot: {0}")]
    Screenshot(String),
    /// The window closed before a screenshot was taken.
    #[error("the window closed before the screenshot was taken")]
    NoScreenshot,
}

/// Opens the window on `files` (articles, or a `.dateline` project); with `screenshot`,
/// saves the first complete frame there as PNG and quits (with `show`, after opening that
/// window: "export", "search", "about", "unsaved" (the unsaved-changes prompt), "drawings",
/// "event-editor" (the first event of the first place that has one) or "categories").
///
/// Recovery copies go to the user's state folder ([`Recovery::user_default`]); if there is
/// none (no HOME), the app runs without autosave and says so.
pub fn run(
    files: Vec<PathBuf>,
    screenshot: Option<PathBuf>,
    show: Option<String>,
) -> Result<(), UiError> {
    let result: Arc<Mutex<Option<app::ScreenshotOutcome>>> = Arc::default();
    let wants_shot = screenshot.is_some();
    let recovery = match Recovery::user_default() {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("dateline: no autosave: {e}");
            None
        }
    };
    let config = Config {
        files,
        screenshot,
        show,
        dialogs: Box::new(RfdDialogs),
        maps_dir: None,
        screenshot_result: result.clone(),
        recovery,
        autosave_every: project_io::AUTOSAVE_EVERY,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Dateline")
            .with_app_id("dateline")
            .with_inner_size([1200.0, 760.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        // A screenshot is taken at the default size, not the one the user left.
        persist_window: !wants_shot,
        ..Default::default()
    };
    eframe::run_native(
        "Dateline",
        options,
        Box::new(move |cc| Ok(Box::new(DatelineApp::new(cc, config)))),
    )
    .map_err(|e| UiError::Window(e.to_string()))?;
    if wants_shot {
        let outcome = match result.lock() {
            Ok(mut g) => g.take(),
            Err(p) => p.into_inner().take(),
        };
        match outcome {
            Some(Ok((path, pins))) => {
                let pins = pins.map_or("no pins drawn".to_string(), |d| {
                    format!("pins on screen {:.0} ms after start", d.as_secs_f64() * 1e3)
                });
                eprintln!("dateline: screenshot saved to {} ({pins})", path.display());
            }
            Some(Err(e)) => return Err(UiError::Screenshot(e)),
            None => return Err(UiError::NoScreenshot),
        }
    }
    Ok(())
}
