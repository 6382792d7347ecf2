//! Every user edit, undoable: the command layer between the app and the [`Project`].
//!
//! # Design
//!
//! The app describes what the user did as an [`Edit`] (a plain value: "move place 3 to
//! this point", "add this drawing") and hands it to [`History::apply`], the one function
//! through which the project changes. Applying an edit runs it inside a transaction
//! ([`Tx`]) that records each item it replaces, inserts or removes as a [`Slot`]: the
//! item's position, its old value and its new value. The recorded [`Change`] is the edit's
//! exact effect, so
//!
//! * undo restores the old values in reverse order and redo writes the new ones again,
//!   with no per-edit inverse to write and get wrong (deleting a place touches its
//!   mentions, events and drawings, and undo puts every one back as it was);
//! * a failing edit (an unknown id, a bad colour) rolls back what it had done and leaves
//!   the project exactly as it was;
//! * a change is small (the items it touched, never the documents' text), so the history
//!   can be unlimited;
//! * items are found by id (the position is only a hint), so the history stays valid when
//!   the project grows outside it, e.g. when the app adds an article: undo does not remove
//!   the article, and the edits around it still undo cleanly.
//!
//! The alternatives were snapshots of the whole project (simple, but a copy of every
//! article's text per edit) and hand-written inverse commands (compact, but every command
//! needs a correct inverse, which is where undo bugs live).
//!
//! [`History`] also knows whether there are unsaved changes: each change has a sequence
//! number, the state is the number of the last change applied, and the state at the last
//! save is remembered, so undoing back to the saved state makes the project clean again.
//! [`History::generation`] counts every change of the project, for caches and autosave.
//!
//! # Choices
//!
//! * Deleting a place unresolves its mentions (the place becomes their first alternative,
//!   so "resolve to…" brings it back), takes it out of its events, and leaves drawings
//!   anchored on it where they were, at its point.
//! * Moving a place makes its resolution manual; tagging a span and choosing a place for a
//!   mention confirm the mention.
//! * Untagging removes the mention; "not a place" ([`Edit::RejectMention`]) keeps it,
//!   marked rejected, so the text still shows it was looked at.
//! * Dragging a pin is one edit, applied when the drag ends; the app draws the pin under
//!   the pointer meanwhile.

use thiserror::Error;

use super::exchange::Imported;
use super::{
    Anchor, Candidate, Category, Drawing, Event, LatLon, Mention, MentionStatus, PinStyle, Place,
    PlaceKind, Project, Provenance, Resolution, Shape, Source, Style,
};

/// Why an edit could not be applied. The project is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EditError {
    #[error("there is no place {0}")]
    NoPlace(u32),
    #[error("there is no mention {0}")]
    NoMention(u32),
    #[error("there is no event {0}")]
    NoEvent(u32),
    #[error("there is no source {0}")]
    NoSource(u32),
    #[error("there is no drawing {0}")]
    NoDrawing(u32),
    #[error("there is no category {0}")]
    NoCategory(u32),
    #[error("there is no document {0}")]
    NoDocument(u32),
    #[error("mention {mention} has no alternative {candidate}")]
    NoCandidate { mention: u32, candidate: usize },
    #[error("{0}")]
    Invalid(String),
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Invalid(msg.into()))
}

/// A place to create: from the gazetteer (a search result or a mention's alternative), or a
/// point the user clicked and named.
#[derive(Debug, Clone, PartialEq)]
pub enum NewPlace {
    Candidate(Candidate),
    Point {
        name: String,
        kind: PlaceKind,
        point: LatLon,
    },
}

/// The place of a mention: one of the project's, or a new one.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceChoice {
    Existing(u32),
    New(NewPlace),
}

/// Something the user does to the project. Apply it with [`History::apply`].
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Adds a pin (a gazetteer place already in the project is reused, not doubled).
    AddPlace(NewPlace),
    /// Drags a pin.
    MovePlace {
        place: u32,
        to: LatLon,
    },
    RenamePlace {
        place: u32,
        name: String,
    },
    SetPlaceKind {
        place: u32,
        kind: PlaceKind,
    },
    SetPlaceCategory {
        place: u32,
        category: Option<u32>,
    },
    SetPlaceStyle {
        place: u32,
        style: Option<PinStyle>,
    },
    /// "This is right": the place's resolution becomes confirmed.
    ConfirmPlace {
        place: u32,
    },
    DeletePlace {
        place: u32,
    },
    /// Tags a span of a document's text (byte offsets) as a place.
    TagSpan {
        doc: u32,
        start: usize,
        end: usize,
        place: PlaceChoice,
    },
    /// Removes a mention.
    Untag {
        mention: u32,
    },
    /// Points a mention at one of its alternatives (index into `alternatives`).
    Repoint {
        mention: u32,
        candidate: usize,
    },
    /// Points a mention at a place ("resolve to…").
    ResolveMention {
        mention: u32,
        place: PlaceChoice,
    },
    /// "Not a place".
    RejectMention {
        mention: u32,
    },
    /// Undoes "not a place" outside the history (the mention becomes auto again).
    RestoreMention {
        mention: u32,
    },
    ConfirmMention {
        mention: u32,
    },
    /// Adds an event (its id is chosen here; its provenance becomes `user`).
    AddEvent(Event),
    /// Replaces the event with the same id.
    UpdateEvent(Event),
    DeleteEvent {
        event: u32,
    },
    /// Adds a source for events (an existing one of the same name is reused).
    AddSource {
        name: String,
        kind: String,
    },
    /// Adds a drawing (its id is chosen here).
    AddDrawing(Drawing),
    /// Replaces the drawing with the same id.
    UpdateDrawing(Drawing),
    DeleteDrawing {
        drawing: u32,
    },
    AddCategory {
        name: String,
        color: String,
    },
    /// Replaces the category with the same id.
    UpdateCategory(Category),
    /// Deletes a category; its places lose it.
    DeleteCategory {
        category: u32,
    },
    /// Adds imported places, events and sources (see [`super::exchange`]).
    Import(Imported),
}

/// One recorded replacement: at `index` of its list, `old` became `new` (`None` for an
/// insertion or a removal).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<T> {
    pub index: usize,
    pub old: Option<T>,
    pub new: Option<T>,
}

/// A replacement in one of the project's lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Place(Slot<Place>),
    Mention(Slot<Mention>),
    Event(Slot<Event>),
    Source(Slot<Source>),
    Drawing(Slot<Drawing>),
    Category(Slot<Category>),
}

/// The recorded effect of one edit, with its label for the Edit menu.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub label: String,
    pub ops: Vec<Op>,
    seq: u64,
}

/// An item of one of the project's lists, found by id.
pub trait Item: Clone + PartialEq {
    fn id(&self) -> u32;
    fn list(p: &Project) -> &Vec<Self>;
    fn list_mut(p: &mut Project) -> &mut Vec<Self>;
    fn op(slot: Slot<Self>) -> Op;
}

macro_rules! item {
    ($t:ty, $field:ident, $var:ident) => {
        impl Item for $t {
            fn id(&self) -> u32 {
                self.id
            }
            fn list(p: &Project) -> &Vec<Self> {
                &p.$field
            }
            fn list_mut(p: &mut Project) -> &mut Vec<Self> {
                &mut p.$field
            }
            fn op(slot: Slot<Self>) -> Op {
                Op::$var(slot)
            }
        }
    };
}

item!(Place, places, Place);
item!(Mention, mentions, Mention);
item!(Event, events, Event);
item!(Source, sources, Source);
item!(Drawing, drawings, Drawing);
item!(Category, categories, Category);

/// An id no item of `v` has: one more than the largest.
pub(crate) fn next_id_in<T: Item>(v: &[T]) -> u32 {
    v.iter()
        .map(|x| x.id().saturating_add(1))
        .max()
        .unwrap_or(0)
}

fn locate<T: Item>(v: &[T], hint: usize, id: u32) -> Option<usize> {
    if v.get(hint).is_some_and(|x| x.id() == id) {
        Some(hint)
    } else {
        v.iter().position(|x| x.id() == id)
    }
}

fn run_slot<T: Item>(p: &mut Project, s: &Slot<T>, forward: bool) {
    let (from, to) = if forward {
        (&s.old, &s.new)
    } else {
        (&s.new, &s.old)
    };
    let v = T::list_mut(p);
    match (from, to) {
        (None, Some(new)) => {
            let i = s.index.min(v.len());
            v.insert(i, new.clone());
        }
        (Some(old), None) => {
            if let Some(i) = locate(v, s.index, old.id()) {
                v.remove(i);
            }
        }
        (Some(old), Some(new)) => {
            if let Some(i) = locate(v, s.index, old.id()) {
                v[i] = new.clone();
            }
        }
        (None, None) => {}
    }
}

fn run_op(p: &mut Project, op: &Op, forward: bool) {
    match op {
        Op::Place(s) => run_slot(p, s, forward),
        Op::Mention(s) => run_slot(p, s, forward),
        Op::Event(s) => run_slot(p, s, forward),
        Op::Source(s) => run_slot(p, s, forward),
        Op::Drawing(s) => run_slot(p, s, forward),
        Op::Category(s) => run_slot(p, s, forward),
    }
}

/// An edit in progress: changes the project and records how.
pub struct Tx<'p> {
    p: &'p mut Project,
    ops: Vec<Op>,
}

impl<'p> Tx<'p> {
    fn new(p: &'p mut Project) -> Tx<'p> {
        Tx { p, ops: Vec::new() }
    }

    /// The project as the edit has left it so far.
    pub fn project(&self) -> &Project {
        self.p
    }

    /// The item with this id.
    pub fn get<T: Item>(&self, id: u32) -> Option<&T> {
        T::list(self.p).iter().find(|x| x.id() == id)
    }

    /// An id no item of this list has.
    pub fn next_id<T: Item>(&self) -> u32 {
        next_id_in(T::list(self.p))
    }

    /// Replaces the item with the same id, or appends it.
    pub fn put<T: Item>(&mut self, new: T) {
        let v = T::list_mut(self.p);
        match v.iter().position(|x| x.id() == new.id()) {
            Some(i) => {
                if v[i] == new {
                    return;
                }
                let old = std::mem::replace(&mut v[i], new.clone());
                self.ops.push(T::op(Slot {
                    index: i,
                    old: Some(old),
                    new: Some(new),
                }));
            }
            None => {
                let i = v.len();
                self.insert_at(i, new);
            }
        }
    }

    /// Inserts a new item at `index` (clamped to the list's length).
    pub fn insert_at<T: Item>(&mut self, index: usize, new: T) {
        let v = T::list_mut(self.p);
        let index = index.min(v.len());
        v.insert(index, new.clone());
        self.ops.push(T::op(Slot {
            index,
            old: None,
            new: Some(new),
        }));
    }

    /// Removes the item with this id, returning it.
    pub fn remove<T: Item>(&mut self, id: u32) -> Option<T> {
        let v = T::list_mut(self.p);
        let i = v.iter().position(|x| x.id() == id)?;
        let old = v.remove(i);
        self.ops.push(T::op(Slot {
            index: i,
            old: Some(old.clone()),
            new: None,
        }));
        Some(old)
    }

    /// Changes the item with this id through `f`; `missing` is the error when there is
    /// none.
    pub fn update<T: Item>(
        &mut self,
        id: u32,
        missing: EditError,
        f: impl FnOnce(&mut T),
    ) -> Result<(), EditError> {
        let mut x = self.get::<T>(id).cloned().ok_or(missing)?;
        f(&mut x);
        self.put(x);
        Ok(())
    }

    /// Undoes what this transaction did.
    fn rollback(self) {
        for op in self.ops.iter().rev() {
            run_op(self.p, op, false);
        }
    }
}

/// The undo and redo stacks of a session, and whether the project has unsaved changes.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    last_seq: u64,
    /// The state (sequence number of the last applied change, 0 for none) at the last save;
    /// `None` when the project changed outside the history since.
    saved: Option<u64>,
    generation: u64,
}

impl History {
    /// An empty history of a project that is saved as it is (just opened, or new).
    pub fn new() -> History {
        History {
            saved: Some(0),
            ..History::default()
        }
    }

    /// Applies an edit and records it; returns the id of the item it created or changed
    /// (the new place, mention, event, drawing, category or source; the edited one
    /// otherwise; `None` for deletions and imports). An edit that changes nothing is not
    /// recorded.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<Option<u32>, EditError> {
        let label = edit.label(project);
        let mut tx = Tx::new(project);
        match run_edit(&mut tx, edit) {
            Ok(id) => {
                if !tx.ops.is_empty() {
                    self.last_seq += 1;
                    self.undo.push(Change {
                        label,
                        ops: tx.ops,
                        seq: self.last_seq,
                    });
                    self.redo.clear();
                    self.generation += 1;
                }
                Ok(id)
            }
            Err(e) => {
                tx.rollback();
                Err(e)
            }
        }
    }

    /// Undoes the last change; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let c = self.undo.pop()?;
        for op in c.ops.iter().rev() {
            run_op(project, op, false);
        }
        let label = c.label.clone();
        self.redo.push(c);
        self.generation += 1;
        Some(label)
    }

    /// Redoes the last undone change; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let c = self.redo.pop()?;
        for op in &c.ops {
            run_op(project, op, true);
        }
        let label = c.label.clone();
        self.undo.push(c);
        self.generation += 1;
        Some(label)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// "Move Erbil": the label of what Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|c| c.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|c| c.label.as_str())
    }

    /// The recorded changes, oldest first.
    pub fn changes(&self) -> &[Change] {
        &self.undo
    }

    fn state(&self) -> u64 {
        self.undo.last().map_or(0, |c| c.seq)
    }

    /// Whether the project differs from its last saved (or opened) state.
    pub fn is_dirty(&self) -> bool {
        self.saved != Some(self.state())
    }

    /// Call after saving the project.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.state());
    }

    /// Call after changing the project outside the history (adding an article): the
    /// project has unsaved changes until the next save.
    pub fn mark_modified(&mut self) {
        self.saved = None;
        self.generation += 1;
    }

    /// Counts every change of the project (apply, undo, redo, outside changes): a cache or
    /// the autosave compares it with the value it last saw.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Forgets every change (when another project is opened).
    pub fn clear(&mut self) {
        *self = History::new();
    }
}

// ---------------------------------------------------------------------------------------
// Labels

fn tr(p: &Project, en: &str, fr: &str) -> String {
    if p.lang == "fr" { fr } else { en }.to_string()
}

fn place_name(p: &Project, id: u32) -> String {
    p.place(id)
        .map_or_else(|| format!("#{id}"), |x| x.name.clone())
}

fn mention_name(p: &Project, id: u32) -> String {
    p.mentions
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| format!("#{id}"), |m| m.surface.clone())
}

fn new_place_name(n: &NewPlace) -> &str {
    match n {
        NewPlace::Candidate(c) => &c.name,
        NewPlace::Point { name, .. } => name,
    }
}

fn event_name(p: &Project, id: u32) -> String {
    p.events
        .iter()
        .find(|e| e.id == id)
        .map_or_else(|| format!("#{id}"), |e| e.title.clone())
}

fn shape_name(p: &Project, s: &Shape) -> String {
    match s {
        Shape::Arrow { .. } => tr(p, "arrow", "flèche"),
        Shape::Line { .. } => tr(p, "line", "ligne"),
        Shape::Polygon { .. } => tr(p, "area", "zone"),
        Shape::Label { .. } => tr(p, "label", "étiquette"),
        Shape::Callout { .. } => tr(p, "callout", "bulle"),
    }
}

impl Edit {
    /// A short label for the Edit menu ("Move Erbil"), in the project's language.
    pub fn label(&self, p: &Project) -> String {
        let t = |en: &str, fr: &str, what: &str| format!("{} {what}", tr(p, en, fr));
        match self {
            Edit::AddPlace(n) => t("Add", "Ajouter", new_place_name(n)),
            Edit::MovePlace { place, .. } => t("Move", "Déplacer", &place_name(p, *place)),
            Edit::RenamePlace { place, .. } => t("Rename", "Renommer", &place_name(p, *place)),
            Edit::SetPlaceKind { place, .. } => t(
                "Change kind of",
                "Changer le type de",
                &place_name(p, *place),
            ),
            Edit::SetPlaceCategory { place, .. } => t(
                "Change category of",
                "Changer la catégorie de",
                &place_name(p, *place),
            ),
            Edit::SetPlaceStyle { place, .. } => t(
                "Change style of",
                "Changer le style de",
                &place_name(p, *place),
            ),
            Edit::ConfirmPlace { place } => t("Confirm", "Confirmer", &place_name(p, *place)),
            Edit::DeletePlace { place } => t("Delete", "Supprimer", &place_name(p, *place)),
            Edit::TagSpan {
                doc, start, end, ..
            } => {
                let s = p
                    .documents
                    .get(*doc as usize)
                    .and_then(|d| d.text.get(*start..*end))
                    .unwrap_or("");
                t("Tag", "Marquer", s)
            }
            Edit::Untag { mention } => t("Untag", "Démarquer", &mention_name(p, *mention)),
            Edit::Repoint { mention, .. } | Edit::ResolveMention { mention, .. } => {
                t("Resolve", "Résoudre", &mention_name(p, *mention))
            }
            Edit::RejectMention { mention } => format!(
                "{} {}",
                mention_name(p, *mention),
                tr(p, "is not a place", "n'est pas un lieu")
            ),
            Edit::RestoreMention { mention } => {
                t("Restore", "Rétablir", &mention_name(p, *mention))
            }
            Edit::ConfirmMention { mention } => {
                t("Confirm", "Confirmer", &mention_name(p, *mention))
            }
            Edit::AddEvent(e) => t("Add event", "Ajouter l'événement", &e.title),
            Edit::UpdateEvent(e) => t("Edit event", "Modifier l'événement", &e.title),
            Edit::DeleteEvent { event } => t(
                "Delete event",
                "Supprimer l'événement",
                &event_name(p, *event),
            ),
            Edit::AddSource { name, .. } => t("Add source", "Ajouter la source", name),
            Edit::AddDrawing(d) => t("Draw", "Dessiner", &shape_name(p, &d.shape)),
            Edit::UpdateDrawing(d) => t("Edit", "Modifier", &shape_name(p, &d.shape)),
            Edit::DeleteDrawing { drawing } => {
                let what = p
                    .drawings
                    .iter()
                    .find(|d| d.id == *drawing)
                    .map_or_else(|| tr(p, "drawing", "dessin"), |d| shape_name(p, &d.shape));
                t("Delete", "Supprimer", &what)
            }
            Edit::AddCategory { name, .. } => t("Add category", "Ajouter la catégorie", name),
            Edit::UpdateCategory(c) => t("Edit category", "Modifier la catégorie", &c.name),
            Edit::DeleteCategory { category } => {
                let name = p
                    .categories
                    .iter()
                    .find(|c| c.id == *category)
                    .map_or_else(|| format!("#{category}"), |c| c.name.clone());
                t("Delete category", "Supprimer la catégorie", &name)
            }
            Edit::Import(i) => format!(
                "{} ({} + {})",
                tr(p, "Import", "Importer"),
                i.places.len(),
                i.events.len()
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Checks

fn check_point(pt: &LatLon) -> Result<(), EditError> {
    if super::exchange::on_earth(pt.lat, pt.lon) {
        Ok(())
    } else {
        invalid(format!(
            "{}, {} is not a point on Earth (latitude within ±90°, longitude within ±180°)",
            pt.lat, pt.lon
        ))
    }
}

/// Whether `s` is a `#rrggbb` colour.
pub fn is_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_color(s: &str) -> Result<(), EditError> {
    if is_color(s) {
        Ok(())
    } else {
        invalid(format!("{s:?} is not a colour (expected #rrggbb)"))
    }
}

fn check_name(s: &str, what: &str) -> Result<String, EditError> {
    let t = s.trim();
    if t.is_empty() {
        return invalid(format!("the {what} needs a name"));
    }
    Ok(t.to_string())
}

fn check_place(tx: &Tx, id: u32) -> Result<(), EditError> {
    tx.get::<Place>(id)
        .map(|_| ())
        .ok_or(EditError::NoPlace(id))
}

fn check_span(tx: &Tx, doc: u32, start: usize, end: usize) -> Result<(), EditError> {
    let d = tx
        .project()
        .documents
        .get(doc as usize)
        .ok_or(EditError::NoDocument(doc))?;
    if start >= end
        || end > d.text.len()
        || !d.text.is_char_boundary(start)
        || !d.text.is_char_boundary(end)
    {
        return invalid(format!(
            "bytes {start}..{end} are not a span of document {doc}'s text"
        ));
    }
    Ok(())
}

fn check_event(tx: &Tx, e: &Event) -> Result<(), EditError> {
    if e.kind.trim().is_empty() {
        return invalid("an event needs a type");
    }
    for &p in &e.places {
        check_place(tx, p)?;
    }
    for s in &e.sources {
        if tx.get::<Source>(s.source).is_none() {
            return Err(EditError::NoSource(s.source));
        }
        if let Some(d) = s.via
            && d as usize >= tx.project().documents.len()
        {
            return Err(EditError::NoDocument(d));
        }
    }
    for ev in &e.evidence {
        check_span(tx, ev.doc, ev.start, ev.end)?;
    }
    Ok(())
}

fn check_style(s: &Style) -> Result<(), EditError> {
    check_color(&s.color)?;
    if !(s.width.is_finite() && s.width > 0.0 && s.width <= 50.0) {
        return invalid("a line width is between 0 and 50 pixels");
    }
    if !(0.0..=1.0).contains(&s.fill_opacity) {
        return invalid("a fill opacity is between 0 and 1");
    }
    Ok(())
}

fn check_anchor(tx: &Tx, a: &Anchor) -> Result<(), EditError> {
    match a {
        Anchor::Place(id) => check_place(tx, *id),
        Anchor::Point(p) => check_point(p),
    }
}

fn check_drawing(tx: &Tx, d: &Drawing) -> Result<(), EditError> {
    check_style(&d.style)?;
    let needs_text = match &d.shape {
        Shape::Arrow { from, to } => {
            check_anchor(tx, from)?;
            check_anchor(tx, to)?;
            if from == to {
                return invalid("an arrow needs two different ends");
            }
            false
        }
        Shape::Line { points } => {
            if points.len() < 2 {
                return invalid("a line needs at least two points");
            }
            points.iter().try_for_each(check_point)?;
            false
        }
        Shape::Polygon { points } => {
            if points.len() < 3 {
                return invalid("an area needs at least three points");
            }
            points.iter().try_for_each(check_point)?;
            false
        }
        Shape::Label { at } => {
            check_point(at)?;
            true
        }
        Shape::Callout { at, text_at } => {
            check_anchor(tx, at)?;
            check_point(text_at)?;
            true
        }
    };
    if needs_text && d.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return invalid("a label or callout needs a text");
    }
    for &e in &d.events {
        if tx.get::<Event>(e).is_none() {
            return Err(EditError::NoEvent(e));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Edits

/// The project's place for a new place: a gazetteer place already there, or a new one.
fn add_place(tx: &mut Tx, n: NewPlace) -> Result<u32, EditError> {
    let place = match n {
        NewPlace::Candidate(c) => {
            check_point(&c.point)?;
            let name = check_name(&c.name, "place")?;
            if !c.gazetteer_ref.is_empty() {
                if let Some(p) = tx
                    .project()
                    .places
                    .iter()
                    .find(|p| p.gazetteer_ref.as_deref() == Some(c.gazetteer_ref.as_str()))
                {
                    return Ok(p.id);
                }
            } else if let Some(p) = tx
                .project()
                .places
                .iter()
                .find(|p| p.gazetteer_ref.is_none() && p.name == name && p.point == c.point)
            {
                return Ok(p.id);
            }
            Place {
                id: tx.next_id::<Place>(),
                name,
                names: Vec::new(),
                kind: c.kind,
                point: c.point,
                country: c.country,
                gazetteer_ref: (!c.gazetteer_ref.is_empty()).then_some(c.gazetteer_ref),
                rank: 128,
                resolution: Resolution::Manual,
                category: None,
                style: None,
            }
        }
        NewPlace::Point { name, kind, point } => {
            check_point(&point)?;
            Place {
                id: tx.next_id::<Place>(),
                name: check_name(&name, "place")?,
                names: Vec::new(),
                kind,
                point,
                country: None,
                gazetteer_ref: None,
                rank: 128,
                resolution: Resolution::Manual,
                category: None,
                style: None,
            }
        }
    };
    let id = place.id;
    tx.put(place);
    Ok(id)
}

fn choose_place(tx: &mut Tx, c: PlaceChoice) -> Result<u32, EditError> {
    match c {
        PlaceChoice::Existing(id) => check_place(tx, id).map(|_| id),
        PlaceChoice::New(n) => add_place(tx, n),
    }
}

/// Points mention `mention` at `place`, keeping its previous place first among its
/// alternatives.
fn point_mention(tx: &mut Tx, mention: u32, place: u32) -> Result<(), EditError> {
    let m = tx
        .get::<Mention>(mention)
        .cloned()
        .ok_or(EditError::NoMention(mention))?;
    let mut m2 = m.clone();
    if m.place != Some(place) {
        if let Some(old) = m.place.and_then(|id| tx.get::<Place>(id)) {
            let cand = old.as_candidate(m.confidence);
            m2.alternatives.retain(|a| {
                !(a.gazetteer_ref == cand.gazetteer_ref
                    && (!a.gazetteer_ref.is_empty() || a.point == cand.point))
            });
            m2.alternatives.insert(0, cand);
        }
        // The new place is no longer an alternative.
        if let Some(new) = tx.get::<Place>(place) {
            let (gref, point) = (new.gazetteer_ref.clone().unwrap_or_default(), new.point);
            m2.alternatives
                .retain(|a| !(a.gazetteer_ref == gref && (!gref.is_empty() || a.point == point)));
        }
    }
    m2.place = Some(place);
    m2.status = MentionStatus::Confirmed;
    tx.put(m2);
    Ok(())
}

fn set_status(tx: &mut Tx, mention: u32, status: MentionStatus) -> Result<Option<u32>, EditError> {
    tx.update::<Mention>(mention, EditError::NoMention(mention), |m| {
        m.status = status;
    })?;
    Ok(Some(mention))
}

fn update_place(
    tx: &mut Tx,
    place: u32,
    f: impl FnOnce(&mut Place),
) -> Result<Option<u32>, EditError> {
    tx.update::<Place>(place, EditError::NoPlace(place), f)?;
    Ok(Some(place))
}

fn delete_place(tx: &mut Tx, place: u32) -> Result<(), EditError> {
    let p = tx.remove::<Place>(place).ok_or(EditError::NoPlace(place))?;
    let mentions: Vec<Mention> = tx
        .project()
        .mentions
        .iter()
        .filter(|m| m.place == Some(place))
        .cloned()
        .collect();
    for mut m in mentions {
        m.alternatives.insert(0, p.as_candidate(m.confidence));
        m.place = None;
        tx.put(m);
    }
    let events: Vec<Event> = tx
        .project()
        .events
        .iter()
        .filter(|e| e.places.contains(&place))
        .cloned()
        .collect();
    for mut e in events {
        e.places.retain(|&x| x != place);
        tx.put(e);
    }
    let unpin = |a: &mut Anchor| {
        if *a == Anchor::Place(place) {
            *a = Anchor::Point(p.point);
        }
    };
    let drawings: Vec<Drawing> = tx.project().drawings.clone();
    for mut d in drawings {
        let before = d.clone();
        match &mut d.shape {
            Shape::Arrow { from, to } => {
                unpin(from);
                unpin(to);
            }
            Shape::Callout { at, .. } => unpin(at),
            _ => {}
        }
        if d != before {
            tx.put(d);
        }
    }
    Ok(())
}

fn run_edit(tx: &mut Tx, edit: Edit) -> Result<Option<u32>, EditError> {
    match edit {
        Edit::AddPlace(n) => add_place(tx, n).map(Some),
        Edit::MovePlace { place, to } => {
            check_point(&to)?;
            update_place(tx, place, |p| {
                p.point = to;
                p.resolution = Resolution::Manual;
            })
        }
        Edit::RenamePlace { place, name } => {
            let name = check_name(&name, "place")?;
            update_place(tx, place, |p| p.name = name)
        }
        Edit::SetPlaceKind { place, kind } => update_place(tx, place, |p| p.kind = kind),
        Edit::SetPlaceCategory { place, category } => {
            if let Some(c) = category
                && tx.get::<Category>(c).is_none()
            {
                return Err(EditError::NoCategory(c));
            }
            update_place(tx, place, |p| p.category = category)
        }
        Edit::SetPlaceStyle { place, style } => {
            if let Some(s) = &style {
                if let Some(c) = &s.color {
                    check_color(c)?;
                }
                if !(s.size.is_finite() && s.size > 0.0 && s.size <= 10.0) {
                    return invalid("a pin's size is between 0 and 10 times the default");
                }
            }
            update_place(tx, place, |p| p.style = style)
        }
        Edit::ConfirmPlace { place } => update_place(tx, place, |p| {
            if matches!(p.resolution, Resolution::Auto { .. }) {
                p.resolution = Resolution::Confirmed;
            }
        }),
        Edit::DeletePlace { place } => delete_place(tx, place).map(|_| None),
        Edit::TagSpan {
            doc,
            start,
            end,
            place,
        } => {
            check_span(tx, doc, start, end)?;
            if tx
                .project()
                .mentions
                .iter()
                .any(|m| m.doc == doc && m.start == start && m.end == end)
            {
                return invalid("this span is already tagged: resolve its mention instead");
            }
            let place = choose_place(tx, place)?;
            let surface = tx
                .project()
                .documents
                .get(doc as usize)
                .and_then(|d| d.text.get(start..end))
                .unwrap_or_default()
                .to_string();
            let id = tx.next_id::<Mention>();
            let at = tx
                .project()
                .mentions
                .iter()
                .position(|m| (m.doc, m.start) > (doc, start))
                .unwrap_or(tx.project().mentions.len());
            tx.insert_at(
                at,
                Mention {
                    id,
                    doc,
                    start,
                    end,
                    surface,
                    place: Some(place),
                    confidence: 1.0,
                    alternatives: Vec::new(),
                    status: MentionStatus::Confirmed,
                },
            );
            Ok(Some(id))
        }
        Edit::Untag { mention } => {
            tx.remove::<Mention>(mention)
                .ok_or(EditError::NoMention(mention))?;
            Ok(None)
        }
        Edit::Repoint { mention, candidate } => {
            let cand = tx
                .get::<Mention>(mention)
                .ok_or(EditError::NoMention(mention))?
                .alternatives
                .get(candidate)
                .cloned()
                .ok_or(EditError::NoCandidate { mention, candidate })?;
            let place = add_place(tx, NewPlace::Candidate(cand))?;
            point_mention(tx, mention, place)?;
            Ok(Some(place))
        }
        Edit::ResolveMention { mention, place } => {
            if tx.get::<Mention>(mention).is_none() {
                return Err(EditError::NoMention(mention));
            }
            let place = choose_place(tx, place)?;
            point_mention(tx, mention, place)?;
            Ok(Some(place))
        }
        Edit::RejectMention { mention } => set_status(tx, mention, MentionStatus::Rejected),
        Edit::RestoreMention { mention } => set_status(tx, mention, MentionStatus::Auto),
        Edit::ConfirmMention { mention } => set_status(tx, mention, MentionStatus::Confirmed),
        Edit::AddEvent(mut e) => {
            check_event(tx, &e)?;
            e.id = tx.next_id::<Event>();
            e.provenance = Provenance::User;
            let id = e.id;
            tx.put(e);
            Ok(Some(id))
        }
        Edit::UpdateEvent(e) => {
            if tx.get::<Event>(e.id).is_none() {
                return Err(EditError::NoEvent(e.id));
            }
            check_event(tx, &e)?;
            let id = e.id;
            tx.put(e);
            Ok(Some(id))
        }
        Edit::DeleteEvent { event } => {
            tx.remove::<Event>(event).ok_or(EditError::NoEvent(event))?;
            let drawings: Vec<Drawing> = tx
                .project()
                .drawings
                .iter()
                .filter(|d| d.events.contains(&event))
                .cloned()
                .collect();
            for mut d in drawings {
                d.events.retain(|&x| x != event);
                tx.put(d);
            }
            Ok(None)
        }
        Edit::AddSource { name, kind } => {
            let name = check_name(&name, "source")?;
            if let Some(id) = tx.project().shared_source(&name) {
                return Ok(Some(id));
            }
            let id = tx.next_id::<Source>();
            let kind = if kind.trim().is_empty() {
                "unknown".to_string()
            } else {
                kind.trim().to_string()
            };
            tx.put(Source {
                id,
                name,
                kind,
                doc: None,
            });
            Ok(Some(id))
        }
        Edit::AddDrawing(mut d) => {
            check_drawing(tx, &d)?;
            d.id = tx.next_id::<Drawing>();
            let id = d.id;
            tx.put(d);
            Ok(Some(id))
        }
        Edit::UpdateDrawing(d) => {
            if tx.get::<Drawing>(d.id).is_none() {
                return Err(EditError::NoDrawing(d.id));
            }
            check_drawing(tx, &d)?;
            let id = d.id;
            tx.put(d);
            Ok(Some(id))
        }
        Edit::DeleteDrawing { drawing } => {
            tx.remove::<Drawing>(drawing)
                .ok_or(EditError::NoDrawing(drawing))?;
            Ok(None)
        }
        Edit::AddCategory { name, color } => {
            let name = check_name(&name, "category")?;
            check_color(&color)?;
            let id = tx.next_id::<Category>();
            tx.put(Category { id, name, color });
            Ok(Some(id))
        }
        Edit::UpdateCategory(c) => {
            if tx.get::<Category>(c.id).is_none() {
                return Err(EditError::NoCategory(c.id));
            }
            let name = check_name(&c.name, "category")?;
            check_color(&c.color)?;
            let id = c.id;
            tx.put(Category { name, ..c });
            Ok(Some(id))
        }
        Edit::DeleteCategory { category } => {
            tx.remove::<Category>(category)
                .ok_or(EditError::NoCategory(category))?;
            let places: Vec<Place> = tx
                .project()
                .places
                .iter()
                .filter(|p| p.category == Some(category))
                .cloned()
                .collect();
            for mut p in places {
                p.category = None;
                tx.put(p);
            }
            Ok(None)
        }
        Edit::Import(i) => super::exchange::merge_imported(tx, i).map(|_| None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    fn project() -> Project {
        let mut p = Project::new("en");
        p.documents.push(document::from_text(
            "a",
            "Missiles hit Erbil and Al Asad.".into(),
            Some("en"),
        ));
        let mut h = History::new();
        let erbil = h
            .apply(
                &mut p,
                Edit::AddPlace(NewPlace::Candidate(Candidate {
                    name: "Erbil".into(),
                    kind: PlaceKind::City,
                    point: LatLon {
                        lat: 36.19,
                        lon: 44.01,
                    },
                    country: Some("IQ".into()),
                    gazetteer_ref: "geonames:95446".into(),
                    score: 1.0,
                })),
            )
            .unwrap()
            .unwrap();
        h.apply(
            &mut p,
            Edit::TagSpan {
                doc: 0,
                start: 13,
                end: 18,
                place: PlaceChoice::Existing(erbil),
            },
        )
        .unwrap();
        p
    }

    #[test]
    fn move_undo_redo_and_dirty() {
        let mut p = project();
        let orig = p.clone();
        let mut h = History::new();
        assert!(!h.is_dirty());
        let to = LatLon {
            lat: 36.0,
            lon: 44.0,
        };
        h.apply(&mut p, Edit::MovePlace { place: 0, to }).unwrap();
        assert_eq!(h.undo_label(), Some("Move Erbil"));
        assert!(h.is_dirty());
        assert_eq!(p.places[0].point, to);
        assert_eq!(p.places[0].resolution, Resolution::Manual);
        assert_eq!(h.undo(&mut p).as_deref(), Some("Move Erbil"));
        assert_eq!(p, orig);
        assert!(!h.is_dirty());
        h.redo(&mut p);
        assert_eq!(p.places[0].point, to);
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut p);
        assert!(h.is_dirty());
    }

    #[test]
    fn a_failed_edit_changes_nothing() {
        let mut p = project();
        let orig = p.clone();
        let mut h = History::new();
        let bad = Drawing {
            id: 0,
            shape: Shape::Arrow {
                from: Anchor::Place(0),
                to: Anchor::Place(9),
            },
            text: None,
            style: Style::default(),
            events: Vec::new(),
        };
        assert_eq!(
            h.apply(&mut p, Edit::AddDrawing(bad)),
            Err(EditError::NoPlace(9))
        );
        // A tag whose new place is fine but whose span is taken: the place is rolled back.
        let e = h.apply(
            &mut p,
            Edit::TagSpan {
                doc: 0,
                start: 13,
                end: 18,
                place: PlaceChoice::New(NewPlace::Point {
                    name: "X".into(),
                    kind: PlaceKind::Other,
                    point: LatLon { lat: 1.0, lon: 1.0 },
                }),
            },
        );
        assert!(matches!(e, Err(EditError::Invalid(_))));
        assert_eq!(p, orig);
        assert!(!h.can_undo());
    }

    #[test]
    fn deleting_a_place_unresolves_and_unpins_and_undo_restores_all() {
        let mut p = project();
        let mut h = History::new();
        let d = h
            .apply(
                &mut p,
                Edit::AddDrawing(Drawing {
                    id: 0,
                    shape: Shape::Arrow {
                        from: Anchor::Point(LatLon {
                            lat: 32.0,
                            lon: 53.0,
                        }),
                        to: Anchor::Place(0),
                    },
                    text: None,
                    style: Style::default(),
                    events: Vec::new(),
                }),
            )
            .unwrap()
            .unwrap();
        let before = p.clone();
        h.apply(&mut p, Edit::DeletePlace { place: 0 }).unwrap();
        assert!(p.places.is_empty());
        assert_eq!(p.mentions[0].place, None);
        assert_eq!(p.mentions[0].alternatives[0].name, "Erbil");
        let dr = p.drawings.iter().find(|x| x.id == d).unwrap();
        assert!(matches!(
            dr.shape,
            Shape::Arrow {
                to: Anchor::Point(_),
                ..
            }
        ));
        h.undo(&mut p);
        assert_eq!(p, before);
        // Resolving back through the alternative finds the same gazetteer place again.
        h.redo(&mut p);
        h.apply(
            &mut p,
            Edit::Repoint {
                mention: 0,
                candidate: 0,
            },
        )
        .unwrap();
        assert_eq!(p.places.len(), 1);
        assert_eq!(p.mentions[0].place, Some(p.places[0].id));
    }

    #[test]
    fn repoint_keeps_the_old_place_as_an_alternative() {
        let mut p = project();
        p.mentions[0].alternatives.push(Candidate {
            name: "Arbil governorate".into(),
            kind: PlaceKind::Region,
            point: LatLon {
                lat: 36.5,
                lon: 44.3,
            },
            country: Some("IQ".into()),
            gazetteer_ref: "geonames:95445".into(),
            score: 0.3,
        });
        let mut h = History::new();
        let id = h
            .apply(
                &mut p,
                Edit::Repoint {
                    mention: 0,
                    candidate: 0,
                },
            )
            .unwrap()
            .unwrap();
        assert_ne!(id, 0);
        assert_eq!(p.mentions[0].place, Some(id));
        assert_eq!(p.mentions[0].alternatives.len(), 1);
        assert_eq!(p.mentions[0].alternatives[0].name, "Erbil");
        assert_eq!(
            h.apply(
                &mut p,
                Edit::Repoint {
                    mention: 0,
                    candidate: 5
                }
            ),
            Err(EditError::NoCandidate {
                mention: 0,
                candidate: 5
            })
        );
    }

    #[test]
    fn categories() {
        let mut p = project();
        let mut h = History::new();
        assert!(matches!(
            h.apply(
                &mut p,
                Edit::AddCategory {
                    name: "Bases".into(),
                    color: "red".into()
                }
            ),
            Err(EditError::Invalid(_))
        ));
        let c = h
            .apply(
                &mut p,
                Edit::AddCategory {
                    name: "Bases".into(),
                    color: "#aa0000".into(),
                },
            )
            .unwrap()
            .unwrap();
        h.apply(
            &mut p,
            Edit::SetPlaceCategory {
                place: 0,
                category: Some(c),
            },
        )
        .unwrap();
        assert_eq!(p.places[0].category, Some(c));
        h.apply(&mut p, Edit::DeleteCategory { category: c })
            .unwrap();
        assert_eq!(p.places[0].category, None);
        assert_eq!(h.undo_label(), Some("Delete category Bases"));
        h.undo(&mut p);
        assert_eq!(p.places[0].category, Some(c));
    }
}
