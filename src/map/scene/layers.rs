//! The basemap in a scene: fills, lines and names from `maps/`, at the view's level of detail.
//!
//! Features are culled by their boxes against the visible part of the world, once per copy
//! of the world the view shows (so a map panned across the antimeridian stays whole).
//! Polygons go out with their stored triangulation; lines are thinned to points at least
//! half a pixel apart and cut where they leave the screen, which keeps exports small and
//! spares egui's stroke tessellator the hairpin turns that make it draw spikes.

use super::labels::{Label, Placer};
use super::style::Palette;
use crate::map::basemap::{self, Basemap, Bbox, BorderKind, Capital, LevelData, Paths, Polygon};
use crate::map::display::{Color, FontStyle, Item, Pt, Rect, Scene, Stroke};
use crate::map::view::{View, WorldBox};

/// World to screen for one copy of the world (shift in whole worlds).
struct Proj {
    cx: f64,
    cy: f64,
    w: f64,
    hw: f64,
    hh: f64,
}

impl Proj {
    fn new(view: &View) -> Proj {
        Proj {
            cx: view.center_x,
            cy: view.center_y,
            w: view.world_px(),
            hw: view.width as f64 / 2.0,
            hh: view.height as f64 / 2.0,
        }
    }
    #[inline]
    fn pt(&self, p: basemap::Pt, shift: f32) -> Pt {
        Pt::new(
            ((p[0] as f64 + shift as f64 - self.cx) * self.w + self.hw) as f32,
            ((p[1] as f64 - self.cy) * self.w + self.hh) as f32,
        )
    }
}

fn view_bbox(view: &View) -> Bbox {
    let v = view.visible();
    Bbox::new(
        v.min_x as f32,
        v.min_y as f32,
        v.max_x as f32,
        v.max_y as f32,
    )
}

/// A basemap box (unit square, f32) as a [`WorldBox`].
pub fn world_box(b: Bbox) -> WorldBox {
    WorldBox {
        min_x: b.min_x as f64,
        min_y: b.min_y as f64,
        max_x: b.max_x as f64,
        max_y: b.max_y as f64,
    }
}

fn fill(out: &mut Vec<Item>, p: &Polygon, proj: &Proj, shift: f32, color: Color) {
    let rings: Vec<Vec<Pt>> = p
        .rings
        .iter()
        .map(|r| r.iter().map(|q| proj.pt(*q, shift)).collect())
        .collect();
    out.push(Item::Fill {
        rings,
        triangles: p.triangles.clone(),
        color,
    });
}

/// Appends the on-screen runs of each path, thinned to points >= 0.5 px apart.
fn lines(
    out: &mut Vec<Item>,
    paths: &Paths,
    proj: &Proj,
    shift: f32,
    screen: &Rect,
    stroke: &Stroke,
    closed: bool,
) {
    for path in paths.iter() {
        let mut run: Vec<Pt> = Vec::new();
        let mut prev: Option<Pt> = None;
        let n = path.len();
        let count = if closed && n > 2 { n + 1 } else { n };
        for i in 0..count {
            let p = proj.pt(path[i % n], shift);
            if let Some(q) = prev {
                let seg = Rect {
                    min: Pt::new(q.x.min(p.x), q.y.min(p.y)),
                    max: Pt::new(q.x.max(p.x), q.y.max(p.y)),
                };
                if seg.intersects(screen) {
                    if run.is_empty() {
                        run.push(q);
                    }
                    let last = run[run.len() - 1];
                    if (p.x - last.x).abs() + (p.y - last.y).abs() >= 0.5 {
                        run.push(p);
                    }
                } else if run.len() >= 2 {
                    out.push(Item::Line {
                        points: std::mem::take(&mut run),
                        closed: false,
                        stroke: stroke.clone(),
                    });
                } else {
                    run.clear();
                }
            }
            prev = Some(p);
        }
        if run.len() >= 2 {
            out.push(Item::Line {
                points: run,
                closed: false,
                stroke: stroke.clone(),
            });
        }
    }
}

/// Draws the basemap's areas and lines; returns the data of the level drawn.
pub fn draw_basemap<'a>(
    scene: &mut Scene,
    basemap: &'a Basemap,
    view: &View,
    pal: &Palette,
    tinted: &[String],
) -> &'a LevelData {
    let data = basemap.for_zoom(view.zoom);
    let proj = Proj::new(view);
    let vb = view_bbox(view);
    let screen = view.screen().expand(4.0);
    let z = view.zoom as f32;

    let mut land = Vec::new();
    for (c, shift) in basemap::visible(&data.countries, vb) {
        let hl = tinted.iter().any(|t| c.is(t));
        let color = if hl {
            pal.land_highlight
        } else {
            pal.land[c.color as usize % pal.land.len()]
        };
        for p in &c.polygons {
            if p.bbox.shifted(shift).intersects(&vb) {
                fill(&mut land, p, &proj, shift, color);
            }
        }
    }
    scene.layer("land").extend(land);

    let mut disputed = Vec::new();
    for (d, shift) in basemap::visible(&data.disputed, vb) {
        for p in &d.polygons {
            if p.bbox.shifted(shift).intersects(&vb) {
                fill(
                    &mut disputed,
                    p,
                    &proj,
                    shift,
                    pal.border_disputed.with_alpha(28),
                );
            }
        }
    }
    if !disputed.is_empty() {
        scene.layer("disputed").extend(disputed);
    }

    let mut lakes = Vec::new();
    for (l, shift) in basemap::visible(&data.lakes, vb) {
        if (l.rank as f32) > z * 1.6 + 3.0 {
            continue;
        }
        for p in &l.polygons {
            if p.bbox.shifted(shift).intersects(&vb) {
                fill(&mut lakes, p, &proj, shift, pal.lake);
            }
        }
    }
    if !lakes.is_empty() {
        scene.layer("lakes").extend(lakes);
    }

    let mut rivers = Vec::new();
    let river_w = (0.5 + z * 0.15).min(1.6);
    for (r, shift) in basemap::visible(&data.rivers, vb) {
        if (r.rank as f32) > z * 1.5 + 2.0 {
            continue;
        }
        lines(
            &mut rivers,
            &r.parts,
            &proj,
            shift,
            &screen,
            &Stroke::solid(river_w, pal.river),
            false,
        );
    }
    if !rivers.is_empty() {
        scene.layer("rivers").extend(rivers);
    }

    let mut coast = Vec::new();
    let coast_stroke = Stroke::solid((0.4 + z * 0.08).min(1.1), pal.coast);
    for (c, shift) in basemap::visible(&data.coastlines, vb) {
        lines(
            &mut coast,
            &c.parts,
            &proj,
            shift,
            &screen,
            &coast_stroke,
            false,
        );
    }
    if !coast.is_empty() {
        scene.layer("coast").extend(coast);
    }

    if view.zoom >= 4.0 {
        let mut admin = Vec::new();
        let s = Stroke::dashed(0.7, pal.admin1, vec![3.0, 2.0]);
        for (a, shift) in basemap::visible(&data.admin1, vb) {
            lines(&mut admin, &a.parts, &proj, shift, &screen, &s, false);
        }
        if !admin.is_empty() {
            scene.layer("admin1").extend(admin);
        }
    }

    let mut borders = Vec::new();
    let bw = (0.6 + z * 0.12).min(1.5);
    for (b, shift) in basemap::visible(&data.borders, vb) {
        let stroke = match b.kind {
            BorderKind::International | BorderKind::Other | BorderKind::Reference => {
                Stroke::solid(bw, pal.border)
            }
            BorderKind::Disputed | BorderKind::Claim | BorderKind::Breakaway => {
                Stroke::dashed(bw, pal.border_disputed, vec![4.0, 3.0])
            }
            BorderKind::Indefinite | BorderKind::LineOfControl => {
                Stroke::dashed(bw, pal.border_disputed, vec![1.5, 2.5])
            }
        };
        lines(
            &mut borders,
            &b.parts,
            &proj,
            shift,
            &screen,
            &stroke,
            false,
        );
    }
    scene.layer("borders").extend(borders);
    data
}

/// Country, sea and city names of the basemap, by rank, where they fit.
#[allow(clippy::too_many_arguments)]
pub fn basemap_labels(
    out: &mut Vec<Item>,
    placer: &mut Placer,
    basemap: &Basemap,
    view: &View,
    data: &LevelData,
    pal: &Palette,
    lang: &str,
    mentioned: &[&str],
) {
    let proj = Proj::new(view);
    let vb = view_bbox(view);
    let z = view.zoom as f32;
    let fr = lang == "fr";
    let halo = Some((pal.halo, 2.5));

    // Seas and oceans first: they are big and few.
    let mut feats: Vec<_> = basemap::visible(&basemap.labels.features, vb)
        .filter(|(f, _)| {
            f.kind.is_marine()
                && f.min_label <= z + 1.0
                && (f.max_label <= 0.0 || f.max_label + 1.5 >= z)
        })
        .collect();
    feats.sort_by(|a, b| {
        a.0.scalerank
            .cmp(&b.0.scalerank)
            .then(a.0.min_label.total_cmp(&b.0.min_label))
    });
    for (f, shift) in feats {
        let name = if fr && !f.name_fr.is_empty() {
            &f.name_fr
        } else {
            &f.name_en
        };
        if name.is_empty() {
            continue;
        }
        let size = (15.0 - f.scalerank as f32 * 0.8).clamp(10.5, 15.0);
        let l = Label {
            text: name,
            size,
            style: FontStyle::Italic,
            color: pal.marine_label,
            halo,
            letter_spacing: if f.scalerank <= 2 { 1.5 } else { 0.5 },
        };
        if let Some((item, _)) = placer.place_centered(&l, proj.pt(f.point.pos, shift)) {
            out.push(item);
        }
    }

    // Country names, by importance, where the country is big enough on screen.
    let mut countries: Vec<_> = basemap::visible(&data.countries, vb)
        .filter(|(c, _)| c.min_label <= z + 1.2)
        .collect();
    countries.sort_by(|a, b| {
        a.0.label_rank
            .cmp(&b.0.label_rank)
            .then(a.0.code.cmp(&b.0.code))
    });
    for (c, shift) in countries {
        if mentioned.iter().any(|m| c.is(m)) {
            continue;
        }
        let name = if fr && !c.name_fr.is_empty() {
            &c.name_fr
        } else {
            &c.name_en
        };
        let upper = name.to_uppercase();
        let size = (13.5 - c.label_rank as f32 * 0.4 + (z - 3.0).max(0.0) * 0.3).clamp(10.0, 15.0);
        let sw = (c.bbox.max_x - c.bbox.min_x) as f64 * view.world_px();
        let l = Label {
            text: &upper,
            size,
            style: FontStyle::Regular,
            color: pal.country_label,
            halo,
            letter_spacing: 1.2,
        };
        // Below the top ranks, only where the name fits (the cheap test first).
        if c.label_rank > 2
            && (super::labels::measure(&upper, size, FontStyle::Regular, 1.2).width as f64)
                > sw * 1.3
        {
            continue;
        }
        if let Some((item, _)) = placer.place_centered(&l, proj.pt(c.label.pos, shift)) {
            out.push(item);
        }
    }

    // Cities: capitals and big cities first.
    let mut places: Vec<_> = basemap::visible(&basemap.labels.places, vb)
        .filter(|(p, _)| p.min_zoom <= z + 0.6)
        .collect();
    places.sort_by(|a, b| {
        let cap = |p: &basemap::PlaceLabel| !matches!(p.capital, Capital::National);
        cap(a.0)
            .cmp(&cap(b.0))
            .then(a.0.scalerank.cmp(&b.0.scalerank))
            .then(b.0.population.cmp(&a.0.population))
    });
    let mut shown = 0;
    for (p, shift) in places {
        if shown >= 400 {
            break;
        }
        let name = if fr && !p.name_fr.is_empty() {
            &p.name_fr
        } else {
            &p.name_en
        };
        let c = proj.pt(p.point.pos, shift);
        let dot = Rect {
            min: Pt::new(c.x - 3.0, c.y - 3.0),
            max: Pt::new(c.x + 3.0, c.y + 3.0),
        };
        if !placer.is_free(&dot) {
            continue;
        }
        let capital = matches!(p.capital, Capital::National);
        let l = Label {
            text: name,
            size: if capital { 12.5 } else { 11.5 },
            style: if capital {
                FontStyle::Bold
            } else {
                FontStyle::Regular
            },
            color: pal.city_label,
            halo,
            letter_spacing: 0.0,
        };
        if let Some((item, _)) = placer.place_beside(&l, c, 2.5) {
            placer.reserve(dot);
            if capital {
                out.push(Item::Circle {
                    center: c,
                    radius: 3.2,
                    fill: Some(pal.halo),
                    stroke: Some(Stroke::solid(1.3, pal.city_dot)),
                });
                out.push(Item::Circle {
                    center: c,
                    radius: 1.3,
                    fill: Some(pal.city_dot),
                    stroke: None,
                });
            } else {
                out.push(Item::Circle {
                    center: c,
                    radius: 2.2,
                    fill: Some(pal.city_dot),
                    stroke: Some(Stroke::solid(0.8, pal.halo)),
                });
            }
            out.push(item);
            shown += 1;
        }
    }
}
