//! The committed basemap in `maps/`: it loads, holds what the map needs (Gaza and the West
//! Bank as their own units, Iraq where it belongs, border kinds, labels), its polygons are
//! correctly triangulated, nothing jumps across the antimeridian, and damaged files are
//! refused with an error that names them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dateline::map::basemap::{
    Basemap, Bbox, BorderKind, Capital, FeatureKind, Level, LevelData, Paths, Polygon,
    inverse_mercator,
};

fn maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("maps")
}

/// All three levels, loaded once for the whole file.
fn basemap() -> &'static Basemap {
    static B: OnceLock<Basemap> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = match Basemap::load(&maps()) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        if let Err(e) = b.ensure_level(&maps(), Level::L10m) {
            panic!("{e}");
        }
        b
    })
}

fn levels() -> Vec<&'static LevelData> {
    Level::ALL
        .iter()
        .filter_map(|&l| basemap().level(l))
        .collect()
}

#[test]
fn all_levels_load_with_their_layers() {
    let ls = levels();
    assert_eq!(ls.len(), 3);
    for d in ls {
        let name = d.level.name();
        assert!(
            d.countries.len() > 170,
            "{name}: {} countries",
            d.countries.len()
        );
        assert!(
            !d.borders.is_empty()
                && !d.coastlines.is_empty()
                && !d.lakes.is_empty()
                && !d.rivers.is_empty(),
            "{name}"
        );
        assert!(!d.disputed.is_empty(), "{name}: no disputed areas");
        if d.level != Level::L110m {
            assert!(!d.admin1.is_empty(), "{name}: no admin-1 lines");
        }
        for c in &d.countries {
            assert!(
                (1..=7).contains(&c.color),
                "{name} {}: colour {}",
                c.code,
                c.color
            );
            assert!(
                !c.name_en.is_empty() && !c.name_fr.is_empty(),
                "{name} {}",
                c.code
            );
            assert!(!c.iso_a2.is_empty(), "{name} {}", c.code);
        }
        // Every unit code is unique within a level.
        let mut codes: Vec<&str> = d.countries.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "{name}: duplicate unit codes");
    }
}

#[test]
fn gaza_and_west_bank_are_separate_units_at_every_level() {
    for d in levels() {
        let name = d.level.name();
        assert!(d.country("PSX").is_none(), "{name}: Palestine not split");
        let gaza = d.country("GAZ");
        let west = d.country("WEB");
        let (Some(gaza), Some(west)) = (gaza, west) else {
            panic!("{name}: Gaza or the West Bank is missing");
        };
        for (c, lon_range) in [(gaza, 34.1..34.7), (west, 34.8..35.7)] {
            assert_eq!(c.iso_a2, "PS", "{name} {}", c.code);
            assert!(!c.polygons.is_empty(), "{name} {}: no polygon", c.code);
            let (lon0, _) = inverse_mercator(f64::from(c.bbox.min_x), 0.0);
            let (lon1, _) = inverse_mercator(f64::from(c.bbox.max_x), 0.0);
            assert!(
                lon_range.contains(&lon0) && lon_range.contains(&lon1),
                "{name} {}: {lon0}..{lon1}",
                c.code
            );
        }
        assert!(
            !gaza.bbox.intersects(&west.bbox),
            "{name}: the two units overlap"
        );
        assert_eq!(gaza.name_fr, "Bande de Gaza");
        assert_eq!(west.name_fr, "Cisjordanie");
        assert_eq!(d.units("PS").count(), 2, "{name}");
    }
    let b = basemap();
    let ps = b.country_box("PS");
    assert!(ps.is_some_and(|bb| !bb.is_empty()));
}

#[test]
fn iraq_is_where_it_belongs() {
    for d in levels() {
        let name = d.level.name();
        let Some(iq) = d.country("IRQ") else {
            panic!("{name}: no Iraq");
        };
        assert_eq!(iq.iso_a2, "IQ");
        assert_eq!((iq.name_en.as_str(), iq.name_fr.as_str()), ("Iraq", "Irak"));
        let l = iq.label;
        assert!(
            (32.5..=33.8).contains(&l.lat) && (42.5..=44.5).contains(&l.lon),
            "{name}: label at {l:?}"
        );
        assert!(iq.bbox.contains(l.pos), "{name}: label outside the box");
        assert!(
            iq.label_rank > 0 && iq.label_rank <= 4,
            "{name}: rank {}",
            iq.label_rank
        );
    }
    let b = basemap();
    let (x, y) = b.country_label_point("IQ").unwrap_or_default();
    let (lon, lat) = inverse_mercator(x, y);
    assert!(
        (lat - 33.1).abs() < 0.5 && (lon - 43.3).abs() < 0.5,
        "{lat} {lon}"
    );
    // France's box is the mainland, not a box around its overseas territories.
    let fr = b.country_box("FR").unwrap_or(Bbox::EMPTY);
    let (w, _) = inverse_mercator(f64::from(fr.min_x), 0.0);
    let (e, _) = inverse_mercator(f64::from(fr.max_x), 0.0);
    assert!(w > -10.0 && e < 12.0, "France spans {w}..{e}");
}

fn check_polygon(p: &Polygon, what: &str) -> (f64, f64) {
    let n = p.rings.points.len();
    assert!(!p.rings.is_empty(), "{what}: no ring");
    assert_eq!(p.triangles.len() % 3, 0, "{what}");
    assert!(
        p.triangles.iter().all(|&i| (i as usize) < n),
        "{what}: index out of range"
    );
    for r in p.rings.iter() {
        assert!(r.len() >= 3, "{what}: ring of {} points", r.len());
    }
    let (a, t) = (p.area(), p.triangle_area());
    // Polygons big enough to matter: within 2 % each.
    if a > 1e-9 {
        assert!(
            (t - a).abs() <= 0.02 * a,
            "{what}: triangles {t}, polygon {a}"
        );
    }
    assert_eq!(p.bbox, p.rings.bbox(), "{what}: stale box");
    (a, t)
}

#[test]
fn triangulations_are_valid_and_cover_the_polygons() {
    for d in levels() {
        let name = d.level.name();
        let (mut area, mut tri) = (0.0, 0.0);
        let polys = d
            .countries
            .iter()
            .flat_map(|c| c.polygons.iter().map(move |p| (p, c.code.as_str())))
            .chain(
                d.lakes
                    .iter()
                    .flat_map(|l| l.polygons.iter().map(move |p| (p, l.name.as_str()))),
            )
            .chain(
                d.disputed
                    .iter()
                    .flat_map(|a| a.polygons.iter().map(move |p| (p, a.code.as_str()))),
            );
        for (p, what) in polys {
            let (a, t) = check_polygon(p, &format!("{name} {what}"));
            area += a;
            tri += t;
        }
        assert!(
            (tri - area).abs() <= 0.001 * area,
            "{name}: triangles {tri} vs polygons {area}"
        );
    }
}

/// No consecutive points more than half a world apart, except along the top and bottom
/// edges of the square (Antarctica's closing edge).
fn check_no_jump(paths: &Paths, closed: bool, what: &str) {
    for path in paths.iter() {
        let n = path.len();
        let pairs = if closed { n } else { n.saturating_sub(1) };
        for i in 0..pairs {
            let (a, b) = (path[i], path[(i + 1) % n]);
            let on_edge = |p: [f32; 2]| p[1] <= 1e-6 || p[1] >= 1.0 - 1e-6;
            if on_edge(a) && on_edge(b) && (a[1] - b[1]).abs() < 1e-6 {
                continue;
            }
            assert!(
                (a[0] - b[0]).abs() <= 0.5,
                "{what}: jump from {a:?} to {b:?}"
            );
        }
    }
}

#[test]
fn nothing_jumps_across_the_antimeridian() {
    for d in levels() {
        let name = d.level.name();
        for c in &d.countries {
            for p in &c.polygons {
                check_no_jump(&p.rings, true, &format!("{name} {}", c.code));
            }
        }
        for l in &d.lakes {
            for p in &l.polygons {
                check_no_jump(&p.rings, true, &format!("{name} lake {}", l.name));
            }
        }
        for l in d.coastlines.iter().chain(&d.rivers).chain(&d.admin1) {
            check_no_jump(&l.parts, false, &format!("{name} line {}", l.name));
            assert_eq!(l.bbox, l.parts.bbox());
        }
        for b in &d.borders {
            check_no_jump(&b.parts, false, &format!("{name} border"));
        }
    }
    // The data keep to the square, and Chukotka and Fiji show on both sides.
    let fiji = basemap().level(Level::L50m).and_then(|d| d.country("FJI"));
    let b = fiji.map(|c| c.bbox).unwrap_or(Bbox::EMPTY);
    assert!(
        b.min_x >= 0.0 && b.max_x <= 1.0 && b.min_x < 0.01 && b.max_x > 0.99,
        "{b:?}"
    );
}

#[test]
fn borders_have_kinds_for_dashed_lines() {
    for d in levels() {
        let kinds: Vec<BorderKind> = d.borders.iter().map(|b| b.kind).collect();
        assert!(
            kinds.contains(&BorderKind::International),
            "{}",
            d.level.name()
        );
        assert!(kinds.contains(&BorderKind::Disputed), "{}", d.level.name());
        assert!(
            kinds.contains(&BorderKind::LineOfControl),
            "{}",
            d.level.name()
        );
    }
}

#[test]
fn labels_have_places_and_seas() {
    let l = &basemap().labels;
    let baghdad = l.places.iter().find(|p| p.name_en == "Baghdad");
    let Some(baghdad) = baghdad else {
        panic!("no Baghdad")
    };
    assert_eq!(baghdad.name_fr, "Bagdad");
    assert_eq!(baghdad.capital, Capital::National);
    assert_eq!(baghdad.geonameid, Some(98182));
    assert!(baghdad.population > 1_000_000);
    assert!((baghdad.point.lat - 33.3).abs() < 0.2);
    let gulf = l.features.iter().find(|f| f.name_en == "Persian Gulf");
    assert!(gulf.is_some_and(|g| g.kind == FeatureKind::Gulf && g.name_fr == "Golfe Persique"));
    assert!(
        l.features
            .iter()
            .any(|f| f.kind == FeatureKind::Desert && f.name_en == "Syrian Desert")
    );
    assert!(
        l.features
            .iter()
            .filter(|f| f.kind == FeatureKind::Ocean)
            .count()
            >= 5
    );
}

#[test]
fn damaged_files_are_refused_with_their_name() {
    let dir = std::env::temp_dir().join(format!("dateline-basemap-it-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let copy = |name: &str, f: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = std::fs::read(maps().join(name)).unwrap_or_default();
        f(&mut bytes);
        let _ = std::fs::write(dir.join(name), &bytes);
    };
    copy("110m.bin", &|_| {});
    copy("labels.bin", &|_| {});
    type Damage<'a> = &'a dyn Fn(&mut Vec<u8>);
    let cases: [(&str, Damage); 4] = [
        ("truncated", &|b| b.truncate(b.len() * 2 / 3)),
        ("checksum", &|b| {
            let i = b.len() / 2;
            b[i] ^= 0x40;
        }),
        ("version", &|b| b[8] = 200),
        ("magic", &|b| b[..4].copy_from_slice(b"PK\x03\x04")),
    ];
    for (want, damage) in cases {
        copy("50m.bin", damage);
        let err = Basemap::load(&dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("50m.bin") && err.contains(want),
            "{want}: {err}"
        );
    }
    // A level file given for another level.
    let _ = std::fs::copy(maps().join("110m.bin"), dir.join("10m.bin"));
    let err = Basemap::load_level(&dir, Level::L10m)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("10m.bin") && err.contains("110m data"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_level_follows_the_zoom() {
    let b = basemap();
    assert_eq!(b.for_zoom(1.0).level, Level::L110m);
    assert_eq!(b.for_zoom(3.5).level, Level::L50m);
    assert_eq!(b.for_zoom(7.0).level, Level::L10m);
    let mut without = Basemap {
        l10m: None,
        ..b.clone()
    };
    assert_eq!(without.for_zoom(7.0).level, Level::L50m);
    if let Some(d) = b.l10m.clone() {
        without.insert(d);
    }
    assert_eq!(without.for_zoom(7.0).level, Level::L10m);
}
