//! Representative points of GeoJSON geometries: where a sea, a desert or a river gets its
//! one point in the gazetteer.
//!
//! Polygons: the area centroid of the largest ring when it falls inside it, otherwise the
//! inside point of a coarse grid that lies farthest from the ring's edges (a cheap pole of
//! inaccessibility), so that a crescent-shaped gulf is not pinned on land. Lines: the middle
//! vertex of the longest part.

use serde_json::Value;

type Ring = Vec<(f64, f64)>;

fn ring_of(v: &Value) -> Option<Ring> {
    let pts = v.as_array()?;
    let ring: Ring = pts
        .iter()
        .filter_map(|p| {
            let a = p.as_array()?;
            Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
        })
        .collect();
    (ring.len() >= 3).then_some(ring)
}

fn ring_area(r: &Ring) -> f64 {
    let mut a = 0.0;
    for i in 0..r.len() {
        let (x1, y1) = r[i];
        let (x2, y2) = r[(i + 1) % r.len()];
        a += x1 * y2 - x2 * y1;
    }
    a / 2.0
}

fn centroid(r: &Ring) -> Option<(f64, f64)> {
    let a = ring_area(r);
    if a.abs() < 1e-12 {
        return None;
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..r.len() {
        let (x1, y1) = r[i];
        let (x2, y2) = r[(i + 1) % r.len()];
        let f = x1 * y2 - x2 * y1;
        cx += (x1 + x2) * f;
        cy += (y1 + y2) * f;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

fn inside(r: &Ring, (x, y): (f64, f64)) -> bool {
    let mut c = false;
    let n = r.len();
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = r[i];
        let (xj, yj) = r[j];
        if ((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
            c = !c;
        }
        j = i;
    }
    c
}

fn dist_to_edges(r: &Ring, (x, y): (f64, f64)) -> f64 {
    let mut best = f64::MAX;
    for i in 0..r.len() {
        let (x1, y1) = r[i];
        let (x2, y2) = r[(i + 1) % r.len()];
        let (dx, dy) = (x2 - x1, y2 - y1);
        let l2 = dx * dx + dy * dy;
        let t = if l2 > 0.0 {
            (((x - x1) * dx + (y - y1) * dy) / l2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (px, py) = (x1 + t * dx - x, y1 + t * dy - y);
        best = best.min(px * px + py * py);
    }
    best.sqrt()
}

/// (lat, lon) of a representative point of a GeoJSON geometry object.
pub fn representative_point(geom: &Value) -> Option<(f64, f64)> {
    let coords = geom.get("coordinates")?;
    match geom.get("type")?.as_str()? {
        "Point" => {
            let a = coords.as_array()?;
            Some((a.get(1)?.as_f64()?, a.first()?.as_f64()?))
        }
        "Polygon" => polygon_point(&[coords]),
        "MultiPolygon" => polygon_point(&coords.as_array()?.iter().collect::<Vec<_>>()),
        "LineString" => line_point(&[coords]),
        "MultiLineString" => line_point(&coords.as_array()?.iter().collect::<Vec<_>>()),
        _ => None,
    }
}

fn polygon_point(polys: &[&Value]) -> Option<(f64, f64)> {
    // The outer ring with the largest area.
    let ring = polys
        .iter()
        .filter_map(|p| ring_of(p.as_array()?.first()?))
        .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))?;
    if let Some(c) = centroid(&ring)
        && inside(&ring, c)
    {
        return Some((c.1, c.0));
    }
    let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &ring {
        minx = minx.min(x);
        maxx = maxx.max(x);
        miny = miny.min(y);
        maxy = maxy.max(y);
    }
    let n = 32;
    let mut best: Option<((f64, f64), f64)> = None;
    for i in 0..=n {
        for j in 0..=n {
            let p = (
                minx + (maxx - minx) * i as f64 / n as f64,
                miny + (maxy - miny) * j as f64 / n as f64,
            );
            if inside(&ring, p) {
                let d = dist_to_edges(&ring, p);
                if best.is_none_or(|(_, bd)| d > bd) {
                    best = Some((p, d));
                }
            }
        }
    }
    let p = best.map(|(p, _)| p).unwrap_or(ring[0]);
    Some((p.1, p.0))
}

fn line_point(lines: &[&Value]) -> Option<(f64, f64)> {
    let line = lines
        .iter()
        .filter_map(|l| {
            let pts: Vec<(f64, f64)> = l
                .as_array()?
                .iter()
                .filter_map(|p| {
                    let a = p.as_array()?;
                    Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
                })
                .collect();
            (!pts.is_empty()).then_some(pts)
        })
        .max_by(|a, b| line_len(a).total_cmp(&line_len(b)))?;
    let (x, y) = line[line.len() / 2];
    Some((y, x))
}

fn line_len(l: &[(f64, f64)]) -> f64 {
    l.windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}
