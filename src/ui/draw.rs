//! Drawing on the map: the tools that add a pin, an arrow, a line, an area, a label or a
//! callout by clicking the map.
//!
//! [`Drawer`] is a small state machine fed with what the map widget reports
//! ([`MapResponse`]): the clicks of the active tool collect anchors (a pin under the pointer
//! anchors to its place, so an arrow from Iran to Al Asad follows the pins if they move;
//! elsewhere a point), and when a shape is complete it becomes one
//! [`Edit`] for the app to apply through the undo history. Pins, labels and callouts ask for
//! their text in a small window first. While a shape is being drawn its preview follows the
//! pointer. Keys: Enter (or a double-click) finishes a line or an area, Backspace removes its
//! last point, Escape cancels the shape, then the tool.

use egui::{Color32, Key, Pos2, Stroke, Ui};

use super::map_view::{MapPoint, MapResponse, MapView};
use crate::project::edit::{Edit, NewPlace};
use crate::project::{Anchor, Drawing, LatLon, PlaceKind, Project, Shape, Style};

/// The map's tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Select, pan, drag the selected pin.
    Select,
    Pin,
    Arrow,
    Line,
    Area,
    Label,
    Callout,
}

impl Tool {
    /// Every tool, in the toolbar's order.
    pub const ALL: [Tool; 7] = [
        Tool::Select,
        Tool::Pin,
        Tool::Arrow,
        Tool::Line,
        Tool::Area,
        Tool::Label,
        Tool::Callout,
    ];

    /// The toolbar button's text.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Pin => "Pin",
            Tool::Arrow => "Arrow",
            Tool::Line => "Line",
            Tool::Area => "Area",
            Tool::Label => "Label",
            Tool::Callout => "Callout",
        }
    }

    /// What the tool does, for the button's tooltip.
    fn tip(self) -> &'static str {
        match self {
            Tool::Select => "Click a pin to select it; drag the selected pin to move it",
            Tool::Pin => "Add a place where you click",
            Tool::Arrow => "An arrow from a pin or point to another",
            Tool::Line => "A line through the points you click",
            Tool::Area => "An area: the polygon of the points you click",
            Tool::Label => "A text on the map",
            Tool::Callout => "A text in a box, pointing at a pin or point",
        }
    }
}

/// A shape waiting for its text.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Pin(LatLon),
    Label(LatLon),
    Callout(Anchor, LatLon),
}

/// The text window of a pending shape.
#[derive(Debug, Clone, PartialEq)]
struct Prompt {
    pending: Pending,
    text: String,
}

/// The active tool and the shape being drawn.
#[derive(Debug, Clone)]
pub struct Drawer {
    tool: Tool,
    /// The anchors clicked so far for the shape being drawn.
    points: Vec<Anchor>,
    prompt: Option<Prompt>,
    /// The style of new drawings.
    pub style: Style,
}

impl Default for Drawer {
    fn default() -> Drawer {
        Drawer {
            tool: Tool::Select,
            points: Vec::new(),
            prompt: None,
            style: Style::default(),
        }
    }
}

/// The anchor of a click: the pin's place, else the point.
fn anchor_of(p: &MapPoint) -> Anchor {
    p.place.map_or(Anchor::Point(p.at), Anchor::Place)
}

impl Drawer {
    /// Makes `tool` the active one; a shape being drawn is dropped.
    pub fn set_tool(&mut self, tool: Tool) {
        self.tool = tool;
        self.points.clear();
        self.prompt = None;
    }

    /// Whether a tool other than Select is active (the map reports clicks to it).
    pub fn is_drawing(&self) -> bool {
        self.tool != Tool::Select
    }

    /// What to do next, for the hint under the toolbar.
    pub fn hint(&self) -> Option<&'static str> {
        let n = self.points.len();
        Some(match (self.tool, n) {
            (Tool::Select, _) => return None,
            (_, _) if self.prompt.is_some() => "Type the text, then Enter",
            (Tool::Pin, _) => "Click where the new place is",
            (Tool::Arrow, 0) => "Click where the arrow starts (a pin or any point)",
            (Tool::Arrow, _) => "Click where the arrow ends",
            (Tool::Line, 0) | (Tool::Area, 0) => "Click the first point",
            (Tool::Line, 1) => "Click the next point",
            (Tool::Line, _) => "Next point; double-click or Enter to finish",
            (Tool::Area, 1 | 2) => "Click the next point",
            (Tool::Area, _) => "Next point; double-click or Enter to close the area",
            (Tool::Label, _) => "Click where the label goes",
            (Tool::Callout, 0) => "Click what the callout points at (a pin or any point)",
            (Tool::Callout, _) => "Click where its text goes",
        })
    }

    /// The tool buttons over the map's top-left corner, and the hint below them.
    pub fn toolbar(&mut self, ui: &mut Ui, map_rect: egui::Rect) {
        let at = map_rect.min + egui::vec2(10.0, 10.0);
        egui::Area::new(egui::Id::unique("dateline-map-tools"))
            .fixed_pos(at)
            .order(egui::Order::Middle)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for t in Tool::ALL {
                            if ui
                                .selectable_label(self.tool == t, t.name())
                                .on_hover_text(t.tip())
                                .clicked()
                            {
                                self.set_tool(t);
                            }
                        }
                    });
                    if let Some(h) = self.hint() {
                        ui.weak(h);
                    }
                });
            });
    }

    /// Feeds the map's input to the tool (and the keys, when no text field has the focus);
    /// returns the edit of a completed shape.
    pub fn handle(
        &mut self,
        r: &MapResponse,
        ctx: &egui::Context,
        project: &Project,
    ) -> Option<Edit> {
        if self.tool == Tool::Select {
            return None;
        }
        if self.prompt.is_none() && !ctx.text_edit_focused() {
            let (esc, enter, back) = ctx.input(|i| {
                (
                    i.key_pressed(Key::Escape),
                    i.key_pressed(Key::Enter),
                    i.key_pressed(Key::Backspace),
                )
            });
            if esc {
                if self.points.is_empty() {
                    self.set_tool(Tool::Select);
                } else {
                    self.points.clear();
                }
                return None;
            }
            if back {
                self.points.pop();
            }
            if enter || r.double_clicked {
                return self.finish(project);
            }
        }
        if self.prompt.is_some() {
            return None;
        }
        let click = r.clicked_at?;
        match self.tool {
            Tool::Select => None,
            Tool::Pin => {
                self.ask(Pending::Pin(click.at));
                None
            }
            Tool::Label => {
                self.ask(Pending::Label(click.at));
                None
            }
            Tool::Callout => {
                if let Some(a) = self.points.first().cloned() {
                    self.points.clear();
                    self.ask(Pending::Callout(a, click.at));
                } else {
                    self.points.push(anchor_of(&click));
                }
                None
            }
            Tool::Arrow => {
                let to = anchor_of(&click);
                match self.points.first().cloned() {
                    // A second click on the start is not an arrow.
                    Some(from) if from != to => {
                        self.points.clear();
                        Some(self.drawing(Shape::Arrow { from, to }, None))
                    }
                    Some(_) => None,
                    None => {
                        self.points.push(to);
                        None
                    }
                }
            }
            Tool::Line | Tool::Area => {
                self.points.push(Anchor::Point(click.at));
                None
            }
        }
    }

    fn ask(&mut self, pending: Pending) {
        self.prompt = Some(Prompt {
            pending,
            text: String::new(),
        });
    }

    fn drawing(&self, shape: Shape, text: Option<String>) -> Edit {
        Edit::AddDrawing(Drawing {
            id: 0,
            shape,
            text,
            style: self.style.clone(),
            events: Vec::new(),
        })
    }

    /// Ends a line or an area with the points clicked so far (two for a line, three for an
    /// area); returns its edit.
    fn finish(&mut self, project: &Project) -> Option<Edit> {
        let points: Vec<LatLon> = self
            .points
            .iter()
            .filter_map(|a| project.anchor_point(a))
            .collect();
        let shape = match self.tool {
            Tool::Line if points.len() >= 2 => Shape::Line { points },
            Tool::Area if points.len() >= 3 => Shape::Polygon { points },
            _ => return None,
        };
        self.points.clear();
        Some(self.drawing(shape, None))
    }

    /// The text window of a pin, label or callout being placed; returns its edit when the
    /// text is given.
    pub fn prompt_window(&mut self, ctx: &egui::Context) -> Option<Edit> {
        let prompt = self.prompt.as_mut()?;
        let title = match prompt.pending {
            Pending::Pin(_) => "New place",
            Pending::Label(_) => "Label",
            Pending::Callout(..) => "Callout",
        };
        let mut done = false;
        let mut cancel = false;
        egui::Window::new(title)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
            .show(ctx, |ui| {
                ui.label(match prompt.pending {
                    Pending::Pin(_) => "Name of the place:",
                    _ => "Text:",
                });
                let r = ui.text_edit_singleline(&mut prompt.text);
                if !r.has_focus() && !r.lost_focus() {
                    r.request_focus();
                }
                let entered = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.horizontal(|ui| {
                    let ok = !prompt.text.trim().is_empty();
                    done = ui.add_enabled(ok, egui::Button::new("OK")).clicked() || (entered && ok);
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            cancel = true;
        }
        if cancel {
            self.prompt = None;
            return None;
        }
        if !done {
            return None;
        }
        let Prompt { pending, text } = self.prompt.take()?;
        let text = text.trim().to_string();
        Some(match pending {
            Pending::Pin(point) => Edit::AddPlace(NewPlace::Point {
                name: text,
                kind: PlaceKind::Other,
                point,
            }),
            Pending::Label(at) => self.drawing(Shape::Label { at }, Some(text)),
            Pending::Callout(at, text_at) => {
                self.drawing(Shape::Callout { at, text_at }, Some(text))
            }
        })
    }

    /// Paints the shape being drawn: its points, and a line on to the pointer.
    pub fn preview(&self, ui: &Ui, map: &MapView, project: &Project, pointer: Option<MapPoint>) {
        if self.tool == Tool::Select || self.prompt.is_some() {
            return;
        }
        let Some(clip) = map.rect() else {
            return;
        };
        let painter = ui.painter_at(clip);
        let color = super::paint::color(crate::map::scene::drawing_color(&self.style.color));
        let mut pts: Vec<Pos2> = self
            .points
            .iter()
            .filter_map(|a| project.anchor_point(a))
            .filter_map(|p| map.screen_pos(p))
            .collect();
        let fixed = pts.len();
        if let Some(p) = pointer.and_then(|p| map.screen_pos(p.at)) {
            pts.push(p);
        }
        let stroke = Stroke::new(self.style.width.max(1.0), color);
        for w in pts.windows(2) {
            painter.line_segment([w[0], w[1]], stroke);
        }
        if self.tool == Tool::Area && pts.len() >= 3 {
            let closing = Stroke::new(stroke.width, color.gamma_multiply(0.5));
            painter.line_segment([pts[pts.len() - 1], pts[0]], closing);
        }
        for p in &pts[..fixed] {
            painter.circle(*p, 4.0, Color32::WHITE, stroke);
        }
    }
}
