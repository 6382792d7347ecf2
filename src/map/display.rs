//! The backend-free display list: what a map looks like, in pixels.
//!
//! [`crate::map::scene::build`] is the one function that decides what the map shows; it emits
//! a [`Scene`], a flat list of layers of simple items (filled areas, polylines, circles,
//! texts) in logical pixels with the origin at the top left and y pointing down. Three thin
//! backends paint the same list: egui's `Painter` (the screen), tiny-skia (PNG) and an SVG
//! writer. Because nothing here knows any backend, an exported map is exactly what the user
//! saw, and the display list is easy to snapshot in tests.
//!
//! Conventions every backend follows:
//! - coordinates are logical pixels; a backend multiplies by its device scale;
//! - [`Item::Fill`] rings use the non-zero winding rule (holes wound the other way); when
//!   `triangles` is not empty it is a triangulation of the rings (indices into the rings'
//!   points taken in order), which egui needs because it fills only convex paths;
//! - text positions are the anchor point at the text's baseline; `halo` is a stroke painted
//!   under the glyphs for legibility over the map;
//! - layers are painted in order, items in order within a layer; a layer's `name` becomes the
//!   SVG group id, so it must be a valid XML id.

use serde::Serialize;

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color { r, g, b, a }
    }
    /// The same colour with another alpha.
    pub const fn with_alpha(self, a: u8) -> Color {
        Color { a, ..self }
    }
}

/// A point in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pt {
    pub x: f32,
    pub y: f32,
}

impl Pt {
    pub const fn new(x: f32, y: f32) -> Pt {
        Pt { x, y }
    }
    /// Whether both coordinates are finite (backends skip points that are not).
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// An axis-aligned rectangle in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub min: Pt,
    pub max: Pt,
}

impl Rect {
    pub fn from_min_size(min: Pt, w: f32, h: f32) -> Rect {
        Rect {
            min,
            max: Pt::new(min.x + w, min.y + h),
        }
    }
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }
    pub fn intersects(&self, o: &Rect) -> bool {
        self.min.x < o.max.x && o.min.x < self.max.x && self.min.y < o.max.y && o.min.y < self.max.y
    }
    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }
    pub fn expand(&self, d: f32) -> Rect {
        Rect {
            min: Pt::new(self.min.x - d, self.min.y - d),
            max: Pt::new(self.max.x + d, self.max.y + d),
        }
    }
}

/// How a line is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stroke {
    pub width: f32,
    pub color: Color,
    /// Dash pattern (on, off, on, off...) in logical pixels; empty for a solid line.
    pub dash: Vec<f32>,
}

impl Stroke {
    pub fn solid(width: f32, color: Color) -> Stroke {
        Stroke {
            width,
            color,
            dash: Vec::new(),
        }
    }
    pub fn dashed(width: f32, color: Color, dash: Vec<f32>) -> Stroke {
        Stroke { width, color, dash }
    }
}

/// Which face of the bundled font family a text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
}

/// Where the anchor point sits along the text's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The horizontal shift from the anchor point to the start of a line of text of this
    /// width: 0, `-width / 2` or `-width`. Every backend and the label placer use it.
    pub fn offset(self, width: f32) -> f32 {
        match self {
            Anchor::Start => 0.0,
            Anchor::Middle => -0.5 * width,
            Anchor::End => -width,
        }
    }
}

/// One text run on one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    /// Anchor point on the baseline.
    pub pos: Pt,
    pub text: String,
    /// Font size in logical pixels (em height).
    pub size: f32,
    pub color: Color,
    pub style: FontStyle,
    pub anchor: Anchor,
    /// Extra space between letters in logical pixels (0 for normal text; seas use more).
    pub letter_spacing: f32,
    /// A stroke painted around the glyphs under them: (colour, width in logical pixels).
    pub halo: Option<(Color, f32)>,
}

/// One drawable item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// A filled area: one or more closed rings (non-zero winding).
    Fill {
        rings: Vec<Vec<Pt>>,
        /// Triangle indices into the rings' points taken in order (may be empty).
        triangles: Vec<u32>,
        color: Color,
    },
    /// An open polyline, or a closed one when `closed`.
    Line {
        points: Vec<Pt>,
        closed: bool,
        stroke: Stroke,
    },
    /// A circle, filled and/or outlined.
    Circle {
        center: Pt,
        radius: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// A rectangle (legend boxes, badges, frames), filled and/or outlined, with rounded corners.
    Rect {
        rect: Rect,
        corner_radius: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Text(Text),
}

/// A named group of items painted together (an SVG `<g id=name>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    pub name: String,
    pub items: Vec<Item>,
}

/// Something the user can point at on the map (for hover and click in the GUI).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HitTarget {
    /// What the target is.
    pub what: Hit,
    /// Its centre in logical pixels.
    pub center: Pt,
    /// Its radius in logical pixels for hit testing.
    pub radius: f32,
}

/// What a [`HitTarget`] stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Hit {
    /// A pin of one place (index into the project's places).
    Place(usize),
    /// A cluster of several places' pins.
    Cluster(Vec<usize>),
}

/// A finished map: size, background and layers, plus hit targets for interaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    /// Width in logical pixels.
    pub width: f32,
    /// Height in logical pixels.
    pub height: f32,
    /// Painted before every layer (the sea).
    pub background: Color,
    pub layers: Vec<Layer>,
    /// Pins and clusters, for hover and click; not painted.
    pub hits: Vec<HitTarget>,
}

impl Scene {
    /// An empty scene of the given size.
    pub fn new(width: f32, height: f32, background: Color) -> Scene {
        Scene {
            width,
            height,
            background,
            layers: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// The layer of this name, created at the end when missing.
    pub fn layer(&mut self, name: &str) -> &mut Vec<Item> {
        let i = match self.layers.iter().position(|l| l.name == name) {
            Some(i) => i,
            None => {
                self.layers.push(Layer {
                    name: name.to_string(),
                    items: Vec::new(),
                });
                self.layers.len() - 1
            }
        };
        &mut self.layers[i].items
    }

    /// Every text item of the scene, in painting order.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.layers
            .iter()
            .flat_map(|l| l.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
    }
}
