//! Tests of the `dateline` command line through the built binary: `extract FILE...` (the
//! JSON array: document metadata, places, mentions in character offsets), `extract
//! --jsonl FILE|-` (the evaluation contract of `../shared/eval/run-eval`), and bad inputs
//! (missing, empty, binary, a directory, a file over the size limit), each of which must
//! give one line on stderr naming the file and a non-zero exit status while the other files
//! of the same call are still processed, without a panic.
//!
//! The articles in `tests/articles/` and the texts generated here were written for these
//! tests. Temporary files go to a folder of their own under `std::env::temp_dir()`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dateline");

fn article(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/articles")
        .join(name)
}

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "dateline-cli-test-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&std::ffi::OsStr], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap_or_else(|| unreachable!());
        pipe.write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("cannot write to stdin: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait for {BIN}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "the command panicked: {stderr}"
    );
    out
}

/// Runs `dateline extract [extra...] FILES...`.
fn extract(extra: &[&str], files: &[&Path]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["extract".as_ref()];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    args.extend(files.iter().map(|p| p.as_os_str()));
    run(&args, None)
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The command exited with status 0 (its stderr is shown otherwise).
#[track_caller]
fn assert_ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of `s` between character offsets `start` and `end`.
fn char_slice(s: &str, start: u64, end: u64) -> String {
    s.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}

fn as_u64(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what} is not a non-negative integer: {v}"))
}

fn is_finite_number(v: &Value) -> bool {
    v.as_f64().is_some_and(f64::is_finite)
}

/// Checks the shape of one object of `extract`'s array and that every mention's character
/// span slices `text` to its surface. Returns the (surface, place) pairs.
fn check_document(obj: &Value, text: &str) -> Vec<(String, Option<Value>)> {
    let doc = &obj["document"];
    for key in [
        "path",
        "title",
        "outlet",
        "author",
        "published",
        "url",
        "lang",
    ] {
        assert!(doc.get(key).is_some(), "document lacks {key}: {doc}");
    }
    let places = obj["places"]
        .as_array()
        .unwrap_or_else(|| panic!("places is not an array: {obj}"));
    for p in places {
        assert!(
            p["name"].as_str().is_some_and(|s| !s.is_empty()),
            "place name: {p}"
        );
        assert!(p["kind"].as_str().is_some(), "place kind: {p}");
        assert!(
            is_finite_number(&p["lat"]) && is_finite_number(&p["lon"]),
            "place point: {p}"
        );
        let lat = p["lat"].as_f64().unwrap_or(f64::NAN);
        let lon = p["lon"].as_f64().unwrap_or(f64::NAN);
        assert!(
            (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
            "{p}"
        );
        assert!(p.get("country").is_some(), "place country: {p}");
        assert!(p.get("gazetteer_id").is_some(), "place gazetteer_id: {p}");
    }
    let mentions = obj["mentions"]
        .as_array()
        .unwrap_or_else(|| panic!("mentions is not an array: {obj}"));
    let mut out = Vec::new();
    for m in mentions {
        let start = as_u64(&m["start"], "start");
        let end = as_u64(&m["end"], "end");
        let surface = m["surface"]
            .as_str()
            .unwrap_or_else(|| panic!("surface: {m}"));
        assert!(start < end, "empty span: {m}");
        assert_eq!(
            char_slice(text, start, end),
            surface,
            "character span of {m}"
        );
        let conf = m["confidence"].as_f64().unwrap_or(-1.0);
        assert!(conf > 0.0 && conf <= 1.0, "confidence: {m}");
        let alts = m["alternatives"]
            .as_array()
            .unwrap_or_else(|| panic!("alternatives: {m}"));
        for pair in alts.windows(2) {
            assert!(
                pair[0]["score"].as_f64() >= pair[1]["score"].as_f64(),
                "alternatives not ranked: {m}"
            );
        }
        let place = match &m["place"] {
            Value::Null => None,
            v => {
                let k = as_u64(v, "place") as usize;
                assert!(k < places.len(), "place index {k} out of range: {m}");
                Some(places[k].clone())
            }
        };
        out.push((surface.to_string(), place));
    }
    out
}

#[test]
fn extract_prints_one_object_per_file() {
    let fr = article("fr-frappe-base-aerienne.txt");
    let en = article("en-air-base-strike.txt");
    let out = extract(&[], &[&fr, &en]);
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    let arr = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    assert_eq!(arr.len(), 2);
    for (obj, (path, lang)) in arr.iter().zip([(&fr, "fr"), (&en, "en")]) {
        assert_eq!(obj["document"]["path"].as_str(), path.to_str());
        assert_eq!(obj["document"]["lang"].as_str(), Some(lang));
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let found = check_document(obj, &text);
        assert!(
            found.len() >= 10,
            "{}: only {} mentions",
            path.display(),
            found.len()
        );
    }
    // A known place with its gazetteer fields, through the place index.
    let fr_found = check_document(&arr[0], &std::fs::read_to_string(&fr).unwrap_or_default());
    let (_, airport) = fr_found
        .iter()
        .find(|(s, _)| s == "aéroport de Bagdad")
        .unwrap_or_else(|| panic!("no 'aéroport de Bagdad' in {fr_found:?}"));
    let airport = airport
        .as_ref()
        .unwrap_or_else(|| panic!("the airport has no place"));
    assert_eq!(airport["kind"], "airport");
    assert_eq!(airport["country"], "IQ");
    assert!(
        airport["gazetteer_id"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "{airport}"
    );
    let (lat, lon) = (
        airport["lat"].as_f64().unwrap_or(0.0),
        airport["lon"].as_f64().unwrap_or(0.0),
    );
    assert!(
        (lat - 33.26).abs() < 0.05 && (lon - 44.23).abs() < 0.05,
        "{airport}"
    );
}

#[test]
fn extract_pretty_prints_the_same_json() {
    let en = article("en-air-base-strike.txt");
    let plain = stdout_json(&extract(&[], &[&en]));
    let pretty_out = extract(&["--pretty"], &[&en]);
    assert!(pretty_out.status.success());
    let text = String::from_utf8_lossy(&pretty_out.stdout);
    assert!(text.lines().count() > 10, "not pretty-printed: {text}");
    assert_eq!(stdout_json(&pretty_out), plain);
}

#[test]
fn extract_reads_metadata_from_markdown_front_matter() {
    let dir = TempDir::new("meta");
    let md = dir.write(
        "depeche.md",
        "---\ntitle: Frappe sur une base en Irak\ndate: 2020-01-08\nauthor: Jeanne Morel\n\
         source: La Dépêche du Golfe\nurl: https://depeche.example.org/irak-base\nlang: fr\n---\n\n\
         Les missiles ont visé la base aérienne d'Aïn al-Assad, à l'ouest de Bagdad.\n"
            .as_bytes(),
    );
    let out = extract(&[], &[&md]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    let doc = &v[0]["document"];
    assert_eq!(doc["path"].as_str(), md.to_str());
    assert_eq!(doc["title"], "Frappe sur une base en Irak");
    assert_eq!(doc["author"], "Jeanne Morel");
    assert_eq!(doc["outlet"], "La Dépêche du Golfe");
    assert_eq!(doc["url"], "https://depeche.example.org/irak-base");
    assert!(
        doc["published"]
            .as_str()
            .is_some_and(|s| s.starts_with("2020-01-08")),
        "{doc}"
    );
    assert_eq!(doc["lang"], "fr");
    let surfaces: Vec<&str> = v[0]["mentions"]
        .as_array()
        .map(|a| a.iter().filter_map(|m| m["surface"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        surfaces.contains(&"Aïn al-Assad") && surfaces.contains(&"Bagdad"),
        "{surfaces:?}"
    );
}

/// Accents (composed and decomposed), emoji, a flag and a mathematical letter outside the
/// Basic Multilingual Plane, all before the toponyms.
const WIDE_TEXT: &str = "Épisode 🚀🇫🇷 𝔸 : après l’aéroport de Bagdad 😀, le ministre s'est rendu à \
                         Te\u{301}he\u{301}ran 🛬 puis en Irak, où l’on attend «\u{a0}la suite\u{a0}».\n";

#[test]
fn extract_offsets_are_character_offsets() {
    let dir = TempDir::new("wide");
    let file = dir.write("large.txt", WIDE_TEXT.as_bytes());
    let out = extract(&[], &[&file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    let found = check_document(&v[0], WIDE_TEXT);
    let mentions = v[0]["mentions"].as_array().cloned().unwrap_or_default();
    for (surface, kind) in [
        ("aéroport de Bagdad", "airport"),
        ("Te\u{301}he\u{301}ran", "city"),
        ("Irak", "country"),
    ] {
        let m = mentions
            .iter()
            .find(|m| m["surface"] == surface)
            .unwrap_or_else(|| panic!("{surface:?} not found: {found:?}"));
        // The expected offsets, counted in characters independently of the program.
        let byte = WIDE_TEXT.find(surface).unwrap_or_default();
        let start = WIDE_TEXT[..byte].chars().count() as u64;
        let end = start + surface.chars().count() as u64;
        assert_eq!(
            (as_u64(&m["start"], "start"), as_u64(&m["end"], "end")),
            (start, end),
            "{m}"
        );
        assert_ne!(
            start as usize, byte,
            "the test text must make bytes and characters differ"
        );
        let k = as_u64(&m["place"], "place") as usize;
        assert_eq!(v[0]["places"][k]["kind"], kind, "{m}");
    }
}

/// Checks one line of `--jsonl` output against its input document.
fn check_jsonl_line(line: &str, doc_id: &str, text: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    assert_eq!(v["doc_id"], doc_id, "{line}");
    let tops = v["toponyms"]
        .as_array()
        .unwrap_or_else(|| panic!("no toponyms array: {line}"));
    let mut surfaces = Vec::new();
    for t in tops {
        for key in ["start", "end", "surface", "lat", "lon"] {
            assert!(t.get(key).is_some(), "toponym lacks {key}: {t}");
        }
        let (start, end) = (as_u64(&t["start"], "start"), as_u64(&t["end"], "end"));
        let surface = t["surface"]
            .as_str()
            .unwrap_or_else(|| panic!("surface: {t}"));
        assert_eq!(char_slice(text, start, end), surface, "{t}");
        assert!(
            (t["lat"].is_null() || is_finite_number(&t["lat"]))
                && (t["lon"].is_null() || is_finite_number(&t["lon"])),
            "{t}"
        );
        surfaces.push(surface.to_string());
    }
    surfaces
}

/// Three documents, one with wide characters and one with no place at all.
fn jsonl_input() -> (String, Vec<(&'static str, &'static str)>) {
    let docs = vec![
        ("fr-1", WIDE_TEXT),
        (
            "en-2",
            "Rockets hit Baghdad airport 🚀 and the Ain al-Asad air base in Iraq.",
        ),
        ("none-3", "Rien à signaler ce matin, a dit le porte-parole."),
    ];
    let mut input = String::new();
    for (k, (id, text)) in docs.iter().enumerate() {
        let mut obj = serde_json::json!({"doc_id": id, "text": text});
        if k == 0 {
            obj["lang"] = "fr".into();
        }
        input.push_str(&obj.to_string());
        input.push('\n');
    }
    (input, docs)
}

fn check_jsonl_output(out: &Output, docs: &[(&str, &str)]) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), docs.len(), "one line per document: {stdout}");
    let mut all = Vec::new();
    for (line, (id, text)) in lines.iter().zip(docs) {
        all.push(check_jsonl_line(line, id, text));
    }
    assert!(all[0].iter().any(|s| s == "Irak"), "{:?}", all[0]);
    assert!(all[1].iter().any(|s| s == "Ain al-Asad"), "{:?}", all[1]);
    assert!(all[2].is_empty(), "{:?}", all[2]);
}

#[test]
fn jsonl_from_a_file_follows_the_eval_contract() {
    let dir = TempDir::new("jsonl");
    let (input, docs) = jsonl_input();
    let file = dir.write("corpus.jsonl", input.as_bytes());
    let out = extract(&["--jsonl"], &[&file]);
    check_jsonl_output(&out, &docs);
}

#[test]
fn jsonl_from_stdin_follows_the_eval_contract() {
    let (input, docs) = jsonl_input();
    let out = run(
        &["extract".as_ref(), "--jsonl".as_ref(), "-".as_ref()],
        Some(&input),
    );
    check_jsonl_output(&out, &docs);
}

#[test]
fn jsonl_bad_line_is_reported_and_the_others_are_processed() {
    let input = "{\"doc_id\": \"a\", \"text\": \"Missiles hit Erbil.\"}\nthis is not json\n\
                 {\"doc_id\": \"b\", \"text\": \"Talks resumed in Baghdad.\"}\n";
    let out = run(
        &["extract".as_ref(), "--jsonl".as_ref(), "-".as_ref()],
        Some(input),
    );
    assert!(
        !out.status.success(),
        "a bad line must make the exit status non-zero"
    );
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].contains(":2"), "the message names the line: {err:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    check_jsonl_line(lines[0], "a", "Missiles hit Erbil.");
    check_jsonl_line(lines[1], "b", "Talks resumed in Baghdad.");
}

#[test]
fn jsonl_missing_file_is_one_line_naming_it() {
    let dir = TempDir::new("jsonl-missing");
    let missing = dir.0.join("absent.jsonl");
    let out = extract(&["--jsonl"], &[&missing]);
    assert!(!out.status.success());
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].contains(&*missing.to_string_lossy()), "{err:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs `extract GOOD BAD GOOD` and checks: exit status 1, one stderr line naming the bad
/// file (and containing `why`), both good files printed.
fn bad_input_between_good_ones(bad: &Path, why: &str) {
    let fr = article("fr-crue-tours.txt");
    let en = article("en-air-base-strike.txt");
    let out = extract(&[], &[&fr, bad, &en]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "one line on stderr: {err:?}");
    assert!(
        err[0].contains(&*bad.to_string_lossy()),
        "the message names the file: {err:?}"
    );
    assert!(err[0].contains(why), "the message says {why:?}: {err:?}");
    let v = stdout_json(&out);
    let paths: Vec<&str> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| o["document"]["path"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        paths,
        [
            fr.to_str().unwrap_or_default(),
            en.to_str().unwrap_or_default()
        ]
    );
}

#[test]
fn missing_file_is_reported_and_the_others_processed() {
    let dir = TempDir::new("missing");
    bad_input_between_good_ones(&dir.0.join("nowhere.txt"), "not found");
}

#[test]
fn empty_file_is_reported_and_the_others_processed() {
    let dir = TempDir::new("empty");
    let f = dir.write("empty.txt", b"");
    bad_input_between_good_ones(&f, "empty");
}

#[test]
fn png_file_is_reported_and_the_others_processed() {
    let dir = TempDir::new("png");
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
    // Under a .png name and disguised as .txt: the content decides.
    bad_input_between_good_ones(&dir.write("photo.png", png), "PNG");
    bad_input_between_good_ones(&dir.write("photo.txt", png), "PNG");
}

#[test]
fn binary_file_is_reported_and_the_others_processed() {
    let dir = TempDir::new("binary");
    let bytes: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    bad_input_between_good_ones(&dir.write("dump.txt", &bytes), "binary");
}

#[test]
fn directory_is_reported_and_the_others_processed() {
    let dir = TempDir::new("dir");
    let sub = dir.0.join("articles.txt");
    std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    bad_input_between_good_ones(&sub, "directory");
}

#[test]
fn file_over_the_size_limit_is_reported_and_the_others_processed() {
    let dir = TempDir::new("huge");
    let path = dir.0.join("huge.txt");
    let f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    // A sparse file: one byte over the limit without writing 50 MB.
    f.set_len(dateline::document::MAX_FILE_SIZE + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(f);
    bad_input_between_good_ones(&path, "too large");
}

#[test]
fn several_bad_inputs_give_one_line_each() {
    let dir = TempDir::new("several");
    let missing = dir.0.join("absent.txt");
    let empty = dir.write("empty.txt", b"");
    let png = dir.write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let good = article("fr-frappe-base-aerienne.txt");
    let out = extract(&[], &[&missing, &empty, &good, &png, &dir.0]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 4, "{err:?}");
    for (line, bad) in err.iter().zip([&missing, &empty, &png, &dir.0]) {
        assert!(
            line.contains(&*bad.to_string_lossy()),
            "{line:?} does not name {}",
            bad.display()
        );
    }
    let v = stdout_json(&out);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["document"]["path"].as_str(), good.to_str());
}

// ---------------------------------------------------------------------------------------
// Project files (issue 6)

/// `extract --save-project` of the two Al Udeid articles, in `dir`.
fn saved_project(dir: &TempDir) -> PathBuf {
    let path = dir.0.join("udeid.dateline");
    let en = article("en-al-udeid-missiles.txt");
    let fr = article("fr-al-udeid-missiles.txt");
    let out = extract(
        &["--save-project", path.to_str().unwrap_or_default()],
        &[&en, &fr],
    );
    assert_ok(&out);
    assert!(path.exists());
    path
}

#[test]
fn extract_saves_and_reads_a_project_file() {
    let dir = TempDir::new("project");
    let path = saved_project(&dir);
    let out = extract(&[], &[&path]);
    assert_ok(&out);
    let v = stdout_json(&out);
    let p = &v[0];
    assert_eq!(p["project"].as_str(), path.to_str());
    assert_eq!(p["documents"].as_array().map(Vec::len), Some(2));
    let places = p["places"].as_array().unwrap_or_else(|| panic!("{p}"));
    let base = places
        .iter()
        .position(|x| x["gazetteer_id"] == "curated:al-udeid-air-base")
        .unwrap_or_else(|| panic!("no Al Udeid in {p}"));
    // One strike at the base, from both documents, with two independent sources.
    let strikes: Vec<&Value> = p["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{p}"))
        .iter()
        .filter(|e| e["type"] == "missile_strike")
        .collect();
    assert_eq!(strikes.len(), 1, "{p}");
    let e = strikes[0];
    assert!(
        e["places"]
            .as_array()
            .is_some_and(|a| a.contains(&Value::from(base)))
    );
    assert_eq!(e["date"], "2025-06-23");
    assert_eq!(e["sources_count"], 2);
    let docs: Vec<u64> = e["evidence"]
        .as_array()
        .unwrap_or_else(|| panic!("{e}"))
        .iter()
        .map(|x| as_u64(&x["doc"], "doc"))
        .collect();
    assert!(docs.contains(&0) && docs.contains(&1), "{docs:?}");
    // Mention offsets are characters of their document's text.
    let text = std::fs::read_to_string(article("fr-al-udeid-missiles.txt")).unwrap_or_default();
    let m = p["mentions"]
        .as_array()
        .unwrap_or_else(|| panic!("{p}"))
        .iter()
        .find(|m| m["doc"] == 1 && m["surface"] == "Téhéran")
        .unwrap_or_else(|| panic!("no Téhéran mention in {p}"));
    assert_eq!(
        char_slice(
            &text,
            as_u64(&m["start"], "start"),
            as_u64(&m["end"], "end")
        ),
        "Téhéran"
    );
}

#[test]
fn render_and_export_accept_a_project_file() {
    let dir = TempDir::new("project-render");
    let path = saved_project(&dir);
    let svg = dir.0.join("map.svg");
    let out = run(
        &[
            "render".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            svg.as_os_str(),
        ],
        None,
    );
    assert_ok(&out);
    let s = std::fs::read_to_string(&svg).unwrap_or_default();
    assert!(
        s.starts_with("<svg") || s.starts_with("<?xml"),
        "{}",
        &s[..s.len().min(80)]
    );
    assert!(s.contains("Al Udeid"), "the base is on the map");
    for (name, check) in [
        ("out.geojson", "\"FeatureCollection\""),
        ("out.csv", "event_id,event_date,"),
        ("out.kml", "<kml xmlns"),
    ] {
        let target = dir.0.join(name);
        let out = run(
            &[
                "export".as_ref(),
                path.as_os_str(),
                "-o".as_ref(),
                target.as_os_str(),
            ],
            None,
        );
        assert_ok(&out);
        let text = std::fs::read_to_string(&target).unwrap_or_default();
        assert!(
            text.contains(check),
            "{name}: {}",
            &text[..text.len().min(200)]
        );
    }
    let gj = std::fs::read_to_string(dir.0.join("out.geojson")).unwrap_or_default();
    let parsed: Result<geojson::GeoJson, _> = gj.parse();
    assert!(parsed.is_ok(), "{parsed:?}");
    // Exporting straight from articles works too.
    let target = dir.0.join("places.csv");
    let en = article("en-al-udeid-missiles.txt");
    let out = run(
        &[
            "export".as_ref(),
            en.as_os_str(),
            "--places".as_ref(),
            "-o".as_ref(),
            target.as_os_str(),
        ],
        None,
    );
    assert_ok(&out);
    let text = std::fs::read_to_string(&target).unwrap_or_default();
    assert!(text.starts_with("place_id,name,place_kind,latitude,longitude"));
    assert!(text.contains("Al Udeid Air Base"));
}

#[test]
fn bad_project_files_are_one_line_naming_the_file() {
    let dir = TempDir::new("project-bad");
    let newer = dir.write(
        "newer.dateline",
        br#"{"format": "dateline", "version": 99, "project": {}}"#,
    );
    let cut = dir.write(
        "cut.dateline",
        br#"{"format": "dateline", "version": 2, "proj"#,
    );
    let good = article("en-al-udeid-missiles.txt");
    let out = extract(&[], &[&newer, &good, &cut]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 2, "{err:?}");
    assert!(
        err[0].contains("newer.dateline") && err[0].contains("newer Dateline"),
        "{err:?}"
    );
    assert!(
        err[1].contains("cut.dateline") && err[1].contains("cut short"),
        "{err:?}"
    );
    assert_eq!(stdout_json(&out).as_array().map(Vec::len), Some(1));
    // render refuses with the same message and status 2.
    let png = dir.0.join("x.png");
    let out = run(
        &[
            "render".as_ref(),
            newer.as_os_str(),
            "-o".as_ref(),
            png.as_os_str(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer.dateline"));
    assert!(!png.exists());
}
