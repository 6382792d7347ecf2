//! What the panels ask the app to do.
//!
//! Panels do not change the project themselves: they return [`Action`]s, and the app applies
//! them in one place after drawing, which keeps the borrow of the project simple. Every
//! action that changes the project becomes a [`crate::project::edit::Edit`] applied through
//! the app's undo history, so each can be undone and redone.

use super::search::Purpose;
use crate::project::edit::{Edit, NewPlace, PlaceChoice};

/// Something the user asked for in a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Select a place (by id), or clear the selection.
    Select(Option<u32>),
    /// Show a span of a document in the article view.
    ShowText { doc: u32, start: usize, end: usize },
    /// Point a mention at one of its alternatives (index into `alternatives`).
    Repoint { mention: u32, candidate: usize },
    /// Mark a mention as not a place.
    Reject { mention: u32 },
    /// Undo "not a place".
    Restore { mention: u32 },
    /// Show one document of the project in the article view.
    ShowDocument(u32),
    /// Point a mention at a place found by searching (not one of its alternatives).
    ResolveTo { mention: u32, place: PlaceChoice },
    /// Put a place on the map (from the place search).
    AddPlace(NewPlace),
    /// Make a span of a document a mention of a place.
    TagSpan {
        doc: u32,
        start: usize,
        end: usize,
        place: PlaceChoice,
    },
    /// Open the place search for a purpose, with a first query.
    Search(Purpose, String),
    /// Apply an edit of the project as it is (through the undo history); select the place
    /// it gives, when `select` and the edit is about a place.
    Edit { edit: Edit, select: bool },
}
