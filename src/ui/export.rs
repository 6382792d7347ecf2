//! The export window (Ctrl+E): the map as a PNG or SVG file.
//!
//! The user picks the format, the size, the scale (device pixels per logical pixel), the
//! title and subtitle, whether to draw the legend and the event key, and the framing: the
//! area the screen shows now, or "fit" (the pins that matter). The scene is built on the UI
//! thread from the same project and basemap as the screen, then rendered by
//! [`crate::render`] and written on a worker thread: to a temporary file beside the target,
//! renamed over it at the end, so an interrupted export never leaves half an image.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use super::dialogs::FileDialogs;
use crate::map::basemap::Basemap;
use crate::map::scene::{self, Options, Theme};
use crate::map::view::View;
use crate::project::Project;
use crate::render;

/// The image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Which part of the world the export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// The area the map on screen shows.
    ThisView,
    /// The pins that matter ([`scene::fit`]).
    Fit,
}

/// The window's settings and the state of the last export.
pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub scale: f32,
    pub title: String,
    pub subtitle: String,
    pub legend: bool,
    pub event_key: bool,
    pub framing: Framing,
    /// The message under the buttons: where the last export went, or why it failed.
    pub status: Option<Result<String, String>>,
    running: Option<Receiver<Result<PathBuf, String>>>,
}

impl Default for ExportWindow {
    fn default() -> ExportWindow {
        ExportWindow {
            open: false,
            format: Format::Png,
            width: 1600,
            height: 1000,
            scale: 1.0,
            title: String::new(),
            subtitle: String::new(),
            legend: true,
            event_key: true,
            framing: Framing::ThisView,
            status: None,
            running: None,
        }
    }
}

/// Writes bytes to `path` through a temporary file in the same folder.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let tmp = path.with_file_name(format!(".{name}.part"));
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: cannot write ({e})", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write ({e})", path.display())
    })
}

impl ExportWindow {
    /// Opens the window, filling the title from the first document when it is empty.
    pub fn open(&mut self, project: &Project) {
        self.open = true;
        if self.title.is_empty()
            && let Some(t) = project.documents.first().and_then(|d| d.title.clone())
        {
            self.title = t;
        }
        if self.subtitle.is_empty()
            && let Some(d) = project.documents.first()
        {
            let mut parts = Vec::new();
            if let Some(o) = &d.outlet {
                parts.push(o.clone());
            }
            if let Some(p) = &d.published {
                parts.push(scene::format_date(p, &project.lang));
            }
            self.subtitle = parts.join(" · ");
        }
    }

    /// Whether an export is being written.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Collects the result of a running export.
    pub fn poll(&mut self) {
        if let Some(rx) = &self.running {
            match rx.try_recv() {
                Ok(r) => {
                    self.status = Some(r.map(|p| format!("Saved {}", p.display())));
                    self.running = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.status = Some(Err("the export stopped unexpectedly".into()));
                    self.running = None;
                }
            }
        }
    }

    /// Draws the window when open.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        basemap: Option<&Basemap>,
        screen: Option<&View>,
        dark: bool,
        dialogs: &mut dyn FileDialogs,
    ) {
        self.poll();
        if !self.open {
            return;
        }
        let mut open = self.open;
        let mut go = false;
        egui::Window::new("Export the map")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                self.form(ui);
                ui.separator();
                ui.horizontal(|ui| {
                    let can = basemap.is_some() && !self.is_running();
                    if ui
                        .add_enabled(can, egui::Button::new("Save the image..."))
                        .clicked()
                    {
                        go = true;
                    }
                    if self.is_running() {
                        ui.spinner();
                        ui.label("Writing...");
                    }
                });
                match &self.status {
                    Some(Ok(m)) => {
                        ui.label(m.as_str());
                    }
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                    }
                    None => {}
                }
            });
        self.open = open;
        if go && let Some(b) = basemap {
            self.start(ctx, project, b, screen, dark, dialogs);
        }
    }

    fn form(&mut self, ui: &mut Ui) {
        egui::Grid::new("export-form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.format, Format::Png, "PNG");
                    ui.radio_value(&mut self.format, Format::Svg, "SVG");
                });
                ui.end_row();
                let l = ui.label("Width");
                ui.add(
                    egui::DragValue::new(&mut self.width)
                        .range(16..=8192)
                        .suffix(" px"),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Height");
                ui.add(
                    egui::DragValue::new(&mut self.height)
                        .range(16..=8192)
                        .suffix(" px"),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Scale");
                ui.add(
                    egui::DragValue::new(&mut self.scale)
                        .range(0.5..=4.0)
                        .speed(0.05),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Title");
                ui.text_edit_singleline(&mut self.title).labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Subtitle");
                ui.text_edit_singleline(&mut self.subtitle)
                    .labelled_by(l.id);
                ui.end_row();
                ui.label("Show");
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.legend, "Legend");
                    ui.checkbox(&mut self.event_key, "Event key");
                });
                ui.end_row();
                ui.label("Framing");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.framing, Framing::ThisView, "This view");
                    ui.radio_value(&mut self.framing, Framing::Fit, "Fit the places");
                });
                ui.end_row();
            });
    }

    /// The scene of the export, as the settings say.
    pub fn scene(
        &self,
        project: &Project,
        basemap: &Basemap,
        screen: Option<&View>,
        dark: bool,
    ) -> crate::map::display::Scene {
        let title = Some(self.title.trim().to_string()).filter(|t| !t.is_empty());
        let mut opts = Options::export(&project.lang, title);
        opts.subtitle = Some(self.subtitle.trim().to_string()).filter(|t| !t.is_empty());
        opts.legend = self.legend;
        opts.event_key = self.event_key;
        if dark {
            opts.theme = Theme::Dark;
        }
        let (w, h) = (
            self.width.clamp(16, 8192) as f32,
            self.height.clamp(16, 8192) as f32,
        );
        let view = match (self.framing, screen) {
            (Framing::ThisView, Some(s)) => {
                // The same area: the zoom grows with the width ratio.
                let mut v = s.resized(w, h);
                let ratio = (f64::from(w) / f64::from(s.width.max(1.0)))
                    .min(f64::from(h) / f64::from(s.height.max(1.0)));
                v.zoom += ratio.log2();
                v.clamp();
                v
            }
            _ => scene::fit(project, basemap, w, h, &opts).unwrap_or_else(|| View::world(w, h)),
        };
        let mut view = view;
        view.scale = self.scale;
        scene::build(project, basemap, &view, &opts)
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        basemap: &Basemap,
        screen: Option<&View>,
        dark: bool,
        dialogs: &mut dyn FileDialogs,
    ) {
        let ext = self.format.ext();
        let Some(path) = dialogs.save_file(&format!("map.{ext}"), ext) else {
            return;
        };
        let scene = self.scene(project, basemap, screen, dark);
        let (format, scale) = (self.format, self.scale);
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        self.status = None;
        let spawned = std::thread::Builder::new()
            .name("dateline-export".into())
            .spawn(move || {
                let bytes = match format {
                    Format::Png => render::render_png(&scene, scale).map_err(|e| e.to_string()),
                    Format::Svg => Ok(render::render_svg(&scene).into_bytes()),
                };
                let r = bytes.and_then(|b| write_atomically(&path, &b).map(|()| path));
                let _ = tx.send(r);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.running = Some(rx),
            Err(e) => self.status = Some(Err(format!("cannot start the export: {e}"))),
        }
    }
}
