//! Scene to image: PNG through tiny-skia, SVG as a hand-written string.
//!
//! Both backends paint the same [`Scene`](crate::map::display::Scene) the screen paints, item
//! by item and layer by layer, so an exported map is what the user saw. Neither needs a GPU, a
//! window or the fonts of the machine: text comes from the fonts compiled into the binary
//! ([`crate::fonts`]).
//!
//! - [`png`] rasterises with tiny-skia at any device scale (2.0 for a "retina" export). Text is
//!   drawn from glyph outlines laid out by [`crate::fonts::layout`], the same layout the scene
//!   builder measures labels with. The result is deterministic: the same scene gives the same
//!   bytes on every machine (no timestamps, no threads, no system fonts), so tests compare
//!   images byte for byte.
//! - [`svg`] writes vector output that stays editable: areas and lines as `<path>`, pins as
//!   `<circle>`, text as real `<text>` in the "Noto Sans" family, one `<g>` per layer.
//!   Coordinates keep two decimals, enough for any screen and a fraction of the size.
//!
//! The rules both follow for what the display list leaves open (whitespace, letter spacing,
//! halo width) are written in [`crate::fonts`] and [`png`]; the integration tests check that
//! resvg's rendering of the SVG matches the PNG.

mod clip;
pub mod png;
pub mod svg;

pub use self::png::{MAX_SIDE, encode_png, render_pixmap, render_png};
pub use self::svg::render_svg;

/// Why a scene could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The scene or the scale is not a positive, finite size.
    #[error(
        "cannot render a {width} x {height} scene at scale {scale}: width, height and scale \
         must be positive and finite"
    )]
    InvalidSize { width: f32, height: f32, scale: f32 },
    /// The image would be larger than [`MAX_SIDE`] pixels on a side.
    #[error(
        "the image would be {width} x {height} pixels; the limit is {max} pixels per side \
         (use a smaller scale)"
    )]
    TooLarge { width: u64, height: u64, max: u32 },
    /// The PNG encoder failed (it writes to memory, so this is not expected).
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}
