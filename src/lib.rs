//! Dateline: turns geopolitical news articles into annotated maps.
//!
//! The pipeline flows one way (see `DESIGN.md`):
//! file → [`document`] → [`geoparse`] (through the [`gazetteer`]) → mentions → [`events`] →
//! [`project`] → [`map`] scene → the screen ([`ui`]) or an image ([`render`]).
//! Every module except `ui` is plain Rust with no UI, so the command line, the tests and the
//! egui front end all call the same code.
//!
//! The crate sets mimalloc as the global allocator for everything that links it (the app,
//! the command line, tests and benchmarks, so benchmarks measure what users run): the
//! geoparser and the event extractor make many small, short-lived allocations, and
//! mimalloc makes extraction 10–28 % faster than the system allocator (measured with
//! `cargo bench --bench extract`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod document;
pub mod events;
pub mod fonts;
pub mod gazetteer;
pub mod geoparse;
pub mod map;
pub mod project;
pub mod render;
pub mod text;
pub mod ui;
