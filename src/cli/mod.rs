//! The headless commands: reading inputs, running the pipeline, writing JSON.
//!
//! `extract` writes, per document, its metadata (with the date used for its events and
//! where it came from: `--date`, metadata or dateline), its places, its mentions and its
//! events ([`dateline::events`]): date in ISO 8601 (`--01-08` when the year is unknown)
//! with its precision, type code and label, places as indices into `places`, actors,
//! sources with their claims (the document itself first), evidence spans and a summary.
//! `--jsonl` has no `places` array, so event places are written out in full there.
//!
//! Offsets in every output are Unicode scalar (character) offsets, end exclusive, as the
//! evaluation and W3C Web Annotation count them; the library works in bytes and
//! [`CharIndex`] converts.

pub mod project;
pub mod render;

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use dateline::document::{self, Document, PartialDate};
use dateline::events::{self, EventLexicon, Extracted};
use dateline::gazetteer::{EntityId, Gazetteer};
use dateline::geoparse::{Geoparser, Mention};
use dateline::project::display_lang;
use dateline::text::CharIndex;
use serde::Serialize;
use serde_json::{Value, json};

pub(crate) fn load_geoparser() -> Result<Geoparser> {
    Geoparser::load_default().context("loading the gazetteer and lexicons")
}

pub(crate) fn load_event_lexicon() -> Result<EventLexicon> {
    EventLexicon::load_default().context("loading the event lexicons")
}

/// The geoparser and the event lexicons, loaded when some input is an article (see
/// [`project::any_article`]).
pub(crate) fn load_analysers(files: &[PathBuf]) -> Result<Option<(Geoparser, EventLexicon)>> {
    if project::any_article(files) {
        Ok(Some((load_geoparser()?, load_event_lexicon()?)))
    } else {
        Ok(None)
    }
}

#[derive(Serialize)]
struct PlaceOut {
    name: String,
    kind: String,
    lat: f64,
    lon: f64,
    country: Option<String>,
    gazetteer_id: Option<String>,
    geonameid: Option<u32>,
}

#[derive(Serialize)]
struct AltOut {
    name: String,
    kind: String,
    lat: f64,
    lon: f64,
    country: Option<String>,
    gazetteer_id: String,
    score: f64,
}

/// The places of one document's output, deduplicated by entity (or, for places the
/// gazetteer lacks, by surface).
struct Places {
    places: Vec<PlaceOut>,
    index: Vec<(Option<u32>, String)>,
    lang: &'static str,
}

impl Places {
    fn new(doc: &Document) -> Places {
        Places {
            places: Vec::new(),
            index: Vec::new(),
            lang: display_lang(&doc.lang),
        }
    }

    /// The index of a gazetteer entity's place, added when new.
    fn entity(&mut self, g: &Gazetteer, id: EntityId) -> usize {
        let key = (Some(id), String::new());
        if let Some(i) = self.index.iter().position(|k| *k == key) {
            return i;
        }
        let e = g.entity(id);
        self.places.push(PlaceOut {
            name: e.name(self.lang).to_string(),
            kind: e.kind().to_string(),
            lat: round6(e.lat()),
            lon: round6(e.lon()),
            country: e.country().map(String::from),
            gazetteer_id: Some(e.source().to_string()),
            geonameid: e.geonameid(),
        });
        self.index.push(key);
        self.places.len() - 1
    }

    /// The index of a place the gazetteer lacks, by name and point.
    fn point(&mut self, name: &str, lat: f64, lon: f64) -> usize {
        let key = (None, name.to_string());
        if let Some(i) = self.index.iter().position(|k| *k == key) {
            return i;
        }
        self.places.push(PlaceOut {
            name: name.to_string(),
            kind: "other".into(),
            lat: round6(lat),
            lon: round6(lon),
            country: None,
            gazetteer_id: None,
            geonameid: None,
        });
        self.index.push(key);
        self.places.len() - 1
    }
}

/// Places (deduplicated) and mentions of one document, in character offsets; also the
/// place index of each mention.
fn places_and_mentions(
    g: &Gazetteer,
    doc: &Document,
    mentions: &[Mention],
    ci: &CharIndex,
) -> (Places, Vec<Value>, Vec<Option<usize>>) {
    let mut pl = Places::new(doc);
    let lang = pl.lang;
    let mut out = Vec::with_capacity(mentions.len());
    let mut of_mention = Vec::with_capacity(mentions.len());
    for m in mentions {
        let place = match (m.entity, m.point) {
            (Some(id), _) => Some(pl.entity(g, id)),
            (None, Some((lat, lon))) => Some(pl.point(&m.surface, lat, lon)),
            (None, None) => None,
        };
        of_mention.push(place);
        let alternatives: Vec<AltOut> = m
            .alternatives
            .iter()
            .map(|a| {
                let e = g.entity(a.entity);
                AltOut {
                    name: e.name(lang).to_string(),
                    kind: e.kind().to_string(),
                    lat: round6(e.lat()),
                    lon: round6(e.lon()),
                    country: e.country().map(String::from),
                    gazetteer_id: e.source().to_string(),
                    score: round3(a.score),
                }
            })
            .collect();
        out.push(json!({
            "start": ci.char_of(m.start),
            "end": ci.char_of(m.end),
            "surface": m.surface,
            "place": place,
            "confidence": round3(m.confidence),
            "how": m.how,
            "alternatives": alternatives,
        }));
    }
    (pl, out, of_mention)
}

/// How an event's place is written in the output: an index into the document's places
/// (`extract`), or the place itself (`--jsonl`, which has no places array).
enum PlaceRefs<'p> {
    Index(&'p mut Places, &'p [Option<usize>]),
    Inline,
}

/// The events of one document as JSON, in character offsets.
fn events_json(
    g: &Gazetteer,
    ex: &Extracted,
    ci: &CharIndex,
    lang: &str,
    mut refs: PlaceRefs<'_>,
) -> Vec<Value> {
    let lang = display_lang(lang);
    ex.events
        .iter()
        .map(|e| {
            let places: Vec<Value> = e
                .places
                .iter()
                .map(|p| match &mut refs {
                    PlaceRefs::Index(pl, of_mention) => {
                        let ix = p
                            .mention
                            .and_then(|m| of_mention.get(m).copied().flatten())
                            .or_else(|| p.entity.map(|id| pl.entity(g, id)))
                            .unwrap_or_else(|| pl.point(&p.name, p.lat, p.lon));
                        json!(ix)
                    }
                    PlaceRefs::Inline => {
                        let ent = p.entity.map(|id| g.entity(id));
                        json!({
                            "name": ent.map_or(p.name.clone(), |e| e.name(lang).to_string()),
                            "lat": round6(p.lat),
                            "lon": round6(p.lon),
                            "kind": ent.map(|e| e.kind().to_string()),
                            "gazetteer_id": ent.map(|e| e.source().to_string()),
                        })
                    }
                })
                .collect();
            let sources: Vec<Value> = e
                .sources
                .iter()
                .filter_map(|s| {
                    let src = ex.sources.get(s.source)?;
                    Some(json!({"name": src.name, "kind": src.kind, "claim": s.claim}))
                })
                .collect();
            let evidence: Vec<Value> = e
                .evidence
                .iter()
                .map(|&(a, b)| json!({"start": ci.char_of(a), "end": ci.char_of(b)}))
                .collect();
            json!({
                "date": e.when.map(|w| w.start.to_iso()),
                "end_date": e.when.and_then(|w| w.end).map(|d| d.to_iso()),
                "precision": e.precision(),
                "type": e.kind,
                "label": e.label,
                "places": places,
                "actors": e.actors,
                "sources": sources,
                "evidence": evidence,
                "summary": e.summary,
            })
        })
        .collect()
}

pub(crate) fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

pub(crate) fn round3(v: f32) -> f64 {
    (v as f64 * 1e3).round() / 1e3
}

/// `dateline extract FILE...`: returns Ok(false) when some file failed. `date` is the
/// documents' date given by the user (it wins over metadata and datelines). A `.dateline`
/// project among the files is printed as a whole ([`project::project_json`]); with
/// `save_project`, the articles (added to the project file given, if any) are saved as a
/// project.
pub fn extract_files(
    files: &[PathBuf],
    pretty: bool,
    date: Option<PartialDate>,
    save_project: Option<&std::path::Path>,
) -> Result<bool> {
    let analysers = load_analysers(files)?;
    let mut ok = true;
    let mut results = Vec::new();
    let mut saved: Option<dateline::project::Project> = None;
    for f in files {
        if dateline::project::file::is_project_path(f) {
            match dateline::project::file::load(f) {
                Ok(p) => {
                    results.push(project::project_json(&p, f));
                    if save_project.is_some() && saved.is_none() {
                        saved = Some(p);
                    }
                }
                Err(e) => {
                    eprintln!("dateline: {e}");
                    ok = false;
                }
            }
            continue;
        }
        let Some((gp, lex)) = analysers.as_ref() else {
            continue;
        };
        let doc = match document::read_file(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("dateline: {e}");
                ok = false;
                continue;
            }
        };
        let (found, ex) = events::analyse(gp, lex, &doc, date);
        let ci = CharIndex::new(&doc.text);
        let (mut places, mentions, of_mention) =
            places_and_mentions(gp.gazetteer(), &doc, &found, &ci);
        let events = events_json(
            gp.gazetteer(),
            &ex,
            &ci,
            &doc.lang,
            PlaceRefs::Index(&mut places, &of_mention),
        );
        results.push(json!({
            "document": {
                "path": f,
                "title": doc.title,
                "outlet": doc.outlet,
                "author": doc.author,
                "published": ex.date.map(|d| d.to_iso()),
                "date_source": ex.date_source,
                "url": doc.url,
                "lang": doc.lang,
            },
            "places": places.places,
            "mentions": mentions,
            "events": events,
        }));
        if save_project.is_some() {
            let p = saved
                .get_or_insert_with(|| dateline::project::Project::new(display_lang(&doc.lang)));
            p.add_document_with_events(doc, &found, gp.gazetteer(), &ex);
        }
    }
    if let Some(out) = save_project {
        let p = saved.unwrap_or_else(|| dateline::project::Project::new("en"));
        dateline::project::file::save(&p, out)?;
    }
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    if pretty {
        serde_json::to_writer_pretty(&mut w, &results)?;
    } else {
        serde_json::to_writer(&mut w, &results)?;
    }
    writeln!(w)?;
    w.flush()?;
    Ok(ok)
}

/// `dateline extract --jsonl FILE|-`. `date` is the date of every document without its
/// own `"date"` field.
pub fn extract_jsonl(files: &[PathBuf], date: Option<PartialDate>) -> Result<bool> {
    let gp = load_geoparser()?;
    let lex = load_event_lexicon()?;
    let mut ok = true;
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for f in files {
        let lines: Vec<String> = if f.as_os_str() == "-" {
            std::io::stdin()
                .lock()
                .lines()
                .collect::<Result<_, _>>()
                .context("reading standard input")?
        } else {
            let read = std::fs::File::open(f)
                .map_err(|e| format!("{}: cannot open: {e}", f.display()))
                .and_then(|file| {
                    std::io::BufReader::new(file)
                        .lines()
                        .collect::<Result<Vec<String>, _>>()
                        .map_err(|e| {
                            format!("{}: cannot read as UTF-8 JSON lines: {e}", f.display())
                        })
                });
            match read {
                Ok(lines) => lines,
                Err(msg) => {
                    eprintln!("dateline: {msg}");
                    ok = false;
                    continue;
                }
            }
        };
        let name = f.display().to_string();
        let out = parallel_map(&lines, |(n, line)| {
            jsonl_line(&gp, &lex, date, &name, n + 1, line)
        });
        for r in out {
            match r {
                Ok(Some(s)) => {
                    w.write_all(s.as_bytes())?;
                    w.write_all(b"\n")?;
                }
                Ok(None) => {}
                Err(msg) => {
                    eprintln!("dateline: {msg}");
                    ok = false;
                }
            }
        }
    }
    w.flush()?;
    Ok(ok)
}

/// One input line → one output line; Err names the file and line.
fn jsonl_line(
    gp: &Geoparser,
    lex: &EventLexicon,
    date: Option<PartialDate>,
    file: &str,
    n: usize,
    line: &str,
) -> Result<Option<String>, String> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct In {
        doc_id: Value,
        text: String,
        #[serde(default)]
        lang: Option<String>,
        /// The document's date (ISO 8601), optional.
        #[serde(default)]
        date: Option<String>,
    }
    let inp: In = serde_json::from_str(line)
        .map_err(|e| format!("{file}:{n}: not a JSON object with doc_id and text: {e}"))?;
    // The document's id names it as the source of its events.
    let id = match &inp.doc_id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let doc = document::from_text(&id, inp.text, inp.lang.as_deref());
    let date = match inp.date.as_deref() {
        Some(s) => Some(
            PartialDate::parse(s)
                .ok_or_else(|| format!("{file}:{n}: \"date\" is not an ISO date: {s:?}"))?,
        ),
        None => date,
    };
    let g = gp.gazetteer();
    let lang = display_lang(&doc.lang);
    let ci = CharIndex::new(&doc.text);
    let (found, ex) = events::analyse(gp, lex, &doc, date);
    let events = events_json(g, &ex, &ci, &doc.lang, PlaceRefs::Inline);
    let toponyms: Vec<Value> = found
        .into_iter()
        .filter_map(|m| {
            let (lat, lon) = m.point?;
            let e = m.entity.map(|id| g.entity(id));
            Some(json!({
                "start": ci.char_of(m.start),
                "end": ci.char_of(m.end),
                "surface": m.surface,
                "lat": round6(lat),
                "lon": round6(lon),
                "name": e.map_or(m.surface.clone(), |e| e.name(lang).to_string()),
                "kind": e.map_or("other".to_string(), |e| e.kind().to_string()),
                "country": e.and_then(|e| e.country().map(String::from)),
                "gazetteer_id": e.map(|e| e.source().to_string()),
                "confidence": round3(m.confidence),
                "how": m.how,
            }))
        })
        .collect();
    serde_json::to_string(&json!({"doc_id": inp.doc_id, "toponyms": toponyms, "events": events}))
        .map(Some)
        .map_err(|e| format!("{file}:{n}: {e}"))
}

/// Maps `f` over the lines on all cores, keeping the order.
fn parallel_map<T: Send>(lines: &[String], f: impl Fn((usize, &str)) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || lines.len() < 4 {
        return lines.iter().enumerate().map(|(n, l)| f((n, l))).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..lines.len()).map(|_| None).collect();
    let results = std::sync::Mutex::new(Vec::with_capacity(lines.len()));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut local = Vec::new();
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= lines.len() {
                        break;
                    }
                    local.push((k, f((k, &lines[k]))));
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(local);
                }
            });
        }
    });
    for (k, v) in results.into_inner().unwrap_or_default() {
        slots[k] = Some(v);
    }
    slots.into_iter().flatten().collect()
}
