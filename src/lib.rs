//! Dateline: turns geopolitical news articles into annotated maps.
//!
//! The pipeline flows one way (see `DESIGN.md`):
//! file → [`document`] → [`geoparse`] (through the [`gazetteer`]) → mentions and places.
//! Every module here is plain Rust with no UI, so the command line, the tests and the
//! (future) egui front end all call the same code.

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
