//! The project's data model, as `DESIGN.md` lays it out: documents, places, mentions,
//! events, sources and drawings. These are plain serde structs; the project file is their
//! JSON. Text positions are byte offsets into a document's normalized text inside the
//! program and are converted to character offsets only at the edges (exports, JSON output).

use serde::{Deserialize, Serialize};

use crate::document::PartialDate;
use crate::gazetteer::Kind;

/// What kind of place a pin stands for; it decides the pin's symbol and legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Country,
    Region,
    City,
    District,
    Airport,
    MilitaryBase,
    Facility,
    Sea,
    Strait,
    Area,
    Other,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 11] = [
        PlaceKind::Country,
        PlaceKind::Region,
        PlaceKind::City,
        PlaceKind::District,
        PlaceKind::Airport,
        PlaceKind::MilitaryBase,
        PlaceKind::Facility,
        PlaceKind::Sea,
        PlaceKind::Strait,
        PlaceKind::Area,
        PlaceKind::Other,
    ];

    /// The snake_case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
            PlaceKind::District => "district",
            PlaceKind::Airport => "airport",
            PlaceKind::MilitaryBase => "military_base",
            PlaceKind::Facility => "facility",
            PlaceKind::Sea => "sea",
            PlaceKind::Strait => "strait",
            PlaceKind::Area => "area",
            PlaceKind::Other => "other",
        }
    }

    /// A human label for legends, in `lang` (fr or en).
    pub fn label(self, lang: &str) -> &'static str {
        let (fr, en) = match self {
            PlaceKind::Country => ("Pays", "Country"),
            PlaceKind::Region => ("Région", "Region"),
            PlaceKind::City => ("Ville", "City"),
            PlaceKind::District => ("Quartier, district", "District"),
            PlaceKind::Airport => ("Aéroport", "Airport"),
            PlaceKind::MilitaryBase => ("Base militaire", "Military base"),
            PlaceKind::Facility => ("Site, installation", "Facility"),
            PlaceKind::Sea => ("Mer, eaux", "Sea, water"),
            PlaceKind::Strait => ("Détroit", "Strait"),
            PlaceKind::Area => ("Zone", "Area"),
            PlaceKind::Other => ("Autre lieu", "Other place"),
        };
        if lang == "fr" { fr } else { en }
    }
}

impl From<Kind> for PlaceKind {
    fn from(k: Kind) -> PlaceKind {
        match k {
            Kind::Country => PlaceKind::Country,
            Kind::Region => PlaceKind::Region,
            Kind::City => PlaceKind::City,
            Kind::District => PlaceKind::District,
            Kind::Airport => PlaceKind::Airport,
            Kind::MilitaryBase => PlaceKind::MilitaryBase,
            Kind::Facility => PlaceKind::Facility,
            Kind::Sea | Kind::Water => PlaceKind::Sea,
            Kind::Strait => PlaceKind::Strait,
            Kind::Area | Kind::Disputed | Kind::Continent | Kind::Landform => PlaceKind::Area,
            Kind::Other => PlaceKind::Other,
        }
    }
}

/// How a place's position was decided.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Resolution {
    /// Chosen by the geoparser with this confidence (0..1).
    Auto { confidence: f32 },
    /// Checked by the user.
    Confirmed,
    /// Placed or chosen by hand.
    Manual,
}

/// A point in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// One pin: a place that the documents mention (or that the user added).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: u32,
    /// Display name in the project's language.
    pub name: String,
    /// Names by language code ("" for the source's own name).
    #[serde(default)]
    pub names: Vec<(String, String)>,
    pub kind: PlaceKind,
    pub point: LatLon,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The gazetteer's stable reference (`geonames:98182`, `curated:...`, `airport:ORAA`).
    pub gazetteer_ref: Option<String>,
    /// Importance 0 (world-famous) .. 255 (obscure), for label priority.
    #[serde(default = "obscure")]
    pub rank: u8,
    pub resolution: Resolution,
    /// The user's category for this pin (a [`Category`] id), shown in the legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<u32>,
    /// The user's own look for this pin, over its kind's and category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<PinStyle>,
}

impl Place {
    /// This place as a candidate (an alternative of a mention, a search result).
    pub fn as_candidate(&self, score: f32) -> Candidate {
        Candidate {
            name: self.name.clone(),
            kind: self.kind,
            point: self.point,
            country: self.country.clone(),
            gazetteer_ref: self.gazetteer_ref.clone().unwrap_or_default(),
            score,
        }
    }
}

fn obscure() -> u8 {
    255
}

/// A pin's own look, set by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinStyle {
    /// `#rrggbb`, or `None` for the category's (or the kind's) colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Size relative to the default pin (1.0).
    #[serde(default = "one")]
    pub size: f32,
}

fn one() -> f32 {
    1.0
}

impl Default for PinStyle {
    fn default() -> PinStyle {
        PinStyle {
            color: None,
            size: 1.0,
        }
    }
}

/// A user-defined group of pins with a colour, listed in the legend of the map and of the
/// exports ("Strikes", "US bases"...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: u32,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
}

/// Where the map looked when the project was saved: centre and Web-Mercator zoom (the
/// window's size is not part of the project).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub center: LatLon,
    pub zoom: f64,
}

/// Whether the user has checked a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MentionStatus {
    #[default]
    Auto,
    Confirmed,
    /// "Not a place".
    Rejected,
}

/// Another candidate place for a mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub name: String,
    pub kind: PlaceKind,
    pub point: LatLon,
    pub country: Option<String>,
    pub gazetteer_ref: String,
    pub score: f32,
}

/// A toponym in a document's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub id: u32,
    /// Index of the document in the project.
    pub doc: u32,
    /// Byte offsets into the document's text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// The place id, when resolved.
    pub place: Option<u32>,
    pub confidence: f32,
    #[serde(default)]
    pub alternatives: Vec<Candidate>,
    #[serde(default)]
    pub status: MentionStatus,
}

/// When an event happened: a date or a range, each with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct When {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

/// A participant in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// "agent", "target", "speaker"...
    pub role: String,
    /// "country", "person", or a group or organisation kind ("military", "government",
    /// "armed_group"...).
    pub kind: String,
    /// ISO 3166-1 alpha-2 of the actor's country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A person's title ("général", "President").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A span of a document that supports an event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: u32,
    /// Byte offsets, end exclusive.
    pub start: usize,
    pub end: usize,
}

/// What a source says about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    Reported,
    Claimed,
    Denied,
    Confirmed,
}

/// A source cited for an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Index into the project's sources.
    pub source: u32,
    pub claim: Claim,
    /// The document (index) through which this source is cited, for an attributed source
    /// ("according to the Pentagon" in document 2); `None` for the document itself and for
    /// sources the user added. It lets [`crate::project::Project::independent_sources`]
    /// count a document and the agency it cites once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<u32>,
}

/// Who or what an event was added by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    #[default]
    Auto,
    User,
}

/// Something that happened somewhere, with its evidence and sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: u32,
    pub title: String,
    pub summary: String,
    /// attack, strike, assassination, protest, statement, deployment, diplomacy...
    pub kind: String,
    pub when: Option<When>,
    /// Place ids.
    pub places: Vec<u32>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    #[serde(default)]
    pub provenance: Provenance,
    /// The user's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A source of information: the outlet of a document, an agency, a government, a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: u32,
    pub name: String,
    /// outlet, agency, government, military, person, unknown.
    pub kind: String,
    /// The document this source is, when it is one of the project's documents.
    pub doc: Option<u32>,
}

/// Where a drawing's end sits: on a pin, or at a free point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Place(u32),
    Point(LatLon),
}

/// The geometry of a drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Shape {
    Arrow { from: Anchor, to: Anchor },
    Line { points: Vec<LatLon> },
    Polygon { points: Vec<LatLon> },
    Label { at: LatLon },
    Callout { at: Anchor, text_at: LatLon },
}

/// Colour and weight of a drawing, as `#rrggbb` and pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Style {
    pub color: String,
    pub width: f32,
    #[serde(default)]
    pub dashed: bool,
    /// 0..1 fill opacity for polygons.
    #[serde(default)]
    pub fill_opacity: f32,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: "#c0392b".into(),
            width: 2.5,
            dashed: false,
            fill_opacity: 0.2,
        }
    }
}

/// A user's annotation on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    pub id: u32,
    pub shape: Shape,
    pub text: Option<String>,
    #[serde(default)]
    pub style: Style,
    /// Event ids this drawing illustrates.
    #[serde(default)]
    pub events: Vec<u32>,
}
