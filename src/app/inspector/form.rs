//! The form every inspector panel is drawn with: labelled rows for numbers, text, choices and
//! switches, their typed-text buffers, collapsing sections that count their problems, and how
//! a typed number is parsed and checked against its catalogue rule.
//!
//! Numeric fields are text fields, not drag values: planners type figures from reports
//! ("2,650.5", "410.96e9"), and a typo must be shown with its reason rather than silently
//! clamped. The typed text lives in [`InspectorState`] until it parses and passes the field's
//! rule; only then does the field push an edit. Values apply as they are typed, so text that
//! turns invalid puts the project back to the value the field had when the entry began (the
//! first keystroke, or one replacing the whole text): what a field shows as refused is never
//! in the project, even when a keystroke on the way was valid ("15" on the way to "150").

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use egui::collapsing_header::{CollapsingState, paint_default_icon};
use egui::{
    Align, Button, Color32, ComboBox, Id, Label, Layout, NumExt as _, Response, RichText, Sense,
    TextEdit, TextStyle, TextWrapMode, Ui, WidgetInfo, WidgetText, pos2, vec2,
};

use crate::calc::{Period, Results};
use crate::model::Currency;
#[cfg(test)]
pub(super) use crate::model::catalogue::typed_number::parse_number;
pub(super) use crate::model::catalogue::typed_number::parse_value;
use crate::model::catalogue::{Field, Rule, Units};
use crate::model::edit::Edit;
use crate::model::validate::{Problem, Severity};
use crate::report::format::{self, MoneyDisplay};

use crate::app::action::Action;

/// Text being typed into fields, kept until it parses (so "12." or "abc" is never lost).
#[derive(Debug, Default)]
pub struct InspectorState {
    /// Text of numeric fields that differs from what the project holds: being typed, or invalid.
    buffers: HashMap<String, FieldBuffer>,
    /// Merge-key prefix of the stage or link the inspector showed last ("stage:mine:"), so
    /// text typed for one selection is dropped when another is shown.
    pub(super) shown: Option<String>,
    /// Stage field picked in the "Add a source for" combo, waiting for "Add note".
    pub(super) new_source_field: Option<String>,
    /// Key of a field to focus on the next frame (a source note just added).
    pub(super) focus_next: Option<String>,
    /// Name typed for the next commodity of the price deck, waiting for "Add commodity".
    pub(super) new_commodity: String,
    /// Text typed into fields whose values differ between the selected stages ("mixed"),
    /// with why it is refused, if it is; applied to all of them on Enter.
    pub(super) mixed: HashMap<String, (String, Option<String>)>,
}

impl InspectorState {
    /// Drops every typed text, valid or refused, so each field shows the project's value again:
    /// after an undo or a redo, what was typed no longer describes the project on screen.
    pub fn forget_typing(&mut self) {
        self.buffers.clear();
        self.mixed.clear();
    }

    /// Drops the typed text of the stage or link shown before when `prefix` (its merge-key
    /// prefix, `None` for no single item) is another one: a refused entry belongs to the
    /// field it was typed in, and must not greet the user when they come back later.
    pub(super) fn show(&mut self, prefix: Option<String>) {
        if self.shown == prefix {
            return;
        }
        if let Some(old) = &self.shown {
            self.buffers.retain(|key, _| !key.starts_with(old.as_str()));
            self.mixed.retain(|key, _| !key.starts_with(old.as_str()));
        }
        self.new_source_field = None;
        self.shown = prefix;
    }
}

/// What a numeric field shows instead of the project's value.
#[derive(Clone, Debug)]
struct FieldBuffer {
    /// The text as typed.
    text: String,
    /// The project's value when the entry being typed began: where the project goes back to
    /// when the text becomes invalid, so a refused entry is never partly applied (typing
    /// "150" passes through "15", which is valid).
    start_value: f64,
    /// The project's value as this field left it. When the project later holds another value
    /// (undo, or an edit elsewhere), the text is stale and is dropped unless the field is focused.
    project_value: f64,
    /// Why the text is not applied, when it is invalid.
    error: Option<String>,
}

/// A value typed into a [`Form::mixed_ui`] field.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum MixedValue {
    /// A number that passed the field's rule.
    Number(f64),
    /// Text.
    Text(String),
}

/// What the inspector reads besides the project: validation problems and the latest results
/// (absent while the project has errors), with the period the results panel shows.
pub struct Findings<'a> {
    /// Validation problems of the current project.
    pub problems: &'a [Problem],
    /// Latest results, when the project computes.
    pub results: Option<&'a Results>,
    /// The year or period selected in the results panel.
    pub period: Period,
}

/// Width of a numeric text field: room for "410,960,000,000".
const NUMBER_WIDTH: f32 = 120.0;

/// How the project's value is shown in a field of `rule`.
pub(super) fn text_of(rule: Rule, value: f64) -> String {
    if rule.is_whole() {
        // Years read as years: "2030", never "2,030".
        format!("{value:.0}")
    } else {
        number_text(value)
    }
}

/// A number as a field shows it: every digit the value has (up to 12 significant ones, so
/// float noise like 2.2222222222222223 does not show), with thousands separators.
pub(super) fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let shortest = format!("{}", value.abs());
    let (whole, fraction) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let decimals = fraction.len().min(12usize.saturating_sub(whole.len()));
    let text = format::thousands(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A numeric field as drawn: what it edits, how it is labelled and what it accepts, taken
/// from its catalogue entry with the stage's unit and the currency filled in.
pub(super) struct Spec {
    /// Field key: matches validation problems and source notes, and makes the merge key. For a
    /// list item it holds the item's index (`by_products.0.price`).
    pub field: Cow<'static, str>,
    /// Visible label, also the accessible name of the text field.
    pub label: Cow<'static, str>,
    /// Unit shown beside the field.
    pub unit: Cow<'static, str>,
    /// Tooltip: what the figure means and where typical values lie.
    pub help: Cow<'static, str>,
    /// What values are accepted.
    pub rule: Rule,
    /// True for money, which also shows a short reading ("= USD 1.2 bn") beside the field.
    pub money: bool,
}

impl Spec {
    /// The row of `field`, with `units` filled in.
    pub fn of(field: &'static Field, units: &Units<'_>) -> Self {
        Self {
            field: Cow::Borrowed(field.key),
            label: field.label_text(units),
            unit: field.unit_text(units),
            help: field.help_text(units),
            rule: field.rule,
            money: field.money,
        }
    }

    /// The row of `field` for list item number `index` (`by_products.name` becomes
    /// `by_products.0.name`).
    pub fn item(field: &'static Field, units: &Units<'_>, index: usize) -> Self {
        let key = match field.key.split_once('.') {
            Some((list, rest)) => format!("{list}.{index}.{rest}"),
            None => format!("{}.{index}", field.key),
        };
        Self {
            field: Cow::Owned(key),
            ..Self::of(field, units)
        }
    }
}

/// A column of labelled fields for one stage, link or the settings: where edits go, which
/// problems belong to it and how wide the label column is.
pub(super) struct Form<'a> {
    pub state: &'a mut InspectorState,
    pub actions: &'a mut Vec<Action>,
    /// Validation problems of the thing being edited.
    problems: Vec<&'a Problem>,
    /// Source notes keyed by field, added to the tooltips.
    pub sources: Option<&'a BTreeMap<String, String>>,
    /// Prefix of every merge key, e.g. "stage:mine:".
    key_prefix: String,
    /// Money in the project currency, the one every field is typed in.
    base_money: MoneyDisplay,
    /// Money as the window displays it (maybe a local currency), for the hint under big figures.
    display_money: MoneyDisplay,
    /// Width of the label column, so fields line up.
    label_width: f32,
}

impl<'a> Form<'a> {
    /// A form for one stage, link or the settings.
    pub(super) fn new(
        ui: &Ui,
        state: &'a mut InspectorState,
        actions: &'a mut Vec<Action>,
        problems: Vec<&'a Problem>,
        key_prefix: String,
        currency: &Currency,
        display_money: &MoneyDisplay,
    ) -> Self {
        Self {
            state,
            actions,
            problems,
            sources: None,
            key_prefix,
            base_money: MoneyDisplay::base(currency),
            display_money: display_money.clone(),
            label_width: (ui.available_width() * 0.36).clamp(100.0, 170.0),
        }
    }

    pub(super) fn key(&self, field: &str) -> String {
        format!("{}{field}", self.key_prefix)
    }

    fn field_id(key: &str) -> Id {
        Id::unique(("uplift-field", key))
    }

    /// Focuses the field with `key` if it was asked for on the previous frame.
    fn take_focus_request(&mut self, ui: &Ui, key: &str, id: Id) {
        if self.state.focus_next.as_deref() == Some(key) {
            self.state.focus_next = None;
            ui.memory_mut(|memory| memory.request_focus(id));
        }
    }

    /// The tooltip of `field`, with its source note when it has one.
    fn help_text(&self, field: &str, help: &str) -> String {
        match self
            .sources
            .and_then(|sources| sources.get(field))
            .filter(|source| !source.trim().is_empty())
        {
            Some(source) => format!("{help}\n\nSource: {source}"),
            None => help.to_owned(),
        }
    }

    /// The label cell of a row, a fixed width so the fields line up.
    pub(super) fn label_ui(&self, ui: &mut Ui, label: &str, help: &str) -> Response {
        let width = self.label_width;
        ui.allocate_ui_with_layout(
            vec2(width, ui.spacing().interact_size.y),
            Layout::left_to_right(Align::Center),
            |ui| {
                ui.set_min_width(width);
                ui.add(Label::new(label).wrap()).on_hover_text(help)
            },
        )
        .inner
    }

    /// A message under a field, lined up with the fields. An empty `text` keeps the line's
    /// height without drawing anything (a row is at least one widget high either way).
    pub(super) fn message_ui(&self, ui: &mut Ui, text: &str, color: Color32) {
        let indent = self.label_width + ui.spacing().item_spacing.x;
        ui.horizontal_top(|ui| {
            // The same height with or without text, so a note appearing moves nothing.
            ui.set_min_height(ui.spacing().interact_size.y);
            ui.add_space(indent);
            if !text.is_empty() {
                ui.add(Label::new(RichText::new(text).color(color)).wrap());
            }
        });
    }

    /// Validation problems of `field`, in the error or warning colour.
    pub(super) fn problems_ui(&self, ui: &mut Ui, field: &str) {
        for problem in self.problems.iter().filter(|p| p.field == Some(field)) {
            let color = severity_color(ui, problem.severity);
            let text = format!("{}: {}", severity_word(problem.severity), problem.message);
            self.message_ui(ui, &text, color);
        }
    }

    /// How many problems concern a field `in_section` accepts.
    fn problem_count(&self, in_section: &impl Fn(&str) -> bool) -> usize {
        self.problems
            .iter()
            .filter(|p| p.field.is_some_and(in_section))
            .count()
    }

    /// A collapsing section whose header counts the problems of its fields, so a problem in a
    /// closed section is not missed.
    pub(super) fn section_ui(
        &mut self,
        ui: &mut Ui,
        title: &str,
        in_section: impl Fn(&str) -> bool,
        add_contents: impl FnOnce(&mut Ui, &mut Self),
    ) {
        let count = self.problem_count(&in_section);
        let header = if count == 0 {
            RichText::new(title).strong()
        } else {
            RichText::new(format!("{title} · {}", problems_text(count)))
                .strong()
                .color(crate::app::theme::warning_color(ui.visuals()))
        };
        collapsing_ui(ui, ("inspector-section", title), header, |ui| {
            add_contents(ui, self);
        });
    }

    /// A labelled numeric text field. Pushes `edit(value)` when the text parses, passes the
    /// rule and differs from the project; otherwise shows why under the field, with the value
    /// in use, and puts back the value the field had when the entry began.
    pub(super) fn number_ui(
        &mut self,
        ui: &mut Ui,
        spec: &Spec,
        value: f64,
        edit: impl FnOnce(f64) -> Edit,
    ) {
        let help = self.help_text(&spec.field, &spec.help);
        ui.horizontal(|ui| {
            let label = self.label_ui(ui, &spec.label, &help);
            self.number_input_ui(ui, spec, value, (NUMBER_WIDTH, Some(label.id)), edit);
            ui.label(spec.unit.as_ref());
        });
        let key = self.key(&spec.field);
        self.note_ui(ui, spec, &key, value);
        self.problems_ui(ui, &spec.field);
    }

    /// A numeric field `width` wide without a row of its own (a cell of a table of points),
    /// named `spec.label` for assistive technology and checked and applied as
    /// [`Form::number_ui`] does; the refusal, if any, is for the caller to show
    /// ([`Form::refusal_note`]).
    pub(super) fn number_cell_ui(
        &mut self,
        ui: &mut Ui,
        spec: &Spec,
        (value, width): (f64, f32),
        edit: impl FnOnce(f64) -> Edit,
    ) {
        self.number_input_ui(ui, spec, value, (width, None), edit);
    }

    /// Why the text of the cell `spec` is refused and the value in use, when it is.
    pub(super) fn refusal_note(&self, spec: &Spec) -> Option<String> {
        let buffer = self.state.buffers.get(&self.key(&spec.field))?;
        let error = buffer.error.as_deref()?;
        Some(format!(
            "{}: {error}; not applied (in use: {} {}).",
            spec.label,
            text_of(spec.rule, buffer.project_value),
            spec.unit
        ))
    }

    /// The text field of a numeric field, labelled by `label` (or named by its spec), with
    /// its typing kept, checked and applied.
    fn number_input_ui(
        &mut self,
        ui: &mut Ui,
        spec: &Spec,
        value: f64,
        (width, label): (f32, Option<Id>),
        edit: impl FnOnce(f64) -> Edit,
    ) {
        let key = self.key(&spec.field);
        let id = Self::field_id(&key);
        self.take_focus_request(ui, &key, id);
        let focused = ui.memory(|memory| memory.has_focus(id));
        // The project changed under a field nobody is typing in (undo): show its value again.
        if !focused
            && self
                .state
                .buffers
                .get(&key)
                .is_some_and(|buffer| buffer.project_value.to_bits() != value.to_bits())
        {
            self.state.buffers.remove(&key);
        }
        let mut text = self
            .state
            .buffers
            .get(&key)
            .map_or_else(|| text_of(spec.rule, value), |buffer| buffer.text.clone());
        let help = self.help_text(&spec.field, &spec.help);
        let new_entry = focused && whole_text_selected(ui.ctx(), id, &text);
        let response = TextEdit::singleline(&mut text)
            .id(id)
            .desired_width(width)
            .align(egui::Align2::RIGHT_CENTER)
            .show(ui)
            .response
            .response;
        let response = match label {
            Some(label) => response.labelled_by(label),
            None => response.accessible_name(spec.label.as_ref()),
        }
        .on_hover_text(&help);
        if response.changed() {
            self.typed(&key, (spec.rule, new_entry), value, text, edit);
        }
        if response.lost_focus() {
            self.actions.push(Action::EndMerge);
            // A valid entry is shown the project's way again ("2650" → "2,650").
            if self
                .state
                .buffers
                .get(&key)
                .is_some_and(|buffer| buffer.error.is_none())
            {
                self.state.buffers.remove(&key);
            }
        }
    }

    /// Text typed into the numeric field `key`, which showed `value`: valid text is applied
    /// (merged into one undo step per field); invalid text is kept with its reason, and the
    /// project goes back to the value it had when this entry began. An entry begins with the
    /// first keystroke in the field, or with one that replaces its whole text (`new_entry`:
    /// select all, then type), so a value entered whole before stays when the next is refused.
    fn typed(
        &mut self,
        key: &str,
        (rule, new_entry): (Rule, bool),
        value: f64,
        text: String,
        edit: impl FnOnce(f64) -> Edit,
    ) {
        let start_value = self
            .state
            .buffers
            .get(key)
            .filter(|_| !new_entry)
            .map_or(value, |buffer| buffer.start_value);
        let (target, error) = match parse_value(rule, &text) {
            Ok(new_value) => (new_value, None),
            Err(reason) => (start_value, Some(reason)),
        };
        if target.to_bits() != value.to_bits() {
            self.actions
                .push(Action::EditMerging(edit(target), key.to_owned()));
        }
        self.state.buffers.insert(
            key.to_owned(),
            FieldBuffer {
                text,
                start_value,
                project_value: target,
                error,
            },
        );
    }

    /// The line under a numeric field, always there so that the fields below never move
    /// while a value is typed: why the text is refused and the value in use instead, or for
    /// money the figure read short ("= USD 30.0 M"), or nothing.
    fn note_ui(&self, ui: &mut Ui, spec: &Spec, key: &str, value: f64) {
        let refusal = self.state.buffers.get(key).and_then(|buffer| {
            buffer
                .error
                .as_deref()
                .map(|error| (error, buffer.project_value))
        });
        let (note, color) = if let Some((error, in_use)) = refusal {
            // The value the project holds once the refusal has put it back.
            let unit = match spec.unit.as_ref() {
                "" => String::new(),
                "%" => "%".to_owned(),
                unit => format!(" {unit}"),
            };
            (
                format!(
                    "{error}; not applied (in use: {}{unit}).",
                    text_of(spec.rule, in_use)
                ),
                crate::app::theme::error_color(ui.visuals()),
            )
        } else if spec.money && value.abs() >= 1e6 {
            // Long figures are easy to misread by a factor of 1,000; say them short too.
            let hint = if self.display_money.code == self.base_money.code {
                format!("= {}", self.base_money.short(value))
            } else {
                format!(
                    "= {} ≈ {}",
                    self.base_money.short(value),
                    self.display_money.short(value)
                )
            };
            (hint, ui.visuals().weak_text_color())
        } else {
            (String::new(), ui.visuals().weak_text_color())
        };
        self.message_ui(ui, &note, color);
    }

    /// A labelled single-line text field; every change is pushed, merged per field.
    pub(super) fn text_ui(
        &mut self,
        ui: &mut Ui,
        names: (&str, &str),
        help: &str,
        value: &str,
        edit: impl FnOnce(String) -> Edit,
    ) {
        self.text_row_ui(ui, names, help, value, None, edit);
    }

    /// A labelled text field with a button at its end that removes the item it names; returns
    /// true when that button was clicked.
    pub(super) fn text_with_remove_ui(
        &mut self,
        ui: &mut Ui,
        names: (&str, &str),
        help: &str,
        value: &str,
        what: &str,
        edit: impl FnOnce(String) -> Edit,
    ) -> bool {
        self.text_row_ui(ui, names, help, value, Some(what), edit)
    }

    fn text_row_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        value: &str,
        remove: Option<&str>,
        edit: impl FnOnce(String) -> Edit,
    ) -> bool {
        let key = self.key(field);
        let id = Self::field_id(&key);
        self.take_focus_request(ui, &key, id);
        let help = self.help_text(field, help);
        let mut text = value.to_owned();
        let (response, removed) = ui
            .horizontal(|ui| {
                let label = self.label_ui(ui, label, &help);
                // Leave room for the field's frame and the remove button, so nothing spills
                // past the panel's edge.
                let reserve = if remove.is_some() { 36.0 } else { 0.0 } + 8.0;
                let response = TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width((ui.available_width() - reserve).max(60.0))
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(&help);
                let removed = remove.is_some_and(|what| remove_button_ui(ui, what));
                (response, removed)
            })
            .inner;
        self.push_text_change(&response, &key, value, text, edit);
        self.problems_ui(ui, field);
        removed
    }

    /// A multi-line text field under its label (notes, description).
    pub(super) fn multiline_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        value: &str,
        edit: impl FnOnce(String) -> Edit,
    ) {
        let key = self.key(field);
        let id = Self::field_id(&key);
        let mut text = value.to_owned();
        let label = ui.label(label).on_hover_text(help);
        // Long notes scroll inside their own box instead of pushing everything else away.
        let response = egui::ScrollArea::vertical()
            .id_salt(("multiline", key.as_str()))
            .max_height(220.0)
            .show(ui, |ui| {
                TextEdit::multiline(&mut text)
                    .id(id)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(help)
            })
            .inner;
        self.push_text_change(&response, &key, value, text, edit);
    }

    fn push_text_change(
        &mut self,
        response: &Response,
        key: &str,
        old: &str,
        new: String,
        edit: impl FnOnce(String) -> Edit,
    ) {
        if response.changed() && new != old {
            self.actions
                .push(Action::EditMerging(edit(new), key.to_owned()));
        }
        if response.lost_focus() {
            self.actions.push(Action::EndMerge);
        }
    }

    /// A label and a read-only value.
    pub(super) fn read_only_ui(&self, ui: &mut Ui, label: &str, help: &str, value: &str) {
        ui.horizontal(|ui| {
            self.label_ui(ui, label, help);
            // Wrapped, so a long reading never widens the panel past the window's edge.
            ui.add(Label::new(value).wrap()).on_hover_text(help);
        });
    }

    /// A labelled checkbox for an on/off field; a click is one undo step.
    pub(super) fn switch_ui(
        &mut self,
        ui: &mut Ui,
        field: &Field,
        on: bool,
        edit: impl FnOnce(bool) -> Edit,
    ) {
        let help = self.help_text(field.key, field.help);
        let mut checked = on;
        ui.horizontal(|ui| {
            let label = self.label_ui(ui, field.label, &help);
            ui.checkbox(&mut checked, "")
                .labelled_by(label.id)
                .on_hover_text(&help);
        });
        if checked != on {
            self.actions.push(Action::Edit(edit(checked)));
        }
        self.problems_ui(ui, field.key);
    }

    /// A label and a combo box choosing one of `options`; a choice is one undo step.
    pub(super) fn choice_ui<T: Copy + PartialEq>(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        current: T,
        options: &[(T, &str)],
        edit: impl FnOnce(T) -> Edit,
    ) {
        let help = self.help_text(field, help);
        let mut chosen = current;
        let selected_text = options
            .iter()
            .find(|(option, _)| *option == current)
            .map_or("", |(_, text)| *text);
        ui.horizontal(|ui| {
            let label = self.label_ui(ui, label, &help);
            ComboBox::from_id_salt(("inspector-choice", self.key(field)))
                .selected_text(selected_text)
                .show_ui(ui, |ui| {
                    for (option, text) in options {
                        ui.selectable_value(&mut chosen, *option, *text);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(&help);
        });
        if chosen != current {
            self.actions.push(Action::Edit(edit(chosen)));
        }
        self.problems_ui(ui, field);
    }

    /// A labelled field for a value that differs between the stages it edits: empty, with
    /// "mixed" in grey. What is typed is checked by `rule` (text fields: `None`) as it is
    /// typed, and applied to all of them when Enter is pressed or the field is left, as one
    /// undo step; refused text says why and changes nothing.
    pub(super) fn mixed_ui(
        &mut self,
        ui: &mut Ui,
        (field, label, unit): (&str, &str, &str),
        help: &str,
        rule: Option<Rule>,
        edit: impl FnOnce(MixedValue) -> Edit,
    ) {
        let key = self.key(field);
        let id = Self::field_id(&key);
        let (mut text, _) = self.state.mixed.get(&key).cloned().unwrap_or_default();
        let response = ui
            .horizontal(|ui| {
                let label = self.label_ui(ui, label, help);
                let width = if rule.is_some() {
                    NUMBER_WIDTH
                } else {
                    (ui.available_width() - 8.0).max(60.0)
                };
                let response = TextEdit::singleline(&mut text)
                    .id(id)
                    .hint_text("mixed")
                    .desired_width(width)
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(help);
                if !unit.is_empty() {
                    ui.label(unit);
                }
                response
            })
            .inner;
        let parsed = match rule {
            _ if text.trim().is_empty() => None,
            Some(rule) => Some(parse_value(rule, &text).map(MixedValue::Number)),
            None => Some(Ok(MixedValue::Text(text.clone()))),
        };
        let error = parsed.as_ref().and_then(|p| p.as_ref().err().cloned());
        // Esc leaves the field without applying what was typed.
        let escaped = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if response.lost_focus() && escaped {
            self.state.mixed.remove(&key);
            return;
        }
        if response.lost_focus()
            && let Some(Ok(value)) = parsed
        {
            self.actions.push(Action::Edit(edit(value)));
            self.state.mixed.remove(&key);
        } else if text.is_empty() && !response.has_focus() {
            self.state.mixed.remove(&key);
        } else {
            self.state.mixed.insert(key, (text, error.clone()));
        }
        let (note, color) = match error {
            Some(error) => (
                format!("{error}; not applied (the values stay as they are)."),
                crate::app::theme::error_color(ui.visuals()),
            ),
            None if response.has_focus() => (
                "Press Enter to apply to every selected stage.".to_owned(),
                ui.visuals().weak_text_color(),
            ),
            None => (String::new(), ui.visuals().weak_text_color()),
        };
        self.message_ui(ui, &note, color);
        self.problems_ui(ui, field);
    }

    /// Drops typed text of fields whose key starts with `prefix` (after a list item is removed,
    /// the items after it move up and their old text no longer belongs to them).
    pub(super) fn forget_buffers(&mut self, prefix: &str) {
        let prefix = self.key(prefix);
        self.state
            .buffers
            .retain(|key, _| !key.starts_with(&prefix));
    }
}

/// Whether the whole of `text` was selected in the text field `id` as the last frame left it,
/// so that what is typed now replaces all of it.
fn whole_text_selected(ctx: &egui::Context, id: Id, text: &str) -> bool {
    let length = text.chars().count();
    TextEdit::load_state(ctx, id)
        .and_then(|state| state.cursor.char_range())
        .is_some_and(|range| {
            let range = range.as_sorted_char_range();
            length > 0 && range.start.0 == 0 && range.end.0 == length
        })
}

/// "1 problem", "3 problems".
pub(super) fn problems_text(count: usize) -> String {
    if count == 1 {
        "1 problem".to_owned()
    } else {
        format!("{count} problems")
    }
}

/// The severity in words, so a message does not rely on its colour alone.
pub(super) fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    }
}

pub(super) fn severity_color(ui: &Ui, severity: Severity) -> Color32 {
    match severity {
        Severity::Error => crate::app::theme::error_color(ui.visuals()),
        Severity::Warning => crate::app::theme::warning_color(ui.visuals()),
    }
}

/// A small "remove" button with an accessible name saying what it removes.
pub(super) fn remove_button_ui(ui: &mut Ui, what: &str) -> bool {
    ui.add(Button::new("×").small())
        .accessible_name(format!("Remove {what}"))
        .on_hover_text(format!("Remove {what}"))
        .clicked()
}

/// A section that opens and closes with a click on its header, open at first. Unlike egui's
/// `CollapsingHeader`, the header takes no keyboard focus: Tab goes from field to field, and
/// a key meant for a field never lands on a header (where Ctrl+A and Delete would act on the
/// chain instead).
pub(super) fn collapsing_ui(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    header: impl Into<WidgetText>,
    add_contents: impl FnOnce(&mut Ui),
) {
    let id = ui.make_persistent_id(id_salt);
    let indent = ui.spacing().indent;
    let padding = ui.spacing().button_padding;
    let galley = header.into().into_galley(
        ui,
        Some(TextWrapMode::Extend),
        f32::INFINITY,
        TextStyle::Button,
    );
    let size = vec2(ui.available_width(), galley.size().y + 2.0 * padding.y)
        .at_least(ui.spacing().interact_size);
    let (_, rect) = ui.allocate_space(size);
    let response = ui.interact(rect, id, Sense::CLICK);
    let mut state = CollapsingState::load_with_default_open(ui.ctx(), id, true);
    if response.clicked() {
        state.toggle(ui);
    }
    response.widget_info(|| {
        WidgetInfo::labeled(
            egui::accesskit::Role::DisclosureTriangle,
            ui.is_enabled(),
            galley.text(),
        )
    });
    if ui.is_rect_visible(rect) {
        let text_color = ui.style().interact(&response).text_color();
        let (mut icon_rect, _) = ui.spacing().icon_rectangles(rect);
        icon_rect.set_center(pos2(rect.left() + indent / 2.0, rect.center().y));
        let openness = state.openness(ui.ctx());
        paint_default_icon(ui, openness, &response.clone().with_new_rect(icon_rect));
        let text_pos = pos2(
            rect.left() + indent,
            rect.center().y - galley.size().y / 2.0,
        );
        ui.painter().galley(text_pos, galley, text_color);
    }
    state.show_body_indented(&response, ui, add_contents);
}
