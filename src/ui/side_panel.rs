//! The right panel: the selected place, its events and sources, its mentions and their
//! alternatives; with nothing selected, the list of places.
//!
//! Everything shown is read from the project; every button returns an [`Action`] for the app
//! to apply. Mentions show a snippet of their sentence; clicking one shows it in the article.
//! Each mention's alternatives have a "Use this place" button, and "Not a place" rejects it.
//!
//! [`SidePanel`] holds the state of the panel's editors: "Edit the place" opens the
//! [`PlaceEditor`] under the place's header; "Add event" and each event's "Edit..." open the
//! [`EventEditor`] window, and "Delete" deletes the event (all undoable).

use egui::{Color32, RichText, Ui};

use super::edits::Action;
use super::event_editor::EventEditor;
use super::place_editor::PlaceEditor;
use crate::map::scene::format_date;
use crate::project::edit::Edit;
use crate::project::{Claim, Event, Mention, MentionStatus, Project, Resolution};

/// Characters of context on each side of a mention in its snippet.
const SNIPPET: usize = 50;

/// A snippet of the text around a byte span: `…before [span] after…` as three parts.
pub fn snippet(text: &str, start: usize, end: usize) -> (String, String, String) {
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) || start > end {
        return (String::new(), String::new(), String::new());
    }
    let before: String = {
        let b = &text[..start];
        let n = b.chars().count();
        let s: String = b.chars().skip(n.saturating_sub(SNIPPET)).collect();
        let s = s.replace(['\n', '\r'], " ");
        if n > SNIPPET { format!("…{s}") } else { s }
    };
    let after: String = {
        let a = &text[end..];
        let s: String = a.chars().take(SNIPPET).collect();
        let s = s.replace(['\n', '\r'], " ");
        if a.chars().count() > SNIPPET {
            format!("{s}…")
        } else {
            s
        }
    };
    (before, text[start..end].to_string(), after)
}

/// Every claim a source can make, in the order the editors offer them.
pub const CLAIMS: [Claim; 4] = [
    Claim::Reported,
    Claim::Claimed,
    Claim::Denied,
    Claim::Confirmed,
];

/// The word and colour of a claim, on the source chips and in the editors.
pub fn claim_label(c: Claim) -> (&'static str, Color32) {
    match c {
        Claim::Reported => ("reported", Color32::from_rgb(0x3b, 0x7d, 0xd8)),
        Claim::Claimed => ("claimed", Color32::from_rgb(0xd8, 0x8c, 0x1e)),
        Claim::Denied => ("denied", Color32::from_rgb(0xc0, 0x39, 0x2b)),
        Claim::Confirmed => ("confirmed", Color32::from_rgb(0x2e, 0x9e, 0x5b)),
    }
}

/// The panel's state: its editors.
#[derive(Debug, Default)]
pub struct SidePanel {
    place_editor: PlaceEditor,
    event_editor: EventEditor,
}

/// What an event's buttons asked for.
enum EventAsk {
    Edit(u32),
    Delete(u32),
}

impl SidePanel {
    /// Shows the panel's contents (and the event editor's window while it is open);
    /// returns what the user asked for.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, selected: Option<u32>) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut asks = Vec::new();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match selected.and_then(|id| project.place(id)) {
                Some(p) => self.place(ui, project, p.id, &mut actions, &mut asks),
                None => place_list(ui, project, &mut actions),
            });
        for a in asks {
            match a {
                EventAsk::Edit(id) => self.edit_event(project, id),
                EventAsk::Delete(id) => actions.push(Action::Edit {
                    edit: Edit::DeleteEvent { event: id },
                    select: false,
                }),
            }
        }
        self.event_editor.show(ui.ctx(), project, &mut actions);
        actions
    }

    /// Opens the event editor on event `id` (nothing happens if there is none).
    pub fn edit_event(&mut self, project: &Project, id: u32) {
        if let Some(e) = project.events.iter().find(|e| e.id == id) {
            self.event_editor.open_edit(e);
        }
    }

    fn place(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        id: u32,
        actions: &mut Vec<Action>,
        asks: &mut Vec<EventAsk>,
    ) {
        let Some(p) = project.place(id) else {
            return;
        };
        header(ui, project, p, actions);
        egui::CollapsingHeader::new("Edit the place")
            .id_salt("edit-place")
            .show(ui, |ui| self.place_editor.show(ui, project, p, actions));

        // Events at the place.
        let events: Vec<&Event> = project
            .events
            .iter()
            .filter(|e| e.places.contains(&id))
            .collect();
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(format!("Events ({})", events.len()));
            if ui
                .small_button("Add event")
                .on_hover_text("Write an event that happened here")
                .clicked()
            {
                self.event_editor.open_new(id);
            }
        });
        if events.is_empty() {
            ui.weak("No event found at this place.");
        }
        for e in events {
            event(ui, project, e, actions, asks);
        }

        // Mentions.
        let mentions: Vec<&Mention> = project
            .mentions
            .iter()
            .filter(|m| m.place == Some(id))
            .collect();
        ui.separator();
        ui.strong(format!("Mentions ({})", mentions.len()));
        for m in mentions {
            mention(ui, project, m, actions);
        }
    }
}

fn place_list(ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
    ui.heading("Places");
    let mut places: Vec<(usize, &crate::project::Place)> =
        project.visible_places().map(|(_, p, n)| (n, p)).collect();
    if places.is_empty() {
        ui.label("No places yet. Open an article to see the places it mentions.");
        return;
    }
    places.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    ui.label(format!(
        "{} places, {} events. Click one to see it.",
        places.len(),
        project.events.len()
    ));
    ui.add_space(4.0);
    for (n, p) in places {
        ui.horizontal(|ui| {
            if ui.link(p.name.as_str()).clicked() {
                actions.push(Action::Select(Some(p.id)));
            }
            ui.weak(format!("{} · {n}", p.kind.label(&project.lang)));
        });
    }
}

/// The place's name, kind, country, coordinates and how it was found.
fn header(ui: &mut Ui, project: &Project, p: &crate::project::Place, actions: &mut Vec<Action>) {
    let lang = project.lang.as_str();
    ui.horizontal(|ui| {
        ui.heading(p.name.as_str());
        if ui.small_button("Close").clicked() {
            actions.push(Action::Select(None));
        }
    });
    let mut line = p.kind.label(lang).to_string();
    if let Some(c) = &p.country {
        line.push_str(&format!(" · {c}"));
    }
    ui.label(line);
    let ns = if p.point.lat >= 0.0 { "N" } else { "S" };
    let ew = if p.point.lon >= 0.0 { "E" } else { "W" };
    ui.label(format!(
        "{:.4}° {ns}, {:.4}° {ew}",
        p.point.lat.abs(),
        p.point.lon.abs()
    ));
    let how = match p.resolution {
        Resolution::Auto { confidence } => {
            format!("Found automatically ({:.0}% sure)", confidence * 100.0)
        }
        Resolution::Confirmed => "Checked".to_string(),
        Resolution::Manual => "Chosen by hand".to_string(),
    };
    ui.weak(how);
    if let Some(r) = &p.gazetteer_ref {
        ui.weak(r.as_str());
    }
}

fn event(
    ui: &mut Ui,
    project: &Project,
    e: &Event,
    actions: &mut Vec<Action>,
    asks: &mut Vec<EventAsk>,
) {
    let lang = project.lang.as_str();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let date = e
            .when
            .map(|w| format_date(&w.start, lang))
            .unwrap_or_else(|| "date unknown".to_string());
        ui.horizontal_wrapped(|ui| {
            ui.strong(date);
            ui.label(RichText::new(e.kind.as_str()).italics());
        });
        ui.label(e.title.as_str());
        if !e.summary.is_empty() && e.summary != e.title {
            ui.label(RichText::new(e.summary.as_str()).small());
        }
        if !e.actors.is_empty() {
            let names: Vec<String> = e
                .actors
                .iter()
                .map(|a| format!("{} ({})", a.name, a.role))
                .collect();
            ui.weak(names.join(", "));
        }
        ui.horizontal_wrapped(|ui| {
            for s in &e.sources {
                let name = project
                    .sources
                    .iter()
                    .find(|x| x.id == s.source)
                    .map_or("unknown source", |x| x.name.as_str());
                let (claim, colour) = claim_label(s.claim);
                egui::Frame::new()
                    .stroke(egui::Stroke::new(1.0, colour))
                    .corner_radius(8.0)
                    .inner_margin(egui::Margin::symmetric(6, 1))
                    .show(ui, |ui| {
                        // A chip never breaks: the row wraps before it instead.
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("{name}: {claim}"))
                                    .small()
                                    .color(colour),
                            )
                            .wrap_mode(egui::TextWrapMode::Extend),
                        );
                    });
            }
        });
        if !e.notes.is_empty() {
            ui.label(
                RichText::new(format!("Notes: {}", e.notes))
                    .small()
                    .italics(),
            );
        }
        ui.horizontal(|ui| {
            if let Some(ev) = e.evidence.first()
                && ui.small_button("Show in the text").clicked()
            {
                actions.push(Action::ShowText {
                    doc: ev.doc,
                    start: ev.start,
                    end: ev.end,
                });
            }
            if ui.small_button("Edit...").clicked() {
                asks.push(EventAsk::Edit(e.id));
            }
            if ui
                .small_button("Delete")
                .on_hover_text("Delete this event (Ctrl+Z brings it back)")
                .clicked()
            {
                asks.push(EventAsk::Delete(e.id));
            }
        });
    });
}

fn mention(ui: &mut Ui, project: &Project, m: &Mention, actions: &mut Vec<Action>) {
    let text = project
        .documents
        .get(m.doc as usize)
        .map_or("", |d| d.text.as_str());
    let (before, span, after) = snippet(text, m.start, m.end);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let rejected = m.status == MentionStatus::Rejected;
        let mut job = egui::text::LayoutJob::default();
        let body = egui::TextStyle::Body.resolve(ui.style());
        let normal = egui::TextFormat {
            font_id: body.clone(),
            color: ui.visuals().weak_text_color(),
            ..Default::default()
        };
        let mut strong = egui::TextFormat {
            font_id: body,
            color: ui.visuals().strong_text_color(),
            ..Default::default()
        };
        if rejected {
            strong.strikethrough = egui::Stroke::new(1.0, ui.visuals().strong_text_color());
        }
        job.append(&before, 0.0, normal.clone());
        job.append(&span, 0.0, strong);
        job.append(&after, 0.0, normal);
        job.wrap.max_width = ui.available_width();
        let r = ui
            .add(egui::Label::new(job).sense(egui::Sense::click()))
            .on_hover_text("Show in the text");
        if r.clicked() {
            actions.push(Action::ShowText {
                doc: m.doc,
                start: m.start,
                end: m.end,
            });
        }
        ui.horizontal(|ui| {
            ui.weak(format!("{:.0}% sure", m.confidence * 100.0));
            if rejected {
                if ui.small_button("It is a place").clicked() {
                    actions.push(Action::Restore { mention: m.id });
                }
            } else if ui.small_button("Not a place").clicked() {
                actions.push(Action::Reject { mention: m.id });
            }
            if ui
                .small_button("Resolve to...")
                .on_hover_text("Search the gazetteer for the right place")
                .clicked()
            {
                actions.push(Action::Search(
                    super::search::Purpose::Resolve { mention: m.id },
                    m.surface.clone(),
                ));
            }
        });
        if !m.alternatives.is_empty() {
            egui::CollapsingHeader::new(format!("Other places named \"{}\"", m.surface))
                .id_salt(("alternatives", m.id))
                .show(ui, |ui| {
                    for (i, c) in m.alternatives.iter().enumerate() {
                        ui.horizontal_wrapped(|ui| {
                            let country = c.country.as_deref().unwrap_or("?");
                            ui.label(format!(
                                "{} ({}, {}) {:.2}, {:.2}",
                                c.name,
                                c.kind.label(&project.lang),
                                country,
                                c.point.lat,
                                c.point.lon
                            ));
                            if ui.small_button("Use this place").clicked() {
                                actions.push(Action::Repoint {
                                    mention: m.id,
                                    candidate: i,
                                });
                            }
                        });
                    }
                });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_on_characters() {
        let text = "é".repeat(80) + "Erbil" + &"à".repeat(80);
        let start = text.find("Erbil").unwrap();
        let (b, s, a) = snippet(&text, start, start + 5);
        assert_eq!(s, "Erbil");
        assert!(b.starts_with('…') && a.ends_with('…'));
        assert_eq!(snippet("abc", 1, 99).1, "bc");
        assert_eq!(snippet("é", 1, 2).1, "");
    }
}
