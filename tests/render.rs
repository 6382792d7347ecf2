//! Integration tests of the exporters: PNG determinism and a golden image, the SVG read back by
//! usvg/resvg and compared with the PNG, text measurement against rendered ink, size errors.
//!
//! The golden image is `tests/golden/sample.png`. When it is missing, or when `UPDATE_GOLDEN=1`
//! is set, the test writes it instead of comparing; commit the file. On a mismatch the actual
//! image is written to `target/golden-actual/sample.png` for inspection.

use std::path::PathBuf;

use dateline::fonts;
use dateline::map::display::{
    Anchor, Color, FontStyle, Item, Layer, Pt, Rect, Scene, Stroke, Text,
};
use dateline::render::{self, RenderError};
use resvg::usvg;
use tiny_skia::Pixmap;

const SEA: Color = Color::rgb(170, 211, 223);
const LAND: Color = Color::rgb(242, 239, 233);
const INK: Color = Color::rgb(34, 34, 34);
const WHITE: Color = Color::rgb(255, 255, 255);

fn text(pos: Pt, s: &str, size: f32, style: FontStyle, anchor: Anchor) -> Text {
    Text {
        pos,
        text: s.to_string(),
        size,
        color: INK,
        style,
        anchor,
        letter_spacing: 0.0,
        halo: Some((WHITE.with_alpha(220), 3.0)),
    }
}

/// A small map: land with a lake, a dashed border, pins, a legend box and labels in the three
/// styles and anchors, with accents, letter spacing and translucent colours.
fn sample_scene() -> Scene {
    let mut scene = Scene::new(480.0, 320.0, SEA);
    // Outer ring clockwise on screen, the lake counter-clockwise: non-zero winding leaves a hole.
    let outer = vec![
        Pt::new(40.0, 30.0),
        Pt::new(300.0, 20.0),
        Pt::new(440.0, 90.0),
        Pt::new(450.0, 250.0),
        Pt::new(260.0, 300.0),
        Pt::new(60.0, 270.0),
        Pt::new(20.0, 150.0),
    ];
    let lake = vec![
        Pt::new(300.0, 140.0),
        Pt::new(330.0, 200.0),
        Pt::new(380.0, 190.0),
        Pt::new(370.0, 130.0),
    ];
    scene.layers.push(Layer {
        name: "land".into(),
        items: vec![Item::Fill {
            rings: vec![outer, lake],
            triangles: vec![],
            color: LAND,
        }],
    });
    scene.layers.push(Layer {
        name: "borders".into(),
        items: vec![Item::Line {
            points: vec![
                Pt::new(240.0, 22.5),
                Pt::new(225.5, 90.25),
                Pt::new(250.0, 160.0),
                Pt::new(215.0, 230.0),
                Pt::new(232.0, 296.0),
            ],
            closed: false,
            stroke: Stroke::dashed(1.5, Color::rgba(120, 90, 130, 200), vec![6.0, 3.0]),
        }],
    });
    let pin = |x: f32, y: f32, c: Color| Item::Circle {
        center: Pt::new(x, y),
        radius: 5.5,
        fill: Some(c),
        stroke: Some(Stroke::solid(1.5, WHITE)),
    };
    scene.layers.push(Layer {
        name: "pins".into(),
        items: vec![
            pin(150.0, 180.0, Color::rgb(200, 40, 40)),
            pin(330.0, 70.0, Color::rgb(200, 40, 40)),
            pin(110.0, 120.0, Color::rgb(40, 90, 200)),
            Item::Circle {
                center: Pt::new(400.0, 230.0),
                radius: 12.0,
                fill: Some(Color::rgba(200, 40, 40, 140)),
                stroke: None,
            },
        ],
    });
    scene.layers.push(Layer {
        name: "legend".into(),
        items: vec![Item::Rect {
            rect: Rect::from_min_size(Pt::new(12.0, 250.0), 130.0, 56.0),
            corner_radius: 6.0,
            fill: Some(WHITE.with_alpha(230)),
            stroke: Some(Stroke::solid(1.0, Color::rgb(150, 150, 150))),
        }],
    });
    let mut iraq = text(
        Pt::new(180.0, 240.0),
        "IRAQ",
        22.0,
        FontStyle::Bold,
        Anchor::Middle,
    );
    iraq.letter_spacing = 6.0;
    iraq.color = Color::rgba(90, 90, 90, 160);
    iraq.halo = None;
    let mut gulf = text(
        Pt::new(460.0, 290.0),
        "Persian Gulf",
        12.0,
        FontStyle::Italic,
        Anchor::End,
    );
    gulf.letter_spacing = 1.5;
    gulf.color = Color::rgb(60, 110, 150);
    gulf.halo = None;
    let mut legend = text(
        Pt::new(22.0, 272.0),
        "Events, 8 January",
        12.0,
        FontStyle::Bold,
        Anchor::Start,
    );
    legend.halo = None;
    scene.layers.push(Layer {
        name: "labels".into(),
        items: vec![
            iraq,
            gulf,
            text(
                Pt::new(158.0, 184.0),
                "Aïn al-Assad",
                13.0,
                FontStyle::Regular,
                Anchor::Start,
            ),
            text(
                Pt::new(330.0, 58.0),
                "Erbil",
                14.0,
                FontStyle::Bold,
                Anchor::Middle,
            ),
            text(
                Pt::new(102.0, 124.0),
                "Baghdad airport",
                12.0,
                FontStyle::Italic,
                Anchor::End,
            ),
            text(
                Pt::new(40.0, 80.0),
                "WAVY Tàbriz – Çölemerik",
                11.0,
                FontStyle::Regular,
                Anchor::Start,
            ),
            text(
                Pt::new(232.0, 112.0),
                "Kurdistan Region",
                12.0,
                FontStyle::Regular,
                Anchor::Middle,
            ),
            legend,
            text(
                Pt::new(22.0, 292.0),
                "Strike · Missile",
                11.0,
                FontStyle::Regular,
                Anchor::Start,
            ),
        ]
        .into_iter()
        .map(Item::Text)
        .collect(),
    });
    scene
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

/// Straight RGBA bytes of a pixmap.
fn rgba(p: &Pixmap) -> Vec<u8> {
    p.pixels()
        .iter()
        .flat_map(|c| {
            let c = c.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect()
}

/// (mean, max) absolute difference per channel, in 1/255 units.
fn diff(a: &Pixmap, b: &Pixmap) -> (f64, u8) {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let (a, b) = (rgba(a), rgba(b));
    let mut sum = 0u64;
    let mut max = 0u8;
    for (x, y) in a.iter().zip(&b) {
        let d = x.abs_diff(*y);
        sum += u64::from(d);
        max = max.max(d);
    }
    (sum as f64 / a.len() as f64, max)
}

/// Parses an SVG with the bundled fonts only (no system fonts) and rasterises it with resvg.
fn rasterise_svg(svg: &str, scale: f32) -> Pixmap {
    let mut opt = usvg::Options {
        font_family: fonts::FAMILY.to_string(),
        ..usvg::Options::default()
    };
    for style in fonts::STYLES {
        opt.fontdb_mut()
            .load_font_data(fonts::font_bytes(style).to_vec());
    }
    let tree = usvg::Tree::from_str(svg, &opt).expect("the SVG parses with usvg");
    let size = tree.size();
    let w = (size.width() * scale).round() as u32;
    let h = (size.height() * scale).round() as u32;
    let mut pixmap = Pixmap::new(w, h).expect("non-empty SVG");
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
}

/// The columns (first, last) holding ink darker than the white background, if any.
fn ink_columns(p: &Pixmap) -> Option<(u32, u32)> {
    let mut cols = (0..p.width()).filter(|&x| {
        (0..p.height()).any(|y| p.pixel(x, y).is_some_and(|c| c.demultiply().red() < 160))
    });
    let first = cols.next()?;
    let last = cols.next_back().unwrap_or(first);
    Some((first, last))
}

fn one_text(t: Text, width: f32, height: f32) -> Scene {
    let mut s = Scene::new(width, height, WHITE);
    s.layer("t").push(Item::Text(t));
    s
}

#[test]
fn png_is_byte_identical_across_renders() {
    let scene = sample_scene();
    let a = render::render_png(&scene, 1.0).expect("renders");
    let b = render::render_png(&scene, 1.0).expect("renders");
    assert_eq!(a, b);
    assert_eq!(&a[1..4], b"PNG");
    let two = render::render_pixmap(&scene, 2.0).expect("renders at 2x");
    assert_eq!((two.width(), two.height()), (960, 640));
}

#[test]
fn png_matches_the_golden_image() {
    let scene = sample_scene();
    let png = render::render_png(&scene, 1.0).expect("renders");
    let path = golden_dir().join("sample.png");
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    if update || !path.exists() {
        std::fs::create_dir_all(golden_dir()).expect("create tests/golden");
        std::fs::write(&path, &png).expect("write the golden image");
        eprintln!("wrote {}; commit it", path.display());
        return;
    }
    let golden = std::fs::read(&path).expect("read the golden image");
    if golden != png {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("golden-actual");
        let _ = std::fs::create_dir_all(&out);
        let _ = std::fs::write(out.join("sample.png"), &png);
        let detail = match (Pixmap::decode_png(&golden), Pixmap::decode_png(&png)) {
            (Ok(g), Ok(p)) if (g.width(), g.height()) == (p.width(), p.height()) => {
                let (mean, max) = diff(&g, &p);
                format!("mean difference {mean:.4}/255, max {max}/255")
            }
            _ => "sizes differ or the golden image does not decode".to_string(),
        };
        panic!(
            "the PNG differs from {} ({detail}); the actual image is in target/golden-actual/ \
             (run with UPDATE_GOLDEN=1 if the change is intended)",
            path.display()
        );
    }
}

#[test]
fn svg_raster_matches_the_png() {
    let scene = sample_scene();
    let svg = render::render_svg(&scene);
    assert_eq!(svg, render::render_svg(&scene), "deterministic");
    for scale in [1.0, 2.0] {
        let png = render::render_pixmap(&scene, scale).expect("renders");
        let from_svg = rasterise_svg(&svg, scale);
        let (mean, max) = diff(&png, &from_svg);
        eprintln!(
            "scale {scale}: SVG via resvg vs PNG: mean {mean:.4}/255 per channel, max {max}/255"
        );
        assert!(mean < 2.0, "mean difference {mean}/255");
    }
}

#[test]
fn svg_text_matches_the_png_text() {
    // Only text, large: a missing font or a layout difference shows here, not drowned in land.
    let mut scene = Scene::new(400.0, 200.0, WHITE);
    let items = scene.layer("labels");
    for (i, (s, style, anchor)) in [
        ("Aïn al-Assad", FontStyle::Regular, Anchor::Start),
        ("AVATAR Yatta", FontStyle::Bold, Anchor::Middle),
        ("Erbil, Kurdistan", FontStyle::Italic, Anchor::End),
    ]
    .into_iter()
    .enumerate()
    {
        let x = match anchor {
            Anchor::Start => 10.0,
            Anchor::Middle => 200.0,
            Anchor::End => 390.0,
        };
        let mut t = text(Pt::new(x, 50.0 + 60.0 * i as f32), s, 32.0, style, anchor);
        t.halo = Some((Color::rgb(250, 200, 0), 4.0));
        t.letter_spacing = i as f32;
        items.push(Item::Text(t));
    }
    let png = render::render_pixmap(&scene, 1.0).expect("renders");
    let from_svg = rasterise_svg(&render::render_svg(&scene), 1.0);
    // Mean over the pixels that either image inks, so the white background does not dilute it.
    let (a, b) = (rgba(&png), rgba(&from_svg));
    let (mut sum, mut n) = (0u64, 0u64);
    for (pa, pb) in a.chunks(4).zip(b.chunks(4)) {
        if pa != [255, 255, 255, 255] || pb != [255, 255, 255, 255] {
            n += 1;
            sum += pa
                .iter()
                .zip(pb)
                .map(|(x, y)| u64::from(x.abs_diff(*y)))
                .sum::<u64>();
        }
    }
    assert!(n > 5000, "too little ink: {n} pixels (fonts not found?)");
    let mean = sum as f64 / (4 * n) as f64;
    let (whole, max) = diff(&png, &from_svg);
    eprintln!(
        "text only: mean over {n} inked pixels {mean:.3}/255, whole image {whole:.4}/255, max {max}/255"
    );
    assert!(mean < 4.0, "inked-pixel mean difference {mean}/255");
}

#[test]
fn measured_width_matches_rendered_ink() {
    for (s, style, size, spacing) in [
        ("Erbil", FontStyle::Bold, 24.0, 0.0),
        ("Aïn al-Assad", FontStyle::Regular, 20.0, 0.0),
        ("AVATAR Yatta", FontStyle::Italic, 28.0, 0.0),
        ("IRAQ", FontStyle::Bold, 22.0, 6.0),
    ] {
        let m = fonts::measure(s, size, style, spacing);
        let mut t = text(Pt::new(20.0, 40.0), s, size, style, Anchor::Start);
        t.halo = None;
        t.letter_spacing = spacing;
        let start = one_text(t.clone(), m.width + 40.0, 60.0);
        t.anchor = Anchor::End;
        t.pos.x = 20.0 + m.width;
        let end = one_text(t, m.width + 40.0, 60.0);

        // End-anchored at start + width draws exactly over the start-anchored text.
        let a = render::render_pixmap(&start, 1.0).expect("renders");
        let b = render::render_pixmap(&end, 1.0).expect("renders");
        let (mean, _) = diff(&a, &b);
        assert!(mean < 0.05, "{s}: anchors disagree with measure ({mean})");

        // The ink lies within the advance box, short of it only by the side bearings.
        let (first, last) = ink_columns(&a).expect("ink");
        let ink = (last - first + 1) as f32;
        assert!(first >= 19, "{s}: ink starts at {first}");
        assert!(
            (last as f32) <= 21.0 + m.width,
            "{s}: ink ends at {last}, width {}",
            m.width
        );
        assert!(
            ink >= m.width - 0.2 * size,
            "{s}: ink {ink} vs width {}",
            m.width
        );

        // resvg lays the SVG text out (with its own shaper and GPOS kerning) to the same ink.
        let (sf, sl) =
            ink_columns(&rasterise_svg(&render::render_svg(&start), 1.0)).expect("svg ink");
        eprintln!(
            "{s}: measured {:.2}, ink PNG {first}..{last}, ink SVG {sf}..{sl}",
            m.width
        );
        assert!(
            sf.abs_diff(first) <= 1 && sl.abs_diff(last) <= 1,
            "{s}: SVG ink {sf}..{sl}"
        );
    }
}

#[test]
fn too_large_images_are_refused() {
    let scene = Scene::new(5000.0, 3000.0, SEA);
    match render::render_png(&scene, 2.0) {
        Err(
            e @ RenderError::TooLarge {
                width: 10000,
                height: 6000,
                max: 8192,
            },
        ) => {
            assert!(e.to_string().contains("8192"), "{e}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(matches!(
        render::render_png(&scene, 0.0),
        Err(RenderError::InvalidSize { .. })
    ));
    assert!(matches!(
        render::render_png(&Scene::new(f32::NAN, 10.0, SEA), 1.0),
        Err(RenderError::InvalidSize { .. })
    ));
}

#[test]
fn empty_scene_renders() {
    let scene = Scene::new(64.0, 32.0, SEA);
    let png = render::render_png(&scene, 1.0).expect("renders");
    let back = Pixmap::decode_png(&png).expect("decodes");
    assert_eq!((back.width(), back.height()), (64, 32));
    let c = back.pixel(10, 10).expect("pixel").demultiply();
    assert_eq!(
        (c.red(), c.green(), c.blue(), c.alpha()),
        (170, 211, 223, 255)
    );
    let svg = render::render_svg(&scene);
    let raster = rasterise_svg(&svg, 1.0);
    assert_eq!(diff(&back, &raster).1, 0);
}

mod robustness {
    //! Arbitrary display lists, including absurd numbers, never make a backend panic.

    use super::*;
    use proptest::prelude::*;

    fn coord() -> impl Strategy<Value = f32> {
        prop_oneof![
            8 => -50.0f32..250.0,
            1 => prop::num::f32::ANY,
            1 => prop_oneof![Just(1e9f32), Just(-1e12), Just(f32::MAX), Just(f32::NAN)],
        ]
    }

    fn pt() -> impl Strategy<Value = Pt> {
        (coord(), coord()).prop_map(|(x, y)| Pt::new(x, y))
    }

    fn color() -> impl Strategy<Value = Color> {
        any::<[u8; 4]>().prop_map(|[r, g, b, a]| Color::rgba(r, g, b, a))
    }

    fn stroke() -> impl Strategy<Value = Stroke> {
        (coord(), color(), prop::collection::vec(coord(), 0..4))
            .prop_map(|(w, c, dash)| Stroke::dashed(w.abs() % 20.0, c, dash))
    }

    fn item() -> impl Strategy<Value = Item> {
        prop_oneof![
            (
                prop::collection::vec(prop::collection::vec(pt(), 0..8), 0..3),
                color()
            )
                .prop_map(|(rings, color)| Item::Fill {
                    rings,
                    triangles: vec![0, 1, 2],
                    color
                }),
            (prop::collection::vec(pt(), 0..8), any::<bool>(), stroke()).prop_map(
                |(points, closed, stroke)| Item::Line {
                    points,
                    closed,
                    stroke
                }
            ),
            (
                pt(),
                coord(),
                prop::option::of(color()),
                prop::option::of(stroke())
            )
                .prop_map(|(center, radius, fill, stroke)| Item::Circle {
                    center,
                    radius,
                    fill,
                    stroke
                }),
            (
                pt(),
                pt(),
                coord(),
                prop::option::of(color()),
                prop::option::of(stroke())
            )
                .prop_map(|(min, max, corner_radius, fill, stroke)| Item::Rect {
                    rect: Rect { min, max },
                    corner_radius,
                    fill,
                    stroke,
                }),
            (
                pt(),
                "\\PC{0,12}",
                coord(),
                coord(),
                prop::option::of((color(), coord()))
            )
                .prop_map(|(pos, text, size, spacing, halo)| Item::Text(Text {
                    pos,
                    text,
                    size: size.abs() % 60.0,
                    color: Color::rgb(0, 0, 0),
                    style: FontStyle::Italic,
                    anchor: Anchor::Middle,
                    letter_spacing: spacing % 10.0,
                    halo,
                })),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_scene_renders_or_errs(items in prop::collection::vec(item(), 0..6), name in "\\PC{0,8}") {
            let mut scene = Scene::new(200.0, 300.0, SEA);
            scene.layers.push(Layer { name, items });
            let pixmap = render::render_pixmap(&scene, 1.0);
            prop_assert!(pixmap.is_ok());
            let svg = render::render_svg(&scene);
            let opt = usvg::Options::default();
            prop_assert!(usvg::Tree::from_str(&svg, &opt).is_ok(), "{svg}");
        }
    }
}
