//! Scene tests: what `scene::build` decides, checked without any backend.
//!
//! - a snapshot (insta) of a small fixture scene: its layers, item counts and every text
//!   with its rounded position, so a change in what the map shows is reviewed;
//! - no two labels of a scene overlap, on the fixture and on the sample article;
//! - "fit" frames the main group and points to the places outside it;
//! - pins of different kinds look different, the selection is ringed, crowded pins cluster.

use dateline::fonts;
use dateline::map::basemap::Basemap;
use dateline::map::display::{Anchor, Hit, Item, Rect, Scene};
use dateline::map::scene::{self, Options};
use dateline::map::view::View;
use dateline::project::{LatLon, Place, PlaceKind, Project, Resolution};

fn basemap() -> Basemap {
    Basemap::load(&Basemap::maps_dir().expect("maps/ is committed")).expect("the basemap loads")
}

fn place(id: u32, name: &str, kind: PlaceKind, lat: f64, lon: f64, country: &str) -> Place {
    Place {
        id,
        name: name.into(),
        names: Vec::new(),
        kind,
        point: LatLon { lat, lon },
        country: Some(country.into()),
        gazetteer_ref: None,
        rank: 100,
        resolution: Resolution::Manual,
        category: None,
        style: None,
    }
}

/// A hand-made project: Iraq with four point places, Iran, and Washington far away.
fn fixture() -> Project {
    let mut p = Project::new("en");
    p.places = vec![
        place(0, "Baghdad", PlaceKind::City, 33.3406, 44.4009, "IQ"),
        place(
            1,
            "Baghdad International Airport",
            PlaceKind::Airport,
            33.2625,
            44.2346,
            "IQ",
        ),
        place(
            2,
            "Al Asad Air Base",
            PlaceKind::MilitaryBase,
            33.7856,
            42.4412,
            "IQ",
        ),
        place(3, "Erbil", PlaceKind::City, 36.1912, 44.0092, "IQ"),
        place(4, "Iraq", PlaceKind::Country, 33.0, 43.7, "IQ"),
        place(5, "Washington", PlaceKind::City, 38.8951, -77.0364, "US"),
    ];
    p
}

fn text_boxes(s: &Scene) -> Vec<(String, Rect)> {
    s.texts()
        .filter(|t| !t.text.is_empty())
        .map(|t| {
            let m = fonts::measure(&t.text, t.size, t.style, t.letter_spacing);
            let x0 = match t.anchor {
                Anchor::Start => t.pos.x,
                Anchor::Middle => t.pos.x - m.width / 2.0,
                Anchor::End => t.pos.x - m.width,
            };
            (
                t.text.clone(),
                Rect {
                    min: dateline::map::display::Pt::new(x0, t.pos.y - m.ascent * 0.7),
                    max: dateline::map::display::Pt::new(x0 + m.width, t.pos.y + m.descent * 0.5),
                },
            )
        })
        .collect()
}

/// Labels (layer "labels" and the pointers) must not overlap one another.
fn assert_no_label_overlap(s: &Scene) {
    let labels: Vec<_> = s
        .layers
        .iter()
        .filter(|l| l.name == "labels" || l.name == "offscreen")
        .flat_map(|l| l.items.iter())
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let boxes: Vec<(String, Rect)> = text_boxes(&Scene {
        layers: vec![dateline::map::display::Layer {
            name: "l".into(),
            items: labels.into_iter().map(Item::Text).collect(),
        }],
        ..Scene::new(s.width, s.height, s.background)
    });
    for i in 0..boxes.len() {
        for j in i + 1..boxes.len() {
            assert!(
                !boxes[i].1.intersects(&boxes[j].1),
                "{:?} overlaps {:?}",
                boxes[i],
                boxes[j]
            );
        }
    }
}

fn summary(s: &Scene) -> String {
    let mut out = format!("scene {}x{}\n", s.width, s.height);
    for l in &s.layers {
        out.push_str(&format!("layer {} ({} items)\n", l.name, l.items.len()));
        if matches!(
            l.name.as_str(),
            "labels" | "offscreen" | "furniture" | "badges"
        ) {
            for i in &l.items {
                if let Item::Text(t) = i {
                    out.push_str(&format!(
                        "  text {:?} at ({:.0}, {:.0}) {:?} {:?}\n",
                        t.text, t.pos.x, t.pos.y, t.style, t.anchor
                    ));
                }
            }
        }
    }
    for h in &s.hits {
        out.push_str(&format!(
            "hit {:?} at ({:.0}, {:.0})\n",
            h.what, h.center.x, h.center.y
        ));
    }
    out
}

#[test]
fn fixture_scene_snapshot() {
    let bm = basemap();
    let p = fixture();
    let mut opts = Options::export("en", Some("Strikes in Iraq".into()));
    opts.basemap_labels = false;
    let v = scene::fit(&p, &bm, 800.0, 500.0, &opts).expect("a frame");
    let s = scene::build(&p, &bm, &v, &opts);
    insta::assert_snapshot!(summary(&s));
}

#[test]
fn fit_frames_iraq_and_points_to_washington() {
    let bm = basemap();
    let p = fixture();
    let opts = Options::export("en", None);
    let v = scene::fit(&p, &bm, 1920.0, 1080.0, &opts).expect("a frame");
    for id in 0..4 {
        let pl = &p.places[id];
        let pt = v.lonlat_to_screen(pl.point.lat, pl.point.lon);
        assert!(
            v.screen().contains(pt),
            "{} at {pt:?} is outside the frame",
            pl.name
        );
    }
    let w = &p.places[5];
    assert!(
        !v.screen()
            .contains(v.lonlat_to_screen(w.point.lat, w.point.lon)),
        "Washington should not be framed"
    );
    // Iraq's whole extent is shown: Zakho (north) and Umm Qasr (south).
    assert!(v.screen().contains(v.lonlat_to_screen(37.14, 42.68)));
    assert!(v.screen().contains(v.lonlat_to_screen(30.03, 47.95)));
    let s = scene::build(&p, &bm, &v, &opts);
    let pointer = s
        .layers
        .iter()
        .find(|l| l.name == "offscreen")
        .expect("an off-frame pointer");
    assert!(
        pointer
            .items
            .iter()
            .any(|i| matches!(i, Item::Text(t) if t.text.starts_with("Washington")))
    );
    // And the key lists it.
    assert!(
        s.texts()
            .filter(|t| t.text.starts_with("Washington"))
            .count()
            >= 2
    );
    assert_no_label_overlap(&s);
}

#[test]
fn every_point_place_in_the_frame_is_labelled_and_clickable() {
    let bm = basemap();
    let p = fixture();
    let opts = Options::export("en", None);
    let v = scene::fit(&p, &bm, 1920.0, 1080.0, &opts).expect("a frame");
    let s = scene::build(&p, &bm, &v, &opts);
    for name in [
        "Baghdad",
        "Baghdad International Airport",
        "Al Asad Air Base",
        "Erbil",
        "IRAQ",
    ] {
        assert!(s.texts().any(|t| t.text == name), "no label {name:?}");
    }
    for ix in [0usize, 1, 2, 3, 4] {
        assert!(
            s.hits.iter().any(|h| h.what == Hit::Place(ix)),
            "no hit target for place {ix}"
        );
    }
}

#[test]
fn crowded_pins_cluster_and_selection_is_ringed() {
    let bm = basemap();
    let p = fixture();
    let mut opts = Options::screen("en");
    // The world view: the four Iraqi places fall within a few pixels.
    let v = View::world(800.0, 500.0);
    let s = scene::build(&p, &bm, &v, &opts);
    assert!(
        s.hits
            .iter()
            .any(|h| matches!(&h.what, Hit::Cluster(m) if m.len() >= 3)),
        "{:?}",
        s.hits
    );
    // A selected place stays out of clusters and gets a ring.
    opts.selected = Some(2);
    let s2 = scene::build(&p, &bm, &v, &opts);
    assert!(s2.hits.iter().any(|h| h.what == Hit::Place(2)));
    let pins = &s2
        .layers
        .iter()
        .find(|l| l.name == "pins")
        .expect("pins")
        .items;
    assert!(
        pins.iter()
            .any(|i| matches!(i, Item::Circle { stroke: Some(st), .. } if st.width >= 2.5))
    );
}

#[test]
fn kinds_have_distinct_symbols() {
    use dateline::map::display::Pt;
    use dateline::map::scene::style::{kind_color, pin_symbol};
    let mut seen = Vec::new();
    for k in PlaceKind::ALL {
        let mut items = Vec::new();
        pin_symbol(k, kind_color(k), Pt::new(0.0, 0.0), 6.0, &mut items);
        assert!(!items.is_empty());
        seen.push(format!("{items:?}"));
    }
    seen.sort();
    seen.dedup();
    // City and Other share the round pin but not the colour.
    assert_eq!(seen.len(), PlaceKind::ALL.len());
}

#[test]
fn the_sample_article_scene_has_no_overlapping_labels() {
    let gp = dateline::geoparse::Geoparser::load_default().expect("gazetteer");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/fr-bagdad-erbil.txt");
    let doc = dateline::document::read_file(&path).expect("sample");
    let mut p = Project::new("fr");
    let m = gp.parse(&doc.text, &doc.lang);
    p.add_document(doc, &m, gp.gazetteer());
    let bm = basemap();
    for (w, h) in [(1920.0, 1080.0), (640.0, 480.0)] {
        let opts = Options::export("fr", Some("Carte".into()));
        let v = scene::fit(&p, &bm, w, h, &opts).expect("a frame");
        let s = scene::build(&p, &bm, &v, &opts);
        assert_no_label_overlap(&s);
        assert!(s.texts().any(|t| t.text == "Erbil"));
    }
}

#[test]
fn an_empty_project_gives_a_world_map() {
    let bm = basemap();
    let p = Project::new("fr");
    assert!(scene::fit(&p, &bm, 800.0, 500.0, &Options::screen("fr")).is_none());
    let s = scene::build(&p, &bm, &View::world(800.0, 500.0), &Options::screen("fr"));
    assert!(
        s.layers
            .iter()
            .any(|l| l.name == "land" && !l.items.is_empty())
    );
    assert!(s.hits.is_empty());
}

/// The exported SVG of a real map (basemap, pins, labels, furniture) parses with usvg, and
/// its raster matches the PNG of the same scene closely.
#[test]
fn map_svg_raster_matches_the_png() {
    use resvg::{tiny_skia, usvg};
    let bm = basemap();
    let p = fixture();
    let opts = Options::export("fr", Some("Frappes en Irak".into()));
    let v = scene::fit(&p, &bm, 640.0, 400.0, &opts).expect("a frame");
    let s = scene::build(&p, &bm, &v, &opts);
    let png = dateline::render::png::render_pixmap(&s, 1.0).expect("png");
    let svg = dateline::render::svg::render_svg(&s);
    let mut opt = usvg::Options {
        font_family: fonts::FAMILY.to_string(),
        ..usvg::Options::default()
    };
    for style in fonts::STYLES {
        opt.fontdb_mut()
            .load_font_data(fonts::font_bytes(style).to_vec());
    }
    let tree = usvg::Tree::from_str(&svg, &opt).expect("the SVG parses");
    let mut raster = tiny_skia::Pixmap::new(png.width(), png.height()).expect("size");
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut raster.as_mut(),
    );
    let (a, b) = (png.data(), raster.data());
    assert_eq!(a.len(), b.len());
    let mean = a
        .iter()
        .zip(b)
        .map(|(x, y)| x.abs_diff(*y) as u64)
        .sum::<u64>() as f64
        / a.len() as f64;
    assert!(mean < 2.0, "mean difference {mean:.3}/255 per channel");
    for layer in ["land", "borders", "pins", "labels", "furniture"] {
        assert!(svg.contains(&format!("id=\"{layer}\"")), "no group {layer}");
    }
}

/// The project's drawings are drawn: an arrow from a point in Iran to the Al Asad pin (a
/// curved shaft and a filled head ending on the pin), an area and a text label.
#[test]
fn drawings_are_drawn_between_their_anchors() {
    use dateline::project::{Anchor as DrawAnchor, Drawing, Shape, Style};
    let bm = basemap();
    let mut p = fixture();
    p.drawings.push(Drawing {
        id: 0,
        shape: Shape::Arrow {
            from: DrawAnchor::Point(LatLon {
                lat: 34.3,
                lon: 47.1,
            }),
            to: DrawAnchor::Place(2),
        },
        text: Some("Missiles".into()),
        style: Style::default(),
        events: Vec::new(),
    });
    p.drawings.push(Drawing {
        id: 1,
        shape: Shape::Polygon {
            points: vec![
                LatLon {
                    lat: 36.0,
                    lon: 43.0,
                },
                LatLon {
                    lat: 36.5,
                    lon: 44.5,
                },
                LatLon {
                    lat: 35.5,
                    lon: 44.8,
                },
            ],
        },
        text: None,
        style: Style {
            dashed: true,
            ..Style::default()
        },
        events: Vec::new(),
    });
    p.drawings.push(Drawing {
        id: 2,
        shape: Shape::Label {
            at: LatLon {
                lat: 31.0,
                lon: 45.0,
            },
        },
        text: Some("Zone sud".into()),
        style: Style::default(),
        events: Vec::new(),
    });
    let opts = Options::export("fr", None);
    let v = scene::fit(&p, &bm, 1200.0, 800.0, &opts).expect("a frame");
    let s = scene::build(&p, &bm, &v, &opts);
    let d = &s
        .layers
        .iter()
        .find(|l| l.name == "drawings")
        .expect("a drawings layer")
        .items;
    let asad = v.lonlat_to_screen(33.7856, 42.4412);
    let head = d.iter().find_map(|i| match i {
        Item::Fill { rings, .. } if rings[0].len() == 3 => Some(rings[0][0]),
        _ => None,
    });
    let tip = head.expect("an arrowhead");
    assert!(
        (tip.x - asad.x).abs() < 1.0 && (tip.y - asad.y).abs() < 1.0,
        "the arrow ends at {tip:?}, Al Asad is at {asad:?}"
    );
    assert!(
        d.iter().any(
            |i| matches!(i, Item::Line { stroke, closed: true, .. } if !stroke.dash.is_empty())
        ),
        "the dashed area outline"
    );
    assert!(
        d.iter()
            .any(|i| matches!(i, Item::Text(t) if t.text == "Zone sud"))
    );
    // Drawings sit under the pins.
    let pos = |n: &str| s.layers.iter().position(|l| l.name == n);
    assert!(pos("drawings") < pos("pins"));
}

/// Across the antimeridian the map is whole: land on both sides of 180° (Chukotka and
/// Alaska, Fiji), and no line streaks across the screen.
#[test]
fn the_antimeridian_is_seamless() {
    let bm = basemap();
    let p = Project::new("en");
    for (lat, lon, zoom) in [(62.0, 180.0, 3.0), (-17.5, 179.9, 5.0), (62.0, -170.0, 2.0)] {
        let v = View::at(lat, lon, zoom, 1000.0, 700.0);
        let s = scene::build(&p, &bm, &v, &Options::screen("en"));
        let land = &s
            .layers
            .iter()
            .find(|l| l.name == "land")
            .expect("land")
            .items;
        let (mut west, mut east) = (false, false);
        for i in land {
            if let Item::Fill { rings, .. } = i {
                for r in rings {
                    for q in r {
                        if v.screen().contains(*q) {
                            west |= q.x < 500.0;
                            east |= q.x > 500.0;
                        }
                    }
                }
            }
        }
        assert!(west && east, "land on one side only at {lat},{lon}");
        for l in &s.layers {
            for i in &l.items {
                if let Item::Line { points, .. } = i {
                    for w in points.windows(2) {
                        let on_screen = v.screen().contains(w[0]) || v.screen().contains(w[1]);
                        assert!(
                            !on_screen || (w[1].x - w[0].x).abs() < 500.0,
                            "a streak in {} at {lat},{lon}: {:?}",
                            l.name,
                            w
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn categories_and_styles_colour_and_size_pins_and_fill_the_legend() {
    use dateline::map::display::Color;
    use dateline::project::{Category, PinStyle};
    let bm = basemap();
    let mut p = fixture();
    p.categories = vec![
        Category {
            id: 0,
            name: "Struck".into(),
            color: "#4477aa".into(),
        },
        // Used by no pin: not in the legend.
        Category {
            id: 1,
            name: "Unused".into(),
            color: "#228833".into(),
        },
    ];
    p.places[3].category = Some(0); // Erbil
    p.places[0].style = Some(PinStyle {
        color: Some("#aa3377".into()),
        size: 2.0,
    }); // Baghdad
    let mut opts = Options::export("en", None);
    // Baghdad and its airport apart, not in one cluster.
    opts.cluster_px = 0.0;
    let v = scene::fit(&p, &bm, 800.0, 500.0, &opts).expect("a frame");
    let s = scene::build(&p, &bm, &v, &opts);
    let pins = &s.layers.iter().find(|l| l.name == "pins").unwrap().items;
    let circle_at = |i: usize| {
        let hit = s
            .hits
            .iter()
            .find(|h| h.what == Hit::Place(i))
            .expect("a pin");
        pins.iter()
            .find_map(|it| match it {
                Item::Circle {
                    center,
                    radius,
                    fill: Some(f),
                    ..
                } if (center.x - hit.center.x).abs() < 0.1
                    && (center.y - hit.center.y).abs() < 0.1 =>
                {
                    Some((*f, *radius))
                }
                _ => None,
            })
            .expect("a round pin")
    };
    let (erbil, erbil_r) = circle_at(3);
    assert_eq!(erbil, Color::rgb(0x44, 0x77, 0xaa));
    let (baghdad, baghdad_r) = circle_at(0);
    assert_eq!(baghdad, Color::rgb(0xaa, 0x33, 0x77));
    assert!(
        (baghdad_r - 2.0 * erbil_r).abs() < 0.01,
        "{baghdad_r} {erbil_r}"
    );
    // The legend lists the category in use, after the kinds, with its colour.
    let furniture = &s
        .layers
        .iter()
        .find(|l| l.name == "furniture")
        .unwrap()
        .items;
    let label = furniture
        .iter()
        .find_map(|i| match i {
            Item::Text(t) if t.text == "Struck" => Some(t.pos),
            _ => None,
        })
        .expect("the category in the legend");
    assert!(!s.texts().any(|t| t.text == "Unused"));
    let city = s.texts().find(|t| t.text == "City").expect("the kind");
    assert!(label.y > city.pos.y);
    assert!(furniture.iter().any(|i| matches!(i,
        Item::Circle { center, fill: Some(f), .. }
            if *f == Color::rgb(0x44, 0x77, 0xaa) && (center.y - (label.y - 4.5)).abs() < 0.1
                && center.x < label.x)));
}
