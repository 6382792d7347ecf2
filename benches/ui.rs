//! The map widget's frame time (issue "The app"): 1 000 pins over the 1:10m basemap in a
//! 1280x800 map, painted through egui and tessellated, without a window or a GPU.
//!
//! - `ui_frame_1000_pins_10m_static`: a frame where nothing changed (the cached shapes are
//!   copied, the texts laid out, everything tessellated);
//! - `ui_frame_1000_pins_10m_rebuild`: a frame after a pan or a zoom (the scene is built
//!   again and converted as well).
//!
//! Figures are the bench thread's CPU time ([`common::cpu::ThreadCpuTime`]), the frame budget
//! of the issue, and they hold when other work shares the machine.

use std::hint::black_box;

mod common;

use common::cpu::ThreadCpuTime;

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::map::basemap::{Basemap, Level};
use dateline::map::scene::Options;
use dateline::project::Project;
use dateline::ui::map_view::MapView;

fn thousand_pins() -> Project {
    common::scattered_pins(1000, 0x9e37_79b9_7f4a_7c15, (28.0, 12.0), (36.0, 18.0))
}

/// One frame: the map in a full-window panel, then tessellation. Returns the primitives.
fn frame(
    ctx: &egui::Context,
    map: &mut MapView,
    project: &Project,
    bm: &Basemap,
    revision: u64,
    opts: &Options,
) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| {
        egui::CentralPanel::no_frame().show(ui, |ui| {
            map.show(ui, project, bm, revision, opts);
        });
    });
    // No renderer here: the font atlas updates are dropped.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn benches(c: &mut Criterion<ThreadCpuTime>) {
    let dir = Basemap::maps_dir().expect("maps/");
    let mut bm = Basemap::load(&dir).expect("basemap");
    bm.ensure_level(&dir, Level::L10m).expect("10m");
    let project = thousand_pins();
    let opts = Options::screen("en");
    let ctx = egui::Context::default();
    dateline::ui::fonts::install(&ctx);
    let mut map = MapView::default();
    // The first frames frame the pins and fill the font atlas.
    for _ in 0..3 {
        frame(&ctx, &mut map, &project, &bm, 0, &opts);
    }
    let zoom = map.view().map_or(0.0, |v| v.zoom);
    assert_eq!(Level::for_zoom(zoom), Level::L10m, "zoom {zoom}");
    let hits = map.scene().map_or(0, |s| s.hits.len());
    eprintln!(
        "ui bench: zoom {zoom:.2}, {hits} pins or clusters on screen, scene build {:.1} ms",
        map.last_build_ms
    );

    c.bench_function("ui_frame_1000_pins_10m_static", |b| {
        b.iter(|| black_box(frame(&ctx, &mut map, &project, &bm, 0, &opts)))
    });
    let mut revision = 1;
    c.bench_function("ui_frame_1000_pins_10m_rebuild", |b| {
        b.iter(|| {
            revision += 1;
            black_box(frame(&ctx, &mut map, &project, &bm, revision, &opts))
        })
    });
}

criterion_group! {
    name = ui_benches;
    config = Criterion::default().with_measurement(ThreadCpuTime).sample_size(20);
    targets = benches
}
criterion_main!(ui_benches);
