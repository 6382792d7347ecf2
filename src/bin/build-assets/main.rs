//! `build-assets`: turns the raw sources of `../shared/data` into the compact files that
//! Dateline ships in `assets/` (the gazetteer) and `maps/` (the basemap, see [`maps`]).
//!
//! ```text
//! cargo run --release --bin build-assets -- [--data ../shared/data] [--assets assets]
//!                                           [--maps maps] [--only gazetteer|maps]
//!                                           [--min-population 1000]
//! ```
//!
//! The output is deterministic: the same inputs give byte-identical files, so the
//! committed assets can be checked by rebuilding them.

mod gazetteer;
mod geom;
mod maps;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, ValueEnum};

/// What to build.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Only {
    /// `assets/gazetteer.bin`.
    Gazetteer,
    /// `maps/`: the basemap levels, labels and credits.
    Maps,
}

#[derive(Parser)]
#[command(about = "Build Dateline's gazetteer from the raw data sources")]
struct Args {
    /// Folder with the raw sources (GeoNames, Natural Earth, airports, ...).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Output folder (also holds the curated layer in `curated/`).
    #[arg(long, default_value = "assets")]
    assets: PathBuf,
    /// Output folder of the basemap.
    #[arg(long, default_value = "maps")]
    maps: PathBuf,
    /// Build only this part (default: everything).
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// Smallest population of a GeoNames city kept when no other source names it.
    #[arg(long, default_value_t = 1000)]
    min_population: u32,
}

fn main() -> Result<()> {
    let a = Args::parse();
    if a.only != Some(Only::Maps) {
        build_gazetteer(&a)?;
    }
    if a.only != Some(Only::Gazetteer) {
        maps::build(&a.data, &a.maps)?;
    }
    Ok(())
}

fn build_gazetteer(a: &Args) -> Result<()> {
    let t0 = Instant::now();
    let opt = gazetteer::Options {
        min_population: a.min_population,
    };
    let (builder, counts) = gazetteer::build(&a.data, &a.assets.join("curated"), &opt)?;
    let bytes = builder.to_bytes();
    std::fs::create_dir_all(&a.assets)?;
    let out = a.assets.join("gazetteer.bin");
    dateline::project::file::write_atomically(&out, |w| w.write_all(&bytes))?;
    println!(
        "{}: {} entities, {} name keys, {:.1} MB, built in {:.1} s",
        out.display(),
        builder.len(),
        builder.name_count(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    for (layer, n) in counts {
        println!("  {layer:<20} {n}");
    }
    let t1 = Instant::now();
    let g = dateline::gazetteer::Gazetteer::load(&a.assets)?;
    println!(
        "  reload check: {} entities in {:.1} ms",
        g.len(),
        t1.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
