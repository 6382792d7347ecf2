//! The editor of the selected place, in the side panel: its name, kind, category, pin
//! colour and size, and deleting it.
//!
//! Each control returns one [`Edit`] through [`Action::Edit`], so each change is one step
//! of the undo history: the name is applied on Enter or when the field loses focus
//! ([`CommitField`]), the colour and the size when the pointer is released after a drag
//! ([`Draft`]), the combos at once. Deleting the place follows
//! [`Edit::DeletePlace`](crate::project::edit::Edit::DeletePlace): its mentions are
//! unresolved (the place stays their first alternative) and it leaves its events; undo
//! puts everything back.

use egui::{Grid, RichText, Ui};

use super::edits::Action;
use super::widgets::{CommitField, Draft, hex, rgb, swatch};
use crate::map::scene::style::pin_color;
use crate::project::edit::Edit;
use crate::project::{PinStyle, Place, PlaceKind, Project};

/// The sizes a pin can take in the editor, relative to the default.
const SIZES: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// The editor's state: the name being typed, the colour or size being dragged.
#[derive(Debug, Default)]
pub struct PlaceEditor {
    name: CommitField,
    color: Draft<[u8; 3]>,
    size: Draft<f32>,
}

impl PlaceEditor {
    /// Shows the controls for place `p`; what the user changed goes to `actions`.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, p: &Place, actions: &mut Vec<Action>) {
        let lang = project.lang.as_str();
        let key = u64::from(p.id);
        let edit = |edit: Edit| Action::Edit {
            edit,
            select: false,
        };
        Grid::new(("place-editor", p.id))
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                if let Some(name) = self.name.show(ui, "Name", key, &p.name, 180.0) {
                    actions.push(edit(Edit::RenamePlace { place: p.id, name }));
                }
                ui.end_row();

                ui.label("Kind");
                let mut kind = p.kind;
                egui::ComboBox::from_id_salt(("place-kind", p.id))
                    .selected_text(kind.label(lang))
                    .show_ui(ui, |ui| {
                        for k in PlaceKind::ALL {
                            ui.selectable_value(&mut kind, k, k.label(lang));
                        }
                    });
                if kind != p.kind {
                    actions.push(edit(Edit::SetPlaceKind { place: p.id, kind }));
                }
                ui.end_row();

                ui.label("Category");
                let mut category = p.category;
                let current = category
                    .and_then(|c| project.categories.iter().find(|x| x.id == c))
                    .map_or("None", |c| c.name.as_str());
                egui::ComboBox::from_id_salt(("place-category", p.id))
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut category, None, "None");
                        for c in &project.categories {
                            ui.horizontal(|ui| {
                                swatch(ui, rgb(&c.color).unwrap_or([0x80; 3]));
                                ui.selectable_value(&mut category, Some(c.id), c.name.as_str());
                            });
                        }
                    });
                if category != p.category {
                    actions.push(edit(Edit::SetPlaceCategory {
                        place: p.id,
                        category,
                    }));
                }
                ui.end_row();

                let style = p.style.clone().unwrap_or_default();
                ui.label("Colour");
                ui.horizontal(|ui| {
                    let now = pin_color(project, p);
                    let current = [now.r, now.g, now.b];
                    let mut shown = self.color.get(key, current);
                    let changed = ui
                        .color_edit_button_srgb(&mut shown)
                        .on_hover_text("The pin's own colour, over its category's and kind's")
                        .changed();
                    if let Some(c) = self.color.update(ui, key, changed, shown, current) {
                        actions.push(edit(set_style(
                            p,
                            PinStyle {
                                color: Some(hex(c)),
                                ..style.clone()
                            },
                        )));
                    }
                    let own = style.color.is_some();
                    if ui
                        .add_enabled(own, egui::Button::new("Default").small())
                        .on_hover_text(if p.category.is_some() {
                            "Use the category's colour"
                        } else {
                            "Use the colour of its kind"
                        })
                        .clicked()
                    {
                        actions.push(edit(set_style(
                            p,
                            PinStyle {
                                color: None,
                                ..style.clone()
                            },
                        )));
                    }
                    if !own {
                        ui.weak(if p.category.is_some() {
                            "(its category's)"
                        } else {
                            "(its kind's)"
                        });
                    }
                });
                ui.end_row();

                ui.label("Size");
                let mut size = self.size.get(key, style.size);
                let changed = ui
                    .add(
                        // A size outside the range (from a file) stays until the user moves it.
                        egui::Slider::new(&mut size, SIZES)
                            .clamping(egui::SliderClamping::Edits)
                            .step_by(0.25)
                            .suffix("×"),
                    )
                    .changed();
                if let Some(size) = self.size.update(ui, key, changed, size, style.size) {
                    actions.push(edit(set_style(
                        p,
                        PinStyle {
                            size,
                            ..style.clone()
                        },
                    )));
                }
                ui.end_row();
            });
        ui.add_space(4.0);
        if ui
            .button(RichText::new("Delete the place").color(ui.visuals().error_fg_color))
            .on_hover_text(
                "Takes the pin off the map; its mentions in the text stay, unresolved (Ctrl+Z \
                 brings it back)",
            )
            .clicked()
        {
            actions.push(edit(Edit::DeletePlace { place: p.id }));
            actions.push(Action::Select(None));
        }
    }
}

/// The edit that gives `p` this style (none when it is the default look).
fn set_style(p: &Place, style: PinStyle) -> Edit {
    let style = (style != PinStyle::default()).then_some(style);
    Edit::SetPlaceStyle { place: p.id, style }
}
