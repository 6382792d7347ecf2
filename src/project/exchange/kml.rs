//! KML 2.2 out, for Google Earth and the tools that read it.
//!
//! Written by hand (no XML crate: the output is small and regular): a `Document` with one
//! `Style` per category, then a folder of places, a folder of events (one Placemark per
//! event and place, the ACLED-style fields as `ExtendedData`, a `TimeStamp` or `TimeSpan`
//! when the year is known) and a folder of drawings (LineStrings and Polygons). Every text
//! is escaped with [`escape`], which also drops the control characters XML 1.0 forbids, so
//! no article text can break the file. KML colours are `aabbggrr`.

use std::fmt::Write;

use crate::project::{Anchor, LatLon, Project, Shape};
use crate::text::xml_escape as escape;

/// `#rrggbb` (and an opacity 0..1) as KML's `aabbggrr`.
fn kml_color(rgb: &str, opacity: f32) -> String {
    let c = crate::map::scene::drawing_color(rgb);
    let a = (opacity.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{a:02x}{:02x}{:02x}{:02x}", c.b, c.g, c.r)
}

fn coords(points: &[LatLon]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", super::coord(p.lon), super::coord(p.lat)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn data(out: &mut String, name: &str, value: &str) {
    if !value.is_empty() {
        let _ = write!(
            out,
            "<Data name=\"{}\"><value>{}</value></Data>",
            escape(name),
            escape(value)
        );
    }
}

/// The project as a KML document named `title`.
pub fn export(p: &Project, title: &str) -> String {
    let fr = p.lang == "fr";
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    let _ = writeln!(o, "<name>{}</name>", escape(title));
    for c in &p.categories {
        let _ = writeln!(
            o,
            "<Style id=\"category-{}\"><IconStyle><color>{}</color></IconStyle><LabelStyle><color>{}</color></LabelStyle></Style>",
            c.id,
            kml_color(&c.color, 1.0),
            kml_color(&c.color, 1.0)
        );
    }
    // Places.
    let _ = writeln!(
        o,
        "<Folder><name>{}</name>",
        if fr { "Lieux" } else { "Places" }
    );
    for (pl, mentions) in super::exported_places(p) {
        o.push_str("<Placemark>");
        let _ = write!(o, "<name>{}</name>", escape(&pl.name));
        if let Some(c) = pl.category {
            let _ = write!(o, "<styleUrl>#category-{c}</styleUrl>");
        }
        o.push_str("<ExtendedData>");
        data(&mut o, "feature", "place");
        data(&mut o, "place_id", &pl.id.to_string());
        data(&mut o, "place_kind", pl.kind.as_str());
        data(&mut o, "country", pl.country.as_deref().unwrap_or(""));
        data(
            &mut o,
            "gazetteer_ref",
            pl.gazetteer_ref.as_deref().unwrap_or(""),
        );
        data(&mut o, "mentions", &mentions.to_string());
        if let Some(c) = super::category_of(p, pl) {
            data(&mut o, "category", &c.name);
        }
        o.push_str("</ExtendedData>");
        let _ = writeln!(
            o,
            "<Point><coordinates>{},{}</coordinates></Point></Placemark>",
            super::coord(pl.point.lon),
            super::coord(pl.point.lat)
        );
    }
    o.push_str("</Folder>\n");
    // Events.
    let _ = writeln!(
        o,
        "<Folder><name>{}</name>",
        if fr { "Événements" } else { "Events" }
    );
    for row in super::event_rows(p) {
        let (e, pl) = (row.event, row.place);
        o.push_str("<Placemark>");
        let _ = write!(o, "<name>{}</name>", escape(&e.title));
        let desc = [e.summary.as_str(), e.notes.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n");
        if !desc.is_empty() {
            let _ = write!(o, "<description>{}</description>", escape(&desc));
        }
        if let Some(w) = e.when {
            match (
                super::xml_date(&w.start),
                w.end.as_ref().and_then(super::xml_date),
            ) {
                (Some(a), Some(b)) => {
                    let _ = write!(o, "<TimeSpan><begin>{a}</begin><end>{b}</end></TimeSpan>");
                }
                (Some(a), None) => {
                    let _ = write!(o, "<TimeStamp><when>{a}</when></TimeStamp>");
                }
                _ => {}
            }
        }
        o.push_str("<ExtendedData>");
        data(&mut o, "feature", "event");
        data(&mut o, "event_id", &e.id.to_string());
        data(
            &mut o,
            "event_date",
            &e.when.map(|w| w.start.to_iso()).unwrap_or_default(),
        );
        data(&mut o, "date_precision", super::date_precision(e.when));
        data(
            &mut o,
            "time_precision",
            &row.facts.time_precision.to_string(),
        );
        data(&mut o, "event_type", &e.kind);
        data(&mut o, "actor1", &row.facts.actor1);
        data(&mut o, "actor2", &row.facts.actor2);
        data(&mut o, "location", &pl.name);
        data(&mut o, "latitude", &row.latitude.to_string());
        data(&mut o, "longitude", &row.longitude.to_string());
        data(&mut o, "geo_precision", &row.geo_precision.to_string());
        data(&mut o, "source", &row.facts.source);
        data(
            &mut o,
            "sources_count",
            &row.facts.sources_count.to_string(),
        );
        data(&mut o, "notes", &e.notes);
        o.push_str("</ExtendedData>");
        let _ = writeln!(
            o,
            "<Point><coordinates>{},{}</coordinates></Point></Placemark>",
            row.longitude, row.latitude
        );
    }
    o.push_str("</Folder>\n");
    // Drawings.
    if !p.drawings.is_empty() {
        let _ = writeln!(
            o,
            "<Folder><name>{}</name>",
            if fr { "Dessins" } else { "Drawings" }
        );
        for d in &p.drawings {
            let at = |a: &Anchor| p.anchor_point(a);
            let geometry = match &d.shape {
                Shape::Arrow { from, to } => match (at(from), at(to)) {
                    (Some(a), Some(b)) => format!(
                        "<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>",
                        coords(&[a, b])
                    ),
                    _ => continue,
                },
                Shape::Line { points } => format!(
                    "<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>",
                    coords(points)
                ),
                Shape::Polygon { points } => {
                    let mut ring = points.clone();
                    if let Some(first) = ring.first().copied()
                        && ring.last() != Some(&first)
                    {
                        ring.push(first);
                    }
                    format!(
                        "<Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon>",
                        coords(&ring)
                    )
                }
                Shape::Label { at: q } => {
                    format!(
                        "<Point><coordinates>{}</coordinates></Point>",
                        coords(&[*q])
                    )
                }
                Shape::Callout { at: a, .. } => match at(a) {
                    Some(q) => {
                        format!("<Point><coordinates>{}</coordinates></Point>", coords(&[q]))
                    }
                    None => continue,
                },
            };
            o.push_str("<Placemark>");
            if let Some(t) = &d.text {
                let _ = write!(o, "<name>{}</name>", escape(t));
            }
            let _ = write!(
                o,
                "<Style><LineStyle><color>{}</color><width>{}</width></LineStyle><PolyStyle><color>{}</color></PolyStyle></Style>",
                kml_color(&d.style.color, 1.0),
                d.style.width,
                kml_color(&d.style.color, d.style.fill_opacity)
            );
            let _ = writeln!(o, "{geometry}</Placemark>");
        }
        o.push_str("</Folder>\n");
    }
    o.push_str("</Document>\n</kml>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{1}y\nz"), "xy\nz");
    }

    #[test]
    fn colours() {
        assert_eq!(kml_color("#112233", 1.0), "ff332211");
        assert_eq!(kml_color("#112233", 0.0), "00332211");
    }
}
