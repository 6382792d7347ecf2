//! The SVG backend: writes a [`Scene`] as an SVG 1.1 document, by hand.
//!
//! The output is meant to be opened in a browser or edited in Inkscape or Illustrator, so
//! text stays text and layers stay groups:
//!
//! - the root has `width`, `height` and a matching `viewBox`, then a background `<rect>`;
//! - each layer is a `<g id="…">` (the name made a valid, unique XML id if it is not one);
//! - `Fill` is one `<path>` with all rings and `fill-rule="nonzero"`; `Line` is a `<path>`
//!   with `fill="none"`, round caps and joins and `stroke-dasharray` when dashed;
//! - `Circle` is a `<circle>`, `Rect` a `<rect>` with `rx` (clamped as SVG would);
//! - `Text` is a `<text>` in the family [`crate::fonts::FAMILY`] (then `sans-serif` for a
//!   viewer without it) with `font-weight`,
//!   `font-style`, `font-size`, `text-anchor` and `letter-spacing`; the halo is a stroke
//!   painted first (`paint-order="stroke"`), `stroke-width` = the halo width, round joins.
//!   The string written is the one [`crate::fonts::layout`] lays out (whitespace collapsed,
//!   NFC), XML-escaped, so a viewer with Noto Sans draws the width the scene builder measured.
//!
//! Colours are `#rrggbb` with a separate `*-opacity` when not opaque. Numbers are written with
//! at most two decimals and no trailing zeros (`12.5`, not `12.500000`), which keeps a world
//! map's file small; non-finite coordinates are skipped like in the PNG backend. Same scene,
//! same string: nothing depends on time, locale or hash order.

use std::fmt::Write;

use super::png::{clamp_radius, dash_pattern, stroke_visible};
use crate::fonts;
use crate::map::display::{Anchor, Color, FontStyle, Item, Pt, Scene, Stroke, Text};
use crate::text::xml_escape_into;

/// Writes the scene as a standalone SVG document.
pub fn render_svg(scene: &Scene) -> String {
    let mut out = String::with_capacity(4096 + estimate(scene));
    let (w, h) = (num(scene.width), num(scene.height));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\">\n<rect width=\"{w}\" height=\"{h}\""
    );
    paint_attrs(&mut out, "fill", scene.background);
    out.push_str("/>\n");
    let mut ids: Vec<String> = Vec::with_capacity(scene.layers.len());
    for layer in &scene.layers {
        // Ids must be unique: a repeated layer name gets "-2", "-3"...
        let base = xml_id(&layer.name);
        let mut id = base.clone();
        let mut n = 1;
        while ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        out.push_str("<g id=\"");
        out.push_str(&id);
        out.push_str("\">\n");
        ids.push(id);
        for item in &layer.items {
            write_item(&mut out, item);
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// A rough byte count, to allocate once for large maps.
fn estimate(scene: &Scene) -> usize {
    scene
        .layers
        .iter()
        .flat_map(|l| &l.items)
        .map(|i| match i {
            Item::Fill { rings, .. } => 60 + 14 * rings.iter().map(Vec::len).sum::<usize>(),
            Item::Line { points, .. } => 120 + 14 * points.len(),
            _ => 160,
        })
        .sum()
}

fn write_item(out: &mut String, item: &Item) {
    match item {
        Item::Fill { rings, color, .. } => {
            let start = out.len();
            out.push_str("<path d=\"");
            let before = out.len();
            for ring in rings {
                path_data(out, ring, true, 3);
            }
            if out.len() == before {
                out.truncate(start);
                return;
            }
            out.push('"');
            paint_attrs(out, "fill", *color);
            out.push_str(" fill-rule=\"nonzero\"/>\n");
        }
        Item::Line {
            points,
            closed,
            stroke,
        } => {
            if !stroke_visible(stroke) {
                return;
            }
            let start = out.len();
            out.push_str("<path d=\"");
            let before = out.len();
            path_data(out, points, *closed, 2);
            if out.len() == before {
                out.truncate(start);
                return;
            }
            out.push_str("\" fill=\"none\"");
            stroke_attrs(out, stroke);
            out.push_str("/>\n");
        }
        Item::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            if !center.is_finite() || !radius.is_finite() || *radius <= 0.0 {
                return;
            }
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                num(center.x),
                num(center.y),
                num(*radius)
            );
            fill_and_stroke(out, *fill, stroke.as_ref());
            out.push_str("/>\n");
        }
        Item::Rect {
            rect,
            corner_radius,
            fill,
            stroke,
        } => {
            if !rect.min.is_finite() || !rect.max.is_finite() {
                return;
            }
            let x = rect.min.x.min(rect.max.x);
            let y = rect.min.y.min(rect.max.y);
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                num(x),
                num(y),
                num(rect.width().abs()),
                num(rect.height().abs())
            );
            let r = clamp_radius(rect, *corner_radius);
            if r > 0.0 {
                let _ = write!(out, " rx=\"{}\"", num(r));
            }
            fill_and_stroke(out, *fill, stroke.as_ref());
            out.push_str("/>\n");
        }
        Item::Text(t) => write_text(out, t),
    }
}

fn write_text(out: &mut String, t: &Text) {
    if !t.pos.is_finite() || !t.size.is_finite() || t.size <= 0.0 {
        return;
    }
    let text = fonts::normalize_text(&t.text);
    if text.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-family=\"'{}', sans-serif\" font-size=\"{}\"",
        num(t.pos.x),
        num(t.pos.y),
        fonts::FAMILY,
        num(t.size)
    );
    match t.style {
        FontStyle::Regular => {}
        FontStyle::Bold => out.push_str(" font-weight=\"bold\""),
        FontStyle::Italic => out.push_str(" font-style=\"italic\""),
    }
    match t.anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    if t.letter_spacing.is_finite() && t.letter_spacing != 0.0 {
        let _ = write!(out, " letter-spacing=\"{}\"", num(t.letter_spacing));
    }
    paint_attrs(out, "fill", t.color);
    if let Some((color, width)) = t.halo {
        let halo = Stroke::solid(width, color);
        if stroke_visible(&halo) {
            paint_attrs(out, "stroke", color);
            let _ = write!(
                out,
                " stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                num(width)
            );
        }
    }
    out.push('>');
    xml_escape_into(out, &text);
    out.push_str("</text>\n");
}

/// `M x y L x y x y … [Z]` for one polyline, skipping non-finite points; nothing when fewer
/// than `min_points` remain.
fn path_data(out: &mut String, points: &[Pt], closed: bool, min_points: usize) {
    if points.iter().filter(|p| p.is_finite()).count() < min_points {
        return;
    }
    for (i, p) in points.iter().filter(|p| p.is_finite()).enumerate() {
        out.push_str(match i {
            0 => "M",
            1 => "L",
            _ => " ",
        });
        push_num(out, p.x);
        out.push(' ');
        push_num(out, p.y);
    }
    if closed {
        out.push('Z');
    }
}

fn fill_and_stroke(out: &mut String, fill: Option<Color>, stroke: Option<&Stroke>) {
    match fill {
        Some(c) => paint_attrs(out, "fill", c),
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = stroke.filter(|s| stroke_visible(s)) {
        stroke_attrs(out, s);
    }
}

fn stroke_attrs(out: &mut String, s: &Stroke) {
    paint_attrs(out, "stroke", s.color);
    let _ = write!(
        out,
        " stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"",
        num(s.width)
    );
    if let Some(dash) = dash_pattern(&s.dash) {
        out.push_str(" stroke-dasharray=\"");
        for (i, d) in dash.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            push_num(out, *d);
        }
        out.push('"');
    }
}

/// ` fill="#rrggbb"` (or stroke), plus ` fill-opacity="…"` when the colour is not opaque.
fn paint_attrs(out: &mut String, what: &str, c: Color) {
    let _ = write!(out, " {what}=\"#{:02x}{:02x}{:02x}\"", c.r, c.g, c.b);
    if c.a < 255 {
        let _ = write!(out, " {what}-opacity=\"");
        // Three decimals: 1/255 steps need them to round-trip.
        let milli = (u32::from(c.a) * 1000 + 127) / 255;
        let _ = write!(out, "0.{milli:03}");
        while out.ends_with('0') {
            out.pop();
        }
        if out.ends_with('.') {
            out.pop();
        }
        out.push('"');
    }
}

/// A number with at most two decimals, as a string.
fn num(v: f32) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// Appends `v` rounded to two decimals without trailing zeros (`-0` is written `0`;
/// non-finite values, which callers filter out, are written `0`).
fn push_num(out: &mut String, v: f32) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    // In f64 the product is exact enough, and the cast saturates for absurd values (> 9e16).
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths == 0 {
        out.push('0');
        return;
    }
    if hundredths < 0 {
        out.push('-');
    }
    let abs = hundredths.unsigned_abs();
    push_uint(out, abs / 100);
    let frac = (abs % 100) as u8;
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + frac / 10));
        if !frac.is_multiple_of(10) {
            out.push(char::from(b'0' + frac % 10));
        }
    }
}

/// Appends the decimal digits of `n` (this is the hot loop of a large map, so no `fmt`).
fn push_uint(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

/// A valid XML id (a name start character, then letters, digits, `-`, `_`, `.`) made from a
/// layer name: other characters become `_`, and `_` is put first when needed.
fn xml_id(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        id.insert(0, '_');
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::display::{Layer, Rect};

    #[test]
    fn numbers_have_at_most_two_decimals() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.004, "0"),
            (1.0, "1"),
            (12.5, "12.5"),
            (12.345, "12.35"),
            (-3.1, "-3.1"),
            (0.05, "0.05"),
            (1919.999, "1920"),
            (-0.5, "-0.5"),
            (f32::NAN, "0"),
        ];
        for (v, want) in cases {
            assert_eq!(num(v), want, "{v}");
        }
        assert_eq!(num(1.0e9), "1000000000");
    }

    #[test]
    fn text_is_escaped_and_ids_are_valid() {
        let mut s = String::new();
        xml_escape_into(&mut s, "A&B <C> \"D\" 'E'");
        assert_eq!(s, "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;");
        assert_eq!(xml_id("land"), "land");
        assert_eq!(xml_id("2 pins"), "_2_pins");
        assert_eq!(xml_id(""), "_");
        assert_eq!(xml_id("a\"><x"), "a___x");
    }

    #[test]
    fn opacity_is_written_only_when_needed() {
        let mut s = String::new();
        paint_attrs(&mut s, "fill", Color::rgb(255, 0, 16));
        assert_eq!(s, " fill=\"#ff0010\"");
        s.clear();
        paint_attrs(&mut s, "stroke", Color::rgba(0, 0, 0, 128));
        assert_eq!(s, " stroke=\"#000000\" stroke-opacity=\"0.502\"");
        s.clear();
        paint_attrs(&mut s, "fill", Color::rgba(0, 0, 0, 0));
        assert_eq!(s, " fill=\"#000000\" fill-opacity=\"0\"");
    }

    #[test]
    fn items_become_elements() {
        let mut scene = Scene::new(100.0, 50.0, Color::rgb(170, 211, 223));
        scene.layers.push(Layer {
            name: "borders".into(),
            items: vec![
                Item::Fill {
                    rings: vec![
                        vec![Pt::new(0.0, 0.0), Pt::new(10.0, 0.0), Pt::new(10.0, 10.0)],
                        vec![Pt::new(1.0, 1.0), Pt::new(f32::NAN, 1.0)],
                    ],
                    triangles: vec![0, 1, 2],
                    color: Color::rgb(1, 2, 3),
                },
                Item::Line {
                    points: vec![Pt::new(0.0, 0.0), Pt::new(5.5, 5.25), Pt::new(-1.0, 2.0)],
                    closed: false,
                    stroke: Stroke::dashed(1.5, Color::rgba(0, 0, 0, 255), vec![4.0, 2.0]),
                },
                Item::Line {
                    points: vec![Pt::new(0.0, 0.0)],
                    closed: false,
                    stroke: Stroke::solid(1.0, Color::rgb(0, 0, 0)),
                },
                Item::Circle {
                    center: Pt::new(3.0, 4.0),
                    radius: 2.0,
                    fill: None,
                    stroke: Some(Stroke::solid(1.0, Color::rgb(9, 9, 9))),
                },
                Item::Rect {
                    rect: Rect {
                        min: Pt::new(10.0, 10.0),
                        max: Pt::new(30.0, 20.0),
                    },
                    corner_radius: 50.0,
                    fill: Some(Color::rgb(255, 255, 255)),
                    stroke: None,
                },
                Item::Text(Text {
                    pos: Pt::new(50.0, 25.0),
                    text: "  Tom & Jerry\n<b> ".into(),
                    size: 12.0,
                    color: Color::rgb(0, 0, 0),
                    style: FontStyle::Italic,
                    anchor: Anchor::Middle,
                    letter_spacing: 1.0,
                    halo: Some((Color::rgb(255, 255, 255), 3.0)),
                }),
            ],
        });
        let svg = render_svg(&scene);
        let want = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\" viewBox=\"0 0 100 50\">
<rect width=\"100\" height=\"50\" fill=\"#aad3df\"/>
<g id=\"borders\">
<path d=\"M0 0L10 0 10 10Z\" fill=\"#010203\" fill-rule=\"nonzero\"/>
<path d=\"M0 0L5.5 5.25 -1 2\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-dasharray=\"4 2\"/>
<circle cx=\"3\" cy=\"4\" r=\"2\" fill=\"none\" stroke=\"#090909\" stroke-width=\"1\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>
<rect x=\"10\" y=\"10\" width=\"20\" height=\"10\" rx=\"5\" fill=\"#ffffff\"/>
<text x=\"50\" y=\"25\" font-family=\"'Noto Sans', sans-serif\" font-size=\"12\" font-style=\"italic\" text-anchor=\"middle\" letter-spacing=\"1\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">Tom &amp; Jerry &lt;b&gt;</text>
</g>
</svg>
";
        assert_eq!(svg, want);
        assert_eq!(render_svg(&scene), svg, "deterministic");

        // Repeated layer names still give unique ids.
        for _ in 0..2 {
            scene.layers.push(Layer {
                name: "borders".into(),
                items: Vec::new(),
            });
        }
        let svg = render_svg(&scene);
        assert!(svg.contains("<g id=\"borders-2\">\n</g>\n<g id=\"borders-3\">"));
    }
}
