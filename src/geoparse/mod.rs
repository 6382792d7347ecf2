//! Finds the places a text mentions and resolves each to a gazetteer entity.
//!
//! # Pipeline
//!
//! 1. [`tokens`]: words, elisions (l', d’), clitics ('s), abbreviations (U.S.), with their
//!    spans, case, sentence starts and what separates them.
//! 2. Candidates ([`spans`]): every run of words starting with a capital that the name
//!    automaton of the gazetteer recognises (walked word by word, so "Gulf of Mexico" and
//!    "Aïn al-Assad" are found whole), English demonyms ("Iraqi", "Americans"), facility
//!    phrases ("l'aéroport de Bagdad", "la base aérienne d'Aïn al-Assad", "Baghdad
//!    airport", "X Air Base"), and "X County" phrases.
//! 3. Recognition filters ([`spans`]): longest match first; rejected when the run belongs to
//!    a person (a given name or a title before, a name particle after: "Adel Abdel Mahdi",
//!    "le général Soleimani"), to an organisation ("Washington Post", "University of
//!    Texas", "Force Qods"), or is a common word capitalized only because a sentence starts
//!    with it ("Tours", "Nord", "Will").
//! 4. Resolution ([`resolve`]): each candidate entity gets a prior (kind, population, rank,
//!    how trustworthy the matched name is, whether it is tagged in the text's language),
//!    then document context is added over two passes: the countries and regions that the
//!    document's confidently placed mentions lie in, explicit "City, State" pairs, and
//!    distance to the other places. One sense per discourse: every mention of the same
//!    name in a document gets the same place. A country outranks homonymous cities
//!    ("Iraq" is not the Iranian city Arāk) because its prior is far above a city reached
//!    only through an untagged alternate name.
//!
//! The rules are language-aware (French and English; others fall back to the union) but
//! written once; the word lists they read are plain files in `assets/lexicon/`.
//!
//! # Output
//!
//! A [`Mention`] per toponym with byte offsets into the text (the CLI converts them to
//! character offsets), the chosen entity (or an approximate point), a confidence in 0..1
//! and ranked alternatives.

pub mod lexicon;
mod resolve;
mod spans;
pub mod tokens;

use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use crate::gazetteer::{EntityId, Gazetteer, GazetteerError, Kind};
pub use lexicon::Lexicon;

#[derive(Debug, Error)]
pub enum GeoparseError {
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    #[error(transparent)]
    Lexicon(#[from] lexicon::LexiconError),
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// A place name from the gazetteer.
    Name,
    /// A demonym or place adjective ("Iraqi", "Americans").
    Demonym,
    /// A facility phrase ("l'aéroport de Bagdad", "X Air Base").
    Facility,
    /// A place the gazetteer lacks ("X County"), placed approximately.
    Approximate,
}

/// A ranked alternative reading of a mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub entity: EntityId,
    /// Probability-like share of the evidence, 0..1.
    pub score: f32,
}

/// One toponym found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Byte offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// The chosen entity, when the mention resolved to one.
    pub entity: Option<EntityId>,
    /// Where to put the pin: the entity's point, or an approximate point.
    pub point: Option<(f64, f64)>,
    /// 0..1.
    pub confidence: f32,
    /// Other readings, best first (the chosen one excluded).
    pub alternatives: Vec<Alternative>,
    pub how: How,
}

/// The geoparser: a gazetteer, the lexicons, and indexes derived from them.
pub struct Geoparser {
    gaz: Gazetteer,
    lex: Lexicon,
    /// Airports and military airfields, for "the airport of X".
    airports: Vec<EntityId>,
}

impl Geoparser {
    pub fn new(gaz: Gazetteer, lex: Lexicon) -> Geoparser {
        let airports = gaz
            .entities()
            .filter(|e| matches!(e.kind(), Kind::Airport | Kind::MilitaryBase))
            .map(|e| e.id())
            .collect();
        Geoparser { gaz, lex, airports }
    }

    /// Loads the gazetteer and the lexicons from an assets folder.
    pub fn load(assets: &Path) -> Result<Geoparser, GeoparseError> {
        Ok(Geoparser::new(
            Gazetteer::load(assets)?,
            Lexicon::load(assets)?,
        ))
    }

    /// Loads from the default assets folder ([`crate::gazetteer::assets_dir`]).
    pub fn load_default() -> Result<Geoparser, GeoparseError> {
        Geoparser::load(&crate::gazetteer::assets_dir()?)
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Finds and resolves the toponyms of `text`, written in `lang` ("fr", "en", or
    /// anything else for language-neutral rules). Mentions come sorted by position.
    pub fn parse(&self, text: &str, lang: &str) -> Vec<Mention> {
        let toks = tokens::tokenize(text);
        self.parse_tokens(text, &toks, lang)
    }

    /// [`Geoparser::parse`] on tokens the caller already has (`tokens::tokenize(text)`), so
    /// that the event extraction can reuse them instead of tokenizing again.
    pub fn parse_tokens(&self, text: &str, toks: &[tokens::Token], lang: &str) -> Vec<Mention> {
        let cands = spans::find(self, text, toks, lang);
        resolve::resolve(self, text, toks, lang, cands)
    }
}
