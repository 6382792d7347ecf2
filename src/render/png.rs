//! The PNG backend: paints a [`Scene`] with tiny-skia and encodes it.
//!
//! Every item becomes one tiny-skia path, built in logical pixels and painted through a
//! uniform scale transform, so a scale of 2 doubles the pixels without changing the picture:
//!
//! - `Fill`: all rings in one path, non-zero winding (the `triangles` are for egui and are
//!   ignored here);
//! - `Line`, and the outlines of circles and rectangles: round caps and joins; a dash pattern
//!   with an odd number of entries is repeated once, as SVG does; a pattern that is negative,
//!   not finite or shorter than [`MIN_DASH_PERIOD`] in total draws a solid line;
//! - `Text`: the glyph outlines of the bundled font, placed by [`crate::fonts::layout`] and
//!   shifted by the anchor (half or all of the measured width); the halo is a stroke of the
//!   whole text path (round joins, stroke width = the halo width, so it reaches half of it
//!   beyond the glyphs' edges), painted before the glyphs are filled.
//!
//! Strokes with a zero, negative or non-finite width are skipped (tiny-skia would draw a
//! hairline for zero). Non-finite coordinates are skipped, never a panic. Geometry more than
//! about a million device pixels away (a country's far side on a map zoomed in on a city) is
//! clipped in 64-bit floats to a window slightly larger than the image before tiny-skia sees
//! it, since its fixed-point rasteriser cannot take such numbers; dashes keep their phase;
//! texts anchored that far away are skipped.
//!
//! # Speed
//!
//! The path builder and the paint are reused from item to item, so a map of thousands of
//! polygons allocates little. The image is cut into two horizontal bands painted on two threads
//! (each band skips the items that do not reach it), which nearly halves the time on a
//! two-core machine. The number of bands is a constant, so the pixels are the same on every
//! machine whatever its cores; along a seam they may differ from a one-band rendering by a few
//! anti-aliasing levels on a few pixels (the bands overlap by 16 rows to keep that small).
//!
//! Encoding uses the `png` crate that tiny-skia already depends on, with its fast deflate: at
//! 1920x1080 it is about ten times faster than tiny-skia's own `encode_png` for files about
//! 20 % larger (see [`encode_png`]).

use std::sync::Mutex;

use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, Pixmap, PixmapMut, Stroke as SkStroke,
    StrokeDash, Transform,
};

use super::{RenderError, clip};
use crate::fonts::{self, OutlineSink};
use crate::map::display::{Color, Item, Pt, Rect, Scene, Stroke, Text};

/// The largest image side, in pixels, [`render_png`] accepts.
pub const MAX_SIDE: u32 = 8192;

/// Images are painted in this many horizontal bands (fewer when a band would be shorter than
/// [`MIN_BAND_HEIGHT`]), on up to as many threads. The number is fixed, not taken from the
/// machine, so the pixels do not depend on how many cores there are.
const BANDS: u32 = 2;

/// Below this many rows per band, one band (and one thread) is faster.
const MIN_BAND_HEIGHT: u32 = 128;

/// How far (device pixels) beyond the image far-away geometry is clipped, so that the ends
/// and caps made by the cut stay out of sight.
const CLIP_MARGIN: f32 = 1024.0;

/// Rows painted beyond each side of a band and discarded (see [`paint_band`]).
const BAND_OVERLAP: u32 = 16;

/// A dash pattern whose entries add up to less than this (logical pixels) draws a solid line:
/// finer dashes are invisible and would cost millions of segments.
pub const MIN_DASH_PERIOD: f32 = 0.1;

/// Renders the scene to PNG bytes at `scale` device pixels per logical pixel.
///
/// The image is `round(width × scale)` × `round(height × scale)` pixels, at most
/// [`MAX_SIDE`] on each side.
pub fn render_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, RenderError> {
    let pixmap = render_pixmap(scene, scale)?;
    encode_png(&pixmap)
}

/// Renders the scene into a tiny-skia pixmap (premultiplied RGBA), for tests and for callers
/// that want the pixels rather than a file.
pub fn render_pixmap(scene: &Scene, scale: f32) -> Result<Pixmap, RenderError> {
    render_bands(scene, scale, BANDS)
}

/// [`render_pixmap`] with a given number of bands (at most; fewer for short images).
fn render_bands(scene: &Scene, scale: f32, bands: u32) -> Result<Pixmap, RenderError> {
    let (w, h) = image_size(scene.width, scene.height, scale)?;
    let mut pixmap = Pixmap::new(w, h).ok_or(RenderError::InvalidSize {
        width: scene.width,
        height: scene.height,
        scale,
    })?;
    let bands = bands.min(h / MIN_BAND_HEIGHT).max(1);
    let band_height = h.div_ceil(bands);
    let row_bytes = w as usize * 4;
    // Split the pixels into horizontal bands, each painted by its own thread.
    let mut rest: &mut [u8] = pixmap.data_mut();
    let mut jobs = Vec::new();
    let mut y0 = 0;
    while y0 < h {
        let bh = band_height.min(h - y0);
        let (band, tail) = rest.split_at_mut(bh as usize * row_bytes);
        rest = tail;
        jobs.push((y0, bh, band));
        y0 += bh;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let queue = Mutex::new(jobs);
    let work = || {
        loop {
            // A poisoned queue means another band panicked; the scope re-raises that panic.
            let job = queue.lock().ok().and_then(|mut q| q.pop());
            let Some((y0, bh, band)) = job else { break };
            paint_band(scene, scale, (w, h), y0, bh, band);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            // If no thread can be had, the calling thread paints every band itself.
            let _ = std::thread::Builder::new().spawn_scoped(s, work);
        }
        work();
    });
    Ok(pixmap)
}

/// Paints the rows `y0 .. y0 + rows` of an image `width × height` into `data` (which holds
/// exactly those rows).
///
/// A band is painted with [`BAND_OVERLAP`] extra rows above and below that are then thrown
/// away: tiny-skia flattens a curve cut by the edge of the pixmap, and steps a hairline that
/// crosses it, a little differently from an uncut one, so the cut is kept away from the rows
/// that are kept.
fn paint_band(scene: &Scene, scale: f32, size: (u32, u32), y0: u32, rows: u32, data: &mut [u8]) {
    let (width, height) = size;
    let top = y0.saturating_sub(BAND_OVERLAP);
    let bottom = (y0 + rows + BAND_OVERLAP).min(height);
    if (top, bottom) == (y0, y0 + rows) {
        if let Some(pixmap) = PixmapMut::from_bytes(data, width, rows) {
            paint_rows(scene, scale, top, bottom, pixmap);
        }
        return;
    }
    let Some(mut band) = Pixmap::new(width, bottom - top) else {
        return;
    };
    paint_rows(scene, scale, top, bottom, band.as_mut());
    let row_bytes = width as usize * 4;
    let start = (y0 - top) as usize * row_bytes;
    if let Some(kept) = band.data().get(start..start + data.len()) {
        data.copy_from_slice(kept);
    }
}

/// Paints the scene's rows `top .. bottom` into a pixmap of exactly those rows; items wholly
/// outside them are skipped.
fn paint_rows(scene: &Scene, scale: f32, top: u32, bottom: u32, mut pixmap: PixmapMut<'_>) {
    pixmap.fill(sk_color(scene.background));
    let mut painter = Painter {
        pixmap,
        transform: Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32)),
        paint: Paint::default(),
        builder: Some(PathBuilder::new()),
        top: top as f32 / scale,
        bottom: bottom as f32 / scale,
        scale,
        size: (scene.width, scene.height),
    };
    for layer in &scene.layers {
        for item in &layer.items {
            painter.item(item);
        }
    }
}

/// The pixel size of a scene at a scale, or why it cannot be rendered.
pub fn image_size(width: f32, height: f32, scale: f32) -> Result<(u32, u32), RenderError> {
    let invalid = RenderError::InvalidSize {
        width,
        height,
        scale,
    };
    if !(width.is_finite() && height.is_finite() && scale.is_finite()) {
        return Err(invalid);
    }
    if width <= 0.0 || height <= 0.0 || scale <= 0.0 {
        return Err(invalid);
    }
    let w = (f64::from(width) * f64::from(scale)).round();
    let h = (f64::from(height) * f64::from(scale)).round();
    if w < 1.0 || h < 1.0 {
        return Err(invalid);
    }
    let max = f64::from(MAX_SIDE);
    if w > max || h > max {
        // Saturating casts: the values are finite and positive here.
        return Err(RenderError::TooLarge {
            width: w as u64,
            height: h as u64,
            max: MAX_SIDE,
        });
    }
    Ok((w as u32, h as u32))
}

/// Encodes a pixmap as PNG: 8-bit RGB when every pixel is opaque (the usual map, whose
/// background is opaque), RGBA otherwise; the `png` crate's fast deflate; no metadata chunk,
/// so the bytes depend only on the pixels.
///
/// Measured on a busy synthetic 1920x1080 map (release build): `Compression::Fast` 28 ms for
/// 2.9 MB; `Balanced`, which tiny-skia's `encode_png` uses, 355 ms (RGB) to 419 ms (RGBA) for
/// 2.4 to 2.5 MB; `Fastest` 26 ms for 3.1 MB.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RenderError> {
    let pixels = pixmap.pixels();
    let opaque = pixels.iter().all(|p| p.alpha() == 255);
    let (color, data) = if opaque {
        let mut rgb = Vec::with_capacity(pixels.len() * 3);
        for p in pixels {
            rgb.extend_from_slice(&[p.red(), p.green(), p.blue()]);
        }
        (::png::ColorType::Rgb, rgb)
    } else {
        let mut rgba = Vec::with_capacity(pixels.len() * 4);
        for p in pixels {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (::png::ColorType::Rgba, rgba)
    };
    let err = |e: ::png::EncodingError| RenderError::Encode(e.to_string());
    let mut out = Vec::with_capacity(data.len() / 8);
    {
        let mut encoder = ::png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(color);
        encoder.set_depth(::png::BitDepth::Eight);
        encoder.set_compression(::png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&data).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// The dash pattern both backends use for a stroke, or `None` for a solid line.
pub(crate) fn dash_pattern(dash: &[f32]) -> Option<Vec<f32>> {
    if dash.is_empty() || dash.iter().any(|d| !d.is_finite() || *d < 0.0) {
        return None;
    }
    if dash.iter().sum::<f32>() < MIN_DASH_PERIOD {
        return None;
    }
    let mut pattern = dash.to_vec();
    if pattern.len() % 2 == 1 {
        pattern.extend_from_slice(dash);
    }
    Some(pattern)
}

/// Whether a stroke draws anything.
pub(crate) fn stroke_visible(s: &Stroke) -> bool {
    // Strokes wider than any image are nonsense; tiny-skia's stroker asserts on them.
    s.width.is_finite() && s.width > 0.0 && s.width < MAX_STROKE_WIDTH && s.color.a > 0
}

/// The widest stroke drawn, in logical pixels.
const MAX_STROKE_WIDTH: f32 = 100_000.0;

/// The corner radius actually drawn: at most half the shorter side, as SVG clamps it.
pub(crate) fn clamp_radius(rect: &Rect, r: f32) -> f32 {
    let half = 0.5 * rect.width().abs().min(rect.height().abs());
    if r.is_finite() && r > 0.0 {
        r.min(half)
    } else {
        0.0
    }
}

fn sk_color(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

/// Paints items onto one pixmap, reusing a path builder and a paint.
struct Painter<'a> {
    pixmap: PixmapMut<'a>,
    /// Logical pixels to the band's device pixels.
    transform: Transform,
    paint: Paint<'static>,
    /// Taken while a path is being built and given back by [`Painter::recycle`].
    builder: Option<PathBuilder>,
    /// The band's first and last rows in logical pixels: paths wholly above or below (their
    /// stroke included) are not painted.
    top: f32,
    bottom: f32,
    /// Device pixels per logical pixel.
    scale: f32,
    /// The whole image in logical pixels (for clipping far-away geometry).
    size: (f32, f32),
}

impl Painter<'_> {
    fn item(&mut self, item: &Item) {
        match item {
            Item::Fill { rings, color, .. } => {
                if color.a == 0 {
                    return;
                }
                let far = clip::needs_clipping(rings.iter().flatten(), self.scale);
                let mut pb = self.builder();
                for ring in rings {
                    if far {
                        push_polyline(&mut pb, &clip::clip_ring(ring, &self.window(0.0)), true, 3);
                    } else {
                        push_polyline(&mut pb, ring, true, 3);
                    }
                }
                if let Some(path) = pb.finish() {
                    self.fill(&path, *color);
                    self.recycle(path);
                }
            }
            Item::Line {
                points,
                closed,
                stroke,
            } => {
                if !stroke_visible(stroke) {
                    return;
                }
                if clip::needs_clipping(points, self.scale) {
                    self.far_line(points, *closed, stroke);
                    return;
                }
                let mut pb = self.builder();
                push_polyline(&mut pb, points, *closed, 2);
                if let Some(path) = pb.finish() {
                    self.stroke(&path, stroke, 0.0);
                    self.recycle(path);
                }
            }
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
            } => {
                if !center.is_finite() || !radius.is_finite() || *radius <= 0.0 {
                    return;
                }
                let corners = [
                    Pt::new(center.x - radius, center.y - radius),
                    Pt::new(center.x + radius, center.y + radius),
                ];
                if clip::needs_clipping(&corners, self.scale) {
                    self.far_circle(*center, *radius, *fill, stroke.as_ref());
                    return;
                }
                let mut pb = self.builder();
                pb.push_circle(center.x, center.y, *radius);
                if let Some(path) = pb.finish() {
                    self.fill_and_stroke(&path, *fill, stroke.as_ref());
                    self.recycle(path);
                }
            }
            Item::Rect {
                rect,
                corner_radius,
                fill,
                stroke,
            } => {
                if !rect.min.is_finite() || !rect.max.is_finite() {
                    return;
                }
                let mut r = *rect;
                let mut radius = clamp_radius(rect, *corner_radius);
                if clip::needs_clipping(&[rect.min, rect.max], self.scale) {
                    // The far corners are outside the window, so their rounding is not seen.
                    let margin = stroke.as_ref().map_or(0.0, |s| s.width.abs());
                    let w = self.window(margin);
                    let lo = |a: f32, b: f32, l: f64, h: f64| f64::from(a.min(b)).clamp(l, h);
                    let hi = |a: f32, b: f32, l: f64, h: f64| f64::from(a.max(b)).clamp(l, h);
                    r = Rect {
                        min: Pt::new(
                            lo(rect.min.x, rect.max.x, w.x0, w.x1) as f32,
                            lo(rect.min.y, rect.max.y, w.y0, w.y1) as f32,
                        ),
                        max: Pt::new(
                            hi(rect.min.x, rect.max.x, w.x0, w.x1) as f32,
                            hi(rect.min.y, rect.max.y, w.y0, w.y1) as f32,
                        ),
                    };
                    radius = 0.0;
                }
                let mut pb = self.builder();
                push_rounded_rect(&mut pb, &r, radius);
                if let Some(path) = pb.finish() {
                    self.fill_and_stroke(&path, *fill, stroke.as_ref());
                    self.recycle(path);
                }
            }
            Item::Text(text) => self.text(text),
        }
    }

    /// The image in logical pixels, grown by a margin that keeps cut ends out of sight plus
    /// `extra` logical pixels (a stroke's width).
    fn window(&self, extra: f32) -> clip::Window {
        let m = f64::from(CLIP_MARGIN / self.scale) + f64::from(extra.max(0.0));
        clip::Window {
            x0: -m,
            y0: -m,
            x1: f64::from(self.size.0) + m,
            y1: f64::from(self.size.1) + m,
        }
    }

    /// A line with far-away points: each piece inside the window is stroked on its own, its
    /// dashes shifted by the length cut off before it.
    fn far_line(&mut self, points: &[Pt], closed: bool, stroke: &Stroke) {
        let window = self.window(stroke.width);
        for piece in clip::clip_polyline(points, closed, &window) {
            let mut pb = self.builder();
            push_polyline(&mut pb, &piece.points, false, 2);
            if let Some(path) = pb.finish() {
                self.stroke(&path, stroke, piece.start);
                self.recycle(path);
            }
        }
    }

    /// A circle too large for tiny-skia's fixed point: a polygon of chords within a quarter of
    /// a device pixel (at most 65 536 of them), clipped like any far-away shape.
    fn far_circle(&mut self, c: Pt, r: f32, fill: Option<Color>, stroke: Option<&Stroke>) {
        let device_r = f64::from(r) * f64::from(self.scale);
        let step = (1.0 - 0.25 / device_r).clamp(-1.0, 1.0).acos().max(1e-9);
        let n = (std::f64::consts::PI / step).ceil().clamp(16.0, 65_536.0) as usize;
        let ring: Vec<Pt> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                Pt::new(
                    (f64::from(c.x) + f64::from(r) * a.cos()) as f32,
                    (f64::from(c.y) + f64::from(r) * a.sin()) as f32,
                )
            })
            .collect();
        if let Some(color) = fill.filter(|c| c.a > 0) {
            let clipped = clip::clip_ring(&ring, &self.window(0.0));
            let mut pb = self.builder();
            push_polyline(&mut pb, &clipped, true, 3);
            if let Some(path) = pb.finish() {
                self.fill(&path, color);
                self.recycle(path);
            }
        }
        if let Some(s) = stroke.filter(|s| stroke_visible(s)) {
            self.far_line(&ring, true, s);
        }
    }

    fn text(&mut self, t: &Text) {
        if !t.pos.is_finite() || !t.size.is_finite() || t.size <= 0.0 {
            return;
        }
        // A text anchored millions of pixels away cannot reach the image (a line's width is
        // bounded by its size), and a gigantic one is not a label: both are skipped.
        if clip::needs_clipping(&[t.pos], self.scale) || t.size * self.scale > clip::SAFE / 64.0 {
            return;
        }
        let laid = fonts::layout(&t.text, t.size, t.style, t.letter_spacing);
        let x0 = t.pos.x + t.anchor.offset(laid.metrics.width);
        let mut sink = PathSink { pb: self.builder() };
        for g in &laid.glyphs {
            fonts::glyph_outline(t.style, g.id, t.size, x0 + g.x, t.pos.y, &mut sink);
        }
        let Some(path) = sink.pb.finish() else {
            return;
        };
        if let Some((color, width)) = t.halo {
            let halo = Stroke::solid(width, color);
            if stroke_visible(&halo) {
                self.stroke(&path, &halo, 0.0);
            }
        }
        if t.color.a > 0 {
            self.fill(&path, t.color);
        }
        self.recycle(path);
    }

    fn builder(&mut self) -> PathBuilder {
        self.builder.take().unwrap_or_default()
    }

    fn recycle(&mut self, path: Path) {
        self.builder = Some(path.clear());
    }

    fn fill_and_stroke(&mut self, path: &Path, fill: Option<Color>, stroke: Option<&Stroke>) {
        if let Some(c) = fill.filter(|c| c.a > 0) {
            self.fill(path, c);
        }
        if let Some(s) = stroke.filter(|s| stroke_visible(s)) {
            self.stroke(path, s, 0.0);
        }
    }

    /// Whether a path, grown by `margin` logical pixels, reaches the band's rows.
    fn visible(&self, path: &Path, margin: f32) -> bool {
        let b = path.bounds();
        b.bottom() + margin >= self.top && b.top() - margin <= self.bottom
    }

    fn fill(&mut self, path: &Path, color: Color) {
        if !self.visible(path, 1.0) {
            return;
        }
        self.paint
            .set_color_rgba8(color.r, color.g, color.b, color.a);
        self.pixmap
            .fill_path(path, &self.paint, FillRule::Winding, self.transform, None);
    }

    /// Strokes a path; `dash_start` is how far into the dash pattern the path begins.
    fn stroke(&mut self, path: &Path, s: &Stroke, dash_start: f64) {
        if !self.visible(path, 0.5 * s.width + 1.0) {
            return;
        }
        self.paint
            .set_color_rgba8(s.color.r, s.color.g, s.color.b, s.color.a);
        let dash = dash_pattern(&s.dash).and_then(|d| {
            let period = d.iter().map(|v| f64::from(*v)).sum::<f64>();
            StrokeDash::new(d, (dash_start % period) as f32)
        });
        let stroke = SkStroke {
            width: s.width,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            dash,
            ..SkStroke::default()
        };
        self.pixmap
            .stroke_path(path, &self.paint, &stroke, self.transform, None);
    }
}

/// Appends a polyline (skipping non-finite points) as one subpath, closed when asked; a
/// subpath with fewer than `min_points` usable points is left out.
fn push_polyline(pb: &mut PathBuilder, points: &[Pt], closed: bool, min_points: usize) {
    let mut usable = points.iter().copied().filter(|p| p.is_finite());
    if points.iter().filter(|p| p.is_finite()).count() < min_points {
        return;
    }
    if let Some(first) = usable.next() {
        pb.move_to(first.x, first.y);
        for p in usable {
            pb.line_to(p.x, p.y);
        }
        if closed {
            pb.close();
        }
    }
}

/// Appends a rectangle with quarter-circle corners of radius `r` (already clamped), clockwise
/// on screen from the top-left corner.
fn push_rounded_rect(pb: &mut PathBuilder, rect: &Rect, r: f32) {
    let (x0, x1) = (rect.min.x.min(rect.max.x), rect.min.x.max(rect.max.x));
    let (y0, y1) = (rect.min.y.min(rect.max.y), rect.min.y.max(rect.max.y));
    if r <= 0.0 {
        pb.move_to(x0, y0);
        pb.line_to(x1, y0);
        pb.line_to(x1, y1);
        pb.line_to(x0, y1);
        pb.close();
        return;
    }
    // Control-point distance for a cubic Bézier approximating a quarter circle.
    let k = r * 0.552_284_8;
    pb.move_to(x0 + r, y0);
    pb.line_to(x1 - r, y0);
    pb.cubic_to(x1 - r + k, y0, x1, y0 + r - k, x1, y0 + r);
    pb.line_to(x1, y1 - r);
    pb.cubic_to(x1, y1 - r + k, x1 - r + k, y1, x1 - r, y1);
    pb.line_to(x0 + r, y1);
    pb.cubic_to(x0 + r - k, y1, x0, y1 - r + k, x0, y1 - r);
    pb.line_to(x0, y0 + r);
    pb.cubic_to(x0, y0 + r - k, x0 + r - k, y0, x0 + r, y0);
    pb.close();
}

/// Receives glyph contours from [`fonts::glyph_outline`] into a tiny-skia path.
struct PathSink {
    pb: PathBuilder,
}

impl OutlineSink for PathSink {
    fn move_to(&mut self, x: f32, y: f32) {
        self.pb.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.pb.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.pb.quad_to(x1, y1, x, y);
    }
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.pb.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::display::{Anchor, FontStyle, Scene};

    fn px(p: &Pixmap, x: u32, y: u32) -> (u8, u8, u8, u8) {
        let c = p.pixel(x, y).map(|c| c.demultiply());
        c.map(|c| (c.red(), c.green(), c.blue(), c.alpha()))
            .unwrap_or_default()
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!(image_size(100.0, 50.0, 2.0).ok(), Some((200, 100)));
        assert!(matches!(
            image_size(0.0, 50.0, 1.0),
            Err(RenderError::InvalidSize { .. })
        ));
        assert!(matches!(
            image_size(10.0, 50.0, f32::NAN),
            Err(RenderError::InvalidSize { .. })
        ));
        assert!(matches!(
            image_size(0.2, 0.2, 1.0),
            Err(RenderError::InvalidSize { .. })
        ));
        assert!(matches!(
            image_size(5000.0, 100.0, 2.0),
            Err(RenderError::TooLarge {
                width: 10000,
                height: 200,
                max: 8192
            })
        ));
        assert!(image_size(8192.0, 8192.0, 1.0).is_ok());
        assert!(matches!(
            image_size(f32::MAX, 1.0, 10.0),
            Err(RenderError::TooLarge { .. })
        ));
    }

    #[test]
    fn hole_stays_empty_with_nonzero_winding() {
        let mut s = Scene::new(40.0, 40.0, Color::rgb(0, 0, 255));
        let outer = vec![
            Pt::new(0.0, 0.0),
            Pt::new(40.0, 0.0),
            Pt::new(40.0, 40.0),
            Pt::new(0.0, 40.0),
        ];
        let hole = vec![
            Pt::new(10.0, 10.0),
            Pt::new(10.0, 30.0),
            Pt::new(30.0, 30.0),
            Pt::new(30.0, 10.0),
        ];
        s.layer("land").push(Item::Fill {
            rings: vec![outer, hole],
            triangles: vec![],
            color: Color::rgb(0, 255, 0),
        });
        let p = render_pixmap(&s, 1.0).expect("renders");
        assert_eq!(px(&p, 5, 5), (0, 255, 0, 255));
        assert_eq!(px(&p, 20, 20), (0, 0, 255, 255));
    }

    #[test]
    fn scale_doubles_pixels() {
        let mut s = Scene::new(10.0, 10.0, Color::rgb(255, 255, 255));
        s.layer("c").push(Item::Circle {
            center: Pt::new(5.0, 5.0),
            radius: 3.0,
            fill: Some(Color::rgb(0, 0, 0)),
            stroke: None,
        });
        let p = render_pixmap(&s, 2.0).expect("renders");
        assert_eq!((p.width(), p.height()), (20, 20));
        assert_eq!(px(&p, 10, 10), (0, 0, 0, 255));
        assert_eq!(px(&p, 1, 1), (255, 255, 255, 255));
    }

    #[test]
    fn bad_items_are_skipped_not_fatal() {
        let mut s = Scene::new(20.0, 20.0, Color::rgba(0, 0, 0, 0));
        let items = s.layer("bad");
        items.push(Item::Line {
            points: vec![
                Pt::new(f32::NAN, 0.0),
                Pt::new(1e30, -1e30),
                Pt::new(5.0, 5.0),
            ],
            closed: true,
            stroke: Stroke::dashed(f32::INFINITY, Color::rgb(1, 2, 3), vec![-1.0]),
        });
        items.push(Item::Line {
            points: vec![Pt::new(0.0, 0.0), Pt::new(1e9, 1e9)],
            closed: false,
            stroke: Stroke::dashed(1.0, Color::rgb(1, 2, 3), vec![1e-6]),
        });
        items.push(Item::Fill {
            rings: vec![vec![Pt::new(0.0, 0.0)]],
            triangles: vec![],
            color: Color::rgb(9, 9, 9),
        });
        items.push(Item::Circle {
            center: Pt::new(1.0, 1.0),
            radius: -2.0,
            fill: None,
            stroke: None,
        });
        items.push(Item::Rect {
            rect: Rect {
                min: Pt::new(15.0, 15.0),
                max: Pt::new(5.0, 5.0),
            },
            corner_radius: f32::NAN,
            fill: Some(Color::rgb(200, 0, 0)),
            stroke: Some(Stroke::solid(0.0, Color::rgb(0, 0, 0))),
        });
        items.push(Item::Text(Text {
            pos: Pt::new(2.0, 15.0),
            text: "\u{0}\u{7}北".to_string(),
            size: 12.0,
            color: Color::rgb(0, 0, 0),
            style: FontStyle::Bold,
            anchor: Anchor::End,
            letter_spacing: f32::NAN,
            halo: Some((Color::rgb(255, 255, 255), f32::NAN)),
        }));
        let p = render_pixmap(&s, 1.0).expect("renders");
        // The reversed rectangle is normalised and filled.
        assert_eq!(px(&p, 10, 10), (200, 0, 0, 255));
        // A transparent background gives an RGBA PNG that decodes to the same size.
        let bytes = encode_png(&p).expect("encodes");
        let back = Pixmap::decode_png(&bytes).expect("decodes");
        assert_eq!((back.width(), back.height()), (20, 20));
    }

    #[test]
    fn bands_join_without_visible_seams() {
        // Shapes, lines and text crossing the seams (row 200 for two bands, 134 and 268 for
        // three).
        let mut s = Scene::new(300.0, 400.0, Color::rgb(250, 250, 250));
        let items = s.layer("x");
        items.push(Item::Fill {
            rings: vec![vec![
                Pt::new(10.0, 20.0),
                Pt::new(290.0, 140.3),
                Pt::new(40.0, 290.0),
            ]],
            triangles: vec![],
            color: Color::rgba(20, 120, 60, 200),
        });
        items.push(Item::Line {
            points: vec![
                Pt::new(5.0, 149.6),
                Pt::new(295.0, 150.4),
                Pt::new(150.0, 10.0),
            ],
            closed: true,
            stroke: Stroke::dashed(2.5, Color::rgb(0, 0, 0), vec![7.0, 3.0]),
        });
        items.push(Item::Circle {
            center: Pt::new(150.0, 200.0),
            radius: 70.0,
            fill: None,
            stroke: Some(Stroke::solid(0.7, Color::rgb(200, 0, 0))),
        });
        items.push(Item::Text(Text {
            pos: Pt::new(150.0, 208.0),
            text: "Seam Test".into(),
            size: 24.0,
            color: Color::rgb(0, 0, 0),
            style: FontStyle::Bold,
            anchor: Anchor::Middle,
            letter_spacing: 0.0,
            halo: Some((Color::rgb(255, 255, 255), 4.0)),
        }));
        let one = render_bands(&s, 1.0, 1).expect("renders");
        for bands in [2, 3] {
            let many = render_bands(&s, 1.0, bands).expect("renders");
            assert_eq!(many, render_bands(&s, 1.0, bands).expect("renders"));
            // Large curves cut by a band's painted edge (16 rows away) are flattened a little
            // differently: a few anti-aliasing levels on a few pixels, nothing visible.
            let (mut worst, mut changed) = (0u8, 0usize);
            for (a, b) in one.pixels().iter().zip(many.pixels()) {
                let d = [
                    a.red().abs_diff(b.red()),
                    a.green().abs_diff(b.green()),
                    a.blue().abs_diff(b.blue()),
                ];
                let m = d.into_iter().max().unwrap_or(0);
                worst = worst.max(m);
                changed += usize::from(m > 2);
            }
            // Measured: 2 bands, 2 pixels off by at most 11/255; 3 bands, 6 pixels, 15/255.
            assert!(worst <= 24, "{bands} bands: a channel differs by {worst}");
            assert!(
                changed * 2000 < one.pixels().len(),
                "{bands} bands: {changed} pixels differ"
            );
        }
    }

    #[test]
    fn far_geometry_is_clipped_not_fatal() {
        let fills = |rect: [f32; 4], dash_from: f32| {
            let [x0, y0, x1, y1] = rect;
            let mut s = Scene::new(200.0, 120.0, Color::rgb(255, 255, 255));
            let items = s.layer("far");
            items.push(Item::Fill {
                rings: vec![vec![
                    Pt::new(x0, y0),
                    Pt::new(x1, y0),
                    Pt::new(x1, y1),
                    Pt::new(x0, y1),
                ]],
                triangles: vec![],
                color: Color::rgb(0, 90, 0),
            });
            items.push(Item::Line {
                points: vec![Pt::new(dash_from, 20.5), Pt::new(-dash_from, 20.5)],
                closed: false,
                stroke: Stroke::dashed(3.0, Color::rgb(200, 0, 0), vec![10.0, 10.0]),
            });
            render_pixmap(&s, 1.0).expect("renders")
        };
        // A band a billion pixels long, and a dashed line as long, look exactly like short ones
        // (-1e9 and -1000 are in the same phase of the 20 px dash period).
        let far = fills([-1e9, 50.0, 1e9, 100.0], -1e9);
        let near = fills([-100.0, 50.0, 300.0, 100.0], -1000.0);
        assert_eq!(px(&far, 100, 75), (0, 90, 0, 255));
        let worst = far
            .data()
            .iter()
            .zip(near.data())
            .map(|(a, b)| a.abs_diff(*b))
            .max();
        assert!(worst.unwrap_or(0) <= 2, "far and near differ by {worst:?}");

        // A huge circle covering the image, and one far away, never reach tiny-skia as is.
        let mut s = Scene::new(50.0, 50.0, Color::rgb(255, 255, 255));
        s.layer("c").push(Item::Circle {
            center: Pt::new(25.0, 1e8),
            radius: 1e8,
            fill: Some(Color::rgb(0, 0, 200)),
            stroke: Some(Stroke::dashed(2.0, Color::rgb(0, 0, 0), vec![1.0, 1.0])),
        });
        s.layer("c").push(Item::Circle {
            center: Pt::new(-3e9, 0.0),
            radius: 5.0,
            fill: Some(Color::rgb(0, 0, 0)),
            stroke: None,
        });
        s.layer("c").push(Item::Rect {
            rect: Rect {
                min: Pt::new(-1e12, 30.0),
                max: Pt::new(1e12, 1e12),
            },
            corner_radius: 4.0,
            fill: Some(Color::rgb(9, 9, 9)),
            stroke: Some(Stroke::solid(1.0, Color::rgb(1, 1, 1))),
        });
        let p = render_pixmap(&s, 1.0).expect("renders");
        assert_eq!(px(&p, 25, 20), (0, 0, 200, 255));
        assert_eq!(px(&p, 25, 40), (9, 9, 9, 255));
    }

    #[test]
    fn dash_patterns() {
        assert_eq!(dash_pattern(&[]), None);
        assert_eq!(dash_pattern(&[4.0, 2.0]), Some(vec![4.0, 2.0]));
        assert_eq!(dash_pattern(&[3.0]), Some(vec![3.0, 3.0]));
        assert_eq!(
            dash_pattern(&[1.0, 2.0, 3.0]),
            Some(vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0])
        );
        assert_eq!(dash_pattern(&[0.0, 0.0]), None);
        assert_eq!(dash_pattern(&[1.0, -1.0]), None);
    }
}
