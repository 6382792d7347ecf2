//! The event editor: a window to write a new event at a place or to change one, opened
//! from the side panel ("Add event", "Edit...").
//!
//! It edits an [`EventForm`] (title, type, date and end date, summary, places, actors,
//! sources with what each claims, notes). Save is enabled only when the form can be saved;
//! what stops it is written in red under the form. Save hands one
//! [`Edit::AddEvent`](crate::project::edit::Edit::AddEvent) or
//! [`Edit::UpdateEvent`](crate::project::edit::Edit::UpdateEvent) to the app, so the whole
//! event is one step of the undo history; Cancel (or the window's close button) discards
//! the form.
//!
//! A source the project does not have yet is created first, as its own undoable
//! [`Edit::AddSource`](crate::project::edit::Edit::AddSource) ("Add source"); the form
//! takes it in on the next frame, when the project has it.
//!
//! The event types offered are those of the project's events and those of the event
//! lexicon (`assets/lexicon/<lang>/event_types.tsv`), which is read once on a thread of its
//! own the first time the editor opens; any other type can be typed.

use std::sync::{Once, OnceLock};

use egui::{ComboBox, Grid, RichText, TextEdit, Ui};

use super::edits::Action;
use super::event_form::EventForm;
use super::side_panel::{CLAIMS, claim_label};
use super::widgets::labelled;
use crate::events::EventLexicon;
use crate::events::lexicon::EventType;
use crate::project::edit::Edit;
use crate::project::{Actor, Claim, Event, Project};

/// The roles offered for an actor (any other can be typed in the project file).
const ROLES: [&str; 5] = ["agent", "target", "speaker", "participant", "other"];

/// The lexicon's event types, once read (empty if the lexicon could not be read).
static LEXICON_TYPES: OnceLock<Vec<EventType>> = OnceLock::new();

/// The lexicon's event types if they have been read; the first call starts reading them.
fn lexicon_types() -> &'static [EventType] {
    static START: Once = Once::new();
    START.call_once(|| {
        std::thread::spawn(|| {
            LEXICON_TYPES.get_or_init(|| {
                EventLexicon::load_default()
                    .map(|l| l.types)
                    .unwrap_or_default()
            });
        });
    });
    LEXICON_TYPES.get().map_or(&[], Vec::as_slice)
}

/// The types to offer: the project's own first, then the lexicon's; (code, label).
fn type_choices(project: &Project) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut own: Vec<&str> = project.events.iter().map(|e| e.kind.as_str()).collect();
    own.sort_unstable();
    own.dedup();
    let lex = lexicon_types();
    for k in own.into_iter().filter(|k| !k.trim().is_empty()) {
        let label = lex
            .iter()
            .find(|t| t.code == k)
            .map_or(k, |t| t.label(&project.lang));
        out.push((k.to_string(), label.to_string()));
    }
    for t in lex {
        if !out.iter().any(|(c, _)| *c == t.code) {
            out.push((t.code.clone(), t.label(&project.lang).to_string()));
        }
    }
    out
}

/// The editor's state: the form while the window is open.
#[derive(Debug, Default)]
pub struct EventEditor {
    form: Option<EventForm>,
    /// The name typed for a new source.
    new_source: String,
    /// A source asked for with `AddSource`, to add to the form once the project has it.
    pending_source: Option<String>,
}

impl EventEditor {
    /// Opens the window on a blank event at `place`.
    pub fn open_new(&mut self, place: u32) {
        self.open(EventForm::new_at(place));
    }

    /// Opens the window on an event.
    pub fn open_edit(&mut self, e: &Event) {
        self.open(EventForm::edit(e));
    }

    fn open(&mut self, form: EventForm) {
        lexicon_types();
        self.form = Some(form);
        self.new_source.clear();
        self.pending_source = None;
    }

    /// Shows the window while a form is open; Save's edit goes to `actions`.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, actions: &mut Vec<Action>) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        // A source asked for last frame is in the project now (or the app said why not).
        if let Some(name) = self.pending_source.take()
            && let Some(id) = project.shared_source(&name)
        {
            form.add_source(id, Claim::Reported);
            self.new_source.clear();
        }
        let title = if form.is_new {
            "New event"
        } else {
            "Edit event"
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new(title)
            .id(egui::Id::unique("event-editor"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(440.0)
            // Beside the side panel, over the map, so the event list stays in view.
            .pivot(egui::Align2::RIGHT_TOP)
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-350.0, 40.0))
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(ctx.content_rect().height() * 0.7)
                    .show(ui, |ui| {
                        fields(ui, form, project);
                        ui.separator();
                        places(ui, form, project);
                        ui.separator();
                        actors(ui, form);
                        ui.separator();
                        sources(
                            ui,
                            form,
                            project,
                            &mut self.new_source,
                            &mut self.pending_source,
                            actions,
                        );
                    });
                ui.separator();
                let problems = form.problems(project);
                for p in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                ui.horizontal(|ui| {
                    let save =
                        ui.add_enabled(problems.is_empty(), egui::Button::new("Save the event"));
                    // Save is disabled while there are problems, so the edit is ready.
                    if save.clicked()
                        && let Ok(edit) = form.to_edit(project)
                    {
                        actions.push(Action::Edit {
                            edit,
                            select: false,
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if close || !open {
            self.form = None;
        }
    }
}

/// Title, type, dates, summary and notes.
fn fields(ui: &mut Ui, form: &mut EventForm, project: &Project) {
    Grid::new("event-fields")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            labelled(ui, "Title", &mut form.title, 300.0);
            ui.end_row();

            let l = ui.label("Type");
            let choices = type_choices(project);
            let current = choices
                .iter()
                .find(|(c, _)| *c == form.kind.trim())
                .map_or("Choose...", |(_, l)| l.as_str());
            ui.horizontal(|ui| {
                ui.add(TextEdit::singleline(&mut form.kind).desired_width(130.0))
                    .labelled_by(l.id);
                ComboBox::from_id_salt("event-type")
                    .selected_text(current)
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for (code, label) in &choices {
                            ui.selectable_value(&mut form.kind, code.clone(), label.as_str())
                                .on_hover_text(code.as_str());
                        }
                    });
            });
            ui.end_row();

            let l = ui.label("Date");
            ui.horizontal(|ui| {
                ui.add(TextEdit::singleline(&mut form.start).desired_width(100.0))
                    .labelled_by(l.id);
                labelled(ui, "until", &mut form.end, 100.0);
            });
            ui.end_row();

            ui.label("");
            ui.weak("YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD (no year);\nthe end date is optional");
            ui.end_row();

            multiline(ui, "Summary", &mut form.summary);
            ui.end_row();

            multiline(ui, "Notes", &mut form.notes);
            ui.end_row();
        });
}

/// A labelled text area of a few lines, in a grid's two columns.
fn multiline(ui: &mut Ui, label: &str, text: &mut String) {
    let l = ui.label(label);
    ui.add(
        TextEdit::multiline(text)
            .desired_rows(2)
            .desired_width(300.0),
    )
    .labelled_by(l.id);
}

/// A small "×" button that removes a row.
fn remove_button(ui: &mut Ui, what: &str) -> bool {
    ui.small_button("×")
        .on_hover_text(format!("Remove {what}"))
        .clicked()
}

/// The places of the event, and adding another of the project's.
fn places(ui: &mut Ui, form: &mut EventForm, project: &Project) {
    ui.strong("Places");
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        for (i, id) in form.places.iter().enumerate() {
            let name = project
                .place(*id)
                .map_or_else(|| format!("#{id} (deleted)"), |p| p.name.clone());
            ui.label(name.as_str());
            if remove_button(ui, &name) {
                remove = Some(i);
            }
            ui.add_space(6.0);
        }
    });
    if let Some(i) = remove {
        form.places.remove(i);
    }
    let mut others: Vec<&crate::project::Place> = project
        .places
        .iter()
        .filter(|p| !form.places.contains(&p.id))
        .collect();
    others.sort_by(|a, b| a.name.cmp(&b.name));
    if others.is_empty() {
        return;
    }
    let mut chosen = None;
    ComboBox::from_id_salt("event-add-place")
        .selected_text("Add a place...")
        .height(320.0)
        .show_ui(ui, |ui| {
            for p in others {
                if ui.selectable_label(false, p.name.as_str()).clicked() {
                    chosen = Some(p.id);
                }
            }
        });
    if let Some(id) = chosen {
        form.add_place(id);
    }
}

/// The actors: name and role each.
fn actors(ui: &mut Ui, form: &mut EventForm) {
    ui.strong("Actors");
    let mut remove = None;
    for (i, a) in form.actors.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            labelled(ui, "Actor", &mut a.name, 190.0);
            ComboBox::from_id_salt(("actor-role", i))
                .selected_text(a.role.as_str())
                .width(100.0)
                .show_ui(ui, |ui| {
                    for r in ROLES {
                        ui.selectable_value(&mut a.role, r.to_string(), r);
                    }
                });
            if remove_button(ui, &a.name) {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        form.actors.remove(i);
    }
    if ui.button("Add an actor").clicked() {
        form.actors.push(Actor {
            name: String::new(),
            role: ROLES[0].to_string(),
            kind: "unknown".to_string(),
            country: None,
            title: None,
        });
    }
}

/// The sources with their claims, picking an existing source, creating a new one.
fn sources(
    ui: &mut Ui,
    form: &mut EventForm,
    project: &Project,
    new_source: &mut String,
    pending: &mut Option<String>,
    actions: &mut Vec<Action>,
) {
    ui.strong("Sources");
    let mut remove = None;
    Grid::new("event-sources")
        .num_columns(3)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, s) in form.sources.iter_mut().enumerate() {
                let name = project
                    .sources
                    .iter()
                    .find(|x| x.id == s.source)
                    .map_or_else(|| format!("#{} (deleted)", s.source), |x| x.name.clone());
                ui.label(name.as_str());
                let (label, colour) = claim_label(s.claim);
                ComboBox::from_id_salt(("source-claim", i))
                    .selected_text(RichText::new(label).color(colour))
                    .show_ui(ui, |ui| {
                        for c in CLAIMS {
                            let (l, col) = claim_label(c);
                            ui.selectable_value(&mut s.claim, c, RichText::new(l).color(col));
                        }
                    });
                if remove_button(ui, &name) {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        form.sources.remove(i);
    }
    let mut known: Vec<&crate::project::Source> = project
        .sources
        .iter()
        .filter(|x| !form.sources.iter().any(|s| s.source == x.id))
        .collect();
    known.sort_by(|a, b| a.name.cmp(&b.name));
    if !known.is_empty() {
        let mut chosen = None;
        ComboBox::from_id_salt("event-add-source")
            .selected_text("Add a source of the project...")
            .height(320.0)
            .show_ui(ui, |ui| {
                for x in known {
                    if ui.selectable_label(false, x.name.as_str()).clicked() {
                        chosen = Some(x.id);
                    }
                }
            });
        if let Some(id) = chosen {
            form.add_source(id, Claim::Reported);
        }
    }
    ui.horizontal(|ui| {
        let r = labelled(ui, "New source", new_source, 160.0);
        let name = new_source.trim().to_string();
        let ready = !name.is_empty() && pending.is_none();
        let add = ui
            .add_enabled(ready, egui::Button::new("Add source"))
            .on_hover_text("Adds this source to the project and to the event");
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ready && (add.clicked() || entered) {
            match project.shared_source(&name) {
                Some(id) => {
                    form.add_source(id, Claim::Reported);
                    new_source.clear();
                }
                None => {
                    actions.push(Action::Edit {
                        edit: Edit::AddSource {
                            name: name.clone(),
                            kind: String::new(),
                        },
                        select: false,
                    });
                    *pending = Some(name);
                }
            }
        }
    });
    if pending.is_some() {
        ui.weak("Adding the source...");
    }
}
