//! The place search (Ctrl+F): find a place of the project or of the gazetteer by name.
//!
//! One window serves three purposes, set when it opens ([`Purpose`]): find a place (a place
//! of the project is selected; a gazetteer place is added to the map, then selected),
//! resolve a mention to the chosen place ("Resolve to..." in the article's menu), or tag a
//! span of text as a mention of it ("Add as a place..."). Results come from the project's
//! places first (by name), then from the gazetteer's name index (prefix search on the
//! normalized name, the same keys the geoparser uses), best ranked first, one row per
//! entity however many of its names match.

use egui::{Key, Ui};

use super::edits::Action;
use crate::gazetteer::{EntityId, Gazetteer};
use crate::project::edit::{NewPlace, PlaceChoice};
use crate::project::{Candidate, Project};
use crate::text::name_key;

/// What choosing a result does.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// Select the place (adding it to the map when it is not there).
    Find,
    /// Point this mention at the place.
    Resolve { mention: u32 },
    /// Make this span of a document a mention of the place.
    Tag { doc: u32, start: usize, end: usize },
}

/// One result row.
#[derive(Debug, Clone)]
struct Hit {
    /// The project's place, when the result is one.
    place: Option<u32>,
    candidate: Candidate,
}

/// The search window's state.
#[derive(Debug)]
pub struct PlaceSearch {
    pub open: bool,
    pub query: String,
    purpose: Purpose,
    /// The query the results were computed for.
    searched: String,
    results: Vec<Hit>,
    focus: bool,
}

impl Default for PlaceSearch {
    fn default() -> PlaceSearch {
        PlaceSearch {
            open: false,
            query: String::new(),
            purpose: Purpose::Find,
            searched: String::new(),
            results: Vec::new(),
            focus: false,
        }
    }
}

/// How many rows the window lists.
const MAX_RESULTS: usize = 40;

/// Places of the project and of the gazetteer whose names start with `query` (after
/// normalization), the project's first.
fn search(query: &str, project: &Project, gaz: Option<&Gazetteer>) -> Vec<Hit> {
    let key = name_key(query);
    let mut out: Vec<Hit> = Vec::new();
    if key.is_empty() {
        return out;
    }
    for p in &project.places {
        let matches = std::iter::once(p.name.as_str())
            .chain(p.names.iter().map(|(_, n)| n.as_str()))
            .any(|n| name_key(n).starts_with(&key));
        if matches {
            out.push(Hit {
                place: Some(p.id),
                candidate: p.as_candidate(1.0),
            });
        }
    }
    let Some(gaz) = gaz else {
        return out;
    };
    // Exact names first, then longer ones; within each, the most important places.
    let mut ids: Vec<(bool, u8, u32, EntityId)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, postings) in gaz.search_prefix(query, 400) {
        let exact = k == key;
        for (id, _) in postings {
            if !seen.insert(id) {
                continue;
            }
            let e = gaz.entity(id);
            ids.push((!exact, e.rank(), u32::MAX - e.population(), id));
        }
    }
    ids.sort();
    for (_, _, _, id) in ids {
        if out.len() >= MAX_RESULTS {
            break;
        }
        let c = crate::project::candidate_for(gaz, id, &project.lang, 1.0);
        if out
            .iter()
            .any(|h| !c.gazetteer_ref.is_empty() && h.candidate.gazetteer_ref == c.gazetteer_ref)
        {
            continue;
        }
        out.push(Hit {
            place: None,
            candidate: c,
        });
    }
    out
}

impl PlaceSearch {
    /// Opens the window for `purpose`, with a first query.
    pub fn open_for(&mut self, purpose: Purpose, query: &str) {
        self.open = true;
        self.purpose = purpose;
        self.query = query.to_string();
        self.searched.clear();
        self.focus = true;
    }

    /// Draws the window; returns what the user chose.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        gaz: Option<&Gazetteer>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        let title = match self.purpose {
            Purpose::Find => "Find a place",
            Purpose::Resolve { .. } => "Resolve to...",
            Purpose::Tag { .. } => "Add as a place",
        };
        let mut chosen: Option<Hit> = None;
        egui::Window::new(title)
            .open(&mut open)
            .default_width(380.0)
            .collapsible(false)
            .show(ctx, |ui| {
                let r = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Place name (Erbil, Aïn al-Assad...)")
                        .desired_width(f32::INFINITY),
                );
                if self.focus {
                    r.request_focus();
                    self.focus = false;
                }
                if self.query != self.searched {
                    self.results = search(&self.query, project, gaz);
                    self.searched = self.query.clone();
                }
                if gaz.is_none() {
                    ui.weak(
                        "The gazetteer is still loading: only the project's places are searched.",
                    );
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if enter && let Some(h) = self.results.first() {
                    chosen = Some(h.clone());
                }
                ui.separator();
                if self.results.is_empty() && !self.query.trim().is_empty() {
                    ui.weak("No place of that name.");
                }
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| self.rows(ui, project, &mut chosen));
            });
        if let Some(h) = chosen {
            actions.push(self.action_for(h));
            open = false;
        }
        self.open = open;
        actions
    }

    fn rows(&self, ui: &mut Ui, project: &Project, chosen: &mut Option<Hit>) {
        for h in &self.results {
            let c = &h.candidate;
            let country = c.country.as_deref().unwrap_or("—");
            let text = format!(
                "{} · {} · {} ({:.2}, {:.2})",
                c.name,
                c.kind.label(&project.lang),
                country,
                c.point.lat,
                c.point.lon
            );
            ui.horizontal(|ui| {
                if h.place.is_some() {
                    ui.label(egui::RichText::new("•").color(ui.visuals().selection.bg_fill))
                        .on_hover_text("On the map already");
                }
                if ui.selectable_label(false, text).clicked() {
                    *chosen = Some(h.clone());
                }
            });
        }
    }

    fn action_for(&self, h: Hit) -> Action {
        // A place of the project is used as it is; a gazetteer place is added.
        let place = match h.place {
            Some(id) => PlaceChoice::Existing(id),
            None => PlaceChoice::New(NewPlace::Candidate(h.candidate)),
        };
        match (self.purpose.clone(), place) {
            (Purpose::Find, PlaceChoice::Existing(id)) => Action::Select(Some(id)),
            (Purpose::Find, PlaceChoice::New(p)) => Action::AddPlace(p),
            (Purpose::Resolve { mention }, place) => Action::ResolveTo { mention, place },
            (Purpose::Tag { doc, start, end }, place) => Action::TagSpan {
                doc,
                start,
                end,
                place,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::LatLon;

    #[test]
    fn an_empty_query_finds_nothing() {
        let p = Project::new("en");
        assert!(search("  ", &p, None).is_empty());
    }

    #[test]
    fn project_places_are_found_by_any_of_their_names() {
        let mut p = Project::new("fr");
        p.places.push(crate::project::Place {
            id: 3,
            name: "Erbil".into(),
            names: vec![("ar".into(), "Arbil".into())],
            kind: crate::project::PlaceKind::City,
            point: LatLon {
                lat: 36.19,
                lon: 44.01,
            },
            country: Some("IQ".into()),
            gazetteer_ref: None,
            rank: 10,
            resolution: crate::project::Resolution::Manual,
            category: None,
            style: None,
        });
        let hits = search("arb", &p, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].place, Some(3));
        assert!(search("bagdad", &p, None).is_empty());
    }
}
