//! The bundled fonts, shared by the GUI and the exporters, and the one text layout they agree on.
//!
//! Dateline draws every label with Noto Sans (Regular, Bold, Italic; SIL Open Font License,
//! see `assets/fonts/`). The three files are compiled into the binary with `include_bytes!`,
//! so an export never depends on the fonts installed on the machine and the same scene gives
//! the same PNG everywhere. [`font_bytes`] hands the raw bytes to whoever needs them (the GUI
//! gives them to egui, the SVG tests to usvg's font database).
//!
//! # Layout
//!
//! [`layout`] turns one line of text into glyphs with pen positions; [`measure`] is its
//! summary (width, ascent, descent) for the scene builder, which places labels without overlap.
//! The PNG renderer draws exactly the glyphs [`layout`] returns, so a measured label and a
//! painted label have the same width. The rules, chosen to match what an SVG renderer does
//! with the `<text>` elements of [`crate::render::svg`]:
//!
//! - whitespace is collapsed the way SVG does by default (runs of spaces, tabs and newlines
//!   become one space; leading and trailing whitespace is dropped; other control characters,
//!   which XML cannot carry, are dropped), and the text is put in Unicode normalization form C
//!   so that "i" followed by a combining diaeresis uses the font's precomposed "ï" glyph;
//! - each glyph advances by its horizontal advance plus the pair kerning of the font's OpenType
//!   `kern` feature (the GPOS table; Noto Sans has no legacy `kern` table, so ab_glyph alone
//!   would not kern);
//! - `letter_spacing` is added between characters (not after the last one, as usvg and the CSS
//!   text module say), and not before a combining mark;
//! - a character the font lacks is drawn and measured as the font's `.notdef` glyph (a box).
//!
//! There is no shaping beyond that (no ligatures, no right-to-left reordering): the bundled
//! faces cover Latin, Greek and Cyrillic, where pair kerning is what matters.
//!
//! Faces are parsed once, on first use, and kept for the life of the process.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use unicode_normalization::UnicodeNormalization;

use crate::map::display::FontStyle;

/// The family name written in SVG files and registered with egui.
pub const FAMILY: &str = "Noto Sans";

static REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../assets/fonts/NotoSans-Italic.ttf");

/// Every face, in a fixed order.
pub const STYLES: [FontStyle; 3] = [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic];

/// The raw TrueType bytes of one face (the same bytes the exporters use).
pub fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
        FontStyle::Italic => ITALIC,
    }
}

/// The size of a laid-out line of text, in the pixels of the requested font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextMetrics {
    /// Advance width: from the pen's start to its end, letter spacing included between
    /// characters. Anchors (`Middle`, `End`) are computed from it.
    pub width: f32,
    /// Height of the font's ascender above the baseline (positive); accented capitals fit.
    pub ascent: f32,
    /// Depth of the font's descender below the baseline (positive).
    pub descent: f32,
}

/// One glyph of a laid-out line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// The glyph index in the face (0 is `.notdef`).
    pub id: u16,
    /// Pen position of the glyph's origin, in pixels from the start of the line.
    pub x: f32,
}

/// A line of text laid out with one face at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLayout {
    pub glyphs: Vec<PlacedGlyph>,
    pub metrics: TextMetrics,
    /// The text as laid out (whitespace collapsed, NFC); the SVG writer emits this string.
    pub text: String,
}

/// Measures one line of text at `size_px` (em height in pixels).
///
/// Agrees with what [`crate::render`] paints; see the module documentation for the rules.
/// A non-finite or negative size is treated as zero.
pub fn measure(text: &str, size_px: f32, style: FontStyle, letter_spacing: f32) -> TextMetrics {
    layout(text, size_px, style, letter_spacing).metrics
}

/// Lays out one line of text: glyphs, pen positions and metrics.
pub fn layout(text: &str, size_px: f32, style: FontStyle, letter_spacing: f32) -> TextLayout {
    let f = face(style);
    let size = if size_px.is_finite() && size_px > 0.0 {
        size_px
    } else {
        0.0
    };
    let spacing = if letter_spacing.is_finite() {
        letter_spacing
    } else {
        0.0
    };
    let scale = size / f.units_per_em;
    let text = normalize_text(text);

    let mut glyphs = Vec::with_capacity(text.len());
    let mut pen = 0.0f32;
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let id = f.ab.glyph_id(c).0;
        if let Some(p) = prev {
            pen += f.kerning(p, id) * scale;
            if !is_combining_mark(c) {
                pen += spacing;
            }
        }
        glyphs.push(PlacedGlyph { id, x: pen });
        pen += f.ab.h_advance_unscaled(ab_glyph::GlyphId(id)) * scale;
        prev = Some(id);
    }
    TextLayout {
        glyphs,
        metrics: TextMetrics {
            width: pen,
            ascent: f.ascent * scale,
            descent: f.descent * scale,
        },
        text,
    }
}

/// The outline of one glyph, fed to `sink` in pixels: the glyph's origin is put at `(x, y)`
/// (y pointing down, the baseline at `y`) and font units are scaled to `size_px`.
///
/// Returns false when the glyph has no outline (a space, or an unknown id).
pub fn glyph_outline(
    style: FontStyle,
    id: u16,
    size_px: f32,
    x: f32,
    y: f32,
    sink: &mut dyn OutlineSink,
) -> bool {
    let f = face(style);
    let mut adapter = Adapter {
        sink,
        x,
        y,
        scale: size_px / f.units_per_em,
    };
    f.ttf
        .outline_glyph(ttf_parser::GlyphId(id), &mut adapter)
        .is_some()
}

/// Receives glyph contours in pixel coordinates (y down), as [`glyph_outline`] produces them.
pub trait OutlineSink {
    fn move_to(&mut self, x: f32, y: f32);
    fn line_to(&mut self, x: f32, y: f32);
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32);
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    fn close(&mut self);
}

/// Maps font units (y up, origin at the glyph's origin) to pixels.
struct Adapter<'a> {
    sink: &'a mut dyn OutlineSink,
    x: f32,
    y: f32,
    scale: f32,
}

impl Adapter<'_> {
    fn px(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl ttf_parser::OutlineBuilder for Adapter<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.px(x, y);
        self.sink.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.px(x, y);
        self.sink.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.px(x1, y1);
        let (x, y) = self.px(x, y);
        self.sink.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.px(x1, y1);
        let (x2, y2) = self.px(x2, y2);
        let (x, y) = self.px(x, y);
        self.sink.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.sink.close();
    }
}

/// Collapses whitespace as SVG's default `xml:space` handling does and normalizes to NFC.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            // Not allowed in XML, so the SVG could not carry it: dropped everywhere.
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Combining diacritical marks: they attach to the previous letter, so no letter spacing
/// goes before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// One parsed face: ab_glyph for character mapping and advances, ttf-parser for outlines
/// and the GPOS kerning that ab_glyph does not read.
struct Face {
    ab: FontRef<'static>,
    ttf: ttf_parser::Face<'static>,
    /// The pair-adjustment subtables of every lookup of the `kern` feature, lookup by lookup.
    kern: Vec<Vec<PairAdjustment<'static>>>,
    units_per_em: f32,
    ascent: f32,
    descent: f32,
}

impl Face {
    fn parse(bytes: &'static [u8]) -> Face {
        // The bytes are compiled in and checked by the unit tests: failing here is a build
        // defect, not bad input.
        let ab = FontRef::try_from_slice(bytes).expect("bundled font parses with ab_glyph");
        let ttf = ttf_parser::Face::parse(bytes, 0).expect("bundled font parses with ttf-parser");
        let units_per_em = f32::from(ttf.units_per_em().max(1));
        let ascent = f32::from(ttf.ascender());
        let descent = -f32::from(ttf.descender());
        let kern = kern_lookups(&ttf);
        Face {
            ab,
            ttf,
            kern,
            units_per_em,
            ascent,
            descent,
        }
    }

    /// The advance adjustment between two glyphs, in font units.
    ///
    /// Within a lookup the first subtable that applies wins, as in OpenType shapers; the
    /// adjustments of separate lookups add up.
    fn kerning(&self, first: u16, second: u16) -> f32 {
        let (a, b) = (ttf_parser::GlyphId(first), ttf_parser::GlyphId(second));
        let mut total = 0i32;
        for lookup in &self.kern {
            for sub in lookup {
                let value = match sub {
                    PairAdjustment::Format1 { coverage, sets } => {
                        match coverage
                            .get(a)
                            .and_then(|i| sets.get(i))
                            .and_then(|s| s.get(b))
                        {
                            Some((v, _)) => v.x_advance,
                            None => continue,
                        }
                    }
                    PairAdjustment::Format2 {
                        coverage,
                        classes,
                        matrix,
                    } => {
                        if !coverage.contains(a) {
                            continue;
                        }
                        match matrix.get((classes.0.get(a), classes.1.get(b))) {
                            Some((v, _)) => v.x_advance,
                            None => continue,
                        }
                    }
                };
                total += i32::from(value);
                break;
            }
        }
        total as f32
    }
}

/// The pair-positioning subtables reachable from the GPOS `kern` feature of any script,
/// grouped by lookup in lookup-list order (each lookup once).
fn kern_lookups(ttf: &ttf_parser::Face<'static>) -> Vec<Vec<PairAdjustment<'static>>> {
    let Some(gpos) = ttf.tables().gpos else {
        return Vec::new();
    };
    let kern_tag = ttf_parser::Tag::from_bytes(b"kern");
    let mut indices: Vec<u16> = gpos
        .features
        .into_iter()
        .filter(|f| f.tag == kern_tag)
        .flat_map(|f| f.lookup_indices.into_iter())
        .collect();
    indices.sort_unstable();
    indices.dedup();
    indices
        .into_iter()
        .filter_map(|i| gpos.lookups.get(i))
        .map(|lookup| {
            lookup
                .subtables
                .into_iter::<PositioningSubtable>()
                .filter_map(|s| match s {
                    PositioningSubtable::Pair(p) => Some(p),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|subs| !subs.is_empty())
        .collect()
}

fn face(style: FontStyle) -> &'static Face {
    static FACES: [OnceLock<Face>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
        FontStyle::Italic => 2,
    };
    FACES[i].get_or_init(|| Face::parse(font_bytes(style)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_is_noto_sans() {
        for style in STYLES {
            let f = face(style);
            assert_eq!(f.units_per_em, 1000.0);
            assert!(f.ab.glyph_id('é').0 != 0, "{style:?} lacks é");
            let family = f
                .ttf
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                .find_map(|n| n.to_string());
            assert_eq!(family.as_deref(), Some(FAMILY));
        }
    }

    #[test]
    fn gpos_kerning_is_read() {
        let f = face(FontStyle::Regular);
        assert!(!f.kern.is_empty(), "no kern lookups found");
        let a = f.ab.glyph_id('A').0;
        let v = f.ab.glyph_id('V').0;
        assert!(f.kerning(a, v) < 0.0, "A V should kern tighter");
        let w = measure("AV", 100.0, FontStyle::Regular, 0.0).width;
        let sum = measure("A", 100.0, FontStyle::Regular, 0.0).width
            + measure("V", 100.0, FontStyle::Regular, 0.0).width;
        assert!(w < sum - 1.0, "{w} vs {sum}");
    }

    #[test]
    fn width_scales_with_size_and_spacing() {
        let m10 = measure("Erbil", 10.0, FontStyle::Regular, 0.0);
        let m20 = measure("Erbil", 20.0, FontStyle::Regular, 0.0);
        assert!((m20.width - 2.0 * m10.width).abs() < 1e-3);
        let spaced = measure("Erbil", 10.0, FontStyle::Regular, 2.0);
        assert!(
            (spaced.width - m10.width - 8.0).abs() < 1e-3,
            "4 gaps of 2 px"
        );
        assert!(m10.ascent > 7.0 && m10.descent > 1.0);
        let bold = measure("Erbil", 10.0, FontStyle::Bold, 0.0);
        assert!(bold.width > m10.width);
    }

    #[test]
    fn whitespace_collapses_and_text_is_composed() {
        assert_eq!(normalize_text("  Aïn \n al-Assad\t"), "Aïn al-Assad");
        // i + combining diaeresis becomes the precomposed ï.
        assert_eq!(normalize_text("Ai\u{308}n"), "Aïn");
        let a = measure("Ai\u{308}n", 12.0, FontStyle::Regular, 3.0);
        let b = measure("Aïn", 12.0, FontStyle::Regular, 3.0);
        assert_eq!(a, b);
        assert_eq!(measure("   ", 12.0, FontStyle::Regular, 3.0).width, 0.0);
    }

    #[test]
    fn missing_glyphs_use_notdef_and_never_panic() {
        // Arabic and CJK are not in Noto Sans: .notdef (id 0) with its advance.
        let l = layout("بغداد 北京", 16.0, FontStyle::Italic, 0.0);
        assert!(l.glyphs.iter().any(|g| g.id == 0));
        assert!(l.metrics.width > 0.0);
        let notdef = face(FontStyle::Italic)
            .ab
            .h_advance_unscaled(ab_glyph::GlyphId(0));
        assert!(notdef > 0.0);
        for bad in [f32::NAN, -3.0, f32::INFINITY] {
            let m = measure("x", bad, FontStyle::Bold, bad);
            assert_eq!(m.width, 0.0);
        }
    }

    #[test]
    fn combining_marks_get_no_spacing() {
        // U+0323 has no precomposed form with "x" in NFC.
        let with_mark = measure("x\u{323}y", 10.0, FontStyle::Regular, 5.0).width;
        let plain = measure("x\u{323}y", 10.0, FontStyle::Regular, 0.0).width;
        assert!((with_mark - plain - 5.0).abs() < 1e-3);
    }
}
