//! Painting a [`Scene`] with egui: the screen backend of the display list.
//!
//! The scene is in logical pixels with its origin at the map's top-left corner; egui works in
//! points, which are the same unit, so painting is a translation. What egui cannot do the way
//! the exporters do is worked around here:
//!
//! - egui fills only convex paths, so a [`Item::Fill`] becomes a triangle [`Mesh`]: the
//!   triangulation stored in the scene when there is one (basemap polygons), else an earcut of
//!   the rings (pins are tiny stars, planes and squares). Consecutive fills of a layer go into
//!   one mesh, which keeps the tessellator's work small;
//! - egui's stroke tessellator uses unclamped miters, so a polyline drops points closer than
//!   half a pixel and is split where it turns back on itself, else a spike crosses the map;
//! - dashes use egui's dashed line with the scene's first dash and gap lengths;
//! - text is laid out with the Noto faces ([`super::fonts`]) and placed by its baseline like
//!   the exporters; its halo is the text painted eight times around in the halo colour.
//!
//! [`MapShapes`] keeps the converted geometry of a scene, so a frame where only the pointer
//! moved does not convert it again; text is laid out each frame (egui caches the galleys).

use std::sync::Arc;

use egui::epaint::{Mesh, PathShape, PathStroke, TextShape};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Painter, Pos2, Shape, StrokeKind, Vec2};
use geo::TriangulateEarcut;

use super::fonts::font_id;
use crate::map::display::{self, Color, Item, Pt, Scene, Text};

/// Points closer than this (logical pixels) are merged in polylines.
const MIN_STEP: f32 = 0.5;
/// A polyline is split where its direction turns back by more than this (cosine of the angle
/// between consecutive segments below it: about 160 degrees).
const SHARP_TURN_COS: f32 = -0.94;

/// An egui colour from a scene colour (straight alpha).
pub fn color(c: Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

fn pos(p: Pt, origin: Pos2) -> Pos2 {
    Pos2::new(origin.x + p.x, origin.y + p.y)
}

/// One step of painting: converted geometry, or a text of the scene laid out when painted.
enum Step {
    Shape(Shape),
    Text(Text),
}

/// A scene converted for egui, relative to the origin (0, 0).
pub struct MapShapes {
    background: Color32,
    steps: Vec<Step>,
}

impl MapShapes {
    /// Converts a scene (geometry at the origin; texts kept for layout at paint time).
    pub fn new(scene: &Scene) -> MapShapes {
        let origin = Pos2::ZERO;
        let mut steps = Vec::new();
        for layer in &scene.layers {
            let mut mesh = Mesh::default();
            for item in &layer.items {
                if let Item::Fill {
                    rings,
                    triangles,
                    color: c,
                } = item
                {
                    add_fill(&mut mesh, rings, triangles, color(*c), origin);
                    continue;
                }
                if !mesh.is_empty() {
                    steps.push(Step::Shape(Shape::mesh(std::mem::take(&mut mesh))));
                }
                match item {
                    Item::Fill { .. } => {}
                    Item::Line {
                        points,
                        closed,
                        stroke,
                    } => line_shapes(points, *closed, stroke, origin, &mut steps),
                    Item::Circle {
                        center,
                        radius,
                        fill,
                        stroke,
                    } => {
                        let c = pos(*center, origin);
                        if let Some(f) = fill {
                            steps.push(Step::Shape(Shape::circle_filled(c, *radius, color(*f))));
                        }
                        if let Some(s) = stroke {
                            if s.dash.is_empty() {
                                steps.push(Step::Shape(Shape::circle_stroke(
                                    c,
                                    *radius,
                                    egui::Stroke::new(s.width, color(s.color)),
                                )));
                            } else {
                                let n = ((radius * 2.0).ceil() as usize).clamp(12, 96);
                                let ring: Vec<Pt> = (0..n)
                                    .map(|i| {
                                        let a = i as f32 * std::f32::consts::TAU / n as f32;
                                        Pt::new(
                                            center.x + radius * a.cos(),
                                            center.y + radius * a.sin(),
                                        )
                                    })
                                    .collect();
                                line_shapes(&ring, true, s, origin, &mut steps);
                            }
                        }
                    }
                    Item::Rect {
                        rect,
                        corner_radius,
                        fill,
                        stroke,
                    } => {
                        let r =
                            egui::Rect::from_min_max(pos(rect.min, origin), pos(rect.max, origin));
                        let cr = corner_radius.clamp(0.0, 255.0);
                        if let Some(f) = fill {
                            steps.push(Step::Shape(Shape::rect_filled(r, cr, color(*f))));
                        }
                        if let Some(s) = stroke {
                            steps.push(Step::Shape(Shape::rect_stroke(
                                r,
                                cr,
                                egui::Stroke::new(s.width, color(s.color)),
                                StrokeKind::Middle,
                            )));
                        }
                    }
                    Item::Text(t) => steps.push(Step::Text(t.clone())),
                }
            }
            if !mesh.is_empty() {
                steps.push(Step::Shape(Shape::mesh(mesh)));
            }
        }
        MapShapes {
            background: color(scene.background),
            steps,
        }
    }

    /// Paints the map with its top-left corner at `origin`, clipped to the painter.
    pub fn paint(&self, painter: &Painter, origin: Pos2) {
        painter.rect_filled(painter.clip_rect(), 0.0, self.background);
        let offset = origin.to_vec2();
        let mut shapes = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            match step {
                Step::Shape(s) => {
                    let mut s = s.clone();
                    if offset != Vec2::ZERO {
                        s.translate(offset);
                    }
                    shapes.push(s);
                }
                Step::Text(t) => text_shapes(painter, t, origin, &mut shapes),
            }
        }
        painter.extend(shapes);
    }

    /// How many shapes (texts included) a frame paints.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there is nothing to paint but the background.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Appends a filled area to a mesh: the stored triangles, or an earcut of the rings.
fn add_fill(mesh: &mut Mesh, rings: &[Vec<Pt>], triangles: &[u32], c: Color32, origin: Pos2) {
    let total: usize = rings.iter().map(Vec::len).sum();
    if total < 3 {
        return;
    }
    if !triangles.is_empty() {
        let base = mesh.vertices.len() as u32;
        for p in rings.iter().flatten() {
            mesh.colored_vertex(pos(*p, origin), c);
        }
        for t in triangles.chunks_exact(3) {
            if t.iter().all(|&i| (i as usize) < total) {
                mesh.add_triangle(base + t[0], base + t[1], base + t[2]);
            }
        }
        return;
    }
    for (outer, holes) in group_rings(rings) {
        let to_ls = |r: &[Pt]| -> geo::LineString<f64> {
            r.iter()
                .map(|p| geo::coord! { x: f64::from(p.x), y: f64::from(p.y) })
                .collect()
        };
        let poly = geo::Polygon::new(to_ls(outer), holes.iter().map(|h| to_ls(h)).collect());
        let raw = poly.earcut_triangles_raw();
        let base = mesh.vertices.len() as u32;
        let n = raw.vertices.len();
        for v in &raw.vertices {
            mesh.colored_vertex(Pos2::new(origin.x + v[0] as f32, origin.y + v[1] as f32), c);
        }
        for t in raw.triangle_indices.chunks_exact(3) {
            if t.iter().all(|&i| i < n) {
                mesh.add_triangle(base + t[0] as u32, base + t[1] as u32, base + t[2] as u32);
            }
        }
    }
}

/// Twice the signed area of a ring (its orientation).
fn signed_area(r: &[Pt]) -> f32 {
    let mut a = 0.0;
    for (i, p) in r.iter().enumerate() {
        let q = r[(i + 1) % r.len()];
        a += p.x * q.y - q.x * p.y;
    }
    a
}

/// Splits the rings of a fill into polygons under the non-zero rule as the scene uses it: a
/// ring wound like the first starts a polygon, a ring wound the other way is a hole of the
/// polygon before it.
fn group_rings(rings: &[Vec<Pt>]) -> Vec<(&[Pt], Vec<&[Pt]>)> {
    let mut out: Vec<(&[Pt], Vec<&[Pt]>)> = Vec::new();
    let mut sign = 0.0f32;
    for r in rings.iter().filter(|r| r.len() >= 3) {
        let a = signed_area(r);
        if out.is_empty() {
            sign = a.signum();
            out.push((r, Vec::new()));
        } else if a.signum() == sign || a == 0.0 {
            out.push((r, Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(r);
        }
    }
    out
}

/// The pieces of a polyline egui can stroke without spikes: near-duplicate points dropped,
/// split where the line turns back on itself. A closed ring that needed no split stays one
/// closed piece (the bool).
pub fn clean_polyline(points: &[Pt], closed: bool) -> Vec<(Vec<Pt>, bool)> {
    let mut kept: Vec<Pt> = Vec::with_capacity(points.len());
    for &p in points {
        if !(p.x.is_finite() && p.y.is_finite()) {
            continue;
        }
        match kept.last() {
            Some(q) if (p.x - q.x).hypot(p.y - q.y) < MIN_STEP => {}
            _ => kept.push(p),
        }
    }
    if closed && kept.len() > 2 {
        let (a, b) = (kept[0], kept[kept.len() - 1]);
        if (a.x - b.x).hypot(a.y - b.y) < MIN_STEP {
            kept.pop();
        }
    }
    if kept.len() < 2 {
        return Vec::new();
    }
    let mut pieces: Vec<Vec<Pt>> = vec![vec![kept[0]]];
    for &cur in &kept[1..] {
        if let Some(piece) = pieces.last_mut() {
            if piece.len() >= 2 {
                let a = piece[piece.len() - 2];
                let b = piece[piece.len() - 1];
                if sharp(a, b, cur) {
                    pieces.push(vec![b, cur]);
                    continue;
                }
            }
            piece.push(cur);
        }
    }
    if closed {
        if pieces.len() == 1 {
            let p = pieces.pop().unwrap_or_default();
            return if p.len() >= 3 {
                vec![(p, true)]
            } else {
                vec![(p, false)]
            };
        }
        // Close the ring as an open piece from the last point to the first.
        if let (Some(first), Some(last)) = (kept.first().copied(), kept.last().copied()) {
            pieces.push(vec![last, first]);
        }
    }
    pieces
        .into_iter()
        .filter(|p| p.len() >= 2)
        .map(|p| (p, false))
        .collect()
}

fn sharp(a: Pt, b: Pt, c: Pt) -> bool {
    let (ux, uy) = (b.x - a.x, b.y - a.y);
    let (vx, vy) = (c.x - b.x, c.y - b.y);
    let lu = ux.hypot(uy);
    let lv = vx.hypot(vy);
    if lu == 0.0 || lv == 0.0 {
        return false;
    }
    (ux * vx + uy * vy) / (lu * lv) < SHARP_TURN_COS
}

fn line_shapes(
    points: &[Pt],
    closed: bool,
    stroke: &display::Stroke,
    origin: Pos2,
    steps: &mut Vec<Step>,
) {
    if !(stroke.width.is_finite() && stroke.width > 0.0) {
        return;
    }
    let s = egui::Stroke::new(stroke.width, color(stroke.color));
    let period: f32 = stroke.dash.iter().sum();
    let dashed = stroke.dash.len() >= 2 && period >= crate::render::png::MIN_DASH_PERIOD;
    for (piece, is_closed) in clean_polyline(points, closed) {
        let mut pts: Vec<Pos2> = piece.iter().map(|p| pos(*p, origin)).collect();
        if dashed {
            if is_closed && let Some(f) = pts.first().copied() {
                pts.push(f);
            }
            for shape in Shape::dashed_line(&pts, s, stroke.dash[0], stroke.dash[1]) {
                steps.push(Step::Shape(shape));
            }
        } else if is_closed {
            steps.push(Step::Shape(Shape::Path(PathShape::closed_line(
                pts,
                PathStroke::from(s),
            ))));
        } else {
            steps.push(Step::Shape(Shape::line(pts, s)));
        }
    }
}

/// Lays out a scene text and adds its shapes (halo copies, then the text).
fn text_shapes(painter: &Painter, t: &Text, origin: Pos2, out: &mut Vec<Shape>) {
    if t.text.is_empty() || !(t.size.is_finite() && t.size > 0.5) {
        return;
    }
    let mut job = LayoutJob::default();
    job.append(
        &t.text,
        0.0,
        TextFormat {
            font_id: font_id(t.style, t.size),
            extra_letter_spacing: t.letter_spacing,
            color: color(t.color),
            ..TextFormat::default()
        },
    );
    let galley: Arc<egui::Galley> = painter.layout_job(job);
    let width = galley.size().x;
    let baseline = galley
        .rows
        .first()
        .and_then(|r| r.row.glyphs.first().map(|g| r.pos.y + g.pos.y))
        .unwrap_or(t.size * 0.8);
    let dx = t.anchor.offset(width);
    let p = Pos2::new(origin.x + t.pos.x + dx, origin.y + t.pos.y - baseline);
    if let Some((hc, hw)) = t.halo
        && hw > 0.0
    {
        let r = hw / 2.0;
        let d = r * std::f32::consts::FRAC_1_SQRT_2;
        let hc = color(hc);
        for off in [
            Vec2::new(r, 0.0),
            Vec2::new(-r, 0.0),
            Vec2::new(0.0, r),
            Vec2::new(0.0, -r),
            Vec2::new(d, d),
            Vec2::new(-d, d),
            Vec2::new(d, -d),
            Vec2::new(-d, -d),
        ] {
            out.push(
                TextShape::new(p + off, galley.clone(), hc)
                    .with_override_text_color(hc)
                    .into(),
            );
        }
    }
    out.push(TextShape::new(p, galley, color(t.color)).into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_points_are_dropped_and_spikes_split() {
        let pts = [
            Pt::new(0.0, 0.0),
            Pt::new(0.1, 0.0),
            Pt::new(10.0, 0.0),
            Pt::new(0.0, 0.2),
        ];
        let pieces = clean_polyline(&pts, false);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(pieces[0].0.len(), 2);
    }

    #[test]
    fn a_plain_ring_stays_closed() {
        let sq = [
            Pt::new(0.0, 0.0),
            Pt::new(10.0, 0.0),
            Pt::new(10.0, 10.0),
            Pt::new(0.0, 10.0),
        ];
        let pieces = clean_polyline(&sq, true);
        assert_eq!(pieces, vec![(sq.to_vec(), true)]);
    }

    #[test]
    fn a_star_is_triangulated() {
        let star: Vec<Pt> = (0..10)
            .map(|i| {
                let r = if i % 2 == 0 { 10.0 } else { 4.0 };
                let a = i as f32 * std::f32::consts::PI / 5.0;
                Pt::new(r * a.cos(), r * a.sin())
            })
            .collect();
        let mut mesh = Mesh::default();
        add_fill(&mut mesh, &[star], &[], Color32::RED, Pos2::ZERO);
        assert_eq!(mesh.indices.len(), 8 * 3);
        assert!(mesh.is_valid());
    }
}
