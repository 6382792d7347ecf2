//! Integration tests of the `document` module against the fixture files in
//! `tests/fixtures/documents/`. The articles there are invented; the encoded
//! ones are written by `make_encoded.py` in the same folder.

use std::path::{Path, PathBuf};

use dateline::document::{
    self, Document, DocumentError, Format, MAX_FILE_SIZE, PartialDate, Precision,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn read(name: &str) -> Document {
    let path = fixture(name);
    match document::read_file(&path) {
        Ok(doc) => doc,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn read_err(name: &str) -> (DocumentError, String) {
    let path = fixture(name);
    match document::read_file(&path) {
        Ok(doc) => panic!("{name} was read: {doc:?}"),
        Err(e) => (e, path.display().to_string()),
    }
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The French text that `make_encoded.py` writes in five encodings.
const FR: &str = "Inondations : la préfecture ferme le pont de Valmont\n\
\n\
Des pluies torrentielles ont frappé mardi la vallée de la Sèvre, près de Niort, \
a annoncé la préfecture. «\u{a0}La situation reste très préoccupante\u{a0}», a déclaré \
le préfet à l’Agence locale d’information.\n\
\n\
Selon les pompiers, une centaine d’habitants ont été évacués à Saint-Martin et à \
Échiré. Le cœur du village est sous l’eau ; les habitants ont reçu des consignes \
et l’œuvre des secours se poursuivra jusqu’à jeudi.\n";

fn assert_no_metadata(doc: &Document) {
    assert_eq!(doc.title, None);
    assert_eq!(doc.outlet, None);
    assert_eq!(doc.author, None);
    assert_eq!(doc.published, None);
    assert_eq!(doc.url, None);
}

#[test]
fn utf8_text_is_kept_line_for_line() {
    let doc = read("en-storm.txt");
    assert_eq!(
        doc.text,
        "Storm Delia forces evacuations along the northern coast\n\
         \n\
         Strong winds and heavy rain hit the coastal town of Port Alder on Tuesday night, \
         forcing more than 300 residents from their homes, local officials said.\n\
         \n\
         \"We have never seen the river rise so fast,\" the mayor told reporters outside \
         the town hall. Emergency shelters were opened in Kingsbridge and Eastford.\n\
         \n\
         The national weather service said the storm would move east toward the capital \
         by Thursday.\n"
    );
    assert_eq!(doc.id, "en-storm");
    assert_eq!(doc.path.as_deref(), Some(fixture("en-storm.txt").as_path()));
    assert_eq!(doc.format, Format::Text);
    assert_eq!(doc.lang, "en");
    // A .txt file's first line stays text, and no metadata is guessed.
    assert_no_metadata(&doc);
    assert_eq!(doc.sha256, sha256(&doc.text));
    let on_disk = std::fs::read_to_string(fixture("en-storm.txt")).unwrap();
    assert_eq!(doc.text, on_disk);
}

#[test]
fn every_encoding_gives_the_same_french_text() {
    for name in [
        "fr-utf8.txt",
        "fr-utf8-bom-crlf.txt",
        "fr-utf16le-bom.txt",
        "fr-utf16be-bom.txt",
        "fr-cp1252.txt",
    ] {
        let doc = read(name);
        assert_eq!(doc.text, FR, "{name}");
        assert_eq!(doc.lang, "fr", "{name}");
        assert_eq!(doc.format, Format::Text, "{name}");
        assert_eq!(doc.sha256, sha256(FR), "{name}");
        assert_eq!(doc.id, name.trim_end_matches(".txt"));
        assert_no_metadata(&doc);
    }
    // The Windows-1252 file really is single-byte: é is 0xE9, ’ is 0x92,
    // œ is 0x9C, « is 0xAB.
    let bytes = std::fs::read(fixture("fr-cp1252.txt")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    for b in [0xe9u8, 0x92, 0x9c, 0xab, 0xbb, 0xe7, 0xe8, 0xe0] {
        assert!(bytes.contains(&b), "{b:#x}");
    }
}

#[test]
fn html_article_without_its_page() {
    let doc = read("en-article.html");
    assert_eq!(
        doc.text,
        "Ceasefire talks resume in Lakeport\n\
         \n\
         14 March 2021\n\
         \n\
         Negotiators from the two provinces met again on Sunday in Lakeport, the first round \
         of talks since fighting near the Oldbridge dam broke a three-week truce.\n\
         \n\
         “Both sides have agreed to keep the humanitarian corridor to Millbrook open,” said \
         a mediator, who asked not to be named. Around 4,000 people have left the valley \
         since January, according to aid groups.\n\
         \n\
         Prisoner exchange on the table\n\
         \n\
         The talks are expected to last three days. A prisoner exchange & the return of \
         displaced families to Oldbridge are the main items on the agenda.\n\
         \n\
         Lakeport, a port city of 200,000, has hosted three earlier rounds of talks."
    );
    assert_eq!(doc.format, Format::Html);
    assert_eq!(
        doc.title.as_deref(),
        Some("Ceasefire talks resume in Lakeport")
    );
    assert_eq!(doc.outlet.as_deref(), Some("The Northern Ledger"));
    assert_eq!(doc.author.as_deref(), Some("Maria Keller"));
    assert_eq!(doc.published, PartialDate::ymd(2021, 3, 14));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://ledger.example.com/world/ceasefire-talks-lakeport")
    );
    assert_eq!(doc.lang, "en");
    assert_eq!(doc.sha256, sha256(&doc.text));
    for junk in [
        "cookie",
        "Politics",
        "Share on",
        "Photo",
        "Related",
        "Sign up",
        "Advertisement",
        "Most read",
        "rights reserved",
        "dataLayer",
        "font-family",
        "not text",
    ] {
        assert!(!doc.text.contains(junk), "{junk:?} leaked into the text");
    }
}

#[test]
fn html_without_article_found_by_text_density() {
    let doc = read("fr-sans-article.html");
    assert_eq!(
        doc.text,
        "Incendie à Bellerive : 200 hectares de forêt détruits\n\
         \n\
         Le feu, parti mardi après-midi d’une parcelle agricole, a été fixé dans la nuit.\n\
         \n\
         Un incendie a parcouru plus de 200 hectares de pinède entre Bellerive et Saint-Clair, \
         mardi 19 juillet. Près de 300 pompiers ont été mobilisés, appuyés par deux avions \
         bombardiers d’eau.\n\
         \n\
         Selon la préfecture, une trentaine d’habitations ont été évacuées par précaution. \
         «\u{a0}Aucune victime n’est à déplorer\u{a0}», a indiqué le sous-préfet lors d’un \
         point presse à la mairie de Bellerive.\n\
         \n\
         La route départementale reliant Bellerive à Montval restera fermée jusqu’à jeudi."
    );
    // No og:title or JSON-LD: the <h1> is preferred to the decorated <title>.
    assert_eq!(
        doc.title.as_deref(),
        Some("Incendie à Bellerive : 200 hectares de forêt détruits")
    );
    assert_eq!(doc.published, PartialDate::ymd(2022, 7, 19));
    assert_eq!(doc.lang, "fr");
    assert_eq!(doc.outlet, None);
    assert_eq!(doc.author, None);
    assert_eq!(doc.url, None);
}

#[test]
fn malformed_html_still_gives_its_text() {
    let doc = read("fr-malforme.html");
    assert_eq!(
        doc.text,
        "Grève au port de Kerbrat\n\
         \n\
         Les dockers du port de Kerbrat ont cessé le travail lundi matin pour protester \
         contre la fermeture annoncée d'un terminal.\n\
         \n\
         Selon le syndicat, près de 150 salariés sont concernés. La direction du port \
         négocie avec les représentants du personnel.\n\
         \n\
         Une réunion est prévue mercredi à la sous-préfecture de Brest."
    );
    assert_eq!(doc.title.as_deref(), Some("Grève au port de Kerbrat"));
    assert_eq!(doc.author.as_deref(), Some("Yann Le Goff"));
    // Content-Language "fr-BE" is normalized to its language.
    assert_eq!(doc.lang, "fr");
    assert_eq!(doc.published, None);
}

#[test]
fn markdown_front_matter_and_prose() {
    let doc = read("fr-sommet.md");
    assert_eq!(
        doc.text,
        "Sommet régional : accord sur l'eau\n\
         \n\
         Les maires de Bellerive, de Montval et de Saint-Clair ont signé mardi un accord sur \
         le partage de l'eau du lac de Vassière.\n\
         \n\
         Ce que prévoit l'accord\n\
         \n\
         une réduction de 10 % des prélèvements agricoles ;\n\
         \n\
         un fonds commun de 2 millions d'euros ;\n\
         \n\
         un comité de suivi réuni chaque trimestre.\n\
         \n\
         « C'est une première dans la vallée », s'est félicitée la présidente du syndicat \
         des eaux.\n\
         \n\
         Le texte sera soumis au conseil départemental le 15 juin.\n\
         \n\
         Selon le calendrier publié par la préfecture."
    );
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(
        doc.title.as_deref(),
        Some("Sommet régional : accord sur l'eau à Bellerive")
    );
    assert_eq!(doc.published, PartialDate::ymd(2023, 5, 2));
    assert_eq!(doc.author.as_deref(), Some("Claire Dumas"));
    assert_eq!(doc.outlet.as_deref(), Some("L'Écho des Collines"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://echo.example.org/2023/05/sommet-eau")
    );
    assert_eq!(doc.lang, "fr");
    for syntax in ["**", "](", "![", "```", "[^", "- une", "> «", "#"] {
        assert!(!doc.text.contains(syntax), "{syntax:?} left in the text");
    }
}

#[test]
fn unknown_extension_is_sniffed() {
    let doc = read("en-saved-page");
    assert_eq!(doc.format, Format::Html);
    assert_eq!(
        doc.text,
        "The harbour of Port Alder reopened on Friday after a week of repairs to the \
         storm-damaged quay, the port authority said."
    );
    assert_eq!(doc.title.as_deref(), Some("Port Alder reopens its harbour"));
    assert_eq!(doc.lang, "en");
    assert_eq!(doc.id, "en-saved-page");
}

#[test]
fn errors_name_the_file_and_the_problem() {
    let (err, path) = read_err("empty.txt");
    assert!(matches!(err, DocumentError::Empty { .. }));
    assert_eq!(err.to_string(), format!("{path}: file is empty"));

    let (err, path) = read_err("whitespace.txt");
    assert!(matches!(err, DocumentError::NoText { .. }));
    assert_eq!(
        err.to_string(),
        format!("{path}: no text (the file contains only whitespace)")
    );

    let (err, path) = read_err("binary.bin");
    assert!(matches!(err, DocumentError::Binary { .. }));
    assert_eq!(
        err.to_string(),
        format!("{path}: binary file (found NUL bytes), not a text article")
    );

    let (err, path) = read_err("scan.pdf");
    assert!(matches!(err, DocumentError::NotText { .. }));
    assert_eq!(
        err.to_string(),
        format!("{path}: looks like a PDF document, not a text article")
    );

    let (err, path) = read_err("does-not-exist.txt");
    assert!(matches!(err, DocumentError::NotFound { .. }));
    assert_eq!(err.to_string(), format!("{path}: file not found"));

    let dir = fixture("");
    let err = document::read_file(&dir).unwrap_err();
    assert!(matches!(err, DocumentError::IsDirectory { .. }));
    assert_eq!(
        err.to_string(),
        format!("{}: is a directory, not a file", dir.display())
    );
    assert_eq!(err.name(), dir.display().to_string());

    // Every message is one line.
    for name in ["empty.txt", "whitespace.txt", "binary.bin", "scan.pdf"] {
        assert!(!read_err(name).0.to_string().contains('\n'));
    }
}

#[test]
fn html_page_without_text_is_an_error() {
    let err = document::from_bytes(
        b"<html><body><nav><a href=/>Home</a></nav><script>var a;</script></body></html>",
        Format::Html,
        "menu-only.html",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "menu-only.html: no text (no article text found in the HTML page)"
    );
}

#[test]
fn size_limit_is_checked_before_reading() {
    assert_eq!(MAX_FILE_SIZE, 50_000_000);
    let path = fixture("en-storm.txt");
    let size = std::fs::metadata(&path).unwrap().len();
    let err = document::read_file_with_limit(&path, 100).unwrap_err();
    assert!(matches!(
        err,
        DocumentError::TooLarge { size: s, limit: 100, .. } if s == size
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: file is too large ({size} bytes; the limit is 100 bytes), not a news article",
            path.display()
        )
    );
    // A file exactly at the limit is read.
    assert!(document::read_file_with_limit(&path, size).is_ok());
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_permission_denied() {
    use std::os::unix::fs::PermissionsExt;

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("document-permissions");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("secret.txt");
    std::fs::write(&path, "A perfectly good article.").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let result = document::read_file(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    // root may read anything; then there is nothing to test.
    let Err(err) = result else {
        return;
    };
    assert!(
        matches!(err, DocumentError::PermissionDenied { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: permission denied (the file cannot be read)",
            path.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn devices_are_not_read() {
    let err = document::read_file(Path::new("/dev/null")).unwrap_err();
    assert!(matches!(err, DocumentError::NotRegularFile { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "/dev/null: not a regular file (a pipe, socket or device?)"
    );
}

#[test]
fn from_bytes_matches_read_file() {
    for name in [
        "en-storm.txt",
        "fr-cp1252.txt",
        "en-article.html",
        "fr-sommet.md",
    ] {
        let path = fixture(name);
        let bytes = std::fs::read(&path).unwrap();
        let format = Format::from_path(&path).unwrap();
        let mut doc = document::from_bytes(&bytes, format, name).unwrap();
        let from_file = read(name);
        assert_eq!(doc.path, None);
        assert_eq!(doc.id, name);
        doc.path = from_file.path.clone();
        doc.id = from_file.id.clone();
        assert_eq!(doc, from_file, "{name}");
    }
}

#[test]
fn from_text_keeps_the_text_byte_for_byte() {
    let text = "\u{feff}BAGDAD, 8 janv. 2020 (AFP) -\r\nDes missiles ont visé\u{a0}la base.  \n"
        .to_string();
    let doc = document::from_text("eval-42", text.clone(), Some("fr"));
    assert_eq!(doc.text, text);
    assert_eq!(doc.sha256, sha256(&text));
    assert_eq!(doc.id, "eval-42");
    assert_eq!(doc.lang, "fr");
    assert_eq!(doc.format, Format::Text);
    assert_eq!(doc.path, None);
    assert_no_metadata(&doc);
    // Without a language, it is detected.
    let doc = document::from_text("x", FR.to_string(), None);
    assert_eq!(doc.lang, "fr");
}

#[test]
fn language_detection() {
    assert_eq!(document::detect_language(FR), "fr");
    let en = std::fs::read_to_string(fixture("en-storm.txt")).unwrap();
    assert_eq!(document::detect_language(&en), "en");
    assert_eq!(document::detect_language("Erbil"), "und");
    assert_eq!(document::detect_language(""), "und");
}

#[test]
fn partial_dates() {
    let d = PartialDate::parse("2020-01-08T10:00:00+01:00").unwrap();
    assert_eq!(
        (d.to_iso(), d.precision()),
        ("2020-01-08".into(), Precision::Day)
    );
    let d = PartialDate::parse("2020-01").unwrap();
    assert_eq!(
        (d.to_string(), d.precision()),
        ("2020-01".into(), Precision::Month)
    );
    let d = PartialDate::parse("2020").unwrap();
    assert_eq!(
        (d.to_iso(), d.precision()),
        ("2020".into(), Precision::Year)
    );
    let d = PartialDate::new(None, Some(1), Some(8)).unwrap();
    assert_eq!(
        (d.to_iso(), d.precision()),
        ("--01-08".into(), Precision::Day)
    );
    assert_eq!(PartialDate::UNKNOWN.precision(), Precision::Unknown);
    assert_eq!(PartialDate::parse("2021-02-29"), None);
    assert_eq!(PartialDate::parse("2020-13"), None);
}

/// Truncating every fixture at many points and reading the pieces in every
/// format must give a document or an error, never a panic.
#[test]
fn truncated_fixtures_never_panic() {
    let dir = fixture("");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        for cut in (0..=bytes.len()).step_by(41) {
            for format in [Format::Text, Format::Markdown, Format::Html] {
                let _ = document::from_bytes(&bytes[..cut], format, "cut");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            if let Ok(doc) = document::from_bytes(&bytes, format, "fuzz") {
                prop_assert!(!doc.text.trim().is_empty());
                prop_assert!(!doc.text.contains('\0'));
                prop_assert!(!doc.text.contains('\r'));
                prop_assert_eq!(doc.sha256.len(), 64);
            }
        }
        let _ = Format::sniff(&bytes);
    }

    #[test]
    fn arbitrary_markup_never_panics(s in "[<>/a-z =\"'!\\-\\[\\]()*_`#&;\n|~^\\\\:.0-9]{0,300}") {
        for format in [Format::Markdown, Format::Html] {
            let _ = document::from_bytes(s.as_bytes(), format, "fuzz");
        }
    }

    #[test]
    fn arbitrary_strings_never_break_date_parsing(s in "\\PC{0,30}") {
        if let Some(d) = PartialDate::parse(&s) {
            prop_assert_eq!(PartialDate::parse(&d.to_iso()), Some(d));
        }
    }

    #[test]
    fn valid_dates_round_trip(y in 1i32..=9999, m in 1u8..=12, d in 1u8..=31) {
        if let Some(date) = PartialDate::ymd(y, m, d) {
            prop_assert_eq!(PartialDate::parse(&date.to_iso()), Some(date));
            prop_assert_eq!(date.precision(), Precision::Day);
        }
    }
}
