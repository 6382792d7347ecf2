//! The Drawings window: every drawing of the project, to change its text, colour, width,
//! dash, fill, the events it illustrates, or to delete it.
//!
//! A drawing is edited in a copy; "Apply" turns the copy into one
//! [`Edit::UpdateDrawing`], so dragging a colour or a width does not fill the undo history
//! with one step per frame. The style of the drawing tools ([`super::draw::Drawer::style`])
//! is set at the top of the same window.

use egui::Ui;

use super::widgets::{hex, swatch};
use crate::map::scene::drawing_color;
use crate::project::edit::Edit;
use crate::project::{Anchor, Drawing, Project, Shape, Style};

/// The window's state: open or not, and the drawing being edited.
#[derive(Default)]
pub struct DrawingsWindow {
    pub open: bool,
    editing: Option<Drawing>,
}

/// What a drawing is, in a few words: "Arrow: Iran to Aïn al-Assad" (the UI font has no
/// arrow glyph).
pub fn describe(project: &Project, d: &Drawing) -> String {
    let name = |a: &Anchor| match a {
        Anchor::Place(id) => project
            .place(*id)
            .map_or_else(|| "?".to_string(), |p| p.name.clone()),
        Anchor::Point(p) => format!("{:.2}, {:.2}", p.lat, p.lon),
    };
    let text = d.text.as_deref().unwrap_or("");
    match &d.shape {
        Shape::Arrow { from, to } => format!("Arrow: {} to {}", name(from), name(to)),
        Shape::Line { points } => format!("Line of {} points", points.len()),
        Shape::Polygon { points } => format!("Area of {} points", points.len()),
        Shape::Label { .. } => format!("Label: {text}"),
        Shape::Callout { at, .. } => format!("Callout at {}: {text}", name(at)),
    }
}

/// The style controls shared by the tools' style and a drawing's.
fn style_controls(ui: &mut Ui, style: &mut Style, area: bool) {
    ui.horizontal(|ui| {
        let c = drawing_color(&style.color);
        let mut rgb = [c.r, c.g, c.b];
        if ui.color_edit_button_srgb(&mut rgb).changed() {
            style.color = hex(rgb);
        }
        ui.add(
            egui::DragValue::new(&mut style.width)
                .range(0.5..=12.0)
                .speed(0.1)
                .suffix(" px"),
        );
        ui.checkbox(&mut style.dashed, "Dashed");
        if area {
            ui.add(egui::Slider::new(&mut style.fill_opacity, 0.0..=1.0).text("Fill"));
        }
    });
}

impl DrawingsWindow {
    /// Edits a copy of `drawing` (or nothing).
    pub fn edit(&mut self, drawing: Option<Drawing>) {
        self.editing = drawing;
    }

    /// Shows the window; returns the edits asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        tool_style: &mut Style,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        if !self.open {
            return edits;
        }
        // A drawing deleted (or undone away) meanwhile is no longer edited.
        if let Some(e) = &self.editing
            && !project.drawings.iter().any(|d| d.id == e.id)
        {
            self.editing = None;
        }
        let mut open = self.open;
        egui::Window::new("Drawings")
            .open(&mut open)
            .default_width(380.0)
            .show(ctx, |ui| {
                ui.strong("New drawings");
                style_controls(ui, tool_style, true);
                ui.separator();
                if project.drawings.is_empty() {
                    ui.weak("No drawing yet: pick a tool over the map (Arrow, Line, Area, Label, Callout).");
                }
                egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                    for d in &project.drawings {
                        let editing = self.editing.as_ref().is_some_and(|e| e.id == d.id);
                        ui.horizontal(|ui| {
                            let c = drawing_color(&d.style.color);
                            swatch(ui, [c.r, c.g, c.b]);
                            if ui.selectable_label(editing, describe(project, d)).clicked() {
                                self.editing = if editing { None } else { Some(d.clone()) };
                            }
                            if ui.small_button("Delete").clicked() {
                                edits.push(Edit::DeleteDrawing { drawing: d.id });
                            }
                        });
                        if editing && let Some(e) = self.editing.as_mut() {
                            edits.extend(Self::editor(ui, project, e, d));
                        }
                    }
                });
            });
        self.open = open;
        edits
    }

    /// The form of the drawing being edited; "Apply" gives its edit.
    fn editor(ui: &mut Ui, project: &Project, e: &mut Drawing, current: &Drawing) -> Option<Edit> {
        let mut out = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let area = matches!(e.shape, Shape::Polygon { .. });
            style_controls(ui, &mut e.style, area);
            ui.horizontal(|ui| {
                ui.label("Text");
                let mut t = e.text.clone().unwrap_or_default();
                if ui.text_edit_singleline(&mut t).changed() {
                    e.text = (!t.trim().is_empty()).then_some(t);
                }
            });
            ui.horizontal(|ui| {
                let changed = e != current;
                if ui
                    .add_enabled(changed, egui::Button::new("Apply"))
                    .clicked()
                {
                    out = Some(Edit::UpdateDrawing(e.clone()));
                }
                if ui
                    .add_enabled(changed, egui::Button::new("Revert"))
                    .clicked()
                {
                    *e = current.clone();
                }
            });
            if !project.events.is_empty() {
                ui.label("Illustrates:");
                for ev in &project.events {
                    let mut on = e.events.contains(&ev.id);
                    let title = if ev.title.is_empty() {
                        &ev.kind
                    } else {
                        &ev.title
                    };
                    if ui.checkbox(&mut on, title.as_str()).changed() {
                        if on {
                            e.events.push(ev.id);
                        } else {
                            e.events.retain(|x| *x != ev.id);
                        }
                    }
                }
            }
        });
        out
    }
}
