//! Scene building and rendering benchmarks (issue "The map"):
//! (a) the world at 1920x1080, scene + PNG; (b) the Middle East at 1920x1080 with 1:10m
//! detail, scene + PNG; (c) building a scene with 1 000 pins.

mod common;

use common::cpu::ThreadCpuTime;

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::map::basemap::{Basemap, Level};
use dateline::map::scene::{self, Options};
use dateline::map::view::{View, WorldBox};
use dateline::project::Project;
use dateline::render::png::render_png;
use std::hint::black_box;

fn thousand_pins() -> Project {
    common::scattered_pins(1000, 0x2545_f491_4f6c_dd1d, (25.0, 25.0), (20.0, 40.0))
}

fn benches(c: &mut Criterion<ThreadCpuTime>) {
    let dir = Basemap::maps_dir().expect("maps/");
    let mut bm = Basemap::load(&dir).expect("basemap");
    bm.ensure_level(&dir, Level::L10m).expect("10m");
    let empty = Project::new("en");
    let opts = Options::export("en", Some("World".into()));

    let world = View::world(1920.0, 1080.0);
    c.bench_function("world_1920x1080_scene_png", |b| {
        b.iter(|| {
            let s = scene::build(&empty, &bm, black_box(&world), &opts);
            black_box(render_png(&s, 1.0).expect("png"))
        })
    });

    let me = View::fit(
        &WorldBox::from_lonlat(34.0, 28.0, 50.0, 38.5),
        1920.0,
        1080.0,
        0.0,
        12.0,
    );
    assert_eq!(Level::for_zoom(me.zoom), Level::L10m, "zoom {}", me.zoom);
    c.bench_function("middle_east_10m_1920x1080_scene_png", |b| {
        b.iter(|| {
            let s = scene::build(&empty, &bm, black_box(&me), &opts);
            black_box(render_png(&s, 1.0).expect("png"))
        })
    });

    let pins = thousand_pins();
    let screen = Options::screen("en");
    let v = View::fit(
        &WorldBox::from_lonlat(20.0, 25.0, 60.0, 50.0),
        1920.0,
        1080.0,
        20.0,
        12.0,
    );
    let mut no_basemap = bm.clone();
    no_basemap.l110m = dateline::map::basemap::LevelData::new(Level::L110m);
    no_basemap.l50m = dateline::map::basemap::LevelData::new(Level::L50m);
    no_basemap.l10m = None;
    no_basemap.labels = Default::default();
    c.bench_function("scene_build_1000_pins", |b| {
        b.iter(|| black_box(scene::build(&pins, &no_basemap, black_box(&v), &screen)))
    });
    c.bench_function("scene_build_1000_pins_with_basemap", |b| {
        b.iter(|| black_box(scene::build(&pins, &bm, black_box(&v), &screen)))
    });
}

criterion_group! {
    name = scene_benches;
    config = Criterion::default().with_measurement(ThreadCpuTime).sample_size(20);
    targets = benches
}
criterion_main!(scene_benches);
