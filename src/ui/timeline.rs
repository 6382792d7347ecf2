//! The timeline along the bottom: the project's events on a date axis, and their list.
//!
//! The axis places every dated event at its date (a range event spans its days), numbered
//! like the exported event key. Dragging across the axis chooses a date range: the map then
//! keeps only the places of the events that overlap it (through the scene's `only_places`
//! option), and the list dims the others; a click on the axis's background, or "Show all",
//! clears it. A click on an event (on the axis or in the list) selects its first place.
//!
//! Dates are partial: an event dated "8 janvier" in an undated article has no year. On the
//! axis such dates take the year most dated events have (or the documents'), which keeps
//! them in order with the others; labels never show a year the text did not give.
//! Undated events are not on the axis and are left out while a range is chosen.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, vec2};

use super::edits::Action;
use crate::document::{PartialDate, days_in_month};
use crate::events::dates::{day_number, from_day_number};
use crate::map::scene::{event_numbers, format_date};
use crate::project::{Event, Project, When};

/// The strip's state: the chosen range (in day numbers, see
/// [`crate::events::dates::day_number`]).
#[derive(Debug, Default)]
pub struct Timeline {
    pub range: Option<(i64, i64)>,
    /// Where a drag on the axis started.
    drag_from: Option<i64>,
}

/// First and last day a partial date covers, its missing year taken as `year`.
fn date_days(d: &PartialDate, year: i32) -> Option<(i64, i64)> {
    let y = d.year.unwrap_or(year);
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let n = day_number(y, m, day);
            Some((n, n))
        }
        (Some(m), None) => Some((
            day_number(y, m, 1),
            day_number(y, m, days_in_month(Some(y), m)),
        )),
        (None, _) if d.year.is_some() => Some((day_number(y, 1, 1), day_number(y, 12, 31))),
        _ => None,
    }
}

/// The days an event covers.
pub fn event_days(w: &When, year: i32) -> Option<(i64, i64)> {
    let (s, e) = date_days(&w.start, year)?;
    let e = w
        .end
        .and_then(|end| date_days(&end, year))
        .map_or(e, |(_, e2)| e2.max(s));
    Some((s, e))
}

/// Whether an event overlaps a range of days.
fn in_range(e: &Event, range: (i64, i64), year: i32) -> bool {
    e.when
        .and_then(|w| event_days(&w, year))
        .is_some_and(|(s, t)| s <= range.1 && range.0 <= t)
}

/// How an undated event reads in the project's language.
fn undated(lang: &str) -> &'static str {
    if lang == "fr" { "sans date" } else { "undated" }
}

impl Timeline {
    /// The places the range keeps, when one is chosen.
    pub fn only_places(&self, project: &Project) -> Option<Vec<u32>> {
        let range = self.range?;
        let year = project.default_year();
        let mut ids: Vec<u32> = project
            .events
            .iter()
            .filter(|e| in_range(e, range, year))
            .flat_map(|e| e.places.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }

    /// Chooses a range of days (or none).
    pub fn set_range(&mut self, range: Option<(i64, i64)>) {
        self.range = range.map(|(a, b)| (a.min(b), a.max(b)));
    }

    /// Draws the strip; returns what the user asked for.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, selected: Option<u32>) -> Vec<Action> {
        let mut actions = Vec::new();
        let n = project.events.len();
        let year = project.default_year();
        let lang = project.lang.as_str();
        ui.horizontal(|ui| {
            ui.strong(format!("Timeline ({n} events)"));
            match self.range {
                Some((a, b)) => {
                    let (label_a, label_b) = (day_label(a, lang), day_label(b, lang));
                    let kept = project
                        .events
                        .iter()
                        .filter(|e| in_range(e, (a, b), year))
                        .count();
                    ui.label(format!("showing {label_a} – {label_b} ({kept})"));
                    if ui.small_button("Show all").clicked() {
                        self.range = None;
                    }
                }
                None if n > 0 => {
                    ui.weak("Drag along the axis to show only the events of those days.");
                }
                None => {}
            }
        });
        if n == 0 {
            ui.weak("No events found in the articles yet.");
            return actions;
        }
        let numbers = event_numbers(project, year);
        self.axis(ui, project, &numbers, year, &mut actions);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| numbers[i]);
        egui::ScrollArea::horizontal()
            .id_salt("timeline")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for i in order {
                        let e = &project.events[i];
                        let num = numbers[i];
                        let date = e
                            .when
                            .map(|w| format_date(&w.start, lang))
                            .unwrap_or_else(|| undated(lang).into());
                        let kept = self.range.is_none_or(|r| in_range(e, r, year));
                        let here = selected.is_some_and(|s| e.places.contains(&s));
                        let mut text = RichText::new(format!("{num}. {date} · {}", e.title));
                        if !kept {
                            text = text.weak();
                        }
                        let r = ui
                            .add(egui::Button::new(text).selected(here))
                            .on_hover_text(e.summary.as_str());
                        if r.clicked()
                            && let Some(p) = e.places.first()
                        {
                            actions.push(Action::Select(Some(*p)));
                        }
                    }
                });
            });
        actions
    }

    /// The date axis with the dated events, and the drag that chooses a range.
    fn axis(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        numbers: &[usize],
        year: i32,
        actions: &mut Vec<Action>,
    ) {
        let spans: Vec<(usize, (i64, i64))> = project
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, event_days(&e.when?, year)?)))
            .collect();
        let (rect, response) =
            ui.allocate_exact_size(vec2(ui.available_width(), 58.0), Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        let vis = ui.visuals();
        painter.rect_filled(rect, 3.0, vis.extreme_bg_color);
        if spans.is_empty() {
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                "No dated events",
                FontId::proportional(12.0),
                vis.weak_text_color(),
            );
            return;
        }
        let lo = spans.iter().map(|(_, (s, _))| *s).min().unwrap_or(0) - 1;
        let hi = spans.iter().map(|(_, (_, e))| *e).max().unwrap_or(0) + 1;
        let margin = 14.0;
        let (x0, x1) = (rect.left() + margin, rect.right() - margin);
        let scale = (x1 - x0) / (hi - lo).max(1) as f32;
        let x_of = |d: i64| x0 + (d - lo) as f32 * scale;
        let day_at = |x: f32| lo + ((x - x0) / scale).round() as i64;
        let base = rect.bottom() - 16.0;
        // The chosen range.
        if let Some((a, b)) = self.range {
            let r = Rect::from_x_y_ranges(
                x_of(a) - scale / 2.0..=x_of(b) + scale / 2.0,
                rect.y_range(),
            );
            painter.rect_filled(r, 0.0, vis.selection.bg_fill.gamma_multiply(0.35));
        }
        // The axis, with a tick and a label every ~90 px.
        painter.line_segment(
            [Pos2::new(x0, base), Pos2::new(x1, base)],
            Stroke::new(1.0, vis.weak_text_color()),
        );
        let step = ((90.0 / scale).ceil() as i64).max(1);
        let mut d = lo + 1;
        while d < hi {
            let x = x_of(d);
            painter.line_segment(
                [Pos2::new(x, base - 3.0), Pos2::new(x, base + 3.0)],
                Stroke::new(1.0, vis.weak_text_color()),
            );
            painter.text(
                Pos2::new(x, base + 4.0),
                Align2::CENTER_TOP,
                day_label(d, &project.lang),
                FontId::proportional(10.0),
                vis.weak_text_color(),
            );
            d += step;
        }
        // The events, in two lanes when they crowd.
        let mut last_x = [f32::NEG_INFINITY; 2];
        let mut hovered_event = None;
        let pointer = response.hover_pos();
        for (i, (s, e)) in &spans {
            let (xa, xb) = (x_of(*s), x_of(*e));
            let x = (xa + xb) / 2.0;
            let lane = usize::from(x - last_x[0] < 20.0 && x - last_x[1] >= 20.0);
            last_x[lane] = x;
            let y = base - 11.0 - lane as f32 * 19.0;
            let kept = self.range.is_none_or(|r| *s <= r.1 && r.0 <= *e);
            let color = if kept {
                Color32::from_rgb(192, 57, 43)
            } else {
                vis.weak_text_color()
            };
            if xb - xa > 2.0 {
                painter.line_segment(
                    [Pos2::new(xa, y), Pos2::new(xb, y)],
                    Stroke::new(3.0, color.gamma_multiply(0.6)),
                );
            }
            let c = Pos2::new(x, y);
            painter.circle_filled(c, 8.0, color);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                numbers[*i].to_string(),
                FontId::proportional(10.0),
                Color32::WHITE,
            );
            if pointer.is_some_and(|p| p.distance(c) <= 9.0) {
                hovered_event = Some(*i);
            }
        }
        if let Some(i) = hovered_event {
            let e = &project.events[i];
            let date = e
                .when
                .map(|w| format_date(&w.start, &project.lang))
                .unwrap_or_default();
            response
                .clone()
                .on_hover_text_at_pointer(format!("{date} · {}\n{}", e.title, e.summary));
        }
        // Dragging chooses a range; a click selects an event or clears the range.
        if response.drag_started()
            && let Some(p) = response.interact_pointer_pos()
        {
            self.drag_from = Some(day_at(p.x).clamp(lo, hi));
        }
        if response.dragged()
            && let (Some(from), Some(p)) = (self.drag_from, response.interact_pointer_pos())
        {
            let to = day_at(p.x).clamp(lo, hi);
            self.set_range(Some((from, to)));
        }
        if response.drag_stopped() {
            self.drag_from = None;
        }
        if response.clicked() {
            match hovered_event.and_then(|i| project.events[i].places.first()) {
                Some(p) => actions.push(Action::Select(Some(*p))),
                None => self.range = None,
            }
        }
    }
}

/// A day's label: "8 janv." / "Jan 8" (the year is not repeated on the axis).
fn day_label(days: i64, lang: &str) -> String {
    let (_, m, d) = from_day_number(days);
    let date = PartialDate {
        year: None,
        month: Some(m),
        day: Some(d),
    };
    format_date(&date, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(2020, 1, 8) - day_number(2020, 1, 3), 5);
        assert_eq!(day_number(2020, 3, 1) - day_number(2020, 2, 28), 2); // leap year
        for d in [1000, 700_000, 737_000, 737_500] {
            let (y, m, dd) = from_day_number(d);
            assert_eq!(day_number(y, m, dd), d);
        }
        assert_eq!(days_in_month(Some(2020), 2), 29);
        assert_eq!(days_in_month(Some(2021), 2), 28);
    }

    #[test]
    fn a_range_keeps_the_places_of_the_events_it_overlaps() {
        // Events built from JSON, as a project file holds them.
        let ev = |id: u32, when: &str, place: u32| -> Event {
            let json = format!(
                r#"{{"id":{id},"title":"t","summary":"s","kind":"attack","when":{when},"places":[{place}]}}"#
            );
            serde_json::from_str(&json).unwrap()
        };
        let mut p = Project::new("fr");
        p.events = vec![
            ev(0, r#"{"start":{"year":2020,"month":1,"day":3}}"#, 10),
            ev(1, r#"{"start":{"month":1,"day":8}}"#, 11),
            ev(
                2,
                r#"{"start":{"year":2020,"month":1,"day":29},"end":{"year":2020,"month":2,"day":2}}"#,
                12,
            ),
            ev(3, "null", 13),
        ];
        let mut t = Timeline::default();
        assert_eq!(t.only_places(&p), None);
        // 5 to 10 January: the undated-year 8 January event (read in 2020) only.
        t.set_range(Some((day_number(2020, 1, 10), day_number(2020, 1, 5))));
        assert_eq!(t.only_places(&p), Some(vec![11]));
        // 1 February overlaps the range event; the undated event is never kept.
        t.set_range(Some((day_number(2020, 2, 1), day_number(2020, 2, 1))));
        assert_eq!(t.only_places(&p), Some(vec![12]));
        t.set_range(Some((day_number(2019, 1, 1), day_number(2021, 1, 1))));
        assert_eq!(t.only_places(&p), Some(vec![10, 11, 12]));
        assert_eq!(p.default_year(), 2020);
        // The numbers follow the axis: 8 January (year unknown, read in 2020) comes between
        // 3 and 29 January; the undated event is last.
        assert_eq!(event_numbers(&p, p.default_year()), vec![1, 2, 3, 4]);
        p.events[0].when =
            serde_json::from_str(r#"{"start":{"year":2020,"month":1,"day":20}}"#).unwrap();
        assert_eq!(event_numbers(&p, p.default_year()), vec![2, 1, 3, 4]);
    }

    #[test]
    fn partial_dates_cover_their_days() {
        let jan = PartialDate {
            year: None,
            month: Some(1),
            day: None,
        };
        let (s, e) = date_days(&jan, 2020).unwrap();
        assert_eq!(e - s, 30);
        let y = PartialDate {
            year: Some(2019),
            month: None,
            day: None,
        };
        let (s, e) = date_days(&y, 2020).unwrap();
        assert_eq!((s, e), (day_number(2019, 1, 1), day_number(2019, 12, 31)));
        assert!(date_days(&PartialDate::default(), 2020).is_none());
    }
}
