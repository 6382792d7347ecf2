//! Web Mercator and the [`View`]: which part of the world a map shows, at what size.
//!
//! World coordinates are Web Mercator in the unit square: x = 0 at 180°W and 1 at 180°E,
//! y = 0 at 85.0511°N and 1 at 85.0511°S (y grows southwards like screen y). At zoom z the
//! whole world is `256 · 2^z` logical pixels wide, as in slippy-map tiles, so zoom levels
//! mean what web-map users expect. A view is a centre in world coordinates, a zoom, a
//! size in logical pixels and a device scale (physical pixels per logical pixel).
//!
//! The maths is exact and invertible: `screen_to_world(world_to_screen(p)) == p` up to
//! floating-point rounding, and zooming about a point keeps the world point under it
//! fixed. x wraps around: a view may be centred anywhere, and the scene draws the copies
//! of the world (shifted by ±1 in x) that fall on screen, so the antimeridian is seamless.

use serde::{Deserialize, Serialize};

use super::display::{Pt, Rect};

pub use super::basemap::MAX_LAT;
/// Logical pixels across the world at zoom 0.
pub const TILE: f64 = 256.0;
/// Zoom limits: the whole world in a small window, down to a city block.
pub const MIN_ZOOM: f64 = 0.0;
pub const MAX_ZOOM: f64 = 18.0;
/// Equatorial circumference of the Web Mercator sphere (m).
const CIRCUMFERENCE_M: f64 = 2.0 * std::f64::consts::PI * 6_378_137.0;

/// Longitude/latitude in degrees to world coordinates (unit square).
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    let [x, y] = super::basemap::mercator(lon, lat);
    (x, y)
}

/// World coordinates to (latitude, longitude) in degrees; x outside 0..1 gives longitudes
/// outside ±180 (callers wrap when they need to).
pub fn unproject(x: f64, y: f64) -> (f64, f64) {
    let (lon, lat) = super::basemap::inverse_mercator(x, y);
    (lat, lon)
}

/// Wraps a longitude into [-180, 180).
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

pub use crate::gazetteer::haversine_km;

/// A bounding box in world coordinates (x may extend beyond 0..1 for boxes that cross the
/// antimeridian).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WorldBox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl WorldBox {
    /// The box from west, south, east, north in degrees (east < west crosses the antimeridian).
    pub fn from_lonlat(west: f64, south: f64, east: f64, north: f64) -> WorldBox {
        let (x0, y1) = project(south, west);
        let (mut x1, y0) = project(north, east);
        if x1 < x0 {
            x1 += 1.0;
        }
        WorldBox {
            min_x: x0,
            min_y: y0,
            max_x: x1,
            max_y: y1,
        }
    }

    /// The smallest box around points given in world coordinates, choosing the shorter way
    /// around the world in x (so pins at 179°E and 179°W make a narrow box).
    pub fn around(points: &[(f64, f64)]) -> Option<WorldBox> {
        if points.is_empty() {
            return None;
        }
        let mut xs: Vec<f64> = points.iter().map(|p| p.0.rem_euclid(1.0)).collect();
        xs.sort_by(f64::total_cmp);
        // The widest empty gap between consecutive xs (cyclically) is left outside the box.
        let mut gap = xs[0] + 1.0 - xs[xs.len() - 1];
        let mut start = xs[0];
        for w in xs.windows(2) {
            if w[1] - w[0] > gap {
                gap = w[1] - w[0];
                start = w[1];
            }
        }
        let width = 1.0 - gap;
        let min_y = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let max_y = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        Some(WorldBox {
            min_x: start,
            min_y,
            max_x: start + width.max(0.0),
            max_y,
        })
    }

    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }
    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
    pub fn center(&self) -> (f64, f64) {
        (
            (self.min_x + self.max_x) / 2.0,
            (self.min_y + self.max_y) / 2.0,
        )
    }
    /// Whether the two boxes overlap (no wrapping: shift one by ±1 to test copies).
    pub fn intersects(&self, o: &WorldBox) -> bool {
        self.min_x <= o.max_x
            && o.min_x <= self.max_x
            && self.min_y <= o.max_y
            && o.min_y <= self.max_y
    }
    /// Whether the point, or one of its copies shifted by a whole world, lies in the box.
    #[cfg(test)]
    pub fn contains_wrapped(&self, x: f64, y: f64) -> bool {
        if y < self.min_y || y > self.max_y {
            return false;
        }
        let k = (self.min_x - x).ceil();
        let x = x + k;
        x <= self.max_x
    }
}

/// What part of the world a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Centre in world coordinates; x in [0, 1), y in [0, 1].
    pub center_x: f64,
    pub center_y: f64,
    /// Web-Mercator zoom: the world is `256 · 2^zoom` logical pixels wide.
    pub zoom: f64,
    /// Size in logical pixels.
    pub width: f32,
    pub height: f32,
    /// Physical pixels per logical pixel (1 on a normal screen, 2 on high-DPI or for print).
    pub scale: f32,
}

impl View {
    /// The whole world, centred on the Greenwich meridian and the tropics.
    pub fn world(width: f32, height: f32) -> View {
        let mut v = View {
            center_x: 0.5,
            center_y: 0.5,
            zoom: 0.0,
            width,
            height,
            scale: 1.0,
        };
        let zx = (width as f64 / TILE).log2();
        let zy = (height as f64 / (TILE * 0.80)).log2();
        v.zoom = zx.min(zy).clamp(MIN_ZOOM, MAX_ZOOM);
        v.center_y = project(20.0, 0.0).1;
        v.clamp();
        v
    }

    /// A view of this size centred on (lat, lon) at a zoom.
    pub fn at(lat: f64, lon: f64, zoom: f64, width: f32, height: f32) -> View {
        let (x, y) = project(lat, lon);
        let mut v = View {
            center_x: x,
            center_y: y,
            zoom,
            width,
            height,
            scale: 1.0,
        };
        v.clamp();
        v
    }

    /// The view that frames `bbox` with `padding` logical pixels on every side, zoomed in
    /// no further than `max_zoom`.
    pub fn fit(bbox: &WorldBox, width: f32, height: f32, padding: f32, max_zoom: f64) -> View {
        let (cx, cy) = bbox.center();
        let aw = (width - 2.0 * padding).max(1.0) as f64;
        let ah = (height - 2.0 * padding).max(1.0) as f64;
        let zx = if bbox.width() > 0.0 {
            (aw / (TILE * bbox.width())).log2()
        } else {
            max_zoom
        };
        let zy = if bbox.height() > 0.0 {
            (ah / (TILE * bbox.height())).log2()
        } else {
            max_zoom
        };
        let zoom = zx.min(zy).min(max_zoom).clamp(MIN_ZOOM, MAX_ZOOM);
        let mut v = View {
            center_x: cx,
            center_y: cy,
            zoom,
            width,
            height,
            scale: 1.0,
        };
        v.clamp();
        v
    }

    /// The world's width in logical pixels at this zoom.
    pub fn world_px(&self) -> f64 {
        TILE * self.zoom.exp2()
    }

    /// World coordinates to screen (logical pixels), without wrapping.
    pub fn world_to_screen(&self, x: f64, y: f64) -> Pt {
        let w = self.world_px();
        Pt::new(
            ((x - self.center_x) * w + self.width as f64 / 2.0) as f32,
            ((y - self.center_y) * w + self.height as f64 / 2.0) as f32,
        )
    }

    /// World to screen taking the copy of the world nearest to the view's centre.
    pub fn world_to_screen_wrapped(&self, x: f64, y: f64) -> Pt {
        let dx = (x - self.center_x + 0.5).rem_euclid(1.0) - 0.5;
        self.world_to_screen(self.center_x + dx, y)
    }

    /// Screen (logical pixels) to world coordinates.
    pub fn screen_to_world(&self, p: Pt) -> (f64, f64) {
        let w = self.world_px();
        (
            self.center_x + (p.x as f64 - self.width as f64 / 2.0) / w,
            self.center_y + (p.y as f64 - self.height as f64 / 2.0) / w,
        )
    }

    /// (lat, lon) to screen, nearest world copy.
    pub fn lonlat_to_screen(&self, lat: f64, lon: f64) -> Pt {
        let (x, y) = project(lat, lon);
        self.world_to_screen_wrapped(x, y)
    }

    /// Screen to (lat, lon), longitude wrapped into ±180.
    pub fn screen_to_lonlat(&self, p: Pt) -> (f64, f64) {
        let (x, y) = self.screen_to_world(p);
        let (lat, lon) = unproject(x, y);
        (lat, wrap_lon(lon))
    }

    /// The visible part of the world (x may extend beyond 0..1).
    pub fn visible(&self) -> WorldBox {
        let a = self.screen_to_world(Pt::new(0.0, 0.0));
        let b = self.screen_to_world(Pt::new(self.width, self.height));
        WorldBox {
            min_x: a.0,
            min_y: a.1,
            max_x: b.0,
            max_y: b.1,
        }
    }

    /// The screen rectangle.
    pub fn screen(&self) -> Rect {
        Rect::from_min_size(Pt::new(0.0, 0.0), self.width, self.height)
    }

    /// Moves the map by a drag of (dx, dy) logical pixels (the map follows the pointer).
    pub fn pan(&mut self, dx: f32, dy: f32) {
        let w = self.world_px();
        self.center_x -= dx as f64 / w;
        self.center_y -= dy as f64 / w;
        self.clamp();
    }

    /// Zooms by `delta` zoom levels keeping the world point under `about` fixed on screen.
    pub fn zoom_about(&mut self, about: Pt, delta: f64) {
        let before = self.screen_to_world(about);
        let z = (self.zoom + delta).clamp(MIN_ZOOM, MAX_ZOOM);
        if z == self.zoom {
            return;
        }
        self.zoom = z;
        let w = self.world_px();
        self.center_x = before.0 - (about.x as f64 - self.width as f64 / 2.0) / w;
        self.center_y = before.1 - (about.y as f64 - self.height as f64 / 2.0) / w;
        self.clamp();
    }

    /// Ground metres per logical pixel at the view's centre.
    pub fn meters_per_px(&self) -> f64 {
        let (lat, _) = unproject(self.center_x, self.center_y);
        CIRCUMFERENCE_M * lat.to_radians().cos() / self.world_px()
    }

    /// Keeps the centre in range: x wraps into [0, 1); y stays within the world, or at its
    /// middle when the whole world height fits on screen.
    pub fn clamp(&mut self) {
        if !self.center_x.is_finite() {
            self.center_x = 0.5;
        }
        if !self.center_y.is_finite() {
            self.center_y = 0.5;
        }
        if !self.zoom.is_finite() {
            self.zoom = MIN_ZOOM;
        }
        self.zoom = self.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        self.center_x = self.center_x.rem_euclid(1.0);
        let half = self.height as f64 / 2.0 / self.world_px();
        self.center_y = if half >= 0.5 {
            0.5
        } else {
            self.center_y.clamp(half, 1.0 - half)
        };
    }

    /// The same view at another pixel size, keeping the centre and the ground scale.
    pub fn resized(&self, width: f32, height: f32) -> View {
        let mut v = View {
            width,
            height,
            ..*self
        };
        v.clamp();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_points() {
        let (x, y) = project(0.0, 0.0);
        assert!((x - 0.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
        let (x, y) = project(MAX_LAT, -180.0);
        assert!(x.abs() < 1e-12 && y.abs() < 1e-9);
        // Baghdad.
        let (lat, lon) = unproject(project(33.3406, 44.4009).0, project(33.3406, 44.4009).1);
        assert!((lat - 33.3406).abs() < 1e-9 && (lon - 44.4009).abs() < 1e-9);
    }

    #[test]
    fn fit_frames_the_box() {
        let b = WorldBox::from_lonlat(38.8, 29.1, 48.6, 37.4); // Iraq
        let v = View::fit(&b, 1920.0, 1080.0, 40.0, 12.0);
        let p0 = v.world_to_screen(b.min_x, b.min_y);
        let p1 = v.world_to_screen(b.max_x, b.max_y);
        assert!(
            p0.x >= 39.0 && p0.y >= 39.0 && p1.x <= 1881.0 && p1.y <= 1041.0,
            "{p0:?} {p1:?}"
        );
        // One side is tight.
        assert!((p0.y - 40.0).abs() < 1.0 || (p0.x - 40.0).abs() < 1.0);
    }

    #[test]
    fn around_takes_the_short_way() {
        let pts = [project(-17.0, 179.0), project(-18.0, -179.0)];
        let b = WorldBox::around(&pts).unwrap();
        assert!(b.width() < 0.01, "{b:?}");
        assert!(b.contains_wrapped(pts[0].0, pts[0].1) && b.contains_wrapped(pts[1].0, pts[1].1));
        let pts = [project(0.0, -10.0), project(0.0, 10.0)];
        let b = WorldBox::around(&pts).unwrap();
        assert!((b.width() - 20.0 / 360.0).abs() < 1e-9);
    }

    #[test]
    fn meters_per_pixel_at_the_equator() {
        let v = View::at(0.0, 0.0, 0.0, 512.0, 512.0);
        assert!((v.meters_per_px() - 156_543.03).abs() < 1.0);
    }

    #[test]
    fn nonsense_is_clamped() {
        let mut v = View::at(0.0, 0.0, f64::NAN, 100.0, 100.0);
        v.pan(f32::INFINITY, 0.0);
        v.clamp();
        assert!(v.zoom.is_finite() && v.center_x.is_finite() && v.center_y.is_finite());
    }

    proptest! {
        #[test]
        fn projection_round_trips(lat in -85.0f64..85.0, lon in -180.0f64..180.0) {
            let (x, y) = project(lat, lon);
            let (lat2, lon2) = unproject(x, y);
            prop_assert!((lat - lat2).abs() < 1e-9 && (lon - lon2).abs() < 1e-9);
        }

        #[test]
        fn screen_round_trips(lat in -80.0f64..80.0, lon in -180.0f64..180.0,
                              zoom in 0.0f64..16.0, sx in 0.0f32..1920.0, sy in 0.0f32..1080.0) {
            let v = View::at(lat, lon, zoom, 1920.0, 1080.0);
            let w = v.screen_to_world(Pt::new(sx, sy));
            let p = v.world_to_screen(w.0, w.1);
            prop_assert!((p.x - sx).abs() < 1e-2 && (p.y - sy).abs() < 1e-2);
        }

        #[test]
        fn zoom_keeps_the_point_under_the_cursor(lat in -60.0f64..60.0, lon in -170.0f64..170.0,
                zoom in 2.0f64..14.0, dz in -2.0f64..2.0, sx in 0.0f32..800.0, sy in 0.0f32..600.0) {
            let mut v = View::at(lat, lon, zoom, 800.0, 600.0);
            let before = v.screen_to_world(Pt::new(sx, sy));
            // Only where the world's edge does not stop the map (clamping moves it, on purpose).
            let w = TILE * (zoom + dz).exp2();
            let cy = before.1 - (sy as f64 - 300.0) / w;
            let half = 300.0 / w;
            prop_assume!(half < 0.5 && cy > half && cy < 1.0 - half);
            v.zoom_about(Pt::new(sx, sy), dz);
            let p = v.world_to_screen(before.0, before.1);
            // Compare modulo whole worlds in x: the centre may have wrapped.
            let w = v.world_px() as f32;
            let dxp = ((p.x - sx) / w).round() * w;
            prop_assert!((p.x - dxp - sx).abs() < 0.05 && (p.y - sy).abs() < 0.05,
                "moved to {:?} from ({}, {})", p, sx, sy);
        }

        #[test]
        fn pan_then_back_is_identity(dx in -500.0f32..500.0, dy in -300.0f32..300.0) {
            let mut v = View::at(33.0, 44.0, 6.0, 800.0, 600.0);
            let v0 = v;
            v.pan(dx, dy);
            v.pan(-dx, -dy);
            prop_assert!((v.center_x - v0.center_x).abs() < 1e-9 && (v.center_y - v0.center_y).abs() < 1e-9);
        }
    }
}
