//! Benchmarks of loading the basemap from `maps/`: 110m + 50m + labels (what the app
//! loads at start) and 10m (loaded lazily on a background thread).
//!
//! `cargo bench --bench basemap`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::map::basemap::{Basemap, LABELS_FILE, Level};

fn maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("maps")
}

fn size(files: &[&str]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(maps().join(f)).ok())
        .map(|m| m.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("basemap");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(size(&[
        "110m.bin",
        "50m.bin",
        LABELS_FILE,
    ])));
    g.bench_function("load 110m+50m+labels", |b| {
        b.iter(|| black_box(Basemap::load(&maps()).map(|m| m.l50m.countries.len())))
    });
    g.throughput(Throughput::Bytes(size(&["10m.bin"])));
    g.bench_function("load 10m", |b| {
        b.iter(|| black_box(Basemap::load_level(&maps(), Level::L10m).map(|d| d.countries.len())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
