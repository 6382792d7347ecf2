//! GUI tests: egui_kittest drives the real app, without a GPU or a display.
//!
//! Files are opened through the scripted file dialog, as a user would through File > Open;
//! the tests then wait (frame by frame) for the loading threads, click through the panels by
//! their accessible labels, and check the project and the selection. Text is drawn with the
//! bundled fonts, so a glyph they lack would make the harness panic.
//!
//! Project files and recovery copies are written to folders of their own under
//! `std::env::temp_dir()` ([`TempDir`]); the recovery folder is always injected through
//! [`Config::with_recovery`], so no test writes to the user's home.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use dateline::project::Project;
use dateline::project::file::{self, Recovery};
use dateline::ui::{Config, DatelineApp, Pick, ScriptedDialogs};
use egui::{ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("dateline-ui-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }

    fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("assets/samples/fr-bagdad-erbil.txt")
}

/// The app with no file open and scripted dialogs.
fn harness(dialogs: &ScriptedDialogs) -> Harness<'static, DatelineApp> {
    let dialogs = dialogs.clone();
    harness_with(move || Config::new(Vec::new(), Box::new(dialogs)))
}

/// The app built from a config.
fn harness_with(config: impl FnOnce() -> Config + 'static) -> Harness<'static, DatelineApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| DatelineApp::new(cc, config()))
}

/// Runs frames until `done` holds (or fails after a minute).
fn wait_for(
    h: &mut Harness<'static, DatelineApp>,
    what: &str,
    done: impl Fn(&DatelineApp) -> bool,
) {
    let t0 = Instant::now();
    while !done(h.state()) {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}; errors: {:?}",
            h.state().errors()
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // A few more frames for the panels to catch up.
    for _ in 0..3 {
        h.step();
    }
}

/// Opens a file through the "Open..." button and the scripted dialog, and waits for it.
fn open(h: &mut Harness<'static, DatelineApp>, dialogs: &ScriptedDialogs, file: &Path) {
    dialogs.queue_pick(vec![file.to_path_buf()]);
    h.get_by_label("Open...").click();
    h.step();
    wait_for(h, "the article and the map", |a| {
        !a.is_busy() && !a.project().documents.is_empty()
    });
}

fn place_id(app: &DatelineApp, name: &str) -> u32 {
    app.project()
        .places
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no place named {name}"))
        .id
}

#[test]
fn opening_an_article_shows_its_places_and_selecting_erbil_shows_it() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    // The start screen offers the sample.
    h.get_by_label("Open the sample article");
    open(&mut h, &dialogs, &sample());
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert!(app.project().places.iter().any(|p| p.name == "Erbil"));
    // The map has drawn pins.
    let scene = app.map().scene().expect("the map was painted");
    assert!(!scene.hits.is_empty(), "no pin on the map");
    assert!(app.time_to_first_pins().is_some());

    // Select Erbil from the list of places.
    h.get_by_label("Erbil").click();
    h.run_steps(3);
    let erbil = place_id(h.state(), "Erbil");
    assert_eq!(h.state().selected(), Some(erbil));
    // The side panel shows the place, its events and its mentions.
    h.get_by_label_contains("Ville");
    h.get_by_label_contains("Events (");
    h.get_by_label_contains("Mentions (");
    let events_here = h
        .state()
        .project()
        .events
        .iter()
        .filter(|e| e.places.contains(&erbil))
        .count();
    if events_here > 0 {
        // Each event shows its source chips with the claim.
        let chips = h.query_all_by_label_contains(": reported").count()
            + h.query_all_by_label_contains(": claimed").count()
            + h.query_all_by_label_contains(": confirmed").count()
            + h.query_all_by_label_contains(": denied").count();
        assert!(chips > 0, "events without a source chip");
    }
    // The selection is ringed on the map: the scene was rebuilt with it.
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert_eq!(h.state().selected(), None);
}

#[test]
fn find_a_place_adds_it_to_the_map_and_selects_it() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    assert!(
        !h.state()
            .project()
            .places
            .iter()
            .any(|p| p.name == "Tikrit"),
        "the sample does not name Tikrit"
    );
    h.get_by_label("Find a place").click();
    h.run_steps(3);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("Tikrit");
    h.run_steps(3);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let app = h.state();
    let id = place_id(app, "Tikrit");
    let p = app.project().place(id).unwrap();
    assert!((p.point.lat - 34.6).abs() < 0.2 && (p.point.lon - 43.68).abs() < 0.2);
    assert_eq!(app.selected(), Some(id));
    // A place the user added stays on the map though no text names it.
    assert!(app.project().visible_places().any(|(_, q, _)| q.id == id));
}

#[test]
fn choosing_another_candidate_moves_the_pin() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    h.get_by_label("Erbil").click();
    h.run_steps(3);
    let erbil = place_id(h.state(), "Erbil");
    let before = h.state().project().place(erbil).map(|p| p.point).unwrap();
    let mention = h
        .state()
        .project()
        .mentions
        .iter()
        .find(|m| m.place == Some(erbil) && !m.alternatives.is_empty())
        .map(|m| m.id)
        .expect("a mention of Erbil with alternatives");
    // Open the first mention's alternatives and use the first one.
    h.get_all_by_label_contains("Other places named")
        .next()
        .expect("alternatives")
        .click();
    h.run_steps(3);
    h.get_all_by_label("Use this place")
        .next()
        .expect("a candidate")
        .click();
    h.run_steps(3);
    let app = h.state();
    let m = app
        .project()
        .mentions
        .iter()
        .find(|m| m.id == mention)
        .unwrap();
    let now = m.place.expect("still resolved");
    assert_ne!(now, erbil, "the mention was not re-pointed");
    let after = app.project().place(now).map(|p| p.point).unwrap();
    assert!(
        (after.lat - before.lat).abs() + (after.lon - before.lon).abs() > 1e-4,
        "the pin did not move: {before:?} -> {after:?}"
    );
    assert_eq!(app.selected(), Some(now));

    // "Not a place" on the new place's mention takes it off the map.
    h.get_by_label("Not a place").click();
    h.run_steps(3);
    let m = h
        .state()
        .project()
        .mentions
        .iter()
        .find(|m| m.id == mention)
        .unwrap();
    assert_eq!(m.status, dateline::project::MentionStatus::Rejected);

    // Undo twice: "not a place", then the choice of candidate; redo brings the choice back.
    let mention_now = |h: &Harness<'static, DatelineApp>| {
        h.state()
            .project()
            .mentions
            .iter()
            .find(|m| m.id == mention)
            .cloned()
            .unwrap()
    };
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_eq!(
        mention_now(&h).status,
        dateline::project::MentionStatus::Confirmed
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(
        mention_now(&h).place,
        Some(erbil),
        "undo did not restore Erbil"
    );
    h.get_by_label("Redo").click();
    h.run_steps(2);
    assert_eq!(mention_now(&h).place, Some(now));
}

#[test]
fn export_writes_a_png_through_the_dialog() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(
        &mut h,
        &dialogs,
        &root().join("tests/articles/en-wire-gulf.txt"),
    );
    let dir = std::env::temp_dir().join(format!("dateline-ui-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("gulf.png");
    dialogs.queue_save(out.clone());
    h.get_by_label("Export...").click();
    h.run_steps(2);
    {
        let w = h.state_mut().export_window();
        w.width = 640;
        w.height = 400;
    }
    h.run_steps(2);
    // Let the preview arrive and the window settle before clicking.
    wait_for(&mut h, "the preview", |a| !a.is_busy());
    h.get_by_label("Save the image...").click();
    h.step();
    wait_for(&mut h, "the export", |a| !a.is_busy());
    let bytes = std::fs::read(&out).expect("the PNG was written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let hgt = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    assert_eq!((w, hgt), (640, 400));
    assert_eq!(
        dialogs.asked_saves(),
        vec![("map.png".into(), "png".into())]
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_file_gives_a_message_naming_it() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    dialogs.queue_pick(vec![root().join("tests/articles/no-such-file.txt")]);
    h.get_by_label("Open...").click();
    h.step();
    wait_for(&mut h, "the error", |a| !a.errors().is_empty());
    assert!(h.state().errors()[0].contains("no-such-file.txt"));
    h.get_by_label_contains("no-such-file.txt");
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().errors().is_empty());
}

/// Clicks an item of a menu of the menu bar.
fn menu(h: &mut Harness<'static, DatelineApp>, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run_steps(2);
    h.get_by_label(item).click();
    h.run_steps(2);
}

/// Asks the window to close, as the window manager does, and runs a frame.
fn request_close(h: &mut Harness<'static, DatelineApp>) {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
}

/// The viewport commands the app sent in the last frame.
fn commands(h: &Harness<'static, DatelineApp>) -> Vec<ViewportCommand> {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn a_saved_project_reopens_with_its_places_events_and_view() {
    let dir = TempDir::new("save");
    // The article in a folder of its own, to change it after saving.
    let article = dir.join("fr-bagdad-erbil.txt");
    std::fs::copy(sample(), &article).unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &article);
    h.run_steps(3);
    assert!(
        h.state().title().starts_with("• Untitled"),
        "{}",
        h.state().title()
    );

    // Zoom in, so that the saved view is not the one framing the pins gives.
    h.get_by_label("+").click();
    h.run_steps(3);
    // File > Save as..., answered by the scripted dialog.
    let saved = dir.join("irak.dateline");
    dialogs.queue_save(saved.clone());
    menu(&mut h, "File", "Save as... (Ctrl+Shift+S)");
    wait_for(&mut h, "the save", |a| {
        !a.is_busy() && a.project_path().is_some()
    });
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert!(!app.history().is_dirty());
    assert_eq!(app.title(), "irak — Dateline");
    assert_eq!(app.project_path(), Some(saved.as_path()));
    assert_eq!(
        dialogs.asked_saves(),
        vec![("fr-bagdad-erbil.dateline".into(), "dateline".into())]
    );
    let before = app.project().clone();
    let view = before
        .view
        .expect("the map's view is saved with the project");
    let shown = app.map().view().expect("the map was laid out");
    let (lat, lon) = dateline::map::view::unproject(shown.center_x, shown.center_y);
    assert!((view.center.lat - lat).abs() < 1e-9 && (view.center.lon - lon).abs() < 1e-9);
    assert_eq!(view.zoom, shown.zoom);
    assert!(app.recent().iter().any(|p| p.ends_with("irak.dateline")));
    assert!(!before.places.is_empty() && !before.mentions.is_empty());
    assert!(!before.events.is_empty(), "the sample has events");

    // The article changes on disk; a fresh app opens the project through File > Open.
    std::fs::write(&article, "Un autre texte, à Mossoul.").unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &saved);
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert_eq!(
        app.project(),
        &before,
        "places, mentions, events and view as saved"
    );
    assert_eq!(app.project_path(), Some(saved.as_path()));
    assert!(!app.history().is_dirty());
    assert_eq!(app.title(), "irak — Dateline");
    assert_eq!(dialogs.asked_picks(), vec![Pick::Open]);
    // The banner says the article changed, and can be dismissed.
    assert_eq!(
        app.notices(),
        [
            "fr-bagdad-erbil.txt changed on disk since it was added; the project keeps the text it was made from"
        ]
    );
    h.get_by_label_contains("changed on disk since it was added");
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().notices().is_empty());
    // Ctrl+S saves to the same file again, without a dialog.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.state().errors().is_empty(), "{:?}", h.state().errors());
    assert!(dialogs.asked_saves().is_empty());
    assert!(file::load(&saved).is_ok());
}

#[test]
fn a_bad_project_file_is_named_and_the_work_is_kept() {
    let dir = TempDir::new("bad");
    let bad = dir.join("broken.dateline");
    std::fs::write(&bad, "{\"format\": \"dateline\", \"version\": 2, \"proj").unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    let before = h.state().project().clone();
    dialogs.queue_pick(vec![bad.clone()]);
    h.get_by_label("Open...").click();
    h.step();
    wait_for(&mut h, "the error", |a| !a.errors().is_empty());
    let e = &h.state().errors()[0];
    assert!(
        e.contains("broken.dateline") && e.contains("cut short"),
        "{e}"
    );
    assert_eq!(h.state().project(), &before);
    assert!(!h.state().is_prompting());
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = TempDir::new("close");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    // Nothing unsaved: a close request is let through.
    request_close(&mut h);
    assert!(!commands(&h).contains(&ViewportCommand::CancelClose));
    assert!(!h.state().is_prompting());

    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    assert!(h.state().history().is_dirty());
    request_close(&mut h);
    assert!(commands(&h).contains(&ViewportCommand::CancelClose));
    h.run_steps(2);
    assert!(h.state().is_prompting());
    h.get_by_label_contains("Save the changes to Untitled?");
    // Cancel keeps the window and the work.
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().is_prompting());
    assert!(!commands(&h).contains(&ViewportCommand::Close));
    assert!(!h.state().project().documents.is_empty());

    // Save on a project never saved asks where, saves, then closes.
    request_close(&mut h);
    h.run_steps(2);
    let saved = dir.join("closing.dateline");
    dialogs.queue_save(saved.clone());
    h.get_all_by_label("Save")
        .last()
        .expect("the prompt's Save button")
        .click();
    h.step();
    let t0 = Instant::now();
    while !commands(&h).contains(&ViewportCommand::Close) {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the window did not close"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(file::load(&saved).is_ok());
    assert!(!h.state().history().is_dirty());

    // New project with unsaved changes asks too; Don't save drops them.
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    menu(&mut h, "File", "New project (Ctrl+N)");
    assert!(h.state().is_prompting());
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    assert!(h.state().project().documents.is_empty());
    assert!(!h.state().history().is_dirty());
    assert_eq!(h.state().title(), "Untitled — Dateline");
}

#[test]
fn opening_a_project_over_unsaved_work_asks_first() {
    let dir = TempDir::new("replace");
    let other = dir.join("other.dateline");
    file::save(&small_project(), &other).unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    let work = h.state().project().clone();
    // Cancel keeps the work.
    dialogs.queue_pick(vec![other.clone()]);
    h.get_by_label("Open...").click();
    h.step();
    wait_for(&mut h, "the prompt", |a| a.is_prompting());
    h.get_by_label_contains("before opening the other project");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().project(), &work);
    assert!(h.state().history().is_dirty());
    // Don't save replaces it.
    dialogs.queue_pick(vec![other.clone()]);
    h.get_by_label("Open...").click();
    h.step();
    wait_for(&mut h, "the prompt", |a| a.is_prompting());
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    assert_eq!(h.state().project(), &small_project());
    assert_eq!(h.state().project_path(), Some(other.as_path()));
    assert_eq!(h.state().title(), "other — Dateline");
}

/// A small project of one article and one place, for recovery tests.
fn small_project() -> Project {
    let mut p = Project::new("fr");
    p.documents.push(dateline::document::from_text(
        "a",
        "Des roquettes sont tombées près de Bagdad.".into(),
        Some("fr"),
    ));
    p.places.push(dateline::project::Place {
        id: 0,
        name: "Bagdad".into(),
        names: Vec::new(),
        kind: dateline::project::PlaceKind::City,
        point: dateline::project::LatLon {
            lat: 33.34,
            lon: 44.4,
        },
        country: Some("IQ".into()),
        gazetteer_ref: None,
        rank: 200,
        resolution: dateline::project::Resolution::Manual,
        category: None,
        style: None,
    });
    p
}

#[test]
fn recovery_copies_are_offered_at_start_and_restored() {
    let dir = TempDir::new("recovery");
    let recovery = Recovery::new(dir.join("recovery"));
    // A saved project, and a later copy of it with more work.
    let saved = dir.join("bagdad.dateline");
    let mut p = small_project();
    file::save(&p, &saved).unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&saved)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    p.places[0].name = "Baghdad".into();
    let copy = recovery.write(&p, Some(&saved)).unwrap();
    // An older copy of a project never saved, to discard.
    let untitled = Recovery::new(dir.join("recovery"))
        .write(&small_project(), None)
        .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&untitled)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();

    let dialogs = ScriptedDialogs::new();
    let rec = recovery.clone();
    let mut h = harness_with(move || Config::new(Vec::new(), Box::new(dialogs)).with_recovery(rec));
    wait_for(&mut h, "the offer", |a| a.recovery_offers().len() == 2);
    h.get_by_label_contains("Recover unsaved work");
    h.get_by_label("bagdad.dateline");
    h.get_by_label("Untitled project");
    // The newest first: discard the second (untitled), restore the first.
    h.get_all_by_label("Discard").nth(1).unwrap().click();
    h.run_steps(2);
    assert!(!untitled.exists(), "the discarded copy is deleted");
    assert_eq!(h.state().recovery_offers().len(), 1);
    // Let the window settle to its new size (one row less) before clicking in it.
    h.run_steps(5);
    h.get_by_label("Restore").click();
    h.step();
    wait_for(&mut h, "the restored project", |a| {
        !a.is_busy() && !a.project().places.is_empty()
    });
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert_eq!(app.project(), &p);
    assert!(app.history().is_dirty(), "restored work is unsaved");
    assert_eq!(
        app.project_path().map(|p| p.canonicalize().unwrap()),
        Some(saved.canonicalize().unwrap())
    );
    assert!(app.recovery_offers().is_empty());
    assert_eq!(app.title(), "• bagdad — Dateline");
    // Saving writes the project and removes the copy.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.state().errors().is_empty(), "{:?}", h.state().errors());
    assert!(!copy.exists(), "the recovery copy is removed after saving");
    assert_eq!(file::load(&saved).unwrap().places[0].name, "Baghdad");
}

#[test]
fn autosave_writes_a_recovery_copy_of_unsaved_work() {
    let dir = TempDir::new("autosave");
    let recovery = Recovery::new(dir.join("recovery"));
    let dialogs = ScriptedDialogs::new();
    let (d, r) = (dialogs.clone(), recovery.clone());
    let mut h = harness_with(move || {
        let mut c = Config::new(Vec::new(), Box::new(d)).with_recovery(r);
        c.autosave_every = Duration::from_millis(50);
        c
    });
    h.step();
    open(&mut h, &dialogs, &sample());
    let t0 = Instant::now();
    while recovery.list().unwrap().is_empty() {
        assert!(t0.elapsed() < Duration::from_secs(30), "no recovery copy");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    wait_for(&mut h, "the copy", |a| !a.is_busy());
    let copies = recovery.list().unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].project, None);
    let (copy, _) = Recovery::load(&copies[0].path).unwrap();
    assert_eq!(copy.documents, h.state().project().documents);
    // Saving removes it.
    let saved = dir.join("auto.dateline");
    dialogs.queue_save(saved.clone());
    h.get_by_label("Save").click();
    wait_for(&mut h, "the save", |a| {
        !a.is_busy() && a.project_path().is_some()
    });
    assert!(recovery.list().unwrap().is_empty());
}

#[test]
fn importing_geojson_adds_places_and_undo_removes_them() {
    let dir = TempDir::new("import");
    let data = dir.join("points.geojson");
    std::fs::write(
        &data,
        r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.68, 34.6]},
             "properties": {"name": "Tikrit", "place_kind": "city", "country": "IQ"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [42.95, 36.34]},
             "properties": {"name": "Tal Afar"}},
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
             "properties": {"name": "a road"}}
        ]}"#,
    )
    .unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    let before = h.state().project().clone();
    dialogs.queue_pick(vec![data.clone()]);
    menu(&mut h, "File", "Import places (GeoJSON, CSV)...");
    wait_for(&mut h, "the import", |a| {
        !a.is_busy() && a.project().places.len() > before.places.len()
    });
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert_eq!(dialogs.asked_picks().last(), Some(&Pick::Import));
    let tikrit = app
        .project()
        .places
        .iter()
        .find(|p| p.name == "Tikrit")
        .expect("Tikrit imported");
    assert_eq!(tikrit.kind, dateline::project::PlaceKind::City);
    assert_eq!(tikrit.country.as_deref(), Some("IQ"));
    assert!(app.project().places.iter().any(|p| p.name == "Tal Afar"));
    assert_eq!(app.project().places.len(), before.places.len() + 2);
    assert_eq!(
        app.status(),
        Some(
            "Imported 2 places and 0 events from points.geojson (1 feature without a point skipped)"
        )
    );
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_eq!(h.state().project(), &before);

    // A file that is not GeoJSON is named in the message, and changes nothing.
    let bad = dir.join("bad.geojson");
    std::fs::write(&bad, "not json").unwrap();
    dialogs.queue_pick(vec![bad]);
    menu(&mut h, "File", "Import places (GeoJSON, CSV)...");
    wait_for(&mut h, "the error", |a| {
        !a.is_busy() && !a.errors().is_empty()
    });
    assert!(
        h.state().errors()[0].contains("bad.geojson"),
        "{:?}",
        h.state().errors()
    );
    assert_eq!(h.state().project(), &before);
}

#[test]
fn a_reopened_project_shows_its_saved_view() {
    let dir = TempDir::new("view");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &sample());
    h.get_by_label("+").click();
    h.run_steps(3);
    let saved = dir.join("view.dateline");
    dialogs.queue_save(saved.clone());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    wait_for(&mut h, "the save", |a| {
        !a.is_busy() && a.project_path().is_some()
    });
    let view = h.state().project().view.expect("saved with its view");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    h.step();
    open(&mut h, &dialogs, &saved);
    let now = h.state().map().view().expect("the map was laid out");
    let (lat, lon) = dateline::map::view::unproject(now.center_x, now.center_y);
    assert!(
        (view.center.lat - lat).abs() < 1e-6 && (view.center.lon - lon).abs() < 1e-6,
        "{view:?} vs {lat} {lon}"
    );
    assert!(
        (view.zoom - now.zoom).abs() < 1e-9,
        "{view:?} vs {}",
        now.zoom
    );
}

/// The screen positions of pins of single places on the map (not clusters), with their ids.
fn pins_on_screen(app: &DatelineApp) -> Vec<(u32, egui::Pos2)> {
    let map = app.map();
    let origin = map.rect().expect("the map was laid out").min;
    let scene = map.scene().expect("the map was painted");
    scene
        .hits
        .iter()
        .filter_map(|t| match t.what {
            dateline::map::display::Hit::Place(i) => Some((
                app.project().places[i].id,
                origin + egui::vec2(t.center.x, t.center.y),
            )),
            dateline::map::display::Hit::Cluster(_) => None,
        })
        .collect()
}

/// A click of the primary button at a point of the window.
fn click_at(h: &mut Harness<'static, DatelineApp>, p: egui::Pos2) {
    h.hover_at(p);
    h.step();
    h.drag_at(p);
    h.step();
    h.drop_at(p);
    h.run_steps(2);
}

#[test]
fn drawing_an_arrow_between_two_pins_then_undo_and_redo() {
    use dateline::project::{Anchor, Shape};
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    open(&mut h, &dialogs, &sample());
    let pins = pins_on_screen(h.state());
    assert!(pins.len() >= 2, "two pins to join: {pins:?}");
    let (a, pa) = pins[0];
    // The pin farthest from the first, so that neither click lands on the other.
    let (b, pb) = *pins[1..]
        .iter()
        .max_by(|x, y| x.1.distance(pa).total_cmp(&y.1.distance(pa)))
        .unwrap();

    h.get_by_label("Arrow").click();
    h.run_steps(2);
    click_at(&mut h, pa);
    assert!(
        h.state().project().drawings.is_empty(),
        "one click is no arrow"
    );
    click_at(&mut h, pb);
    let drawn = h.state().project().drawings.clone();
    assert_eq!(drawn.len(), 1, "{drawn:?}");
    assert_eq!(
        drawn[0].shape,
        Shape::Arrow {
            from: Anchor::Place(a),
            to: Anchor::Place(b)
        }
    );
    // The arrow is in the map's scene.
    let layers: Vec<String> = h
        .state()
        .map()
        .scene()
        .unwrap()
        .layers
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert!(layers.iter().any(|l| l == "drawings"), "{layers:?}");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(
        h.state().project().drawings.is_empty(),
        "undo removes the arrow"
    );
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_steps(2);
    assert_eq!(h.state().project().drawings, drawn, "redo brings it back");
}

#[test]
fn a_pin_is_added_by_clicking_the_map_and_the_selected_pin_is_dragged() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    open(&mut h, &dialogs, &sample());
    let before = h.state().project().places.len();
    let rect = h.state().map().rect().unwrap();
    // An empty corner of the map, away from the toolbars.
    let spot = rect.left_bottom() + egui::vec2(60.0, -80.0);
    h.get_by_label("Pin").click();
    h.run_steps(2);
    click_at(&mut h, spot);
    h.get_by_label("New place");
    // The name field has the focus.
    h.event(egui::Event::Text("Camp Taji".into()));
    h.step();
    h.get_by_label("OK").click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.project().places.len(), before + 1);
    let taji = place_id(app, "Camp Taji");
    assert_eq!(app.selected(), Some(taji), "the new pin is selected");
    let at = app.project().place(taji).unwrap().point;

    // Back to Select; drag the selected pin 100 px to the right.
    h.get_by_label("Select").click();
    h.run_steps(2);
    let from = h.state().map().screen_pos(at).unwrap();
    let to = from + egui::vec2(100.0, 0.0);
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=5 {
        h.hover_at(from + egui::vec2(20.0 * i as f32, 0.0));
        h.step();
    }
    h.drop_at(to);
    h.run_steps(3);
    let moved = h.state().project().place(taji).unwrap().point;
    assert!(moved.lon > at.lon + 0.1, "{at:?} -> {moved:?}");
    assert!((moved.lat - at.lat).abs() < 0.2, "{at:?} -> {moved:?}");
    // Undo puts it back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().project().place(taji).unwrap().point, at);
}

#[test]
fn exported_geojson_imports_back_into_a_new_project() {
    let dir = TempDir::new("geojson");
    let out = dir.join("sample.geojson");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    open(&mut h, &dialogs, &sample());
    let exported = h.state().project().clone();
    dialogs.queue_save(out.clone());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export data").hover();
    h.run_steps(2);
    h.get_by_label("GeoJSON (places and events)...").click();
    wait_for(&mut h, "the export", |a| {
        a.status().is_some_and(|s| s.starts_with("Exported"))
    });
    let text = std::fs::read_to_string(&out).expect("the GeoJSON was written");
    assert!(text.contains("FeatureCollection"));

    // A new project, then File > Import places with the file.
    menu(&mut h, "File", "New project (Ctrl+N)");
    h.run_steps(2);
    if h.query_by_label("Don't save").is_some() {
        h.get_by_label("Don't save").click();
        h.run_steps(2);
    }
    assert!(h.state().project().places.is_empty());
    dialogs.queue_pick(vec![out.clone()]);
    menu(&mut h, "File", "Import places (GeoJSON, CSV)...");
    wait_for(&mut h, "the import", |a| {
        !a.is_busy() && !a.project().places.is_empty()
    });
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    let mut names: Vec<&str> = app
        .project()
        .places
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut before: Vec<&str> = exported.places.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    before.sort_unstable();
    assert_eq!(names, before);
    assert_eq!(app.project().events.len(), exported.events.len());
}

/// Issue 6's walk-through: two articles about the same strike, a place corrected, an arrow
/// from Iran to Al Asad, saved, reopened in a fresh app: identical.
#[test]
fn two_articles_a_correction_and_an_arrow_survive_save_and_reopen() {
    use dateline::project::{Anchor, MentionStatus, Shape};
    let dir = TempDir::new("walk");
    let articles = [
        root().join("tests/articles/en-air-base-strike.txt"),
        root().join("tests/articles/fr-frappe-base-aerienne.txt"),
    ];
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    dialogs.queue_pick(articles.to_vec());
    h.get_by_label("Open...").click();
    wait_for(&mut h, "both articles", |a| {
        !a.is_busy() && a.project().documents.len() == 2
    });
    // The strike on Al Asad, reported by both articles, is one event.
    let asad = place_id(h.state(), "Ain al-Asad");
    let strikes: Vec<_> = h
        .state()
        .project()
        .events
        .iter()
        .filter(|e| e.places.contains(&asad) && e.kind == "missile_strike")
        .collect();
    assert_eq!(strikes.len(), 1, "{strikes:?}");

    // Correct a place: the first mention of some place is marked "not a place".
    let wrong = h.state().project().places[0].id;
    let name = h.state().project().places[0].name.clone();
    h.get_by_label(name.as_str()).click();
    h.run_steps(3);
    h.query_all_by_label("Not a place")
        .next()
        .expect("a mention to reject")
        .click();
    h.run_steps(3);
    assert!(
        h.state()
            .project()
            .mentions
            .iter()
            .any(|m| m.status == MentionStatus::Rejected),
        "a mention of {name} ({wrong}) is rejected"
    );
    h.get_by_label("Close").click();
    h.run_steps(2);

    // The arrow from Iran (its label on the map is its target) to Al Asad.
    let iran = place_id(h.state(), "Iran");
    let pins = pins_on_screen(h.state());
    let at = |id: u32| pins.iter().find(|p| p.0 == id).map(|p| p.1);
    let (Some(pi), Some(pa)) = (at(iran), at(asad)) else {
        panic!("Iran and Al Asad on the map: {pins:?}");
    };
    h.get_by_label("Arrow").click();
    h.run_steps(2);
    click_at(&mut h, pi);
    click_at(&mut h, pa);
    let d = &h.state().project().drawings;
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].shape,
        Shape::Arrow {
            from: Anchor::Place(iran),
            to: Anchor::Place(asad)
        }
    );
    h.get_by_label("Select").click();
    h.run_steps(2);

    // Save, then reopen in a fresh app.
    let saved = dir.join("strike.dateline");
    dialogs.queue_save(saved.clone());
    menu(&mut h, "File", "Save as... (Ctrl+Shift+S)");
    wait_for(&mut h, "the save", |a| {
        !a.is_busy() && a.project_path().is_some()
    });
    assert!(h.state().errors().is_empty(), "{:?}", h.state().errors());
    let before = h.state().project().clone();
    drop(h);
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    open(&mut h, &dialogs, &saved);
    assert!(h.state().errors().is_empty(), "{:?}", h.state().errors());
    assert_eq!(h.state().project(), &before);
}

/// Focuses the text field labelled `label`, replaces its text with `text` and presses Enter.
fn retype(h: &mut Harness<'static, DatelineApp>, label: &str, text: &str, enter: bool) {
    h.get_by_label(label).focus();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
    if enter {
        h.key_press(egui::Key::Enter);
        h.run_steps(3);
    }
}

/// Opens the combo box showing `value` and picks `option` in it.
fn pick(h: &mut Harness<'static, DatelineApp>, value: &str, option: &str) {
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::ComboBox && n.value().as_deref() == Some(value)
    })
    .click();
    h.run_steps(2);
    h.get_by_label(option).click();
    h.run_steps(3);
}

/// Opens the sample and selects Erbil; returns its id.
fn sample_with_erbil_selected(
    h: &mut Harness<'static, DatelineApp>,
    dialogs: &ScriptedDialogs,
) -> u32 {
    h.step();
    open(h, dialogs, &sample());
    h.get_by_label("Erbil").click();
    h.run_steps(3);
    let erbil = place_id(h.state(), "Erbil");
    assert_eq!(h.state().selected(), Some(erbil));
    erbil
}

#[test]
fn renaming_a_place_is_one_undoable_edit() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    let erbil = sample_with_erbil_selected(&mut h, &dialogs);
    let name =
        |h: &Harness<'static, DatelineApp>| h.state().project().place(erbil).unwrap().name.clone();
    h.get_by_label("Edit the place").click();
    h.run_steps(3);
    // Typing changes nothing until Enter.
    h.get_by_label("Name").focus();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Name").type_text("Hewlêr");
    h.run_steps(2);
    assert_eq!(name(&h), "Erbil");
    assert!(!h.state().history().can_undo());
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(name(&h), "Hewlêr");
    assert_eq!(
        h.state().history().changes().len(),
        1,
        "one edit, not one per key"
    );
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(name(&h), "Erbil");
    // The field follows the undo.
    assert_eq!(h.get_by_label("Name").value().as_deref(), Some("Erbil"));
    h.get_by_label("Redo").click();
    h.run_steps(3);
    assert_eq!(name(&h), "Hewlêr");
    // An empty name is refused with a message, and the field shows the name again.
    retype(&mut h, "Name", "", true);
    assert_eq!(name(&h), "Hewlêr");
    assert!(
        h.state()
            .errors()
            .iter()
            .any(|e| e.contains("needs a name")),
        "{:?}",
        h.state().errors()
    );
    assert_eq!(h.get_by_label("Name").value().as_deref(), Some("Hewlêr"));
    // The kind, from the combo of kinds.
    pick(&mut h, "Ville", "Quartier, district");
    assert_eq!(
        h.state().project().place(erbil).unwrap().kind,
        dateline::project::PlaceKind::District
    );
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_eq!(
        h.state().project().place(erbil).unwrap().kind,
        dateline::project::PlaceKind::City
    );
}

#[test]
fn an_event_written_in_the_editor_is_shown_edited_deleted_and_undone() {
    use dateline::document::PartialDate;
    use dateline::project::{Claim, Provenance};
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    let erbil = sample_with_erbil_selected(&mut h, &dialogs);
    let before = h.state().project().events.len();
    h.get_by_label("Add event").click();
    h.run_steps(3);
    h.get_by_label_contains("The event needs a title");
    retype(&mut h, "Title", "Drone seen over Erbil", false);
    retype(&mut h, "Type", "sighting", false);
    // A date that is not one says so, and the event cannot be saved.
    retype(&mut h, "Date", "8 janvier", false);
    h.get_by_label_contains("\"8 janvier\" is not a date");
    h.get_by_label("Save the event").click();
    h.run_steps(2);
    assert_eq!(h.state().project().events.len(), before);
    retype(&mut h, "Date", "2020-01-08", false);
    // A new source: added to the project first, then to the form.
    retype(&mut h, "New source", "Rudaw", false);
    h.get_by_label("Add source").click();
    h.run_steps(3);
    assert!(h.state().project().shared_source("Rudaw").is_some());
    pick(&mut h, "reported", "denied");
    h.get_by_label("Save the event").click();
    h.run_steps(3);
    let app = h.state();
    assert!(app.errors().is_empty(), "{:?}", app.errors());
    assert_eq!(app.project().events.len(), before + 1);
    let e = app.project().events.last().unwrap().clone();
    assert_eq!(e.title, "Drone seen over Erbil");
    assert_eq!(e.kind, "sighting");
    assert_eq!(e.places, vec![erbil]);
    assert_eq!(e.provenance, Provenance::User);
    assert_eq!(e.when.unwrap().start, PartialDate::ymd(2020, 1, 8).unwrap());
    assert_eq!(e.sources.len(), 1);
    assert_eq!(e.sources[0].claim, Claim::Denied);
    // The panel shows it as it shows the extracted events: date, title, source chip.
    h.get_by_label("Drone seen over Erbil");
    h.get_by_label("Rudaw: denied");
    assert!(h.query_all_by_label("8 janv. 2020").count() > 0);

    // Edit its date (the editor opens on it, the last event at Erbil).
    h.get_all_by_label("Edit...").last().unwrap().click();
    h.run_steps(3);
    assert_eq!(
        h.get_by_label("Date").value().as_deref(),
        Some("2020-01-08")
    );
    retype(&mut h, "Date", "2020-01", false);
    retype(&mut h, "until", "2020-02", false);
    h.get_by_label("Save the event").click();
    h.run_steps(3);
    let find = |h: &Harness<'static, DatelineApp>| {
        h.state()
            .project()
            .events
            .iter()
            .find(|x| x.id == e.id)
            .cloned()
    };
    let w = find(&h).unwrap().when.unwrap();
    assert_eq!(
        w.start,
        PartialDate::new(Some(2020), Some(1), None).unwrap()
    );
    assert_eq!(w.end, PartialDate::new(Some(2020), Some(2), None));
    assert_eq!(find(&h).unwrap().sources, e.sources);

    // Delete it; undo brings it back as it was.
    let edited = find(&h).unwrap();
    h.get_all_by_label("Delete").last().unwrap().click();
    h.run_steps(3);
    assert!(find(&h).is_none());
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(find(&h), Some(edited));
    h.get_by_label("Rudaw: denied");
}

#[test]
fn a_category_colours_its_pins_on_the_map() {
    use dateline::map::display::{Color, Item};
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    let erbil = sample_with_erbil_selected(&mut h, &dialogs);
    let index = h.state().project().place_index(erbil).unwrap();
    // The fill of Erbil's pin in the scene the map painted.
    let pin_fill = |h: &Harness<'static, DatelineApp>| {
        let scene = h.state().map().scene().expect("a scene");
        let hit = scene
            .hits
            .iter()
            .find(|t| t.what == dateline::map::display::Hit::Place(index))
            .expect("Erbil's pin");
        let pins = &scene
            .layers
            .iter()
            .find(|l| l.name == "pins")
            .unwrap()
            .items;
        pins.iter()
            .filter_map(|i| match i {
                Item::Circle {
                    center,
                    fill: Some(f),
                    ..
                } if (center.x - hit.center.x).abs() < 0.1
                    && (center.y - hit.center.y).abs() < 0.1
                    && f.a == 255 =>
                {
                    Some(*f)
                }
                _ => None,
            })
            .next_back()
            .expect("a filled circle")
    };
    let city = pin_fill(&h);
    menu(&mut h, "View", "Categories...");
    retype(&mut h, "New category", "Targets", false);
    h.get_by_label("Add category").click();
    h.run_steps(3);
    let cat = h.state().project().categories[0].clone();
    assert_eq!(cat.name, "Targets");
    h.get_by_label("Edit the place").click();
    h.run_steps(3);
    pick(&mut h, "None", "Targets");
    assert_eq!(
        h.state().project().place(erbil).unwrap().category,
        Some(cat.id)
    );
    let v = u32::from_str_radix(&cat.color[1..], 16).unwrap();
    let want = Color::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8);
    assert_ne!(want, city);
    assert_eq!(pin_fill(&h), want);
    // Deleting the category gives the pin its kind's colour back; undo, the category's.
    h.get_by_label("Delete category").click();
    h.run_steps(3);
    assert!(h.state().project().categories.is_empty());
    assert_eq!(pin_fill(&h), city);
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(pin_fill(&h), want);
}

#[test]
fn opening_another_project_closes_the_forms_of_the_last_one() {
    // An event form left open must not survive into the next project, where Save would
    // write it over that project's events.
    let dir = TempDir::new("forms");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs);
    sample_with_erbil_selected(&mut h, &dialogs);
    let saved = dir.join("sample.dateline");
    dialogs.queue_save(saved.clone());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    wait_for(&mut h, "the save", |a| {
        !a.is_busy() && a.project_path().is_some()
    });
    h.get_by_label("Add event").click();
    h.run_steps(3);
    h.get_by_label_contains("The event needs a title");
    open(&mut h, &dialogs, &saved);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("The event needs a title")
            .is_none(),
        "the event form of the last project is still open"
    );
}
