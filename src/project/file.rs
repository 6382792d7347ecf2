//! The `.dateline` project file: save, load, migrate, recover, and notice changed articles.
//!
//! # Format
//!
//! A project file is one JSON object:
//!
//! ```json
//! {"format": "dateline", "version": 2, "app": "dateline 0.1.0", "project": { ... }}
//! ```
//!
//! `project` is the serde form of [`Project`]: documents with their whole normalized text,
//! its sha256 and the original path, places, mentions, events, sources, drawings,
//! categories and the map view. Embedding the text makes a project self-contained (it
//! opens when the articles have moved or changed) and keeps every offset valid; the
//! sha256 and path let [`changed_on_disk`] tell the user when an article was edited since.
//! JSON, not a binary format, so that a user can read, diff and repair a project, and
//! other tools can read it.
//!
//! # Versions
//!
//! [`VERSION`] is the version this app writes. A file of an older version is upgraded on
//! load by a chain of steps on the JSON tree ([`MIGRATIONS`], one per version), then read
//! into the current types, in which every field added after version 1 has a serde default.
//! So an added field needs no step; a renamed, moved or recomputed one does. A newer
//! version than [`VERSION`] is refused with a message saying to update the app, rather
//! than read with parts silently dropped. Version history:
//!
//! 1. The model of issue 4: documents, places, mentions, events, sources, drawings.
//! 2. Categories, the map view, a pin's category and style, event notes, and the document
//!    through which an attributed source is cited (`via`, rebuilt from the evidence when
//!    migrating from 1).
//!
//! # Safety of the user's work
//!
//! [`save`] goes through [`write_atomically`]: the JSON is written to a temporary file in
//! the same folder, flushed to the disk (fsync), then renamed over the project, and the
//! folder is synced. A crash or a full disk at any point leaves either the old file or the
//! new one, never a mix; a failed write removes its temporary file. After loading, the
//! project is checked (ids unique, every reference and text offset in range, texts matching
//! their sha256), so a damaged or hand-edited file is refused with a message instead of
//! crashing the app later. Every error is a [`FileError`] that names the file.
//!
//! [`Recovery`] keeps autosaved copies in a folder of the user's state directory
//! (`$XDG_STATE_HOME/dateline/recovery`, else `~/.local/state/dateline/recovery`), not next
//! to the project, so that a read-only or synced folder is never cluttered. A recovery file
//! is a project file that also records which project it belongs to (`recovery_of`); an
//! unsaved project gets a name of its own per session. At start the app lists them
//! ([`Recovery::list`]) and offers those newer than their project.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use super::Project;
use crate::document;
/// Lowercase hex SHA-256 of a text, as [`document::Document::sha256`] holds it.
pub use crate::document::sha256_hex;

/// The `format` of every project file.
pub const FORMAT: &str = "dateline";
/// The version this app writes, and the newest it reads.
pub const VERSION: u64 = 2;
/// The file extension of projects, without the dot.
pub const EXTENSION: &str = "dateline";
/// Project files larger than this (1 GB) are refused.
pub const MAX_PROJECT_SIZE: u64 = 1 << 30;

/// What went wrong with a project file. Every message names the file.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("{}: file not found", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: the file is empty, not a Dateline project", path.display())]
    Empty { path: PathBuf },
    #[error("{}: too large for a project ({size} bytes)", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: not JSON, so not a Dateline project (line {line}, column {column}: {message})", path.display())]
    NotJson {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: the file is cut short (it ends at line {line}): an interrupted copy or save? Look for a recovery file or a backup", path.display())]
    Truncated { path: PathBuf, line: usize },
    #[error("{}: JSON, but not a Dateline project (no \"format\": \"dateline\")", path.display())]
    NotAProject { path: PathBuf },
    #[error("{}: made by a newer Dateline (project version {found}, this app reads up to {supported}): update Dateline to open it", path.display())]
    TooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("{}: the project version {found} is not a version number", path.display())]
    BadVersion { path: PathBuf, found: String },
    #[error("{}: damaged project: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("no folder for recovery files: neither XDG_STATE_HOME nor HOME is set")]
    NoStateDir,
}

impl FileError {
    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            FileError::NotFound { path }
            | FileError::Read { path, .. }
            | FileError::Write { path, .. }
            | FileError::Empty { path }
            | FileError::TooLarge { path, .. }
            | FileError::NotJson { path, .. }
            | FileError::Truncated { path, .. }
            | FileError::NotAProject { path }
            | FileError::TooNew { path, .. }
            | FileError::BadVersion { path, .. }
            | FileError::Invalid { path, .. } => Some(path),
            FileError::NoStateDir => None,
        }
    }
}

/// Whether a path names a project file (by its extension).
pub fn is_project_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u64,
    app: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_of: Option<&'a Path>,
    project: &'a Project,
}

const APP: &str = concat!("dateline ", env!("CARGO_PKG_VERSION"));

fn write_json(w: &mut dyn Write, project: &Project, recovery_of: Option<&Path>) -> io::Result<()> {
    let env = Envelope {
        format: FORMAT,
        version: VERSION,
        app: APP,
        recovery_of,
        project,
    };
    serde_json::to_writer_pretty(&mut *w, &env).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// The project as the bytes of a project file.
pub fn to_bytes(project: &Project) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and the model has no map with non-string keys.
    let _ = write_json(&mut out, project, None);
    out
}

/// Saves `project` to `path`, atomically: the previous file stays whole until the new one
/// is complete on disk.
pub fn save(project: &Project, path: &Path) -> Result<(), FileError> {
    write_atomically(path, |w| write_json(w, project, None))
}

/// Loads a project file of any version up to [`VERSION`].
pub fn load(path: &Path) -> Result<Project, FileError> {
    let bytes = read_bounded(path)?;
    from_bytes(&bytes, path).map(|(p, _)| p)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    let meta = fs::metadata(path).map_err(|e| io_read(path, e))?;
    if meta.is_dir() {
        return Err(FileError::Read {
            path: path.to_path_buf(),
            source: io::Error::other("is a folder, not a file"),
        });
    }
    if meta.len() > MAX_PROJECT_SIZE {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    fs::read(path).map_err(|e| io_read(path, e))
}

fn io_read(path: &Path, e: io::Error) -> FileError {
    if e.kind() == io::ErrorKind::NotFound {
        FileError::NotFound {
            path: path.to_path_buf(),
        }
    } else {
        FileError::Read {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

/// Reads the bytes of a project file (`path` names it in errors); also returns the
/// `recovery_of` path of a recovery file.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Project, Option<PathBuf>), FileError> {
    let p = || path.to_path_buf();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty { path: p() });
    }
    let mut root: Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            FileError::Truncated {
                path: p(),
                line: e.line(),
            }
        } else {
            FileError::NotJson {
                path: p(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            }
        }
    })?;
    let version = check_header(&root, path)?;
    migrate(&mut root, version).map_err(|message| FileError::Invalid { path: p(), message })?;
    let recovery_of = root
        .get("recovery_of")
        .and_then(Value::as_str)
        .map(PathBuf::from);
    let body = match root.get_mut("project") {
        Some(b) => b.take(),
        None => {
            return Err(FileError::Invalid {
                path: p(),
                message: "no \"project\" object".into(),
            });
        }
    };
    let project: Project = serde_json::from_value(body).map_err(|e| FileError::Invalid {
        path: p(),
        message: e.to_string(),
    })?;
    validate(&project).map_err(|message| FileError::Invalid { path: p(), message })?;
    Ok((project, recovery_of))
}

/// The version of a project file's JSON, after checking it is one.
fn check_header(root: &Value, path: &Path) -> Result<u64, FileError> {
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(FileError::NotAProject {
            path: path.to_path_buf(),
        });
    }
    let v = root.get("version");
    match v.and_then(Value::as_u64) {
        Some(n) if n > VERSION => Err(FileError::TooNew {
            path: path.to_path_buf(),
            found: n,
            supported: VERSION,
        }),
        Some(n) if n >= 1 => Ok(n),
        _ => Err(FileError::BadVersion {
            path: path.to_path_buf(),
            found: v.map_or("(missing)".to_string(), Value::to_string),
        }),
    }
}

/// One step of the migration chain: upgrades the JSON of version `n` (its index + 1) to
/// `n + 1`.
type Migration = fn(&mut Value) -> Result<(), String>;

/// The steps from each version to the next: `MIGRATIONS[0]` takes 1 to 2.
pub const MIGRATIONS: [Migration; (VERSION - 1) as usize] = [v1_to_v2];

fn migrate(root: &mut Value, from: u64) -> Result<(), String> {
    for (i, step) in MIGRATIONS.iter().enumerate() {
        let v = i as u64 + 1;
        if v >= from {
            step(root).map_err(|e| format!("upgrading from version {v}: {e}"))?;
        }
    }
    if let Some(o) = root.as_object_mut() {
        o.insert("version".into(), Value::from(VERSION));
    }
    Ok(())
}

/// Version 1 → 2. New fields have serde defaults; what needs work is `via`: in version 1
/// an event came from one document, so its attributed (non-document) sources are cited
/// through the document of its evidence.
fn v1_to_v2(root: &mut Value) -> Result<(), String> {
    let Some(project) = root.get_mut("project") else {
        return Err("no \"project\" object".into());
    };
    let document_sources: Vec<u64> = project
        .get("sources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|s| s.get("doc").is_some_and(|d| !d.is_null()))
                .filter_map(|s| s.get("id").and_then(Value::as_u64))
                .collect()
        })
        .unwrap_or_default();
    let Some(events) = project.get_mut("events").and_then(Value::as_array_mut) else {
        return Ok(());
    };
    for e in events {
        let mut docs: Vec<u64> = e
            .get("evidence")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get("doc").and_then(Value::as_u64))
                    .collect()
            })
            .unwrap_or_default();
        docs.sort_unstable();
        docs.dedup();
        let [doc] = docs[..] else { continue };
        let Some(sources) = e.get_mut("sources").and_then(Value::as_array_mut) else {
            continue;
        };
        for s in sources {
            let id = s.get("source").and_then(Value::as_u64);
            if let (Some(id), Some(o)) = (id, s.as_object_mut())
                && !document_sources.contains(&id)
                && !o.contains_key("via")
            {
                o.insert("via".into(), Value::from(doc));
            }
        }
    }
    Ok(())
}

/// Checks that every id is unique and every reference and offset points somewhere, so the
/// rest of the app can index without fear.
pub fn validate(p: &Project) -> Result<(), String> {
    fn unique(what: &str, ids: impl Iterator<Item = u32>) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                return Err(format!("two {what} have the id {id}"));
            }
        }
        Ok(())
    }
    unique("places", p.places.iter().map(|x| x.id))?;
    unique("mentions", p.mentions.iter().map(|x| x.id))?;
    unique("events", p.events.iter().map(|x| x.id))?;
    unique("sources", p.sources.iter().map(|x| x.id))?;
    unique("drawings", p.drawings.iter().map(|x| x.id))?;
    unique("categories", p.categories.iter().map(|x| x.id))?;
    for (i, d) in p.documents.iter().enumerate() {
        if sha256_hex(&d.text) != d.sha256 {
            return Err(format!(
                "document {i} ({:?}): its text does not match its sha256 (edited by hand?)",
                d.id
            ));
        }
    }
    let span = |what: String, doc: u32, start: usize, end: usize| -> Result<(), String> {
        let Some(d) = p.documents.get(doc as usize) else {
            return Err(format!("{what}: there is no document {doc}"));
        };
        if start > end
            || end > d.text.len()
            || !d.text.is_char_boundary(start)
            || !d.text.is_char_boundary(end)
        {
            return Err(format!(
                "{what}: bytes {start}..{end} are not a span of document {doc}'s text"
            ));
        }
        Ok(())
    };
    let place = |what: String, id: u32| -> Result<(), String> {
        match p.place(id) {
            Some(_) => Ok(()),
            None => Err(format!("{what}: there is no place {id}")),
        }
    };
    for pl in &p.places {
        if !(pl.point.lat.is_finite() && pl.point.lon.is_finite()) {
            return Err(format!("place {}: its coordinates are not numbers", pl.id));
        }
        if let Some(c) = pl.category
            && !p.categories.iter().any(|x| x.id == c)
        {
            return Err(format!("place {}: there is no category {c}", pl.id));
        }
    }
    for m in &p.mentions {
        span(format!("mention {}", m.id), m.doc, m.start, m.end)?;
        if let Some(id) = m.place {
            place(format!("mention {}", m.id), id)?;
        }
    }
    for s in &p.sources {
        if let Some(d) = s.doc
            && d as usize >= p.documents.len()
        {
            return Err(format!("source {}: there is no document {d}", s.id));
        }
    }
    for e in &p.events {
        for &id in &e.places {
            place(format!("event {}", e.id), id)?;
        }
        for ev in &e.evidence {
            span(format!("event {}", e.id), ev.doc, ev.start, ev.end)?;
        }
        for s in &e.sources {
            if !p.sources.iter().any(|x| x.id == s.source) {
                return Err(format!("event {}: there is no source {}", e.id, s.source));
            }
        }
    }
    for d in &p.drawings {
        let anchors: Vec<super::Anchor> = match &d.shape {
            super::Shape::Arrow { from, to } => vec![*from, *to],
            super::Shape::Callout { at, .. } => vec![*at],
            _ => Vec::new(),
        };
        for a in anchors {
            if let super::Anchor::Place(id) = a {
                place(format!("drawing {}", d.id), id)?;
            }
        }
        for &e in &d.events {
            if !p.events.iter().any(|x| x.id == e) {
                return Err(format!("drawing {}: there is no event {e}", d.id));
            }
        }
    }
    Ok(())
}

/// Removes the temporary file unless the write succeeded, also when unwinding.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// Writes a file so that it is either the old one or the complete new one: `write` fills a
/// temporary file in the same folder, which is synced to disk and renamed over `path`. If
/// `write` fails (or panics), `path` is untouched and the temporary file removed. A
/// symbolic link is followed, so the link stays a link.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), FileError> {
    let err = |source: io::Error| FileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(err)?,
        _ => path.to_path_buf(),
    };
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(err(io::Error::other("not a file name")));
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(err)?;
    let mut guard = TempGuard(Some(tmp.clone()));
    let mut w = BufWriter::new(file);
    write(&mut w).map_err(err)?;
    let file = w.into_inner().map_err(|e| err(e.into_error()))?;
    file.sync_all().map_err(err)?;
    drop(file);
    // Keep the permissions of the file being replaced.
    if let Ok(m) = fs::metadata(&target) {
        let _ = fs::set_permissions(&tmp, m.permissions());
    }
    fs::rename(&tmp, &target).map_err(err)?;
    guard.0 = None;
    // Make the rename itself durable (not possible, nor needed, on every platform).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What changed about a document's original file since it was added to the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskState {
    /// The file now reads as a different text (so the stored offsets may not fit it).
    Changed,
    /// The file is gone.
    Missing,
    /// The file is there but cannot be read as an article.
    Unreadable(String),
}

/// A document whose original file no longer matches the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentChange {
    /// Index of the document in the project.
    pub doc: u32,
    /// The file as looked for.
    pub path: PathBuf,
    pub state: DiskState,
}

/// The documents whose original file has changed, is gone or cannot be read; documents
/// without a path (pasted text) are skipped. A relative path is looked for next to the
/// project file first, then from the current folder. The file is read again as an article
/// and its normalized text's sha256 compared with the stored one, so a change that does
/// not alter the text (line endings, a BOM) is not reported.
pub fn changed_on_disk(project: &Project, project_path: Option<&Path>) -> Vec<DocumentChange> {
    let base = project_path.and_then(Path::parent);
    let mut out = Vec::new();
    for (i, d) in project.documents.iter().enumerate() {
        let Some(path) = &d.path else { continue };
        let path = match base {
            Some(b) if path.is_relative() && b.join(path).exists() => b.join(path),
            _ => path.clone(),
        };
        let state = match document::read_file(&path) {
            Ok(now) if now.sha256 == d.sha256 => continue,
            Ok(_) => DiskState::Changed,
            Err(_) if !path.exists() => DiskState::Missing,
            Err(e) => DiskState::Unreadable(e.to_string()),
        };
        out.push(DocumentChange {
            doc: i as u32,
            path,
            state,
        });
    }
    out
}

/// Autosaved copies of projects, in one folder.
#[derive(Debug, Clone)]
pub struct Recovery {
    dir: PathBuf,
    session: String,
}

/// A recovery file found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryFile {
    pub path: PathBuf,
    /// The project it is a copy of, or `None` for a project never saved.
    pub project: Option<PathBuf>,
    pub modified: SystemTime,
    /// True when the project file is older than this copy, or gone: the copy holds work
    /// the project file lacks.
    pub newer_than_project: bool,
}

impl Recovery {
    /// Recovery files in `dir` (created when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Recovery {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Recovery {
            dir: dir.into(),
            session: format!("{}-{started}", std::process::id()),
        }
    }

    /// The user's recovery folder: `$XDG_STATE_HOME/dateline/recovery`, else
    /// `$HOME/.local/state/dateline/recovery` (`%LOCALAPPDATA%` on Windows).
    pub fn user_default() -> Result<Recovery, FileError> {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let state = var("XDG_STATE_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".local").join("state")))
            .or_else(|| var("LOCALAPPDATA"))
            .ok_or(FileError::NoStateDir)?;
        Ok(Recovery::new(state.join("dateline").join("recovery")))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the recovery copy of the project at `project` (or of this session's unsaved
    /// project) goes: `<name>-<hash of the absolute path>.dateline` or
    /// `untitled-<session>.dateline`.
    pub fn path_for(&self, project: Option<&Path>) -> PathBuf {
        match project {
            Some(p) => {
                let abs = absolute(p);
                let hash = sha256_hex(&abs.to_string_lossy());
                let stem = abs
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "project".into());
                let stem: String = stem
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .take(60)
                    .collect();
                self.dir.join(format!("{stem}-{}.{EXTENSION}", &hash[..16]))
            }
            None => self
                .dir
                .join(format!("untitled-{}.{EXTENSION}", self.session)),
        }
    }

    /// Writes the recovery copy of `project` (saved at `project_path`, if it ever was);
    /// returns where.
    pub fn write(
        &self,
        project: &Project,
        project_path: Option<&Path>,
    ) -> Result<PathBuf, FileError> {
        fs::create_dir_all(&self.dir).map_err(|source| FileError::Write {
            path: self.dir.clone(),
            source,
        })?;
        let path = self.path_for(project_path);
        let of = project_path.map(absolute);
        write_atomically(&path, |w| write_json(w, project, of.as_deref()))?;
        Ok(path)
    }

    /// Every recovery file in the folder, newest first. Files that are not recovery files
    /// are skipped.
    pub fn list(&self) -> Result<Vec<RecoveryFile>, FileError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(FileError::Read {
                    path: self.dir.clone(),
                    source,
                });
            }
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if !is_project_path(&path) {
                continue;
            }
            let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
                continue;
            };
            let Some(project) = recovery_header(&path) else {
                continue;
            };
            let newer_than_project = match &project {
                Some(p) => fs::metadata(p)
                    .and_then(|m| m.modified())
                    .map_or(true, |t| modified > t),
                None => true,
            };
            out.push(RecoveryFile {
                path,
                project,
                modified,
                newer_than_project,
            });
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.modified));
        Ok(out)
    }

    /// The recovery copy of the project at `project_path` when it is newer than the project
    /// file (after a crash), else `None`.
    pub fn find_for(&self, project_path: &Path) -> Option<RecoveryFile> {
        let path = self.path_for(Some(project_path));
        let abs = absolute(project_path);
        self.list()
            .ok()?
            .into_iter()
            .find(|r| r.path == path && r.project.as_deref() == Some(abs.as_path()))
            .filter(|r| r.newer_than_project)
    }

    /// Reads a recovery file: the project, and the path of the project it is a copy of.
    pub fn load(path: &Path) -> Result<(Project, Option<PathBuf>), FileError> {
        let bytes = read_bounded(path)?;
        from_bytes(&bytes, path)
    }

    /// Removes the recovery copy of the project at `project_path` (or of this session's
    /// unsaved project): after a save, on a clean exit, or when the user declines it.
    pub fn discard(&self, project_path: Option<&Path>) -> Result<(), FileError> {
        Recovery::discard_file(&self.path_for(project_path))
    }

    /// Removes one recovery file; a file already gone is not an error.
    pub fn discard_file(path: &Path) -> Result<(), FileError> {
        match fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(FileError::Write {
                path: path.to_path_buf(),
                source,
            }),
        }
    }
}

/// The `recovery_of` of a recovery file (`Some(None)` for an unsaved project), or `None`
/// when the file is not a recovery file.
fn recovery_header(path: &Path) -> Option<Option<PathBuf>> {
    #[derive(Deserialize)]
    struct Header {
        format: String,
        #[serde(default)]
        recovery_of: Option<PathBuf>,
    }
    let file = File::open(path).ok()?;
    let h: Header = serde_json::from_reader(io::BufReader::new(file)).ok()?;
    (h.format == FORMAT).then_some(h.recovery_of)
}

fn absolute(p: &Path) -> PathBuf {
    fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_errors_are_told_apart() {
        let p = Path::new("x.dateline");
        let err = |s: &str| from_bytes(s.as_bytes(), p).unwrap_err();
        assert!(matches!(err("  \n"), FileError::Empty { .. }));
        assert!(matches!(
            err("{\"format\": \"dateline\", \"vers"),
            FileError::Truncated { .. }
        ));
        assert!(matches!(err("hello"), FileError::NotJson { .. }));
        assert!(matches!(err("[1, 2]"), FileError::NotAProject { .. }));
        assert!(matches!(
            err("{\"format\": \"geojson\"}"),
            FileError::NotAProject { .. }
        ));
        assert!(matches!(
            err("{\"format\": \"dateline\", \"version\": 99, \"project\": {}}"),
            FileError::TooNew { found: 99, .. }
        ));
        assert!(matches!(
            err("{\"format\": \"dateline\", \"version\": \"two\"}"),
            FileError::BadVersion { .. }
        ));
        assert!(matches!(
            err("{\"format\": \"dateline\", \"version\": 2}"),
            FileError::Invalid { .. }
        ));
        let msg = err("{\"format\": \"dateline\", \"version\": 3}").to_string();
        assert!(
            msg.starts_with("x.dateline: made by a newer Dateline"),
            "{msg}"
        );
    }

    #[test]
    fn bytes_round_trip() {
        let mut p = Project::new("fr");
        p.documents
            .push(document::from_text("a", "Bagdad.".into(), Some("fr")));
        let (back, of) = from_bytes(&to_bytes(&p), Path::new("mem")).unwrap();
        assert_eq!(back, p);
        assert_eq!(of, None);
    }

    #[test]
    fn dangling_references_are_refused() {
        let mut p = Project::new("fr");
        p.documents
            .push(document::from_text("a", "Bagdad.".into(), Some("fr")));
        p.mentions.push(super::super::Mention {
            id: 0,
            doc: 0,
            start: 0,
            end: 99,
            surface: "Bagdad".into(),
            place: None,
            confidence: 1.0,
            alternatives: Vec::new(),
            status: Default::default(),
        });
        let e = from_bytes(&to_bytes(&p), Path::new("m.dateline")).unwrap_err();
        assert!(e.to_string().contains("mention 0: bytes 0..99"), "{e}");
        p.mentions[0].end = 6;
        p.mentions[0].doc = 3;
        let e = from_bytes(&to_bytes(&p), Path::new("m.dateline")).unwrap_err();
        assert!(e.to_string().contains("no document 3"), "{e}");
        p.mentions[0].doc = 0;
        p.documents[0].text.push('!');
        let e = from_bytes(&to_bytes(&p), Path::new("m.dateline")).unwrap_err();
        assert!(e.to_string().contains("sha256"), "{e}");
    }
}
