//! Clipping of far-away geometry before it reaches the rasteriser.
//!
//! tiny-skia works in 32-bit floats and fixed point: a polygon with a vertex a billion pixels
//! away trips its internal assertions, and long before that the intersection it computes with
//! the image's edge loses precision. A map zoomed in on a city can put a country's far vertices
//! millions of pixels off the image, so the PNG backend clips such items itself, in 64-bit
//! floats, to a window a little larger than the image:
//!
//! - rings (filled areas) with Sutherland–Hodgman against the window: the non-zero winding
//!   number of every point inside the window is unchanged; the extra edges run along the
//!   window's border, outside the image;
//! - polylines with Liang–Barsky, segment by segment, into the pieces that cross the window;
//!   each piece remembers how far along the original line it starts, so dashes keep their
//!   phase.
//!
//! Items whose coordinates all lie within [`SAFE`] device pixels are drawn untouched, so an
//! ordinary map never goes through here.

use crate::map::display::Pt;

/// Coordinates (in device pixels) up to this magnitude are handed to tiny-skia as they are.
pub const SAFE: f32 = 1_048_576.0;

/// An axis-aligned window in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[cfg(test)]
impl Window {
    /// Whether a point lies inside the window (border included).
    pub fn contains(&self, p: Pt) -> bool {
        let (x, y) = (f64::from(p.x), f64::from(p.y));
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// Whether any point of `points`, scaled by `scale`, lies beyond [`SAFE`].
pub fn needs_clipping<'a>(points: impl IntoIterator<Item = &'a Pt>, scale: f32) -> bool {
    let limit = SAFE / scale.max(f32::MIN_POSITIVE);
    points
        .into_iter()
        .any(|p| p.x.abs() > limit || p.y.abs() > limit)
}

/// Clips a closed ring to the window (Sutherland–Hodgman). Non-finite points are dropped first.
/// The result may be empty.
pub fn clip_ring(ring: &[Pt], w: &Window) -> Vec<Pt> {
    let mut poly: Vec<(f64, f64)> = ring
        .iter()
        .filter(|p| p.is_finite())
        .map(|p| (f64::from(p.x), f64::from(p.y)))
        .collect();
    // One pass per window edge (0 left, 1 right, 2 top, 3 bottom): keep the inner side and
    // add the crossings.
    for edge in 0..4u8 {
        if poly.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(poly.len() + 4);
        let mut prev = poly[poly.len() - 1];
        for &cur in &poly {
            let (pin, cin) = (inside(w, prev, edge), inside(w, cur, edge));
            if cin {
                if !pin {
                    out.push(crossing(prev, cur, w, edge));
                }
                out.push(cur);
            } else if pin {
                out.push(crossing(prev, cur, w, edge));
            }
            prev = cur;
        }
        poly = out;
    }
    poly.into_iter()
        .map(|(x, y)| Pt::new(x as f32, y as f32))
        .collect()
}

/// Whether a point is on the inner side of one edge of the window.
fn inside(w: &Window, p: (f64, f64), edge: u8) -> bool {
    match edge {
        0 => p.0 >= w.x0,
        1 => p.0 <= w.x1,
        2 => p.1 >= w.y0,
        _ => p.1 <= w.y1,
    }
}

/// Where the segment `a`–`b` crosses one edge of the window (0 left, 1 right, 2 top, 3 bottom).
fn crossing(a: (f64, f64), b: (f64, f64), w: &Window, edge: u8) -> (f64, f64) {
    let along = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    let at_x = |x: f64| {
        let t = if b.0 == a.0 {
            0.0
        } else {
            (x - a.0) / (b.0 - a.0)
        };
        (x, along(t).1)
    };
    let at_y = |y: f64| {
        let t = if b.1 == a.1 {
            0.0
        } else {
            (y - a.1) / (b.1 - a.1)
        };
        (along(t).0, y)
    };
    match edge {
        0 => at_x(w.x0),
        1 => at_x(w.x1),
        2 => at_y(w.y0),
        _ => at_y(w.y1),
    }
}

/// One visible piece of a clipped polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub points: Vec<Pt>,
    /// Distance along the original polyline to the piece's first point, in logical pixels.
    pub start: f64,
}

/// Clips a polyline (closed when `closed`) to the window, keeping the pieces inside.
/// Non-finite points are dropped first.
pub fn clip_polyline(points: &[Pt], closed: bool, w: &Window) -> Vec<Piece> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.is_finite())
        .map(|p| (f64::from(p.x), f64::from(p.y)))
        .collect();
    let mut segments: Vec<((f64, f64), (f64, f64))> =
        pts.windows(2).map(|s| (s[0], s[1])).collect();
    if closed && pts.len() > 2 {
        segments.push((pts[pts.len() - 1], pts[0]));
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current: Option<Piece> = None;
    let mut travelled = 0.0f64;
    for (a, b) in segments {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        match liang_barsky(a, b, w) {
            Some((t0, t1)) => {
                let p0 = (a.0 + (b.0 - a.0) * t0, a.1 + (b.1 - a.1) * t0);
                let p1 = (a.0 + (b.0 - a.0) * t1, a.1 + (b.1 - a.1) * t1);
                let to_pt = |p: (f64, f64)| Pt::new(p.0 as f32, p.1 as f32);
                // A piece goes on only if this segment starts where the last one left the window.
                let continues = t0 == 0.0 && current.is_some();
                if !continues {
                    if let Some(done) = current.take() {
                        pieces.push(done);
                    }
                    current = Some(Piece {
                        points: vec![to_pt(p0)],
                        start: travelled + len * t0,
                    });
                }
                if let Some(piece) = current.as_mut() {
                    piece.points.push(to_pt(p1));
                }
                if t1 < 1.0
                    && let Some(done) = current.take()
                {
                    pieces.push(done);
                }
            }
            None => {
                if let Some(done) = current.take() {
                    pieces.push(done);
                }
            }
        }
        travelled += len;
    }
    if let Some(done) = current {
        pieces.push(done);
    }
    pieces.retain(|p| p.points.len() >= 2);
    pieces
}

/// The parameter range `[t0, t1]` of the segment `a`–`b` inside the window, if any.
fn liang_barsky(a: (f64, f64), b: (f64, f64), w: &Window) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0 = 0.0f64;
    let mut t1 = 1.0f64;
    for (p, q) in [
        (-dx, a.0 - w.x0),
        (dx, w.x1 - a.0),
        (-dy, a.1 - w.y0),
        (dy, w.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((t0, t1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = Window {
        x0: 0.0,
        y0: 0.0,
        x1: 100.0,
        y1: 100.0,
    };

    #[test]
    fn far_vertices_are_clipped_and_the_inside_kept() {
        let ring = [
            Pt::new(50.0, -1e12),
            Pt::new(50.0, 50.0),
            Pt::new(-1e12, 50.0),
        ];
        let clipped = clip_ring(&ring, &W);
        assert!(clipped.iter().all(|p| W.contains(*p)), "{clipped:?}");
        // The corner at (50, 50) survives, and the edges along the window close the shape.
        assert!(clipped.contains(&Pt::new(50.0, 50.0)));
        assert!(
            clip_ring(
                &[
                    Pt::new(200.0, 0.0),
                    Pt::new(300.0, 0.0),
                    Pt::new(250.0, 50.0)
                ],
                &W
            )
            .is_empty()
        );
    }

    #[test]
    fn a_window_inside_a_huge_ring_is_covered_whole() {
        let e = 1e9;
        let ring = [
            Pt::new(-e, -e),
            Pt::new(e, -e),
            Pt::new(e, e),
            Pt::new(-e, e),
        ];
        let clipped = clip_ring(&ring, &W);
        assert_eq!(clipped.len(), 4, "{clipped:?}");
        assert!(clipped.iter().all(|p| W.contains(*p)));
    }

    #[test]
    fn polylines_split_into_pieces_with_their_offsets() {
        let line = [
            Pt::new(-50.0, 10.0),
            Pt::new(150.0, 10.0),
            Pt::new(150.0, 20.0),
            Pt::new(50.0, 20.0),
        ];
        let pieces = clip_polyline(&line, false, &W);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(
            pieces[0].points,
            vec![Pt::new(0.0, 10.0), Pt::new(100.0, 10.0)]
        );
        assert!((pieces[0].start - 50.0).abs() < 1e-9);
        assert_eq!(
            pieces[1].points,
            vec![Pt::new(100.0, 20.0), Pt::new(50.0, 20.0)]
        );
        assert!((pieces[1].start - 260.0).abs() < 1e-9);
        // A line that stays inside comes back whole, as one piece.
        let inside = [Pt::new(1.0, 1.0), Pt::new(5.0, 5.0), Pt::new(9.0, 1.0)];
        let whole = clip_polyline(&inside, true, &W);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].points.len(), 4);
        assert!(needs_clipping(&[Pt::new(0.0, 2e6)], 1.0));
        assert!(!needs_clipping(&[Pt::new(0.0, 2e5)], 1.0));
        assert!(needs_clipping(&[Pt::new(0.0, 2e5)], 8.0));
    }
}
