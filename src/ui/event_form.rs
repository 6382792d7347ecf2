//! The event editor's form as plain data: what the user is typing for an event, checked
//! and turned into one [`Edit::AddEvent`] or [`Edit::UpdateEvent`].
//!
//! No egui here, so the rules are unit-tested: [`parse_when`] reads the date fields with
//! [`PartialDate::parse`] (`2020-01-08`, `2020-01`, `2020`, `--01-08`), and
//! [`EventForm::problems`] says in words what stops the form from being saved (a missing
//! title or type, a date that is not one, an end before the start, a place or source that
//! an undo took away meanwhile). What the form does not show (the evidence in the text,
//! the relations, the provenance) is kept from the event as it was.

use crate::document::PartialDate;
use crate::project::edit::Edit;
use crate::project::{Actor, Event, Project, Provenance, SourceRef, When};

/// The event being written or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct EventForm {
    /// The event as it was (a blank one for a new event).
    base: Event,
    /// Whether this is a new event (saved with [`Edit::AddEvent`]).
    pub is_new: bool,
    pub title: String,
    pub summary: String,
    /// The event type ("attack", "protest"...).
    pub kind: String,
    /// The date fields, as typed.
    pub start: String,
    pub end: String,
    /// Place ids.
    pub places: Vec<u32>,
    pub actors: Vec<Actor>,
    pub sources: Vec<SourceRef>,
    pub notes: String,
}

impl EventForm {
    /// A blank event at `place`.
    pub fn new_at(place: u32) -> EventForm {
        let base = Event {
            id: 0,
            title: String::new(),
            summary: String::new(),
            kind: String::new(),
            when: None,
            places: vec![place],
            actors: Vec::new(),
            evidence: Vec::new(),
            sources: Vec::new(),
            provenance: Provenance::User,
            notes: String::new(),
        };
        EventForm {
            is_new: true,
            ..EventForm::edit(&base)
        }
    }

    /// The form of an existing event.
    pub fn edit(e: &Event) -> EventForm {
        EventForm {
            base: e.clone(),
            is_new: false,
            title: e.title.clone(),
            summary: e.summary.clone(),
            kind: e.kind.clone(),
            start: e.when.map(|w| w.start.to_iso()).unwrap_or_default(),
            end: e
                .when
                .and_then(|w| w.end)
                .map(|d| d.to_iso())
                .unwrap_or_default(),
            places: e.places.clone(),
            actors: e.actors.clone(),
            sources: e.sources.clone(),
            notes: e.notes.clone(),
        }
    }

    /// The id of the event edited (`None` for a new one).
    pub fn id(&self) -> Option<u32> {
        (!self.is_new).then_some(self.base.id)
    }

    /// What stops the form from being saved, in words; empty when it can be saved.
    pub fn problems(&self, project: &Project) -> Vec<String> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push("The event needs a title.".to_string());
        }
        if self.kind.trim().is_empty() {
            out.push("The event needs a type (choose one or type your own).".to_string());
        }
        if let Err(e) = parse_when(&self.start, &self.end) {
            out.push(e);
        }
        if self.places.is_empty() {
            out.push("The event needs a place.".to_string());
        }
        for &p in &self.places {
            if project.place(p).is_none() {
                out.push(format!(
                    "Place #{p} is no longer in the project: remove it from the event."
                ));
            }
        }
        for s in &self.sources {
            if !project.sources.iter().any(|x| x.id == s.source) {
                out.push(format!(
                    "Source #{} is no longer in the project: remove it from the event.",
                    s.source
                ));
            }
        }
        if self.actors.iter().any(|a| a.name.trim().is_empty()) {
            out.push("Every actor needs a name (or remove the empty one).".to_string());
        }
        if let Some(id) = self.id()
            && !project.events.iter().any(|e| e.id == id)
        {
            out.push("This event was deleted meanwhile (Undo brings it back).".to_string());
        }
        out
    }

    /// The event as the form describes it (the id is the edited event's).
    pub fn event(&self) -> Result<Event, String> {
        let when = parse_when(&self.start, &self.end)?;
        let actors = self
            .actors
            .iter()
            .map(|a| Actor {
                name: a.name.trim().to_string(),
                role: a.role.trim().to_string(),
                ..a.clone()
            })
            .collect();
        Ok(Event {
            title: self.title.trim().to_string(),
            summary: self.summary.trim().to_string(),
            kind: self.kind.trim().to_string(),
            when,
            places: self.places.clone(),
            actors,
            sources: self.sources.clone(),
            notes: self.notes.trim().to_string(),
            ..self.base.clone()
        })
    }

    /// The edit that saves the form, or what stops it.
    pub fn to_edit(&self, project: &Project) -> Result<Edit, String> {
        if let Some(p) = self.problems(project).into_iter().next() {
            return Err(p);
        }
        let e = self.event()?;
        Ok(if self.is_new {
            Edit::AddEvent(e)
        } else {
            Edit::UpdateEvent(e)
        })
    }

    /// Adds a place to the event (once).
    pub fn add_place(&mut self, place: u32) {
        if !self.places.contains(&place) {
            self.places.push(place);
        }
    }

    /// Adds a source to the event (once), with its claim.
    pub fn add_source(&mut self, source: u32, claim: crate::project::Claim) {
        if !self.sources.iter().any(|s| s.source == source) {
            self.sources.push(SourceRef {
                source,
                claim,
                via: None,
            });
        }
    }
}

/// What the date fields say: nothing (an unknown date), a date, or a range. `start` and
/// `end` take the ISO forms of [`PartialDate::parse`]; the message names the field and the
/// forms expected.
pub fn parse_when(start: &str, end: &str) -> Result<Option<When>, String> {
    let (start, end) = (start.trim(), end.trim());
    let read = |s: &str, which: &str| {
        PartialDate::parse(s).ok_or_else(|| {
            format!(
                "The {which} date \"{s}\" is not a date: write YYYY-MM-DD, YYYY-MM, YYYY or \
                 --MM-DD (a day without its year)."
            )
        })
    };
    if start.is_empty() {
        if end.is_empty() {
            return Ok(None);
        }
        return Err("An end date needs a start date.".to_string());
    }
    let s = read(start, "start")?;
    let e = if end.is_empty() {
        None
    } else {
        Some(read(end, "end")?)
    };
    if let Some(e) = e
        && ends_before(&s, &e)
    {
        return Err(format!("The end date {e} is before the start date {s}."));
    }
    Ok(Some(When { start: s, end: e }))
}

/// Whether `end` is before `start`, comparing what both dates know (year, then month, then
/// day). Dates of which only one has a year are not compared.
fn ends_before(start: &PartialDate, end: &PartialDate) -> bool {
    if start.year.is_some() != end.year.is_some() {
        return false;
    }
    let parts = |d: &PartialDate| [d.year, d.month.map(i32::from), d.day.map(i32::from)];
    for (a, b) in parts(start).into_iter().zip(parts(end)) {
        match (a, b) {
            (Some(a), Some(b)) if a != b => return b < a,
            (Some(_), Some(_)) | (None, None) => continue,
            // One date stops here: they agree as far as both go.
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Claim;

    fn d(y: Option<i32>, m: Option<u8>, dd: Option<u8>) -> PartialDate {
        PartialDate::new(y, m, dd).unwrap()
    }

    #[test]
    fn dates_with_their_precision() {
        assert_eq!(parse_when("", ""), Ok(None));
        assert_eq!(parse_when("  ", " "), Ok(None));
        let day = parse_when("2020-01-08", "").unwrap().unwrap();
        assert_eq!(day.start, d(Some(2020), Some(1), Some(8)));
        assert_eq!(day.end, None);
        let month = parse_when("2020-01", "").unwrap().unwrap();
        assert_eq!(month.start, d(Some(2020), Some(1), None));
        let year = parse_when(" 2020 ", "").unwrap().unwrap();
        assert_eq!(year.start, d(Some(2020), None, None));
        let no_year = parse_when("--01-08", "").unwrap().unwrap();
        assert_eq!(no_year.start, d(None, Some(1), Some(8)));
        let range = parse_when("2020-01-03", "2020-01-08").unwrap().unwrap();
        assert_eq!(range.end, Some(d(Some(2020), Some(1), Some(8))));
        // A month to a day in it, and a range without years.
        assert!(parse_when("2020-01", "2020-01-20").is_ok());
        assert!(parse_when("--01-03", "--01-08").is_ok());
    }

    #[test]
    fn bad_dates_say_what_to_write() {
        let e = parse_when("8 janvier", "").unwrap_err();
        assert!(
            e.contains("\"8 janvier\"") && e.contains("YYYY-MM-DD"),
            "{e}"
        );
        assert!(parse_when("2020-02-30", "").is_err());
        assert!(parse_when("2020-13", "").is_err());
        let e = parse_when("2020-01-08", "soon").unwrap_err();
        assert!(e.contains("end date \"soon\""), "{e}");
        assert!(parse_when("", "2020").unwrap_err().contains("start date"));
        let e = parse_when("2020-01-08", "2020-01-03").unwrap_err();
        assert!(e.contains("before"), "{e}");
        assert!(parse_when("2021", "2020-06").is_err());
        assert!(parse_when("--03-01", "--02-01").is_err());
    }

    #[test]
    fn a_new_event_needs_a_title_a_type_and_a_place() {
        let mut p = Project::new("en");
        let f = EventForm::new_at(7);
        let problems = f.problems(&p);
        assert!(problems.iter().any(|x| x.contains("title")));
        assert!(problems.iter().any(|x| x.contains("type")));
        assert!(problems.iter().any(|x| x.contains("Place #7")));
        assert!(f.to_edit(&p).is_err());
        p.places.push(crate::project::Place {
            id: 7,
            name: "Erbil".into(),
            names: Vec::new(),
            kind: crate::project::PlaceKind::City,
            point: crate::project::LatLon {
                lat: 36.19,
                lon: 44.01,
            },
            country: None,
            gazetteer_ref: None,
            rank: 100,
            resolution: crate::project::Resolution::Manual,
            category: None,
            style: None,
        });
        p.sources.push(crate::project::Source {
            id: 2,
            name: "Reuters".into(),
            kind: "agency".into(),
            doc: None,
        });
        let mut f = EventForm::new_at(7);
        f.title = " Missiles hit Erbil ".into();
        f.kind = "missile_strike".into();
        f.start = "2020-01-08".into();
        f.add_source(2, Claim::Denied);
        f.add_source(2, Claim::Reported);
        assert_eq!(f.problems(&p), Vec::<String>::new());
        let Ok(Edit::AddEvent(e)) = f.to_edit(&p) else {
            panic!("not an AddEvent");
        };
        assert_eq!(e.title, "Missiles hit Erbil");
        assert_eq!(e.sources.len(), 1);
        assert_eq!(e.sources[0].claim, Claim::Denied);
        assert_eq!(e.when.unwrap().start, d(Some(2020), Some(1), Some(8)));
        // Editing keeps the id and what the form does not show.
        let mut saved = e.clone();
        saved.id = 4;
        saved.evidence.push(crate::project::Evidence {
            doc: 0,
            start: 1,
            end: 5,
        });
        p.events.push(saved.clone());
        let mut f = EventForm::edit(&saved);
        assert_eq!(f.start, "2020-01-08");
        f.start = "2020-01".into();
        let Ok(Edit::UpdateEvent(e2)) = f.to_edit(&p) else {
            panic!("not an UpdateEvent");
        };
        assert_eq!(e2.id, 4);
        assert_eq!(e2.evidence, saved.evidence);
        assert_eq!(e2.when.unwrap().start, d(Some(2020), Some(1), None));
        // An event deleted meanwhile cannot be saved over.
        p.events.clear();
        assert!(f.to_edit(&p).unwrap_err().contains("deleted"));
    }
}
