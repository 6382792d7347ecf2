//! The bundled Noto Sans faces, handed to egui.
//!
//! The map on screen and the exported images must use the same glyphs, so egui gets the very
//! bytes [`crate::fonts::font_bytes`] gives the exporters. Each face becomes a named egui
//! family (`"Noto Sans"`, `"Noto Sans Bold"`, `"Noto Sans Italic"`), and the regular face is
//! also put first in egui's proportional family so the panels match the map. egui's own
//! default fonts stay behind as fallbacks for the few symbols Noto Sans lacks.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily, FontId};

use crate::fonts::{FAMILY, font_bytes};
use crate::map::display::FontStyle;

/// The egui family name of one face.
pub fn family_name(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Regular => FAMILY,
        FontStyle::Bold => "Noto Sans Bold",
        FontStyle::Italic => "Noto Sans Italic",
    }
}

/// The egui font of one face at a size in points.
pub fn font_id(style: FontStyle, size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(family_name(style).into()))
}

/// The font definitions: the three Noto faces as named families, Noto Sans first in the
/// proportional family, egui's defaults as fallbacks everywhere.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    let fallbacks: Vec<String> = defs
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for style in crate::fonts::STYLES {
        let name = family_name(style).to_string();
        defs.font_data.insert(
            name.clone(),
            Arc::new(FontData::from_static(font_bytes(style))),
        );
        let mut chain = vec![name];
        chain.extend(fallbacks.iter().cloned());
        defs.families
            .insert(FontFamily::Name(family_name(style).into()), chain);
    }
    defs.families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, FAMILY.to_string());
    defs
}

/// Installs the fonts in a context (idempotent: egui compares the definitions).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
