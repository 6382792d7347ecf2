//! When two documents tell the same event, and how many independent sources report one.
//!
//! # Same event
//!
//! An event from a new document joins an event already in the project when all of these
//! hold:
//!
//! * the existing event has no evidence in the new document (within one document the
//!   extractor has already merged repeated tellings, so two events it kept apart stay
//!   apart);
//! * both have the same type code (`missile_strike`...);
//! * their dates are compatible: equal where both are known (a range overlaps the other
//!   when both are full dates), or one of them is undated;
//! * they share a place: when both name a precise place (anything finer than a country,
//!   region, area or sea) they must share a precise one, so two strikes "in Iraq" on the
//!   same day merge but a strike on Erbil and one on Al Asad do not.
//!
//! Merging keeps the first event's id, title and summary, adds the newcomer's places,
//! actors, evidence and sources, and takes its date when it is more precise.
//!
//! # Independent sources
//!
//! [`Project::independent_sources`] counts the distinct origins of the reports of an event:
//! a source that denies it does not count; an attributed source (an agency, a ministry, a
//! spokesman) counts once however many documents cite it; a document counts as its own
//! origin only when it cites no attributed source for the event (an article that repeats
//! the Pentagon is the Pentagon, not a second witness). Origins are compared by normalised
//! name, so two articles from the same outlet are one outlet, and an AFP dispatch and an
//! article citing AFP are one source. This is deliberately conservative: it never counts a
//! relay as a confirmation.

use std::collections::HashSet;

use super::{Claim, Event, PlaceKind, Project, When};
use crate::events::dates::day_number;
use crate::text::name_key;

/// The index of the event in `project` that `event` (from document `doc`) tells again.
pub(super) fn find_same(project: &Project, event: &Event, doc: u32) -> Option<usize> {
    project
        .events
        .iter()
        .position(|e| !e.evidence.iter().any(|ev| ev.doc == doc) && same_event(project, e, event))
}

/// Whether `a` and `b` are the same event told twice (see the module doc).
pub fn same_event(project: &Project, a: &Event, b: &Event) -> bool {
    a.kind == b.kind && dates_compatible(a.when, b.when) && places_compatible(project, a, b)
}

fn is_precise(project: &Project, id: u32) -> bool {
    project.place(id).is_some_and(|p| {
        !matches!(
            p.kind,
            PlaceKind::Country | PlaceKind::Region | PlaceKind::Area | PlaceKind::Sea
        )
    })
}

fn places_compatible(project: &Project, a: &Event, b: &Event) -> bool {
    let fine = |e: &Event| -> Vec<u32> {
        e.places
            .iter()
            .copied()
            .filter(|&p| is_precise(project, p))
            .collect()
    };
    let (fa, fb) = (fine(a), fine(b));
    if !fa.is_empty() && !fb.is_empty() {
        fa.iter().any(|p| fb.contains(p))
    } else {
        a.places.iter().any(|p| b.places.contains(p))
    }
}

/// The span of days of a date range whose ends are full dates.
fn day_span(w: &When) -> Option<(i64, i64)> {
    let days = |d: &crate::document::PartialDate| Some(day_number(d.year?, d.month?, d.day?));
    let start = days(&w.start)?;
    let end = match &w.end {
        Some(e) => days(e)?,
        None => start,
    };
    Some((start.min(end), start.max(end)))
}

/// Equal where both are known, overlapping when both are ranges of full dates, or one is
/// undated.
pub fn dates_compatible(a: Option<When>, b: Option<When>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if let (Some(x), Some(y)) = (day_span(&a), day_span(&b)) {
        return x.0 <= y.1 && y.0 <= x.1;
    }
    let same = |x: Option<i64>, y: Option<i64>| x.is_none() || y.is_none() || x == y;
    let (s, t) = (a.start, b.start);
    same(s.year.map(i64::from), t.year.map(i64::from))
        && same(s.month.map(i64::from), t.month.map(i64::from))
        && same(s.day.map(i64::from), t.day.map(i64::from))
}

fn precision_rank(w: Option<When>) -> u8 {
    match w {
        None => 0,
        Some(w) => {
            let d = w.start;
            u8::from(d.year.is_some()) + u8::from(d.month.is_some()) + u8::from(d.day.is_some())
        }
    }
}

/// Adds `b`'s places, actors, evidence and sources to `a`; `a` takes `b`'s date when it is
/// more precise.
pub(super) fn merge_into(a: &mut Event, b: Event) {
    if precision_rank(b.when) > precision_rank(a.when) {
        a.when = b.when;
    }
    for p in b.places {
        if !a.places.contains(&p) {
            a.places.push(p);
        }
    }
    for actor in b.actors {
        let key = name_key(&actor.name);
        if !a
            .actors
            .iter()
            .any(|x| name_key(&x.name) == key && x.role == actor.role)
        {
            a.actors.push(actor);
        }
    }
    a.evidence.extend(b.evidence);
    for s in b.sources {
        if !a.sources.contains(&s) {
            a.sources.push(s);
        }
    }
}

impl Project {
    /// How many independent sources report `event` (see the module doc of `merge` for the
    /// rule): distinct attributed sources plus the documents that cite none, by name,
    /// leaving out denials.
    pub fn independent_sources(&self, event: &Event) -> usize {
        let mut origins: HashSet<String> = HashSet::new();
        let reports = |c: Claim| c != Claim::Denied;
        for r in event.sources.iter().filter(|r| reports(r.claim)) {
            let Some(s) = self.sources.iter().find(|s| s.id == r.source) else {
                continue;
            };
            if let Some(d) = s.doc {
                let relays = event
                    .sources
                    .iter()
                    .any(|x| x.via == Some(d) && reports(x.claim) && x.source != r.source);
                if relays {
                    continue;
                }
            }
            origins.insert(name_key(&s.name));
        }
        origins.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PartialDate;
    use crate::project::{LatLon, Place, Provenance, Resolution, Source, SourceRef};

    fn when(y: Option<i32>, m: u8, d: u8) -> Option<When> {
        Some(When {
            start: PartialDate::new(y, Some(m), Some(d)).unwrap(),
            end: None,
        })
    }

    #[test]
    fn dates() {
        assert!(dates_compatible(when(Some(2020), 1, 8), when(None, 1, 8)));
        assert!(!dates_compatible(
            when(Some(2020), 1, 8),
            when(Some(2020), 1, 9)
        ));
        assert!(dates_compatible(None, when(Some(2020), 1, 9)));
        let range = Some(When {
            start: PartialDate::ymd(2020, 1, 6).unwrap(),
            end: PartialDate::ymd(2020, 1, 10),
        });
        assert!(dates_compatible(range, when(Some(2020), 1, 8)));
        assert!(!dates_compatible(range, when(Some(2020), 1, 11)));
    }

    fn place(id: u32, kind: PlaceKind) -> Place {
        Place {
            id,
            name: format!("p{id}"),
            names: Vec::new(),
            kind,
            point: LatLon { lat: 0.0, lon: 0.0 },
            country: None,
            gazetteer_ref: None,
            rank: 0,
            resolution: Resolution::Manual,
            category: None,
            style: None,
        }
    }

    fn event(places: Vec<u32>, sources: Vec<SourceRef>) -> Event {
        Event {
            id: 0,
            title: String::new(),
            summary: String::new(),
            kind: "missile_strike".into(),
            when: when(Some(2020), 1, 8),
            places,
            actors: Vec::new(),
            evidence: Vec::new(),
            sources,
            provenance: Provenance::Auto,
            notes: String::new(),
        }
    }

    #[test]
    fn places_must_share_a_precise_place_when_both_have_one() {
        let mut p = Project::new("en");
        p.places = vec![
            place(0, PlaceKind::Country),
            place(1, PlaceKind::MilitaryBase),
            place(2, PlaceKind::City),
        ];
        assert!(same_event(
            &p,
            &event(vec![0, 1], vec![]),
            &event(vec![1], vec![])
        ));
        assert!(!same_event(
            &p,
            &event(vec![0, 1], vec![]),
            &event(vec![0, 2], vec![])
        ));
        assert!(same_event(
            &p,
            &event(vec![0], vec![]),
            &event(vec![0, 2], vec![])
        ));
        let mut other = event(vec![1], vec![]);
        other.kind = "protest".into();
        assert!(!same_event(&p, &event(vec![1], vec![]), &other));
    }

    #[test]
    fn a_document_relaying_an_agency_counts_once() {
        let mut p = Project::new("en");
        let src = |id, name: &str, doc| Source {
            id,
            name: name.into(),
            kind: "x".into(),
            doc,
        };
        p.sources = vec![
            src(0, "Le Quotidien", Some(0)),
            src(1, "Pentagon", None),
            src(2, "The Daily", Some(1)),
            src(3, "Iranian state TV", None),
            src(4, "The Weekly", Some(2)),
        ];
        let r = |source, claim, via| SourceRef { source, claim, via };
        // Two papers both repeating the Pentagon: one origin.
        let e = event(
            vec![],
            vec![
                r(0, Claim::Reported, None),
                r(1, Claim::Reported, Some(0)),
                r(2, Claim::Reported, None),
                r(1, Claim::Reported, Some(1)),
            ],
        );
        assert_eq!(p.independent_sources(&e), 1);
        // A third paper reporting on its own, and a denial that does not count.
        let mut e2 = e.clone();
        e2.sources.push(r(4, Claim::Reported, None));
        e2.sources.push(r(3, Claim::Denied, Some(2)));
        assert_eq!(p.independent_sources(&e2), 2);
        // The denial turned into a claim: the third paper now relays Iranian TV.
        e2.sources.push(r(3, Claim::Claimed, Some(2)));
        assert_eq!(p.independent_sources(&e2), 2);
        e2.sources.push(r(3, Claim::Claimed, Some(1)));
        assert_eq!(p.independent_sources(&e2), 2);
    }
}
