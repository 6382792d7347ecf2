//! Reading an article file into a [`Document`]: its text and its metadata.
//!
//! This is the first stage of the pipeline. Everything later (mentions,
//! events, evidence spans) points into [`Document::text`] with offsets, so this
//! module's one job is to produce that text once, cleanly, and never change it
//! afterwards. [`Document::sha256`] fingerprints it so that a project file can
//! tell when an article on disk no longer matches the offsets stored for it.
//!
//! # Example
//!
//! ```
//! use dateline::document::{self, Format};
//!
//! let page = b"<html lang='fr'><body><nav>Accueil</nav><article>\
//!              <h1>Bagdad</h1><p>Des roquettes sont tomb\xc3\xa9es pr\xc3\xa8s de l'a\xc3\xa9roport.</p>\
//!              </article></body></html>";
//! let doc = document::from_bytes(page, Format::Html, "exemple").unwrap();
//! assert_eq!(doc.text, "Bagdad\n\nDes roquettes sont tombées près de l'aéroport.");
//! assert_eq!(doc.title.as_deref(), Some("Bagdad"));
//! assert_eq!(doc.lang, "fr");
//! ```
//!
//! # What the text is
//!
//! * **Plain text** (`.txt`) is kept as written, line for line. The only
//!   changes are those that no reader can see: the byte-order mark is removed,
//!   `\r\n` and `\r` become `\n`, and invisible control characters (C0/C1
//!   controls other than tab and newline, stray U+FEFF) are dropped; a form
//!   feed or vertical tab becomes a newline. Letters are never changed:
//!   there is no Unicode normalization (NFC would merge or split characters and
//!   shift offsets relative to what the user pasted), no quote or space
//!   folding, no trimming. A first line that looks like a title stays text, and
//!   no metadata is guessed from a `.txt` except its language. (The news
//!   dateline "PARIS, 4 février 2020 (AFP) -" is read by the `events` module.)
//! * **HTML** is reduced to the article's main text, one paragraph per block,
//!   whitespace collapsed inside paragraphs, entities decoded. The pruning and
//!   text-density heuristics are described at the top of `src/document/html.rs`.
//! * **Markdown** loses its syntax and keeps its prose, with metadata from its
//!   front matter; what is kept and dropped is listed at the top of
//!   `src/document/markdown.rs`.
//!
//! In HTML and Markdown output, **paragraphs (and headings, list items, table
//! rows) are separated by exactly one blank line, `"\n\n"`, and contain no
//! newline.** A blank line is what a plain-text article uses too, so the
//! sentence splitter sees the same shape whatever the source format.
//!
//! # Encodings
//!
//! UTF-8 (with or without a BOM), UTF-16 LE/BE (with a BOM, or without one
//! when the NUL bytes make it obvious), an HTML page's declared `<meta
//! charset>`, and Windows-1252 (the superset of Latin-1) for anything else that
//! is not valid UTF-8. No statistical charset detection: for French and English
//! news these rules are right, and wrong guesses between legacy code pages are
//! worse than a predictable rule.
//!
//! # Language
//!
//! A declared language wins (`<html lang>`, `og:locale`, `Content-Language`,
//! JSON-LD `inLanguage`, front matter `lang`), reduced to its ISO 639-1 code
//! (`fr-FR` -> `fr`). Otherwise [`detect_language`] guesses from the text and
//! says `und` rather than guess from a line or two.
//!
//! # Errors
//!
//! Every failure is a [`DocumentError`] whose message is one line that names
//! the file and says what is wrong in plain words, e.g.
//! `fr-irak.txt: file is empty` or
//! `scan.bin: binary file (found NUL bytes), not a text article`.
//! No input makes this module panic: files are size-checked before reading
//! ([`MAX_FILE_SIZE`]), binary and known non-text formats (PDF, images,
//! archives) are recognised and refused, and malformed HTML is repaired the way
//! browsers repair it (the parser also runs under `catch_unwind`, as a last
//! line of defence against a bug in a dependency).
//!
//! # Not done here
//!
//! PDF and DOCX input (the error says so and names the format), guessing an
//! encoding other than those above, and reading the language of each paragraph
//! separately: a document has one language.

mod date;
mod encoding;
mod html;
mod lang;
mod markdown;

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use date::{ParseDateError, PartialDate, Precision, days_in_month};
pub use lang::{UNDETERMINED, detect_language, normalize_language_tag};

use crate::text::group_digits;
use encoding::DecodeError;

/// Files larger than this (50 MB) are refused by [`read_file`]. A long news
/// article is under 100 KB; a saved web page with inline images a few MB.
pub const MAX_FILE_SIZE: u64 = 50_000_000;

/// An article: its normalized text, where it came from, and what is known
/// about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// A short identifier, by default the file name without its extension.
    pub id: String,
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The source format.
    pub format: Format,
    /// The headline.
    pub title: Option<String>,
    /// The publication (newspaper, agency, site).
    pub outlet: Option<String>,
    /// The author(s), comma-separated.
    pub author: Option<String>,
    /// The publication date.
    pub published: Option<PartialDate>,
    /// The canonical URL.
    pub url: Option<String>,
    /// ISO 639-1 code (`fr`, `en`), or `und` when unknown.
    pub lang: String,
    /// The normalized text; every offset in the project points into it.
    pub text: String,
    /// Lowercase hex SHA-256 of `text` (its UTF-8 bytes).
    pub sha256: String,
}

/// The format of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
}

impl Format {
    /// The format for a file name's extension (case-insensitive), or `None`
    /// when the extension is missing or unknown; then use [`Format::sniff`]
    /// on the contents.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes: a file that starts (after a
    /// BOM, whitespace and comments) with `<!doctype` or `<html` is HTML;
    /// anything else is plain text.
    pub fn sniff(bytes: &[u8]) -> Format {
        let prefix = encoding::decode_prefix_lossy(bytes, 4096).to_ascii_lowercase();
        let mut rest = prefix.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        // Saved pages often start with "<!-- saved from url=... -->".
        while let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => break,
            }
        }
        if let Some(after) = rest.strip_prefix("<?xml")
            && let Some(end) = after.find("?>")
        {
            rest = after[end + 2..].trim_start();
        }
        if rest.starts_with("<!doctype") || rest.starts_with("<html") {
            Format::Html
        } else {
            Format::Text
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        })
    }
}

/// Metadata found in a file, before it becomes part of a [`Document`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Metadata {
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) published: Option<PartialDate>,
    pub(crate) url: Option<String>,
    /// Already normalized to ISO 639-1.
    pub(crate) lang: Option<String>,
}

/// Why a file could not be read as an article.
///
/// `name` is the path as given to [`read_file`] (or the id given to
/// [`from_bytes`]). The `Display` form is a single line,
/// `"{name}: {problem}"`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The file does not exist.
    #[error("{name}: file not found")]
    NotFound {
        /// The file.
        name: String,
    },
    /// The file exists but may not be read.
    #[error("{name}: permission denied (the file cannot be read)")]
    PermissionDenied {
        /// The file.
        name: String,
    },
    /// The path is a directory.
    #[error("{name}: is a directory, not a file")]
    IsDirectory {
        /// The directory.
        name: String,
    },
    /// Another I/O error.
    #[error("{name}: cannot read the file ({error})")]
    Io {
        /// The file.
        name: String,
        /// The underlying error.
        error: io::Error,
    },
    /// A FIFO, socket or device rather than a file.
    #[error("{name}: not a regular file (a pipe, socket or device?)")]
    NotRegularFile {
        /// The path.
        name: String,
    },
    /// The file is larger than the limit.
    #[error("{name}: file is too large ({} bytes; the limit is {}), not a news article", group_digits(*.size, ' '), human_size(*.limit))]
    TooLarge {
        /// The file.
        name: String,
        /// Its size in bytes (at least this much).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file has no bytes (or only a byte-order mark).
    #[error("{name}: file is empty")]
    Empty {
        /// The file.
        name: String,
    },
    /// The file decodes, but holds no text (only whitespace, or markup).
    #[error("{name}: no text ({reason})")]
    NoText {
        /// The file.
        name: String,
        /// What was found instead.
        reason: &'static str,
    },
    /// A known non-text format, such as a PDF or an image.
    #[error("{name}: looks like {what}, not a text article")]
    NotText {
        /// The file.
        name: String,
        /// The format, with an article: "a PDF document".
        what: &'static str,
    },
    /// Binary data.
    #[error("{name}: binary file ({reason}), not a text article")]
    Binary {
        /// The file.
        name: String,
        /// The evidence.
        reason: String,
    },
    /// Bytes that are invalid in the encoding the file declares.
    #[error("{name}: cannot decode the text: invalid {encoding} at byte {offset}")]
    Undecodable {
        /// The file.
        name: String,
        /// The declared encoding.
        encoding: &'static str,
        /// The offset of the first invalid byte.
        offset: usize,
    },
    /// An encoding that is recognised but not supported.
    #[error("{name}: {encoding} text is not supported; save the file as UTF-8")]
    UnsupportedEncoding {
        /// The file.
        name: String,
        /// The encoding.
        encoding: &'static str,
    },
}

impl DocumentError {
    /// The file (or id) the error is about.
    pub fn name(&self) -> &str {
        match self {
            DocumentError::NotFound { name }
            | DocumentError::PermissionDenied { name }
            | DocumentError::IsDirectory { name }
            | DocumentError::NotRegularFile { name }
            | DocumentError::Io { name, .. }
            | DocumentError::TooLarge { name, .. }
            | DocumentError::Empty { name }
            | DocumentError::NoText { name, .. }
            | DocumentError::NotText { name, .. }
            | DocumentError::Binary { name, .. }
            | DocumentError::Undecodable { name, .. }
            | DocumentError::UnsupportedEncoding { name, .. } => name,
        }
    }

    fn from_io(name: &str, error: io::Error) -> DocumentError {
        let name = name.to_string();
        match error.kind() {
            io::ErrorKind::NotFound => DocumentError::NotFound { name },
            io::ErrorKind::PermissionDenied => DocumentError::PermissionDenied { name },
            io::ErrorKind::IsADirectory => DocumentError::IsDirectory { name },
            _ => DocumentError::Io { name, error },
        }
    }

    fn from_decode(name: &str, error: DecodeError) -> DocumentError {
        let name = name.to_string();
        match error {
            DecodeError::Empty => DocumentError::Empty { name },
            DecodeError::NotText(what) => DocumentError::NotText { name, what },
            DecodeError::Binary(reason) => DocumentError::Binary { name, reason },
            DecodeError::Invalid { encoding, offset } => DocumentError::Undecodable {
                name,
                encoding,
                offset,
            },
            DecodeError::Unsupported(encoding) => {
                DocumentError::UnsupportedEncoding { name, encoding }
            }
        }
    }
}

/// "73.4 MB", "12 KB", "512 bytes".
fn human_size(n: u64) -> String {
    let trim = |s: String| s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
    if n >= 1_000_000 {
        format!("{} MB", trim(format!("{:.1}", n as f64 / 1e6)))
    } else if n >= 1_000 {
        format!("{} KB", trim(format!("{:.1}", n as f64 / 1e3)))
    } else {
        format!("{n} bytes")
    }
}

/// Reads an article file. The format comes from the extension
/// ([`Format::from_path`]) or, for other extensions, from the contents
/// ([`Format::sniff`]); the id is the file name without its extension.
/// Files over [`MAX_FILE_SIZE`] are refused.
pub fn read_file(path: &Path) -> Result<Document, DocumentError> {
    read_file_with_limit(path, MAX_FILE_SIZE)
}

/// [`read_file`] with a size limit in bytes other than [`MAX_FILE_SIZE`].
pub fn read_file_with_limit(path: &Path, max_bytes: u64) -> Result<Document, DocumentError> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| DocumentError::from_io(&name, e))?;
    if metadata.is_dir() {
        return Err(DocumentError::IsDirectory { name });
    }
    // A FIFO or a device could block forever or never end.
    if !metadata.is_file() {
        return Err(DocumentError::NotRegularFile { name });
    }
    if metadata.len() > max_bytes {
        return Err(DocumentError::TooLarge {
            name,
            size: metadata.len(),
            limit: max_bytes,
        });
    }
    let file = File::open(path).map_err(|e| DocumentError::from_io(&name, e))?;
    // The file may grow, or be a device whose metadata says 0 bytes: read at
    // most one byte more than the limit, whatever the metadata said.
    let capacity = usize::try_from(metadata.len().min(max_bytes)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| DocumentError::from_io(&name, e))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > max_bytes {
        return Err(DocumentError::TooLarge {
            name,
            size: read,
            limit: max_bytes,
        });
    }
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&bytes));
    let id = path
        .file_stem()
        .or_else(|| path.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string());
    let mut doc = build(&bytes, format, &id, &name)?;
    doc.path = Some(path.to_path_buf());
    Ok(doc)
}

/// Reads an article from bytes already in memory. `id` becomes the
/// document's id and names it in error messages.
pub fn from_bytes(bytes: &[u8], format: Format, id: &str) -> Result<Document, DocumentError> {
    build(bytes, format, id, id)
}

/// Makes a document from text that is already decoded and must not change:
/// the text is kept byte for byte (no normalization at all), so offsets
/// computed on it elsewhere stay valid. The format is [`Format::Text`]; `lang`
/// is normalized (`fr-FR` -> `fr`, unrecognisable tags -> `und`), or detected
/// when `None`.
pub fn from_text(id: &str, text: String, lang: Option<&str>) -> Document {
    let lang = match lang {
        Some(tag) => normalize_language_tag(tag).unwrap_or_else(|| UNDETERMINED.to_string()),
        None => detect_language(&text),
    };
    Document {
        id: id.to_string(),
        path: None,
        format: Format::Text,
        title: None,
        outlet: None,
        author: None,
        published: None,
        url: None,
        lang,
        sha256: sha256_hex(&text),
        text,
    }
}

fn build(bytes: &[u8], format: Format, id: &str, name: &str) -> Result<Document, DocumentError> {
    let decoded = encoding::decode(bytes, format == Format::Html)
        .map_err(|e| DocumentError::from_decode(name, e))?;
    let normalized = normalize_text(&decoded.text);
    if normalized.trim().is_empty() {
        return Err(DocumentError::NoText {
            name: name.to_string(),
            reason: "the file contains only whitespace",
        });
    }
    let (meta, text) = match format {
        Format::Text => (Metadata::default(), normalized),
        Format::Markdown => {
            let ex = markdown::extract(&normalized);
            (ex.meta, ex.text)
        }
        Format::Html => {
            let ex = html::extract(&normalized);
            (ex.meta, ex.text)
        }
    };
    if text.trim().is_empty() {
        return Err(DocumentError::NoText {
            name: name.to_string(),
            reason: match format {
                Format::Text => "the file contains only whitespace",
                Format::Markdown => "the Markdown file has no body text",
                Format::Html => "no article text found in the HTML page",
            },
        });
    }
    let lang = meta.lang.unwrap_or_else(|| detect_language(&text));
    Ok(Document {
        id: id.to_string(),
        path: None,
        format,
        title: meta.title,
        outlet: meta.outlet,
        author: meta.author,
        published: meta.published,
        url: meta.url,
        lang,
        sha256: sha256_hex(&text),
        text,
    })
}

/// The normalization applied to every decoded file before extraction:
/// removes a leading BOM and stray U+FEFF, turns `\r\n`, `\r`, NEL, U+2028,
/// U+2029, form feed and vertical tab into `\n`, and drops other control
/// characters except tab. Nothing else changes; in particular no Unicode
/// normalization is applied.
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_strings() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn normalization_changes_only_line_ends_and_invisible_junk() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(
            normalize_text("a\u{0}b\u{7}c\u{1b}[0m\u{7f}\u{90}"),
            "abc[0m"
        );
        assert_eq!(normalize_text("p1\u{c}p2\u{2029}p3"), "p1\np2\np3");
        let french = "L’été « à Noël »\u{a0}: œuvre, ç, é (e\u{301})\tfin";
        assert_eq!(normalize_text(french), french);
    }

    #[test]
    fn format_from_path_and_sniff() {
        assert_eq!(Format::from_path(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("b.Md")), Some(Format::Markdown));
        assert_eq!(Format::from_path(Path::new("b.HTM")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("b.html")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("b.pdf")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
        assert_eq!(Format::sniff(b"  <!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(Format::sniff(b"\xef\xbb\xbf<HTML>"), Format::Html);
        assert_eq!(
            Format::sniff(b"<!-- saved from url=(0014)about:internet -->\n<html>"),
            Format::Html
        );
        assert_eq!(
            Format::sniff(b"<?xml version=\"1.0\"?>\n<html>"),
            Format::Html
        );
        assert_eq!(Format::sniff(b"Hello <html>"), Format::Text);
        assert_eq!(Format::sniff(b""), Format::Text);
        assert_eq!(
            Format::sniff(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"),
            Format::Html
        );
    }

    #[test]
    fn format_serde_is_lowercase() {
        assert_eq!(
            serde_json::to_string(&Format::Markdown).unwrap(),
            "\"markdown\""
        );
        assert_eq!(
            serde_json::from_str::<Format>("\"html\"").unwrap(),
            Format::Html
        );
        assert_eq!(Format::Text.to_string(), "text");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(12_000), "12 KB");
        assert_eq!(human_size(73_400_000), "73.4 MB");
        assert_eq!(human_size(50_000_000), "50 MB");
    }

    #[test]
    fn text_format_keeps_lines() {
        let doc = from_bytes(b"Titre\r\n\r\nPremier paragraphe.\r\n", Format::Text, "t").unwrap();
        assert_eq!(doc.text, "Titre\n\nPremier paragraphe.\n");
        assert_eq!(doc.title, None);
        assert_eq!(doc.sha256, sha256_hex(&doc.text));
        assert_eq!(doc.id, "t");
        assert_eq!(doc.path, None);
    }

    #[test]
    fn from_text_is_byte_exact() {
        let text = "\u{feff}Bagdad\r\n  l’aéroport\u{0}".to_string();
        let doc = from_text("eval-1", text.clone(), Some("fr-FR"));
        assert_eq!(doc.text, text);
        assert_eq!(doc.lang, "fr");
        assert_eq!(doc.sha256, sha256_hex(&text));
        assert_eq!(doc.format, Format::Text);
        assert_eq!(from_text("x", "court".into(), None).lang, "und");
        assert_eq!(from_text("x", "court".into(), Some("??")).lang, "und");
    }

    #[test]
    fn error_messages_are_one_line_and_name_the_file() {
        let cases: Vec<(Result<Document, DocumentError>, &str)> = vec![
            (
                from_bytes(b"", Format::Text, "fr-irak.txt"),
                "fr-irak.txt: file is empty",
            ),
            (
                from_bytes(b"x\0y", Format::Text, "/path/x.bin"),
                "/path/x.bin: binary file (found NUL bytes), not a text article",
            ),
            (
                from_bytes(b"%PDF-1.4", Format::Text, "a.pdf"),
                "a.pdf: looks like a PDF document, not a text article",
            ),
            (
                from_bytes(b" \n\t\r\n", Format::Text, "w.txt"),
                "w.txt: no text (the file contains only whitespace)",
            ),
            (
                from_bytes(
                    b"<html><nav>x</nav><script>y</script></html>",
                    Format::Html,
                    "p.html",
                ),
                "p.html: no text (no article text found in the HTML page)",
            ),
            (
                from_bytes(b"\xef\xbb\xbfok\xff", Format::Text, "u.txt"),
                "u.txt: cannot decode the text: invalid UTF-8 at byte 5",
            ),
        ];
        for (result, want) in cases {
            let err = result.unwrap_err();
            assert_eq!(err.to_string(), want);
            assert!(!err.to_string().contains('\n'));
        }
        let err = DocumentError::TooLarge {
            name: "big.html".into(),
            size: 73_400_000,
            limit: MAX_FILE_SIZE,
        };
        assert_eq!(
            err.to_string(),
            "big.html: file is too large (73 400 000 bytes; the limit is 50 MB), not a news article"
        );
        assert_eq!(err.name(), "big.html");
    }

    #[test]
    fn document_serde_round_trip() {
        let doc = from_bytes(
            "---\ntitle: T\ndate: 2020-01\n---\nLe texte de l'article.".as_bytes(),
            Format::Markdown,
            "m",
        )
        .unwrap();
        let json = serde_json::to_string(&doc).unwrap();
        assert!(json.contains("\"format\":\"markdown\""), "{json}");
        assert!(
            json.contains("\"published\":{\"year\":2020,\"month\":1}"),
            "{json}"
        );
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }
}
