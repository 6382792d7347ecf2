//! The map widget: turns input into [`View`] changes and selections, and paints the scene.
//!
//! The widget owns the view and a cache. The scene is rebuilt by [`scene::build`] only when
//! something it depends on changes (the view, the options, the project's revision, the
//! basemap's levels); its tessellated mesh ([`MapShapes`]) is kept with it, and made again
//! alone when the map moves on screen or egui's font atlas changes, so a frame where
//! nothing moved hands egui that mesh.
//!
//! Input: drag to pan; wheel, pinch or `+`/`-` to zoom (about the pointer, or the centre for
//! keys); double-click to zoom in; the pointer over a pin shows a tooltip with its name; a
//! click on a pin selects it, a click on a cluster zooms to it, a click elsewhere clears the
//! selection; the selected pin can be dragged to a new place. While a drawing tool is active
//! ([`MapView::drawing`]) clicks and double-clicks are the tool's: they are reported as map
//! points and neither zoom nor drag pins. The widget reports what happened in a
//! [`MapResponse`]; the app decides.

use egui::{Key, Pos2, Rect, Sense, Ui};

use super::paint::MapShapes;
use crate::map::basemap::Basemap;
use crate::map::display::{Hit, Pt, Scene};
use crate::map::scene::{self, Options};
use crate::map::view::{self, View, WorldBox};
use crate::project::{LatLon, Project};

/// Zoom levels per wheel "line" of scrolling (egui reports points; 50 points = one line).
const ZOOM_PER_POINT: f64 = 1.0 / 250.0;

/// What the scene in the cache was built for.
#[derive(Clone, PartialEq)]
struct CacheKey {
    view: View,
    opts: Options,
    revision: u64,
    has_10m: bool,
}

/// What the user did on the map this frame.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MapResponse {
    /// A pin was clicked: the place's id.
    pub clicked_place: Option<u32>,
    /// The background was clicked (no pin).
    pub clicked_background: bool,
    /// The place under the pointer, if any.
    pub hovered_place: Option<u32>,
    /// The scene was rebuilt this frame (for timing and tests).
    pub rebuilt: bool,
    /// Where the map was clicked (any click, pin or not).
    pub clicked_at: Option<MapPoint>,
    /// Where the pointer is over the map (while a drawing tool is active).
    pub pointer_at: Option<MapPoint>,
    /// The map was double-clicked (while drawing: "finish").
    pub double_clicked: bool,
    /// The selected pin was dragged and dropped here: (place id, new position).
    pub moved_place: Option<(u32, LatLon)>,
}

/// A point of the map under the pointer: its position, and the pin there, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapPoint {
    pub at: LatLon,
    /// The place whose pin is under the pointer (not a cluster).
    pub place: Option<u32>,
}

/// The map's state: the view, and the cached scene and shapes.
#[derive(Default)]
pub struct MapView {
    view: Option<View>,
    cache: Option<(CacheKey, Scene, MapShapes)>,
    /// Set when the next frame should frame the pins ("Fit").
    fit_pending: bool,
    /// The time the last scene took to build, in milliseconds.
    pub last_build_ms: f64,
    /// A drawing tool is active: clicks are reported, not acted on.
    pub drawing: bool,
    /// The pin being dragged: its place id, while the drag lasts.
    dragging: Option<u32>,
    /// Where the map's top-left corner was last painted.
    origin: Pos2,
}

/// The pin or cluster under a point of the map (the nearest whose disc, widened by three
/// pixels, holds it).
fn hit_at(scene: &Scene, q: Pt) -> Option<Hit> {
    scene
        .hits
        .iter()
        .filter_map(|t| {
            let d = (t.center.x - q.x).hypot(t.center.y - q.y);
            (d <= t.radius + 3.0).then_some((d, &t.what))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, w)| w.clone())
}

impl MapView {
    /// The current view, once the widget has been laid out.
    pub fn view(&self) -> Option<&View> {
        self.view.as_ref()
    }

    /// The scene last painted.
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.as_ref().map(|c| &c.1)
    }

    /// Where a point is on screen (the nearest copy of the world), once laid out.
    pub fn screen_pos(&self, p: LatLon) -> Option<Pos2> {
        let v = self.view.as_ref()?;
        let q = v.lonlat_to_screen(p.lat, p.lon);
        Some(Pos2::new(self.origin.x + q.x, self.origin.y + q.y))
    }

    /// Where the map was last painted on screen.
    pub fn rect(&self) -> Option<Rect> {
        let v = self.view.as_ref()?;
        Some(Rect::from_min_size(
            self.origin,
            egui::vec2(v.width, v.height),
        ))
    }

    /// Frames the pins on the next frame.
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    /// Shows `zoom` around (lat, lon) from the next frame on (a project's saved view) instead
    /// of framing the pins; the map keeps its size, or takes the widget's at the next frame.
    pub fn set_view(&mut self, lat: f64, lon: f64, zoom: f64) {
        let (w, h) = self.view.map_or((1.0, 1.0), |v| (v.width, v.height));
        // Clamped at the widget's size, when the next frame resizes it.
        self.view = Some(View::at(lat, lon, zoom, w, h));
        self.fit_pending = false;
    }

    /// Moves the map so that a point is in view: centred if it is off screen or near the
    /// edge, and zoomed in to a regional scale when the map shows most of the world.
    pub fn reveal(&mut self, lat: f64, lon: f64) {
        let Some(v) = self.view.as_mut() else {
            return;
        };
        let p = v.lonlat_to_screen(lat, lon);
        let inner = v.screen().expand(-v.width.min(v.height) * 0.12);
        if inner.contains(p) && v.zoom >= 3.0 {
            return;
        }
        let (x, y) = view::project(lat, lon);
        v.center_x = x;
        v.center_y = y;
        if v.zoom < 4.0 {
            v.zoom = 5.0;
        }
        v.clamp();
    }

    /// Shows the map in the rest of `ui` and handles its input.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        basemap: &Basemap,
        revision: u64,
        opts: &Options,
    ) -> MapResponse {
        let rect = ui.available_rect_before_wrap();
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
        let mut view = match self.view {
            Some(v) if v.width == w && v.height == h => v,
            Some(v) => v.resized(w, h),
            None => {
                self.fit_pending = true;
                View::world(w, h)
            }
        };
        view.scale = ui.ctx().pixels_per_point();
        if self.fit_pending {
            self.fit_pending = false;
            view = scene::fit(project, basemap, w, h, opts).unwrap_or_else(|| View::world(w, h));
            view.scale = ui.ctx().pixels_per_point();
        }
        let mut out = MapResponse::default();

        // Input.
        let local = |p: Pos2| Pt::new(p.x - rect.min.x, p.y - rect.min.y);
        self.origin = rect.min;
        if response.drag_started() && !self.drawing {
            // A drag that starts on the selected pin moves it; any other drag pans.
            let origin = ui.input(|i| i.pointer.press_origin());
            self.dragging = origin
                .and_then(|p| self.cache.as_ref().and_then(|c| hit_at(&c.1, local(p))))
                .and_then(|h| match h {
                    Hit::Place(i) => project.places.get(i).map(|p| p.id),
                    Hit::Cluster(_) => None,
                })
                .filter(|id| opts.selected == Some(*id));
        }
        if response.dragged() && self.dragging.is_none() {
            let d = response.drag_delta();
            view.pan(d.x, d.y);
        }
        let pointer = response.hover_pos();
        if let Some(p) = pointer {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let mut dz = f64::from(scroll) * ZOOM_PER_POINT;
            if zoom != 1.0 && zoom > 0.0 {
                dz += f64::from(zoom).log2();
            }
            if dz != 0.0 {
                view.zoom_about(local(p), dz);
            }
        }
        if response.double_clicked() {
            if self.drawing {
                out.double_clicked = true;
            } else if let Some(p) = response.interact_pointer_pos() {
                view.zoom_about(local(p), 1.0);
            }
        }
        let typing = ui.ctx().text_edit_focused();
        if !typing {
            let (plus, minus) = ui.input(|i| {
                (
                    i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                    i.key_pressed(Key::Minus),
                )
            });
            let centre = Pt::new(w / 2.0, h / 2.0);
            if plus {
                view.zoom_about(centre, 1.0);
            }
            if minus {
                view.zoom_about(centre, -1.0);
            }
        }

        // The scene, rebuilt when what it shows changed.
        let key = CacheKey {
            view,
            opts: opts.clone(),
            revision,
            has_10m: basemap.l10m.is_some(),
        };
        let t0 = std::time::Instant::now();
        match self.cache.take() {
            Some((k, scene, shapes)) if k == key => {
                // The same scene; tessellated again only when the map moved on screen or
                // egui's font atlas changed under its texts.
                let shapes = if shapes.is_current(ui.ctx(), rect.min) {
                    shapes
                } else {
                    MapShapes::new(&scene, ui.ctx(), rect.min, Some(shapes))
                };
                self.cache = Some((k, scene, shapes));
            }
            previous => {
                let scene = scene::build(project, basemap, &view, opts);
                let shapes = MapShapes::new(&scene, ui.ctx(), rect.min, previous.map(|c| c.2));
                self.last_build_ms = t0.elapsed().as_secs_f64() * 1e3;
                self.cache = Some((key, scene, shapes));
                out.rebuilt = true;
            }
        }
        self.view = Some(view);

        // Hover and click through the scene's hit targets.
        let hit_at = |p: Pos2, scene: &Scene| hit_at(scene, local(p));
        let map_point = |p: Pos2, scene: &Scene| {
            let (lat, lon) = view.screen_to_lonlat(local(p));
            let place = match hit_at(p, scene) {
                Some(Hit::Place(i)) => project.places.get(i).map(|p| p.id),
                _ => None,
            };
            MapPoint {
                at: LatLon { lat, lon },
                place,
            }
        };
        let mut zoom_to: Option<Vec<usize>> = None;
        if let Some((_, scene, shapes)) = &self.cache {
            let painter = ui.painter_at(rect);
            shapes.paint(&painter);
            let hovered = pointer.and_then(|p| hit_at(p, scene));
            if let Some(h) = &hovered {
                let names: Vec<&str> = match h {
                    Hit::Place(i) => project
                        .places
                        .get(*i)
                        .map(|p| p.name.as_str())
                        .into_iter()
                        .collect(),
                    Hit::Cluster(is) => is
                        .iter()
                        .filter_map(|i| project.places.get(*i).map(|p| p.name.as_str()))
                        .collect(),
                };
                if let Hit::Place(i) = h {
                    out.hovered_place = project.places.get(*i).map(|p| p.id);
                }
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                if !names.is_empty() && !response.dragged() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for n in names.iter().take(12) {
                            ui.label(*n);
                        }
                        if names.len() > 12 {
                            ui.label(format!("and {} more", names.len() - 12));
                        }
                    });
                }
            }
            // Only the drawing tools follow the pointer.
            if self.drawing {
                out.pointer_at = pointer.map(|p| map_point(p, scene));
            }
            if response.clicked() {
                let at = response.interact_pointer_pos();
                out.clicked_at = at.map(|p| map_point(p, scene));
                match at.and_then(|p| hit_at(p, scene)) {
                    Some(Hit::Place(i)) => out.clicked_place = project.places.get(i).map(|p| p.id),
                    Some(Hit::Cluster(is)) if !self.drawing => zoom_to = Some(is),
                    Some(Hit::Cluster(_)) => {}
                    None => out.clicked_background = true,
                }
            }
            if let Some(id) = self.dragging {
                let end = response.drag_stopped();
                if let Some(p) = pointer.or_else(|| response.interact_pointer_pos()) {
                    // The pin follows the pointer; it is moved for real when dropped.
                    let painter = ui.painter_at(rect);
                    let accent = ui.visuals().selection.bg_fill;
                    painter.circle(p, 9.0, accent.gamma_multiply(0.5), (2.0, accent));
                    if end {
                        let (lat, lon) = view.screen_to_lonlat(local(p));
                        out.moved_place = Some((id, LatLon { lat, lon }));
                    }
                }
                if end || !response.dragged() {
                    self.dragging = None;
                }
            }
        }
        if let Some(is) = zoom_to {
            let pts: Vec<(f64, f64)> = is
                .iter()
                .filter_map(|i| project.places.get(*i))
                .map(|p| view::project(p.point.lat, p.point.lon))
                .collect();
            if let (Some(b), Some(v)) = (WorldBox::around(&pts), self.view.as_mut()) {
                let mut nv = View::fit(&b, w, h, w.min(h) * 0.2, 12.0);
                nv.zoom = nv.zoom.max(v.zoom + 1.0).min(view::MAX_ZOOM);
                nv.clamp();
                *v = nv;
            }
        }
        out
    }

    /// The map's controls drawn over its top-right corner: Fit and zoom buttons.
    pub fn controls(&mut self, ui: &mut Ui, map_rect: Rect) {
        let size = egui::vec2(46.0, 24.0);
        let mut r = Rect::from_min_size(
            Pos2::new(map_rect.max.x - size.x - 10.0, map_rect.min.y + 10.0),
            size,
        );
        if ui
            .put(r, egui::Button::new("Fit"))
            .on_hover_text("Frame the places that matter")
            .clicked()
        {
            self.request_fit();
        }
        for (label, dz, tip) in [("+", 1.0, "Zoom in"), ("-", -1.0, "Zoom out")] {
            r = r.translate(egui::vec2(0.0, size.y + 4.0));
            if ui
                .put(r, egui::Button::new(label))
                .on_hover_text(tip)
                .clicked()
                && let Some(v) = self.view.as_mut()
            {
                let c = Pt::new(v.width / 2.0, v.height / 2.0);
                v.zoom_about(c, dz);
            }
        }
    }
}
