//! The export window (Ctrl+E): the map as a PNG or SVG file.
//!
//! The user picks the format, the size, the scale (device pixels per logical pixel), the
//! title and subtitle, whether to draw the legend and the event key, and the framing: the
//! area the screen shows now, or "fit" (the pins that matter). The scene is built on the UI
//! thread from the same project and basemap as the screen, then rendered by
//! [`crate::render`] and written on a worker thread, atomically (the project file's
//! [`crate::project::file::write_atomically`]), so an interrupted export never leaves half an
//! image.
//!
//! The window shows a live preview: the same scene rendered by the same renderer at a
//! reduced scale (about 520 pixels wide), so what it shows is exactly the file's layout.
//! A preview is rendered on a worker thread whenever the settings, the project or the
//! screen's view change, one at a time (the last request wins once the running one ends),
//! so typing a title never stalls the window.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use super::dialogs::Ask;
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
    /// The preview shown, and what it was rendered for.
    preview: Option<(PreviewKey, egui::TextureHandle)>,
    /// The preview being rendered.
    preview_job: Option<(PreviewKey, Receiver<Result<egui::ColorImage, String>>)>,
    preview_error: Option<String>,
    /// The settings of the last preview started.
    preview_for: Option<PreviewKey>,
}

/// What a preview depends on.
#[derive(Debug, Clone, PartialEq)]
struct PreviewKey {
    width: u32,
    height: u32,
    scale: f32,
    title: String,
    subtitle: String,
    legend: bool,
    event_key: bool,
    framing: Framing,
    dark: bool,
    revision: u64,
    view: Option<View>,
}

/// The settings column's width in pixels.
const FORM_WIDTH: f32 = 330.0;
/// The preview's width in pixels.
const PREVIEW_WIDTH: f32 = 440.0;
/// The preview's largest height (tall images are shown narrower).
const PREVIEW_MAX_HEIGHT: f32 = 360.0;

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
            preview: None,
            preview_job: None,
            preview_error: None,
            preview_for: None,
        }
    }
}

/// Writes bytes to `path` atomically ([`crate::project::file::write_atomically`]: a
/// temporary file in the same folder, synced, then renamed over it).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::project::file::write_atomically(path, |w| w.write_all(bytes)).map_err(|e| e.to_string())
}

/// The on-screen size of a preview of an image of `size`: at most PREVIEW_WIDTH wide and
/// PREVIEW_MAX_HEIGHT high, the image's proportions kept.
fn preview_size(size: egui::Vec2) -> egui::Vec2 {
    let k = (PREVIEW_WIDTH / size.x.max(1.0)).min(PREVIEW_MAX_HEIGHT / size.y.max(1.0));
    size * k
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

    /// Whether a preview is being rendered.
    pub fn is_previewing(&self) -> bool {
        self.preview_job.is_some()
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

    /// Draws the window when open; returns the save dialog to open when the user asks to
    /// save. `revision` is the project's (a new one renders the preview again).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        basemap: Option<&Basemap>,
        screen: Option<&View>,
        dark: bool,
        revision: u64,
    ) -> Option<Ask> {
        self.poll();
        if !self.open {
            return None;
        }
        if let Some(b) = basemap {
            self.update_preview(ctx, project, b, screen, dark, revision);
        }
        let mut open = self.open;
        let mut go = false;
        egui::Window::new("Export the map")
            .open(&mut open)
            .max_width(FORM_WIDTH + PREVIEW_WIDTH + 24.0)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        // A fixed column, or the separators below would take the whole
                        // width and push the preview out of the window.
                        ui.set_width(FORM_WIDTH);
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
                    ui.add_space(12.0);
                    self.preview_ui(ui);
                });
            });
        self.open = open;
        (go && basemap.is_some()).then(|| Ask::SaveExport {
            ext: self.format.ext().to_string(),
        })
    }

    /// The settings a preview would be rendered for now.
    fn preview_key(&self, dark: bool, revision: u64, screen: Option<&View>) -> PreviewKey {
        PreviewKey {
            width: self.width,
            height: self.height,
            scale: self.scale,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            legend: self.legend,
            event_key: self.event_key,
            framing: self.framing,
            dark,
            revision,
            view: if self.framing == Framing::ThisView {
                screen.copied()
            } else {
                None
            },
        }
    }

    /// Collects a finished preview and starts the next one when the settings changed.
    fn update_preview(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        basemap: &Basemap,
        screen: Option<&View>,
        dark: bool,
        revision: u64,
    ) {
        if let Some((key, rx)) = &self.preview_job {
            match rx.try_recv() {
                Ok(Ok(img)) => {
                    let key = key.clone();
                    let tex = ctx.load_texture("export-preview", img, egui::TextureOptions::LINEAR);
                    self.preview = Some((key, tex));
                    self.preview_error = None;
                    self.preview_job = None;
                }
                Ok(Err(e)) => {
                    self.preview_error = Some(e);
                    self.preview_job = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.preview_job = None,
            }
        }
        let key = self.preview_key(dark, revision, screen);
        // Rendered (or failed) for these settings already.
        if self.preview_for.as_ref() == Some(&key) {
            return;
        }
        self.preview_for = Some(key.clone());
        let scene = self.scene(project, basemap, screen, dark);
        let scale = preview_size(egui::vec2(scene.width, scene.height)).x / scene.width.max(1.0);
        let (tx, rx) = channel();
        let ctx2 = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("dateline-preview".into())
            .spawn(move || {
                let img = render::render_pixmap(&scene, scale)
                    .map(|pm| {
                        egui::ColorImage::from_rgba_premultiplied(
                            [pm.width() as usize, pm.height() as usize],
                            pm.data(),
                        )
                    })
                    .map_err(|e| e.to_string());
                let _ = tx.send(img);
                ctx2.request_repaint();
            });
        if spawned.is_ok() {
            self.preview_job = Some((key, rx));
        }
    }

    fn preview_ui(&self, ui: &mut Ui) {
        ui.vertical(|ui| {
            // Rows would otherwise take all the width the window can grow to.
            ui.set_max_width(PREVIEW_WIDTH);
            ui.horizontal(|ui| {
                ui.strong("Preview");
                if self.preview_job.is_some() {
                    ui.spinner();
                }
            });
            match &self.preview {
                Some((_, tex)) => {
                    ui.image((tex.id(), preview_size(tex.size_vec2())));
                }
                None => {
                    let size = egui::vec2(self.width.max(1) as f32, self.height.max(1) as f32);
                    let (r, _) = ui.allocate_exact_size(preview_size(size), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(r, 2.0, ui.visuals().extreme_bg_color);
                }
            }
            if let Some(e) = &self.preview_error {
                ui.colored_label(ui.visuals().error_fg_color, format!("No preview: {e}"));
            }
        });
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

    /// Renders the map with the window's settings and writes it to `path`, on a thread.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        basemap: &Basemap,
        screen: Option<&View>,
        dark: bool,
        path: PathBuf,
    ) {
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
