//! The user's workspace: documents, the places they mention, events, sources and drawings.
//!
//! A [`Project`] is what the map, the side panel and the exports read. It is built from
//! analysed documents with [`Project::add_document`], which merges places across documents
//! (the same gazetteer place mentioned by two articles is one pin), or with
//! [`Project::add_document_with_events`], which also stores the document's events and
//! sources: event places become the project's place ids (a place an event needs that no
//! mention names, such as the country of an actor, is added), the document becomes a source
//! of its own, and attributed sources are shared across documents by name. The same event
//! told by two documents becomes one event with the sources of both ([`merge`] says when
//! two tellings are the same event, and how [`Project::independent_sources`] counts).
//!
//! Around the model: [`file`] saves and loads `.dateline` files (atomic writes, versions,
//! recovery), [`edit`] is the undoable command layer every user edit goes through, and
//! [`exchange`] writes and reads GeoJSON, CSV and KML.

pub mod edit;
pub mod exchange;
pub mod file;
pub mod merge;
pub mod model;

pub use model::*;

use crate::document::Document;
use crate::events;
use crate::gazetteer::{EntityId, Gazetteer};
use crate::geoparse;
use crate::text::name_key;

/// The display language for a document's language tag: French for `fr`, else English
/// (the languages names and legends are written in).
pub fn display_lang(lang: &str) -> &'static str {
    if lang == "fr" { "fr" } else { "en" }
}

/// A gazetteer entity as a candidate place, named in `lang`: what a gazetteer search in the
/// app gives to [`edit::NewPlace::Candidate`] ("add a pin by searching"), and what a
/// mention's alternatives are made of.
pub fn candidate_for(gaz: &Gazetteer, id: EntityId, lang: &str, score: f32) -> Candidate {
    let e = gaz.entity(id);
    Candidate {
        name: e.name(lang).to_string(),
        kind: e.kind().into(),
        point: LatLon {
            lat: e.lat(),
            lon: e.lon(),
        },
        country: e.country().map(String::from),
        gazetteer_ref: e.source().to_string(),
        score,
    }
}

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
    /// The user's categories of pins, in legend order.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Where the map looked when the project was saved. The app sets it before saving; it
    /// is not an undoable edit.
    #[serde(default)]
    pub view: Option<MapView>,
}

impl Project {
    /// The year given to dates without one: the commonest year of the events, else of the
    /// documents, else 2000 (any year: it only orders dates that have none).
    pub fn default_year(&self) -> i32 {
        let mut years: Vec<i32> = self
            .events
            .iter()
            .filter_map(|e| e.when.and_then(|w| w.start.year))
            .collect();
        if years.is_empty() {
            years = self
                .documents
                .iter()
                .filter_map(|d| d.published.and_then(|p| p.year))
                .collect();
        }
        years.sort_unstable();
        let mut best = (0, 2000);
        let mut i = 0;
        while i < years.len() {
            let j = years[i..].iter().take_while(|&&y| y == years[i]).count();
            if j > best.0 {
                best = (j, years[i]);
            }
            i += j;
        }
        best.1
    }

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
        self.add_document_mentions(doc, mentions, gaz).0
    }

    /// Adds a document, its mentions, and the events and sources [`events::extract`] found
    /// in it (with the same `mentions`); returns the document's index.
    pub fn add_document_with_events(
        &mut self,
        doc: Document,
        mentions: &[geoparse::Mention],
        gaz: &Gazetteer,
        extracted: &events::Extracted,
    ) -> u32 {
        let (doc_ix, mention_places) = self.add_document_mentions(doc, mentions, gaz);
        // Sources: the document itself, then attributed sources shared by name.
        let mut source_ids = Vec::with_capacity(extracted.sources.len());
        for s in &extracted.sources {
            let id = if s.document {
                self.push_source(Source {
                    id: 0,
                    name: s.name.clone(),
                    kind: "outlet".into(),
                    doc: Some(doc_ix),
                })
            } else {
                match self.shared_source(&s.name) {
                    Some(id) => id,
                    None => self.push_source(Source {
                        id: 0,
                        name: s.name.clone(),
                        kind: s.kind.clone(),
                        doc: None,
                    }),
                }
            };
            source_ids.push(id);
        }
        for e in &extracted.events {
            let mut places = Vec::with_capacity(e.places.len());
            for p in &e.places {
                let id = p
                    .mention
                    .and_then(|m| mention_places.get(m).copied().flatten())
                    .or_else(|| p.entity.map(|id| self.place_for_entity(gaz, id, 0.5)))
                    .unwrap_or_else(|| self.place_for_point(&p.name, p.lat, p.lon, 0.5));
                if !places.contains(&id) {
                    places.push(id);
                }
            }
            let title = match places.first().and_then(|id| self.place(*id)) {
                Some(pl) => format!("{} – {}", e.label, pl.name),
                None => e.label.clone(),
            };
            let event = Event {
                id: 0,
                title,
                summary: e.summary.clone(),
                kind: e.kind.clone(),
                when: e.when,
                places,
                actors: e
                    .actors
                    .iter()
                    .map(|a| Actor {
                        name: a.name.clone(),
                        role: a.role.clone(),
                        kind: a.kind.clone(),
                        country: a.country.clone(),
                        title: a.title.clone(),
                    })
                    .collect(),
                evidence: e
                    .evidence
                    .iter()
                    .map(|&(start, end)| Evidence {
                        doc: doc_ix,
                        start,
                        end,
                    })
                    .collect(),
                sources: e
                    .sources
                    .iter()
                    .filter_map(|s| {
                        let source = *source_ids.get(s.source)?;
                        let document = extracted.sources.get(s.source).is_some_and(|x| x.document);
                        Some(SourceRef {
                            source,
                            claim: s.claim,
                            via: (!document).then_some(doc_ix),
                        })
                    })
                    .collect(),
                provenance: Provenance::Auto,
                notes: String::new(),
            };
            // The same event told by another document joins it (see `merge`).
            match merge::find_same(self, &event, doc_ix) {
                Some(i) => merge::merge_into(&mut self.events[i], event),
                None => {
                    let id = edit::next_id_in(&self.events);
                    self.events.push(Event { id, ..event });
                }
            }
        }
        doc_ix
    }

    /// The place of a gazetteer entity, added when new (or its confidence raised).
    fn place_for_entity(&mut self, gaz: &Gazetteer, id: EntityId, confidence: f32) -> u32 {
        let lang = self.lang.clone();
        let e = gaz.entity(id);
        let gref = e.source().to_string();
        let found = self
            .places
            .iter()
            .position(|p| p.gazetteer_ref.as_deref() == Some(gref.as_str()));
        match found {
            Some(i) => {
                let p = &mut self.places[i];
                if let Resolution::Auto { confidence: c } = &mut p.resolution {
                    *c = c.max(confidence);
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
                resolution: Resolution::Auto { confidence },
                category: None,
                style: None,
            }),
        }
    }

    /// The place of a point the gazetteer lacks, by name and point, added when new.
    fn place_for_point(&mut self, name: &str, lat: f64, lon: f64, confidence: f32) -> u32 {
        let point = LatLon { lat, lon };
        let found = self.places.iter().position(|p| {
            p.gazetteer_ref.is_none() && p.name == name && exchange::same_point(&p.point, &point)
        });
        match found {
            Some(i) => self.places[i].id,
            None => self.push_place(Place {
                id: 0,
                name: name.to_string(),
                names: Vec::new(),
                kind: PlaceKind::Area,
                point: LatLon { lat, lon },
                country: None,
                gazetteer_ref: None,
                rank: 255,
                resolution: Resolution::Auto { confidence },
                category: None,
                style: None,
            }),
        }
    }

    /// Adds a document and its mentions; returns its index and the place id of each mention.
    fn add_document_mentions(
        &mut self,
        doc: Document,
        mentions: &[geoparse::Mention],
        gaz: &Gazetteer,
    ) -> (u32, Vec<Option<u32>>) {
        let doc_ix = self.documents.len() as u32;
        let lang = self.lang.clone();
        let mut mention_places = Vec::with_capacity(mentions.len());
        let mut next_mention = edit::next_id_in(&self.mentions);
        for m in mentions {
            let place = match (m.entity, m.point) {
                (Some(id), _) => Some(self.place_for_entity(gaz, id, m.confidence)),
                (None, Some((lat, lon))) => {
                    Some(self.place_for_point(&m.surface, lat, lon, m.confidence))
                }
                (None, None) => None,
            };
            mention_places.push(place);
            let alternatives = m
                .alternatives
                .iter()
                .map(|a| candidate_for(gaz, a.entity, &lang, a.score))
                .collect();
            let id = next_mention;
            next_mention = next_mention.saturating_add(1);
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
        (doc_ix, mention_places)
    }

    fn push_source(&mut self, mut s: Source) -> u32 {
        s.id = edit::next_id_in(&self.sources);
        let id = s.id;
        self.sources.push(s);
        id
    }

    fn push_place(&mut self, mut p: Place) -> u32 {
        p.id = edit::next_id_in(&self.places);
        let id = p.id;
        self.places.push(p);
        id
    }

    /// The id of the source named `name` (compared by [`name_key`]) that is shared across
    /// documents, i.e. not a document itself.
    pub fn shared_source(&self, name: &str) -> Option<u32> {
        let key = name_key(name);
        self.sources
            .iter()
            .find(|x| x.doc.is_none() && name_key(&x.name) == key)
            .map(|x| x.id)
    }

    /// The place with this id.
    pub fn place(&self, id: u32) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    /// Where a drawing's anchor is: its place's point, or the point itself.
    pub fn anchor_point(&self, a: &Anchor) -> Option<LatLon> {
        match a {
            Anchor::Place(id) => self.place(*id).map(|p| p.point),
            Anchor::Point(p) => Some(*p),
        }
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

    /// The number of live (not rejected) mentions of each place, in one pass.
    pub fn mention_counts(&self) -> std::collections::HashMap<u32, usize> {
        let mut counts = std::collections::HashMap::new();
        for m in &self.mentions {
            if let Some(p) = m.place
                && m.status != MentionStatus::Rejected
            {
                *counts.entry(p).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Places that at least one live mention (or a user's choice) keeps on the map, with
    /// their live mention counts.
    pub fn visible_places(&self) -> impl Iterator<Item = (usize, &Place, usize)> {
        let counts = self.mention_counts();
        self.places.iter().enumerate().filter_map(move |(i, p)| {
            let n = counts.get(&p.id).copied().unwrap_or(0);
            (!matches!(p.resolution, Resolution::Auto { .. }) || n > 0).then_some((i, p, n))
        })
    }
}
