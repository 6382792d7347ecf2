//! Tests of projects (issue 6): the `.dateline` file (save and load, interrupted saves,
//! damaged and newer files, migration from version 1, recovery files, changed articles),
//! two articles telling the same event, the undoable edits (a property test: any sequence
//! of edits undone gives back the project, redone gives the edited one, and every state is
//! a valid project file), and the exchange formats (GeoJSON parsed back with the `geojson`
//! crate, GeoJSON and CSV round trips, KML escaping).
//!
//! The two articles `tests/articles/{en,fr}-al-udeid-missiles.txt` were written for these
//! tests. Temporary files go to folders of their own under `std::env::temp_dir()`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use dateline::document::{self, PartialDate};
use dateline::events::{self, EventLexicon};
use dateline::geoparse::Geoparser;
use dateline::project::edit::{Edit, EditError, History, NewPlace, PlaceChoice};
use dateline::project::exchange::{self, Imported};
use dateline::project::file::{self, DiskState, FileError, Recovery};
use dateline::project::{
    Actor, Anchor, Candidate, Claim, Drawing, Event, LatLon, MapView, PinStyle, PlaceKind, Project,
    Provenance, Shape, SourceRef, Style, When,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn geoparser() -> &'static Geoparser {
    static GP: OnceLock<Geoparser> = OnceLock::new();
    GP.get_or_init(|| {
        Geoparser::load(&root().join("assets")).unwrap_or_else(|e| panic!("assets: {e}"))
    })
}

fn lexicon() -> &'static EventLexicon {
    static LX: OnceLock<EventLexicon> = OnceLock::new();
    LX.get_or_init(|| {
        EventLexicon::load(&root().join("assets")).unwrap_or_else(|e| panic!("lexicon: {e}"))
    })
}

fn article(name: &str) -> PathBuf {
    root().join("tests/articles").join(name)
}

/// A project of the given article files, through the one pipeline.
fn project_of(paths: &[PathBuf]) -> Project {
    let mut p = Project::new("en");
    for path in paths {
        let doc = document::read_file(path).unwrap_or_else(|e| panic!("{e}"));
        let (m, ex) = events::analyse(geoparser(), lexicon(), &doc, doc.published);
        p.add_document_with_events(doc, &m, geoparser().gazetteer(), &ex);
    }
    p
}

/// The two Al Udeid articles, in English then French.
fn two_articles() -> &'static Project {
    static P: OnceLock<Project> = OnceLock::new();
    P.get_or_init(|| {
        project_of(&[
            article("en-al-udeid-missiles.txt"),
            article("fr-al-udeid-missiles.txt"),
        ])
    })
}

fn place_id(p: &Project, gazetteer_ref: &str) -> u32 {
    p.places
        .iter()
        .find(|x| x.gazetteer_ref.as_deref() == Some(gazetteer_ref))
        .unwrap_or_else(|| panic!("no place {gazetteer_ref}"))
        .id
}

const AL_UDEID: &str = "curated:al-udeid-air-base";

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "dateline-project-test-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The two articles with some work done on them: a category, an arrow from Iran to Al
/// Udeid, notes, a moved pin, a view.
fn worked_project() -> Project {
    let mut p = two_articles().clone();
    let mut h = History::new();
    let base = place_id(&p, AL_UDEID);
    let iran = place_id(&p, "country:IR");
    let cat = h
        .apply(
            &mut p,
            Edit::AddCategory {
                name: "Bases".into(),
                color: "#1f77b4".into(),
            },
        )
        .unwrap()
        .unwrap();
    h.apply(
        &mut p,
        Edit::SetPlaceCategory {
            place: base,
            category: Some(cat),
        },
    )
    .unwrap();
    let event = p.events[0].id;
    h.apply(
        &mut p,
        Edit::AddDrawing(Drawing {
            id: 0,
            shape: Shape::Arrow {
                from: Anchor::Place(iran),
                to: Anchor::Place(base),
            },
            text: Some("Missiles".into()),
            style: Style::default(),
            events: vec![event],
        }),
    )
    .unwrap();
    let mut e = p.events[0].clone();
    e.notes = "Interceptions per the Qatari ministry & \"others\" <unconfirmed>".into();
    h.apply(&mut p, Edit::UpdateEvent(e)).unwrap();
    h.apply(
        &mut p,
        Edit::MovePlace {
            place: base,
            to: LatLon {
                lat: 25.1174,
                lon: 51.3151,
            },
        },
    )
    .unwrap();
    p.view = Some(MapView {
        center: LatLon {
            lat: 28.0,
            lon: 50.0,
        },
        zoom: 5.5,
    });
    p
}

// ---------------------------------------------------------------------------------------
// Two articles, one event

#[test]
fn two_articles_about_one_strike_make_one_event_with_both_sources() {
    let p = two_articles();
    let base = place_id(p, AL_UDEID);
    // One pin for the base, mentioned by both articles.
    assert_eq!(
        p.places
            .iter()
            .filter(|x| x.gazetteer_ref.as_deref() == Some(AL_UDEID))
            .count(),
        1
    );
    let docs_of = |id: u32| {
        let mut d: Vec<u32> = p.mentions_of(id).map(|m| m.doc).collect();
        d.dedup();
        d
    };
    assert_eq!(docs_of(base), vec![0, 1]);
    let strikes: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == "missile_strike" && e.places.contains(&base))
        .collect();
    assert_eq!(strikes.len(), 1, "{:#?}", p.events);
    let e = strikes[0];
    let mut evidence_docs: Vec<u32> = e.evidence.iter().map(|v| v.doc).collect();
    evidence_docs.dedup();
    assert_eq!(evidence_docs, vec![0, 1]);
    assert_eq!(
        e.when.unwrap().start,
        PartialDate::ymd(2025, 6, 23).unwrap()
    );
    let doc_sources: Vec<Option<u32>> = e
        .sources
        .iter()
        .filter_map(|r| p.sources.iter().find(|s| s.id == r.source))
        .map(|s| s.doc)
        .filter(Option::is_some)
        .collect();
    assert_eq!(doc_sources, vec![Some(0), Some(1)]);
    // Each article relays its ministry (named in its own language): two origins, and the
    // articles themselves do not count again.
    assert_eq!(p.independent_sources(e), 2);
}

#[test]
fn the_same_article_twice_is_not_two_sources() {
    let a = article("en-al-udeid-missiles.txt");
    let p = project_of(&[a.clone(), a]);
    let base = place_id(&p, AL_UDEID);
    let strikes: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == "missile_strike" && e.places.contains(&base))
        .collect();
    assert_eq!(strikes.len(), 1);
    // Same outlet, same ministry.
    assert_eq!(p.independent_sources(strikes[0]), 1);
}

// ---------------------------------------------------------------------------------------
// The file

#[test]
fn save_then_load_gives_the_same_project() {
    let dir = TempDir::new("roundtrip");
    let p = worked_project();
    let path = dir.path("work.dateline");
    file::save(&p, &path).unwrap();
    let back = file::load(&path).unwrap();
    assert_eq!(back, p);
    // Saving again over it works, and leaves no temporary file behind.
    file::save(&back, &path).unwrap();
    assert_eq!(dir.files(), vec!["work.dateline".to_string()]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"format\": \"dateline\""));
    assert!(text.contains(&format!("\"version\": {}", file::VERSION)));
}

#[test]
fn an_interrupted_save_leaves_the_old_file_whole() {
    let dir = TempDir::new("interrupted");
    let path = dir.path("work.dateline");
    let old = two_articles().clone();
    file::save(&old, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let new = worked_project();
    let full = file::to_bytes(&new);
    // The disk fills up halfway through.
    let e = file::write_atomically(&path, |w| {
        w.write_all(&full[..full.len() / 2])?;
        Err(std::io::Error::other("no space left on device"))
    })
    .unwrap_err();
    assert!(matches!(e, FileError::Write { .. }));
    assert!(e.to_string().contains("work.dateline"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(dir.files(), vec!["work.dateline".to_string()]);
    // The program dies (panics) halfway through.
    let r = std::panic::catch_unwind(|| {
        let _ = file::write_atomically(&path, |w| {
            w.write_all(&full[..full.len() / 3])?;
            panic!("simulated crash in the middle of a save");
        });
    });
    assert!(r.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(file::load(&path).unwrap(), old);
    // A temporary file left by a killed process does not disturb the project either.
    std::fs::write(dir.path(".work.dateline.999-0.tmp"), &full[..100]).unwrap();
    assert_eq!(file::load(&path).unwrap(), old);
    file::save(&new, &path).unwrap();
    assert_eq!(file::load(&path).unwrap(), new);
}

#[test]
fn bad_files_give_errors_naming_the_file_and_the_problem() {
    let dir = TempDir::new("bad");
    let good = file::to_bytes(two_articles());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.dateline", Vec::new(), "empty"),
        ("cut.dateline", good[..good.len() / 2].to_vec(), "cut short"),
        ("text.dateline", b"Bagdad, 8 janvier".to_vec(), "not JSON"),
        (
            "other.dateline",
            br#"{"type": "FeatureCollection", "features": []}"#.to_vec(),
            "not a Dateline project",
        ),
        (
            "future.dateline",
            br#"{"format": "dateline", "version": 7, "project": {"lang": "en", "future": 1}}"#
                .to_vec(),
            "newer Dateline (project version 7",
        ),
        (
            "noversion.dateline",
            br#"{"format": "dateline", "project": {}}"#.to_vec(),
            "not a version number",
        ),
        (
            "schema.dateline",
            br#"{"format": "dateline", "version": 2, "project": {"lang": "en", "places": [{"id": 1}]}}"#
                .to_vec(),
            "damaged project",
        ),
        (
            "binary.dateline",
            vec![0xff, 0xfe, 0x00, 0x12, 0x80],
            "not JSON",
        ),
    ];
    for (name, bytes, what) in cases {
        let path = dir.path(name);
        std::fs::write(&path, &bytes).unwrap();
        let e = file::load(&path).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(name), "{name}: {msg}");
        assert!(msg.contains(what), "{name}: expected {what:?} in {msg}");
        assert_eq!(e.path(), Some(path.as_path()));
    }
    let missing = dir.path("missing.dateline");
    let e = file::load(&missing).unwrap_err();
    assert!(matches!(e, FileError::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("missing.dateline: file not found"));
    // A folder named like a project.
    let folder = dir.path("folder.dateline");
    std::fs::create_dir(&folder).unwrap();
    assert!(
        file::load(&folder)
            .unwrap_err()
            .to_string()
            .contains("folder")
    );
    // A hand edit that breaks a reference is refused, not loaded to crash later.
    let mut p = two_articles().clone();
    p.mentions[0].place = Some(9999);
    let path = dir.path("dangling.dateline");
    std::fs::write(&path, file::to_bytes(&p)).unwrap();
    let msg = file::load(&path).unwrap_err().to_string();
    assert!(msg.contains("there is no place 9999"), "{msg}");
}

#[test]
fn a_version_1_file_is_migrated() {
    // Written by hand in the shape of version 1: no categories, view, notes, pin style,
    // or `via`, and no `names`/`rank`/`alternatives`/`status`/`provenance` either.
    let text = "Missiles struck Al Udeid, the ministry said.";
    let sha = file::sha256_hex(text);
    let v1 = format!(
        r#"{{
  "format": "dateline",
  "version": 1,
  "project": {{
    "lang": "en",
    "documents": [{{"id": "a", "path": "/old/a.txt", "format": "text", "title": null,
                   "outlet": "The Gulf Daily", "author": null, "published": null, "url": null,
                   "lang": "en", "text": "{text}", "sha256": "{sha}"}}],
    "places": [{{"id": 0, "name": "Al Udeid Air Base", "kind": "military_base",
                "point": {{"lat": 25.1173, "lon": 51.315}}, "country": "QA",
                "gazetteer_ref": "{AL_UDEID}", "resolution": {{"by": "confirmed"}}}}],
    "mentions": [{{"id": 0, "doc": 0, "start": 16, "end": 24, "surface": "Al Udeid",
                  "place": 0, "confidence": 0.9}}],
    "events": [{{"id": 0, "title": "Missile strike", "summary": "Missiles struck Al Udeid.",
                "kind": "missile_strike", "when": null, "places": [0],
                "evidence": [{{"doc": 0, "start": 0, "end": 44}}],
                "sources": [{{"source": 0, "claim": "reported"}},
                            {{"source": 1, "claim": "reported"}}]}}],
    "sources": [{{"id": 0, "name": "The Gulf Daily", "kind": "outlet", "doc": 0}},
                {{"id": 1, "name": "the ministry", "kind": "government", "doc": null}}],
    "drawings": []
  }}
}}"#
    );
    let (p, of) = file::from_bytes(v1.as_bytes(), Path::new("old.dateline")).unwrap();
    assert_eq!(of, None);
    assert_eq!(p.places[0].rank, 255);
    assert_eq!(p.places[0].category, None);
    assert!(p.categories.is_empty());
    assert_eq!(p.view, None);
    assert_eq!(p.events[0].notes, "");
    assert_eq!(p.events[0].provenance, Provenance::Auto);
    // The agency is cited through the event's document; the document itself is not.
    assert_eq!(p.events[0].sources[0].via, None);
    assert_eq!(p.events[0].sources[1].via, Some(0));
    assert_eq!(p.independent_sources(&p.events[0]), 1);
    // Saved again, it is a current file that reads back the same.
    let (again, _) = file::from_bytes(&file::to_bytes(&p), Path::new("new.dateline")).unwrap();
    assert_eq!(again, p);
}

#[test]
fn recovery_files_are_found_after_a_crash_and_discarded_after_a_save() {
    let dir = TempDir::new("recovery");
    let rec = Recovery::new(dir.path("state"));
    let project_path = dir.path("work.dateline");
    let p = two_articles().clone();
    file::save(&p, &project_path).unwrap();
    // No recovery yet.
    assert!(rec.list().unwrap().is_empty());
    assert_eq!(rec.find_for(&project_path), None);
    // Autosave after an edit, then the app dies: the copy is newer than the project.
    let edited = worked_project();
    let old_time = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&project_path)
        .unwrap()
        .set_modified(old_time)
        .unwrap();
    let written = rec.write(&edited, Some(&project_path)).unwrap();
    assert_eq!(written, rec.path_for(Some(&project_path)));
    let found = rec.find_for(&project_path).expect("a recovery file");
    assert!(found.newer_than_project);
    let (back, of) = Recovery::load(&found.path).unwrap();
    assert_eq!(back, edited);
    assert_eq!(
        of.as_deref(),
        Some(std::fs::canonicalize(&project_path).unwrap().as_path())
    );
    // The user saves: the project is newer than its copy, which is then discarded.
    file::save(&back, &project_path).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&project_path)
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .unwrap();
    assert_eq!(rec.find_for(&project_path), None);
    rec.discard(Some(&project_path)).unwrap();
    assert!(rec.list().unwrap().is_empty());
    // An unsaved project has a copy of its own, listed without a project path.
    let untitled = rec.write(&p, None).unwrap();
    assert!(
        untitled
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("untitled-")
    );
    let all = rec.list().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].project, None);
    assert!(all[0].newer_than_project);
    // Stray files in the folder are ignored.
    std::fs::write(dir.path("state/notes.txt"), "x").unwrap();
    std::fs::write(dir.path("state/broken.dateline"), "{").unwrap();
    assert_eq!(rec.list().unwrap().len(), 1);
    rec.discard(None).unwrap();
    Recovery::discard_file(&dir.path("state/broken.dateline")).unwrap();
    assert!(rec.list().unwrap().is_empty());
    // Discarding what is not there is fine.
    rec.discard(None).unwrap();
}

#[test]
fn articles_changed_on_disk_are_reported() {
    let dir = TempDir::new("changed");
    let a = dir.path("a.txt");
    let b = dir.path("b.txt");
    let c = dir.path("c.txt");
    std::fs::write(&a, "Missiles struck Al Udeid in Qatar.\n").unwrap();
    std::fs::write(&b, "Flights resumed at Doha airport.\n").unwrap();
    std::fs::write(&c, "Tehran said the strikes were over.\n").unwrap();
    let p = project_of(&[a.clone(), b.clone(), c.clone()]);
    let project_path = dir.path("p.dateline");
    assert!(file::changed_on_disk(&p, Some(&project_path)).is_empty());
    // Only the line endings change: the text is the same.
    std::fs::write(&a, "Missiles struck Al Udeid in Qatar.\r\n").unwrap();
    std::fs::write(&b, "Flights resumed at Doha airport on Tuesday.\n").unwrap();
    std::fs::remove_file(&c).unwrap();
    let changes = file::changed_on_disk(&p, Some(&project_path));
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0].doc, 1);
    assert_eq!(changes[0].state, DiskState::Changed);
    assert_eq!(changes[1].doc, 2);
    assert_eq!(changes[1].state, DiskState::Missing);
}

// ---------------------------------------------------------------------------------------
// Edits

#[test]
fn draw_an_arrow_undo_redo_and_the_unsaved_flag() {
    let mut p = two_articles().clone();
    let orig = p.clone();
    let mut h = History::new();
    let from = place_id(&p, "country:IR");
    let to = place_id(&p, AL_UDEID);
    let id = h
        .apply(
            &mut p,
            Edit::AddDrawing(Drawing {
                id: 77,
                shape: Shape::Arrow {
                    from: Anchor::Place(from),
                    to: Anchor::Place(to),
                },
                text: None,
                style: Style::default(),
                events: Vec::new(),
            }),
        )
        .unwrap()
        .unwrap();
    assert_eq!(p.drawings.len(), 1);
    assert_eq!(p.drawings[0].id, id);
    assert_eq!(h.undo_label(), Some("Draw arrow"));
    assert!(h.is_dirty());
    let g = h.generation();
    h.undo(&mut p);
    assert_eq!(p, orig);
    assert!(!h.is_dirty());
    assert!(h.generation() > g);
    assert_eq!(h.redo_label(), Some("Draw arrow"));
    h.redo(&mut p);
    assert_eq!(p.drawings.len(), 1);
    // A new edit clears what could be redone.
    h.undo(&mut p);
    h.apply(&mut p, Edit::RejectMention { mention: 0 }).unwrap();
    assert!(!h.can_redo());
    // The French labels follow the project's language.
    let mut fr = orig.clone();
    fr.lang = "fr".into();
    let e = Edit::MovePlace {
        place: to,
        to: LatLon {
            lat: 25.0,
            lon: 51.0,
        },
    };
    assert_eq!(e.label(&fr), "Déplacer Al Udeid Air Base");
}

#[test]
fn tag_a_span_with_a_new_place_and_untag_it() {
    let mut p = two_articles().clone();
    let mut h = History::new();
    let text = &p.documents[0].text;
    let start = text.find("nuclear sites").unwrap();
    let end = start + "nuclear sites".len();
    let n_places = p.places.len();
    let m = h
        .apply(
            &mut p,
            Edit::TagSpan {
                doc: 0,
                start,
                end,
                place: PlaceChoice::New(NewPlace::Point {
                    name: "Fordow".into(),
                    kind: PlaceKind::Facility,
                    point: LatLon {
                        lat: 34.88,
                        lon: 50.99,
                    },
                }),
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(p.places.len(), n_places + 1);
    let mention = p.mentions.iter().find(|x| x.id == m).unwrap();
    assert_eq!(mention.surface, "nuclear sites");
    let fordow = mention.place.unwrap();
    assert!(p.visible_places().any(|(_, pl, _)| pl.id == fordow));
    // Mentions stay in text order.
    let order: Vec<(u32, usize)> = p.mentions.iter().map(|x| (x.doc, x.start)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // One undo takes back both the mention and the place.
    h.undo(&mut p);
    assert_eq!(p, *two_articles());
    h.redo(&mut p);
    h.apply(&mut p, Edit::Untag { mention: m }).unwrap();
    assert!(p.mentions.iter().all(|x| x.id != m));
    // Bad spans are refused.
    let bad = h.apply(
        &mut p,
        Edit::TagSpan {
            doc: 0,
            start: 5,
            end: 5_000_000,
            place: PlaceChoice::Existing(fordow),
        },
    );
    assert!(matches!(bad, Err(EditError::Invalid(_))));
    assert_eq!(
        h.apply(
            &mut p,
            Edit::TagSpan {
                doc: 9,
                start: 0,
                end: 1,
                place: PlaceChoice::Existing(fordow),
            },
        ),
        Err(EditError::NoDocument(9))
    );
}

#[test]
fn events_are_added_edited_and_deleted_with_their_links() {
    let mut p = two_articles().clone();
    let mut h = History::new();
    let doha = place_id(&p, "geonames:290030");
    let src = h
        .apply(
            &mut p,
            Edit::AddSource {
                name: "Qatar Airways".into(),
                kind: "company".into(),
            },
        )
        .unwrap()
        .unwrap();
    let e = Event {
        id: 0,
        title: "Flights suspended".into(),
        summary: String::new(),
        kind: "disruption".into(),
        when: Some(When {
            start: PartialDate::ymd(2025, 6, 23).unwrap(),
            end: PartialDate::ymd(2025, 6, 24),
        }),
        places: vec![doha],
        actors: vec![Actor {
            name: "Qatar".into(),
            role: "agent".into(),
            kind: "country".into(),
            country: Some("QA".into()),
            title: None,
        }],
        evidence: Vec::new(),
        sources: vec![SourceRef {
            source: src,
            claim: Claim::Confirmed,
            via: None,
        }],
        provenance: Provenance::Auto,
        notes: "Airspace closed for hours".into(),
    };
    let id = h.apply(&mut p, Edit::AddEvent(e.clone())).unwrap().unwrap();
    let added = p.events.iter().find(|x| x.id == id).unwrap();
    assert_eq!(added.provenance, Provenance::User);
    assert_eq!(added.notes, "Airspace closed for hours");
    let d = h
        .apply(
            &mut p,
            Edit::AddDrawing(Drawing {
                id: 0,
                shape: Shape::Callout {
                    at: Anchor::Place(doha),
                    text_at: LatLon {
                        lat: 26.0,
                        lon: 52.0,
                    },
                },
                text: Some("Airport closed".into()),
                style: Style::default(),
                events: vec![id],
            }),
        )
        .unwrap()
        .unwrap();
    let before = p.clone();
    h.apply(&mut p, Edit::DeleteEvent { event: id }).unwrap();
    let drawing = p.drawings.iter().find(|x| x.id == d).unwrap();
    assert!(drawing.events.is_empty());
    h.undo(&mut p);
    assert_eq!(p, before);
    // An event pointing nowhere is refused.
    let mut bad = e;
    bad.sources[0].source = 999;
    assert_eq!(
        h.apply(&mut p, Edit::AddEvent(bad)),
        Err(EditError::NoSource(999))
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// An edit with its targets as numbers, resolved against the project when applied (so
    /// that it can name items earlier edits created); numbers past the lists name nothing,
    /// which tests the failing paths too.
    #[derive(Debug, Clone)]
    enum Spec {
        AddPoint(f64, f64, u8),
        AddCandidate(u8),
        Move(u16, f64, f64),
        Rename(u16, u8),
        Kind(u16, u8),
        Style(u16, u8),
        Confirm(u16),
        Delete(u16),
        Tag(u8, u16, u8, u16),
        Untag(u16),
        Repoint(u16, u8),
        Reject(u16),
        Restore(u16),
        AddEvent(u16, u8),
        EditEvent(u16, u8),
        DeleteEvent(u16),
        Arrow(u16, u16),
        Area(f64, f64),
        EditDrawing(u16, u8),
        DeleteDrawing(u16),
        AddCategory(u8),
        SetCategory(u16, u16),
        DeleteCategory(u16),
        Import(u8),
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let lat = -89.0..89.0f64;
        let lon = -179.0..179.0f64;
        prop_oneof![
            (lat.clone(), lon.clone(), any::<u8>()).prop_map(|(a, b, n)| Spec::AddPoint(a, b, n)),
            any::<u8>().prop_map(Spec::AddCandidate),
            (any::<u16>(), lat.clone(), lon.clone()).prop_map(|(i, a, b)| Spec::Move(i, a, b)),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::Rename(i, n)),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::Kind(i, n)),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::Style(i, n)),
            any::<u16>().prop_map(Spec::Confirm),
            any::<u16>().prop_map(Spec::Delete),
            (any::<u8>(), any::<u16>(), 0..20u8, any::<u16>())
                .prop_map(|(d, s, l, p)| Spec::Tag(d, s, l, p)),
            any::<u16>().prop_map(Spec::Untag),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::Repoint(i, n)),
            any::<u16>().prop_map(Spec::Reject),
            any::<u16>().prop_map(Spec::Restore),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::AddEvent(i, n)),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::EditEvent(i, n)),
            any::<u16>().prop_map(Spec::DeleteEvent),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Spec::Arrow(a, b)),
            (lat, lon).prop_map(|(a, b)| Spec::Area(a, b)),
            (any::<u16>(), any::<u8>()).prop_map(|(i, n)| Spec::EditDrawing(i, n)),
            any::<u16>().prop_map(Spec::DeleteDrawing),
            any::<u8>().prop_map(Spec::AddCategory),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Spec::SetCategory(a, b)),
            any::<u16>().prop_map(Spec::DeleteCategory),
            any::<u8>().prop_map(Spec::Import),
        ]
    }

    /// The id of the `k`-th item (modulo the count), or an id no item has for large `k`.
    fn pick(ids: &[u32], k: u16) -> u32 {
        if ids.is_empty() || k > 60_000 {
            50_000 + u32::from(k)
        } else {
            ids[k as usize % ids.len()]
        }
    }

    fn to_edit(p: &Project, s: &Spec) -> Edit {
        let places: Vec<u32> = p.places.iter().map(|x| x.id).collect();
        let mentions: Vec<u32> = p.mentions.iter().map(|x| x.id).collect();
        let events: Vec<u32> = p.events.iter().map(|x| x.id).collect();
        let drawings: Vec<u32> = p.drawings.iter().map(|x| x.id).collect();
        let cats: Vec<u32> = p.categories.iter().map(|x| x.id).collect();
        match *s {
            Spec::AddPoint(lat, lon, n) => Edit::AddPlace(NewPlace::Point {
                name: if n == 0 { " ".into() } else { format!("P{n}") },
                kind: PlaceKind::ALL[n as usize % PlaceKind::ALL.len()],
                point: LatLon { lat, lon },
            }),
            Spec::AddCandidate(n) => Edit::AddPlace(NewPlace::Candidate(Candidate {
                name: format!("C{}", n % 4),
                kind: PlaceKind::City,
                point: LatLon {
                    lat: f64::from(n % 4),
                    lon: 10.0,
                },
                country: None,
                gazetteer_ref: if n % 2 == 0 {
                    format!("test:{}", n % 4)
                } else {
                    String::new()
                },
                score: 0.5,
            })),
            Spec::Move(i, lat, lon) => Edit::MovePlace {
                place: pick(&places, i),
                to: LatLon { lat, lon },
            },
            Spec::Rename(i, n) => Edit::RenamePlace {
                place: pick(&places, i),
                name: if n % 7 == 0 {
                    String::new()
                } else {
                    format!("N{n}")
                },
            },
            Spec::Kind(i, n) => Edit::SetPlaceKind {
                place: pick(&places, i),
                kind: PlaceKind::ALL[n as usize % PlaceKind::ALL.len()],
            },
            Spec::Style(i, n) => Edit::SetPlaceStyle {
                place: pick(&places, i),
                style: (n % 3 != 0).then(|| PinStyle {
                    color: (n % 2 == 0).then(|| format!("#{n:02x}{n:02x}00")),
                    size: f32::from(n % 5),
                }),
            },
            Spec::Confirm(i) => Edit::ConfirmPlace {
                place: pick(&places, i),
            },
            Spec::Delete(i) => Edit::DeletePlace {
                place: pick(&places, i),
            },
            Spec::Tag(d, s, l, pl) => {
                let doc = u32::from(d % 3);
                let (start, end) = match p.documents.get(doc as usize) {
                    Some(dd) => {
                        let t = &dd.text;
                        let mut a = (s as usize) % t.len().max(1);
                        while !t.is_char_boundary(a) {
                            a -= 1;
                        }
                        (a, a + l as usize)
                    }
                    None => (0, 1),
                };
                Edit::TagSpan {
                    doc,
                    start,
                    end,
                    place: if pl % 4 == 0 {
                        PlaceChoice::New(NewPlace::Point {
                            name: "Tagged".into(),
                            kind: PlaceKind::Other,
                            point: LatLon { lat: 1.0, lon: 2.0 },
                        })
                    } else {
                        PlaceChoice::Existing(pick(&places, pl))
                    },
                }
            }
            Spec::Untag(i) => Edit::Untag {
                mention: pick(&mentions, i),
            },
            Spec::Repoint(i, n) => Edit::Repoint {
                mention: pick(&mentions, i),
                candidate: usize::from(n % 3),
            },
            Spec::Reject(i) => Edit::RejectMention {
                mention: pick(&mentions, i),
            },
            Spec::Restore(i) => Edit::RestoreMention {
                mention: pick(&mentions, i),
            },
            Spec::AddEvent(i, n) => Edit::AddEvent(Event {
                id: 0,
                title: format!("E{n}"),
                summary: String::new(),
                kind: if n % 9 == 0 {
                    String::new()
                } else {
                    "attack".into()
                },
                when: PartialDate::new(Some(2025), Some(n % 12 + 1), None)
                    .map(|start| When { start, end: None }),
                places: vec![pick(&places, i)],
                actors: Vec::new(),
                evidence: Vec::new(),
                sources: Vec::new(),
                provenance: Provenance::Auto,
                notes: format!("note {n}"),
            }),
            Spec::EditEvent(i, n) => {
                let id = pick(&events, i);
                let mut e = p
                    .events
                    .iter()
                    .find(|e| e.id == id)
                    .cloned()
                    .unwrap_or_else(|| Event {
                        id,
                        title: String::new(),
                        summary: String::new(),
                        kind: "x".into(),
                        when: None,
                        places: Vec::new(),
                        actors: Vec::new(),
                        evidence: Vec::new(),
                        sources: Vec::new(),
                        provenance: Provenance::User,
                        notes: String::new(),
                    });
                e.notes = format!("edited {n}");
                if n % 2 == 0 {
                    e.places.clear();
                }
                Edit::UpdateEvent(e)
            }
            Spec::DeleteEvent(i) => Edit::DeleteEvent {
                event: pick(&events, i),
            },
            Spec::Arrow(a, b) => Edit::AddDrawing(Drawing {
                id: 0,
                shape: Shape::Arrow {
                    from: Anchor::Place(pick(&places, a)),
                    to: if b % 2 == 0 {
                        Anchor::Place(pick(&places, b))
                    } else {
                        Anchor::Point(LatLon {
                            lat: 30.0,
                            lon: f64::from(b % 90),
                        })
                    },
                },
                text: None,
                style: Style::default(),
                events: events.iter().take(usize::from(a % 2)).copied().collect(),
            }),
            Spec::Area(lat, lon) => Edit::AddDrawing(Drawing {
                id: 0,
                shape: Shape::Polygon {
                    points: vec![
                        LatLon { lat, lon },
                        LatLon {
                            lat: lat + 0.5,
                            lon,
                        },
                        LatLon {
                            lat,
                            lon: lon + 0.5,
                        },
                    ],
                },
                text: Some("Zone".into()),
                style: Style::default(),
                events: Vec::new(),
            }),
            Spec::EditDrawing(i, n) => {
                let id = pick(&drawings, i);
                match p.drawings.iter().find(|d| d.id == id) {
                    Some(d) => {
                        let mut d = d.clone();
                        d.style.color = if n % 5 == 0 {
                            "blue".into()
                        } else {
                            format!("#0000{n:02x}")
                        };
                        d.text = Some(format!("T{n}"));
                        Edit::UpdateDrawing(d)
                    }
                    None => Edit::DeleteDrawing { drawing: id },
                }
            }
            Spec::DeleteDrawing(i) => Edit::DeleteDrawing {
                drawing: pick(&drawings, i),
            },
            Spec::AddCategory(n) => Edit::AddCategory {
                name: format!("Cat{n}"),
                color: format!("#{n:02x}8000"),
            },
            Spec::SetCategory(i, c) => Edit::SetPlaceCategory {
                place: pick(&places, i),
                category: (c % 3 != 0).then(|| pick(&cats, c)),
            },
            Spec::DeleteCategory(i) => Edit::DeleteCategory {
                category: pick(&cats, i),
            },
            Spec::Import(n) => {
                let csv = format!(
                    "name,latitude,longitude,category\nImported{n},{},{},Cat{}\nAl Udeid Air Base,25.1173,51.315,\n",
                    f64::from(n) / 10.0,
                    f64::from(n) / 5.0,
                    n % 3
                );
                Edit::Import(
                    exchange::csv::import(&csv, "gen.csv", b',').unwrap_or_else(|e| panic!("{e}")),
                )
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn edits_undo_to_the_original_and_redo_to_the_edited(
            specs in prop::collection::vec(spec(), 1..30)
        ) {
            let orig = two_articles().clone();
            let mut p = orig.clone();
            let mut h = History::new();
            let mut applied = 0;
            for s in &specs {
                let edit = to_edit(&p, s);
                let before = p.clone();
                match h.apply(&mut p, edit.clone()) {
                    Ok(_) => {
                        if p != before {
                            applied += 1;
                        }
                        // Every state is a valid project file.
                        let back = file::from_bytes(&file::to_bytes(&p), Path::new("gen.dateline"));
                        prop_assert!(back.is_ok(), "{edit:?} made an invalid project: {:?}", back.err());
                        prop_assert_eq!(&back.unwrap().0, &p);
                    }
                    Err(_) => prop_assert_eq!(&p, &before, "a failed {:?} changed the project", edit),
                }
            }
            prop_assert_eq!(h.changes().len(), applied);
            let edited = p.clone();
            while h.undo(&mut p).is_some() {}
            prop_assert_eq!(&p, &orig);
            prop_assert!(!h.is_dirty());
            while h.redo(&mut p).is_some() {}
            prop_assert_eq!(&p, &edited);
            prop_assert_eq!(h.is_dirty(), applied > 0);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Exchange

/// Name, kind, country, gazetteer reference and point (in micro-degrees) of a place.
type PlaceKey = (String, String, Option<String>, Option<String>, i64, i64);

fn place_set(p: &Project) -> Vec<PlaceKey> {
    let mut v: Vec<_> = p
        .visible_places()
        .map(|(_, pl, _)| {
            (
                pl.name.clone(),
                pl.kind.as_str().to_string(),
                pl.country.clone(),
                pl.gazetteer_ref.clone(),
                (pl.point.lat * 1e6).round() as i64,
                (pl.point.lon * 1e6).round() as i64,
            )
        })
        .collect();
    v.sort();
    v
}

/// What an event looks like in exchange formats: everything but its evidence, ids and
/// claims.
fn event_set(p: &Project, with_actors: bool) -> Vec<String> {
    let mut v: Vec<String> = p
        .events
        .iter()
        .map(|e| {
            let mut places: Vec<&str> = e
                .places
                .iter()
                .filter_map(|id| p.place(*id))
                .map(|x| x.name.as_str())
                .collect();
            places.sort();
            let mut sources: Vec<&str> = e
                .sources
                .iter()
                .filter_map(|r| p.sources.iter().find(|s| s.id == r.source))
                .map(|s| s.name.as_str())
                .collect();
            sources.sort();
            sources.dedup();
            let actors: Vec<&str> = if with_actors {
                e.actors.iter().map(|a| a.name.as_str()).collect()
            } else {
                Vec::new()
            };
            format!(
                "{} | {:?} | {} | {} | {} | {:?} | {:?} | {:?}",
                e.kind, e.when, e.title, e.summary, e.notes, places, sources, actors
            )
        })
        .filter(|s| !s.contains("| [] |"))
        .collect();
    v.sort();
    v
}

fn imported_project(i: Imported) -> Project {
    let mut p = Project::new("en");
    History::new()
        .apply(&mut p, Edit::Import(i))
        .unwrap_or_else(|e| panic!("{e}"));
    p
}

#[test]
fn geojson_export_parses_and_round_trips() {
    let p = worked_project();
    let text = exchange::geojson::export(&p);
    let gj: geojson::GeoJson = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("not a FeatureCollection")
    };
    let kinds = |k: &str| {
        fc.features
            .iter()
            .filter(|f| f.property("feature").and_then(|v| v.as_str()) == Some(k))
            .count()
    };
    assert_eq!(kinds("place"), p.visible_places().count());
    assert_eq!(kinds("drawing"), 1);
    assert!(kinds("event") >= p.events.len());
    let strike = fc
        .features
        .iter()
        .find(|f| {
            f.property("event_type").and_then(|v| v.as_str()) == Some("missile_strike")
                && f.property("location").and_then(|v| v.as_str()) == Some("Al Udeid Air Base")
        })
        .expect("the strike at the base");
    for key in [
        "event_date",
        "time_precision",
        "event_type",
        "actor1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
    ] {
        assert!(strike.contains_property(key), "no {key}");
    }
    assert_eq!(strike.property("event_date").unwrap(), "2025-06-23");
    assert_eq!(strike.property("time_precision").unwrap(), 1);
    assert_eq!(strike.property("sources_count").unwrap(), 2);
    let base = fc
        .features
        .iter()
        .find(|f| f.property("gazetteer_ref").and_then(|v| v.as_str()) == Some(AL_UDEID))
        .unwrap();
    assert_eq!(base.property("marker-color").unwrap(), "#1f77b4");
    assert_eq!(base.property("category").unwrap(), "Bases");

    let imported = exchange::geojson::import(&text, "export.geojson").unwrap();
    assert_eq!(imported.skipped, 1, "the drawing is skipped");
    let q = imported_project(imported);
    assert_eq!(place_set(&q), place_set(&p));
    assert_eq!(event_set(&q, true), event_set(&p, true));
    assert_eq!(q.categories.len(), 1);
    let qbase = q
        .places
        .iter()
        .find(|x| x.gazetteer_ref.as_deref() == Some(AL_UDEID))
        .unwrap();
    assert_eq!(qbase.category, Some(q.categories[0].id));
    // Claims survive in GeoJSON.
    let claims = |p: &Project| {
        let mut c: Vec<String> = p
            .events
            .iter()
            .flat_map(|e| e.sources.iter().map(|r| format!("{:?}", r.claim)))
            .collect();
        c.sort();
        c.dedup();
        c
    };
    assert_eq!(claims(&q), claims(&p));

    // Importing the same file again into the result adds nothing.
    let mut again = q.clone();
    let mut h = History::new();
    h.apply(
        &mut again,
        Edit::Import(exchange::geojson::import(&text, "export.geojson").unwrap()),
    )
    .unwrap();
    assert_eq!(again, q);
}

#[test]
fn csv_round_trips_events_and_places() {
    let p = worked_project();
    let events_csv = exchange::csv::export_events(&p);
    let header = events_csv.lines().next().unwrap();
    assert!(header.starts_with("event_id,event_date,end_date,date_precision,time_precision,event_type,actor1,actor2,location,latitude,longitude,geo_precision"));
    let q = imported_project(exchange::csv::import(&events_csv, "events.csv", b',').unwrap());
    // CSV keeps actor1 and actor2 only: compare without the actors.
    assert_eq!(event_set(&q, false), event_set(&p, false));
    let places_csv = exchange::csv::export_places(&p);
    let r = imported_project(exchange::csv::import(&places_csv, "places.csv", b',').unwrap());
    assert_eq!(place_set(&r), place_set(&p));
    assert_eq!(r.categories[0].name, "Bases");
    assert_eq!(r.categories[0].color, "#1f77b4");
}

#[test]
fn bad_imports_name_the_file() {
    let e = exchange::geojson::import("{\"type\": \"Nope\"}", "x.geojson").unwrap_err();
    assert!(e.to_string().starts_with("x.geojson: not GeoJSON"), "{e}");
    let e = exchange::geojson::import("", "y.geojson").unwrap_err();
    assert!(e.to_string().starts_with("y.geojson"), "{e}");
    let e = exchange::csv::import("name,lat,lon\n\"unclosed,1,2\n", "z.csv", b',');
    // An unclosed quote runs to the end: one record without coordinates.
    assert_eq!(e.unwrap().skipped, 1);
    let e = exchange::import_file(Path::new("/nonexistent/points.geojson")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/points.geojson"), "{e}");
    let e = exchange::import_file(Path::new("points.shp")).unwrap_err();
    assert!(e.to_string().contains("points.shp"), "{e}");
}

#[test]
fn kml_is_escaped_and_balanced() {
    let mut p = worked_project();
    let mut h = History::new();
    h.apply(
        &mut p,
        Edit::AddPlace(NewPlace::Point {
            name: "Camp <A> & \"B\"\u{1}".into(),
            kind: PlaceKind::MilitaryBase,
            point: LatLon {
                lat: 33.0,
                lon: 44.0,
            },
        }),
    )
    .unwrap();
    let kml = exchange::kml::export(&p, "Al Udeid & after");
    assert!(kml.contains("<name>Camp &lt;A&gt; &amp; &quot;B&quot;</name>"));
    assert!(kml.contains("<name>Al Udeid &amp; after</name>"));
    assert!(kml.contains("&lt;unconfirmed&gt;"));
    assert!(!kml.contains('\u{1}'));
    assert_eq!(
        kml.matches("<Placemark>").count(),
        kml.matches("</Placemark>").count()
    );
    assert!(kml.contains("<TimeStamp><when>2025-06-23</when></TimeStamp>"));
    assert!(kml.contains("<LineString>"));
    // Every tag opened is closed, in order (a tiny well-formedness check).
    let mut stack: Vec<String> = Vec::new();
    let mut rest = kml.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let j = rest.find('>').unwrap();
        let tag = &rest[..j];
        rest = &rest[j + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap();
        if let Some(close) = name.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(close));
        } else {
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty());
}
