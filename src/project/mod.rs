//! The user's workspace: documents, the places they mention, events, sources and drawings.
//!
//! A [`Project`] is what the map, the side panel and the exports read. It is built from
//! analysed documents with [`Project::add_document`], which merges places across documents
//! (the same gazetteer place mentioned by two articles is one pin). Editing with undo, the
//! project file and data exchange build on these types.

pub mod model;

pub use model::*;

use crate::document::Document;
use crate::gazetteer::Gazetteer;
use crate::geoparse;

/// Everything the user works on.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Project {
    /// The project's display language (fr or en): place names and legends use it.
    pub lang: String,
    pub documents: Vec<Document>,
    pub places: Vec<Place>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    pub drawings: Vec<Drawing>,
}

impl Project {
    /// An empty project displaying names in `lang`.
    pub fn new(lang: &str) -> Project {
        Project {
            lang: lang.to_string(),
            ..Project::default()
        }
    }

    /// Adds a document and its geoparsed mentions; returns the document's index.
    /// Places are merged with the project's existing ones by gazetteer reference (or, for
    /// places the gazetteer lacks, by name and point).
    pub fn add_document(
        &mut self,
        doc: Document,
        mentions: &[geoparse::Mention],
        gaz: &Gazetteer,
    ) -> u32 {
        let doc_ix = self.documents.len() as u32;
        let lang = self.lang.clone();
        for m in mentions {
            let place = match (m.entity, m.point) {
                (Some(id), _) => {
                    let e = gaz.entity(id);
                    let gref = e.source().to_string();
                    let found = self
                        .places
                        .iter()
                        .position(|p| p.gazetteer_ref.as_deref() == Some(gref.as_str()));
                    Some(match found {
                        Some(i) => {
                            let p = &mut self.places[i];
                            if let Resolution::Auto { confidence } = &mut p.resolution {
                                *confidence = confidence.max(m.confidence);
                            }
                            p.id
                        }
                        None => self.push_place(Place {
                            id: 0,
                            name: e.name(&lang).to_string(),
                            names: e
                                .display_names()
                                .into_iter()
                                .map(|(l, n)| (l.to_string(), n.to_string()))
                                .collect(),
                            kind: e.kind().into(),
                            point: LatLon {
                                lat: e.lat(),
                                lon: e.lon(),
                            },
                            country: e.country().map(String::from),
                            gazetteer_ref: Some(gref),
                            rank: e.rank(),
                            resolution: Resolution::Auto {
                                confidence: m.confidence,
                            },
                        }),
                    })
                }
                (None, Some((lat, lon))) => {
                    let found = self.places.iter().position(|p| {
                        p.gazetteer_ref.is_none()
                            && p.name == m.surface
                            && (p.point.lat - lat).abs() < 1e-6
                            && (p.point.lon - lon).abs() < 1e-6
                    });
                    Some(match found {
                        Some(i) => self.places[i].id,
                        None => self.push_place(Place {
                            id: 0,
                            name: m.surface.clone(),
                            names: Vec::new(),
                            kind: PlaceKind::Area,
                            point: LatLon { lat, lon },
                            country: None,
                            gazetteer_ref: None,
                            rank: 255,
                            resolution: Resolution::Auto {
                                confidence: m.confidence,
                            },
                        }),
                    })
                }
                (None, None) => None,
            };
            let alternatives = m
                .alternatives
                .iter()
                .map(|a| {
                    let e = gaz.entity(a.entity);
                    Candidate {
                        name: e.name(&lang).to_string(),
                        kind: e.kind().into(),
                        point: LatLon {
                            lat: e.lat(),
                            lon: e.lon(),
                        },
                        country: e.country().map(String::from),
                        gazetteer_ref: e.source().to_string(),
                        score: a.score,
                    }
                })
                .collect();
            let id = self.mentions.iter().map(|m| m.id + 1).max().unwrap_or(0);
            self.mentions.push(Mention {
                id,
                doc: doc_ix,
                start: m.start,
                end: m.end,
                surface: m.surface.clone(),
                place,
                confidence: m.confidence,
                alternatives,
                status: MentionStatus::Auto,
            });
        }
        self.documents.push(doc);
        doc_ix
    }

    fn push_place(&mut self, mut p: Place) -> u32 {
        p.id = self.places.iter().map(|p| p.id + 1).max().unwrap_or(0);
        let id = p.id;
        self.places.push(p);
        id
    }

    /// The place with this id.
    pub fn place(&self, id: u32) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    /// Index of the place with this id in `places`.
    pub fn place_index(&self, id: u32) -> Option<usize> {
        self.places.iter().position(|p| p.id == id)
    }

    /// The mentions of a place that the user has not rejected.
    pub fn mentions_of(&self, place: u32) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.place == Some(place) && m.status != MentionStatus::Rejected)
    }

    /// Places that at least one live mention (or a user's choice) keeps on the map.
    pub fn visible_places(&self) -> impl Iterator<Item = (usize, &Place)> {
        self.places.iter().enumerate().filter(|(_, p)| {
            !matches!(p.resolution, Resolution::Auto { .. })
                || self.mentions_of(p.id).next().is_some()
        })
    }
}
