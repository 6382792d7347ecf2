//! Label placement: a greedy placer that never lets two labels overlap.
//!
//! Labels are offered in priority order (the user's pins first, then countries, seas and
//! basemap cities by rank). Each offer lists candidate positions, best first (right of a pin,
//! left, above, below, then the diagonals); the first position whose box stays on screen and
//! touches no box already taken wins, otherwise the label is dropped. Pins, map furniture and
//! placed labels all reserve their boxes. A uniform grid over the screen keeps each test to a
//! handful of boxes, so thousands of offers cost well under a millisecond.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::fonts::{self, TextMetrics};
use crate::map::display::{Anchor, Color, FontStyle, Item, Pt, Rect, Text};

/// What a measurement depends on besides the text: size bits, face, letter-spacing bits.
type MeasureKey = (u32, FontStyle, u32);

/// Measurements by [`MeasureKey`], then by text, with the number of texts held.
#[derive(Default)]
struct MeasureCache {
    by_key: HashMap<MeasureKey, HashMap<Box<str>, TextMetrics>>,
    len: usize,
}

thread_local! {
    /// Measurements of recent labels: a map redrawn every frame measures the same names
    /// again and again. Cleared when it grows past a few thousand entries.
    static MEASURED: RefCell<MeasureCache> = RefCell::new(MeasureCache::default());
}

/// [`fonts::measure`] through a per-thread cache.
pub fn measure(text: &str, size: f32, style: FontStyle, letter_spacing: f32) -> TextMetrics {
    MEASURED.with(|m| {
        let mut m = m.borrow_mut();
        let key = (size.to_bits(), style, letter_spacing.to_bits());
        if let Some(v) = m.by_key.get(&key).and_then(|texts| texts.get(text)) {
            return *v;
        }
        if m.len > 8192 {
            m.by_key.clear();
            m.len = 0;
        }
        let v = fonts::measure(text, size, style, letter_spacing);
        m.by_key.entry(key).or_default().insert(text.into(), v);
        m.len += 1;
        v
    })
}

/// Boxes already taken on screen.
pub struct Placer {
    bounds: Rect,
    cell: f32,
    cols: i32,
    rows: i32,
    grid: Vec<Vec<u32>>,
    boxes: Vec<Rect>,
}

impl Placer {
    /// A placer for a screen of this size; labels must stay `margin` pixels inside it.
    pub fn new(width: f32, height: f32, margin: f32) -> Placer {
        let cell = 64.0;
        let cols = ((width / cell).ceil() as i32).max(1);
        let rows = ((height / cell).ceil() as i32).max(1);
        Placer {
            bounds: Rect {
                min: Pt::new(margin, margin),
                max: Pt::new(width - margin, height - margin),
            },
            cell,
            cols,
            rows,
            grid: vec![Vec::new(); (cols * rows) as usize],
            boxes: Vec::new(),
        }
    }

    /// The grid cells a box touches: columns `c0..=c1`, rows `r0..=r1` (clamped to the grid).
    fn span(&self, r: &Rect) -> (i32, i32, i32, i32) {
        let c0 = ((r.min.x / self.cell).floor() as i32).clamp(0, self.cols - 1);
        let c1 = ((r.max.x / self.cell).floor() as i32).clamp(0, self.cols - 1);
        let r0 = ((r.min.y / self.cell).floor() as i32).clamp(0, self.rows - 1);
        let r1 = ((r.max.y / self.cell).floor() as i32).clamp(0, self.rows - 1);
        (c0, c1, r0, r1)
    }

    fn cells(&self, r: &Rect) -> impl Iterator<Item = usize> + use<> {
        let (c0, c1, r0, r1) = self.span(r);
        let cols = self.cols;
        (r0..=r1).flat_map(move |y| (c0..=c1).map(move |x| (y * cols + x) as usize))
    }

    /// Whether a box is on screen and free.
    pub fn is_free(&self, r: &Rect) -> bool {
        if !(r.min.x >= self.bounds.min.x
            && r.max.x <= self.bounds.max.x
            && r.min.y >= self.bounds.min.y
            && r.max.y <= self.bounds.max.y)
        {
            return false;
        }
        self.cells(r).all(|c| {
            self.grid[c]
                .iter()
                .all(|&i| !self.boxes[i as usize].intersects(r))
        })
    }

    /// Marks a box as taken (even partly off screen).
    pub fn reserve(&mut self, r: Rect) {
        let i = self.boxes.len() as u32;
        let (c0, c1, r0, r1) = self.span(&r);
        for y in r0..=r1 {
            for x in c0..=c1 {
                self.grid[(y * self.cols + x) as usize].push(i);
            }
        }
        self.boxes.push(r);
    }

    /// Every box taken so far.
    pub fn boxes(&self) -> &[Rect] {
        &self.boxes
    }
}

/// A label to place.
pub struct Label<'a> {
    pub text: &'a str,
    pub size: f32,
    pub style: FontStyle,
    pub color: Color,
    pub halo: Option<(Color, f32)>,
    pub letter_spacing: f32,
}

/// The box of a one-line text anchored at `pos` (baseline) with an anchor.
pub fn text_box(pos: Pt, anchor: Anchor, width: f32, ascent: f32, descent: f32) -> Rect {
    let x0 = pos.x + anchor.offset(width);
    Rect {
        min: Pt::new(x0, pos.y - ascent),
        max: Pt::new(x0 + width, pos.y + descent),
    }
}

/// Where a label may go relative to a point of radius `r`: (anchor, baseline position).
fn around(p: Pt, r: f32, ascent: f32, descent: f32, pad: f32) -> [(Anchor, Pt); 8] {
    let gap = r + 2.0 + pad;
    let mid = p.y + (ascent - descent) / 2.0 - 1.0;
    let d = gap * 0.72;
    [
        (Anchor::Start, Pt::new(p.x + gap, mid)),
        (Anchor::End, Pt::new(p.x - gap, mid)),
        (Anchor::Middle, Pt::new(p.x, p.y - gap - descent)),
        (Anchor::Middle, Pt::new(p.x, p.y + gap + ascent)),
        (Anchor::Start, Pt::new(p.x + d, p.y - d - descent)),
        (Anchor::Start, Pt::new(p.x + d, p.y + d + ascent)),
        (Anchor::End, Pt::new(p.x - d, p.y - d - descent)),
        (Anchor::End, Pt::new(p.x - d, p.y + d + ascent)),
    ]
}

/// The text item of a label at a position.
fn item(l: &Label, anchor: Anchor, pos: Pt) -> Item {
    Item::Text(Text {
        pos,
        text: l.text.to_string(),
        size: l.size,
        color: l.color,
        style: l.style,
        anchor,
        letter_spacing: l.letter_spacing,
        halo: l.halo,
    })
}

impl Placer {
    /// Places a label beside a point symbol that reaches `r` pixels from its centre (the box
    /// the symbol reserved); returns the item and its box.
    pub fn place_beside(&mut self, l: &Label, p: Pt, r: f32) -> Option<(Item, Rect)> {
        let m = measure(l.text, l.size, l.style, l.letter_spacing);
        let pad = l.halo.map_or(0.5, |h| h.1 * 0.5);
        for (anchor, pos) in around(p, r, m.ascent * 0.78, m.descent * 0.6, pad) {
            let b = text_box(pos, anchor, m.width, m.ascent * 0.78, m.descent * 0.6).expand(pad);
            if self.is_free(&b) {
                self.reserve(b);
                return Some((item(l, anchor, pos), b));
            }
        }
        None
    }

    /// Places a label centred on a point (countries, seas); returns the item and its box.
    pub fn place_centered(&mut self, l: &Label, p: Pt) -> Option<(Item, Rect)> {
        let m = measure(l.text, l.size, l.style, l.letter_spacing);
        let pad = l.halo.map_or(1.0, |h| h.1 * 0.5);
        let asc = m.ascent * 0.75;
        let pos = Pt::new(p.x, p.y + asc / 2.0);
        let b = text_box(pos, Anchor::Middle, m.width, asc, m.descent * 0.5).expand(pad);
        if self.is_free(&b) {
            self.reserve(b);
            Some((item(l, Anchor::Middle, pos), b))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_never_overlap() {
        let mut pl = Placer::new(400.0, 300.0, 2.0);
        let l = Label {
            text: "Baghdad",
            size: 13.0,
            style: FontStyle::Bold,
            color: Color::rgb(0, 0, 0),
            halo: None,
            letter_spacing: 0.0,
        };
        let mut placed = 0;
        for i in 0..60 {
            let p = Pt::new(20.0 + (i % 10) as f32 * 37.0, 20.0 + (i / 10) as f32 * 45.0);
            if pl.place_beside(&l, p, 5.0).is_some() {
                placed += 1;
            }
        }
        assert!(placed > 10);
        let b = pl.boxes();
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                assert!(!b[i].intersects(&b[j]), "{:?} {:?}", b[i], b[j]);
            }
        }
    }

    #[test]
    fn off_screen_is_refused() {
        let mut pl = Placer::new(100.0, 100.0, 2.0);
        let l = Label {
            text: "A very long label indeed",
            size: 13.0,
            style: FontStyle::Regular,
            color: Color::rgb(0, 0, 0),
            halo: None,
            letter_spacing: 0.0,
        };
        assert!(pl.place_centered(&l, Pt::new(50.0, 50.0)).is_none());
    }
}
