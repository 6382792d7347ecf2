//! Times scene building for the GUI's frame budget (development aid):
//! `cargo run --release --example scene_timing`.
use dateline::map::basemap::{Basemap, Level};
use dateline::map::scene::{self, Options};
use dateline::map::view::{View, WorldBox};
use dateline::project::{LatLon, Place, PlaceKind, Project, Resolution};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let dir = Basemap::maps_dir()?;
    let mut bm = Basemap::load(&dir)?;
    bm.insert(Basemap::load_level(&dir, Level::L10m)?);
    let mut p = Project::new("en");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for id in 0..1000u32 {
        p.places.push(Place {
            id,
            name: format!("Place {id}"),
            names: Vec::new(),
            kind: PlaceKind::ALL[id as usize % PlaceKind::ALL.len()],
            point: LatLon {
                lat: 29.0 + next() * 9.0,
                lon: 38.0 + next() * 12.0,
            },
            country: None,
            gazetteer_ref: None,
            rank: 100,
            resolution: Resolution::Manual,
        });
    }
    let v = View::fit(
        &WorldBox::from_lonlat(38.0, 29.0, 50.0, 38.0),
        1600.0,
        1000.0,
        0.0,
        12.0,
    );
    println!("zoom {:.2} level {:?}", v.zoom, Level::for_zoom(v.zoom));
    let opts = Options::screen("en");
    for _ in 0..3 {
        let t = Instant::now();
        let n = 50;
        for _ in 0..n {
            std::hint::black_box(scene::build(&p, &bm, &v, &opts));
        }
        println!(
            "scene with 1000 pins at 1:10m: {:.2} ms",
            t.elapsed().as_secs_f64() * 1e3 / n as f64
        );
    }
    Ok(())
}
