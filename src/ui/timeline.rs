//! The timeline strip along the bottom: the project's events in date order.
//!
//! Each event is a chip with its number (the same numbers as the exported event key), its
//! date and its title; clicking one selects its first place. "Filter the map" keeps on the
//! map only the places of the events in the chosen range (by number), through the scene's
//! `only_places` option.

use egui::{RichText, Ui};

use super::edits::Action;
use crate::map::scene::{event_numbers, format_date};
use crate::project::Project;

/// The strip's state: the filter.
#[derive(Debug, Default)]
pub struct Timeline {
    pub filter: bool,
    /// The first and last event numbers kept by the filter (1-based, inclusive).
    pub from: usize,
    pub to: usize,
}

impl Timeline {
    /// The places the filter keeps, when it is on.
    pub fn only_places(&self, project: &Project) -> Option<Vec<u32>> {
        if !self.filter || project.events.is_empty() {
            return None;
        }
        let numbers = event_numbers(&project.events);
        let mut ids: Vec<u32> = project
            .events
            .iter()
            .zip(&numbers)
            .filter(|(_, n)| **n >= self.from && **n <= self.to)
            .flat_map(|(e, _)| e.places.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }

    /// Draws the strip; returns what the user asked for.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, selected: Option<u32>) -> Vec<Action> {
        let mut actions = Vec::new();
        let n = project.events.len();
        if self.to == 0 || self.to > n {
            self.to = n;
        }
        self.from = self.from.clamp(1, n.max(1));
        ui.horizontal(|ui| {
            ui.strong(format!("Timeline ({n} events)"));
            if n > 0 {
                ui.checkbox(&mut self.filter, "Filter the map");
                if self.filter {
                    let l = ui.label("from");
                    ui.add(egui::DragValue::new(&mut self.from).range(1..=n))
                        .labelled_by(l.id);
                    let l = ui.label("to");
                    ui.add(egui::DragValue::new(&mut self.to).range(1..=n))
                        .labelled_by(l.id);
                    if self.from > self.to {
                        std::mem::swap(&mut self.from, &mut self.to);
                    }
                }
            }
        });
        if n == 0 {
            ui.weak("No dated events found in the articles yet.");
            return actions;
        }
        let numbers = event_numbers(&project.events);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| numbers[i]);
        egui::ScrollArea::horizontal()
            .id_salt("timeline")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for i in order {
                        let e = &project.events[i];
                        let num = numbers[i];
                        let date = e
                            .when
                            .map(|w| format_date(&w.start, &project.lang))
                            .unwrap_or_else(|| "undated".into());
                        let in_range = !self.filter || (num >= self.from && num <= self.to);
                        let here = selected.is_some_and(|s| e.places.contains(&s));
                        let mut text = RichText::new(format!("{num}. {date} · {}", e.title));
                        if !in_range {
                            text = text.weak();
                        }
                        let r = ui
                            .add(egui::Button::new(text).selected(here))
                            .on_hover_text(e.summary.as_str());
                        if r.clicked()
                            && let Some(p) = e.places.first()
                        {
                            actions.push(Action::Select(Some(*p)));
                        }
                    }
                });
            });
        actions
    }
}
