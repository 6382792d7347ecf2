//! GUI tests: egui_kittest drives the real app, without a GPU or a display.
//!
//! Files are opened through the scripted file dialog, as a user would through File > Open;
//! the tests then wait (frame by frame) for the loading threads, click through the panels by
//! their accessible labels, and check the project and the selection. Text is drawn with the
//! bundled fonts, so a glyph they lack would make the harness panic.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dateline::ui::{Config, DatelineApp, ScriptedDialogs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("assets/samples/fr-bagdad-erbil.txt")
}

/// The app with no file open and scripted dialogs.
fn harness(dialogs: &ScriptedDialogs) -> Harness<'static, DatelineApp> {
    let dialogs = dialogs.clone();
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| DatelineApp::new(cc, Config::new(Vec::new(), Box::new(dialogs))))
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
