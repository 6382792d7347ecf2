//! The Categories window (View > Categories...): the project's categories of pins, to add
//! (name and colour), rename, recolour and delete.
//!
//! A category colours its pins (unless a pin has a colour of its own) and is listed in the
//! legend of the exported maps. Each change is one undoable edit through [`Action::Edit`]:
//! [`Edit::AddCategory`], [`Edit::UpdateCategory`] (a name applied on Enter or when its
//! field loses focus, a colour when the pointer is released) and [`Edit::DeleteCategory`]
//! (its pins lose it; Undo gives it back to them). Pins get a category in the side panel's
//! place editor.

use std::collections::HashMap;

use egui::{Grid, RichText};

use super::edits::Action;
use super::widgets::{CommitField, Draft, hex, labelled, rgb};
use crate::project::edit::Edit;
use crate::project::{Category, Project};

/// Colours offered to new categories in turn: saturated, told apart in print and by most
/// colour-blind readers (Paul Tol's "bright" scheme), and unlike the kinds' own colours.
const PALETTE: [[u8; 3]; 7] = [
    [0x44, 0x77, 0xaa],
    [0xee, 0x66, 0x77],
    [0x22, 0x88, 0x33],
    [0xcc, 0xbb, 0x44],
    [0x66, 0xcc, 0xee],
    [0xaa, 0x33, 0x77],
    [0xbb, 0xbb, 0xbb],
];

/// The window's state.
#[derive(Debug, Default)]
pub struct CategoriesWindow {
    open: bool,
    /// The name field of each category, by id.
    names: HashMap<u32, CommitField>,
    /// A colour being dragged in a category's picker.
    color: Draft<[u8; 3]>,
    /// The new category's name and colour (`None`: the next of the palette).
    new_name: String,
    new_color: Option<[u8; 3]>,
}

impl CategoriesWindow {
    /// Opens the window.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// Shows the window while it is open; returns the edits asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        egui::Window::new("Categories")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(360.0)
            .show(ctx, |ui| {
                ui.weak("A category colours its pins and is listed in the exported map's legend.");
                ui.add_space(4.0);
                self.list(ui, project, &mut actions);
                ui.separator();
                self.add_row(ui, project, &mut actions);
            });
        self.open = open;
        self.names
            .retain(|id, _| project.categories.iter().any(|c| c.id == *id));
        actions
    }

    fn list(&mut self, ui: &mut egui::Ui, project: &Project, actions: &mut Vec<Action>) {
        if project.categories.is_empty() {
            ui.label("No categories yet.");
            return;
        }
        let edit = |edit: Edit| Action::Edit {
            edit,
            select: false,
        };
        Grid::new("categories")
            .num_columns(5)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for c in &project.categories {
                    let key = u64::from(c.id);
                    let current = rgb(&c.color).unwrap_or([0x80; 3]);
                    let mut shown = self.color.get(key, current);
                    let changed = ui.color_edit_button_srgb(&mut shown).changed();
                    if let Some(col) = self.color.update(ui, key, changed, shown, current) {
                        actions.push(edit(Edit::UpdateCategory(Category {
                            color: hex(col),
                            ..c.clone()
                        })));
                    }
                    // Two cells: the label and the field.
                    let field = self.names.entry(c.id).or_default();
                    if let Some(name) = field.show(ui, "Name", key, &c.name, 150.0) {
                        actions.push(edit(Edit::UpdateCategory(Category { name, ..c.clone() })));
                    }
                    let n = project
                        .places
                        .iter()
                        .filter(|p| p.category == Some(c.id))
                        .count();
                    ui.weak(if n == 1 {
                        "1 pin".to_string()
                    } else {
                        format!("{n} pins")
                    });
                    if ui
                        .small_button(
                            RichText::new("Delete category").color(ui.visuals().error_fg_color),
                        )
                        .on_hover_text("Its pins lose it (Ctrl+Z brings it back)")
                        .clicked()
                    {
                        actions.push(edit(Edit::DeleteCategory { category: c.id }));
                    }
                    ui.end_row();
                }
            });
    }

    fn add_row(&mut self, ui: &mut egui::Ui, project: &Project, actions: &mut Vec<Action>) {
        let mut color = self
            .new_color
            .unwrap_or(PALETTE[project.categories.len() % PALETTE.len()]);
        let mut add = false;
        ui.horizontal(|ui| {
            if ui.color_edit_button_srgb(&mut color).changed() {
                self.new_color = Some(color);
            }
            let r = labelled(ui, "New category", &mut self.new_name, 140.0);
            add = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let named = !self.new_name.trim().is_empty();
            add |= ui
                .add_enabled(named, egui::Button::new("Add category"))
                .clicked();
            add &= named;
        });
        if add {
            actions.push(Action::Edit {
                edit: Edit::AddCategory {
                    name: self.new_name.trim().to_string(),
                    color: hex(color),
                },
                select: false,
            });
            self.new_name.clear();
            self.new_color = None;
        }
    }
}
