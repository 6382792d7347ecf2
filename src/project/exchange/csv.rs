//! CSV out and in: an events table with ACLED-style columns (one row per event and place)
//! and a places table, both UTF-8 with a header row, as spreadsheets and QGIS's "delimited
//! text" layer read them.
//!
//! In, the header decides: a table with an `event_type` or `event_date` column is events
//! (rows with the same `event_id` are one event at several places); otherwise each row is a
//! place, named by `name`, `location`, `title` or `label`, at `latitude`/`lat`/`y` and
//! `longitude`/`lon`/`lng`/`long`/`x`. Column names are matched without regard to case.
//! Coordinates are rounded to 1e-7 degree (see [`super::coord`]).

use std::collections::HashMap;

use super::{ExchangeError, Imported};
use crate::project::{Actor, Claim, Event, PlaceKind, Project, Provenance, SourceRef};

/// The columns of the events table, in order.
pub const EVENT_COLUMNS: [&str; 21] = [
    "event_id",
    "event_date",
    "end_date",
    "date_precision",
    "time_precision",
    "event_type",
    "actor1",
    "actor2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "country",
    "place_id",
    "place_kind",
    "gazetteer_ref",
    "source",
    "sources_count",
    "notes",
    "title",
    "summary",
];

/// The columns of the places table, in order.
pub const PLACE_COLUMNS: [&str; 11] = [
    "place_id",
    "name",
    "place_kind",
    "latitude",
    "longitude",
    "country",
    "gazetteer_ref",
    "geo_precision",
    "mentions",
    "category",
    "category_color",
];

fn to_string(w: ::csv::Writer<Vec<u8>>) -> String {
    // A Vec never fails to take bytes, and every field is a Rust string (valid UTF-8).
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The events table.
pub fn export_events(p: &Project) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(EVENT_COLUMNS);
    for row in super::event_rows(p) {
        let (e, pl) = (row.event, row.place);
        let rec = [
            e.id.to_string(),
            e.when.map(|w| w.start.to_iso()).unwrap_or_default(),
            e.when
                .and_then(|w| w.end)
                .map(|d| d.to_iso())
                .unwrap_or_default(),
            super::date_precision(e.when).to_string(),
            row.facts.time_precision.to_string(),
            e.kind.clone(),
            row.facts.actor1,
            row.facts.actor2,
            pl.name.clone(),
            row.latitude.to_string(),
            row.longitude.to_string(),
            row.geo_precision.to_string(),
            pl.country.clone().unwrap_or_default(),
            pl.id.to_string(),
            pl.kind.as_str().to_string(),
            pl.gazetteer_ref.clone().unwrap_or_default(),
            row.facts.source,
            row.facts.sources_count.to_string(),
            e.notes.clone(),
            e.title.clone(),
            e.summary.clone(),
        ];
        let _ = w.write_record(&rec);
    }
    to_string(w)
}

/// The places table (the places a map of the project shows).
pub fn export_places(p: &Project) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(PLACE_COLUMNS);
    for (pl, mentions) in super::exported_places(p) {
        let cat = super::category_of(p, pl);
        let rec = [
            pl.id.to_string(),
            pl.name.clone(),
            pl.kind.as_str().to_string(),
            super::coord(pl.point.lat).to_string(),
            super::coord(pl.point.lon).to_string(),
            pl.country.clone().unwrap_or_default(),
            pl.gazetteer_ref.clone().unwrap_or_default(),
            super::geo_precision(pl.kind).to_string(),
            mentions.to_string(),
            cat.map(|c| c.name.clone()).unwrap_or_default(),
            cat.map(|c| c.color.clone()).unwrap_or_default(),
        ];
        let _ = w.write_record(&rec);
    }
    to_string(w)
}

/// Actors from ACLED's actor1 (agent) and actor2 (target).
pub(crate) fn actors_from_pair(a1: Option<String>, a2: Option<String>) -> Vec<Actor> {
    let actor = |name: String, role: &str| Actor {
        name,
        role: role.to_string(),
        kind: "unknown".to_string(),
        country: None,
        title: None,
    };
    a1.map(|n| actor(n, "agent"))
        .into_iter()
        .chain(a2.map(|n| actor(n, "target")))
        .collect()
}

/// Reads a CSV (or, with `delimiter` `b'\t'`, TSV) table; `name` names it in errors.
pub fn import(src: &str, name: &str, delimiter: u8) -> Result<Imported, ExchangeError> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut r = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(src.as_bytes());
    let err = |line: u64, message: String| ExchangeError::Csv {
        name: name.to_string(),
        line,
        message,
    };
    let headers = r.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let col: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
        .collect();
    let find = |names: &[&str]| names.iter().find_map(|n| col.get(*n).copied());
    let (Some(lat_col), Some(lon_col)) = (
        find(&["latitude", "lat", "y"]),
        find(&["longitude", "lon", "lng", "long", "x"]),
    ) else {
        return Err(ExchangeError::Invalid {
            name: name.to_string(),
            message: "no latitude and longitude columns (latitude/lat/y, longitude/lon/lng/x)"
                .into(),
        });
    };
    let is_events = col.contains_key("event_type") || col.contains_key("event_date");
    let name_col = if is_events {
        find(&["location", "name"])
    } else {
        find(&["name", "location", "title", "label"])
    };
    let Some(name_col) = name_col else {
        return Err(ExchangeError::Invalid {
            name: name.to_string(),
            message: "no column naming the places (name, location, title or label)".into(),
        });
    };
    let mut out = Imported::default();
    let mut event_keys: Vec<String> = Vec::new();
    for (n, rec) in r.records().enumerate() {
        let line = n as u64 + 2;
        let rec = rec.map_err(|e| err(e.position().map_or(line, |p| p.line()), e.to_string()))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let field = |names: &[&str]| get(find(names));
        let coords = (
            get(Some(lat_col)).and_then(|s| s.parse::<f64>().ok()),
            get(Some(lon_col)).and_then(|s| s.parse::<f64>().ok()),
        );
        let (Some(lat), Some(lon), Some(place_name)) = (coords.0, coords.1, get(Some(name_col)))
        else {
            out.skipped += 1;
            continue;
        };
        if !super::on_earth(lat, lon) {
            out.skipped += 1;
            continue;
        }
        // `kind` as other tools write it, for a table of places (an event's kind is its type).
        let kind_cols: &[&str] = if is_events {
            &["place_kind"]
        } else {
            &["place_kind", "kind"]
        };
        let kind = field(kind_cols)
            .and_then(|k| super::place_kind(&k))
            .unwrap_or(match field(&["geo_precision"]).as_deref() {
                Some("3") if is_events => PlaceKind::Country,
                Some("2") if is_events => PlaceKind::Region,
                _ => PlaceKind::Other,
            });
        let place = out.place_at(
            &place_name,
            kind,
            lat,
            lon,
            field(&["country"]),
            field(&["gazetteer_ref"]),
        );
        if !is_events {
            if let Some(c) = field(&["category"]) {
                let color = field(&["category_color"]);
                let cat = out.category(&c, color.as_deref());
                if let Some(pl) = out.places.get_mut(place as usize) {
                    pl.category = Some(cat);
                }
            }
            continue;
        }
        let key = field(&["event_id", "event_id_cnty"]).unwrap_or_else(|| format!("#row{line}"));
        if let Some(i) = event_keys.iter().position(|k| *k == key) {
            if let Some(e) = out.events.get_mut(i)
                && !e.places.contains(&place)
            {
                e.places.push(place);
            }
            continue;
        }
        let kind = field(&["event_type", "sub_event_type"]).unwrap_or_else(|| "event".into());
        let sources: Vec<SourceRef> = field(&["source"])
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| SourceRef {
                source: out.source(s, ""),
                claim: Claim::Reported,
                via: None,
            })
            .collect();
        event_keys.push(key);
        out.events.push(Event {
            id: out.events.len() as u32,
            title: field(&["title"]).unwrap_or_else(|| format!("{kind} – {place_name}")),
            summary: field(&["summary"]).unwrap_or_default(),
            when: super::when_of(
                field(&["event_date"]).as_deref(),
                field(&["end_date"]).as_deref(),
            ),
            kind,
            places: vec![place],
            actors: actors_from_pair(field(&["actor1"]), field(&["actor2"])),
            evidence: Vec::new(),
            sources,
            provenance: Provenance::User,
            notes: field(&["notes"]).unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_table_of_points_is_places() {
        let t = "Name,Lat,Lng,Category\nErbil,36.19,44.01,Cities\nNowhere,,1\nMoon,95,0\n";
        let i = import(t, "p.csv", b',').unwrap();
        assert_eq!(i.places.len(), 1);
        assert_eq!(i.places[0].name, "Erbil");
        assert_eq!(i.categories[0].name, "Cities");
        assert_eq!(i.skipped, 2);
        assert!(i.events.is_empty());
        let t = "name,kind,country,lat,lon\nAin al-Asad,military_base,IQ,33.8,42.44\n";
        let i = import(t, "k.csv", b',').unwrap();
        assert_eq!(i.places[0].kind, PlaceKind::MilitaryBase);
        assert_eq!(i.places[0].country.as_deref(), Some("IQ"));
    }

    #[test]
    fn an_acled_table_is_events() {
        let t = "event_id_cnty,event_date,event_type,actor1,actor2,location,latitude,longitude,source,notes\n\
                 IRQ1,08 January 2020,Explosions/Remote violence,Military Forces of Iran,,Ain al-Asad,33.8,42.44,Reuters; AFP,Missiles hit the base\n";
        let i = import(t, "acled.csv", b',').unwrap();
        assert_eq!(i.events.len(), 1);
        let e = &i.events[0];
        assert_eq!(e.when.unwrap().start.to_iso(), "2020-01-08");
        assert_eq!(e.actors[0].name, "Military Forces of Iran");
        assert_eq!(e.sources.len(), 2);
        assert_eq!(i.sources[1].name, "AFP");
        assert_eq!(e.notes, "Missiles hit the base");
    }

    #[test]
    fn no_coordinates_is_an_error_naming_the_file() {
        let e = import("a,b\n1,2\n", "t.csv", b',').unwrap_err();
        assert!(e.to_string().starts_with("t.csv: no latitude"), "{e}");
    }
}
