//! Events: what happened, where, when, who took part, and who says so.
//!
//! # Pipeline
//!
//! [`extract`] reads one document that the geoparser has already read:
//!
//! 1. [`analysis`]: the text is tokenized (with the geoparser's tokenizer, so words and
//!    mentions line up), every phrase of the lexicons is found in one dictionary scan, the
//!    text is cut into sentences ([`sentences`]) and its dates are found ([`dates`]);
//!    mentions are aligned with tokens.
//! 2. [`dateline`]: a news dateline ("PARIS, 4 février 2020 (AFP) -") gives the document's
//!    date when its metadata has none, the agency, and a place that is kept out of events.
//! 3. [`link`]: per sentence, clauses, triggers, places, dates, actors ([`actors`]) and
//!    sources ([`sources`]) make events; across sentences, denials join what they deny,
//!    placeless sentences join their neighbour, and repeated tellings merge.
//!
//! Every word list is a plain file under `assets/lexicon/<lang>/` ([`lexicon`] documents
//! them), so a user extends the extraction by adding lines, not code. French and English
//! have their own lists; other languages use both.
//!
//! # Dates
//!
//! Dates are resolved against the document's date: the one passed to [`extract`] (the
//! user's `--date`), else the document's metadata, else its dateline. Without one, what
//! cannot be known stays unknown: "le 8 janvier" is `--01-08` and "hier" has no date.
//!
//! # Output
//!
//! An [`Extracted`]: events ([`DocEvent`]) with byte offsets into the document's text, places
//! as mention indices or gazetteer entities, actors, and sources as indices into
//! [`Extracted::sources`], whose first entry is the document itself. The CLI turns byte
//! offsets into character offsets; [`crate::project::Project::add_document_with_events`]
//! turns events into the project's model.
//!
//! # Trade-offs
//!
//! Rules and word lists, not a statistical model: the extraction is predictable, fast
//! (linear in the text; [`analyse`] shares the geoparser's tokens, and the events' own work
//! is about 7 % of the geoparser's on a news article, about 29 % on a short one, where the
//! geoparser has less to do: `benches/extract.rs`), works offline in two languages and
//! explains itself (every event keeps its evidence spans), but it misses
//! events told without a listed word and may read a hedged or reported event as real when
//! the hedge is not listed. Clauses are approximated by barrier words and commas, roles by
//! word order. Statements and political events without a written place are pinned to their
//! agent's country (a convention, like ACLED's for strategic developments), which a user
//! may want to move.

pub mod actors;
pub mod analysis;
pub mod dateline;
pub mod dates;
pub mod lexicon;
pub mod link;
pub mod sentences;
pub mod sources;

use std::path::PathBuf;

use serde::Serialize;
use thiserror::Error;

use crate::document::{Document, PartialDate, Precision};
use crate::gazetteer::{EntityId, Gazetteer};
use crate::geoparse::Mention;
use crate::geoparse::tokens::Token;
use crate::project::model::{Claim, When};

pub use actors::DocActor;
pub use dateline::Dateline;
pub use lexicon::{EventLexicon, Family};

/// Why the events lexicon could not be loaded.
#[derive(Debug, Error)]
pub enum EventsError {
    #[error("{}: cannot read the lexicon file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {why}", path.display())]
    Lexicon {
        path: PathBuf,
        line: usize,
        why: String,
    },
    #[error("cannot find the assets folder: {0}")]
    Assets(String),
}

/// Where the document's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given by the caller (the user's `--date`).
    Given,
    /// The file's metadata (HTML meta, JSON-LD, front matter).
    Metadata,
    /// The news dateline at the head of the text.
    Dateline,
}

/// A source of information for the document's events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSource {
    pub name: String,
    /// document, agency, outlet, government, military, person, unknown...
    pub kind: String,
    /// True for the document itself (always the first source).
    pub document: bool,
}

/// A source cited for an event, with what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SourceClaim {
    /// Index into [`Extracted::sources`].
    pub source: usize,
    pub claim: Claim,
}

/// A place an event is tied to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPlace {
    /// The mention naming it (index into the mentions given to [`extract`]), if any.
    pub mention: Option<usize>,
    pub entity: Option<EntityId>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// One event of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocEvent {
    /// Type code (`missile_strike`, `announcement`...), as in `event_types.tsv`.
    pub kind: String,
    /// The type's label in the document's language.
    pub label: String,
    pub family: Family,
    pub when: Option<When>,
    pub places: Vec<EventPlace>,
    pub actors: Vec<DocActor>,
    pub sources: Vec<SourceClaim>,
    /// Byte spans of the sentences that tell it, in text order.
    pub evidence: Vec<(usize, usize)>,
    pub summary: String,
}

impl DocEvent {
    /// "day", "month", "year", "range" or "unknown".
    pub fn precision(&self) -> &'static str {
        precision_name(self.when)
    }
}

/// The name of a date's precision: "day", "month", "year", "range" (a span of days) or
/// "unknown".
pub fn precision_name(when: Option<When>) -> &'static str {
    match when {
        None => "unknown",
        Some(w) if w.end.is_some_and(|e| e != w.start) => "range",
        Some(w) => match w.start.precision() {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Unknown => "unknown",
        },
    }
}

/// What [`extract`] finds in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    pub events: Vec<DocEvent>,
    /// The document itself first, then every attributed source.
    pub sources: Vec<DocSource>,
    /// The document's date used to resolve relative dates, and where it came from.
    pub date: Option<PartialDate>,
    pub date_source: Option<DateSource>,
    pub dateline: Option<Dateline>,
}

impl Serialize for Dateline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Dateline", 4)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("date", &self.date.map(|d| d.to_iso()))?;
        st.serialize_field("agency", &self.agency)?;
        st.end()
    }
}

/// The name the document goes by as a source: its outlet, else the dateline's agency, else
/// its title, else its id.
fn document_source_name(doc: &Document, dateline: Option<&Dateline>) -> String {
    doc.outlet
        .clone()
        .or_else(|| dateline.and_then(|d| d.agency.clone()))
        .or_else(|| doc.title.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            if doc.id.is_empty() {
                "document".to_string()
            } else {
                doc.id.clone()
            }
        })
}

/// The whole analysis of one document: tokenize once, find and place its toponyms, then
/// its events. The one pipeline the command line, the
/// renderer and the app share.
pub fn analyse(
    gp: &crate::geoparse::Geoparser,
    lex: &EventLexicon,
    doc: &Document,
    date: Option<PartialDate>,
) -> (Vec<Mention>, Extracted) {
    let toks = crate::geoparse::tokens::tokenize(&doc.text);
    let mentions = gp.parse_tokens(&doc.text, &toks, &doc.lang);
    let toks = std::borrow::Cow::Borrowed(toks.as_slice());
    let extracted = extract_on(doc, toks, &mentions, gp.gazetteer(), lex, date);
    (mentions, extracted)
}

/// Finds the events of a document whose toponyms the geoparser found (`mentions`, in text
/// order). `date` is the document's date when the caller knows it (it wins over the
/// metadata and the dateline).
pub fn extract(
    doc: &Document,
    mentions: &[Mention],
    gaz: &Gazetteer,
    lex: &EventLexicon,
    date: Option<PartialDate>,
) -> Extracted {
    let an = analysis::Analysis::new(&doc.text, &doc.lang, lex, gaz, mentions);
    extract_from(doc, an, lex, date)
}

/// [`extract`] for a caller that already has the document's tokens
/// ([`crate::geoparse::tokens::tokenize`] of `doc.text`): tokenizing again would be a
/// third to a half of the events' time, so a pipeline that tokenizes once for the
/// geoparser and the events saves it.
pub fn extract_with_tokens(
    doc: &Document,
    toks: &[Token],
    mentions: &[Mention],
    gaz: &Gazetteer,
    lex: &EventLexicon,
    date: Option<PartialDate>,
) -> Extracted {
    // Tokens of another text would misplace everything: check they fit, else tokenize.
    let fits = toks.iter().all(|t| {
        t.start <= t.end
            && t.end <= doc.text.len()
            && doc.text.is_char_boundary(t.start)
            && doc.text.is_char_boundary(t.end)
    });
    let toks = if fits {
        std::borrow::Cow::Borrowed(toks)
    } else {
        std::borrow::Cow::Owned(crate::geoparse::tokens::tokenize(&doc.text))
    };
    extract_on(doc, toks, mentions, gaz, lex, date)
}

/// The events of `doc` on tokens known to be its own.
fn extract_on(
    doc: &Document,
    toks: std::borrow::Cow<'_, [Token]>,
    mentions: &[Mention],
    gaz: &Gazetteer,
    lex: &EventLexicon,
    date: Option<PartialDate>,
) -> Extracted {
    let an = analysis::Analysis::with_tokens(&doc.text, toks, &doc.lang, lex, gaz, mentions);
    extract_from(doc, an, lex, date)
}

fn extract_from(
    doc: &Document,
    an: analysis::Analysis<'_>,
    lex: &EventLexicon,
    date: Option<PartialDate>,
) -> Extracted {
    let dl = dateline::find(&an);
    let (date, date_source) = match (date, doc.published, dl.as_ref().and_then(|d| d.date)) {
        (Some(d), _, _) => (Some(d), Some(DateSource::Given)),
        (None, Some(d), _) => (Some(d), Some(DateSource::Metadata)),
        (None, None, Some(d)) => (Some(d), Some(DateSource::Dateline)),
        _ => (None, None),
    };
    let frames = link::document_frames(&an, dl.as_ref(), date);
    let mut sources = vec![DocSource {
        name: document_source_name(doc, dl.as_ref()),
        kind: "document".into(),
        document: true,
    }];
    let mut keys: Vec<String> = vec![String::new()];
    let mut events = Vec::with_capacity(frames.len());
    for f in frames {
        let Some(et) = lex.event_type(f.ty) else {
            continue;
        };
        let mut claims = vec![SourceClaim {
            source: 0,
            claim: Claim::Reported,
        }];
        for s in &f.sources {
            // Only a name not met yet needs its key (the document, first, has an empty
            // key and is never met by name).
            let ix = match sources.iter().skip(1).position(|d| d.name == s.name) {
                Some(i) => i + 1,
                None => {
                    let k = crate::text::name_key(&s.name);
                    match keys.iter().position(|x| *x == k) {
                        Some(i) => i,
                        None => {
                            keys.push(k);
                            sources.push(DocSource {
                                name: s.name.clone(),
                                kind: s.kind.clone(),
                                document: false,
                            });
                            sources.len() - 1
                        }
                    }
                }
            };
            let c = SourceClaim {
                source: ix,
                claim: s.claim,
            };
            if !claims.contains(&c) {
                claims.push(c);
            }
        }
        let places = f
            .places
            .into_iter()
            .map(|p| EventPlace {
                mention: p.mention,
                entity: p.entity,
                name: p.name,
                lat: p.lat,
                lon: p.lon,
            })
            .collect();
        events.push(DocEvent {
            kind: et.code.clone(),
            label: et.label(&doc.lang).to_string(),
            family: et.family,
            when: f.date.and_then(|(_, w)| w),
            places,
            actors: f.actors,
            sources: claims,
            evidence: f.evidence,
            summary: link::summary(&doc.text, f.main),
        });
    }
    Extracted {
        events,
        sources,
        date,
        date_source,
        dateline: dl,
    }
}
