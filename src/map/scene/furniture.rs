//! Map furniture for exports (and optionally the screen): title and subtitle, legend of the
//! place kinds and the user's categories present, scale bar, credits line, and the event key (a numbered list of events
//! with date, place and one line), plus the list of places outside the frame.
//!
//! Every box is drawn on the "furniture" layer and reserved in the label placer *before* map
//! labels are placed, so no label ever hides under the legend or the title.

use super::labels::measure;
use super::labels::{Placer, text_box};
use super::style::{PIN_RADIUS, Palette, kind_color, pin_symbol};
use crate::map::display::{Anchor, Color, FontStyle, Item, Pt, Rect, Stroke, Text};
use crate::map::view::View;
use crate::project::PlaceKind;

/// The credit line every exported map carries.
pub const CREDITS: &str =
    "Natural Earth (public domain) · GeoNames (CC BY 4.0) · OurAirports (public domain) · Dateline";

const MARGIN: f32 = 14.0;
const PAD: f32 = 10.0;

fn text(pos: Pt, s: &str, size: f32, color: Color, style: FontStyle, anchor: Anchor) -> Item {
    Item::Text(Text {
        pos,
        text: s.to_string(),
        size,
        color,
        style,
        anchor,
        letter_spacing: 0.0,
        halo: None,
    })
}

fn panel(rect: Rect, pal: &Palette) -> Item {
    Item::Rect {
        rect,
        corner_radius: 4.0,
        fill: Some(pal.panel),
        stroke: Some(Stroke::solid(1.0, pal.panel_border)),
    }
}

/// Shortens `s` with an ellipsis until it fits `max_w` at this size and style.
pub fn fit_text(s: &str, size: f32, style: FontStyle, max_w: f32) -> String {
    if measure(s, size, style, 0.0).width <= max_w {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let t: String = chars[..mid].iter().collect::<String>() + "…";
        if measure(&t, size, style, 0.0).width <= max_w {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…"
}

/// Title and subtitle, top left.
pub fn title(
    out: &mut Vec<Item>,
    placer: &mut Placer,
    view: &View,
    pal: &Palette,
    title: &str,
    subtitle: Option<&str>,
) {
    let max_w = (view.width * 0.6).max(200.0);
    let t = fit_text(title, 24.0, FontStyle::Bold, max_w);
    let tm = measure(&t, 24.0, FontStyle::Bold, 0.0);
    let mut w = tm.width;
    let mut h = 30.0;
    let sub = subtitle.map(|s| fit_text(s, 15.0, FontStyle::Regular, max_w));
    if let Some(s) = &sub {
        w = w.max(measure(s, 15.0, FontStyle::Regular, 0.0).width);
        h += 21.0;
    }
    let rect = Rect::from_min_size(Pt::new(MARGIN, MARGIN), w + 2.0 * PAD + 2.0, h + PAD);
    out.push(panel(rect, pal));
    out.push(text(
        Pt::new(MARGIN + PAD, MARGIN + PAD + 22.0),
        &t,
        24.0,
        pal.text,
        FontStyle::Bold,
        Anchor::Start,
    ));
    if let Some(s) = &sub {
        out.push(text(
            Pt::new(MARGIN + PAD, MARGIN + PAD + 44.0),
            s,
            15.0,
            pal.muted_text,
            FontStyle::Regular,
            Anchor::Start,
        ));
    }
    placer.reserve(rect.expand(4.0));
}

/// A scale bar, bottom left, above the legend's baseline; returns its box.
pub fn scale_bar(
    out: &mut Vec<Item>,
    placer: &mut Placer,
    view: &View,
    pal: &Palette,
    bottom: f32,
) -> Rect {
    let mpp = view.meters_per_px();
    let target_px = (view.width * 0.12).clamp(80.0, 180.0) as f64;
    let raw = mpp * target_px;
    let pow = 10f64.powf(raw.log10().floor());
    let nice = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * pow)
        .filter(|v| *v <= raw)
        .fold(pow, f64::max);
    let px = (nice / mpp) as f32;
    let label = if nice >= 1000.0 {
        format!(
            "{} km",
            crate::text::group_digits((nice / 1000.0).round() as u64, '\u{202f}')
        )
    } else {
        format!("{} m", nice as u64)
    };
    let x0 = MARGIN + PAD;
    let y = bottom - PAD - 6.0;
    let rect = Rect {
        min: Pt::new(MARGIN, y - 24.0),
        max: Pt::new(x0 + px + PAD + 40.0, bottom),
    };
    out.push(panel(rect, pal));
    // Two-tone bar with end ticks.
    let h = 5.0;
    out.push(Item::Rect {
        rect: Rect::from_min_size(Pt::new(x0, y - h), px / 2.0, h),
        corner_radius: 0.0,
        fill: Some(pal.text),
        stroke: None,
    });
    out.push(Item::Rect {
        rect: Rect::from_min_size(Pt::new(x0 + px / 2.0, y - h), px / 2.0, h),
        corner_radius: 0.0,
        fill: Some(pal.panel),
        stroke: Some(Stroke::solid(1.0, pal.text)),
    });
    out.push(text(
        Pt::new(x0, y - h - 4.0),
        "0",
        11.0,
        pal.text,
        FontStyle::Regular,
        Anchor::Middle,
    ));
    out.push(text(
        Pt::new(x0 + px, y - h - 4.0),
        &label,
        11.0,
        pal.text,
        FontStyle::Regular,
        Anchor::Start,
    ));
    placer.reserve(rect.expand(3.0));
    rect
}

/// The legend, bottom left above the scale bar: the place kinds present (countries as a
/// tinted swatch), then the user's categories present (`(name, colour)`, a round swatch of
/// the colour each); returns its box.
pub fn legend(
    out: &mut Vec<Item>,
    placer: &mut Placer,
    pal: &Palette,
    lang: &str,
    kinds: &[PlaceKind],
    categories: &[(String, Color)],
    bottom: f32,
) -> Option<Rect> {
    if kinds.is_empty() && categories.is_empty() {
        return None;
    }
    let row = 20.0;
    let head = if lang == "fr" { "Légende" } else { "Legend" };
    let names: Vec<String> = categories
        .iter()
        .map(|(n, _)| fit_text(n, 13.0, FontStyle::Regular, 220.0))
        .collect();
    let w = kinds
        .iter()
        .map(|k| k.label(lang))
        .chain(names.iter().map(String::as_str))
        .map(|t| measure(t, 13.0, FontStyle::Regular, 0.0).width)
        .fold(measure(head, 13.0, FontStyle::Bold, 0.0).width, f32::max)
        + 28.0;
    let rows = kinds.len() + names.len();
    let h = row * (rows as f32 + 1.0) + PAD;
    let rect = Rect::from_min_size(Pt::new(MARGIN, bottom - h), w + 2.0 * PAD, h);
    out.push(panel(rect, pal));
    out.push(text(
        Pt::new(MARGIN + PAD, bottom - h + PAD + 12.0),
        head,
        13.0,
        pal.text,
        FontStyle::Bold,
        Anchor::Start,
    ));
    for (i, k) in kinds.iter().enumerate() {
        let cy = bottom - h + PAD + row * (i as f32 + 1.0) + 8.0;
        if *k == PlaceKind::Country {
            out.push(Item::Rect {
                rect: Rect::from_min_size(Pt::new(MARGIN + PAD, cy - 6.0), 16.0, 12.0),
                corner_radius: 2.0,
                fill: Some(pal.land_highlight),
                stroke: Some(Stroke::solid(1.0, pal.border)),
            });
        } else {
            pin_symbol(
                *k,
                kind_color(*k),
                Pt::new(MARGIN + PAD + 8.0, cy),
                PIN_RADIUS * 0.85,
                out,
            );
        }
        out.push(text(
            Pt::new(MARGIN + PAD + 26.0, cy + 4.5),
            k.label(lang),
            13.0,
            pal.text,
            FontStyle::Regular,
            Anchor::Start,
        ));
    }
    for (i, (name, (_, color))) in names.iter().zip(categories).enumerate() {
        let cy = bottom - h + PAD + row * ((kinds.len() + i) as f32 + 1.0) + 8.0;
        out.push(Item::Circle {
            center: Pt::new(MARGIN + PAD + 8.0, cy),
            radius: PIN_RADIUS * 0.85,
            fill: Some(*color),
            stroke: Some(Stroke::solid(1.5, pal.panel_border)),
        });
        out.push(text(
            Pt::new(MARGIN + PAD + 26.0, cy + 4.5),
            name,
            13.0,
            pal.text,
            FontStyle::Regular,
            Anchor::Start,
        ));
    }
    placer.reserve(rect.expand(3.0));
    Some(rect)
}

/// The credits line, bottom right.
pub fn credits(out: &mut Vec<Item>, placer: &mut Placer, view: &View, pal: &Palette) {
    let size = 10.5;
    let t = fit_text(CREDITS, size, FontStyle::Regular, view.width - 2.0 * MARGIN);
    let m = measure(&t, size, FontStyle::Regular, 0.0);
    let pos = Pt::new(view.width - MARGIN + 4.0, view.height - 6.0);
    let b = text_box(pos, Anchor::End, m.width, m.ascent, m.descent).expand(3.0);
    out.push(Item::Rect {
        rect: b,
        corner_radius: 2.0,
        fill: Some(pal.panel.with_alpha(0xc0)),
        stroke: None,
    });
    out.push(text(
        pos,
        &t,
        size,
        pal.muted_text,
        FontStyle::Regular,
        Anchor::End,
    ));
    placer.reserve(b);
}

/// One line of the event key.
pub struct KeyLine {
    pub number: Option<usize>,
    pub text: String,
}

/// A box of numbered lines at the top right (the event key and the places outside the frame).
pub fn key(
    out: &mut Vec<Item>,
    placer: &mut Placer,
    view: &View,
    pal: &Palette,
    heading: &str,
    lines: &[KeyLine],
    top: f32,
) -> Option<Rect> {
    if lines.is_empty() {
        return None;
    }
    let size = 12.5;
    let row = 19.0;
    let max_w = (view.width * 0.34).clamp(180.0, 460.0);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| fit_text(&l.text, size, FontStyle::Regular, max_w - 30.0))
        .collect();
    let w = texts
        .iter()
        .map(|t| measure(t, size, FontStyle::Regular, 0.0).width + 30.0)
        .fold(measure(heading, 13.0, FontStyle::Bold, 0.0).width, f32::max);
    let max_rows = (((view.height - top - 60.0) / row).floor() as usize)
        .saturating_sub(1)
        .max(1);
    let shown = lines.len().min(max_rows);
    let h = row * (shown as f32 + 1.0) + PAD;
    let x0 = view.width - MARGIN - w - 2.0 * PAD;
    let rect = Rect::from_min_size(Pt::new(x0, top), w + 2.0 * PAD, h);
    out.push(panel(rect, pal));
    out.push(text(
        Pt::new(x0 + PAD, top + PAD + 12.0),
        heading,
        13.0,
        pal.text,
        FontStyle::Bold,
        Anchor::Start,
    ));
    for (i, (l, t)) in lines.iter().zip(&texts).take(shown).enumerate() {
        let base = top + PAD + row * (i as f32 + 1.0) + 13.0;
        if let Some(n) = l.number {
            badge(out, Pt::new(x0 + PAD + 8.0, base - 4.5), n, pal);
        } else {
            out.push(text(
                Pt::new(x0 + PAD + 8.0, base),
                "›",
                size,
                pal.muted_text,
                FontStyle::Bold,
                Anchor::Middle,
            ));
        }
        out.push(text(
            Pt::new(x0 + PAD + 22.0, base),
            t,
            size,
            pal.text,
            FontStyle::Regular,
            Anchor::Start,
        ));
    }
    placer.reserve(rect.expand(3.0));
    Some(rect)
}

/// A round number badge centred at `c`; returns its radius.
pub fn badge(out: &mut Vec<Item>, c: Pt, n: usize, pal: &Palette) -> f32 {
    let s = n.to_string();
    let size = 10.5;
    let w = measure(&s, size, FontStyle::Bold, 0.0).width;
    let r = (w / 2.0 + 3.5).max(7.5);
    if s.len() <= 2 {
        out.push(Item::Circle {
            center: c,
            radius: r,
            fill: Some(pal.badge),
            stroke: Some(Stroke::solid(1.2, pal.badge_text)),
        });
    } else {
        out.push(Item::Rect {
            rect: Rect {
                min: Pt::new(c.x - r, c.y - 7.5),
                max: Pt::new(c.x + r, c.y + 7.5),
            },
            corner_radius: 7.5,
            fill: Some(pal.badge),
            stroke: Some(Stroke::solid(1.2, pal.badge_text)),
        });
    }
    out.push(text(
        Pt::new(c.x, c.y + 3.8),
        &s,
        size,
        pal.badge_text,
        FontStyle::Bold,
        Anchor::Middle,
    ));
    r
}
