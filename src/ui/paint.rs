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
//! [`MapShapes`] keeps a scene tessellated (with egui's own tessellator, the way the frame
//! would do it) into one mesh, texts and halos included, shared with every frame until the
//! scene changes: a frame where only the pointer moved hands egui the same mesh, and a rebuild
//! writes the geometry once into the previous mesh's buffers. The texts' texture coordinates
//! point into egui's font atlas, so the mesh is rebuilt when the atlas grows or is emptied
//! ([`MapShapes::is_current`]).

use std::sync::Arc;

use egui::epaint::{CircleShape, Mesh, PathShape, PathStroke, Tessellator, TextShape};
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

/// A scene tessellated for egui at a given origin, texts included: one mesh, shared with every
/// frame until the scene changes.
pub struct MapShapes {
    mesh: Arc<Mesh>,
    /// Where the map's top-left corner was put when tessellating.
    origin: Pos2,
    /// The font atlas the texts' texture coordinates point into: its size, and how full it
    /// was (egui empties a full atlas, after which the glyphs are elsewhere).
    atlas_size: [usize; 2],
    atlas_fill: f32,
}

impl MapShapes {
    /// Tessellates a scene whose top-left corner is painted at `origin`, the way `ctx`
    /// tessellates (pixels per point, feathering), its texts laid out with `ctx`'s fonts.
    /// `previous` (the shapes this replaces) lends its buffers when no frame holds them any
    /// more, so that a rebuild does not grow a mesh from nothing again.
    pub fn new(
        scene: &Scene,
        ctx: &egui::Context,
        origin: Pos2,
        previous: Option<MapShapes>,
    ) -> MapShapes {
        // Lay out every text first: laying out may add glyphs to the atlas and grow it, and
        // the texture coordinates are computed against its final size.
        let mut texts: Vec<Vec<Shape>> = Vec::new();
        ctx.fonts_mut(|fonts| {
            for layer in &scene.layers {
                for item in &layer.items {
                    if let Item::Text(t) = item {
                        let mut shapes = Vec::new();
                        text_shapes(&mut |job| fonts.layout_job(job), t, origin, &mut shapes);
                        texts.push(shapes);
                    }
                }
            }
        });
        let (atlas_size, atlas_fill) =
            ctx.fonts(|f| (f.font_image_size(), f.font_atlas_fill_ratio()));
        let options = ctx.tessellation_options(|o| *o);
        // No prepared discs: they are drawn from the atlas, whose layout may change while
        // this mesh lives; circles are tessellated as paths.
        let mut tess = Tessellator::new(ctx.pixels_per_point(), options, atlas_size, Vec::new());

        let mut mesh = previous
            .and_then(|p| Arc::try_unwrap(p.mesh).ok())
            .map(|mut m| {
                // Not `Mesh::clear`, which lets the vertex buffer go.
                m.indices.clear();
                m.vertices.clear();
                m
            })
            .unwrap_or_default();
        let size = Vec2::new(scene.width, scene.height);
        mesh.add_colored_rect(
            egui::Rect::from_min_size(origin, size),
            color(scene.background),
        );
        let mut texts = texts.into_iter();
        for layer in &scene.layers {
            for item in &layer.items {
                match item {
                    Item::Fill {
                        rings,
                        triangles,
                        color: c,
                    } => add_fill(&mut mesh, rings, triangles, color(*c), origin),
                    Item::Line {
                        points,
                        closed,
                        stroke,
                    } => line_shapes(points, *closed, stroke, origin, &mut |s| {
                        tess.tessellate_shape(s, &mut mesh)
                    }),
                    Item::Circle {
                        center,
                        radius,
                        fill,
                        stroke,
                    } => {
                        let c = pos(*center, origin);
                        let solid = stroke.as_ref().filter(|s| s.dash.is_empty());
                        if fill.is_some() || solid.is_some() {
                            // Fill and solid outline in one shape: one path to tessellate.
                            let circle = CircleShape {
                                center: c,
                                radius: *radius,
                                fill: fill.map_or(Color32::TRANSPARENT, color),
                                stroke: solid.map_or(egui::Stroke::NONE, |s| {
                                    egui::Stroke::new(s.width, color(s.color))
                                }),
                            };
                            tess.tessellate_circle(circle, &mut mesh);
                        }
                        if let Some(s) = stroke.as_ref().filter(|s| !s.dash.is_empty()) {
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
                            line_shapes(&ring, true, s, origin, &mut |s| {
                                tess.tessellate_shape(s, &mut mesh)
                            });
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
                            tess.tessellate_shape(Shape::rect_filled(r, cr, color(*f)), &mut mesh);
                        }
                        if let Some(s) = stroke {
                            let stroke = egui::Stroke::new(s.width, color(s.color));
                            let shape = Shape::rect_stroke(r, cr, stroke, StrokeKind::Middle);
                            tess.tessellate_shape(shape, &mut mesh);
                        }
                    }
                    Item::Text(_) => {
                        for shape in texts.next().unwrap_or_default() {
                            tess.tessellate_shape(shape, &mut mesh);
                        }
                    }
                }
            }
        }
        MapShapes {
            mesh: Arc::new(mesh),
            origin,
            atlas_size,
            atlas_fill,
        }
    }

    /// Whether the mesh still fits: the map's corner is still at `origin`, and the texts still
    /// point at the right glyphs (the font atlas has the size it had and has not been emptied
    /// since).
    pub fn is_current(&self, ctx: &egui::Context, origin: Pos2) -> bool {
        self.origin == origin
            && ctx.fonts(|f| {
                f.font_image_size() == self.atlas_size
                    && f.font_atlas_fill_ratio() >= self.atlas_fill
            })
    }

    /// Paints the map (at the origin it was tessellated for), clipped to the painter.
    pub fn paint(&self, painter: &Painter) {
        painter.add(Shape::Mesh(self.mesh.clone()));
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
            Some(q) if dist2(p, *q) < MIN_STEP * MIN_STEP => {}
            _ => kept.push(p),
        }
    }
    if closed && kept.len() > 2 {
        let (a, b) = (kept[0], kept[kept.len() - 1]);
        if dist2(a, b) < MIN_STEP * MIN_STEP {
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

/// The squared distance between two points.
fn dist2(a: Pt, b: Pt) -> f32 {
    let (dx, dy) = (a.x - b.x, a.y - b.y);
    dx * dx + dy * dy
}

/// Whether the turn at `b` is sharper than [`SHARP_TURN_COS`]: cos < k with k < 0 is
/// dot < 0 and dot^2 > k^2 |u|^2 |v|^2, which needs no square root.
fn sharp(a: Pt, b: Pt, c: Pt) -> bool {
    let (ux, uy) = (b.x - a.x, b.y - a.y);
    let (vx, vy) = (c.x - b.x, c.y - b.y);
    let (lu2, lv2) = (ux * ux + uy * uy, vx * vx + vy * vy);
    if lu2 == 0.0 || lv2 == 0.0 {
        return false;
    }
    let dot = ux * vx + uy * vy;
    dot < 0.0 && dot * dot > SHARP_TURN_COS * SHARP_TURN_COS * lu2 * lv2
}

fn line_shapes(
    points: &[Pt],
    closed: bool,
    stroke: &display::Stroke,
    origin: Pos2,
    out: &mut dyn FnMut(Shape),
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
                out(shape);
            }
        } else if is_closed {
            out(Shape::Path(PathShape::closed_line(
                pts,
                PathStroke::from(s),
            )));
        } else {
            out(Shape::line(pts, s));
        }
    }
}

/// Lays out a scene text and adds its shapes (halo copies, then the text).
fn text_shapes(
    layout: &mut dyn FnMut(LayoutJob) -> Arc<egui::Galley>,
    t: &Text,
    origin: Pos2,
    out: &mut Vec<Shape>,
) {
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
    let galley = layout(job);
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
