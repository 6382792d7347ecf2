//! Basemap layers (Natural Earth at 1:110m, 1:50m, 1:10m) read from `maps/`. (In progress.)
