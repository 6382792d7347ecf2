//! Project files on the command line: `extract` and `render` accept `.dateline` files
//! beside articles, `extract --save-project` writes one, and `export` turns a project (or
//! articles) into GeoJSON, CSV or KML.
//!
//! `extract` prints a project as one object of the same shape as an article's, with the
//! project's documents (`documents`) instead of one `document`, mentions carrying the index
//! of their document (`doc`), and events carrying their independent source count and notes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use dateline::document::{self, PartialDate};
use dateline::events;
use dateline::project::exchange::DataFormat;
use dateline::project::{Project, display_lang, file};
use dateline::text::CharIndex;
use serde_json::{Value, json};

use super::{round3, round6};

/// Whether any input is an article (so the geoparser must be loaded).
pub fn any_article(files: &[PathBuf]) -> bool {
    files.iter().any(|f| !file::is_project_path(f))
}

/// Reads the inputs into one project: the project file (at most one) is the base, and the
/// articles are added to it. Returns the project, the project file's path, and false when
/// some article could not be read (it is reported on stderr and skipped). The geoparser
/// and event lexicons are loaded when there are articles ([`super::load_analysers`]).
pub fn load_inputs(
    files: &[PathBuf],
    date: Option<PartialDate>,
    lang: Option<&str>,
) -> Result<(Project, Option<PathBuf>, bool)> {
    let analysers = super::load_analysers(files)?;
    let projects: Vec<&PathBuf> = files.iter().filter(|f| file::is_project_path(f)).collect();
    if projects.len() > 1 {
        bail!(
            "{}: only one project file at a time (merging projects is not supported)",
            projects[1].display()
        );
    }
    let base = projects.first().map(|p| p.to_path_buf());
    let mut project = match &base {
        Some(p) => file::load(p)?,
        None => Project::new(lang.unwrap_or("")),
    };
    let mut ok = true;
    // Loaded exactly when there are articles.
    if let Some((gp, lex)) = &analysers {
        for f in files.iter().filter(|f| !file::is_project_path(f)) {
            let doc = match document::read_file(f) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("dateline: {e}");
                    ok = false;
                    continue;
                }
            };
            if project.lang.is_empty() {
                project.lang = display_lang(&doc.lang).to_string();
            }
            let (found, ex) = events::analyse(gp, lex, &doc, date.or(doc.published));
            project.add_document_with_events(doc, &found, gp.gazetteer(), &ex);
        }
    }
    if project.lang.is_empty() {
        project.lang = lang.unwrap_or("en").to_string();
    }
    Ok((project, base, ok))
}

/// A project as `extract` prints it.
pub fn project_json(p: &Project, path: &Path) -> Value {
    let cis: Vec<CharIndex> = p
        .documents
        .iter()
        .map(|d| CharIndex::new(&d.text))
        .collect();
    let ch = |doc: u32, b: usize| cis.get(doc as usize).map_or(b, |c| c.char_of(b));
    let index_of = |id: u32| p.place_index(id);
    let documents: Vec<Value> = p
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "outlet": d.outlet,
                "author": d.author,
                "published": d.published.map(|x| x.to_iso()),
                "url": d.url,
                "lang": d.lang,
                "sha256": d.sha256,
            })
        })
        .collect();
    let places: Vec<Value> = p
        .places
        .iter()
        .map(|pl| {
            json!({
                "name": pl.name,
                "kind": pl.kind.as_str(),
                "lat": round6(pl.point.lat),
                "lon": round6(pl.point.lon),
                "country": pl.country,
                "gazetteer_id": pl.gazetteer_ref,
                "category": pl.category.and_then(|c| p.categories.iter().find(|x| x.id == c)).map(|c| &c.name),
            })
        })
        .collect();
    let mentions: Vec<Value> = p
        .mentions
        .iter()
        .map(|m| {
            json!({
                "doc": m.doc,
                "start": ch(m.doc, m.start),
                "end": ch(m.doc, m.end),
                "surface": m.surface,
                "place": m.place.and_then(index_of),
                "confidence": round3(m.confidence),
                "status": m.status,
            })
        })
        .collect();
    let events: Vec<Value> = p
        .events
        .iter()
        .map(|e| {
            let sources: Vec<Value> = e
                .sources
                .iter()
                .filter_map(|r| {
                    let s = p.sources.iter().find(|s| s.id == r.source)?;
                    Some(json!({"name": s.name, "kind": s.kind, "claim": r.claim}))
                })
                .collect();
            json!({
                "date": e.when.map(|w| w.start.to_iso()),
                "end_date": e.when.and_then(|w| w.end).map(|d| d.to_iso()),
                "precision": events::precision_name(e.when),
                "type": e.kind,
                "title": e.title,
                "places": e.places.iter().filter_map(|&id| index_of(id)).collect::<Vec<_>>(),
                "actors": e.actors,
                "sources": sources,
                "sources_count": p.independent_sources(e),
                "evidence": e.evidence.iter().map(|v| json!({
                    "doc": v.doc, "start": ch(v.doc, v.start), "end": ch(v.doc, v.end)
                })).collect::<Vec<_>>(),
                "summary": e.summary,
                "notes": e.notes,
            })
        })
        .collect();
    json!({
        "project": path,
        "lang": p.lang,
        "documents": documents,
        "places": places,
        "mentions": mentions,
        "events": events,
        "drawings": p.drawings.len(),
    })
}

/// `dateline export INPUTS... -o FILE`.
pub fn export(
    files: &[PathBuf],
    output: &Path,
    places: bool,
    date: Option<PartialDate>,
) -> Result<bool> {
    let Some(format) = DataFormat::for_path(output, places) else {
        bail!(
            "{}: the output must end in .geojson, .json, .csv or .kml",
            output.display()
        );
    };
    let (project, base, ok) = load_inputs(files, date, None)?;
    if project.documents.is_empty() && base.is_none() {
        bail!("no article could be read, nothing to export");
    }
    let title = base
        .as_ref()
        .and_then(|b| b.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .or_else(|| project.documents.first().and_then(|d| d.title.clone()))
        .unwrap_or_else(|| "Dateline".into());
    format
        .write(&project, &title, output)
        .with_context(|| format!("exporting to {}", output.display()))?;
    Ok(ok)
}
