//! GeoJSON (RFC 7946) out and in, through the `geojson` crate's types.
//!
//! Out: one FeatureCollection with a Point per visible place (`feature` = `place`), a Point
//! per event and place (`feature` = `event`, ACLED-style properties, see [`super`]), and
//! the drawings (`feature` = `drawing`: arrows and lines as LineStrings, areas as Polygons,
//! labels and callouts as Points) with simplestyle properties (`stroke`, `stroke-width`,
//! `fill`, `fill-opacity`), so that QGIS, kepler.gl, uMap and geojson.io show them. The
//! categories are a `categories` member of the collection.
//!
//! Events none of whose places is in the project go out as features without a geometry
//! (RFC 7946 allows it), and come back in as events without a place.
//!
//! In: Point features become places or events (see [`super`]), features without a geometry
//! events without a place; drawings and other geometries are skipped and counted, since a
//! drawing without its project has nothing to link to.

use geojson::{Feature, FeatureCollection, GeoJson, Geometry, GeometryValue, JsonObject};
use serde_json::{Value, json};

use super::{ExchangeError, Imported};
use crate::project::{Actor, Anchor, Event, LatLon, Project, Shape, SourceRef};

fn point(lat: f64, lon: f64) -> Geometry {
    Geometry::new_point([super::coord(lon), super::coord(lat)])
}

/// A feature; `None` for one without a place (RFC 7946 "unlocated").
fn feature(geometry: Option<Geometry>, properties: Value) -> Feature {
    let properties = match properties {
        Value::Object(m) => Some(m),
        _ => None,
    };
    Feature {
        bbox: None,
        geometry,
        id: None,
        properties,
        foreign_members: None,
    }
}

/// The project as a FeatureCollection.
pub fn to_feature_collection(p: &Project) -> FeatureCollection {
    let mut features = Vec::new();
    for (pl, mentions) in super::exported_places(p) {
        let cat = super::category_of(p, pl);
        let mut props = json!({
            "feature": "place",
            "place_id": pl.id,
            "name": pl.name,
            "place_kind": pl.kind.as_str(),
            "country": pl.country,
            "gazetteer_ref": pl.gazetteer_ref,
            "geo_precision": super::geo_precision(pl.kind),
            "mentions": mentions,
            "category": cat.map(|c| c.name.clone()),
        });
        if let (Some(c), Value::Object(m)) = (super::pin_color(p, pl), &mut props) {
            m.insert("marker-color".into(), Value::from(c));
        }
        features.push(feature(Some(point(pl.point.lat, pl.point.lon)), props));
    }
    for row in super::event_rows(p) {
        features.push(feature(
            Some(point(row.place.point.lat, row.place.point.lon)),
            event_properties(p, row.event, &row.facts, Some(&row)),
        ));
    }
    for e in super::unlocated_events(p) {
        features.push(feature(
            None,
            event_properties(p, e, &super::event_facts(p, e), None),
        ));
    }
    for d in &p.drawings {
        let at = |a: &Anchor| p.anchor_point(a);
        let pos = |q: &LatLon| vec![super::coord(q.lon), super::coord(q.lat)];
        let (shape, geometry) = match &d.shape {
            Shape::Arrow { from, to } => {
                let (Some(a), Some(b)) = (at(from), at(to)) else {
                    continue;
                };
                ("arrow", Geometry::new_line_string([pos(&a), pos(&b)]))
            }
            Shape::Line { points } => (
                "line",
                Geometry::new_line_string(points.iter().map(pos).collect::<Vec<_>>()),
            ),
            Shape::Polygon { points } => {
                let mut ring: Vec<Vec<f64>> = points.iter().map(pos).collect();
                if let Some(first) = ring.first().cloned()
                    && ring.last() != Some(&first)
                {
                    ring.push(first);
                }
                ("polygon", Geometry::new_polygon([ring]))
            }
            Shape::Label { at } => ("label", point(at.lat, at.lon)),
            Shape::Callout { at: a, .. } => {
                let Some(q) = at(a) else { continue };
                ("callout", point(q.lat, q.lon))
            }
        };
        features.push(feature(
            Some(geometry),
            json!({
                "feature": "drawing",
                "drawing_id": d.id,
                "shape": shape,
                "text": d.text,
                "stroke": d.style.color,
                "stroke-width": d.style.width,
                "fill": d.style.color,
                "fill-opacity": d.style.fill_opacity,
                "dashed": d.style.dashed,
                "events": d.events,
            }),
        ));
    }
    let mut fc = FeatureCollection::new(features);
    if !p.categories.is_empty() {
        let mut m = JsonObject::new();
        m.insert(
            "categories".into(),
            Value::Array(
                p.categories
                    .iter()
                    .map(|c| json!({"id": c.id, "name": c.name, "color": c.color}))
                    .collect(),
            ),
        );
        fc.foreign_members = Some(m);
    }
    fc
}

/// An event's properties; `at` is the record of one of its places, `None` for an event
/// with no place (whose place properties are null).
fn event_properties(
    p: &Project,
    e: &Event,
    facts: &super::Facts,
    at: Option<&super::Row<'_>>,
) -> Value {
    let place = at.map(|r| r.place);
    let sources: Vec<Value> = e
        .sources
        .iter()
        .filter_map(|r| {
            let s = p.sources.iter().find(|s| s.id == r.source)?;
            Some(json!({"name": s.name, "kind": s.kind, "claim": super::claim_name(r.claim)}))
        })
        .collect();
    json!({
        "feature": "event",
        "event_id": e.id,
        "event_date": e.when.map(|w| w.start.to_iso()),
        "end_date": e.when.and_then(|w| w.end).map(|d| d.to_iso()),
        "date_precision": super::date_precision(e.when),
        "time_precision": facts.time_precision,
        "event_type": e.kind,
        "actor1": facts.actor1,
        "actor2": facts.actor2,
        "location": place.map(|pl| &pl.name),
        "latitude": at.map(|r| r.latitude),
        "longitude": at.map(|r| r.longitude),
        "geo_precision": at.map(|r| r.geo_precision),
        "country": place.and_then(|pl| pl.country.as_ref()),
        "place_id": place.map(|pl| pl.id),
        "place_kind": place.map(|pl| pl.kind.as_str()),
        "gazetteer_ref": place.and_then(|pl| pl.gazetteer_ref.as_ref()),
        "source": facts.source,
        "sources_count": facts.sources_count,
        "notes": e.notes,
        "title": e.title,
        "summary": e.summary,
        "actors": e.actors,
        "sources": sources,
    })
}

/// The project as GeoJSON text.
pub fn export(p: &Project) -> String {
    let fc = to_feature_collection(p);
    // The model holds no value serde_json cannot write (numbers are finite).
    serde_json::to_string_pretty(&fc).unwrap_or_else(|_| fc.to_string())
}

fn text(props: &JsonObject, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads GeoJSON text (`name` names it in errors).
pub fn import(src: &str, name: &str) -> Result<Imported, ExchangeError> {
    let gj: GeoJson = src
        .parse()
        .map_err(|e: geojson::Error| ExchangeError::GeoJson {
            name: name.to_string(),
            message: e.to_string(),
        })?;
    let mut out = Imported::default();
    let features: Vec<Feature> = match gj {
        GeoJson::FeatureCollection(fc) => {
            if let Some(cats) = fc
                .foreign_members
                .as_ref()
                .and_then(|m| m.get("categories"))
                .and_then(Value::as_array)
            {
                for c in cats {
                    if let Some(n) = c.get("name").and_then(Value::as_str) {
                        out.category(n, c.get("color").and_then(Value::as_str));
                    }
                }
            }
            fc.features
        }
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![Feature::from(g)],
    };
    // Events by their `event_id` (an event at two places is two features).
    let mut event_keys: Vec<String> = Vec::new();
    let empty = JsonObject::new();
    for (n, f) in features.iter().enumerate() {
        let props = f.properties.as_ref().unwrap_or(&empty);
        let kind_prop = text(props, "feature");
        let is_event = kind_prop.as_deref() == Some("event")
            || props.contains_key("event_type")
            || props.contains_key("event_date");
        let coords = match f.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) => coordinates.as_slice(),
            // An event without a place (GeoJSON's "unlocated feature").
            None if is_event => {
                let key = text(props, "event_id").unwrap_or_else(|| format!("#feature{n}"));
                if !event_keys.contains(&key) {
                    let event = read_event(&mut out, props, None);
                    event_keys.push(key);
                    out.events.push(event);
                }
                continue;
            }
            _ => {
                out.skipped += 1;
                continue;
            }
        };
        let (Some(&lon), Some(&lat)) = (coords.first(), coords.get(1)) else {
            out.skipped += 1;
            continue;
        };
        if !super::on_earth(lat, lon) {
            out.skipped += 1;
            continue;
        }
        if kind_prop.as_deref() == Some("drawing") {
            out.skipped += 1;
            continue;
        }
        let place_name = if is_event {
            text(props, "location").or_else(|| text(props, "name"))
        } else {
            ["name", "title", "label", "location"]
                .iter()
                .find_map(|k| text(props, k))
        };
        let Some(place_name) = place_name else {
            out.skipped += 1;
            continue;
        };
        // `kind` as other tools write it, for a place (an event's kind is its type).
        let kind = text(props, "place_kind")
            .or_else(|| (!is_event).then(|| text(props, "kind")).flatten())
            .and_then(|k| super::place_kind(&k))
            .unwrap_or(if is_event {
                match props.get("geo_precision").and_then(Value::as_u64) {
                    Some(3) => crate::project::PlaceKind::Country,
                    Some(2) => crate::project::PlaceKind::Region,
                    _ => crate::project::PlaceKind::Other,
                }
            } else {
                crate::project::PlaceKind::Other
            });
        let place = out.place_at(
            &place_name,
            kind,
            lat,
            lon,
            text(props, "country"),
            text(props, "gazetteer_ref"),
        );
        if !is_event {
            if let Some(c) = text(props, "category") {
                let color = text(props, "marker-color");
                let cat = out.category(&c, color.as_deref());
                if let Some(pl) = out.places.get_mut(place as usize) {
                    pl.category = Some(cat);
                }
            }
            continue;
        }
        let key = text(props, "event_id").unwrap_or_else(|| format!("#feature{n}"));
        if let Some(i) = event_keys.iter().position(|k| *k == key) {
            if let Some(e) = out.events.get_mut(i)
                && !e.places.contains(&place)
            {
                e.places.push(place);
            }
            continue;
        }
        let event = read_event(&mut out, props, Some((place, &place_name)));
        event_keys.push(key);
        out.events.push(event);
    }
    Ok(out)
}

/// An event from a feature's properties, at a place of `out` (its index and name) if it has
/// one.
fn read_event(out: &mut Imported, props: &JsonObject, place: Option<(u32, &str)>) -> Event {
    let kind = text(props, "event_type").unwrap_or_else(|| "event".into());
    let actors: Vec<Actor> = match props
        .get("actors")
        .and_then(|a| serde_json::from_value::<Vec<Actor>>(a.clone()).ok())
    {
        Some(a) => a,
        None => super::csv::actors_from_pair(text(props, "actor1"), text(props, "actor2")),
    };
    let mut sources = Vec::new();
    match props.get("sources").and_then(Value::as_array) {
        Some(list) => {
            for s in list {
                let Some(n) = s.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let kind = s.get("kind").and_then(Value::as_str).unwrap_or("");
                let claim = super::claim(s.get("claim").and_then(Value::as_str).unwrap_or(""));
                sources.push(SourceRef {
                    source: out.source(n, kind),
                    claim,
                    via: None,
                });
            }
        }
        None => {
            for n in text(props, "source")
                .unwrap_or_default()
                .split(';')
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                sources.push(SourceRef {
                    source: out.source(n, ""),
                    claim: crate::project::Claim::Reported,
                    via: None,
                });
            }
        }
    }
    Event {
        id: out.events.len() as u32,
        title: text(props, "title").unwrap_or_else(|| match place {
            Some((_, name)) => format!("{kind} – {name}"),
            None => kind.clone(),
        }),
        summary: text(props, "summary").unwrap_or_default(),
        when: super::when_of(
            text(props, "event_date").as_deref(),
            text(props, "end_date").as_deref(),
        ),
        kind,
        places: place.map(|(i, _)| i).into_iter().collect(),
        actors,
        evidence: Vec::new(),
        sources,
        provenance: crate::project::Provenance::User,
        notes: text(props, "notes").unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::PlaceKind;

    #[test]
    fn points_with_name_kind_and_country_are_places() {
        let src = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [42.44, 33.8]},
             "properties": {"name": "Ain al-Asad", "kind": "military_base", "country": "IQ"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.0, 36.2]},
             "properties": {"name": "Erbil", "kind": "a kind nobody knows"}}
        ]}"#;
        let i = import(src, "k.geojson").unwrap();
        assert_eq!(i.places.len(), 2);
        assert_eq!(i.places[0].kind, PlaceKind::MilitaryBase);
        assert_eq!(i.places[0].country.as_deref(), Some("IQ"));
        assert_eq!(i.places[1].kind, PlaceKind::Other);
        assert!(i.events.is_empty());
    }

    #[test]
    fn an_event_without_a_place_has_no_geometry_and_comes_back() {
        let src = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": null,
             "properties": {"feature": "event", "event_id": 4, "event_type": "statement",
                            "event_date": "2020-01-30", "title": "Announcement",
                            "sources": [{"name": "AP", "kind": "agency", "claim": "denied"}]}}
        ]}"#;
        let i = import(src, "u.geojson").unwrap();
        assert_eq!(i.skipped, 0);
        assert!(i.places.is_empty());
        assert_eq!(i.events.len(), 1);
        let e = &i.events[0];
        assert!(e.places.is_empty());
        assert_eq!(e.title, "Announcement");
        assert_eq!(
            e.when.map(|w| w.start.to_iso()).as_deref(),
            Some("2020-01-30")
        );
        assert_eq!(e.sources[0].claim, crate::project::Claim::Denied);

        // And out again: a feature whose geometry is null.
        let mut p = Project::new("en");
        p.sources = i.sources.clone();
        p.events = i.events.clone();
        let fc = to_feature_collection(&p);
        assert_eq!(fc.features.len(), 1);
        assert!(fc.features[0].geometry.is_none());
        let back = import(&export(&p), "again.geojson").unwrap();
        assert_eq!(back.events.len(), 1);
        assert_eq!(back.events[0].title, "Announcement");
    }
}
