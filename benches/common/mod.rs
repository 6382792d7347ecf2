//! Shared by the benchmarks: a reproducible scatter of pins of every kind, and a measurement
//! of CPU time ([`cpu::ThreadCpuTime`]).

// Each benchmark uses part of this module.
#![allow(dead_code)]

pub mod cpu;

use dateline::project::{LatLon, Place, PlaceKind, Project, Resolution};

/// `n` places of rotating kinds, placed by a xorshift generator from `seed` uniformly in
/// `lat0..lat0+dlat`, `lon0..lon0+dlon`.
pub fn scattered_pins(
    n: u32,
    seed: u64,
    (lat0, dlat): (f64, f64),
    (lon0, dlon): (f64, f64),
) -> Project {
    let mut p = Project::new("en");
    let mut s = seed;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    for id in 0..n {
        p.places.push(Place {
            id,
            name: format!("Place {id}"),
            names: Vec::new(),
            kind: PlaceKind::ALL[id as usize % PlaceKind::ALL.len()],
            point: LatLon {
                lat: lat0 + next() * dlat,
                lon: lon0 + next() * dlon,
            },
            country: None,
            gazetteer_ref: None,
            rank: (id % 200) as u8,
            resolution: Resolution::Manual,
            category: None,
            style: None,
        });
    }
    p
}
