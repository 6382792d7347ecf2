//! The questions and notices about the project's file: the unsaved-changes prompt, the
//! offer to restore recovery copies, and the banner about articles changed on disk.
//!
//! Each is a function that draws and returns what the user chose; the app decides what
//! follows ([`super::app`]), so these know nothing of saving or loading.

use std::time::SystemTime;

use egui::Ui;

use super::project_io::{age, file_label};
use crate::project::file::RecoveryFile;

/// The answer to "Save the changes?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Save,
    DontSave,
    Cancel,
}

/// Asks, in a modal window, whether to save the changes to the project `name` before
/// `what` ("closing", "opening another project"...). `None` while the user has not
/// answered; Escape or a click outside cancels.
pub fn unsaved_changes(ctx: &egui::Context, name: &str, what: &str) -> Option<Choice> {
    let mut choice = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.set_max_width(380.0);
        ui.heading(format!("Save the changes to {name}?"));
        ui.add_space(4.0);
        ui.label(format!(
            "The project has unsaved changes. They are lost if you do not save them before {what}."
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(Choice::Save);
            }
            if ui.button("Don't save").clicked() {
                choice = Some(Choice::DontSave);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(Choice::Cancel);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(Choice::Cancel);
    }
    choice
}

/// What to do with one recovery copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Open it as the current project.
    Restore,
    /// Delete it.
    Discard,
    /// Keep it for the next start, and close the window.
    Later,
}

/// The window that offers the recovery copies found at start (project name, when it was
/// written); returns the user's choice for one of them (its index), or [`Offer::Later`]
/// with index 0 when the window is closed.
pub fn recovery_offer(ctx: &egui::Context, copies: &[RecoveryFile]) -> Option<(usize, Offer)> {
    let now = SystemTime::now();
    let mut choice = None;
    let mut open = true;
    egui::Window::new("Recover unsaved work")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(if copies.len() == 1 {
                "Dateline closed before this work was saved:".to_string()
            } else {
                format!(
                    "Dateline closed before this work was saved ({} projects):",
                    copies.len()
                )
            });
            ui.add_space(6.0);
            egui::Grid::new("recovery-copies")
                .num_columns(4)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for (i, c) in copies.iter().enumerate() {
                        let (name, where_) = match &c.project {
                            Some(p) => (file_label(p), p.display().to_string()),
                            None => ("Untitled project".to_string(), "never saved".to_string()),
                        };
                        ui.strong(name).on_hover_text(where_);
                        ui.label(format!("autosaved {}", age(c.modified, now)));
                        if ui
                            .button("Restore")
                            .on_hover_text("Open this copy as the current project")
                            .clicked()
                        {
                            choice = Some((i, Offer::Restore));
                        }
                        if ui
                            .button("Discard")
                            .on_hover_text("Delete this copy")
                            .clicked()
                        {
                            choice = Some((i, Offer::Discard));
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            ui.weak("A restored project has unsaved changes until you save it.");
            if ui.button("Later").clicked() {
                choice = Some((0, Offer::Later));
            }
        });
    if !open {
        choice = Some((0, Offer::Later));
    }
    choice
}

/// A banner of notices (articles changed on disk) with one Dismiss button; returns true
/// when dismissed.
pub fn notices(ui: &mut Ui, lines: &[String]) -> bool {
    if lines.is_empty() {
        return false;
    }
    let mut dismissed = false;
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.vertical(|ui| {
                    for l in lines {
                        ui.label(l.as_str());
                    }
                });
                if ui.small_button("Dismiss").clicked() {
                    dismissed = true;
                }
            });
        });
    dismissed
}
