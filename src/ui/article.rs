//! The article view: a document's text with every mention highlighted.
//!
//! The text is one egui galley laid out from the document's own string, with a section per
//! mention, so a position in the galley maps straight back to a byte offset of the document
//! (the project's unit) through a character index. Mentions are tinted by confidence (green
//! sure, amber likely, red doubtful, grey unresolved; struck through when rejected); those of
//! the selected place are underlined. Clicking a mention selects its place; the app asks the
//! view to scroll to a span (a mention, an event's evidence), which it then outlines.
//! Right-clicking a mention offers to select it, mark it "not a place", untag it or resolve
//! it to another place; right-clicking other words offers to tag them as a place.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Color32, Sense, Stroke, Ui};

use super::edits::Action;
use super::search::Purpose;
use crate::project::{Mention, MentionStatus, Project};
use crate::text::{CharIndex, byte_of_char};

/// What the article view remembers between frames.
#[derive(Debug, Default)]
pub struct ArticleView {
    /// The document shown (index into the project's documents).
    pub doc: u32,
    /// A span to bring into view on the next frame.
    scroll_to: Option<(usize, usize)>,
    /// The span last shown on request, outlined.
    shown: Option<(usize, usize)>,
    /// What the open context menu is about.
    menu: Option<MenuTarget>,
}

/// What was right-clicked in the text.
#[derive(Debug, Clone, PartialEq)]
enum MenuTarget {
    /// A mention (its id).
    Mention(u32),
    /// A word or a run of capitalized words that no mention covers: (start, end) bytes.
    Words(usize, usize),
}

/// The tint of a mention's background.
fn tint(m: &Mention, dark: bool) -> Color32 {
    let a = if dark { 70 } else { 60 };
    if m.place.is_none() || m.status == MentionStatus::Rejected {
        return Color32::from_rgba_unmultiplied(128, 128, 128, a);
    }
    if m.status == MentionStatus::Confirmed || m.confidence >= 0.75 {
        Color32::from_rgba_unmultiplied(46, 158, 91, a)
    } else if m.confidence >= 0.45 {
        Color32::from_rgba_unmultiplied(230, 160, 30, a + 20)
    } else {
        Color32::from_rgba_unmultiplied(210, 60, 50, a)
    }
}

impl ArticleView {
    /// Shows a span of a document: switches to it and scrolls there on the next frame.
    pub fn show_span(&mut self, doc: u32, start: usize, end: usize) {
        self.doc = doc;
        self.scroll_to = Some((start, end));
        self.shown = Some((start, end));
    }

    /// Draws the view; returns what the user asked for.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, selected: Option<u32>) -> Vec<Action> {
        let mut actions = Vec::new();
        if project.documents.is_empty() {
            return actions;
        }
        if self.doc as usize >= project.documents.len() {
            self.doc = 0;
            self.shown = None;
        }
        if project.documents.len() > 1 {
            let current = &project.documents[self.doc as usize];
            egui::ComboBox::from_id_salt("document")
                .selected_text(doc_name(current))
                .width(ui.available_width() - 8.0)
                .show_ui(ui, |ui| {
                    for (i, d) in project.documents.iter().enumerate() {
                        if ui
                            .selectable_label(i as u32 == self.doc, doc_name(d))
                            .clicked()
                        {
                            actions.push(Action::ShowDocument(i as u32));
                        }
                    }
                });
        }
        let doc = &project.documents[self.doc as usize];
        if let Some(t) = &doc.title {
            ui.label(egui::RichText::new(t.as_str()).strong().size(16.0));
        }
        let mut meta = Vec::new();
        if let Some(o) = &doc.outlet {
            meta.push(o.clone());
        }
        if let Some(d) = &doc.published {
            meta.push(crate::map::scene::format_date(d, &project.lang));
        }
        if !meta.is_empty() {
            ui.weak(meta.join(" · "));
        }
        let mut mentions: Vec<&Mention> = project
            .mentions
            .iter()
            .filter(|m| m.doc == self.doc && m.end <= doc.text.len() && m.start < m.end)
            .collect();
        mentions.sort_by_key(|m| (m.start, m.end));
        ui.separator();
        let scroll_to = self.scroll_to.take();
        let shown = self.shown;
        egui::ScrollArea::vertical()
            .id_salt(("article", self.doc))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let galley = layout(ui, &doc.text, &mentions, selected, shown);
                let (rect, response) = ui.allocate_exact_size(galley.size(), Sense::click());
                ui.painter()
                    .galley(rect.min, galley.clone(), ui.visuals().text_color());
                let at_pointer = |p: egui::Pos2| -> Option<&Mention> {
                    let c = galley.cursor_from_pos(p - rect.min);
                    let b = byte_of_char(&doc.text, c.index.0);
                    mentions.iter().find(|m| m.start <= b && b < m.end).copied()
                };
                if let Some(m) = response.hover_pos().and_then(at_pointer) {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                    let name = m
                        .place
                        .and_then(|id| project.place(id))
                        .map_or("not resolved".to_string(), |p| p.name.clone());
                    response.clone().on_hover_text_at_pointer(format!(
                        "{name} ({:.0}% sure)",
                        m.confidence * 100.0
                    ));
                }
                if response.clicked()
                    && let Some(m) = response.interact_pointer_pos().and_then(at_pointer)
                {
                    if let Some(p) = m.place {
                        actions.push(Action::Select(Some(p)));
                    }
                    self.shown = Some((m.start, m.end));
                }
                if response.secondary_clicked()
                    && let Some(p) = response.interact_pointer_pos()
                {
                    self.menu = match at_pointer(p) {
                        Some(m) => Some(MenuTarget::Mention(m.id)),
                        None => {
                            let c = galley.cursor_from_pos(p - rect.min);
                            let b = byte_of_char(&doc.text, c.index.0);
                            words_at(&doc.text, b).map(|(s, e)| MenuTarget::Words(s, e))
                        }
                    };
                }
                let target = self.menu.clone();
                let doc_ix = self.doc;
                response.context_menu(|ui| {
                    menu(ui, project, doc_ix, target.as_ref(), &mut actions);
                });
                if let Some((start, end)) = scroll_to {
                    let ci = CharIndex::new(&doc.text);
                    let a = galley.pos_from_cursor(CCursor::new(ci.char_of(start)));
                    let b = galley.pos_from_cursor(CCursor::new(ci.char_of(end)));
                    let r = a.union(b).translate(rect.min.to_vec2()).expand(4.0);
                    ui.scroll_to_rect(r, Some(Align::Center));
                }
            });
        actions
    }

    /// Shows the first mention of a place in the current document (or the first document
    /// that mentions it).
    pub fn show_first_mention(&mut self, project: &Project, place: u32) {
        let first = project
            .mentions_of(place)
            .filter(|m| m.doc == self.doc)
            .min_by_key(|m| m.start)
            .or_else(|| project.mentions_of(place).min_by_key(|m| (m.doc, m.start)));
        if let Some(m) = first {
            self.show_span(m.doc, m.start, m.end);
        }
    }
}

/// The context menu of the text: for a mention, "not a place" (or back), its other
/// candidates and a search; for other words, "add as a place".
fn menu(
    ui: &mut Ui,
    project: &Project,
    doc: u32,
    target: Option<&MenuTarget>,
    actions: &mut Vec<Action>,
) {
    match target {
        Some(MenuTarget::Mention(id)) => {
            let Some(m) = project.mentions.iter().find(|m| m.id == *id) else {
                return;
            };
            let place = m.place.and_then(|p| project.place(p));
            ui.weak(match place {
                Some(p) => format!("\"{}\": {}", m.surface, p.name),
                None => format!("\"{}\": not resolved", m.surface),
            });
            ui.separator();
            if let Some(p) = place
                && m.status != MentionStatus::Rejected
                && ui.button("Select on the map").clicked()
            {
                actions.push(Action::Select(Some(p.id)));
                ui.close();
            }
            if m.status == MentionStatus::Rejected {
                if ui.button("It is a place").clicked() {
                    actions.push(Action::Restore { mention: m.id });
                    ui.close();
                }
            } else if ui.button("Not a place").clicked() {
                actions.push(Action::Reject { mention: m.id });
                ui.close();
            }
            if ui
                .button("Untag")
                .on_hover_text("Remove this mention (a tag you added by mistake)")
                .clicked()
            {
                actions.push(Action::Edit {
                    edit: crate::project::edit::Edit::Untag { mention: m.id },
                    select: false,
                });
                ui.close();
            }
            ui.menu_button("Resolve to", |ui| {
                for (i, c) in m.alternatives.iter().enumerate() {
                    let label = format!(
                        "{} ({}, {})",
                        c.name,
                        c.kind.label(&project.lang),
                        c.country.as_deref().unwrap_or("—")
                    );
                    if ui.button(label).clicked() {
                        actions.push(Action::Repoint {
                            mention: m.id,
                            candidate: i,
                        });
                        ui.close();
                    }
                }
                if !m.alternatives.is_empty() {
                    ui.separator();
                }
                if ui.button("Search the gazetteer...").clicked() {
                    actions.push(Action::Search(
                        Purpose::Resolve { mention: m.id },
                        m.surface.clone(),
                    ));
                    ui.close();
                }
            });
        }
        Some(MenuTarget::Words(s, e)) => {
            let Some(text) = project.documents.get(doc as usize).map(|d| &d.text) else {
                return;
            };
            let words = text.get(*s..*e).unwrap_or("");
            if ui
                .button(format!("Add \"{words}\" as a place..."))
                .clicked()
            {
                actions.push(Action::Search(
                    Purpose::Tag {
                        doc,
                        start: *s,
                        end: *e,
                    },
                    words.to_string(),
                ));
                ui.close();
            }
        }
        None => {
            ui.weak("Right-click a word or a highlighted place.");
        }
    }
}

/// The word at byte `at`, extended over the capitalized words that follow it ("Camp Taji",
/// "Aïn al-Assad"): letters, digits, inner hyphens and apostrophes. None off a word.
fn words_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
    if at >= text.len() || !text.is_char_boundary(at) {
        return None;
    }
    if !text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    // Backwards, an apostrophe is an elision ("d'Aïn"): the word starts after it.
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '-')
        .last()
        .map_or(at, |(i, _)| i);
    let word_end = |from: usize| {
        text[from..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len(), |(i, _)| from + i)
    };
    let mut end = word_end(at);
    // Following capitalized words ("Camp Taji") and particles glued to one ("al-Assad"),
    // one space apart.
    while text[end..].starts_with(' ') {
        let next = end + 1;
        let e = word_end(next);
        let w = &text[next..e];
        let capitalized = w.chars().next().is_some_and(char::is_uppercase)
            || w.split_once('-')
                .is_some_and(|(_, r)| r.chars().next().is_some_and(char::is_uppercase));
        if !capitalized {
            break;
        }
        end = e;
    }
    // Trailing hyphens and apostrophes belong to the next word, not this one.
    let trimmed = text[start..end].trim_end_matches(['-', '\'', '’']);
    let start_trim = trimmed.len() - trimmed.trim_start_matches(['-', '\'', '’']).len();
    let (s, e) = (start + start_trim, start + trimmed.len());
    (s < e).then_some((s, e))
}

fn doc_name(d: &crate::document::Document) -> String {
    d.title.clone().unwrap_or_else(|| d.id.clone())
}

/// The galley of a text with its mentions highlighted.
fn layout(
    ui: &Ui,
    text: &str,
    mentions: &[&Mention],
    selected: Option<u32>,
    shown: Option<(usize, usize)>,
) -> std::sync::Arc<egui::Galley> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let dark = ui.visuals().dark_mode;
    let plain = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        line_height: Some(font.size * 1.45),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    for m in mentions {
        if m.start < at || !text.is_char_boundary(m.start) || !text.is_char_boundary(m.end) {
            continue;
        }
        job.append(&text[at..m.start], 0.0, plain.clone());
        let mut f = plain.clone();
        f.background = tint(m, dark);
        f.color = ui.visuals().strong_text_color();
        if m.status == MentionStatus::Rejected {
            f.strikethrough = Stroke::new(1.0, ui.visuals().text_color());
        }
        if selected.is_some() && m.place == selected {
            f.underline = Stroke::new(2.0, ui.visuals().selection.stroke.color);
        }
        if shown == Some((m.start, m.end)) {
            f.background = ui.visuals().selection.bg_fill;
        }
        job.append(&text[m.start..m.end], 0.0, f);
        at = m.end;
    }
    if at < text.len() {
        job.append(&text[at..], 0.0, plain);
    }
    job.wrap.max_width = ui.available_width().max(50.0);
    ui.painter().layout_job(job)
}

#[cfg(test)]
mod tests {
    use super::words_at;

    #[test]
    fn words_at_extend_over_capitalized_names() {
        let t = "Des roquettes ont visé Camp Taji hier, près d'Aïn al-Assad.";
        let at = t.find("Taji").unwrap();
        assert_eq!(words_at(t, at).map(|(s, e)| &t[s..e]), Some("Taji"));
        let at = t.find("Camp").unwrap() + 2;
        assert_eq!(words_at(t, at).map(|(s, e)| &t[s..e]), Some("Camp Taji"));
        let at = t.find("roquettes").unwrap();
        assert_eq!(words_at(t, at).map(|(s, e)| &t[s..e]), Some("roquettes"));
        let at = t.find("Aïn").unwrap();
        assert_eq!(words_at(t, at).map(|(s, e)| &t[s..e]), Some("Aïn al-Assad"));
        assert_eq!(words_at(t, t.find(',').unwrap()), None);
        assert_eq!(words_at(t, t.len()), None);
    }
}
