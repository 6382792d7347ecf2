//! Benchmarks of the exporters on a synthetic full-HD map: 5 000 polygons and polylines with
//! 200 000 points in all (the polygons tile the map, about one layer deep, like countries),
//! plus 200 haloed labels, rendered to a tiny-skia pixmap, encoded to
//! PNG, and written as SVG. Text layout alone is measured too, since the scene builder calls
//! it for every candidate label.
//!
//! `cargo bench --bench render`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::fonts;
use dateline::map::display::{Anchor, Color, FontStyle, Item, Layer, Pt, Scene, Stroke, Text};
use dateline::render;

/// A small deterministic generator (64-bit LCG), so every run draws the same map.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 40) as f32) / (1u64 << 24) as f32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.next()
    }
}

const NAMES: [&str; 8] = [
    "Baghdad",
    "Erbil",
    "Aïn al-Assad",
    "Mosul",
    "Tehran",
    "Kirkuk",
    "Basra",
    "Washington",
];

fn synthetic_scene() -> Scene {
    let (w, h) = (1920.0, 1080.0);
    let mut rng = Lcg(0x5eed);
    let mut scene = Scene::new(w, h, Color::rgb(170, 211, 223));

    // 3 000 "countries" tiling the map (60 x 50 cells, each a wobbly ring of 50 points):
    // 150 000 points, every pixel covered about once, as on a real map.
    let (cols, rows) = (60, 50);
    let (cw, ch) = (w / cols as f32, h / rows as f32);
    let mut land = Vec::new();
    for i in 0..cols * rows {
        let (x0, y0) = ((i % cols) as f32 * cw, (i / cols) as f32 * ch);
        let phase = rng.range(0.0, 6.0);
        let ring: Vec<Pt> = (0..50)
            .map(|k| {
                // Walk the cell's perimeter, pushed in and out a little.
                let t = k as f32 / 50.0 * 4.0;
                let (side, f) = (t.floor() as u32, t.fract());
                let (x, y) = match side {
                    0 => (x0 + f * cw, y0),
                    1 => (x0 + cw, y0 + f * ch),
                    2 => (x0 + (1.0 - f) * cw, y0 + ch),
                    _ => (x0, y0 + (1.0 - f) * ch),
                };
                let wob = 1.5 * (phase + k as f32 * 0.7).sin();
                Pt::new(x + wob, y - wob)
            })
            .collect();
        let shade = 200 + (i % 40) as u8;
        land.push(Item::Fill {
            rings: vec![ring],
            triangles: vec![],
            color: Color::rgb(shade, shade - 5, 220),
        });
    }
    scene.layers.push(Layer {
        name: "land".into(),
        items: land,
    });

    // 2 000 smooth borders and rivers of 25 points (about 6 px apart): 50 000 points; a quarter
    // dashed.
    let mut lines = Vec::new();
    for i in 0..2000 {
        let mut p = Pt::new(rng.range(0.0, w), rng.range(0.0, h));
        let mut heading = rng.range(0.0, std::f32::consts::TAU);
        let points: Vec<Pt> = (0..25)
            .map(|_| {
                heading += rng.range(-0.35, 0.35);
                p = Pt::new(p.x + 6.0 * heading.cos(), p.y + 6.0 * heading.sin());
                p
            })
            .collect();
        let color = Color::rgba(110, 100, 120, 200);
        let stroke = if i % 4 == 0 {
            Stroke::dashed(1.2, color, vec![5.0, 3.0])
        } else {
            Stroke::solid(1.0, color)
        };
        lines.push(Item::Line {
            points,
            closed: false,
            stroke,
        });
    }
    scene.layers.push(Layer {
        name: "borders".into(),
        items: lines,
    });

    // 200 labels with halos and their pins.
    let mut labels = Vec::new();
    for i in 0..200 {
        let pos = Pt::new(rng.range(20.0, w - 150.0), rng.range(20.0, h - 20.0));
        labels.push(Item::Circle {
            center: pos,
            radius: 5.0,
            fill: Some(Color::rgb(200, 40, 40)),
            stroke: Some(Stroke::solid(1.5, Color::rgb(255, 255, 255))),
        });
        labels.push(Item::Text(Text {
            pos: Pt::new(pos.x + 8.0, pos.y + 4.0),
            text: NAMES[i % NAMES.len()].to_string(),
            size: 12.0 + (i % 3) as f32 * 2.0,
            color: Color::rgb(34, 34, 34),
            style: [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic][i % 3],
            anchor: Anchor::Start,
            letter_spacing: 0.0,
            halo: Some((Color::rgba(255, 255, 255, 220), 3.0)),
        }));
    }
    scene.layers.push(Layer {
        name: "labels".into(),
        items: labels,
    });
    scene
}

fn bench(c: &mut Criterion) {
    let scene = synthetic_scene();
    let mut g = c.benchmark_group("render 1920x1080, 200k points, 200 labels");
    g.sample_size(20);
    g.bench_function("pixmap (raster only)", |b| {
        b.iter(|| black_box(render::render_pixmap(&scene, 1.0).map(|p| p.width())))
    });
    if let Ok(pixmap) = render::render_pixmap(&scene, 1.0) {
        g.bench_function("encode PNG", |b| {
            b.iter(|| black_box(render::encode_png(&pixmap).map(|v| v.len())))
        });
    }
    g.bench_function("PNG (raster + encode)", |b| {
        b.iter(|| black_box(render::render_png(&scene, 1.0).map(|v| v.len())))
    });
    g.bench_function("SVG", |b| {
        b.iter(|| black_box(render::render_svg(&scene).len()))
    });
    g.finish();

    c.bench_function("measure 200 labels", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for i in 0..200 {
                let style = [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic][i % 3];
                total += fonts::measure(NAMES[i % NAMES.len()], 12.0, style, 0.0).width;
            }
            black_box(total)
        })
    });

    if let (Ok(png), svg) = (render::render_png(&scene, 1.0), render::render_svg(&scene)) {
        eprintln!("PNG {} bytes, SVG {} bytes", png.len(), svg.len());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
