//! HTML: the article's main text without the page around it, and its metadata.
//!
//! A news page is mostly not the article: navigation, a header and footer,
//! cookie banners, share buttons, "related articles", comments, advertising.
//! Extraction works in three passes over a simplified copy of the DOM that
//! html5ever builds (html5ever follows the browsers' error recovery, so
//! malformed pages give the same tree a browser would show):
//!
//! 1. **Pruning.** Elements that are never article prose are cut with their
//!    whole subtree: by tag (`script`, `style`, `nav`, `aside`, `footer`,
//!    `form`, `figure`, `iframe`...; `header` unless it is inside the
//!    `<article>` or `<main>`, where it holds the headline), by ARIA role (`navigation`,
//!    `banner`, `complementary`...), by being hidden (`hidden`,
//!    `aria-hidden="true"`, `display:none`), and by words in their `class` or
//!    `id` (`cookie`, `consent`, `share`, `related`, `newsletter`, `comments`,
//!    `lire-aussi`...). Class names lie more often than tags, so a class or a
//!    `<form>` never prunes an element that contains the `<article>`/`<main>`,
//!    nor one holding 1,500 characters of paragraph text (ASP.NET pages wrap the
//!    whole body in a `<form>`; WordPress themes put `has-sidebar` on `<body>`).
//! 2. **Choosing the container.** The page's own markup is trusted first:
//!    `[itemprop=articleBody]`, then the largest `<article>`, then `<main>`
//!    (or `role=main`). Otherwise (and to check that the semantic choice is not
//!    a teaser) a text-density score in the manner of Readability picks the
//!    block: every `<p>`/`<pre>` of at least 25 characters adds its length,
//!    scaled down by its share of link text, to its parent and half of it to
//!    its grandparent; a `<div>` holding text directly (old `<br>`-separated
//!    pages) scores for itself. The best container, scaled by its own link
//!    density, wins. It is then widened to its parent (but never to `<body>`,
//!    where the furniture that pruning missed lives) while that adds little
//!    text that is not links (a quarter more, or 200 characters: the headline
//!    and lede above the body), and its siblings with a comparable score, or
//!    long link-poor `<p>` siblings, are kept too. A semantic container is used unless it holds less than a
//!    quarter of the text the density choice found.
//! 3. **Rendering.** Block elements (`p`, headings, `li`, `blockquote`,
//!    `div`, table cells...) and `<br>` end a paragraph; inline text is joined
//!    with HTML's whitespace collapsing (ASCII whitespace only: a no-break space
//!    is a character of French typography and is kept). Paragraphs that are
//!    almost all link text ("Lire aussi : ..."), or only a boilerplate phrase
//!    ("Advertisement", "Partager"), are dropped, as are immediate repeats.
//!
//! **Paragraphs are separated by a blank line (`"\n\n"`)** and contain no
//! newline, so paragraph boundaries are unambiguous for the sentence splitter
//! and identical to the Markdown reader's output. Headings are paragraphs.
//! Figure captions are dropped with their figure: photo credits are not prose.
//!
//! Metadata comes from `<meta>` tags (Open Graph, `article:*`, Dublin Core),
//! `<title>`, `<h1>`, `<link rel=canonical>`, `<time>`, microdata and JSON-LD
//! (an object, an array, or a `@graph`, with `@id` references resolved);
//! JSON-LD that does not parse is ignored. When sources disagree the most
//! specific wins: `og:title` over the JSON-LD headline over `<h1>` over
//! `<title>` (which usually carries " - Outlet").

use std::collections::HashMap;

use scraper::Html;
use serde_json::Value;

use super::Metadata;
use super::date::PartialDate;
use super::lang::normalize_language_tag;
use super::markdown::collapse;

/// The result of reading an HTML page.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub(crate) meta: Metadata,
    pub(crate) text: String,
}

/// Extracts the main text and metadata of an HTML page. Never fails: a page
/// without article text gives an empty text.
pub(crate) fn extract(source: &str) -> Extracted {
    // html5ever does not fail on any input, but ego-tree has had panics on
    // unusual tree repairs; a parser bug must not take the application down.
    let dom = match std::panic::catch_unwind(|| Dom::parse(source)) {
        Ok(dom) => dom,
        Err(_) => return Extracted::default(),
    };
    let pruned = dom.prune();
    let meta = dom.metadata(&pruned);
    let roots = dom.main_roots(&pruned);
    let text = dom.render(&roots, &pruned).join("\n\n");
    Extracted { meta, text }
}

// ---------------------------------------------------------------------------
// A simplified DOM

#[derive(Debug)]
enum Kind {
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug)]
struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    kind: Kind,
}

/// The page as a flat arena in document order: a node's index is greater
/// than its parent's, so iterating in reverse visits children first.
struct Dom {
    nodes: Vec<Node>,
}

const ROOT: usize = 0;

impl Dom {
    fn parse(source: &str) -> Dom {
        let html = Html::parse_document(source);
        let mut nodes = vec![Node {
            parent: None,
            children: Vec::new(),
            kind: Kind::Element {
                tag: "#document".into(),
                attrs: Vec::new(),
            },
        }];
        // Iterative pre-order walk (pages can nest deeper than the stack
        // allows recursion), so arena order is document order.
        let mut stack = vec![(html.tree.root(), ROOT)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                scraper::Node::Element(el) => Some(Kind::Element {
                    tag: el.name().to_ascii_lowercase(),
                    attrs: el
                        .attrs()
                        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                        .collect(),
                }),
                scraper::Node::Text(t) => Some(Kind::Text(t.to_string())),
                scraper::Node::Fragment => Some(Kind::Element {
                    tag: "#fragment".into(),
                    attrs: Vec::new(),
                }),
                // The document node is the arena's root; comments, doctypes
                // and processing instructions are not content.
                _ => None,
            };
            let index = match kind {
                Some(kind) => {
                    let index = nodes.len();
                    nodes.push(Node {
                        parent: Some(parent),
                        children: Vec::new(),
                        kind,
                    });
                    nodes[parent].children.push(index);
                    index
                }
                None => parent,
            };
            for child in node.children().rev() {
                stack.push((child, index));
            }
        }
        Dom { nodes }
    }

    fn tag(&self, i: usize) -> &str {
        match &self.nodes[i].kind {
            Kind::Element { tag, .. } => tag,
            Kind::Text(_) => "",
        }
    }

    fn attr(&self, i: usize, name: &str) -> Option<&str> {
        match &self.nodes[i].kind {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            Kind::Text(_) => None,
        }
    }

    fn has_attr_token(&self, i: usize, name: &str, token: &str) -> bool {
        self.attr(i, name).is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(token))
        })
    }

    fn is_element(&self, i: usize) -> bool {
        matches!(self.nodes[i].kind, Kind::Element { .. })
    }

    /// All text in the subtree, whitespace-collapsed, ignoring pruned parts.
    fn text_of(&self, i: usize, pruned: &[bool]) -> String {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            if pruned[n] {
                continue;
            }
            match &self.nodes[n].kind {
                Kind::Text(t) => {
                    out.push_str(t);
                }
                Kind::Element { tag, .. } => {
                    if tag == "br" || is_block(tag) {
                        out.push(' ');
                    }
                    stack.extend(self.nodes[n].children.iter().rev());
                }
            }
        }
        collapse(&out)
    }

    /// The raw text of the subtree (for `<script>` and `<title>`).
    fn raw_text(&self, i: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => out.push_str(t),
                Kind::Element { .. } => stack.extend(self.nodes[n].children.iter().rev()),
            }
        }
        out
    }

    // -----------------------------------------------------------------------
    // Pass 1: pruning

    fn prune(&self) -> Vec<bool> {
        let n = self.nodes.len();
        // Bottom-up: does the subtree hold the page's declared main content,
        // and how much raw paragraph text does it hold?
        let mut marker = vec![false; n];
        let mut protected = vec![false; n];
        let mut p_text = vec![0usize; n];
        let mut own_len = vec![0usize; n];
        for i in (0..n).rev() {
            match &self.nodes[i].kind {
                Kind::Text(t) => own_len[i] = non_ws_len(t),
                Kind::Element { tag, .. } => {
                    if matches!(tag.as_str(), "script" | "style" | "template" | "noscript") {
                        own_len[i] = 0;
                    }
                    if tag == "p" {
                        p_text[i] = own_len[i];
                    }
                    if self.is_main_marker(i) {
                        marker[i] = true;
                        protected[i] = true;
                    }
                }
            }
            if let Some(p) = self.nodes[i].parent {
                own_len[p] += own_len[i];
                p_text[p] += p_text[i];
                protected[p] |= protected[i];
            }
        }
        // Top-down: an element is pruned with its whole subtree.
        let mut pruned = vec![false; n];
        let mut in_content = vec![false; n];
        for i in 0..n {
            let parent = self.nodes[i].parent;
            if let Some(p) = parent {
                if pruned[p] {
                    pruned[i] = true;
                    continue;
                }
                in_content[i] = in_content[p];
            }
            if !self.is_element(i) {
                continue;
            }
            let tag = self.tag(i);
            if marker[i] {
                in_content[i] = true;
            }
            pruned[i] = self.is_boilerplate(i, tag, protected[i], p_text[i], in_content[i]);
        }
        pruned
    }

    fn is_main_marker(&self, i: usize) -> bool {
        matches!(self.tag(i), "article" | "main")
            || self.has_attr_token(i, "itemprop", "articleBody")
            || self.has_attr_token(i, "role", "main")
    }

    fn is_boilerplate(
        &self,
        i: usize,
        tag: &str,
        protected: bool,
        p_text: usize,
        in_content: bool,
    ) -> bool {
        if matches!(tag, "html" | "body" | "#document") {
            return false;
        }
        if matches!(
            tag,
            "head"
                | "script"
                | "style"
                | "noscript"
                | "template"
                | "svg"
                | "math"
                | "canvas"
                | "iframe"
                | "frame"
                | "frameset"
                | "object"
                | "embed"
                | "applet"
                | "button"
                | "input"
                | "select"
                | "option"
                | "optgroup"
                | "textarea"
                | "datalist"
                | "output"
                | "dialog"
                | "video"
                | "audio"
                | "source"
                | "track"
                | "picture"
                | "img"
                | "map"
                | "area"
                | "figure"
                | "figcaption"
                | "title"
                | "meta"
                | "link"
                | "base"
        ) {
            return true;
        }
        if protected {
            return false;
        }
        let big = p_text >= 1500;
        match tag {
            "nav" | "aside" | "menu" | "footer" => return true,
            "header" if !in_content => return true,
            "form" if !big => return true,
            _ => {}
        }
        if self.attr(i, "hidden").is_some()
            || self
                .attr(i, "aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return true;
        }
        if let Some(style) = self.attr(i, "style") {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if style.contains("display:none") || style.contains("visibility:hidden") {
                return true;
            }
        }
        if let Some(role) = self.attr(i, "role") {
            let role = role.trim().to_ascii_lowercase();
            if matches!(
                role.as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "dialog"
                    | "alertdialog"
                    | "menu"
                    | "menubar"
                    | "toolbar"
            ) {
                return true;
            }
        }
        if big {
            return false;
        }
        let names = format!(
            "{} {}",
            self.attr(i, "class").unwrap_or(""),
            self.attr(i, "id").unwrap_or("")
        );
        is_boilerplate_name(&names)
    }

    // -----------------------------------------------------------------------
    // Pass 2: choosing the main container

    /// The subtrees holding the article, in document order.
    fn main_roots(&self, pruned: &[bool]) -> Vec<usize> {
        let n = self.nodes.len();
        let mut text_len = vec![0usize; n];
        let mut link_len = vec![0usize; n];
        // Text directly in an element or in its inline children.
        let mut inline_len = vec![0usize; n];
        let mut inline_link = vec![0usize; n];
        for i in (0..n).rev() {
            if pruned[i] {
                continue;
            }
            let inline_child;
            match &self.nodes[i].kind {
                Kind::Text(t) => {
                    text_len[i] = non_ws_len(t);
                    inline_child = true;
                }
                Kind::Element { tag, .. } => {
                    if tag == "a" {
                        link_len[i] = text_len[i];
                    }
                    inline_child = is_inline(tag);
                }
            }
            if let Some(p) = self.nodes[i].parent {
                text_len[p] += text_len[i];
                link_len[p] += link_len[i];
                if inline_child {
                    inline_len[p] += text_len[i];
                    inline_link[p] += link_len[i];
                }
            }
        }
        let density = |len: usize, links: usize| {
            if len == 0 {
                0.0
            } else {
                (links as f64 / len as f64).min(1.0)
            }
        };
        let mut score = vec![0f64; n];
        for i in 0..n {
            if pruned[i] || !self.is_element(i) {
                continue;
            }
            let tag = self.tag(i);
            let (len, links, to_self) = match tag {
                "p" | "pre" => (text_len[i], link_len[i], false),
                "div" | "section" | "td" | "article" | "main" | "body" | "blockquote"
                | "center" | "font" | "span" => (inline_len[i], inline_link[i], true),
                _ => continue,
            };
            if len < 25 {
                continue;
            }
            let weight = len as f64 * (1.0 - density(len, links));
            let parent = self.nodes[i].parent;
            let (first, second) = if to_self {
                (Some(i), parent)
            } else {
                (parent, parent.and_then(|p| self.nodes[p].parent))
            };
            if let Some(f) = first {
                score[f] += weight;
            }
            if let Some(s) = second {
                score[s] += weight / 2.0;
            }
        }
        for i in 0..n {
            score[i] *= 1.0 - density(text_len[i], link_len[i]);
        }
        let best = (0..n)
            .filter(|&i| !pruned[i] && self.is_element(i) && score[i] > 0.0)
            .fold(None, |best: Option<usize>, i| match best {
                Some(b) if score[b] >= score[i] => Some(b),
                _ => Some(i),
            });
        let density_roots = match best {
            Some(mut top) => {
                // Widen to the parent when it adds little: the headline and
                // byline above the body belong to the article.
                while let Some(p) = self.nodes[top].parent {
                    // The body holds the page furniture that pruning missed.
                    if p == ROOT || matches!(self.tag(p), "html" | "body") {
                        break;
                    }
                    let extra = text_len[p].saturating_sub(text_len[top]);
                    let extra_links = link_len[p].saturating_sub(link_len[top]);
                    let small = extra * 4 <= text_len[top] || extra <= 200;
                    if small && extra_links * 2 <= extra.max(1) {
                        top = p;
                    } else {
                        break;
                    }
                }
                self.with_siblings(top, pruned, &score, &text_len, &link_len)
            }
            None => vec![ROOT],
        };
        let density_len: usize = density_roots.iter().map(|&r| text_len[r]).sum();

        // The page's own markup, if it agrees well enough.
        let largest = |pred: &dyn Fn(usize) -> bool| {
            (0..n)
                .filter(|&i| !pruned[i] && self.is_element(i) && pred(i))
                .max_by_key(|&i| (text_len[i], std::cmp::Reverse(i)))
        };
        let semantic = [
            largest(&|i| self.has_attr_token(i, "itemprop", "articleBody")),
            largest(&|i| self.tag(i) == "article"),
            largest(&|i| self.tag(i) == "main" || self.has_attr_token(i, "role", "main")),
        ];
        for candidate in semantic.into_iter().flatten() {
            let len = text_len[candidate];
            if len >= 80 && len * 4 >= density_len {
                return vec![candidate];
            }
        }
        density_roots
    }

    fn with_siblings(
        &self,
        top: usize,
        pruned: &[bool],
        score: &[f64],
        text_len: &[usize],
        link_len: &[usize],
    ) -> Vec<usize> {
        let Some(parent) = self.nodes[top].parent else {
            return vec![top];
        };
        if parent == ROOT {
            return vec![top];
        }
        let threshold = (score[top] * 0.2).max(10.0);
        let mut roots = Vec::new();
        for &s in &self.nodes[parent].children {
            if s == top {
                roots.push(s);
                continue;
            }
            if pruned[s] || !self.is_element(s) {
                continue;
            }
            let links = if text_len[s] == 0 {
                1.0
            } else {
                link_len[s] as f64 / text_len[s] as f64
            };
            let keep = score[s] >= threshold
                || (self.tag(s) == "p"
                    && ((text_len[s] >= 80 && links < 0.25)
                        || (text_len[s] > 0 && links == 0.0 && {
                            let t = self.text_of(s, pruned);
                            t.ends_with(['.', '!', '?', '»', '"', '”'])
                        })));
            if keep {
                roots.push(s);
            }
        }
        roots
    }

    // -----------------------------------------------------------------------
    // Pass 3: rendering paragraphs

    fn render(&self, roots: &[usize], pruned: &[bool]) -> Vec<String> {
        let mut r = Renderer::default();
        for &root in roots {
            // (node, leaving?)
            let mut stack = vec![(root, false)];
            while let Some((i, leaving)) = stack.pop() {
                if leaving {
                    let tag = self.tag(i);
                    if tag == "a" {
                        r.in_link = r.in_link.saturating_sub(1);
                    }
                    if is_block(tag) {
                        r.flush();
                    }
                    continue;
                }
                if pruned[i] {
                    continue;
                }
                match &self.nodes[i].kind {
                    Kind::Text(t) => r.push_text(t),
                    Kind::Element { tag, .. } => {
                        if tag == "br" || tag == "hr" {
                            r.flush();
                            continue;
                        }
                        if is_block(tag) {
                            r.flush();
                        }
                        if tag == "a" {
                            r.in_link += 1;
                        }
                        stack.push((i, true));
                        stack.extend(self.nodes[i].children.iter().rev().map(|&c| (c, false)));
                    }
                }
            }
            r.flush();
        }
        r.paragraphs
    }

    // -----------------------------------------------------------------------
    // Metadata

    fn metadata(&self, pruned: &[bool]) -> Metadata {
        let mut m = Candidates::default();
        for i in 0..self.nodes.len() {
            if !self.is_element(i) {
                continue;
            }
            let tag = self.tag(i);
            match tag {
                "html" => {
                    if let Some(l) = self.attr(i, "lang").or(self.attr(i, "xml:lang")) {
                        m.lang_html.get_or_insert(l.to_string());
                    }
                }
                "meta" => self.meta_tag(i, &mut m),
                "title" if m.title_tag.is_none() => {
                    let t = collapse(&self.raw_text(i));
                    if !t.is_empty() {
                        m.title_tag = Some(t);
                    }
                }
                "h1" if m.title_h1.is_none() && !pruned[i] => {
                    let t = self.text_of(i, pruned);
                    if !t.is_empty() {
                        m.title_h1 = Some(t);
                    }
                }
                "link" => {
                    let href = self
                        .attr(i, "href")
                        .map(str::trim)
                        .filter(|h| !h.is_empty());
                    if let Some(href) = href
                        && self.has_attr_token(i, "rel", "canonical")
                    {
                        m.url_canonical.get_or_insert(href.to_string());
                    }
                }
                "time" => {
                    let date = self
                        .attr(i, "datetime")
                        .and_then(PartialDate::parse)
                        .or_else(|| PartialDate::parse(&self.text_of(i, pruned)));
                    if let Some(date) = date {
                        if self.attr(i, "pubdate").is_some()
                            || self.has_attr_token(i, "itemprop", "datePublished")
                        {
                            m.date_time_pub.get_or_insert(date);
                        } else if !pruned[i] {
                            m.date_time_any.get_or_insert(date);
                        }
                    }
                }
                "script" => {
                    let is_ld = self.attr(i, "type").is_some_and(|t| {
                        t.trim()
                            .to_ascii_lowercase()
                            .starts_with("application/ld+json")
                    });
                    if is_ld {
                        m.json_ld.push(self.raw_text(i));
                    }
                }
                _ => {}
            }
            if tag != "meta" && tag != "time" {
                if self.has_attr_token(i, "itemprop", "datePublished") {
                    let date = self
                        .attr(i, "content")
                        .and_then(PartialDate::parse)
                        .or_else(|| PartialDate::parse(&self.text_of(i, pruned)));
                    if let Some(date) = date {
                        m.date_itemprop.get_or_insert(date);
                    }
                }
                if self.has_attr_token(i, "itemprop", "author") && m.author_itemprop.is_none() {
                    let name = self
                        .find_descendant(i, |d| self.has_attr_token(d, "itemprop", "name"))
                        .map(|d| {
                            self.attr(d, "content")
                                .map(collapse)
                                .unwrap_or_else(|| self.text_of(d, pruned))
                        })
                        .unwrap_or_else(|| self.text_of(i, pruned));
                    if !name.is_empty() {
                        m.author_itemprop = Some(name);
                    }
                }
                if (tag == "a" || tag == "span") && self.has_attr_token(i, "rel", "author") {
                    let t = self.text_of(i, pruned);
                    if !t.is_empty() {
                        m.author_rel.get_or_insert(t);
                    }
                }
            }
        }
        m.resolve()
    }

    /// The first descendant of `i` (in document order) matching `pred`.
    fn find_descendant(&self, i: usize, pred: impl Fn(usize) -> bool) -> Option<usize> {
        let mut stack: Vec<usize> = self.nodes[i].children.iter().rev().copied().collect();
        while let Some(d) = stack.pop() {
            if pred(d) {
                return Some(d);
            }
            stack.extend(self.nodes[d].children.iter().rev());
        }
        None
    }

    fn meta_tag(&self, i: usize, m: &mut Candidates) {
        let Some(content) = self.attr(i, "content").map(collapse) else {
            return;
        };
        if content.is_empty() {
            return;
        }
        let keys = ["property", "name", "itemprop", "http-equiv"];
        for key in keys {
            let Some(name) = self.attr(i, key) else {
                continue;
            };
            let name = name.trim().to_ascii_lowercase();
            let c = content.clone();
            match name.as_str() {
                "og:title" => set(&mut m.title_og, c),
                "twitter:title" => set(&mut m.title_twitter, c),
                "headline" => set(&mut m.title_itemprop, c),
                "og:site_name" => set(&mut m.outlet_og, c),
                "application-name" => set(&mut m.outlet_app, c),
                "og:url" => set(&mut m.url_og, c),
                "og:locale" => set(&mut m.lang_og, c),
                "content-language" | "language" | "dc.language" | "dcterms.language" => {
                    set(&mut m.lang_meta, c)
                }
                "article:published_time" | "og:article:published_time" | "article:published" => {
                    if m.date_article.is_none() {
                        m.date_article = PartialDate::parse(&c);
                    }
                }
                "datepublished" => {
                    if m.date_itemprop.is_none() {
                        m.date_itemprop = PartialDate::parse(&c);
                    }
                }
                "date" | "pubdate" | "publishdate" | "publish-date" | "publish_date"
                | "publication_date" | "dc.date" | "dc.date.issued" | "dc.date.created"
                | "dcterms.date" | "dcterms.issued" | "dcterms.created" | "sailthru.date"
                | "parsely-pub-date" | "date.release" => {
                    if m.date_meta.is_none() {
                        m.date_meta = PartialDate::parse(&c);
                    }
                }
                "author" | "dc.creator" | "dcterms.creator" | "byl" | "sailthru.author"
                | "parsely-author" => set(&mut m.author_meta, c),
                "article:author" if !looks_like_url(&c) => set(&mut m.author_article, c),
                _ => continue,
            }
            return;
        }
    }
}

fn set(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

fn non_ws_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "#document"
            | "#fragment"
    )
}

fn is_inline(tag: &str) -> bool {
    !is_block(tag) && tag != "br"
}

/// Words in `class`/`id` values that mark page furniture. Matched against
/// whole words (split at punctuation and camelCase humps), so "shared" or
/// "header" do not match "share" or "ad".
const BOILERPLATE_WORDS: &[&str] = &[
    "abonnement",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "advert",
    "advertisement",
    "advertising",
    "axeptio",
    "bio",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "cmp",
    "comment",
    "commentaires",
    "comments",
    "consent",
    "cookie",
    "cookiebot",
    "cookies",
    "credit",
    "credits",
    "didomi",
    "disqus",
    "footer",
    "gdpr",
    "hidden",
    "masthead",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "newsletters",
    "onetrust",
    "outbrain",
    "pager",
    "pagination",
    "partage",
    "partager",
    "paywall",
    "pied",
    "popup",
    "promo",
    "promotion",
    "pub",
    "publicite",
    "recommendations",
    "recommended",
    "related",
    "share",
    "sharebar",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "tarteaucitron",
    "toolbar",
    "usercentrics",
    "widget",
    "widgets",
];

/// Multi-word markers, matched on the lowercased class/id string.
const BOILERPLATE_PHRASES: &[&str] = &[
    "read-more",
    "readmore",
    "most-read",
    "mostread",
    "most-popular",
    "also-read",
    "lire-aussi",
    "a-lire",
    "voir-aussi",
    "articles-lies",
    "meme-sujet",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "skip-link",
];

fn is_boilerplate_name(names: &str) -> bool {
    if names.trim().is_empty() {
        return false;
    }
    let lower = names.to_ascii_lowercase();
    if BOILERPLATE_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    class_words(names).any(|w| BOILERPLATE_WORDS.binary_search(&w.as_str()).is_ok())
}

/// Splits class/id values into lowercase words at punctuation and at
/// camelCase humps: "shareButtons c-related_list" -> share buttons c related list.
fn class_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let mut words = Vec::new();
            let mut cur = String::new();
            let mut prev_lower = false;
            for c in w.chars() {
                if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                cur.push(c.to_ascii_lowercase());
            }
            if !cur.is_empty() {
                words.push(cur);
            }
            words
        })
}

/// Paragraph texts equal to one of these (case-insensitive, without a final
/// colon) are page furniture.
const BOILERPLATE_PARAGRAPHS: &[&str] = &[
    "advertisement",
    "publicité",
    "pub",
    "annonce",
    "sponsored",
    "sponsorisé",
    "share",
    "partager",
    "paywall",
    "share this article",
    "partager cet article",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "read more",
    "read also",
    "also read",
    "see also",
    "voir aussi",
    "related",
    "related articles",
    "articles liés",
    "sur le même sujet",
    "subscribe",
    "abonnez-vous",
    "lire la suite",
    "continue reading",
];

/// Paragraphs starting with one of these and made mostly of a link are
/// "read also" teasers.
const TEASER_PREFIXES: &[&str] = &[
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "lire également",
    "voir aussi",
    "sur le même sujet",
    "read more",
    "read also",
    "also read",
    "see also",
    "related",
];

#[derive(Default)]
struct Renderer {
    paragraphs: Vec<String>,
    buf: String,
    pending_space: bool,
    in_link: usize,
    chars: usize,
    link_chars: usize,
}

impl Renderer {
    fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_ascii_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.buf.is_empty() {
                self.buf.push(' ');
            }
            self.pending_space = false;
            self.buf.push(c);
            if !c.is_whitespace() {
                self.chars += 1;
                if self.in_link > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn flush(&mut self) {
        let text = self.buf.trim_matches(char::is_whitespace).to_string();
        let (chars, links) = (self.chars, self.link_chars);
        self.buf.clear();
        self.pending_space = false;
        self.chars = 0;
        self.link_chars = 0;
        if text.is_empty() || is_boilerplate_paragraph(&text, chars, links) {
            return;
        }
        if self.paragraphs.last() == Some(&text) {
            return;
        }
        self.paragraphs.push(text);
    }
}

fn is_boilerplate_paragraph(text: &str, chars: usize, links: usize) -> bool {
    let density = if chars == 0 {
        0.0
    } else {
        links as f64 / chars as f64
    };
    if density >= 0.8 {
        return true;
    }
    let lower = text.to_lowercase();
    let bare = lower
        .trim_end_matches(|c: char| c == ':' || c.is_whitespace())
        .trim_end_matches(['»', '›', '→']);
    if BOILERPLATE_PARAGRAPHS.contains(&bare.trim()) {
        return true;
    }
    density >= 0.3 && TEASER_PREFIXES.iter().any(|p| lower.starts_with(p))
}

// ---------------------------------------------------------------------------
// Metadata candidates and JSON-LD

#[derive(Default)]
struct Candidates {
    title_og: Option<String>,
    title_twitter: Option<String>,
    title_itemprop: Option<String>,
    title_tag: Option<String>,
    title_h1: Option<String>,
    outlet_og: Option<String>,
    outlet_app: Option<String>,
    url_canonical: Option<String>,
    url_og: Option<String>,
    lang_html: Option<String>,
    lang_og: Option<String>,
    lang_meta: Option<String>,
    date_article: Option<PartialDate>,
    date_itemprop: Option<PartialDate>,
    date_meta: Option<PartialDate>,
    date_time_pub: Option<PartialDate>,
    date_time_any: Option<PartialDate>,
    author_meta: Option<String>,
    author_article: Option<String>,
    author_itemprop: Option<String>,
    author_rel: Option<String>,
    json_ld: Vec<String>,
}

impl Candidates {
    fn resolve(self) -> Metadata {
        let ld = JsonLd::from_scripts(&self.json_ld);
        let outlet = self.outlet_og.or(ld.publisher).or(self.outlet_app);
        let title_tag = self
            .title_tag
            .map(|t| strip_outlet_from_title(&t, outlet.as_deref()));
        let title = self
            .title_og
            .or(ld.headline)
            .or(self.title_itemprop)
            .or(self.title_twitter)
            .or(self.title_h1)
            .or(title_tag);
        let published = self
            .date_article
            .or(ld.date_published)
            .or(self.date_itemprop)
            .or(self.date_time_pub)
            .or(self.date_meta)
            .or(self.date_time_any);
        let author = self
            .author_meta
            .or(ld.author)
            .or(self.author_article)
            .or(self.author_itemprop)
            .or(self.author_rel)
            .map(|a| clean_author(&a))
            .filter(|a| !a.is_empty());
        let url = self.url_canonical.or(self.url_og).or(ld.url);
        let lang = [self.lang_html, self.lang_og, self.lang_meta, ld.in_language]
            .into_iter()
            .flatten()
            .find_map(|l| normalize_language_tag(&l));
        Metadata {
            title: title.filter(|t| !t.is_empty()),
            outlet: outlet.filter(|t| !t.is_empty()),
            author,
            published,
            url: url.filter(|t| !t.is_empty()),
            lang,
        }
    }
}

/// "Title - Outlet", "Title | Outlet", "Outlet : Title" -> "Title".
fn strip_outlet_from_title(title: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet.map(str::trim).filter(|o| !o.is_empty()) else {
        return title.to_string();
    };
    for sep in [" - ", " | ", " – ", " — ", " : ", " · ", " :: "] {
        let rest = title
            .strip_suffix(outlet)
            .and_then(|t| t.strip_suffix(sep))
            .or_else(|| title.strip_prefix(outlet).and_then(|t| t.strip_prefix(sep)));
        if let Some(rest) = rest
            && !rest.trim().is_empty()
        {
            return rest.trim().to_string();
        }
    }
    title.to_string()
}

/// Removes a "By"/"Par" prefix from a byline.
fn clean_author(a: &str) -> String {
    let a = collapse(a);
    for prefix in ["by ", "par ", "By ", "BY ", "Par ", "PAR "] {
        if let Some(rest) = a.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    a
}

/// What JSON-LD says about the article.
#[derive(Default, Debug)]
struct JsonLd {
    headline: Option<String>,
    date_published: Option<PartialDate>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    in_language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

impl JsonLd {
    fn from_scripts(scripts: &[String]) -> JsonLd {
        let mut items: Vec<Value> = Vec::new();
        for s in scripts {
            let s = s.trim();
            let s = s.strip_prefix("<!--").unwrap_or(s);
            let s = s.strip_suffix("-->").unwrap_or(s);
            let s = s.trim().trim_end_matches(';');
            // Malformed JSON-LD is common; it is ignored.
            if let Ok(v) = serde_json::from_str::<Value>(s) {
                flatten(v, &mut items, 0);
            }
        }
        let ids: HashMap<&str, &Value> = items
            .iter()
            .filter_map(|v| Some((v.get("@id")?.as_str()?, v)))
            .collect();
        let article = items
            .iter()
            .find(|v| has_type(v, ARTICLE_TYPES))
            .or_else(|| items.iter().find(|v| v.get("headline").is_some()));
        let mut ld = JsonLd::default();
        if let Some(a) = article {
            ld.headline = string_field(a, "headline").or_else(|| string_field(a, "name"));
            ld.date_published = string_field(a, "datePublished")
                .as_deref()
                .and_then(PartialDate::parse);
            ld.author = a.get("author").and_then(|v| names(v, &ids));
            ld.publisher = a.get("publisher").and_then(|v| names(v, &ids));
            ld.url = string_field(a, "url").or_else(|| match a.get("mainEntityOfPage") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(v) => string_field(v, "@id").or_else(|| string_field(v, "url")),
                None => None,
            });
            ld.in_language = match a.get("inLanguage") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(v) => string_field(v, "alternateName"),
                None => None,
            };
        }
        if ld.publisher.is_none() {
            ld.publisher = items
                .iter()
                .find(|v| has_type(v, &["WebSite"]))
                .and_then(|v| string_field(v, "name"));
        }
        ld
    }
}

/// Collects the items of a JSON-LD value: arrays and `@graph`s are opened.
fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                flatten(item, out, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            if map.keys().any(|k| k != "@context") {
                out.push(Value::Object(map));
            }
        }
        _ => {}
    }
}

fn has_type(v: &Value, types: &[&str]) -> bool {
    let matches = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        types.contains(&t)
    };
    match v.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

fn string_field(v: &Value, key: &str) -> Option<String> {
    let s = match v.get(key)? {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().find_map(Value::as_str)?.to_string(),
        _ => return None,
    };
    let s = collapse(&decode_entities(&s));
    (!s.is_empty()).then_some(s)
}

/// The name(s) of a person/organisation value: a string, an object with a
/// `name`, an `@id` reference, or an array of those; joined with ", ".
fn names(v: &Value, ids: &HashMap<&str, &Value>) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut one = |v: &Value| {
        let name = match v {
            Value::String(s) if !looks_like_url(s) => Some(collapse(&decode_entities(s))),
            Value::Object(_) => string_field(v, "name").or_else(|| {
                let id = v.get("@id")?.as_str()?;
                string_field(ids.get(id)?, "name")
            }),
            _ => None,
        };
        if let Some(name) = name.filter(|n| !n.is_empty())
            && !out.contains(&name)
        {
            out.push(name);
        }
    };
    match v {
        Value::Array(items) => items.iter().for_each(&mut one),
        v => one(v),
    }
    (!out.is_empty()).then(|| out.join(", "))
}

/// Decodes the few entities that CMSs double-encode into JSON-LD.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&rsquo;", "’")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        extract(html).text
    }

    #[test]
    fn boilerplate_words_are_sorted_for_binary_search() {
        let mut sorted = BOILERPLATE_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, BOILERPLATE_WORDS);
    }

    #[test]
    fn class_words_split_at_humps_and_punctuation() {
        let words: Vec<String> = class_words("shareButtons c-related_list HTMLBox").collect();
        assert_eq!(
            words,
            ["share", "buttons", "c", "related", "list", "htmlbox"]
        );
        assert!(is_boilerplate_name("cookie-banner"));
        assert!(is_boilerplate_name("js-shareTools"));
        assert!(is_boilerplate_name("bloc-lire-aussi"));
        assert!(!is_boilerplate_name("article-header"));
        assert!(!is_boilerplate_name("shared-content headline"));
        assert!(!is_boilerplate_name("lead"));
    }

    #[test]
    fn paragraphs_headings_entities_whitespace() {
        let t = text(
            "<body><article><h1>Le  titre</h1><p>Un   premier\n paragraphe &amp; des \
             <b>mots</b>, <i>é</i>t&eacute;.</p><p>Deux&nbsp;: « oui ».<br>Trois.</p>\
             <ul><li>Point un</li><li>Point deux</li></ul></article></body>",
        );
        assert_eq!(
            t,
            "Le titre\n\nUn premier paragraphe & des mots, été.\n\nDeux\u{a0}: « oui ».\n\n\
             Trois.\n\nPoint un\n\nPoint deux"
        );
    }

    #[test]
    fn prunes_page_furniture() {
        let t = text(
            "<body><header><a href=/>Site</a></header><nav><a>Monde</a></nav>\
             <div class=cookie-banner><p>Nous utilisons des cookies pour améliorer votre expérience.</p></div>\
             <main><p>Le texte de l'article est ici, assez long pour compter.</p>\
             <div class=share-tools><p>Partager sur les réseaux sociaux</p></div>\
             <p>Lire aussi : <a href=x>Un autre article sur un autre sujet</a></p>\
             <p>Publicité</p><script>var x = 'Le texte';</script><style>p{}</style>\
             <!-- un commentaire --><p hidden>caché</p><p style='display: none'>caché</p>\
             <figure><img src=a.jpg><figcaption>Photo AFP</figcaption></figure>\
             <p>Fin de l'article.</p></main><aside><p>Les plus lus du jour sur le site</p></aside>\
             <footer><p>© Le Journal</p></footer></body>",
        );
        assert_eq!(
            t,
            "Le texte de l'article est ici, assez long pour compter.\n\nFin de l'article."
        );
    }

    #[test]
    fn consent_platforms_and_headers_in_main() {
        let t = text(
            "<body><div id=onetrust-banner-sdk><p>Nous respectons votre vie privée et \
             utilisons des traceurs.</p></div><div id=didomi-host><p>Accepter et fermer \
             la fenêtre de consentement</p></div><main><header><h1>Titre</h1></header>\
             <p>Le corps de l'article, assez long pour compter comme un paragraphe.</p>\
             </main></body>",
        );
        assert_eq!(
            t,
            "Titre\n\nLe corps de l'article, assez long pour compter comme un paragraphe."
        );
    }

    #[test]
    fn density_picks_the_body_and_its_headline() {
        let para = "Une phrase assez longue pour peser dans le calcul de densité du texte. ";
        let html = format!(
            "<body><div id=top><ul><li><a href=1>Accueil</a></li><li><a href=2>Monde</a></li></ul></div>\
             <div class=wrap><div class=story><h2>Le titre de l'histoire</h2>\
             <div class=txt><p>{p}{p}</p><p>{p}</p><p>{p}{p}{p}</p></div></div>\
             <div class=teasers><p><a href=a>Un autre article sans rapport avec celui-ci</a></p>\
             <p><a href=b>Encore un autre article sans rapport du tout</a></p></div></div></body>",
            p = para
        );
        let t = text(&html);
        assert!(t.starts_with("Le titre de l'histoire\n\nUne phrase"), "{t}");
        assert!(
            !t.contains("Accueil") && !t.contains("Un autre article"),
            "{t}"
        );
        assert_eq!(t.matches("\n\n").count(), 3, "{t}");
    }

    #[test]
    fn br_separated_text_without_paragraphs() {
        let t = text(
            "<body><table><tr><td><a href=/>Home</a> | <a href=/b>Blog</a></td></tr>\
             <tr><td>Premier paragraphe du texte, sans balise p du tout.<br><br>\
             Second paragraphe, toujours dans la même cellule.</td></tr></table></body>",
        );
        assert_eq!(
            t,
            "Premier paragraphe du texte, sans balise p du tout.\n\n\
             Second paragraphe, toujours dans la même cellule."
        );
    }

    #[test]
    fn largest_article_wins_over_teasers() {
        let t = text(
            "<body><article><p>Court extrait d'un autre article.</p></article>\
             <article><h1>Vrai titre</h1><p>Le vrai article, bien plus long que le teaser voisin, \
             avec plusieurs phrases. Et encore une phrase pour faire bonne mesure.</p></article></body>",
        );
        assert!(t.starts_with("Vrai titre\n\nLe vrai article"), "{t}");
        assert!(!t.contains("Court extrait"));
    }

    #[test]
    fn form_wrapping_the_page_is_not_pruned() {
        let p = "Texte de l'article dans une page ASP.NET qui enveloppe tout dans un formulaire. ";
        let html = format!(
            "<body><form id=aspnetForm><div id=content><p>{}</p></div>\
             <input type=hidden value=x></form></body>",
            p.repeat(25)
        );
        assert!(text(&html).starts_with("Texte de l'article"));
    }

    #[test]
    fn metadata_sources_and_priorities() {
        let html = r#"<html lang="en-GB"><head>
            <title>Storm hits coast - The Daily Example</title>
            <meta property="og:site_name" content="The Daily Example">
            <meta name="author" content="By Jane Roe">
            <meta name="DC.date" content="2021-03-04">
            <link rel="canonical" href="https://example.org/storm">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "datePublished":"2021-03-05T08:00:00Z","author":[{"@type":"Person","name":"Jane Roe"},
              {"@type":"Person","name":"John Doe"}]}</script>
            <script type="application/ld+json">{ not json</script>
            </head><body><p>Some text.</p></body></html>"#;
        let m = extract(html).meta;
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
        assert_eq!(m.published, PartialDate::ymd(2021, 3, 5));
        assert_eq!(m.url.as_deref(), Some("https://example.org/storm"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn metadata_fallbacks() {
        let html = r#"<html><head><meta property="og:locale" content="fr_FR">
            <meta http-equiv="content-language" content="de"></head>
            <body><header><h1>Le Site</h1></header><article><h1>Titre de l'article</h1>
            <time datetime="2019-11-02T10:00">2 novembre</time>
            <p>Par <a rel="author" href="/a">Paul Martin</a></p></article></body></html>"#;
        let m = extract(html).meta;
        assert_eq!(m.title.as_deref(), Some("Titre de l'article"));
        assert_eq!(m.published, PartialDate::ymd(2019, 11, 2));
        assert_eq!(m.author.as_deref(), Some("Paul Martin"));
        assert_eq!(m.lang.as_deref(), Some("fr"));
        assert_eq!(m.outlet, None);
        assert_eq!(m.url, None);
    }

    #[test]
    fn json_ld_graph_array_and_references() {
        let scripts = vec![
            r##"[{"@type":"WebSite","name":"Site"},{"@graph":[
                {"@type":"Organization","@id":"#org","name":"L&#039;Écho &amp; Cie"},
                {"@type":["NewsArticle"],"headline":"Un titre","datePublished":"2020-01-08",
                 "author":{"@id":"#p"},"publisher":{"@id":"#org"},
                 "mainEntityOfPage":{"@id":"https://ex.org/a"},"inLanguage":"fr-FR"},
                {"@type":"Person","@id":"#p","name":"Anne Dupont"}]}]"##
                .to_string(),
        ];
        let ld = JsonLd::from_scripts(&scripts);
        assert_eq!(ld.headline.as_deref(), Some("Un titre"));
        assert_eq!(ld.date_published, PartialDate::ymd(2020, 1, 8));
        assert_eq!(ld.author.as_deref(), Some("Anne Dupont"));
        assert_eq!(ld.publisher.as_deref(), Some("L'Écho & Cie"));
        assert_eq!(ld.url.as_deref(), Some("https://ex.org/a"));
        assert_eq!(ld.in_language.as_deref(), Some("fr-FR"));
        // Deeply nested or broken JSON is ignored, not a crash.
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let ld = JsonLd::from_scripts(&[deep, "{\"@type\":".into(), "null".into()]);
        assert!(ld.headline.is_none());
    }

    #[test]
    fn title_outlet_suffix() {
        assert_eq!(strip_outlet_from_title("A - B", Some("B")), "A");
        assert_eq!(strip_outlet_from_title("B | A", Some("B")), "A");
        assert_eq!(strip_outlet_from_title("A - B", None), "A - B");
        assert_eq!(strip_outlet_from_title("B", Some("B")), "B");
    }

    #[test]
    fn malformed_and_pathological_pages_do_not_panic() {
        for html in [
            "",
            "<",
            "<p>",
            "</p></div></body>",
            "<html><body><p>Un <b>texte <i>mal</b> fermé</i> ici.<p>Et un autre",
            "<table><p>x<tr><td>y</table>",
            "<a><table><a><p>z</a></table>",
            "<!-- jamais fermé",
            "<script>never closed",
            "<body hidden><p>Caché ?</p></body>",
            "<svg><p>in svg</p></svg><math><mi>x</mi></math>",
            "<template><p>t</p></template><frameset><frame></frameset>",
            "<b><font><p>a<table><font><tr><td>b</font></table></b>",
        ] {
            let _ = extract(html);
        }
        // html5ever is quadratic in nesting depth; 10,000 levels is enough to
        // show that nothing here recurses.
        let deep = "<div>".repeat(10_000) + "texte" + &"</div>".repeat(10_000);
        let _ = extract(&deep);
        let nested_inline = "<b><i><u>".repeat(20_000) + "x";
        let _ = extract(&nested_inline);
    }

    #[test]
    fn malformed_page_still_gives_text() {
        let t =
            text("<html><body><p>Un <b>texte <i>mal</b> fermé</i> ici.<p>Et un autre paragraphe");
        assert_eq!(t, "Un texte mal fermé ici.\n\nEt un autre paragraphe");
    }
}
