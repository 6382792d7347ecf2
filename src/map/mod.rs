//! The map: Web Mercator [`view::View`], the [`basemap`] layers from `maps/`, and
//! [`scene::build`], the one function that decides what a map looks like and emits the
//! backend-free [`display::Scene`] that the screen, the PNG and the SVG all paint.

pub mod basemap;
pub mod display;
pub mod scene;
pub mod view;
