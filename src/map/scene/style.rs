//! Colours, sizes and pin symbols: how each kind of thing looks, in one place.
//!
//! The palette is muted so that the user's pins, in saturated colours, stand out; each place
//! kind has its own symbol shape *and* colour, so the map stays readable in greyscale print.
//! The legend draws the same symbols through [`pin_symbol`].
//!
//! The user can recolour a pin: [`pin_color`] is the one rule that decides a pin's colour
//! (its own style's, else its category's, else its kind's), for the map and for the
//! exports alike; the shape always stays the kind's, and [`pin_scale`] gives the symbol's
//! size.

use crate::map::display::{Color, Item, Pt, Stroke};
use crate::project::exchange::pin_color as chosen_color;
use crate::project::{Place, PlaceKind, Project};

/// Light or dark colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// Every colour the scene uses.
#[derive(Debug, Clone)]
pub struct Palette {
    pub sea: Color,
    pub land: [Color; 7],
    pub land_highlight: Color,
    pub lake: Color,
    pub river: Color,
    pub coast: Color,
    pub border: Color,
    pub border_disputed: Color,
    pub admin1: Color,
    pub country_label: Color,
    pub marine_label: Color,
    pub city_label: Color,
    pub city_dot: Color,
    pub pin_label: Color,
    pub halo: Color,
    pub panel: Color,
    pub panel_border: Color,
    pub text: Color,
    pub muted_text: Color,
    pub selection: Color,
    pub badge: Color,
    pub badge_text: Color,
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                sea: Color::rgb(0xd4, 0xe4, 0xef),
                land: [
                    Color::rgb(0xf4, 0xf1, 0xe8),
                    Color::rgb(0xef, 0xeb, 0xdf),
                    Color::rgb(0xf2, 0xee, 0xe2),
                    Color::rgb(0xec, 0xe8, 0xdb),
                    Color::rgb(0xf5, 0xf2, 0xea),
                    Color::rgb(0xee, 0xea, 0xe0),
                    Color::rgb(0xf0, 0xec, 0xe3),
                ],
                land_highlight: Color::rgb(0xf7, 0xe3, 0xc4),
                lake: Color::rgb(0xd4, 0xe4, 0xef),
                river: Color::rgb(0xa8, 0xc6, 0xdd),
                coast: Color::rgb(0x9d, 0xb6, 0xc9),
                border: Color::rgb(0x9a, 0x8f, 0x86),
                border_disputed: Color::rgb(0xa0, 0x5a, 0x4e),
                admin1: Color::rgb(0xc4, 0xbb, 0xb0),
                country_label: Color::rgb(0x6b, 0x63, 0x5c),
                marine_label: Color::rgb(0x4a, 0x78, 0x9c),
                city_label: Color::rgb(0x45, 0x45, 0x45),
                city_dot: Color::rgb(0x6a, 0x6a, 0x6a),
                pin_label: Color::rgb(0x1d, 0x1d, 0x1d),
                halo: Color::rgba(0xff, 0xff, 0xff, 0xd8),
                panel: Color::rgba(0xff, 0xff, 0xff, 0xeb),
                panel_border: Color::rgb(0xb8, 0xb2, 0xaa),
                text: Color::rgb(0x1d, 0x1d, 0x1d),
                muted_text: Color::rgb(0x5c, 0x5c, 0x5c),
                selection: Color::rgb(0xf3, 0x9c, 0x12),
                badge: Color::rgb(0x22, 0x2b, 0x36),
                badge_text: Color::rgb(0xff, 0xff, 0xff),
            },
            Theme::Dark => Palette {
                sea: Color::rgb(0x17, 0x22, 0x2e),
                land: [
                    Color::rgb(0x2f, 0x33, 0x38),
                    Color::rgb(0x33, 0x37, 0x3c),
                    Color::rgb(0x2c, 0x30, 0x35),
                    Color::rgb(0x35, 0x38, 0x3d),
                    Color::rgb(0x30, 0x34, 0x3a),
                    Color::rgb(0x2e, 0x32, 0x36),
                    Color::rgb(0x32, 0x35, 0x39),
                ],
                land_highlight: Color::rgb(0x4a, 0x42, 0x33),
                lake: Color::rgb(0x17, 0x22, 0x2e),
                river: Color::rgb(0x2a, 0x44, 0x5c),
                coast: Color::rgb(0x3b, 0x50, 0x63),
                border: Color::rgb(0x7a, 0x74, 0x6d),
                border_disputed: Color::rgb(0xc0, 0x7a, 0x6e),
                admin1: Color::rgb(0x4d, 0x4f, 0x52),
                country_label: Color::rgb(0xb5, 0xae, 0xa6),
                marine_label: Color::rgb(0x7f, 0xa8, 0xc8),
                city_label: Color::rgb(0xcf, 0xcf, 0xcf),
                city_dot: Color::rgb(0xa0, 0xa0, 0xa0),
                pin_label: Color::rgb(0xf2, 0xf2, 0xf2),
                halo: Color::rgba(0x14, 0x18, 0x1d, 0xd0),
                panel: Color::rgba(0x1e, 0x22, 0x27, 0xeb),
                panel_border: Color::rgb(0x4d, 0x4f, 0x52),
                text: Color::rgb(0xee, 0xee, 0xee),
                muted_text: Color::rgb(0xaa, 0xaa, 0xaa),
                selection: Color::rgb(0xf5, 0xb0, 0x41),
                badge: Color::rgb(0xe8, 0xe8, 0xe8),
                badge_text: Color::rgb(0x14, 0x18, 0x1d),
            },
        }
    }
}

/// The pin colour of a place kind.
pub fn kind_color(kind: PlaceKind) -> Color {
    match kind {
        PlaceKind::City => Color::rgb(0xc0, 0x39, 0x2b),
        PlaceKind::District => Color::rgb(0xe6, 0x7e, 0x22),
        PlaceKind::Airport => Color::rgb(0x1f, 0x5f, 0xa8),
        PlaceKind::MilitaryBase => Color::rgb(0x3d, 0x6b, 0x21),
        PlaceKind::Facility => Color::rgb(0x7d, 0x3c, 0x98),
        PlaceKind::Country => Color::rgb(0x8e, 0x5b, 0x1e),
        PlaceKind::Region => Color::rgb(0xa0, 0x6a, 0x2c),
        PlaceKind::Sea | PlaceKind::Strait => Color::rgb(0x1a, 0x7f, 0x8e),
        PlaceKind::Area => Color::rgb(0x8e, 0x44, 0xad),
        PlaceKind::Other => Color::rgb(0x5d, 0x6d, 0x7e),
    }
}

/// The colour of a place's pin: the colour the user gave the pin, else its category's, else
/// its kind's: the rule of the data exports ([`chosen_color`]), so a GeoJSON's
/// `marker-color` is the map's. A chosen colour that is not `#rrggbb` (the edits refuse
/// one, but a file may be hand-edited) gives the kind's.
pub fn pin_color(project: &Project, place: &Place) -> Color {
    chosen_color(project, place)
        .and_then(super::parse_hex)
        .unwrap_or_else(|| kind_color(place.kind))
}

/// How much larger than the default the user made a place's pin (1 when not set; kept
/// within the 0.25..=10 that a style may hold, so a bad file cannot blow a pin up).
pub fn pin_scale(place: &Place) -> f32 {
    place
        .style
        .as_ref()
        .map(|s| s.size)
        .filter(|s| s.is_finite())
        .map_or(1.0, |s| s.clamp(0.25, 10.0))
}

/// The nominal radius of a pin in logical pixels.
pub const PIN_RADIUS: f32 = 6.5;

/// Appends the items of a place kind's symbol, in `color` (the kind's own is
/// [`kind_color`]), centred at `c` with radius `r`.
pub fn pin_symbol(kind: PlaceKind, color: Color, c: Pt, r: f32, out: &mut Vec<Item>) {
    let white = Color::rgb(0xff, 0xff, 0xff);
    let outline = Stroke::solid((r * 0.25).max(1.2), white);
    match kind {
        PlaceKind::City | PlaceKind::Other => {
            out.push(Item::Circle {
                center: c,
                radius: r,
                fill: Some(color),
                stroke: Some(outline),
            });
        }
        PlaceKind::District => {
            out.push(Item::Circle {
                center: c,
                radius: r * 0.8,
                fill: Some(color),
                stroke: Some(outline),
            });
        }
        PlaceKind::Airport => {
            out.push(Item::Circle {
                center: c,
                radius: r * 1.15,
                fill: Some(color),
                stroke: Some(outline),
            });
            push_fill(out, plane(c, r * 0.95), white);
        }
        PlaceKind::MilitaryBase => {
            let star = star(c, r * 1.45, r * 0.62, 5);
            out.push(Item::Line {
                points: star.clone(),
                closed: true,
                stroke: Stroke::solid(r * 0.45, white),
            });
            push_fill(out, star, color);
        }
        PlaceKind::Facility => {
            let s = r * 0.95;
            let sq = vec![
                Pt::new(c.x - s, c.y - s),
                Pt::new(c.x + s, c.y - s),
                Pt::new(c.x + s, c.y + s),
                Pt::new(c.x - s, c.y + s),
            ];
            out.push(Item::Line {
                points: sq.clone(),
                closed: true,
                stroke: Stroke::solid(r * 0.45, white),
            });
            push_fill(out, sq, color);
        }
        PlaceKind::Country | PlaceKind::Region => {
            let d = diamond(c, r * 1.3);
            out.push(Item::Line {
                points: d.clone(),
                closed: true,
                stroke: Stroke::solid(r * 0.5, white),
            });
            push_fill(out, d, color);
            out.push(Item::Circle {
                center: c,
                radius: r * 0.35,
                fill: Some(white),
                stroke: None,
            });
        }
        PlaceKind::Strait => {
            let d = diamond(c, r * 1.2);
            out.push(Item::Line {
                points: d.clone(),
                closed: true,
                stroke: Stroke::solid(r * 0.75, white),
            });
            out.push(Item::Line {
                points: d,
                closed: true,
                stroke: Stroke::solid(r * 0.4, color),
            });
        }
        PlaceKind::Sea => {
            out.push(Item::Circle {
                center: c,
                radius: r,
                fill: Some(white),
                stroke: Some(Stroke::solid(r * 0.45, color)),
            });
            out.push(Item::Circle {
                center: c,
                radius: r * 0.35,
                fill: Some(color),
                stroke: None,
            });
        }
        PlaceKind::Area => {
            out.push(Item::Circle {
                center: c,
                radius: r * 1.1,
                fill: Some(color.with_alpha(60)),
                stroke: Some(Stroke::dashed(r * 0.3, color, vec![r * 0.5, r * 0.35])),
            });
        }
    }
}

/// A fill of one simple ring. Pins are tiny, so no triangulation is stored: a backend that
/// needs triangles (egui) triangulates these few points itself.
fn push_fill(out: &mut Vec<Item>, ring: Vec<Pt>, color: Color) {
    out.push(Item::Fill {
        rings: vec![ring],
        triangles: Vec::new(),
        color,
    });
}

fn star(c: Pt, outer: f32, inner: f32, n: usize) -> Vec<Pt> {
    (0..2 * n)
        .map(|i| {
            let r = if i % 2 == 0 { outer } else { inner };
            let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / n as f32;
            Pt::new(c.x + r * a.cos(), c.y + r * a.sin())
        })
        .collect()
}

fn diamond(c: Pt, r: f32) -> Vec<Pt> {
    vec![
        Pt::new(c.x, c.y - r),
        Pt::new(c.x + r, c.y),
        Pt::new(c.x, c.y + r),
        Pt::new(c.x - r, c.y),
    ]
}

/// A small aeroplane seen from above, nose up, fitting in a circle of radius `r`.
fn plane(c: Pt, r: f32) -> Vec<Pt> {
    // Half-outline (right side) in units of r, nose at the top; mirrored for the left side.
    const RIGHT: [(f32, f32); 9] = [
        (0.0, -0.95),
        (0.12, -0.8),
        (0.12, -0.25),
        (0.9, 0.2),
        (0.9, 0.35),
        (0.12, 0.12),
        (0.12, 0.6),
        (0.38, 0.8),
        (0.38, 0.92),
    ];
    let mut pts: Vec<Pt> = RIGHT
        .iter()
        .map(|(x, y)| Pt::new(c.x + x * r, c.y + y * r))
        .collect();
    pts.push(Pt::new(c.x, c.y + 0.82 * r));
    pts.extend(
        RIGHT
            .iter()
            .rev()
            .filter(|(x, _)| *x > 0.0)
            .map(|(x, y)| Pt::new(c.x - x * r, c.y + y * r)),
    );
    pts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Category, LatLon, PinStyle, Resolution};

    fn project_with(style: Option<PinStyle>, category: Option<u32>) -> Project {
        let mut p = Project::new("en");
        p.categories.push(Category {
            id: 3,
            name: "Bases".into(),
            color: "#112233".into(),
        });
        p.places.push(Place {
            id: 0,
            name: "Al Asad".into(),
            names: Vec::new(),
            kind: PlaceKind::MilitaryBase,
            point: LatLon {
                lat: 33.8,
                lon: 42.4,
            },
            country: Some("IQ".into()),
            gazetteer_ref: None,
            rank: 100,
            resolution: Resolution::Manual,
            category,
            style,
        });
        p
    }

    fn color_of(p: &Project) -> Color {
        pin_color(p, &p.places[0])
    }

    #[test]
    fn a_pins_colour_is_its_own_else_its_categorys_else_its_kinds() {
        let kind = kind_color(PlaceKind::MilitaryBase);
        assert_eq!(color_of(&project_with(None, None)), kind);
        let category = Color::rgb(0x11, 0x22, 0x33);
        assert_eq!(color_of(&project_with(None, Some(3))), category);
        let own = Some(PinStyle {
            color: Some("#abcdef".into()),
            size: 1.0,
        });
        let mine = Color::rgb(0xab, 0xcd, 0xef);
        assert_eq!(color_of(&project_with(own.clone(), Some(3))), mine);
        assert_eq!(color_of(&project_with(own, None)), mine);
        // A style with only a size keeps the category's colour.
        let sized = Some(PinStyle {
            color: None,
            size: 2.0,
        });
        assert_eq!(color_of(&project_with(sized, Some(3))), category);
        // A category that no longer exists falls through; a colour that is not one gives the kind's.
        assert_eq!(color_of(&project_with(None, Some(9))), kind);
        let bad = Some(PinStyle {
            color: Some("red".into()),
            size: 1.0,
        });
        assert_eq!(color_of(&project_with(bad, Some(3))), kind);
    }

    #[test]
    fn a_pins_scale_is_its_size_within_bounds() {
        let p = project_with(None, None);
        assert_eq!(pin_scale(&p.places[0]), 1.0);
        for (size, scale) in [(2.0, 2.0), (0.0, 0.25), (f32::NAN, 1.0), (99.0, 10.0)] {
            let p = project_with(Some(PinStyle { color: None, size }), None);
            assert_eq!(pin_scale(&p.places[0]), scale, "{size}");
        }
    }

    #[test]
    fn the_symbol_takes_the_colour_it_is_given() {
        let mut out = Vec::new();
        let red = Color::rgb(0xff, 0, 0);
        pin_symbol(PlaceKind::City, red, Pt::new(0.0, 0.0), 6.0, &mut out);
        assert!(matches!(out[0], Item::Circle { fill: Some(c), .. } if c == red));
    }
}
