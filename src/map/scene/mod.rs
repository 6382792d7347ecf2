//! `scene::build`: the one place that decides what a map looks like.
//!
//! From the project (places, events, drawings), the basemap and a [`View`], [`build`] makes a
//! [`Scene`]: a display list in logical pixels that egui paints on screen and the renderers
//! turn into PNG and SVG, so an export is exactly what the user saw. Painting order (layers):
//!
//! 1. `land`, `lakes`, `rivers`, `admin1`, `borders`: the basemap at the level of detail of
//!    the view's scale, culled to the screen, with the copies of the world that the view
//!    shows across the antimeridian; countries the documents mention are tinted;
//! 2. `drawings`: the user's arrows, lines, areas and text labels;
//! 3. `pins`: one symbol per place by kind, in the user's colour for the pin or its
//!    category when there is one ([`style::pin_color`]) and at the user's size (countries
//!    are tinted areas with an emphasised
//!    label instead of a pin), crowded pins merged into a cluster with a count, a badge
//!    with the number of each event at the place (keyed to the event list), the selection
//!    ringed;
//! 4. `labels`: pin labels first, then country, sea and city names of the basemap by rank,
//!    placed greedily so that no two labels overlap and none hides under the furniture;
//! 5. `offscreen`: for each pin outside the frame, an arrowhead at the frame's edge pointing
//!    to it, with its name and distance;
//! 6. `furniture`: title, subtitle, legend (only the kinds and categories present), scale bar, credits line
//!    and the event key, for exports (each optional).
//!
//! [`fit`] chooses the frame for "Fit": the pins that matter, not every pin (see there).

pub mod furniture;
pub mod labels;
mod layers;
pub mod style;

use std::collections::HashMap;

use crate::map::basemap::Basemap;
use crate::map::display::{
    Anchor, Color, FontStyle, Hit, HitTarget, Item, Pt, Rect, Scene, Stroke, Text,
};
use crate::map::view::{self, View, WorldBox};
use crate::project::{Anchor as DrawAnchor, Event, LatLon, PlaceKind, Project, Shape};

use furniture::KeyLine;
use labels::{Label, Placer};
use style::{PIN_RADIUS, pin_color, pin_scale, pin_symbol};
pub use style::{Palette, Theme};

/// What to show besides the data, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub theme: Theme,
    /// Language of names and legends (fr or en).
    pub lang: String,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub legend: bool,
    pub scale_bar: bool,
    pub credits: bool,
    /// The numbered list of events (date, place, one line) at the top right.
    pub event_key: bool,
    /// Arrowheads at the frame's edge pointing to pins outside it.
    pub offscreen: bool,
    /// The selected place (ringed).
    pub selected: Option<u32>,
    /// The place under the pointer (slightly enlarged).
    pub hovered: Option<u32>,
    /// When set, only these places are shown (the timeline's filter).
    pub only_places: Option<Vec<u32>>,
    /// Pins closer than this many pixels merge into a cluster (0: never).
    pub cluster_px: f32,
    /// Basemap names (countries, seas, cities).
    pub basemap_labels: bool,
}

impl Options {
    /// For the screen: no title, legend or key (the window has panels for that).
    pub fn screen(lang: &str) -> Options {
        Options {
            theme: Theme::Light,
            lang: lang.to_string(),
            title: None,
            subtitle: None,
            legend: false,
            scale_bar: true,
            credits: true,
            event_key: false,
            offscreen: true,
            selected: None,
            hovered: None,
            only_places: None,
            cluster_px: 9.0,
            basemap_labels: true,
        }
    }

    /// For an exported image: title, legend, scale bar, credits and the event key.
    pub fn export(lang: &str, title: Option<String>) -> Options {
        Options {
            title,
            legend: true,
            event_key: true,
            ..Options::screen(lang)
        }
    }
}

/// A pin as the scene computes it.
#[derive(Debug, Clone)]
struct Pin {
    /// Index into `project.places`.
    index: usize,
    id: u32,
    kind: PlaceKind,
    /// The symbol's colour ([`pin_color`]) and size relative to the default.
    color: Color,
    scale: f32,
    /// Screen position (nearest copy of the world).
    screen: Pt,
    mentions: usize,
    rank: u8,
    /// A country the basemap has: shown as a tinted area with a label, not a pin.
    tinted: bool,
}

/// The project's events numbered 1..n by date, then by id: a date without its year is read
/// in `year` (the project's [default year](Project::default_year), as the timeline places
/// it); unknown dates come last.
pub fn event_numbers(project: &Project, year: i32) -> Vec<usize> {
    let events = &project.events;
    let mut order: Vec<usize> = (0..events.len()).collect();
    let key = |e: &Event| {
        let d = e.when.map(|w| w.start);
        (
            d.map_or(i32::MAX, |d| d.year.unwrap_or(year)),
            d.and_then(|d| d.month).unwrap_or(u8::MAX),
            d.and_then(|d| d.day).unwrap_or(u8::MAX),
            e.id,
        )
    };
    order.sort_by_key(|&i| key(&events[i]));
    let mut numbers = vec![0; events.len()];
    for (n, i) in order.into_iter().enumerate() {
        numbers[i] = n + 1;
    }
    numbers
}

fn is_point_kind(k: PlaceKind) -> bool {
    matches!(
        k,
        PlaceKind::City
            | PlaceKind::District
            | PlaceKind::Airport
            | PlaceKind::MilitaryBase
            | PlaceKind::Facility
            | PlaceKind::Strait
            | PlaceKind::Other
    )
}

/// The pins of the project that the options let through, with their mention counts.
fn project_pins(
    project: &Project,
    opts: &Options,
) -> Vec<(usize, u32, PlaceKind, LatLon, usize, u8)> {
    project
        .visible_places()
        .filter(|(_, p, _)| opts.only_places.as_ref().is_none_or(|o| o.contains(&p.id)))
        .map(|(i, p, n)| (i, p.id, p.kind, p.point, n.max(1), p.rank))
        .collect()
}

/// How far from the main group's seed a place may lie and still be framed.
pub const FIT_RADIUS_KM: f64 = 1500.0;

/// The frame "Fit" shows: the pins that matter.
///
/// Point-like places (cities, airports, bases...) are what an article is about; countries
/// and seas give context. Places far from the main group (say Washington in an article
/// about Iraq) are left out of the frame; the scene points to them from the edge instead. When most framed pins lie in one country of moderate size, the
/// frame grows to show that whole country, so the reader sees where in the country they are.
/// Returns `None` for a project without places.
///
/// The group is the set of point places within [`FIT_RADIUS_KM`] of the place whose
/// neighbourhood gathers the most mentions (countries and seas count there too, so an
/// article about Iraq that also quotes Washington frames Iraq).
pub fn fit(
    project: &Project,
    basemap: &Basemap,
    width: f32,
    height: f32,
    opts: &Options,
) -> Option<View> {
    let pins = project_pins(project, opts);
    if pins.is_empty() {
        return None;
    }
    let points: Vec<_> = pins.iter().filter(|p| is_point_kind(p.2)).collect();
    let group: Vec<_> = if points.is_empty() {
        pins.iter().collect()
    } else {
        points
    };
    // The seed of the main group: the place with the most mentions (of any place, countries
    // included) within FIT_RADIUS_KM of it.
    let near =
        |a: &LatLon, b: &LatLon| view::haversine_km(a.lat, a.lon, b.lat, b.lon) <= FIT_RADIUS_KM;
    let seed = group.iter().max_by_key(|s| {
        let score: usize = pins.iter().filter(|p| near(&s.3, &p.3)).map(|p| p.4).sum();
        (score, s.4, std::cmp::Reverse(s.1))
    })?;
    let mut framed: Vec<(f64, f64)> = Vec::new();
    let mut countries: HashMap<&str, usize> = HashMap::new();
    for p in group.iter().filter(|p| near(&seed.3, &p.3)) {
        framed.push(view::project(p.3.lat, p.3.lon));
        if let Some(c) = project.places[p.0].country.as_deref() {
            *countries.entry(c).or_default() += 1;
        }
    }
    let mut bbox = WorldBox::around(&framed)?;
    // Show the whole country when most framed pins are in it and it is not huge.
    if let Some((code, n)) = countries
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        && *n * 2 > framed.len()
        && let Some(cb) = basemap.country_box(code).map(layers::world_box)
    {
        let diag_km = {
            let (la0, lo0) = view::unproject(cb.min_x, cb.max_y);
            let (la1, lo1) = view::unproject(cb.max_x, cb.min_y);
            view::haversine_km(la0, lo0, la1, lo1)
        };
        if diag_km < 2600.0 {
            bbox = union_wrapped(&bbox, &cb);
        }
    }
    // Never zoom in beyond a city's scale for a lone pin.
    let min_w = 0.6 / 360.0;
    if bbox.width() < min_w {
        let c = bbox.center();
        bbox.min_x = c.0 - min_w / 2.0;
        bbox.max_x = c.0 + min_w / 2.0;
    }
    if bbox.height() < min_w {
        let c = bbox.center();
        bbox.min_y = c.1 - min_w / 2.0;
        bbox.max_y = c.1 + min_w / 2.0;
    }
    // Room for the furniture: title on top, legend at the bottom left, key at the right.
    let pad = (width.min(height) * 0.09).clamp(30.0, 110.0);
    let mut v = View::fit(&bbox, width, height, pad, 11.0);
    v.zoom = (v.zoom - 0.15).max(0.0);
    v.clamp();
    Some(v)
}

fn union_wrapped(a: &WorldBox, b: &WorldBox) -> WorldBox {
    // Shift b by a whole world if that brings it nearer to a.
    let ac = a.center().0;
    let mut b = *b;
    let bc = b.center().0;
    let k = (ac - bc).round();
    b.min_x += k;
    b.max_x += k;
    WorldBox {
        min_x: a.min_x.min(b.min_x),
        min_y: a.min_y.min(b.min_y),
        max_x: a.max_x.max(b.max_x),
        max_y: a.max_y.max(b.max_y),
    }
}

/// Builds the scene of a project on a basemap for a view.
pub fn build(project: &Project, basemap: &Basemap, view: &View, opts: &Options) -> Scene {
    let pal = Palette::of(opts.theme);
    let mut scene = Scene::new(view.width, view.height, pal.sea);
    let mut placer = Placer::new(view.width, view.height, 2.0);
    let numbers = event_numbers(project, project.default_year());

    // Furniture first, so that labels avoid it.
    let mut furniture = Vec::new();
    let mut bottom = view.height - 24.0;
    if opts.credits {
        furniture::credits(&mut furniture, &mut placer, view, &pal);
    }
    let raw_pins = project_pins(project, opts);
    let screen_rect = view.screen();
    let mut pins: Vec<Pin> = raw_pins
        .iter()
        .map(|&(index, id, kind, point, mentions, rank)| {
            let world = view::project(point.lat, point.lon);
            // Countries are shown as tinted areas when the basemap has them.
            let tinted = kind == PlaceKind::Country
                && project.places[index]
                    .country
                    .as_deref()
                    .is_some_and(|c| basemap.l50m.units(c).next().is_some());
            let place = &project.places[index];
            Pin {
                index,
                id,
                kind,
                color: pin_color(project, place),
                scale: pin_scale(place),
                screen: view.world_to_screen_wrapped(world.0, world.1),
                mentions,
                rank,
                tinted,
            }
        })
        .collect();
    let tinted: Vec<String> = pins
        .iter()
        .filter(|p| p.tinted)
        .filter_map(|p| project.places[p.index].country.clone())
        .collect();
    let (onscreen, offscreen): (Vec<Pin>, Vec<Pin>) = pins
        .drain(..)
        .partition(|p| screen_rect.contains(p.screen) || p.tinted);
    let mut kinds: Vec<PlaceKind> = onscreen.iter().map(|p| p.kind).collect();
    kinds.sort();
    kinds.dedup();
    let categories = legend_categories(project, &onscreen);
    if opts.scale_bar {
        let r = furniture::scale_bar(&mut furniture, &mut placer, view, &pal, bottom);
        bottom = r.min.y - 6.0;
    }
    if opts.legend {
        furniture::legend(
            &mut furniture,
            &mut placer,
            &pal,
            &opts.lang,
            &kinds,
            &categories,
            bottom,
        );
    }
    let mut key_top = 14.0;
    if let Some(t) = &opts.title {
        furniture::title(
            &mut furniture,
            &mut placer,
            view,
            &pal,
            t,
            opts.subtitle.as_deref(),
        );
        if view.width < 900.0 {
            key_top = 90.0;
        }
    }
    if opts.event_key {
        let lines = event_key_lines(project, &numbers, &opts.lang);
        let heading = if opts.lang == "fr" {
            "Événements"
        } else {
            "Events"
        };
        if let Some(r) = furniture::key(
            &mut furniture,
            &mut placer,
            view,
            &pal,
            heading,
            &lines,
            key_top,
        ) {
            key_top = r.max.y + 8.0;
        }
    }
    let off_listed: Vec<&Pin> = offscreen
        .iter()
        .filter(|p| p.kind != PlaceKind::Country)
        .collect();
    if opts.offscreen && (opts.title.is_some() || opts.event_key) && !off_listed.is_empty() {
        let lines: Vec<KeyLine> = off_listed
            .iter()
            .map(|p| {
                let pl = &project.places[p.index];
                let country = pl
                    .country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                KeyLine {
                    number: None,
                    text: format!("{}{}", pl.name, country),
                }
            })
            .collect();
        let heading = if opts.lang == "fr" {
            "Hors du cadre"
        } else {
            "Outside the frame"
        };
        furniture::key(
            &mut furniture,
            &mut placer,
            view,
            &pal,
            heading,
            &lines,
            key_top,
        );
    }

    // The basemap.
    let level_data = layers::draw_basemap(&mut scene, basemap, view, &pal, &tinted);

    // The user's drawings.
    let drawings = draw_drawings(project, view, &pal);
    if !drawings.is_empty() {
        scene.layer("drawings").extend(drawings);
    }

    // Pins: clusters, symbols, badges; their boxes are reserved before any label.
    let mut order: Vec<usize> = (0..onscreen.len()).collect();
    let prio = |p: &Pin| {
        (
            Some(p.id) != opts.selected,
            std::cmp::Reverse(p.mentions),
            p.rank,
            p.id,
        )
    };
    order.sort_by_key(|&i| prio(&onscreen[i]));
    let mut clusters: Vec<(Pt, Vec<usize>)> = Vec::new();
    let mut grid = ClusterGrid::new(opts.cluster_px);
    for &i in &order {
        let p = &onscreen[i];
        if p.tinted {
            continue;
        }
        let near = grid.first_within(&clusters, p.screen);
        // The selected pin stays on its own: it neither joins nor takes in a cluster.
        let locked = |k: usize| {
            clusters[k]
                .1
                .iter()
                .any(|&m| Some(onscreen[m].id) == opts.selected)
        };
        match near {
            Some(k) if Some(p.id) != opts.selected && !locked(k) => clusters[k].1.push(i),
            _ => {
                grid.insert(p.screen, clusters.len());
                clusters.push((p.screen, vec![i]));
            }
        }
    }
    let mut pin_items = Vec::new();
    let mut badge_items = Vec::new();
    let mut event_at: HashMap<u32, Vec<usize>> = HashMap::new();
    for (e, n) in project.events.iter().zip(&numbers) {
        for pl in &e.places {
            event_at.entry(*pl).or_default().push(*n);
        }
    }
    for v in event_at.values_mut() {
        v.sort();
    }
    // (text, position, reach of the symbol, emphasised)
    let mut label_queue: Vec<(String, Pt, f32, bool)> = Vec::new();
    for (_, members) in &clusters {
        if members.len() == 1 {
            let p = &onscreen[members[0]];
            let mut r = PIN_RADIUS * p.scale;
            if opts.hovered == Some(p.id) {
                r *= 1.25;
            }
            if opts.selected == Some(p.id) {
                pin_items.push(Item::Circle {
                    center: p.screen,
                    radius: r + 7.0,
                    fill: Some(pal.selection.with_alpha(70)),
                    stroke: Some(Stroke::solid(2.5, pal.selection)),
                });
            }
            pin_symbol(p.kind, p.color, p.screen, r, &mut pin_items);
            let reach = r * 1.5;
            placer.reserve(Rect {
                min: Pt::new(p.screen.x - reach, p.screen.y - reach),
                max: Pt::new(p.screen.x + reach, p.screen.y + reach),
            });
            if let Some(ns) = event_at.get(&p.id) {
                let mut bx = p.screen.x + r + 5.0;
                let by = p.screen.y - r - 4.0;
                for n in ns.iter().take(3) {
                    let br = furniture::badge(&mut badge_items, Pt::new(bx, by), *n, &pal);
                    placer.reserve(Rect {
                        min: Pt::new(bx - br, by - br),
                        max: Pt::new(bx + br, by + br),
                    });
                    bx += 2.0 * br + 1.0;
                }
            }
            scene.hits.push(HitTarget {
                what: Hit::Place(p.index),
                center: p.screen,
                radius: r + 4.0,
            });
            label_queue.push((
                project.places[p.index].name.clone(),
                p.screen,
                r * 1.5,
                opts.selected == Some(p.id),
            ));
        } else {
            let n = members.len();
            let r = 10.0 + (n as f32).ln() * 3.0;
            let cx = members.iter().map(|&m| onscreen[m].screen.x).sum::<f32>() / n as f32;
            let cy = members.iter().map(|&m| onscreen[m].screen.y).sum::<f32>() / n as f32;
            let c2 = Pt::new(cx, cy);
            pin_items.push(Item::Circle {
                center: c2,
                radius: r + 3.0,
                fill: Some(pal.badge.with_alpha(60)),
                stroke: None,
            });
            pin_items.push(Item::Circle {
                center: c2,
                radius: r,
                fill: Some(pal.badge),
                stroke: Some(Stroke::solid(1.5, pal.badge_text)),
            });
            pin_items.push(Item::Text(Text {
                pos: Pt::new(c2.x, c2.y + 4.5),
                text: n.to_string(),
                size: 12.5,
                color: pal.badge_text,
                style: FontStyle::Bold,
                anchor: Anchor::Middle,
                letter_spacing: 0.0,
                halo: None,
            }));
            placer.reserve(Rect {
                min: Pt::new(c2.x - r - 3.0, c2.y - r - 3.0),
                max: Pt::new(c2.x + r + 3.0, c2.y + r + 3.0),
            });
            scene.hits.push(HitTarget {
                what: Hit::Cluster(members.iter().map(|&m| onscreen[m].index).collect()),
                center: c2,
                radius: r + 3.0,
            });
            let top = &project.places[onscreen[members[0]].index].name;
            label_queue.push((format!("{top} +{}", n - 1), c2, r + 3.0, false));
        }
    }
    scene.layer("pins").extend(pin_items);
    if !badge_items.is_empty() {
        scene.layer("badges").extend(badge_items);
    }

    // Labels: pins first.
    let mut label_items = Vec::new();
    for (name, pos, reach, emphasised) in &label_queue {
        let l = Label {
            text: name,
            size: if *emphasised { 15.0 } else { 13.5 },
            style: FontStyle::Bold,
            color: pal.pin_label,
            halo: Some((pal.halo, 3.0)),
            letter_spacing: 0.0,
        };
        if let Some((item, _)) = placer.place_beside(&l, *pos, *reach) {
            label_items.push(item);
        }
    }
    // Mentioned countries: emphasised labels at their label points, with hit targets.
    for p in onscreen.iter().filter(|p| p.tinted) {
        let Some(code) = project.places[p.index].country.as_deref() else {
            continue;
        };
        let pos = basemap
            .country_label_point(code)
            .map(|(x, y)| view.world_to_screen_wrapped(x, y))
            .unwrap_or(p.screen);
        let upper = project.places[p.index].name.to_uppercase();
        let l = Label {
            text: &upper,
            size: 15.0,
            style: FontStyle::Bold,
            color: p.color,
            halo: Some((pal.halo, 3.0)),
            letter_spacing: 1.5,
        };
        if let Some((item, b)) = placer.place_centered(&l, pos) {
            label_items.push(item);
            let c = Pt::new((b.min.x + b.max.x) / 2.0, (b.min.y + b.max.y) / 2.0);
            scene.hits.push(HitTarget {
                what: Hit::Place(p.index),
                center: c,
                radius: (b.width() / 2.0).max(10.0),
            });
            if let Some(ns) = event_at.get(&p.id) {
                let mut bx = b.max.x + 10.0;
                for n in ns.iter().take(3) {
                    let br = furniture::badge(&mut label_items, Pt::new(bx, c.y), *n, &pal);
                    placer.reserve(Rect {
                        min: Pt::new(bx - br, c.y - br),
                        max: Pt::new(bx + br, c.y + br),
                    });
                    bx += 2.0 * br + 1.0;
                }
            }
        }
    }
    if opts.basemap_labels {
        let mentioned: Vec<&str> = tinted.iter().map(String::as_str).collect();
        layers::basemap_labels(
            &mut label_items,
            &mut placer,
            basemap,
            view,
            level_data,
            &pal,
            &opts.lang,
            &mentioned,
        );
    }
    scene.layer("labels").extend(label_items);

    // Pointers to pins outside the frame.
    if opts.offscreen {
        let items = offscreen_pointers(&off_listed, project, view, &pal, &mut placer);
        if !items.is_empty() {
            scene.layer("offscreen").extend(items);
        }
    }
    if !furniture.is_empty() {
        scene.layer("furniture").extend(furniture);
    }
    scene
}

/// The clusters' centres bucketed in square cells one clustering distance wide, so that
/// finding the cluster a pin joins looks at the 3x3 cells around it, not at every cluster.
struct ClusterGrid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<usize>>,
}

impl ClusterGrid {
    fn new(cell: f32) -> ClusterGrid {
        ClusterGrid {
            cell,
            cells: HashMap::new(),
        }
    }

    fn key(&self, p: Pt) -> (i32, i32) {
        (
            (p.x / self.cell).floor() as i32,
            (p.y / self.cell).floor() as i32,
        )
    }

    fn insert(&mut self, centre: Pt, cluster: usize) {
        if self.cell > 0.0 && centre.is_finite() {
            let k = self.key(centre);
            self.cells.entry(k).or_default().push(cluster);
        }
    }

    /// The earliest cluster whose centre is closer than the cell width to `p` (clustering off
    /// when the width is not positive).
    fn first_within(&self, clusters: &[(Pt, Vec<usize>)], p: Pt) -> Option<usize> {
        if !(self.cell > 0.0 && p.is_finite()) {
            return None;
        }
        let (kx, ky) = self.key(p);
        let mut best: Option<usize> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(ks) = self.cells.get(&(kx + dx, ky + dy)) else {
                    continue;
                };
                for &k in ks {
                    if best.is_none_or(|b| k < b) && dist(clusters[k].0, p) < self.cell {
                        best = Some(k);
                    }
                }
            }
        }
        best
    }
}

fn dist(a: Pt, b: Pt) -> f32 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The categories of the pins shown (tinted countries included), in the project's order,
/// as the legend lists them: name and colour (a colour that is not `#rrggbb` is left out).
fn legend_categories(project: &Project, shown: &[Pin]) -> Vec<(String, Color)> {
    project
        .categories
        .iter()
        .filter(|c| {
            shown
                .iter()
                .any(|p| project.places[p.index].category == Some(c.id))
        })
        .filter_map(|c| parse_hex(&c.color).map(|col| (c.name.clone(), col)))
        .collect()
}

/// The event key: "n  date · place · title".
fn event_key_lines(project: &Project, numbers: &[usize], lang: &str) -> Vec<KeyLine> {
    let mut lines: Vec<(usize, String)> = project
        .events
        .iter()
        .zip(numbers)
        .map(|(e, n)| {
            let date = e
                .when
                .map(|w| format_date(&w.start, lang))
                .unwrap_or_else(|| "?".into());
            let place = e
                .places
                .first()
                .and_then(|id| project.place(*id))
                .map(|p| p.name.as_str())
                .unwrap_or("");
            let what = if e.title.is_empty() {
                &e.summary
            } else {
                &e.title
            };
            // An event with no place (an announcement) reads "date · what".
            let parts: Vec<&str> = [date.as_str(), place, what.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            (*n, parts.join(" · "))
        })
        .collect();
    lines.sort_by_key(|l| l.0);
    lines
        .into_iter()
        .map(|(n, text)| KeyLine {
            number: Some(n),
            text,
        })
        .collect()
}

/// "8 janv. 2020" / "8 Jan 2020", leaving out what is unknown.
pub fn format_date(d: &crate::document::PartialDate, lang: &str) -> String {
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let months = if lang == "fr" { &FR } else { &EN };
    let mut parts = Vec::new();
    if let Some(day) = d.day {
        parts.push(day.to_string());
    }
    if let Some(m) = d.month {
        parts.push(months[(m as usize).clamp(1, 12) - 1].to_string());
    }
    if let Some(y) = d.year {
        parts.push(y.to_string());
    }
    if parts.is_empty() {
        "?".into()
    } else {
        parts.join(" ")
    }
}

/// Arrowheads at the edge of the frame pointing towards pins outside it.
fn offscreen_pointers(
    pins: &[&Pin],
    project: &Project,
    view: &View,
    pal: &Palette,
    placer: &mut Placer,
) -> Vec<Item> {
    let mut out = Vec::new();
    let (cx, cy) = (view.width / 2.0, view.height / 2.0);
    let centre = view.screen_to_lonlat(Pt::new(cx, cy));
    let inset = 22.0;
    // Pins close together off screen share one pointer ("Washington +1").
    let mut groups: Vec<(Pt, Vec<&Pin>)> = Vec::new();
    for p in pins {
        match groups.iter_mut().find(|(c, _)| dist(*c, p.screen) < 40.0) {
            Some(g) => g.1.push(p),
            None => groups.push((p.screen, vec![p])),
        }
    }
    for (_, members) in &groups {
        let p = members[0];
        let (dx, dy) = (p.screen.x - cx, p.screen.y - cy);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        // Where the ray from the centre leaves the inset frame.
        let tx = if ux.abs() > 1e-6 {
            (cx - inset) / ux.abs()
        } else {
            f32::INFINITY
        };
        let ty = if uy.abs() > 1e-6 {
            (cy - inset) / uy.abs()
        } else {
            f32::INFINITY
        };
        let t = tx.min(ty);
        let tip = Pt::new(cx + ux * t, cy + uy * t);
        let base = Pt::new(tip.x - ux * 14.0, tip.y - uy * 14.0);
        let (nx, ny) = (-uy, ux);
        let tri = vec![
            tip,
            Pt::new(base.x + nx * 7.0, base.y + ny * 7.0),
            Pt::new(base.x - nx * 7.0, base.y - ny * 7.0),
        ];
        let color = p.color;
        out.push(Item::Line {
            points: tri.clone(),
            closed: true,
            stroke: Stroke::solid(2.5, Color::rgb(255, 255, 255)),
        });
        out.push(Item::Fill {
            rings: vec![tri],
            triangles: vec![0, 1, 2],
            color,
        });
        let pl = &project.places[p.index];
        let km = view::haversine_km(centre.0, centre.1, pl.point.lat, pl.point.lon);
        let more = if members.len() > 1 {
            format!(" +{}", members.len() - 1)
        } else {
            String::new()
        };
        let text = format!(
            "{}{more} · {} km",
            pl.name,
            crate::text::group_digits(km.round() as u64, '\u{202f}')
        );
        let l = Label {
            text: &text,
            size: 12.5,
            style: FontStyle::Bold,
            color: pal.pin_label,
            halo: Some((pal.halo, 3.0)),
            letter_spacing: 0.0,
        };
        let anchor_pt = Pt::new(base.x - ux * 4.0, base.y - uy * 4.0);
        placer.reserve(Rect {
            min: Pt::new(tip.x.min(base.x) - 8.0, tip.y.min(base.y) - 8.0),
            max: Pt::new(tip.x.max(base.x) + 8.0, tip.y.max(base.y) + 8.0),
        });
        if let Some((item, _)) = placer.place_beside(&l, anchor_pt, 6.0) {
            out.push(item);
        }
    }
    out
}

/// The user's drawings in screen space.
fn draw_drawings(project: &Project, view: &View, pal: &Palette) -> Vec<Item> {
    let mut out = Vec::new();
    let at = |a: &DrawAnchor| -> Option<Pt> {
        let p = project.anchor_point(a)?;
        Some(view.lonlat_to_screen(p.lat, p.lon))
    };
    for d in &project.drawings {
        let color = drawing_color(&d.style.color);
        let stroke = if d.style.dashed {
            Stroke::dashed(
                d.style.width,
                color,
                vec![d.style.width * 3.0, d.style.width * 2.0],
            )
        } else {
            Stroke::solid(d.style.width, color)
        };
        match &d.shape {
            Shape::Arrow { from, to } => {
                let (Some(a), Some(b)) = (at(from), at(to)) else {
                    continue;
                };
                arrow(&mut out, a, b, &stroke, color);
                if let Some(t) = &d.text {
                    // At the middle of the curve, on its outer side.
                    let (dx, dy) = (b.x - a.x, b.y - a.y);
                    let mid = Pt::new(
                        (a.x + b.x) / 2.0 + dy * 0.09,
                        (a.y + b.y) / 2.0 - dx * 0.09 - 6.0,
                    );
                    out.push(Item::Text(Text {
                        pos: mid,
                        text: t.clone(),
                        size: 13.5,
                        color,
                        style: FontStyle::Bold,
                        anchor: Anchor::Middle,
                        letter_spacing: 0.0,
                        halo: Some((pal.halo, 3.0)),
                    }));
                }
            }
            Shape::Line { points } => {
                let pts: Vec<Pt> = points
                    .iter()
                    .map(|p| view.lonlat_to_screen(p.lat, p.lon))
                    .collect();
                out.push(Item::Line {
                    points: pts,
                    closed: false,
                    stroke,
                });
            }
            Shape::Polygon { points } => {
                let pts: Vec<Pt> = points
                    .iter()
                    .map(|p| view.lonlat_to_screen(p.lat, p.lon))
                    .collect();
                let a = (d.style.fill_opacity.clamp(0.0, 1.0) * 255.0) as u8;
                out.push(Item::Fill {
                    rings: vec![pts.clone()],
                    triangles: Vec::new(),
                    color: color.with_alpha(a),
                });
                out.push(Item::Line {
                    points: pts,
                    closed: true,
                    stroke,
                });
            }
            Shape::Label { at: ll } => {
                let p = view.lonlat_to_screen(ll.lat, ll.lon);
                if let Some(t) = &d.text {
                    out.push(Item::Text(Text {
                        pos: p,
                        text: t.clone(),
                        size: 14.0,
                        color,
                        style: FontStyle::Bold,
                        anchor: Anchor::Middle,
                        letter_spacing: 0.0,
                        halo: Some((pal.halo, 3.0)),
                    }));
                }
            }
            Shape::Callout { at: a, text_at } => {
                let (Some(a), t) = (at(a), view.lonlat_to_screen(text_at.lat, text_at.lon)) else {
                    continue;
                };
                out.push(Item::Line {
                    points: vec![a, t],
                    closed: false,
                    stroke: Stroke::solid(1.2, color),
                });
                if let Some(s) = &d.text {
                    let m = labels::measure(s, 13.0, FontStyle::Regular, 0.0);
                    let r = Rect {
                        min: Pt::new(t.x - m.width / 2.0 - 6.0, t.y - m.ascent - 4.0),
                        max: Pt::new(t.x + m.width / 2.0 + 6.0, t.y + m.descent + 4.0),
                    };
                    out.push(Item::Rect {
                        rect: r,
                        corner_radius: 3.0,
                        fill: Some(pal.panel),
                        stroke: Some(Stroke::solid(1.2, color)),
                    });
                    out.push(Item::Text(Text {
                        pos: t,
                        text: s.clone(),
                        size: 13.0,
                        color: pal.text,
                        style: FontStyle::Regular,
                        anchor: Anchor::Middle,
                        letter_spacing: 0.0,
                        halo: None,
                    }));
                }
            }
        }
    }
    out
}

/// A gently curved arrow from `a` to `b` with a filled head.
fn arrow(out: &mut Vec<Item>, a: Pt, b: Pt, stroke: &Stroke, color: Color) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 2.0 {
        return;
    }
    // Quadratic curve bulging to the left of the direction of travel.
    let ctrl = Pt::new((a.x + b.x) / 2.0 + dy * 0.18, (a.y + b.y) / 2.0 - dx * 0.18);
    let head = (stroke.width * 4.0).max(10.0);
    let n = 32;
    let mut pts: Vec<Pt> = (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            Pt::new(
                u * u * a.x + 2.0 * u * t * ctrl.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * ctrl.y + t * t * b.y,
            )
        })
        .collect();
    // Stop the shaft at the head's base.
    let tip = b;
    let tan = Pt::new(b.x - ctrl.x, b.y - ctrl.y);
    let tl = (tan.x * tan.x + tan.y * tan.y).sqrt().max(1e-3);
    let (ux, uy) = (tan.x / tl, tan.y / tl);
    let base = Pt::new(tip.x - ux * head, tip.y - uy * head);
    while pts.len() > 2 && dist(*pts.last().unwrap_or(&tip), tip) < head * 0.9 {
        pts.pop();
    }
    pts.push(base);
    out.push(Item::Line {
        points: pts,
        closed: false,
        stroke: stroke.clone(),
    });
    let (nx, ny) = (-uy, ux);
    let w = head * 0.45;
    out.push(Item::Fill {
        rings: vec![vec![
            tip,
            Pt::new(base.x + nx * w, base.y + ny * w),
            Pt::new(base.x - nx * w, base.y - ny * w),
        ]],
        triangles: vec![0, 1, 2],
        color,
    });
}

/// A drawing's `#rrggbb` colour, red when it cannot be read (the default drawing colour).
pub fn drawing_color(s: &str) -> Color {
    parse_hex(s).unwrap_or(Color::rgb(0xc0, 0x39, 0x2b))
}

/// `#rrggbb` to a colour.
pub fn parse_hex(s: &str) -> Option<Color> {
    let s = s.strip_prefix('#')?;
    if s.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(s, 16).ok()?;
    Some(Color::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}
