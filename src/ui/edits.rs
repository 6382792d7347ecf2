//! What the panels ask the app to do, and the corrections the user makes to mentions.
//!
//! Panels do not change the project themselves: they return [`Action`]s, and the app applies
//! them in one place after drawing, which keeps the borrow of the project simple and gives one
//! spot where a future undo history records every edit. The two corrections so far are
//! [`repoint`] ("use this place" on a mention's alternative) and [`reject`] ("not a place").

use super::search::Purpose;
use crate::project::{Candidate, Mention, MentionStatus, Place, Project, Resolution};

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
    ResolveTo { mention: u32, candidate: Candidate },
    /// Put a place on the map (from the place search).
    AddPlace(Candidate),
    /// Make a span of a document a mention of a place.
    TagSpan {
        doc: u32,
        start: usize,
        end: usize,
        candidate: Candidate,
    },
    /// Open the place search for a purpose, with a first query.
    Search(Purpose, String),
}

/// Points a mention at one of its alternatives, adding the place to the project when it is
/// not there yet; the previous place becomes an alternative, so the choice can be reversed.
/// Returns the id of the mention's new place, or `None` when the mention or the candidate
/// does not exist.
pub fn repoint(project: &mut Project, mention: u32, candidate: usize) -> Option<u32> {
    let mi = project.mentions.iter().position(|m| m.id == mention)?;
    let cand = project.mentions[mi].alternatives.get(candidate)?.clone();
    let place_id = match project
        .places
        .iter()
        .find(|p| p.gazetteer_ref.as_deref() == Some(cand.gazetteer_ref.as_str()))
    {
        Some(p) => p.id,
        None => {
            let id = project.places.iter().map(|p| p.id + 1).max().unwrap_or(0);
            project.places.push(Place {
                id,
                name: cand.name.clone(),
                names: Vec::new(),
                kind: cand.kind,
                point: cand.point,
                country: cand.country.clone(),
                gazetteer_ref: Some(cand.gazetteer_ref.clone()),
                rank: 128,
                resolution: Resolution::Manual,
                category: None,
                style: None,
            });
            id
        }
    };
    let old = project.mentions[mi]
        .place
        .and_then(|id| project.place(id))
        .map(|p| Candidate {
            name: p.name.clone(),
            kind: p.kind,
            point: p.point,
            country: p.country.clone(),
            gazetteer_ref: p.gazetteer_ref.clone().unwrap_or_default(),
            score: project.mentions[mi].confidence,
        });
    let m = &mut project.mentions[mi];
    m.alternatives.remove(candidate);
    if let Some(old) = old {
        m.alternatives.insert(0, old);
    }
    m.place = Some(place_id);
    m.status = MentionStatus::Confirmed;
    Some(place_id)
}

/// The project's place for a candidate (same gazetteer reference), added as the user's
/// choice when it is not there yet. Returns its id.
pub fn place_for(project: &mut Project, cand: &Candidate) -> u32 {
    let found = project.places.iter_mut().find(|p| {
        !cand.gazetteer_ref.is_empty() && p.gazetteer_ref.as_deref() == Some(&cand.gazetteer_ref)
    });
    if let Some(p) = found {
        if matches!(p.resolution, Resolution::Auto { .. }) {
            p.resolution = Resolution::Confirmed;
        }
        return p.id;
    }
    let id = project.places.iter().map(|p| p.id + 1).max().unwrap_or(0);
    project.places.push(Place {
        id,
        name: cand.name.clone(),
        names: Vec::new(),
        kind: cand.kind,
        point: cand.point,
        country: cand.country.clone(),
        gazetteer_ref: (!cand.gazetteer_ref.is_empty()).then(|| cand.gazetteer_ref.clone()),
        rank: 128,
        resolution: Resolution::Manual,
    });
    id
}

/// Points a mention at a searched place; its previous place becomes an alternative.
pub fn resolve_to(project: &mut Project, mention: u32, cand: &Candidate) -> Option<u32> {
    let mi = project.mentions.iter().position(|m| m.id == mention)?;
    let id = place_for(project, cand);
    let old = project.mentions[mi]
        .place
        .filter(|&p| p != id)
        .and_then(|p| project.place(p))
        .map(|p| Candidate {
            name: p.name.clone(),
            kind: p.kind,
            point: p.point,
            country: p.country.clone(),
            gazetteer_ref: p.gazetteer_ref.clone().unwrap_or_default(),
            score: project.mentions[mi].confidence,
        });
    let m = &mut project.mentions[mi];
    m.alternatives
        .retain(|c| c.gazetteer_ref.is_empty() || c.gazetteer_ref != cand.gazetteer_ref);
    if let Some(old) = old {
        m.alternatives.insert(0, old);
    }
    m.place = Some(id);
    m.status = MentionStatus::Confirmed;
    Some(id)
}

/// Makes `start..end` of document `doc` a confirmed mention of a place. The span must lie
/// on character boundaries of the text and overlap no other mention. Returns the place id.
pub fn tag_span(
    project: &mut Project,
    doc: u32,
    start: usize,
    end: usize,
    cand: &Candidate,
) -> Option<u32> {
    let text = &project.documents.get(doc as usize)?.text;
    if start >= end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return None;
    }
    let surface = text[start..end].to_string();
    if project
        .mentions
        .iter()
        .any(|m| m.doc == doc && m.start < end && start < m.end)
    {
        return None;
    }
    let place = place_for(project, cand);
    let id = project.mentions.iter().map(|m| m.id + 1).max().unwrap_or(0);
    project.mentions.push(Mention {
        id,
        doc,
        start,
        end,
        surface,
        place: Some(place),
        confidence: 1.0,
        alternatives: Vec::new(),
        status: MentionStatus::Confirmed,
    });
    Some(place)
}

/// Marks a mention as not a place (its pin goes when no other mention keeps it).
pub fn reject(project: &mut Project, mention: u32) -> bool {
    set_status(project, mention, MentionStatus::Rejected)
}

/// Undoes [`reject`].
pub fn restore(project: &mut Project, mention: u32) -> bool {
    set_status(project, mention, MentionStatus::Auto)
}

fn set_status(project: &mut Project, mention: u32, status: MentionStatus) -> bool {
    match project.mentions.iter_mut().find(|m| m.id == mention) {
        Some(m) => {
            m.status = status;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{LatLon, Mention, PlaceKind};

    fn project() -> Project {
        let mut p = Project::new("en");
        p.places.push(Place {
            id: 0,
            name: "Paris".into(),
            names: Vec::new(),
            kind: PlaceKind::City,
            point: LatLon {
                lat: 48.85,
                lon: 2.35,
            },
            country: Some("FR".into()),
            gazetteer_ref: Some("geonames:2988507".into()),
            rank: 0,
            resolution: Resolution::Auto { confidence: 0.6 },
            category: None,
            style: None,
        });
        p.mentions.push(Mention {
            id: 7,
            doc: 0,
            start: 0,
            end: 5,
            surface: "Paris".into(),
            place: Some(0),
            confidence: 0.6,
            alternatives: vec![Candidate {
                name: "Paris".into(),
                kind: PlaceKind::City,
                point: LatLon {
                    lat: 33.66,
                    lon: -95.55,
                },
                country: Some("US".into()),
                gazetteer_ref: "geonames:4717560".into(),
                score: 0.2,
            }],
            status: MentionStatus::Auto,
        });
        p
    }

    #[test]
    fn repointing_adds_the_place_and_keeps_the_old_one_as_an_alternative() {
        let mut p = project();
        let id = repoint(&mut p, 7, 0).unwrap();
        let place = p.place(id).unwrap();
        assert_eq!(place.country.as_deref(), Some("US"));
        let m = &p.mentions[0];
        assert_eq!(m.place, Some(id));
        assert_eq!(m.alternatives.len(), 1);
        assert_eq!(m.alternatives[0].country.as_deref(), Some("FR"));
        // The old place has no live mention left, so it leaves the map.
        assert!(p.visible_places().all(|(_, pl, _)| pl.id == id));
        // And back.
        let back = repoint(&mut p, 7, 0).unwrap();
        assert_eq!(back, 0);
        assert!(repoint(&mut p, 99, 0).is_none());
        assert!(repoint(&mut p, 7, 5).is_none());
    }

    #[test]
    fn resolving_to_a_searched_place_and_tagging_a_span() {
        let mut p = project();
        p.documents.push(crate::document::from_text(
            "t",
            "Paris et Lyon.".into(),
            Some("fr"),
        ));
        let lyon = Candidate {
            name: "Lyon".into(),
            kind: PlaceKind::City,
            point: LatLon {
                lat: 45.76,
                lon: 4.83,
            },
            country: Some("FR".into()),
            gazetteer_ref: "geonames:2996944".into(),
            score: 1.0,
        };
        // "Paris" resolved to Lyon (a user's odd choice, but theirs): Paris stays an option.
        let id = resolve_to(&mut p, 7, &lyon).unwrap();
        assert_eq!(p.mentions[0].place, Some(id));
        assert_eq!(p.mentions[0].status, MentionStatus::Confirmed);
        assert_eq!(p.mentions[0].alternatives[0].name, "Paris");
        assert_eq!(p.place(id).unwrap().resolution, Resolution::Manual);
        // Tagging "Lyon" reuses the same place; an overlapping span is refused.
        let start = "Paris et ".len();
        assert_eq!(tag_span(&mut p, 0, start, start + 4, &lyon), Some(id));
        assert_eq!(p.mentions.len(), 2);
        assert_eq!(p.mentions[1].surface, "Lyon");
        assert_eq!(tag_span(&mut p, 0, start + 1, start + 3, &lyon), None);
        assert_eq!(tag_span(&mut p, 0, 10, 99, &lyon), None);
        assert_eq!(tag_span(&mut p, 5, 0, 1, &lyon), None);
        // A searched place with no mention stays on the map: it is the user's choice.
        let other = Candidate {
            gazetteer_ref: "geonames:1".into(),
            ..lyon.clone()
        };
        let id2 = place_for(&mut p, &other);
        assert!(p.visible_places().any(|(_, pl, n)| pl.id == id2 && n == 0));
    }

    #[test]
    fn rejecting_hides_the_pin() {
        let mut p = project();
        assert!(reject(&mut p, 7));
        assert_eq!(p.visible_places().count(), 0);
        assert!(restore(&mut p, 7));
        assert_eq!(p.visible_places().count(), 1);
    }
}
