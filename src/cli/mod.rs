//! The headless commands: reading inputs, running the pipeline, writing JSON.
//!
//! Offsets in every output are Unicode scalar (character) offsets, end exclusive, as the
//! evaluation and W3C Web Annotation count them; the library works in bytes and
//! [`CharIndex`] converts.

pub mod render;

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dateline::document::{self, Document};
use dateline::gazetteer::Gazetteer;
use dateline::geoparse::{Geoparser, Mention};
use dateline::text::CharIndex;
use serde::Serialize;
use serde_json::{Value, json};

/// The bundled sample article, opened when no file is given.
pub fn sample_article() -> PathBuf {
    let rel = Path::new("samples").join("fr-bagdad-erbil.txt");
    match dateline::gazetteer::assets_dir() {
        Ok(dir) => dir.join(rel),
        Err(_) => Path::new("assets").join(rel),
    }
}

pub(crate) fn load_geoparser() -> Result<Geoparser> {
    Geoparser::load_default().context("loading the gazetteer and lexicons")
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

/// Places (deduplicated) and mentions of one document, in character offsets.
fn places_and_mentions(
    g: &Gazetteer,
    doc: &Document,
    mentions: &[Mention],
) -> (Vec<PlaceOut>, Vec<Value>) {
    let ci = CharIndex::new(&doc.text);
    let lang = if doc.lang == "fr" { "fr" } else { "en" };
    let mut places: Vec<PlaceOut> = Vec::new();
    let mut index: Vec<(Option<u32>, String)> = Vec::new();
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let place = match (m.entity, m.point) {
            (Some(id), _) => {
                let key = (Some(id), String::new());
                Some(index.iter().position(|k| *k == key).unwrap_or_else(|| {
                    let e = g.entity(id);
                    places.push(PlaceOut {
                        name: e.name(lang).to_string(),
                        kind: e.kind().to_string(),
                        lat: round6(e.lat()),
                        lon: round6(e.lon()),
                        country: e.country().map(String::from),
                        gazetteer_id: Some(e.source().to_string()),
                        geonameid: e.geonameid(),
                    });
                    index.push(key);
                    places.len() - 1
                }))
            }
            (None, Some((lat, lon))) => {
                let key = (None, m.surface.clone());
                Some(index.iter().position(|k| *k == key).unwrap_or_else(|| {
                    places.push(PlaceOut {
                        name: m.surface.clone(),
                        kind: "other".into(),
                        lat: round6(lat),
                        lon: round6(lon),
                        country: None,
                        gazetteer_id: None,
                        geonameid: None,
                    });
                    index.push(key);
                    places.len() - 1
                }))
            }
            (None, None) => None,
        };
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
    (places, out)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round3(v: f32) -> f64 {
    (v as f64 * 1e3).round() / 1e3
}

/// `dateline extract FILE...`: returns Ok(false) when some file failed.
pub fn extract_files(files: &[PathBuf], pretty: bool) -> Result<bool> {
    let gp = load_geoparser()?;
    let mut ok = true;
    let mut results = Vec::new();
    for f in files {
        let doc = match document::read_file(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("dateline: {e}");
                ok = false;
                continue;
            }
        };
        let mentions = gp.parse(&doc.text, &doc.lang);
        let (places, mentions) = places_and_mentions(gp.gazetteer(), &doc, &mentions);
        results.push(json!({
            "document": {
                "path": f,
                "title": doc.title,
                "outlet": doc.outlet,
                "author": doc.author,
                "published": doc.published.map(|d| d.to_iso()),
                "url": doc.url,
                "lang": doc.lang,
            },
            "places": places,
            "mentions": mentions,
        }));
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

/// `dateline extract --jsonl FILE|-`.
pub fn extract_jsonl(files: &[PathBuf]) -> Result<bool> {
    let gp = load_geoparser()?;
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
        let out = parallel_map(&lines, |(n, line)| jsonl_line(&gp, &name, n + 1, line));
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
fn jsonl_line(gp: &Geoparser, file: &str, n: usize, line: &str) -> Result<Option<String>, String> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct In {
        doc_id: Value,
        text: String,
        #[serde(default)]
        lang: Option<String>,
    }
    let inp: In = serde_json::from_str(line)
        .map_err(|e| format!("{file}:{n}: not a JSON object with doc_id and text: {e}"))?;
    let doc = document::from_text("", inp.text, inp.lang.as_deref());
    let g = gp.gazetteer();
    let lang = if doc.lang == "fr" { "fr" } else { "en" };
    let ci = CharIndex::new(&doc.text);
    let toponyms: Vec<Value> = gp
        .parse(&doc.text, &doc.lang)
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
    serde_json::to_string(&json!({"doc_id": inp.doc_id, "toponyms": toponyms}))
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
