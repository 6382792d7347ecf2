//! Benchmarks of the geoparser: loading the assets, and extracting the toponyms of a
//! realistic article (the bundled French sample and English wire-style test articles, one
//! of them short); and the whole analysis that `dateline extract`, the renderer and the app
//! run (`... + events`: [`events::analyse`], which tokenizes once for the geoparser and the
//! events), so that the events' share of the `extract` time reads as the difference between
//! the two lines; and the events alone on the geoparser's tokens and mentions
//! (`... events only`), the same share measured directly. Figures are the bench thread's CPU time ([`common::cpu::ThreadCpuTime`]),
//! which holds when other work shares the machine.
//!
//! `cargo bench --bench extract`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

use common::cpu::ThreadCpuTime;
use dateline::document;
use dateline::events::{self, EventLexicon};
use dateline::geoparse::{Geoparser, tokens};

fn assets() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets"))
}

fn bench(c: &mut Criterion<ThreadCpuTime>) {
    c.bench_function("load gazetteer and lexicons", |b| {
        b.iter(|| black_box(Geoparser::load(assets()).map(|g| g.gazetteer().len())))
    });
    let Ok(gp) = Geoparser::load(assets()) else {
        eprintln!("assets missing: run build-assets first");
        return;
    };
    c.bench_function("load event lexicons", |b| {
        b.iter(|| black_box(EventLexicon::load(assets()).map(|l| l.types.len())))
    });
    let lex = match EventLexicon::load(assets()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("event lexicons: {e}");
            return;
        }
    };
    let articles = [
        (
            "fr sample",
            assets().join("samples/fr-bagdad-erbil.txt"),
            "fr",
        ),
        (
            "en wire",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles/en-wire-gulf.txt"),
            "en",
        ),
        (
            "en wire strike",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles/events-en-wire-strike.txt"),
            "en",
        ),
    ];
    let mut g = c.benchmark_group("extract");
    for (name, path, lang) in articles {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(gp.parse(black_box(&text), lang).len()))
        });
        let doc = document::from_text(name, text.clone(), Some(lang));
        g.bench_function(format!("{name} + events"), |b| {
            b.iter(|| {
                let (mentions, ex) = events::analyse(&gp, &lex, black_box(&doc), None);
                black_box((mentions.len(), ex.events.len()))
            })
        });
        // The events alone, on the tokens and mentions the geoparser gave: what they add,
        // measured directly rather than as the difference of two noisy lines.
        let toks = tokens::tokenize(&doc.text);
        let mentions = gp.parse_tokens(&doc.text, &toks, &doc.lang);
        g.bench_function(format!("{name} events only"), |b| {
            b.iter(|| {
                let ex = events::extract_with_tokens(
                    black_box(&doc),
                    &toks,
                    &mentions,
                    gp.gazetteer(),
                    &lex,
                    None,
                );
                black_box(ex.events.len())
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = bench
}
criterion_main!(benches);
