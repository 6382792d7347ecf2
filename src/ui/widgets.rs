//! Small editing widgets that hand a change over once, not once per frame.
//!
//! Every change the editors make is one undoable edit, so a widget that changes a value
//! continuously (a text field as the user types, a colour picker or a slider as the user
//! drags) must not produce an edit per keystroke or per frame:
//!
//! - [`CommitField`] keeps its own text while the user types and returns it on Enter or
//!   when the field loses focus (Escape gives the old text back);
//! - [`Draft`] holds a colour or a size while the pointer is down and returns it when the
//!   pointer is released, so a drag in the colour picker or along a slider is one change.
//!
//! [`labelled`], [`swatch`] and [`hex`] are the shared helpers of the editors: a text field with the
//! accessible label egui's accessibility tree (and the UI tests) look for, a category's
//! colour swatch, and the `#rrggbb` form of a colour.

use egui::{Key, Response, TextEdit, Ui};

/// A single-line text field `width` wide with a label in front, linked to it for
/// accessibility. The width is allocated, not merely desired: in a grid's cell a field
/// would otherwise shrink to the cell's width of the frame before, and stay that narrow.
pub fn labelled(ui: &mut Ui, label: &str, text: &mut String, width: f32) -> Response {
    let l = ui.label(label);
    let height = ui.spacing().interact_size.y;
    ui.add_sized([width, height], TextEdit::singleline(text))
        .labelled_by(l.id)
}

/// A small round swatch of a colour, beside a category's name (the fonts have no "●").
pub fn swatch(ui: &mut Ui, c: [u8; 3]) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().circle(
        rect.center(),
        5.0,
        egui::Color32::from_rgb(c[0], c[1], c[2]),
        ui.visuals().widgets.noninteractive.fg_stroke,
    );
}

/// `#rrggbb` of an sRGB colour.
pub fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The sRGB colour of `#rrggbb`, or `None` when it is not one.
pub fn rgb(s: &str) -> Option<[u8; 3]> {
    crate::map::scene::parse_hex(s).map(|c| [c.r, c.g, c.b])
}

/// A text field for one value of one item (a place's name, a category's), applied on Enter
/// or when the field loses focus.
#[derive(Debug, Default)]
pub struct CommitField {
    /// The item whose value the text is.
    key: Option<u64>,
    text: String,
    /// Whether the field had the focus at the end of the last frame.
    editing: bool,
}

impl CommitField {
    /// Shows the field for `current`, the value of item `key`; returns the text the user
    /// committed when it differs from `current` (trimmed; an empty text is returned too,
    /// for the edit to refuse with its own message).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        label: &str,
        key: u64,
        current: &str,
        width: f32,
    ) -> Option<String> {
        // Outside typing, the field follows the value (another item, an undo).
        if self.key != Some(key) || !self.editing {
            self.key = Some(key);
            self.text = current.to_string();
        }
        let r = labelled(ui, label, &mut self.text, width);
        self.editing = r.has_focus();
        if !r.lost_focus() {
            return None;
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            self.text = current.to_string();
            return None;
        }
        let new = self.text.trim();
        (new != current).then(|| new.to_string())
    }
}

/// A value being dragged (a colour in the picker, a size on a slider) for one item, handed
/// over when the pointer is released.
#[derive(Debug, Default)]
pub struct Draft<T> {
    value: Option<(u64, T)>,
}

impl<T: Copy + PartialEq> Draft<T> {
    /// The value to show for item `key`: the draft while there is one, else `current`.
    pub fn get(&self, key: u64, current: T) -> T {
        match self.value {
            Some((k, v)) if k == key => v,
            _ => current,
        }
    }

    /// Records what the widget shows now (`shown`, for item `key`, whose value in the
    /// project is `current`) when the user `changed` it (a widget's own rounding is not a
    /// change); returns the value to apply once the pointer is up and it differs from
    /// `current`.
    pub fn update(&mut self, ui: &Ui, key: u64, changed: bool, shown: T, current: T) -> Option<T> {
        if changed {
            self.value = Some((key, shown));
        }
        let (k, v) = self.value?;
        if ui.input(|i| i.pointer.any_down()) {
            return None;
        }
        self.value = None;
        (k == key && v != current).then_some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame with these pointer events; returns what the draft handed over.
    fn frame(
        ctx: &egui::Context,
        draft: &mut Draft<f32>,
        press: Option<bool>,
        shown: f32,
        current: f32,
    ) -> Option<f32> {
        let mut input = egui::RawInput::default();
        let pos = egui::pos2(10.0, 10.0);
        input.events.push(egui::Event::PointerMoved(pos));
        if let Some(pressed) = press {
            input.events.push(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
        let mut out = None;
        let mut full = ctx.run_ui(input, |ui| {
            out = draft.update(ui, 1, shown != current, shown, current)
        });
        // No renderer takes the font atlas here.
        full.textures_delta.clear();
        out
    }

    #[test]
    fn a_drag_is_handed_over_once_when_the_pointer_is_released() {
        let ctx = egui::Context::default();
        let mut d = Draft::default();
        assert_eq!(frame(&ctx, &mut d, None, 1.0, 1.0), None);
        // Dragging from 1 to 2: nothing while the button is down, the draft is shown.
        assert_eq!(frame(&ctx, &mut d, Some(true), 1.5, 1.0), None);
        assert_eq!(d.get(1, 1.0), 1.5);
        assert_eq!(frame(&ctx, &mut d, None, 2.0, 1.0), None);
        assert_eq!(d.get(1, 1.0), 2.0);
        // Released: handed over once.
        assert_eq!(frame(&ctx, &mut d, Some(false), 2.0, 1.0), Some(2.0));
        assert_eq!(frame(&ctx, &mut d, None, 2.0, 2.0), None);
        // A draft of another item is not handed over as this one's.
        assert_eq!(frame(&ctx, &mut d, Some(true), 3.0, 2.0), None);
        assert_eq!(d.get(2, 5.0), 5.0);
        assert_eq!(frame(&ctx, &mut d, Some(false), 3.0, 2.0), Some(3.0));
    }

    #[test]
    fn colours_go_to_hex_and_back() {
        assert_eq!(hex([0xab, 0x01, 0xff]), "#ab01ff");
        assert_eq!(rgb("#ab01ff"), Some([0xab, 0x01, 0xff]));
        assert_eq!(rgb("red"), None);
        assert_eq!(rgb("#ab01f"), None);
    }
}
