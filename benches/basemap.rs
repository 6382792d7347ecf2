//! Benchmarks of loading the basemap from `maps/`: 110m + 50m + labels (what the app
//! loads at start) and 10m (loaded lazily on a background thread).
//!
//! `cargo bench --bench basemap`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::map::basemap::{Basemap, LABELS_FILE, Level};

fn size(dir: &Path, files: &[&str]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let dir = Basemap::maps_dir().expect("maps/");
    let mut g = c.benchmark_group("basemap");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(size(
        &dir,
        &[
            Level::L110m.file_name(),
            Level::L50m.file_name(),
            LABELS_FILE,
        ],
    )));
    g.bench_function("load 110m+50m+labels", |b| {
        b.iter(|| black_box(Basemap::load(&dir).map(|m| m.l50m.countries.len())))
    });
    g.throughput(Throughput::Bytes(size(&dir, &[Level::L10m.file_name()])));
    g.bench_function("load 10m", |b| {
        b.iter(|| black_box(Basemap::load_level(&dir, Level::L10m).map(|d| d.countries.len())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
