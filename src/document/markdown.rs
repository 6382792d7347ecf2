//! Markdown: front matter for the metadata, and the body reduced to prose.
//!
//! Later stages point into the text with character offsets and show it to the
//! user, so the text must read as prose, not as markup. This is not a full
//! CommonMark renderer (a crate such as pulldown-cmark would be, and would pull
//! in an HTML round trip); it is a line-based reduction that handles what
//! articles written in Markdown actually contain:
//!
//! * headings (`#` and underlined), paragraphs, block quotes and list items
//!   each become one paragraph; soft-wrapped lines are joined with a space;
//! * `[text](url)`, `[text][ref]` and `<https://autolinks>` keep their text,
//!   images (`![alt](src)`), footnote markers and link definitions disappear;
//! * emphasis markers (`*`, `_`, `**`, `~~`) and inline-code backticks are
//!   removed, keeping the words; `_` inside a word (`snake_case`) and a lone
//!   `*` between spaces (`3 * 4`) are left alone, as CommonMark does;
//! * fenced code blocks are dropped: they are not article prose, and a
//!   geoparser finds nothing but noise in them;
//! * inline HTML tags and comments are removed, common entities decoded;
//! * table rows become one paragraph each, cells separated by `", "`.
//!
//! Front matter is the YAML-style block between two `---` lines at the very
//! start. Only flat `key: value` pairs are read (quoted or not, plus simple
//! lists), which is all article front matter uses; no YAML crate is needed. A
//! block whose lines are not all `key: value` pairs is not front matter and is
//! kept as text.

use std::collections::HashSet;

use super::Metadata;
use super::date::PartialDate;
use super::lang::normalize_language_tag;

/// The result of reading a Markdown document.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub(crate) meta: Metadata,
    pub(crate) text: String,
}

/// Reads Markdown source (already decoded and with `\n` line endings).
pub(crate) fn extract(source: &str) -> Extracted {
    let (pairs, body) = split_front_matter(source);
    let mut meta = front_matter_metadata(&pairs);
    let (blocks, first_heading) = body_blocks(body);
    if meta.title.is_none() {
        meta.title = first_heading;
    }
    Extracted {
        meta,
        text: blocks.join("\n\n"),
    }
}

// ---------------------------------------------------------------------------
// Front matter

/// Splits off a leading front matter block; returns its `key: value` pairs
/// (keys lowercased, lists joined with ", ") and the rest of the source.
fn split_front_matter(source: &str) -> (Vec<(String, String)>, &str) {
    let mut lines = source.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (Vec::new(), source);
    };
    if first.trim_end() != "---" {
        return (Vec::new(), source);
    }
    let mut offset = first.len();
    let mut block = Vec::new();
    let mut end = None;
    for line in lines {
        offset += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            end = Some(offset);
            break;
        }
        block.push(t);
    }
    let Some(end) = end else {
        return (Vec::new(), source);
    };
    match parse_pairs(&block) {
        Some(pairs) => (pairs, &source[end..]),
        None => (Vec::new(), source),
    }
}

/// Parses flat YAML-ish pairs; `None` if a line is not of a known shape.
fn parse_pairs(lines: &[&str]) -> Option<Vec<(String, String)>> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    // Items of a block list or lines of a block scalar under the last key.
    let mut pending: Vec<String> = Vec::new();
    let mut pending_kind = ' ';
    let finish = |pairs: &mut Vec<(String, String)>, pending: &mut Vec<String>, kind: char| {
        if let Some(last) = pairs.last_mut()
            && last.1.is_empty()
            && !pending.is_empty()
        {
            last.1 = pending.join(if kind == '-' { ", " } else { " " });
        }
        pending.clear();
    };
    for line in lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if let Some(item) = t
            .strip_prefix("- ")
            .or(if t == "-" { Some("") } else { None })
        {
            if pairs.is_empty() {
                return None;
            }
            pending_kind = '-';
            let item = unquote(item);
            if !item.is_empty() {
                pending.push(item);
            }
            continue;
        }
        if indented && !pairs.is_empty() {
            // A continuation: a block scalar line, or a nested mapping we
            // do not read (e.g. `author:\n  name: X`).
            let value = match t.split_once(':') {
                Some((k, v)) if is_key(k) && k.trim() == "name" => unquote(v),
                Some((k, _)) if is_key(k) => continue,
                _ => t.to_string(),
            };
            if pending_kind == '-' && !pending.is_empty() {
                continue;
            }
            pending_kind = '|';
            pending.push(value);
            continue;
        }
        let (key, value) = t.split_once(':')?;
        if !is_key(key) {
            return None;
        }
        finish(&mut pairs, &mut pending, pending_kind);
        pending_kind = ' ';
        let value = value.trim();
        let value = if matches!(value, "|" | ">" | "|-" | ">-" | "|+" | ">+") {
            String::new()
        } else if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            list.split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            unquote(value)
        };
        pairs.push((key.trim().to_ascii_lowercase().replace('-', "_"), value));
    }
    finish(&mut pairs, &mut pending, pending_kind);
    Some(pairs)
}

fn is_key(k: &str) -> bool {
    let k = k.trim();
    !k.is_empty()
        && k.len() <= 64
        && k.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

/// Removes YAML quotes (and a trailing ` # comment` from a plain value).
fn unquote(v: &str) -> String {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return out,
                '\\' => match chars.next() {
                    Some('n') => out.push(' '),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => {}
                },
                c => out.push(c),
            }
        }
        return out;
    }
    if let Some(inner) = v.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return out;
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    match v.find(" #") {
        Some(i) => v[..i].trim_end().to_string(),
        None => v.to_string(),
    }
}

fn front_matter_metadata(pairs: &[(String, String)]) -> Metadata {
    let mut meta = Metadata::default();
    let mut source_url = None;
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        };
        match key.as_str() {
            "title" | "headline" => set(&mut meta.title),
            "date" | "published" | "published_at" | "publication_date" | "pubdate"
            | "date_published" | "datepublished"
                if meta.published.is_none() =>
            {
                meta.published = PartialDate::parse(value);
            }
            "author" | "authors" | "byline" | "by" | "creator" => set(&mut meta.author),
            "outlet" | "source" | "publisher" | "site_name" | "publication" => {
                if is_url(value) {
                    source_url.get_or_insert_with(|| value.to_string());
                } else {
                    set(&mut meta.outlet);
                }
            }
            "url" | "link" | "canonical" | "canonical_url" | "source_url" | "permalink" => {
                set(&mut meta.url)
            }
            "lang" | "language" | "locale" if meta.lang.is_none() => {
                meta.lang = normalize_language_tag(value);
            }
            _ => {}
        }
    }
    if meta.url.is_none() {
        meta.url = source_url;
    }
    meta
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

// ---------------------------------------------------------------------------
// Body

/// Reduces the body to paragraphs; also returns the text of a level-1 heading
/// if it is the first block.
fn body_blocks(body: &str) -> (Vec<String>, Option<String>) {
    let body = remove_html_comments(body);
    let refs = reference_labels(&body);
    let mut b = Blocks {
        refs,
        out: Vec::new(),
        cur: Vec::new(),
        cur_is_item: false,
        first_heading: None,
    };
    let mut fence: Option<(char, usize)> = None;
    for raw in body.lines() {
        if let Some((ch, len)) = fence {
            let t = raw.trim();
            if t.len() >= len && t.chars().all(|c| c == ch) {
                fence = None;
            }
            continue;
        }
        let mut t = raw.trim();
        // Block quotes are containers: strip their markers and read on.
        let mut quoted = false;
        while let Some(rest) = t.strip_prefix('>') {
            t = rest.trim_start();
            quoted = true;
        }
        if t.is_empty() {
            b.flush();
            continue;
        }
        if let Some(f) = fence_start(t) {
            b.flush();
            fence = Some(f);
            continue;
        }
        if let Some((level, text)) = atx_heading(t) {
            b.flush();
            b.heading(level, text);
            continue;
        }
        if !quoted && !b.cur.is_empty() && is_setext_underline(t) {
            let level = if t.starts_with('=') { 1 } else { 2 };
            let text = b.cur.join(" ");
            b.cur.clear();
            b.heading(level, &text);
            continue;
        }
        if is_thematic_break(t) {
            b.flush();
            continue;
        }
        if is_reference_definition(t) {
            b.flush();
            continue;
        }
        if let Some(rest) = footnote_definition(t) {
            b.flush();
            b.cur.push(rest.to_string());
            continue;
        }
        if let Some(rest) = list_item(t, b.cur.is_empty() || b.cur_is_item) {
            b.flush();
            b.cur.push(strip_task_box(rest).to_string());
            b.cur_is_item = true;
            continue;
        }
        if t.starts_with('|') {
            b.flush();
            b.table_row(t);
            continue;
        }
        // A hard line break (two trailing spaces or a backslash) reads as a
        // space in prose.
        let t = t.strip_suffix('\\').unwrap_or(t);
        b.cur.push(t.to_string());
    }
    b.flush();
    (b.out, b.first_heading)
}

struct Blocks {
    refs: HashSet<String>,
    out: Vec<String>,
    cur: Vec<String>,
    /// The current paragraph is a list item, so the next item may interrupt it.
    cur_is_item: bool,
    first_heading: Option<String>,
}

impl Blocks {
    fn flush(&mut self) {
        self.cur_is_item = false;
        if self.cur.is_empty() {
            return;
        }
        let joined = self.cur.join(" ");
        self.cur.clear();
        self.push(&joined);
    }

    fn push(&mut self, source: &str) -> bool {
        let text = collapse(&strip_inline(source, &self.refs));
        if text.is_empty() {
            return false;
        }
        self.out.push(text);
        true
    }

    fn heading(&mut self, level: usize, source: &str) {
        let was_first = self.out.is_empty();
        if self.push(source) && was_first && level == 1 {
            self.first_heading = self.out.last().cloned();
        }
    }

    fn table_row(&mut self, row: &str) {
        let cells = split_cells(row);
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            return; // the |---|:---:| delimiter row
        }
        let cells: Vec<String> = cells
            .iter()
            .map(|c| collapse(&strip_inline(c, &self.refs)))
            .filter(|c| !c.is_empty())
            .collect();
        if !cells.is_empty() {
            self.out.push(cells.join(", "));
        }
    }
}

fn split_cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row
        .strip_suffix('|')
        .filter(|r| !r.ends_with('\\'))
        .unwrap_or(row);
    let mut cells = vec![String::new()];
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                if let Some(cell) = cells.last_mut() {
                    cell.push('|');
                }
            }
            '|' => cells.push(String::new()),
            c => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn remove_html_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("<!--") {
        let Some(len) = rest[start + 4..].find("-->") else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + 4 + len + 3..];
    }
    out.push_str(rest);
    out
}

/// Labels of `[label]: destination` definitions, lowercased.
fn reference_labels(body: &str) -> HashSet<String> {
    body.lines()
        .filter_map(|l| {
            let t = l.trim();
            if !is_reference_definition(t) {
                return None;
            }
            let end = t.find("]:")?;
            Some(normalize_label(&t[1..end]))
        })
        .collect()
}

fn normalize_label(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_reference_definition(t: &str) -> bool {
    if !t.starts_with('[') || t.starts_with("[^") {
        return false;
    }
    match t.find("]:") {
        Some(end) => end > 1 && !t[end + 2..].trim().is_empty() && !t[1..end].contains(']'),
        None => false,
    }
}

fn footnote_definition(t: &str) -> Option<&str> {
    let rest = t.strip_prefix("[^")?;
    let end = rest.find("]:")?;
    if end == 0 || rest[..end].contains([']', ' ']) {
        return None;
    }
    Some(rest[end + 2..].trim())
}

fn fence_start(t: &str) -> Option<(char, usize)> {
    let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    // A backtick fence's info string cannot contain backticks.
    if ch == '`' && t[len..].contains('`') {
        return None;
    }
    Some((ch, len))
}

fn atx_heading(t: &str) -> Option<(usize, &str)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim();
    // An optional closing sequence of #s, preceded by a space.
    let trimmed = text.trim_end_matches('#');
    if trimmed.is_empty() {
        text = "";
    } else if trimmed.len() < text.len() && trimmed.ends_with([' ', '\t']) {
        text = trimmed.trim_end();
    }
    Some((level, text))
}

fn is_setext_underline(t: &str) -> bool {
    let t = t.trim_end();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

fn is_thematic_break(t: &str) -> bool {
    let Some(ch) = t.chars().next().filter(|c| matches!(c, '*' | '-' | '_')) else {
        return false;
    };
    let mut count = 0;
    for c in t.chars() {
        if c == ch {
            count += 1;
        } else if c != ' ' && c != '\t' {
            return false;
        }
    }
    count >= 3
}

/// The text of a list item without its marker. An ordered item can start a
/// block inside a paragraph only when it is numbered 1 (as in CommonMark), so
/// that a wrapped line starting with "2020. " stays prose.
fn list_item(t: &str, at_block_start: bool) -> Option<&str> {
    for marker in ["- ", "* ", "+ ", "-\t", "*\t", "+\t"] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest.trim_start());
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix(['.', ')'])?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    if !at_block_start && &t[..digits] != "1" {
        return None;
    }
    Some(rest.trim_start())
}

fn strip_task_box(t: &str) -> &str {
    for b in ["[ ] ", "[x] ", "[X] "] {
        if let Some(rest) = t.strip_prefix(b) {
            return rest;
        }
    }
    t
}

/// Collapses runs of ASCII whitespace to one space and trims. Non-breaking
/// spaces are characters of the text (French typography) and are kept.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out.trim_matches(char::is_whitespace).to_string()
}

// ---------------------------------------------------------------------------
// Inline syntax

/// How far (in characters) to look for the end of an inline construct. Links,
/// code spans and tags are short; the bound keeps a paragraph of ten thousand
/// unmatched `[` or `<` linear instead of quadratic.
const LOOKAHEAD: usize = 2048;

/// `chars[from..]`, at most [`LOOKAHEAD`] long.
fn window(chars: &[char], from: usize) -> &[char] {
    let from = from.min(chars.len());
    &chars[from..chars.len().min(from + LOOKAHEAD)]
}

/// Removes inline Markdown syntax from one paragraph, keeping its words.
fn strip_inline(s: &str, refs: &HashSet<String>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    strip_inline_into(&chars, refs, &mut out, 0);
    out
}

fn strip_inline_into(chars: &[char], refs: &HashSet<String>, out: &mut String, depth: usize) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some(&n) if n.is_ascii_punctuation() => {
                        out.push(n);
                        i += 2;
                    }
                    Some(_) => {
                        out.push('\\');
                        i += 1;
                    }
                    None => i += 1, // a hard line break
                }
                continue;
            }
            '`' => {
                let n = run_len(chars, i, '`');
                if let Some(close) = find_run(chars, i + n, '`', n) {
                    let code: String = chars[i + n..close].iter().collect();
                    out.push_str(
                        code.strip_prefix(' ')
                            .and_then(|c| c.strip_suffix(' '))
                            .unwrap_or(&code),
                    );
                    i = close + n;
                } else {
                    out.extend(&chars[i..i + n]);
                    i += n;
                }
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some(end) = link_end(chars, i + 1, refs, true) {
                    i = end; // images are dropped, alt text and all
                    continue;
                }
            }
            '[' => {
                if chars.get(i + 1) == Some(&'^')
                    && let Some(close) = window(chars, i).iter().position(|&c| c == ']')
                {
                    let label = &chars[i + 2..i + close];
                    if !label.is_empty() && !label.iter().any(|c| c.is_whitespace()) {
                        i += close + 1; // a footnote marker
                        continue;
                    }
                }
                if let Some(close) = matching_bracket(chars, i)
                    && let Some(end) = link_end(chars, i, refs, false)
                {
                    if depth < 8 {
                        strip_inline_into(&chars[i + 1..close], refs, out, depth + 1);
                    } else {
                        out.extend(&chars[i + 1..close]);
                    }
                    i = end;
                    continue;
                }
            }
            '<' => {
                if let Some(end) = window(chars, i).iter().position(|&c| c == '>') {
                    let inner: String = chars[i + 1..i + end].iter().collect();
                    if is_autolink(&inner) {
                        out.push_str(&inner);
                        i += end + 1;
                        continue;
                    }
                    if let Some(name) = html_tag_name(&inner) {
                        if matches!(
                            name.as_str(),
                            "br" | "p"
                                | "div"
                                | "li"
                                | "tr"
                                | "td"
                                | "th"
                                | "hr"
                                | "h1"
                                | "h2"
                                | "h3"
                                | "h4"
                                | "h5"
                                | "h6"
                                | "blockquote"
                        ) {
                            out.push(' ');
                        }
                        i += end + 1;
                        continue;
                    }
                }
            }
            '&' => {
                if let Some((decoded, len)) = decode_entity(&chars[i..]) {
                    out.push(decoded);
                    i += len;
                    continue;
                }
            }
            '*' | '_' => {
                let n = run_len(chars, i, c);
                let before = if i == 0 { None } else { Some(chars[i - 1]) };
                let after = chars.get(i + n).copied();
                let left = flanking(before, after);
                let right = flanking(after, before);
                let delimiter = if c == '_' {
                    // `_` inside a word (snake_case, al_Asad) is a letter.
                    (left || right) && !(left && right && is_alnum(before) && is_alnum(after))
                } else {
                    left || right
                };
                if !delimiter {
                    out.extend(&chars[i..i + n]);
                }
                i += n;
                continue;
            }
            '~' => {
                let n = run_len(chars, i, '~');
                let before = if i == 0 { None } else { Some(chars[i - 1]) };
                let after = chars.get(i + n).copied();
                // `~~strike~~` loses its markers; `~300` stays.
                if !(n == 2 && (flanking(before, after) || flanking(after, before))) {
                    out.extend(&chars[i..i + n]);
                }
                i += n;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// CommonMark's left-flanking test (right-flanking with the arguments
/// swapped): the delimiter run is not followed by whitespace, and if it is
/// followed by punctuation it is preceded by whitespace or punctuation.
fn flanking(before: Option<char>, after: Option<char>) -> bool {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || is_unicode_punct(c));
    !ws(after) && (!punct(after) || ws(before) || punct(before))
}

fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '¡' | '¿' | '·'
    )
}

fn run_len(chars: &[char], i: usize, c: char) -> usize {
    chars[i..].iter().take_while(|&&x| x == c).count()
}

/// The start of the next run of exactly `n` `c`s at or after `from`.
fn find_run(chars: &[char], from: usize, c: char, n: usize) -> Option<usize> {
    let mut i = from;
    let end = chars.len().min(from.saturating_add(LOOKAHEAD));
    while i < end {
        if chars[i] == c {
            let len = run_len(chars, i, c);
            if len == n {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// The index of the `]` matching the `[` at `open`.
fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let end = chars.len().min(open.saturating_add(LOOKAHEAD));
    while i < end {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// If a link (or, with `image`, anything bracketed followed by a destination)
/// starts at `open`, returns the index just after it: `[text](dest "title")`,
/// `[text][ref]`, `[text][]`, or `[text]` when `text` is a defined reference.
fn link_end(chars: &[char], open: usize, refs: &HashSet<String>, image: bool) -> Option<usize> {
    let close = matching_bracket(chars, open)?;
    let label = || normalize_label(&chars[open + 1..close].iter().collect::<String>());
    match chars.get(close + 1) {
        Some('(') => {
            let mut depth = 0usize;
            let mut i = close + 1;
            let end = chars.len().min(i.saturating_add(LOOKAHEAD));
            while i < end {
                match chars[i] {
                    '\\' => i += 1,
                    '(' => depth += 1,
                    ')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        Some('[') => {
            let end = close + 1 + window(chars, close + 1).iter().position(|&c| c == ']')?;
            let inner: String = chars[close + 2..end].iter().collect();
            let known = if inner.trim().is_empty() {
                refs.contains(&label())
            } else {
                refs.contains(&normalize_label(&inner))
            };
            (known || image).then_some(end + 1)
        }
        _ => (refs.contains(&label())).then_some(close + 1),
    }
}

fn is_autolink(inner: &str) -> bool {
    if inner.contains(char::is_whitespace) || inner.is_empty() {
        return false;
    }
    let scheme_ok = inner.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let email = inner.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.')
    });
    scheme_ok || email
}

/// The lowercase tag name if `inner` (between `<` and `>`) looks like an HTML
/// tag: `p`, `/em`, `br/`, `a href="..."`, `!DOCTYPE html`.
fn html_tag_name(inner: &str) -> Option<String> {
    let s = inner.strip_prefix('/').unwrap_or(inner);
    if let Some(rest) = s.strip_prefix('!') {
        return rest
            .starts_with(|c: char| c.is_ascii_alphabetic())
            .then(|| "!".to_string());
    }
    let name: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &s[name.len()..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\n', '/'])) {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

/// Decodes `&name;`, `&#NNN;` or `&#xHH;` at the start of `chars`; returns
/// the character and the length consumed.
fn decode_entity(chars: &[char]) -> Option<(char, usize)> {
    let end = chars.iter().take(34).position(|&c| c == ';')?;
    let body: String = chars[1..end].iter().collect();
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        match char::from_u32(n) {
            Some('\0') | None => '\u{fffd}',
            Some(c) => c,
        }
    } else {
        named_entity(&body)?
    };
    Some((c, end + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "euro" => '€',
        "copy" => '©',
        "deg" => '°',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "ecirc" => 'ê',
        "oelig" => 'œ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(s: &str) -> String {
        collapse(&strip_inline(s, &HashSet::new()))
    }

    #[test]
    fn emphasis_and_code() {
        assert_eq!(inline("**Bagdad** est *calme*"), "Bagdad est calme");
        assert_eq!(inline("__gras__ et _italique_"), "gras et italique");
        assert_eq!(inline("la base ***Ain al-Asad***."), "la base Ain al-Asad.");
        assert_eq!(inline("snake_case and al_Asad"), "snake_case and al_Asad");
        assert_eq!(inline("3 * 4 = 12"), "3 * 4 = 12");
        assert_eq!(
            inline("~~faux~~ vrai, ~300 soldats"),
            "faux vrai, ~300 soldats"
        );
        assert_eq!(inline("the `Erbil` code"), "the Erbil code");
        assert_eq!(inline("``a ` b``"), "a ` b");
        assert_eq!(inline(r"\*not emphasis\*"), "*not emphasis*");
        assert_eq!(inline("«\u{a0}*Non*\u{a0}»"), "«\u{a0}Non\u{a0}»");
    }

    #[test]
    fn links_images_and_html() {
        assert_eq!(
            inline("Voir [le communiqué](https://ex.org/a_(b) \"t\") ici."),
            "Voir le communiqué ici."
        );
        assert_eq!(inline("![Carte](carte.png) Texte"), "Texte");
        assert_eq!(inline("A [*gras* lien](u) B"), "A gras lien B");
        assert_eq!(inline("Note[^1] fin."), "Note fin.");
        assert_eq!(inline("[sic] et [...]"), "[sic] et [...]");
        assert_eq!(
            inline("<https://example.org> et <a@b.fr>"),
            "https://example.org et a@b.fr"
        );
        assert_eq!(
            inline("<em>Paris</em>, France<br>ensuite"),
            "Paris, France ensuite"
        );
        assert_eq!(inline("a < b et c > d"), "a < b et c > d");
        assert_eq!(
            inline("Tom &amp; Jerry &#233;t&#xE9; &bogus; &"),
            "Tom & Jerry été &bogus; &"
        );
        let refs: HashSet<String> = ["ref".to_string()].into();
        assert_eq!(
            collapse(&strip_inline("[Un lien][ref], [Ref] et [autre][x]", &refs)),
            "Un lien, Ref et [autre][x]"
        );
    }

    #[test]
    fn blocks() {
        let md = "# Titre principal\n\nPremier paragraphe\nsur deux lignes.\n\n\
                  ## Section ##\n\n- un\n- deux\n  suite\n1. premier\n2. second\n\n\
                  > Citation\n> longue.\n\n```rust\nlet x = 1;\n```\n\n---\n\n\
                  Sous-titre\n----------\n\n| Ville | Pays |\n|---|:---:|\n| Erbil | Irak |\n\n\
                  [ref]: https://example.org\n\n[^1]: Une note.\n\nFin en 1984.\n2020. Suite.";
        let ex = extract(md);
        assert_eq!(ex.meta.title.as_deref(), Some("Titre principal"));
        assert_eq!(
            ex.text,
            "Titre principal\n\nPremier paragraphe sur deux lignes.\n\nSection\n\nun\n\n\
             deux suite\n\npremier\n\nsecond\n\nCitation longue.\n\nSous-titre\n\n\
             Ville, Pays\n\nErbil, Irak\n\nUne note.\n\nFin en 1984. 2020. Suite."
        );
    }

    #[test]
    fn front_matter() {
        let md = "---\ntitle: \"Un titre : avec deux-points\"\ndate: 2020-01-08T10:00:00+01:00\n\
                  author: 'Jeanne d''Arc'\nsource: La Gazette # comment\nlink: https://ex.org/a\n\
                  lang: fr-FR\ntags: [a, b]\n---\nCorps.";
        let ex = extract(md);
        assert_eq!(
            ex.meta.title.as_deref(),
            Some("Un titre : avec deux-points")
        );
        assert_eq!(ex.meta.published, PartialDate::ymd(2020, 1, 8));
        assert_eq!(ex.meta.author.as_deref(), Some("Jeanne d'Arc"));
        assert_eq!(ex.meta.outlet.as_deref(), Some("La Gazette"));
        assert_eq!(ex.meta.url.as_deref(), Some("https://ex.org/a"));
        assert_eq!(ex.meta.lang.as_deref(), Some("fr"));
        assert_eq!(ex.text, "Corps.");
    }

    #[test]
    fn front_matter_lists_and_non_front_matter() {
        let md = "---\nauthors:\n  - A. Martin\n  - \"B. Durand\"\npublisher: https://ex.org\n---\n\nTexte.";
        let ex = extract(md);
        assert_eq!(ex.meta.author.as_deref(), Some("A. Martin, B. Durand"));
        assert_eq!(ex.meta.outlet, None);
        assert_eq!(ex.meta.url.as_deref(), Some("https://ex.org"));
        // Not key/value lines: a thematic break, then prose.
        let ex = extract("---\nJuste du texte, pas de métadonnées.\n---\nSuite.");
        assert_eq!(ex.meta, Metadata::default());
        assert_eq!(ex.text, "Juste du texte, pas de métadonnées.\n\nSuite.");
        // Unclosed front matter is text.
        let ex = extract("---\ntitle: X\nPas fermé.");
        assert_eq!(ex.meta.title, None);
        assert_eq!(ex.text, "title: X Pas fermé.");
    }

    #[test]
    fn pathological_input_does_not_panic() {
        for s in [
            "",
            "[",
            "]",
            "[[[[[[",
            "![",
            "![x](",
            "`",
            "```",
            "<",
            "<!--",
            "&",
            "&#;",
            "&#xFFFFFFFF;",
            "* * *",
            "#",
            "######## x",
            "|",
            "||",
            "---",
            "---\n---",
            "> > >",
            "\\",
            "[^]: x",
            "[a]:",
            "1.",
            "1)",
            "~~",
            "_",
            "*_*_*_",
            "[]()",
            "[a](b",
            "<a",
            "&#0;",
        ] {
            let _ = extract(s);
        }
        let deep = "[".repeat(2000) + &"]".repeat(2000) + "(x)";
        let _ = extract(&deep);
        // Long paragraphs of unmatched openers (the look-ahead is bounded, so
        // this is linear; it would take minutes if it were quadratic).
        for opener in ["[", "<", "`", "[a](", "![", "&"] {
            let long = format!("{opener} mot ").repeat(30_000);
            assert!(extract(&long).text.contains("mot"));
        }
    }
}
