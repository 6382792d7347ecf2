//! Scene to PNG (tiny-skia) and SVG. (In progress.)
