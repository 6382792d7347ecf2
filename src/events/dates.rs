//! Dates in text: finding them, and resolving them against the document's date.
//!
//! # Finding
//!
//! A small grammar over tokens, whose words come from `date_words.tsv` (months, weekdays,
//! "hier", "last week", "début", "mi-", "du ... au"); numbers are recognised by the code.
//! It reads, in French and English:
//!
//! * day and month, with an optional year and ordinal: "le 3 janvier", "1er février 2020",
//!   "January 3rd", "Jan. 8, 2020", "8 January 2020";
//! * ranges: "du 3 au 8 janvier", "entre le 3 et le 8 janvier", "Jan. 3-8", "from Jan. 3 to
//!   Feb. 2";
//! * months and years: "janvier 2020", "en janvier", "in 2019", "en 2019";
//! * parts of a month: "début février", "mi-février", "fin février", "early/mid/late
//!   February" (the 1st-10th, 11th-20th, 21st-last);
//! * numeric dates: "03/01/2020" (day first in French, month first in English unless the
//!   first number exceeds 12), "2020-01-03";
//! * relative dates: "hier", "aujourd'hui", "yesterday", weekdays ("lundi", "mardi dernier",
//!   "last Tuesday", "next Monday"), "la semaine dernière", "last week", "cette semaine", "le
//!   mois dernier", "last year".
//!
//! A bare number is never a date, and an English month must be capitalized ("may" is a verb)
//! and accompanied by a day, a year or "in"; a bare year needs "en"/"in" before it, so
//! "depuis 2017" and "5200 soldats" are not dates.
//!
//! # Resolving
//!
//! [`resolve`] turns a [`DateExpr`] into a [`When`] (a [`PartialDate`] or a range) using
//! the document's date when there is one. What cannot be known stays unknown: "le 8
//! janvier" in an undated article is `--01-08`, and "hier" or "lundi" in an undated article
//! resolve to nothing. A day and month without a year take the year that puts them nearest
//! the document's date, counting days after it three times (news tells the past more often
//! than the future): "28 décembre" in an article of 4 January is the previous December.
//! A weekday is the most recent such day on or before the document's date ("mardi dernier"
//! strictly before it, "mardi prochain" after it); a week is Monday to Sunday.

use crate::document::PartialDate;
use crate::geoparse::tokens::{Gap, Kind, Token};
use crate::project::model::When;

use super::lexicon::{DateWord, Entry, Hit, MonthPart};

/// Which weekday a weekday name means relative to the document's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// "lundi", "on Monday": the most recent one, the document's day included.
    Recent,
    /// "lundi dernier", "last Monday": strictly before the document's day.
    Last,
    /// "lundi prochain", "next Monday": strictly after.
    Next,
}

/// A date as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// A day, month or year as written (the year may be missing); `end` for ranges.
    Calendar {
        start: PartialDate,
        end: Option<PartialDate>,
    },
    /// The early, middle or late part of a month.
    Part {
        year: Option<i32>,
        month: u8,
        part: MonthPart,
    },
    Weekday {
        day: u8,
        dir: Direction,
    },
    /// Days, weeks, months, years from the document's date.
    RelDay(i8),
    RelWeek(i8),
    RelMonth(i8),
    RelYear(i8),
}

/// A date found in text: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateHit {
    pub start: usize,
    pub end: usize,
    pub expr: DateExpr,
}

/// The date words at each token (the longest ones starting there; a word such as "du" may
/// both open a range and fill "début du mois").
pub struct DateWords {
    at: Vec<[Option<(DateWord, usize)>; 2]>,
}

impl DateWords {
    /// Collects the date words among a document's phrase hits.
    pub fn new(n_tokens: usize, hits: &[Hit]) -> DateWords {
        let mut at: Vec<[Option<(DateWord, usize)>; 2]> = vec![[None, None]; n_tokens];
        for h in hits {
            if let Entry::Date(w) = h.entry
                && let Some(slot) = at.get_mut(h.start)
            {
                // Hits come sorted longest first at each start.
                match slot {
                    [None, _] => slot[0] = Some((w, h.end)),
                    [Some((_, e)), None] if *e == h.end => slot[1] = Some((w, h.end)),
                    _ => {}
                }
            }
        }
        DateWords { at }
    }

    fn get(&self, i: usize) -> Option<(DateWord, usize)> {
        self.at.get(i).and_then(|s| s[0])
    }

    /// The first date word at `i` that `f` accepts.
    fn find(&self, i: usize, f: impl Fn(DateWord) -> bool) -> Option<(DateWord, usize)> {
        self.at
            .get(i)
            .and_then(|s| s.iter().flatten().copied().find(|(w, _)| f(*w)))
    }
}

struct Parser<'a> {
    toks: &'a [Token],
    words: &'a DateWords,
    /// English: months must be capitalized, numeric dates are month first.
    english: bool,
}

fn number(t: &Token) -> Option<u32> {
    if t.kind != Kind::Number || t.key.len() > 4 {
        return None;
    }
    t.key.parse().ok()
}

fn year_value(t: &Token) -> Option<i32> {
    if t.key.len() != 4 {
        return None;
    }
    number(t)
        .filter(|y| (1800..=2100).contains(y))
        .and_then(|y| i32::try_from(y).ok())
}

impl Parser<'_> {
    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    fn word(&self, i: usize) -> Option<(DateWord, usize)> {
        self.words.get(i)
    }

    fn word_where(&self, i: usize, f: impl Fn(DateWord) -> bool) -> Option<(DateWord, usize)> {
        self.words.find(i, f)
    }

    /// A month name at `i` (with its abbreviation's full stop), returning (month, next).
    fn month(&self, i: usize) -> Option<(u8, usize)> {
        let (w, end) = self.word_where(i, |w| matches!(w, DateWord::Month(_)))?;
        let DateWord::Month(m) = w else {
            return None;
        };
        if self.english && !self.tok(i).is_some_and(Token::is_cap) {
            return None;
        }
        // "Jan." and "janv.": the stop belongs to the month.
        let end = match self.tok(end) {
            Some(t) if t.key == "." && self.tok(end - 1).is_some_and(|p| p.end == t.start) => {
                end + 1
            }
            _ => end,
        };
        Some((m, end))
    }

    /// A day number 1-31 with an optional ordinal suffix ("1er", "3rd"), returning
    /// (day, next).
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.tok(i)?;
        let d = number(t).filter(|d| (1..=31).contains(d))?;
        if t.key.len() > 2 {
            return None;
        }
        let mut next = i + 1;
        if let Some(n) = self.tok(next)
            && n.start == t.end
            && self.word_where(next, |w| w == DateWord::Ordinal).is_some()
        {
            next += 1;
        }
        Some((u8::try_from(d).ok()?, next))
    }

    /// A year at `i`, optionally after a comma ("Jan. 8, 2020").
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(t) = self.tok(i)
            && let Some(y) = year_value(t)
        {
            return Some((y, i + 1));
        }
        if self.tok(i).is_some_and(|t| t.key == ",")
            && let Some(t) = self.tok(i + 1)
            && let Some(y) = year_value(t)
        {
            return Some((y, i + 2));
        }
        None
    }

    fn is_range_to(&self, i: usize, and: bool) -> Option<usize> {
        match self.word_where(i, |w| {
            w == DateWord::RangeTo || (and && w == DateWord::RangeAnd)
        }) {
            Some((_, end)) => Some(end),
            _ => {
                // "3-8": a hyphen glued between two numbers.
                let t = self.tok(i)?;
                (t.gap == Gap::Hyphen && t.kind == Kind::Number).then_some(i)
            }
        }
    }

    /// Skips an optional determiner-like filler ("le" in "et le 8") that the lexicon marks
    /// as a filler.
    fn skip_fillers(&self, mut i: usize, max: usize) -> usize {
        for _ in 0..max {
            match self.word_where(i, |w| w == DateWord::Filler) {
                Some((_, end)) => i = end,
                None => break,
            }
        }
        i
    }

    /// Day Month [Year], with a range "3 au 8 janvier" or "3 janvier au 8 février".
    fn day_month(&self, i: usize, and: bool) -> Option<(DateExpr, usize)> {
        let (d1, j) = self.day(i)?;
        let j = self.skip_fillers(j, 1);
        if let Some((m1, k)) = self.month(j) {
            let (y1, k) = match self.year(k) {
                Some((y, k)) => (Some(y), k),
                None => (None, k),
            };
            // "3 janvier au 8 février 2020"
            if let Some(r) = self.is_range_to(k, and) {
                let r = self.skip_fillers(r, 1);
                if let Some((d2, r2)) = self.day(r)
                    && let Some((m2, r3)) = self.month(self.skip_fillers(r2, 1))
                {
                    let (y2, r4) = match self.year(r3) {
                        Some((y, r4)) => (Some(y), r4),
                        None => (None, r3),
                    };
                    let y1 = y1.or(y2.map(|y| if m1 > m2 { y - 1 } else { y }));
                    let start = PartialDate::new(y1, Some(m1), Some(d1))?;
                    let end = PartialDate::new(y2.or(y1), Some(m2), Some(d2))?;
                    return Some((
                        DateExpr::Calendar {
                            start,
                            end: Some(end),
                        },
                        r4,
                    ));
                }
            }
            let start = PartialDate::new(y1, Some(m1), Some(d1))?;
            return Some((DateExpr::Calendar { start, end: None }, k));
        }
        // "3 au 8 janvier", "3-8 janvier", "3 et le 8 janvier"
        let r = self.is_range_to(j, and)?;
        let r = self.skip_fillers(r, 1);
        let (d2, r2) = self.day(r)?;
        let (m, r3) = self.month(self.skip_fillers(r2, 1))?;
        let (y, r4) = match self.year(r3) {
            Some((y, r4)) => (Some(y), r4),
            None => (None, r3),
        };
        if d2 <= d1 {
            return None;
        }
        let start = PartialDate::new(y, Some(m), Some(d1))?;
        let end = PartialDate::new(y, Some(m), Some(d2))?;
        Some((
            DateExpr::Calendar {
                start,
                end: Some(end),
            },
            r4,
        ))
    }

    /// Month Day [, Year] (English), with ranges "Jan. 3-8", "Jan. 3 to 8", "Jan. 3 to
    /// Feb. 2"; or Month Year.
    fn month_first(&self, i: usize, and: bool) -> Option<(DateExpr, usize)> {
        let (m1, j) = self.month(i)?;
        if let Some((d1, k)) = self.day(j) {
            // A year right after the day, without a comma, would be "January 20 2020";
            // a four-digit number is not a day anyway.
            let (y1, k) = match self.year(k) {
                Some((y, k)) => (Some(y), k),
                None => (None, k),
            };
            if y1.is_none()
                && let Some(r) = self.is_range_to(k, and)
            {
                let r = self.skip_fillers(r, 1);
                let (m2, r) = match self.month(r) {
                    Some((m2, r)) => (m2, r),
                    None => (m1, r),
                };
                if let Some((d2, r2)) = self.day(r) {
                    let (y2, r3) = match self.year(r2) {
                        Some((y, r3)) => (Some(y), r3),
                        None => (None, r2),
                    };
                    if m2 != m1 || d2 > d1 {
                        let ys = y2.map(|y| if m1 > m2 { y - 1 } else { y });
                        let start = PartialDate::new(ys, Some(m1), Some(d1))?;
                        let end = PartialDate::new(y2, Some(m2), Some(d2))?;
                        return Some((
                            DateExpr::Calendar {
                                start,
                                end: Some(end),
                            },
                            r3,
                        ));
                    }
                }
            }
            let start = PartialDate::new(y1, Some(m1), Some(d1))?;
            return Some((DateExpr::Calendar { start, end: None }, k));
        }
        let (y, k) = self.year(j)?;
        let start = PartialDate::new(Some(y), Some(m1), None)?;
        Some((DateExpr::Calendar { start, end: None }, k))
    }

    /// dd/mm/yyyy (mm/dd/yyyy in English when the first number is at most 12) and
    /// yyyy-mm-dd, written without spaces.
    fn numeric(&self, i: usize) -> Option<(DateExpr, usize)> {
        let a = self.tok(i)?;
        let s1 = self.tok(i + 1)?;
        let b = self.tok(i + 2)?;
        let s2 = self.tok(i + 3)?;
        let c = self.tok(i + 4)?;
        let glued = |x: &Token, y: &Token| x.end == y.start;
        let sep = |t: &Token| {
            (t.kind == Kind::Punct && matches!(t.key.as_str(), "/" | ".")) || t.gap == Gap::Hyphen
        };
        // With a hyphen the tokenizer drops the separator: a-b-c are three tokens.
        if a.kind == Kind::Number && s1.kind == Kind::Number && s1.gap == Gap::Hyphen {
            let (y, m, d) = (year_value(a)?, number(s1)?, number(b)?);
            if b.gap != Gap::Hyphen || b.kind != Kind::Number {
                return None;
            }
            let start = PartialDate::new(
                Some(y),
                Some(u8::try_from(m).ok()?),
                Some(u8::try_from(d).ok()?),
            )?;
            return Some((DateExpr::Calendar { start, end: None }, i + 3));
        }
        if !(a.kind == Kind::Number
            && sep(s1)
            && b.kind == Kind::Number
            && sep(s2)
            && c.kind == Kind::Number
            && glued(a, s1)
            && glued(s1, b)
            && glued(b, s2)
            && glued(s2, c)
            && s1.key == s2.key)
        {
            return None;
        }
        let (x, y2) = (number(a)?, number(b)?);
        let year = year_value(c)?;
        if a.key.len() > 2 || b.key.len() > 2 {
            return None;
        }
        let (day, month) = if self.english && x <= 12 {
            (y2, x)
        } else {
            (x, y2)
        };
        let start = PartialDate::new(
            Some(year),
            Some(u8::try_from(month).ok()?),
            Some(u8::try_from(day).ok()?),
        )?;
        Some((DateExpr::Calendar { start, end: None }, i + 5))
    }

    fn parse_at(&self, i: usize) -> Option<(DateExpr, usize)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Number {
            if let Some(r) = self.numeric(i) {
                return Some(r);
            }
            return self.day_month(i, false);
        }
        let slots = self.words.at.get(i)?;
        slots
            .iter()
            .flatten()
            .find_map(|&(w, end)| self.parse_word(i, t, w, end))
    }

    fn parse_word(
        &self,
        i: usize,
        t: &Token,
        w: DateWord,
        end: usize,
    ) -> Option<(DateExpr, usize)> {
        match w {
            DateWord::RelDay(n) => Some((DateExpr::RelDay(n), end)),
            DateWord::RelWeek(n) => Some((DateExpr::RelWeek(n), end)),
            DateWord::RelMonth(n) => Some((DateExpr::RelMonth(n), end)),
            DateWord::RelYear(n) => Some((DateExpr::RelYear(n), end)),
            DateWord::Past | DateWord::Next => {
                let (d, e) = match self.word(end)? {
                    (DateWord::Weekday(d), e) => (d, e),
                    _ => return None,
                };
                if self.english && !self.tok(end).is_some_and(Token::is_cap) {
                    return None;
                }
                let dir = if w == DateWord::Past {
                    Direction::Last
                } else {
                    Direction::Next
                };
                Some((DateExpr::Weekday { day: d, dir }, e))
            }
            DateWord::Weekday(d) => {
                if self.english && !t.is_cap() {
                    return None;
                }
                // "mardi 7 janvier", "Tuesday, Jan. 7": the calendar date wins.
                let mut j = end;
                if self.tok(j).is_some_and(|t| t.key == ",") {
                    j += 1;
                }
                if let Some(r) = self
                    .day_month(j, false)
                    .or_else(|| self.month_first(j, false))
                {
                    return Some(r);
                }
                match self.word(end) {
                    Some((DateWord::Past, e)) => Some((
                        DateExpr::Weekday {
                            day: d,
                            dir: Direction::Last,
                        },
                        e,
                    )),
                    Some((DateWord::Next, e)) => Some((
                        DateExpr::Weekday {
                            day: d,
                            dir: Direction::Next,
                        },
                        e,
                    )),
                    _ => Some((
                        DateExpr::Weekday {
                            day: d,
                            dir: Direction::Recent,
                        },
                        end,
                    )),
                }
            }
            DateWord::Part(part) => {
                let j = self.skip_fillers(end, 3);
                if let Some((m, k)) = self.month(j) {
                    let (year, k) = match self.year(k) {
                        Some((y, k)) => (Some(y), k),
                        None => (None, k),
                    };
                    return Some((
                        DateExpr::Part {
                            year,
                            month: m,
                            part,
                        },
                        k,
                    ));
                }
                // "début 2020": the year.
                let (y, k) = self.year(j)?;
                let start = PartialDate::new(Some(y), None, None)?;
                Some((DateExpr::Calendar { start, end: None }, k))
            }
            DateWord::RangeFrom => {
                let j = self.skip_fillers(end, 1);
                self.day_month(j, true)
                    .or_else(|| self.month_first(j, true))
            }
            DateWord::Intro => {
                let j = self.skip_fillers(end, 2);
                if let Some(t) = self.tok(j)
                    && let Some(y) = year_value(t)
                {
                    let start = PartialDate::new(Some(y), None, None)?;
                    return Some((DateExpr::Calendar { start, end: None }, j + 1));
                }
                let (m, k) = self.month(j)?;
                if let Some(r) = self.month_first(j, false) {
                    return Some(r);
                }
                // "en janvier dernier": the past is the default anyway.
                let k = match self.word(k) {
                    Some((DateWord::Past, e)) => e,
                    _ => k,
                };
                let start = PartialDate::new(None, Some(m), None)?;
                Some((DateExpr::Calendar { start, end: None }, k))
            }
            DateWord::Month(_) => self.month_first(i, false),
            _ => None,
        }
    }
}

/// Finds the dates of a document, left to right, without overlaps.
pub fn find(toks: &[Token], words: &DateWords, lang: &str) -> Vec<DateHit> {
    let p = Parser {
        toks,
        words,
        english: lang == "en",
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match p.parse_at(i) {
            Some((expr, end)) if end > i => {
                out.push(DateHit {
                    start: i,
                    end,
                    expr,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian), in days since 0001-01-01 (a Monday).

/// Days in month `m` of year `y`.
fn month_len(y: i32, m: u8) -> u8 {
    crate::document::days_in_month(Some(y), m)
}

/// Days from 0001-01-01 to the start of year `y` (y >= 1).
fn days_before_year(y: i32) -> i64 {
    let p = i64::from(y) - 1;
    p * 365 + p / 4 - p / 100 + p / 400
}

/// Day number of a date (0 = 0001-01-01).
pub fn day_number(y: i32, m: u8, d: u8) -> i64 {
    let mut n = days_before_year(y);
    for mm in 1..m {
        n += i64::from(month_len(y, mm));
    }
    n + i64::from(d) - 1
}

/// The date of a day number.
pub fn from_day_number(n: i64) -> (i32, u8, u8) {
    // An estimate of the year, then a correction of at most one or two years.
    let mut y = i32::try_from(n * 400 / 146_097 + 1).unwrap_or(1);
    while days_before_year(y) > n {
        y -= 1;
    }
    while days_before_year(y + 1) <= n {
        y += 1;
    }
    let mut rest = n - days_before_year(y);
    let mut m = 1u8;
    while m < 12 && rest >= i64::from(month_len(y, m)) {
        rest -= i64::from(month_len(y, m));
        m += 1;
    }
    (y, m, u8::try_from(rest + 1).unwrap_or(1))
}

/// ISO weekday (1 = Monday) of a day number.
fn weekday(n: i64) -> u8 {
    u8::try_from(n.rem_euclid(7) + 1).unwrap_or(1)
}

fn full(d: PartialDate) -> Option<(i32, u8, u8)> {
    Some((d.year?, d.month?, d.day?))
}

fn date_of(n: i64) -> Option<PartialDate> {
    let (y, m, d) = from_day_number(n);
    PartialDate::ymd(y, m, d)
}

/// The year that puts `month`/`day` nearest the anchor (days after it count three times).
fn infer_year(month: u8, day: Option<u8>, anchor: PartialDate) -> Option<i32> {
    let ay = anchor.year?;
    let Some(am) = anchor.month else {
        return Some(ay);
    };
    let a = day_number(ay, am, anchor.day.unwrap_or(15));
    let mut best: Option<(i64, i32)> = None;
    for y in [ay - 1, ay, ay + 1] {
        let d = day.unwrap_or(15);
        if d > month_len(y, month) || y < 1 {
            continue;
        }
        let diff = day_number(y, month, d) - a;
        let cost = if diff > 0 { diff * 3 } else { -diff };
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, y));
        }
    }
    best.map(|(_, y)| y)
}

/// Fills a missing year from the anchor.
fn with_year(d: PartialDate, anchor: Option<PartialDate>) -> Option<PartialDate> {
    if d.year.is_some() {
        return Some(d);
    }
    let (Some(a), Some(m)) = (anchor, d.month) else {
        return Some(d);
    };
    match infer_year(m, d.day, a) {
        Some(y) => PartialDate::new(Some(y), Some(m), d.day),
        None => Some(d),
    }
}

/// Resolves a date against the document's date; `None` when it cannot be known.
pub fn resolve(expr: DateExpr, anchor: Option<PartialDate>) -> Option<When> {
    match expr {
        DateExpr::Calendar { start, end } => {
            let end = match end {
                Some(e) => Some(with_year(e, anchor)?),
                None => None,
            };
            let start = match (start.year, end.and_then(|e| e.year)) {
                // The start of a range takes the end's year (the previous one when it
                // runs across the new year).
                (None, Some(ey)) => {
                    let y = match (start.month, end.and_then(|e| e.month)) {
                        (Some(sm), Some(em)) if sm > em => ey - 1,
                        _ => ey,
                    };
                    PartialDate::new(Some(y), start.month, start.day)?
                }
                _ => with_year(start, anchor)?,
            };
            Some(When { start, end })
        }
        DateExpr::Part { year, month, part } => {
            let (a, b) = match part {
                MonthPart::Early => (1, 10),
                MonthPart::Mid => (11, 20),
                MonthPart::Late => (21, 31),
            };
            let base = with_year(PartialDate::new(year, Some(month), None)?, anchor)?;
            let last = crate::document::days_in_month(base.year, month);
            Some(When {
                start: PartialDate::new(base.year, Some(month), Some(a))?,
                end: Some(PartialDate::new(base.year, Some(month), Some(b.min(last)))?),
            })
        }
        DateExpr::Weekday { day, dir } => {
            let (y, m, d) = full(anchor?)?;
            let n = day_number(y, m, d);
            let wd = i64::from(weekday(n));
            let target = i64::from(day);
            let back = (wd - target).rem_euclid(7);
            let n = match dir {
                Direction::Recent => n - back,
                Direction::Last => n - if back == 0 { 7 } else { back },
                Direction::Next => {
                    let fwd = (target - wd).rem_euclid(7);
                    n + if fwd == 0 { 7 } else { fwd }
                }
            };
            Some(When {
                start: date_of(n)?,
                end: None,
            })
        }
        DateExpr::RelDay(k) => {
            let (y, m, d) = full(anchor?)?;
            Some(When {
                start: date_of(day_number(y, m, d) + i64::from(k))?,
                end: None,
            })
        }
        DateExpr::RelWeek(k) => {
            let (y, m, d) = full(anchor?)?;
            let n = day_number(y, m, d);
            let monday = n - i64::from(weekday(n)) + 1 + 7 * i64::from(k);
            // This week runs up to the document's day; other weeks are whole.
            let last = if k == 0 { n } else { monday + 6 };
            Some(When {
                start: date_of(monday)?,
                end: Some(date_of(last)?),
            })
        }
        DateExpr::RelMonth(k) => {
            let a = anchor?;
            let (y, m) = (a.year?, a.month?);
            let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(k);
            let ny = i32::try_from(total.div_euclid(12)).ok()?;
            let nm = u8::try_from(total.rem_euclid(12) + 1).ok()?;
            Some(When {
                start: PartialDate::new(Some(ny), Some(nm), None)?,
                end: None,
            })
        }
        DateExpr::RelYear(k) => {
            let y = anchor?.year?;
            Some(When {
                start: PartialDate::new(Some(y + i32::from(k)), None, None)?,
                end: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::lexicon::EventLexicon;
    use crate::geoparse::tokens::tokenize;

    const FR: &str = "month\t1\tjanvier|janv\nmonth\t2\tfévrier|févr\nmonth\t12\tdécembre\n\
        weekday\t1\tlundi\nweekday\t2\tmardi\nweekday\t3\tmercredi\n\
        relday\t-1\thier\nrelday\t0\taujourd'hui\nrelweek\t-1\tla semaine dernière\n\
        relweek\t0\tcette semaine\nrelmonth\t-1\tle mois dernier\nrelyear\t-1\tl'an dernier\n\
        past\t-\tdernier|dernière\nnext\t-\tprochain|prochaine\n\
        part\tearly\tdébut\npart\tmid\tmi\npart\tlate\tfin\n\
        range_from\t-\tdu|entre\nrange_to\t-\tau\nrange_and\t-\tet\nintro\t-\ten\nfiller\t-\tde|du|le|mois\n\
        ordinal\t-\ter|re\n";
    const EN: &str = "month\t1\tJanuary|Jan\nmonth\t2\tFebruary|Feb\nmonth\t5\tMay\nmonth\t12\tDecember\n\
        weekday\t1\tMonday\nweekday\t2\tTuesday\nweekday\t3\tWednesday\n\
        relday\t-1\tyesterday\nrelweek\t-1\tlast week\nrelyear\t-1\tlast year\n\
        past\t-\tlast\nnext\t-\tnext\npart\tearly\tearly\npart\tmid\tmid\npart\tlate\tlate\n\
        range_from\t-\tfrom|between\nrange_to\t-\tto|through\nrange_and\t-\tand\nintro\t-\tin\n\
        filler\t-\tof\nordinal\t-\tst|nd|rd|th\n";

    fn lex() -> EventLexicon {
        EventLexicon::from_texts(&[("fr", "date_words.tsv", FR), ("en", "date_words.tsv", EN)])
            .unwrap()
    }

    /// (text of each date, resolved ISO start, ISO end) for `text`.
    fn dates(text: &str, lang: &str, anchor: Option<&str>) -> Vec<(String, String, String)> {
        let lx = lex();
        let toks = tokenize(text);
        let hits = lx.dict(lang).scan(&toks);
        let words = DateWords::new(toks.len(), &hits);
        let anchor = anchor.and_then(PartialDate::parse);
        find(&toks, &words, lang)
            .into_iter()
            .map(|h| {
                let w = resolve(h.expr, anchor);
                (
                    text[toks[h.start].start..toks[h.end - 1].end].to_string(),
                    w.map_or(String::new(), |w| w.start.to_iso()),
                    w.and_then(|w| w.end).map_or(String::new(), |e| e.to_iso()),
                )
            })
            .collect()
    }

    fn d(s: &str, a: &str, b: &str) -> (String, String, String) {
        (s.into(), a.into(), b.into())
    }

    #[test]
    fn french_dates_without_a_document_date_keep_the_year_unknown() {
        assert_eq!(
            dates(
                "Le 3 janvier, puis le 1er février 2020, du 3 au 8 janvier, début février, \
                 en 2019, en janvier, hier, lundi, mardi dernier, 03/01/2020.",
                "fr",
                None
            ),
            vec![
                d("3 janvier", "--01-03", ""),
                d("1er février 2020", "2020-02-01", ""),
                d("du 3 au 8 janvier", "--01-03", "--01-08"),
                d("début février", "--02-01", "--02-10"),
                d("en 2019", "2019", ""),
                d("en janvier", "--01", ""),
                d("hier", "", ""),
                d("lundi", "", ""),
                d("mardi dernier", "", ""),
                d("03/01/2020", "2020-01-03", ""),
            ]
        );
    }

    #[test]
    fn french_relative_dates_resolve_against_the_document_date() {
        // 2020-01-08 was a Wednesday.
        assert_eq!(
            dates(
                "Hier, lundi, mardi dernier, mercredi, la semaine dernière, cette semaine, \
                 le mois dernier, l'an dernier, le 28 décembre, mi-janvier, lundi prochain.",
                "fr",
                Some("2020-01-08")
            ),
            vec![
                d("Hier", "2020-01-07", ""),
                d("lundi", "2020-01-06", ""),
                d("mardi dernier", "2020-01-07", ""),
                d("mercredi", "2020-01-08", ""),
                d("la semaine dernière", "2019-12-30", "2020-01-05"),
                d("cette semaine", "2020-01-06", "2020-01-08"),
                d("le mois dernier", "2019-12", ""),
                d("l'an dernier", "2019", ""),
                d("28 décembre", "2019-12-28", ""),
                d("mi-janvier", "2020-01-11", "2020-01-20"),
                d("lundi prochain", "2020-01-13", ""),
            ]
        );
    }

    #[test]
    fn english_dates() {
        assert_eq!(
            dates(
                "On January 3rd and Jan. 8, 2020, from Jan. 3 to 8, Jan. 3-8, in December, \
                 early February, last week, last Tuesday, in 2019, 03/01/2020, yesterday.",
                "en",
                Some("2020-01-10")
            ),
            vec![
                d("January 3rd", "2020-01-03", ""),
                d("Jan. 8, 2020", "2020-01-08", ""),
                d("from Jan. 3 to 8", "2020-01-03", "2020-01-08"),
                d("Jan. 3-8", "2020-01-03", "2020-01-08"),
                d("in December", "2019-12", ""),
                d("early February", "2020-02-01", "2020-02-10"),
                d("last week", "2019-12-30", "2020-01-05"),
                d("last Tuesday", "2020-01-07", ""),
                d("in 2019", "2019", ""),
                d("03/01/2020", "2020-03-01", ""),
                d("yesterday", "2020-01-09", ""),
            ]
        );
    }

    #[test]
    fn numbers_verbs_and_bare_years_are_not_dates() {
        assert!(dates("Environ 5200 soldats, depuis 2017, 3 blessés.", "fr", None).is_empty());
        assert!(dates("They may leave; 12 were hurt in 3 attacks.", "en", None).is_empty());
        assert!(dates("31/02/2020 et le 31 février", "fr", None).is_empty());
    }

    #[test]
    fn calendar_arithmetic_round_trips() {
        for (y, m, d) in [
            (1, 1, 1),
            (1970, 1, 1),
            (2000, 2, 29),
            (2020, 12, 31),
            (2100, 3, 1),
        ] {
            assert_eq!(from_day_number(day_number(y, m, d)), (y, m, d));
        }
        assert_eq!(weekday(day_number(2020, 1, 8)), 3);
        assert_eq!(weekday(day_number(1, 1, 1)), 1);
        assert_eq!(
            day_number(2021, 1, 1) - day_number(2020, 1, 1),
            366,
            "2020 is a leap year"
        );
    }

    #[test]
    fn year_inference_prefers_the_recent_past() {
        let a = PartialDate::parse("2020-01-04");
        let w = |m, d| {
            resolve(
                DateExpr::Calendar {
                    start: PartialDate::new(None, Some(m), Some(d)).unwrap(),
                    end: None,
                },
                a,
            )
            .map(|w| w.start.to_iso())
        };
        assert_eq!(w(12, 28).as_deref(), Some("2019-12-28"));
        assert_eq!(w(1, 10).as_deref(), Some("2020-01-10"));
        assert_eq!(w(6, 1).as_deref(), Some("2019-06-01"));
        assert_eq!(w(2, 1).as_deref(), Some("2020-02-01"));
    }
}
