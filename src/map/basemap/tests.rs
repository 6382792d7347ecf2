//! Unit tests of the basemap types and of the binary form: round trips, and a small fuzz
//! of the reader with truncated and corrupted files.

use super::codec::file_checksum_for_tests;
use super::*;

fn square(level: Level, x: f64, y: f64, size: f64, hole: bool) -> Polygon {
    let s = |v: f64| level.snap(v);
    let mut rings = Paths::default();
    rings.push(&[
        [s(x), s(y)],
        [s(x + size), s(y)],
        [s(x + size), s(y + size)],
        [s(x), s(y + size)],
    ]);
    let mut triangles = vec![1, 2, 0, 0, 2, 3];
    if hole {
        let (a, b) = (x + size / 4.0, x + size * 3.0 / 4.0);
        let (c, d) = (y + size / 4.0, y + size * 3.0 / 4.0);
        rings.push(&[[s(a), s(c)], [s(a), s(d)], [s(b), s(d)], [s(b), s(c)]]);
        // Any valid index list will do for the codec; this one is not a real cut.
        triangles.extend_from_slice(&[4, 5, 6, 6, 7, 4]);
    }
    Polygon::new(rings, triangles)
}

fn sample_level(level: Level) -> LevelData {
    let mut d = LevelData::new(level);
    let p = square(level, 0.6, 0.4, 0.01, true);
    d.countries.push(Country {
        code: "IRQ".into(),
        iso_a2: "IQ".into(),
        name_en: "Iraq".into(),
        name_fr: "Irak".into(),
        label: GeoPoint::new(43.26, 33.09),
        label_rank: 3,
        min_label: 3.0,
        color: 1,
        bbox: p.bbox,
        polygons: vec![p],
    });
    d.countries.push(Country {
        code: "BHR".into(),
        iso_a2: "BH".into(),
        name_en: "Bahrain".into(),
        name_fr: "Bahreïn".into(),
        label: GeoPoint::new(50.55, 26.05),
        label_rank: 6,
        min_label: 5.5,
        color: 2,
        polygons: Vec::new(),
        bbox: Bbox::of_points(&[GeoPoint::new(50.55, 26.05).pos]),
    });
    let parts = Paths::from_paths([vec![
        [level.snap(0.1), level.snap(0.2)],
        [level.snap(0.3), level.snap(0.25)],
    ]]);
    d.borders.push(Border {
        kind: BorderKind::LineOfControl,
        rank: 1,
        bbox: parts.bbox(),
        parts: parts.clone(),
    });
    d.rivers.push(Line {
        name: "Tigris".into(),
        rank: 2,
        bbox: parts.bbox(),
        parts: parts.clone(),
    });
    let lake = square(level, 0.2, 0.3, 0.002, false);
    d.lakes.push(Lake {
        name: "Lake Tharthar".into(),
        kind: LakeKind::Reservoir,
        rank: 5,
        bbox: lake.bbox,
        polygons: vec![lake],
    });
    d.disputed.push(DisputedArea {
        code: "B45".into(),
        name_en: "Abyei".into(),
        name_fr: "Abyei".into(),
        kind: DisputeKind::Indeterminate,
        polygons: vec![square(level, 0.55, 0.45, 0.001, false)],
        bbox: square(level, 0.55, 0.45, 0.001, false).bbox,
    });
    d
}

fn sample_labels() -> Labels {
    Labels {
        places: vec![PlaceLabel {
            name_en: "Baghdad".into(),
            name_fr: "Bagdad".into(),
            point: GeoPoint::new(44.39, 33.34),
            scalerank: 1,
            labelrank: 1,
            min_zoom: 3.7,
            population: 5_054_000,
            capital: Capital::National,
            country: "IRQ".into(),
            geonameid: Some(98182),
        }],
        features: vec![FeatureLabel {
            name_en: "Persian Gulf".into(),
            name_fr: "Golfe Persique".into(),
            kind: FeatureKind::Gulf,
            point: GeoPoint::new(51.0, 27.0),
            scalerank: 1,
            min_label: 2.0,
            max_label: 7.0,
        }],
    }
}

#[test]
fn level_round_trip() {
    for level in Level::ALL {
        let d = sample_level(level);
        let bytes = d.to_bytes();
        let back = LevelData::from_bytes(&bytes, level);
        assert_eq!(back.as_ref(), Ok(&d), "{level:?}");
        // Same data, same bytes.
        assert_eq!(d.to_bytes(), bytes);
    }
}

#[test]
fn labels_round_trip() {
    let l = sample_labels();
    let back = Labels::from_bytes(&l.to_bytes());
    let back = back.as_ref().map(|b| &b.places[0]);
    assert_eq!(back.map(|p| p.name_fr.as_str()), Ok("Bagdad"));
    assert_eq!(back.map(|p| p.geonameid), Ok(Some(98182)));
    let p = back.map(|p| p.point).unwrap_or_default();
    assert!((p.lat - 33.34).abs() < 1e-5 && (p.lon - 44.39).abs() < 1e-5);
}

#[test]
fn wrong_kind_and_version_are_named() {
    let bytes = sample_level(Level::L50m).to_bytes();
    assert!(matches!(
        LevelData::from_bytes(&bytes, Level::L10m),
        Err(FormatProblem::WrongKind { .. })
    ));
    assert!(matches!(
        Labels::from_bytes(&bytes),
        Err(FormatProblem::WrongKind { .. })
    ));
    let mut v = bytes.clone();
    v[8] = 99;
    assert_eq!(
        LevelData::from_bytes(&v, Level::L50m),
        Err(FormatProblem::Version {
            found: 99,
            expected: FORMAT_VERSION
        })
    );
    let mut m = bytes.clone();
    m[0] = b'X';
    assert_eq!(
        LevelData::from_bytes(&m, Level::L50m),
        Err(FormatProblem::BadMagic)
    );
    assert_eq!(
        LevelData::from_bytes(&[], Level::L50m),
        Err(FormatProblem::BadMagic)
    );
    let t = &bytes[..bytes.len() - 1];
    assert!(matches!(
        LevelData::from_bytes(t, Level::L50m),
        Err(FormatProblem::Truncated { .. })
    ));
    let mut c = bytes.clone();
    let last = c.len() - 1;
    c[last] ^= 0x55;
    assert_eq!(
        LevelData::from_bytes(&c, Level::L50m),
        Err(FormatProblem::Checksum)
    );
}

/// A tiny deterministic generator, so the fuzz runs the same every time.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= 32 {
        let sum = file_checksum_for_tests(bytes);
        bytes[24..32].copy_from_slice(&sum.to_le_bytes());
    }
}

#[test]
fn fuzz_truncated_and_corrupted_files_never_panic() {
    let level = Level::L10m;
    let bytes = sample_level(level).to_bytes();
    let labels = sample_labels().to_bytes();
    // Every truncation is an error.
    for n in 0..bytes.len() {
        assert!(
            LevelData::from_bytes(&bytes[..n], level).is_err(),
            "truncated to {n}"
        );
    }
    for n in 0..labels.len() {
        assert!(
            Labels::from_bytes(&labels[..n]).is_err(),
            "truncated to {n}"
        );
    }
    // Random damage, caught by the checksum or, once resealed, by the section checks.
    let mut rng = Lcg(7);
    for round in 0..4000 {
        let src = if round % 2 == 0 { &bytes } else { &labels };
        let mut v = src.clone();
        let flips = 1 + rng.next() % 4;
        for _ in 0..flips {
            let i = (rng.next() as usize) % v.len();
            v[i] = rng.next() as u8;
        }
        let plain = if round % 2 == 0 {
            LevelData::from_bytes(&v, level).is_ok()
        } else {
            Labels::from_bytes(&v).is_ok()
        };
        assert!(
            !plain || v == *src,
            "damage went unnoticed in round {round}"
        );
        // With a valid checksum the reader must still fail cleanly or decode something.
        reseal(&mut v);
        if round % 2 == 0 {
            let _ = LevelData::from_bytes(&v, level);
        } else {
            let _ = Labels::from_bytes(&v);
        }
        // Truncated and resealed, with the length field patched: section checks only.
        let cut = 32 + (rng.next() as usize) % (v.len() - 32);
        let mut t = v[..cut].to_vec();
        t[16..24].copy_from_slice(&(cut as u64).to_le_bytes());
        reseal(&mut t);
        if round % 2 == 0 {
            let _ = LevelData::from_bytes(&t, level);
        } else {
            let _ = Labels::from_bytes(&t);
        }
    }
}

#[test]
fn load_names_the_file() {
    let dir = std::env::temp_dir().join(format!("dateline-basemap-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(Level::L110m.file_name());
    let mut bytes = sample_level(Level::L110m).to_bytes();
    bytes.truncate(bytes.len() / 2);
    let _ = std::fs::write(&path, &bytes);
    let err = Basemap::load(&dir)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("110m.bin") && err.contains("truncated"),
        "{err}"
    );
    let err = Basemap::load_level(&dir, Level::L10m)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("10m.bin") && err.contains("cannot read"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn levels_by_zoom() {
    assert_eq!(Level::for_zoom(0.0), Level::L110m);
    assert_eq!(Level::for_zoom(2.49), Level::L110m);
    assert_eq!(Level::for_zoom(2.5), Level::L50m);
    assert_eq!(Level::for_zoom(4.49), Level::L50m);
    assert_eq!(Level::for_zoom(4.5), Level::L10m);
    assert_eq!(Level::for_zoom(18.0), Level::L10m);
    assert_eq!(Level::for_zoom(f64::NAN), Level::L110m);
}

#[test]
fn mercator_round_trip_and_corners() {
    let [x, y] = mercator(-180.0, MAX_LAT);
    assert!(x.abs() < 1e-12 && y.abs() < 1e-9);
    let [x, y] = mercator(180.0, -90.0);
    assert!((x - 1.0).abs() < 1e-12 && (y - 1.0).abs() < 1e-9);
    let [x, y] = mercator(44.39, 33.34);
    let (lon, lat) = inverse_mercator(x, y);
    assert!((lon - 44.39).abs() < 1e-9 && (lat - 33.34).abs() < 1e-9);
}

#[test]
fn visible_gives_world_copies() {
    let d = sample_level(Level::L50m);
    // A view across the antimeridian on the right side: x from 0.9 to 1.7.
    let view = Bbox::new(0.9, 0.0, 1.7, 1.0);
    let hits: Vec<(&str, f32)> = visible(&d.countries, view)
        .map(|(c, k)| (c.code.as_str(), k))
        .collect();
    assert!(hits.contains(&("IRQ", 1.0)), "{hits:?}");
    // A view wider than two worlds sees three copies.
    let wide = Bbox::new(-1.0, 0.0, 2.0, 1.0);
    let n = visible(&d.countries[..1], wide).count();
    assert_eq!(n, 3);
    // A view elsewhere sees nothing.
    assert_eq!(
        visible(&d.countries, Bbox::new(0.0, 0.0, 0.05, 0.05)).count(),
        0
    );
}

#[test]
fn paths_and_areas() {
    let p = square(Level::L10m, 0.1, 0.1, 0.5, false);
    assert_eq!(p.rings.len(), 1);
    assert_eq!(p.rings.get(0).map(<[Pt]>::len), Some(4));
    assert!(p.rings.get(1).is_none());
    assert!((p.area() - 0.25).abs() < 1e-6);
    assert!((p.triangle_area() - 0.25).abs() < 1e-6);
}
